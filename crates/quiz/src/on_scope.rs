//! Whether an item of a query scope is on the scope, as a reviewer reads it.
//!
//! Blind reviewers judged 1,317 distinct items of query scopes over the TV manual, the
//! Meilisearch docs and the sample (the rounds of 2026-12-01 on in `evals/judged/`; 64% on
//! scope, 43% kept). A logistic model reads four numbers per item: the cosine of the scope's
//! text with the item's statement and with the title and headings it sits under, and the
//! share of the scope's words (stems, [`stems`]) the statement and the headings hold, each
//! word weighted by how rare it is in the docs ([`idf_weights`], [`weighted_share`]): a scope
//! "configuring Mistral and Gemini embedders" is about Mistral and Gemini, which few chunks
//! name, more than about embedders, which the OpenAI and Cohere pages name too.
//! Fitted with 5 folds by scope line (`scripts/quiz_on_scope.py`, evals/MEASURED.md): held-out
//! AUROC 0.820 (folds 0.76-0.86; 0.800 with every word weighing the same); fitted on the
//! rounds up to 48 and tested on the 213 items judged after them, 0.828 against 0.800. At
//! [`ON_SCOPE_FLOOR`] 973 of the 1,317 items are left, 0.77 of them on scope and 0.51 kept
//! (985, 0.75 and 0.50 with equal weights).

use std::collections::{HashMap, HashSet};

use docent_core::{Chunk, DocKind};

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

/// The weight of each of `want` (stems): its inverse document frequency over the doc chunks of
/// `chunks`, `ln((n + 1) / (df + 0.5))`, and 0 for a stem no doc chunk holds (a word the docs
/// never use says nothing about which of their statements is on the scope).
pub fn idf_weights(want: &[String], chunks: &[Chunk]) -> Vec<f32> {
    let wanted: HashSet<&str> = want.iter().map(String::as_str).collect();
    let mut df: HashMap<&str, u32> = HashMap::new();
    let mut n = 0u32;
    for c in chunks.iter().filter(|c| c.kind == DocKind::Doc) {
        n += 1;
        // Each wanted stem once per chunk, however often the chunk uses it.
        let held: HashSet<&str> = stems(&c.text)
            .iter()
            .filter_map(|s| wanted.get(s.as_str()).copied())
            .collect();
        for w in held {
            *df.entry(w).or_default() += 1;
        }
    }
    want.iter()
        .map(|w| match df.get(w.as_str()) {
            Some(d) => ((n as f32 + 1.0) / (*d as f32 + 0.5)).ln(),
            None => 0.0,
        })
        .collect()
}

/// The share of `want` (stems, with their [`idf_weights`]) that `have` holds, by weight; 0
/// when no stem of `want` weighs anything.
pub fn weighted_share(want: &[String], weights: &[f32], have: &HashSet<String>) -> f32 {
    let total: f32 = weights.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    let held: f32 = want
        .iter()
        .zip(weights)
        .filter(|(w, _)| have.contains(*w))
        .map(|(_, x)| x)
        .sum();
    held / total
}

/// What the model reads of one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Cosine of the scope's text with the item's statement.
    pub statement: f32,
    /// Cosine of the scope's text with the item's title and headings.
    pub heading: f32,
    /// Share of the scope's stems the statement holds, weighted ([`weighted_share`]).
    pub statement_words: f32,
    /// Share of the scope's stems the title and headings hold, weighted.
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
    bias: -1.8934,
    weights: [1.4716, 2.1153, 0.9571, 1.6211],
};

/// Items of a query scope less likely on it than this are left out: more likely off the scope
/// than on it.
pub const ON_SCOPE_FLOOR: f32 = 0.5;

/// Items of a query scope at least this likely on it are sure: where a scope has one, its items
/// below this are left out (a scope with none keeps its items above [`ON_SCOPE_FLOOR`]).
/// Replayed on the judged items with out-of-fold probabilities (`scripts/quiz_on_scope.py
/// --tiers`, evals/MEASURED.md).
pub const ON_SCOPE_SURE: f32 = 0.65;

