//! The storage contract: one suite of behaviour tests, run against SQLite (always) and against
//! PostgreSQL (when `TEST_POSTGRES_URL` names a server; each test gets a database of its
//! own). What each test proves is in its name; the list is in the module doc of [`super`].

use std::path::PathBuf;
use std::sync::Arc;

use docent_core::{Answer, Audience};

use super::scratch::{test_server, Scratch};
use super::{block_on, Cause, Db, OnIndex, Postgres, Sqlite, Store};
use crate::keys::{hash, NewKey, Role};

/// A database under test, reopenable.
struct Target {
    db: Db,
    place: Place,
}

enum Place {
    /// The file, in a folder removed with the target.
    Sqlite {
        path: PathBuf,
        _dir: tempfile::TempDir,
    },
    Postgres(Scratch),
}

impl Target {
    fn sqlite() -> Target {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        Target {
            db: Db::sqlite(&path).unwrap(),
            place: Place::Sqlite { path, _dir: dir },
        }
    }

    fn postgres(server: &str) -> Target {
        let scratch = Scratch::create(server).unwrap();
        Target {
            db: Db::postgres(scratch.url(), 4).unwrap(),
            place: Place::Postgres(scratch),
        }
    }

    /// A second handle on the same database (a restarted server, or another host).
    async fn reopen(&self) -> Result<Db, super::DbError> {
        match &self.place {
            Place::Sqlite { path, .. } => Ok(Db {
                store: Arc::new(Sqlite::open(path)?),
                kind: super::Kind::Sqlite,
            }),
            Place::Postgres(s) => Ok(Db::from_postgres(Postgres::connect(s.url(), 4).await?)),
        }
    }

    /// Sets the stored schema version, as a newer binary would have.
    async fn set_version(&self, version: i64) {
        match &self.place {
            Place::Sqlite { path, .. } => {
                let c = rusqlite::Connection::open(path).unwrap();
                c.pragma_update(None, "user_version", version).unwrap();
            }
            Place::Postgres(s) => {
                let pg = Postgres::connect(s.url(), 1).await.unwrap();
                let c = pg.connection().await.unwrap();
                c.execute("UPDATE docent_schema SET version = $1", &[&version])
                    .await
                    .unwrap();
            }
        }
    }
}

impl Target {
    /// Runs SQL on the database around the store, as another program (or an older binary)
    /// would; the database's own error, as text, when it refuses.
    async fn execute(&self, sql: &str) -> Result<(), String> {
        match &self.place {
            Place::Sqlite { path, .. } => rusqlite::Connection::open(path)
                .and_then(|c| c.execute_batch(sql))
                .map_err(|e| e.to_string()),
            Place::Postgres(s) => {
                let pg = Postgres::connect(s.url(), 1)
                    .await
                    .map_err(|e| e.to_string())?;
                let c = pg.connection().await.map_err(|e| e.to_string())?;
                c.batch_execute(sql)
                    .await
                    .map_err(|e| match e.as_db_error() {
                        Some(db) => db.message().to_string(),
                        None => e.to_string(),
                    })
            }
        }
    }
}

fn answer(q: &str, answered: bool) -> Answer {
    Answer {
        question: q.into(),
        resolved_question: format!("{q} (resolved)"),
        answered,
        confidence: 0.5,
        text: "t".into(),
        parts: vec![],
        citations: vec![],
        related: vec![],
        actions: vec![],
        composer: docent_core::ComposerKind::Extractive,
    }
}

async fn migrations_run_once_and_rows_survive_reopen(t: Target) {
    let db = &t.db;
    assert_eq!(db.version().await.unwrap(), super::SCHEMA_VERSION);
    db.create_conversation("c1", Audience::Public, "default")
        .await
        .unwrap();
    let turn = db
        .record_turn("c1", Audience::Public, &answer("q1", false), 1.0)
        .await
        .unwrap();
    let again = t.reopen().await.unwrap();
    assert_eq!(again.version().await.unwrap(), super::SCHEMA_VERSION);
    assert_eq!(
        again.conversation("c1").await.unwrap(),
        Some(super::Held {
            audience: Audience::Public,
            index: Some("default".into())
        })
    );
    assert_eq!(again.conversation("c2").await.unwrap(), None);
    assert_eq!(
        again.turn_conversation(turn).await.unwrap().as_deref(),
        Some("c1")
    );
    let unanswered = again.unanswered(10, OnIndex::Any).await.unwrap();
    assert_eq!(unanswered.len(), 1);
    assert_eq!(
        (unanswered[0].0.as_str(), unanswered[0].1.as_str()),
        ("q1", "public")
    );
}

