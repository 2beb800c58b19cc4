//! JSONL: ticket exports and document corpora. Parsing never panics, and a bad line is a
//! problem naming the file while the other lines still load.
#![no_main]

use docent_core::TicketMapping;
use docent_ingest::{load_jsonl_docs, parse_tickets, LoadDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(load) = parse_tickets("fuzz.jsonl", "jsonl", data, &TicketMapping::default()) {
        for p in &load.problems {
            assert!(
                p.to_string().contains("fuzz.jsonl"),
                "problem without its file: {p}"
            );
        }
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (docs, problems) = load_jsonl_docs("fuzz.jsonl", text, &LoadDefaults::default());
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(
        docs.len() + problems.len(),
        lines,
        "every line is a doc or a problem"
    );
    for p in &problems {
        assert!(
            p.to_string().contains("fuzz.jsonl"),
            "problem without its file: {p}"
        );
    }
});
