//! BM25 as sparse vectors, for backends that rank lexically on the server (Qdrant).
//!
//! A chunk's vector holds, for each stemmed term of its title, headings and text, BM25's
//! saturated term frequency `tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`; the server
//! multiplies in the inverse document frequency (Qdrant's `idf` modifier), so a query vector of
//! ones over its terms scores a chunk by the BM25 formula. Terms are hashed to 32-bit
//! dimensions (FNV-1a); collisions are rare at the vocabularies of help centres (tens of
//! thousands of terms), and cost only a little precision when they happen.

use std::collections::BTreeMap;

use docent_core::Chunk;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

/// BM25's term-frequency saturation.
pub const K1: f32 = 1.2;
/// BM25's length normalisation.
pub const B: f32 = 0.75;

/// Term dimensions and weights, dimensions ascending and unique.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SparseVector {
    /// Hashed terms.
    pub indices: Vec<u32>,
    /// Their weights.
    pub values: Vec<f32>,
}

thread_local! {
    /// The same analysis as the embedded BM25 index (`en_stem`: lower case, English stemming),
    /// built once per thread: every query of the Qdrant backend goes through it.
    static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(
        TokenizerManager::default()
            .get("en_stem")
            .unwrap_or_else(|| TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default())),
    );
}

fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Term counts of `text`, by hashed term, and its length in terms.
fn counts(text: &str) -> (BTreeMap<u32, f32>, usize) {
    ANALYZER.with_borrow_mut(|analyzer| {
        let mut tf = BTreeMap::new();
        let mut n = 0;
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            *tf.entry(fnv1a(&stream.token().text)).or_insert(0.0) += 1.0;
            n += 1;
        }
        (tf, n)
    })
}

/// The text a chunk is ranked on: title, headings and body.
pub fn chunk_text(c: &Chunk) -> String {
    format!("{}\n{}\n{}", c.title, c.heading_path.join(" "), c.text)
}

/// Number of terms in `text` after analysis.
pub fn length(text: &str) -> usize {
    counts(text).1
}

fn weigh(tf: BTreeMap<u32, f32>, dl: usize, avgdl: f32) -> SparseVector {
    let norm = K1 * (1.0 - B + B * dl as f32 / avgdl.max(1.0));
    let (indices, values) = tf
        .into_iter()
        .map(|(i, f)| (i, f * (K1 + 1.0) / (f + norm)))
        .unzip();
    SparseVector { indices, values }
}

/// The document-side vector of `text`, for a collection whose mean length is `avgdl`.
pub fn document(text: &str, avgdl: f32) -> SparseVector {
    let (tf, dl) = counts(text);
    weigh(tf, dl, avgdl)
}

/// The document-side vectors of a whole collection (each text analysed once; the mean length
/// is theirs).
pub fn documents(texts: &[String]) -> Vec<SparseVector> {
    let counted: Vec<(BTreeMap<u32, f32>, usize)> = texts.iter().map(|t| counts(t)).collect();
    let avgdl = counted.iter().map(|c| c.1).sum::<usize>() as f32 / counted.len().max(1) as f32;
    counted
        .into_iter()
        .map(|(tf, dl)| weigh(tf, dl, avgdl))
        .collect()
}

/// The query-side vector: weight one on each distinct term.
pub fn query(text: &str) -> SparseVector {
    let (tf, _) = counts(text);
    SparseVector {
        values: vec![1.0; tf.len()],
        indices: tf.into_keys().collect(),
    }
}

/// Qdrant's inverse document frequency (its `idf` modifier): BM25's, kept positive.
pub fn idf(n: usize, df: usize) -> f32 {
    ((n as f32 - df as f32 + 0.5) / (df as f32 + 0.5) + 1.0).ln()
}

/// What a Qdrant collection computes for BM25 over these sparse vectors, computed here: the
/// reference the Qdrant tests compare with, and a way to measure the sparse formulation's
/// quality without a server (`docent eval retrieval` prints it as `bm25-sparse` and
/// `hybrid-sparse`). Brute force over every vector: for evaluation sets, not for serving.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    docs: Vec<SparseVector>,
    df: std::collections::HashMap<u32, usize>,
}

impl Reference {
    /// The reference over chunk texts, in row order, with the collection's mean length.
    pub fn new(texts: &[String]) -> Self {
        let docs = documents(texts);
        let mut df = std::collections::HashMap::new();
        for d in &docs {
            for i in &d.indices {
                *df.entry(*i).or_insert(0) += 1;
            }
        }
        Reference { docs, df }
    }

    /// The best `k` rows for `query` among those `allowed`, best first (rows that share no
    /// term with the query are not returned, as Qdrant returns none).
    pub fn search(
        &self,
        query: &SparseVector,
        k: usize,
        allowed: impl Fn(usize) -> bool,
    ) -> Vec<(u64, f32)> {
        let n = self.docs.len();
        let weights: Vec<(u32, f32)> = query
            .indices
            .iter()
            .zip(&query.values)
            .map(|(i, v)| (*i, v * idf(n, self.df.get(i).copied().unwrap_or(0))))
            .collect();
        let mut scored: Vec<(u64, f32)> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(row, _)| allowed(*row))
            .filter_map(|(row, d)| {
                let s: f32 = weights
                    .iter()
                    .filter_map(|(i, w)| d.indices.binary_search(i).ok().map(|p| w * d.values[p]))
                    .sum();
                (s > 0.0).then_some((row as u64, s))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(k);
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_saturates() {
        let q = query("Exporting reports, exported REPORT");
        // "export" and "report" after stemming and lower-casing.
        assert_eq!(q.indices.len(), 2);
        assert!(q.indices.windows(2).all(|w| w[0] < w[1]));
        let short = document("export report", 2.0);
        let long = document(
            "export report and a great many other words besides these",
            2.0,
        );
        let repeated = document("export export export report", 2.0);
        let e = fnv1a("export");
        let weight = |v: &SparseVector| v.values[v.indices.iter().position(|i| *i == e).unwrap()];
        // Longer documents weigh a term less; repetitions saturate below k1 + 1.
        assert!(weight(&long) < weight(&short));
        assert!(weight(&repeated) > weight(&short));
        assert!(weight(&repeated) < K1 + 1.0);
        assert_eq!(length("export export report"), 3);
    }

    #[test]
    fn reference_ranks_rare_terms_higher_and_honours_the_filter() {
        let texts: Vec<String> = [
            "export the report to csv",
            "export the dashboard",
            "single sign-on with saml",
            "export everything, export again",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let r = Reference::new(&texts);
        let got = r.search(&query("csv export"), 10, |_| true);
        // "csv" is rare, so the one chunk with both terms wins; the SSO chunk matches nothing.
        assert_eq!(got[0].0, 0);
        assert!(got.iter().all(|(row, _)| *row != 2));
        assert_eq!(got.len(), 3);
        let filtered = r.search(&query("csv export"), 10, |row| row != 0);
        assert!(filtered.iter().all(|(row, _)| *row != 0));
        assert!(idf(10, 1) > idf(10, 5) && idf(10, 10) > 0.0);
    }
}
