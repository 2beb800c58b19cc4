//! Security regressions: one test per attack of the outside probe (issue 13) and a bounded
//! fuzz of every route's JSON body. Each test reproduces the attack against a real server on
//! a loopback port (the real model, the sample docs plus planted ones, its own SQLite
//! database) and fails on the code the probe found vulnerable.
//!
//! Proves:
//! 1. doc Markdown cannot add attributes or script links to Docent's pages (stored XSS);
//! 2. every HTML page sends a CSP without inline scripts, frame-ancestors, nosniff and a
//!    referrer policy, and carries no inline script; the lead page's report frame is sandboxed;
//! 3. a `javascript:` document URL is refused at ingestion and never cited; the widget drops
//!    non-web citation links by itself (in a real browser);
//! 4. quizzes are seen only by keys whose audience covers their sources, edited only by their
//!    owner or an admin, and an edit that would break exports is refused with 422;
//! 5. chat questions and feedback comments are stored redacted, so the gap report never shows
//!    a customer's email, phone or card number;
//! 6. work per request is bounded: a gap report's `as_of` and period count, gap reports and
//!    pages per minute, hand-offs per conversation;
//! 7. key lifetimes that overflow are refused without a panic, and a rotation never outlives
//!    the rotated key;
//! 8. feedback and hand-off need the conversation that owns the turn;
//! 9. `X-Forwarded-For` counts only from trusted proxies; CORS admits stored keys' origins;
//!    a `Host` header alone never makes an origin the server's own;
//! 10. no JSON body sent to any route makes the server answer 5xx (property-based fuzzing);
//! 11. (second review) the public pages never print a customer key; follow-ups cannot grow
//!     what a conversation stores turn after turn; a client that never finishes its headers
//!     is disconnected.
//!
//! 11. an item edited to hold control characters, XML/HTML metacharacters and GIFT's special
//!     characters exports in every format as a well-formed, escaped file (issue 13 item 8;
//!     the exporters' own tests are in `crates/quiz/tests`).

#[path = "../common/mod.rs"]
mod common;

mod fuzz;

use std::sync::OnceLock;

use common::*;
use serde_json::{json, Value};

/// A planted doc whose heading attributes and links try to run script on Docent's origin.
const XSS_DOC: &str = "---\ntitle: Planted heading\n---\n# Planted heading {#x autofocus onfocus=alert(document.domain)}\n\nPlanted text about heading attributes.\n\n## Links {.evil onmouseover=alert(9)}\n\n[click me](javascript:alert(1)) and <javascript:alert(2)> and [data](data:text/html,<script>alert(3)</script>) and ![img](javascript:alert(4)) and [tab](java\tscript:alert(5)) and <img src=x onerror=alert(6)>.\n";

/// A planted doc whose citation URL is a script.
const JS_URL_DOC: &str = "---\ntitle: Planted URL\nurl: javascript:alert(document.cookie)\n---\n# Planted URL\n\nThe planted zebra setting lives under Settings.\n";

/// A public how-to page whose request sends a parameter a setting must enable first.
const PUBLIC_FILTER_DOC: &str = "---\ntitle: Filter search results\naudience: public\n---\n# Filter search results\n\nTo filter search results by an attribute, send a search request with a `filter` parameter:\n\n```bash\ncurl -X POST 'https://api.lumio.example/v1/indexes/products/search' \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{ \"q\": \"shoes\", \"filter\": \"price > 10\" }'\n```\n\nThe response lists only the matching documents.\n";

/// An internal runbook stating that setting's requirement, with a secret in it (third probe,
/// finding 1: the requirement lookup read every doc, whatever its audience).
const INTERNAL_FILTER_DOC: &str = "---\ntitle: Filter operations runbook (internal)\naudience: internal\n---\n# Filter operations runbook (internal)\n\nBefore you can filter on an attribute, you must add it to the `filterableAttributes` setting with the ops master token INTERNAL-MASTER-TOKEN-7731 from the vault:\n\n```bash\ncurl -X PUT 'https://ops.internal.lumio.example/indexes/products/settings/filterable-attributes' -H 'Authorization: Bearer INTERNAL-MASTER-TOKEN-7731' --data-binary '[\"price\"]'\n```\n";

fn planted() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        Fixture::build(&[
            ("xss/heading.md", XSS_DOC),
            ("refused-js-url.md", JS_URL_DOC),
            ("probe/search-filter.md", PUBLIC_FILTER_DOC),
            ("probe/internal-filter-ops.md", INTERNAL_FILTER_DOC),
        ])
    })
}

fn get(s: &Server, path: &str, headers: &[(&str, &str)]) -> (u16, String, ureq::http::HeaderMap) {
    let mut req = agent().get(format!("{}{path}", s.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut resp = req.call().unwrap();
    let status = resp.status().as_u16();
    let h = resp.headers().clone();
    (status, resp.body_mut().read_to_string().unwrap(), h)
}

fn send(
    s: &Server,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let url = format!("{}{path}", s.base);
    let a = agent();
    let mut resp = match (method, body) {
        ("PATCH", Some(b)) => {
            let mut r = a.patch(&url);
            if let Some(k) = key {
                r = r.header("X-Docent-Key", k);
            }
            r.send_json(b).unwrap()
        }
        ("POST", Some(b)) => {
            let mut r = a.post(&url);
            if let Some(k) = key {
                r = r.header("X-Docent-Key", k);
            }
            r.send_json(b).unwrap()
        }
        ("POST", None) => {
            let mut r = a.post(&url);
            if let Some(k) = key {
                r = r.header("X-Docent-Key", k);
            }
            r.send_empty().unwrap()
        }
        ("DELETE", _) => {
            let mut r = a.delete(&url);
            if let Some(k) = key {
                r = r.header("X-Docent-Key", k);
            }
            r.call().unwrap()
        }
        _ => {
            let mut r = a.get(&url);
            if let Some(k) = key {
                r = r.header("X-Docent-Key", k);
            }
            r.call().unwrap()
        }
    };
    let status = resp.status().as_u16();
    let bytes = resp.body_mut().read_to_vec().unwrap();
    let text = String::from_utf8_lossy(&bytes).to_string();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn ask(s: &Server, q: &str, conv: Option<&str>) -> Value {
    let mut body = json!({"question": q});
    if let Some(c) = conv {
        body["conversation_id"] = json!(c);
    }
    let (status, v) = post(s, "/v1/ask", Some(WIDGET), &body);
    assert_eq!(status, 200, "{v}");
    v
}

/// A stored key made through the admin API: (id, secret).
fn stored_key(s: &Server, role: &str, audience: &str, origins: &[&str]) -> (String, String) {
    let (st, v) = post(
        s,
        "/v1/keys",
        Some(ADMIN),
        &json!({"name": format!("{role} {audience}"), "role": role, "audience": audience, "origins": origins}),
    );
    assert_eq!(st, 201, "{v}");
    (
        v["key"]["id"].as_str().unwrap().to_string(),
        v["secret"].as_str().unwrap().to_string(),
    )
}

/// The real tags of a page (text is escaped, so every raw `<` opens a tag), lower-cased.
fn tags(page: &str) -> Vec<String> {
    page.split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or("").to_lowercase())
        .collect()
}

/// True when a tag carries an event handler (`on...=`) or `autofocus`.
fn has_handler(tag: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '/')
        .skip(1)
        .any(|a| (a.starts_with("on") && a.contains('=')) || a.starts_with("autofocus"))
}

// 1. Stored XSS through doc Markdown.
#[test]
fn doc_heading_attributes_cannot_add_event_handlers() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, page, _) = get(&s, "/docs/xss/heading", &[]);
    assert_eq!(st, 200, "{page}");
    for tag in tags(&page) {
        assert!(!has_handler(&tag), "<{tag}> reached the page");
        assert!(!tag.contains("evil"), "<{tag}> kept a class");
    }
    assert!(
        page.contains("<h1 id=\"x\">"),
        "the anchor survives: {page}"
    );
    assert!(page.contains("Planted text"), "{page}");
}

