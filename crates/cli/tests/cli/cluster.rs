//! Several servers, one truth: three `docent serve` processes on loopback share one Qdrant
//! server and one PostgreSQL database, under concurrent asks, feedback, quiz edits and key
//! rotations while the docs are re-ingested (`docent ingest`, which stages each generation in
//! Qdrant before making it live).
//!
//! Proves, in three phases of CLUSTER_SOAK_SECONDS each (default 8):
//! 1. steady: zero errors; every acknowledged write is in the database exactly once (turns,
//!    feedback, the last edit of each quiz item, every rotated key and the chain of
//!    replacements); a rotated secret works at once on the other servers; every server serves
//!    the newest generation;
//! 2. a server killed (SIGKILL) mid-load: the requests it had are counted as errors, the
//!    clients move to the two others, which keep answering with no error; nothing
//!    acknowledged is lost;
//! 3. the Qdrant server killed and started again (same ports and storage) mid-load: requests
//!    fail while it is down (counted), and both servers answer again without being restarted;
//!    nothing acknowledged is lost; then a new ingest reaches both.
//!
//! Errors and recovery times are printed (`cargo test -p docent-cli --test cli cluster --
//! --nocapture`). The test starts its own Qdrant server (from QDRANT_BIN, which
//! scripts/services.sh exports, or ../shared/tools/qdrant/qdrant) so that it can restart it
//! without disturbing the other tests, and uses a database of its own on the PostgreSQL server
//! named by TEST_POSTGRES_URL (scripts/test.sh starts one). Without either it skips and
//! says why.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use docent_state::db::scratch::{test_server, Scratch};
use docent_state::db::{block_on, Db};
use serde_json::{json, Value};

use super::{have_model, model_dir, repo};

const WIDGET: &str = "demo-public-key";
const ADMIN: &str = "cluster-admin-key";
const QUESTIONS: [&str; 5] = [
    "How do I export a report?",
    "How do I set up single sign-on?",
    "Can I schedule a report?",
    "How do I invite a teammate?",
    "What is the soak marker?",
];

/// A child process killed (SIGKILL) and reaped when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn qdrant_bin() -> Option<PathBuf> {
    let bin = std::env::var("QDRANT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join("../shared/tools/qdrant/qdrant"));
    if bin.exists() {
        return Some(bin);
    }
    eprintln!(
        "skipping the three-server soak: no Qdrant server binary ({} is missing; scripts/test.sh exports QDRANT_BIN when ../shared/tools/qdrant is there)",
        bin.display()
    );
    None
}

/// A Qdrant server of the test's own, restartable on the same ports and storage.
struct Qdrant {
    bin: PathBuf,
    storage: tempfile::TempDir,
    http: u16,
    grpc: u16,
    proc: Option<Proc>,
}

impl Qdrant {
    fn start(bin: PathBuf) -> Qdrant {
        let mut q = Qdrant {
            bin,
            storage: tempfile::tempdir().unwrap(),
            http: free_port(),
            grpc: free_port(),
            proc: None,
        };
        q.launch();
        q
    }

    /// Starts the process and waits until it is ready; the seconds that took.
    fn launch(&mut self) -> f64 {
        let started = Instant::now();
        let dir = self.storage.path();
        // Qdrant leaves a marker file in its working folder: keep it in the storage's.
        let child = Command::new(&self.bin)
            .current_dir(dir)
            .env("QDRANT__SERVICE__HOST", "127.0.0.1")
            .env("QDRANT__SERVICE__HTTP_PORT", self.http.to_string())
            .env("QDRANT__SERVICE__GRPC_PORT", self.grpc.to_string())
            .env("QDRANT__STORAGE__STORAGE_PATH", dir.join("storage"))
            .env("QDRANT__STORAGE__SNAPSHOTS_PATH", dir.join("snapshots"))
            .env("QDRANT__TELEMETRY_DISABLED", "true")
            .env("QDRANT__LOG_LEVEL", "WARN")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the Qdrant server starts");
        self.proc = Some(Proc(child));
        let http = plain_agent(Duration::from_secs(1));
        let ready = format!("http://127.0.0.1:{}/readyz", self.http);
        while started.elapsed() < Duration::from_secs(60) {
            if http.get(&ready).call().is_ok_and(|r| r.status() == 200) {
                return started.elapsed().as_secs_f64();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("Qdrant was not ready within 60 s");
    }

    fn kill(&mut self) {
        self.proc = None;
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.grpc)
    }
}

fn plain_agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// The environment every `docent` process of the cluster gets.
struct Env {
    vars: Vec<(String, String)>,
}

impl Env {
    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_docent"));
        c.current_dir(repo()).env_remove("DOCENT_INDEX_NAME");
        for (k, v) in &self.vars {
            c.env(k, v);
        }
        c
    }

