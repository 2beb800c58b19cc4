//! Docent embeddings: the [`Embedder`] trait, and (feature `candle`, on by default) its candle
//! implementation [`BertEmbedder`] for BERT-family sentence-transformer models such as
//! all-MiniLM-L6-v2.
//!
//! The implementation reads a model directory (`config.json`, `tokenizer.json`,
//! `model.safetensors`), sorts a batch's inputs by length, truncates at `max_tokens`,
//! mean-pools over real tokens and L2-normalises, matching sentence-transformers' output for
//! the same model. On the CPU the forward pass is this crate's own encoder (`cpu`: no padding,
//! AVX-512 matrix kernels, vectorised element-wise passes; about 1.3x PyTorch's throughput on
//! a two-core AVX-512 machine); with the `cuda` feature and `device = "cuda"` it is candle's
//! BERT, on padded sub-batches.
//!
//! [`OpenAiEmbedder`] takes vectors from an OpenAI-compatible `/v1/embeddings` endpoint
//! instead (`[model] backend = "openai"`); [`from_config`] picks the configured one.
//!
//! The trait lives here without candle (`default-features = false`) so that crates needing only
//! the seam do not compile the model code.
#![warn(missing_docs)]

#[cfg(feature = "candle")]
mod bert;
#[cfg(feature = "candle")]
mod cpu;
mod error;
mod remote;

#[cfg(feature = "candle")]
pub mod testing;

#[cfg(feature = "candle")]
pub use crate::bert::{BertEmbedder, TokenCounter};
pub use crate::error::Error;
pub use crate::remote::{model_id as remote_model_id, OpenAiEmbedder};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns texts into unit-length vectors.
pub trait Embedder: Send + Sync {
    /// Identifies the model; an index built with one model refuses another.
    fn model_id(&self) -> &str;
    /// Length of every vector.
    fn dimension(&self) -> usize;
    /// One vector per text, in input order, each of length [`dimension`](Self::dimension) and
    /// L2 norm 1 (or all zeros for an empty text).
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
    /// Inputs are cut at this many tokens (special tokens included); chunks are kept within
    /// it. Unlimited unless the implementation says otherwise.
    fn max_tokens(&self) -> usize {
        usize::MAX
    }
}

/// The configured embedder: the local model in `[model] dir`, or the `[model] url` endpoint,
/// its inputs cut at `[model] max_tokens` by the tokenizer in `[model] dir` where there is one.
#[cfg(feature = "candle")]
pub fn from_config(cfg: &docent_core::ModelConfig) -> Result<std::sync::Arc<dyn Embedder>> {
    match cfg.backend {
        docent_core::EmbedBackend::Local => Ok(std::sync::Arc::new(BertEmbedder::load(cfg)?)),
        docent_core::EmbedBackend::OpenAi => {
            let counter = TokenCounter::load(std::path::Path::new(&cfg.dir)).ok();
            // The endpoint adds its own special tokens ([CLS] and [SEP] for BERT).
            let max = cfg.max_tokens.saturating_sub(2).max(1);
            let cut = counter.map(|c| cutter(c, max));
            Ok(std::sync::Arc::new(OpenAiEmbedder::connect(cfg, cut)?))
        }
    }
}

/// Cuts inputs at `max` tokens of `counter`'s tokenizer.
#[cfg(feature = "candle")]
fn cutter(counter: TokenCounter, max: usize) -> remote::Cut {
    Box::new(move |text| counter.truncate(text, max))
}

/// Cosine similarity of two vectors (their dot product, when both are unit length).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}
