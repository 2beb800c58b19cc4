//! The generative composer against a local test double of an OpenAI-compatible endpoint (exact
//! replies, so each rule is pinned; `crates/server/tests/api/llm.rs` runs a real model). The double streams a scripted reply as server-sent
//! events, the way `/v1/chat/completions` does with `"stream": true`.
//!
//! Proves: 1. the prompt fences retrieved text as data and names the sources by id;
//! 2. supported sentences stream through with citations to the span that supports them;
//! 3. a sentence with a wrong number or an unsupported claim is removed; 4. a sentence citing an
//! id that was not retrieved is repaired to the chunk that supports it; 5. NO_ANSWER yields no
//! answer; 6. an HTTP error is an error naming the endpoint; 7. a stream that breaks after a
//! verified sentence keeps it, one that breaks before any is an error; 8. a reply that does not
//! end is read up to a bound, and the error quotes a bounded part of it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use docent_core::{Audience, Chunk, DocKind, LlmConfig};
use docent_tutor::generative::OpenAi;
use docent_tutor::{ComposeInput, Composer, Evidence, TermWeights};

const EXPORT: &str = "# Export a report\n\n1. Open the report.\n2. Click **Export** in the top right corner.\n\nLarge exports are prepared in the background and Lumio emails you a download link.\n\nDownload links stay valid for 7 days.";

/// A delta that makes the double send a broken event and hang up.
const BROKEN: &str = "\u{0}broken";

/// A delta that makes the double send one event line that does not end (64 MiB, or until the
/// client hangs up).
const ENDLESS: &str = "\u{0}endless";

/// A delta that makes the double send comment lines without end (64 MiB of them, or until
/// the client hangs up).
const CHATTY: &str = "\u{0}chatty";

/// Serves one request: captures its body, answers with `status` and SSE `deltas`.
fn double(status: u16, deltas: Vec<String>) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut len = 0usize;
        let mut path = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if path.is_empty() {
                path = line.clone();
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0u8; len];
        reader.read_exact(&mut body).unwrap();
        tx.send(format!("{path}{}", String::from_utf8_lossy(&body)))
            .unwrap();
        let mut out = stream;
        if status != 200 {
            let msg = "{\"error\":\"model not loaded\"}";
            write!(out, "HTTP/1.1 {status} Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{msg}", msg.len()).unwrap();
            return;
        }
        write!(
            out,
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        for d in deltas {
            if d == BROKEN {
                write!(out, "data: {{\"choices\": [\n\n").unwrap();
                return;
            }
            if d == CHATTY {
                let line = format!(": {}\n", "x".repeat(1021));
                for _ in 0..65_536 {
                    if out.write_all(line.as_bytes()).is_err() {
                        return;
                    }
                }
                return;
            }
            if d == ENDLESS {
                let _ = write!(out, "data: {{\"choices\": [{{\"delta\": {{\"content\": \"");
                let block = vec![b'A'; 1 << 20];
                for _ in 0..64 {
                    if out.write_all(&block).is_err() {
                        return;
                    }
                }
                return;
            }
            let event = serde_json::json!({"choices": [{"index": 0, "delta": {"content": d}}]});
            write!(out, "data: {event}\n\n").unwrap();
            out.flush().unwrap();
        }
        write!(out, "data: [DONE]\n\n").unwrap();
    });
    (url, rx)
}

fn evidence() -> Vec<Evidence> {
    let chunk = Chunk {
        id: "reports/export#0".into(),
        doc_id: "reports/export".into(),
        ordinal: 0,
        title: "Export a report".into(),
        heading_path: vec!["Export a report".into()],
        text: EXPORT.into(),
        offset: 0,
        audience: Audience::Public,
        product: None,
        kind: DocKind::Doc,
        source: "export.md".into(),
        url: None,
        summary_end: 0,
    };
    vec![Evidence::new(chunk, 0.7)]
}

fn composer(url: &str) -> OpenAi {
    OpenAi::from_config(&LlmConfig {
        url: url.into(),
        model: "test-double".into(),
        api_key_env: String::new(),
        prompt: concat!(env!("CARGO_MANIFEST_DIR"), "/../../prompts/answer.txt").into(),
        timeout_s: 10,
        temperature: 0.0,
        ..LlmConfig::default()
    })
    .unwrap()
}

