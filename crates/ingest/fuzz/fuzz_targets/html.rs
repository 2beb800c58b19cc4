//! HTML: loading never panics, and a document that loads has a title
//! (the id is given later, from the file's path).
#![no_main]

use docent_ingest::{load_html, LoadDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = load_html("fuzz.html", text, LoadDefaults::default()) {
        assert!(!doc.title.is_empty(), "untitled document from {text:?}");
    }
});