async fn a_schema_newer_than_the_binary_is_refused(t: Target) {
    t.set_version(super::SCHEMA_VERSION + 1).await;
    let Err(err) = t.reopen().await else {
        panic!("a newer schema was accepted")
    };
    assert!(matches!(err.cause(), Cause::Schema(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains(t.db.name()) && text.contains("upgrade docent"),
        "{text}"
    );
}

async fn history_is_in_order_and_feedback_needs_a_turn(t: Target) {
    let db = &t.db;
    db.create_conversation("c", Audience::Customer, "default")
        .await
        .unwrap();
    let mut turns = Vec::new();
    for q in ["a", "b", "c"] {
        turns.push(
            db.record_turn("c", Audience::Customer, &answer(q, true), 1.0)
                .await
                .unwrap(),
        );
    }
    assert!(turns.windows(2).all(|w| w[0] < w[1]), "{turns:?}");
    assert_eq!(
        db.history("c", 2).await.unwrap(),
        vec!["b (resolved)", "c (resolved)"]
    );
    assert!(db.unanswered(10, OnIndex::Any).await.unwrap().is_empty());
    let refused = db.record_feedback(turns[2] + 1000, true, None).await;
    let err = refused.expect_err("feedback on an unknown turn");
    assert!(err.to_string().contains(db.name()), "{err}");
    let transcript = db.transcript("c").await.unwrap();
    assert_eq!(
        transcript
            .iter()
            .map(|t| t.question.as_str())
            .collect::<Vec<_>>(),
        vec!["a", "b", "c"]
    );
    assert!(transcript.iter().all(|t| t.answered));
    db.record_feedback(turns[0], false, Some("wrong"))
        .await
        .unwrap();
    db.record_feedback(turns[0], true, None).await.unwrap();
    // One vote a turn, the later replacing the earlier (the eighth probe voted one turn
    // helpful 12 times and not helpful 13 times).
    assert_eq!(db.feedback_for(turns[0]).await.unwrap(), vec![(true, None)]);
    db.record_feedback(turns[1], false, Some("wrong"))
        .await
        .unwrap();
    let negative = db.negative_feedback(10, OnIndex::Any).await.unwrap();
    assert_eq!(negative.len(), 1);
    assert_eq!(negative[0].1, "b");
    let handoff = db.record_handoff("c").await.unwrap();
    assert!(handoff > 0);
    let totals = db.totals().await.unwrap();
    assert_eq!(
        (
            totals.conversations,
            totals.turns,
            totals.feedback,
            totals.handoffs
        ),
        (1, 3, 2, 1)
    );
}

/// A quiz of true/false items with the given review states (built from JSON, as the API
/// stores it, so fields added later with defaults need no change here).
fn quiz(id: &str, statuses: &[docent_quiz::Status]) -> docent_quiz::Quiz {
    let items: Vec<serde_json::Value> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::json!({
                "id": format!("i{i}"), "kind": "true_false", "stem": format!("Statement {i}"),
                "options": ["True", "False"], "key": [0], "answers": [], "explanation": "",
                "difficulty": 1, "level": "recall", "status": s, "stale": false,
                "source": {"chunk_id": "c", "doc_id": "d", "title": "T", "heading_path": [],
                           "quote": "q", "chunk_hash": "h"},
            })
        })
        .collect();
    serde_json::from_value(serde_json::json!({
        "id": id, "title": format!("Quiz {id}"), "scope": "reports", "generator": "rules",
        "items": items, "validation": {"candidates": 0, "passed": 0, "reasons": {}},
    }))
    .unwrap()
}

async fn quizzes_are_listed_by_audience_and_edited_in_place(t: Target) {
    use docent_quiz::Status;
    let db = &t.db;
    let statuses = [Status::Approved, Status::Rejected, Status::Draft];
    db.save_quiz(&quiz("q-public", &statuses), Audience::Public, "key_a")
        .await
        .unwrap();
    db.save_quiz(
        &quiz("q-internal", &statuses[..1]),
        Audience::Internal,
        "key_b",
    )
    .await
    .unwrap();
    let public = db.quizzes(Audience::Public).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!(
        (
            public[0].id.as_str(),
            public[0].items,
            public[0].approved,
            public[0].rejected
        ),
        ("q-public", 3, 1, 1)
    );
    let all = db.quizzes(Audience::Internal).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        db.quiz_access("q-internal").await.unwrap(),
        Some((Audience::Internal, Some("key_b".into())))
    );
    assert_eq!(db.quiz_access("nope").await.unwrap(), None);
    let mut stored = db.quiz("q-public").await.unwrap().unwrap();
    assert_eq!(
        stored
            .items
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        vec!["i0", "i1", "i2"]
    );
    stored.items[2].stem = "Edited".into();
    stored.items[2].status = Status::Approved;
    assert!(db.update_item("q-public", &stored.items[2]).await.unwrap());
    let mut ghost = stored.items[2].clone();
    ghost.id = "missing".into();
    assert!(!db.update_item("q-public", &ghost).await.unwrap());
    let again = db.quiz("q-public").await.unwrap().unwrap();
    assert_eq!(again.items[2].stem, "Edited");
    assert_eq!(db.quizzes(Audience::Public).await.unwrap()[0].approved, 2);
    assert!(db.quiz("nope").await.unwrap().is_none());
}

