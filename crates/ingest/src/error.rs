//! Ingestion errors. Each names the input it is about.

use docent_core::{Classify, ErrorKind};

/// A failure to read one input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8 text.
    #[error("{path}: not UTF-8 text (is it a binary file?)")]
    NotText {
        /// The file.
        path: String,
    },
    /// The file's extension is not one Docent reads.
    #[error("{path}: unsupported file type (expected .md, .mdx, .markdown, .html, .htm, .txt, .jsonl, or tickets as .csv/.json/.jsonl)")]
    Unsupported {
        /// The file.
        path: String,
    },
    /// A record or field is malformed.
    #[error("{path}:{line}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// 1-based line (0 when the whole file is at fault).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The chunking settings are impossible (overlap not below the size).
    #[error("chunking: {0}")]
    Chunking(String),
}

impl Classify for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Internal,
            Error::NotText { .. }
            | Error::Unsupported { .. }
            | Error::Malformed { .. }
            | Error::Chunking(_) => ErrorKind::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "ingest.io",
            Error::NotText { .. } => "ingest.not_text",
            Error::Unsupported { .. } => "ingest.unsupported",
            Error::Malformed { .. } => "ingest.malformed",
            Error::Chunking(_) => "ingest.chunking",
        }
    }
}

/// Something skipped during ingestion, reported to the user; the rest went through.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// `path` or `path:line`.
    pub at: String,
    /// What was wrong.
    pub message: String,
}

impl From<&Error> for Problem {
    fn from(e: &Error) -> Self {
        let (at, message) = match e {
            Error::Io { path, source } => (path.clone(), source.to_string()),
            Error::NotText { path } | Error::Unsupported { path } => {
                let full = e.to_string();
                let msg = full
                    .split_once(": ")
                    .map(|x| x.1.to_string())
                    .unwrap_or(full);
                (path.clone(), msg)
            }
            Error::Malformed {
                path,
                line,
                message,
            } => (format!("{path}:{line}"), message.clone()),
            Error::Chunking(m) => ("chunking".into(), m.clone()),
        };
        Problem { at, message }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}
