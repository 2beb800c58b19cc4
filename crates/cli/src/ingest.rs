//! `docent ingest`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use docent_embed::TokenCounter;
use docent_index::{ingest, IngestOptions};
use docent_ingest::LoadDefaults;

use crate::context::Context;
use crate::progress::Bars;

#[derive(clap::Args)]
pub struct Args {
    /// Documentation files or folders (.md, .mdx, .html, .txt, .jsonl); .csv files found there
    /// are read as ticket exports. Default: the sample corpus, corpus/docs and corpus/tickets
    /// (document ids are paths relative to the folder given, without extension).
    paths: Vec<PathBuf>,
    /// Ticket exports (CSV, JSON or JSONL; Zendesk and Freshdesk columns are recognised; see
    /// [tickets] in docent.toml for other column names).
    #[arg(long = "tickets", value_name = "FILE")]
    tickets: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let mut paths = args.paths;
    if paths.is_empty() && args.tickets.is_empty() {
        paths.push(PathBuf::from("corpus/docs"));
        paths.push(PathBuf::from("corpus/tickets"));
    }
    let cfg = &ctx.config;
    let embedder = ctx.embedder()?;
    let counter = TokenCounter::load(std::path::Path::new(&cfg.model.dir))?;
    let opts = IngestOptions {
        index_dir: ctx.index_dir(),
        paths,
        ticket_paths: args.tickets,
        chunking: cfg.chunking.clone(),
        defaults: LoadDefaults {
            audience: Some(cfg.ingest.default_audience),
            product: None,
        },
        mapping: cfg.tickets.clone(),
        model_max_tokens: embedder.max_tokens(),
        fail_at: None,
    };
    let report = ingest(&opts, embedder.as_ref(), &counter, &Bars::new())?;
    // The index on disk is committed; bring a Qdrant collection up to it (also when nothing
    // changed, which finishes a sync that failed earlier).
    ctx.sync_backend(&ctx.index_name, embedder.as_ref(), args.json)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for p in &report.problems {
            eprintln!("skipped {p}");
        }
        let what = if report.committed {
            format!("generation {} is live", report.generation)
        } else {
            "nothing changed; no work done".to_string()
        };
        println!(
            "{}: {} files ({} unchanged, {} new or changed, {} removed), {} documents, {} tickets, {} chunks ({} embedded, {} reused), {} sentences ({} embedded, {} reused), {} skipped, {:.1}s ({:.1}s embedding, of which {:.1}s sentences); {what}",
            ctx.index_dir().display(),
            report.files_seen,
            report.files_unchanged,
            report.files_changed,
            report.files_removed,
            report.documents,
            report.tickets,
            report.chunks,
            report.chunks_embedded,
            report.chunks_reused,
            report.sentences_embedded + report.sentences_reused,
            report.sentences_embedded,
            report.sentences_reused,
            report.problems.len(),
            report.seconds,
            report.seconds_embedding,
            report.seconds_sentences,
        );
    }
    Ok(ExitCode::SUCCESS)
}
