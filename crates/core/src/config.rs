//! Configuration: built-in defaults, then the TOML file, then `DOCENT_*` environment overrides.
//!
//! An override names a section and a key: `DOCENT_INDEX_NAME=demo` sets `[index] name`,
//! `DOCENT_CHUNKING_MAX_TOKENS=128` sets `[chunking] max_tokens`. Values are read as TOML
//! scalars when they parse as one (numbers, booleans) and as strings otherwise.

use serde::{Deserialize, Serialize};

/// A configuration that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The TOML file does not parse.
    #[error("docent.toml: {0}")]
    Parse(String),
    /// A `DOCENT_*` variable names no known setting.
    #[error("environment variable {var}: no setting [{section}] {key} (see `docent --help`)")]
    UnknownOverride {
        /// The variable.
        var: String,
        /// The section it would set.
        section: String,
        /// The key it would set.
        key: String,
    },
    /// A value has the wrong type or an unknown key.
    #[error("configuration: {0}")]
    Invalid(String),
}

impl crate::Classify for ConfigError {
    fn kind(&self) -> crate::ErrorKind {
        crate::ErrorKind::BadInput
    }
    fn code(&self) -> &'static str {
        match self {
            ConfigError::Parse(_) => "config.parse",
            ConfigError::UnknownOverride { .. } => "config.unknown_override",
            ConfigError::Invalid(_) => "config.invalid",
        }
    }
}

/// Every setting of Docent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The embedding model.
    pub model: ModelConfig,
    /// Where indexes live.
    pub index: IndexConfig,
    /// How documents are cut into chunks.
    pub chunking: ChunkingConfig,
    /// Ingestion settings.
    pub ingest: IngestConfig,
    /// Search defaults.
    pub search: SearchConfig,
    /// How ticket export columns map to ticket fields.
    pub tickets: TicketMapping,
    /// Question answering.
    pub tutor: TutorConfig,
    /// An optional OpenAI-compatible chat endpoint for generative answers.
    pub llm: LlmConfig,
    /// The HTTP server, the widget and its keys.
    pub server: ServerConfig,
}

/// Question answering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TutorConfig {
    /// `extractive` (no language model, the default) or `openai` (the `[llm]` endpoint).
    pub composer: ComposerKind,
    /// Chunks given to the composer as evidence (after re-ranking).
    pub k: usize,
    /// Candidates retrieved and re-ranked by their sentence-level evidence.
    pub candidates: usize,
    /// Re-rank the candidates (false: retrieval order, for comparison).
    pub rerank: bool,
    /// Below this confidence (0..1) the tutor says it does not know. Calibrated on the evals.
    pub threshold: f32,
    /// Where a customer reaches a person; `{conversation}` is replaced by the conversation id.
    pub handoff_url: String,
    /// The hand-off button's label.
    pub handoff_label: String,
    /// Longest answer, in characters, not counting numbered steps (kept whole).
    pub max_answer_chars: usize,
    /// Link prefix for cited documents without their own URL (`{base}/{doc_id}`).
    pub docs_base_url: String,
}

/// Which composer writes the tutor's answers (`[tutor] composer`; also the `composer` field of
/// every answer, as the same lowercase name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ComposerKind {
    /// The docs' own sentences, no language model (the default).
    #[default]
    Extractive,
    /// An OpenAI-compatible chat endpoint (`[llm]`).
    OpenAi,
}

impl ComposerKind {
    /// The name as configured and as answers carry it.
    pub fn as_str(self) -> &'static str {
        match self {
            ComposerKind::Extractive => "extractive",
            ComposerKind::OpenAi => "openai",
        }
    }
}

impl std::fmt::Display for ComposerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Default for TutorConfig {
    fn default() -> Self {
        TutorConfig {
            composer: ComposerKind::Extractive,
            k: 5,
            candidates: 20,
            rerank: true,
            threshold: 0.35,
            handoff_url: "mailto:support@example.com?subject=Help%20request%20{conversation}"
                .into(),
            handoff_label: "Talk to a person".into(),
            max_answer_chars: 600,
            docs_base_url: "/docs".into(),
        }
    }
}

