//! The state database: conversations, their turns, feedback, unanswered questions, hand-offs,
//! quiz drafts and API keys, behind one [`Store`] trait with two implementations.
//!
//! | implementation | chosen by | what |
//! |---|---|---|
//! | [`Sqlite`] | `[server] database_url` empty (the default) | one file (`[server] db`), WAL, one connection: the embedded default for one host |
//! | [`Postgres`] | `[server] database_url = "postgres://..."` | a pool of connections to a PostgreSQL server that several Docent servers, on several hosts, share |
//!
//! Both apply the same numbered migrations ([`schema`]) and refuse a database whose schema is
//! newer than the binary. Every write that touches several rows is one transaction, so an
//! acknowledged write is whole and a failed one leaves nothing behind.
//!
//! The trait is async. PostgreSQL is reached through tokio-postgres (pooled by deadpool);
//! SQLite's calls run on tokio's blocking pool, never on an async worker thread. Synchronous
//! callers (the command line, tests) wait with [`block_on`].
//!
//! Proves (see `contract.rs`, run against SQLite always and against PostgreSQL when
//! `TEST_POSTGRES_URL` is set): 1. migrations run once, a reopened database keeps its
//! rows and a newer schema is refused; 2. a conversation's history comes back in order;
//! 3. feedback on an unknown turn is refused; 4. quizzes are listed by audience and items
//! edited in place; 5. keys are found by hash only while active, and a rotation is whole;
//! 6. concurrent writers lose nothing; 7. the analytics rows are the turns, votes, hand-offs
//! and declined questions of their range; 8. "not a gap" marks are stored, listed and removed;
//! 9. stored texts are redacted again in place; 10. a turn holds one vote, by the database's
//! own unique index, and an older database keeps the newest of each turn's votes.

pub mod analytics;
mod copy;
pub mod dismissed;
mod key_store;
mod postgres;
mod schema;
pub mod scratch;
pub mod signals;
mod sqlite;

#[cfg(test)]
mod contract;

use std::future::Future;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use docent_core::{Answer, Audience, Citation};
use serde::Serialize;

pub use self::analytics::{HandoffRow, TurnRow};
pub use self::copy::{copy_sqlite_to_postgres, Copied};
pub use self::dismissed::DismissedRow;
pub use self::postgres::{redact, Postgres};
pub use self::schema::VERSION as SCHEMA_VERSION;
pub use self::sqlite::Sqlite;
pub use crate::error::{Cause, DbError};
use crate::keys::{Fresh, Issued, KeyError, StoredKey};

type Result<T, E = DbError> = std::result::Result<T, E>;

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

/// An unanswered question: (question, audience, confidence, when).
pub type Unanswered = (String, String, f64, String);

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// Conversations.
    pub conversations: i64,
    /// Turns.
    pub turns: i64,
    /// Feedback rows.
    pub feedback: i64,
    /// Hand-offs.
    pub handoffs: i64,
    /// Quiz drafts.
    pub quizzes: i64,
    /// Stored keys.
    pub keys: i64,
}

/// The state database's operations. Implemented by [`Sqlite`] and [`Postgres`]; the server
/// holds one behind a [`Db`].
#[async_trait]
pub trait Store: Send + Sync {
    /// The database as messages name it: its file, or its URL without the password.
    fn name(&self) -> &str;

    /// The schema version.
    async fn version(&self) -> Result<i64>;

    /// The audience a conversation was started for and the index it is held on, if it exists.
    async fn conversation(&self, id: &str) -> Result<Option<Held>>;

    /// Starts a conversation on the index named `index` (the folder name the server serves).
    async fn create_conversation(&self, id: &str, audience: Audience, index: &str) -> Result<()>;

    /// Records `index` as the index of conversation `id` when it has none (one started before
    /// conversations recorded theirs, continued now): from then on it is that index's alone.
    async fn claim_conversation(&self, id: &str, index: &str) -> Result<()>;

    /// Conversations per index they were held on, by name (`None`: conversations from before
    /// the index was recorded), most first; conversations with a turn only.
    async fn conversation_indexes(&self) -> Result<Vec<(Option<String>, i64)>>;

