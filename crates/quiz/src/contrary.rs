//! Contraries: a statement made false by one word turned into its opposite ("becomes darker"
//! -> "becomes brighter", "turns off" -> "turns on"), the false version of a true/false item
//! that a reader can check against the sentence it comes from.

use std::sync::OnceLock;

use regex::Regex;

use crate::text::upper_first;

/// Pairs of words of which one states the opposite of the other.
/// Not "automatically"/"manually" nor "start"/"stop": judged blind, false statements made so
/// were kept 4 of 17 and 0 of 5 times ("the TV manually accesses the Internet" gives itself
/// away: nothing in a manual is done by hand on its own; "the recording starts" for "stops"
/// reads as a riddle).
const CONTRARIES: &[(&str, &str)] = &[
    ("darker", "brighter"),
    ("enable", "disable"),
    ("enables", "disables"),
    ("enabled", "disabled"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("higher", "lower"),
    ("shown", "hidden"),
    ("visible", "hidden"),
    ("included", "excluded"),
    ("include", "exclude"),
    ("ascending", "descending"),
    ("faster", "slower"),
];

/// Pairs a statement's own words may not turn into each other (its false version for
/// [`statement`]): "a tutorial on using Bixby is hidden" and "finished tasks remain hidden"
/// read as nonsense, not as a claim (round 66: 0 of 4 kept); "Common causes exclude
/// extraneous commas" is no claim anyone makes.
const NOT_IN_STATEMENTS: &[&str] = &[
    "shown", "hidden", "visible", "include", "includes", "included", "exclude", "excluded",
];

fn word_re() -> &'static Regex {
    static WORD: OnceLock<Regex> = OnceLock::new();
    WORD.get_or_init(|| Regex::new(r"[A-Za-z]+").expect("regex"))
}

/// The contrary of `l` (lowercase) from [`CONTRARIES`].
fn contrary_of(l: &str) -> Option<&'static str> {
    CONTRARIES.iter().find_map(|(a, b)| {
        if l == *a {
            Some(*b)
        } else if l == *b {
            Some(*a)
        } else {
            None
        }
    })
}

/// `text` with its first word that has a contrary swapped for it ("turns off" -> "turns on"
/// after "turn" or "switch"; the pairs of [`CONTRARIES`]), in the word's case; None where no
/// word has one. A word inside a hyphenated one ("re-enabled") stays.
pub(crate) fn swap_first(text: &str) -> Option<String> {
    let mut prev = String::new();
    for found in word_re().find_iter(text) {
        let (start, w) = (found.start(), found.as_str());
        let l = w.to_lowercase();
        let turned = matches!(
            prev.as_str(),
            "turn" | "turns" | "turned" | "switch" | "switches" | "switched"
        );
        prev = l.clone();
        if text[..start].ends_with('-') || text[found.end()..].starts_with('-') {
            continue;
        }
        let other = if turned && l == "on" {
            Some("off")
        } else if turned && l == "off" {
            Some("on")
        } else {
            contrary_of(&l)
        };
        if let Some(o) = other {
            let o = if w.starts_with(char::is_uppercase) {
                upper_first(o)
            } else {
                o.to_string()
            };
            return Some(format!("{}{o}{}", &text[..start], &text[start + w.len()..]));
        }
    }
    None
}

/// Words after which "enabled" or "disabled" states a state ("is enabled by default"), not a
/// kind of thing ("each enabled filter feature requires ...": turned, the sentence
/// contradicts itself).
const STATE_VERBS: &[&str] = &[
    "is",
    "are",
    "be",
    "been",
    "being",
    "was",
    "were",
    "remains",
    "remain",
    "stays",
    "stay",
    "gets",
    "get",
    "becomes",
    "become",
    "automatically",
    "then",
    "now",
];

/// Who an "enable" makes able ("enables you to find documents"): there it means "lets", and
/// "disables you to find" is no English.
const ENABLED_ONES: &[&str] = &[
    "you",
    "users",
    "them",
    "us",
    "developers",
    "teams",
    "customers",
    "people",
    "anyone",
    "to",
];

