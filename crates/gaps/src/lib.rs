//! The knowledge-gap report for education leads: the topics where support tickets (and the
//! tutor's unanswered questions) pile up or spike while the docs are weak.
//!
//! 1. Signals ([`Signal`]): tickets with their embedding from the index (cached by content hash
//!    at ingest), unanswered and thumbs-down questions from the server's database.
//! 2. Topics ([`cluster`]): threshold clustering of the embeddings, small groups left as noise
//!    (the noise share is reported); labels by class-based TF-IDF and by the closest doc heading.
//! 3. Spikes ([`spike`]): per-period counts, each topic's latest period tested against its own
//!    trailing share of all tickets (Poisson tail, Bonferroni over topics, a minimum effect).
//! 4. Coverage: the tutor's confidence on the topic's most central tickets and the closest docs.
//! 5. The report ([`Report`]): gaps ranked by volume, spike and weak coverage, with trend,
//!    samples, the kind of gap and the recommended action; rendered by [`render`].
#![warn(missing_docs)]

pub mod cluster;
pub mod render;
pub mod replay;
pub mod spike;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use docent_core::{Audience, DocKind, SearchMode};
use docent_index::{Filter, Index, SearchOptions};
use serde::Serialize;

pub use crate::spike::SpikeSettings;

/// Where a signal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// A support ticket.
    Ticket,
    /// A question the tutor did not answer.
    Unanswered,
    /// An answer marked not helpful.
    NegativeFeedback,
}

/// One customer question with its time and embedding.
#[derive(Debug, Clone)]
pub struct Signal {
    /// Id (ticket id, or turn id).
    pub id: String,
    /// Its kind.
    pub kind: SignalKind,
    /// When it was asked; `None` when unknown.
    pub at: Option<DateTime<Utc>>,
    /// Subject or question.
    pub subject: String,
    /// Body (redacted).
    pub text: String,
    /// Unit embedding.
    pub vector: Vec<f32>,
}

/// Report settings.
#[derive(Debug, Clone, Serialize)]
pub struct Options {
    /// `week` or `day`.
    pub period: Period,
    /// The report's date: the period containing it is the latest one (default: the latest
    /// signal's date).
    pub as_of: Option<NaiveDate>,
    /// Cosine similarity that joins a topic.
    pub threshold: f32,
    /// Smallest topic, in signals (smaller groups are noise).
    pub min_topic: usize,
    /// The spike test.
    pub spike: SpikeSettings,
    /// Gaps listed.
    pub top: usize,
    /// Tutor confidence below which a topic counts as not covered.
    pub covered_at: f32,
    /// Measure coverage (off for replays that only need the spike tests).
    pub coverage: bool,
}

/// The counting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Monday-based weeks.
    Week,
    /// Days.
    Day,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            period: Period::Week,
            as_of: None,
            threshold: 0.55,
            min_topic: 5,
            spike: SpikeSettings::default(),
            top: 10,
            covered_at: 0.6,
            coverage: true,
        }
    }
}

/// Counts of input that could not be used as is; nothing is dropped silently.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataQuality {
    /// Signals considered.
    pub signals: usize,
    /// Without a date (ingestion problems are added by the caller).
    pub no_date: usize,
    /// Dated after the report date (left out of the counts).
    pub future_date: usize,
    /// Same subject and body as an earlier one (counted once).
    pub duplicates: usize,
    /// With an empty body (clustered on the subject).
    pub empty_body: usize,
    /// Probably not in English (clustered, flagged).
    pub other_language: usize,
    /// Left as noise by the clustering (share of clustered signals).
    pub noise_share: f64,
    /// Problems reported at ingestion, by file and line.
    pub ingest_problems: Vec<String>,
}

