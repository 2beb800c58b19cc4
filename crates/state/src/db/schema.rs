//! The schema, as numbered migrations in both dialects. Migration `n` of SQLite and migration
//! `n` of PostgreSQL make the same tables and columns, so a schema version means the same thing
//! in both (`docent state migrate` relies on it). SQLite records the version in
//! `PRAGMA user_version`, PostgreSQL in the one-row table `docent_schema`.
//!
//! The PostgreSQL dialect differs only where it must: identity columns instead of
//! `AUTOINCREMENT`, `BOOLEAN` and `DOUBLE PRECISION` instead of SQLite's integers and reals, and
//! `COLLATE "C"` on ids and timestamps so they sort byte-wise as in SQLite (timestamps are
//! RFC 3339 text in UTC with milliseconds in both, so text order is time order).

/// The schema version this binary writes and understands.
pub const VERSION: i64 = SQLITE.len() as i64;

/// SQLite migrations, oldest first (migration `i + 1` at index `i`).
pub const SQLITE: &[&str] = &[
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
    // 5: gap-report topics a lead marked as not a gap (label and centroid key).
    "CREATE TABLE dismissed_topics (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        label TEXT NOT NULL,
        centroid TEXT NOT NULL,
        reason TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    );",
    // 6: one vote a turn, held by the database itself (votes before one-vote-a-turn: the
    // newest of a turn's votes is kept).
    "DELETE FROM feedback WHERE id NOT IN (SELECT MAX(id) FROM feedback GROUP BY turn_id);
    CREATE UNIQUE INDEX feedback_one_vote_per_turn ON feedback (turn_id);",
    // 7: the index a conversation was held on, and the index whose report a "not a gap" mark
    // was made on, so that servers of several indexes can share one database and each index's
    // report and analytics read their own (rows from before this migration: null, read by
    // every index).
    "ALTER TABLE conversations ADD COLUMN index_name TEXT;
    ALTER TABLE dismissed_topics ADD COLUMN index_name TEXT;",
];

