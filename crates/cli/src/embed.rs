//! `docent embed`: embeds lines of text and reports throughput (and optionally the vectors).
//! Used by the peer comparison (evals/peer/) to time candle against PyTorch on the same input.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use docent_embed::Embedder;

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// A text file, one sentence a line.
    #[arg(long)]
    file: PathBuf,
    /// Sentences per forward pass (default: [model] batch_size).
    #[arg(long)]
    batch: Option<usize>,
    /// Write the vectors as JSON (a list of lists) to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the timing as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    anyhow::ensure!(!lines.is_empty(), "{}: no sentences", args.file.display());
    let mut model = ctx.config.model.clone();
    if let Some(b) = args.batch {
        model.batch_size = b;
    }
    let embedder = docent_embed::BertEmbedder::load(&model)?;
    // Warm-up on one batch, not timed.
    embedder.embed(&lines[..lines.len().min(model.batch_size)])?;
    let started = Instant::now();
    let mut vectors = Vec::with_capacity(lines.len());
    for part in lines.chunks(model.batch_size) {
        vectors.extend(embedder.embed(part)?);
    }
    let secs = started.elapsed().as_secs_f64();
    let rate = lines.len() as f64 / secs;
    let gflops = embedder.matrix_flops(&lines)? / secs / 1e9;
    if args.json {
        println!(
            "{}",
            serde_json::json!({"sentences": lines.len(), "batch": model.batch_size, "seconds": secs, "sentences_per_second": rate, "matrix_gflops_per_second": gflops})
        );
    } else {
        println!(
            "{} sentences, batch {}: {:.2}s, {:.1} sentences/s, {:.0} GFLOP/s of matrix work",
            lines.len(),
            model.batch_size,
            secs,
            rate,
            gflops
        );
    }
    if let Some(out) = args.out {
        std::fs::write(&out, serde_json::to_string(&vectors)?)
            .with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
