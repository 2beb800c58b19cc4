//! Errors are JSON with a message a developer can act on; keys, scopes, origins, sizes and
//! rate limits are enforced; CORS admits only allowed origins.

use serde_json::{json, Value};

use super::*;

fn assert_json_error(status: u16, v: &Value, want_status: u16, code: &str) {
    assert_eq!(status, want_status, "{v}");
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"].as_str().is_some_and(|m| m.len() > 10),
        "{v}"
    );
}

#[test]
fn keys_scopes_and_origins() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    let q = json!({"question": "How do I export a report?"});
    let (st, v) = post(&s, "/v1/ask", None, &q);
    assert_json_error(st, &v, 401, "missing_key");
    let (st, v) = post(&s, "/v1/ask", Some("nope"), &q);
    assert_json_error(st, &v, 401, "unknown_key");
    // A widget key may not search.
    let mut r = agent()
        .get(format!("{}/v1/search?q=export", s.base))
        .header("X-Docent-Key", WIDGET)
        .call()
        .unwrap();
    let v: Value = r.body_mut().read_json().unwrap();
    assert_json_error(r.status().as_u16(), &v, 403, "scope");
    // A key in the URL is refused by name, never read: it would land in logs and history.
    let mut r = agent()
        .get(format!(
            "{}/v1/search?q=internal%20known%20issues&k=3&key={ADMIN}",
            s.base
        ))
        .call()
        .unwrap();
    let v: Value = r.body_mut().read_json().unwrap();
    assert_json_error(r.status().as_u16(), &v, 400, "key_in_url");
    // The admin key may, and sees internal docs.
    let mut r = agent()
        .get(format!(
            "{}/v1/search?q=internal%20known%20issues&k=3",
            s.base
        ))
        .header("X-Docent-Key", ADMIN)
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.body_mut().read_json().unwrap();
    assert_eq!(
        v["results"][0]["doc_id"], "admin/internal-known-issues",
        "{v}"
    );
    // A result count out of range is refused by name, not clamped (an outside review got 50
    // results for k=5000, and k=0 accepted).
    // A blank query is refused, as a blank question is.
    let mut r = agent()
        .get(format!("{}/v1/search?q=%20%E2%80%8B%20", s.base))
        .header("X-Docent-Key", ADMIN)
        .call()
        .unwrap();
    let v: Value = r.body_mut().read_json().unwrap();
    assert_json_error(r.status().as_u16(), &v, 400, "empty_query");
    for k in ["0", "51", "5000", "-1", "1.5", ""] {
        let mut r = agent()
            .get(format!("{}/v1/search?q=export&k={k}", s.base))
            .header("X-Docent-Key", ADMIN)
            .call()
            .unwrap();
        let v: Value = r.body_mut().read_json().unwrap();
        assert_json_error(r.status().as_u16(), &v, 400, "bad_k");
    }
    // A product no document is about is refused by name, with the products there are (it was
    // declined at confidence 0 and counted as unanswered); a known one is answered.
    let (st, v) = post(
        &s,
        "/v1/ask",
        Some(ADMIN),
        &json!({"question": "How do I export a report?", "product": "zzz"}),
    );
    assert_json_error(st, &v, 400, "bad_product");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"reports\""),
        "{v}"
    );
    let (st, v) = post(
        &s,
        "/v1/ask",
        Some(ADMIN),
        &json!({"question": "How do I export a report?", "product": "reports"}),
    );
    assert_eq!(st, 200, "{v}");
    // Origins: listed and own pass, others are refused.
    let from = |origin: &str| {
        let mut r = agent()
            .post(format!("{}/v1/ask", s.base))
            .header("X-Docent-Key", WIDGET)
            .header("Origin", origin)
            .send_json(&q)
            .unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_json::<Value>().unwrap())
    };
    assert_eq!(from("https://help.example.com").0, 200);
    assert_eq!(from(&s.base).0, 200);
    let (st, v) = from("https://evil.example.net");
    assert_json_error(st, &v, 403, "origin");
}

