//! Every error the API returns is JSON: `{"error": {"code": "...", "message": "..."}}`, with a
//! message a developer can act on.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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
    /// Seconds to wait, for rate limits.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 500, for failures that are ours. The detail (a database path, a model endpoint, an
    /// upstream reply) goes to the server's log under an incident id; the client sees the id
    /// only, so anonymous callers learn nothing of the deployment.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        let incident = crate::routes::new_id()[..12].to_string();
        crate::log::event(
            crate::log::Level::Error,
            "internal error",
            json!({"incident": incident, "error": message.to_string()}),
        );
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("internal error (incident {incident}); the server's log has the details"),
        )
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
        resp
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        let status = r.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else {
            "bad_json"
        };
        ApiError::new(status, code, format!("request body: {}", r.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_tell_the_client_an_incident_not_the_detail() {
        let e = ApiError::internal("state database /srv/docent/state.sqlite: disk I/O error");
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.message.contains("/srv/docent"), "{}", e.message);
        assert!(!e.message.contains("disk I/O"), "{}", e.message);
        assert!(e.message.contains("incident "), "{}", e.message);
    }
}
