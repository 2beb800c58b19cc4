//! `docent index`: moving an index between backends.

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Subcommand, ValueEnum};
use docent_core::IndexBackend;
use docent_index::qdrant::QdrantStore;

use crate::context::Context;
use crate::progress::Bars;

#[derive(Subcommand, Debug)]
pub enum Args {
    /// Copy the index's live generation into a backend, without re-embedding: chunks, dense
    /// vectors (from the index on disk) and BM25 sparse vectors. Re-running it sends only
    /// what changed. Then set `[index] backend` to serve from there.
    Migrate {
        /// The backend to copy into.
        #[arg(long, value_enum)]
        to: Target,
        /// Delete the collection first and copy everything again.
        #[arg(long)]
        replace: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Target {
    /// A Qdrant server or cluster (`[index] qdrant_url`).
    Qdrant,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let Args::Migrate { to, replace, json } = args;
    let Target::Qdrant = to;
    let dir = ctx.index_dir();
    let Some(manifest) = docent_index::live_manifest(&dir)? else {
        bail!(
            "no index at {}: run `docent ingest PATH` first",
            dir.display()
        );
    };
    let opts = docent_index::qdrant_options(&ctx.config.index, &ctx.index_name);
    let store = QdrantStore::connect(opts.clone(), manifest.dimension, &manifest.model_id)?;
    let store = if replace {
        store.drop_collection()?;
        QdrantStore::connect(opts, manifest.dimension, &manifest.model_id)?
    } else {
        store
    };
    let report = docent_index::sync(&dir, &store, &Bars::new())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} -> qdrant {} collection {}: {} chunks, {} upserted, {} deleted, {} unchanged, {:.1}s ({:.0} chunks/s)",
            dir.display(),
            store.shown_url(),
            store.collection(),
            report.chunks,
            report.upserted,
            report.deleted,
            report.unchanged,
            report.seconds,
            report.upserted as f64 / report.seconds.max(1e-9),
        );
        if ctx.config.index.backend != IndexBackend::Qdrant {
            println!("serve from it with `[index] backend = \"qdrant\"` in docent.toml (or DOCENT_INDEX_BACKEND=qdrant)");
        }
    }
    Ok(ExitCode::SUCCESS)
}