#[test]
fn sizes_and_bad_bodies() {
    if !have_model() {
        return;
    }
    let s = server(|c| c.server.max_body_bytes = 4096);
    let long = "why ".repeat(400);
    let (st, v) = post(&s, "/v1/ask", Some(WIDGET), &json!({"question": long}));
    assert_json_error(st, &v, 413, "question_too_long");
    let huge = "x".repeat(10_000);
    let (st, v) = post(&s, "/v1/ask", Some(WIDGET), &json!({"question": huge}));
    assert_json_error(st, &v, 413, "body_too_large");
    let (st, v) = post(&s, "/v1/ask", Some(WIDGET), &json!({"q": "typo"}));
    assert_json_error(st, &v, 400, "bad_json");
    for blank in ["   ", "\u{200b}\u{200b}", "\u{feff} \u{0}"] {
        let (st, v) = post(&s, "/v1/ask", Some(WIDGET), &json!({"question": blank}));
        assert_json_error(st, &v, 400, "empty_question");
    }
    let (st, v) = post(
        &s,
        "/v1/ask",
        Some(WIDGET),
        &json!({"question": "hi", "conversation_id": "nope"}),
    );
    assert_json_error(st, &v, 404, "unknown_conversation");
    let (st, v) = post(&s, "/v1/nothing", Some(WIDGET), &json!({}));
    assert_json_error(st, &v, 404, "not_found");
}

#[test]
fn rate_limits_answer_429_with_a_friendly_message() {
    if !have_model() {
        return;
    }
    let s = server(|c| c.server.session_per_minute = 2);
    let (st, first) = post(
        &s,
        "/v1/ask",
        Some(WIDGET),
        &json!({"question": "How do I export a report?"}),
    );
    assert_eq!(st, 200);
    let conv = first["conversation_id"].as_str().unwrap();
    let again = json!({"question": "and as PDF?", "conversation_id": conv});
    assert_eq!(post(&s, "/v1/ask", Some(WIDGET), &again).0, 200);
    let mut r = agent()
        .post(format!("{}/v1/ask", s.base))
        .header("X-Docent-Key", WIDGET)
        .send_json(&again)
        .unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|h| h.to_str().unwrap().to_string());
    let v: Value = r.body_mut().read_json().unwrap();
    assert_json_error(status, &v, 429, "rate_limited");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Please wait"),
        "{v}"
    );
    assert!(retry.is_some_and(|r| r.parse::<u64>().unwrap() >= 1));
    // Another conversation is not limited.
    assert_eq!(
        post(
            &s,
            "/v1/ask",
            Some(WIDGET),
            &json!({"question": "How do I export a report?"})
        )
        .0,
        200
    );
    let m = s.state.metrics.render();
    assert!(m.contains("docent_rate_limited_total 1"), "{m}");
}

#[test]
fn cors_preflight_admits_only_allowed_origins() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    assert_eq!(
        preflight(&s, "https://help.example.com").as_deref(),
        Some("https://help.example.com")
    );
    assert_eq!(preflight(&s, "https://evil.example.net"), None);
}

// Issue 16: a library error was answered by whatever its call site chose (500 `internal`, or
// 502 with the model endpoint's URL in the message). A language model that cannot be reached
// is a dependency that is down: 503 with the model's code, and the message names no endpoint.
#[test]
fn a_model_endpoint_that_is_down_is_503_and_names_no_endpoint() {
    if !have_model() {
        return;
    }
    let s = server(|c| {
        c.llm.url = "http://127.0.0.1:9/v1".into();
        c.llm.model = "none".into();
        c.llm.quiz_prompt = repo().join("prompts/quiz.txt").display().to_string();
    });
    let body = json!({"scope": "docs:reports/export-reports", "generator": "llm"});
    let (st, v) = post(&s, "/v1/quizzes", Some(ADMIN), &body);
    assert_json_error(st, &v, 503, "llm_failed");
    let message = v["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("127.0.0.1"), "{v}");
}
