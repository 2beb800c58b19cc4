//! Keys and origins. A request names its key in `X-Docent-Key` (or `?key=` for `GET`); the key
//! fixes the audience its questions are answered for, the scopes it may use and the origins a
//! browser may call from. The server's own origin is always allowed, so `/demo` works on any
//! host and port.

use axum::http::{header, HeaderMap, StatusCode};
use docent_core::{ApiKey, Audience, ServerConfig};

use crate::error::ApiError;

/// The keys the server accepts: configured ones plus the admin key, if set.
pub fn keys(cfg: &ServerConfig) -> Vec<ApiKey> {
    let mut keys = cfg.keys.clone();
    if !cfg.admin_key.is_empty() {
        keys.push(ApiKey {
            key: cfg.admin_key.clone(),
            audience: Audience::Internal,
            origins: vec![],
            scopes: vec![
                "ask".into(),
                "feedback".into(),
                "search".into(),
                "author".into(),
                "lead".into(),
            ],
        });
    }
    keys
}

fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    origin == format!("http://{host}") || origin == format!("https://{host}")
}

/// Whether a browser at `origin` may use `key`.
pub fn origin_allowed(key: &ApiKey, origin: &str, headers: &HeaderMap) -> bool {
    key.origins.iter().any(|o| o == "*" || o == origin) || same_origin(origin, headers)
}

/// Finds the request's key and checks its scope and the request's origin.
pub fn authorize<'a>(
    keys: &'a [ApiKey],
    headers: &HeaderMap,
    query_key: Option<&str>,
    scope: &str,
) -> Result<&'a ApiKey, ApiError> {
    let given = headers
        .get("x-docent-key")
        .and_then(|v| v.to_str().ok())
        .or(query_key)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing_key",
                "send your key in the X-Docent-Key header (keys are set in [server] keys of docent.toml)",
            )
        })?;
    let key = keys.iter().find(|k| k.key == given).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unknown_key",
            "this key is not configured on the server ([server] keys in docent.toml)",
        )
    })?;
    if !key.scopes.iter().any(|s| s == scope) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "scope",
            format!(
                "this key may not use '{scope}' (its scopes: {}); widget keys are limited to ask and feedback",
                key.scopes.join(", ")
            ),
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        if !origin_allowed(key, origin, headers) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "origin",
                format!("origin {origin} is not allowed for this key; add it to the key's origins"),
            ));
        }
    }
    Ok(key)
}
