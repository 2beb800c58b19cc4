//! `[model] backend = "openai"` against a real OpenAI-compatible embeddings endpoint:
//! llama.cpp's `llama-server --embeddings` serving all-MiniLM-L6-v2 converted to GGUF
//! (`scripts/llm-server.sh start-embeddings`). Where the server was not built or the model not
//! converted (no compiler, no cmake, no PyPI) the test skips and says so; `scripts/test.sh`
//! prepares both first where it can.
//!
//! Proves: 1. an index ingested through the endpoint retrieves the sample set as well as one
//! ingested with the local model (dense and hybrid nDCG@10 within 0.01: the same model served
//! elsewhere gives the same vectors, and the client cuts long inputs as the local model does);
//! 2. the index records which embedder built it, and opening it with the local model is
//! refused with a message naming both, as is the reverse.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::{docent, docs_index, have_model, model_dir, repo, text};

/// A llama.cpp embeddings server started by the script, stopped when dropped.
struct EmbedServer {
    url: String,
    port: String,
}

impl Drop for EmbedServer {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(repo().join("scripts/llm-server.sh"))
            .args(["stop", &self.port])
            .status();
    }
}

fn embed_server() -> Option<EmbedServer> {
    let script = repo().join("scripts/llm-server.sh");
    let built = Command::new("bash")
        .arg(&script)
        .arg("built-embeddings")
        .env("DOCENT_EMBED_MODEL_DIR", model_dir())
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!(
            "skipping: no llama.cpp server or converted embedding model in the cache \
             (scripts/llm-server.sh build and embed-model need a C++ compiler and PyPI; \
             scripts/test.sh runs them)"
        );
        return None;
    }
    let o = Command::new("bash")
        .arg(&script)
        .arg("start-embeddings")
        .env("DOCENT_EMBED_MODEL_DIR", model_dir())
        .output()
        .expect("bash runs");
    assert!(
        o.status.success(),
        "scripts/llm-server.sh start-embeddings: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let url = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let port = url
        .trim_end_matches("/v1")
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    Some(EmbedServer { url, port })
}

/// `docent` with the embeddings endpoint as its model backend.
fn docent_remote(index_dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docent"))
        .current_dir(repo())
        .env("DOCENT_INDEX_DIR", index_dir)
        .env("DOCENT_MODEL_DIR", model_dir())
        .env("DOCENT_MODEL_BACKEND", "openai")
        .env("DOCENT_MODEL_URL", url)
        .env("DOCENT_MODEL_NAME", "all-minilm-l6-v2")
        .env_remove("DOCENT_INDEX_NAME")
        .args(args)
        .output()
        .expect("docent runs")
}

/// nDCG@10 per mode from `docent eval retrieval --json`.
fn ndcg(o: &Output, mode: &str) -> f64 {
    let out = String::from_utf8_lossy(&o.stdout);
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {}", text(o)));
    let modes = report["modes"]
        .as_array()
        .or_else(|| report.as_array())
        .unwrap_or_else(|| panic!("no modes in {report}"));
    modes
        .iter()
        .find(|m| m["mode"] == mode)
        .and_then(|m| m["ndcg_10"].as_f64().or_else(|| m["ndcg@10"].as_f64()))
        .unwrap_or_else(|| panic!("no nDCG@10 of {mode} in {report}"))
}

#[test]
fn an_embeddings_endpoint_serves_the_index_and_mixing_models_is_refused() {
    if !have_model() {
        return;
    }
    let Some(server) = embed_server() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let o = docent_remote(dir.path(), &server.url, &["ingest", "corpus/docs"]);
    assert!(o.status.success(), "{}", text(&o));

    let eval = ["eval", "retrieval", "--set", "evals/sample", "--json"];
    let remote = docent_remote(dir.path(), &server.url, &eval);
    assert!(remote.status.success(), "{}", text(&remote));
    let local = docent(docs_index(), &eval);
    assert!(local.status.success(), "{}", text(&local));
    for mode in ["dense", "hybrid"] {
        let (r, l) = (ndcg(&remote, mode), ndcg(&local, mode));
        assert!(
            (r - l).abs() <= 0.01,
            "{mode} nDCG@10 through the endpoint {r:.3}, local {l:.3}"
        );
    }

    let question = ["search", "--mode", "dense", "How do I export a report?"];
    let o = docent(dir.path(), &question);
    assert!(
        !o.status.success(),
        "the local model opened an index built through the endpoint"
    );
    let msg = text(&o);
    assert!(
        msg.contains("openai:all-minilm-l6-v2") && msg.contains("all-MiniLM-L6-v2"),
        "{msg}"
    );
    let o = docent_remote(docs_index(), &server.url, &question);
    assert!(
        !o.status.success(),
        "the endpoint opened an index built by the local model"
    );
    assert!(text(&o).contains("openai:all-minilm-l6-v2"), "{}", text(&o));
}
