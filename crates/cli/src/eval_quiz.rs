//! `docent eval quiz`: the rule-based generator over many scopes of a set's docs.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use docent_core::{Audience, DocKind};
use docent_eval::quiz::{read_judged, ItemStats, Judged, PacketRow};
use docent_index::Index;
use docent_quiz::{generate, validate, Options, Quiz, Scope};
use serde::Serialize;

use crate::context::Context;
use crate::eval::{index_root_for_set, read_floors, set_name};

/// How the eval runs.
pub struct Settings {
    pub json: bool,
    pub count: usize,
    pub max_scopes: usize,
    pub scopes: Option<PathBuf>,
}

#[derive(Serialize, Default)]
struct QuizReport {
    set: String,
    commit: String,
    scopes: usize,
    scopes_without_items: Vec<String>,
    items: usize,
    items_per_scope: f64,
    candidates: usize,
    passed_validation: f64,
    duplicate_rate: f64,
    chunk_coverage: f64,
    keys_contradicting_source: usize,
    true_false_true_share: f64,
    top_key_position_share: f64,
    apply_or_above: f64,
    stats: ItemStats,
    ms_per_quiz_p50: f64,
    ms_per_quiz_max: f64,
    by_kind: BTreeMap<String, usize>,
    rejections: BTreeMap<String, usize>,
    judged: Option<Judged>,
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
fn scopes(set: &Path, given: Option<&Path>, index: &Index, max: usize) -> Result<Vec<String>> {
    if let Some(file) = given {
        return read_scope_file(file);
    }
    let file = set.join("quiz_scopes.txt");
    if file.exists() {
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
fn commit() -> String {
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
fn tally(r: &mut QuizReport, index: &Index, quiz: &Quiz, rows: usize, coverage: &mut Vec<f64>) {
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

fn print_table(r: &QuizReport, count: usize, items_path: &Path) {
    println!(
        "quiz eval: {} ({} scopes, {} items asked per scope, commit {})",
        r.set, r.scopes, count, r.commit
    );
    println!("  items per scope          {:.1}", r.items_per_scope);
    println!(
        "  scopes without items     {} {:?}",
        r.scopes_without_items.len(),
        r.scopes_without_items
    );
    println!(
        "  candidates passing       {:.3} of {}",
        r.passed_validation, r.candidates
    );
    println!("  near-duplicate rate      {:.3}", r.duplicate_rate);
    println!("  scope chunk coverage     {:.3}", r.chunk_coverage);
    println!("  keys contradicting src   {}", r.keys_contradicting_source);
    println!(
        "  true/false keyed True    {:.2} of {}",
        r.true_false_true_share, r.stats.true_false
    );
    println!(
        "  MCQ key positions        {:?} (top share {:.2})",
        r.stats.key_positions, r.top_key_position_share
    );
    println!(
        "  levels                   {:?} (apply or above {:.2})",
        r.stats.levels, r.apply_or_above
    );
    println!("  difficulty               {:?}", r.stats.difficulty);
    println!(
        "  ms per quiz              p50 {:.1}  max {:.1}",
        r.ms_per_quiz_p50, r.ms_per_quiz_max
    );
    println!("  items by kind            {:?}", r.by_kind);
    println!("  rejections               {:?}", r.rejections);
    match &r.judged {
        Some(j) => println!(
            "  judged (blind reviewer)  keep {:.2}, correct {:.2}, well-formed {:.2}, worth asking {:.2} over {} items of commit {} ({})",
            j.keep, j.correct, j.well_formed, j.worth_asking, j.items, j.commit, j.file
        ),
        None => println!(
            "  judged (blind reviewer)  none yet for this set (evals/judged/README.md)"
        ),
    }
    println!(
        "  items with sources for a packet: {}",
        items_path.display()
    );
}

fn check_floors(set: &Path, r: &QuizReport) -> Result<bool> {
    let Some((path, floors)) = read_floors(set)? else {
        return Ok(true);
    };
    let mut ok_all = true;
    for (name, floor) in floors.iter().filter(|(n, _)| n.starts_with("quiz_")) {
        let (value, ok) = match name.as_str() {
            "quiz_passed_validation" => (r.passed_validation, r.passed_validation >= *floor),
            "quiz_items_per_scope" => (r.items_per_scope, r.items_per_scope >= *floor),
            "quiz_keys_contradicting_max" => (
                r.keys_contradicting_source as f64,
                r.keys_contradicting_source as f64 <= *floor,
            ),
            _ => anyhow::bail!("{}: unknown floor {name:?}", path.display()),
        };
        eprintln!(
            "{}: {name} = {value:.3} (limit {floor:.3})",
            if ok { "floor kept" } else { "FLOOR BROKEN" }
        );
        ok_all &= ok;
    }
    Ok(ok_all)
}

pub fn run(ctx: &Context, set: &Path, s: &Settings) -> Result<ExitCode> {
    let (root, embedder) = index_root_for_set(ctx, set)?;
    let index = Index::open(&root, Some(embedder))?;
    let scopes = scopes(set, s.scopes.as_deref(), &index, s.max_scopes)?;
    let mut r = QuizReport {
        set: set_name(set),
        commit: commit(),
        scopes: scopes.len(),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut coverage = Vec::new();
    let mut rows_out = Vec::new();
    let mut dupes = 0usize;
    let opts = Options {
        count: s.count,
        ..Options::default()
    };
    for text in &scopes {
        let scope = Scope::parse(text);
        let t = Instant::now();
        let quiz = match generate(&index, &scope, &opts) {
            Ok(q) => q,
            Err(docent_quiz::Error::EmptyScope(_)) => {
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
        let rows = quiz.validation.coverage.chunks;
        dupes += quiz
            .validation
            .reasons
            .get("near_duplicate")
            .copied()
            .unwrap_or(0);
        tally(&mut r, &index, &quiz, rows, &mut coverage);
        rows_out.extend(packet_rows(&r.set, text, &r.commit, &index, &quiz));
    }
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
    r.judged = read_judged(Path::new("evals/judged"), Some(&r.set))?;
    let out_dir = Path::new("evals/out");
    std::fs::create_dir_all(out_dir).ok();
    let items_path = out_dir.join(format!("quiz-items-{}.jsonl", r.set));
    let mut f = std::fs::File::create(&items_path)
        .with_context(|| format!("writing {}", items_path.display()))?;
    for row in &rows_out {
        writeln!(f, "{}", serde_json::to_string(row)?)?;
    }
    if s.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_table(&r, s.count, &items_path);
    }
    Ok(if check_floors(set, &r)? {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
