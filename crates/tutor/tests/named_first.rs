//! A question that names something ("They're PNG files") is answered from the evidence that
//! mentions it: when the first `[tutor] k` candidates never name it, the best-ranked later
//! candidate that does comes first and the confidence is computed for it; when no candidate
//! names it, the confidence is 0. With the real model (DOCENT_MODEL_DIR or
//! models/all-MiniLM-L6-v2; under CI=true a missing model fails, elsewhere the test prints a
//! reason and skips).

mod common;

use docent_core::{Audience, Chunk, Config};
use docent_embed::testing;
use docent_tutor::{Question, Tutor};

fn first_page(answer: &docent_core::Answer) -> Option<String> {
    answer
        .citations
        .first()
        .map(|c| c.doc_id.clone())
        .or_else(|| answer.related.first().map(|r| r.doc_id.clone()))
}

#[test]
fn the_candidate_that_names_what_is_asked_comes_first() {
    let Some(model) = testing::model() else {
        return;
    };
    let chunks = vec![
        Chunk::public_doc(
            "playing",
            "Playing photos from a USB device",
            &["Playing photos from a USB device"],
            "Connect a USB device to play photos stored on it. Select the photos to open them \
             on the TV. Photos from your phone can be opened the same way.",
        ),
        Chunk::public_doc(
            "formats",
            "Supported image formats",
            &["Supported image formats"],
            "File extension Format Resolution *.jpg JPEG 15360 x 8640 *.png PNG 4096 x 4096 \
             *.bmp BMP 4096 x 4096",
        ),
    ];
    let (_dir, index, _model) = common::index_of(model, &chunks);
    let mut config = Config::default();
    config.tutor.k = 1;
    let tutor = Tutor::from_config(&config).unwrap();
    let ask = |text: &str| {
        let q = Question::new(text, Audience::Public);
        tutor.ask(&index, &q, &mut |_, _| {}).unwrap()
    };
    // Without the name, the page about playing photos leads.
    let plain = ask("My photos from the USB stick won't open on the TV. Why?");
    assert_eq!(first_page(&plain).as_deref(), Some("playing"), "{plain:?}");
    // Naming the format brings the page that mentions it to the front.
    let named = ask("My photos from the USB stick won't open on the TV. They're PNG files.");
    assert_eq!(first_page(&named).as_deref(), Some("formats"), "{named:?}");
    // A name the docs mention but no candidate holds would leave the confidence at 0; here
    // a name the docs never mention does the same.
    let unknown = ask("My photos from the USB stick won't open on the TV. They're HEIC files.");
    assert_eq!(unknown.confidence, 0.0, "{unknown:?}");
}
