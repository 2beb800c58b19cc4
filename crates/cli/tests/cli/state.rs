//! `docent state migrate --to postgres` and `docent doctor` on a PostgreSQL state database
//! (skipped, saying so, without a PostgreSQL server in TEST_POSTGRES_URL).
//!
//! Proves: 1. a key made in the SQLite file works from PostgreSQL after the copy, and a second
//! copy is refused; 2. `doctor` reports the PostgreSQL database and its schema version, and
//! names what to check when the server cannot be reached.

use std::path::Path;
use std::process::{Command, Output};

use docent_state::db::scratch::{test_server, Scratch};

use super::{docs_index, have_model, model_dir, repo, text};

/// `docent ARGS` with the state database in `sqlite` or, when given, in PostgreSQL at `url`.
fn docent_state(index: &Path, sqlite: &Path, url: Option<&str>, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docent"))
        .current_dir(repo())
        .env("DOCENT_INDEX_DIR", index)
        .env("DOCENT_MODEL_DIR", model_dir())
        .env("DOCENT_SERVER_DB", sqlite)
        .env("DOCENT_SERVER_DATABASE_URL", url.unwrap_or(""))
        .env_remove("DOCENT_INDEX_NAME")
        .args(args)
        .output()
        .expect("docent runs")
}

#[test]
fn state_migrate_copies_the_sqlite_file_into_postgres_once() {
    let Some(server) = test_server("docent state migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("state.sqlite");
    let run = |url: Option<&str>, args: &[&str]| docent_state(dir.path(), &sqlite, url, args);
    let o = run(
        None,
        &[
            "keys", "create", "--name", "site", "--role", "widget", "--json",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let made: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = made["key"]["id"].as_str().unwrap();

    let scratch = Scratch::create(&server).unwrap();
    let url = scratch.url();
    let o = run(
        None,
        &[
            "state", "migrate", "--to", "postgres", "--url", url, "--json",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let copied: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        copied["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t[0] == "api_keys" && t[1] == 1),
        "{copied}"
    );
    let o = run(Some(url), &["keys", "list", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(id),
        "the copied key is listed: {}",
        text(&o)
    );

    let o = run(
        None,
        &["state", "migrate", "--to", "postgres", "--url", url],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("already holds rows"), "{}", text(&o));
    let o = run(Some(url), &["keys", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "nothing copied twice");
}

#[test]
fn doctor_checks_the_postgres_connection_and_schema() {
    if !have_model() {
        return;
    }
    let Some(server) = test_server("docent doctor on PostgreSQL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("unused.sqlite");
    let scratch = Scratch::create(&server).unwrap();
    let o = docent_state(docs_index(), &sqlite, Some(scratch.url()), &["doctor"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    let v = docent_state::db::SCHEMA_VERSION;
    assert!(
        out.contains(&format!(
            "(PostgreSQL, schema version {v}; this docent writes {v})"
        )),
        "{out}"
    );
    assert!(!sqlite.exists(), "the SQLite file was not touched");

    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = format!("postgres://docent:secret@127.0.0.1:{port}/docent");
    let o = docent_state(docs_index(), &sqlite, Some(&down), &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("is the server running")
            && out.contains("database_url")
            && !out.contains("secret@"),
        "{out}"
    );
    // A server that answers but refuses: what to fix, said once, and no key counts from a
    // database that could not be read (an outside probe).
    let url = scratch.url();
    let missing = format!("{}/no_such_database", &url[..url.rfind('/').unwrap()]);
    let o = docent_state(docs_index(), &sqlite, Some(&missing), &["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("create that database"), "{out}");
    assert!(!out.contains("is the server running"), "{out}");
    assert_eq!(
        out.matches("no_such_database\" does not exist").count(),
        1,
        "{out}"
    );
    assert!(out.contains("[note] keys: not counted"), "{out}");
    assert!(!out.contains("[ok]   keys"), "{out}");
}
