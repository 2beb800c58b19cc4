//! Every error the API returns is JSON: `{"error": {"code": "...", "message": "..."}}`, with a
//! message a developer can act on.
//!
//! Library errors reach a handler as their crate's error type and become an [`ApiError`] in one
//! place, [`ApiError::classified`] (through `From<E: Classify>`): the error's kind decides the
//! status, its stable code is the JSON code. Every code the API answers with is listed in the
//! OpenAPI document's `Error` schema (`assets/openapi.json`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use docent_core::{Classify, ErrorKind};
use serde_json::json;

/// An API error: status, stable code and message.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// What happened and what to do.
    pub message: String,
    /// Seconds to wait, for rate limits and a dependency down.
    pub retry_after: Option<u64>,
    /// The incident id the server's log holds the detail under (ours and a dependency's
    /// failures); the access-log line of the request names it too.
    pub incident: Option<String>,
}

/// The incident id of an error response, for the request's access-log line: the detail's line
/// and the request's line (with its `request_id`) share it.
#[derive(Debug, Clone)]
pub struct Incident(pub String);

/// Seconds a client is asked to wait when a dependency is down (`Retry-After` on a 503).
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

impl ApiError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            incident: None,
        }
    }

    /// 400.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// A library error as the API answers it. The status follows the kind: bad input 400, not
    /// found 404, forbidden 403, a dependency down 503, ours 500. Ours and a dependency's
    /// failures go to the log under an incident id (their messages name endpoints and files);
    /// the others tell the client what was wrong.
    pub fn classified(
        kind: ErrorKind,
        code: &'static str,
        message: &dyn std::fmt::Display,
    ) -> Self {
        let status = match kind {
            ErrorKind::BadInput => StatusCode::BAD_REQUEST,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => return Self::internal(message),
        };
        if kind == ErrorKind::Unavailable {
            let incident = incident("dependency unavailable", code, message);
            let mut e = Self::new(
                status,
                code,
                format!("a service this server depends on is unavailable (incident {incident}); try again later"),
            );
            e.retry_after = Some(UNAVAILABLE_RETRY_SECONDS);
            e.incident = Some(incident);
            return e;
        }
        Self::new(status, code, message.to_string())
    }

    /// 500, for failures that are ours. The detail (a database path, a model endpoint, an
    /// upstream reply) goes to the server's log under an incident id; the client sees the id
    /// only, so anonymous callers learn nothing of the deployment.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        let incident = incident("internal error", "internal", &message);
        let mut e = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("internal error (incident {incident}); the server's log has the details"),
        );
        e.incident = Some(incident);
        e
    }

    /// The error for a path segment that is no text (invalid UTF-8 after percent-decoding) or
    /// not of the expected shape: JSON like every other error, and only after the key was
    /// checked (handlers take the path as a `Result` and read it after `authorize`).
    pub fn path(r: axum::extract::rejection::PathRejection) -> Self {
        ApiError::bad_request("bad_path", format!("request path: {}", r.body_text()))
    }

    /// The error for a request body that is no JSON of the expected shape, or too large.
    pub fn json_body(r: axum::extract::rejection::JsonRejection) -> Self {
        // As the API reference says: a body too large is 413, one not sent as JSON 415, and
        // any other bad body 400 (axum answers a body of the wrong shape with 422, which the
        // reference keeps for a key's fields and an item edit: an outside review).
        let status = match r.status() {
            s @ (StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE) => s,
            _ => StatusCode::BAD_REQUEST,
        };
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else {
            "bad_json"
        };
        ApiError::new(status, code, format!("request body: {}", r.body_text()))
    }
}

/// Logs an error's detail as `what` under a new incident id, and returns the id.
fn incident(what: &str, code: &str, message: &dyn std::fmt::Display) -> String {
    let incident = crate::ids::new_id()[..12].to_string();
    crate::log::event(
        crate::log::Level::Error,
        what,
        json!({"incident": incident, "code": code, "error": message.to_string()}),
    );
    incident
}

