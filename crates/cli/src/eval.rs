//! `docent eval`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context as _, Result};
use docent_core::SearchMode;
use docent_embed::{Embedder, TokenCounter};
use docent_index::{ingest, Index};
use docent_ingest::LoadDefaults;

use crate::context::Context;
use crate::progress::Bars;

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
    /// A blind sample of items for a person to judge is written to evals/out/. floors.json keys
    /// quiz_passed_validation, quiz_items_per_scope, quiz_keys_contradicting_max are enforced.
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
    },
}

pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    match args.what {
        What::Retrieval { set, json } => retrieval(ctx, &set, json),
        What::Answers { set, json, details } => crate::eval_answers::run(ctx, &set, json, details),
        What::Pii { set, json, details } => crate::eval_pii::run(&set, json, details),
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
        } => crate::eval_structure::run(&markdown, manual.as_deref(), json),
        What::Gaps {
            truth,
            json,
            inject,
            events,
            every,
        } => match (inject, events) {
            (Some(n), _) => crate::eval_gaps::run_injected(ctx, n, json),
            (None, Some(file)) => crate::eval_gaps::run_events(ctx, &file, every, json),
            (None, None) => crate::eval_gaps::run(ctx, &truth, json),
        },
        What::Quiz {
            set,
            json,
            count,
            max_scopes,
            scopes,
        } => crate::eval_quiz::run(
            ctx,
            &set,
            &crate::eval_quiz::Settings {
                json,
                count,
                max_scopes,
                scopes,
            },
        ),
    }
}

/// A set's `floors.json` (`{"metric": limit, ...}`), when it has one.
pub fn read_floors(
    set: &Path,
) -> Result<Option<(PathBuf, std::collections::BTreeMap<String, f64>)>> {
    let path = set.join("floors.json");
    if !path.exists() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let floors = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: expected {{\"hybrid_ndcg_10\": 0.8, \"answers_citation_precision\": 0.85, ...}}",
            path.display()
        )
    })?;
    Ok(Some((path, floors)))
}

pub fn set_name(set: &Path) -> String {
    set.canonicalize()
        .unwrap_or_else(|_| set.to_path_buf())
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "set".into())
}

/// Opens the index a set is evaluated on, ingesting the set's own corpus when it has one.
/// Searches go to the configured backend (a Qdrant collection is synced first).
pub fn index_for_set(ctx: &Context, set: &Path) -> Result<Index> {
    let (dir, embedder) = index_root_for_set(ctx, set)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| ctx.index_name.clone());
    let backend = ctx.sync_backend(&name, embedder.as_ref(), false)?;
    Ok(Index::open_on(&dir, Some(embedder), &backend)?)
}

/// A set's own corpus: its `corpus.jsonl`, or the file or folder named (relative to the set)
/// on the first line of its `corpus.path` (a set of questions over docs kept elsewhere).
fn set_corpus(set: &Path) -> Result<Option<PathBuf>> {
    let jsonl = set.join("corpus.jsonl");
    if jsonl.exists() {
        return Ok(Some(jsonl));
    }
    let pointer = set.join("corpus.path");
    if !pointer.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&pointer)
        .with_context(|| format!("reading {}", pointer.display()))?;
    let target = set.join(text.lines().next().unwrap_or_default().trim());
    if !target.exists() {
        bail!(
            "{}: names {}, which does not exist",
            pointer.display(),
            target.display()
        );
    }
    Ok(Some(target))
}

