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

/// The content terms of `text`: lowercase words without stopwords, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty() && !is_stopword(w))
        .map(|w| stem(&w))
        .collect()
}
