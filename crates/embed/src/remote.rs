//! An [`Embedder`] behind an OpenAI-compatible `/v1/embeddings` endpoint: TEI, Ollama, vLLM or
//! llama.cpp's server, e.g. serving a multilingual model for multilingual tickets.

use std::time::Duration;

use docent_core::ModelConfig;
use serde_json::json;

use crate::{Embedder, Error, Result};

/// Cuts a text to the longest prefix the model takes (the served model's tokenizer, when
/// there is one): an endpoint refuses inputs past its context instead of truncating them.
pub type Cut = Box<dyn for<'a> Fn(&'a str) -> &'a str + Send + Sync>;

/// Vectors from an OpenAI-compatible embeddings endpoint, L2-normalised here (not every server
/// normalises).
pub struct OpenAiEmbedder {
    url: String,
    model: String,
    model_id: String,
    api_key: Option<String>,
    batch_size: usize,
    max_tokens: usize,
    dimension: usize,
    cut: Option<Cut>,
    agent: ureq::Agent,
}

impl OpenAiEmbedder {
    /// Connects to `[model] url` for `[model] name`, reading the API key from the variable
    /// `[model] api_key_env` names, and asks for one vector to learn the dimension (so a wrong
    /// URL or model fails here, naming both, not in the middle of an ingest).
    pub fn connect(cfg: &ModelConfig, cut: Option<Cut>) -> Result<OpenAiEmbedder> {
        if cfg.url.trim().is_empty() || cfg.name.trim().is_empty() {
            return Err(Error::Config(
                "backend = \"openai\" needs url (up to and including /v1, e.g. \"http://localhost:8080/v1\") and name (the served model), or DOCENT_MODEL_URL and DOCENT_MODEL_NAME".into(),
            ));
        }
        let api_key = docent_core::secret_from_env(&cfg.api_key_env);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(cfg.timeout_s.max(1))))
            .http_status_as_error(false)
            .build()
            .into();
        let mut embedder = OpenAiEmbedder {
            url: cfg.url.trim().trim_end_matches('/').to_string(),
            model: cfg.name.trim().to_string(),
            model_id: model_id(cfg.name.trim()),
            api_key,
            batch_size: cfg.batch_size.max(1),
            max_tokens: cfg.max_tokens,
            dimension: 0,
            cut,
            agent,
        };
        let probe = embedder.request(&["dimension probe"])?;
        embedder.dimension = probe.first().map_or(0, Vec::len);
        if embedder.dimension == 0 {
            return Err(embedder.err("the endpoint returned an empty vector"));
        }
        Ok(embedder)
    }

    fn err(&self, message: impl Into<String>) -> Error {
        Error::Remote {
            url: docent_core::without_secrets(&format!("{}/embeddings", self.url)),
            // A client error may quote the whole address.
            // A client error may quote the whole address; the endpoint's text is one line.
            message: docent_core::one_line(&docent_core::without_secrets(&message.into())),
        }
    }

    /// One request: a vector per text, in order, normalised.
    fn request(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let inputs: Vec<&str> = texts
            .iter()
            .map(|t| self.cut.as_ref().map_or(*t, |cut| cut(t)))
            .collect();
        let mut req = self
            .agent
            .post(format!("{}/embeddings", self.url))
            .header("Accept", "application/json");
        if let Some(k) = &self.api_key {
            req = req.header("Authorization", format!("Bearer {k}"));
        }
        let body = json!({ "model": self.model, "input": inputs });
        let resp = req.send_json(&body).map_err(|e| self.err(e.to_string()))?;
        let status = resp.status();
        let mut body = resp.into_body();
        if !status.is_success() {
            let text = body.read_to_string().unwrap_or_default();
            return Err(self.err(format!(
                "HTTP {status}: {}",
                text.chars().take(300).collect::<String>()
            )));
        }
        // Read as bytes (at most ureq's 10 MiB) and parsed into the reply's own types: a
        // reply of numbers takes 4 bytes a number, not a JSON tree's 16 times that.
        let reply = body
            .read_to_vec()
            .map_err(|e| self.err(format!("reading the reply: {e}")))?;
        vectors(&reply, texts.len(), self.dimension).map_err(|m| self.err(m))
    }
}

/// The identifier an index records for vectors of the served model `name`.
pub fn model_id(name: &str) -> String {
    format!("openai:{name}")
}

/// An embeddings reply, as far as Docent reads it.
#[derive(serde::Deserialize)]
struct Reply {
    data: Option<Vec<Item>>,
}

/// One vector of a reply.
#[derive(serde::Deserialize)]
struct Item {
    index: Option<u64>,
    embedding: Vec<f32>,
}

