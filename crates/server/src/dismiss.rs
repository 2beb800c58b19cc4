//! `POST/GET /v1/gaps/dismissed`, `DELETE /v1/gaps/dismissed/{id}`: topics a lead marked as
//! "not a gap" (keys with the `lead` scope). A mark stores the topic's label and its centroid
//! key (the `key` field of every topic in the JSON report); later reports list topics close to
//! a marked one under "not documentation gaps: review" instead of ranking them.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use docent_core::KeyScope;
use docent_state::dismiss::check;
use serde::Deserialize;
use serde_json::json;

use crate::auth::authorize;
use crate::error::ApiError;
use crate::AppState;

/// `POST /v1/gaps/dismissed` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DismissBody {
    label: String,
    key: String,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /v1/gaps/dismissed {"label", "key", "reason"?}`: 201 with the mark's id.
pub async fn create(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Json<DismissBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let key = authorize(&st, &headers, KeyScope::Lead).await?;
    let Json(b) = body.map_err(ApiError::json_body)?;
    // Stored and shown to other leads: without the controls that reorder or rewrite text.
    let clean = |s: &str| {
        docent_core::without_invisible_controls(s)
            .trim()
            .to_string()
    };
    let label = clean(&b.label);
    let reason = b.reason.as_deref().map(clean).filter(|r| !r.is_empty());
    let dimension = st.embedder.as_ref().map(|e| e.dimension());
    check(&label, &b.key, reason.as_deref(), dimension)
        .map_err(|m| ApiError::bad_request("bad_dismissal", m))?;
    let id = st
        .db
        .dismiss(&label, &b.key, reason.as_deref(), &key.id, st.index_name())
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

/// `GET /v1/gaps/dismissed`: every mark, oldest first.
pub async fn list(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&st, &headers, KeyScope::Lead).await?;
    let rows = st.db.dismissed(st.on_index()).await?;
    Ok(Json(json!({"dismissed": rows})).into_response())
}

/// `DELETE /v1/gaps/dismissed/{id}`: 204, or 404 when there is no such mark.
pub async fn remove(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    authorize(&st, &headers, KeyScope::Lead).await?;
    let Path(id) = id.map_err(ApiError::path)?;
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_dismissal",
            format!("no topic marked as not a gap has id {id:?}"),
        )
    };
    let n: i64 = id.parse().map_err(|_| missing())?;
    if st.db.undismiss(n, st.on_index()).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(missing())
    }
}
