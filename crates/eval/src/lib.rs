//! Docent's evaluation harness. Runs the sets under `evals/` against an index and prints
//! metrics that a person can compare between commits.
//!
//! - [`set`]: an evaluation set ([`EvalSet`]: queries, corpus, floors, output folder) and
//!   [`floors`]: its typed floors ([`floors::Floors`]), checked by every eval the same way.
//! - [`spikes`]: spike detection replayed against planted or injected spikes.
//! - [`gaps`]: the gap report against real events of a real stream (flagged in their week,
//!   junk kept out of the top gaps).
//! - [`answers`]: citation precision, answer F1, abstention and `/v1/ask` latency.
//! - [`conversations`]: multi-turn conversations scored per turn (follow-ups, topic switches,
//!   off-topic turns).
//! - [`quiz`]: quiz item statistics, blind reviewers' verdicts, packet rows; [`quiz_run`]: the
//!   quiz eval over many scopes.
//! - [`structure`]: structure recovery of flat text against Markdown originals and reference
//!   sentences.
//! - [`retrieval`]: Recall@1/5/10, MRR@10 and nDCG@10 for bm25, dense and hybrid search.
//! - [`pii`]: recall of PII redaction per kind on a planted set, and what it masks on clean text.
//! - [`rerank`]: fitting and cross-validating the tutor's evidence re-ranker and confidence.
#![warn(missing_docs)]

pub mod answers;
pub mod conversations;
pub mod floors;
pub mod gaps;
pub mod metrics;
pub mod pii;
pub mod quiz;
pub mod quiz_run;
pub mod rerank;
pub mod retrieval;
pub mod set;
pub mod spikes;
pub mod structure;

pub use crate::set::EvalSet;

/// The lines of a JSONL file parsed as `T`, each with its 1-based line number; blank lines are
/// skipped, and a line that is not a `T` is an error naming the file, the line and `what` it
/// should have been.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    what: &str,
) -> anyhow::Result<Vec<(usize, T)>> {
    use anyhow::Context;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: T = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not {what}", path.display(), i + 1))?;
        out.push((i + 1, row));
    }
    Ok(out)
}
