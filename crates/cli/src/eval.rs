//! `docent eval`: parses the flags, opens the set and its index, calls the evaluation in
//! `docent-eval`, prints its report and enforces the set's floors (exit 1 when one breaks).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use docent_eval::floors::Eval;
use docent_eval::{quiz_run, spikes, EvalSet};
use docent_index::Index;

use crate::context::Context;
use crate::report::{enforce, print};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Recall@1/5/10, MRR@10 and nDCG@10 of bm25, dense and hybrid search over a labelled set.
    ///
    /// A set is a folder with queries.jsonl ({"id","question","relevant_ids"} a line). When
    /// it also holds corpus.jsonl, that corpus is ingested into the index `eval-<folder>` first
    /// (incrementally); otherwise the current index is used. When it holds floors.json
    /// ({"hybrid_ndcg_10": 0.8, ...}), a metric below its floor fails the run (exit 1).
    Retrieval {
        /// The set's folder, e.g. evals/sample or ../shared/evals/emanual-qa.
        #[arg(long)]
        set: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Citation precision, answer F1, abstention and /v1/ask latency of the tutor.
    ///
    /// Every question of the set's queries.jsonl is asked through the real HTTP API (an
    /// in-process server on a loopback port, customer audience). Questions with
    /// "out_of_scope": true (or no relevant ids) should get "I don't know"; "answer" fields are
    /// reference answers for token F1. A floors.json with answers_* keys is enforced.
    Answers {
        /// The set's folder, e.g. evals/sample or ../shared/evals/emanual-qa.
        #[arg(long)]
        set: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Include per-question observations in the JSON.
        #[arg(long)]
        details: bool,
    },
    /// Quiz generation over many scopes: items per scope, share passing validation,
    /// near-duplicate rate, chunk coverage, keys contradicting the source, time per quiz.
    ///
    /// Scopes come from the set's quiz_scopes.txt (one scope a line: a query, docs:ID,... or
    /// heading:Text) or, without it, one scope per document (an even sample of --max-scopes).
    /// The items with their sources, for a blind reviewer's packet, are written to --out.
    /// floors.json keys quiz_passed_validation, quiz_items_per_scope,
    /// quiz_keys_contradicting_max are enforced.
    Quiz {
        /// The set's folder.
        #[arg(long)]
        set: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Items asked for per scope.
        #[arg(long, default_value_t = 10)]
        count: usize,
        /// Scopes at most (one per document when the set names none).
        #[arg(long, default_value_t = 40)]
        max_scopes: usize,
        /// A file of scopes (one a line) instead of the set's quiz_scopes.txt, e.g.
        /// evals/quiz/emanual-qa.txt: the scopes an author would pick.
        #[arg(long)]
        scopes: Option<PathBuf>,
        /// Folder for the items file (quiz-items-<set>.jsonl).
        #[arg(long, default_value = "evals/out")]
        out: PathBuf,
    },
    /// Structure recovery of flat text: flattened copies of Markdown docs against their
    /// originals (unit boundaries, exact units, headings), and a manual's reference answer
    /// sentences found whole, before and after recovery.
    Structure {
        /// A folder of Markdown docs to flatten and recover.
        #[arg(long, default_value = "corpus/docs")]
        markdown: PathBuf,
        /// A set with corpus.jsonl (flat sections) and queries.jsonl (reference answers),
        /// e.g. ../shared/evals/emanual-qa.
        #[arg(long)]
        manual: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Recall of PII redaction per kind on a planted set, and what it masks on clean text.
    ///
    /// The set's folder holds planted.jsonl (lines with personal data and their spans),
    /// clean.jsonl (ticket text without any) and floors.json (pii_recall_<kind> minimums,
    /// pii_clean_lines_changed_max and pii_clean_chars_masked_max maximums; a broken floor
    /// exits 1). Needs no index and no model.
    Pii {
        /// The set's folder.
        #[arg(long, default_value = "evals/pii")]
        set: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Also list every planted span not caught and every mask on clean text.
        #[arg(long)]
        details: bool,
    },
    /// Fits the tutor's evidence re-ranker and confidence with cross-validation by gold
    /// section: per fold R@1/R@5/MRR of retrieval order and of the re-ranked order on held-out
    /// questions and the AUROC of confidence, then the weights fitted on all questions.
    Rerank {
        /// Labelled sets (repeat for several); each is ingested like `eval answers` does.
        #[arg(long, required = true)]
        set: Vec<PathBuf>,
        /// Number of folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Also write every question's candidates and features to this JSON file.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Replays the current index's tickets week by week and scores spike alarms against the
    /// planted spikes: recall, precision, weeks to detection, false alarms per 26 weeks, and
    /// alarms on the same stream without the planted tickets.
    Gaps {
        /// The ground truth (default: evals/gaps/planted_spikes.json).
        #[arg(long, default_value = "evals/gaps/planted_spikes.json")]
        truth: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Instead of the planted truth: inject this many spikes into the index's own ticket
        /// stream (copies of mid-size topics' tickets dated into chosen weeks), with topics
        /// fitted once on the stream, and list the real bursts flagged without injection.
        #[arg(long)]
        inject: Option<usize>,
        /// Instead of the planted truth: real events of the index's stream (e.g.
        /// evals/gaps/sumo_events.json): flagged in their week, junk kept out of the top gaps.
        #[arg(long, conflicts_with = "inject")]
        events: Option<PathBuf>,
        /// With --events: also evaluate every N-th week (0: only the events' weeks).
        #[arg(long, default_value_t = 4)]
        every: usize,
        /// With --events: a simulated lead marks each evaluated week's junk top gaps (by the
        /// events file) "not a gap", and the later weeks honour the marks.
        #[arg(long, requires = "events")]
        lead: bool,
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    match args.what {
        What::Retrieval { set, json } => retrieval(ctx, &open(&set)?, json),
        What::Answers { set, json, details } => {
            crate::eval_answers::run(ctx, &open(&set)?, json, details)
        }
        What::Pii { set, json, details } => pii(&open(&set)?, json, details),
        What::Rerank {
            set,
            folds,
            json,
            dump,
        } => rerank(ctx, &set, folds, json, dump.as_deref()),
        What::Structure {
            markdown,
            manual,
            json,
        } => {
            let report = docent_eval::structure::run(&markdown, manual.as_deref())?;
            print(json, &report, || report.table(&markdown))?;
            Ok(ExitCode::SUCCESS)
        }
        What::Gaps {
            truth,
            json,
            inject,
            events,
            every,
            lead,
        } => match (inject, events) {
            (Some(n), _) => gaps_injected(ctx, n, json),
            (None, Some(file)) => gaps_events(ctx, &file, every, lead, json),
            (None, None) => gaps_planted(ctx, &truth, json),
        },
        What::Quiz {
            set,
            json,
            count,
            max_scopes,
            scopes,
            out,
        } => quiz(
            ctx,
            &EvalSet::open(&set, &out)?,
            &QuizArgs {
                json,
                count,
                max_scopes,
                scopes,
            },
        ),
    }
}

/// A set whose outputs go to `evals/out`.
fn open(dir: &Path) -> Result<EvalSet> {
    EvalSet::open(dir, Path::new("evals/out"))
}

fn retrieval(ctx: &Context, set: &EvalSet, json: bool) -> Result<ExitCode> {
    let queries = docent_eval::retrieval::read_queries(set.require_queries()?)?;
    let index = ctx.index_for_set(set)?;
    let report = docent_eval::retrieval::run(&set.name, &index, &queries, &ctx.config.search)?;
    print(json, &report, || report.table())?;
    enforce(set, Eval::Retrieval, |m| report.floor_value(m))
}

fn pii(set: &EvalSet, json: bool, details: bool) -> Result<ExitCode> {
    let data = docent_eval::pii::read_set(&set.dir)?;
    let mut report = docent_eval::pii::run(&data, docent_ingest::redact);
    if json && !details {
        report.misses.clear();
        report.false_positives.clear();
    }
    print(json, &report, || {
        let mut s = report.table();
        if details {
            s.push_str(&report.details());
        }
        s
    })?;
    enforce(set, Eval::Pii, |m| report.floor_value(m))
}

/// How the quiz eval runs.
struct QuizArgs {
    json: bool,
    count: usize,
    max_scopes: usize,
    scopes: Option<PathBuf>,
}

fn quiz(ctx: &Context, set: &EvalSet, a: &QuizArgs) -> Result<ExitCode> {
    let (root, embedder) = ctx.index_root_for_set(set)?;
    let index = Index::open(&root, Some(embedder))?;
    let scopes = quiz_run::scopes(set, a.scopes.as_deref(), &index, a.max_scopes)?;
    let run = quiz_run::run(set, &index, &scopes, a.count, Path::new("evals/judged"))?;
    let items = quiz_run::write_items(set, &run.rows)?;
    print(a.json, &run.report, || run.report.table(a.count, &items))?;
    enforce(set, Eval::Quiz, |m| run.report.floor_value(m))
}

/// The current index's tickets as signals; an error when it holds none.
fn ticket_signals(ctx: &Context, what: &str) -> Result<(Index, Vec<docent_gaps::Signal>)> {
    let index = Index::open(&ctx.index_dir(), Some(ctx.embedder()?))?;
    let signals = docent_gaps::ticket_signals(&index)?;
    anyhow::ensure!(!signals.is_empty(), "the index holds no tickets: {what}");
    Ok((index, signals))
}

/// Reads a JSON file of the gap evals.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not {what}", path.display()))
}

fn gaps_planted(ctx: &Context, truth_path: &Path, json: bool) -> Result<ExitCode> {
    let truth: spikes::Truth = read_json(truth_path, "a planted-spikes file")?;
    let (index, signals) = ticket_signals(ctx, "run `docent ingest` first")?;
    let report = spikes::planted(&index, &signals, &truth)?;
    print(json, &report, || report.table(truth_path))?;
    Ok(ExitCode::SUCCESS)
}

fn gaps_injected(ctx: &Context, n: usize, json: bool) -> Result<ExitCode> {
    let (_, signals) = ticket_signals(ctx, "ingest a ticket stream first")?;
    let report = spikes::injected(&signals, n);
    if n > 0 && report.injections.is_empty() {
        anyhow::bail!(
            "the index's tickets span {} weeks: injecting spikes needs more weeks than the {}-week baseline a spike is tested against",
            report.weeks,
            docent_gaps::Options::default().spike.baseline
        );
    }
    print(json, &report, || report.table(&ctx.index_dir()))?;
    Ok(ExitCode::SUCCESS)
}

fn gaps_events(
    ctx: &Context,
    file: &Path,
    every: usize,
    lead: bool,
    json: bool,
) -> Result<ExitCode> {
    let events: docent_eval::gaps::EventsFile = read_json(file, "an events file")?;
    let (index, signals) = ticket_signals(ctx, "ingest the stream the events come from first")?;
    let tags = index
        .tickets()
        .iter()
        .map(|t| (t.id.clone(), t.tags.clone()))
        .collect();
    let weights = docent_gaps::term_weights(&index);
    let options = docent_gaps::Options::default();
    let r = docent_eval::gaps::score(
        &index, &weights, &signals, &tags, &events, &options, every, lead,
    )?;
    print(json, &r, || r.table(file, signals.len()))?;
    Ok(ExitCode::SUCCESS)
}

fn rerank(
    ctx: &Context,
    sets: &[PathBuf],
    folds: usize,
    json: bool,
    dump: Option<&Path>,
) -> Result<ExitCode> {
    let tutor = docent_tutor::Tutor::from_config(&ctx.config)?;
    let mut samples = Vec::new();
    for dir in sets {
        let set = open(dir)?;
        let queries = docent_eval::answers::read(&set.queries)?;
        let index = ctx.index_for_set(&set)?;
        samples.extend(docent_eval::rerank::samples(
            &tutor, &index, &set.name, &queries,
        )?);
    }
    if let Some(path) = dump {
        std::fs::write(path, serde_json::to_string(&samples)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let report = docent_eval::rerank::cross_validate(&samples, folds);
    print(json, &report, || report.table())?;
    Ok(ExitCode::SUCCESS)
}
