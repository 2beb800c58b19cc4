//! Structured logs: one JSON object a line on standard error, with a timestamp, a level, a
//! message and fields (`request_id` on everything a request causes). Log shippers (journald,
//! Vector, Fluent Bit, CloudWatch) read them as they are; `jq` makes them readable.
//!
//! ```text
//! {"ts":"2026-11-23T14:30:00.120Z","level":"info","msg":"request","request_id":"5f0c…","method":"POST","route":"/v1/ask","status":200,"ms":41.7,"client":"127.0.0.1"}
//! ```

use serde_json::{Map, Value};

/// How bad an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Normal operation.
    Info,
    /// Something to look at; the server goes on.
    Warn,
    /// A request or task failed.
    Error,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// The line for an event: `fields` (an object) after the timestamp, level and message.
pub fn line(level: Level, msg: &str, fields: Value) -> String {
    let mut m = Map::new();
    m.insert(
        "ts".into(),
        Value::String(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    m.insert("level".into(), Value::String(level.as_str().into()));
    m.insert("msg".into(), Value::String(msg.into()));
    if let Value::Object(extra) = fields {
        m.extend(extra);
    }
    Value::Object(m).to_string()
}

/// Writes an event to standard error (one locked write, so concurrent lines do not
/// interleave; test harnesses capture it).
pub fn event(level: Level, msg: &str, fields: Value) {
    eprintln!("{}", line(level, msg, fields));
}

/// A request id from the client's `X-Request-Id` when it is sane (1-64 characters of
/// `[A-Za-z0-9._-]`), else a new one.
pub fn request_id(given: Option<&str>) -> String {
    match given {
        Some(g)
            if !g.is_empty()
                && g.len() <= 64
                && g.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) =>
        {
            g.to_string()
        }
        _ => crate::ids::new_id(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_json_objects_with_the_fields() {
        let l = line(
            Level::Warn,
            "slow",
            serde_json::json!({"request_id": "abc", "ms": 12.5}),
        );
        let v: Value = serde_json::from_str(&l).unwrap();
        assert_eq!(v["level"], "warn");
        assert_eq!(v["msg"], "slow");
        assert_eq!(v["request_id"], "abc");
        assert_eq!(v["ms"], 12.5);
        assert!(v["ts"].as_str().unwrap().ends_with('Z'));
        assert!(!l.contains('\n'));
    }

    #[test]
    fn request_ids_are_kept_when_sane_and_replaced_otherwise() {
        assert_eq!(request_id(Some("lb-123.a_b")), "lb-123.a_b");
        let fresh = request_id(Some("bad id\nwith newline"));
        assert_eq!(fresh.len(), 32);
        assert_ne!(request_id(None), request_id(None));
        assert_eq!(request_id(Some(&"x".repeat(65))).len(), 32);
    }
}
