//! Citation verification for generated text: a sentence is kept only when a retrieved span
//! supports it. Support is lexical and strict on facts: most of the sentence's content terms
//! must occur in the span, and every number in the sentence must occur there too (a wrong limit
//! or price is the citation error users notice first).
//!
//! Proves (see tests): 1. a paraphrase of the span is supported; 2. a sentence with a number
//! the span does not state is not; 3. an unrelated sentence is not; 4. the best span of a chunk
//! is the unit that supports the sentence most.

use std::collections::HashSet;

use crate::text::{terms, Unit};

/// Share of content terms a supported sentence must find in its source.
pub const MIN_SUPPORT: f32 = 0.6;

fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|n| n.trim_matches(|c| c == '.' || c == ',').replace(',', ""))
        .filter(|n| n.chars().any(|c| c.is_ascii_digit()))
        .collect()
}

/// Share of `sentence`'s content terms found in `source` (1.0 for a sentence without any).
pub fn support(sentence: &str, source: &str) -> f32 {
    let s: HashSet<String> = terms(sentence).into_iter().collect();
    if s.is_empty() {
        return 1.0;
    }
    let src: HashSet<String> = terms(source).into_iter().collect();
    let nums = numbers(source);
    if numbers(sentence).iter().any(|n| !nums.contains(n)) {
        return 0.0;
    }
    s.iter().filter(|t| src.contains(*t)).count() as f32 / s.len() as f32
}

/// Whether `source` supports `sentence`.
pub fn supported(sentence: &str, source: &str) -> bool {
    support(sentence, source) >= MIN_SUPPORT
}

/// The unit of `chunk` that best supports `sentence`: its byte range and support. A window of
/// two neighbouring units is tried too, since a sentence may merge two of them.
pub fn best_span(sentence: &str, chunk: &str, units: &[Unit]) -> Option<(usize, usize, f32)> {
    let mut best: Option<(usize, usize, f32)> = None;
    for (i, u) in units.iter().enumerate() {
        // A window of two units must do clearly better than one unit to be chosen.
        let mut spans = vec![(u.start, u.end, 0.0)];
        if let Some(next) = units.get(i + 1) {
            spans.push((u.start, next.end, 0.1));
        }
        for (s, e, penalty) in spans {
            let sup = support(sentence, &chunk[s..e]);
            let better = best.is_none_or(|b| sup - penalty > b.2 + 1e-6);
            if better {
                best = Some((s, e, sup - penalty));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::units;

    const SRC: &str =
        "CSV exports can hold up to 1,000,000 rows. Download links stay valid for 7 days.";

    #[test]
    fn paraphrase_is_supported() {
        assert!(supported("Download links are valid for 7 days.", SRC));
        assert!(supported("A CSV export holds up to 1,000,000 rows.", SRC));
    }

    #[test]
    fn wrong_numbers_and_unrelated_claims_are_not() {
        assert!(!supported("Download links stay valid for 30 days.", SRC));
        assert!(!supported("CSV exports hold up to 5,000,000 rows.", SRC));
        assert!(!supported("You can pay invoices by bank transfer.", SRC));
    }

    #[test]
    fn best_span_is_the_supporting_sentence() {
        let us = units(SRC);
        let (s, e, sup) = best_span("Links stay valid for 7 days.", SRC, &us).unwrap();
        assert_eq!(&SRC[s..e], "Download links stay valid for 7 days.");
        assert!(sup >= MIN_SUPPORT);
    }
}
