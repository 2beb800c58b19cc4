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
    #[error("{}", other_format(path, *found, *reads))]
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
    /// An I/O failure. Its message holds the cause, which is not also its source: a chain
    /// printed by `anyhow` said it twice (an outside probe).
    #[error("{path}: {cause}")]
    Io {
        /// The file or directory.
        path: String,
        /// Why.
        cause: std::io::Error,
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
    #[error("index.busy: another docent ({holder}) is writing index {path}: run this again when it has finished (two writers at once would lose one's changes)")]
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
        move |cause| Error::Io { path, cause }
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

/// What to do about an index in another format: an older one is rebuilt by this docent's
/// ingest; a newer one needs a newer docent, and this one's ingest would undo the upgrade (an
/// outside probe: servers left on the old release were told to ingest).
fn other_format(path: &str, found: u32, reads: u32) -> String {
    if found > reads {
        format!(
            "index {path} was written in format {found} by a newer docent (this one reads {reads}): upgrade this docent to the release that wrote it (do not ingest with this one: that would write the old format again)"
        )
    } else {
        format!(
            "index {path} was written in format {found} by an older docent (this one reads {reads}): run this docent's `docent ingest` to rebuild it (its vectors are reused)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_of_another_format_says_which_docent_to_run() {
        let newer = Error::OtherFormat {
            path: "indexes/default".into(),
            found: 19,
            reads: 18,
        }
        .to_string();
        assert!(
            newer.contains("newer docent") && newer.contains("do not ingest"),
            "{newer}"
        );
        let older = Error::OtherFormat {
            path: "indexes/default".into(),
            found: 16,
            reads: 18,
        }
        .to_string();
        assert!(
            older.contains("older docent") && older.contains("`docent ingest`"),
            "{older}"
        );
    }
}