/// The vectors of an embeddings reply's JSON (`data[i].embedding`, placed by `data[i].index`
/// where given), each normalised; `expected` inputs, each of `dimension` values (0: any, the
/// same for all).
pub fn vectors(
    reply: &[u8],
    expected: usize,
    dimension: usize,
) -> std::result::Result<Vec<Vec<f32>>, String> {
    let reply: Reply = serde_json::from_slice(reply).map_err(|e| {
        format!(
            "reply is not an embeddings reply: {}",
            e.to_string().chars().take(200).collect::<String>()
        )
    })?;
    let Some(data) = reply.data else {
        return Err("reply has no data array".into());
    };
    if data.len() != expected {
        return Err(format!(
            "reply has {} vectors for {expected} inputs",
            data.len()
        ));
    }
    let mut out: Vec<Option<Vec<f32>>> = vec![None; expected];
    for (i, item) in data.into_iter().enumerate() {
        let at = item.index.map_or(i, |n| n as usize);
        let Some(slot) = out.get_mut(at) else {
            return Err(format!("reply's vector index {at} is out of range"));
        };
        *slot = Some(normalised(item.embedding));
    }
    let out: Vec<Vec<f32>> = out
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.ok_or_else(|| format!("reply has no vector for input {i}")))
        .collect::<std::result::Result<_, _>>()?;
    let want = if dimension == 0 {
        out.first().map_or(0, Vec::len)
    } else {
        dimension
    };
    if let Some(bad) = out.iter().find(|v| v.len() != want) {
        return Err(format!(
            "a vector has {} dimensions, expected {want}",
            bad.len()
        ));
    }
    Ok(out)
}

fn normalised(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

impl Embedder for OpenAiEmbedder {
    fn model_id(&self) -> &str {
        &self.model_id
    }

    fn dimension(&self) -> usize {
        self.dimension
    }

    fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Empty texts get zero vectors without a request (servers refuse empty inputs); the rest
    /// go in requests of `[model] batch_size`.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let mut out = vec![vec![0.0; self.dimension]; texts.len()];
        let todo: Vec<usize> = (0..texts.len())
            .filter(|&i| !texts[i].trim().is_empty())
            .collect();
        for batch in todo.chunks(self.batch_size) {
            let inputs: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
            for (&i, v) in batch.iter().zip(self.request(&inputs)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_follow_the_index_field_and_are_normalised() {
        let reply = json!({"data": [
            {"index": 1, "embedding": [0.0, 2.0]},
            {"index": 0, "embedding": [3.0, 4.0]},
        ]});
        let v = vectors(&serde_json::to_vec(&reply).unwrap(), 2, 2).unwrap();
        assert_eq!(v[0], vec![0.6, 0.8]);
        assert_eq!(v[1], vec![0.0, 1.0]);
    }

    #[test]
    fn malformed_replies_say_what_is_wrong() {
        let cases = [
            (json!({"error": "x"}), "no data array"),
            // The code review of the tenth probe's fixes: a reply of bare numbers was built
            // into a JSON tree 16 times its size before it was found wrong.
            (json!({"data": [0, 0]}), "not an embeddings reply"),
            (
                json!({"data": [{"embedding": [1.0]}]}),
                "1 vectors for 2 inputs",
            ),
            (
                json!({"data": [{"embedding": [1.0]}, {"embedding": "no"}]}),
                "not an embeddings reply: invalid type: string",
            ),
            (
                json!({"data": [{"embedding": [1.0]}, {"embedding": [1.0, 2.0]}]}),
                "2 dimensions, expected 1",
            ),
            (
                json!({"data": [{"index": 0, "embedding": [1.0]}, {"index": 0, "embedding": [1.0]}]}),
                "no vector for input 1",
            ),
            (
                json!({"data": [{"index": 5, "embedding": [1.0]}, {"embedding": [1.0]}]}),
                "index 5 is out of range",
            ),
        ];
        for (reply, want) in cases {
            let err = vectors(&serde_json::to_vec(&reply).unwrap(), 2, 0).unwrap_err();
            assert!(err.contains(want), "{reply}: {err}");
        }
    }

    #[test]
    fn a_missing_url_or_name_is_a_configuration_error() {
        let cfg = ModelConfig {
            backend: docent_core::EmbedBackend::OpenAi,
            ..ModelConfig::default()
        };
        let err = OpenAiEmbedder::connect(&cfg, None)
            .err()
            .expect("must fail");
        assert!(err.to_string().contains("needs url"), "{err}");
    }

    #[test]
    fn an_unreachable_endpoint_is_named_in_the_error() {
        // A port nothing listens on: bind one, learn it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cfg = ModelConfig {
            backend: docent_core::EmbedBackend::OpenAi,
            url: format!("http://127.0.0.1:{port}/v1/"),
            name: "minilm".into(),
            timeout_s: 5,
            ..ModelConfig::default()
        };
        let err = OpenAiEmbedder::connect(&cfg, None)
            .err()
            .expect("must fail");
        let text = err.to_string();
        assert!(
            text.contains(&format!("http://127.0.0.1:{port}/v1/embeddings")),
            "{text}"
        );
    }
}
