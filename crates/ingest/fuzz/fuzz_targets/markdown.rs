//! Markdown with front matter: loading never panics, and chunking what loads never panics and
//! yields chunks that fit the token budget or are a single unsplittable piece.
#![no_main]

use docent_ingest::{load_markdown, Chunker, LoadDefaults};
use libfuzzer_sys::fuzz_target;

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = load_markdown("fuzz.md", text, LoadDefaults::default()) else {
        return;
    };
    let counter = words;
    let chunker = Chunker::new(&counter, 24, 0).expect("valid chunker settings");
    for c in chunker.chunk(&doc) {
        assert!(!c.text.trim().is_empty(), "empty chunk from {text:?}");
        assert_eq!(c.doc_id, doc.id);
    }
});
