//! Rows the tutor's analytics read from the state database ([`super::Store::analytics_turns`]
//! and its neighbours). Grouping into periods, medians and percentiles are done by the caller
//! (the crate's `analytics` module) over these rows, so both implementations only select.
//!
//! Proves (see `contract.rs` and the tests of `analytics`, on SQLite and PostgreSQL):
//! every number equals a count made directly on a seeded database.

/// One turn as the analytics read it.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnRow {
    /// Turn id.
    pub id: i64,
    /// Its conversation.
    pub conversation: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
    /// The tutor answered (did not decline).
    pub answered: bool,
    /// Milliseconds to answer.
    pub latency_ms: f64,
    /// Citations as stored (JSON).
    pub citations: String,
    /// Votes on it: (helpful, not helpful).
    pub votes: (u32, u32),
    /// Its conversation was handed off at or after this turn.
    pub handed_off_after: bool,
}

/// A hand-off as the analytics read it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoffRow {
    /// Its conversation.
    pub conversation: String,
    /// When.
    pub created_at: String,
}