// Third probe, finding 1: evidence the tutor adds around its hits (a requirement stated on
// another page, the request applying it) is held to the asker's audience like the hits.
#[test]
fn an_internal_requirement_never_reaches_an_answer_below_its_audience() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let q = json!({"question": "How do I filter search results by price?"});
    let (_, internal) = stored_key(&s, "widget", "internal", &[]);
    let (st, inside) = post(&s, "/v1/ask", Some(&internal), &q);
    assert_eq!(st, 200, "{inside}");
    // The plant works: an internal asker gets the runbook's requirement.
    assert!(
        inside.to_string().contains("INTERNAL-MASTER-TOKEN-7731"),
        "{inside}"
    );
    let (_, public) = stored_key(&s, "widget", "public", &[]);
    for key in [WIDGET, public.as_str()] {
        let (st, v) = post(&s, "/v1/ask", Some(key), &q);
        assert_eq!(st, 200, "{v}");
        assert_eq!(v["answered"], true, "the public page still answers: {v}");
        let text = v.to_string();
        assert!(!text.contains("INTERNAL-MASTER-TOKEN"), "{text}");
        assert!(!text.contains("internal-filter-ops"), "{text}");
        assert!(!text.contains("runbook"), "{text}");
    }
}

#[test]
fn doc_javascript_links_and_autolinks_render_as_text() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (_, page, _) = get(&s, "/docs/xss/heading", &[]);
    for tag in tags(&page) {
        for scheme in ["javascript:", "data:", "vbscript:"] {
            assert!(!tag.contains(scheme), "<{tag}> links to {scheme}");
        }
        assert!(!tag.starts_with("img src=x"), "<{tag}>");
    }
    assert!(page.contains("click me"), "the link text stays: {page}");
    assert!(
        page.contains("javascript:alert(2)"),
        "the autolink is text: {page}"
    );
}

// 1. Security headers and no inline scripts on any HTML page.
#[test]
fn html_pages_send_a_strict_csp_and_carry_no_inline_script() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    for path in [
        "/demo",
        "/docs",
        "/docs/reports/export-reports",
        "/author",
        "/lead",
    ] {
        let (st, page, h) = get(&s, path, &[]);
        assert_eq!(st, 200, "{path}");
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_str()
            .unwrap();
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_else(|| panic!("{path}: no script-src in {csp}"));
        assert!(!script_src.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert!(h.get("referrer-policy").is_some(), "{path}");
        // Every <script> has a src: nothing inline for the CSP to forbid.
        for tag in page.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or("");
            assert!(
                open.contains("src="),
                "{path}: inline script <script{open}>"
            );
        }
    }
    let (_, _, h) = get(&s, "/author", &[]);
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
}

#[test]
fn lead_report_frame_is_sandboxed() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (_, page, _) = get(&s, "/lead", &[]);
    let frame = page
        .split("<iframe")
        .nth(1)
        .expect("the lead page has its frame");
    let open = frame.split('>').next().unwrap();
    assert!(open.contains("sandbox=\""), "{open}");
    assert!(!open.contains("allow-scripts"), "{open}");
    assert!(!open.contains("allow-same-origin"), "{open}");
}

// 2. javascript: citation links.
#[test]
fn javascript_document_url_is_refused_at_ingestion_and_never_cited() {
    if !have_model() {
        return;
    }
    let f = planted();
    assert!(
        f.problems
            .iter()
            .any(|p| p.contains("refused-js-url.md") && p.contains("not a web link")),
        "{:?}",
        f.problems
    );
    let s = server_on(f, |_| {});
    let v = ask(&s, "Where does the planted zebra setting live?", None);
    let all = v.to_string().to_lowercase();
    assert!(!all.contains("javascript:"), "{v}");
}

#[test]
fn widget_drops_non_web_citation_links_in_a_real_browser() {
    if !have_model() || !browser_ready() {
        return;
    }
    // The demo page embeds a public widget key only.
    let s = server_on(planted(), |c| c.server.keys.push(public_widget_key()));
    let r = node(&["widget-links.mjs", &s.base]);
    let hrefs: Vec<&str> = r["hrefs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(hrefs.len() >= 4, "{r}");
    for h in &hrefs {
        let h = h.to_lowercase();
        assert!(
            h.starts_with("http://") || h.starts_with("https://") || h == "#",
            "{h}"
        );
    }
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("https://docs.example.com/")),
        "{r}"
    );
    assert_eq!(r["alerts"], 0, "{r}");
    // Third probe, finding 8: the default hand-off (`mailto:`) was dropped with the scripts.
    let opened: Vec<&str> = r["opened"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        opened.contains(&"mailto:support@example.com?subject=Help"),
        "{r}"
    );
    assert!(
        opened.iter().all(|u| !u.to_lowercase().contains("script")),
        "{r}"
    );
    // Not confirmed by the probe, found reading it: a part streamed before a model failed
    // stayed on screen beside the fallback's answer. The final answer replaces the stream.
    let answer = r["answer"].as_str().unwrap_or_default();
    assert!(answer.contains("Part 1."), "{r}");
    assert!(!answer.contains("failed model"), "{r}");
    // A link in a part reads as its text, its URL's parentheses included (session 55 probe).
    assert!(answer.contains("Keep it in the vault today."), "{r}");
}

/// A widget key for the public audience, which the demo pages may print.
fn public_widget_key() -> docent_core::ApiKey {
    docent_core::ApiKey {
        key: "public-demo-key".into(),
        sha256: String::new(),
        audience: docent_core::Audience::Public,
        origins: Vec::new(),
        scopes: vec!["ask".parse().unwrap(), "feedback".parse().unwrap()],
    }
}

/// Runs a script of `crates/server/tests/browser` with node: its JSON summary on stdout.
fn node(args: &[&str]) -> Value {
    let o = std::process::Command::new("node")
        .current_dir(repo().join("crates/server/tests/browser"))
        .args(args)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap()
}

fn browser_ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let pkg = repo().join("crates/server/tests/browser/node_modules/playwright-core");
    let ok = std::path::Path::new(&chromium).exists() && pkg.exists();
    if !ok {
        assert!(
            std::env::var("CI").is_err(),
            "CI: Chromium or playwright-core missing (run scripts/setup-browser.sh)"
        );
        eprintln!("skipping: Chromium or playwright-core missing (run scripts/setup-browser.sh)");
    }
    ok
}

// Outside probe (session 54): the citation of a customer page opened `/docs/...` in a new tab,
// which serves public pages only, so a customer's source was a 404. In a real browser, on a
// page embedding the widget with a customer key, the source opens in the widget's reader at
// the cited section, and no tab opens.
#[test]
fn a_customer_citation_opens_in_the_widget_reader_in_a_real_browser() {
    if !have_model() || !browser_ready() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let out = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("widget-reader");
    std::fs::create_dir_all(&out).unwrap();
    let r = node(&[
        "widget-reader.mjs",
        &s.base,
        WIDGET,
        "How do I download a past invoice?",
        out.to_str().unwrap(),
    ]);
    assert!(
        r["source_href"]
            .as_str()
            .unwrap()
            .contains("/docs/billing/invoices#download-past-invoices"),
        "{r}"
    );
    assert_eq!(r["article"], "Invoices and receipts", "{r}");
    assert_eq!(r["target"], "Download past invoices", "{r}");
    assert_eq!(r["target_visible"], true, "{r}");
    assert_eq!(r["log_hidden"], true, "{r}");
    // A customer page has no public page to offer.
    assert_eq!(r["page_link_shown"], false, "{r}");
    assert_eq!(r["opened"], json!([]), "{r}");
    assert_eq!(r["popups"], json!([]), "{r}");
    assert_eq!(r["log_after_back"], true, "{r}");
    assert_eq!(r["console_errors"], json!([]), "{r}");
}

