//! The state database's errors: which database failed and why. A module of its own so that
//! what the database stores (keys) can carry these errors without depending on the database.

/// A database failure, naming the database (its file, or its URL without the password). Its
/// message holds the cause, which is not also its source: a chain printed by `anyhow` said
/// every cause twice (an outside probe).
#[derive(Debug, thiserror::Error)]
#[error("state database {database}: {cause}")]
pub struct DbError {
    database: String,
    cause: Cause,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Cause {
    /// SQLite refused.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused (the message carries the server's words).
    #[error("{0}")]
    Postgres(String),
    /// PostgreSQL could not be reached, or the connection broke: retrying may help.
    #[error("{0}")]
    Unreachable(String),
    /// `[server] database_url` is not a PostgreSQL URL.
    #[error("{0}")]
    Url(String),
    /// The schema is newer than this binary.
    #[error("{0}")]
    Schema(String),
    /// The task that ran the statement failed.
    #[error("{0}")]
    Task(String),
    /// The operation was refused (the message says why and what to do).
    #[error("{0}")]
    Refused(String),
}

impl DbError {
    pub(crate) fn new(database: &str, cause: impl Into<Cause>) -> DbError {
        DbError {
            database: database.to_string(),
            cause: cause.into(),
        }
    }

    /// What went wrong, without the database's name.
    pub fn cause(&self) -> &Cause {
        &self.cause
    }
}

impl docent_core::Classify for DbError {
    fn kind(&self) -> docent_core::ErrorKind {
        match self.cause {
            Cause::Sqlite(_)
            | Cause::Postgres(_)
            | Cause::Url(_)
            | Cause::Schema(_)
            | Cause::Task(_) => docent_core::ErrorKind::Internal,
            Cause::Unreachable(_) => docent_core::ErrorKind::Unavailable,
            Cause::Refused(_) => docent_core::ErrorKind::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self.cause {
            Cause::Sqlite(_) => "db.sqlite",
            Cause::Postgres(_) => "db.postgres",
            Cause::Unreachable(_) => "db.unreachable",
            Cause::Url(_) => "db.url",
            Cause::Schema(_) => "db.schema",
            Cause::Task(_) => "db.task",
            Cause::Refused(_) => "db.refused",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docent_core::{Classify, ErrorKind};

    // Outside probes: PostgreSQL down answered 500 (now 503, which a load balancer retries),
    // and a startup error printed its cause twice (message and source).
    #[test]
    fn an_unreachable_database_is_unavailable_and_said_once() {
        let e = DbError::new(
            "postgres://docent@db:5432/docent",
            Cause::Unreachable("connection refused".into()),
        );
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert_eq!(e.code(), "db.unreachable");
        let refused = DbError::new("x", Cause::Postgres("FATAL: no such database".into()));
        assert_eq!(refused.kind(), ErrorKind::Internal);
        // The message holds the cause; no source repeats it in a printed chain.
        assert!(std::error::Error::source(&e).is_none());
        assert_eq!(e.to_string().matches("connection refused").count(), 1);
    }
}