fn new_key(name: &str, role: Role, origins: &[&str], expires_days: Option<u32>) -> NewKey {
    NewKey {
        name: name.into(),
        role,
        audience: None,
        origins: origins.iter().map(|o| o.to_string()).collect(),
        expires_days,
    }
}

async fn keys_are_found_by_hash_only_while_active(t: Target) {
    let db = &t.db;
    let site = db
        .create_key(&new_key(
            "site",
            Role::Widget,
            &["https://help.example.com"],
            None,
        ))
        .await
        .unwrap();
    assert!(site.secret.starts_with("dk_") && site.secret.len() == 67);
    let p = db.key_by_hash(&hash(&site.secret)).await.unwrap().unwrap();
    assert_eq!(p.audience, Audience::Public);
    assert_eq!(
        p.scopes,
        vec![docent_core::KeyScope::Ask, docent_core::KeyScope::Feedback]
    );
    assert!(db.key_by_hash(&hash("dk_wrong")).await.unwrap().is_none());
    assert_eq!(
        db.key_origins().await.unwrap(),
        vec!["https://help.example.com"]
    );
    let listed = serde_json::to_string(&db.keys().await.unwrap()).unwrap();
    assert!(
        !listed.contains(&site.secret[3..]),
        "no secret in a listing"
    );

    let old = db
        .create_key(&new_key("tool", Role::Author, &[], Some(30)))
        .await
        .unwrap();
    let new = db.rotate_key(&old.key.id, 1).await.unwrap().unwrap();
    assert_ne!(new.secret, old.secret);
    assert_eq!(new.key.role, Role::Author);
    assert_eq!(
        new.key.expires_at, old.key.expires_at,
        "the expiry carries over"
    );
    assert!(db.key_by_hash(&hash(&old.secret)).await.unwrap().is_some());
    assert!(db.key_by_hash(&hash(&new.secret)).await.unwrap().is_some());
    assert_eq!(
        db.key(&old.key.id).await.unwrap().unwrap().replaced_by,
        Some(new.key.id.clone())
    );
    // The tenth probe: rotating the old key again, in its grace period, gave the new secret
    // the grace end as its expiry and took the first successor's quizzes; it is refused,
    // naming the successor to rotate.
    match db.rotate_key(&old.key.id, 24).await {
        Err(crate::keys::KeyError::AlreadyRotated { key, successor }) => {
            assert_eq!((key, successor), (old.key.id.clone(), new.key.id.clone()));
        }
        other => panic!("a second rotation of {}: {other:?}", old.key.id),
    }
    assert_eq!(
        db.key(&old.key.id).await.unwrap().unwrap().replaced_by,
        Some(new.key.id.clone()),
        "nothing written"
    );
    // No grace: the old secret stops at once.
    let newer = db.rotate_key(&new.key.id, 0).await.unwrap().unwrap();
    assert!(db.key_by_hash(&hash(&new.secret)).await.unwrap().is_none());
    assert!(db.revoke_key(&newer.key.id).await.unwrap());
    assert!(!db.revoke_key(&newer.key.id).await.unwrap());
    assert!(db
        .key_by_hash(&hash(&newer.secret))
        .await
        .unwrap()
        .is_none());
    assert!(db.rotate_key(&newer.key.id, 1).await.unwrap().is_none());
    assert!(matches!(
        db.rotate_key(&site.key.id, 1_000_000).await,
        Err(crate::keys::KeyError::BadLifetime(_))
    ));
    assert!(db.rotate_key("key_missing", 1).await.unwrap().is_none());
    assert_eq!(db.keys().await.unwrap().len(), 4);
    db.revoke_key(&site.key.id).await.unwrap();
    assert!(db.key_origins().await.unwrap().is_empty());
    // The code review: once the successor is revoked (its new secret leaked), the key in its
    // grace period is rotated again, and the new key takes the successor's expiry (the key's
    // own before the first rotation), so its quizzes keep an owner.
    let first = db
        .create_key(&new_key("ops", Role::Author, &[], Some(30)))
        .await
        .unwrap();
    let leaked = db.rotate_key(&first.key.id, 24).await.unwrap().unwrap();
    assert!(db.revoke_key(&leaked.key.id).await.unwrap());
    let again = db.rotate_key(&first.key.id, 24).await.unwrap().unwrap();
    assert_eq!(again.key.expires_at, first.key.expires_at);
    assert_eq!(
        db.key(&first.key.id).await.unwrap().unwrap().replaced_by,
        Some(again.key.id.clone())
    );
    assert!(matches!(
        db.rotate_key(&first.key.id, 24).await,
        Err(crate::keys::KeyError::AlreadyRotated { .. })
    ));
}

