//! The embedded state database: one SQLite file in WAL mode behind one connection (every
//! statement is short). Each call runs on tokio's blocking pool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use docent_core::{Answer, Audience};
use rusqlite::{params, Connection, OptionalExtension};

use super::{
    now, schema, Cause, DbError, DismissedRow, HandoffRow, Held, OnIndex, QuizSummary, Result,
    Store, Totals, Turn, TurnRow, TypedField, Unanswered,
};
use crate::keys::{self, Fresh, Issued, KeyError, Role, StoredKey};

/// The SQLite implementation of [`Store`].
pub struct Sqlite {
    path: String,
    conn: Arc<Mutex<Connection>>,
}

impl Sqlite {
    /// A turn (and its unanswered row), after its conversation's row when `start` names the
    /// index to start it on, in one transaction.
    async fn insert_turn(
        &self,
        start: Option<&str>,
        conversation: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64> {
        let citations = serde_json::to_string(&answer.citations).unwrap_or_default();
        let conversation = conversation.to_string();
        let start = start.map(str::to_string);
        let a = answer.clone();
        self.run(move |c| {
            let at = now();
            let tx = c.transaction()?;
            if let Some(index) = &start {
                tx.execute(
                    "INSERT INTO conversations (id, audience, created_at, index_name)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![conversation, audience.as_str(), at, index],
                )?;
            }
            tx.execute(
                "INSERT INTO turns (conversation_id, question, resolved_question, answer, answered,
                   confidence, citations, composer, latency_ms, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    conversation,
                    a.question,
                    a.resolved_question,
                    a.text,
                    a.answered,
                    a.confidence as f64,
                    citations,
                    a.composer.as_str(),
                    latency_ms,
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            if !a.answered {
                tx.execute(
                    "INSERT INTO unanswered (turn_id, question, audience, confidence, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, a.question, audience.as_str(), a.confidence as f64, at],
                )?;
            }
            tx.commit()?;
            Ok(id)
        })
        .await
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date;
    /// refuses a schema newer than this binary.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let name = path.display().to_string();
        let wrap = |e: rusqlite::Error| DbError::new(&name, e);
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
        if version > schema::VERSION {
            return Err(DbError::new(&name, Cause::Schema(newer(version))));
        }
        for (i, sql) in schema::SQLITE.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(wrap)?;
            tx.execute_batch(sql).map_err(wrap)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(wrap)?;
            tx.commit().map_err(wrap)?;
        }
        Ok(Sqlite {
            path: name,
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection, on the blocking pool.
    async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        let done = tokio::task::spawn_blocking(move || {
            let mut c = conn.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut c)
        })
        .await;
        match done {
            Ok(r) => r.map_err(|e| DbError::new(&self.path, e)),
            Err(e) => Err(DbError::new(
                &self.path,
                Cause::Task(format!("the statement's task failed: {e}")),
            )),
        }
    }
}

/// The message for a schema newer than this binary.
pub(crate) fn newer(version: i64) -> String {
    format!(
        "schema version {version} is newer than this docent knows ({}): upgrade docent (a newer server migrated this database)",
        schema::VERSION
    )
}

const KEY_COLUMNS: &str =
    "id, name, role, audience, origins, created_at, expires_at, revoked_at, replaced_by";

fn key_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredKey> {
    let role: String = r.get(2)?;
    let audience: String = r.get(3)?;
    let origins: String = r.get(4)?;
    Ok(StoredKey {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Widget),
        audience: Audience::parse(&audience).unwrap_or(Audience::Public),
        origins: serde_json::from_str(&origins).unwrap_or_default(),
        created_at: r.get(5)?,
        expires_at: r.get(6)?,
        revoked_at: r.get(7)?,
        replaced_by: r.get(8)?,
    })
}

fn insert_key(c: &Connection, key: &StoredKey, hash: &str) -> rusqlite::Result<()> {
    let origins = serde_json::to_string(&key.origins).unwrap_or_else(|_| "[]".into());
    c.execute(
        "INSERT INTO api_keys (id, name, role, audience, origins, hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            key.id,
            key.name,
            key.role.as_str(),
            key.audience.as_str(),
            origins,
            hash,
            key.created_at,
            key.expires_at
        ],
    )
    .map(|_| ())
}

fn get_key(c: &Connection, id: &str) -> rusqlite::Result<Option<StoredKey>> {
    c.query_row(
        &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = ?1"),
        [id],
        key_row,
    )
    .optional()
}

