//! `docent eval quiz`: the rule-based generator over many scopes of a set's docs.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use docent_core::{Audience, DocKind};
use docent_index::Index;
use docent_quiz::{generate, validate, Options, Scope};
use serde::Serialize;

use crate::context::Context;
use crate::eval::{index_root_for_set, read_floors, set_name};

#[derive(Serialize, Default)]
struct QuizReport {
    set: String,
    scopes: usize,
    items: usize,
    items_per_scope: f64,
    candidates: usize,
    passed_validation: f64,
    duplicate_rate: f64,
    chunk_coverage: f64,
    keys_contradicting_source: usize,
    ms_per_quiz_p50: f64,
    ms_per_quiz_max: f64,
    by_kind: std::collections::BTreeMap<String, usize>,
    rejections: std::collections::BTreeMap<String, usize>,
}

/// Scopes: the set's quiz_scopes.txt (one scope a line) or every document, up to `max`.
fn scopes(set: &Path, index: &Index, max: usize) -> Result<Vec<String>> {
    let file = set.join("quiz_scopes.txt");
    if file.exists() {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        return Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect());
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

pub fn run(
    ctx: &Context,
    set: &Path,
    json: bool,
    count: usize,
    max_scopes: usize,
) -> Result<ExitCode> {
    let (root, embedder) = index_root_for_set(ctx, set)?;
    let index = Index::open(&root, Some(embedder))?;
    let scopes = scopes(set, &index, max_scopes)?;
    let mut r = QuizReport {
        set: set_name(set),
        scopes: scopes.len(),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut coverage = Vec::new();
    let mut sample = String::new();
    let mut dupes = 0usize;
    for (n, s) in scopes.iter().enumerate() {
        let scope = Scope::parse(s);
        let opts = Options {
            count,
            ..Options::default()
        };
        let rows = docent_quiz::resolve(&index, &scope, &opts)?;
        let t = Instant::now();
        let quiz = generate(&index, &scope, &opts)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        r.items += quiz.items.len();
        r.candidates += quiz.validation.candidates;
        dupes += quiz
            .validation
            .reasons
            .get("near_duplicate")
            .copied()
            .unwrap_or(0);
        for (k, v) in &quiz.validation.reasons {
            *r.rejections.entry(k.clone()).or_default() += v;
        }
        let passed_share = quiz.validation.passed;
        r.passed_validation += passed_share as f64;
        let sources: std::collections::HashSet<&str> = quiz
            .items
            .iter()
            .map(|i| i.source.chunk_id.as_str())
            .collect();
        coverage.push(sources.len() as f64 / rows.len().max(1) as f64);
        for it in &quiz.items {
            *r.by_kind.entry(it.kind.as_str().into()).or_default() += 1;
            // Re-check every kept item against its source as it stands in the index.
            let source = index.chunks().iter().find(|c| c.id == it.source.chunk_id);
            if source.is_none_or(|c| validate::item(it, &c.text).is_err()) {
                r.keys_contradicting_source += 1;
            }
        }
        // A blind sample for a person: the second item of every third scope.
        if n % 3 == 0 {
            if let Some(it) = quiz.items.get(1) {
                let _ = writeln!(
                    sample,
                    "## {}\n\n{}\n",
                    sample.matches("## ").count() + 1,
                    it.stem
                );
                for (k, o) in it.options.iter().enumerate() {
                    let _ = writeln!(
                        sample,
                        "- {}{}",
                        if it.key.contains(&k) { "(key) " } else { "" },
                        o
                    );
                }
                if !it.answers.is_empty() {
                    let _ = writeln!(sample, "- answer: {}", it.answers.join(" | "));
                }
                let _ = writeln!(
                    sample,
                    "\nSource: {} — \"{}\"\n\nJudge: correct? clear? worth asking? (y/n each)\n",
                    it.source.doc_id,
                    it.source.quote.replace('\n', " ")
                );
            }
        }
    }
    r.items_per_scope = r.items as f64 / r.scopes.max(1) as f64;
    r.passed_validation /= r.candidates.max(1) as f64;
    r.duplicate_rate = dupes as f64 / r.candidates.max(1) as f64;
    r.chunk_coverage = coverage.iter().sum::<f64>() / coverage.len().max(1) as f64;
    times.sort_by(f64::total_cmp);
    r.ms_per_quiz_p50 = times.get(times.len() / 2).copied().unwrap_or(0.0);
    r.ms_per_quiz_max = times.last().copied().unwrap_or(0.0);
    let out_dir = Path::new("evals/out");
    std::fs::create_dir_all(out_dir).ok();
    let sample_path = out_dir.join(format!("quiz-sample-{}.md", r.set));
    std::fs::write(
        &sample_path,
        format!("# Blind sample: {}\n\n{sample}", r.set),
    )
    .with_context(|| format!("writing {}", sample_path.display()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!(
            "quiz eval: {} ({} scopes, {} items asked per scope)",
            r.set, r.scopes, count
        );
        println!("  items per scope          {:.1}", r.items_per_scope);
        println!(
            "  candidates passing       {:.3} of {}",
            r.passed_validation, r.candidates
        );
        println!("  near-duplicate rate      {:.3}", r.duplicate_rate);
        println!("  scope chunk coverage     {:.3}", r.chunk_coverage);
        println!("  keys contradicting src   {}", r.keys_contradicting_source);
        println!(
            "  ms per quiz              p50 {:.1}  max {:.1}",
            r.ms_per_quiz_p50, r.ms_per_quiz_max
        );
        println!("  items by kind            {:?}", r.by_kind);
        println!("  rejections               {:?}", r.rejections);
        println!("  blind sample for a person: {}", sample_path.display());
    }
    if let Some((path, floors)) = read_floors(set)? {
        let mut failed = false;
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
            failed |= !ok;
        }
        if failed {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
