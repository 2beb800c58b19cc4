//! Docent's core: the domain types every other crate speaks, the configuration (built-in
//! defaults, then `docent.toml`, then `DOCENT_*` environment overrides), and the shared error
//! vocabulary. This crate does no I/O: the loader takes the file text and the environment as
//! arguments, so precedence rules are unit-testable.
//!
//! Main types:
//! - [`Document`], [`Chunk`], [`Ticket`]: what is ingested and indexed.
//! - [`Audience`], [`DocKind`]: who may see a chunk, and what it is.
//! - [`Config`]: every setting, with [`Config::load`].
//! - [`ErrorKind`] and [`Classify`]: how each crate's errors map onto user fault vs our fault.
//! - [`is_safe_link`]: which link targets may become an `href` (web links only).
//! - [`TokenCount`]: sizes text in model tokens, implemented by the embedder's tokenizer and
//!   used by ingestion's chunker.
//!
//! ```
//! use docent_core::Config;
//! let cfg = Config::load(Some("[search]\nk = 5\n"), [("DOCENT_INDEX_NAME", "demo")]).unwrap();
//! assert_eq!(cfg.search.k, 5);
//! assert_eq!(cfg.index.name, "demo");
//! ```
#![warn(missing_docs)]

mod access;
mod answer;
mod config;
mod error;
pub mod heading;
pub mod terms;
mod text;
mod types;
mod url;

/// The years a date of Docent's data may fall in (a ticket's, a report's): a report's date
/// arithmetic overflows near chrono's limits, and no help desk wrote a date outside them. The
/// API, the CLI and the ticket loaders refuse other years with the same words.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;
pub use crate::access::{Grant, KeyRole, KeyScope};
pub use crate::answer::{Action, Answer, AnswerPart, Citation, PartKind, Related};
pub use crate::config::{
    secret_from_env, ApiKey, ChunkingConfig, ComposerKind, Config, ConfigError, EmbedBackend,
    IndexBackend, IndexConfig, IngestConfig, LlmConfig, ModelConfig, SearchConfig, SearchMode,
    ServerConfig, TicketMapping, TutorConfig,
};
pub use crate::error::{Classify, ErrorKind};
pub use crate::text::{
    full_width_ascii, is_invisible_control, markdown_without_autolinks, one_line, spreadsheet_text,
    tag_attribute, terminal_safe, without_invisible_controls,
};
pub use crate::types::{Audience, Chunk, DocKind, Document, Ticket, TokenCount};
pub use crate::url::{
    bad_doc_id, doc_path, is_safe_link, scheme as url_scheme, without_secrets, LinkPolicy,
};
