//! Which way a number under a bound ("below 50 MB", "up to 100 synonyms", "more than 10
//! words") must move for a true/false item's swapped statement to be false.
//!
//! A number swapped for another is false only where the statement pins the value: "XLSX
//! exports hold 100,000 rows" is false with 200,000 and with 50,000. Under a bound one way
//! stays true: "Recording stops if the free space falls below 50 MB" makes "... below 40 MB"
//! true as well (below 40 is below 50), and "If a query has more than 10 words, the words
//! after the 10th are ignored" with 8 in place of 10 is true of every query. Reviewers judged
//! 4 of 52 such false versions keyed wrong (rounds up to 55), against 1 of 41 for numbers
//! with no bound, and called 3 more arguable. Which way is false depends on whether the bound
//! sits in a condition ("if it falls below", "children under 17": any value under the
//! bound qualifies, so a larger bound claims too much) or states a requirement ("must stay
//! below 35 °C": a smaller bound claims too much); where the two readings are equally likely
//! ("requires at least 1.5 GB": necessary or sufficient?), no false version is made and the
//! true one stays a candidate.

use regex::Regex;
use std::sync::OnceLock;

/// Which swapped values leave a false statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Falsify {
    /// The number is pinned: any other value.
    Either,
    /// Only a value larger than the key's.
    Larger,
    /// Only a value smaller than the key's.
    Smaller,
    /// None can be trusted to.
    Neither,
}

/// The kinds of bound a number can stand under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// "up to", "at most", "a maximum of": how much something holds.
    Capacity,
    /// "below", "under", "less than", "... or less".
    Below,
    /// "more than", "over", "above", "exceeds".
    Above,
    /// "at least", "a minimum of", "... or more".
    AtLeast,
    /// "within" (a time or a distance).
    Within,
}

/// Bounds written before the number, longest first where one ends another.
const BEFORE: &[(&str, Bound)] = &[
    ("no more than", Bound::Capacity),
    ("not more than", Bound::Capacity),
    ("up to", Bound::Capacity),
    ("at most", Bound::Capacity),
    ("maximum of", Bound::Capacity),
    ("max of", Bound::Capacity),
    ("no less than", Bound::AtLeast),
    ("not less than", Bound::AtLeast),
    ("at least", Bound::AtLeast),
    ("minimum of", Bound::AtLeast),
    ("min of", Bound::AtLeast),
    ("less than", Bound::Below),
    ("fewer than", Bound::Below),
    ("lower than", Bound::Below),
    ("shorter than", Bound::Below),
    ("smaller than", Bound::Below),
    ("below", Bound::Below),
    ("under", Bound::Below),
    ("more than", Bound::Above),
    ("greater than", Bound::Above),
    ("larger than", Bound::Above),
    ("longer than", Bound::Above),
    ("higher than", Bound::Above),
    ("exceeding", Bound::Above),
    ("exceeds", Bound::Above),
    ("exceed", Bound::Above),
    ("above", Bound::Above),
    ("over", Bound::Above),
    ("within", Bound::Within),
];

/// Bounds written after the number ("2 seconds or more").
const AFTER: &[(&str, Bound)] = &[
    ("or more", Bound::AtLeast),
    ("or longer", Bound::AtLeast),
    ("or higher", Bound::AtLeast),
    ("or greater", Bound::AtLeast),
    ("or above", Bound::AtLeast),
    ("or later", Bound::AtLeast),
    ("and above", Bound::AtLeast),
    ("and up", Bound::AtLeast),
    ("or less", Bound::Below),
    ("or fewer", Bound::Below),
    ("or lower", Bound::Below),
    ("or below", Bound::Below),
    ("or shorter", Bound::Below),
    ("or smaller", Bound::Below),
    ("or earlier", Bound::Below),
];

/// Words that open a condition: a bound after one says which cases qualify.
const CONDITIONS: &[&str] = &[
    "if", "when", "whenever", "once", "unless", "until", "while", "where", "after", "before",
];

/// Words right before a bound that make it a requirement or a state ("must be below").
const COPULAS: &[&str] = &[
    "is", "are", "be", "been", "was", "were", "stay", "stays", "remain", "remains", "kept",
];

/// Which swapped values make `blanked` (a sentence with `_____` where the key `key` stood)
/// false ([`Falsify`]).
pub(crate) fn falsify(blanked: &str, key: &str) -> Falsify {
    let Some((before, after)) = blanked.split_once("_____") else {
        return Falsify::Neither;
    };
    if recurs(key, blanked) {
        return Falsify::Neither;
    }
    let before = before.to_lowercase();
    let before = before.trim_end();
    let after = after.to_lowercase();
    let after = after.trim_start();
    let lead = BEFORE
        .iter()
        .find(|(p, _)| ends_with_words(before, p))
        .map(|(p, b)| (before[..before.len() - p.len()].trim_end(), *b));
    let trail = || {
        AFTER
            .iter()
            .find(|(p, _)| starts_with_words(after, p))
            .map(|(_, b)| (before, *b))
    };
    let Some((head, bound)) = lead.or_else(trail) else {
        return Falsify::Either;
    };
    let condition = in_condition(head);
    let copula = head
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| COPULAS.contains(&w));
    match bound {
        Bound::Capacity => Falsify::Larger,
        Bound::Below if copula && !condition => Falsify::Smaller,
        Bound::Below => Falsify::Larger,
        Bound::Above if copula && !condition => Falsify::Larger,
        Bound::Above => Falsify::Smaller,
        Bound::AtLeast if condition => Falsify::Smaller,
        Bound::AtLeast => Falsify::Neither,
        Bound::Within if condition => Falsify::Larger,
        Bound::Within => Falsify::Smaller,
    }
}

