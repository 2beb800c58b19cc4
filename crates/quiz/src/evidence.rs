//! Sentence-level evidence: vectors of single statements (sentences, list items, steps), so a
//! scope keeps the chunks that hold a sentence about it and a quiz asks about the statements
//! most central to it. The index stores a vector per sentence span at ingestion
//! ([`Index::sentences`]); [`Evidence::load`] reads them, and [`Evidence::vectors`] embeds only
//! statements the index has no span for (a list block, a sentence split differently, an index
//! written before sentence evidence), in one batch per quiz.

use std::collections::HashMap;

use docent_index::Index;

use crate::text::plain;

/// At most this many statements are embedded for one quiz (a large `docs:` scope is ranked
/// on its first statements of each chunk beyond that).
pub const MAX_STATEMENTS: usize = 600;

/// Statement vectors of one quiz, by plain text.
#[derive(Default)]
pub struct Evidence {
    vectors: HashMap<String, Vec<f32>>,
    /// False when the index has no embedding model: evidence is lexical only.
    pub dense: bool,
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `v` scaled to unit length (unchanged when zero).
pub fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    v
}

impl Evidence {
    /// An empty cache; `dense` when the index can embed.
    pub fn new(index: &Index) -> Evidence {
        Evidence {
            vectors: HashMap::new(),
            dense: index.embed_query("probe").is_ok(),
        }
    }

    /// Reads the stored sentence vectors of `rows`.
    pub fn load(&mut self, index: &Index, rows: &[usize]) {
        for &row in rows {
            let Some(chunk) = index.chunks().get(row) else {
                continue;
            };
            let Ok(sentences) = index.sentences(row) else {
                continue;
            };
            for s in sentences {
                if let Some(text) = chunk.text.get(s.start..s.end) {
                    self.vectors.entry(plain(text)).or_insert(s.vector);
                }
            }
        }
    }

    /// Makes sure the plain forms of `texts` have vectors (up to [`MAX_STATEMENTS`] in all).
    pub fn vectors(&mut self, index: &Index, texts: &[&str]) {
        if !self.dense {
            return;
        }
        let mut missing: Vec<String> = Vec::new();
        for t in texts {
            let p = plain(t);
            if !p.is_empty() && !self.vectors.contains_key(&p) && !missing.contains(&p) {
                missing.push(p);
            }
        }
        let room = MAX_STATEMENTS.saturating_sub(self.vectors.len());
        missing.truncate(room);
        for batch in missing.chunks(64) {
            let refs: Vec<&str> = batch.iter().map(String::as_str).collect();
            match index.embed_texts(&refs) {
                Ok(vs) => {
                    for (t, v) in batch.iter().zip(vs) {
                        self.vectors.insert(t.clone(), v);
                    }
                }
                Err(_) => {
                    self.dense = false;
                    return;
                }
            }
        }
    }

    /// The vector of `text` (plain form), if computed.
    pub fn get(&self, text: &str) -> Option<&Vec<f32>> {
        self.vectors.get(&plain(text))
    }
}
