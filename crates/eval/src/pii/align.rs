//! Aligns a redactor's output with its input: which input bytes each placeholder replaced.
//!
//! The redactor is a black box `fn(&str) -> String` that keeps text and replaces spans by
//! placeholders such as `[EMAIL]`. The output is read as literal pieces between placeholders;
//! each literal piece is found in the input at the leftmost place after the previous one (the
//! last one is anchored at the end), and each placeholder covers the input between them.

use super::Kind;

/// Input bytes `start..end` were replaced by a placeholder of `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Masked {
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced.
    pub end: usize,
    /// What the placeholder says the text was.
    pub kind: Kind,
}

/// A placeholder in the output: its byte range there and its kind.
struct Placeholder {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Placeholders of `output`, in order.
fn placeholders(output: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = output[from..].find('[').map(|i| from + i) {
        let close = output[open..]
            .char_indices()
            .take(16)
            .find(|&(_, c)| c == ']')
            .map(|(i, _)| open + i);
        match close.and_then(|c| Kind::from_placeholder(&output[open + 1..c]).map(|k| (c, k))) {
            Some((close, kind)) => {
                out.push(Placeholder {
                    start: open,
                    end: close + 1,
                    kind,
                });
                from = close + 1;
            }
            None => from = open + 1,
        }
    }
    out
}

/// The input ranges the placeholders of `output` replaced, or `None` when the output is not
/// the input with spans replaced by placeholders (then the redactor changed something else).
pub fn align(input: &str, output: &str) -> Option<Vec<Masked>> {
    let marks = placeholders(output);
    let first_end = marks.first().map_or(output.len(), |m| m.start);
    let lead = &output[..first_end];
    if !input.starts_with(lead) {
        return None;
    }
    let mut pos = lead.len();
    let mut masked = Vec::new();
    for (i, mark) in marks.iter().enumerate() {
        let lit_end = marks.get(i + 1).map_or(output.len(), |m| m.start);
        let literal = &output[mark.end..lit_end];
        let is_last = i + 1 == marks.len();
        // A placeholder that was already in the input is text, not a mask.
        let token = &output[mark.start..mark.end];
        if input[pos..].starts_with(token) {
            let after = pos + token.len();
            let fits = if is_last {
                &input[after..] == literal
            } else {
                input[after..].starts_with(literal)
            };
            if fits {
                pos = after + literal.len();
                continue;
            }
        }
        let found = if is_last {
            let start = input.len().checked_sub(literal.len())?;
            (start > pos && input.is_char_boundary(start) && input[start..] == *literal)
                .then_some(start)
        } else {
            let skip = pos + input[pos..].chars().next()?.len_utf8();
            input[skip..].find(literal).map(|i| skip + i)
        }?;
        masked.push(Masked {
            start: pos,
            end: found,
            kind: mark.kind,
        });
        pos = found + literal.len();
    }
    (pos == input.len()).then_some(masked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_each_placeholder_replaced() {
        let input = "Hi Maria, call +1 415 555 0134 or mail m@x.io.";
        let output = "Hi [NAME], call [PHONE] or mail [EMAIL].";
        let got = align(input, output).unwrap();
        let texts: Vec<(&str, Kind)> = got
            .iter()
            .map(|m| (&input[m.start..m.end], m.kind))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Maria", Kind::Name),
                ("+1 415 555 0134", Kind::Phone),
                ("m@x.io", Kind::Email)
            ]
        );
    }

    #[test]
    fn placeholders_at_the_ends_and_adjacent_text() {
        let input = "josé@ejemplo.es wrote: Bearer abc.def";
        let output = "[EMAIL] wrote: Bearer [SECRET]";
        let got = align(input, output).unwrap();
        assert_eq!((got[0].start, got[0].end), (0, "josé@ejemplo.es".len()));
        assert_eq!(&input[got[1].start..got[1].end], "abc.def");
    }

    #[test]
    fn a_placeholder_already_in_the_input_is_text() {
        let input = "Dear [NAME], call 555 0134";
        let output = "Dear [NAME], call [PHONE]";
        let got = align(input, output).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(&input[got[0].start..got[0].end], "555 0134");
    }

    #[test]
    fn other_changes_do_not_align() {
        assert!(align("call 555 0134", "call me [PHONE]").is_none());
        assert!(align("abc", "abd").is_none());
        assert!(align("abc", "[NAME]abc").is_none());
        assert_eq!(align("same text", "same text"), Some(vec![]));
    }

    #[test]
    fn unknown_brackets_are_text() {
        let input = "see [docs] and [FOO] for 4111 1111 1111 1111";
        let output = "see [docs] and [FOO] for [CARD]";
        let got = align(input, output).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, Kind::Card);
    }
}
