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
use std::sync::{Arc, Mutex};

use docent_index::vocabulary::unit;
use docent_index::Index;

use crate::weights::TermWeights;

/// The cosine of two terms' vectors under which a missing term gets no credit.
pub const FLOOR: f32 = 0.5;

/// Where a term's vector comes from: the question's own words, then the docs'.
pub trait TermVectors {
    /// The unit vector of `term`, if there is one.
    fn vector(&self, term: &str) -> Option<&[f32]>;
}

/// Vectors of words the docs do not use, kept across questions (people's words repeat: the
/// same "rename" or "dimmer" is asked again and again), for one embedding model at a time
/// (another model's word starts it over); emptied when it holds [`Unknown::CAPACITY`] words.
#[derive(Default)]
pub struct Unknown(Mutex<(String, Words)>);

/// Words and their vectors.
type Words = HashMap<String, Arc<[f32]>>;

impl Unknown {
    /// Words held at most: 15 MiB of vectors at 384 dimensions, whatever words a client sends.
    pub const CAPACITY: usize = 10_000;

    fn get(&self, model: &str, term: &str) -> Option<Arc<[f32]>> {
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (held.0 == model)
            .then(|| held.1.get(term).cloned())
            .flatten()
    }

    fn put(&self, model: &str, term: &str, v: Arc<[f32]>) {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if held.0 != model || held.1.len() >= Self::CAPACITY {
            held.1.clear();
            held.0 = model.to_string();
        }
        held.1.insert(term.to_string(), v);
    }
}

/// The vectors of a question's terms the docs do not use (the docs' own are the index's).
pub struct Question<'a> {
    index: &'a Index,
    unknown: HashMap<String, Arc<[f32]>>,
}

impl<'a> Question<'a> {
    /// Embeds the `query` terms `index` has no vector for and `known` does not hold, in one
    /// batch; without an embedder (or when it fails) they have none, and count only when found
    /// exactly.
    pub fn new(index: &'a Index, query: &[String], known: &Unknown) -> Question<'a> {
        let model = index.manifest().model_id.as_str();
        let mut unknown = HashMap::new();
        let mut todo: Vec<&str> = Vec::new();
        for t in query.iter().filter(|t| index.term_vector(t).is_none()) {
            match known.get(model, t) {
                Some(v) => {
                    unknown.insert(t.clone(), v);
                }
                None => todo.push(t),
            }
        }
        if !todo.is_empty() {
            if let Ok(vs) = index.embed_texts(&todo) {
                for (t, v) in todo.iter().zip(vs) {
                    let v: Arc<[f32]> = unit(v).into();
                    known.put(model, t, v.clone());
                    unknown.insert(t.to_string(), v);
                }
            }
        }
        Question { index, unknown }
    }
}

impl TermVectors for Question<'_> {
    fn vector(&self, term: &str) -> Option<&[f32]> {
        self.index
            .term_vector(term)
            .or_else(|| self.unknown.get(term).map(|v| &v[..]))
    }
}

/// Cosine of two unit vectors (the index's vectorised dot product).
fn cosine(a: &[f32], b: &[f32]) -> f32 {
    docent_index::dot(a, b)
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
    let exact: f32 = query
        .iter()
        .filter(|t| found.contains(*t))
        .map(|t| w.idf(t))
        .sum();
    // The missing terms with a vector, and the best cosine each has with a found term: one
    // pass over the found terms, each term's vector looked up once.
    let missing: Vec<(&String, &[f32])> = query
        .iter()
        .filter(|t| !found.contains(*t))
        .filter_map(|t| vectors.vector(t).map(|v| (t, v)))
        .collect();
    if missing.is_empty() {
        return exact / total;
    }
    let mut best = vec![0.0f32; missing.len()];
    for d in found.iter().filter_map(|u| vectors.vector(u)) {
        for (b, (_, q)) in best.iter_mut().zip(&missing) {
            *b = b.max(cosine(q, d));
        }
    }
    let near: f32 = missing
        .iter()
        .zip(best)
        .map(|((t, _), cos)| w.idf(t) * credit(cos))
        .sum();
    (exact + near) / total
}

#[cfg(test)]
mod tests {
    //! Proves: an exact term counts in full, a missing one by its closest evidence term's
    //! cosine above the floor, and not at all under it or without a vector.
    use super::*;
    use crate::text::terms;
    use docent_core::{Chunk, DocKind};

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
    fn words_the_docs_do_not_use_are_kept_per_model_until_the_capacity() {
        let known = Unknown::default();
        let v: Arc<[f32]> = vec![1.0, 0.0].into();
        known.put("m1", "rename", v.clone());
        assert_eq!(known.get("m1", "rename").as_deref(), Some(&v[..]));
        assert!(
            known.get("m2", "rename").is_none(),
            "another model's vector is not used"
        );
        assert!(known.get("m1", "dimmer").is_none());
        for i in 0..Unknown::CAPACITY {
            known.put("m1", &format!("w{i}"), v.clone());
        }
        assert!(
            known.get("m1", "rename").is_none(),
            "a full cache starts over instead of growing"
        );
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
        let found: HashSet<String> = terms(&chunk.text).into_iter().collect();
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