/// An OpenAI-compatible chat endpoint (Ollama, llama.cpp server, vLLM, hosted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LlmConfig {
    /// Base URL, up to and including `/v1` (e.g. `http://localhost:11434/v1`).
    pub url: String,
    /// Model name sent with each request.
    pub model: String,
    /// Name of the environment variable that holds the API key (empty: no key).
    pub api_key_env: String,
    /// Prompt template file of the tutor's answers.
    pub prompt: String,
    /// Prompt template file of quiz drafts.
    pub quiz_prompt: String,
    /// Seconds before a request is abandoned.
    pub timeout_s: u64,
    /// Sampling temperature.
    pub temperature: f32,
}

impl Default for LlmConfig {
    fn default() -> Self {
        LlmConfig {
            url: String::new(),
            model: String::new(),
            api_key_env: "DOCENT_LLM_API_KEY".into(),
            prompt: "prompts/answer.txt".into(),
            quiz_prompt: "prompts/quiz.txt".into(),
            timeout_s: 60,
            temperature: 0.1,
        }
    }
}

/// The HTTP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on.
    pub bind: String,
    /// The SQLite database of conversations, feedback, unanswered questions, hand-offs,
    /// quizzes and keys (used when `database_url` is empty).
    pub db: String,
    /// A PostgreSQL database for that state instead (`postgres://USER:PASSWORD@HOST:PORT/DB`),
    /// which several servers can share; empty: the SQLite file `db`. Set the password from the
    /// environment: `DOCENT_SERVER_DATABASE_URL`.
    pub database_url: String,
    /// Connections each server keeps to `database_url` at most.
    pub database_pool: usize,
    /// Origins allowed to call the API from a browser, besides the server's own.
    pub cors_origins: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Longest question, in characters.
    pub max_question_chars: usize,
    /// Requests a minute from one client address.
    pub client_per_minute: u32,
    /// Questions a minute in one conversation.
    pub session_per_minute: u32,
    /// Keys for widgets and tools. A widget key is visible in a page: give it only the `ask`
    /// and `feedback` scopes, its audience and its origins.
    pub keys: Vec<ApiKey>,
    /// A key with every scope for the internal audience (tools, the search API); empty: none.
    /// Set it from the environment: `DOCENT_SERVER_ADMIN_KEY`.
    pub admin_key: String,
    /// One JSON line per request on standard error (request id, route, status, time).
    pub access_log: bool,
    /// Seconds a stopping server waits for requests in flight before it exits anyway.
    pub shutdown_grace_seconds: u64,
    /// The server's public URL as browsers see it (`https://docent.example.com`): its origin
    /// is the server's own for CORS and key origin checks. Empty: only a `Host` that is an IP
    /// address or `localhost` counts as the server's own (a domain name in `Host` could be an
    /// attacker's, rebound to this server).
    pub public_url: String,
    /// Addresses or networks (`10.0.0.0/8`) of reverse proxies whose `X-Forwarded-For` is
    /// believed; rate limits then key on the client address the proxy reports. Empty: the
    /// peer's address is the client's.
    pub trusted_proxies: Vec<String>,
    /// Page requests (`/demo`, `/docs`) a minute from one client address.
    pub pages_per_minute: u32,
    /// Hand-offs a minute from one conversation.
    pub handoffs_per_minute: u32,
    /// Gap reports a minute per key (each may cluster every ticket).
    pub reports_per_minute: u32,
    /// Quiz drafts a minute per key (each reads its whole scope and may take a second of CPU).
    pub quizzes_per_minute: u32,
    /// Requests with an unknown, expired or revoked key a minute from one client address;
    /// past it the client's requests are refused (429) before any key is looked up.
    pub unknown_keys_per_minute: u32,
    /// Questions and searches answered at once (each holds a CPU thread); more wait no longer
    /// than the client would: they are answered 503 with `Retry-After`. 0: no limit.
    pub max_concurrent_asks: usize,
    /// Open connections at most; further ones wait in the kernel's backlog until one closes.
    pub max_connections: usize,
    /// Open connections one client address may hold at most (a trusted proxy's are not
    /// counted: behind it every visitor shares its address).
    pub max_connections_per_client: usize,
    /// Seconds a client may take to send a request's headers, and then its body.
    pub read_timeout_seconds: u64,
    /// Seconds a handler may take to start its response (a streamed answer starts at once).
    pub request_timeout_seconds: u64,
}