/// The first of `candidates` (numbers, in order of preference) that makes `blanked` false in
/// place of `key`; `None` when none does or the values cannot be read.
pub(crate) fn false_value<'a>(
    blanked: &str,
    key: &str,
    candidates: &'a [String],
) -> Option<&'a str> {
    let way = falsify(blanked, key);
    if way == Falsify::Either {
        return candidates.first().map(String::as_str);
    }
    let k = value(key)?;
    candidates
        .iter()
        .find(|d| match (way, value(d)) {
            (Falsify::Larger, Some(v)) => v > k,
            (Falsify::Smaller, Some(v)) => v < k,
            _ => false,
        })
        .map(String::as_str)
}

/// A quantity's value: digits ([`crate::giveaway::quantity_value`]) or a number word ("five
/// favorites lists").
fn value(text: &str) -> Option<f64> {
    crate::giveaway::quantity_value(text)
        .or_else(|| crate::text::spelled_value(text.split_whitespace().next()?).map(|n| n as f64))
}

/// Whether the clause the bound stands in (lowercase) is a condition: a condition word before it, or a
/// purpose ("To display the shortcuts, hold the button for 1 second or more": any longer hold
/// works too).
fn in_condition(head: &str) -> bool {
    let words: Vec<&str> = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.first() == Some(&"to") || words.iter().any(|w| CONDITIONS.contains(w))
}

/// Whether the key's number appears again in the sentence ("more than 10 words, the words
/// after the 10th are ignored"): a swapped value then contradicts the sentence itself.
fn recurs(key: &str, blanked: &str) -> bool {
    static DIGITS: OnceLock<Regex> = OnceLock::new();
    let digits = DIGITS.get_or_init(|| Regex::new(r"\d[\d,.]*\d|\d").expect("regex"));
    let Some(n) = digits.find(key) else {
        return false;
    };
    let n = n.as_str().replace(',', "");
    let again = blanked.replace("_____", " ");
    digits.find_iter(&again).any(|m| {
        m.as_str().replace(',', "") == n
            && !again[m.end()..].starts_with(|c: char| c.is_ascii_digit())
    })
}

fn ends_with_words(text: &str, phrase: &str) -> bool {
    text.strip_suffix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()))
}

fn starts_with_words(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(blanked: &str, key: &str, ds: &[&str]) -> Option<String> {
        let ds: Vec<String> = ds.iter().map(|d| d.to_string()).collect();
        false_value(blanked, key, &ds).map(str::to_string)
    }

    #[test]
    fn a_bound_in_a_condition_is_falsified_by_claiming_more_cases() {
        let stop = "Recording will stop if the available storage space falls below _____ while recording is in progress.";
        assert_eq!(falsify(stop, "50 MB"), Falsify::Larger);
        assert_eq!(
            pick(stop, "50 MB", &["40 MB", "100 MB"]).as_deref(),
            Some("100 MB")
        );
        assert_eq!(pick(stop, "50 MB", &["40 MB", "10 MB"]), None);
        let error = "If an index contains more than _____ attributes, an error will be thrown.";
        assert_eq!(
            pick(error, "65,536", &["131,072", "58,536"]).as_deref(),
            Some("58,536")
        );
        // A noun's bound is a condition too: children under 7 are children under 17.
        let children = "Children under _____ should be accompanied by an adult.";
        assert_eq!(pick(children, "17", &["7", "21"]).as_deref(), Some("21"));
        let hold = "To display the Accessibility Shortcuts press and hold the Volume button for _____ or more.";
        assert_eq!(
            pick(hold, "1 second", &["2 seconds", "0.5 seconds"]).as_deref(),
            Some("0.5 seconds")
        );
    }

    #[test]
    fn a_capacity_or_a_requirement_is_falsified_by_claiming_too_much() {
        let rules = "Each project includes up to _____ search rules for free.";
        assert_eq!(pick(rules, "3", &["2", "4"]).as_deref(), Some("4"));
        let temp = "The room temperature must stay below _____ during use.";
        assert_eq!(falsify(temp, "35 °C"), Falsify::Smaller);
        let deleted = "All data is deleted within _____, including backups.";
        assert_eq!(
            pick(deleted, "30 days", &["60 days", "7 days"]).as_deref(),
            Some("7 days")
        );
        // One value written with a multiplier compares by its value.
        let tasks = "The queue holds up to _____ at once.";
        assert_eq!(
            pick(tasks, "1M tasks", &["500,000 tasks", "2M tasks"]).as_deref(),
            Some("2M tasks")
        );
    }

    #[test]
    fn a_pinned_number_takes_any_value_and_an_unclear_bound_none() {
        let pinned = "XLSX exports can hold _____ rows.";
        assert_eq!(falsify(pinned, "100,000"), Falsify::Either);
        assert_eq!(
            pick(pinned, "100,000", &["50,000"]).as_deref(),
            Some("50,000")
        );
        // Necessary or sufficient? Either reading is as likely.
        let space =
            "The Timeshift function requires at least _____ of free space on the USB Drive.";
        assert_eq!(falsify(space, "1.5 GB"), Falsify::Neither);
        assert_eq!(pick(space, "1.5 GB", &["3 GB", "1 GB"]), None);
        // The key again in the sentence: any other value contradicts it.
        let words =
            "If a search query includes more than _____, all words after the 10th will be ignored.";
        assert_eq!(falsify(words, "10 words"), Falsify::Neither);
        // "10" in "100" is another number; "over" as a word of its own only.
        let other = "Queries with more than _____ return the first 100 hits.";
        assert_eq!(falsify(other, "10 words"), Falsify::Smaller);
        assert_eq!(falsify("Its turnover _____ a year.", "5"), Falsify::Either);
    }
}
