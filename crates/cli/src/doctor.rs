//! `docent doctor`: checks with fixes.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use docent_core::EmbedBackend;
use docent_embed::Embedder;
use docent_index::Index;

use crate::context::Context;

/// The state database: reachable, its schema at this binary's version; adds its active keys
/// to `keys`. Returns the number of failures.
fn state_database(
    server: &docent_core::ServerConfig,
    keys: &mut Vec<docent_state::keys::Principal>,
) -> usize {
    use docent_state::db::{block_on, Cause, Db, Kind, SCHEMA_VERSION};
    let sqlite = server.database_url.trim().is_empty();
    let fix = if sqlite {
        "point [server] db at a writable file"
    } else {
        "check [server] database_url (or DOCENT_SERVER_DATABASE_URL): host, port, user, password and database, and that the PostgreSQL server is running"
    };
    // A check creates nothing: a mistyped [server] db would otherwise pass as a new, empty
    // database (an outside probe), and the server then started without its keys and history.
    if sqlite && !std::path::Path::new(&server.db).exists() {
        let shown = docent_core::terminal_safe(&server.db);
        // The folder the server would create it in must take a file (a read-only one made
        // `serve` fail with "unable to open database file": an outside re-check).
        if let Some(folder) = unwritable_folder(std::path::Path::new(&server.db)) {
            bad(
                "database",
                format!(
                    "no file at {shown}, and {} does not take new files, so `docent serve` cannot create it",
                    folder.display()
                ),
                fix,
            );
            return 1;
        }
        println!(
            "[note] database: no file at {shown} yet: `docent serve` creates it (new, with no stored keys or conversations); if you have one, point [server] db at it",
        );
        return 0;
    }
    let db = match Db::open(server) {
        Ok(db) => db,
        Err(e) => {
            let fix = match e.cause() {
                Cause::Schema(_) => "upgrade docent to the version the other servers run",
                _ => fix,
            };
            bad("database", format!("{e}"), fix);
            return 1;
        }
    };
    let kind = match db.kind() {
        Kind::Sqlite => "SQLite",
        Kind::Postgres => "PostgreSQL",
    };
    match block_on(db.version()) {
        Ok(v) => ok(
            "database",
            format!(
                "{} ({kind}, schema version {v}; this docent writes {SCHEMA_VERSION})",
                db.name()
            ),
        ),
        Err(e) => {
            bad("database", format!("{e}"), fix);
            return 1;
        }
    }
    let stored = match block_on(db.keys()) {
        Ok(stored) => stored,
        Err(e) => {
            bad("keys", format!("{e}"), fix);
            return 1;
        }
    };
    let now = chrono::Utc::now();
    keys.extend(
        stored
            .into_iter()
            .filter(|k| k.active_at(now))
            .map(|k| k.principal(String::new())),
    );
    0
}

/// The nearest existing folder above `file` when it does not take a new file (read only, or
/// not ours): a temporary file is made there and removed at once.
fn unwritable_folder(file: &std::path::Path) -> Option<std::path::PathBuf> {
    let mut folder = file.parent()?.to_path_buf();
    if folder.as_os_str().is_empty() {
        folder = std::path::PathBuf::from(".");
    }
    while !folder.exists() {
        folder = folder.parent()?.to_path_buf();
        if folder.as_os_str().is_empty() {
            folder = std::path::PathBuf::from(".");
        }
    }
    tempfile::NamedTempFile::new_in(&folder)
        .is_err()
        .then_some(folder)
}

fn ok(what: &str, detail: String) {
    println!("[ok]   {what}: {detail}");
}

fn bad(what: &str, detail: String, fix: &str) {
    println!("[FAIL] {what}: {detail}\n       fix: {fix}");
}