/// Which of a scope's items (their on-scope probabilities, `None` where none was computed) are
/// doubtful: below [`ON_SCOPE_SURE`] in a scope that has an item at or above it. A scope with no
/// sure item keeps all it has.
pub fn doubtful(probabilities: &[Option<f32>]) -> Vec<bool> {
    let sure = probabilities
        .iter()
        .any(|p| p.is_some_and(|p| p >= ON_SCOPE_SURE));
    probabilities
        .iter()
        .map(|p| sure && p.is_some_and(|p| p < ON_SCOPE_SURE))
        .collect()
}

#[cfg(test)]
mod tests {
    //! Proves: stems drop stop words and cut words to five characters; the share counts the
    //! scope's stems found; the model rises with every kind of evidence and the fitted one
    //! keeps an item whose statement and headings are about the scope and drops one whose
    //! neither is; doubtful items go only from a scope that has a sure one.
    use super::*;
    use crate::scope::word_share;
    use std::collections::HashSet;

    fn stem_share(want: &[String], text: &str) -> f32 {
        word_share(want, &stems(text).into_iter().collect::<HashSet<_>>())
    }

    #[test]
    fn doubtful_items_go_only_where_sure_ones_exist() {
        let mixed = [Some(0.9), Some(0.55), None, Some(0.64)];
        assert_eq!(doubtful(&mixed), vec![false, true, false, true]);
        let none_sure = [Some(0.55), Some(0.6)];
        assert_eq!(doubtful(&none_sure), vec![false, false]);
        assert!(doubtful(&[]).is_empty());
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

    fn chunk(text: &str, kind: DocKind) -> Chunk {
        Chunk {
            id: "c".into(),
            doc_id: "c".into(),
            ordinal: 0,
            title: "c".into(),
            heading_path: vec![],
            text: text.into(),
            offset: 0,
            audience: docent_core::Audience::Public,
            product: None,
            kind,
            source: "c".into(),
            url: None,
            summary_end: 0,
        }
    }

    #[test]
    fn rare_words_of_the_scope_weigh_more_and_unused_ones_nothing() {
        let mut docs: Vec<Chunk> = ["OpenAI", "Cohere", "Ollama", "Mistral"]
            .iter()
            .map(|p| {
                chunk(
                    &format!("Configure the {p} embedder with an API key."),
                    DocKind::Doc,
                )
            })
            .collect();
        // Tickets are not the docs' vocabulary.
        docs.push(chunk("Gemini Gemini Gemini", DocKind::Ticket));
        let want = stems("configuring Mistral and Gemini embedders");
        assert_eq!(want, ["confi", "mistr", "gemin", "embed"]);
        let w = idf_weights(&want, &docs);
        assert!(
            w[1] > w[0],
            "Mistral (1 of 4 chunks) outweighs configuring (4 of 4): {w:?}"
        );
        assert!(w[0] > 0.0 && (w[0] - w[3]).abs() < 1e-6);
        assert_eq!(w[2], 0.0, "no doc names Gemini");
        // The OpenAI page holds the common words, the Mistral page the rare one as well.
        let have = |t: &str| stems(t).into_iter().collect::<HashSet<_>>();
        let openai = weighted_share(&want, &w, &have("Configure the OpenAI embedder"));
        let mistral = weighted_share(&want, &w, &have("Configure the Mistral embedder"));
        assert!(mistral > openai && openai > 0.0);
        assert!(
            (weighted_share(&want, &w, &have("Mistral configuring embedders")) - 1.0).abs() < 1e-6
        );
        // Equal weights give the plain share; no weight gives nothing.
        let plain = weighted_share(&want, &[1.0; 4], &have("Configure the OpenAI embedder"));
        assert_eq!(plain, stem_share(&want, "Configure the OpenAI embedder"));
        assert_eq!(weighted_share(&want, &[0.0; 4], &have("Mistral")), 0.0);
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