/// The index directory a set is evaluated on (ingesting the set's corpus first when it has
/// one), and the embedder.
pub fn index_root_for_set(ctx: &Context, set: &Path) -> Result<(PathBuf, Arc<dyn Embedder>)> {
    let embedder = ctx.embedder()?;
    let Some(corpus) = set_corpus(set)? else {
        return Ok((ctx.index_dir(), embedder as Arc<dyn Embedder>));
    };
    let dir = ctx.index_dir_named(&format!("eval-{}", set_name(set)));
    let counter = TokenCounter::load(Path::new(&ctx.config.model.dir))?;
    let name = format!("eval-{}", set_name(set));
    let mut opts = ctx.ingest_options(&name, vec![corpus], Vec::new(), embedder.as_ref())?;
    // An eval set's documents say their own audience; the rest are public, whatever the
    // configuration's default for product docs.
    opts.defaults = LoadDefaults::default();
    let report = ingest(&opts, embedder.as_ref(), &counter, &Bars::new())?;
    for p in &report.problems {
        eprintln!("skipped {p}");
    }
    Ok((dir, embedder as Arc<dyn Embedder>))
}

fn retrieval(ctx: &Context, set: &Path, json: bool) -> Result<ExitCode> {
    let queries_path = set.join("queries.jsonl");
    if !queries_path.exists() {
        bail!("{}: no queries.jsonl in the set folder", set.display());
    }
    let queries = docent_eval::retrieval::read_queries(&queries_path)?;
    let index = index_for_set(ctx, set)?;
    let report = docent_eval::retrieval::run(&set_name(set), &index, &queries, &ctx.config.search)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    if let Some((floors_path, floors)) = read_floors(set)? {
        let mut failed = false;
        for (name, floor) in floors
            .iter()
            .filter(|(n, _)| !n.starts_with("answers_") && !n.starts_with("quiz_"))
        {
            let (mode, metric) = name.split_once('_').unwrap_or((name, ""));
            let m = SearchMode::ALL
                .into_iter()
                .find(|x| x.as_str() == mode)
                .and_then(|x| report.mode(x))
                .with_context(|| format!("{}: unknown mode in {name:?}", floors_path.display()))?;
            let value = match metric {
                "recall_1" => m.recall_1,
                "recall_5" => m.recall_5,
                "recall_10" => m.recall_10,
                "mrr_10" => m.mrr_10,
                "ndcg_10" => m.ndcg_10,
                _ => bail!("{}: unknown metric in {name:?}", floors_path.display()),
            };
            if value < *floor {
                eprintln!("FLOOR BROKEN: {name} = {value:.3} < {floor:.3}");
                failed = true;
            } else {
                eprintln!("floor kept: {name} = {value:.3} >= {floor:.3}");
            }
        }
        if failed {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rerank(
    ctx: &Context,
    sets: &[PathBuf],
    folds: usize,
    json: bool,
    dump: Option<&Path>,
) -> Result<ExitCode> {
    use docent_eval::rerank::{cross_validate, Sample};
    let tutor = docent_tutor::Tutor::from_config(&ctx.config)?;
    let mut samples = Vec::new();
    for set in sets {
        let queries = docent_eval::answers::read(&set.join("queries.jsonl"))?;
        // Each set weighs the same in the fit, whatever its number of questions.
        let weight = 1.0 / queries.len().max(1) as f32;
        let index = index_for_set(ctx, set)?;
        let name = set_name(set);
        for q in &queries {
            let question =
                docent_tutor::Question::new(&q.question, docent_core::Audience::Customer);
            let cands = tutor.candidates(&index, &q.question, &question)?;
            let relevant = |e: &docent_tutor::Evidence| {
                q.relevant_ids
                    .iter()
                    .any(|r| *r == e.chunk.doc_id || *r == e.chunk.id)
            };
            samples.push(Sample {
                id: format!("{name}/{}", q.id),
                group: q
                    .relevant_ids
                    .first()
                    .map(|g| format!("{name}/{g}"))
                    .unwrap_or_default(),
                out_of_scope: q.out_of_scope,
                features: cands.iter().map(|e| e.features.0).collect(),
                docs: cands.iter().map(|e| e.chunk.doc_id.clone()).collect(),
                relevant: cands.iter().map(relevant).collect(),
                weight,
                coverage: tutor.evidence_coverage(&index, &cands, &q.question),
            });
        }
    }
    if let Some(path) = dump {
        std::fs::write(path, serde_json::to_string(&samples)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let report = cross_validate(&samples, folds);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(ExitCode::SUCCESS)
}
