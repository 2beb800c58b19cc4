//! `docent eval answers`: the tutor through the real `/v1/ask`, scored against a set.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use docent_eval::answers::{self, Observation};

use crate::context::Context;
use crate::eval::{index_root_for_set, read_floors, set_name};

fn strip_markers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(j) if rest[i + 1..i + j].chars().all(|c| c.is_ascii_digit()) => {
                rest = &rest[i + j + 1..]
            }
            _ => {
                out.push('[');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
}

/// Asks `question` (in `conversation` when given); returns the reply's JSON.
fn ask(
    server: &crate::loopback::Loopback,
    question: &str,
    conversation: Option<&str>,
) -> Result<serde_json::Value> {
    let mut body = serde_json::json!({ "question": question });
    if let Some(c) = conversation {
        body["conversation_id"] = c.into();
    }
    let mut resp = server
        .agent
        .post(&server.ask_url)
        .header("X-Docent-Key", crate::loopback::KEY)
        .send_json(body)
        .with_context(|| format!("asking {question:?}"))?;
    let status = resp.status();
    let reply: serde_json::Value = resp
        .body_mut()
        .read_json()
        .with_context(|| format!("reading the answer to {question:?}"))?;
    if !status.is_success() {
        bail!("{question:?}: HTTP {status}: {reply}");
    }
    Ok(reply)
}

/// The conversations of a set's `conversations.jsonl`, asked turn by turn at the configured
/// threshold (follow-ups are decided with it).
fn conversations(ctx: &Context, set: &Path, path: &Path, json: bool) -> Result<ExitCode> {
    use docent_eval::conversations::{self, TurnKind, TurnResult};
    let convs = conversations::read(path)?;
    let (root, embedder) = index_root_for_set(ctx, set)?;
    let server = crate::loopback::start(ctx.config.clone(), root, embedder)?;
    let mut turns = Vec::new();
    for c in &convs {
        let mut conv_id: Option<String> = None;
        for (i, t) in c.turns.iter().enumerate() {
            let reply = ask(&server, &t.question, conv_id.as_deref())
                .with_context(|| format!("conversation {}", c.id))?;
            conv_id = reply["conversation_id"].as_str().map(str::to_string);
            let first = reply["citations"][0]["doc_id"].as_str().unwrap_or_default();
            let first_chunk = reply["citations"][0]["chunk_id"]
                .as_str()
                .unwrap_or_default();
            let answered_alone = if t.kind == TurnKind::OffTopic {
                Some(ask(&server, &t.question, None)?["answered"].as_bool() == Some(true))
            } else {
                None
            };
            turns.push(TurnResult {
                conversation: c.id.clone(),
                turn: i + 1,
                kind: t.kind,
                question: t.question.clone(),
                resolved: reply["resolved_question"]
                    .as_str()
                    .unwrap_or_default()
                    .into(),
                answered: reply["answered"].as_bool() == Some(true),
                confidence: reply["confidence"].as_f64().unwrap_or(0.0) as f32,
                first_relevant: t
                    .relevant_ids
                    .iter()
                    .any(|r| r == first || r == first_chunk),
                answered_alone,
            });
        }
    }
    let report = conversations::report(&set_name(set), convs.len(), turns);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Context, set: &Path, json: bool, details: bool) -> Result<ExitCode> {
    let conv = set.join("conversations.jsonl");
    if conv.exists() {
        return conversations(ctx, set, &conv, json);
    }
    let path = set.join("queries.jsonl");
    if !path.exists() {
        bail!(
            "{}: no queries.jsonl or conversations.jsonl in the set folder",
            set.display()
        );
    }
    let queries = answers::read(&path)?;
    let (root, embedder) = index_root_for_set(ctx, set)?;
    let mut config = ctx.config.clone();
    let threshold = config.tutor.threshold;
    // Observe every confidence once; abstention is decided afterwards at each threshold.
    config.tutor.threshold = 0.0;
    let server = crate::loopback::start(config, root, embedder)?;
    let bar = indicatif::ProgressBar::new(queries.len() as u64).with_message("asking");
    let mut obs = Vec::new();
    for q in &queries {
        let started = Instant::now();
        let mut resp = server
            .agent
            .post(&server.ask_url)
            .header("X-Docent-Key", crate::loopback::KEY)
            .send_json(serde_json::json!({"question": q.question}))
            .with_context(|| format!("asking {}", q.id))?;
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = resp.status();
        let body: serde_json::Value = resp
            .body_mut()
            .read_json()
            .with_context(|| format!("reading the answer to {}", q.id))?;
        if !status.is_success() {
            bail!("{}: HTTP {status}: {body}", q.id);
        }
        let cited: Vec<(String, String)> = body["citations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["doc_id"].as_str().unwrap_or_default().to_string(),
                    c["chunk_id"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let text = strip_markers(body["text"].as_str().unwrap_or_default());
        let composed = body["answered"].as_bool().unwrap_or(false);
        obs.push(Observation {
            id: q.id.clone(),
            out_of_scope: q.out_of_scope,
            confidence: body["confidence"].as_f64().unwrap_or(0.0) as f32,
            composed,
            cited,
            relevant: q.relevant_ids.clone(),
            f1: q.answer.as_deref().map(|r| {
                if composed {
                    answers::token_f1(&text, r)
                } else {
                    0.0
                }
            }),
            latency_ms,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    let name = set_name(set);
    let report = answers::report(&name, obs, threshold, details);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    if let Some((floors_path, floors)) = read_floors(set)? {
        let mut failed = false;
        for (name, floor) in floors.iter().filter(|(n, _)| n.starts_with("answers_")) {
            // Floors are minimums; "answers_abstention_wrong_max" is a maximum.
            let (value, ok) = match name.as_str() {
                "answers_citation_precision" => (
                    report.citation_precision,
                    report.citation_precision >= *floor,
                ),
                "answers_abstention_recall" => {
                    (report.abstention.recall, report.abstention.recall >= *floor)
                }
                "answers_answered_in_scope" => (
                    report.abstention.answered_in_scope,
                    report.abstention.answered_in_scope >= *floor,
                ),
                "answers_abstention_wrong_max" => {
                    (report.abstention.wrong, report.abstention.wrong <= *floor)
                }
                _ => bail!("{}: unknown floor {name:?}", floors_path.display()),
            };
            if ok {
                eprintln!("floor kept: {name} = {value:.3} (limit {floor:.3})");
            } else {
                eprintln!("FLOOR BROKEN: {name} = {value:.3} (limit {floor:.3})");
                failed = true;
            }
        }
        if failed {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