/// The Qdrant server, the collection's model and dimension, and whether it holds every chunk
/// of the live generation. Returns the number of failures.
fn qdrant(ctx: &Context, embedder: Option<&dyn Embedder>) -> usize {
    let cfg = &ctx.config.index;
    let opts = docent_index::qdrant_options(cfg, &ctx.index_name);
    let (model, dimension) = match (embedder, docent_index::live_manifest(&ctx.index_dir())) {
        (Some(e), _) => (e.model_id().to_string(), e.dimension()),
        (None, Ok(Some(m))) => (m.model_id, m.dimension),
        _ => {
            bad(
                "qdrant",
                "neither the model nor an index says which dimension to expect".into(),
                "fix the model above, then run doctor again",
            );
            return 1;
        }
    };
    let store = match docent_index::qdrant::QdrantStore::connect(opts, dimension, &model) {
        Ok(s) => s,
        Err(e) => {
            bad(
                "qdrant",
                format!("{e}"),
                "start Qdrant (README, Qdrant), check [index] qdrant_url and the API key in the variable named by qdrant_api_key_env",
            );
            return 1;
        }
    };
    let version = store.version().unwrap_or_default();
    let points = store.count_all().unwrap_or(0);
    let chunks = docent_index::live_manifest(&ctx.index_dir())
        .ok()
        .flatten()
        .map_or(0, |m| m.chunks);
    if points == chunks {
        ok(
            "qdrant",
            format!(
                "server {version} at {}, collection {}: {points} points = {chunks} chunks, model {model}",
                store.shown_url(),
                store.collection()
            ),
        );
        0
    } else {
        bad(
            "qdrant",
            format!(
                "collection {} holds {points} points, the index {chunks} chunks",
                store.collection()
            ),
            "run `docent ingest` (or `docent index migrate --to qdrant`) to sync it",
        );
        1
    }
}

/// The embedding model: its files, that it loads, and that it gives unit vectors. Returns the
/// number of failures and the embedder when it works.
fn model(ctx: &Context) -> Result<(usize, Option<Arc<dyn Embedder>>)> {
    let cfg = &ctx.config.model;
    let dir = Path::new(&cfg.dir);
    let remote = cfg.backend == EmbedBackend::OpenAi;
    // The endpoint runs the model; the directory gives only the tokenizer that sizes chunks.
    let needed: &[&str] = if remote {
        &["tokenizer.json"]
    } else {
        &["config.json", "tokenizer.json", "model.safetensors"]
    };
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|f| !dir.join(f).exists())
        .collect();
    if !missing.is_empty() {
        let fix = if remote {
            "put the served model's tokenizer.json in [model] dir (DOCENT_MODEL_DIR)"
        } else {
            "run scripts/fetch-model.sh (or set [model] dir / DOCENT_MODEL_DIR)"
        };
        bad(
            "model",
            format!("{} lacks {}", dir.display(), missing.join(", ")),
            fix,
        );
        return Ok((1, None));
    }
    let e = match ctx.embedder() {
        Ok(e) => e,
        Err(e) => {
            let fix = if remote {
                "start the embeddings server, or check [model] url, name and the key in the variable named by api_key_env"
            } else {
                "re-fetch the model with scripts/fetch-model.sh"
            };
            bad("model", format!("{e:#}"), fix);
            return Ok((1, None));
        }
    };
    let v = e.embed(&["How do I export a report?"])?;
    let norm: f32 = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    if (norm - 1.0).abs() >= 1e-3 {
        bad(
            "model",
            format!("embedding norm {norm}"),
            "re-fetch the model with scripts/fetch-model.sh",
        );
        return Ok((1, None));
    }
    ok(
        "model",
        format!(
            "{} loads, {} dimensions, unit vectors",
            e.model_id(),
            e.dimension()
        ),
    );
    Ok((0, Some(e)))
}

