//! `docent gaps`: the knowledge-gap report.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use docent_embed::{Embedder, TokenCounter};
use docent_gaps::{render, Options, Period, Signal};
use docent_index::{ingest, Index};

use crate::context::Context;
use crate::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// A ticket export (CSV, JSON, JSONL) to add to the index first (incremental).
    #[arg(long)]
    tickets: Vec<PathBuf>,
    /// week or day.
    #[arg(long, default_value = "week")]
    period: Period,
    /// Report date, YYYY-MM-DD, in the years 1900-9999 (default: the latest ticket's date).
    #[arg(long, value_parser = report_date)]
    as_of: Option<NaiveDate>,
    /// markdown, json, csv or html.
    #[arg(long, default_value = "markdown")]
    format: render::Format,
    /// Output file (default: standard output).
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Gaps listed.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Cosine similarity that joins a topic, 0 to 1 (lower: broader topics, less noise).
    #[arg(long, default_value_t = 0.55, value_parser = similarity)]
    threshold: f32,
    /// Questions a language other than the model's needs for a section of its own (fewer:
    /// counted in data quality only).
    #[arg(long, default_value_t = 50)]
    min_language: usize,
}

/// Unanswered and not-helpful questions from the server's database, embedded.
pub fn chat_signals(ctx: &Context, embedder: &dyn Embedder) -> Result<Vec<Signal>> {
    let server = &ctx.config.server;
    if server.database_url.trim().is_empty() && !Path::new(&server.db).exists() {
        return Ok(Vec::new());
    }
    let db = docent_state::db::Db::open(server)?;
    if let Some(note) = crate::state::other_indexes_note(&db, &ctx.index_name)? {
        eprintln!("{note}");
    }
    let on = docent_state::db::OnIndex::Named(&ctx.index_name);
    let chat = docent_state::db::signals::chat_signals(&db, embedder, None, None, on)
        .with_context(|| format!("chat questions of {}", db.name()))?;
    Ok(chat.signals)
}

/// Topics leads marked as not gaps, from the server's database (none without one).
pub fn dismissed(ctx: &Context) -> Result<Vec<docent_gaps::Dismissed>> {
    let server = &ctx.config.server;
    if server.database_url.trim().is_empty() && !Path::new(&server.db).exists() {
        return Ok(Vec::new());
    }
    let db = docent_state::db::Db::open(server)?;
    let on = docent_state::db::OnIndex::Named(&ctx.index_name);
    Ok(docent_state::db::block_on(docent_state::dismiss::load(
        &db, on,
    ))?)
}

/// Ingests ticket files into the current index (the documents of earlier ingests stay as they
/// are; an index that does not exist yet gets the sample product's documentation, so that the
/// report can say which topics the docs cover); returns the problems found.
pub fn ingest_tickets(
    ctx: &Context,
    embedder: &Arc<dyn Embedder>,
    files: &[PathBuf],
) -> Result<Vec<String>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let counter = TokenCounter::load(Path::new(&ctx.config.model.dir))?;
    let mut docs = Vec::new();
    if docent_index::live_generation(&ctx.index_dir())?.is_none() {
        docs.extend(Some(PathBuf::from(crate::ingest::SAMPLE_DOCS)).filter(|p| p.exists()));
    }
    let source = ctx.files(docs, files.to_vec());
    let opts = ctx.ingest_options(&ctx.index_name, source, embedder.as_ref())?;
    let report = ingest(&opts, embedder.as_ref(), &counter, &Bars::new())?;
    Ok(report.problems.iter().map(|p| p.to_string()).collect())
}

/// A report date as the API takes it: `--as-of 0000-01-01` was accepted here while the API
/// refuses dates outside the years 1900-9999 (a report's date arithmetic overflows near
/// chrono's limits).
fn report_date(s: &str) -> std::result::Result<NaiveDate, String> {
    use chrono::Datelike;
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s}: {e} (use YYYY-MM-DD)"))?;
    if !docent_core::YEARS.contains(&d.year()) {
        return Err(format!("{s} is outside the years 1900-9999"));
    }
    Ok(d)
}

/// A cosine threshold: a number from 0 to 1 (NaN, infinity or 2 clustered nothing and
/// reported every question as noise).
fn similarity(s: &str) -> std::result::Result<f32, String> {
    let v: f32 = s.parse().map_err(|e| format!("{s}: {e}"))?;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("{s}: use a number from 0 to 1"));
    }
    Ok(v)
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let embedder = ctx.embedder()?;
    for t in &args.tickets {
        if !t.exists() {
            bail!("--tickets {}: no such file", t.display());
        }
    }
    let problems = ingest_tickets(ctx, &embedder, &args.tickets)?;
    let backend = ctx.sync_backend(&ctx.index_name, embedder.as_ref(), true)?;
    let index = Index::open_on(
        &ctx.index_dir(),
        Some(embedder.clone() as Arc<dyn Embedder>),
        &backend,
    )?;
    let started = std::time::Instant::now();
    let mut signals = docent_gaps::ticket_signals(&index)?;
    if signals.is_empty() {
        bail!(
            "index {} holds no tickets: run `docent ingest` on a ticket export or pass --tickets FILE",
            ctx.index_dir().display()
        );
    }
    signals.extend(chat_signals(ctx, embedder.as_ref())?);
    let opts = Options {
        period: args.period,
        as_of: args.as_of,
        top: args.top,
        threshold: args.threshold,
        min_language: args.min_language,
        dismissed: dismissed(ctx)?,
        ..Options::default()
    };
    // An ingest run here reported the problems of every file (stored ones again); without
    // one, those the last ingest stored with the index.
    let mut problems = if args.tickets.is_empty() {
        docent_gaps::stored_problems(&index)
    } else {
        problems
    };
    problems.extend(docent_gaps::keep_recent(&mut signals, &opts));
    if let Err(m) = docent_gaps::check_range(&signals, &opts) {
        bail!("--as-of/--period: {m}");
    }
    let weights = docent_gaps::term_weights(&index);
    let report = docent_gaps::report(&index, &weights, &signals, &opts, problems)?;
    let text = args.format.render(&report, true)?;
    match &args.out {
        Some(p) => std::fs::write(p, &text).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    eprintln!(
        "{} signals, {} topics ({:.1}% noise), {} spiking; report in {:.1} s",
        report.data_quality.signals,
        report.topics,
        report.data_quality.noise_share * 100.0,
        report.spiking.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
