//! Two-word phrases as keys where no single term is one: noun phrases the scope repeats and
//! the docs name ("primary key", "search queue"), with distractors from the same docs.

/// Words that put a noun phrase after them.
pub(crate) const PHRASE_LEADS: &[&str] = &[
    "the", "a", "an", "your", "each", "every", "its", "their", "of", "with", "by", "using", "via",
    "in", "on", "from", "into", "through",
];

/// Words no phrase key holds: adverbs, modals and the adjectives of order and kind ("the
/// next time", "may differ", "scan for devices again").
pub(crate) const NOT_IN_PHRASES: &[&str] = &[
    "again",
    "often",
    "always",
    "never",
    "also",
    "only",
    "even",
    "still",
    "just",
    "already",
    "may",
    "might",
    "must",
    "can",
    "will",
    "would",
    "should",
    "could",
    "next",
    "last",
    "first",
    "same",
    "other",
    "new",
    "old",
    "many",
    "more",
    "most",
    "few",
    "several",
    "various",
    "different",
    "certain",
    "specific",
    "following",
    "previous",
    "current",
    "existing",
    "additional",
    "overall",
    "such",
    "own",
    "whole",
    "entire",
    "possible",
    "reasons",
    "way",
    "time",
    "times",
    "case",
    "cases",
    "use",
    "example",
    "selected",
    "desired",
    "given",
    "each",
    "every",
    "any",
    "all",
    "some",
    "both",
    "feature",
    "features",
    "function",
    "functions",
];

/// Two-word phrases of lowercase content words in `md` ("master key", "tenant tokens"), with
/// their byte ranges: the terms of prose that marks none. Words in markup, code or bold are
/// left to [`terms`].
pub(crate) fn phrases(md: &str) -> Vec<(usize, usize, String)> {
    phrases_in(md, true)
}

/// [`phrases`]; with `slot` false every pair of content words, wherever it stands (what a
/// chunk uses, counted for [`Memo::phrases`]).
pub(crate) fn phrases_in(md: &str, slot: bool) -> Vec<(usize, usize, String)> {
    static WORDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = WORDS.get_or_init(|| {
        // A link's text counts ("a [bucket sort](...) algorithm"): the docs link a term to
        // where they define it.
        regex::Regex::new(r"(?:^|[\s(\[])([a-z]{3,}) ([a-z]{3,})(?:$|[\s.,;:)\]])").expect("regex")
    });
    let content = |w: &str| {
        !docent_tutor::text::is_stopword(w) && !w.ends_with("ly") && !NOT_IN_PHRASES.contains(&w)
    };
    // A noun phrase stands after a determiner or a preposition ("using the master key") and
    // ends before a word that is not lowercase prose ("the existing functional
    // specifications" goes on: no phrase).
    let lead_ok = |before: &str| {
        let prev = before
            .trim_end_matches('[')
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .trim_start_matches(['(', '['])
            .to_lowercase();
        PHRASE_LEADS.contains(&prev.as_str())
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = re.captures_at(md, at) {
        let (Some(a), Some(b)) = (c.get(1), c.get(2)) else {
            break;
        };
        // Overlapping pairs: the next search starts at the second word.
        at = a.end();
        let rest = &md[b.end()..];
        let goes_on = rest.starts_with(' ')
            && rest[1..].starts_with(|ch: char| ch.is_ascii_lowercase())
            && rest[1..]
                .split(|ch: char| !ch.is_alphanumeric())
                .next()
                .is_some_and(|w| !docent_tutor::text::is_stopword(w));
        if content(a.as_str())
            && content(b.as_str())
            && (!slot || (lead_ok(&md[..a.start()]) && !goes_on))
        {
            out.push((a.start(), b.end(), format!("{} {}", a.as_str(), b.as_str())));
        }
    }
    out
}
