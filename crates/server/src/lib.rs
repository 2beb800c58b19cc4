//! Docent's HTTP server (axum + tokio).
//!
//! | route | what |
//! |---|---|
//! | `POST /v1/ask` | answer a question (JSON, or server-sent events with `Accept: text/event-stream`) |
//! | `POST /v1/feedback` | helpful yes/no and an optional comment on an answer |
//! | `POST /v1/handoff` | hand a conversation to a person: transcript, sources and link |
//! | `GET /v1/search` | hybrid search (keys with the `search` scope) |
//! | `POST/GET /v1/quizzes`, `GET /v1/quizzes/{id}`, `PATCH .../items/{item}`, `GET .../export` | quiz drafts (keys with the `author` scope) |
//! | `GET /author` | the author page: drafts, review, export |
//! | `GET /v1/gaps`, `GET /lead` | the knowledge-gap report (keys with the `lead` scope) and its page |
//! | `GET/POST /v1/keys`, `POST /v1/keys/{id}/rotate`, `DELETE /v1/keys/{id}` | API keys (keys with the `admin` scope) |
//! | `GET /healthz`, `GET /metrics`, `GET /openapi.json` | health, Prometheus metrics, API description |
//! | `GET /widget.js`, `GET /demo`, `GET /docs/...` | the widget, a demo help centre, rendered docs |
//!
//! State that outlives a request lives in SQLite ([`db`]). The index is reloaded when a
//! re-index swaps in a new generation; requests in flight finish on the old one.
#![warn(missing_docs)]

mod admin;
pub mod auth;
pub mod db;
pub mod error;
pub mod gaps;
pub mod keys;
pub mod limits;
pub mod metrics;
mod pages;
mod quizzes;
mod routes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Router;
use docent_core::Config;
use docent_embed::Embedder;
use docent_index::{Backend, Index};
use docent_tutor::Tutor;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::db::Db;
use crate::limits::RateLimiter;
use crate::metrics::Metrics;

/// Everything the handlers share.
pub struct AppState {
    /// The configuration the server started with.
    pub config: Config,
    /// Configured keys (hashed); stored keys are looked up in the database.
    pub keys: Vec<keys::Principal>,
    root: PathBuf,
    /// Where vectors are searched (`[index] backend`).
    backend: Backend,
    /// The embedding model (for chat signals in the gap report).
    pub embedder: Option<Arc<dyn Embedder>>,
    index: RwLock<Arc<Index>>,
    /// The tutor.
    pub tutor: Tutor,
    /// The state database.
    pub db: Db,
    /// Per-client-address limits.
    pub client_limit: RateLimiter,
    /// Per-conversation limits.
    pub session_limit: RateLimiter,
    /// Counters for `/metrics`.
    pub metrics: Metrics,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] docent_index::Error),
    /// The tutor's configuration is wrong.
    #[error(transparent)]
    Tutor(#[from] docent_tutor::Error),
    /// The database could not be opened.
    #[error(transparent)]
    Db(#[from] db::DbError),
}

impl AppState {
    /// Opens the index at `root` and the database named in the configuration.
    pub fn new(
        config: Config,
        root: PathBuf,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Result<AppState, StartError> {
        let backend = match &embedder {
            Some(e) => {
                let name = root
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_else(|| config.index.name.clone());
                Backend::connect(&config.index, &name, e.model_id(), e.dimension())?
            }
            None => Backend::Embedded,
        };
        let index = Index::open_on(&root, embedder.clone(), &backend)?;
        let tutor = Tutor::from_config(&config)?;
        // Term weights are built once per generation; build them before the first question.
        tutor.weights(&index);
        let db = Db::open(std::path::Path::new(&config.server.db))?;
        Ok(AppState {
            keys: auth::keys(&config.server),
            client_limit: RateLimiter::new(config.server.client_per_minute),
            session_limit: RateLimiter::new(config.server.session_per_minute),
            root,
            backend,
            embedder,
            index: RwLock::new(Arc::new(index)),
            tutor,
            db,
            metrics: Metrics::default(),
            config,
        })
    }

    /// The live index.
    pub fn index(&self) -> Arc<Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Swaps in the live generation if a re-index replaced it; true when it did.
    pub fn reload_if_changed(&self) -> Result<bool, docent_index::Error> {
        let live = docent_index::live_generation(&self.root)?;
        let current = self.index();
        if live.as_deref().is_none_or(|l| l == current.dir()) {
            return Ok(false);
        }
        let fresh = Index::open_on(&self.root, self.embedder.clone(), &self.backend)?;
        self.tutor.weights(&fresh);
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(fresh);
        Ok(true)
    }
}

async fn track(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let resp = next.run(req).await;
    st.metrics.request(&route, resp.status().as_u16());
    resp
}

/// The CORS layer: configured origins, every key's origins and the server's own.
fn cors(st: &AppState) -> CorsLayer {
    let mut allowed: Vec<String> = st.config.server.cors_origins.clone();
    for k in &st.keys {
        allowed.extend(k.origins.iter().cloned());
    }
    let any = allowed.iter().any(|o| o == "*");
    CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            "x-docent-key".parse().unwrap_or(header::ACCEPT),
        ])
        .max_age(Duration::from_secs(600))
        .allow_origin(AllowOrigin::predicate(
            move |origin: &HeaderValue, parts: &axum::http::request::Parts| {
                let Ok(o) = origin.to_str() else { return false };
                any || allowed.iter().any(|a| a == o) || {
                    let host = parts
                        .headers
                        .get(header::HOST)
                        .and_then(|h| h.to_str().ok());
                    host.is_some_and(|h| o == format!("http://{h}") || o == format!("https://{h}"))
                }
            },
        ))
}