async fn concurrent_writers_lose_nothing(t: Target) {
    let db = t.db.clone();
    let key = db
        .create_key(&new_key("shared", Role::Admin, &[], None))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for w in 0..6 {
        let db = db.clone();
        let key_id = key.key.id.clone();
        tasks.push(tokio::spawn(async move {
            let conv = format!("conv-{w}");
            db.create_conversation(&conv, Audience::Customer, "default")
                .await
                .unwrap();
            let mut ids = Vec::new();
            for i in 0..20 {
                let turn = db
                    .record_turn(
                        &conv,
                        Audience::Customer,
                        &answer(&format!("{w}-{i}"), i % 3 != 0),
                        1.0,
                    )
                    .await
                    .unwrap();
                db.record_feedback(turn, i % 2 == 0, None).await.unwrap();
                ids.push(turn);
            }
            // Every writer rotates the same key (with grace, so it stays active): one
            // rotation wins, the others find it rotated already.
            let rotation = match db.rotate_key(&key_id, 1).await {
                Ok(Some(issued)) => Ok(issued.key.id),
                Err(crate::keys::KeyError::AlreadyRotated { successor, .. }) => Err(successor),
                other => panic!("rotation: {other:?}"),
            };
            (ids, rotation)
        }));
    }
    let mut turns = Vec::new();
    let mut rotated = Vec::new();
    let mut refused = Vec::new();
    for task in tasks {
        let (ids, rotation) = task.await.unwrap();
        turns.extend(ids);
        match rotation {
            Ok(id) => rotated.push(id),
            Err(successor) => refused.push(successor),
        }
    }
    assert_eq!(rotated.len(), 1, "one rotation of the key: {rotated:?}");
    assert!(refused.iter().all(|s| s == &rotated[0]), "{refused:?}");
    turns.sort_unstable();
    turns.dedup();
    assert_eq!(turns.len(), 120, "every acknowledged turn has its own id");
    let totals = db.totals().await.unwrap();
    assert_eq!((totals.turns, totals.feedback), (120, 120));
    assert_eq!(
        db.unanswered(1000, OnIndex::Any).await.unwrap().len(),
        6 * 7
    );
    let keys = db.keys().await.unwrap();
    assert_eq!(keys.len(), 2, "the key and its one successor");
    for id in &rotated {
        assert_eq!(keys.iter().filter(|k| &k.id == id).count(), 1);
    }
    let replaced_by = db.key(&key.key.id).await.unwrap().unwrap().replaced_by;
    assert!(replaced_by.is_some_and(|r| rotated.contains(&r)));
}

/// The analytics rows (7): every turn of the range once, oldest first, with its votes and
/// whether a hand-off came after it; hand-offs and declined questions of the range; nothing
/// outside it.
async fn analytics_rows_are_the_turns_votes_and_handoffs_of_their_range(t: Target) {
    let db = &t.db;
    assert_eq!(db.analytics_span(OnIndex::Any).await.unwrap(), None);
    db.create_conversation("a", Audience::Public, "default")
        .await
        .unwrap();
    db.create_conversation("b", Audience::Public, "default")
        .await
        .unwrap();
    let a1 = db
        .record_turn("a", Audience::Public, &answer("a1", true), 12.5)
        .await
        .unwrap();
    let b1 = db
        .record_turn("b", Audience::Public, &answer("b1", false), 30.0)
        .await
        .unwrap();
    db.record_feedback(a1, true, None).await.unwrap();
    db.record_feedback(a1, false, None).await.unwrap();
    db.record_feedback(a1, false, Some("no")).await.unwrap();
    db.record_handoff("b").await.unwrap();
    let a2 = db
        .record_turn("a", Audience::Public, &answer("a2", true), 7.0)
        .await
        .unwrap();

    let (lo, hi) = ("2000-01-01T00:00:00", "9999-01-01T00:00:00");
    let turns = db.analytics_turns(lo, hi, OnIndex::Any).await.unwrap();
    let ids: Vec<i64> = turns.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![a1, b1, a2]);
    let by_id = |id: i64| turns.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by_id(a1).votes, (0, 1), "a turn's last vote counts, once");
    assert_eq!(by_id(b1).votes, (0, 0));
    assert!(by_id(a1).answered && !by_id(b1).answered);
    assert_eq!(by_id(a1).latency_ms, 12.5);
    assert_eq!(by_id(a1).conversation, "a");
    // The hand-off of "b" came after b1; no hand-off follows any turn of "a".
    assert!(by_id(b1).handed_off_after);
    assert!(!by_id(a1).handed_off_after && !by_id(a2).handed_off_after);
    let handoffs = db.analytics_handoffs(lo, hi, OnIndex::Any).await.unwrap();
    assert_eq!(handoffs.len(), 1);
    assert_eq!(handoffs[0].conversation, "b");
    let declined = db
        .analytics_unanswered(lo, hi, 10, OnIndex::Any)
        .await
        .unwrap();
    assert_eq!(declined.len(), 1);
    assert_eq!(declined[0].0, "b1");
    let (first, last) = db.analytics_span(OnIndex::Any).await.unwrap().unwrap();
    assert_eq!(first, by_id(a1).created_at);
    assert_eq!(last, by_id(a2).created_at);

    // Bounds are half-open: a range ending at the first turn holds nothing.
    assert!(db
        .analytics_turns(lo, &first, OnIndex::Any)
        .await
        .unwrap()
        .is_empty());
    assert!(db
        .analytics_handoffs(lo, &first, OnIndex::Any)
        .await
        .unwrap()
        .is_empty());
    assert!(db
        .analytics_unanswered("9000-01-01T00:00:00", hi, 10, OnIndex::Any)
        .await
        .unwrap()
        .is_empty());

    // The eighth probe: every declined question of a range was embedded for the top list, and
    // anonymous visitors are declined as often as they like. Only the most declined distinct
    // questions are read (ties to the newest), every time they were declined.
    for q in ["b2", "b3", "b1", "b4"] {
        db.record_turn("b", Audience::Public, &answer(q, false), 1.0)
            .await
            .unwrap();
    }
    let read: Vec<String> = db
        .analytics_unanswered(lo, hi, 2, OnIndex::Any)
        .await
        .unwrap()
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    assert_eq!(
        read,
        vec!["b1", "b1", "b4"],
        "b1 twice, then the newest, oldest first"
    );
}

