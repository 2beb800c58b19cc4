//! A bounded soak on loopback: two servers share one index directory and one state database
//! (the load-balanced deployment in miniature); clients ask on one server and give feedback on
//! the other while the docs are re-ingested over and over and both servers swap generations
//! under them. Proves: zero errors (every ask 200, every feedback 201), and no data lost (every
//! acknowledged turn and vote is in the database, the last ingest's document is served). Runs DOCENT_SOAK_SECONDS (default 8) with
//! 4 clients, each at most 400 requests; longer by hand, e.g. DOCENT_SOAK_SECONDS=600.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use docent_embed::TokenCounter;
use docent_index::{ingest, IngestOptions};
use docent_ingest::Files;
use docent_server::AppState;
use serde_json::json;

use crate::{agent, block_on, fixture, have_model, model_dir, repo, WIDGET};

const QUESTIONS: [&str; 6] = [
    "How do I export a report?",
    "How do I set up single sign-on?",
    "Can I schedule a report?",
    "How do I invite a teammate?",
    "Where are invoices?",
    "What is the soak marker?",
];

#[test]
fn concurrent_asks_feedback_and_reingests_lose_nothing() {
    if !have_model() {
        return;
    }
    let seconds: u64 = std::env::var("DOCENT_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    for e in walk(&repo().join("corpus/docs")) {
        let rel = e.strip_prefix(repo().join("corpus/docs")).unwrap();
        std::fs::create_dir_all(docs.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(&e, docs.join(rel)).unwrap();
    }
    let counter = TokenCounter::load(&model_dir()).unwrap();
    let index = dir.path().join("idx");
    let opts = IngestOptions {
        index_dir: index.clone(),
        sources: vec![Arc::new(Files::new(vec![docs.clone()], Vec::new()))],
        model_max_tokens: 256,
        ..Default::default()
    };
    let marker = |n: usize| {
        format!("---\ntitle: Soak marker\naudience: public\n---\n# Soak marker\n\nThe soak marker is revision {n}.\n")
    };
    std::fs::write(docs.join("soak.md"), marker(0)).unwrap();
    ingest(&opts, f.embedder.as_ref(), &counter, &()).unwrap();

    let db = crate::state_db();
    let mut cfg = crate::config(&db);
    cfg.server.client_per_minute = 0;
    cfg.server.session_per_minute = 0;
    cfg.server.access_log = false;
    let rt = crate::runtime();
    let mut states = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..2 {
        let state =
            Arc::new(AppState::new(cfg.clone(), index.clone(), Some(f.embedder.clone())).unwrap());
        let (listener, base) = crate::bind(&rt);
        bases.push(base);
        rt.spawn(docent_server::serve(state.clone(), listener));
        states.push(state);
    }
    let bases = Arc::new(bases);

    let until = Instant::now() + Duration::from_secs(seconds);
    let (asked, voted, errors) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(std::sync::Mutex::new(Vec::<String>::new())),
    );
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (bases, asked, voted, errors) =
                (bases.clone(), asked.clone(), voted.clone(), errors.clone());
            std::thread::spawn(move || {
                let http = agent();
                for i in 0..400 {
                    if Instant::now() >= until {
                        break;
                    }
                    let q = QUESTIONS[(c + i) % QUESTIONS.len()];
                    // Ask one server, vote on the other.
                    let (one, other) = (&bases[(c + i) % 2], &bases[(c + i + 1) % 2]);
                    let mut resp = http
                        .post(format!("{one}/v1/ask"))
                        .header("X-Docent-Key", WIDGET)
                        .send_json(json!({"question": q}))
                        .unwrap();
                    let status = resp.status().as_u16();
                    let text = resp.body_mut().read_to_string().unwrap_or_default();
                    if status != 200 {
                        errors.lock().unwrap().push(format!("ask {status}: {text}"));
                        continue;
                    }
                    asked.fetch_add(1, Ordering::SeqCst);
                    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                    let turn = v["turn_id"].as_i64().unwrap();
                    let status = http
                        .post(format!("{other}/v1/feedback"))
                        .header("X-Docent-Key", WIDGET)
                        .send_json(json!({"turn_id": turn, "conversation_id": v["conversation_id"], "helpful": i % 2 == 0}))
                        .unwrap()
                        .status()
                        .as_u16();
                    if status == 201 {
                        voted.fetch_add(1, Ordering::SeqCst);
                    } else {
                        errors.lock().unwrap().push(format!("feedback {status}"));
                    }
                }
            })
        })
        .collect();
    // Re-ingest a changed document as fast as ingests go while the clients run.
    let mut revision = 0;
    while Instant::now() < until {
        revision += 1;
        std::fs::write(docs.join("soak.md"), marker(revision)).unwrap();
        let r = ingest(&opts, f.embedder.as_ref(), &counter, &()).unwrap();
        assert!(r.committed && r.problems.is_empty());
        std::thread::sleep(Duration::from_millis(200));
    }
    for c in clients {
        c.join().unwrap();
    }

    let errors = errors.lock().unwrap();
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    let (asked, voted) = (asked.load(Ordering::SeqCst), voted.load(Ordering::SeqCst));
    assert!(
        asked > 0 && revision > 1,
        "asked {asked}, revisions {revision}"
    );
    let totals = block_on(states[0].db.totals()).unwrap();
    let (turns, feedback) = (totals.turns, totals.feedback);
    assert_eq!(
        turns as usize, asked,
        "every answered question is a stored turn"
    );
    assert_eq!(
        feedback as usize, voted,
        "every acknowledged vote is stored"
    );
    // The last revision is what both servers serve once they have reloaded.
    for state in &states {
        assert!(state.reload_if_changed().is_ok());
        let live = state.index();
        let soak = live
            .chunks()
            .iter()
            .find(|c| c.doc_id.contains("soak"))
            .expect("soak doc indexed");
        let want = format!("revision {revision}.");
        assert!(soak.text.contains(&want), "{}", soak.text);
    }
    eprintln!("soak: {seconds} s, 2 servers, {asked} asks, {voted} votes, {revision} re-ingests, 0 errors");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
