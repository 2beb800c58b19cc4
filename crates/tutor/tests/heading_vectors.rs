//! The re-ranker's heading evidence with the real model: a candidate's `heading_similarity`
//! is the cosine of the question and the chunk's heading vector stored at ingestion, and
//! between two sections saying the same words, the one whose title names what was asked
//! ranks first. The model comes from DOCENT_MODEL_DIR or models/all-MiniLM-L6-v2; under
//! CI=true a missing model fails, elsewhere the test prints a reason and skips.

use std::sync::Arc;

use docent_core::{Audience, Chunk, Config};
use docent_embed::{testing, Embedder};
use docent_index::sentences::{self, Block};
use docent_index::{write_index, Index, Manifest};
use docent_tutor::rerank::HEADING_SIMILARITY;
use docent_tutor::{Question, Tutor};

fn section(id: &str, title: &str, text: &str) -> Chunk {
    Chunk::public_doc(id, title, &[title], text)
}

#[test]
fn the_section_whose_title_names_the_question_ranks_first() {
    let Some(model) = testing::model() else {
        return;
    };
    // The same body under two titles: only the heading tells them apart. The wrong one is
    // first in the index, so a tie would put it first.
    let body = "Open Settings and follow the steps on the screen. It takes a minute.";
    let chunks = vec![
        section("language", "Changing the display language", body),
        section("recover", "Recovering a forgotten password", body),
    ];
    let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    let vectors = model.embed(&texts).unwrap();
    let mut blocks = Vec::new();
    let mut headings = Vec::new();
    for c in &chunks {
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
    write_index(dir.path(), &chunks, vectors, [&blocks, &headings], manifest).unwrap();
    let model: Arc<dyn Embedder> = Arc::new(model);
    let index = Index::open(dir.path(), Some(model.clone())).unwrap();
    let tutor = Tutor::from_config(&Config::default()).unwrap();

    let question = "I cannot remember what I type to sign in, how do I get back in?";
    let q = Question::new(question, Audience::Public);
    let ranked = tutor.retrieve(&index, question, &q).unwrap();
    assert_eq!(ranked.len(), 2);
    let qv = &model.embed(&[question]).unwrap()[0];
    for ev in &ranked {
        let hv = &model
            .embed(&[sentences::heading_text(&ev.chunk).as_str()])
            .unwrap()[0];
        let want: f32 = qv.iter().zip(hv).map(|(a, b)| a * b).sum();
        let got = ev.features.0[HEADING_SIMILARITY];
        assert!(
            (got - want).abs() < 0.02,
            "{}: heading similarity {got}, the heading's cosine {want}",
            ev.chunk.title
        );
    }
    assert_eq!(
        ranked[0].chunk.doc_id, "recover",
        "{:?}",
        ranked[0].features
    );
    assert!(ranked[0].score > ranked[1].score);
}
