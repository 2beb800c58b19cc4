//! `docent state`: the state database (conversations, feedback, quizzes, keys).
//! `docent state migrate --to postgres` copies the SQLite file into PostgreSQL; `docent state
//! redact` redacts what customers typed again, with this build's redactor.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::{Subcommand, ValueEnum};
use docent_state::db::{block_on, copy_sqlite_to_postgres, redact, Db, Postgres};

use crate::context::Context;

#[derive(Subcommand, Debug)]
pub enum Args {
    /// Copy the SQLite state database into an empty PostgreSQL database, every row and id
    /// kept, in one transaction; refuses a target that already holds rows (so a second run
    /// copies nothing twice). Then set `[server] database_url` on every server.
    Migrate {
        /// Where to: postgres.
        #[arg(long, value_enum)]
        to: To,
        /// The PostgreSQL database (default: [server] database_url; prefer the
        /// DOCENT_SERVER_DATABASE_URL variable to keep the password off the command line).
        #[arg(long)]
        url: Option<String>,
        /// The SQLite file to copy (default: [server] db).
        #[arg(long)]
        from: Option<PathBuf>,
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Redact again, with this build's redactor, every text customers typed that the state
    /// database holds (questions, declined questions, feedback comments): a redactor that
    /// finds more than the one they were stored with reaches them. Rows that change are
    /// rewritten; run it after an upgrade, with the servers up or down.
    Redact {
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Where a state database can be copied to.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum To {
    /// PostgreSQL.
    Postgres,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    match args {
        Args::Migrate {
            to: To::Postgres,
            url,
            from,
            json,
        } => migrate(ctx, url, from, json),
        Args::Redact { json } => redact_stored(ctx, json),
    }
}

fn redact_stored(ctx: &Context, json: bool) -> Result<ExitCode> {
    let db = docent_state::db::Db::open(&ctx.config.server)?;
    let done = block_on(docent_state::db::redact_stored(&*db, docent_ingest::redact))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&done)?);
    } else {
        println!("redacted again in {}:", docent_state::db::Store::name(&*db));
        for (column, read, rewritten) in &done.columns {
            println!("  {column:<24} {read:>9} rows read, {rewritten:>7} rewritten");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn migrate(
    ctx: &Context,
    url: Option<String>,
    from: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    let url = url.unwrap_or_else(|| ctx.config.server.database_url.clone());
    if url.trim().is_empty() {
        bail!("no PostgreSQL database to copy into: give --url postgres://USER:PASSWORD@HOST:PORT/DB or set [server] database_url (DOCENT_SERVER_DATABASE_URL)");
    }
    let from = from.unwrap_or_else(|| PathBuf::from(&ctx.config.server.db));
    let target = block_on(Postgres::connect(url.trim(), 2))?;
    let copied = block_on(copy_sqlite_to_postgres(&from, &target))
        .with_context(|| format!("copying {} into {}", from.display(), redact(url.trim())))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&copied)?);
    } else {
        println!(
            "copied {} into {} (schema version {}):",
            from.display(),
            docent_state::db::Store::name(&target),
            copied.schema_version
        );
        for (table, rows) in &copied.tables {
            println!("  {table:<14} {rows:>9} rows");
        }
        println!("next: set [server] database_url (or DOCENT_SERVER_DATABASE_URL) on every server and restart them");
    }
    Ok(ExitCode::SUCCESS)
}

/// A note for a report or the analytics of `index` when the state database also holds
/// conversations held on other indexes (servers of several indexes may share it; each reads
/// its own), naming them with their counts, so that a report run with another `--index` than
/// the server's says where its questions went.
pub fn other_indexes_note(db: &Db, index: &str) -> Result<Option<String>> {
    let counts = block_on(db.conversation_indexes())
        .with_context(|| format!("conversations of {}", db.name()))?;
    let others: Vec<String> = counts
        .iter()
        .filter_map(|(name, n)| match name {
            Some(name) if name != index => {
                Some(format!("{} ({n})", docent_core::terminal_safe(name)))
            }
            _ => None,
        })
        .collect();
    Ok((!others.is_empty()).then(|| {
        format!(
            "note: chat questions and turns of index {} only; {} also holds conversations of {}: give --index to read those",
            docent_core::terminal_safe(index),
            db.name(),
            others.join(", ")
        )
    }))
}