// 3. Quizzes ignore audience and owner.
fn internal_quiz(s: &Server) -> (String, String) {
    let (st, q) = post(
        s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "docs:admin/internal-known-issues", "count": 5, "audience": "internal"}),
    );
    assert_eq!(st, 201, "{q}");
    let id = q["id"].as_str().unwrap().to_string();
    let item = q["items"][0]["id"]
        .as_str()
        .expect("the internal doc yields items")
        .to_string();
    (id, item)
}

/// A public author key made for the test, after checking that it neither lists nor reads
/// `quiz` (404, as for a quiz that does not exist).
fn hidden_from_a_public_author(s: &Server, quiz: &str) -> String {
    let (_, public_author) = stored_key(s, "author", "public", &[]);
    let (st, list) = send(s, "GET", "/v1/quizzes", Some(&public_author), None);
    assert_eq!(st, 200, "{list}");
    assert!(!list.to_string().contains(quiz), "listed: {list}");
    let (st, v) = send(
        s,
        "GET",
        &format!("/v1/quizzes/{quiz}"),
        Some(&public_author),
        None,
    );
    assert_eq!(st, 404, "read: {v}");
    public_author
}

#[test]
fn quiz_from_internal_docs_is_invisible_to_a_public_author_key() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (quiz, item) = internal_quiz(&s);
    let public_author = hidden_from_a_public_author(&s, &quiz);
    let (st, v) = send(
        &s,
        "GET",
        &format!("/v1/quizzes/{quiz}/export?format=gift"),
        Some(&public_author),
        None,
    );
    assert_eq!(st, 404, "exported: {v}");
    let (st, v) = send(
        &s,
        "PATCH",
        &format!("/v1/quizzes/{quiz}/items/{item}"),
        Some(&public_author),
        Some(&json!({"status": "approved"})),
    );
    assert_eq!(st, 404, "edited: {v}");
}

// Ninth probe, finding 1: a quiz was stamped with its sources' audience only, while its wrong
// answers come from every document its readers may read, so a quiz drafted for internal
// readers on a public page (offering internal menu paths as options) was readable by public
// author keys.
#[test]
fn quiz_for_internal_readers_on_a_public_page_stays_internal() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, q) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "docs:data-sources/csv-upload", "count": 3, "audience": "internal"}),
    );
    assert_eq!(st, 201, "{q}");
    assert!(
        q["items"].as_array().is_some_and(|i| !i.is_empty()),
        "the public page yields items: {q}"
    );
    let quiz = q["id"].as_str().unwrap().to_string();
    hidden_from_a_public_author(&s, &quiz);
}

#[test]
fn quiz_is_edited_only_by_its_owner_or_an_admin() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (_, author) = stored_key(&s, "author", "internal", &[]);
    let (st, q) = post(
        &s,
        "/v1/quizzes",
        Some(&author),
        &json!({"scope": "exporting reports", "count": 3}),
    );
    assert_eq!(st, 201, "{q}");
    let quiz = q["id"].as_str().unwrap();
    let item = q["items"][0]["id"].as_str().unwrap();
    let path = format!("/v1/quizzes/{quiz}/items/{item}");
    let (_, other) = stored_key(&s, "author", "internal", &[]);
    let (st, v) = send(
        &s,
        "GET",
        &format!("/v1/quizzes/{quiz}"),
        Some(&other),
        None,
    );
    assert_eq!(st, 200, "another author of the same audience may read: {v}");
    let (st, v) = send(
        &s,
        "PATCH",
        &path,
        Some(&other),
        Some(&json!({"status": "rejected"})),
    );
    assert_eq!(st, 403, "{v}");
    assert_eq!(v["error"]["code"], "not_owner");
    let (st, v) = send(
        &s,
        "PATCH",
        &path,
        Some(&author),
        Some(&json!({"status": "approved"})),
    );
    assert_eq!(st, 200, "the owner may: {v}");
    let (st, v) = send(
        &s,
        "PATCH",
        &path,
        Some(ADMIN),
        Some(&json!({"status": "approved"})),
    );
    assert_eq!(st, 200, "an admin may: {v}");
    // Sixth probe, finding 9: what an author writes is kept without the controls that
    // reorder or rewrite text, as chat questions are.
    let (st, v) = send(
        &s,
        "PATCH",
        &path,
        Some(&author),
        Some(&json!({"explanation": "Which is \u{202e}gnorw\u{202c} the\u{1b}[31m one"})),
    );
    assert_eq!(st, 200, "{v}");
    let (_, v) = send(
        &s,
        "GET",
        &format!("/v1/quizzes/{quiz}"),
        Some(&author),
        None,
    );
    let edited = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == item)
        .unwrap();
    assert_eq!(
        edited["explanation"], "Which is gnorw the[31m one",
        "{edited}"
    );
}

// Eighth probe, findings 5 and 10: a quiz's scope (and the title made from it) kept bidi
// overrides, escapes and line separators that other authors then read; and rotating an author
// key took its quizzes away from it (ownership stayed with the old key's id).
#[test]
fn a_quiz_scope_is_stored_clean_and_its_owner_keeps_it_through_a_rotation() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (author_id, author) = stored_key(&s, "author", "internal", &[]);
    let (st, q) = post(
        &s,
        "/v1/quizzes",
        Some(&author),
        &json!({"scope": "exporting \u{202e}stroper\u{202c} \u{1b}[2J\u{7}reports\u{2028}\u{200b}", "count": 3}),
    );
    assert_eq!(st, 201, "{q}");
    let quiz = q["id"].as_str().unwrap();
    let item = q["items"][0]["id"]
        .as_str()
        .expect("the scope yields items");
    for field in ["scope", "title"] {
        let text = q[field].as_str().unwrap();
        assert!(
            !text.contains(['\u{202e}', '\u{202c}', '\u{1b}', '\u{7}', '\u{2028}', '\u{200b}']),
            "{field}: {text:?}"
        );
    }
    let (st, v) = send(
        &s,
        "POST",
        &format!("/v1/keys/{author_id}/rotate?grace_hours=0"),
        Some(ADMIN),
        None,
    );
    assert_eq!(st, 201, "{v}");
    let (rotated_id, rotated) = (
        v["key"]["id"].as_str().unwrap().to_string(),
        v["secret"].as_str().unwrap().to_string(),
    );
    // A second rotation, with a grace period: the newest secret (two rotations on) and the
    // one in its grace period both still edit.
    let (st, v) = send(
        &s,
        "POST",
        &format!("/v1/keys/{rotated_id}/rotate?grace_hours=1"),
        Some(ADMIN),
        None,
    );
    assert_eq!(st, 201, "{v}");
    let newest = v["secret"].as_str().unwrap().to_string();
    for (who, secret) in [("the newest", &newest), ("in grace", &rotated)] {
        let (st, v) = send(
            &s,
            "PATCH",
            &format!("/v1/quizzes/{quiz}/items/{item}"),
            Some(secret),
            Some(&json!({"status": "approved"})),
        );
        assert_eq!(st, 200, "{who} key still owns the quiz: {v}");
    }
    let (_, stranger) = stored_key(&s, "author", "internal", &[]);
    let (st, _) = send(
        &s,
        "PATCH",
        &format!("/v1/quizzes/{quiz}/items/{item}"),
        Some(&stranger),
        Some(&json!({"status": "approved"})),
    );
    assert_eq!(st, 403, "another author does not");
}

// 7. Invalid edits, then exports.
#[test]
fn invalid_item_edit_is_refused_and_every_export_still_works() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, q) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "exporting reports", "count": 5, "kinds": ["multiple_choice"]}),
    );
    assert_eq!(st, 201, "{q}");
    let quiz = q["id"].as_str().unwrap();
    let before = q["items"][0].clone();
    let item = before["id"].as_str().unwrap();
    let path = format!("/v1/quizzes/{quiz}/items/{item}");
    for edit in [
        json!({"key": []}),
        json!({"options": []}),
        json!({"key": [7]}),
        json!({"key": [0, 0]}),
        json!({"options": ["a", "a", "b", "c"]}),
        json!({"stem": "   "}),
    ] {
        let (st, v) = send(&s, "PATCH", &path, Some(ADMIN), Some(&edit));
        assert_eq!(st, 422, "{edit}: {v}");
        assert_eq!(v["error"]["code"], "invalid_item", "{v}");
    }
    let (_, now) = send(&s, "GET", &format!("/v1/quizzes/{quiz}"), Some(ADMIN), None);
    assert_eq!(
        now["items"][0]["options"], before["options"],
        "item kept as it was"
    );
    assert_eq!(now["items"][0]["key"], before["key"]);
    for format in ["gift", "aiken", "qti", "csv", "markdown", "json"] {
        let (st, v) = send(
            &s,
            "GET",
            &format!("/v1/quizzes/{quiz}/export?format={format}"),
            Some(ADMIN),
            None,
        );
        assert_eq!(st, 200, "{format}: {v}");
    }
}

