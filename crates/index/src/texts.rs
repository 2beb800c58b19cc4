//! The text a chunk is embedded as (the Qdrant sparse vectors use [`crate::sparse::chunk_text`]).

use docent_core::Chunk;

/// The text the model sees for a chunk: where it sits, then what it says.
pub(crate) fn embedding_text(c: &Chunk) -> String {
    let mut s = c.title.clone();
    for h in &c.heading_path {
        if h != &c.title {
            s.push_str(" > ");
            s.push_str(h);
        }
    }
    s.push('\n');
    s.push_str(&c.text);
    s
}
