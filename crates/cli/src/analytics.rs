//! `docent analytics`: the tutor's own numbers per day or week, read from the server's state
//! database (the same numbers as `GET /v1/analytics` and the /lead page).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use docent_embed::Embedder;
use docent_index::Index;
use docent_state::analytics::{self, AnalyticsError, Format, Params};

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// week or day.
    #[arg(long, default_value = "week")]
    period: docent_gaps::Period,
    /// First day, YYYY-MM-DD (default: 12 weeks or 14 days before --to).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD (default: the latest question's day).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// text, json, csv or html.
    #[arg(long, default_value = "text")]
    format: Format,
    /// Unanswered question groups and docs listed.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Group unanswered questions by text only (no embedding model loaded).
    #[arg(long)]
    no_model: bool,
    /// Output file (default: standard output).
    #[arg(short, long)]
    out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let server = &ctx.config.server;
    let path = Path::new(&server.db);
    if server.database_url.trim().is_empty() && !path.exists() {
        bail!(
            "no state database at {} ([server] db): the tutor has answered nothing yet, or give --config",
            path.display()
        );
    }
    let db = docent_state::db::Db::open(server)?;
    let embedder: Option<Arc<dyn Embedder>> = if args.no_model {
        None
    } else {
        Some(ctx.embedder()? as Arc<dyn Embedder>)
    };
    let docs = match Index::open(&ctx.index_dir(), embedder.clone()) {
        Ok(index) => analytics::index_docs(&index),
        Err(e) => {
            eprintln!("note: docs never cited are not listed: {e:#}");
            Vec::new()
        }
    };
    let p = Params {
        period: args.period,
        from: args.from,
        to: args.to,
        top: args.top.clamp(1, 1000),
    };
    if let Some(note) = crate::state::other_indexes_note(&db, &ctx.index_name)? {
        eprintln!("{note}");
    }
    let on = docent_state::db::OnIndex::Named(&ctx.index_name);
    let rows = docent_state::db::block_on(analytics::read(&db, &p, on)).map_err(|e| match e {
        AnalyticsError::Range(m) => anyhow::anyhow!("--from/--to: {m}"),
        AnalyticsError::Db(e) => anyhow::anyhow!("{e}"),
    })?;
    let a = analytics::build(&rows, &docs, embedder.as_deref(), None, &p);
    let text = args.format.render(&a, true)?;
    match &args.out {
        Some(p) => std::fs::write(p, &text).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().write_all(docent_core::terminal_safe(&text).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