// 4. Personal data of chat users.
#[test]
fn chat_questions_and_comments_are_stored_redacted() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let v = ask(
        &s,
        "My email is jane.roe@example.com and my phone is +1 415 555 0134, card 4111 1111 1111 1111: can you bake bread?",
        None,
    );
    let turn = v["turn_id"].as_i64().unwrap();
    let conv = v["conversation_id"].as_str().unwrap();
    let (st, fb) = post(
        &s,
        "/v1/feedback",
        Some(WIDGET),
        &json!({"turn_id": turn, "conversation_id": conv, "helpful": false, "comment": "call me on +1 415 555 0134 or mail jane.roe@example.com"}),
    );
    assert_eq!(st, 201, "{fb}");
    let stored = block_on(s.state.db.transcript(conv)).unwrap();
    let unanswered = block_on(s.state.db.unanswered(10, docent_state::db::OnIndex::Any)).unwrap();
    let comments = block_on(s.state.db.feedback_for(turn)).unwrap();
    let everything = format!("{stored:?} {unanswered:?} {comments:?}");
    for secret in ["jane.roe@example.com", "555 0134", "4111 1111 1111 1111"] {
        assert!(
            !everything.contains(secret),
            "{secret} stored: {everything}"
        );
    }
    assert!(everything.contains("[EMAIL]"), "{everything}");
    let (st, report) = send(&s, "GET", "/v1/gaps?format=json", Some(ADMIN), None);
    assert_eq!(st, 200, "{report}");
    assert!(!report.to_string().contains("jane.roe"), "{report}");
}

// Third probe, findings 4-6: an admin key confined to an audience made keys above it; a lead
// key's audience read as a restriction it was not; origins were stored unchecked (`null`,
// which every sandboxed frame sends, passed a key's origin check).
#[test]
fn keys_are_made_only_as_they_read() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (_, public_admin) = stored_key(&s, "admin", "public", &[]);
    let make = |key: &str, body: Value| post(&s, "/v1/keys", Some(key), &body);
    let (st, v) = make(
        &public_admin,
        json!({"name": "escalate", "role": "admin", "audience": "internal"}),
    );
    assert_eq!(st, 403, "{v}");
    assert_eq!(v["error"]["code"], "audience", "{v}");
    // Omitted, an admin key's audience is internal: above this caller too.
    let (st, v) = make(&public_admin, json!({"name": "escalate", "role": "author"}));
    assert_eq!(st, 403, "{v}");
    let (st, v) = make(
        &public_admin,
        json!({"name": "same", "role": "widget", "audience": "public"}),
    );
    assert_eq!(st, 201, "{v}");
    let (st, v) = make(
        ADMIN,
        json!({"name": "lead", "role": "lead", "audience": "public"}),
    );
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["error"]["code"], "audience", "{v}");
    for origin in ["null", "https://x.example/path", "https://x.example\r\n"] {
        let (st, v) = make(
            ADMIN,
            json!({"name": "o", "role": "widget", "origins": [origin]}),
        );
        assert_eq!(st, 422, "{origin:?}: {v}");
        assert_eq!(v["error"]["code"], "origins", "{v}");
    }
}

// Sixth probe, findings 1 and 3: an admin key confined to an audience rotated keys above it
// (and was handed their new secret), revoked them, and read the gap report and analytics,
// which cover every ticket and every audience's conversations.
#[test]
fn a_confined_admin_key_touches_no_key_above_it_and_reads_no_report() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (_, public_admin) = stored_key(&s, "admin", "public", &[]);
    let (internal_id, internal_secret) = stored_key(&s, "author", "internal", &[]);
    let (widget_id, _) = stored_key(&s, "widget", "public", &[]);
    let (st, listed) = send(&s, "GET", "/v1/keys", Some(&public_admin), None);
    assert_eq!(st, 200, "{listed}");
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k["id"].as_str())
        .collect();
    assert!(ids.contains(&widget_id.as_str()), "{listed}");
    assert!(!ids.contains(&internal_id.as_str()), "{listed}");
    let rotate = |id: &str| format!("/v1/keys/{id}/rotate?grace_hours=0");
    let (st, v) = send(&s, "POST", &rotate(&internal_id), Some(&public_admin), None);
    assert_eq!(st, 404, "{v}");
    let (st, v) = send(
        &s,
        "DELETE",
        &format!("/v1/keys/{internal_id}"),
        Some(&public_admin),
        None,
    );
    assert_eq!(st, 404, "{v}");
    let (st, v) = send(&s, "GET", "/v1/quizzes", Some(&internal_secret), None);
    assert_eq!(st, 200, "the internal key still works: {v}");
    let (st, v) = send(&s, "POST", &rotate(&widget_id), Some(&public_admin), None);
    assert_eq!(st, 201, "a key within its audience: {v}");
    for path in ["/v1/gaps", "/v1/analytics"] {
        let (st, v) = send(&s, "GET", path, Some(&public_admin), None);
        assert_eq!(st, 403, "{path}: {v}");
        assert_eq!(v["error"]["code"], "scope", "{v}");
        let (st, v) = send(&s, "GET", path, Some(ADMIN), None);
        assert_ne!(st, 403, "{path}, an internal admin key: {v}");
    }
}

// Third probe, finding 10: a route asked with a method it does not take answered an empty 405.
#[test]
fn a_wrong_method_gets_the_json_error() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    for path in ["/v1/ask", "/healthz", "/v1/keys", "/docs/xss/heading"] {
        let mut resp = agent()
            .put(format!("{}{path}", s.base))
            .send_empty()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 405, "{path}");
        let body: Value = serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(
            body["error"]["code"], "method_not_allowed",
            "{path}: {body}"
        );
    }
}

// Tenth probe, findings 3 and 4: a key named with a line break printed a forged key row in
// `docent keys list`; a path segment that is no UTF-8 answered in plain text instead of the
// JSON error, and before the key was checked.
#[test]
fn key_names_are_one_line_and_bad_paths_get_the_json_error_after_the_key() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    for name in ["evil\r\nkey_fake  admin internal", "x\u{1b}[2J", ""] {
        let (st, v) = post(
            &s,
            "/v1/keys",
            Some(ADMIN),
            &json!({"name": name, "role": "widget"}),
        );
        assert_eq!(st, 422, "{name:?}: {v}");
        assert_eq!(v["error"]["code"], "name", "{v}");
    }
    let (_, author) = stored_key(&s, "author", "internal", &[]);
    let edit = json!({"stem": "x"});
    let (st, v) = send(&s, "PATCH", "/v1/quizzes/x/items/%ff", None, Some(&edit));
    assert_eq!(st, 401, "no key is checked first: {v}");
    for (method, path, key) in [
        ("PATCH", "/v1/quizzes/x/items/%ff", Some(author.as_str())),
        ("GET", "/v1/quizzes/%ff", Some(author.as_str())),
        (
            "GET",
            "/v1/quizzes/%ff/export?format=json",
            Some(author.as_str()),
        ),
        ("DELETE", "/v1/keys/%ff", Some(ADMIN)),
        ("POST", "/v1/keys/%ff/rotate", Some(ADMIN)),
        ("GET", "/docs/%ff", None),
        ("GET", "/assets/%ff", None),
    ] {
        let (st, v) = send(
            &s,
            method,
            path,
            key,
            Some(&edit).filter(|_| method == "PATCH"),
        );
        assert_eq!(st, 400, "{method} {path}: {v}");
        assert_eq!(v["error"]["code"], "bad_path", "{method} {path}: {v}");
    }
}

