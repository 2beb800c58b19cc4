//! A real server on a loopback port, for commands that measure `POST /v1/ask` the way a client
//! sees it (`docent eval answers`, `docent bench`).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use docent_core::{ApiKey, Audience, Config, Grant, KeyScope};
use docent_embed::Embedder;
use docent_server::AppState;

/// The key the loopback server accepts (customer audience, `ask` only).
pub const KEY: &str = "loopback";

/// A running loopback server; it stops when dropped.
pub struct Loopback {
    /// `http://127.0.0.1:PORT/v1/ask`.
    pub ask_url: String,
    /// An HTTP client that returns error statuses as responses.
    pub agent: ureq::Agent,
    _rt: tokio::runtime::Runtime,
    _db: tempfile::TempDir,
}

/// Starts a server on `root` with `config`, a temporary database, no rate limits and one
/// customer key ([`KEY`]).
pub fn start(mut config: Config, root: PathBuf, embedder: Arc<dyn Embedder>) -> Result<Loopback> {
    let db = tempfile::tempdir().context("creating a temporary database folder")?;
    config.server.db = db.path().join("loopback.sqlite").display().to_string();
    config.server.database_url = String::new();
    config.server.client_per_minute = 0;
    config.server.session_per_minute = 0;
    config.server.access_log = false;
    config.server.keys = vec![ApiKey {
        key: KEY.into(),
        sha256: String::new(),
        audience: Audience::Customer,
        origins: vec![],
        scopes: vec![Grant::Scope(KeyScope::Ask)],
    }];
    let state = Arc::new(AppState::new(config, root, Some(embedder))?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let ask_url = format!("http://{}/v1/ask", listener.local_addr()?);
    rt.spawn(docent_server::serve(state, listener));
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    Ok(Loopback {
        ask_url,
        agent,
        _rt: rt,
        _db: db,
    })
}
