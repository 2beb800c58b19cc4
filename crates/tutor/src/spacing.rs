//! A question's numbers written as people type them and as the docs print them. People glue a
//! number to its unit or write a resolution as one word ("will 720x400 70hz work?"); docs
//! print "720 x 400" and "70 Hz" (and sometimes "100mb" glued). Term coverage already reads
//! the pieces ([`crate::text::terms`] cuts digit runs), but search does not: its tokenizer
//! keeps "70hz" one word, and the question's vector reads it as one. So retrieval searches
//! with both forms and embeds the docs' form.

/// `question` with each number glued to its unit ("70hz") or resolution ("1366x768") written
/// apart ("70 hz", "1366 x 768"): the form the docs print, for the question's vector. A unit
/// of one letter ("1080p", "4k") is left as written: the glued form is the usual one. `None`
/// when nothing changes.
pub fn spaced(question: &str) -> Option<String> {
    rewrite(question, |_, parts| parts.join(" "))
}

/// `question` with each glued number and unit followed by its pieces ("70hz 70 hz"): the
/// words search looks for, whichever way the docs print it. `None` when nothing changes.
pub fn with_pieces(question: &str) -> Option<String> {
    rewrite(question, |word, parts| {
        format!("{word} {}", parts.join(" "))
    })
}

/// `question` with each glued word that [`split`] cuts written by `write(word, pieces)`.
fn rewrite(question: &str, write: impl Fn(&str, &[&str]) -> String) -> Option<String> {
    let mut out = String::with_capacity(question.len() + 8);
    let mut changed = false;
    let mut rest = question;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        out.push_str(&rest[..start]);
        let word_end = rest[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(rest.len(), |e| start + e);
        let word = &rest[start..word_end];
        match split(word) {
            Some(parts) => {
                out.push_str(&write(word, &parts));
                changed = true;
            }
            None => out.push_str(word),
        }
        rest = &rest[word_end..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The pieces of a number glued to its unit ("70hz": "70", "hz") or of a resolution
/// ("720x400": "720", "x", "400"); `None` for any other word.
fn split(word: &str) -> Option<Vec<&str>> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits == word.len() {
        return None;
    }
    let (number, tail) = word.split_at(digits);
    if let Some(second) = tail.strip_prefix(['x', 'X']) {
        if !second.is_empty() && second.bytes().all(|b| b.is_ascii_digit()) {
            return Some(vec![number, &tail[..1], second]);
        }
    }
    let unit_is_letters = tail.bytes().all(|b| b.is_ascii_alphabetic());
    (unit_is_letters && tail.len() >= 2).then(|| vec![number, tail])
}

#[cfg(test)]
mod tests {
    //! Proves: a number glued to its unit and a resolution are written apart for the vector and
    //! kept beside their pieces for search; a one-letter unit and a word that starts with
    //! letters ("ipv6", "mp3") are left as written.
    use super::*;

    #[test]
    fn a_glued_unit_and_a_resolution_read_as_the_docs_print_them() {
        assert_eq!(
            spaced("will 720x400 70hz work from my old pc").as_deref(),
            Some("will 720 x 400 70 hz work from my old pc")
        );
        assert_eq!(
            with_pieces("Is 1366X768 at 60Hz fine?").as_deref(),
            Some("Is 1366X768 1366 X 768 at 60Hz 60 Hz fine?")
        );
        assert_eq!(
            spaced("Is 16gb of RAM enough?").as_deref(),
            Some("Is 16 gb of RAM enough?")
        );
    }

    #[test]
    fn other_words_stay_as_written() {
        assert_eq!(spaced("Does it play 1080p or 4k?"), None);
        assert_eq!(spaced("Does it support ipv6 and mp3?"), None);
        assert_eq!(with_pieces("How do I reset it after 5 minutes?"), None);
    }
}