// Third probe, finding 7: requests naming unknown keys cost a hash and a database lookup each,
// without limit.
#[test]
fn a_client_guessing_keys_is_refused_before_any_lookup() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |c| c.server.unknown_keys_per_minute = 3);
    let q = json!({"question": "How do I export a report?"});
    // Naming no key is not guessing one: never counted.
    for _ in 0..5 {
        let (st, v) = post(&s, "/v1/ask", None, &q);
        assert_eq!(st, 401, "{v}");
        assert_eq!(v["error"]["code"], "missing_key", "{v}");
    }
    for i in 0..3 {
        let (st, v) = post(&s, "/v1/ask", Some(&format!("guess-{i}")), &q);
        assert_eq!(st, 401, "{v}");
        assert_eq!(v["error"]["code"], "unknown_key", "{v}");
    }
    // Spent: the next request from this client is refused before its key is read, even a
    // good one, until a guess is allowed again (20 s at 3 a minute).
    for key in ["guess-3", WIDGET] {
        let (st, v) = post(&s, "/v1/ask", Some(key), &q);
        assert_eq!(st, 429, "{v}");
        assert_eq!(v["error"]["code"], "rate_limited", "{v}");
    }
}

// Fifth probe, finding 2: keyed responses carried no Cache-Control, so a shared cache keying
// on the URL alone could hand a lead's report to a request without a key.
#[test]
fn a_keyed_response_is_never_stored() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    for path in ["/v1/gaps?format=json", "/v1/keys", "/v1/search?q=export"] {
        let (st, _, h) = get(&s, path, &[("X-Docent-Key", ADMIN)]);
        assert_eq!(st, 200, "{path}");
        assert_eq!(
            h.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
        assert!(
            h.get_all("vary")
                .iter()
                .any(|v| v.to_str().unwrap_or("").contains("X-Docent-Key")),
            "{path}"
        );
    }
    // A public page stays cacheable.
    let (st, _, h) = get(&s, "/widget.js", &[]);
    assert_eq!(st, 200);
    assert_ne!(
        h.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
}

// Third probe, finding 3: a bidi override in a question reversed the rest of its line on the
// lead's page, and zero-width spaces made two questions look alike. Sixth probe, findings 5
// and 6: terminal escapes reached `docent analytics` raw, and a NUL failed the turn's write
// on PostgreSQL.
#[test]
fn chat_questions_are_stored_without_invisible_controls() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let v = ask(
        &s,
        "flumox teleport pad \u{202E}gnp.exe\u{202C} jams\u{200B}\u{1b}[2J\u{0} daily",
        None,
    );
    let conv = v["conversation_id"].as_str().unwrap();
    let stored = block_on(s.state.db.transcript(conv)).unwrap();
    let unanswered = block_on(s.state.db.unanswered(10, docent_state::db::OnIndex::Any)).unwrap();
    let everything = format!("{stored:?} {unanswered:?}");
    // Debug output escapes a control (`\u{202e}`): the words run on only without them.
    assert!(
        everything.contains("flumox teleport pad gnp.exe jams[2J daily"),
        "{everything}"
    );
    assert!(
        !everything.chars().any(docent_core::is_invisible_control),
        "{everything}"
    );
}

// 6. Unbounded work from one parameter.
#[test]
fn gap_report_refuses_dates_far_beyond_the_data() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    for q in [
        "as_of=9999-12-31&period=day",
        "as_of=%2B262142-12-31",
        "as_of=2200-01-01&period=week",
    ] {
        let started = std::time::Instant::now();
        let (st, v) = send(&s, "GET", &format!("/v1/gaps?{q}"), Some(ADMIN), None);
        assert!(st == 400, "{q}: {st} {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("as_of")
                || v["error"]["code"] == "bad_query",
            "{v}"
        );
        assert!(
            started.elapsed().as_secs() < 5,
            "{q} took {:?}",
            started.elapsed()
        );
    }
    let (st, v) = send(&s, "GET", "/v1/gaps?as_of=2026-03-10", Some(ADMIN), None);
    assert_eq!(st, 200, "a date inside the data works: {v}");
    // Second probe, finding 4: dates far back overflowed a period's start (500).
    for path in [
        "/v1/gaps?format=json&as_of=-262143-01-01",
        "/v1/analytics?format=json&period=week&to=-262143-01-05",
        "/v1/analytics?format=json&period=week&from=-262143-01-01&to=-262143-01-01",
        "/v1/analytics?format=json&period=day&from=0001-01-01",
    ] {
        let (st, v) = send(&s, "GET", path, Some(ADMIN), None);
        assert_eq!(st, 400, "{path}: {v}");
        assert_eq!(v["error"]["code"], "bad_range", "{path}: {v}");
    }
}

#[test]
fn gap_reports_and_pages_are_rate_limited() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |c| {
        c.server.reports_per_minute = 2;
        c.server.pages_per_minute = 3;
    });
    let codes: Vec<u16> = (0..3)
        .map(|_| send(&s, "GET", "/v1/gaps", Some(ADMIN), None).0)
        .collect();
    assert_eq!(codes, vec![200, 200, 429], "reports");
    let codes: Vec<u16> = (0..4).map(|_| get(&s, "/demo", &[]).0).collect();
    assert_eq!(codes, vec![200, 200, 200, 429], "pages");
}

// 7. Key lifetimes.
#[test]
fn key_lifetimes_that_overflow_are_refused_without_a_panic() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let before = block_on(s.state.db.keys()).unwrap().len();
    let (st, v) = post(
        &s,
        "/v1/keys",
        Some(ADMIN),
        &json!({"name": "x", "role": "author", "expires_days": 4294967295u64}),
    );
    assert_eq!(st, 422, "{v}");
    let (id, _) = stored_key(&s, "author", "internal", &[]);
    let (st, v) = send(
        &s,
        "POST",
        &format!("/v1/keys/{id}/rotate?grace_hours=4294967295"),
        Some(ADMIN),
        None,
    );
    assert_eq!(st, 422, "{v}");
    assert_eq!(
        block_on(s.state.db.keys()).unwrap().len(),
        before + 1,
        "no half-made key"
    );
    let (st, _) = send(&s, "GET", "/healthz", None, None);
    assert_eq!(st, 200, "still serving");
}

#[test]
fn rotation_never_outlives_the_rotated_key() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, v) = post(
        &s,
        "/v1/keys",
        Some(ADMIN),
        &json!({"name": "short", "role": "author", "expires_days": 1}),
    );
    assert_eq!(st, 201, "{v}");
    let id = v["key"]["id"].as_str().unwrap();
    let expires = v["key"]["expires_at"].as_str().unwrap().to_string();
    let (st, r) = send(
        &s,
        "POST",
        &format!("/v1/keys/{id}/rotate?grace_hours=1000"),
        Some(ADMIN),
        None,
    );
    assert_eq!(st, 201, "{r}");
    let old = block_on(s.state.db.key(id)).unwrap().unwrap();
    assert!(
        old.expires_at.as_deref().unwrap() <= expires.as_str(),
        "{old:?}"
    );
    assert_eq!(
        r["key"]["expires_at"].as_str(),
        Some(expires.as_str()),
        "{r}"
    );
}

// Ninth probe, finding 3: BM25's term weights count internal pages and tickets, so a raw
// BM25 score told a customer key whether an internal page used a word. Below internal, a
// BM25 result's score is its reciprocal rank; an internal key keeps the engine's score.
#[test]
fn bm25_scores_below_internal_are_ranks() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (_, customer) = stored_key(&s, "author", "customer", &[]);
    let path = "/v1/search?q=export%20report&k=5&mode=bm25";
    let (st, v) = send(&s, "GET", path, Some(&customer), None);
    assert_eq!(st, 200, "{v}");
    let scores: Vec<f64> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.len() >= 2, "{v}");
    for (i, sc) in scores.iter().enumerate() {
        assert!((sc - 1.0 / (i + 1) as f64).abs() < 1e-6, "{scores:?}");
    }
    let (st, v) = send(&s, "GET", path, Some(ADMIN), None);
    assert_eq!(st, 200, "{v}");
    assert!(v["results"][0]["score"].as_f64().unwrap() > 1.0, "{v}");
}

