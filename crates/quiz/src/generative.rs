//! The generative generator: an OpenAI-compatible chat endpoint (the tutor's client) drafts
//! items as JSON from fenced excerpts (`prompts/quiz.txt`), and each item then goes through the
//! same validation as rule-made ones. Malformed items are dropped; an item whose key its cited
//! excerpt does not support is re-cited to the excerpt that does (repaired) or dropped; every
//! outcome is counted in the quiz's validation report.

use docent_core::Chunk;
use docent_tutor::generative::{fence_sources, read_template, LlmClient};
use serde::Deserialize;

use crate::material::chunk_hash;
use crate::types::{Basis, Item, ItemKind, Rejections, Source, Status};
use crate::validate;

#[derive(Deserialize)]
struct Reply {
    items: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Draft {
    kind: String,
    stem: String,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    key: Vec<usize>,
    #[serde(default)]
    answers: Vec<String>,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    source: String,
}

/// The JSON object inside a reply that may wrap it in a code fence or prose.
fn json_part(reply: &str) -> &str {
    match (reply.find('{'), reply.rfind('}')) {
        (Some(a), Some(b)) if b > a => &reply[a..=b],
        _ => reply,
    }
}

/// The difficulty of a model's item by its kind. Its level is its basis's, a statement's
/// ([`crate::types::Basis::level`]): steps in order and lists are recall as reviewers read
/// them.
fn difficulty(kind: ItemKind) -> u8 {
    match kind {
        ItemKind::MultipleSelect => 3,
        ItemKind::Ordering | ItemKind::Cloze | ItemKind::ShortAnswer => 2,
        _ => 1,
    }
}

/// Turns a model's reply into validated items over `sources` (named S1.. in order).
pub fn items_from_reply(reply: &str, sources: &[&Chunk], report: &mut Rejections) -> Vec<Item> {
    let Ok(parsed) = serde_json::from_str::<Reply>(json_part(reply)) else {
        report.reject("llm_reply_not_json");
        return Vec::new();
    };
    let mut out = Vec::new();
    for raw in parsed.items {
        report.candidates += 1;
        let Ok(d) = serde_json::from_value::<Draft>(raw) else {
            report.reject("llm_malformed");
            continue;
        };
        let Some(kind) = ItemKind::parse(&d.kind) else {
            report.reject("llm_malformed");
            continue;
        };
        let cited = d
            .source
            .trim()
            .trim_start_matches(['S', 's'])
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|i| *i < sources.len());
        let difficulty = difficulty(kind);
        let basis = Basis::Statement;
        let make = |chunk: &Chunk| Item {
            id: String::new(),
            kind,
            stem: d.stem.trim().to_string(),
            options: d.options.iter().map(|o| o.trim().to_string()).collect(),
            key: d.key.clone(),
            answers: d.answers.iter().map(|a| a.trim().to_string()).collect(),
            explanation: d.explanation.trim().to_string(),
            difficulty,
            level: basis.level(),
            source: Source {
                chunk_id: chunk.id.clone(),
                doc_id: chunk.doc_id.clone(),
                title: chunk.title.clone(),
                heading_path: chunk.heading_path.clone(),
                quote: chunk.text.clone(),
                chunk_hash: chunk_hash(&chunk.text),
            },
            status: Status::Draft,
            stale: false,
            basis,
        };
        let first = cited.map(|i| (i, validate::item(&make(sources[i]), &sources[i].text)));
        match first {
            Some((i, Ok(()))) => {
                report.passed += 1;
                out.push(make(sources[i]));
            }
            Some((_, Err(reason))) if reason != "key_unsupported" => report.reject(reason),
            _ => {
                // Cited nothing usable, or a source that does not support the key: another
                // excerpt may.
                let other = (0..sources.len()).find(|j| {
                    Some(*j) != cited
                        && validate::item(&make(sources[*j]), &sources[*j].text).is_ok()
                });
                match other {
                    Some(j) => {
                        report.passed += 1;
                        report.reject("llm_repaired_citation");
                        out.push(make(sources[j]));
                    }
                    None => report.reject("key_unsupported"),
                }
            }
        }
    }
    out
}

/// Asks the endpoint for `count` items of `kinds` over `sources`.
pub fn draft(
    client: &LlmClient,
    prompt: &str,
    sources: &[&Chunk],
    count: usize,
    kinds: &[ItemKind],
    report: &mut Rejections,
) -> Result<Vec<Item>, docent_tutor::Error> {
    let (system, user) = read_template(prompt)?;
    let kinds: Vec<&str> = if kinds.is_empty() {
        ItemKind::ALL.iter().map(|k| k.as_str()).collect()
    } else {
        kinds.iter().map(|k| k.as_str()).collect()
    };
    let user = user
        .replace("{{sources}}", &fence_sources(sources))
        .replace("{{count}}", &count.to_string())
        .replace("{{kinds}}", &kinds.join(", "));
    let reply = client.complete(&system, &user)?;
    Ok(items_from_reply(&reply, sources, report))
}
