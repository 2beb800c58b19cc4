//! Integration tests of the index crate, one binary (link time). The embedder here is a
//! hashing bag-of-words test double (`HashingEmbedder`): these tests prove bookkeeping
//! (incremental ingest, generations, crash safety, filters), not embedding quality, which the
//! embed crate's reference test and the retrieval eval cover with the real model.

mod contract;
mod generations;
mod qdrant;

use std::path::Path;

use docent_embed::{Embedder, Result};

/// Test double: words hashed into 64 buckets, L2-normalised. Deterministic and instant.
pub struct HashingEmbedder {
    pub id: &'static str,
}

impl Embedder for HashingEmbedder {
    fn model_id(&self) -> &str {
        self.id
    }
    fn dimension(&self) -> usize {
        64
    }
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let mut v = vec![0f32; 64];
                for w in t
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    let h = w
                        .to_lowercase()
                        .bytes()
                        .fold(1469598103934665603u64, |h, b| {
                            (h ^ b as u64).wrapping_mul(1099511628211)
                        });
                    v[(h % 64) as usize] += 1.0;
                }
                let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                if n > 0.0 {
                    v.iter_mut().for_each(|x| *x /= n);
                }
                v
            })
            .collect())
    }
}

pub fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
