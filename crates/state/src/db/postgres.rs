//! The shared state database: PostgreSQL through tokio-postgres, pooled by deadpool. Several
//! Docent servers (on several hosts) point `[server] database_url` at one database; each keeps
//! a pool of at most `[server] database_pool` connections.
//!
//! Migrations run in one transaction under an advisory lock, so servers that start together
//! migrate once. Connections are plain TCP (no TLS): keep the database on a private network.

use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod};
use docent_core::{Answer, Audience};
use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::{GenericClient, NoTls, Row};

use super::sqlite::{newer, status_text};
use super::{
    now, schema, Cause, DbError, DismissedRow, HandoffRow, Held, OnIndex, QuizSummary, Result,
    Store, Totals, Turn, TurnRow, TypedField, Unanswered,
};
use crate::keys::{self, Fresh, Issued, KeyError, Role, StoredKey};

/// How long a connection attempt may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a statement (or a turn's transaction) may wait for the server's answer: a server
/// that stopped answering (frozen, or its host gone without a reset) held an ask for the whole
/// request timeout, 120 s (an outside re-check); this makes it a 503 the client may retry.
const QUERY_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a request waits for a free connection of the pool.
const WAIT_TIMEOUT: Duration = Duration::from_secs(10);
/// Any number: the advisory lock migrations hold ("docent" in ASCII).
const MIGRATION_LOCK: i64 = 0x646f_6365_6e74;

/// The PostgreSQL implementation of [`Store`].
pub struct Postgres {
    name: String,
    pool: Pool,
}

/// `url` (or a `key=value` string) without its password, as messages show it.
pub fn redact(url: &str) -> String {
    docent_core::without_secrets(url)
}

/// The name messages give a parsed configuration: `postgres://user@host:port/database`.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let db = config.get_dbname().unwrap_or(user);
    format!("postgres://{user}@{host}:{port}/{db}")
}

/// A tokio-postgres error with its causes (its own text is often only "db error").
pub(crate) fn message(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = format!("{}: {}", db.severity(), db.message());
        if let Some(d) = db.detail() {
            m.push_str(&format!(" ({d})"));
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        m.push_str(&format!(": {s}"));
        source = s.source();
    }
    m
}

/// Why a connection could not be had, with what to check: the server's own refusal (a wrong
/// password, a database that does not exist) names what to fix; no answer at all is
/// unreachable, which a retry may mend.
fn pool_cause(e: PoolError) -> Cause {
    match e {
        PoolError::Backend(e) => match e.as_db_error() {
            Some(db) => Cause::Postgres(format!("{}{}", message(&e), refusal_hint(db.code()))),
            None => Cause::Unreachable(format!(
                "{} (is the server running and reachable?)",
                message(&e)
            )),
        },
        PoolError::Timeout(deadpool_postgres::TimeoutType::Wait) => Cause::Unreachable(format!(
            "no free connection within {} s (raise [server] database_pool or lower the load)",
            WAIT_TIMEOUT.as_secs()
        )),
        PoolError::Timeout(_) => Cause::Unreachable(format!(
            "no answer within {} s (is the server running and reachable?)",
            CONNECT_TIMEOUT.as_secs()
        )),
        other => Cause::Unreachable(other.to_string()),
    }
}

/// What to check when the server refused a connection or a statement with `code`.
fn refusal_hint(code: &tokio_postgres::error::SqlState) -> &'static str {
    use tokio_postgres::error::SqlState;
    if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
    {
        " (check the user and password in [server] database_url)"
    } else if *code == SqlState::INVALID_CATALOG_NAME {
        " (create that database, or fix its name in [server] database_url)"
    } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        " (the user needs to be allowed to create tables in the database: GRANT CREATE ON SCHEMA public TO the user, or make it the database's owner)"
    } else if *code == SqlState::TOO_MANY_CONNECTIONS {
        " (the server's max_connections is reached: lower [server] database_pool on each server)"
    } else {
        ""
    }
}

