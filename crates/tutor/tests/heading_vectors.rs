//! The re-ranker's heading evidence with the real model: a candidate's `heading_similarity`
//! is the cosine of the question and the chunk's heading vector stored at ingestion, and
//! between two sections saying the same words, the one whose title names what was asked
//! ranks first. The model comes from DOCENT_MODEL_DIR or models/all-MiniLM-L6-v2; under
//! CI=true a missing model fails, elsewhere the test prints a reason and skips.

mod common;

use docent_core::{Audience, Chunk, Config};
use docent_embed::testing;
use docent_index::sentences;
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
    let (_dir, index, model) = common::index_of(model, &chunks);
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
