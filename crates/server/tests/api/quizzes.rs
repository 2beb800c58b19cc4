//! The author workflow over HTTP: draft, list, review (edit, approve, reject), stale marking and
//! every export format; widget keys cannot reach it.

use serde_json::{json, Value};

use super::*;

fn get(s: &Server, path: &str, key: &str) -> (u16, String, Vec<u8>) {
    let mut r = agent()
        .get(format!("{}{path}", s.base))
        .header("X-Docent-Key", key)
        .call()
        .unwrap();
    let ct = r
        .headers()
        .get("content-type")
        .map(|h| h.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status().as_u16(), ct, r.body_mut().read_to_vec().unwrap())
}

/// The export's own account of itself: `x-docent-exported` ("3 of 5") and
/// `x-docent-left-out`.
fn export_headers(s: &Server, path: &str) -> (String, Option<String>) {
    let r = agent()
        .get(format!("{}{path}", s.base))
        .header("X-Docent-Key", ADMIN)
        .call()
        .unwrap();
    let h = |name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    (
        h("x-docent-exported").unwrap_or_default(),
        h("x-docent-left-out"),
    )
}

fn patch(s: &Server, path: &str, body: &Value) -> (u16, Value) {
    let mut r = agent()
        .patch(format!("{}{path}", s.base))
        .header("X-Docent-Key", ADMIN)
        .send_json(body)
        .unwrap();
    (r.status().as_u16(), r.body_mut().read_json().unwrap())
}

#[test]
fn a_short_quiz_says_why() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    // A scope the docs do not cover drafts no items and says why.
    let (st, short) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "instant recording", "count": 8}),
    );
    assert_eq!(st, 201, "{short}");
    assert_eq!(short["items"].as_array().map(Vec::len), Some(0), "{short}");
    let note = short["note"].as_str().unwrap_or_default();
    assert!(
        note.starts_with("the scope gave 0 of the 8 items asked for:")
            && note.contains("other than the scope's words"),
        "{short}"
    );
}