/// A ranked gap.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// Rank, from 1.
    pub rank: usize,
    /// Topic number (stable for the same signals).
    pub topic: usize,
    /// Label: distinctive terms.
    pub label: String,
    /// Distinctive terms (class-based TF-IDF).
    pub terms: Vec<String>,
    /// Closest doc heading ("Title › Heading").
    pub closest_heading: String,
    /// Signals in the topic.
    pub size: usize,
    /// Counts per period, oldest first (aligned with the report's periods).
    pub trend: Vec<u64>,
    /// The latest period's spike test.
    pub spike: spike::Spike,
    /// Tutor confidence on the topic's central questions (0..1).
    pub coverage: f32,
    /// Closest docs (id, title, similarity).
    pub closest_docs: Vec<(String, String, f32)>,
    /// Three redacted sample tickets (subject: body).
    pub samples: Vec<String>,
    /// `missing_content`, `retrieval_failure` or `covered`.
    pub kind: String,
    /// What to do.
    pub action: String,
    /// Draft outline for a new article (the topic's distinct questions).
    pub outline: Vec<String>,
    /// Ranking score.
    pub score: f64,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// When it was made (the `as_of` date).
    pub as_of: NaiveDate,
    /// The counting period.
    pub period: Period,
    /// Start date of each period, oldest first.
    pub periods: Vec<NaiveDate>,
    /// Topics found.
    pub topics: usize,
    /// Topics flagged as spiking in the latest period.
    pub spiking: Vec<usize>,
    /// Ids of each topic's signals in the latest period (for replays and drill-down).
    #[serde(skip)]
    pub latest_members: Vec<Vec<String>>,
    /// Ranked gaps.
    pub gaps: Vec<Gap>,
    /// Data quality.
    pub data_quality: DataQuality,
    /// Settings used.
    pub options: Options,
}

/// The most periods a report may count (ten years of days).
pub const MAX_PERIODS: i64 = 3_660;

/// Days an `as_of` date may lie after the newest dated signal.
pub const AS_OF_MARGIN_DAYS: i64 = 366;

/// Checks that a report over `signals` with `opts` does bounded work: `as_of` at most
/// [`AS_OF_MARGIN_DAYS`] after the newest signal, and at most [`MAX_PERIODS`] periods from the
/// oldest signal to `as_of`. The message says what to change.
pub fn check_range(signals: &[Signal], opts: &Options) -> Result<(), String> {
    let dates = || signals.iter().filter_map(|s| s.at.map(|d| d.date_naive()));
    let (Some(first), Some(newest)) = (dates().min(), dates().max()) else {
        return Ok(());
    };
    let as_of = opts.as_of.unwrap_or(newest);
    if (as_of - newest).num_days() > AS_OF_MARGIN_DAYS {
        return Err(format!(
            "as_of {as_of} is more than {AS_OF_MARGIN_DAYS} days after the newest signal ({newest}); give a date up to {}",
            newest + Duration::days(AS_OF_MARGIN_DAYS)
        ));
    }
    let days = (as_of - first).num_days().max(0);
    let periods = match opts.period {
        Period::Day => days + 1,
        Period::Week => days / 7 + 2,
    };
    if periods > MAX_PERIODS {
        return Err(format!(
            "the signals from {first} to {as_of} make {periods} periods, more than {MAX_PERIODS}: use period=week or a later start"
        ));
    }
    Ok(())
}

/// The first day of the period containing `d`.
pub fn period_start(d: NaiveDate, p: Period) -> NaiveDate {
    match p {
        Period::Day => d,
        Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
    }
}

fn step(p: Period) -> Duration {
    match p {
        Period::Day => Duration::days(1),
        Period::Week => Duration::days(7),
    }
}

const EN: [&str; 14] = [
    "the", "and", "to", "a", "is", "my", "we", "i", "in", "it", "not", "of", "our", "can",
];

fn other_language(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() >= 6 && words.iter().filter(|w| EN.contains(&w.as_str())).count() * 20 < words.len()
}

const LABEL_STOP: &[&str] = &[
    "hi", "hello", "dear", "support", "team", "thanks", "thank", "regards", "best", "please",
    "help", "lumio", "email", "redacted", "name", "phone", "since", "today", "get", "got", "just",
    "also", "still", "any", "can", "could", "would", "our", "we", "you", "the", "and", "for",
    "with", "this", "that", "have", "has", "was", "are", "not", "but", "from", "how", "what",
    "when", "why", "does", "don", "doesn", "isn", "can't", "it's", "there", "they", "them",
    "their", "into", "again", "some", "all", "one", "out", "off", "now", "new", "own", "her",
    "his", "him", "she", "who", "its", "too", "very", "been", "will", "after", "before", "reach",
    "reached", "here", "let", "know", "cheers", "kind",
];

