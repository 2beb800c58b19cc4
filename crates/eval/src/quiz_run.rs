//! `docent eval quiz`: the rule-based generator over many scopes of a set's docs. Stages:
//! [`scopes`] (which scopes), [`run`] (generate and tally each), [`write_items`] (the items with
//! their sources, for a blind reviewer's packet), [`QuizReport::table`].

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};
use docent_core::{Audience, DocKind};
use docent_index::Index;
use docent_quiz::{generate, validate, Options, Quiz, Scope};
use serde::Serialize;

use crate::floors::Metric;
use crate::quiz::{read_judged, ItemStats, Judged, PacketRow};
use crate::set::EvalSet;

/// The quiz eval's report.
#[derive(Debug, Serialize, Default)]
pub struct QuizReport {
    /// Set name.
    pub set: String,
    /// The commit measured.
    pub commit: String,
    /// Scopes asked.
    pub scopes: usize,
    /// Scopes that gave no item.
    pub scopes_without_items: Vec<String>,
    /// Scopes naming sections (`docs:`, `heading:`): the issue asks every one whose sections
    /// state facts to yield items.
    pub named_scopes: usize,
    /// Of [`QuizReport::named_scopes`], those that gave no item.
    pub named_without_items: usize,
    /// Items kept.
    pub items: usize,
    /// Items per scope.
    pub items_per_scope: f64,
    /// Candidates generated.
    pub candidates: usize,
    /// Share of candidates passing validation.
    pub passed_validation: f64,
    /// Share of candidates rejected as near-duplicates.
    pub duplicate_rate: f64,
    /// Mean share of a scope's chunks that source an item.
    pub chunk_coverage: f64,
    /// Kept items whose key the source as indexed does not support.
    pub keys_contradicting_source: usize,
    /// Share of true/false items keyed True.
    pub true_false_true_share: f64,
    /// Largest share of one MCQ key position.
    pub top_key_position_share: f64,
    /// Share of items at the apply level or above.
    pub apply_or_above: f64,
    /// Counts over the items.
    pub stats: ItemStats,
    /// Median milliseconds per quiz.
    pub ms_per_quiz_p50: f64,
    /// Slowest quiz, in milliseconds.
    pub ms_per_quiz_max: f64,
    /// Items by kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Rejected candidates by reason.
    pub rejections: BTreeMap<String, usize>,
    /// The newest blind review of the set.
    pub judged: Option<Judged>,
}

/// What a run measured: the report and the items with their sources.
pub struct QuizRun {
    /// The report.
    pub report: QuizReport,
    /// Every kept item with its scope and source text.
    pub rows: Vec<PacketRow>,
}