    /// Runs `docent ingest docs`; None when it succeeded, else its output.
    fn ingest(&self, docs: &Path) -> Option<String> {
        let o = self
            .command()
            .args(["ingest", docs.to_str().unwrap()])
            .output()
            .expect("docent ingest runs");
        if o.status.success() {
            None
        } else {
            Some(format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ))
        }
    }

    /// Starts `docent serve` on a free port; the process and its base URL.
    fn serve(&self) -> (Proc, String) {
        let mut child = self
            .command()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("docent serve starts");
        let stdout = child.stdout.take().unwrap();
        let proc = Proc(child);
        let base = super::served_base(stdout);
        (proc, base)
    }
}

/// What the clients saw: every acknowledged write, and every error.
#[derive(Default)]
struct Ledger {
    /// (turn id, conversation id).
    turns: Vec<(i64, String)>,
    /// (turn id, feedback id).
    feedback: Vec<(i64, i64)>,
    /// The last acknowledged explanation of each edited item: (item id, text).
    edits: Vec<(String, String)>,
    /// Acknowledged edits.
    edited: usize,
    /// Key ids in rotation order (the first made at the start), with the secret of the last.
    keys: Vec<String>,
    secret: String,
    /// When the phase began.
    started: Option<Instant>,
    /// (seconds since the phase began: request sent, request failed; server index, what).
    errors: Vec<Failure>,
    /// Seconds since the phase began of each successful ask, by server.
    answered: Vec<(f64, usize)>,
    ingests: usize,
    generations: Vec<String>,
}

/// A failed request: when it was sent and when it failed (seconds into the phase), the
/// server (`usize::MAX`: an ingest) and what came back.
#[derive(Debug, Clone)]
struct Failure {
    sent: f64,
    failed: f64,
    server: usize,
    what: String,
}

/// The running cluster.
struct Cluster {
    env: Env,
    docs: PathBuf,
    root: PathBuf,
    db: Db,
    bases: Vec<String>,
    /// The server processes (None once killed).
    servers: Vec<Mutex<Option<Proc>>>,
    quiz: String,
    items: Vec<String>,
    ledger: Mutex<Ledger>,
    revision: AtomicUsize,
    _index: tempfile::TempDir,
    _scratch: Scratch,
}

fn marker(n: usize) -> String {
    format!("---\ntitle: Soak marker\naudience: public\n---\n# Soak marker\n\nThe soak marker is revision {n}.\n")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, dest).unwrap();
        }
    }
}

impl Cluster {
    fn start(qdrant: &Qdrant, pg_server: &str) -> Cluster {
        let scratch = Scratch::create(pg_server).unwrap();
        let index = tempfile::tempdir().unwrap();
        let docs = index.path().join("docs");
        copy_dir(&repo().join("corpus/docs"), &docs);
        std::fs::write(docs.join("soak.md"), marker(0)).unwrap();
        let vars = [
            (
                "DOCENT_INDEX_DIR",
                index.path().join("indexes").display().to_string(),
            ),
            ("DOCENT_MODEL_DIR", model_dir().display().to_string()),
            ("DOCENT_INDEX_BACKEND", "qdrant".into()),
            ("DOCENT_INDEX_QDRANT_URL", qdrant.url()),
            ("DOCENT_SERVER_DATABASE_URL", scratch.url().to_string()),
            ("DOCENT_SERVER_DATABASE_POOL", "8".into()),
            ("DOCENT_SERVER_ADMIN_KEY", ADMIN.into()),
            ("DOCENT_SERVER_CLIENT_PER_MINUTE", "0".into()),
            ("DOCENT_SERVER_SESSION_PER_MINUTE", "0".into()),
            ("DOCENT_SERVER_ACCESS_LOG", "false".into()),
            ("DOCENT_SERVER_SHUTDOWN_GRACE_SECONDS", "1".into()),
            ("RAYON_NUM_THREADS", "1".into()),
        ];
        let env = Env {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        };
        assert_eq!(env.ingest(&docs), None, "the first ingest");
        let started: Vec<_> = (0..3).map(|_| env.serve()).collect();
        let db = Db::postgres(scratch.url(), 4).unwrap();
        let (servers, bases): (Vec<_>, Vec<_>) = started
            .into_iter()
            .map(|(p, b)| (Mutex::new(Some(p)), b))
            .unzip();
        let mut c = Cluster {
            root: index.path().join("indexes/default"),
            env,
            docs,
            db,
            bases,
            servers,
            quiz: String::new(),
            items: Vec::new(),
            ledger: Mutex::new(Ledger::default()),
            revision: AtomicUsize::new(0),
            _index: index,
            _scratch: scratch,
        };
        c.make_quiz_and_key();
        c
    }

