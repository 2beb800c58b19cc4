//! The gap report over a real index (the sample docs, ingested with the real model). Proves:
//! 1. a search of the index that fails while the report is made is an error of the report,
//!    not a topic that reads as "no doc is close" (issue 16);
//! 2. the report's term weights are the index's when it holds docs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use docent_core::{Classify, Config};
use docent_embed::{BertEmbedder, Embedder, TokenCounter};
use docent_gaps::{Options, Signal, SignalKind};
use docent_index::{ingest, Index, IngestOptions};
use docent_ingest::Files;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn model_dir() -> PathBuf {
    std::env::var("DOCENT_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join("models/all-MiniLM-L6-v2"))
}

fn have_model() -> bool {
    if model_dir().join("model.safetensors").exists() {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI: model missing (run scripts/fetch-model.sh)"
    );
    eprintln!("skipping: model missing (run scripts/fetch-model.sh)");
    false
}

// Issue 16: the report's searches (the closest doc, coverage) turned a failure into an empty
// result, so a topic read as "missing content". Here the signals' vectors have another
// dimension than the index's: the report fails, naming the dimension.
#[test]
fn a_failed_search_fails_the_report_instead_of_reading_as_no_docs() {
    if !have_model() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = Config::default();
    cfg.model.dir = model_dir().display().to_string();
    let embedder = Arc::new(BertEmbedder::load(&cfg.model).unwrap());
    let counter = TokenCounter::load(&model_dir()).unwrap();
    let opts = IngestOptions {
        index_dir: dir.path().join("idx"),
        sources: vec![Arc::new(Files::new(
            vec![repo().join("corpus/docs/reports")],
            Vec::new(),
        ))],
        chunking: cfg.chunking.clone(),
        model_max_tokens: embedder.max_tokens(),
        ..Default::default()
    };
    ingest(&opts, embedder.as_ref(), &counter, &()).unwrap();
    let index = Index::open(&opts.index_dir, Some(embedder as Arc<dyn Embedder>)).unwrap();
    let weights = docent_gaps::term_weights(&index);
    assert!(weights.documented_variant("expor"), "docs, so weights");
    let signals: Vec<Signal> = (0..8)
        .map(|i| Signal {
            id: format!("t{i}"),
            kind: SignalKind::Ticket,
            at: Some(
                Utc.with_ymd_and_hms(2026, 3, 2 + i, 9, 0, 0)
                    .unwrap()
                    .fixed_offset(),
            ),
            subject: format!("How do I export report number {i} to Excel?"),
            text: "The export button does nothing.".into(),
            vector: vec![1.0, 0.0, 0.0],
        })
        .collect();
    let err = docent_gaps::report(&index, &weights, &signals, &Options::default(), Vec::new())
        .expect_err("a search with a vector of the wrong dimension fails");
    assert_eq!(err.code(), "index.dimension", "{err}");
}
