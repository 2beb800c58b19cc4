//! Docent's HTTP server (axum + tokio).
//!
//! | route | what |
//! |---|---|
//! | `POST /v1/ask` | answer a question (JSON, or server-sent events with `Accept: text/event-stream`) |
//! | `POST /v1/feedback` | helpful yes/no and an optional comment on an answer |
//! | `POST /v1/handoff` | hand a conversation to a person: transcript, sources and link |
//! | `GET /v1/search` | hybrid search (keys with the `search` scope) |
//! | `GET /v1/docs/{id}` | a document of the key's audience as safe HTML, for the widget's reader (`ask` scope) |
//! | `POST/GET /v1/quizzes`, `GET /v1/quizzes/{id}`, `PATCH .../items/{item}`, `GET .../export` | quiz drafts (keys with the `author` scope) |
//! | `GET /author` | the author page: drafts, review, export |
//! | `GET /v1/gaps`, `POST/GET/DELETE /v1/gaps/dismissed`, `GET /lead` | the knowledge-gap report, topics marked as not gaps (keys with the `lead` scope) and its page |
//! | `GET /v1/analytics` | the tutor's own numbers per day or week, JSON or CSV (`lead` scope; also on `/lead`) |
//! | `GET/POST /v1/keys`, `POST /v1/keys/{id}/rotate`, `DELETE /v1/keys/{id}` | API keys (keys with the `admin` scope) |
//! | `GET /healthz`, `GET /metrics`, `GET /openapi.json` | health, Prometheus metrics, API description |
//! | `GET /widget.js`, `GET /demo`, `GET /docs/...` | the widget, a demo help centre, rendered docs |
//!
//! State that outlives a request lives in the state database ([`docent_state::db`]): an SQLite file by
//! default, or PostgreSQL (`[server] database_url`) shared by several servers. The index is
//! reloaded when a re-index swaps in a new generation; requests in flight finish on the old one.
#![warn(missing_docs)]

mod admin;
pub mod analytics;
pub mod auth;
pub mod dismiss;
pub mod error;
pub mod gaps;
mod ids;
pub mod limits;
mod listen;
pub mod log;
pub mod metrics;
mod pages;
mod quizzes;
mod render;
mod routes;
pub mod security;

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
use docent_state::db::Db;
use docent_tutor::Tutor;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::limits::RateLimiter;
use crate::metrics::Metrics;