/// "Not a gap" marks (8): stored with who made them, listed oldest first, kept across a reopen,
/// removed once.
async fn not_a_gap_marks_are_stored_listed_and_removed(t: Target) {
    let db = &t.db;
    assert!(db.dismissed(OnIndex::Any).await.unwrap().is_empty());
    let first = db
        .dismiss(
            "WhatsApp questions",
            "7f007f00",
            Some("wrong site"),
            "key_a",
            "default",
        )
        .await
        .unwrap();
    let second = db
        .dismiss("Loan spam", "00ff", None, "key_b", "default")
        .await
        .unwrap();
    assert_ne!(first, second);
    let again = t.reopen().await.unwrap();
    let rows = again.dismissed(OnIndex::Any).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].id, rows[0].label.as_str(), rows[0].key.as_str()),
        (first, "WhatsApp questions", "7f007f00")
    );
    assert_eq!(rows[0].reason.as_deref(), Some("wrong site"));
    assert_eq!(rows[0].created_by, "key_a");
    assert_eq!((rows[1].id, rows[1].reason.as_deref()), (second, None));
    assert!(!rows[1].created_at.is_empty());
    assert!(again.undismiss(first, OnIndex::Any).await.unwrap());
    assert!(!again.undismiss(first, OnIndex::Any).await.unwrap());
    assert!(!again.undismiss(second + 1000, OnIndex::Any).await.unwrap());
    let left: Vec<i64> = db
        .dismissed(OnIndex::Any)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(left, vec![second]);
    // Marks belong to the report of the index they were made on (schema 7): another index's
    // report neither reads nor removes them; marks from before read for every index.
    let other = OnIndex::Named("tv");
    assert!(db.dismissed(other).await.unwrap().is_empty());
    assert!(!db.undismiss(second, other).await.unwrap());
    assert_eq!(
        db.dismissed(OnIndex::Named("default")).await.unwrap().len(),
        1
    );
    t.execute(
        "INSERT INTO dismissed_topics (label, centroid, reason, created_by, created_at)
         VALUES ('Old', '00ff', NULL, 'key_a', '2026-01-01T00:00:00.000Z')",
    )
    .await
    .unwrap();
    assert_eq!(db.dismissed(other).await.unwrap().len(), 1);
    assert_eq!(db.dismissed(OnIndex::Any).await.unwrap().len(), 2);
}