    fn make_quiz_and_key(&mut self) {
        let http = plain_agent(Duration::from_secs(60));
        let (status, quiz) = call(
            &http,
            "POST",
            &format!("{}/v1/quizzes", self.bases[0]),
            ADMIN,
            Some(json!({"scope": "docs:reports/export-reports,reports/create-report", "count": 4})),
        );
        assert_eq!(status, 201, "{quiz}");
        self.quiz = quiz["id"].as_str().unwrap().to_string();
        self.items = quiz["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        assert!(!self.items.is_empty(), "{quiz}");
        let (status, key) = call(
            &http,
            "POST",
            &format!("{}/v1/keys", self.bases[1]),
            ADMIN,
            Some(json!({"name": "soak widget", "role": "widget"})),
        );
        assert_eq!(status, 201, "{key}");
        let mut l = self.ledger.lock().unwrap();
        l.keys.push(key["key"]["id"].as_str().unwrap().to_string());
        l.secret = key["secret"].as_str().unwrap().to_string();
    }
}

/// One request; (status, body). A transport failure is status 0 with the error as text.
fn call(
    http: &ureq::Agent,
    method: &str,
    url: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let sent = match (method, body) {
        ("POST", Some(b)) => http.post(url).header("X-Docent-Key", key).send_json(b),
        ("POST", None) => http.post(url).header("X-Docent-Key", key).send_empty(),
        ("PATCH", Some(b)) => http.patch(url).header("X-Docent-Key", key).send_json(b),
        _ => http.get(url).header("X-Docent-Key", key).call(),
    };
    match sent {
        Ok(mut r) => {
            let status = r.status().as_u16();
            let text = r.body_mut().read_to_string().unwrap_or_default();
            (
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            )
        }
        Err(e) => (0, Value::String(e.to_string())),
    }
}

/// One phase of load: clients send to the servers still in `alive` until `stop`.
struct Phase<'a> {
    c: &'a Cluster,
    start: Instant,
    alive: Vec<AtomicBool>,
    stop: AtomicBool,
    edits: AtomicUsize,
}

