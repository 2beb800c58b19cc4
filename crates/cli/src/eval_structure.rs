//! `docent eval structure`: structure recovery of flat text, before and after.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use docent_eval::structure::{markdown_originals, reference_sentences_whole, MarkdownReport};
use docent_ingest::{load_jsonl_docs, load_markdown, LoadDefaults};
use serde::Serialize;

#[derive(Serialize)]
struct Manual {
    set: String,
    reference_sentences: usize,
    whole_before: f64,
    whole_after: f64,
}

#[derive(Serialize)]
struct Report {
    markdown: MarkdownReport,
    manual: Option<Manual>,
}

fn markdown_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            markdown_files(&p, out)?;
        } else if p
            .extension()
            .is_some_and(|x| x == "md" || x == "mdx" || x == "markdown")
        {
            out.push(p);
        }
    }
    Ok(())
}

fn manual(set: &Path) -> Result<Manual> {
    let corpus = set.join("corpus.jsonl");
    let text = std::fs::read_to_string(&corpus)
        .with_context(|| format!("reading {}", corpus.display()))?;
    let raw: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let (docs, _) = load_jsonl_docs(
        &corpus.display().to_string(),
        &text,
        &LoadDefaults::default(),
    );
    let recovered: Vec<String> = docs.into_iter().map(|d| d.text).collect();
    let queries = set.join("queries.jsonl");
    let q = std::fs::read_to_string(&queries)
        .with_context(|| format!("reading {}", queries.display()))?;
    let reference: Vec<String> = q
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("answer").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let (n, before) = reference_sentences_whole(&raw, &reference);
    let (_, after) = reference_sentences_whole(&recovered, &reference);
    Ok(Manual {
        set: crate::eval::set_name(set),
        reference_sentences: n,
        whole_before: before,
        whole_after: after,
    })
}

pub fn run(markdown: &Path, manual_set: Option<&Path>, json: bool) -> Result<ExitCode> {
    let mut files = Vec::new();
    markdown_files(markdown, &mut files)?;
    files.sort();
    let mut bodies = Vec::new();
    for f in &files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let doc = load_markdown(&f.display().to_string(), &text, LoadDefaults::default())?;
        bodies.push(doc.text);
    }
    let report = Report {
        markdown: markdown_originals(&bodies),
        manual: manual_set.map(manual).transpose()?,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let m = &report.markdown;
    println!(
        "structure recovery: {} Markdown docs from {} flattened, then recovered",
        m.documents,
        markdown.display()
    );
    println!("                        no recovery  recovered");
    for (name, b, a) in [
        (
            "boundary precision",
            m.before.boundary_precision,
            m.after.boundary_precision,
        ),
        (
            "boundary recall",
            m.before.boundary_recall,
            m.after.boundary_recall,
        ),
        ("units exact", m.before.exact_units, m.after.exact_units),
        (
            "headings recovered",
            m.before.headings_recovered,
            m.after.headings_recovered,
        ),
    ] {
        println!("  {name:<22}{b:>10.3}{a:>11.3}");
    }
    println!("  ({} units in the originals)", m.after.gold_units);
    if let Some(x) = &report.manual {
        println!(
            "{}: reference answer sentences found whole, of {}: {:.3} -> {:.3}",
            x.set, x.reference_sentences, x.whole_before, x.whole_after
        );
    }
    Ok(ExitCode::SUCCESS)
}