/// Runs `test` against SQLite, and against PostgreSQL when a server is given.
/// `docent state redact` (9): every stored text customers typed is redacted again, in pages,
/// and only the rows that change are written; votes without a comment are left alone.
async fn stored_texts_are_redacted_again_in_place(t: Target) {
    let db = &t.db;
    db.create_conversation("r", Audience::Public, "default")
        .await
        .unwrap();
    let mut turns = Vec::new();
    for i in 0..1_203 {
        let q = if i % 400 == 7 {
            format!("mail ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ {i}")
        } else {
            format!("how do I export {i}")
        };
        turns.push(
            db.record_turn("r", Audience::Public, &answer(&q, i % 2 == 0), 1.0)
                .await
                .unwrap(),
        );
    }
    db.record_feedback(
        turns[1],
        false,
        Some("call ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    )
    .await
    .unwrap();
    db.record_feedback(turns[3], true, None).await.unwrap();
    let redact = |t: &str| t.replace("ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[EMAIL]");
    let done = super::redact_stored(&**db, redact).await.unwrap();
    let counts: Vec<(&str, u64, u64)> = done
        .columns
        .iter()
        .map(|(c, r, w)| (c.as_str(), *r, *w))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("turns.question", 1_203, 3),
            ("turns.resolved_question", 1_203, 3),
            ("unanswered.question", 601, 3),
            ("feedback.comment", 1, 1),
        ]
    );
    let history = db.history("r", 2_000).await.unwrap();
    assert!(
        history.iter().all(|q| !q.contains('＠')),
        "resolved questions"
    );
    assert!(history.iter().any(|q| q.contains("[EMAIL]")));
    assert_eq!(
        db.feedback_for(turns[1]).await.unwrap(),
        vec![(false, Some("call [EMAIL]".into()))]
    );
    // A second pass finds nothing to write.
    let again = super::redact_stored(&**db, |t: &str| {
        t.replace("ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[EMAIL]")
    })
    .await
    .unwrap();
    assert!(again.columns.iter().all(|(_, _, w)| *w == 0), "{again:?}");
}

/// Migration 6: the database itself holds one vote a turn (a second row written around the
/// store is refused), and a database from before it keeps the newest of each turn's votes.
async fn a_turn_holds_one_vote_even_in_an_older_database(t: Target) {
    let db = &t.db;
    db.create_conversation("c", Audience::Customer, "default")
        .await
        .unwrap();
    let turn = db
        .record_turn("c", Audience::Customer, &answer("q", true), 1.0)
        .await
        .unwrap();
    let other = db
        .record_turn("c", Audience::Customer, &answer("q2", true), 1.0)
        .await
        .unwrap();
    db.record_feedback(turn, false, Some("first"))
        .await
        .unwrap();
    db.record_feedback(other, true, None).await.unwrap();
    let second = format!(
        "INSERT INTO feedback (turn_id, helpful, comment, created_at)
         VALUES ({turn}, TRUE, 'again', '2026-01-01T00:00:00.000Z')"
    );
    let refused = t.execute(&second).await;
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_lowercase().contains("unique")),
        "{refused:?}"
    );
    // As a database of schema 5: no index, no index names, and two votes on the turn.
    t.execute("DROP INDEX feedback_one_vote_per_turn")
        .await
        .unwrap();
    t.execute("ALTER TABLE conversations DROP COLUMN index_name")
        .await
        .unwrap();
    t.execute("ALTER TABLE dismissed_topics DROP COLUMN index_name")
        .await
        .unwrap();
    t.execute(&second).await.unwrap();
    t.set_version(5).await;
    let again = t.reopen().await.unwrap();
    assert_eq!(again.version().await.unwrap(), super::SCHEMA_VERSION);
    assert_eq!(
        again.feedback_for(turn).await.unwrap(),
        vec![(true, Some("again".to_string()))]
    );
    assert_eq!(again.feedback_for(other).await.unwrap(), vec![(true, None)]);
    assert!(t.execute(&second).await.is_err());
}

