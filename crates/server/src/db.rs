//! The state database (SQLite, WAL): conversations, their turns, feedback, unanswered questions
//! and hand-offs. Migrations are numbered SQL scripts applied in order and recorded in
//! `PRAGMA user_version`, each in its own transaction.
//!
//! Proves (see tests): 1. migrations run once and a reopened database keeps its rows;
//! 2. a conversation's history comes back in order; 3. feedback on an unknown turn is refused.

use std::path::Path;
use std::sync::Mutex;

use docent_core::{Answer, Audience, Citation};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A database failure, with the file it concerns.
#[derive(Debug, thiserror::Error)]
#[error("state database {path}: {source}")]
pub struct DbError {
    path: String,
    #[source]
    source: rusqlite::Error,
}

type Result<T> = std::result::Result<T, DbError>;

const MIGRATIONS: &[&str] = &[
    // 1: conversations, turns, feedback, unanswered questions, hand-offs.
    "CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        audience TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        question TEXT NOT NULL,
        resolved_question TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered INTEGER NOT NULL,
        confidence REAL NOT NULL,
        citations TEXT NOT NULL,
        composer TEXT NOT NULL,
        latency_ms REAL NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX turns_conversation ON turns(conversation_id, id);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        turn_id INTEGER NOT NULL REFERENCES turns(id),
        helpful INTEGER NOT NULL,
        comment TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        turn_id INTEGER NOT NULL REFERENCES turns(id),
        question TEXT NOT NULL,
        audience TEXT NOT NULL,
        confidence REAL NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE handoffs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        created_at TEXT NOT NULL
    );",
    // 2: quiz drafts; each item is stored as JSON with its review status.
    "CREATE TABLE quizzes (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        scope TEXT NOT NULL,
        generator TEXT NOT NULL,
        validation TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE quiz_items (
        quiz_id TEXT NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (quiz_id, item_id)
    );",
    // 3: API keys, stored as SHA-256 hashes of the secret; rotation leaves the old key valid
    // until expires_at.
    "CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        audience TEXT NOT NULL,
        origins TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        replaced_by TEXT
    );",
    // 4: who may see and edit a quiz: the strictest audience of its sources, and the key
    // that made it (quizzes from before this migration: internal, editable by admins only).
    "ALTER TABLE quizzes ADD COLUMN audience TEXT NOT NULL DEFAULT 'internal';
    ALTER TABLE quizzes ADD COLUMN owner TEXT;",
];

/// A quiz in the list of drafts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuizSummary {
    /// Quiz id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Scope as given.
    pub scope: String,
    /// Items.
    pub items: usize,
    /// Approved items.
    pub approved: usize,
    /// Rejected items.
    pub rejected: usize,
    /// Creation time.
    pub created_at: String,
}

/// One past turn, as the hand-off carries it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Turn {
    /// Turn id.
    pub id: i64,
    /// The question as asked.
    pub question: String,
    /// After follow-up resolution.
    pub resolved_question: String,
    /// The answer text.
    pub answer: String,
    /// Whether the tutor answered.
    pub answered: bool,
    /// Its citations.
    pub citations: Vec<Citation>,
    /// When.
    pub created_at: String,
}

/// The database handle (one connection; every statement is short).
pub struct Db {
    path: String,
    conn: Mutex<Connection>,
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db> {
        let name = path.display().to_string();
        let wrap = |source| DbError {
            path: name.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let mut conn = Connection::open(path).map_err(wrap)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(wrap)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(wrap)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(wrap)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(wrap)?;
            tx.execute_batch(sql).map_err(wrap)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(wrap)?;
            tx.commit().map_err(wrap)?;
        }
        Ok(Db {
            path: name,
            conn: Mutex::new(conn),
        })
    }

