//! The widget in a real browser: `docent serve` on a free port, `/demo` opened in headless
//! Chromium (driven by playwright-core from `crates/server/tests/browser/`), a question asked
//! through the widget, the streamed answer seen with a citation link, thumbs-up clicked, and
//! the feedback row then found in SQLite. The screenshot lands in this test's output folder
//! (`$CARGO_TARGET_TMPDIR/widget/widget.png`).
//!
//! Needs Chromium and the node package; `scripts/setup-browser.sh` installs both (the test
//! command runs it). Under CI=true their absence fails the test; elsewhere it skips with the
//! command to run.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::{docs_index, have_model, model_dir, repo};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browser_ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node_pkg = repo().join("crates/server/tests/browser/node_modules/playwright-core");
    let ok = Path::new(&chromium).exists() && node_pkg.exists();
    if !ok {
        assert!(
            std::env::var("CI").is_err(),
            "CI: Chromium or playwright-core missing (run scripts/setup-browser.sh)"
        );
        eprintln!("skipping: Chromium or playwright-core missing (run scripts/setup-browser.sh)");
    }
    ok
}

#[test]
fn widget_in_a_real_browser_streams_an_answer_and_stores_feedback() {
    if !have_model() || !browser_ready() {
        return;
    }
    let out: PathBuf = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("widget");
    std::fs::create_dir_all(&out).unwrap();
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("docent.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_docent"))
        .current_dir(repo())
        .env("DOCENT_INDEX_DIR", docs_index())
        .env("DOCENT_MODEL_DIR", model_dir())
        .env("DOCENT_SERVER_DB", &db)
        .env_remove("DOCENT_INDEX_NAME")
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("docent serve starts");
    let stdout = child.stdout.take().unwrap();
    let server = Killed(child);
    let base = super::served_base(stdout);

    let question = "How do I export a report to Excel?";
    let o = Command::new("node")
        .current_dir(repo().join("crates/server/tests/browser"))
        .args(["widget.mjs", &base, question, out.to_str().unwrap()])
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert!(
        r["citation_href"]
            .as_str()
            .unwrap()
            .contains("/docs/reports/export-reports"),
        "{r}"
    );
    assert!(
        r["answer_text"].as_str().unwrap().contains("Click Export"),
        "{r}"
    );
    assert_eq!(r["pressed"], "true");
    assert_eq!(r["handoff"], 1);
    assert_eq!(r["console_errors"], serde_json::json!([]), "{r}");
    assert!(out.join("widget.png").metadata().unwrap().len() > 10_000);
    drop(server);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (question_row, helpful): (String, bool) = conn
        .query_row(
            "SELECT t.question, f.helpful FROM feedback f JOIN turns t ON t.id = f.turn_id",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(question_row, question);
    assert!(helpful);
}
