//! The real model for tests of any crate of the workspace: its directory (`DOCENT_MODEL_DIR`,
//! or `models/all-MiniLM-L6-v2` at the workspace root, where `scripts/fetch-model.sh` puts it)
//! and the model itself. Under `CI=true` a missing model fails the test; elsewhere the test
//! prints a reason and skips.

use std::path::PathBuf;

use crate::BertEmbedder;

/// The model directory tests use.
pub fn model_dir() -> PathBuf {
    std::env::var("DOCENT_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2")
        })
}

/// The configuration that loads the model from [`model_dir`], or `None` (with the reason
/// printed) when the model is missing outside CI.
///
/// # Panics
/// Under `CI`, when the model is missing.
pub fn model_config() -> Option<docent_core::ModelConfig> {
    let dir = model_dir();
    if !dir.join("model.safetensors").exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI: model missing at {} (run scripts/fetch-model.sh)",
            dir.display()
        );
        eprintln!(
            "skipping: model missing at {} (run scripts/fetch-model.sh)",
            dir.display()
        );
        return None;
    }
    Some(docent_core::ModelConfig {
        dir: dir.display().to_string(),
        ..docent_core::ModelConfig::default()
    })
}

/// The model, or `None` (with the reason printed) when it is missing outside CI.
///
/// # Panics
/// Under `CI`, when the model is missing or does not load.
pub fn model() -> Option<BertEmbedder> {
    model_config().map(|cfg| BertEmbedder::load(&cfg).expect("the model loads"))
}