/// Everything the handlers share.
pub struct AppState {
    /// The configuration the server started with.
    pub config: Config,
    /// Configured keys (hashed); stored keys are looked up in the database.
    pub keys: Vec<docent_state::keys::Principal>,
    root: PathBuf,
    /// The index's name (its folder's): conversations record it, so that servers of several
    /// indexes can share one state database.
    index_name: String,
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
    /// Questions being answered at once (`[server] max_concurrent_asks`; none: no limit).
    pub ask_permits: Option<Arc<tokio::sync::Semaphore>>,
    /// Per-client limits on pages.
    pub page_limit: RateLimiter,
    /// Per-conversation limits on hand-offs.
    pub handoff_limit: RateLimiter,
    /// Per-key limits on gap reports.
    pub report_limit: RateLimiter,
    /// Quiz drafts a minute per key.
    pub quiz_limit: RateLimiter,
    /// Requests with an unknown key a minute per client address.
    pub unknown_key_limit: RateLimiter,
    /// Proxies whose `X-Forwarded-For` is believed.
    trusted_proxies: Vec<security::Net>,
    /// Origins of stored keys, for CORS.
    pub(crate) stored_origins: security::StoredOrigins,
    /// The demo and docs pages of the live generation.
    pages: pages::PageCache,
    /// Embedded chat signals for the gap report, by database state.
    pub(crate) chat_signals: Arc<docent_state::db::signals::SignalCache>,
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
    Db(#[from] docent_state::db::DbError),
    /// A setting is wrong.
    #[error("configuration: {0}")]
    Config(String),
}

impl AppState {
    /// Opens the index at `root` and the database named in the configuration.
    pub fn new(
        config: Config,
        root: PathBuf,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Result<AppState, StartError> {
        let index_name = root
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| config.index.name.clone());
        let backend = match &embedder {
            Some(e) => Backend::connect(&config.index, &index_name, e.model_id(), e.dimension())?,
            None => Backend::Embedded,
        };
        let index = Index::open_on(&root, embedder.clone(), &backend)?;
        let tutor = Tutor::from_config(&config)?;
        // Term weights are built once per generation; build them before the first question.
        tutor.weights(&index);
        let new_file = config.server.database_url.trim().is_empty()
            && !std::path::Path::new(&config.server.db).exists();
        let db = Db::open(&config.server)?;
        if new_file {
            // A mistyped [server] db starts a new, empty database: say so.
            log::event(
                log::Level::Warn,
                "state database created: it holds no stored keys or conversations yet",
                serde_json::json!({"db": db.name()}),
            );
        }
        let trusted_proxies = config
            .server
            .trusted_proxies
            .iter()
            .map(|p| {
                security::Net::parse(p).ok_or_else(|| {
                    StartError::Config(format!(
                        "[server] trusted_proxies: {p:?} is not an IP address or network (e.g. 10.0.0.0/8)"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !config.server.public_url.is_empty()
            && security::origin_of(&config.server.public_url).is_none()
        {
            return Err(StartError::Config(format!(
                "[server] public_url: {:?} is not an http(s) URL (e.g. https://docent.example.com)",
                config.server.public_url
            )));
        }
        docent_state::keys::check_configured(&config.server).map_err(StartError::Config)?;
        Ok(AppState {
            keys: docent_state::keys::configured(&config.server),
            client_limit: RateLimiter::new(config.server.client_per_minute),
            session_limit: RateLimiter::new(config.server.session_per_minute),
            ask_permits: (config.server.max_concurrent_asks > 0).then(|| {
                Arc::new(tokio::sync::Semaphore::new(
                    config.server.max_concurrent_asks,
                ))
            }),
            page_limit: RateLimiter::new(config.server.pages_per_minute),
            handoff_limit: RateLimiter::new(config.server.handoffs_per_minute),
            report_limit: RateLimiter::new(config.server.reports_per_minute),
            quiz_limit: RateLimiter::new(config.server.quizzes_per_minute),
            unknown_key_limit: RateLimiter::new(config.server.unknown_keys_per_minute),
            trusted_proxies,
            stored_origins: security::StoredOrigins::new(Duration::from_secs(5)),
            pages: pages::PageCache::default(),
            chat_signals: Arc::default(),
            root,
            index_name,
            backend,
            embedder,
            index: RwLock::new(Arc::new(index)),
            tutor,
            db,
            metrics: Metrics::default(),
            config,
        })
    }

    /// The conversations of the served index, as the state database's reads select them.
    pub fn on_index(&self) -> docent_state::db::OnIndex<'_> {
        docent_state::db::OnIndex::Named(&self.index_name)
    }

    /// The audience of conversation `id` when this server may continue it: it exists and was
    /// held on this server's index (or before conversations recorded theirs). A conversation of
    /// another index sharing the database is unknown here, so its turns, votes and hand-off
    /// count where it began (an outside probe: a turn answered by a second index's server was
    /// counted in the first's analytics).
    pub async fn own_conversation(
        &self,
        id: &str,
    ) -> Result<Option<docent_core::Audience>, docent_state::db::DbError> {
        let Some(held) = self.db.conversation(id).await? else {
            return Ok(None);
        };
        if !held.on(&self.index_name) {
            return Ok(None);
        }
        // One from before conversations recorded their index becomes this index's, so the
        // turns added now count here alone (a re-check: they counted in every index's).
        if held.index.is_none() {
            self.db.claim_conversation(id, &self.index_name).await?;
        }
        Ok(Some(held.audience))
    }

    /// The served index's name (its folder's).
    pub fn index_name(&self) -> &str {
        &self.index_name
    }

    /// The client's address (through `[server] trusted_proxies`), which rate limits key on.
    pub fn client_ip(&self, peer: SocketAddr, headers: &axum::http::HeaderMap) -> std::net::IpAddr {
        security::client_ip(&self.trusted_proxies, peer, headers)
    }

    /// What rate limits count the client's requests under (see [`security::client_bucket`]).
    pub fn client_bucket(&self, peer: SocketAddr, headers: &axum::http::HeaderMap) -> String {
        security::client_bucket(self.client_ip(peer, headers))
    }

    /// Where vectors are searched.
    pub fn backend(&self) -> &Backend {
        &self.backend
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

/// The id of the request being served (in request extensions; echoed as `X-Request-Id`).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A failure that repeats on every tick (an index reload a server cannot do): news when it
/// starts or changes, not every 2 s while it lasts (an outside re-check: a server left on an
/// older release logged the same line forever).
#[derive(Default)]
struct Failing(Option<String>);

impl Failing {
    /// Whether `error` is news (and remembers it).
    fn news(&mut self, error: &str) -> bool {
        if self.0.as_deref() == Some(error) {
            return false;
        }
        self.0 = Some(error.to_string());
        true
    }

    /// The failure is over: the next one is news.
    fn clear(&mut self) {
        self.0 = None;
    }
}

/// Decrements the in-flight gauge however the request ends (even if its future is dropped).
struct InFlight(Arc<AppState>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.metrics.in_flight_add(-1);
    }
}

/// Per request: an id (the client's `X-Request-Id` if sane), the in-flight gauge, counts by
/// route and status, and one structured access-log line.
async fn track(State(st): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let id = log::request_id(
        req.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
    );
    let method = req.method().to_string();
    let client = req
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    st.metrics.in_flight_add(1);
    let guard = InFlight(st.clone());
    let mut resp = next.run(req).await;
    drop(guard);
    let status = resp.status().as_u16();
    st.metrics.request(&route, status);
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    if st.config.server.access_log {
        let level = match status {
            500.. => log::Level::Error,
            _ => log::Level::Info,
        };
        let mut fields = serde_json::json!({
            "request_id": id,
            "method": method,
            "route": route,
            "status": status,
            "ms": (started.elapsed().as_secs_f64() * 1e4).round() / 10.0,
            "client": client,
        });
        // An error's detail is logged under an incident id: the request's line names it.
        if let Some(error::Incident(incident)) = resp.extensions().get::<error::Incident>() {
            fields["incident"] = serde_json::json!(incident);
        }
        log::event(level, "request", fields);
    }
    resp
}

/// The CORS layer, for `/v1/` routes only: configured origins, configured and stored keys'
/// origins, and the server's own (see [`security`]).
fn cors(st: Arc<AppState>) -> CorsLayer {
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
            header::HeaderName::from_static("x-docent-key"),
        ])
        .max_age(Duration::from_secs(600))
        .allow_origin(AllowOrigin::predicate(
            move |origin: &HeaderValue, parts: &axum::http::request::Parts| {
                // Only the API is for other origins: with a `*` key, `/metrics` and `/healthz`
                // were readable from any page a visitor of the network opened.
                if !parts.uri.path().starts_with("/v1/") {
                    return false;
                }
                let Ok(o) = origin.to_str() else { return false };
                any || allowed.iter().any(|a| a == o)
                    || security::same_origin(&st.config.server.public_url, o, &parts.headers)
                    || st.stored_origins.allows(&st, o)
            },
        ))
}

/// A panic's message as the log may show it: a panic message may quote request text (a
/// slicing panic quotes the string), so it is redacted, cut short and put on one line.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .map(|s| {
            docent_core::one_line(
                &docent_ingest::redact(&s)
                    .chars()
                    .take(200)
                    .collect::<String>(),
            )
        })
        .unwrap_or_default()
}

/// Replaces the default panic hook, which prints a panic's message raw on standard error
/// (request text included) before the handler's 500 is logged: a panic anywhere in the
/// server is one JSON log line, its message redacted ([`panic_text`]), with where it
/// happened. For `docent serve`; a test harness keeps its own hook.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        log::event(
            log::Level::Error,
            "panic",
            serde_json::json!({"panic": panic_text(info.payload()), "at": at}),
        );
    }));
}