// Outside probe (session 54): a customer's citation of a customer page linked to `/docs/`,
// which serves public pages only (404). `GET /v1/docs/{id}` gives a key the documents of its
// audience, for the widget's reader; nothing above the key's audience, never a ticket, and a
// document it may not read is as unknown as one that is not there.
#[test]
fn docs_route_gives_a_key_only_its_audiences_documents() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |c| c.server.keys.push(public_widget_key()));
    let read = |id: &str, key: &str| send(&s, "GET", &format!("/v1/docs/{id}"), Some(key), None);
    // The customer widget key reads a customer page, with the anchors citations link to.
    let (st, v) = read("billing/invoices", WIDGET);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["title"], "Invoices and receipts", "{v}");
    assert_eq!(v["audience"], "customer", "{v}");
    assert!(v["page"].is_null(), "{v}");
    let html = v["html"].as_str().unwrap();
    assert!(html.contains("id=\"download-past-invoices\""), "{html}");
    // Its public page does not exist; the public key gets the same answer as for a typo.
    let (st, _) = send(&s, "GET", "/docs/billing/invoices", None, None);
    assert_eq!(st, 404);
    let (st, hidden) = read("billing/invoices", "public-demo-key");
    let (st2, missing) = read("billing/no-such-page", "public-demo-key");
    assert_eq!((st, st2), (404, 404), "{hidden} {missing}");
    assert_eq!(hidden["error"]["code"], missing["error"]["code"]);
    // Internal pages and tickets stay out of a customer key's reach; the admin key reads
    // internal pages, and tickets are no document for anyone.
    assert_eq!(read("admin/internal-known-issues", WIDGET).0, 404);
    assert_eq!(read("admin/internal-known-issues", ADMIN).0, 200);
    assert_eq!(read("ticket:9001", ADMIN).0, 404);
    // A public page names its own page; a planted page's markup stays inert.
    let (st, v) = read("reports/export-reports", "public-demo-key");
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["page"], "/docs/reports/export-reports", "{v}");
    let (st, v) = read("xss/heading", ADMIN);
    assert_eq!(st, 200, "{v}");
    let html = v["html"].as_str().unwrap();
    assert!(html.contains("Planted text"), "{html}");
    for tag in tags(html) {
        for bad in ["onfocus", "onmouseover", "onerror", "javascript:", "script"] {
            assert!(!tag.contains(bad), "{bad} in <{tag}>");
        }
    }
    // No key, no document.
    let (st, v) = send(&s, "GET", "/v1/docs/reports/export-reports", None, None);
    assert_eq!(st, 401, "{v}");
}

// Outside probe (session 54): a report on an index built by `docent ingest` counted no
// ingestion problem, though the ingest refused a file; what the last ingest skipped is kept
// with the index and counted by every report.
#[test]
fn the_gap_report_counts_what_the_last_ingest_refused() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, r) = send(&s, "GET", "/v1/gaps?format=json", Some(ADMIN), None);
    assert_eq!(st, 200, "{r}");
    let problems = r["data_quality"]["ingest_problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("refused-js-url.md")),
        "{problems:?}"
    );
}

// Ninth probe, finding 2: a one-day admin key made admin keys that never expired, so access
// given for a day was kept for good. A key it makes stops when it does.
#[test]
fn a_key_never_outlives_the_key_that_made_it() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, v) = post(
        &s,
        "/v1/keys",
        Some(ADMIN),
        &json!({"name": "temp admin", "role": "admin", "audience": "customer", "expires_days": 1}),
    );
    assert_eq!(st, 201, "{v}");
    let temp = v["secret"].as_str().unwrap().to_string();
    let expires = v["key"]["expires_at"].as_str().unwrap().to_string();
    for asked in [json!(null), json!(30)] {
        let (st, child) = post(
            &s,
            "/v1/keys",
            Some(&temp),
            &json!({"name": "child", "role": "admin", "audience": "customer", "expires_days": asked}),
        );
        assert_eq!(st, 201, "{child}");
        assert_eq!(
            child["key"]["expires_at"].as_str(),
            Some(expires.as_str()),
            "{child}"
        );
    }
    // A shorter life than the maker's is kept as asked.
    let (st, child) = post(
        &s,
        "/v1/keys",
        Some(&temp),
        &json!({"name": "brief", "role": "widget", "audience": "customer", "expires_days": 0}),
    );
    assert_eq!(st, 201, "{child}");
    assert!(
        child["key"]["expires_at"].as_str().unwrap() < expires.as_str(),
        "{child}"
    );
}

// 9. Abuse: feedback and hand-off bound to the conversation.
#[test]
fn feedback_needs_the_conversation_that_owns_the_turn() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let victim = ask(&s, "How do I export a report to Excel?", None);
    let attacker = ask(&s, "How do I invite teammates?", None);
    let turn = victim["turn_id"].as_i64().unwrap();
    let (st, v) = post(
        &s,
        "/v1/feedback",
        Some(WIDGET),
        &json!({"turn_id": turn, "conversation_id": attacker["conversation_id"], "helpful": false}),
    );
    assert_eq!(st, 404, "{v}");
    let (st, v) = post(
        &s,
        "/v1/feedback",
        Some(WIDGET),
        &json!({"turn_id": turn, "helpful": false}),
    );
    assert!(st == 400 || st == 422, "{st} {v}");
    assert!(block_on(s.state.db.feedback_for(turn)).unwrap().is_empty());
    let (st, v) = post(
        &s,
        "/v1/feedback",
        Some(WIDGET),
        &json!({"turn_id": turn, "conversation_id": victim["conversation_id"], "helpful": true}),
    );
    assert_eq!(st, 201, "{v}");
    let id = victim["conversation_id"].as_str().unwrap();
    assert_eq!(id.len(), 32, "{id}");
    assert_ne!(id, attacker["conversation_id"].as_str().unwrap());
}

#[test]
fn handoff_is_rate_limited_per_conversation() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |c| c.server.handoffs_per_minute = 2);
    let v = ask(&s, "How do I export a report to Excel?", None);
    let body = json!({"conversation_id": v["conversation_id"]});
    let codes: Vec<u16> = (0..3)
        .map(|_| post(&s, "/v1/handoff", Some(WIDGET), &body).0)
        .collect();
    assert_eq!(codes, vec![200, 200, 429]);
    assert_eq!(
        block_on(s.state.db.totals()).unwrap().handoffs,
        2,
        "two hand-offs stored"
    );
}

#[test]
fn forwarded_for_counts_only_from_trusted_proxies() {
    if !have_model() {
        return;
    }
    let spoofed = |s: &Server, ip: &str| {
        let mut r = agent()
            .get(format!("{}/demo", s.base))
            .header("X-Forwarded-For", ip)
            .call()
            .unwrap();
        let _ = r.body_mut().read_to_string();
        r.status().as_u16()
    };
    // Untrusted peer: a new X-Forwarded-For each time does not buy a new quota.
    let s = server_on(planted(), |c| c.server.pages_per_minute = 2);
    let codes: Vec<u16> = (1..=3)
        .map(|i| spoofed(&s, &format!("203.0.113.{i}")))
        .collect();
    assert_eq!(codes, vec![200, 200, 429]);
    // Behind a trusted proxy (this loopback peer), each forwarded client has its own quota.
    let s = server_on(planted(), |c| {
        c.server.pages_per_minute = 2;
        c.server.trusted_proxies = vec!["127.0.0.1".into()];
    });
    let codes: Vec<u16> = (1..=3)
        .map(|i| spoofed(&s, &format!("203.0.113.{i}")))
        .collect();
    assert_eq!(codes, vec![200, 200, 200]);
}

