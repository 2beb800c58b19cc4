//! Fenced code blocks of Markdown (```` ``` ```` or `~~~`): where each one opens and closes, so
//! the chunker can keep an example whole and the heading scan can skip code.
//!
//! Follows CommonMark where it matters here: a fence is three or more backticks or tildes at the
//! start of a line (indentation allowed, as inside list items); the block ends at a line of only
//! the same character, at least as many of them; an unclosed block runs to the end of the text.

/// One fenced code block of a text, as byte offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fence {
    /// Start of the opening fence line (its indentation included).
    pub start: usize,
    /// Where the code begins: just past the opening fence line's newline.
    pub body: usize,
    /// Start of the closing fence line, or the text's end when the block is unclosed.
    pub close: usize,
    /// End of the block: the closing fence line's end (newline excluded), or the text's end.
    pub end: usize,
    /// The opening fence line as written, newline excluded (```` ```bash cURL ````).
    pub open_line: String,
    /// The closing fence line as written, newline excluded; for an unclosed block, the opening
    /// fence's indentation and marker (what would close it).
    pub close_line: String,
    /// True when the text closes the block.
    pub closed: bool,
}

/// `text` with `prose` applied to every stretch outside fenced code blocks, the blocks kept as
/// written.
pub(crate) fn outside_code(text: &str, prose: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &fences(text) {
        out.push_str(&prose(&text[at..f.start]));
        out.push_str(&text[f.start..f.end]);
        at = f.end;
    }
    out.push_str(&prose(&text[at..]));
    out
}

/// The fenced code blocks of `text`, in order.
pub(crate) fn fences(text: &str) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, String, char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        let trimmed = bare.trim();
        match &open {
            None => {
                if let Some((ch, n)) = marker(trimmed) {
                    let info = &trimmed[n..];
                    // A backtick fence's info string holds no backtick (CommonMark), so inline
                    // code such as ```` ```x``` ```` on one line opens nothing.
                    if ch == '`' && info.contains('`') {
                        continue;
                    }
                    open = Some((start, offset, bare.to_string(), ch, n));
                }
            }
            Some((fstart, body, open_line, ch, n)) => {
                let closes = trimmed.len() >= *n && trimmed.chars().all(|c| c == *ch);
                if closes {
                    out.push(Fence {
                        start: *fstart,
                        body: *body,
                        close: start,
                        end: start + bare.len(),
                        open_line: open_line.clone(),
                        close_line: bare.to_string(),
                        closed: true,
                    });
                    open = None;
                }
            }
        }
    }
    if let Some((fstart, body, open_line, ch, n)) = open {
        let indent = &open_line[..open_line.len() - open_line.trim_start().len()];
        let end = text.trim_end().len().max(body.min(text.len()));
        out.push(Fence {
            start: fstart,
            body: body.min(text.len()),
            close: text.len(),
            end,
            close_line: format!("{indent}{}", ch.to_string().repeat(n)),
            open_line,
            closed: false,
        });
    }
    out
}

/// The fence character and its run length when `trimmed` opens a fence.
fn marker(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = trimmed.chars().take_while(|c| *c == ch).count();
    (n >= 3).then_some((ch, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_open_and_close_on_matching_fences() {
        let text = "Intro:\n\n```bash cURL\ncurl x\n```\n\nMid.\n\n  ~~~~\n  ~~~\n  code\n  ~~~~\n";
        let f = fences(text);
        assert_eq!(f.len(), 2);
        assert_eq!(&text[f[0].start..f[0].end], "```bash cURL\ncurl x\n```");
        assert_eq!(f[0].open_line, "```bash cURL");
        assert_eq!(&text[f[0].body..f[0].close], "curl x\n");
        // A shorter run of the same character does not close a longer fence.
        assert_eq!(&text[f[1].body..f[1].close], "  ~~~\n  code\n");
        assert_eq!(f[1].close_line, "  ~~~~");
        assert!(f.iter().all(|b| b.closed));
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end_and_inline_code_opens_nothing() {
        let text = "```x``` is inline code.\n\n```json\n{\"a\": 1}\n\n";
        let f = fences(text);
        assert_eq!(f.len(), 1);
        assert!(!f[0].closed);
        assert_eq!(&text[f[0].start..f[0].end], "```json\n{\"a\": 1}");
        assert_eq!(f[0].close_line, "```");
        // A closing line with an info string is code, not a closing fence.
        let f = fences("```\na\n```js\nb\n```\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].close, "```\na\n```js\nb\n".len());
    }
}
