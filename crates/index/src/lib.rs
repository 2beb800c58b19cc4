//! Docent's hybrid index: BM25 over tantivy, dense vectors behind the [`VectorSearch`] seam,
//! reciprocal-rank fusion, and crash-safe generations on disk.
//!
//! - [`Index`]: opens `indexes/<name>/`, checks its [`Manifest`] against the embedder, and
//!   answers [`Index::search`] in bm25, dense or hybrid mode with audience/kind/product filters.
//! - [`ingest`]: brings an index up to date with its sources ([`docent_ingest::Source`]: files
//!   today). Unchanged items cost nothing, changed items are replaced, deleted items leave;
//!   chunks whose text is unchanged keep their vectors. The new state is built beside the old
//!   one and swapped in atomically, so a killed ingest leaves the previous index usable and
//!   readers keep searching the old one meanwhile.
//! - [`Backend`]: the one choice of where vectors are searched, read through [`VectorSearch`]
//!   (every backend answers it: [`EmbeddedStore`], the exact in-memory baseline, or a Qdrant
//!   collection) and written through [`VectorSync`] (what every ingest calls to bring the
//!   backend up to a new generation before it goes live).
//! - [`rrf`]: fusion, a pure function.
//! - [`qdrant`] and [`sync`]: the Qdrant backend (dense and sparse BM25 vectors, both candidate
//!   lists in one request) and making its collection equal to the live generation.
//!
//! Modules depend one way: `store`, `generation`, `progress`, `texts` at the bottom; `qdrant`
//! on `store`; `backend` on those; `index` and `ingest` on `backend`, never on each other.
//!
//! On-disk layout: `indexes/<name>/CURRENT` names the live generation directory
//! (`gen-000007/`), which holds `manifest.json`, `files.json`, `chunks.jsonl`, `tickets.jsonl`,
//! `vectors.f32`, `sentences.bin` (sentence spans of documentation chunks with their vectors,
//! [`sentences`]) and `tantivy/`.
#![warn(missing_docs)]

mod backend;
mod error;
mod fusion;
mod generation;
mod index;
mod ingest;
mod lexical;
mod manifest;
mod progress;
pub mod qdrant;
pub mod sentences;
pub mod sparse;
mod store;
mod texts;
pub mod vocabulary;

pub use crate::backend::{
    prune, qdrant_options, stage, sync, Backend, GenerationFile, SyncReport, VectorSync,
};
pub use crate::error::Error;
pub use crate::fusion::rrf;
pub use crate::index::{Filter, Hit, Index, SearchOptions};
pub use crate::ingest::{
    ingest, write_embedded, write_index, write_index_with, IngestOptions, IngestReport,
};
pub use crate::manifest::{Manifest, FORMAT_VERSION};
pub use crate::progress::Progress;
pub use crate::sentences::Sentence;
pub use crate::store::{dot, Candidates, EmbeddedStore, Payload, VectorSearch};

/// The live generation directory of the index at `root`, if it has one. A server compares it
/// with [`Index::dir`] to notice a finished re-index and swap to it.
pub fn live_generation(root: &std::path::Path) -> Result<Option<std::path::PathBuf>> {
    Ok(generation::current(root)?.map(|(_, dir)| dir))
}

/// The manifest of the live generation of the index at `root`, if it has one.
pub fn live_manifest(root: &std::path::Path) -> Result<Option<Manifest>> {
    match generation::current(root)? {
        Some((_, dir)) => Ok(Some(generation::read_json(
            &dir.join(generation::MANIFEST),
        )?)),
        None => Ok(None),
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
