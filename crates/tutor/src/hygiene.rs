//! What may stand in an answer: predicates the composer applies to quotable units and the
//! tutor to candidates. All are about the shape of documentation in general, never about one
//! document:
//!
//! - a heading-like fragment (a few words, no sentence punctuation) or a page's intro sentence
//!   ("This guide explains ...") is never an answer on its own;
//! - a sentence that only restates the question (a troubleshooting table's problem, an FAQ's
//!   question) is followed by what comes after it, which is the answer;
//! - a chunk that begins inside a sentence (a split of the chunker) does not start an answer
//!   with that fragment;
//! - pages about other products (comparisons, migration guides) do not answer questions about
//!   this product unless the question names the other product.
//!
//! Proves (see tests): each predicate on typical documentation text, both ways.

use std::collections::HashSet;

use crate::confidence::TermWeights;
use crate::text::terms;

/// True for a page's or section's introduction: it announces content instead of giving it.
pub fn is_intro(text: &str) -> bool {
    let t = text.trim_start_matches(['*', '_', ' ']).to_lowercase();
    const OPENERS: [&str; 14] = [
        "this guide ",
        "this page ",
        "this article ",
        "this section ",
        "this tutorial ",
        "this document ",
        "this chapter ",
        "this reference ",
        "in this guide",
        "in this tutorial",
        "in this article",
        "in this section",
        "the following sections ",
        "read this information ",
    ];
    const VERBS: [&str; 4] = [
        "learn about ",
        "learn how ",
        "view descriptions ",
        "see how to ",
    ];
    OPENERS.iter().any(|o| t.starts_with(o)) || VERBS.iter().any(|v| t.starts_with(v))
}

/// True for a heading-like fragment: at most six words and no sentence punctuation.
pub fn is_heading_like(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['*', '_', '`']);
    let words = t.split_whitespace().count();
    words <= 6 && !t.ends_with(['.', '!', '?', ':', ')'])
}

/// True when a unit with content terms `unit` says little beyond the question's terms `q`:
/// most of its terms are the question's, and it is short.
pub fn restates(unit: &HashSet<String>, q: &HashSet<String>) -> bool {
    if unit.is_empty() || unit.len() > 10 {
        return false;
    }
    let shared = unit.iter().filter(|t| q.contains(*t)).count();
    shared * 10 >= unit.len() * 6 && shared >= 2
}

/// True when `text` begins inside a sentence: a lowercase letter or a stray mark
/// ("'s software ...", ", and then ...").
pub fn starts_mid_sentence(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, '\'' | ',' | ';' | '.' | ')'))
}

/// True for a page about other products: a comparison ("X vs Y", "alternatives") or a
/// migration guide, by its title or id.
pub fn is_about_other_products(title: &str, doc_id: &str) -> bool {
    let t = format!(" {} ", title.to_lowercase());
    let id = doc_id.to_lowercase();
    t.contains(" vs ")
        || t.contains(" vs. ")
        || t.contains(" versus ")
        || t.contains(" compared ")
        || t.contains("comparison")
        || t.contains("alternatives")
        || t.contains(" migrat")
        || id.contains("comparison")
        || id.contains("migration")
}

/// True when the question names a distinctive term of `title` (one in under a tenth of the
/// chunks: another product's name, not this one's).
pub fn names_title_term(question: &[String], title: &str, w: &TermWeights) -> bool {
    let rare = w.idf_of_share(0.1);
    terms(title)
        .iter()
        .any(|t| question.contains(t) && w.idf(t) >= rare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intros_and_headings() {
        assert!(is_intro(
            "This guide explains the differences between the master key and API keys."
        ));
        assert!(is_intro("Learn about the buttons on the remote."));
        assert!(!is_intro("The master key grants access to every route."));
        assert!(is_heading_like("Updating the TV automatically"));
        assert!(!is_heading_like("Turn on Auto Update."));
        assert!(starts_mid_sentence("'s software, remotely"));
        assert!(!starts_mid_sentence("Reset the router."));
    }

    #[test]
    fn restatements_and_other_products() {
        let q: HashSet<String> = terms("Anynet+ does not work, what can I do?")
            .into_iter()
            .collect();
        let problem: HashSet<String> = terms("Anynet+ does not work.").into_iter().collect();
        let fix: HashSet<String> = terms(
            "Check that the device is an Anynet+ device and turn on Anynet+ in the settings.",
        )
        .into_iter()
        .collect();
        assert!(restates(&problem, &q));
        assert!(!restates(&fix, &q));
        assert!(is_about_other_products(
            "Meilisearch vs Algolia",
            "resources/comparisons/algolia"
        ));
        assert!(is_about_other_products("Migrating from Qdrant", "x"));
        assert!(!is_about_other_products(
            "Filter search results",
            "capabilities/filtering"
        ));
    }
}