/// A handler that panicked answers 500 (and is logged), never a dropped connection. No
/// request input should get here: the `security` tests fuzz every route's body.
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic_text(&*payload);
    log::event(
        log::Level::Error,
        "handler panicked",
        serde_json::json!({"panic": what}),
    );
    axum::response::IntoResponse::into_response(error::ApiError::internal(
        "the request could not be handled",
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
        .route("/v1/docs/{*id}", get(pages::doc_for_key))
        .route("/v1/quizzes", post(quizzes::create).get(quizzes::list))
        .route("/v1/quizzes/{id}", get(quizzes::get_one))
        .route("/v1/quizzes/{id}/items/{item}", patch(quizzes::edit_item))
        .route("/v1/quizzes/{id}/export", get(quizzes::export_quiz))
        .route("/author", get(pages::author))
        .route("/v1/gaps", get(gaps::get_report))
        .route(
            "/v1/gaps/dismissed",
            get(dismiss::list).post(dismiss::create),
        )
        .route(
            "/v1/gaps/dismissed/{id}",
            axum::routing::delete(dismiss::remove),
        )
        .route("/v1/analytics", get(analytics::get_analytics))
        .route("/lead", get(pages::lead))
        .route("/v1/keys", get(admin::list).post(admin::create))
        .route("/v1/keys/{id}/rotate", post(admin::rotate))
        .route("/v1/keys/{id}", axum::routing::delete(admin::revoke))
        .route("/healthz", get(routes::healthz))
        .route("/metrics", get(routes::metrics))
        .route("/openapi.json", get(pages::openapi))
        .route("/widget.js", get(pages::widget))
        .route("/assets/{name}", get(pages::asset))
        .route("/favicon.ico", get(pages::favicon))
        .route("/", get(pages::home))
        .route("/demo", get(pages::demo))
        .route("/docs", get(pages::docs_index))
        .route("/docs/{*id}", get(pages::doc))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        // A handler (its body read included) gets `request_timeout_seconds`; a body that
        // stalls between frames for `read_timeout_seconds` is cut off.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(st.config.server.request_timeout_seconds.max(1)),
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            Duration::from_secs(st.config.server.read_timeout_seconds.max(1)),
        ))
        .layer(axum::middleware::from_fn_with_state(
            st.clone(),
            auth::unknown_keys,
        ))
        .layer(axum::middleware::from_fn_with_state(st.clone(), track))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(limit))
        .layer(cors(st.clone()))
        .with_state(st)
}

