//! Whether an item of a query scope is on the scope, as a reviewer reads it.
//!
//! Blind reviewers judged 1,104 distinct items of query scopes over the TV manual, the
//! Meilisearch docs and the sample (the rounds of 2026-12-01 on in `evals/judged/`; 65% on
//! scope, 43% kept), every one of which had passed the generator's rules. A logistic model
//! reads four numbers per item: the cosine of the scope's text with the item's statement and
//! with the title and headings it sits under, and the share of the scope's words (stems,
//! [`stems`]) the statement and the headings hold ([`crate::scope::word_share`]).
//! Fitted with 5 folds by scope line (`scripts/quiz_on_scope.py`, README "Measured"): held-out
//! AUROC 0.794 (folds 0.71-0.88); at [`ON_SCOPE_FLOOR`] 844 items are left, 0.76 of them on
//! scope and 0.50 kept, against 0.65 and 0.43 before (54 of 474 kept items lost).

/// Stop words the scope-word share ignores.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "as",
    "is", "are", "be", "how", "what", "when", "which", "who", "why", "your", "you", "can", "do",
    "does", "it", "its", "this", "that", "these", "those", "their", "there", "about", "into",
    "over", "under", "between", "vs", "versus", "using", "use", "used", "via", "per", "not", "no",
];

/// Content words of `text` as crude stems: lower-case ASCII letter and digit runs of two or
/// more characters that are not stop words, cut to their first five characters ("exporting"
/// and "exports" are both "expor").
pub fn stems(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| w.len() > 1 && !STOP.contains(w))
        .map(|w| w[..w.len().min(5)].to_string())
        .collect()
}

/// What the model reads of one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Cosine of the scope's text with the item's statement.
    pub statement: f32,
    /// Cosine of the scope's text with the item's title and headings.
    pub heading: f32,
    /// Share of the scope's stems the statement holds.
    pub statement_words: f32,
    /// Share of the scope's stems the title and headings hold.
    pub heading_words: f32,
}

/// A logistic model over [`Evidence`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    /// Bias.
    pub bias: f32,
    /// Weights of statement, heading, statement words, heading words.
    pub weights: [f32; 4],
}

impl Model {
    /// The probability that a reviewer reads the item as on the scope.
    pub fn probability(&self, e: Evidence) -> f32 {
        let x = [e.statement, e.heading, e.statement_words, e.heading_words];
        let s = self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>();
        1.0 / (1.0 + (-s).exp())
    }
}

/// The model fitted on all judged items (`scripts/quiz_on_scope.py`).
pub const FITTED: Model = Model {
    bias: -1.7412,
    weights: [1.6415, 2.0973, 0.5702, 1.4158],
};

/// Items of a query scope less likely on it than this are left out: more likely off the scope
/// than on it.
pub const ON_SCOPE_FLOOR: f32 = 0.5;

#[cfg(test)]
mod tests {
    //! Proves: stems drop stop words and cut words to five characters; the share counts the
    //! scope's stems found; the model rises with every kind of evidence and the fitted one
    //! keeps an item whose statement and headings are about the scope and drops one whose
    //! neither is.
    use super::*;
    use crate::scope::word_share;
    use std::collections::HashSet;

    fn stem_share(want: &[String], text: &str) -> f32 {
        word_share(want, &stems(text).into_iter().collect::<HashSet<_>>())
    }

    #[test]
    fn stems_drop_stop_words_and_cut_words() {
        assert_eq!(
            stems("Exporting reports to CSV: how it works"),
            ["expor", "repor", "csv", "works"]
        );
        assert_eq!(
            stems("HDMI-CEC (Anynet+) on a TV"),
            ["hdmi", "cec", "anyne", "tv"]
        );
    }

    #[test]
    fn the_share_counts_the_scopes_stems_found() {
        let want = stems("exporting reports");
        assert_eq!(stem_share(&want, "Export a report as CSV"), 1.0);
        assert_eq!(stem_share(&want, "Create a report"), 0.5);
        assert_eq!(stem_share(&want, "Invite teammates"), 0.0);
        assert_eq!(stem_share(&[], "anything"), 0.0);
    }

    #[test]
    fn the_fitted_model_keeps_items_about_the_scope_and_drops_others() {
        let on = Evidence {
            statement: 0.6,
            heading: 0.6,
            statement_words: 0.5,
            heading_words: 1.0,
        };
        let off = Evidence {
            statement: 0.15,
            heading: 0.1,
            statement_words: 0.0,
            heading_words: 0.0,
        };
        assert!(FITTED.probability(on) >= ON_SCOPE_FLOOR);
        assert!(FITTED.probability(off) < ON_SCOPE_FLOOR);
        for bump in [
            Evidence {
                statement: 0.3,
                ..off
            },
            Evidence {
                heading: 0.3,
                ..off
            },
            Evidence {
                statement_words: 0.5,
                ..off
            },
            Evidence {
                heading_words: 0.5,
                ..off
            },
        ] {
            assert!(FITTED.probability(bump) > FITTED.probability(off));
        }
    }
}
