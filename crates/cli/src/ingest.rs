//! `docent ingest`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use docent_embed::TokenCounter;
use docent_index::ingest;

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

/// The sample product's documentation.
pub const SAMPLE_DOCS: &str = "corpus/docs";
/// What `docent ingest` reads when it is given nothing: the sample corpus, docs and tickets.
pub const SAMPLE_CORPUS: [&str; 2] = [SAMPLE_DOCS, "corpus/tickets"];

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let mut paths = args.paths;
    if paths.is_empty() && args.tickets.is_empty() {
        paths.extend(SAMPLE_CORPUS.map(PathBuf::from));
    }
    // A path that is not there (a typo, another working folder, a disk not mounted) would
    // read as a folder whose files were all deleted, and the new generation would drop its
    // documents; so nothing is done. An empty folder still removes what it held.
    let missing: Vec<String> = paths
        .iter()
        .chain(&args.tickets)
        .filter(|p| !p.exists())
        .map(|p| docent_core::terminal_safe(&p.display().to_string()))
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "{}: no such file or folder; nothing was ingested and the index is unchanged (to take a folder's documents out of the index, empty the folder and ingest it)",
            missing.join(", ")
        );
    }
    let embedder = ctx.embedder()?;
    let source = ctx.files(paths, args.tickets);
    let opts = ctx.ingest_options(&ctx.index_name, source, embedder.as_ref())?;
    let counter = TokenCounter::load(std::path::Path::new(&ctx.config.model.dir))?;
    let report = ingest(&opts, embedder.as_ref(), &counter, &Bars::new())?;
    if let (Some(r), false) = (&report.replica, args.json) {
        eprintln!(
            "qdrant: {} chunks, {} upserted before the swap, {} deleted after, {} unchanged ({:.1}s){}",
            r.chunks,
            r.upserted,
            r.deleted,
            r.unchanged,
            r.seconds,
            r.prune_error
                .as_deref()
                .map(|e| format!("; deleting stale points failed ({e}): the next ingest retries"))
                .unwrap_or_default()
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for w in &report.widened {
            eprintln!(
                "{} lies inside {}, which the index already holds: read {} instead, so its files keep their ids",
                docent_core::terminal_safe(&w.given),
                docent_core::terminal_safe(&w.root),
                docent_core::terminal_safe(&w.root),
            );
        }
        for p in &report.problems {
            eprintln!("skipped {}", docent_core::terminal_safe(&p.to_string()));
        }
        let synced = report
            .replica
            .as_ref()
            .map_or(0, |r| r.upserted + r.deleted);
        let what = if report.committed {
            format!("generation {} is live", report.generation)
        } else if synced > 0 {
            // The files were unchanged, but the Qdrant collection was brought back up to the
            // live generation (an outside probe: a re-upload of every point said "no work").
            format!(
                "no file changed; generation {} stays live, its Qdrant points brought up to date",
                report.generation
            )
        } else {
            "nothing changed; no work done".to_string()
        };
        println!(
            "{}: {} files ({} unchanged, {} new or changed, {} removed), {} documents, {} tickets, {} chunks ({} embedded, {} reused), {} sentences ({} embedded, {} reused), {} headings embedded, {} terms embedded, {} skipped, {:.1}s ({:.1}s embedding, of which {:.1}s sentences); {what}",
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
            report.headings_embedded,
            report.terms_embedded,
            report.problems.len(),
            report.seconds,
            report.seconds_embedding,
            report.seconds_sentences,
        );
    }
    Ok(ExitCode::SUCCESS)
}