impl Postgres {
    /// A turn (and its unanswered row), after its conversation's row when `start` names the
    /// index to start it on, in one transaction that gives up after [`QUERY_TIMEOUT`].
    async fn insert_turn(
        &self,
        start: Option<&str>,
        conversation: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64> {
        self.bounded(async {
            let citations = serde_json::to_string(&answer.citations).unwrap_or_default();
            let at = now();
            let confidence = answer.confidence as f64;
            let mut c = self.client().await?;
            let tx = c.transaction().await.map_err(|e| self.fail(e))?;
            if let Some(index) = start {
                tx.execute(
                    "INSERT INTO conversations (id, audience, created_at, index_name)
                     VALUES ($1, $2, $3, $4)",
                    &[&conversation, &audience.as_str(), &at, &index],
                )
                .await
                .map_err(|e| self.fail(e))?;
            }
            let row = tx
                .query_one(
                    "INSERT INTO turns (conversation_id, question, resolved_question, answer, answered,
                       confidence, citations, composer, latency_ms, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    &[
                        &conversation,
                        &answer.question,
                        &answer.resolved_question,
                        &answer.text,
                        &answer.answered,
                        &confidence,
                        &citations,
                        &answer.composer.as_str(),
                        &latency_ms,
                        &at,
                    ],
                )
                .await
                .map_err(|e| self.fail(e))?;
            let id: i64 = row.get(0);
            if !answer.answered {
                tx.execute(
                    "INSERT INTO unanswered (turn_id, question, audience, confidence, created_at)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&id, &answer.question, &audience.as_str(), &confidence, &at],
                )
                .await
                .map_err(|e| self.fail(e))?;
            }
            tx.commit().await.map_err(|e| self.fail(e))?;
            Ok(id)
        })
        .await
    }

    /// Connects to the database at `url` (a `postgres://` URL or a `key=value` string) with a
    /// pool of at most `pool` connections, and brings its schema up to date. Fails with the
    /// reason for a malformed URL, an unreachable server, refused credentials, or a schema
    /// newer than this binary.
    pub async fn connect(url: &str, pool: usize) -> Result<Postgres> {
        let shown = redact(url);
        let bad_url = |m: String| DbError::new(&shown, Cause::Url(m));
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(bad_url(
                "[server] database_url must be a PostgreSQL URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE (leave it empty for the SQLite file in [server] db)".into(),
            ));
        }
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            bad_url(format!(
                "[server] database_url is not a valid PostgreSQL URL ({}): use postgres://USER:PASSWORD@HOST:PORT/DATABASE",
                message(&e)
            ))
        })?;
        if config.get_ssl_mode() == SslMode::Require {
            return Err(bad_url(
                "sslmode=require: this docent connects without TLS; drop sslmode (or use sslmode=disable) and keep the database on a private network".into(),
            ));
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("docent");
        }
        let name = describe(&config);
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(pool.max(1))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(WAIT_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT + Duration::from_secs(1)))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| DbError::new(&name, Cause::Postgres(e.to_string())))?;
        let pg = Postgres { name, pool };
        pg.migrate().await?;
        Ok(pg)
    }

    fn fail(&self, e: tokio_postgres::Error) -> DbError {
        let cause = match e.as_db_error() {
            Some(db) => Cause::Postgres(format!("{}{}", message(&e), refusal_hint(db.code()))),
            // The connection broke under the statement (the server stopped or went away).
            None if e.is_closed() => Cause::Unreachable(message(&e)),
            None => Cause::Postgres(message(&e)),
        };
        DbError::new(&self.name, cause)
    }

    async fn client(&self) -> Result<Object> {
        self.pool
            .get()
            .await
            .map_err(|e| DbError::new(&self.name, pool_cause(e)))
    }

    /// Applies the migrations this database lacks, in one transaction under an advisory lock.
    async fn migrate(&self) -> Result<()> {
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(|e| self.fail(e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(|e| self.fail(e))?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS docent_schema (version BIGINT NOT NULL)")
            .await
            .map_err(|e| self.fail(e))?;
        let version: i64 = match tx
            .query_opt("SELECT version FROM docent_schema", &[])
            .await
            .map_err(|e| self.fail(e))?
        {
            Some(row) => row.get(0),
            None => {
                tx.execute("INSERT INTO docent_schema (version) VALUES (0)", &[])
                    .await
                    .map_err(|e| self.fail(e))?;
                0
            }
        };
        if version > schema::VERSION {
            return Err(DbError::new(&self.name, Cause::Schema(newer(version))));
        }
        for sql in schema::POSTGRES.iter().skip(version as usize) {
            tx.batch_execute(sql).await.map_err(|e| self.fail(e))?;
        }
        tx.execute("UPDATE docent_schema SET version = $1", &[&schema::VERSION])
            .await
            .map_err(|e| self.fail(e))?;
        tx.commit().await.map_err(|e| self.fail(e))
    }

    /// One row (or none) of `sql`.
    async fn one(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Option<Row>> {
        self.bounded(async {
            let c = self.client().await?;
            let st = c.prepare_cached(sql).await.map_err(|e| self.fail(e))?;
            c.query_opt(&st, params).await.map_err(|e| self.fail(e))
        })
        .await
    }

    /// Every row of `sql`.
    async fn all(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        self.bounded(async {
            let c = self.client().await?;
            let st = c.prepare_cached(sql).await.map_err(|e| self.fail(e))?;
            c.query(&st, params).await.map_err(|e| self.fail(e))
        })
        .await
    }

    /// Rows changed by `sql`.
    async fn exec(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<u64> {
        self.bounded(async {
            let c = self.client().await?;
            let st = c.prepare_cached(sql).await.map_err(|e| self.fail(e))?;
            c.execute(&st, params).await.map_err(|e| self.fail(e))
        })
        .await
    }

    /// `work`, or an unreachable server's error when it has no answer within
    /// [`QUERY_TIMEOUT`].
    async fn bounded<T>(&self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        match tokio::time::timeout(QUERY_TIMEOUT, work).await {
            Ok(done) => done,
            Err(_) => Err(DbError::new(
                &self.name,
                Cause::Unreachable(format!(
                    "no answer within {} s (is the server running and responsive?)",
                    QUERY_TIMEOUT.as_secs()
                )),
            )),
        }
    }

    /// The pool, for the copy from SQLite.
    pub(crate) async fn connection(&self) -> Result<Object> {
        self.client().await
    }

    /// The error for `e` on this database.
    pub(crate) fn error(&self, e: tokio_postgres::Error) -> DbError {
        self.fail(e)
    }
}

const KEY_COLUMNS: &str =
    "id, name, role, audience, origins, created_at, expires_at, revoked_at, replaced_by";

fn key_row(r: &Row) -> StoredKey {
    let role: String = r.get(2);
    let audience: String = r.get(3);
    let origins: String = r.get(4);
    StoredKey {
        id: r.get(0),
        name: r.get(1),
        role: Role::parse(&role).unwrap_or(Role::Widget),
        audience: Audience::parse(&audience).unwrap_or(Audience::Public),
        origins: serde_json::from_str(&origins).unwrap_or_default(),
        created_at: r.get(5),
        expires_at: r.get(6),
        revoked_at: r.get(7),
        replaced_by: r.get(8),
    }
}

async fn insert_key(
    c: &impl GenericClient,
    key: &StoredKey,
    hash: &str,
) -> Result<u64, tokio_postgres::Error> {
    let origins = serde_json::to_string(&key.origins).unwrap_or_else(|_| "[]".into());
    c.execute(
        "INSERT INTO api_keys (id, name, role, audience, origins, hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &key.id,
            &key.name,
            &key.role.as_str(),
            &key.audience.as_str(),
            &origins,
            &hash,
            &key.created_at,
            &key.expires_at,
        ],
    )
    .await
}

#[async_trait]
impl Store for Postgres {
    fn name(&self) -> &str {
        &self.name
    }

    async fn version(&self) -> Result<i64> {
        let row = self.one("SELECT version FROM docent_schema", &[]).await?;
        Ok(row.map(|r| r.get(0)).unwrap_or(0))
    }

    async fn conversation(&self, id: &str) -> Result<Option<Held>> {
        let row = self
            .one(
                "SELECT audience, index_name FROM conversations WHERE id = $1",
                &[&id],
            )
            .await?;
        Ok(row.and_then(|r| {
            Audience::parse(r.get::<_, &str>(0)).map(|audience| Held {
                audience,
                index: r.get(1),
            })
        }))
    }

    async fn create_conversation(&self, id: &str, audience: Audience, index: &str) -> Result<()> {
        self.exec(
            "INSERT INTO conversations (id, audience, created_at, index_name)
             VALUES ($1, $2, $3, $4)",
            &[&id, &audience.as_str(), &now(), &index],
        )
        .await
        .map(|_| ())
    }

    async fn claim_conversation(&self, id: &str, index: &str) -> Result<()> {
        self.exec(
            "UPDATE conversations SET index_name = $2 WHERE id = $1 AND index_name IS NULL",
            &[&id, &index],
        )
        .await
        .map(|_| ())
    }

    async fn conversation_indexes(&self) -> Result<Vec<(Option<String>, i64)>> {
        let rows = self
            .all(
                "SELECT index_name, COUNT(*) FROM conversations c
                 WHERE EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)
                 GROUP BY index_name ORDER BY COUNT(*) DESC, index_name IS NULL, index_name",
                &[],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn history(&self, conversation: &str, limit: usize) -> Result<Vec<String>> {
        let rows = self
            .all(
                "SELECT resolved_question FROM turns WHERE conversation_id = $1
                 ORDER BY id DESC LIMIT $2",
                &[&conversation, &(limit as i64)],
            )
            .await?;
        Ok(rows.iter().rev().map(|r| r.get(0)).collect())
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
        let row = self
            .one("SELECT conversation_id FROM turns WHERE id = $1", &[&turn])
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn totals(&self) -> Result<Totals> {
        let row = self
            .one(
                "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM turns),
                        (SELECT COUNT(*) FROM feedback), (SELECT COUNT(*) FROM handoffs),
                        (SELECT COUNT(*) FROM quizzes), (SELECT COUNT(*) FROM api_keys)",
                &[],
            )
            .await?;
        Ok(row
            .map(|r| Totals {
                conversations: r.get(0),
                turns: r.get(1),
                feedback: r.get(2),
                handoffs: r.get(3),
                quizzes: r.get(4),
                keys: r.get(5),
            })
            .unwrap_or_default())
    }

    async fn record_feedback(
        &self,
        turn: i64,
        helpful: bool,
        comment: Option<&str>,
    ) -> Result<i64> {
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(|e| self.fail(e))?;
        // FOR UPDATE: a second vote on the turn waits here, then replaces this one.
        tx.query_opt("SELECT id FROM turns WHERE id = $1 FOR UPDATE", &[&turn])
            .await
            .map_err(|e| self.fail(e))?;
        tx.execute("DELETE FROM feedback WHERE turn_id = $1", &[&turn])
            .await
            .map_err(|e| self.fail(e))?;
        let row = tx
            .query_opt(
                "INSERT INTO feedback (turn_id, helpful, comment, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
                &[&turn, &helpful, &comment, &now()],
            )
            .await
            .map_err(|e| self.fail(e))?;
        tx.commit().await.map_err(|e| self.fail(e))?;
        Ok(row.map(|r| r.get(0)).unwrap_or_default())
    }

    async fn typed_texts(
        &self,
        field: TypedField,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let (table, column) = field.column();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .all(
                &format!(
                    "SELECT id, {column} FROM {table}
                     WHERE id > $1 AND {column} IS NOT NULL AND {column} <> '' ORDER BY id LIMIT $2"
                ),
                &[&after, &limit],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn rewrite_typed(&self, field: TypedField, id: i64, text: &str) -> Result<()> {
        let (table, column) = field.column();
        let c = self.client().await?;
        c.execute(
            &format!("UPDATE {table} SET {column} = $2 WHERE id = $1"),
            &[&id, &text],
        )
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn transcript(&self, conversation: &str) -> Result<Vec<Turn>> {
        let rows = self
            .all(
                "SELECT id, question, resolved_question, answer, answered, citations, created_at
                 FROM turns WHERE conversation_id = $1 ORDER BY id",
                &[&conversation],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Turn {
                id: r.get(0),
                question: r.get(1),
                resolved_question: r.get(2),
                answer: r.get(3),
                answered: r.get(4),
                citations: serde_json::from_str(r.get::<_, &str>(5)).unwrap_or_default(),
                created_at: r.get(6),
            })
            .collect())
    }

    async fn record_handoff(&self, conversation: &str) -> Result<i64> {
        let row = self
            .one(
                "INSERT INTO handoffs (conversation_id, created_at) VALUES ($1, $2) RETURNING id",
                &[&conversation, &now()],
            )
            .await?;
        Ok(row.map(|r| r.get(0)).unwrap_or_default())
    }

    async fn unanswered(&self, limit: usize, index: OnIndex<'_>) -> Result<Vec<Unanswered>> {
        let rows = self
            .all(
                "SELECT u.question, u.audience, u.confidence, u.created_at FROM unanswered u
                 JOIN turns t ON t.id = u.turn_id JOIN conversations c ON c.id = t.conversation_id
                 WHERE ($2::text IS NULL OR c.index_name IS NULL OR c.index_name = $2::text) ORDER BY u.id DESC LIMIT $1",
                &[&(limit as i64), &index.name()],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    async fn negative_feedback(
        &self,
        limit: usize,
        index: OnIndex<'_>,
    ) -> Result<Vec<(i64, String, String)>> {
        let rows = self
            .all(
                "SELECT f.id, t.question, f.created_at FROM feedback f JOIN turns t ON t.id = f.turn_id
                 JOIN conversations c ON c.id = t.conversation_id
                 WHERE NOT f.helpful AND ($2::text IS NULL OR c.index_name IS NULL OR c.index_name = $2::text) ORDER BY f.id DESC LIMIT $1",
                &[&(limit as i64), &index.name()],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    async fn feedback_for(&self, turn: i64) -> Result<Vec<(bool, Option<String>)>> {
        let rows = self
            .all(
                "SELECT helpful, comment FROM feedback WHERE turn_id = $1 ORDER BY id",
                &[&turn],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn save_quiz(
        &self,
        quiz: &docent_quiz::Quiz,
        audience: Audience,
        owner: &str,
    ) -> Result<()> {
        let validation = serde_json::to_string(&quiz.validation).unwrap_or_default();
        let at = now();
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(|e| self.fail(e))?;
        tx.execute(
            "INSERT INTO quizzes (id, title, scope, generator, validation, created_at, updated_at, audience, owner)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)",
            &[&quiz.id, &quiz.title, &quiz.scope, &quiz.generator, &validation, &at, &audience.as_str(), &owner],
        )
        .await
        .map_err(|e| self.fail(e))?;
        for (pos, it) in quiz.items.iter().enumerate() {
            tx.execute(
                "INSERT INTO quiz_items (quiz_id, item_id, position, status, body) VALUES ($1, $2, $3, $4, $5)",
                &[
                    &quiz.id,
                    &it.id,
                    &(pos as i64),
                    &status_text(it),
                    &serde_json::to_string(it).unwrap_or_default(),
                ],
            )
            .await
            .map_err(|e| self.fail(e))?;
        }
        tx.commit().await.map_err(|e| self.fail(e))
    }

    async fn quiz(&self, id: &str) -> Result<Option<docent_quiz::Quiz>> {
        let Some(head) = self
            .one(
                "SELECT title, scope, generator, validation FROM quizzes WHERE id = $1",
                &[&id],
            )
            .await?
        else {
            return Ok(None);
        };
        let items = self
            .all(
                "SELECT body FROM quiz_items WHERE quiz_id = $1 ORDER BY position",
                &[&id],
            )
            .await?
            .iter()
            .filter_map(|r| serde_json::from_str(r.get::<_, &str>(0)).ok())
            .collect();
        Ok(Some(docent_quiz::Quiz {
            id: id.to_string(),
            title: head.get(0),
            scope: head.get(1),
            generator: head.get(2),
            items,
            validation: serde_json::from_str(head.get::<_, &str>(3)).unwrap_or_default(),
        }))
    }

    async fn update_item(&self, quiz: &str, item: &docent_quiz::Item) -> Result<bool> {
        let body = serde_json::to_string(item).unwrap_or_default();
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(|e| self.fail(e))?;
        let n = tx
            .execute(
                "UPDATE quiz_items SET body = $3, status = $4 WHERE quiz_id = $1 AND item_id = $2",
                &[&quiz, &item.id, &body, &status_text(item)],
            )
            .await
            .map_err(|e| self.fail(e))?;
        tx.execute(
            "UPDATE quizzes SET updated_at = $2 WHERE id = $1",
            &[&quiz, &now()],
        )
        .await
        .map_err(|e| self.fail(e))?;
        tx.commit().await.map_err(|e| self.fail(e))?;
        Ok(n == 1)
    }

    async fn quiz_access(&self, id: &str) -> Result<Option<(Audience, Option<String>)>> {
        let row = self
            .one("SELECT audience, owner FROM quizzes WHERE id = $1", &[&id])
            .await?;
        Ok(row.map(|r| {
            (
                Audience::parse(r.get::<_, &str>(0)).unwrap_or(Audience::Internal),
                r.get(1),
            )
        }))
    }

    async fn quizzes(&self, audience: Audience) -> Result<Vec<QuizSummary>> {
        let visible: Vec<&str> = Audience::ALL
            .iter()
            .filter(|a| **a <= audience)
            .map(|a| a.as_str())
            .collect();
        let rows = self
            .all(
                "SELECT q.id, q.title, q.scope, q.created_at,
                        COUNT(i.item_id),
                        COUNT(i.item_id) FILTER (WHERE i.status = 'approved'),
                        COUNT(i.item_id) FILTER (WHERE i.status = 'rejected')
                 FROM quizzes q LEFT JOIN quiz_items i ON i.quiz_id = q.id
                 WHERE q.audience = ANY($1)
                 GROUP BY q.id ORDER BY q.created_at DESC, q.id",
                &[&visible],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| QuizSummary {
                id: r.get(0),
                title: r.get(1),
                scope: r.get(2),
                created_at: r.get(3),
                items: r.get::<_, i64>(4) as usize,
                approved: r.get::<_, i64>(5) as usize,
                rejected: r.get::<_, i64>(6) as usize,
            })
            .collect())
    }

    async fn key_origins(&self) -> Result<Vec<String>> {
        let rows = self
            .all(
                "SELECT origins FROM api_keys
                 WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)",
                &[&now()],
            )
            .await?;
        Ok(rows
            .iter()
            .flat_map(|r| serde_json::from_str::<Vec<String>>(r.get(0)).unwrap_or_default())
            .collect())
    }

    async fn insert_key(&self, key: &StoredKey, hash: &str) -> Result<()> {
        let c = self.client().await?;
        insert_key(&**c, key, hash)
            .await
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    async fn keys(&self) -> Result<Vec<StoredKey>> {
        let rows = self
            .all(
                &format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id"),
                &[],
            )
            .await?;
        Ok(rows.iter().map(key_row).collect())
    }

    async fn key(&self, id: &str) -> Result<Option<StoredKey>> {
        let row = self
            .one(
                &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1"),
                &[&id],
            )
            .await?;
        Ok(row.as_ref().map(key_row))
    }

    async fn key_with_hash(&self, hash: &str) -> Result<Option<StoredKey>> {
        let row = self
            .one(
                &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE hash = $1"),
                &[&hash],
            )
            .await?;
        Ok(row.as_ref().map(key_row))
    }

    async fn revoke_key(&self, id: &str) -> Result<bool> {
        self.exec(
            "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &now()],
        )
        .await
        .map(|n| n > 0)
    }

    async fn rotate_key_to(
        &self,
        id: &str,
        grace_hours: u32,
        fresh: Fresh,
    ) -> Result<Option<Issued>, KeyError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await.map_err(|e| self.fail(e))?;
        // FOR UPDATE: a concurrent rotation of the same key waits here until this one commits.
        let old = tx
            .query_opt(
                &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE"),
                &[&id],
            )
            .await
            .map_err(|e| self.fail(e))?;
        let Some(old) = old.as_ref().map(key_row) else {
            return Ok(None);
        };
        let successor = match &old.replaced_by {
            Some(s) => tx
                .query_opt(
                    &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE"),
                    &[s],
                )
                .await
                .map_err(|e| self.fail(e))?
                .as_ref()
                .map(key_row),
            None => None,
        };
        let Some((issued, until)) = keys::rotation(&old, successor.as_ref(), grace_hours, fresh)?
        else {
            return Ok(None);
        };
        insert_key(&*tx, &issued.key, &keys::hash(&issued.secret))
            .await
            .map_err(|e| self.fail(e))?;
        tx.execute(
            "UPDATE api_keys SET expires_at = $2, replaced_by = $3 WHERE id = $1",
            &[&id, &until, &issued.key.id],
        )
        .await
        .map_err(|e| self.fail(e))?;
        tx.commit().await.map_err(|e| self.fail(e))?;
        Ok(Some(issued))
    }

    async fn analytics_turns(
        &self,
        from: &str,
        to: &str,
        index: OnIndex<'_>,
    ) -> Result<Vec<TurnRow>> {
        let rows = self
            .all(
                "SELECT t.id, t.conversation_id, t.created_at, t.answered, t.latency_ms, t.citations,
                        (SELECT COUNT(*) FROM feedback f WHERE f.turn_id = t.id AND f.helpful),
                        (SELECT COUNT(*) FROM feedback f WHERE f.turn_id = t.id AND NOT f.helpful),
                        EXISTS (SELECT 1 FROM handoffs h
                                WHERE h.conversation_id = t.conversation_id
                                  AND h.created_at >= t.created_at)
                 FROM turns t JOIN conversations c ON c.id = t.conversation_id
                 WHERE t.created_at >= $1 AND t.created_at < $2 AND ($3::text IS NULL OR c.index_name IS NULL OR c.index_name = $3::text)
                 ORDER BY t.created_at, t.id",
                &[&from, &to, &index.name()],
            )
            .await?;
        let votes = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(rows
            .iter()
            .map(|r| TurnRow {
                id: r.get(0),
                conversation: r.get(1),
                created_at: r.get(2),
                answered: r.get(3),
                latency_ms: r.get(4),
                citations: r.get(5),
                votes: (votes(r.get(6)), votes(r.get(7))),
                handed_off_after: r.get(8),
            })
            .collect())
    }

    async fn analytics_handoffs(
        &self,
        from: &str,
        to: &str,
        index: OnIndex<'_>,
    ) -> Result<Vec<HandoffRow>> {
        let rows = self
            .all(
                "SELECT h.conversation_id, h.created_at FROM handoffs h
                 JOIN conversations c ON c.id = h.conversation_id
                 WHERE h.created_at >= $1 AND h.created_at < $2 AND ($3::text IS NULL OR c.index_name IS NULL OR c.index_name = $3::text)
                 ORDER BY h.created_at, h.id",
                &[&from, &to, &index.name()],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| HandoffRow {
                conversation: r.get(0),
                created_at: r.get(1),
            })
            .collect())
    }

    async fn analytics_unanswered(
        &self,
        from: &str,
        to: &str,
        newest: usize,
        index: OnIndex<'_>,
    ) -> Result<Vec<(String, String)>> {
        let newest = i64::try_from(newest).unwrap_or(i64::MAX);
        let rows = self
            .all(
                "WITH held AS (
                     SELECT u.id, u.question, u.created_at FROM unanswered u
                     JOIN turns t ON t.id = u.turn_id JOIN conversations c ON c.id = t.conversation_id
                     WHERE u.created_at >= $1 AND u.created_at < $2 AND ($4::text IS NULL OR c.index_name IS NULL OR c.index_name = $4::text))
                 SELECT question, created_at FROM held
                 WHERE question IN (
                     SELECT question FROM held
                     GROUP BY question ORDER BY COUNT(*) DESC, MAX(created_at) DESC, MAX(id) DESC LIMIT $3)
                 ORDER BY created_at, id",
                &[&from, &to, &newest, &index.name()],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn analytics_span(&self, index: OnIndex<'_>) -> Result<Option<(String, String)>> {
        let row = self
            .one(
                "SELECT MIN(t.created_at), MAX(t.created_at) FROM turns t
                 JOIN conversations c ON c.id = t.conversation_id WHERE ($1::text IS NULL OR c.index_name IS NULL OR c.index_name = $1::text)",
                &[&index.name()],
            )
            .await?;
        Ok(row.and_then(|r| {
            r.get::<_, Option<String>>(0)
                .zip(r.get::<_, Option<String>>(1))
        }))
    }

    async fn dismiss(
        &self,
        label: &str,
        key: &str,
        reason: Option<&str>,
        by: &str,
        index: &str,
    ) -> Result<i64> {
        let row = self
            .one(
                "INSERT INTO dismissed_topics (label, centroid, reason, created_by, created_at, index_name)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[&label, &key, &reason, &by, &now(), &index],
            )
            .await?;
        Ok(row.map(|r| r.get(0)).unwrap_or_default())
    }

    async fn dismissed(&self, index: OnIndex<'_>) -> Result<Vec<DismissedRow>> {
        let rows = self
            .all(
                "SELECT id, label, centroid, reason, created_by, created_at
                 FROM dismissed_topics
                 WHERE ($1::text IS NULL OR index_name IS NULL OR index_name = $1::text)
                 ORDER BY id",
                &[&index.name()],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| DismissedRow {
                id: r.get(0),
                label: r.get(1),
                key: r.get(2),
                reason: r.get(3),
                created_by: r.get(4),
                created_at: r.get(5),
            })
            .collect())
    }

    async fn undismiss(&self, id: i64, index: OnIndex<'_>) -> Result<bool> {
        self.exec(
            "DELETE FROM dismissed_topics
             WHERE id = $1 AND ($2::text IS NULL OR index_name IS NULL OR index_name = $2::text)",
            &[&id, &index.name()],
        )
        .await
        .map(|n| n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgres://docent:s3cret@db.internal:5432/docent"),
            "postgres://docent:***@db.internal:5432/docent"
        );
        assert_eq!(
            redact("postgres://docent@db.internal/docent"),
            "postgres://docent@db.internal/docent"
        );
        let e = crate::db::block_on(Postgres::connect(
            "mysql://root:hunter2@localhost/docent",
            1,
        ))
        .err()
        .unwrap()
        .to_string();
        assert!(
            e.contains("must be a PostgreSQL URL") && !e.contains("hunter2"),
            "{e}"
        );
        let e = crate::db::block_on(Postgres::connect(
            "postgres://u:hunter2@localhost:notaport/db",
            1,
        ))
        .err()
        .unwrap()
        .to_string();
        assert!(
            e.contains("not a valid PostgreSQL URL") && !e.contains("hunter2"),
            "{e}"
        );
    }

    #[test]
    fn an_unreachable_server_is_named_with_what_to_check() {
        // A port nothing listens on: bind one, then close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("postgres://docent:pw@127.0.0.1:{port}/docent");
        let e = crate::db::block_on(Postgres::connect(&url, 1))
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains(&format!("postgres://docent@127.0.0.1:{port}/docent"))
                && e.contains("is the server running and reachable?")
                && !e.contains(":pw@"),
            "{e}"
        );
    }
}
