//! Content terms: the words of a text that carry its meaning, lower case, without stopwords,
//! lightly stemmed. The tutor's coverage and re-ranking, the quiz's scopes and the gap
//! report's word bursts read text through [`terms`]; the index embeds the docs' terms with
//! the same reading, so a term a question names is found under the same spelling.

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "for",
    "from",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "need",
    "no",
    "not",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "please",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "up",
    "us",
    "use",
    "using",
    "very",
    "want",
    "was",
    "way",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yes",
    "there's",
    "i'm",
    "don't",
    "can't",
    "doesn't",
    "isn't",
    "won't",
    "let",
    "like",
    "make",
    "new",
    "see",
    "still",
    "thing",
    "things",
    "way",
    "anyone",
    "someone",
    "something",
    "possible",
];

/// Whether `w` (lowercase) carries no content.
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// A light suffix-stripping stemmer: enough to match "exports"/"exporting"/"exported".
pub fn stem(w: &str) -> String {
    let n = w.len();
    if !w.is_ascii() || n <= 3 {
        return w.to_string();
    }
    for (suffix, min, repl) in [
        ("ies", 5, "y"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("es", 5, ""),
        ("s", 4, ""),
    ] {
        if n >= min && w.ends_with(suffix) {
            if suffix == "s" && (w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) {
                continue;
            }
            if suffix == "es"
                && !(w.ends_with("ches")
                    || w.ends_with("shes")
                    || w.ends_with("xes")
                    || w.ends_with("sses"))
            {
                continue;
            }
            return format!("{}{}", &w[..n - suffix.len()], repl);
        }
    }
    w.to_string()
}

/// The content terms of `text`: lowercase words without stopwords, stemmed. A word that
/// starts with a digit is read as its runs of digits and of letters, as a quantity and its
/// unit: "60hz" and "60 Hz", "720x400" and "720 x 400", "1440p" and "2560 x 1440" name the
/// same things (customers write them run together, manuals' tables apart; the eleventh blind
/// round's "will 720x400 70hz work" shared no term with its table). A name that starts with a
/// letter ("h264", "ipv6", "mp4") stays whole.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let w = w.trim_matches('\'').to_lowercase();
        if w.starts_with(|c: char| c.is_ascii_digit()) {
            out.extend(
                runs(&w)
                    .into_iter()
                    .filter(|r| !is_stopword(r))
                    .map(str::to_string),
            );
        } else if !w.is_empty() && !is_stopword(&w) {
            out.push(stem(&w));
        }
    }
    out
}

/// `word` cut where digits give way to letters or letters to digits ("720x400" -> 720, x,
/// 400; "2160p" -> 2160, p).
fn runs(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in word.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|p| p != d) {
            out.push(&word[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::terms;

    #[test]
    fn a_quantity_run_into_its_unit_reads_as_both() {
        assert_eq!(
            terms("will 720x400 70hz work"),
            ["720", "x", "400", "70", "hz", "work"]
        );
        assert_eq!(
            terms("Resolution 720 x 400 70 Hz"),
            ["resolution", "720", "x", "400", "70", "hz"]
        );
        assert_eq!(terms("a 65in TV at 2.4GHz"), ["65", "tv", "2", "4", "ghz"]);
        assert_eq!(terms("1440p or 4K"), ["1440", "p", "4", "k"]);
        // Names that start with a letter stay whole; plain numbers too.
        assert_eq!(
            terms("h264 over IPv6 in mp4, 2026"),
            ["h264", "ipv6", "mp4", "2026"]
        );
    }
}