fn read_scope_file(file: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Scopes: the given file, the set's quiz_scopes.txt (one scope a line) or every document, up
/// to `max`.
pub fn scopes(
    set: &EvalSet,
    given: Option<&Path>,
    index: &Index,
    max: usize,
) -> Result<Vec<String>> {
    if let Some(file) = given {
        return read_scope_file(file);
    }
    if let Some(file) = set.file("quiz_scopes.txt") {
        return read_scope_file(&file);
    }
    let mut docs: Vec<String> = index
        .chunks()
        .iter()
        .filter(|c| c.kind == DocKind::Doc && c.audience <= Audience::Customer)
        .map(|c| c.doc_id.clone())
        .collect();
    docs.sort();
    docs.dedup();
    // An even spread over the sorted ids, so large sets are sampled, not truncated.
    let step = (docs.len() as f64 / max as f64).max(1.0);
    Ok((0..docs.len().min(max))
        .map(|i| format!("docs:{}", docs[(i as f64 * step) as usize]))
        .collect())
}

/// The commit being measured (`DOCENT_COMMIT`, else git's HEAD), for verdicts and packets.
pub fn commit() -> String {
    if let Ok(c) = std::env::var("DOCENT_COMMIT") {
        return c;
    }
    std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Adds one quiz's counts to the report.
fn tally(r: &mut QuizReport, index: &Index, quiz: &Quiz, coverage: &mut Vec<f64>) {
    let rows = quiz.validation.coverage.chunks;
    r.items += quiz.items.len();
    r.candidates += quiz.validation.candidates;
    r.passed_validation += quiz.validation.passed as f64;
    for (k, v) in &quiz.validation.reasons {
        *r.rejections.entry(k.clone()).or_default() += v;
    }
    let sources: HashSet<&str> = quiz
        .items
        .iter()
        .map(|i| i.source.chunk_id.as_str())
        .collect();
    coverage.push(sources.len() as f64 / rows.max(1) as f64);
    for it in &quiz.items {
        *r.by_kind.entry(it.kind.as_str().into()).or_default() += 1;
        // Re-check every kept item against its source as it stands in the index.
        let source = index.chunks().iter().find(|c| c.id == it.source.chunk_id);
        if source.is_none_or(|c| validate::item(it, &c.text).is_err()) {
            r.keys_contradicting_source += 1;
        }
    }
    r.stats.add(&quiz.items);
}

fn packet_rows(set: &str, scope: &str, commit: &str, index: &Index, quiz: &Quiz) -> Vec<PacketRow> {
    quiz.items
        .iter()
        .map(|it| PacketRow {
            set: set.to_string(),
            scope: scope.to_string(),
            commit: commit.to_string(),
            item: it.clone(),
            source_text: index
                .chunks()
                .iter()
                .find(|c| c.id == it.source.chunk_id)
                .map(|c| c.text.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// Generates `count` items for every scope and measures them; `judged` is the folder of blind
/// reviewers' verdicts (`evals/judged`).
pub fn run(
    set: &EvalSet,
    index: &Index,
    scopes: &[String],
    count: usize,
    judged: &Path,
) -> Result<QuizRun> {
    let mut r = QuizReport {
        set: set.name.clone(),
        commit: commit(),
        scopes: scopes.len(),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut coverage = Vec::new();
    let mut rows = Vec::new();
    let mut dupes = 0usize;
    let opts = Options {
        count,
        ..Options::default()
    };
    for text in scopes {
        let t = Instant::now();
        let quiz = match generate(index, &Scope::parse(text), &opts) {
            Ok(q) => q,
            Err(docent_quiz::Error::EmptyScope(_) | docent_quiz::Error::HiddenScope { .. }) => {
                r.scopes_without_items.push(text.clone());
                coverage.push(0.0);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if quiz.items.is_empty() {
            r.scopes_without_items.push(text.clone());
        }
        dupes += quiz
            .validation
            .reasons
            .get("near_duplicate")
            .copied()
            .unwrap_or(0);
        tally(&mut r, index, &quiz, &mut coverage);
        rows.extend(packet_rows(&r.set, text, &r.commit, index, &quiz));
    }
    let named = |t: &String| matches!(Scope::parse(t), Scope::Docs(_) | Scope::Heading(_));
    r.named_scopes = scopes.iter().filter(|t| named(t)).count();
    r.named_without_items = r.scopes_without_items.iter().filter(|t| named(t)).count();
    finish(&mut r, dupes, &coverage, &mut times);
    r.judged = read_judged(judged, Some(&r.set))?;
    Ok(QuizRun { report: r, rows })
}

/// Turns the tallies into rates.
fn finish(r: &mut QuizReport, dupes: usize, coverage: &[f64], times: &mut [f64]) {
    r.items_per_scope = r.items as f64 / r.scopes.max(1) as f64;
    r.passed_validation /= r.candidates.max(1) as f64;
    r.duplicate_rate = dupes as f64 / r.candidates.max(1) as f64;
    r.chunk_coverage = coverage.iter().sum::<f64>() / coverage.len().max(1) as f64;
    r.true_false_true_share = r.stats.true_share();
    r.top_key_position_share = r.stats.top_key_position_share();
    r.apply_or_above = r.stats.apply_or_above();
    times.sort_by(f64::total_cmp);
    r.ms_per_quiz_p50 = times.get(times.len() / 2).copied().unwrap_or(0.0);
    r.ms_per_quiz_max = times.last().copied().unwrap_or(0.0);
}

/// Writes the items with their sources to `quiz-items-<set>.jsonl` in the set's output folder;
/// returns the file.
pub fn write_items(set: &EvalSet, rows: &[PacketRow]) -> Result<PathBuf> {
    std::fs::create_dir_all(&set.out_dir).ok();
    let path = set.out_dir.join(format!("quiz-items-{}.jsonl", set.name));
    let mut f =
        std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
    for row in rows {
        writeln!(f, "{}", serde_json::to_string(row)?)?;
    }
    Ok(path)
}

impl QuizReport {
    /// The value of a floor's metric (`None` for another eval's).
    pub fn floor_value(&self, m: &Metric) -> Option<f64> {
        match m {
            Metric::QuizPassedValidation => Some(self.passed_validation),
            Metric::QuizItemsPerScope => Some(self.items_per_scope),
            Metric::QuizKeysContradicting => Some(self.keys_contradicting_source as f64),
            _ => None,
        }
    }

    /// The report as a table a person reads (`count` items were asked per scope; the items
    /// were written to `items`).
    pub fn table(&self, count: usize, items: &Path) -> String {
        let r = self;
        let mut s = format!(
            "quiz eval: {} ({} scopes, {} items asked per scope, commit {})\n",
            r.set, r.scopes, count, r.commit
        );
        let mut line = |label: &str, value: String| s.push_str(&format!("  {label:<25}{value}\n"));
        line("items per scope", format!("{:.1}", r.items_per_scope));
        line(
            "scopes without items",
            format!(
                "{} {:?}",
                r.scopes_without_items.len(),
                r.scopes_without_items
            ),
        );
        line(
            "named sections empty",
            format!("{} of {}", r.named_without_items, r.named_scopes),
        );
        line(
            "candidates passing",
            format!("{:.3} of {}", r.passed_validation, r.candidates),
        );
        line("near-duplicate rate", format!("{:.3}", r.duplicate_rate));
        line("scope chunk coverage", format!("{:.3}", r.chunk_coverage));
        line(
            "keys contradicting src",
            format!("{}", r.keys_contradicting_source),
        );
        line(
            "true/false keyed True",
            format!("{:.2} of {}", r.true_false_true_share, r.stats.true_false),
        );
        line(
            "MCQ key positions",
            format!(
                "{:?} (top share {:.2})",
                r.stats.key_positions, r.top_key_position_share
            ),
        );
        line(
            "levels",
            format!(
                "{:?} (apply or above {:.2})",
                r.stats.levels, r.apply_or_above
            ),
        );
        line("difficulty", format!("{:?}", r.stats.difficulty));
        line(
            "ms per quiz",
            format!("p50 {:.1}  max {:.1}", r.ms_per_quiz_p50, r.ms_per_quiz_max),
        );
        line("items by kind", format!("{:?}", r.by_kind));
        line("rejections", format!("{:?}", r.rejections));
        match &r.judged {
            Some(j) => line(
                "judged (blind reviewer)",
                format!(
                    "keep {:.2}, correct {:.2}, well-formed {:.2}, worth asking {:.2} over {} items of commit {} ({})",
                    j.keep, j.correct, j.well_formed, j.worth_asking, j.items, j.commit, j.file
                ),
            ),
            None => line(
                "judged (blind reviewer)",
                "none yet for this set (evals/judged/README.md)".into(),
            ),
        }
        s.push_str(&format!(
            "  items with sources for a packet: {}\n",
            items.display()
        ));
        s
    }
}