// 10. CORS and the Host header.
#[test]
fn cors_admits_the_origins_of_stored_keys() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let origin = "https://shop.example.org";
    assert_eq!(
        preflight(&s, origin),
        None,
        "not allowed before a key names it"
    );
    stored_key(&s, "widget", "public", &[origin]);
    std::thread::sleep(std::time::Duration::from_secs(6));
    assert_eq!(preflight(&s, origin).as_deref(), Some(origin));
}

// Outside probe (session 55): while any key allowed the origin `*`, every route answered
// CORS for every origin, so a page any visitor of the network opened could read `/metrics`
// and `/healthz`. CORS is for the API's `/v1/` routes only.
#[test]
fn cors_is_for_the_api_only_even_with_a_wildcard_key() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |c| {
        let mut k = public_widget_key();
        k.origins = vec!["*".into()];
        c.server.keys.push(k);
    });
    let origin = "https://evil.example";
    assert!(
        preflight(&s, origin).is_some(),
        "the API answers any origin"
    );
    for path in ["/metrics", "/healthz", "/openapi.json", "/docs"] {
        let r = agent()
            .get(format!("{}{path}", s.base))
            .header("Origin", origin)
            .call()
            .unwrap();
        assert!(
            r.headers().get("access-control-allow-origin").is_none(),
            "{path}: {:?}",
            r.headers()
        );
    }
}

/// POSTs a question over a raw connection, with exactly the `Host` and `Origin` given
/// (an HTTP client library may rewrite `Host`); the status code.
fn raw_ask(s: &Server, host: &str, origin: &str) -> u16 {
    use std::io::{Read, Write};
    let addr = s.base.trim_start_matches("http://");
    let body = r#"{"question": "How do I export a report?"}"#;
    let mut c = std::net::TcpStream::connect(addr).unwrap();
    write!(
        c,
        "POST /v1/ask HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nX-Docent-Key: {WIDGET}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    c.read_to_string(&mut reply).unwrap();
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_host_header_alone_never_makes_an_origin_the_servers_own() {
    if !have_model() {
        return;
    }
    // DNS rebinding: the attacker's name resolves to this server, so the browser sends
    // Host: evil.example and Origin: http://evil.example (same origin, as far as it knows).
    let s = server_on(planted(), |_| {});
    assert_eq!(raw_ask(&s, "evil.example", "http://evil.example"), 403);
    // A literal loopback Host is the server's own origin; so is the configured public URL.
    let own = s.base.trim_start_matches("http://").to_string();
    assert_eq!(raw_ask(&s, &own, &s.base), 200);
    let s = server_on(planted(), |c| {
        c.server.public_url = "https://docent.example.com".into()
    });
    assert_eq!(
        raw_ask(&s, "docent.example.com", "https://docent.example.com"),
        200
    );
    assert_eq!(raw_ask(&s, "evil.example", "http://evil.example"), 403);
}

// Issue 13 item 8, through the API: an item whose text holds control characters, XML and
// HTML metacharacters and GIFT's special characters exports in every format as a well-formed,
// escaped file (QTI items parse as XML with the text as text, GIFT keeps one answer block per
// question, CSV parses back to the stored text), and no format makes the server fail.
const HOSTILE: &str = "Bell\u{1} bs\u{8} vt\u{b} esc\u{1b} del\u{7f} cr\r lf\n <b>bold</b> &amp; & \"q\" 'a' ]]> <![CDATA[x]]> <!-- c --> ~ = # { } : \\ $ %";

fn export_bytes(s: &Server, quiz: &str, format: &str) -> (u16, Vec<u8>) {
    let mut resp = agent()
        .get(format!(
            "{}/v1/quizzes/{quiz}/export?format={format}",
            s.base
        ))
        .header("X-Docent-Key", ADMIN)
        .call()
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_vec().unwrap())
}

/// No C0 control character but `\n` (and `\t`), no DEL, no C1 control.
fn no_controls(format: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(
        bad.is_empty(),
        "{format}: control characters {bad:?} in {text:?}"
    );
}

/// Offsets of `c` in `s` not escaped by a backslash.
fn unescaped_at(s: &str, c: char) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for ch in s.chars() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == c {
            n += 1;
        }
    }
    n
}

fn check_qti(bytes: Vec<u8>) {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("QTI is a zip");
    let mut items = 0;
    for n in 0..zip.len() {
        let mut f = zip.by_index(n).unwrap();
        let name = f.name().unwrap().to_string();
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        if !name.ends_with(".xml") {
            continue;
        }
        let d = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The item's markup stays text: no <b> element, no comment, no CDATA made by it.
        assert!(
            !d.descendants().any(|x| x.has_tag_name("b")),
            "{name}: the stem's <b> became an element"
        );
        let text: String = d.descendants().filter_map(|x| x.text()).collect();
        no_controls("qti", &text);
        items += usize::from(name.starts_with("items/"));
        if text.contains("Bell") {
            assert!(
                text.contains("<b>bold</b> &amp; & \"q\""),
                "{name}: {text:?}"
            );
        }
    }
    assert!(items >= 1, "the package holds items");
}

fn check_gift(text: &str) {
    no_controls("gift", text);
    let blocks: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| b.starts_with("::"))
        .collect();
    assert!(!blocks.is_empty(), "{text}");
    for b in blocks {
        assert_eq!(
            (unescaped_at(b, '{'), unescaped_at(b, '}')),
            (1, 1),
            "one answer block in {b}"
        );
        assert!(!b.contains('\r'), "{b:?}");
    }
}

fn check_csv(bytes: &[u8], stem: &str) {
    let mut r = csv::Reader::from_reader(bytes);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("CSV parses")).collect();
    assert!(rows
        .iter()
        .any(|row| row.iter().any(|f| f.contains("<b>bold</b> &amp;"))));
    for row in &rows {
        for f in row {
            no_controls("csv", &f.replace('\r', ""));
        }
    }
    assert!(!stem.is_empty());
}

#[test]
fn hostile_item_text_exports_well_formed_in_every_format() {
    if !have_model() {
        return;
    }
    let s = server_on(planted(), |_| {});
    let (st, q) = post(
        &s,
        "/v1/quizzes",
        Some(ADMIN),
        &json!({"scope": "exporting reports", "count": 6}),
    );
    assert_eq!(st, 201, "{q}");
    let quiz = q["id"].as_str().unwrap().to_string();
    let items = q["items"].as_array().unwrap().clone();
    let mut edited = 0;
    for it in &items {
        let id = it["id"].as_str().unwrap();
        let mut edit = json!({
            "stem": format!("{HOSTILE} {}", it["stem"].as_str().unwrap()),
            "explanation": HOSTILE,
        });
        let kind = it["kind"].as_str().unwrap();
        if matches!(kind, "multiple_choice" | "multiple_select" | "ordering") {
            let opts: Vec<String> = it["options"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(n, o)| format!("{n} {HOSTILE} {}", o.as_str().unwrap()))
                .collect();
            edit["options"] = json!(opts);
        }
        if matches!(kind, "cloze" | "short_answer") {
            edit["answers"] = json!([format!(
                "{} ~=#{{}}:<&>\u{1}",
                it["answers"][0].as_str().unwrap()
            )]);
        }
        let (st, v) = send(
            &s,
            "PATCH",
            &format!("/v1/quizzes/{quiz}/items/{id}"),
            Some(ADMIN),
            Some(&edit),
        );
        assert_eq!(st, 200, "{kind}: {v}");
        edited += 1;
    }
    assert!(edited >= 3, "{q}");
    for format in ["json", "markdown", "gift", "aiken", "qti", "csv"] {
        let (st, bytes) = export_bytes(&s, &quiz, format);
        assert_eq!(st, 200, "{format}: {}", String::from_utf8_lossy(&bytes));
        match format {
            "qti" => check_qti(bytes),
            "json" => {
                let v: Value = serde_json::from_slice(&bytes).expect("JSON parses");
                assert!(v["items"][0]["stem"]
                    .as_str()
                    .unwrap()
                    .contains("<b>bold</b>"));
            }
            "csv" => check_csv(&bytes, HOSTILE),
            _ => {
                let text = String::from_utf8(bytes).expect("UTF-8");
                match format {
                    "gift" => check_gift(&text),
                    "aiken" => {
                        no_controls("aiken", &text);
                        // Every question ends with its answer line; no stem or option spills
                        // over a line of its own.
                        for b in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
                            let lines: Vec<&str> = b.lines().collect();
                            assert!(lines.last().unwrap().starts_with("ANSWER: "), "{b}");
                            for (n, l) in lines[1..lines.len() - 1].iter().enumerate() {
                                let tag = format!("{}", (b'A' + n as u8) as char);
                                assert!(
                                    l.starts_with(&format!("{tag}. "))
                                        || l.starts_with(&format!("{tag}) ")),
                                    "{b}"
                                );
                            }
                        }
                    }
                    _ => {
                        no_controls(format, &text);
                        // The review file's text never becomes HTML where it is rendered.
                        assert!(!text.contains("<b>"), "{format}: raw markup in {text}");
                        assert!(text.contains("&lt;b&gt;bold&lt;/b&gt;"), "{text}");
                    }
                }
            }
        }
    }
}