/// The application's routes.
pub fn router(st: Arc<AppState>) -> Router {
    let limit = st.config.server.max_body_bytes;
    Router::new()
        .route("/v1/ask", post(routes::ask))
        .route("/v1/feedback", post(routes::feedback))
        .route("/v1/handoff", post(routes::handoff))
        .route("/v1/search", get(routes::search))
        .route("/v1/quizzes", post(quizzes::create).get(quizzes::list))
        .route("/v1/quizzes/{id}", get(quizzes::get_one))
        .route("/v1/quizzes/{id}/items/{item}", patch(quizzes::edit_item))
        .route("/v1/quizzes/{id}/export", get(quizzes::export_quiz))
        .route("/author", get(pages::author))
        .route("/v1/gaps", get(gaps::get_report))
        .route("/lead", get(pages::lead))
        .route("/v1/keys", get(admin::list).post(admin::create))
        .route("/v1/keys/{id}/rotate", post(admin::rotate))
        .route("/v1/keys/{id}", axum::routing::delete(admin::revoke))
        .route("/healthz", get(routes::healthz))
        .route("/metrics", get(routes::metrics))
        .route("/openapi.json", get(pages::openapi))
        .route("/widget.js", get(pages::widget))
        .route("/favicon.ico", get(pages::favicon))
        .route("/", get(pages::home))
        .route("/demo", get(pages::demo))
        .route("/docs", get(pages::docs_index))
        .route("/docs/{*id}", get(pages::doc))
        .fallback(routes::not_found)
        .layer(axum::middleware::from_fn_with_state(st.clone(), track))
        .layer(axum::extract::DefaultBodyLimit::max(limit))
        .layer(cors(&st))
        .with_state(st)
}

/// Serves until ctrl-c, reloading the index when a re-index swaps generations.
pub async fn serve(st: Arc<AppState>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let watcher = st.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(2));
        loop {
            tick.tick().await;
            let w = watcher.clone();
            match tokio::task::spawn_blocking(move || w.reload_if_changed()).await {
                Ok(Ok(true)) => eprintln!("index reloaded: {}", watcher.index().dir().display()),
                Ok(Err(e)) => eprintln!("index reload failed (still serving the old one): {e}"),
                _ => {}
            }
        }
    });
    let app = router(st).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
