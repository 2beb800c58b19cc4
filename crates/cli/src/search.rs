//! `docent search`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Result};
use docent_core::{Audience, DocKind, SearchMode};
use docent_embed::Embedder;
use docent_index::{Filter, SearchOptions};

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The question or keywords.
    query: String,
    /// Number of results (default: [search] k; at most 1000).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..=1000))]
    k: Option<u16>,
    /// bm25 (keywords), dense (meaning) or hybrid (both, fused). Default: [search] mode.
    #[arg(long)]
    mode: Option<SearchMode>,
    /// Reader's audience: public, customer or internal (staff, sees everything).
    #[arg(long, default_value = "internal")]
    audience: String,
    /// Only docs or only tickets.
    #[arg(long, value_parser = ["doc", "ticket"])]
    kind: Option<String>,
    /// Only this product area.
    #[arg(long)]
    product: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    // A blank query matched whatever came first (an outside re-check).
    if docent_core::without_invisible_controls(&args.query)
        .trim()
        .is_empty()
    {
        anyhow::bail!("the query is empty: search for something, e.g. docent search \"export\"");
    }
    let mut opts = SearchOptions::from_config(&ctx.config.search);
    if let Some(k) = args.k {
        opts.k = usize::from(k);
    }
    if let Some(m) = args.mode {
        opts.mode = m;
    }
    let Some(audience) = Audience::parse(&args.audience) else {
        bail!(
            "--audience {:?}: expected public, customer or internal",
            args.audience
        );
    };
    opts.filter = Filter {
        audience,
        kinds: args
            .kind
            .as_deref()
            .and_then(DocKind::parse)
            .into_iter()
            .collect(),
        product: args.product.clone(),
    };
    let embedder: Option<Arc<dyn Embedder>> = match opts.mode {
        SearchMode::Bm25 => None,
        _ => Some(ctx.embedder()?),
    };
    let index = ctx.open_index(embedder)?;
    let started = std::time::Instant::now();
    let hits = index.search(&args.query, &opts)?;
    let took = started.elapsed();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        println!(
            "No results for {:?} ({} mode).",
            args.query,
            opts.mode.as_str()
        );
    }
    for (i, h) in hits.iter().enumerate() {
        let c = &h.chunk;
        let mut path = c.title.clone();
        for heading in &c.heading_path {
            if heading != &c.title {
                path.push_str(" > ");
                path.push_str(heading);
            }
        }
        let safe = docent_core::terminal_safe;
        println!(
            "{}. {}  [{}] score {:.4}",
            i + 1,
            safe(&path),
            safe(&c.id),
            h.score
        );
        println!("   {}", safe(c.url.as_deref().unwrap_or(&c.source)));
        let snippet: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let snippet: String = snippet.chars().take(220).collect();
        println!("   {}…\n", safe(&snippet));
    }
    eprintln!(
        "{} results in {:.1} ms ({} mode)",
        hits.len(),
        took.as_secs_f64() * 1e3,
        opts.mode.as_str()
    );
    Ok(ExitCode::SUCCESS)
}
