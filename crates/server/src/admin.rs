//! Key management over HTTP, for keys with the `admin` scope: list, create, rotate, revoke.
//! The same operations as `docent keys`; secrets are returned once, on creation and rotation.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use docent_core::KeyScope;
use docent_state::keys::{KeyError, KeyField, NewKey, Principal};
use serde::Deserialize;

use crate::auth::authorize;
use crate::error::ApiError;
use crate::AppState;

type St = State<Arc<AppState>>;

fn unknown(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_key_id",
        format!("no active key {id} (GET /v1/keys lists them)"),
    )
}

fn key_error(e: KeyError) -> ApiError {
    match e {
        KeyError::BadLifetime(m) => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_lifetime", m)
        }
        KeyError::Invalid { field, message } => {
            let code = match field {
                KeyField::Name => "name",
                KeyField::Origins => "origins",
                KeyField::Audience => "audience",
            };
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
        }
        e @ KeyError::AlreadyRotated { .. } => {
            ApiError::new(StatusCode::CONFLICT, "already_rotated", e.to_string())
        }
        KeyError::Db(e) => ApiError::internal(e),
    }
}

/// `GET /v1/keys`: every stored key within the caller's audience, without secrets (an admin
/// key confined to an audience neither sees nor touches the keys above it).
pub async fn list(State(st): St, headers: HeaderMap) -> Result<Response, ApiError> {
    let caller = authorize(&st, &headers, KeyScope::Admin).await?;
    let mut keys = st.db.keys().await?;
    keys.retain(|k| k.audience <= caller.audience);
    Ok(Json(keys).into_response())
}

/// The stored key `id` when the caller may manage it: one within the caller's audience (a
/// confined admin key rotating an internal key would be handed its new secret). A key above
/// it answers as an unknown one, as it is not listed either.
async fn within_reach(st: &AppState, caller: &Principal, id: &str) -> Result<(), ApiError> {
    match st.db.key(id).await? {
        Some(k) if k.audience <= caller.audience => Ok(()),
        _ => Err(unknown(id)),
    }
}

/// `POST /v1/keys`: a new key; the secret is in the response and nowhere else.
pub async fn create(
    State(st): St,
    headers: HeaderMap,
    body: Result<Json<NewKey>, JsonRejection>,
) -> Result<Response, ApiError> {
    let caller = authorize(&st, &headers, KeyScope::Admin).await?;
    let Json(new) = body.map_err(ApiError::json_body)?;
    if new.name.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "name",
            "give the key a name (who or what uses it)",
        ));
    }
    // An admin key confined to an audience makes no key that reads more than it does.
    if new.resolved_audience() > caller.audience {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "audience",
            format!(
                "this key may not make keys above its own audience ({})",
                caller.audience.as_str()
            ),
        ));
    }
    // A stored caller's keys stop when it does (a key from the configuration or the
    // environment never expires).
    let maker = st.db.key(&caller.id).await?;
    let maker_expires = maker.and_then(|k| k.expires_at);
    let issued = st
        .db
        .create_key_until(&new, maker_expires.as_deref())
        .await
        .map_err(key_error)?;
    st.stored_origins.refresh(&st.db).await;
    Ok((StatusCode::CREATED, Json(issued)).into_response())
}

/// `POST /v1/keys/{id}/rotate` query.
#[derive(Debug, Deserialize)]
pub struct RotateQuery {
    /// Hours the old secret keeps working (default 24).
    #[serde(default)]
    grace_hours: Option<u32>,
}

/// `POST /v1/keys/{id}/rotate`: a new secret; the old one works for the grace period.
pub async fn rotate(
    State(st): St,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<RotateQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let caller = authorize(&st, &headers, KeyScope::Admin).await?;
    let Path(id) = id.map_err(ApiError::path)?;
    let Query(q) = q.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    within_reach(&st, &caller, &id).await?;
    match st
        .db
        .rotate_key(&id, q.grace_hours.unwrap_or(24))
        .await
        .map_err(key_error)?
    {
        Some(issued) => {
            st.stored_origins.refresh(&st.db).await;
            Ok((StatusCode::CREATED, Json(issued)).into_response())
        }
        None => Err(unknown(&id)),
    }
}

/// `DELETE /v1/keys/{id}`: revokes the key at once.
pub async fn revoke(
    State(st): St,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let caller = authorize(&st, &headers, KeyScope::Admin).await?;
    let Path(id) = id.map_err(ApiError::path)?;
    within_reach(&st, &caller, &id).await?;
    if st.db.revoke_key(&id).await? {
        st.stored_origins.refresh(&st.db).await;
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(unknown(&id))
    }
}