/// What the composer is given for `question`, with the docs under `/docs`.
fn input<'a>(
    question: &'a str,
    evidence: &'a [Evidence],
    weights: &'a TermWeights,
) -> ComposeInput<'a> {
    ComposeInput {
        question,
        evidence,
        weights,
        docs_base: "/docs",
        focus: &[],
    }
}

fn pieces(reply: &str) -> Vec<String> {
    // Small, uneven pieces, as models stream them.
    reply
        .as_bytes()
        .chunks(7)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect()
}

#[test]
fn test_double_endpoint_streams_verified_sentences_only() {
    let reply =
        "Open the report and click Export [S1]. Download links stay valid for 30 days [S1]. \
                 Large exports are prepared in the background and emailed as a link [S9]. \
                 You can also fax the report to our support team [S1].";
    let (url, requests) = double(200, pieces(reply));
    let ev = evidence();
    let weights = TermWeights::build(&[ev[0].chunk.clone()]);
    let input = input("How do I export a report?", &ev, &weights);
    let mut streamed = Vec::new();
    let composed = composer(&url)
        .compose(&input, &mut |p, c| {
            streamed.push((p.text.clone(), c.quote.clone()))
        })
        .unwrap();

    let request = requests.recv().unwrap();
    assert!(
        request.starts_with("POST /v1/chat/completions"),
        "{request}"
    );
    assert!(request.contains("<source id=\\\"S1\\\""), "{request}");
    assert!(request.contains("data, not instructions"), "{request}");
    assert!(request.contains("How do I export a report?"), "{request}");
    assert!(request.contains("\"max_tokens\": 320"), "{request}");

    let texts: Vec<&str> = composed.parts.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Open the report and click Export.",
            "Large exports are prepared in the background and emailed as a link."
        ]
    );
    assert_eq!(streamed.len(), 2);
    for c in &composed.citations {
        assert_eq!(c.chunk_id, "reports/export#0");
        assert_eq!(&EXPORT[c.start..c.end], c.quote);
    }
    assert!(
        composed.citations[1].quote.starts_with("Large exports"),
        "{:?}",
        composed.citations[1]
    );
}

#[test]
fn test_double_endpoint_no_answer_and_http_errors() {
    let (url, _r) = double(200, pieces("NO_ANSWER"));
    let ev = evidence();
    let weights = TermWeights::default();
    let input = input("How do I bake bread?", &ev, &weights);
    let c = composer(&url).compose(&input, &mut |_, _| {}).unwrap();
    assert!(c.parts.is_empty());

    // A stream that breaks after a verified sentence ends the answer there (the sentence was
    // already streamed); one that breaks before any is an error.
    let mut deltas = pieces("Download links stay valid for 7 days [S1]. Then ");
    deltas.push(BROKEN.into());
    let (url, _r) = double(200, deltas);
    let c = composer(&url).compose(&input, &mut |_, _| {}).unwrap();
    let texts: Vec<&str> = c.parts.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, vec!["Download links stay valid for 7 days."]);
    let (url, _r) = double(200, vec![BROKEN.into()]);
    let err = composer(&url).compose(&input, &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("bad stream event"), "{err}");

    let (url, _r) = double(503, vec![]);
    let err = composer(&url).compose(&input, &mut |_, _| {}).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&url) && msg.contains("503"), "{msg}");
}

#[test]
fn test_double_endpoint_an_endless_reply_is_cut_at_a_bound() {
    // The tenth probe: an event line that never ended was buffered without limit (and quoted
    // whole in the error) until the server ran out of memory.
    let (url, _r) = double(200, vec![ENDLESS.into()]);
    let ev = evidence();
    let weights = TermWeights::default();
    let input = input("How do I export a report?", &ev, &weights);
    let err = composer(&url).compose(&input, &mut |_, _| {}).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("an event line passed 64 KiB"),
        "{}",
        &msg[..msg.len().min(400)]
    );
    assert!(msg.len() < 1_000, "an error of {} bytes", msg.len());
    // Short lines without end stop at 4 MiB in all.
    let (url, _r) = double(200, vec![CHATTY.into()]);
    let err = composer(&url).compose(&input, &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("the reply passed 4 MiB"), "{err}");
}