/// One API key: what it may do, for whom and from where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// The key itself, sent as `X-Docent-Key` (or give `sha256` instead, to keep the secret
    /// out of the file).
    #[serde(default)]
    pub key: String,
    /// Lower-case hex SHA-256 of the key (`printf %s KEY | sha256sum`), instead of `key`.
    #[serde(default)]
    pub sha256: String,
    /// The audience its questions are answered for.
    pub audience: crate::Audience,
    /// Allowed origins (`*` for any; the server's own origin is always allowed).
    #[serde(default)]
    pub origins: Vec<String>,
    /// Scopes (`ask`, `feedback`, `search`) or roles (`widget`, `author`, `lead`, `admin`),
    /// which grant their scopes; an unknown name is an error.
    pub scopes: Vec<crate::Grant>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: "127.0.0.1:8080".into(),
            db: "indexes/docent.sqlite".into(),
            database_url: String::new(),
            database_pool: 16,
            cors_origins: Vec::new(),
            max_body_bytes: 16 * 1024,
            max_question_chars: 1000,
            client_per_minute: 600,
            session_per_minute: 30,
            keys: vec![ApiKey {
                key: "demo-public-key".into(),
                sha256: String::new(),
                audience: crate::Audience::Public,
                origins: Vec::new(),
                scopes: vec![
                    crate::Grant::Scope(crate::KeyScope::Ask),
                    crate::Grant::Scope(crate::KeyScope::Feedback),
                ],
            }],
            admin_key: String::new(),
            access_log: true,
            shutdown_grace_seconds: 30,
            public_url: String::new(),
            trusted_proxies: Vec::new(),
            pages_per_minute: 300,
            handoffs_per_minute: 3,
            reports_per_minute: 10,
            quizzes_per_minute: 20,
            unknown_keys_per_minute: 30,
            max_concurrent_asks: 64,
            max_connections: 4096,
            max_connections_per_client: 256,
            read_timeout_seconds: 10,
            request_timeout_seconds: 120,
        }
    }
}

/// The embedding model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelConfig {
    /// Where vectors come from: the model in `dir` run in this process, or an
    /// OpenAI-compatible `/v1/embeddings` endpoint.
    pub backend: EmbedBackend,
    /// Directory with `config.json`, `tokenizer.json` and `model.safetensors`; with the
    /// `openai` backend only its `tokenizer.json` is read (the served model's tokenizer, for
    /// sizing chunks and cutting inputs at `max_tokens`).
    pub dir: String,
    /// Inputs are truncated to this many tokens (special tokens included).
    pub max_tokens: usize,
    /// Sentences per forward pass (per request with the `openai` backend).
    pub batch_size: usize,
    /// `cpu` or `cuda` (the latter needs the `cuda` build feature).
    pub device: String,
    /// The endpoint's base URL, up to and including `/v1` (`openai` backend), e.g.
    /// `http://localhost:8080/v1` for TEI or llama.cpp's server, `http://localhost:11434/v1`
    /// for Ollama.
    pub url: String,
    /// The model name sent with each request (`openai` backend); an index records it and
    /// refuses vectors of any other model.
    pub name: String,
    /// Name of the environment variable that holds the endpoint's API key (unset or empty:
    /// no key is sent).
    pub api_key_env: String,
    /// Seconds before a request to the endpoint is abandoned.
    pub timeout_s: u64,
}

/// Where embeddings are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EmbedBackend {
    /// The sentence-transformer in `[model] dir`, run in this process.
    #[default]
    Local,
    /// An OpenAI-compatible `/v1/embeddings` endpoint (TEI, Ollama, vLLM, llama.cpp's server),
    /// e.g. serving a multilingual model.
    OpenAi,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            backend: EmbedBackend::Local,
            dir: "models/all-MiniLM-L6-v2".into(),
            max_tokens: 256,
            batch_size: 32,
            device: "cpu".into(),
            url: String::new(),
            name: String::new(),
            api_key_env: "DOCENT_MODEL_API_KEY".into(),
            timeout_s: 120,
        }
    }
}

