//! Helpers shared by the server's test targets (`api`, `security`): the model, an index of the
//! sample docs (plus extra documents a target plants), and a real server on a loopback port
//! with its own state database: an SQLite file, or, with `TEST_STATE_DATABASE=postgres`, a
//! database of its own on the PostgreSQL server named by `TEST_POSTGRES_URL`
//! (`scripts/test.sh` runs the `api` target both ways).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use docent_core::{ApiKey, Audience, Config};
use docent_embed::{BertEmbedder, Embedder, TokenCounter};
use docent_index::{ingest, IngestOptions};
use docent_ingest::Files;
use docent_server::AppState;
pub use docent_state::db::block_on;
use docent_state::db::scratch::{Scratch, TEST_URL_VAR};
use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn model_dir() -> PathBuf {
    std::env::var("DOCENT_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join("models/all-MiniLM-L6-v2"))
}

pub fn have_model() -> bool {
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

pub const TICKETS: &str = "id,created_at,subject,description,tags,status,channel\n\
9001,2026-03-02T10:00:00Z,Refund code,Customer asked for secret refund code ZX-REFUND-77,billing,open,email\n\
9002,2026-03-03T10:00:00Z,Internal escalation,Escalate SSO loop to tier 3 via the on-call pager,sso,open,chat\n";

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub index: PathBuf,
    pub embedder: Arc<dyn Embedder>,
    /// What ingestion refused, as `path: message`.
    pub problems: Vec<String>,
}

pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture::build(&[]))
}

impl Fixture {
    /// An index of `corpus/docs`, the two [`TICKETS`] and `extra` documents (path under a
    /// planted folder, file text). Panics if ingestion reports a problem other than in a
    /// planted file whose name starts with `refused-`.
    pub fn build(extra: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let tickets = dir.path().join("tickets.csv");
        std::fs::write(&tickets, TICKETS).unwrap();
        let planted = dir.path().join("planted");
        for (path, text) in extra {
            let p = planted.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let mut cfg = Config::default();
        cfg.model.dir = model_dir().display().to_string();
        let embedder = Arc::new(BertEmbedder::load(&cfg.model).unwrap());
        let counter = TokenCounter::load(&model_dir()).unwrap();
        let index = dir.path().join("idx");
        let docs = if extra.is_empty() {
            vec![repo().join("corpus/docs")]
        } else {
            vec![repo().join("corpus/docs"), planted]
        };
        let opts = IngestOptions {
            index_dir: index.clone(),
            sources: vec![Arc::new(Files {
                mapping: cfg.tickets.clone(),
                ..Files::new(docs, vec![tickets])
            })],
            chunking: cfg.chunking.clone(),
            model_max_tokens: embedder.max_tokens(),
            ..Default::default()
        };
        let report = ingest(&opts, embedder.as_ref(), &counter, &()).unwrap();
        assert!(
            report.problems.iter().all(|p| p.at.contains("refused-")),
            "{:?}",
            report.problems
        );
        Fixture {
            _dir: dir,
            index,
            embedder,
            problems: report.problems.iter().map(|p| p.to_string()).collect(),
        }
    }
}

/// A running server with its own database.
pub struct Server {
    pub base: String,
    pub state: Arc<AppState>,
    _db: StateDb,
    _rt: tokio::runtime::Runtime,
}

/// A test server's state database: an SQLite file in a temporary folder, or a scratch
/// PostgreSQL database under `TEST_STATE_DATABASE=postgres`. Dropped with the test.
pub struct StateDb {
    dir: tempfile::TempDir,
    postgres: Option<Scratch>,
}

/// True when this run's servers keep their state in PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("TEST_STATE_DATABASE").is_ok_and(|v| v == "postgres")
}

/// A fresh state database for one server (see [`StateDb`]).
pub fn state_db() -> StateDb {
    let postgres = on_postgres().then(|| {
        let server = std::env::var(TEST_URL_VAR).unwrap_or_else(|_| {
            panic!("TEST_STATE_DATABASE=postgres needs {TEST_URL_VAR} (scripts/test.sh sets both)")
        });
        Scratch::create(&server).unwrap()
    });
    StateDb {
        dir: tempfile::tempdir().unwrap(),
        postgres,
    }
}

pub const WIDGET: &str = "widget-key";
pub const ADMIN: &str = "admin-key";

/// The test configuration: the state database `db`, the widget and admin keys.
pub fn config(db: &StateDb) -> Config {
    let mut cfg = Config::default();
    cfg.server.db = db.dir.path().join("s.sqlite").display().to_string();
    if let Some(pg) = &db.postgres {
        cfg.server.database_url = pg.url().to_string();
    }
    cfg.server.keys = vec![ApiKey {
        key: WIDGET.into(),
        sha256: String::new(),
        audience: Audience::Customer,
        origins: vec!["https://help.example.com".into()],
        scopes: vec!["ask".parse().unwrap(), "feedback".parse().unwrap()],
    }];
    cfg.server.admin_key = ADMIN.into();
    cfg
}

/// The runtime a test server runs on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A listener on a free loopback port, and its base URL.
pub fn bind(rt: &tokio::runtime::Runtime) -> (tokio::net::TcpListener, String) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

pub fn server(tune: impl FnOnce(&mut Config)) -> Server {
    server_on(fixture(), tune)
}

/// A running server over the index of `f`.
pub fn server_on(f: &Fixture, tune: impl FnOnce(&mut Config)) -> Server {
    let db = state_db();
    let mut cfg = config(&db);
    tune(&mut cfg);
    let state = Arc::new(AppState::new(cfg, f.index.clone(), Some(f.embedder.clone())).unwrap());
    let rt = runtime();
    let (listener, base) = bind(&rt);
    rt.spawn(docent_server::serve(state.clone(), listener));
    Server {
        base,
        state,
        _db: db,
        _rt: rt,
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// POST JSON with a key; (status, body as JSON, headers).
pub fn post(s: &Server, path: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = agent().post(format!("{}{path}", s.base));
    if let Some(k) = key {
        req = req.header("X-Docent-Key", k);
    }
    let mut resp = req.send_json(body).unwrap();
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A CORS preflight for `POST /v1/ask` from `origin`: the allowed origin the server answers.
pub fn preflight(s: &Server, origin: &str) -> Option<String> {
    let r = agent()
        .options(format!("{}/v1/ask", s.base))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "content-type,x-docent-key",
        )
        .call()
        .unwrap();
    r.headers()
        .get("access-control-allow-origin")
        .map(|h| h.to_str().unwrap().to_string())
}
