//! Topics a lead marked as "not a gap" ([`super::Store::dismiss`]): stored with the topic's
//! label and its centroid key (hex-encoded signed bytes, see `docent_gaps::decode_key`), read
//! back by every later report, which lists topics this close to one of them for review instead
//! of ranking them.

use serde::Serialize;

/// A stored "not a gap" mark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DismissedRow {
    /// Its id.
    pub id: i64,
    /// The topic's label when it was marked.
    pub label: String,
    /// The topic's centroid key.
    pub key: String,
    /// Why, in the lead's words (optional).
    pub reason: Option<String>,
    /// The key id that marked it.
    pub created_by: String,
    /// When.
    pub created_at: String,
}