impl<E: Classify + std::fmt::Display> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError::classified(e.kind(), e.code(), &e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if let Some(i) = self.incident {
            resp.extensions_mut().insert(Incident(i));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // An outside probe: a 503 carried no Retry-After, and neither its log line nor the
    // request's named the other (no request id beside the incident, no incident beside it).
    #[test]
    fn a_dependency_down_asks_to_retry_and_names_its_incident_to_the_access_log() {
        let e = ApiError::classified(ErrorKind::Unavailable, "index.backend", &"qdrant: refused");
        let id = e.incident.clone().unwrap();
        assert!(e.message.contains(&id));
        let resp = e.into_response();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            resp.headers().get(header::RETRY_AFTER).unwrap(),
            &UNAVAILABLE_RETRY_SECONDS.to_string()
        );
        assert_eq!(
            resp.extensions().get::<Incident>().map(|i| i.0.clone()),
            Some(id)
        );
        let bad = ApiError::bad_request("bad_k", "k must be 1-50").into_response();
        assert!(bad.extensions().get::<Incident>().is_none());
    }

    #[test]
    fn internal_errors_tell_the_client_an_incident_not_the_detail() {
        let e = ApiError::internal("state database /srv/docent/state.sqlite: disk I/O error");
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.message.contains("/srv/docent"), "{}", e.message);
        assert!(!e.message.contains("disk I/O"), "{}", e.message);
        assert!(e.message.contains("incident "), "{}", e.message);
    }

    /// The string literals of `text` made of lower-case letters, `_` and `.`.
    fn literals(text: &str) -> Vec<&str> {
        text.split('"')
            .skip(1)
            .step_by(2)
            .filter(|l| {
                !l.is_empty()
                    && l.bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
            })
            .collect()
    }

    /// Every code the server answers with: the first code-like literal after each
    /// `ApiError::new(` or `bad_request(` in its source, the literals of a `let code = if`, and
    /// every literal of a `Classify::code` of the errors that reach a handler.
    fn codes_in_source() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |p: &std::path::Path| {
            let t = std::fs::read_to_string(p).unwrap();
            t.split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let mut codes = Vec::new();
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        // The server's handlers, and the state crate whose errors reach them.
        for dir in ["src", "../state/src", "../state/src/db"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        for p in &files {
            let text = read(p);
            for call in ["ApiError::new(", "Self::new(", "bad_request("] {
                for (i, _) in text.match_indices(call) {
                    let rest = &text[i + call.len()..];
                    let rest = &rest[..rest.len().min(300)];
                    if let Some(code) = literals(rest).first() {
                        codes.push(code.to_string());
                    }
                }
            }
            // A code chosen by a condition (`let code = if ... { "a" } else { "b" };`, or
            // `let code = match ... { X => "a", Y => "b" };`).
            for opener in ["let code = if", "let code = match"] {
                for (i, _) in text.match_indices(opener) {
                    let rest = &text[i..];
                    let rest = &rest[..rest.find(';').unwrap_or(rest.len())];
                    codes.extend(literals(rest).into_iter().map(String::from));
                }
            }
        }
        let libraries = [
            "../index/src/error.rs",
            "../embed/src/error.rs",
            "../ingest/src/error.rs",
            "../tutor/src/lib.rs",
            "../quiz/src/lib.rs",
            "../state/src/error.rs",
        ];
        for p in libraries {
            let text = std::fs::read_to_string(root.join(p)).unwrap();
            let start = "fn code(&self) -> &'static str {";
            for (i, _) in text.match_indices(start) {
                let body = &text[i + start.len()..];
                let body = &body[..body.find("\n    }").unwrap_or(body.len())];
                codes.extend(literals(body).into_iter().map(String::from));
            }
        }
        codes.sort();
        codes.dedup();
        codes
    }

    // Issue 16: the JSON error codes are listed in the OpenAPI document.
    #[test]
    fn every_error_code_is_listed_in_the_openapi_document() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../assets/openapi.json")).unwrap();
        let listed: Vec<&str> = doc["components"]["schemas"]["Error"]["properties"]["error"]
            ["properties"]["code"]["enum"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let codes = codes_in_source();
        assert!(codes.len() > 40, "{codes:?}");
        for c in &codes {
            assert!(
                listed.contains(&c.as_str()),
                "code {c} is not in openapi.json"
            );
        }
        for c in &listed {
            assert!(
                codes.contains(&c.to_string()),
                "openapi.json lists {c}, which nothing answers"
            );
        }
    }

    #[test]
    fn a_library_error_gets_the_status_of_its_kind_and_its_code() {
        let e = ApiError::from(docent_tutor::Error::Config("no composer".into()));
        assert_eq!(
            (e.status, e.code),
            (StatusCode::BAD_REQUEST, "tutor.config")
        );
        let e = ApiError::from(docent_tutor::Error::Llm {
            url: "http://10.0.0.7:8000/v1".into(),
            message: "connection refused".into(),
        });
        assert_eq!(
            (e.status, e.code),
            (StatusCode::SERVICE_UNAVAILABLE, "llm_failed")
        );
        assert!(!e.message.contains("10.0.0.7"), "{}", e.message);
        let e = ApiError::from(docent_index::Error::NotFound {
            path: "indexes/x".into(),
        });
        assert_eq!(
            (e.status, e.code),
            (StatusCode::NOT_FOUND, "index.not_found")
        );
        let e = ApiError::from(docent_index::Error::Corrupt {
            path: "/srv/docent/indexes/x/manifest.json".into(),
            message: "truncated".into(),
        });
        assert_eq!(
            (e.status, e.code),
            (StatusCode::INTERNAL_SERVER_ERROR, "internal")
        );
        assert!(!e.message.contains("/srv/docent"), "{}", e.message);
    }
}
