//! `docent`: the command line. Glue over the library crates: each subcommand parses its
//! arguments, loads the configuration slice it needs and calls one library function.

mod analytics;
mod ask;
mod bench;
mod context;
mod doctor;
mod embed;
mod eval;
mod eval_answers;
mod gaps;
mod index_cmd;
mod ingest;
mod keys;
mod loopback;
mod progress;
mod quiz;
mod report;
mod search;
mod serve;
mod state;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Docent: a self-hosted knowledge hub. Index your docs and support tickets, search them with
/// hybrid (BM25 + embedding) retrieval, and answer customers' questions with citations.
///
/// Start with `docent doctor` to check the set-up, `docent ingest` to index the sample corpus,
/// `docent ask "how do I export a report?"`, then `docent serve` and open /demo.
#[derive(Parser)]
#[command(name = "docent", version, about, long_about)]
struct Cli {
    /// Configuration file (default: ./docent.toml when it exists). Every setting can also be
    /// given as DOCENT_SECTION_KEY, e.g. DOCENT_MODEL_DIR or DOCENT_SEARCH_K.
    #[arg(long, global = true, env = "DOCENT_CONFIG")]
    config: Option<PathBuf>,
    /// Index name under [index] dir (default: [index] name, "default").
    #[arg(long, global = true)]
    index: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index documents and ticket exports. Unchanged files cost nothing on re-runs, changed
    /// files are replaced, deleted files leave the index.
    Ingest(ingest::Args),
    /// Search the index.
    Search(search::Args),
    /// Ask the tutor a question: an answer with citations, or "I don't know".
    Ask(ask::Args),
    /// Serve the API, the chat widget (/widget.js) and a demo help centre (/demo).
    Serve(serve::Args),
    /// Draft a quiz from the docs: validated items with keys, explanations and sources,
    /// exported as JSON, Markdown, GIFT, Aiken, QTI 2.1 or CSV.
    Quiz(quiz::Args),
    /// The knowledge-gap report: ticket topics that spike or pile up where the docs are weak,
    /// with trend, coverage, samples and the content to write next.
    Gaps(gaps::Args),
    /// The tutor's own numbers for leads, per day or week: questions, answered, declined,
    /// votes, hand-offs, estimated deflection, latency, top unanswered questions, docs cited.
    Analytics(analytics::Args),
    /// Check the model, the index and the configuration, and say how to fix what is wrong.
    Doctor,
    /// Run an evaluation set and print metrics.
    Eval(eval::Args),
    /// Measure ingest throughput, query latency and memory.
    Bench(bench::Args),
    /// Embed lines of a text file and report throughput.
    Embed(embed::Args),
    /// API keys: create, list, rotate, revoke (stored as hashes in the state database).
    #[command(subcommand)]
    Keys(keys::Args),
    /// Move an index to another backend (`docent index migrate --to qdrant`).
    #[command(subcommand)]
    Index(index_cmd::Args),
    /// The state database: copy the SQLite file into PostgreSQL (`docent state migrate --to
    /// postgres`) so several servers can share it.
    #[command(subcommand)]
    State(state::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = context::Context::load(cli.config.as_deref(), cli.index.as_deref()).and_then(
        |ctx| match cli.command {
            Command::Ingest(a) => ingest::run(&ctx, a),
            Command::Search(a) => search::run(&ctx, a),
            Command::Ask(a) => ask::run(&ctx, a),
            Command::Serve(a) => serve::run(&ctx, a),
            Command::Quiz(a) => quiz::run(&ctx, a),
            Command::Gaps(a) => gaps::run(&ctx, a),
            Command::Analytics(a) => analytics::run(&ctx, a),
            Command::Doctor => doctor::run(&ctx),
            Command::Eval(a) => eval::run(&ctx, a),
            Command::Bench(a) => bench::run(&ctx, a),
            Command::Embed(a) => embed::run(&ctx, a),
            Command::Index(a) => index_cmd::run(&ctx, a),
            Command::Keys(a) => keys::run(&ctx, a),
            Command::State(a) => state::run(&ctx, a),
        },
    );
    match result {
        Ok(code) => code,
        Err(err) => {
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // An error may quote what another program wrote (an endpoint's reply, a file's
            // text): no control character of it reaches the terminal.
            eprintln!("error: {}", docent_core::terminal_safe(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}