/// PostgreSQL migrations, the same versions as [`SQLITE`].
pub const POSTGRES: &[&str] = &[
    // 1
    r#"CREATE TABLE conversations (
        id TEXT COLLATE "C" PRIMARY KEY,
        audience TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE turns (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
        question TEXT NOT NULL,
        resolved_question TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered BOOLEAN NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        citations TEXT NOT NULL,
        composer TEXT NOT NULL,
        latency_ms DOUBLE PRECISION NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX turns_conversation ON turns(conversation_id, id);
    CREATE TABLE feedback (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        turn_id BIGINT NOT NULL REFERENCES turns(id),
        helpful BOOLEAN NOT NULL,
        comment TEXT,
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE unanswered (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        turn_id BIGINT NOT NULL REFERENCES turns(id),
        question TEXT NOT NULL,
        audience TEXT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE handoffs (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations(id),
        created_at TEXT COLLATE "C" NOT NULL
    );"#,
    // 2
    r#"CREATE TABLE quizzes (
        id TEXT COLLATE "C" PRIMARY KEY,
        title TEXT NOT NULL,
        scope TEXT NOT NULL,
        generator TEXT NOT NULL,
        validation TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE quiz_items (
        quiz_id TEXT COLLATE "C" NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
        item_id TEXT COLLATE "C" NOT NULL,
        position BIGINT NOT NULL,
        status TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (quiz_id, item_id)
    );"#,
    // 3
    r#"CREATE TABLE api_keys (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        audience TEXT NOT NULL,
        origins TEXT NOT NULL,
        hash TEXT COLLATE "C" NOT NULL UNIQUE,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C",
        revoked_at TEXT COLLATE "C",
        replaced_by TEXT COLLATE "C"
    );"#,
    // 4
    "ALTER TABLE quizzes ADD COLUMN audience TEXT NOT NULL DEFAULT 'internal';
    ALTER TABLE quizzes ADD COLUMN owner TEXT;",
    // 5
    r#"CREATE TABLE dismissed_topics (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        label TEXT NOT NULL,
        centroid TEXT NOT NULL,
        reason TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
    );"#,
    // 6
    "DELETE FROM feedback WHERE id NOT IN (SELECT MAX(id) FROM feedback GROUP BY turn_id);
    CREATE UNIQUE INDEX feedback_one_vote_per_turn ON feedback (turn_id);",
    // 7
    "ALTER TABLE conversations ADD COLUMN index_name TEXT;
    ALTER TABLE dismissed_topics ADD COLUMN index_name TEXT;",
];

/// The tables, parents before children (the order a copy inserts in), with their columns.
pub const TABLES: &[(&str, &[(&str, Column)])] = &[
    (
        "conversations",
        &[
            ("id", Column::Text),
            ("audience", Column::Text),
            ("created_at", Column::Text),
            ("index_name", Column::OptText),
        ],
    ),
    (
        "turns",
        &[
            ("id", Column::Int),
            ("conversation_id", Column::Text),
            ("question", Column::Text),
            ("resolved_question", Column::Text),
            ("answer", Column::Text),
            ("answered", Column::Bool),
            ("confidence", Column::Real),
            ("citations", Column::Text),
            ("composer", Column::Text),
            ("latency_ms", Column::Real),
            ("created_at", Column::Text),
        ],
    ),
    (
        "feedback",
        &[
            ("id", Column::Int),
            ("turn_id", Column::Int),
            ("helpful", Column::Bool),
            ("comment", Column::OptText),
            ("created_at", Column::Text),
        ],
    ),
    (
        "unanswered",
        &[
            ("id", Column::Int),
            ("turn_id", Column::Int),
            ("question", Column::Text),
            ("audience", Column::Text),
            ("confidence", Column::Real),
            ("created_at", Column::Text),
        ],
    ),
    (
        "handoffs",
        &[
            ("id", Column::Int),
            ("conversation_id", Column::Text),
            ("created_at", Column::Text),
        ],
    ),
    (
        "quizzes",
        &[
            ("id", Column::Text),
            ("title", Column::Text),
            ("scope", Column::Text),
            ("generator", Column::Text),
            ("validation", Column::Text),
            ("created_at", Column::Text),
            ("updated_at", Column::Text),
            ("audience", Column::Text),
            ("owner", Column::OptText),
        ],
    ),
    (
        "quiz_items",
        &[
            ("quiz_id", Column::Text),
            ("item_id", Column::Text),
            ("position", Column::Int),
            ("status", Column::Text),
            ("body", Column::Text),
        ],
    ),
    (
        "api_keys",
        &[
            ("id", Column::Text),
            ("name", Column::Text),
            ("role", Column::Text),
            ("audience", Column::Text),
            ("origins", Column::Text),
            ("hash", Column::Text),
            ("created_at", Column::Text),
            ("expires_at", Column::OptText),
            ("revoked_at", Column::OptText),
            ("replaced_by", Column::OptText),
        ],
    ),
    (
        "dismissed_topics",
        &[
            ("id", Column::Int),
            ("label", Column::Text),
            ("centroid", Column::Text),
            ("reason", Column::OptText),
            ("created_by", Column::Text),
            ("created_at", Column::Text),
            ("index_name", Column::OptText),
        ],
    ),
];

/// Tables whose `id` is an identity column (PostgreSQL's sequence must follow copied ids).
pub const IDENTITY_TABLES: &[&str] = &[
    "turns",
    "feedback",
    "unanswered",
    "handoffs",
    "dismissed_topics",
];

/// A column's type, as both dialects store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Text, never null.
    Text,
    /// Text or null.
    OptText,
    /// A 64-bit integer.
    Int,
    /// A truth value (an integer 0/1 in SQLite).
    Bool,
    /// A double.
    Real,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_have_the_same_versions_and_tables() {
        assert_eq!(SQLITE.len(), POSTGRES.len());
        for (table, columns) in TABLES {
            for sql in [SQLITE, POSTGRES] {
                let all = sql.join("\n");
                assert!(all.contains(&format!("TABLE {table} (")), "{table}");
                for (column, _) in *columns {
                    assert!(all.contains(&format!("{column} ")), "{table}.{column}");
                }
            }
        }
        for t in IDENTITY_TABLES {
            assert!(TABLES.iter().any(|(name, _)| name == t));
        }
    }
}