    pub(crate) fn error(&self, source: rusqlite::Error) -> DbError {
        DbError {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        f(&conn).map_err(|source| DbError {
            path: self.path.clone(),
            source,
        })
    }

    /// The schema version.
    pub fn version(&self) -> Result<i64> {
        self.with(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
    }

    /// The audience a conversation was started for, if it exists.
    pub fn conversation(&self, id: &str) -> Result<Option<Audience>> {
        self.with(|c| {
            c.query_row(
                "SELECT audience FROM conversations WHERE id = ?1",
                [id],
                |r| r.get::<_, String>(0),
            )
            .optional()
        })
        .map(|a| a.and_then(|a| Audience::parse(&a)))
    }

    /// Starts a conversation.
    pub fn create_conversation(&self, id: &str, audience: Audience) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO conversations (id, audience, created_at) VALUES (?1, ?2, ?3)",
                params![id, audience.as_str(), now()],
            )
            .map(|_| ())
        })
    }

    /// Resolved questions of a conversation, oldest first (at most the last `limit`).
    pub fn history(&self, conversation: &str, limit: usize) -> Result<Vec<String>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT resolved_question FROM turns WHERE conversation_id = ?1
                 ORDER BY id DESC LIMIT ?2",
            )?;
            let mut rows: Vec<String> = st
                .query_map(params![conversation, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            rows.reverse();
            Ok(rows)
        })
    }

    /// Records a turn (and the question as unanswered when the tutor abstained); returns its id.
    pub fn record_turn(
        &self,
        conversation: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64> {
        let citations = serde_json::to_string(&answer.citations).unwrap_or_default();
        self.with(|c| {
            let at = now();
            c.execute(
                "INSERT INTO turns (conversation_id, question, resolved_question, answer, answered,
                   confidence, citations, composer, latency_ms, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    conversation,
                    answer.question,
                    answer.resolved_question,
                    answer.text,
                    answer.answered,
                    answer.confidence as f64,
                    citations,
                    answer.composer,
                    latency_ms,
                    at
                ],
            )?;
            let id = c.last_insert_rowid();
            if !answer.answered {
                c.execute(
                    "INSERT INTO unanswered (turn_id, question, audience, confidence, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id,
                        answer.question,
                        audience.as_str(),
                        answer.confidence as f64,
                        at
                    ],
                )?;
            }
            Ok(id)
        })
    }

    /// The conversation a turn belongs to.
    pub fn turn_conversation(&self, turn: i64) -> Result<Option<String>> {
        self.with(|c| {
            c.query_row(
                "SELECT conversation_id FROM turns WHERE id = ?1",
                [turn],
                |r| r.get(0),
            )
            .optional()
        })
    }

    /// Rows of the main tables: (turns, feedback, hand-offs).
    pub fn totals(&self) -> Result<(i64, i64, i64)> {
        self.with(|c| {
            c.query_row(
                "SELECT (SELECT COUNT(*) FROM turns), (SELECT COUNT(*) FROM feedback),
                        (SELECT COUNT(*) FROM handoffs)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
    }

    /// Records feedback on a turn; returns its id.
    pub fn record_feedback(&self, turn: i64, helpful: bool, comment: Option<&str>) -> Result<i64> {
        self.with(|c| {
            c.execute(
                "INSERT INTO feedback (turn_id, helpful, comment, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![turn, helpful, comment, now()],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Every turn of a conversation, oldest first.
    pub fn transcript(&self, conversation: &str) -> Result<Vec<Turn>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT id, question, resolved_question, answer, answered, citations, created_at
                 FROM turns WHERE conversation_id = ?1 ORDER BY id",
            )?;
            let rows = st
                .query_map([conversation], |r| {
                    let cit: String = r.get(5)?;
                    Ok(Turn {
                        id: r.get(0)?,
                        question: r.get(1)?,
                        resolved_question: r.get(2)?,
                        answer: r.get(3)?,
                        answered: r.get(4)?,
                        citations: serde_json::from_str(&cit).unwrap_or_default(),
                        created_at: r.get(6)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Records a hand-off.
    pub fn record_handoff(&self, conversation: &str) -> Result<i64> {
        self.with(|c| {
            c.execute(
                "INSERT INTO handoffs (conversation_id, created_at) VALUES (?1, ?2)",
                params![conversation, now()],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Unanswered questions, newest first (the gap report reads these).
    pub fn unanswered(&self, limit: usize) -> Result<Vec<(String, String, f64, String)>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT question, audience, confidence, created_at FROM unanswered
                 ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = st
                .query_map([limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Stores a new quiz draft, visible to keys whose audience covers `audience` (the
    /// strictest of its sources) and editable by `owner` (a key id) and admins.
    pub fn save_quiz(
        &self,
        quiz: &docent_quiz::Quiz,
        audience: Audience,
        owner: &str,
    ) -> Result<()> {
        let validation = serde_json::to_string(&quiz.validation).unwrap_or_default();
        self.with(|c| {
            let at = now();
            c.execute(
                "INSERT INTO quizzes (id, title, scope, generator, validation, created_at, updated_at, audience, owner)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
                params![quiz.id, quiz.title, quiz.scope, quiz.generator, validation, at, audience.as_str(), owner],
            )?;
            for (pos, it) in quiz.items.iter().enumerate() {
                c.execute(
                    "INSERT INTO quiz_items (quiz_id, item_id, position, status, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        quiz.id,
                        it.id,
                        pos as i64,
                        format!("{:?}", it.status).to_lowercase(),
                        serde_json::to_string(it).unwrap_or_default()
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// A stored quiz with its items in order.
    pub fn quiz(&self, id: &str) -> Result<Option<docent_quiz::Quiz>> {
        self.with(|c| {
            let head = c
                .query_row(
                    "SELECT title, scope, generator, validation FROM quizzes WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()?;
            let Some((title, scope, generator, validation)) = head else {
                return Ok(None);
            };
            let mut st =
                c.prepare("SELECT body FROM quiz_items WHERE quiz_id = ?1 ORDER BY position")?;
            let items = st
                .query_map([id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
                .iter()
                .filter_map(|b| serde_json::from_str(b).ok())
                .collect();
            Ok(Some(docent_quiz::Quiz {
                id: id.to_string(),
                title,
                scope,
                generator,
                items,
                validation: serde_json::from_str(&validation).unwrap_or_default(),
            }))
        })
    }

    /// Replaces one item of a quiz; false when there is no such item.
    pub fn update_item(&self, quiz: &str, item: &docent_quiz::Item) -> Result<bool> {
        self.with(|c| {
            let n = c.execute(
                "UPDATE quiz_items SET body = ?3, status = ?4 WHERE quiz_id = ?1 AND item_id = ?2",
                params![
                    quiz,
                    item.id,
                    serde_json::to_string(item).unwrap_or_default(),
                    format!("{:?}", item.status).to_lowercase()
                ],
            )?;
            c.execute(
                "UPDATE quizzes SET updated_at = ?2 WHERE id = ?1",
                params![quiz, now()],
            )?;
            Ok(n == 1)
        })
    }

    /// Who may see and edit a quiz: (audience, owner key id), if the quiz exists.
    pub fn quiz_access(&self, id: &str) -> Result<Option<(Audience, Option<String>)>> {
        self.with(|c| {
            c.query_row(
                "SELECT audience, owner FROM quizzes WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()
        })
        .map(|row| row.map(|(a, o)| (Audience::parse(&a).unwrap_or(Audience::Internal), o)))
    }

    /// Every quiz a key of `audience` may see, newest first.
    pub fn quizzes(&self, audience: Audience) -> Result<Vec<QuizSummary>> {
        // The audiences at or below the key's, padded to three parameters.
        let visible: Vec<&str> = Audience::ALL
            .iter()
            .map(|a| {
                if *a <= audience {
                    a.as_str()
                } else {
                    audience.as_str()
                }
            })
            .collect();
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT q.id, q.title, q.scope, q.created_at,
                        COUNT(i.item_id),
                        COALESCE(SUM(i.status = 'approved'), 0),
                        COALESCE(SUM(i.status = 'rejected'), 0)
                 FROM quizzes q LEFT JOIN quiz_items i ON i.quiz_id = q.id
                 WHERE q.audience IN (?1, ?2, ?3)
                 GROUP BY q.id ORDER BY q.created_at DESC, q.id",
            )?;
            let rows = st
                .query_map(params![visible[0], visible[1], visible[2]], |r| {
                    Ok(QuizSummary {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        scope: r.get(2)?,
                        created_at: r.get(3)?,
                        items: r.get::<_, i64>(4)? as usize,
                        approved: r.get::<_, i64>(5)? as usize,
                        rejected: r.get::<_, i64>(6)? as usize,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Questions whose answer was marked not helpful: (feedback id, question, when).
    pub fn negative_feedback(&self, limit: usize) -> Result<Vec<(i64, String, String)>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT f.id, t.question, f.created_at FROM feedback f JOIN turns t ON t.id = f.turn_id
                 WHERE f.helpful = 0 ORDER BY f.id DESC LIMIT ?1",
            )?;
            let rows = st
                .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// Origins of the stored keys that work now (for CORS).
    pub fn key_origins(&self) -> Result<Vec<String>> {
        let at = now();
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT origins FROM api_keys
                 WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?1)",
            )?;
            let rows = st
                .query_map([at], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows
                .iter()
                .flat_map(|o| serde_json::from_str::<Vec<String>>(o).unwrap_or_default())
                .collect())
        })
    }

    /// Feedback rows of a turn: (helpful, comment).
    pub fn feedback_for(&self, turn: i64) -> Result<Vec<(bool, Option<String>)>> {
        self.with(|c| {
            let mut st =
                c.prepare("SELECT helpful, comment FROM feedback WHERE turn_id = ?1 ORDER BY id")?;
            let rows = st
                .query_map([turn], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(q: &str, answered: bool) -> Answer {
        Answer {
            question: q.into(),
            resolved_question: q.into(),
            answered,
            confidence: 0.5,
            text: "t".into(),
            parts: vec![],
            citations: vec![],
            related: vec![],
            actions: vec![],
            composer: "extractive".into(),
        }
    }

    #[test]
    fn migrations_run_once_and_rows_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        let db = Db::open(&path).unwrap();
        assert_eq!(db.version().unwrap(), MIGRATIONS.len() as i64);
        db.create_conversation("c1", Audience::Public).unwrap();
        let t = db
            .record_turn("c1", Audience::Public, &answer("q1", false), 1.0)
            .unwrap();
        drop(db);
        let db = Db::open(&path).unwrap();
        assert_eq!(db.conversation("c1").unwrap(), Some(Audience::Public));
        assert_eq!(db.turn_conversation(t).unwrap().as_deref(), Some("c1"));
        assert_eq!(db.unanswered(10).unwrap()[0].0, "q1");
    }

    #[test]
    fn history_is_in_order_and_feedback_needs_a_turn() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("s.sqlite")).unwrap();
        db.create_conversation("c", Audience::Customer).unwrap();
        for q in ["a", "b", "c"] {
            db.record_turn("c", Audience::Customer, &answer(q, true), 1.0)
                .unwrap();
        }
        assert_eq!(db.history("c", 2).unwrap(), vec!["b", "c"]);
        assert!(db.unanswered(10).unwrap().is_empty());
        assert!(db.record_feedback(999, true, None).is_err());
        let t = db.transcript("c").unwrap();
        db.record_feedback(t[0].id, false, Some("wrong")).unwrap();
        assert_eq!(
            db.feedback_for(t[0].id).unwrap(),
            vec![(false, Some("wrong".into()))]
        );
    }
}