/// Resolves on ctrl-c or SIGTERM (what `systemctl stop`, `docker stop` and Kubernetes send).
pub async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Serves until ctrl-c or SIGTERM, reloading the index when a re-index swaps generations.
pub async fn serve(st: Arc<AppState>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_until(st, listener, stop_signal()).await
}

/// Serves until `stop` resolves, then stops accepting connections and lets the requests in
/// flight finish (at most `[server] shutdown_grace_seconds`). The server writes no index, and
/// every database write is one transaction, so stopping loses nothing that was acknowledged.
pub async fn serve_until(
    st: Arc<AppState>,
    listener: tokio::net::TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    docent_tutor::send_warnings_to(|text| {
        log::event(log::Level::Warn, text, serde_json::json!({}));
    });
    // Stored keys' origins for CORS: loaded before the first request, then re-read.
    st.stored_origins.refresh(&st.db).await;
    let origins = st.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(origins.stored_origins.ttl());
        loop {
            tick.tick().await;
            origins.stored_origins.refresh(&origins.db).await;
        }
    });
    // The stored declined questions embedded in the background, so that the first gap report
    // after a start does not embed the whole backlog (a report embeds at most a budget).
    if let Some(embedder) = st.embedder.clone() {
        let warm = st.clone();
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            match docent_state::db::signals::warm_backlog(
                &warm.db,
                embedder.as_ref(),
                &warm.chat_signals,
                warm.on_index(),
            ) {
                Ok(0) => {}
                Ok(n) => log::event(
                    log::Level::Info,
                    "chat questions read for the gap report",
                    serde_json::json!({"questions": n, "seconds": started.elapsed().as_secs_f64()}),
                ),
                Err(e) => log::event(
                    log::Level::Warn,
                    "chat questions could not be read for the gap report",
                    serde_json::json!({"error": e.to_string()}),
                ),
            }
        });
    }
    let watcher = st.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(2));
        let mut failing = Failing::default();
        loop {
            tick.tick().await;
            let w = watcher.clone();
            match tokio::task::spawn_blocking(move || w.reload_if_changed()).await {
                Ok(Ok(reloaded)) => {
                    failing.clear();
                    if reloaded {
                        log::event(
                            log::Level::Info,
                            "index reloaded",
                            serde_json::json!({"generation": watcher.index().dir().display().to_string()}),
                        );
                    }
                }
                Ok(Err(e)) => {
                    let error = e.to_string();
                    if failing.news(&error) {
                        log::event(
                            log::Level::Warn,
                            "index reload failed; still serving the old generation (said again only when the error changes)",
                            serde_json::json!({"error": error}),
                        );
                    }
                }
                Err(_) => {}
            }
        }
    });
    let grace = Duration::from_secs(st.config.server.shutdown_grace_seconds);
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let gauge = st.clone();
    let limits = listen::Limits {
        max_connections: st.config.server.max_connections,
        per_client: st.config.server.max_connections_per_client,
        exempt: st.trusted_proxies.clone(),
        header_timeout: Duration::from_secs(st.config.server.read_timeout_seconds.max(1)),
        write_timeout: listen::write_timeout(st.config.server.read_timeout_seconds),
    };
    let server = listen::serve(listener, router(st), limits, async move {
        stop.await;
        log::event(
            log::Level::Info,
            "stopping: no new connections; finishing requests in flight",
            serde_json::json!({"in_flight": gauge.metrics.in_flight(), "grace_seconds": grace.as_secs()}),
        );
        let _ = stopping_tx.send(());
    });
    let deadline = async move {
        if stopping_rx.await.is_ok() {
            tokio::time::sleep(grace).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = server => {
            log::event(log::Level::Info, "stopped", serde_json::json!({}));
            Ok(())
        }
        _ = deadline => {
            log::event(
                log::Level::Warn,
                "stopped with requests still in flight after the grace period",
                serde_json::json!({"grace_seconds": grace.as_secs()}),
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // An outside re-check: a server left on an older release logged its failed reload every
    // 2 s forever.
    #[test]
    fn a_repeated_failure_is_news_once_until_it_changes_or_ends() {
        let mut f = Failing::default();
        assert!(f.news("format 19"));
        assert!(!f.news("format 19"));
        assert!(f.news("format 20"));
        f.clear();
        assert!(f.news("format 20"));
    }

    // The code review of the tenth probe's fixes: the default panic hook printed a panic's
    // message raw (request text included) on the server's standard error.
    #[test]
    fn a_panic_is_logged_redacted_and_on_one_line() {
        let payload: Box<dyn std::any::Any + Send> = Box::new(String::from(
            "byte index 9 is out of range of `mail me at jane.doe@example.com\n{\"level\":\"info\"}`",
        ));
        let text = panic_text(&*payload);
        assert!(
            text.contains("[EMAIL]") && !text.contains("jane.doe"),
            "{text}"
        );
        assert!(!text.chars().any(char::is_control), "{text:?}");
        let other: Box<dyn std::any::Any + Send> = Box::new(42u8);
        assert_eq!(panic_text(&*other), "");
    }
}