#[test]
fn draft_review_and_export_a_quiz() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    let (st, v) = post(
        &s,
        "/v1/quizzes",
        Some(WIDGET),
        &json!({"scope": "exporting reports"}),
    );
    assert_eq!(st, 403, "{v}");
    let (st, v) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "docs:nothing/here"}),
    );
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (400, Some("empty_scope")),
        "{v}"
    );
    // A section of an internal runbook, for customers: a key that reads internal documents is
    // told how to quiz it; a customer author's key learns nothing of it.
    let runbook =
        json!({"scope": "heading:When to escalate to engineering", "audience": "customer"});
    let (st, v) = post(&s, "/v1/quizzes", Some(ADMIN), &runbook);
    let message = v["error"]["message"].as_str().unwrap_or("");
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (400, Some("empty_scope")),
        "{v}"
    );
    assert!(message.contains("is for internal readers"), "{v}");
    let (st, made) = post(
        &s,
        "/v1/keys",
        Some(ADMIN),
        &json!({"name": "course author", "role": "author", "audience": "customer"}),
    );
    assert_eq!(st, 201, "{made}");
    let author = made["secret"].as_str().unwrap().to_string();
    let (st, v) = post(&s, "/v1/quizzes", Some(&author), &runbook);
    let message = v["error"]["message"].as_str().unwrap_or("");
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (400, Some("empty_scope")),
        "{v}"
    );
    assert!(
        message.contains("no matching documentation") && !message.contains("internal"),
        "{v}"
    );

    let (st, quiz) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "docs:reports/export-reports,reports/create-report,alerts/create-alert", "count": 6}),
    );
    assert_eq!(st, 201, "{quiz}");
    let id = quiz["id"].as_str().unwrap().to_string();
    let items = quiz["items"].as_array().unwrap();
    assert_eq!(items.len(), 6, "{quiz}");
    assert!(quiz.get("note").is_none(), "{quiz}");
    for it in items {
        assert!(!it["explanation"].as_str().unwrap().is_empty());
        assert!(it["source"]["doc_id"].as_str().is_some());
    }
    let (st, _, list) = get(&s, "/v1/quizzes", ADMIN);
    assert_eq!(st, 200);
    let list: Value = serde_json::from_slice(&list).unwrap();
    assert_eq!(list["quizzes"][0]["id"], id.as_str());

    // Approve q1, reject q2, edit q3's stem.
    let (st, v) = patch(
        &s,
        &format!("/v1/quizzes/{id}/items/q1"),
        &json!({"status": "approved"}),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["validation"], "ok");
    patch(
        &s,
        &format!("/v1/quizzes/{id}/items/q2"),
        &json!({"status": "rejected"}),
    );
    let new_stem = format!("{} (edited)", items[2]["stem"].as_str().unwrap());
    let (_, v) = patch(
        &s,
        &format!("/v1/quizzes/{id}/items/q3"),
        &json!({"stem": new_stem}),
    );
    assert_eq!(v["item"]["stem"], new_stem.as_str());
    let (st, v) = patch(
        &s,
        &format!("/v1/quizzes/{id}/items/q99"),
        &json!({"status": "approved"}),
    );
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (404, Some("unknown_item"))
    );

    let (_, _, body) = get(&s, &format!("/v1/quizzes/{id}"), ADMIN);
    let q: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(q["items"][0]["status"], "approved");
    assert_eq!(q["items"][1]["status"], "rejected");
    assert_eq!(q["items"][2]["stem"], new_stem.as_str());
    assert!(q["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["stale"] == false));

    // A changed source marks the item stale.
    let mut stored = block_on(s.state.db.quiz(&id)).unwrap().unwrap();
    stored.items[3].source.chunk_hash = "changed".into();
    block_on(s.state.db.update_item(&id, &stored.items[3])).unwrap();
    let (_, _, body) = get(&s, &format!("/v1/quizzes/{id}"), ADMIN);
    let q: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(q["items"][3]["stale"], true);

    for (format, ct) in [
        ("json", "application/json"),
        ("markdown", "text/markdown"),
        ("gift", "text/plain"),
        ("aiken", "text/plain"),
        ("qti", "application/zip"),
        ("csv", "text/csv"),
    ] {
        let (st, got, body) = get(
            &s,
            &format!("/v1/quizzes/{id}/export?format={format}"),
            ADMIN,
        );
        assert_eq!(st, 200, "{format}");
        assert!(got.starts_with(ct), "{format}: {got}");
        assert!(!body.is_empty());
        if format == "json" {
            // The rejected item is not exported, in JSON either (an outside review found it
            // there).
            let back: docent_quiz::Quiz = serde_json::from_slice(&body).unwrap();
            assert_eq!(back.items.len(), 5);
            assert!(back.items.iter().all(|i| i.id != "q2"));
        }
        let text = String::from_utf8_lossy(&body).to_string();
        if format == "gift" {
            // The rejected item is not exported.
            assert!(
                !text.contains("::q2::") && text.contains("::q1::"),
                "{text}"
            );
        }
        // What a text export holds is what its headers say, and what it could not hold is
        // named (an outside review: the API's exports dropped items without a word).
        let held = match format {
            "gift" => Some(text.matches("\n::q").count() + usize::from(text.starts_with("::q"))),
            "aiken" => Some(text.matches("ANSWER: ").count()),
            _ => None,
        };
        if let Some(held) = held {
            let path = format!("/v1/quizzes/{id}/export?format={format}");
            let (exported, left_out) = export_headers(&s, &path);
            assert_eq!(exported, format!("{held} of 5"), "{format}:\n{text}");
            let named = left_out.as_deref().map_or(0, |l| l.matches(" (").count());
            assert_eq!(named, 5 - held, "{format}: {left_out:?}");
        }
    }
    // A format that can hold none of a quiz's items is refused, never an empty file (an
    // outside re-check downloaded one with 200).
    let (st, only) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "docs:reports/export-reports,reports/create-report", "count": 3, "kinds": ["ordering"]}),
    );
    assert_eq!(st, 201, "{only}");
    assert!(
        !only["items"].as_array().unwrap().is_empty(),
        "the ordering quiz drafted no item: {only}"
    );
    let only_id = only["id"].as_str().unwrap();
    let (st, _, body) = get(
        &s,
        &format!("/v1/quizzes/{only_id}/export?format=aiken"),
        ADMIN,
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (422, Some("empty_export")),
        "{v}"
    );
    let (st, _, body) = get(&s, &format!("/v1/quizzes/{id}/export?format=docx"), ADMIN);
    assert_eq!(st, 400, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn gap_report_for_lead_keys_only_with_chat_signals() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    // An unanswered question becomes a signal.
    post(
        &s,
        "/v1/ask",
        Some(WIDGET),
        &json!({"question": "How do I bake sourdough bread?"}),
    );
    let (st, _, body) = get(&s, "/v1/gaps", WIDGET);
    assert_eq!(st, 403, "{}", String::from_utf8_lossy(&body));
    let (st, ct, body) = get(&s, "/v1/gaps?format=json", ADMIN);
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
    assert!(ct.starts_with("application/json"));
    let r: Value = serde_json::from_slice(&body).unwrap();
    // Two tickets in the fixture plus the unanswered question.
    assert_eq!(r["data_quality"]["signals"], 3, "{r}");
    let (st, ct, body) = get(&s, "/v1/gaps?format=html", ADMIN);
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/html"));
    assert!(String::from_utf8(body)
        .unwrap()
        .starts_with("<!doctype html>"));
    let (st, _, _) = get(&s, "/v1/gaps?format=pdf", ADMIN);
    assert_eq!(st, 400);
    let (st, _, page) = get(&s, "/lead", ADMIN);
    assert_eq!(st, 200);
    assert!(String::from_utf8(page)
        .unwrap()
        .contains("src=\"/assets/lead.js\""));
    let (st, _, script) = get(&s, "/assets/lead.js", ADMIN);
    assert_eq!(st, 200);
    assert!(String::from_utf8(script).unwrap().contains("/v1/gaps"));
}