/// A quiz item's status as stored.
pub(crate) fn status_text(item: &docent_quiz::Item) -> String {
    format!("{:?}", item.status).to_lowercase()
}

#[async_trait]
impl Store for Sqlite {
    fn name(&self) -> &str {
        &self.path
    }

    async fn version(&self) -> Result<i64> {
        self.run(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
            .await
    }

    async fn conversation(&self, id: &str) -> Result<Option<Held>> {
        let id = id.to_string();
        self.run(move |c| {
            c.query_row(
                "SELECT audience, index_name FROM conversations WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()
        })
        .await
        .map(|row| {
            row.and_then(|(a, index)| Audience::parse(&a).map(|audience| Held { audience, index }))
        })
    }

    async fn create_conversation(&self, id: &str, audience: Audience, index: &str) -> Result<()> {
        let (id, index) = (id.to_string(), index.to_string());
        self.run(move |c| {
            c.execute(
                "INSERT INTO conversations (id, audience, created_at, index_name)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, audience.as_str(), now(), index],
            )
            .map(|_| ())
        })
        .await
    }

    async fn claim_conversation(&self, id: &str, index: &str) -> Result<()> {
        let (id, index) = (id.to_string(), index.to_string());
        self.run(move |c| {
            c.execute(
                "UPDATE conversations SET index_name = ?2 WHERE id = ?1 AND index_name IS NULL",
                params![id, index],
            )
            .map(|_| ())
        })
        .await
    }

    async fn conversation_indexes(&self) -> Result<Vec<(Option<String>, i64)>> {
        self.run(|c| {
            let mut st = c.prepare_cached(
                "SELECT index_name, COUNT(*) FROM conversations c
                 WHERE EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)
                 GROUP BY index_name ORDER BY COUNT(*) DESC, index_name IS NULL, index_name",
            )?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn history(&self, conversation: &str, limit: usize) -> Result<Vec<String>> {
        let conversation = conversation.to_string();
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT resolved_question FROM turns WHERE conversation_id = ?1
                 ORDER BY id DESC LIMIT ?2",
            )?;
            let mut rows: Vec<String> = st
                .query_map(params![conversation, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            rows.reverse();
            Ok(rows)
        })
        .await
    }

    async fn record_turn(
        &self,
        conversation: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64> {
        self.insert_turn(None, conversation, audience, answer, latency_ms)
            .await
    }

    async fn start_with_turn(
        &self,
        id: &str,
        index: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64> {
        self.insert_turn(Some(index), id, audience, answer, latency_ms)
            .await
    }

    async fn turn_conversation(&self, turn: i64) -> Result<Option<String>> {
        self.run(move |c| {
            c.query_row(
                "SELECT conversation_id FROM turns WHERE id = ?1",
                [turn],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }

    async fn totals(&self) -> Result<Totals> {
        self.run(|c| {
            c.query_row(
                "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM turns),
                        (SELECT COUNT(*) FROM feedback), (SELECT COUNT(*) FROM handoffs),
                        (SELECT COUNT(*) FROM quizzes), (SELECT COUNT(*) FROM api_keys)",
                [],
                |r| {
                    Ok(Totals {
                        conversations: r.get(0)?,
                        turns: r.get(1)?,
                        feedback: r.get(2)?,
                        handoffs: r.get(3)?,
                        quizzes: r.get(4)?,
                        keys: r.get(5)?,
                    })
                },
            )
        })
        .await
    }

    async fn record_feedback(
        &self,
        turn: i64,
        helpful: bool,
        comment: Option<&str>,
    ) -> Result<i64> {
        let comment = comment.map(str::to_string);
        self.run(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM feedback WHERE turn_id = ?1", params![turn])?;
            tx.execute(
                "INSERT INTO feedback (turn_id, helpful, comment, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![turn, helpful, comment, now()],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
        .await
    }

    async fn typed_texts(
        &self,
        field: TypedField,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let (table, column) = field.column();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT id, {column} FROM {table}
                 WHERE id > ?1 AND {column} IS NOT NULL AND {column} <> '' ORDER BY id LIMIT ?2"
            ))?;
            let rows = st
                .query_map(params![after, limit], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn rewrite_typed(&self, field: TypedField, id: i64, text: &str) -> Result<()> {
        let (table, column) = field.column();
        let text = text.to_string();
        self.run(move |c| {
            c.execute(
                &format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"),
                params![id, text],
            )?;
            Ok(())
        })
        .await
    }

    async fn transcript(&self, conversation: &str) -> Result<Vec<Turn>> {
        let conversation = conversation.to_string();
        self.run(move |c| {
            let mut st = c.prepare_cached(
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
        .await
    }

    async fn record_handoff(&self, conversation: &str) -> Result<i64> {
        let conversation = conversation.to_string();
        self.run(move |c| {
            c.execute(
                "INSERT INTO handoffs (conversation_id, created_at) VALUES (?1, ?2)",
                params![conversation, now()],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn unanswered(&self, limit: usize, index: OnIndex<'_>) -> Result<Vec<Unanswered>> {
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT u.question, u.audience, u.confidence, u.created_at FROM unanswered u
                 JOIN turns t ON t.id = u.turn_id JOIN conversations c ON c.id = t.conversation_id
                 WHERE (?2 IS NULL OR c.index_name IS NULL OR c.index_name = ?2) ORDER BY u.id DESC LIMIT ?1",
            )?;
            let rows = st
                .query_map(params![limit as i64, index], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn negative_feedback(
        &self,
        limit: usize,
        index: OnIndex<'_>,
    ) -> Result<Vec<(i64, String, String)>> {
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT f.id, t.question, f.created_at FROM feedback f JOIN turns t ON t.id = f.turn_id
                 JOIN conversations c ON c.id = t.conversation_id
                 WHERE f.helpful = 0 AND (?2 IS NULL OR c.index_name IS NULL OR c.index_name = ?2) ORDER BY f.id DESC LIMIT ?1",
            )?;
            let rows = st
                .query_map(params![limit as i64, index], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn feedback_for(&self, turn: i64) -> Result<Vec<(bool, Option<String>)>> {
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT helpful, comment FROM feedback WHERE turn_id = ?1 ORDER BY id",
            )?;
            let rows = st
                .query_map([turn], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn save_quiz(
        &self,
        quiz: &docent_quiz::Quiz,
        audience: Audience,
        owner: &str,
    ) -> Result<()> {
        let validation = serde_json::to_string(&quiz.validation).unwrap_or_default();
        let quiz = quiz.clone();
        let owner = owner.to_string();
        self.run(move |c| {
            let at = now();
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO quizzes (id, title, scope, generator, validation, created_at, updated_at, audience, owner)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
                params![quiz.id, quiz.title, quiz.scope, quiz.generator, validation, at, audience.as_str(), owner],
            )?;
            for (pos, it) in quiz.items.iter().enumerate() {
                tx.execute(
                    "INSERT INTO quiz_items (quiz_id, item_id, position, status, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        quiz.id,
                        it.id,
                        pos as i64,
                        status_text(it),
                        serde_json::to_string(it).unwrap_or_default()
                    ],
                )?;
            }
            tx.commit()
        })
        .await
    }

    async fn quiz(&self, id: &str) -> Result<Option<docent_quiz::Quiz>> {
        let id = id.to_string();
        self.run(move |c| {
            let head = c
                .query_row(
                    "SELECT title, scope, generator, validation FROM quizzes WHERE id = ?1",
                    [&id],
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
            let mut st = c.prepare_cached(
                "SELECT body FROM quiz_items WHERE quiz_id = ?1 ORDER BY position",
            )?;
            let items = st
                .query_map([&id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
                .iter()
                .filter_map(|b| serde_json::from_str(b).ok())
                .collect();
            Ok(Some(docent_quiz::Quiz {
                id,
                title,
                scope,
                generator,
                items,
                validation: serde_json::from_str(&validation).unwrap_or_default(),
            }))
        })
        .await
    }

    async fn update_item(&self, quiz: &str, item: &docent_quiz::Item) -> Result<bool> {
        let quiz = quiz.to_string();
        let item_id = item.id.clone();
        let body = serde_json::to_string(item).unwrap_or_default();
        let status = status_text(item);
        self.run(move |c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "UPDATE quiz_items SET body = ?3, status = ?4 WHERE quiz_id = ?1 AND item_id = ?2",
                params![quiz, item_id, body, status],
            )?;
            tx.execute(
                "UPDATE quizzes SET updated_at = ?2 WHERE id = ?1",
                params![quiz, now()],
            )?;
            tx.commit()?;
            Ok(n == 1)
        })
        .await
    }

    async fn quiz_access(&self, id: &str) -> Result<Option<(Audience, Option<String>)>> {
        let id = id.to_string();
        self.run(move |c| {
            c.query_row(
                "SELECT audience, owner FROM quizzes WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()
        })
        .await
        .map(|row| row.map(|(a, o)| (Audience::parse(&a).unwrap_or(Audience::Internal), o)))
    }

    async fn quizzes(&self, audience: Audience) -> Result<Vec<QuizSummary>> {
        // The audiences at or below the key's, padded to three parameters.
        let visible: Vec<&'static str> = Audience::ALL
            .iter()
            .map(|a| {
                if *a <= audience {
                    a.as_str()
                } else {
                    audience.as_str()
                }
            })
            .collect();
        self.run(move |c| {
            let mut st = c.prepare_cached(
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
        .await
    }

    async fn key_origins(&self) -> Result<Vec<String>> {
        let at = now();
        self.run(move |c| {
            let mut st = c.prepare_cached(
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
        .await
    }

    async fn insert_key(&self, key: &StoredKey, hash: &str) -> Result<()> {
        let (key, hash) = (key.clone(), hash.to_string());
        self.run(move |c| insert_key(c, &key, &hash)).await
    }

    async fn keys(&self) -> Result<Vec<StoredKey>> {
        self.run(|c| {
            let mut st = c.prepare(&format!(
                "SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id"
            ))?;
            let rows = st.query_map([], key_row)?.collect();
            rows
        })
        .await
    }

    async fn key(&self, id: &str) -> Result<Option<StoredKey>> {
        let id = id.to_string();
        self.run(move |c| get_key(c, &id)).await
    }

    async fn key_with_hash(&self, hash: &str) -> Result<Option<StoredKey>> {
        let hash = hash.to_string();
        self.run(move |c| {
            c.query_row(
                &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE hash = ?1"),
                [hash],
                key_row,
            )
            .optional()
        })
        .await
    }

    async fn revoke_key(&self, id: &str) -> Result<bool> {
        let id = id.to_string();
        self.run(move |c| {
            c.execute(
                "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, now()],
            )
        })
        .await
        .map(|n| n > 0)
    }

    async fn rotate_key_to(
        &self,
        id: &str,
        grace_hours: u32,
        fresh: Fresh,
    ) -> Result<Option<Issued>, KeyError> {
        let id = id.to_string();
        // The transaction holds the connection (SQLite's only writer) from the read of the
        // old key to the commit, so no other rotation can come between.
        let planned = self
            .run(move |c| {
                let tx = c.transaction()?;
                let Some(old) = get_key(&tx, &id)? else {
                    return Ok(Ok(None));
                };
                let successor = match &old.replaced_by {
                    Some(s) => get_key(&tx, s)?,
                    None => None,
                };
                let (issued, until) =
                    match keys::rotation(&old, successor.as_ref(), grace_hours, fresh) {
                        Ok(Some(plan)) => plan,
                        Ok(None) => return Ok(Ok(None)),
                        Err(e) => return Ok(Err(e)),
                    };
                insert_key(&tx, &issued.key, &keys::hash(&issued.secret))?;
                tx.execute(
                    "UPDATE api_keys SET expires_at = ?2, replaced_by = ?3 WHERE id = ?1",
                    params![id, until, issued.key.id],
                )?;
                tx.commit()?;
                Ok(Ok(Some(issued)))
            })
            .await?;
        planned
    }

    async fn analytics_turns(
        &self,
        from: &str,
        to: &str,
        index: OnIndex<'_>,
    ) -> Result<Vec<TurnRow>> {
        let (from, to) = (from.to_string(), to.to_string());
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT t.id, t.conversation_id, t.created_at, t.answered, t.latency_ms, t.citations,
                        (SELECT COUNT(*) FROM feedback f WHERE f.turn_id = t.id AND f.helpful = 1),
                        (SELECT COUNT(*) FROM feedback f WHERE f.turn_id = t.id AND f.helpful = 0),
                        EXISTS (SELECT 1 FROM handoffs h
                                WHERE h.conversation_id = t.conversation_id
                                  AND h.created_at >= t.created_at)
                 FROM turns t JOIN conversations c ON c.id = t.conversation_id
                 WHERE t.created_at >= ?1 AND t.created_at < ?2 AND (?3 IS NULL OR c.index_name IS NULL OR c.index_name = ?3)
                 ORDER BY t.created_at, t.id",
            )?;
            let rows = st
                .query_map(params![from, to, index], |r| {
                    Ok(TurnRow {
                        id: r.get(0)?,
                        conversation: r.get(1)?,
                        created_at: r.get(2)?,
                        answered: r.get(3)?,
                        latency_ms: r.get(4)?,
                        citations: r.get(5)?,
                        votes: (r.get(6)?, r.get(7)?),
                        handed_off_after: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn analytics_handoffs(
        &self,
        from: &str,
        to: &str,
        index: OnIndex<'_>,
    ) -> Result<Vec<HandoffRow>> {
        let (from, to) = (from.to_string(), to.to_string());
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT h.conversation_id, h.created_at FROM handoffs h
                 JOIN conversations c ON c.id = h.conversation_id
                 WHERE h.created_at >= ?1 AND h.created_at < ?2 AND (?3 IS NULL OR c.index_name IS NULL OR c.index_name = ?3)
                 ORDER BY h.created_at, h.id",
            )?;
            let rows = st
                .query_map(params![from, to, index], |r| {
                    Ok(HandoffRow {
                        conversation: r.get(0)?,
                        created_at: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn analytics_unanswered(
        &self,
        from: &str,
        to: &str,
        newest: usize,
        index: OnIndex<'_>,
    ) -> Result<Vec<(String, String)>> {
        let (from, to) = (from.to_string(), to.to_string());
        let newest = i64::try_from(newest).unwrap_or(i64::MAX);
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "WITH held AS (
                     SELECT u.id, u.question, u.created_at FROM unanswered u
                     JOIN turns t ON t.id = u.turn_id JOIN conversations c ON c.id = t.conversation_id
                     WHERE u.created_at >= ?1 AND u.created_at < ?2 AND (?4 IS NULL OR c.index_name IS NULL OR c.index_name = ?4))
                 SELECT question, created_at FROM held
                 WHERE question IN (
                     SELECT question FROM held
                     GROUP BY question ORDER BY COUNT(*) DESC, MAX(created_at) DESC, MAX(id) DESC LIMIT ?3)
                 ORDER BY created_at, id",
            )?;
            let rows = st
                .query_map(params![from, to, newest, index], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn analytics_span(&self, index: OnIndex<'_>) -> Result<Option<(String, String)>> {
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            c.query_row(
                "SELECT MIN(t.created_at), MAX(t.created_at) FROM turns t
                 JOIN conversations c ON c.id = t.conversation_id WHERE (?1 IS NULL OR c.index_name IS NULL OR c.index_name = ?1)",
                [index],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
        })
        .await
        .map(|(a, b)| a.zip(b))
    }

    async fn dismiss(
        &self,
        label: &str,
        key: &str,
        reason: Option<&str>,
        by: &str,
        index: &str,
    ) -> Result<i64> {
        let (label, key, by) = (label.to_string(), key.to_string(), by.to_string());
        let (reason, index) = (reason.map(str::to_string), index.to_string());
        self.run(move |c| {
            c.execute(
                "INSERT INTO dismissed_topics (label, centroid, reason, created_by, created_at, index_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![label, key, reason, by, now(), index],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn dismissed(&self, index: OnIndex<'_>) -> Result<Vec<DismissedRow>> {
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            let mut st = c.prepare_cached(
                "SELECT id, label, centroid, reason, created_by, created_at
                 FROM dismissed_topics
                 WHERE (?1 IS NULL OR index_name IS NULL OR index_name = ?1) ORDER BY id",
            )?;
            let rows = st
                .query_map([index], |r| {
                    Ok(DismissedRow {
                        id: r.get(0)?,
                        label: r.get(1)?,
                        key: r.get(2)?,
                        reason: r.get(3)?,
                        created_by: r.get(4)?,
                        created_at: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    async fn undismiss(&self, id: i64, index: OnIndex<'_>) -> Result<bool> {
        let index = index.name().map(str::to_string);
        self.run(move |c| {
            c.execute(
                "DELETE FROM dismissed_topics
                 WHERE id = ?1 AND (?2 IS NULL OR index_name IS NULL OR index_name = ?2)",
                params![id, index],
            )
        })
        .await
        .map(|n| n > 0)
    }
}
