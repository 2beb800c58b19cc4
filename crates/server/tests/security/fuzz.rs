//! Property-based fuzzing of every route's request input: JSON bodies shaped like each route's
//! (its field names with values of any type, size and sign, plus unknown fields and nesting),
//! and query strings of the routes that take them. The router is driven in process
//! (`tower::ServiceExt::oneshot`, with the peer address a real connection would carry), with
//! rate limits off so every case reaches the handler. The property: no input makes the server
//! answer 5xx (a panic would be a 500 from the catch-panic layer, or no answer at all).
//!
//! Bounded: `DOCENT_FUZZ_CASES` cases per route (default 48; the suite's budget).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, TestRunner};
use serde_json::{json, Map, Value};
use tower::ServiceExt;

use super::*;

fn cases() -> u32 {
    std::env::var("DOCENT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

/// Strings that have broken parsers before: huge numbers as text, control characters,
/// markup, dates at the edge of the calendar, SQL and path tricks.
const NASTY: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{1}\u{8}\u{b}\r\n",
    "9999-12-31",
    "+262142-12-31",
    "-1",
    "4294967295",
    "18446744073709551616",
    "1e309",
    "NaN",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "'; DROP TABLE turns; --",
    "../../etc/passwd",
    "week",
    "day",
    "hybrid",
    "gift",
    "qti",
    "approved",
    "multiple_choice",
    "docs:",
    "heading:",
    "docs:reports/export-reports",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        proptest::sample::select(NASTY).prop_map(|s| json!(s)),
        "\\PC{0,40}".prop_map(Value::String),
        proptest::collection::vec(any::<char>(), 0..200)
            .prop_map(|cs| Value::String(cs.into_iter().collect())),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body with some of `fields` (any values) and sometimes an unknown field; at times a
/// whole value of another shape.
fn body(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let object = (
        proptest::collection::vec((proptest::sample::select(fields), value()), 0..6),
        proptest::option::of(value()),
    )
        .prop_map(|(pairs, extra)| {
            let mut m = Map::new();
            for (k, v) in pairs {
                m.insert(k.to_string(), v);
            }
            if let Some(v) = extra {
                m.insert("unexpected".into(), v);
            }
            Value::Object(m)
        });
    prop_oneof![8 => object, 1 => value()]
}

/// A query-string value: nasty, arbitrary, or numeric.
fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(NASTY).prop_map(str::to_string),
        "\\PC{0,30}",
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
    ]
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Target {
    rt: tokio::runtime::Runtime,
    router: axum::Router,
    quiz: String,
    item: String,
    conversation: String,
    turn: i64,
    key_id: String,
    _state: Arc<docent_server::AppState>,
    _db: StateDb,
}

impl Target {
    fn new() -> Target {
        let f = planted();
        let db = state_db();
        let mut cfg = config(&db);
        cfg.server.client_per_minute = 0;
        cfg.server.session_per_minute = 0;
        cfg.server.pages_per_minute = 0;
        cfg.server.handoffs_per_minute = 0;
        cfg.server.reports_per_minute = 0;
        cfg.server.quizzes_per_minute = 0;
        cfg.server.unknown_keys_per_minute = 0;
        let state = Arc::new(
            docent_server::AppState::new(cfg, f.index.clone(), Some(f.embedder.clone())).unwrap(),
        );
        let router = docent_server::router(state.clone());
        let rt = runtime();
        let mut t = Target {
            rt,
            router,
            quiz: String::new(),
            item: String::new(),
            conversation: String::new(),
            turn: 0,
            key_id: String::new(),
            _state: state,
            _db: db,
        };
        let (_, q) = t.call(
            Method::POST,
            "/v1/quizzes",
            ADMIN,
            Some(json!({"scope": "exporting reports", "count": 5})),
        );
        t.quiz = q["id"].as_str().unwrap_or_default().to_string();
        t.item = q["items"][0]["id"].as_str().unwrap_or("q1").to_string();
        let (_, a) = t.call(
            Method::POST,
            "/v1/ask",
            WIDGET,
            Some(json!({"question": "How do I export a report?"})),
        );
        t.conversation = a["conversation_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        t.turn = a["turn_id"].as_i64().unwrap_or(1);
        let (_, k) = t.call(
            Method::POST,
            "/v1/keys",
            ADMIN,
            Some(json!({"name": "fuzz", "role": "author"})),
        );
        t.key_id = k["key"]["id"].as_str().unwrap_or_default().to_string();
        t
    }

    fn call(&self, method: Method, path: &str, key: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("x-docent-key", key)
            .header("content-type", "application/json");
        if path.starts_with("/v1/ask") {
            req = req.header("accept", "application/json");
        }
        let mut req = req
            .body(Body::from(body.map(|b| b.to_string()).unwrap_or_default()))
            .unwrap();
        let peer: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(peer));
        self.rt.block_on(async {
            let resp = self.router.clone().oneshot(req).await.unwrap();
            let status = resp.status().as_u16();
            let bytes = axum::body::to_bytes(resp.into_body(), 1 << 24)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).to_string();
            (
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            )
        })
    }

    /// Runs `cases()` cases of `strategy`, sending each with `send`; fails on any 5xx.
    fn fuzz<S: Strategy>(
        &self,
        name: &str,
        strategy: S,
        send: impl Fn(&Self, S::Value) -> (u16, Value),
    ) where
        S::Value: std::fmt::Debug,
    {
        let mut runner = TestRunner::new(PtConfig {
            cases: cases(),
            failure_persistence: None,
            ..PtConfig::default()
        });
        let result = runner.run(&strategy, |input| {
            let (status, reply) = send(self, input);
            prop_assert!(status < 500, "{name}: {status} {reply}");
            Ok(())
        });
        if let Err(e) = result {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn no_request_input_makes_any_route_fail_with_5xx() {
    if !have_model() {
        return;
    }
    let t = Target::new();
    assert!(!t.quiz.is_empty() && !t.conversation.is_empty() && !t.key_id.is_empty());
    t.fuzz(
        "POST /v1/ask",
        body(&["question", "conversation_id", "product"]),
        |t, b| t.call(Method::POST, "/v1/ask", WIDGET, Some(b)),
    );
    let conv = t.conversation.clone();
    let turn = t.turn;
    t.fuzz(
        "POST /v1/feedback",
        (
            body(&["turn_id", "conversation_id", "helpful", "comment"]),
            any::<bool>(),
        ),
        move |t, (mut b, real)| {
            if real {
                if let Value::Object(m) = &mut b {
                    m.insert("conversation_id".into(), json!(conv));
                    m.entry("turn_id").or_insert(json!(turn));
                }
            }
            t.call(Method::POST, "/v1/feedback", WIDGET, Some(b))
        },
    );
    t.fuzz("POST /v1/handoff", body(&["conversation_id"]), |t, b| {
        t.call(Method::POST, "/v1/handoff", WIDGET, Some(b))
    });
    t.fuzz(
        "POST /v1/quizzes",
        body(&["scope", "count", "kinds", "audience", "title", "generator"]),
        |t, b| t.call(Method::POST, "/v1/quizzes", ADMIN, Some(b)),
    );
    let item_path = format!("/v1/quizzes/{}/items/{}", t.quiz, t.item);
    t.fuzz(
        "PATCH /v1/quizzes/{id}/items/{item}",
        body(&["stem", "options", "key", "answers", "explanation", "status"]),
        move |t, b| {
            let r = t.call(Method::PATCH, &item_path, ADMIN, Some(b));
            // Whatever was accepted, every export still works.
            for f in ["gift", "aiken", "qti", "csv"] {
                let (st, v) = t.call(
                    Method::GET,
                    &format!("/v1/quizzes/{}/export?format={f}", t.quiz),
                    ADMIN,
                    None,
                );
                if st >= 500 {
                    return (st, json!({"export": f, "reply": v}));
                }
            }
            r
        },
    );
    t.fuzz(
        "POST /v1/keys",
        body(&["name", "role", "audience", "origins", "expires_days"]),
        |t, b| t.call(Method::POST, "/v1/keys", ADMIN, Some(b)),
    );
    let key_id = t.key_id.clone();
    t.fuzz("POST /v1/keys/{id}/rotate", query_value(), move |t, g| {
        t.call(
            Method::POST,
            &format!("/v1/keys/{key_id}/rotate?grace_hours={}", enc(&g)),
            ADMIN,
            None,
        )
    });
    t.fuzz(
        "GET /v1/search",
        (query_value(), query_value(), query_value()),
        |t, (q, k, m)| {
            t.call(
                Method::GET,
                &format!("/v1/search?q={}&k={}&mode={}", enc(&q), enc(&k), enc(&m)),
                ADMIN,
                None,
            )
        },
    );
    t.fuzz(
        "GET /v1/gaps",
        (query_value(), query_value(), query_value(), query_value()),
        |t, (a, p, f, n)| {
            t.call(
                Method::GET,
                &format!(
                    "/v1/gaps?as_of={}&period={}&format={}&top={}",
                    enc(&a),
                    enc(&p),
                    enc(&f),
                    enc(&n)
                ),
                ADMIN,
                None,
            )
        },
    );
    t.fuzz("GET /docs/{id}", query_value(), |t, id| {
        t.call(Method::GET, &format!("/docs/{}", enc(&id)), WIDGET, None)
    });
}
