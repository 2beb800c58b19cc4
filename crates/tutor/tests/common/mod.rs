//! A small index written with the real model: each chunk with its vector, its sentences'
//! vectors and its heading vector, as ingestion stores them.

use std::sync::Arc;

use docent_core::Chunk;
use docent_embed::{BertEmbedder, Embedder};
use docent_index::sentences::{self, Block};
use docent_index::{write_index, Index, Manifest};

/// Writes `chunks` to a new index in a temporary folder and opens it with `model`.
pub fn index_of(
    model: BertEmbedder,
    chunks: &[Chunk],
) -> (tempfile::TempDir, Index, Arc<dyn Embedder>) {
    let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    let vectors = model.embed(&texts).unwrap();
    let mut blocks = Vec::new();
    let mut headings = Vec::new();
    for c in chunks {
        let spans = sentences::spans(&c.text);
        let span_texts: Vec<String> = spans
            .iter()
            .map(|&(s, e)| sentences::embedding_text(&c.text[s..e]))
            .collect();
        let refs: Vec<&str> = span_texts.iter().map(String::as_str).collect();
        blocks.push(Block::new(&spans, &model.embed(&refs).unwrap()));
        let head = model.embed(&[sentences::heading_text(c).as_str()]).unwrap();
        headings.push(Block::new(&[(0, 0)], &head));
    }
    let dir = tempfile::tempdir().unwrap();
    let manifest = Manifest::wanted(&model, model.max_tokens(), 256, 0);
    write_index(dir.path(), chunks, vectors, [&blocks, &headings], manifest).unwrap();
    let model: Arc<dyn Embedder> = Arc::new(model);
    let index = Index::open(dir.path(), Some(model.clone())).unwrap();
    (dir, index, model)
}
