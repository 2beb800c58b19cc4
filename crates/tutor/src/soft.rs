//! Coverage by meaning: a question term the evidence does not contain still counts, in part,
//! when the evidence holds a term of close meaning ("dimmer" and "dimming", "code" and "PIN").
//!
//! Every content term of the docs was embedded on its own at ingestion
//! ([`docent_index::Index::term_vector`]); a question term the docs never use is embedded
//! when the question is asked (one batch). A missing term counts by its best cosine with the
//! evidence's terms, rescaled from [`FLOOR`] (no credit) to 1 (full credit), weighted by its
//! IDF like an exact match. The floor was chosen by the re-ranker's cross-validation (0.3 to
//! 0.6 scored alike; evals/MEASURED.md).

use std::collections::{HashMap, HashSet};

use docent_core::Chunk;
use docent_index::vocabulary::unit;
use docent_index::Index;

use crate::text::terms;
use crate::weights::TermWeights;

/// The cosine of two terms' vectors under which a missing term gets no credit.
pub const FLOOR: f32 = 0.5;

/// Where a term's vector comes from: the question's own words, then the docs'.
pub trait TermVectors {
    /// The unit vector of `term`, if there is one.
    fn vector(&self, term: &str) -> Option<&[f32]>;
}

/// The vectors of a question's terms the docs do not use (the docs' own are the index's).
pub struct Question<'a> {
    index: &'a Index,
    unknown: HashMap<String, Vec<f32>>,
}

impl<'a> Question<'a> {
    /// Embeds the `query` terms `index` has no vector for, in one batch; without an embedder
    /// (or when it fails) they have none, and count only when found exactly.
    pub fn new(index: &'a Index, query: &[String]) -> Question<'a> {
        let todo: Vec<&str> = query
            .iter()
            .map(String::as_str)
            .filter(|t| index.term_vector(t).is_none())
            .collect();
        let unknown = if todo.is_empty() {
            HashMap::new()
        } else {
            index
                .embed_texts(&todo)
                .map(|vs| {
                    todo.iter()
                        .map(|t| t.to_string())
                        .zip(vs.into_iter().map(unit))
                        .collect()
                })
                .unwrap_or_default()
        };
        Question { index, unknown }
    }
}

impl TermVectors for Question<'_> {
    fn vector(&self, term: &str) -> Option<&[f32]> {
        self.index
            .term_vector(term)
            .or_else(|| self.unknown.get(term).map(Vec::as_slice))
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The credit of a term whose best cosine with the evidence's terms is `cos`.
pub fn credit(cos: f32) -> f32 {
    ((cos - FLOOR) / (1.0 - FLOOR)).clamp(0.0, 1.0)
}

/// IDF-weighted share of `query` terms covered by `found`: 1 for a term it holds, else the
/// [`credit`] of its best cosine with a term of `found`.
pub fn share(
    query: &[String],
    found: &HashSet<String>,
    vectors: &dyn TermVectors,
    w: &TermWeights,
) -> f32 {
    let total: f32 = query.iter().map(|t| w.idf(t)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let covered: f32 = query
        .iter()
        .map(|t| {
            let c = if found.contains(t) {
                1.0
            } else {
                vectors.vector(t).map_or(0.0, |q| {
                    credit(
                        found
                            .iter()
                            .filter_map(|u| vectors.vector(u))
                            .map(|d| cosine(q, d))
                            .fold(0.0f32, f32::max),
                    )
                })
            };
            w.idf(t) * c
        })
        .sum();
    covered / total
}

/// The content terms of a chunk: its text, title and heading path.
pub fn chunk_terms(chunk: &Chunk) -> HashSet<String> {
    let mut all: HashSet<String> = terms(&chunk.text).into_iter().collect();
    all.extend(terms(&chunk.title));
    for h in &chunk.heading_path {
        all.extend(terms(h));
    }
    all
}

#[cfg(test)]
mod tests {
    //! Proves: an exact term counts in full, a missing one by its closest evidence term's
    //! cosine above the floor, and not at all under it or without a vector.
    use super::*;
    use docent_core::DocKind;

    struct Fixed(HashMap<String, Vec<f32>>);

    impl TermVectors for Fixed {
        fn vector(&self, term: &str) -> Option<&[f32]> {
            self.0.get(term).map(Vec::as_slice)
        }
    }

    fn vectors(pairs: &[(&str, [f32; 2])]) -> Fixed {
        Fixed(
            pairs
                .iter()
                .map(|(w, v)| (w.to_string(), unit(v.to_vec())))
                .collect(),
        )
    }

    #[test]
    fn a_missing_term_counts_by_its_closest_evidence_term() {
        let chunk = Chunk {
            id: "d#0".into(),
            doc_id: "d".into(),
            ordinal: 0,
            title: String::new(),
            heading_path: vec![],
            text: "Enter the PIN to lock the app.".into(),
            offset: 0,
            audience: docent_core::Audience::Public,
            product: None,
            kind: DocKind::Doc,
            source: "d.md".into(),
            url: None,
            summary_end: 0,
        };
        let w = TermWeights::build(std::slice::from_ref(&chunk));
        let found = chunk_terms(&chunk);
        // "code" lies close to "pin" (cosine 0.95), "pizza" far from every term (under 0.2).
        let v = vectors(&[
            ("pin", [1.0, 0.0]),
            ("lock", [0.0, 1.0]),
            ("app", [0.0, 1.0]),
            ("enter", [0.0, 1.0]),
            ("code", [0.95, 0.312]),
            ("pizza", [0.1, -0.995]),
        ]);
        let exact = share(&terms("lock app"), &found, &v, &w);
        let near = share(&terms("code app"), &found, &v, &w);
        let far = share(&terms("pizza app"), &found, &v, &w);
        let unknown = share(&terms("sourdough app"), &found, &v, &w);
        assert!((exact - 1.0).abs() < 1e-6, "{exact}");
        assert!(near > 0.8 && near < 1.0, "{near}");
        assert!((far - unknown).abs() < 1e-6 && far < 0.6, "{far} {unknown}");
        assert!(credit(FLOOR).abs() < 1e-6 && (credit(1.0) - 1.0).abs() < 1e-6);
    }
}
