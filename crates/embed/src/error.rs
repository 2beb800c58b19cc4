//! Embedding errors.

use docent_core::{Classify, ErrorKind};

/// A failure to load or run an embedding model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model directory or one of its files is missing.
    #[error("model not found: {path} is missing. Fetch the default model with `scripts/fetch-model.sh` (or set [model] dir / DOCENT_MODEL_DIR to a sentence-transformers directory)")]
    ModelMissing {
        /// The missing file or directory.
        path: String,
    },
    /// A model file exists but cannot be used.
    #[error("model {path}: {message}")]
    BadModel {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The configured device cannot be used.
    #[error("device {device:?}: {message}")]
    Device {
        /// The device named in the configuration.
        device: String,
        /// What is wrong.
        message: String,
    },
    /// Tokenisation failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The forward pass failed.
    #[error("embedding model: {0}")]
    Compute(String),
    /// The `[model]` settings do not describe a usable embedder.
    #[error("[model]: {0}")]
    Config(String),
    /// An embeddings endpoint (`[model] backend = "openai"`) failed or answered nonsense.
    #[error("embeddings endpoint {url}: {message}")]
    Remote {
        /// The endpoint.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl Classify for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::ModelMissing { .. } => ErrorKind::NotFound,
            Error::BadModel { .. } | Error::Config(_) => ErrorKind::BadInput,
            Error::Device { .. } | Error::Remote { .. } => ErrorKind::Unavailable,
            Error::Tokenizer(_) | Error::Compute(_) => ErrorKind::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Error::ModelMissing { .. } => "embed.model_missing",
            Error::BadModel { .. } => "embed.bad_model",
            Error::Device { .. } => "embed.device",
            Error::Tokenizer(_) => "embed.tokenizer",
            Error::Compute(_) => "embed.compute",
            Error::Remote { .. } => "embed.remote",
            Error::Config(_) => "embed.config",
        }
    }
}