    /// Resolved questions of a conversation, oldest first (at most the last `limit`).
    async fn history(&self, conversation: &str, limit: usize) -> Result<Vec<String>>;

    /// Records a turn (and the question as unanswered when the tutor abstained), in one
    /// transaction; returns its id.
    async fn record_turn(
        &self,
        conversation: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64>;

    /// Starts conversation `id` on the index `index` with its first turn, in one transaction
    /// (an ask that fails stores nothing, not an empty conversation); returns the turn's id.
    async fn start_with_turn(
        &self,
        id: &str,
        index: &str,
        audience: Audience,
        answer: &Answer,
        latency_ms: f64,
    ) -> Result<i64>;

    /// The conversation a turn belongs to.
    async fn turn_conversation(&self, turn: i64) -> Result<Option<String>>;

    /// Row counts of the main tables.
    async fn totals(&self) -> Result<Totals>;

    /// Records feedback on a turn (refused when there is no such turn); returns its id. A turn
    /// holds one vote: a later one replaces the earlier (a customer who changes their mind, or
    /// a client that repeats itself, counts once).
    async fn record_feedback(&self, turn: i64, helpful: bool, comment: Option<&str>)
        -> Result<i64>;

    /// Every turn of a conversation, oldest first.
    async fn transcript(&self, conversation: &str) -> Result<Vec<Turn>>;

    /// Up to `limit` rows of `field` (what customers typed) with ids above `after`, by id:
    /// (id, text). Rows where the field is empty (a vote without a comment) are left out.
    async fn typed_texts(
        &self,
        field: TypedField,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>>;

    /// Replaces the text of `field` in row `id`.
    async fn rewrite_typed(&self, field: TypedField, id: i64, text: &str) -> Result<()>;

    /// Records a hand-off; returns its id.
    async fn record_handoff(&self, conversation: &str) -> Result<i64>;

    /// Unanswered questions asked on `index` (see [`OnIndex`]), newest first (the gap report
    /// reads these).
    async fn unanswered(&self, limit: usize, index: OnIndex<'_>) -> Result<Vec<Unanswered>>;

    /// Questions asked on `index` whose answer was marked not helpful: (feedback id, question,
    /// when), newest first.
    async fn negative_feedback(
        &self,
        limit: usize,
        index: OnIndex<'_>,
    ) -> Result<Vec<(i64, String, String)>>;

    /// Feedback rows of a turn: (helpful, comment), oldest first.
    async fn feedback_for(&self, turn: i64) -> Result<Vec<(bool, Option<String>)>>;

    /// Stores a new quiz draft with its items (one transaction), visible to keys whose
    /// audience covers `audience` (the strictest of its sources) and editable by `owner` (a
    /// key id) and admins.
    async fn save_quiz(
        &self,
        quiz: &docent_quiz::Quiz,
        audience: Audience,
        owner: &str,
    ) -> Result<()>;

    /// A stored quiz with its items in order.
    async fn quiz(&self, id: &str) -> Result<Option<docent_quiz::Quiz>>;

    /// Replaces one item of a quiz; false when there is no such item.
    async fn update_item(&self, quiz: &str, item: &docent_quiz::Item) -> Result<bool>;

    /// Who may see and edit a quiz: (audience, owner key id), if the quiz exists.
    async fn quiz_access(&self, id: &str) -> Result<Option<(Audience, Option<String>)>>;

    /// Every quiz a key of `audience` may see, newest first.
    async fn quizzes(&self, audience: Audience) -> Result<Vec<QuizSummary>>;

    /// Origins of the stored keys that work now (for CORS).
    async fn key_origins(&self) -> Result<Vec<String>>;

    /// Stores a new key with the hash of its secret.
    async fn insert_key(&self, key: &StoredKey, hash: &str) -> Result<()>;

    /// Every stored key, newest first.
    async fn keys(&self) -> Result<Vec<StoredKey>>;

    /// One stored key.
    async fn key(&self, id: &str) -> Result<Option<StoredKey>>;

    /// The stored key whose secret hashes to `hash`, active or not.
    async fn key_with_hash(&self, hash: &str) -> Result<Option<StoredKey>>;

    /// Revokes a key now; false when there is no such key or it was already revoked.
    async fn revoke_key(&self, id: &str) -> Result<bool>;

    /// Rotates the active key `id` to `fresh` (see [`crate::keys::rotation`]): the new key and
    /// the old key's new end in one transaction that reads the old key first, so concurrent
    /// rotations never interleave. `None` when there is no active key `id`.
    async fn rotate_key_to(
        &self,
        id: &str,
        grace_hours: u32,
        fresh: Fresh,
    ) -> Result<Option<Issued>, KeyError>;

    /// Turns on `index` created in `[from, to)` (RFC 3339 bounds), oldest first, with their
    /// votes and whether a hand-off followed them in their conversation.
    async fn analytics_turns(
        &self,
        from: &str,
        to: &str,
        index: OnIndex<'_>,
    ) -> Result<Vec<TurnRow>>;

    /// Hand-offs on `index` made in `[from, to)`, oldest first.
    async fn analytics_handoffs(
        &self,
        from: &str,
        to: &str,
        index: OnIndex<'_>,
    ) -> Result<Vec<HandoffRow>>;

    /// Every time one of the `distinct` most declined questions of `[from, to)` (as stored,
    /// redacted; ties go to the most recent) was declined in it: (question, when), oldest
    /// first. A flood of questions asked once each cannot push out those asked again and again.
    async fn analytics_unanswered(
        &self,
        from: &str,
        to: &str,
        distinct: usize,
        index: OnIndex<'_>,
    ) -> Result<Vec<(String, String)>>;

    /// The oldest and newest times of turns on `index`, if any exists.
    async fn analytics_span(&self, index: OnIndex<'_>) -> Result<Option<(String, String)>>;

    /// Stores a "not a gap" mark on a topic (its label and centroid key) of `index`'s report,
    /// by the key `by`; returns its id.
    async fn dismiss(
        &self,
        label: &str,
        key: &str,
        reason: Option<&str>,
        by: &str,
        index: &str,
    ) -> Result<i64>;

    /// The "not a gap" marks made on `index`'s report (and those from before marks recorded
    /// their index), oldest first.
    async fn dismissed(&self, index: OnIndex<'_>) -> Result<Vec<DismissedRow>>;

    /// Removes a mark of `index` (or one from before marks recorded theirs); false when there
    /// is none such with that id.
    async fn undismiss(&self, id: i64, index: OnIndex<'_>) -> Result<bool>;
}

/// A stored conversation's audience and index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The audience of the key that started it.
    pub audience: Audience,
    /// The index it was held on (`None`: started before conversations recorded it).
    pub index: Option<String>,
}

impl Held {
    /// Whether a server of the index `name` may continue it (its own, or an unrecorded one).
    pub fn on(&self, name: &str) -> bool {
        self.index.as_deref().is_none_or(|i| i == name)
    }
}

/// Which conversations a read covers. Servers of several indexes may share one database; a
/// report or the analytics of one index read the conversations held on it, and those from
/// before conversations recorded their index (schema 7), which may be any index's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnIndex<'a> {
    /// Conversations held on the index of this name (and unrecorded ones).
    Named(&'a str),
    /// Every conversation, whatever its index.
    Any,
}

impl<'a> OnIndex<'a> {
    /// The name to bind in a query's `(? IS NULL OR index_name IS NULL OR index_name = ?)`.
    pub fn name(self) -> Option<&'a str> {
        match self {
            OnIndex::Named(n) => Some(n),
            OnIndex::Any => None,
        }
    }
}

/// Which implementation a [`Db`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The embedded file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A column that holds what customers typed, redacted when it was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedField {
    /// `turns.question`.
    Question,
    /// `turns.resolved_question`: the question joined to the conversation.
    ResolvedQuestion,
    /// `unanswered.question`.
    Unanswered,
    /// `feedback.comment`.
    Comment,
}

impl TypedField {
    /// Every one.
    pub const ALL: [TypedField; 4] = [
        TypedField::Question,
        TypedField::ResolvedQuestion,
        TypedField::Unanswered,
        TypedField::Comment,
    ];

    /// (table, column).
    pub fn column(self) -> (&'static str, &'static str) {
        match self {
            TypedField::Question => ("turns", "question"),
            TypedField::ResolvedQuestion => ("turns", "resolved_question"),
            TypedField::Unanswered => ("unanswered", "question"),
            TypedField::Comment => ("feedback", "comment"),
        }
    }
}

/// What [`redact_stored`] changed: rows read and rewritten per column.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Redacted {
    /// ("table.column", rows read, rows rewritten).
    pub columns: Vec<(String, u64, u64)>,
}

/// Redacts again, with `redact`, every text customers typed that the state database holds
/// (questions, questions joined to their conversation, declined questions, feedback comments),
/// a page of 1,000 rows at a time, and writes back the rows that change: a redactor that finds
/// more than the one they were stored with (full-width forms, other scripts' digits) reaches
/// what is already stored.
pub async fn redact_stored(db: &dyn Store, redact: impl Fn(&str) -> String) -> Result<Redacted> {
    let mut out = Redacted::default();
    for field in TypedField::ALL {
        let (mut read, mut rewritten, mut after) = (0u64, 0u64, i64::MIN);
        loop {
            let page = db.typed_texts(field, after, 1_000).await?;
            let Some(last) = page.last().map(|r| r.0) else {
                break;
            };
            for (id, text) in &page {
                read += 1;
                let clean = redact(text);
                if clean != *text {
                    db.rewrite_typed(field, *id, &clean).await?;
                    rewritten += 1;
                }
            }
            after = last;
        }
        let (table, column) = field.column();
        out.columns
            .push((format!("{table}.{column}"), read, rewritten));
    }
    Ok(out)
}

/// The server's handle on its state database (cheap to clone; derefs to the [`Store`]).
#[derive(Clone)]
pub struct Db {
    store: Arc<dyn Store>,
    kind: Kind,
}

impl Deref for Db {
    type Target = dyn Store;

    fn deref(&self) -> &Self::Target {
        self.store.as_ref()
    }
}

impl Db {
    /// The database `[server]` names: PostgreSQL at `database_url` when it is set, otherwise
    /// the SQLite file `db`. Connects, and brings the schema up to date.
    pub fn open(server: &docent_core::ServerConfig) -> Result<Db> {
        if server.database_url.trim().is_empty() {
            Db::sqlite(Path::new(&server.db))
        } else {
            Db::postgres(server.database_url.trim(), server.database_pool)
        }
    }

    /// Opens (creating if needed) the SQLite database at `path`.
    pub fn sqlite(path: &Path) -> Result<Db> {
        Ok(Db {
            store: Arc::new(Sqlite::open(path)?),
            kind: Kind::Sqlite,
        })
    }

    /// Connects to PostgreSQL at `url` with a pool of at most `pool` connections. Waits on the
    /// calling thread (see [`block_on`]); async callers use [`Postgres::connect`].
    pub fn postgres(url: &str, pool: usize) -> Result<Db> {
        Ok(Db::from_postgres(block_on(Postgres::connect(url, pool))?))
    }

    /// A handle on a connected PostgreSQL store.
    pub fn from_postgres(pg: Postgres) -> Db {
        Db {
            store: Arc::new(pg),
            kind: Kind::Postgres,
        }
    }

    /// Which implementation this is.
    pub fn kind(&self) -> Kind {
        self.kind
    }
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Runs `f` to completion from synchronous code: on the current runtime when called from one
/// of its blocking threads (inside `spawn_blocking`), otherwise on a small runtime of its own
/// that lives as long as the process (so pooled connections made there keep being served).
/// Never call it on an async worker thread (tokio panics there).
pub fn block_on<F: Future>(f: F) -> F::Output {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle.block_on(f),
        Err(_) => bridge().block_on(f),
    }
}

fn bridge() -> &'static tokio::runtime::Runtime {
    static BRIDGE: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    BRIDGE.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("docent-db")
            .enable_all()
            .build()
            .expect("the operating system refused the threads of the database runtime")
    })
}