/// Migration 7 (11): a conversation records the index it was held on, and the reads of the
/// gap report and the analytics select one index's conversations, with those from before the
/// index was recorded (null), or every one.
async fn each_index_reads_its_own_conversations(t: Target) {
    let db = &t.db;
    for (conv, index) in [("tv1", "tv"), ("tv2", "tv"), ("app1", "app")] {
        db.create_conversation(conv, Audience::Public, index)
            .await
            .unwrap();
        let turn = db
            .record_turn(conv, Audience::Public, &answer(conv, false), 1.0)
            .await
            .unwrap();
        db.record_feedback(turn, false, None).await.unwrap();
        db.record_handoff(conv).await.unwrap();
    }
    // A conversation of an older server, which recorded no index.
    t.execute(
        "INSERT INTO conversations (id, audience, created_at)
         VALUES ('old', 'public', '2026-01-01T00:00:00.000Z')",
    )
    .await
    .unwrap();
    db.record_turn("old", Audience::Public, &answer("old", false), 1.0)
        .await
        .unwrap();

    let (lo, hi) = ("2000-01-01T00:00:00", "9999-01-01T00:00:00");
    let tv = OnIndex::Named("tv");
    let mut asked: Vec<String> = db
        .unanswered(10, tv)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.0)
        .collect();
    asked.sort();
    assert_eq!(asked, vec!["old", "tv1", "tv2"]);
    assert_eq!(db.unanswered(10, OnIndex::Any).await.unwrap().len(), 4);
    assert_eq!(
        db.unanswered(10, OnIndex::Named("nowhere"))
            .await
            .unwrap()
            .len(),
        1,
        "only the unrecorded one"
    );
    let negative: Vec<String> = db
        .negative_feedback(10, OnIndex::Named("app"))
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.1)
        .collect();
    assert_eq!(negative, vec!["app1"]);
    let turns = db.analytics_turns(lo, hi, tv).await.unwrap();
    let mut convs: Vec<&str> = turns.iter().map(|r| r.conversation.as_str()).collect();
    convs.sort();
    assert_eq!(convs, vec!["old", "tv1", "tv2"]);
    let handoffs = db
        .analytics_handoffs(lo, hi, OnIndex::Named("app"))
        .await
        .unwrap();
    assert_eq!(handoffs.len(), 1);
    assert_eq!(handoffs[0].conversation, "app1");
    let declined = db
        .analytics_unanswered(lo, hi, 10, OnIndex::Named("app"))
        .await
        .unwrap();
    let declined: Vec<&str> = declined.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(declined.len(), 2);
    assert!(declined.contains(&"app1") && declined.contains(&"old"));
    assert!(db
        .analytics_span(OnIndex::Named("app"))
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        db.conversation_indexes().await.unwrap(),
        vec![
            (Some("tv".to_string()), 2),
            (Some("app".to_string()), 1),
            (None, 1)
        ]
    );
    // Which server may continue a conversation: one of its index, or any for an old one.
    let tv1 = db.conversation("tv1").await.unwrap().unwrap();
    assert!(tv1.on("tv") && !tv1.on("app"));
    assert!(db.conversation("old").await.unwrap().unwrap().on("app"));
    // Continued on "app", the old one becomes app's: tv reads it no more.
    db.claim_conversation("old", "app").await.unwrap();
    db.claim_conversation("tv1", "app").await.unwrap();
    assert_eq!(
        db.conversation("old")
            .await
            .unwrap()
            .unwrap()
            .index
            .as_deref(),
        Some("app")
    );
    assert!(
        db.conversation("tv1").await.unwrap().unwrap().on("tv"),
        "a recorded index stays"
    );
    assert_eq!(
        db.unanswered(10, OnIndex::Named("tv")).await.unwrap().len(),
        2
    );

    // A conversation starts with its first turn, in one transaction: a start that fails
    // (here an id that exists) stores neither.
    let turn = db
        .start_with_turn("new", "app", Audience::Customer, &answer("n1", true), 2.0)
        .await
        .unwrap();
    assert_eq!(
        db.conversation("new").await.unwrap(),
        Some(super::Held {
            audience: Audience::Customer,
            index: Some("app".into())
        })
    );
    assert_eq!(
        db.turn_conversation(turn).await.unwrap().as_deref(),
        Some("new")
    );
    let turns = db.totals().await.unwrap().turns;
    assert!(db
        .start_with_turn("new", "tv", Audience::Public, &answer("n2", false), 2.0)
        .await
        .is_err());
    assert_eq!(db.totals().await.unwrap().turns, turns);
    assert_eq!(
        db.unanswered(10, OnIndex::Named("tv")).await.unwrap().len(),
        2
    );
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite_store {
            $(
                #[test]
                fn $name() {
                    super::block_on(super::$name(super::Target::sqlite()));
                }
            )*
        }
        mod postgres_store {
            $(
                #[test]
                fn $name() {
                    let Some(server) = super::test_server(stringify!($name)) else {
                        return;
                    };
                    super::block_on(super::$name(super::Target::postgres(&server)));
                }
            )*
        }
    };
}

contract!(
    migrations_run_once_and_rows_survive_reopen,
    a_schema_newer_than_the_binary_is_refused,
    history_is_in_order_and_feedback_needs_a_turn,
    quizzes_are_listed_by_audience_and_edited_in_place,
    keys_are_found_by_hash_only_while_active,
    concurrent_writers_lose_nothing,
    analytics_rows_are_the_turns_votes_and_handoffs_of_their_range,
    not_a_gap_marks_are_stored_listed_and_removed,
    stored_texts_are_redacted_again_in_place,
    a_turn_holds_one_vote_even_in_an_older_database,
    each_index_reads_its_own_conversations,
);

/// Ensures the trait stays object-safe (the server holds a `dyn Store`).
#[allow(dead_code)]
fn object_safe(_: &dyn Store) {}

