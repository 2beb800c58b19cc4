//! Index errors.

use docent_core::{Classify, ErrorKind};

/// A failure to build, open or search an index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index has been built at this path.
    #[error("no index at {path}: run `docent ingest PATH` first")]
    NotFound {
        /// The index directory.
        path: String,
    },
    /// The index was built with another model, dimension or chunking than configured.
    #[error("index {path} was built with {built}, but the configuration asks for {configured}: re-ingest into a new index (`--index NAME`) or set [model]/[chunking] back")]
    ManifestMismatch {
        /// The index directory.
        path: String,
        /// What the manifest records.
        built: String,
        /// What the configuration and model say.
        configured: String,
    },
    /// The index was written in another on-disk format, by another version of Docent.
    #[error("index {path} was written in format {found} by another version of docent (this one reads {reads}): run `docent ingest` again to rebuild it (its vectors are reused), or use the docent that wrote it")]
    OtherFormat {
        /// The index directory or manifest.
        path: String,
        /// The format the index has.
        found: u32,
        /// The format this build reads.
        reads: u32,
    },
    /// A file of the index is damaged.
    #[error("index file {path} is damaged: {message}")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An I/O failure.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("lexical index: {0}")]
    Lexical(#[from] tantivy::TantivyError),
    /// The embedder failed.
    #[error(transparent)]
    Embed(#[from] docent_embed::Error),
    /// Ingestion settings are wrong.
    #[error(transparent)]
    Ingest(#[from] docent_ingest::Error),
    /// A query vector has the wrong length.
    #[error("query vector has {got} dimensions, the index has {want}")]
    Dimension {
        /// The index's dimension.
        want: usize,
        /// The query's.
        got: usize,
    },
    /// A remote backend (Qdrant) failed or refused.
    #[error("{target}: {message}")]
    Backend {
        /// The server and collection.
        target: String,
        /// What went wrong.
        message: String,
    },
    /// Another process is writing this index (an ingest) right now.
    #[error("another docent ({holder}) is writing index {path}: run this again when it has finished (two writers at once would lose one's changes)")]
    Busy {
        /// The index directory.
        path: String,
        /// Who holds it, as its lock file says (`pid 123 since 2026-...`).
        holder: String,
    },
    /// Ingest was stopped at a failpoint (tests only).
    #[error("ingest aborted at failpoint {0}")]
    Aborted(&'static str),
}

impl Error {
    pub(crate) fn io(path: impl AsRef<std::path::Path>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.as_ref().display().to_string();
        move |source| Error::Io { path, source }
    }
}

impl Classify for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Backend { .. } | Error::Busy { .. } => ErrorKind::Unavailable,
            Error::ManifestMismatch { .. }
            | Error::OtherFormat { .. }
            | Error::Dimension { .. } => ErrorKind::BadInput,
            Error::Corrupt { .. } | Error::Io { .. } | Error::Lexical(_) | Error::Aborted(_) => {
                ErrorKind::Internal
            }
            Error::Embed(e) => e.kind(),
            Error::Ingest(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "index.not_found",
            Error::ManifestMismatch { .. } => "index.manifest_mismatch",
            Error::OtherFormat { .. } => "index.other_format",
            Error::Corrupt { .. } => "index.corrupt",
            Error::Io { .. } => "index.io",
            Error::Lexical(_) => "index.lexical",
            Error::Embed(e) => e.code(),
            Error::Ingest(e) => e.code(),
            Error::Dimension { .. } => "index.dimension",
            Error::Backend { .. } => "index.backend",
            Error::Aborted(_) => "index.aborted",
            Error::Busy { .. } => "index.busy",
        }
    }
}