/// What to do about an index that does not open: ingest (naming the index when it is not the
/// configured one), upgrade for an index of a newer docent, or read the message for a damaged
/// file (an outside probe: every failure was told to ingest `corpus/`).
fn index_fix(ctx: &Context, e: &docent_index::Error) -> String {
    let ingest = if ctx.index_name == ctx.config.index.name {
        "run `docent ingest corpus/` (or the paths of your docs)".to_string()
    } else {
        format!(
            "run `docent --index {} ingest corpus/` (or the paths of your docs)",
            docent_core::terminal_safe(&ctx.index_name)
        )
    };
    match e {
        docent_index::Error::OtherFormat { found, reads, .. } if found > reads => {
            "upgrade this docent to the release that wrote the index".into()
        }
        docent_index::Error::NotFound { .. } | docent_index::Error::OtherFormat { .. } => ingest,
        // Its own ingest refuses a model or chunking other than the index's (a re-check).
        docent_index::Error::ManifestMismatch { .. } => {
            "ingest into a new index (`docent --index NEW ingest PATHS`), or set [model] and [chunking] back to what the index was built with".into()
        }
        _ => format!(
            "the message names what failed (a file it cannot read or lock, a damaged file): mend that, or {ingest} to write a new generation"
        ),
    }
}

/// The index: it opens, and was chunked as configured. Returns the number of failures.
fn index(ctx: &Context, embedder: Option<Arc<dyn Embedder>>) -> usize {
    let cfg = &ctx.config;
    let index = match Index::open(&ctx.index_dir(), embedder) {
        Ok(index) => index,
        Err(e) => {
            bad("index", format!("{e}"), &index_fix(ctx, &e));
            return 1;
        }
    };
    let m = index.manifest();
    ok(
        "index",
        format!(
            "{} generation {}: {} documents, {} tickets, {} chunks, model {}",
            ctx.index_dir().display(),
            m.generation,
            m.documents,
            m.tickets,
            m.chunks,
            m.model_id
        ),
    );
    if m.chunk_max_tokens == cfg.chunking.max_tokens
        && m.chunk_overlap_tokens == cfg.chunking.overlap_tokens
    {
        return 0;
    }
    bad(
        "chunking",
        format!(
            "index built with {}/{} tokens, configuration says {}/{}",
            m.chunk_max_tokens,
            m.chunk_overlap_tokens,
            cfg.chunking.max_tokens,
            cfg.chunking.overlap_tokens
        ),
        "re-ingest into a new index (--index NAME) or restore [chunking]",
    );
    1
}

/// Chunks must leave room below the model's input length. Returns the number of failures.
fn chunk_room(cfg: &docent_core::Config) -> usize {
    if cfg.chunking.max_tokens + 16 > cfg.model.max_tokens {
        bad(
            "chunking",
            format!(
                "chunks of {} tokens leave no room below the model's {}",
                cfg.chunking.max_tokens, cfg.model.max_tokens
            ),
            "lower [chunking] max_tokens",
        );
        return 1;
    }
    0
}

/// The generative composer needs a model endpoint. Returns the number of failures.
fn llm(cfg: &docent_core::Config) -> usize {
    if cfg.tutor.composer == docent_core::ComposerKind::OpenAi
        && (cfg.llm.url.is_empty() || cfg.llm.model.is_empty())
    {
        bad(
            "llm",
            "[tutor] composer = \"openai\" but [llm] url or model is empty".into(),
            "set [llm] url and model, or use composer = \"extractive\"",
        );
        return 1;
    }
    0
}

/// Who can use which pages: the keys of each scope (a note where none has it).
fn keys(keys: &[docent_state::keys::Principal]) {
    use docent_core::KeyScope;
    for scope in [
        KeyScope::Ask,
        KeyScope::Author,
        KeyScope::Lead,
        KeyScope::Admin,
    ] {
        let n = keys.iter().filter(|k| k.may(scope)).count();
        if n > 0 {
            ok(&format!("keys: {scope}"), format!("{n} key(s)"));
        } else {
            println!(
                "[note] keys: {scope}: none; `docent keys create --role ROLE --name NAME`, or set DOCENT_SERVER_ADMIN_KEY"
            );
        }
    }
}

/// The shortest secret a key that does more than ask should have, in characters.
const STRONG_KEY_CHARS: usize = 24;

