//! `docent quiz`: a validated draft quiz from a scope, exported.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use docent_core::Audience;
use docent_embed::Embedder;
use docent_quiz::export::{render, Format};
use docent_quiz::{generate, ItemKind, Options, Scope};

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// What the quiz covers: a query ("exporting reports"), `docs:ID,ID` or `heading:Text`.
    #[arg(long)]
    scope: String,
    /// Items wanted.
    #[arg(long, default_value_t = 10)]
    count: usize,
    /// Item kinds, comma-separated: multiple_choice (mcq), multiple_select, true_false (tf),
    /// cloze, ordering, short_answer. Default: all.
    #[arg(long, value_delimiter = ',')]
    kinds: Vec<String>,
    /// json, markdown, gift, aiken, qti (zip; needs -o) or csv.
    #[arg(long, default_value = "markdown")]
    format: String,
    /// Output file (default: standard output).
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// rules (no language model) or llm (the [llm] endpoint; items validated the same way).
    #[arg(long, default_value = "rules", value_parser = ["rules", "llm"])]
    generator: String,
    /// Learners' audience: documents above it are left out.
    #[arg(long, default_value = "customer")]
    audience: String,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let Some(format) = Format::parse(&args.format) else {
        bail!(
            "--format {:?}: use json, markdown, gift, aiken, qti or csv",
            args.format
        );
    };
    let Some(audience) = Audience::parse(&args.audience) else {
        bail!(
            "--audience {:?}: expected public, customer or internal",
            args.audience
        );
    };
    let mut kinds = Vec::new();
    for k in &args.kinds {
        match ItemKind::parse(k) {
            Some(kind) => kinds.push(kind),
            None => bail!(
                "--kinds {k:?}: use multiple_choice, multiple_select, true_false, cloze, ordering or short_answer"
            ),
        }
    }
    if format == Format::Qti && args.out.is_none() {
        bail!("--format qti writes a zip package: give a file with -o quiz.zip");
    }
    let embedder: std::sync::Arc<dyn Embedder> = ctx.embedder()?;
    let index = ctx.open_index(Some(embedder))?;
    // The operator reads every document: a scope of internal ones says how to quiz it.
    let opts = Options {
        count: args.count,
        kinds,
        audience,
        reach: Some(Audience::Internal),
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let scope = Scope::parse(&args.scope);
    let quiz = if args.generator == "llm" {
        let client = docent_tutor::generative::LlmClient::from_config(&ctx.config.llm)?;
        docent_quiz::generate_with_llm(&index, &scope, &opts, &client, &ctx.config.llm.quiz_prompt)?
    } else {
        generate(&index, &scope, &opts)?
    };
    let took = started.elapsed();
    let rendered = render(&quiz, format).map_err(|e| anyhow::anyhow!("export: {e}"))?;
    let bytes = &rendered.bytes;
    // An export that holds none of the items is no quiz: nothing is written (an outside
    // review got an empty Aiken file and exit code 0).
    if rendered.exported(&quiz) == 0 && rendered.live(&quiz) > 0 {
        anyhow::bail!(
            "the {} export can hold none of the quiz's {} items ({}); nothing was written: choose another format or other --kinds",
            args.format,
            rendered.live(&quiz),
            rendered.left_out_list().unwrap_or_default()
        );
    }
    match &args.out {
        Some(p) => std::fs::write(p, bytes).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().write_all(bytes)?,
    }
    let v = &quiz.validation;
    eprintln!(
        "{} items ({} candidates, {} passed validation, rejected: {:?}) in {:.0} ms{}",
        quiz.items.len(),
        v.candidates,
        v.passed,
        v.reasons,
        took.as_secs_f64() * 1000.0,
        args.out
            .as_ref()
            .map(|p| format!("; wrote {}", p.display()))
            .unwrap_or_default()
    );
    if let Some(list) = rendered.left_out_list() {
        eprintln!(
            "the {} export holds {} of the {} items; left out: {list}",
            args.format,
            rendered.exported(&quiz),
            rendered.live(&quiz),
        );
    }
    let c = &v.coverage;
    if quiz.generator == "rules" {
        eprintln!(
            "scope coverage: {} chunks in {} documents, {} gave candidate items, the quiz draws on {}; {} candidates off the scope's topic left out",
            c.chunks, c.documents, c.chunks_with_candidates, c.chunks_used, c.off_topic
        );
    }
    if let Some(note) = quiz.shortfall(args.count) {
        eprintln!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}
