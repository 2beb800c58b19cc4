//! Docent ingestion: turns files into [`Document`]s and [`Ticket`]s, and documents into
//! [`Chunk`]s sized in model tokens.
//!
//! - [`load_file`] reads Markdown (with front matter), HTML, plain text and JSONL documents.
//! - [`load_tickets`] reads CSV, JSON and JSONL ticket exports through a [`TicketMapping`],
//!   redacting PII ([`redact`]) before anything leaves this crate.
//! - [`Chunker`] splits Markdown with `text-splitter`, sized by any [`TokenCount`], and keeps
//!   each chunk's heading path.
//! - [`structure`] gives flat text (a manual extracted as one run of words per section) its
//!   headings, lists, call-outs and sentences back.
//! - [`Source`] is the seam every input of an ingest comes through (items with content hashes,
//!   loaded into documents or tickets); [`Files`] is the one for files and folders, listed by
//!   [`scan`] with their content hashes so that callers re-ingest only what changed.
//! - [`mdx`] places the MDX snippets a page imports (its code examples) into the page.
//! - `dialect` reads note tools' and code hosts' Markdown (wikilinks, embeds, callouts and
//!   alerts) as the text a reader sees.
//!
//! Every error names its input (path and line). One bad file or row never stops the rest: the
//! loaders return what they could read plus a list of [`Problem`]s.
//!
//! ```
//! use docent_ingest::{load_markdown, Chunker};
//! let doc = load_markdown("guides/export.md", "---\ntitle: Export\n---\n# Export\n\n1. Open *Reports*.\n2. Click **Export**.\n", Default::default()).unwrap();
//! let words = |s: &str| s.split_whitespace().count();
//! let chunks = Chunker::new(&words, 50, 0).unwrap().chunk(&doc);
//! assert_eq!(chunks[0].heading_path, vec!["Export"]);
//! ```
#![warn(missing_docs)]

mod chunk;
mod comments;
mod dialect;
mod error;
mod fence;
mod frontmatter;
mod hash;
mod html;
mod loaders;
pub mod mdx;
mod redact;
mod scan;
mod source;
pub mod structure;
mod tickets;

pub use crate::chunk::Chunker;
pub use crate::error::{Error, Problem};
pub use crate::hash::content_hash;
pub use crate::loaders::{
    is_ticket_file, load_file, load_html, load_jsonl_docs, load_markdown, load_text, LoadDefaults,
};
pub use crate::redact::{redact, Pii};
pub use crate::scan::{scan, SourceFile, DOC_EXTENSIONS, TICKET_EXTENSIONS};
pub use crate::source::{Files, Holds, Item, KnownRoot, Loaded, Location, Source, Widened};
pub use crate::tickets::{load_tickets, parse_tickets, ticket_document, TicketLoad};
pub use docent_core::{Chunk, Document, Ticket, TicketMapping, TokenCount};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