/// The false version of a plain statement: its first word with a contrary swapped
/// ([`swap_first`]), where that reads as a claim someone could believe.
///
/// None when the statement names both words of a pair ("one for ascending sort and one for
/// descending sort": swapped, it says the same; round 66 judged such a key wrong), names both
/// "on" and "off", holds a word of [`NOT_IN_STATEMENTS`], puts "enabled"/"disabled" before a
/// noun, uses "enable" for "let", or correlates two comparatives ("The more memory ..., the
/// faster ...": the contrary is absurd; round 66 kept none of 3).
pub(crate) fn statement(sentence: &str) -> Option<String> {
    let found: Vec<(usize, usize, String)> = word_re()
        .find_iter(sentence)
        .map(|w| (w.start(), w.end(), w.as_str().to_lowercase()))
        .collect();
    let has = |x: &str| found.iter().any(|(_, _, w)| w == x);
    if NOT_IN_STATEMENTS.iter().any(|w| has(w)) || has("on") && has("off") {
        return None;
    }
    if CONTRARIES.iter().any(|(a, b)| has(a) && has(b)) {
        return None;
    }
    if let Some((_, _, first)) = found.first() {
        let second = found.get(1).map(|x| x.2.as_str()).unwrap_or("");
        if first == "the" && matches!(second, "more" | "fewer" | "less" | "higher" | "lower") {
            return None;
        }
    }
    for (i, (_, end, w)) in found.iter().enumerate() {
        let prev = if i > 0 { found[i - 1].2.as_str() } else { "" };
        let next = found.get(i + 1).map(|x| x.2.as_str()).unwrap_or("");
        let attributive = matches!(w.as_str(), "enabled" | "disabled")
            && !STATE_VERBS.contains(&prev)
            && !sentence[*end..].starts_with(['.', ',', ';', ':', ')'])
            && next != "by";
        let lets = matches!(w.as_str(), "enable" | "enables") && ENABLED_ONES.contains(&next);
        if attributive || lets {
            return None;
        }
    }
    // A word a parenthesis glosses ("descending (`desc`)") keeps its gloss: swapped, the two
    // disagree and give the falsehood away.
    if found.iter().any(|(_, end, w)| {
        contrary_of(w).is_some() && sentence[*end..].trim_start().starts_with('(')
    }) {
        return None;
    }
    swap_first(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_turns_false_by_one_contrary_that_reads_as_a_claim() {
        assert_eq!(
            statement("Exact counts are faster to compute.").as_deref(),
            Some("Exact counts are slower to compute.")
        );
        assert_eq!(
            statement("The endpoint is disabled by default.").as_deref(),
            Some("The endpoint is enabled by default.")
        );
        assert_eq!(
            statement("The proximity rule makes documents with close terms rank higher.")
                .as_deref(),
            Some("The proximity rule makes documents with close terms rank lower.")
        );
        for no in [
            // Both words of a pair: swapped, the same claim.
            "Meilisearch supports two types of custom rules: one for ascending sort and one for descending sort.",
            "Lower numeric values take precedence over higher ones.",
            // Nonsense or no claim once turned.
            "A tutorial on using Bixby is shown.",
            "Common causes include extraneous commas.",
            "Each enabled filter feature requires additional data structures.",
            "Foreign filters enable you to find documents in other indexes.",
            "The more memory and cores available, the faster Meilisearch indexes.",
            "The TV will turn off and on automatically after the update.",
            "Sort in descending (desc) order.",
        ] {
            assert_eq!(statement(no), None, "{no}");
        }
    }

    #[test]
    fn a_word_inside_a_hyphenated_one_is_no_contrary() {
        assert_eq!(swap_first("all filter features are re-enabled"), None);
        assert_eq!(
            swap_first("the TV turns off").as_deref(),
            Some("the TV turns on")
        );
    }
}