/// Where indexes live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndexConfig {
    /// Parent directory of all indexes.
    pub dir: String,
    /// The index used when none is named.
    pub name: String,
    /// Where vectors are searched: `embedded` (in the server's memory) or `qdrant`.
    pub backend: IndexBackend,
    /// The Qdrant server's gRPC URL (port 6334).
    pub qdrant_url: String,
    /// The environment variable holding Qdrant's API key (unset: no key is sent).
    pub qdrant_api_key_env: String,
    /// Collections are named `{prefix}{index name}`.
    pub qdrant_collection_prefix: String,
    /// Shards of a new collection.
    pub qdrant_shards: u32,
    /// Replication factor of a new collection.
    pub qdrant_replication: u32,
    /// Points per upsert request.
    pub qdrant_batch: usize,
}

/// Where an index's vectors are searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum IndexBackend {
    /// Exact search in the process's memory (one machine).
    #[default]
    Embedded,
    /// A Qdrant server or cluster: dense and sparse BM25 vectors, fusion on the server.
    Qdrant,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            dir: "indexes".into(),
            name: "default".into(),
            backend: IndexBackend::Embedded,
            qdrant_url: "http://localhost:6334".into(),
            qdrant_api_key_env: "QDRANT_API_KEY".into(),
            qdrant_collection_prefix: "docent_".into(),
            qdrant_shards: 1,
            qdrant_replication: 1,
            qdrant_batch: 256,
        }
    }
}

/// How documents are cut into chunks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChunkingConfig {
    /// Largest chunk, in model tokens (keep below the model's `max_tokens`).
    pub max_tokens: usize,
    /// Tokens shared by consecutive chunks.
    pub overlap_tokens: usize,
}

impl Default for ChunkingConfig {
    fn default() -> Self {
        ChunkingConfig {
            max_tokens: 200,
            overlap_tokens: 0,
        }
    }
}

/// Ingestion settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Audience of documents whose front matter names none.
    pub default_audience: crate::Audience,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            default_audience: crate::Audience::Public,
        }
    }
}

/// How a search runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    /// Lexical only (tantivy BM25).
    Bm25,
    /// Embeddings only.
    Dense,
    /// Both, fused.
    Hybrid,
}

impl SearchMode {
    /// All modes, in the order reports show them.
    pub const ALL: [SearchMode; 3] = [SearchMode::Bm25, SearchMode::Dense, SearchMode::Hybrid];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchMode::Bm25 => "bm25",
            SearchMode::Dense => "dense",
            SearchMode::Hybrid => "hybrid",
        }
    }
}

impl std::str::FromStr for SearchMode {
    type Err = String;

    /// `bm25`, `dense` or `hybrid`; anything else is an error naming it.
    fn from_str(s: &str) -> Result<SearchMode, String> {
        SearchMode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("mode {s:?}: use bm25, dense or hybrid"))
    }
}

/// Search defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Results returned.
    pub k: usize,
    /// Default mode.
    pub mode: SearchMode,
    /// Candidates each retriever contributes to fusion.
    pub candidates: usize,
    /// The `k` constant of reciprocal-rank fusion.
    pub rrf_k: f32,
    /// Weight of the dense list in fusion (the lexical list has `1 - dense_weight`).
    pub dense_weight: f32,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            k: 5,
            mode: SearchMode::Hybrid,
            candidates: 50,
            rrf_k: 60.0,
            dense_weight: 0.5,
        }
    }
}

/// Column names accepted for each ticket field, first match wins (case-insensitive). The
/// defaults recognise Zendesk and Freshdesk exports and plain snake_case columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TicketMapping {
    /// Ticket id.
    #[serde(deserialize_with = "at_least_one")]
    pub id: Vec<String>,
    /// Creation time.
    #[serde(deserialize_with = "at_least_one")]
    pub created_at: Vec<String>,
    /// Subject line.
    #[serde(deserialize_with = "at_least_one")]
    pub subject: Vec<String>,
    /// Body.
    #[serde(deserialize_with = "at_least_one")]
    pub description: Vec<String>,
    /// Tags (comma or space separated, or a JSON array).
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    /// Status.
    #[serde(deserialize_with = "one_or_many")]
    pub status: Vec<String>,
    /// Channel.
    #[serde(deserialize_with = "one_or_many")]
    pub channel: Vec<String>,
}