fn label_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| w.len() > 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !LABEL_STOP.contains(&w.as_str()) && !docent_tutor::text::is_stopword(w))
        .collect()
}

/// Class-based TF-IDF: each topic's terms weighted by frequency in the topic against their
/// frequency across topics.
fn ctfidf(docs_per_topic: &[Vec<&str>], top: usize) -> Vec<Vec<String>> {
    let tfs: Vec<HashMap<String, f64>> = docs_per_topic
        .iter()
        .map(|docs| {
            let mut tf = HashMap::new();
            for d in docs {
                for w in label_words(d) {
                    *tf.entry(w).or_insert(0.0) += 1.0;
                }
            }
            tf
        })
        .collect();
    let mut across: HashMap<&str, f64> = HashMap::new();
    for tf in &tfs {
        for (w, n) in tf {
            *across.entry(w.as_str()).or_insert(0.0) += n;
        }
    }
    let avg = tfs.iter().map(|t| t.values().sum::<f64>()).sum::<f64>() / tfs.len().max(1) as f64;
    tfs.iter()
        .map(|tf| {
            let total: f64 = tf.values().sum::<f64>().max(1.0);
            let mut scored: Vec<(&String, f64)> = tf
                .iter()
                .map(|(w, n)| (w, (n / total) * (1.0 + avg / across[w.as_str()]).ln()))
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            scored
                .into_iter()
                .take(top)
                .map(|(w, _)| w.clone())
                .collect()
        })
        .collect()
}

