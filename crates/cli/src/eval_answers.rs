//! `docent eval answers`: the tutor through the real `/v1/ask` of a server on a loopback port,
//! scored against a set by `docent_eval::answers` (or, for a set of conversations,
//! `docent_eval::conversations`).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use docent_eval::answers::{self, Asker, Reply};
use docent_eval::floors::Eval;
use docent_eval::EvalSet;

use crate::context::Context;
use crate::loopback::Loopback;
use crate::report::{enforce, print};

/// Asks through the loopback server's `POST /v1/ask`, as a client does.
impl Asker for Loopback {
    fn ask(&self, question: &str, conversation: Option<&str>) -> Result<Reply> {
        let mut body = serde_json::json!({ "question": question });
        if let Some(c) = conversation {
            body["conversation_id"] = c.into();
        }
        let mut resp = self
            .agent
            .post(&self.ask_url)
            .header("X-Docent-Key", crate::loopback::KEY)
            .send_json(body)
            .with_context(|| format!("asking {question:?}"))?;
        let status = resp.status();
        let text = resp
            .body_mut()
            .read_to_string()
            .with_context(|| format!("reading the answer to {question:?}"))?;
        if !status.is_success() {
            bail!("{question:?}: HTTP {status}: {text}");
        }
        serde_json::from_str(&text)
            .with_context(|| format!("{question:?}: the reply is not an answer: {text}"))
    }
}

/// The conversations of a set's `conversations.jsonl`, asked turn by turn at the configured
/// threshold (follow-ups are decided with it).
fn conversations(ctx: &Context, set: &EvalSet, path: &Path, json: bool) -> Result<ExitCode> {
    use docent_eval::conversations;
    let convs = conversations::read(path)?;
    let (root, embedder) = ctx.index_root_for_set(set)?;
    let server = crate::loopback::start(ctx.config.clone(), root, embedder)?;
    let turns = conversations::run(&server, &convs)?;
    let report = conversations::report(&set.name, convs.len(), turns);
    print(json, &report, || report.table())?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Context, set: &EvalSet, json: bool, details: bool) -> Result<ExitCode> {
    if let Some(conv) = set.file("conversations.jsonl") {
        return conversations(ctx, set, &conv, json);
    }
    if !set.queries.exists() {
        bail!(
            "{}: no queries.jsonl or conversations.jsonl in the set folder",
            set.dir.display()
        );
    }
    let queries = answers::read(&set.queries)?;
    let (root, embedder) = ctx.index_root_for_set(set)?;
    let mut config = ctx.config.clone();
    let threshold = config.tutor.threshold;
    // Observe every confidence once; abstention is decided afterwards at each threshold.
    config.tutor.threshold = 0.0;
    let server = crate::loopback::start(config, root, embedder)?;
    let bar = indicatif::ProgressBar::new(queries.len() as u64).with_message("asking");
    let obs = answers::observe(&server, &queries, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let report = answers::report(&set.name, obs, threshold, details);
    print(json, &report, || report.table())?;
    enforce(set, Eval::Answers, |m| report.floor_value(m))
}