fn delete(s: &Server, path: &str, key: &str) -> u16 {
    agent()
        .delete(format!("{}{path}", s.base))
        .header("X-Docent-Key", key)
        .call()
        .unwrap()
        .status()
        .as_u16()
}

/// `GET /v1/analytics` counts what the server stored (lead keys only), in JSON, CSV and an HTML
/// page without scripts; topics marked as not gaps are stored, listed and removed.
#[test]
fn analytics_and_not_a_gap_marks_for_lead_keys_only() {
    if !have_model() {
        return;
    }
    let s = server(|_| {});
    let mut answered = 0;
    for q in [
        "How do I bake sourdough bread?",
        "How do I export a report to Excel?",
    ] {
        let (st, v) = post(&s, "/v1/ask", Some(WIDGET), &json!({"question": q}));
        assert_eq!(st, 200, "{v}");
        answered += i64::from(v["answered"].as_bool().unwrap());
    }
    let (st, _, _) = get(&s, "/v1/analytics", WIDGET);
    assert_eq!(st, 403);
    let (st, ct, body) = get(&s, "/v1/analytics?period=day", ADMIN);
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
    assert!(ct.starts_with("application/json"));
    let a: Value = serde_json::from_slice(&body).unwrap();
    let asked = block_on(s.state.db.totals()).unwrap().turns;
    assert_eq!(asked, 2);
    assert_eq!(a["total"]["questions"], asked, "{a}");
    assert_eq!(a["total"]["answered"], answered, "{a}");
    assert_eq!(a["periods"].as_array().unwrap().len(), 14, "{a}");
    let (st, ct, body) = get(&s, "/v1/analytics?period=day&format=csv", ADMIN);
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/csv"));
    assert_eq!(String::from_utf8(body).unwrap().lines().count(), 1 + 14 + 1);
    let (st, _, body) = get(&s, "/v1/analytics?format=html", ADMIN);
    assert_eq!(st, 200);
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<svg") && !page.contains("<script"), "{page}");
    for bad in [
        "period=month",
        "format=pdf",
        "format=text",
        "from=2026-02-01&to=2026-01-01",
        "from=yesterday",
    ] {
        let (st, _, body) = get(&s, &format!("/v1/analytics?{bad}"), ADMIN);
        assert_eq!(st, 400, "{bad}: {}", String::from_utf8_lossy(&body));
    }
    // Not-a-gap marks.
    let key = "7f".repeat(384);
    let (st, _) = post(
        &s,
        "/v1/gaps/dismissed",
        Some(WIDGET),
        &json!({"label": "x", "key": key}),
    );
    assert_eq!(st, 403);
    let (st, v) = post(
        &s,
        "/v1/gaps/dismissed",
        Some(ADMIN),
        &json!({"label": "x", "key": "7f7f"}),
    );
    assert_eq!(st, 400, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("dimensions"),
        "{v}"
    );
    let (st, v) = post(
        &s,
        "/v1/gaps/dismissed",
        Some(ADMIN),
        &json!({"label": "WhatsApp questions", "key": key, "reason": "wrong site"}),
    );
    assert_eq!(st, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (st, _, body) = get(&s, "/v1/gaps/dismissed", ADMIN);
    assert_eq!(st, 200);
    let list: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        list["dismissed"][0]["label"], "WhatsApp questions",
        "{list}"
    );
    assert_eq!(delete(&s, &format!("/v1/gaps/dismissed/{id}"), WIDGET), 403);
    assert_eq!(delete(&s, &format!("/v1/gaps/dismissed/{id}"), ADMIN), 204);
    assert_eq!(delete(&s, &format!("/v1/gaps/dismissed/{id}"), ADMIN), 404);
    assert_eq!(delete(&s, "/v1/gaps/dismissed/abc", ADMIN), 404);
    let (_, _, script) = get(&s, "/assets/lead.js", ADMIN);
    let script = String::from_utf8(script).unwrap();
    assert!(script.contains("/v1/analytics") && script.contains("/v1/gaps/dismissed"));
}
