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

fn analyzer() -> TextAnalyzer {
    // The same analysis as the embedded BM25 index (`en_stem`: lower case, English stemming).
    TokenizerManager::default()
        .get("en_stem")
        .unwrap_or_else(|| TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default()))
}

fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Term counts of `text`, by hashed term.
fn counts(analyzer: &mut TextAnalyzer, text: &str) -> (BTreeMap<u32, f32>, usize) {
    let mut tf = BTreeMap::new();
    let mut n = 0;
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        *tf.entry(fnv1a(&stream.token().text)).or_insert(0.0) += 1.0;
        n += 1;
    }
    (tf, n)
}

/// The text a chunk is ranked on: title, headings and body.
pub fn chunk_text(c: &Chunk) -> String {
    format!("{}\n{}\n{}", c.title, c.heading_path.join(" "), c.text)
}

/// Number of terms in `text` after analysis.
pub fn length(text: &str) -> usize {
    counts(&mut analyzer(), text).1
}

/// The document-side vector of `text`, for a collection whose mean length is `avgdl`.
pub fn document(text: &str, avgdl: f32) -> SparseVector {
    let (tf, dl) = counts(&mut analyzer(), text);
    let norm = K1 * (1.0 - B + B * dl as f32 / avgdl.max(1.0));
    let (indices, values) = tf
        .into_iter()
        .map(|(i, f)| (i, f * (K1 + 1.0) / (f + norm)))
        .unzip();
    SparseVector { indices, values }
}

/// The query-side vector: weight one on each distinct term.
pub fn query(text: &str) -> SparseVector {
    let (tf, _) = counts(&mut analyzer(), text);
    SparseVector {
        values: vec![1.0; tf.len()],
        indices: tf.into_keys().collect(),
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
}
