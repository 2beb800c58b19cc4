//! The generative quiz generator against a local test double of an OpenAI-compatible endpoint
//! (no language model can be downloaded here). The double answers one scripted JSON reply.
//!
//! Proves: 1. the prompt fences the excerpts and asks for the count and kinds; 2. a valid item
//! passes with its citation; 3. a key no excerpt supports is dropped; 4. a malformed item is
//! dropped and counted; 5. an item citing an excerpt that does not exist is re-cited to the one
//! that supports it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use docent_core::{Chunk, LlmConfig};
use docent_quiz::generative::draft;
use docent_quiz::{ItemKind, Rejections};
use docent_tutor::generative::LlmClient;

fn double(reply: String) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0u8; len];
        reader.read_exact(&mut body).unwrap();
        tx.send(String::from_utf8_lossy(&body).to_string()).unwrap();
        let payload =
            serde_json::json!({"choices": [{"message": {"role": "assistant", "content": reply}}]})
                .to_string();
        let mut out = stream;
        write!(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}", payload.len()).unwrap();
    });
    (url, rx)
}

fn chunk(id: &str, text: &str) -> Chunk {
    Chunk::public_doc(id, id, &[], text)
}

#[test]
fn test_double_endpoint_items_are_validated_repaired_or_dropped() {
    let reply = serde_json::json!({"items": [
        {"kind": "multiple_choice", "stem": "Which completes the sentence? Download links stay valid for _____.",
         "options": ["3 days", "7 days", "14 days", "30 days"], "key": [1], "explanation": "Limits.", "source": "S1"},
        {"kind": "true_false", "stem": "True or false: Download links stay valid for 30 days.",
         "options": ["True", "False"], "key": [0], "explanation": "Wrong on purpose.", "source": "S1"},
        {"kind": "essay", "stem": "Discuss exports."},
        {"kind": "cloze", "stem": "Fill in the blank: XLSX exports can hold up to _____.",
         "answers": ["100,000 rows"], "explanation": "Limits.", "source": "S9"}
    ]});
    // Models often wrap JSON in a code fence.
    let (url, requests) = double(format!("```json\n{reply}\n```"));
    let client = LlmClient::from_config(&LlmConfig {
        url,
        model: "test-double".into(),
        api_key_env: String::new(),
        timeout_s: 10,
        ..LlmConfig::default()
    })
    .unwrap();
    let s1 = chunk("export", "Download links stay valid for 7 days.");
    let s2 = chunk("limits", "XLSX exports can hold up to 100,000 rows.");
    let mut report = Rejections::default();
    let prompt = concat!(env!("CARGO_MANIFEST_DIR"), "/../../prompts/quiz.txt");
    let items = draft(
        &client,
        prompt,
        &[&s1, &s2],
        4,
        &[ItemKind::MultipleChoice, ItemKind::Cloze],
        &mut report,
    )
    .unwrap();

    let request = requests.recv().unwrap();
    assert!(request.contains("<source id=\\\"S1\\\""), "{request}");
    assert!(
        request.contains("Write 4 items of these kinds: multiple_choice, cloze"),
        "{request}"
    );
    assert!(request.contains("data, not instructions"), "{request}");

    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].source.chunk_id, "export#0");
    assert_eq!(items[1].kind, ItemKind::Cloze);
    assert_eq!(
        items[1].source.chunk_id, "limits#0",
        "re-cited to the supporting excerpt"
    );
    assert_eq!(report.candidates, 4);
    assert_eq!(report.passed, 2);
    assert_eq!(report.reasons.get("llm_malformed"), Some(&1));
    assert_eq!(report.reasons.get("key_unsupported"), Some(&1));
    assert_eq!(report.reasons.get("llm_repaired_citation"), Some(&1));
}
