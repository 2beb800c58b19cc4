//! Docent's state: what outlives a request, and the storage-side logic that the HTTP server
//! (`docent-server`) and the command line (`docent gaps`, `docent keys`, `docent analytics`,
//! `docent state`, `docent doctor`) share, so neither reaches into the other.
//!
//! | module | what |
//! |---|---|
//! | [`db`] | the state database behind one `Store` trait: SQLite (the embedded default) or PostgreSQL, numbered migrations, the SQLite-to-PostgreSQL copy, scratch databases for tests and the storage contract run on both |
//! | [`db::signals`] | the tutor's unanswered and not-helpful questions as gap-report signals |
//! | [`dismiss`] | "not a gap" marks: checked before they are stored, read back for the report |
//! | [`keys`] | API keys: roles, secrets, hashes, rotation, the configured keys as principals |
//! | [`analytics`] | the tutor's own numbers per day or week, read and counted, as JSON, CSV, HTML or text |
//!
//! Nothing here knows HTTP: the server maps these errors to responses through their
//! `docent_core::Classify` kinds.
#![warn(missing_docs)]

pub mod analytics;
pub mod db;
pub mod dismiss;
mod error;
pub mod keys;