/// A list of column names, or one name alone (`created_at = "Opened"` was refused as
/// "expected a sequence", which a user had to guess from: an outside review).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(s)) => Ok(vec![s]),
        Ok(OneOrMany::Many(v)) => Ok(v),
        Err(_) => Err(serde::de::Error::custom(
            "expected a column name or a list of them, e.g. \"Opened\" or [\"Opened\", \"Created\"]",
        )),
    }
}

/// [`one_or_many`], not empty and without a blank name: an empty list for the id, the date,
/// the subject or the body matched no column, and every ticket silently lost that field (ids
/// became line numbers: an outside review). Tags, status and channel may be `[]` (not read).
fn at_least_one<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let names = one_or_many(d)?;
    if names.is_empty() || names.iter().any(|n| n.trim().is_empty()) {
        return Err(serde::de::Error::custom(
            "give at least one column name, none blank (leave the setting out for the defaults)",
        ));
    }
    Ok(names)
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for TicketMapping {
    fn default() -> Self {
        TicketMapping {
            id: names(&["id", "ticket id", "ticket_id", "ticket #", "ticket number"]),
            created_at: names(&[
                "created_at",
                "created at",
                "created time",
                "created",
                "date",
                "timestamp",
                "date created",
                "creation date",
                "submitted at",
                "opened at",
                "requested at",
            ]),
            subject: names(&["subject", "title", "summary"]),
            description: names(&[
                "description",
                "body",
                "text",
                "content",
                "message",
                "comment",
            ]),
            tags: names(&["tags", "tag", "labels"]),
            status: names(&["status", "state"]),
            channel: names(&["channel", "via", "source", "origin"]),
        }
    }
}

impl Config {
    /// Builds the configuration from the built-in defaults, the text of `docent.toml` (if any)
    /// and `DOCENT_*` variables from `env` (other variables are ignored). `DOCENT_CONFIG` names
    /// the file and is not a setting.
    pub fn load<I, K, V>(file: Option<&str>, env: I) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut root: toml::Table = match file {
            Some(text) => text
                .parse::<toml::Table>()
                .map_err(|e| ConfigError::Parse(e.to_string()))?,
            None => toml::Table::new(),
        };
        let defaults = toml::Table::try_from(Config::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        // Variables that hold secrets by name (`[llm] api_key_env`, default
        // DOCENT_LLM_API_KEY) are read where they are used, never as overrides.
        let secret_vars = secret_env_names(&root, &defaults);
        // (variable, "section.key") of every override, to name the variable a bad value came
        // from (an outside review got "expected usize in search.k" for DOCENT_SEARCH_K=abc).
        let mut overrides: Vec<(String, String)> = Vec::new();
        for (var, value) in env {
            let var = var.as_ref();
            let Some(rest) = var.strip_prefix("DOCENT_") else {
                continue;
            };
            if rest == "CONFIG" || rest.is_empty() || secret_vars.iter().any(|s| s == var) {
                continue;
            }
            let lower = rest.to_ascii_lowercase();
            let (section, key) = lower.split_once('_').unwrap_or((lower.as_str(), ""));
            let known = defaults
                .get(section)
                .and_then(|s| s.as_table())
                .is_some_and(|t| t.contains_key(key));
            if !known {
                return Err(ConfigError::UnknownOverride {
                    var: var.to_string(),
                    section: section.to_string(),
                    key: key.to_string(),
                });
            }
            let table = root
                .entry(section.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let Some(table) = table.as_table_mut() else {
                return Err(ConfigError::Invalid(format!("[{section}] is not a table")));
            };
            table.insert(
                key.to_string(),
                scalar(value.as_ref(), defaults[section].get(key)),
            );
            overrides.push((var.to_string(), format!("{section}.{key}")));
        }
        let config: Config =
            toml::Value::Table(root)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    let message = e.to_string();
                    match overrides.iter().find(|(_, at)| {
                        message.contains(&format!("`{at}`"))
                            || message.trim_end().ends_with(&format!("in {at}"))
                    }) {
                        Some((var, _)) => {
                            ConfigError::Invalid(format!("environment variable {var}: {message}"))
                        }
                        None => ConfigError::Invalid(message),
                    }
                })?;
        // A value out of range is named as the setting; name the variable that set it too.
        config.check_ranges().map_err(|e| match e {
            ConfigError::Invalid(message) => {
                let from = overrides.iter().find(|(_, at)| {
                    let (section, key) = at.split_once('.').unwrap_or((at.as_str(), ""));
                    message.starts_with(&format!("[{section}] {key} "))
                });
                match from {
                    Some((var, _)) => {
                        ConfigError::Invalid(format!("environment variable {var}: {message}"))
                    }
                    None => ConfigError::Invalid(message),
                }
            }
            other => other,
        })?;
        Ok(config)
    }

    /// Refuses numbers no search can use: a result count that would allocate without bound
    /// (`[search] k = 18446744073709551615` overflowed), a fusion weight or constant that is
    /// not a finite number in its range (`dense_weight = nan` printed NaN scores), a confidence
    /// threshold outside 0..1.
    fn check_ranges(&self) -> Result<(), ConfigError> {
        let (s, t) = (&self.search, &self.tutor);
        let counts = [
            ("[search] k", s.k, MAX_RESULTS),
            ("[search] candidates", s.candidates, MAX_CANDIDATES),
            ("[tutor] k", t.k, MAX_RESULTS),
            ("[tutor] candidates", t.candidates, MAX_CANDIDATES),
        ];
        for (what, v, most) in counts {
            if !(1..=most).contains(&v) {
                return Err(ConfigError::Invalid(format!(
                    "{what} = {v}: use 1 to {most}"
                )));
            }
        }
        let numbers = [
            (
                "[search] rrf_k",
                s.rrf_k,
                s.rrf_k.is_finite() && s.rrf_k > 0.0,
                "a positive number",
            ),
            (
                "[search] dense_weight",
                s.dense_weight,
                (0.0..=1.0).contains(&s.dense_weight),
                "0 to 1",
            ),
            (
                "[tutor] threshold",
                t.threshold,
                (0.0..=1.0).contains(&t.threshold),
                "0 to 1",
            ),
        ];
        for (what, v, ok, want) in numbers {
            if !ok {
                return Err(ConfigError::Invalid(format!("{what} = {v}: use {want}")));
            }
        }
        Ok(())
    }
}

