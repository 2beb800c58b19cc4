//! `docent ask`: one question through the tutor, in the terminal.

use std::process::ExitCode;

use anyhow::{bail, Result};
use docent_core::Audience;
use docent_embed::Embedder;
use docent_tutor::{Question, Tutor};

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The question.
    question: String,
    /// Asker's audience: public, customer or internal.
    #[arg(long, default_value = "public")]
    audience: String,
    /// Earlier questions of the conversation, oldest first (for follow-ups).
    #[arg(long = "after")]
    history: Vec<String>,
    /// Print the whole answer as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let Some(audience) = Audience::parse(&args.audience) else {
        bail!(
            "--audience {:?}: expected public, customer or internal",
            args.audience
        );
    };
    // As the API refuses it (400 empty_question): blank was answered as a question.
    if docent_core::without_invisible_controls(&args.question)
        .trim()
        .is_empty()
    {
        bail!(
            "the question is empty: ask something, e.g. docent ask \"How do I export a report?\""
        );
    }
    let embedder: std::sync::Arc<dyn Embedder> = ctx.embedder()?;
    let index = ctx.open_index(Some(embedder))?;
    let tutor = Tutor::from_config(&ctx.config)?;
    let q = Question {
        history: &args.history,
        ..Question::new(&args.question, audience)
    };
    let started = std::time::Instant::now();
    let answer = tutor.ask(&index, &q, &mut |_, _| {})?;
    let took = started.elapsed();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(ExitCode::SUCCESS);
    }
    if answer.resolved_question != answer.question {
        println!("(understood as: {})\n", answer.resolved_question);
    }
    println!("{}\n", answer.text);
    if answer.answered {
        println!("Sources:");
        for c in &answer.citations {
            let mut path = c.heading_path.clone();
            if path.first() != Some(&c.title) {
                path.insert(0, c.title.clone());
            }
            println!("  [{}] {}  {}", c.n, path.join(" > "), c.link);
        }
    } else {
        println!("Closest articles:");
        for r in &answer.related {
            println!("  - {}  {}", r.title, r.link);
        }
    }
    println!(
        "\nconfidence {:.3} (threshold {:.3}), {} composer, {:.0} ms",
        answer.confidence,
        ctx.config.tutor.threshold,
        answer.composer,
        took.as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}
