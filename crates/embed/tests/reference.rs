//! The candle embedder against reference vectors computed once with sentence-transformers
//! (PyTorch) for the same model and sentences (`scripts/reference_vectors.py`).
//!
//! Proves: 1. every vector is within 1e-4 cosine of the reference, including a text past the
//! 256-token truncation and non-ASCII text; 2. a text embeds the same alone and in a batch with
//! longer texts (padding does not leak into pooling); 3. vectors are unit length.
//!
//! The model is found through DOCENT_MODEL_DIR or at models/all-MiniLM-L6-v2. These tests
//! never download it: the test command fetches it first. Under CI=true a missing model fails.

use std::sync::OnceLock;

use docent_core::ModelConfig;
use docent_embed::{cosine, testing, BertEmbedder, Embedder};

/// The model (batches of 4, so a batch pads shorter texts), loaded once per test binary;
/// None (with a printed reason) when it is absent outside CI.
fn model() -> Option<&'static BertEmbedder> {
    static MODEL: OnceLock<Option<BertEmbedder>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            testing::model_config().map(|cfg| {
                let cfg = ModelConfig {
                    batch_size: 4,
                    ..cfg
                };
                BertEmbedder::load(&cfg).expect("model loads")
            })
        })
        .as_ref()
}

#[derive(serde::Deserialize)]
struct Reference {
    sentences: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    serde_json::from_str(include_str!("reference_vectors.json")).expect("reference file parses")
}

#[test]
fn matches_sentence_transformers_within_1e4_cosine() {
    let Some(m) = model() else { return };
    let r = reference();
    let texts: Vec<&str> = r.sentences.iter().map(String::as_str).collect();
    let got = m.embed(&texts).unwrap();
    for (i, (g, want)) in got.iter().zip(&r.vectors).enumerate() {
        let c = cosine(g, want);
        assert!(
            c > 1.0 - 1e-4,
            "sentence {i} ({:?}): cosine {c}",
            &r.sentences[i][..r.sentences[i].len().min(40)]
        );
    }
}

#[test]
fn alone_equals_batched_and_unit_length() {
    let Some(m) = model() else { return };
    let r = reference();
    let short = r.sentences[1].as_str();
    let long = r.sentences[5].as_str();
    let alone = m.embed(&[short]).unwrap().remove(0);
    let batched = m.embed(&[long, short, long]).unwrap();
    assert!(cosine(&alone, &batched[1]) > 1.0 - 1e-5);
    for v in batched.iter().chain([&alone]) {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    assert_eq!(alone.len(), m.dimension());
}

#[test]
fn missing_model_is_a_clear_error() {
    let cfg = ModelConfig {
        dir: "/nonexistent/model-dir".into(),
        ..ModelConfig::default()
    };
    let err = BertEmbedder::load(&cfg).err().expect("must fail");
    let msg = err.to_string();
    assert!(
        msg.contains("/nonexistent/model-dir") && msg.contains("scripts/fetch-model.sh"),
        "{msg}"
    );
}

/// The cut the `openai` backend applies before sending a text: a prefix of the text, at a
/// token's end, holding exactly the allowed tokens; the whole text when it fits.
#[test]
fn truncation_keeps_a_prefix_of_exactly_the_allowed_tokens() {
    use docent_core::TokenCount;
    use docent_embed::TokenCounter;
    if model().is_none() {
        return;
    }
    let counter = TokenCounter::load(&testing::model_dir()).expect("tokenizer loads");
    let text = "Résumé uploads: the exporter writes CSV, XLSX and PDF files. ".repeat(40);
    let full = counter.count_tokens(&text);
    assert!(full > 100, "{full}");
    let cut = counter.truncate(&text, 100);
    assert!(text.starts_with(cut) && cut.len() < text.len());
    assert_eq!(counter.count_tokens(cut), 100, "{cut:?}");
    let short = "Export a report.";
    assert_eq!(counter.truncate(short, 100), short);
}