/// Most results a search may return ([`Config`] checks `[search] k` and `[tutor] k`).
pub const MAX_RESULTS: usize = 1000;

/// Most candidates a retriever may contribute.
pub const MAX_CANDIDATES: usize = 10_000;

/// The secret held by the environment variable a setting ending in `_env` names: None when the
/// setting is empty or the variable unset or empty.
pub fn secret_from_env(var: &str) -> Option<String> {
    (!var.is_empty())
        .then(|| std::env::var(var).ok())
        .flatten()
        .filter(|k| !k.is_empty())
}

/// The names of the environment variables that settings ending in `_env` point at, as the
/// file sets them or else by default.
fn secret_env_names(root: &toml::Table, defaults: &toml::Table) -> Vec<String> {
    let mut names = Vec::new();
    for (section, table) in defaults {
        let Some(table) = table.as_table() else {
            continue;
        };
        for key in table.keys().filter(|k| k.ends_with("_env")) {
            let set = root
                .get(section)
                .and_then(|t| t.get(key))
                .or_else(|| table.get(key));
            if let Some(name) = set.and_then(|v| v.as_str()) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Reads an environment value with the type of the default it replaces.
fn scalar(raw: &str, default: Option<&toml::Value>) -> toml::Value {
    match default {
        Some(toml::Value::Integer(_)) => raw
            .trim()
            .parse::<i64>()
            .map(toml::Value::Integer)
            .unwrap_or_else(|_| toml::Value::String(raw.to_string())),
        Some(toml::Value::Float(_)) => raw
            .trim()
            .parse::<f64>()
            .map(toml::Value::Float)
            .unwrap_or_else(|_| toml::Value::String(raw.to_string())),
        Some(toml::Value::Boolean(_)) => match raw.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => toml::Value::Boolean(true),
            "0" | "false" | "no" | "off" => toml::Value::Boolean(false),
            _ => toml::Value::String(raw.to_string()),
        },
        Some(toml::Value::Array(_)) => toml::Value::Array(
            raw.split(',')
                .map(|s| toml::Value::String(s.trim().to_string()))
                .collect(),
        ),
        _ => toml::Value::String(raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    //! Proves: 1. defaults apply with no file; 2. the file overrides defaults; 3. the
    //! environment overrides the file; 4. typos are errors, not silently ignored.
    use super::*;

    const NO_ENV: [(&str, &str); 0] = [];

    #[test]
    fn defaults_without_file() {
        let cfg = Config::load(None, NO_ENV).unwrap();
        assert_eq!(cfg, Config::default());
        assert_eq!(cfg.search.mode, SearchMode::Hybrid);
    }

    #[test]
    fn environment_beats_file_beats_defaults() {
        let file = "[chunking]\nmax_tokens = 150\n[search]\nk = 3\nmode = \"bm25\"\n";
        let cfg = Config::load(
            Some(file),
            [
                ("DOCENT_SEARCH_K", "7"),
                ("DOCENT_SEARCH_DENSE_WEIGHT", "0.7"),
                ("DOCENT_INGEST_DEFAULT_AUDIENCE", "customer"),
                ("DOCENT_TICKETS_ID", "Ticket Key, key"),
                ("HOME", "/ignored"),
            ],
        )
        .unwrap();
        assert_eq!(cfg.chunking.max_tokens, 150);
        assert_eq!(cfg.search.k, 7);
        assert_eq!(cfg.search.mode, SearchMode::Bm25);
        assert!((cfg.search.dense_weight - 0.7).abs() < 1e-6);
        assert_eq!(cfg.ingest.default_audience, crate::Audience::Customer);
        assert_eq!(cfg.tickets.id, vec!["Ticket Key", "key"]);
    }

    // An outside review: `created_at = "bar"` was refused as "expected a sequence".
    #[test]
    fn a_ticket_column_may_be_one_name_or_a_list() {
        let cfg = Config::load(
            Some("[tickets]\ncreated_at = \"Opened\"\ndescription = [\"Body\", \"Text\"]\n"),
            NO_ENV,
        )
        .unwrap();
        assert_eq!(cfg.tickets.created_at, vec!["Opened"]);
        assert_eq!(cfg.tickets.description, vec!["Body", "Text"]);
        let err = Config::load(Some("[tickets]\ncreated_at = 3\n"), NO_ENV).unwrap_err();
        assert!(err.to_string().contains("column name"), "{err}");
        // An empty id list made ids line numbers; a blank name matched nothing.
        for bad in ["id = []", "subject = [\"\"]", "created_at = \"  \""] {
            let err = Config::load(Some(&format!("[tickets]\n{bad}\n")), NO_ENV).unwrap_err();
            assert!(
                err.to_string().contains("at least one column name"),
                "{bad}: {err}"
            );
        }
        let cfg = Config::load(Some("[tickets]\ntags = []\n"), NO_ENV).unwrap();
        assert!(cfg.tickets.tags.is_empty());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Config::load(Some("[search]\nkk = 3\n"), NO_ENV).unwrap_err();
        assert!(err.to_string().contains("kk"), "{err}");
        // The default secret variable of the language model is no override (it was refused
        // as "no setting [llm] api_key", stopping every command), nor one the file names.
        let c = Config::load(None, [("DOCENT_LLM_API_KEY", "sk-test")]).unwrap();
        assert_eq!(c.llm.api_key_env, "DOCENT_LLM_API_KEY");
        let file = "[llm]\napi_key_env = \"DOCENT_MY_SECRET\"\n";
        assert!(Config::load(Some(file), [("DOCENT_MY_SECRET", "x")]).is_ok());
        assert!(Config::load(None, [("DOCENT_MY_SECRET", "x")]).is_err());
        let err = Config::load(None, [("DOCENT_SEARCH_KK", "3")]).unwrap_err();
        assert!(matches!(err, ConfigError::UnknownOverride { .. }), "{err}");
        let err = Config::load(None, [("DOCENT_SEARCH_K", "many")]).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid(_)), "{err}");
        // The variable a bad value came from is named.
        assert!(err.to_string().contains("DOCENT_SEARCH_K"), "{err}");
        let err = Config::load(Some("[search]\nk = \"many\"\n"), NO_ENV).unwrap_err();
        assert!(!err.to_string().contains("DOCENT_"), "{err}");
    }

    // An outside probe of bad input (session 54): `dense_weight = nan` and a negative `rrf_k`
    // were taken, and a huge `k` overflowed an allocation.
    #[test]
    fn numbers_no_search_can_use_are_refused_by_name() {
        for (file, name) in [
            ("[search]\ndense_weight = nan\n", "[search] dense_weight"),
            ("[search]\nrrf_k = -60.0\n", "[search] rrf_k"),
            ("[search]\nk = 100000000000\n", "[search] k"),
            ("[search]\ncandidates = 0\n", "[search] candidates"),
            ("[tutor]\nthreshold = 2.0\n", "[tutor] threshold"),
        ] {
            let err = Config::load(Some(file), NO_ENV).unwrap_err();
            assert!(err.to_string().contains(name), "{file}: {err}");
        }
        let err = Config::load(None, [("DOCENT_SEARCH_DENSE_WEIGHT", "inf")]).unwrap_err();
        assert!(err.to_string().contains("dense_weight"), "{err}");
        // Set by a variable: the variable is named (an outside review).
        let err = Config::load(None, [("DOCENT_TUTOR_THRESHOLD", "2.0")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("environment variable DOCENT_TUTOR_THRESHOLD"),
            "{err}"
        );
        let err = Config::load(Some("[search]\nk = 0\n"), NO_ENV).unwrap_err();
        assert!(!err.to_string().contains("environment"), "{err}");
        assert!(Config::load(Some("[search]\nk = 1000\ndense_weight = 1.0\n"), NO_ENV).is_ok());
    }

    // Issue 16: a key's scope was a string, and a misspelt one granted nothing, silently.
    #[test]
    fn an_unknown_key_scope_is_an_error() {
        let key = |scopes: &str| {
            format!("[[server.keys]]\nkey = \"k\"\naudience = \"public\"\nscopes = [{scopes}]\n")
        };
        let cfg = Config::load(Some(&key("\"widget\", \"search\"")), NO_ENV).unwrap();
        assert_eq!(
            crate::Grant::expand(&cfg.server.keys[0].scopes),
            vec![
                crate::KeyScope::Ask,
                crate::KeyScope::Feedback,
                crate::KeyScope::Search
            ]
        );
        let err = Config::load(Some(&key("\"serach\"")), NO_ENV).unwrap_err();
        assert!(err.to_string().contains("serach"), "{err}");
    }

    #[test]
    fn the_composer_is_one_of_two_names_or_a_config_error_naming_both() {
        let cfg = Config::load(Some("[tutor]\ncomposer = \"openai\"\n"), NO_ENV).unwrap();
        assert_eq!(cfg.tutor.composer, ComposerKind::OpenAi);
        assert_eq!(cfg.tutor.composer.to_string(), "openai");
        let cfg = Config::load(None, [("DOCENT_TUTOR_COMPOSER", "extractive")]).unwrap();
        assert_eq!(cfg.tutor.composer, ComposerKind::Extractive);
        for (file, env) in [
            (Some("[tutor]\ncomposer = \"gpt4\"\n"), None),
            (None, Some(("DOCENT_TUTOR_COMPOSER", "gpt4"))),
        ] {
            let err = Config::load(file, env).unwrap_err();
            assert!(matches!(err, ConfigError::Invalid(_)), "{err:?}");
            let m = err.to_string();
            for word in ["gpt4", "extractive", "openai", "composer"] {
                assert!(m.contains(word), "{word} missing from {m}");
            }
        }
        // The answers' wire field keeps the lowercase name.
        assert_eq!(
            serde_json::to_string(&ComposerKind::OpenAi).unwrap(),
            "\"openai\""
        );
    }

    #[test]
    fn a_search_mode_parses_or_names_the_mistake() {
        assert_eq!("dense".parse(), Ok(SearchMode::Dense));
        let err = "hybird".parse::<SearchMode>().unwrap_err();
        assert!(err.contains("hybird"), "{err}");
    }
}