/// The configured secrets short enough to guess (`[server] keys` given in clear, and the admin
/// key): the unknown-key limit slows guessing, it does not stop it. A widget key is exempt: it
/// is public by nature, shown in every page that embeds the widget.
fn weak_keys(server: &docent_core::ServerConfig) -> Vec<String> {
    let widget_only = |k: &docent_core::ApiKey| {
        docent_state::keys::asks_only(&docent_core::Grant::expand(&k.scopes))
    };
    let mut short: Vec<String> = server
        .keys
        .iter()
        .enumerate()
        .filter(|(_, k)| !k.key.is_empty() && !widget_only(k))
        .filter(|(_, k)| k.key.chars().count() < STRONG_KEY_CHARS)
        .map(|(i, _)| format!("[server] keys entry {i}"))
        .collect();
    if !server.admin_key.is_empty() && server.admin_key.chars().count() < STRONG_KEY_CHARS {
        short.push("the admin key (DOCENT_SERVER_ADMIN_KEY)".into());
    }
    short
}

/// Every check in turn: configuration, model, Qdrant (when configured), index, chunk room, the
/// state database and keys, the language model's settings.
pub fn run(ctx: &Context) -> Result<ExitCode> {
    let cfg = &ctx.config;
    ok("configuration", format!("read from {}", ctx.config_source));
    let (mut failures, embedder) = model(ctx)?;
    if cfg.index.backend == docent_core::IndexBackend::Qdrant {
        failures += qdrant(ctx, embedder.as_deref());
    }
    failures += index(ctx, embedder);
    failures += chunk_room(cfg);
    if let Err(e) = docent_state::keys::check_configured(&cfg.server) {
        bad(
            "keys",
            e,
            "fix the entry in [server] keys of docent.toml (the server refuses to start)",
        );
        failures += 1;
    }
    for which in weak_keys(&cfg.server) {
        println!(
            "[note] keys: {which} is shorter than {STRONG_KEY_CHARS} characters, short enough to guess; use a random one (`docent keys create` makes them)"
        );
    }
    let mut principals = docent_state::keys::configured(&cfg.server);
    let database_failures = state_database(&cfg.server, &mut principals);
    failures += database_failures;
    if database_failures == 0 {
        keys(&principals);
    } else {
        println!(
            "[note] keys: not counted: the keys stored in the state database could not be read"
        );
    }
    failures += llm(cfg);
    if failures == 0 {
        println!("all checks passed");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{failures} check(s) failed");
        Ok(ExitCode::from(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // An outside re-check: doctor promised that `serve` creates a database it could not.
    #[test]
    fn a_database_folder_that_takes_no_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            unwritable_folder(&dir.path().join("a/b/state.sqlite")),
            None
        );
        let blocker = dir.path().join("plain-file");
        std::fs::write(&blocker, "x").unwrap();
        assert_eq!(
            unwritable_folder(&blocker.join("sub/state.sqlite")),
            Some(blocker.clone())
        );
    }

    // Seventh probe, finding 6: `DOCENT_SERVER_ADMIN_KEY=1` passed `docent doctor`.
    #[test]
    fn short_secrets_of_keys_that_do_more_than_ask_are_noted() {
        let key = |key: &str, scope: &str| docent_core::ApiKey {
            key: key.into(),
            sha256: String::new(),
            audience: docent_core::Audience::Internal,
            origins: vec![],
            scopes: vec![scope.parse().unwrap()],
        };
        let server = docent_core::ServerConfig {
            admin_key: "1".into(),
            keys: vec![
                key("short", "widget"),
                key("short", "lead"),
                key(&"x".repeat(STRONG_KEY_CHARS), "admin"),
            ],
            ..Default::default()
        };
        assert_eq!(
            weak_keys(&server),
            vec![
                "[server] keys entry 1".to_string(),
                "the admin key (DOCENT_SERVER_ADMIN_KEY)".to_string()
            ]
        );
    }
}