#[test]
fn public_pages_never_embed_a_customer_key() {
    if !have_model() {
        return;
    }
    // The test configuration has one widget key, for the customer audience.
    let s = server(|_| {});
    for path in ["/demo", "/docs", "/docs/reports/export-reports"] {
        let (st, page, _) = get(&s, path, &[]);
        assert_eq!(st, 200, "{path}");
        assert!(
            !page.contains(WIDGET) && !page.contains("data-key"),
            "{path} prints a customer key"
        );
    }
    let s = server(|c| c.server.keys.push(public_widget_key()));
    let (_, page, _) = get(&s, "/demo", &[]);
    assert!(page.contains("data-key=\"public-demo-key\""), "{page}");
    assert!(!page.contains(WIDGET));
}

#[test]
fn follow_ups_cannot_grow_what_a_conversation_stores() {
    if !have_model() {
        return;
    }
    let max = 200;
    let s = server(|c| {
        c.server.max_question_chars = max;
        c.server.session_per_minute = 0;
        c.server.client_per_minute = 0;
    });
    let first = ask(&s, "How do I export a report?", None);
    let conv = first["conversation_id"].as_str().unwrap().to_string();
    // "and" leans on the previous turn and the rest has no terms: every turn is joined.
    let padding = format!("and {}", "?".repeat(max - 4));
    for _ in 0..12 {
        ask(&s, &padding, Some(&conv));
    }
    let stored = block_on(s.state.db.history(&conv, 1)).unwrap();
    let chars = stored[0].chars().count();
    assert!(
        chars <= 2 * max,
        "a follow-up's stored question grew to {chars} characters"
    );
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use std::io::{Read, Write};
    if !have_model() {
        return;
    }
    let s = server(|c| c.server.read_timeout_seconds = 1);
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    // Without a header timeout the server waits for ever and this read times out instead.
    conn.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut buf = Vec::new();
    if let Err(e) = conn.read_to_end(&mut buf) {
        // A reset is a disconnection too; only a read that timed out means the server waited.
        assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "the connection was still open after 20 s: {e}"
        );
    }
    // Other clients are served meanwhile and after.
    let (st, _, _) = get(&s, "/healthz", &[]);
    assert_eq!(st, 200);
}

/// Reads `conn` to its end: true when the server closed it (end of stream or a reset), false
/// when the read timed out with the connection still open.
fn closed_by_server(conn: &mut std::net::TcpStream) -> bool {
    use std::io::Read;
    conn.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut buf = Vec::new();
    match conn.read_to_end(&mut buf) {
        Ok(_) => true,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

// Sixth probe, finding 2: a connection that sent no byte at all, or an HTTP/2 connection that
// idled after its preface, was never closed, so 4096 of them from one client took the server
// offline.
#[test]
fn silent_idle_and_surplus_connections_hold_no_slot() {
    use std::io::Write;
    use std::net::TcpStream;
    if !have_model() {
        return;
    }
    // Long enough for the two held connections below to outlive the third's check.
    let s = server(|c| {
        c.server.read_timeout_seconds = 3;
        c.server.max_connections_per_client = 2;
    });
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut silent = TcpStream::connect(&addr).unwrap();
    assert!(
        closed_by_server(&mut silent),
        "a connection that sends nothing is closed"
    );
    let mut h2 = TcpStream::connect(&addr).unwrap();
    h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        .unwrap();
    assert!(
        closed_by_server(&mut h2),
        "an HTTP/2 connection is not kept open"
    );
    // Two connections held open by one address: a third is closed at once, unserved.
    let held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut c = TcpStream::connect(&addr).unwrap();
            c.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            c
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut third = TcpStream::connect(&addr).unwrap();
    let _ = third.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut reply = String::new();
    let _ = std::io::Read::read_to_string(&mut third, &mut reply);
    assert!(!reply.contains("200 OK"), "{reply}");
    drop(held);
    // Their slots come back.
    let mut served = false;
    for _ in 0..50 {
        let ok = agent()
            .get(format!("{}/healthz", s.base))
            .call()
            .is_ok_and(|r| r.status().as_u16() == 200);
        if ok {
            served = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(served);
}

const RECLASSIFIED: &str = "---\ntitle: Vault rotation\naudience: public\n---\n# Vault rotation\n\nTo rotate the quokka vault:\n\n1. Open **Settings > Vault**.\n2. Click **Rotate now**.\n3. Confirm with the administrator PIN.\n\nThe quokka vault keeps 12 rotations.\n";

// Sixth probe, finding 7: a quiz kept the audience its sources had when it was drafted, so a
// page published by mistake and then made internal stayed readable, and exportable, through
// its quiz by public author keys.
#[test]
fn a_quiz_follows_its_sources_when_they_become_stricter() {
    if !have_model() {
        return;
    }
    let f = Fixture::build(&[("vault/rotation.md", RECLASSIFIED)]);
    let s = server_on(&f, |_| {});
    let (_, author) = stored_key(&s, "author", "public", &[]);
    let (st, q) = post(
        &s,
        "/v1/quizzes",
        Some(&author),
        &json!({"scope": "docs:vault/rotation", "count": 3}),
    );
    assert_eq!(st, 201, "{q}");
    let quiz = q["id"].as_str().unwrap().to_string();
    let path = format!("/v1/quizzes/{quiz}");
    assert_eq!(send(&s, "GET", &path, Some(&author), None).0, 200);
    // The page is made internal and ingested again.
    let planted = f.index.parent().unwrap().join("planted");
    std::fs::write(
        planted.join("vault/rotation.md"),
        RECLASSIFIED.replace("audience: public", "audience: internal"),
    )
    .unwrap();
    let mut cfg = docent_core::Config::default();
    cfg.model.dir = model_dir().display().to_string();
    let opts = docent_index::IngestOptions {
        index_dir: f.index.clone(),
        sources: vec![std::sync::Arc::new(docent_ingest::Files::new(
            vec![planted],
            Vec::new(),
        ))],
        chunking: cfg.chunking.clone(),
        model_max_tokens: f.embedder.max_tokens(),
        ..Default::default()
    };
    let counter = docent_embed::TokenCounter::load(&model_dir()).unwrap();
    docent_index::ingest(&opts, f.embedder.as_ref(), &counter, &()).unwrap();
    assert!(s.state.reload_if_changed().unwrap());
    for p in [path.clone(), format!("{path}/export?format=markdown")] {
        let (st, v) = send(&s, "GET", &p, Some(&author), None);
        assert_eq!(st, 404, "{p}: {v}");
    }
    let (_, listed) = send(&s, "GET", "/v1/quizzes", Some(&author), None);
    assert!(!listed.to_string().contains(&quiz), "{listed}");
    assert_eq!(send(&s, "GET", &path, Some(ADMIN), None).0, 200);
}
