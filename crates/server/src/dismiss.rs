//! `POST/GET /v1/gaps/dismissed`, `DELETE /v1/gaps/dismissed/{id}`: topics a lead marked as
//! "not a gap" (keys with the `lead` scope). A mark stores the topic's label and its centroid
//! key (the `key` field of every topic in the JSON report); later reports list topics close to
//! a marked one under "not documentation gaps: review" instead of ranking them.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use docent_core::KeyScope;
use serde::Deserialize;
use serde_json::json;

use crate::auth::authorize;
use crate::db::Db;
use crate::error::ApiError;
use crate::AppState;

/// Longest label or reason kept, in characters.
pub const MAX_TEXT: usize = 300;

/// `POST /v1/gaps/dismissed` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DismissBody {
    label: String,
    key: String,
    #[serde(default)]
    reason: Option<String>,
}

/// Checks a mark: a label and reason of bounded length, a key that decodes to a unit vector of
/// `dimension` (when known). The message names the field.
pub fn check(
    label: &str,
    key: &str,
    reason: Option<&str>,
    dimension: Option<usize>,
) -> Result<(), String> {
    if label.trim().is_empty() || label.chars().count() > MAX_TEXT {
        return Err(format!(
            "label: give the topic's label, 1 to {MAX_TEXT} characters"
        ));
    }
    if reason.is_some_and(|r| r.chars().count() > MAX_TEXT) {
        return Err(format!("reason: at most {MAX_TEXT} characters"));
    }
    let Some(v) = docent_gaps::decode_key(key) else {
        return Err("key: not a topic key (copy the `key` of a topic from the JSON report)".into());
    };
    if let Some(d) = dimension.filter(|d| *d != v.len()) {
        return Err(format!(
            "key: a topic of a {}-dimension model, but the index's model has {d} dimensions",
            v.len()
        ));
    }
    Ok(())
}

/// The stored marks as the report reads them (marks whose key no longer decodes are skipped).
pub async fn load(db: &Db) -> Result<Vec<docent_gaps::Dismissed>, crate::db::DbError> {
    Ok(db
        .dismissed()
        .await?
        .into_iter()
        .filter_map(|d| {
            docent_gaps::decode_key(&d.key).map(|centroid| docent_gaps::Dismissed {
                label: d.label,
                centroid,
            })
        })
        .collect())
}

/// `POST /v1/gaps/dismissed {"label", "key", "reason"?}`: 201 with the mark's id.
pub async fn create(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Json<DismissBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, None, KeyScope::Lead).await?;
    let Json(b) = body.map_err(ApiError::json_body)?;
    let reason = b.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let dimension = st.embedder.as_ref().map(|e| e.dimension());
    check(&b.label, &b.key, reason, dimension)
        .map_err(|m| ApiError::bad_request("bad_dismissal", m))?;
    let id = st
        .db
        .dismiss(b.label.trim(), &b.key, reason, &key.id)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

/// `GET /v1/gaps/dismissed`: every mark, oldest first.
pub async fn list(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&st, &headers, None, KeyScope::Lead).await?;
    let rows = st.db.dismissed().await?;
    Ok(Json(json!({"dismissed": rows})).into_response())
}

/// `DELETE /v1/gaps/dismissed/{id}`: 204, or 404 when there is no such mark.
pub async fn remove(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    authorize(&st, &headers, None, KeyScope::Lead).await?;
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_dismissal",
            format!("no topic marked as not a gap has id {id:?}"),
        )
    };
    let n: i64 = id.parse().map_err(|_| missing())?;
    if st.db.undismiss(n).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(missing())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::block_on;

    #[test]
    fn marks_are_checked_and_undecodable_keys_skipped_by_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::sqlite(&dir.path().join("s.sqlite")).unwrap();
        let key = "7f00".repeat(2);
        assert_eq!(check("WhatsApp questions", &key, None, Some(4)), Ok(()));
        assert!(check("", &key, None, None)
            .unwrap_err()
            .starts_with("label"));
        assert!(check("x", "zz", None, None).unwrap_err().starts_with("key"));
        assert!(check("x", &key, None, Some(384))
            .unwrap_err()
            .contains("384"));
        block_on(async {
            db.dismiss("WhatsApp questions", &key, Some("wrong site"), "cfg-1")
                .await
                .unwrap();
            db.dismiss("Broken", "zz", None, "cfg-1").await.unwrap();
            assert_eq!(db.dismissed().await.unwrap().len(), 2);
            // The undecodable key is skipped by the report, kept in the list.
            let marks = load(&db).await.unwrap();
            assert_eq!(marks.len(), 1);
            assert_eq!(marks[0].label, "WhatsApp questions");
            assert!((marks[0].centroid[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        });
    }
}