impl Phase<'_> {
    fn at(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// The `n`-th server among those alive.
    fn pick(&self, n: usize) -> Option<usize> {
        let alive: Vec<usize> = (0..self.alive.len())
            .filter(|i| self.alive[*i].load(Ordering::SeqCst))
            .collect();
        (!alive.is_empty()).then(|| alive[n % alive.len()])
    }

    fn error(&self, sent: f64, server: usize, status: u16, what: String) {
        if status == 0 && server < self.alive.len() {
            // What a load balancer does: a server that refuses connections leaves the pool.
            self.alive[server].store(false, Ordering::SeqCst);
        }
        let failed = self.at();
        let what = format!("{status}: {what}");
        let mut l = self.c.ledger.lock().unwrap();
        l.errors.push(Failure {
            sent,
            failed,
            server,
            what,
        });
    }

    fn url(&self, server: usize, path: &str) -> String {
        format!("{}{path}", self.c.bases[server])
    }

    fn asker(&self, client: usize) {
        let http = plain_agent(Duration::from_secs(60));
        let mut n = client;
        while !self.stop.load(Ordering::SeqCst) {
            n += 1;
            let Some(s) = self.pick(n) else { return };
            let q = QUESTIONS[n % QUESTIONS.len()];
            let sent = self.at();
            let (status, v) = call(
                &http,
                "POST",
                &self.url(s, "/v1/ask"),
                WIDGET,
                Some(json!({"question": q})),
            );
            if status != 200 {
                self.error(sent, s, status, format!("ask: {v}"));
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            let (turn, conv) = (v["turn_id"].as_i64().unwrap(), v["conversation_id"].clone());
            self.c.ledger.lock().unwrap().answered.push((self.at(), s));
            self.c
                .ledger
                .lock()
                .unwrap()
                .turns
                .push((turn, conv.as_str().unwrap().to_string()));
            // Vote through another server.
            let Some(o) = self.pick(n + 1) else { return };
            let body =
                json!({"turn_id": turn, "conversation_id": conv, "helpful": n.is_multiple_of(2)});
            let sent = self.at();
            let (status, v) = call(
                &http,
                "POST",
                &self.url(o, "/v1/feedback"),
                WIDGET,
                Some(body),
            );
            match (status, v["feedback_id"].as_i64()) {
                (201, Some(id)) => self.c.ledger.lock().unwrap().feedback.push((turn, id)),
                _ => self.error(sent, o, status, format!("feedback: {v}")),
            }
        }
    }

    /// Edits quiz items in turn through the servers; a failed edit is retried on the same
    /// item, so the last write to every item is an acknowledged one.
    fn editor(&self) {
        let http = plain_agent(Duration::from_secs(60));
        let mut item = 0;
        while !self.stop.load(Ordering::SeqCst) {
            let n = self.edits.fetch_add(1, Ordering::SeqCst);
            let Some(s) = self.pick(n) else { return };
            let id = &self.c.items[item % self.c.items.len()];
            let text = format!("edit {n}");
            let path = format!("/v1/quizzes/{}/items/{id}", self.c.quiz);
            let sent = self.at();
            let (status, v) = call(
                &http,
                "PATCH",
                &self.url(s, &path),
                ADMIN,
                Some(json!({"explanation": text})),
            );
            if status == 200 {
                let mut l = self.c.ledger.lock().unwrap();
                l.edits.retain(|(i, _)| i != id);
                l.edits.push((id.clone(), text));
                l.edited += 1;
                item += 1;
            } else {
                self.error(sent, s, status, format!("quiz edit: {v}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Rotates the widget key through one server and asks with the new secret through the
    /// next: a rotation takes effect on every server at once.
    ///
    /// A rotation whose reply was lost (its server killed after it committed) is learnt from
    /// the next one's 409, which names the successor: a client that lost a reply does the same,
    /// and the chain of replacements stays whole. Only after a lost reply; any other 409 is an
    /// error.
    fn rotator(&self) {
        let http = plain_agent(Duration::from_secs(60));
        let mut n = 0;
        let mut lost_reply = false;
        while !self.stop.load(Ordering::SeqCst) {
            n += 1;
            let Some(s) = self.pick(n) else { return };
            let last = self.c.ledger.lock().unwrap().keys.last().cloned().unwrap();
            let path = format!("/v1/keys/{last}/rotate?grace_hours=1");
            let sent = self.at();
            let (status, v) = call(&http, "POST", &self.url(s, &path), ADMIN, None);
            if status == 409 && lost_reply && v["error"]["code"] == "already_rotated" {
                if let Some(successor) = v["error"]["message"]
                    .as_str()
                    .and_then(|m| m.split("key ").nth(2))
                    .and_then(|m| m.split(' ').next())
                {
                    self.c
                        .ledger
                        .lock()
                        .unwrap()
                        .keys
                        .push(successor.to_string());
                    lost_reply = false;
                    continue;
                }
            }
            lost_reply = status == 0;
            let (Some(id), Some(secret), 201) =
                (v["key"]["id"].as_str(), v["secret"].as_str(), status)
            else {
                self.error(sent, s, status, format!("rotate: {v}"));
                continue;
            };
            {
                let mut l = self.c.ledger.lock().unwrap();
                l.keys.push(id.to_string());
                l.secret = secret.to_string();
            }
            let Some(o) = self.pick(n + 1) else { return };
            let sent = self.at();
            let (status, v) = call(
                &http,
                "POST",
                &self.url(o, "/v1/ask"),
                secret,
                Some(json!({"question": "Where are invoices?"})),
            );
            match (status, v["turn_id"].as_i64(), v["conversation_id"].as_str()) {
                (200, Some(turn), Some(conv)) => {
                    let mut l = self.c.ledger.lock().unwrap();
                    l.answered.push((self.at(), o));
                    l.turns.push((turn, conv.to_string()));
                }
                _ => self.error(sent, o, status, format!("ask with the rotated key: {v}")),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Re-ingests a changed document over and over. A failed ingest is an error (the test
    /// of the Qdrant restart counts those apart).
    fn ingester(&self) {
        while !self.stop.load(Ordering::SeqCst) {
            let rev = self.c.revision.fetch_add(1, Ordering::SeqCst) + 1;
            std::fs::write(self.c.docs.join("soak.md"), marker(rev)).unwrap();
            let sent = self.at();
            match self.c.env.ingest(&self.c.docs) {
                None => {
                    let live = generation(&self.c.root);
                    let mut l = self.c.ledger.lock().unwrap();
                    l.ingests += 1;
                    l.generations.push(live);
                }
                Some(out) => self.error(
                    sent,
                    usize::MAX,
                    1,
                    format!("ingest: {}", out.lines().last().unwrap_or("")),
                ),
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}

fn generation(root: &Path) -> String {
    docent_index::live_generation(root)
        .unwrap()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_default()
}

impl Cluster {
    /// Whether server `i` has not been killed.
    fn running(&self, i: usize) -> bool {
        self.servers[i].lock().unwrap().is_some()
    }

    /// Runs the load for `seconds` on the servers still running; `event` runs on this thread
    /// meanwhile. The ledger's errors are those of this phase only.
    fn phase(&self, seconds: f64, event: impl FnOnce(&Phase)) -> Vec<Failure> {
        let start = Instant::now();
        {
            let mut l = self.ledger.lock().unwrap();
            l.errors.clear();
            l.answered.clear();
            l.started = Some(start);
        }
        let p = Phase {
            c: self,
            start,
            alive: (0..self.servers.len())
                .map(|i| AtomicBool::new(self.running(i)))
                .collect(),
            stop: AtomicBool::new(false),
            edits: AtomicUsize::new(0),
        };
        std::thread::scope(|scope| {
            for client in 0..3 {
                let p = &p;
                scope.spawn(move || p.asker(client));
            }
            scope.spawn(|| p.editor());
            scope.spawn(|| p.rotator());
            scope.spawn(|| p.ingester());
            event(&p);
            let left = seconds - p.at();
            if left > 0.0 {
                std::thread::sleep(Duration::from_secs_f64(left));
            }
            p.stop.store(true, Ordering::SeqCst);
        });
        self.ledger.lock().unwrap().errors.clone()
    }

    /// Every acknowledged write is in the database exactly once; `exact`: and nothing else
    /// (no request failed, so none can have written without an acknowledgement). The number
    /// of turns stored beyond those acknowledged.
    fn check_writes(&self, exact: bool) -> i64 {
        let l = self.ledger.lock().unwrap();
        let db = &self.db;
        for (turn, conv) in &l.turns {
            assert_eq!(
                block_on(db.turn_conversation(*turn)).unwrap().as_ref(),
                Some(conv),
                "turn {turn}"
            );
        }
        for (turn, _) in &l.feedback {
            let n = l.feedback.iter().filter(|(t, _)| t == turn).count();
            assert_eq!(
                block_on(db.feedback_for(*turn)).unwrap().len(),
                n,
                "feedback on turn {turn}"
            );
        }
        let quiz = block_on(db.quiz(&self.quiz)).unwrap().unwrap();
        for (item, text) in &l.edits {
            let stored = quiz.items.iter().find(|i| &i.id == item).unwrap();
            assert_eq!(
                &stored.explanation, text,
                "the last acknowledged edit of {item}"
            );
        }
        let keys = block_on(db.keys()).unwrap();
        for pair in l.keys.windows(2) {
            assert_eq!(
                keys.iter().filter(|k| k.id == pair[1]).count(),
                1,
                "key {}",
                pair[1]
            );
            let old = keys.iter().find(|k| k.id == pair[0]).unwrap();
            assert_eq!(
                old.replaced_by.as_ref(),
                Some(&pair[1]),
                "rotation of {}",
                pair[0]
            );
        }
        let totals = block_on(db.totals()).unwrap();
        let turns = l.turns.len() as i64;
        if exact {
            assert_eq!(totals.turns, turns, "turns stored = turns acknowledged");
            assert_eq!(
                totals.feedback,
                l.feedback.len() as i64,
                "votes stored = votes acknowledged"
            );
            assert_eq!(keys.len(), l.keys.len(), "keys stored = keys acknowledged");
        }
        assert!(totals.turns >= turns);
        totals.turns - turns
    }

    /// Every running server serves the live generation (within 10 s: servers look every 2 s).
    fn check_generation(&self) {
        let live = generation(&self.root);
        let http = plain_agent(Duration::from_secs(10));
        for (i, base) in self.bases.iter().enumerate() {
            if !self.running(i) {
                continue;
            }
            let started = Instant::now();
            loop {
                let (_, v) = call(&http, "GET", &format!("{base}/healthz"), WIDGET, None);
                if v["index"] == live.as_str() {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "server {i} serves {} instead of {live}",
                    v["index"]
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
}

fn seconds() -> f64 {
    std::env::var("CLUSTER_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8.0)
}

fn summary(name: &str, errors: &[Failure]) -> String {
    // Each error counted by what failed ("ask", "feedback", "quiz edit", "rotate", "ingest",
    // ...) and where (server index, or the ingest).
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for e in errors {
        let kind = e.what.split(": ").nth(1).unwrap_or("?");
        let place = match e.server {
            usize::MAX => "ingest".to_string(),
            s => format!("server {s}"),
        };
        *kinds.entry(format!("{kind} on {place}")).or_default() += 1;
    }
    let counts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let first = errors
        .first()
        .map(|e| {
            let what: String = e.what.chars().take(160).collect();
            format!("; first at {:.1} s: {what}", e.failed)
        })
        .unwrap_or_default();
    format!(
        "{name}: {} errors ({}){first}",
        errors.len(),
        counts.join(", ")
    )
}

#[test]
fn three_servers_share_one_truth_through_a_kill_and_a_qdrant_restart() {
    if !have_model() {
        return;
    }
    let (Some(bin), Some(pg)) = (qdrant_bin(), test_server("the three-server soak")) else {
        return;
    };
    let secs = seconds();
    let mut qdrant = Qdrant::start(bin);
    let cluster = Cluster::start(&qdrant, &pg);

    // 1. Steady: no error, nothing lost, everyone on the newest generation.
    let errors = cluster.phase(secs, |_| {});
    assert!(errors.is_empty(), "{}", summary("steady", &errors));
    assert_eq!(cluster.check_writes(true), 0);
    cluster.check_generation();
    let steady = {
        let l = cluster.ledger.lock().unwrap();
        format!(
            "{} asks, {} votes, {} quiz edits, {} key rotations, {} ingests",
            l.turns.len(),
            l.feedback.len(),
            l.edited,
            l.keys.len() - 1,
            l.ingests
        )
    };

    // 2. SIGKILL one server mid-load; the two others keep answering.
    let killed_at = Mutex::new(0.0);
    let errors = cluster.phase(secs, |p| {
        std::thread::sleep(Duration::from_secs_f64(secs / 3.0));
        *killed_at.lock().unwrap() = p.at();
        drop(cluster.servers[0].lock().unwrap().take());
        p.alive[0].store(false, Ordering::SeqCst);
    });
    let killed_at = *killed_at.lock().unwrap();
    let on_others: Vec<_> = errors.iter().filter(|e| e.server != 0).collect();
    assert!(
        on_others.is_empty(),
        "errors on the servers still running: {on_others:?}"
    );
    let answered_after: Vec<f64> = {
        let l = cluster.ledger.lock().unwrap();
        l.answered
            .iter()
            .filter(|(t, _)| *t > killed_at)
            .map(|(t, _)| *t)
            .collect()
    };
    assert!(!answered_after.is_empty(), "no answer after the kill");
    let failover = answered_after.iter().cloned().fold(f64::MAX, f64::min) - killed_at;
    let extra = cluster.check_writes(false);
    eprintln!(
        "cluster soak: {}; kill of server 0 at {killed_at:.1} s: first answer from another server {:.0} ms later, {} answers after, {extra} turns stored unacknowledged",
        summary("kill", &errors),
        failover * 1000.0,
        answered_after.len()
    );

    // 3. Restart Qdrant mid-load: errors while it is down, then both servers recover alone.
    let times = Mutex::new((0.0, 0.0));
    let health = Mutex::new((0, Value::Null));
    let errors = cluster.phase(secs, |p| {
        std::thread::sleep(Duration::from_secs_f64(secs / 4.0));
        let down = p.at();
        qdrant.kill();
        // Health says so while Qdrant is down (an outside probe: it said "ok").
        let http = plain_agent(Duration::from_secs(10));
        *health.lock().unwrap() = call(
            &http,
            "GET",
            &format!("{}/healthz", cluster.bases[1]),
            WIDGET,
            None,
        );
        std::thread::sleep(Duration::from_secs(1));
        qdrant.launch();
        *times.lock().unwrap() = (down, p.at());
    });
    let (down, up) = *times.lock().unwrap();
    let (status, said) = health.lock().unwrap().clone();
    assert_eq!(status, 503, "{said}");
    assert_eq!(said["status"], "index backend unavailable");
    let recovered = recovery(&cluster, up);
    let until = recovered.iter().map(|r| r.1).fold(up, f64::max);
    for e in &errors {
        // Every failed request overlapped the outage: from the kill to the last recovery.
        assert!(
            e.failed >= down && e.sent <= until,
            "an error outside the Qdrant outage ({down:.1}-{until:.1} s): {e:?}"
        );
    }
    let extra = cluster.check_writes(false);
    assert_eq!(
        cluster.env.ingest(&cluster.docs),
        None,
        "an ingest after the restart"
    );
    cluster.check_generation();
    for (server, at) in &recovered {
        let exited = cluster.servers[*server]
            .lock()
            .unwrap()
            .as_mut()
            .map(|p| p.0.try_wait().unwrap());
        assert_eq!(exited, Some(None), "server {server} still runs");
        eprintln!(
            "cluster soak: server {server} answered again {:.0} ms after Qdrant was ready",
            (at - up) * 1000.0
        );
    }
    eprintln!(
        "cluster soak: steady {secs} s: {steady}, 0 errors, every write present once; {}; Qdrant down at {down:.1} s, ready again at {up:.1} s; {extra} turns stored unacknowledged",
        summary("qdrant restart", &errors)
    );
}

/// For each running server, when it first answered after Qdrant was ready at `up` (seconds
/// into the last phase): from the load's answers, or else by asking it until it does (at most
/// 60 s after the phase).
fn recovery(c: &Cluster, up: f64) -> Vec<(usize, f64)> {
    let (answered, started) = {
        let l = c.ledger.lock().unwrap();
        (l.answered.clone(), l.started.unwrap())
    };
    let http = plain_agent(Duration::from_secs(30));
    let mut out = Vec::new();
    for i in 0..c.servers.len() {
        if !c.running(i) {
            continue;
        }
        let mut first = answered
            .iter()
            .filter(|(t, srv)| *srv == i && *t >= up)
            .map(|(t, _)| *t)
            .fold(f64::MAX, f64::min);
        let probing = Instant::now();
        while first == f64::MAX {
            let url = format!("{}/v1/ask", c.bases[i]);
            let (status, v) = call(
                &http,
                "POST",
                &url,
                WIDGET,
                Some(json!({"question": QUESTIONS[0]})),
            );
            if let (200, Some(turn), Some(conv)) =
                (status, v["turn_id"].as_i64(), v["conversation_id"].as_str())
            {
                first = started.elapsed().as_secs_f64();
                c.ledger
                    .lock()
                    .unwrap()
                    .turns
                    .push((turn, conv.to_string()));
            } else {
                assert!(
                    probing.elapsed() < Duration::from_secs(60),
                    "server {i} never answered after Qdrant came back"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        out.push((i, first));
    }
    out
}
