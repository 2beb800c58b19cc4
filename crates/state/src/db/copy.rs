//! `docent state migrate --to postgres`: copies an SQLite state database into an empty
//! PostgreSQL one, table by table with every id kept, in one transaction (a failed copy leaves
//! the target empty). A target that already holds rows is refused, so running the copy twice
//! never duplicates anything.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use serde::Serialize;
use tokio_postgres::types::ToSql;

use super::schema::{self, Column};
use super::{Cause, DbError, Postgres, Sqlite};

/// Rows copied, by table (in the order they were copied).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Copied {
    /// The schema version both databases are at.
    pub schema_version: i64,
    /// (table, rows).
    pub tables: Vec<(String, u64)>,
}

/// Rows read from SQLite at a time.
const PAGE: i64 = 2_000;

/// One value as both databases take it.
#[derive(Debug)]
enum Value {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    Bool(bool),
    Real(f64),
}

impl Value {
    fn param(&self) -> &(dyn ToSql + Sync) {
        match self {
            Value::Text(v) => v,
            Value::OptText(v) => v,
            Value::Int(v) => v,
            Value::Bool(v) => v,
            Value::Real(v) => v,
        }
    }
}

/// Copies every row of the SQLite database at `source` (its schema brought up to date first,
/// as a server would) into `target`, which must hold no rows.
pub async fn copy_sqlite_to_postgres(source: &Path, target: &Postgres) -> Result<Copied, DbError> {
    let name = source.display().to_string();
    if !source.exists() {
        return Err(DbError::new(
            &name,
            Cause::Refused(
                "no such file: give the SQLite state database to copy ([server] db, or --from)"
                    .into(),
            ),
        ));
    }
    drop(Sqlite::open(source)?);
    let conn = Connection::open_with_flags(source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| DbError::new(&name, e))?;
    let conn = Arc::new(Mutex::new(conn));
    refuse_non_empty(target).await?;
    let mut client = target.connection().await?;
    let tx = client.transaction().await.map_err(|e| target.error(e))?;
    let mut copied = Vec::new();
    for (table, columns) in schema::TABLES {
        let rows = copy_table(&conn, &name, &tx, target, table, columns).await?;
        copied.push((table.to_string(), rows));
    }
    for table in schema::IDENTITY_TABLES {
        // New rows continue after the copied ids.
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM {table}"
            ),
            &[],
        )
        .await
        .map_err(|e| target.error(e))?;
    }
    tx.commit().await.map_err(|e| target.error(e))?;
    Ok(Copied {
        schema_version: schema::VERSION,
        tables: copied,
    })
}

/// Fails, naming what is there, when `target` holds any row.
async fn refuse_non_empty(target: &Postgres) -> Result<(), DbError> {
    let client = target.connection().await?;
    let mut held = Vec::new();
    for (table, _) in schema::TABLES {
        let row = client
            .query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])
            .await
            .map_err(|e| target.error(e))?;
        let n: i64 = row.get(0);
        if n > 0 {
            held.push(format!("{n} {table}"));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    Err(DbError::new(
        super::Store::name(target),
        Cause::Refused(format!(
            "already holds rows ({}): the copy goes only into an empty database, so nothing was copied (was it copied before? point --url at a new database)",
            held.join(", ")
        )),
    ))
}

/// `s` without NUL characters, which PostgreSQL's `text` cannot hold: a NUL stored in SQLite
/// before they were dropped from what people write would fail the whole copy.
fn without_nul(s: String) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s
    }
}

/// Copies one table in pages; the number of rows.
async fn copy_table(
    conn: &Arc<Mutex<Connection>>,
    source: &str,
    tx: &deadpool_postgres::Transaction<'_>,
    target: &Postgres,
    table: &'static str,
    columns: &'static [(&'static str, Column)],
) -> Result<u64, DbError> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let insert = tx
        .prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        ))
        .await
        .map_err(|e| target.error(e))?;
    let (mut after, mut total) = (i64::MIN, 0u64);
    loop {
        let page = read_page(conn.clone(), table, columns, after)
            .await
            .map_err(|e| DbError::new(source, e))?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = *last;
        for (_, row) in &page {
            let params: Vec<&(dyn ToSql + Sync)> = row.iter().map(Value::param).collect();
            tx.execute(&insert, &params)
                .await
                .map_err(|e| target.error(e))?;
        }
        total += page.len() as u64;
    }
    Ok(total)
}

/// Up to [`PAGE`] rows of `table` after `rowid`, with their rowids.
async fn read_page(
    conn: Arc<Mutex<Connection>>,
    table: &'static str,
    columns: &'static [(&'static str, Column)],
    after: i64,
) -> Result<Vec<(i64, Vec<Value>)>, Cause> {
    let read = tokio::task::spawn_blocking(move || {
        let c = conn.lock().unwrap_or_else(|e| e.into_inner());
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let mut st = c.prepare(&format!(
            "SELECT rowid, {} FROM {table} WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
            names.join(", ")
        ))?;
        let rows = st
            .query_map([after, PAGE], |r| {
                let mut values = Vec::with_capacity(columns.len());
                for (i, (_, kind)) in columns.iter().enumerate() {
                    let at = i + 1;
                    values.push(match kind {
                        Column::Text => Value::Text(without_nul(r.get(at)?)),
                        Column::OptText => {
                            Value::OptText(r.get::<_, Option<String>>(at)?.map(without_nul))
                        }
                        Column::Int => Value::Int(r.get(at)?),
                        Column::Bool => Value::Bool(r.get(at)?),
                        Column::Real => Value::Real(r.get(at)?),
                    });
                }
                Ok((r.get::<_, i64>(0)?, values))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok::<_, rusqlite::Error>(rows)
    })
    .await;
    match read {
        Ok(rows) => rows.map_err(Cause::Sqlite),
        Err(e) => Err(Cause::Task(format!("reading {table}: {e}"))),
    }
}