/// `docent state migrate --to postgres`: an SQLite database with rows in every table is
/// copied whole (ids kept, so turns still belong to their conversations and keys to their
/// rotation chains), new rows continue after the copied ids, and a second copy into the same
/// database is refused without writing anything.
#[test]
fn an_sqlite_database_is_copied_into_postgres_whole_and_once() {
    let Some(server) = test_server("the SQLite-to-PostgreSQL copy") else {
        return;
    };
    block_on(async {
        let source = Target::sqlite();
        let db = &source.db;
        let mut turns = Vec::new();
        for c in 0..3 {
            let conv = format!("conv-{c}");
            db.create_conversation(&conv, Audience::Customer, "default")
                .await
                .unwrap();
            for i in 0..4 {
                let t = db
                    .record_turn(
                        &conv,
                        Audience::Customer,
                        &answer(&format!("{c}-{i}"), i != 2),
                        2.5,
                    )
                    .await
                    .unwrap();
                db.record_feedback(t, i % 2 == 0, Some("a comment"))
                    .await
                    .unwrap();
                turns.push((t, conv.clone()));
            }
            db.record_handoff(&conv).await.unwrap();
        }
        db.save_quiz(
            &quiz(
                "q1",
                &[docent_quiz::Status::Approved, docent_quiz::Status::Draft],
            ),
            Audience::Customer,
            "key_x",
        )
        .await
        .unwrap();
        let key = db
            .create_key(&new_key("site", Role::Widget, &["https://a.example"], None))
            .await
            .unwrap();
        let rotated = db.rotate_key(&key.key.id, 1).await.unwrap().unwrap();
        // A NUL stored before they were dropped from what people write (PostgreSQL's text
        // holds none): the copy drops it rather than fail (sixth probe, finding 6).
        db.dismiss("Loan spam", "7f00", Some("sp\0am"), "key_x", "default")
            .await
            .unwrap();
        let before = db.totals().await.unwrap();

        let Place::Sqlite { path, .. } = &source.place else {
            unreachable!()
        };
        let scratch = Scratch::create(&server).unwrap();
        let target = Postgres::connect(scratch.url(), 2).await.unwrap();
        let copied = super::copy_sqlite_to_postgres(path, &target).await.unwrap();
        assert_eq!(copied.schema_version, super::SCHEMA_VERSION);
        let rows = |t: &str| copied.tables.iter().find(|(n, _)| n == t).unwrap().1;
        assert_eq!(
            (rows("turns"), rows("feedback"), rows("unanswered")),
            (12, 12, 3)
        );
        assert_eq!((rows("quiz_items"), rows("api_keys")), (2, 2));
        assert_eq!(rows("dismissed_topics"), 1);

        let pg = Db::from_postgres(target);
        assert_eq!(pg.totals().await.unwrap(), before);
        for (t, conv) in &turns {
            assert_eq!(pg.turn_conversation(*t).await.unwrap().as_ref(), Some(conv));
        }
        assert_eq!(
            pg.transcript("conv-1").await.unwrap(),
            db.transcript("conv-1").await.unwrap()
        );
        assert_eq!(
            pg.unanswered(10, OnIndex::Any).await.unwrap(),
            db.unanswered(10, OnIndex::Any).await.unwrap()
        );
        assert_eq!(pg.quiz("q1").await.unwrap(), db.quiz("q1").await.unwrap());
        assert_eq!(
            pg.quizzes(Audience::Internal).await.unwrap(),
            db.quizzes(Audience::Internal).await.unwrap()
        );
        assert_eq!(pg.keys().await.unwrap(), db.keys().await.unwrap());
        let (mut copied_marks, marks) = (
            pg.dismissed(OnIndex::Any).await.unwrap(),
            db.dismissed(OnIndex::Any).await.unwrap(),
        );
        assert_eq!(copied_marks[0].reason.as_deref(), Some("spam"));
        copied_marks[0].reason = marks[0].reason.clone();
        assert_eq!(copied_marks, marks);
        let (lo, hi) = ("2000-01-01T00:00:00", "9999-01-01T00:00:00");
        assert_eq!(
            pg.analytics_turns(lo, hi, OnIndex::Any).await.unwrap(),
            db.analytics_turns(lo, hi, OnIndex::Any).await.unwrap()
        );
        assert!(pg
            .key_by_hash(&hash(&rotated.secret))
            .await
            .unwrap()
            .is_some());
        // New rows continue after the copied ids.
        let next = pg
            .record_turn("conv-0", Audience::Customer, &answer("new", true), 1.0)
            .await
            .unwrap();
        assert!(next > turns.iter().map(|t| t.0).max().unwrap(), "{next}");
        let mark = pg
            .dismiss("Other", "00ff", None, "key_x", "default")
            .await
            .unwrap();
        assert!(
            mark > db.dismissed(OnIndex::Any).await.unwrap()[0].id,
            "{mark}"
        );

        // A second copy is refused and writes nothing.
        let target = Postgres::connect(scratch.url(), 2).await.unwrap();
        let err = super::copy_sqlite_to_postgres(path, &target)
            .await
            .unwrap_err();
        assert!(matches!(err.cause(), Cause::Refused(_)), "{err}");
        assert!(err.to_string().contains("already holds rows"), "{err}");
        assert_eq!(pg.totals().await.unwrap().turns, before.turns + 1);
    });
}
