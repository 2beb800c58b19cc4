//! Keys and origins. A request names its key in `X-Docent-Key` (never in the URL); the key
//! fixes the audience its questions are answered for, the scopes it may use and the origins a
//! browser may call from. The server's own origin is always allowed (`[server] public_url`,
//! or a `Host` that is an IP address or localhost), so `/demo` works locally on any port. Keys are compared by SHA-256 ([`docent_state::keys`]): configured keys are hashed at
//! start, stored keys are looked up by hash in the state database (so a key made, rotated or
//! revoked with `docent keys` takes effect on every server sharing the database at once).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use docent_core::KeyScope;
use docent_state::keys::{hash, Principal};

use crate::error::ApiError;
use crate::AppState;

/// Refuses (429) a client whose requests named a key that was unknown, expired or revoked
/// more than `[server] unknown_keys_per_minute` times in the last minute, before its key is
/// looked up: guessing keys, or a client stuck on a revoked one, costs a hash and a database
/// lookup a request. Requests naming no key cost neither and are not counted.
pub async fn unknown_keys(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(peer) = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
    else {
        return next.run(req).await;
    };
    let bucket = st.client_bucket(peer, req.headers());
    if let Some(wait) = st.unknown_key_limit.spent(&bucket) {
        return crate::limits::limited(&st, "the limit on unknown keys", wait).into_response();
    }
    let named = crate::security::names_key(&req);
    let resp = next.run(req).await;
    if named && resp.status() == StatusCode::UNAUTHORIZED {
        // Spent here, refused on the next request: the quota counts failures only.
        let _ = st.unknown_key_limit.check(&bucket);
    }
    resp
}

/// Whether a browser at `origin` may use `key`: one of the key's origins, or the server's own
/// ([`crate::security::same_origin`]: never a domain name taken from `Host` alone).
pub fn origin_allowed(st: &AppState, key: &Principal, origin: &str, headers: &HeaderMap) -> bool {
    key.origins.iter().any(|o| o == "*" || o == origin)
        || crate::security::same_origin(&st.config.server.public_url, origin, headers)
}

/// Finds the request's key and checks its scope and the request's origin.
pub async fn authorize(
    st: &AppState,
    headers: &HeaderMap,
    scope: KeyScope,
) -> Result<Principal, ApiError> {
    let given = headers
        .get("x-docent-key")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing_key",
                "send your key in the X-Docent-Key header (keys are set in [server] keys of docent.toml)",
            )
        })?;
    let given = hash(given);
    let key = match st.keys.iter().find(|k| k.matches(&given)) {
        Some(k) => k.clone(),
        None => st
            .db
            .key_by_hash(&given)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unknown_key",
                    "this key is unknown, expired or revoked (`docent keys list` shows the server's keys)",
                )
            })?,
    };
    if scope == KeyScope::Lead && key.scopes.contains(&scope) && !key.may(scope) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "scope",
            format!(
                "the gap report, its not-a-gap marks and analytics read every ticket and conversation: they need an internal key, and this one is {}",
                key.audience.as_str()
            ),
        ));
    }
    if !key.may(scope) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "scope",
            format!(
                "this key may not use '{scope}' (its scopes: {}); widget keys are limited to ask and feedback",
                key.scopes
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        if !origin_allowed(st, &key, origin, headers) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "origin",
                format!("origin {origin} is not allowed for this key; add it to the key's origins"),
            ));
        }
    }
    Ok(key)
}