/// Labels (top c-TF-IDF terms) of topics given each signal's assignment.
pub fn labels(
    signals: &[Signal],
    assignment: &[Option<usize>],
    topics: usize,
    n: usize,
) -> Vec<String> {
    let mut texts: Vec<Vec<&str>> = vec![Vec::new(); topics];
    for (s, a) in signals.iter().zip(assignment) {
        if let Some(t) = a {
            texts[*t].push(&s.subject);
            texts[*t].push(&s.text);
        }
    }
    ctfidf(&texts, n)
        .into_iter()
        .map(|t| t.join(" / "))
        .collect()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Builds the report. `index` gives the docs for coverage, `weights` its term weights (the
/// tutor caches them per index generation); `ingest_problems` are the ingestion's messages
/// about unusable rows, carried into the data-quality section.
pub fn report(
    index: &Index,
    weights: &docent_tutor::TermWeights,
    signals: &[Signal],
    opts: &Options,
    ingest_problems: Vec<String>,
) -> Report {
    let mut dq = DataQuality {
        signals: signals.len(),
        ingest_problems,
        ..Default::default()
    };
    let latest = signals.iter().filter_map(|s| s.at).max();
    let as_of = opts
        .as_of
        .or(latest.map(|d| d.date_naive()))
        .unwrap_or_else(|| Utc::now().date_naive());
    // Usable signals: dated, not in the future, not duplicates.
    let mut seen: HashSet<String> = HashSet::new();
    let mut usable: Vec<&Signal> = Vec::new();
    for s in signals {
        if s.text.trim().is_empty() {
            dq.empty_body += 1;
        }
        if other_language(&format!("{} {}", s.subject, s.text)) {
            dq.other_language += 1;
        }
        let Some(at) = s.at else {
            dq.no_date += 1;
            continue;
        };
        if at.date_naive() > as_of {
            dq.future_date += 1;
            continue;
        }
        let key = format!(
            "{}\u{1}{}",
            s.subject.trim().to_lowercase(),
            s.text.trim().to_lowercase()
        );
        if !seen.insert(key) {
            dq.duplicates += 1;
            continue;
        }
        usable.push(s);
    }
    usable.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    let vectors: Vec<&[f32]> = usable.iter().map(|s| s.vector.as_slice()).collect();
    let clusters = cluster::cluster(&vectors, opts.threshold, opts.min_topic);
    let noise = clusters.assignment.iter().filter(|a| a.is_none()).count();
    dq.noise_share = noise as f64 / usable.len().max(1) as f64;
    let topics = clusters.centroids.len();

    // Periods from the first usable signal to the report date.
    let first = usable
        .first()
        .and_then(|s| s.at)
        .map(|d| period_start(d.date_naive(), opts.period))
        .unwrap_or(as_of);
    let last = period_start(as_of, opts.period);
    let mut periods = Vec::new();
    let mut d = first;
    while d <= last {
        periods.push(d);
        d += step(opts.period);
    }
    let position: HashMap<NaiveDate, usize> =
        periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let index_of = |d: NaiveDate| position.get(&period_start(d, opts.period)).copied();
    let mut counts = vec![vec![0u64; periods.len()]; topics];
    let mut totals = vec![0u64; periods.len()];
    for (s, a) in usable.iter().zip(&clusters.assignment) {
        let Some(i) = s.at.and_then(|d| index_of(d.date_naive())) else {
            continue;
        };
        totals[i] += 1;
        if let Some(t) = a {
            counts[*t][i] += 1;
        }
    }
    let t_last = periods.len().saturating_sub(1);
    let spikes: Vec<spike::Spike> = counts
        .iter()
        .map(|c| spike::test(c, &totals, t_last, topics, &opts.spike))
        .collect();

    // Labels.
    let mut texts: Vec<Vec<&str>> = vec![Vec::new(); topics];
    for (s, a) in usable.iter().zip(&clusters.assignment) {
        if let Some(t) = a {
            texts[*t].push(&s.subject);
            texts[*t].push(&s.text);
        }
    }
    let terms = ctfidf(&texts, 6);

    // Coverage and the closest docs, from the topic's most central questions.
    let doc_filter = Filter {
        audience: Audience::Customer,
        kinds: vec![DocKind::Doc],
        product: None,
    };
    let mut gaps = Vec::new();
    for t in 0..topics {
        let mut members: Vec<&Signal> = usable
            .iter()
            .zip(&clusters.assignment)
            .filter(|(_, a)| **a == Some(t))
            .map(|(s, _)| *s)
            .collect();
        let centroid = &clusters.centroids[t];
        members.sort_by(|a, b| dot(&b.vector, centroid).total_cmp(&dot(&a.vector, centroid)));
        let mut conf = Vec::new();
        let mut docs: BTreeMap<String, (String, f32)> = BTreeMap::new();
        let central = if opts.coverage { 5 } else { 0 };
        for s in members.iter().take(central) {
            let opts_s = SearchOptions {
                k: 5,
                mode: SearchMode::Hybrid,
                filter: doc_filter.clone(),
                ..SearchOptions::from_config(&Default::default())
            };
            let hits = index
                .search_with_vector(&s.subject, Some(&s.vector), &opts_s)
                .unwrap_or_default();
            let evidence: Vec<docent_tutor::Evidence> = hits
                .into_iter()
                .map(|h| {
                    let similarity = h.similarity.unwrap_or(0.0);
                    docent_tutor::Evidence::new(h.chunk, similarity)
                })
                .collect();
            let sig =
                docent_tutor::signals(&format!("{} {}", s.subject, s.text), &evidence, weights);
            conf.push(docent_tutor::confidence::confidence(sig));
            for e in &evidence {
                let entry = docs
                    .entry(e.chunk.doc_id.clone())
                    .or_insert((e.chunk.title.clone(), 0.0));
                entry.1 = entry.1.max(e.similarity);
            }
        }
        let coverage = conf.iter().sum::<f32>() / conf.len().max(1) as f32;
        let mut closest: Vec<(String, String, f32)> = docs
            .into_iter()
            .map(|(id, (title, s))| (id, title, s))
            .collect();
        closest.sort_by(|a, b| b.2.total_cmp(&a.2));
        closest.truncate(3);
        let heading = index
            .store()
            .search(centroid, 1, &doc_filter)
            .ok()
            .and_then(|h| h.first().map(|(r, _)| *r as usize))
            .and_then(|r| index.chunks().get(r))
            .map(|c| {
                let mut p = vec![c.title.clone()];
                p.extend(c.heading_path.iter().filter(|h| **h != c.title).cloned());
                p.join(" › ")
            })
            .unwrap_or_default();
        let best_doc = closest.first().map(|c| c.2).unwrap_or(0.0);
        let kind = if coverage >= opts.covered_at {
            "covered"
        } else if best_doc >= 0.6 {
            "retrieval_failure"
        } else {
            "missing_content"
        };
        let label = terms[t]
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" / ");
        let mut outline: Vec<String> = Vec::new();
        for s in &members {
            let q = s.subject.trim().to_string();
            if !q.is_empty() && !outline.iter().any(|o| o.eq_ignore_ascii_case(&q)) {
                outline.push(q);
            }
            if outline.len() == 5 {
                break;
            }
        }
        let action = match kind {
            "missing_content" => format!("Write a new article on “{label}”, outlined from the tickets' questions."),
            "retrieval_failure" => format!(
                "Revise “{}”: it is close to the topic but does not answer it (add the tickets' wording and the missing steps).",
                closest.first().map(|c| c.1.as_str()).unwrap_or("the closest doc")
            ),
            _ => format!(
                "Covered by “{}”: add a quiz or course module so customers learn it before they ask.",
                closest.first().map(|c| c.1.as_str()).unwrap_or("the docs")
            ),
        };
        let recent: u64 = counts[t][t_last.saturating_sub(3)..=t_last].iter().sum();
        let sp = &spikes[t];
        let spike_factor = if sp.flagged {
            1.0 + sp.ratio.min(10.0)
        } else {
            1.0
        };
        let score = recent as f64 * spike_factor * (1.0 - coverage as f64).max(0.05);
        gaps.push(Gap {
            rank: 0,
            topic: t,
            label,
            terms: terms[t].clone(),
            closest_heading: heading,
            size: members.len(),
            trend: counts[t].clone(),
            spike: sp.clone(),
            coverage,
            closest_docs: closest,
            samples: members
                .iter()
                .take(3)
                .map(|s| {
                    format!(
                        "{}: {}",
                        s.subject,
                        s.text
                            .replace('\n', " ")
                            .chars()
                            .take(200)
                            .collect::<String>()
                    )
                })
                .collect(),
            kind: kind.into(),
            action,
            outline: if kind == "missing_content" {
                outline
            } else {
                Vec::new()
            },
            score,
        });
    }
    let spiking: Vec<usize> = (0..topics).filter(|t| spikes[*t].flagged).collect();
    let latest_members: Vec<Vec<String>> = (0..topics)
        .map(|t| {
            usable
                .iter()
                .zip(&clusters.assignment)
                .filter(|(s, a)| {
                    **a == Some(t) && s.at.and_then(|d| index_of(d.date_naive())) == Some(t_last)
                })
                .map(|(s, _)| s.id.clone())
                .collect()
        })
        .collect();
    gaps.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.topic.cmp(&b.topic)));
    gaps.truncate(opts.top);
    for (i, g) in gaps.iter_mut().enumerate() {
        g.rank = i + 1;
    }
    Report {
        as_of,
        period: opts.period,
        periods,
        topics,
        spiking,
        latest_members,
        gaps,
        data_quality: dq,
        options: opts.clone(),
    }
}

/// Tickets of the index as signals, with the vector of their first chunk.
pub fn ticket_signals(index: &Index) -> Vec<Signal> {
    let mut row_of: HashMap<&str, usize> = HashMap::new();
    for (r, c) in index.chunks().iter().enumerate() {
        if c.kind == DocKind::Ticket {
            row_of.entry(c.doc_id.as_str()).or_insert(r);
        }
    }
    index
        .tickets()
        .iter()
        .filter_map(|t| {
            let row = *row_of.get(format!("ticket:{}", t.id).as_str())?;
            let vector = index.store().get(row as u64)?;
            Some(Signal {
                id: t.id.clone(),
                kind: SignalKind::Ticket,
                at: DateTime::parse_from_rfc3339(&t.created_at)
                    .ok()
                    .map(|d| d.with_timezone(&Utc)),
                subject: t.subject.clone(),
                text: t.description.clone(),
                vector,
            })
        })
        .collect()
}
