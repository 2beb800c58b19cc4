//! The tutor's own performance for education leads: the server's `GET /v1/analytics` (keys
//! with the `lead` scope), the `/lead` page and `docent analytics` all read [`build`].
//!
//! Per day or week: questions, answered and declined rates, helpful and not-helpful votes,
//! hand-offs, an estimated deflection rate, median and p95 latency; over the range: the top
//! unanswered questions (redacted as stored, near-duplicates grouped by embedding), the most
//! and least cited docs and the docs never cited. [`DEFINITIONS`] says how each is counted.
//!
//! Proves (see tests): every number equals a count made directly on a seeded database; the
//! CSV has one row per period; bad parameters are refused with a message.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use docent_core::Citation;
use docent_embed::Embedder;
use docent_gaps::{period_start, Period};
use serde::Serialize;

use crate::db::signals::SignalCache;
use crate::db::Db;
use crate::db::{HandoffRow, OnIndex, TurnRow};

pub mod render;

/// How each number is counted.
pub const DEFINITIONS: &[(&str, &str)] = &[
    ("questions", "turns asked in the period (follow-ups count as questions)"),
    ("answered_rate", "turns the tutor answered / questions"),
    ("declined_rate", "turns the tutor declined (\"I don't know\" and the hand-off link) / questions"),
    ("helpful", "turns with at least one helpful vote"),
    ("not_helpful", "turns with at least one not-helpful vote"),
    ("handoff_rate", "conversations handed off in the period / conversations with a question in the period"),
    ("deflection_rate", "estimated: answered turns with no not-helpful vote and no hand-off later in their conversation / questions (a customer who left without voting counts as deflected, so this is an upper bound)"),
    ("latency_p50_ms, latency_p95_ms", "nearest-rank median and 95th percentile of the time to answer"),
    ("top_unanswered", "the range's 5,000 most declined distinct questions as stored (redacted), near-duplicates (cosine >= 0.75 with the embedding model; same lowercased text without it) grouped, by count"),
    ("most_cited, least_cited", "docs by the number of answered turns citing them (a turn citing a doc twice counts once)"),
    ("never_cited", "docs of the live index that no turn of the range cites"),
];

/// Longest range, in days.
pub const MAX_DAYS: i64 = 3_660;

/// Numbers of one period (or of the whole range).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PeriodStats {
    /// First day.
    pub start: Option<NaiveDate>,
    /// Turns asked.
    pub questions: u64,
    /// Turns answered.
    pub answered: u64,
    /// Turns declined.
    pub declined: u64,
    /// answered / questions.
    pub answered_rate: f64,
    /// declined / questions.
    pub declined_rate: f64,
    /// Turns with a helpful vote.
    pub helpful: u64,
    /// Turns with a not-helpful vote.
    pub not_helpful: u64,
    /// Conversations with a question.
    pub conversations: u64,
    /// Conversations handed off.
    pub handed_off: u64,
    /// handed_off / conversations.
    pub handoff_rate: f64,
    /// Answered, no not-helpful vote, no later hand-off.
    pub deflected: u64,
    /// deflected / questions.
    pub deflection_rate: f64,
    /// Median latency.
    pub latency_p50_ms: f64,
    /// 95th percentile latency.
    pub latency_p95_ms: f64,
}

/// Declined questions grouped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnansweredGroup {
    /// The most central question of the group (redacted).
    pub question: String,
    /// Times asked.
    pub count: usize,
    /// Last time.
    pub last_asked: String,
    /// Other wordings (up to three).
    pub variants: Vec<String>,
}

/// A doc and its citations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocCount {
    /// Doc id.
    pub doc_id: String,
    /// Title.
    pub title: String,
    /// Answered turns citing it.
    pub citations: u64,
}

/// The analytics of a range.
#[derive(Debug, Clone, Serialize)]
pub struct Analytics {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Day or week.
    pub period: Period,
    /// Per period, oldest first.
    pub periods: Vec<PeriodStats>,
    /// Over the range.
    pub total: PeriodStats,
    /// Top declined questions.
    pub top_unanswered: Vec<UnansweredGroup>,
    /// Most cited docs.
    pub most_cited: Vec<DocCount>,
    /// Least cited docs (cited at least once).
    pub least_cited: Vec<DocCount>,
    /// Docs never cited in the range (id, title).
    pub never_cited: Vec<(String, String)>,
    /// Docs in the index.
    pub docs: usize,
    /// How each number is counted.
    pub definitions: Vec<(String, String)>,
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct Params {
    /// Day or week.
    pub period: Period,
    /// First day (default: 12 weeks or 14 days before `to`).
    pub from: Option<NaiveDate>,
    /// Last day (default: the latest question's day, or today).
    pub to: Option<NaiveDate>,
    /// Unanswered groups and docs listed.
    pub top: usize,
}

fn rate(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn day(at: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|d| d.with_timezone(&Utc).date_naive())
}

/// Numbers of a set of turns and the hand-offs of the same span.
fn stats(start: Option<NaiveDate>, turns: &[&TurnRow], handoffs: &HashSet<&str>) -> PeriodStats {
    let questions = turns.len() as u64;
    let answered = turns.iter().filter(|t| t.answered).count() as u64;
    let conversations: HashSet<&str> = turns.iter().map(|t| t.conversation.as_str()).collect();
    let handed_off = conversations
        .iter()
        .filter(|c| handoffs.contains(*c))
        .count() as u64;
    let deflected = turns
        .iter()
        .filter(|t| t.answered && t.votes.1 == 0 && !t.handed_off_after)
        .count() as u64;
    let mut lat: Vec<f64> = turns.iter().map(|t| t.latency_ms).collect();
    lat.sort_by(f64::total_cmp);
    PeriodStats {
        start,
        questions,
        answered,
        declined: questions - answered,
        answered_rate: rate(answered, questions),
        declined_rate: rate(questions - answered, questions),
        helpful: turns.iter().filter(|t| t.votes.0 > 0).count() as u64,
        not_helpful: turns.iter().filter(|t| t.votes.1 > 0).count() as u64,
        conversations: conversations.len() as u64,
        handed_off,
        handoff_rate: rate(handed_off, conversations.len() as u64),
        deflected,
        deflection_rate: rate(deflected, questions),
        latency_p50_ms: percentile(&lat, 50.0),
        latency_p95_ms: percentile(&lat, 95.0),
    }
}

/// How many of a range's distinct declined questions (the most declined) are grouped for the
/// top list. Each is embedded once (then cached), about 190 a second on two cores: anonymous
/// visitors can be declined as often as they like, and a lead's page must not wait minutes.
pub const UNANSWERED_READ: usize = 5_000;

/// Declined questions grouped by embedding (or by lowercased text without a model).
fn group_unanswered(
    rows: &[(String, String)],
    embedder: Option<&dyn Embedder>,
    cache: Option<&SignalCache>,
    top: usize,
) -> Vec<UnansweredGroup> {
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let vectors = match (embedder, rows.is_empty()) {
        (Some(e), false) => match cache {
            Some(c) => c.vectors(e, &texts).ok(),
            None => e.embed(&texts).ok(),
        },
        _ => None,
    };
    let (assignment, central): (Vec<Option<usize>>, Vec<Vec<f32>>) = match &vectors {
        Some(vs) => {
            let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
            let c = docent_gaps::cluster::cluster(&refs, 0.75, 1);
            (c.assignment, c.centroids)
        }
        None => {
            let mut ids: HashMap<String, usize> = HashMap::new();
            let a = texts
                .iter()
                .map(|t| {
                    let key = t
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase();
                    let n = ids.len();
                    Some(*ids.entry(key).or_insert(n))
                })
                .collect();
            (a, Vec::new())
        }
    };
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, a) in assignment.iter().enumerate() {
        if let Some(g) = a {
            groups.entry(*g).or_default().push(i);
        }
    }
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let mut out: Vec<UnansweredGroup> = groups
        .into_iter()
        .map(|(g, members)| {
            let best = match (&vectors, central.get(g)) {
                (Some(vs), Some(c)) => *members
                    .iter()
                    .max_by(|a, b| dot(&vs[**a], c).total_cmp(&dot(&vs[**b], c)))
                    .unwrap_or(&members[0]),
                _ => members[0],
            };
            let mut variants: Vec<String> = Vec::new();
            for i in &members {
                let q = &rows[*i].0;
                if *q != rows[best].0 && !variants.contains(q) && variants.len() < 3 {
                    variants.push(q.clone());
                }
            }
            UnansweredGroup {
                question: rows[best].0.clone(),
                count: members.len(),
                last_asked: members
                    .iter()
                    .map(|i| rows[*i].1.clone())
                    .max()
                    .unwrap_or_default(),
                variants,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.last_asked.cmp(&a.last_asked))
            .then(a.question.cmp(&b.question))
    });
    out.truncate(top);
    out
}

/// Citations per doc over the answered turns (a doc counts once per turn).
fn citations(
    turns: &[TurnRow],
    docs: &[(String, String)],
    top: usize,
) -> (Vec<DocCount>, Vec<DocCount>, Vec<(String, String)>) {
    let mut count: HashMap<String, (String, u64)> = HashMap::new();
    for t in turns.iter().filter(|t| t.answered) {
        let cited: Vec<Citation> = serde_json::from_str(&t.citations).unwrap_or_default();
        let mut seen: HashSet<&str> = HashSet::new();
        for c in &cited {
            if seen.insert(c.doc_id.as_str()) {
                count
                    .entry(c.doc_id.clone())
                    .or_insert((c.title.clone(), 0))
                    .1 += 1;
            }
        }
    }
    let mut all: Vec<DocCount> = count
        .into_iter()
        .map(|(doc_id, (title, citations))| DocCount {
            doc_id,
            title,
            citations,
        })
        .collect();
    all.sort_by(|a, b| b.citations.cmp(&a.citations).then(a.doc_id.cmp(&b.doc_id)));
    let most: Vec<DocCount> = all.iter().take(top).cloned().collect();
    let mut least = all.clone();
    least.sort_by(|a, b| a.citations.cmp(&b.citations).then(a.doc_id.cmp(&b.doc_id)));
    least.truncate(top);
    let cited: HashSet<&str> = all.iter().map(|d| d.doc_id.as_str()).collect();
    let never = docs
        .iter()
        .filter(|(id, _)| !cited.contains(id.as_str()))
        .cloned()
        .collect();
    (most, least, never)
}

/// The range to read: `[from, to]` days, checked.
async fn range(
    db: &Db,
    p: &Params,
    index: OnIndex<'_>,
) -> Result<(NaiveDate, NaiveDate), AnalyticsError> {
    let latest = db
        .analytics_span(index)
        .await
        .map_err(AnalyticsError::Db)?
        .and_then(|(_, last)| day(&last));
    let to = p.to.or(latest).unwrap_or_else(|| Utc::now().date_naive());
    let from = p.from.unwrap_or(match p.period {
        Period::Week => period_start(to, Period::Week) - Duration::weeks(11),
        Period::Day => to - Duration::days(13),
    });
    if from > to {
        return Err(AnalyticsError::Range(format!(
            "from {from} is after to {to}"
        )));
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err(AnalyticsError::Range(format!(
            "from {from} to {to} is more than {MAX_DAYS} days: give a shorter range"
        )));
    }
    Ok((from, to))
}

/// The rows of a range, as read from the state database.
#[derive(Debug, Clone)]
pub struct Rows {
    from: NaiveDate,
    to: NaiveDate,
    turns: Vec<TurnRow>,
    handoffs: Vec<HandoffRow>,
    unanswered: Vec<(String, String)>,
}

/// Reads the rows [`build`] counts: the range `p` asks for (by default the last 12 weeks or 14
/// days up to the newest turn), checked, of the conversations held on `index`.
pub async fn read(db: &Db, p: &Params, index: OnIndex<'_>) -> Result<Rows, AnalyticsError> {
    let (from, to) = range(db, p, index).await?;
    let lo = format!("{from}T00:00:00");
    let hi = format!("{}T00:00:00", to + Duration::days(1));
    let internal = AnalyticsError::Db;
    Ok(Rows {
        from,
        to,
        turns: db
            .analytics_turns(&lo, &hi, index)
            .await
            .map_err(internal)?,
        handoffs: db
            .analytics_handoffs(&lo, &hi, index)
            .await
            .map_err(internal)?,
        unanswered: db
            .analytics_unanswered(&lo, &hi, UNANSWERED_READ, index)
            .await
            .map_err(internal)?,
    })
}

/// Computes the analytics over the rows [`read`] returned. `docs` are the live index's docs
/// (id, title); the embedder (and its cache) groups declined questions.
pub fn build(
    rows: &Rows,
    docs: &[(String, String)],
    embedder: Option<&dyn Embedder>,
    cache: Option<&SignalCache>,
    p: &Params,
) -> Analytics {
    let Rows {
        from,
        to,
        turns,
        handoffs,
        unanswered,
    } = rows;
    let (from, to) = (*from, *to);
    let mut starts: Vec<NaiveDate> = Vec::new();
    let mut d = period_start(from, p.period);
    while d <= to {
        starts.push(d);
        d += match p.period {
            Period::Week => Duration::weeks(1),
            Period::Day => Duration::days(1),
        };
    }
    let slot =
        |at: &str| day(at).and_then(|d| starts.binary_search(&period_start(d, p.period)).ok());
    let mut by_period: Vec<Vec<&TurnRow>> = vec![Vec::new(); starts.len()];
    for t in turns {
        if let Some(i) = slot(&t.created_at) {
            by_period[i].push(t);
        }
    }
    let mut handoff_sets: Vec<HashSet<&str>> = vec![HashSet::new(); starts.len()];
    for h in handoffs {
        if let Some(i) = slot(&h.created_at) {
            handoff_sets[i].insert(h.conversation.as_str());
        }
    }
    let periods = starts
        .iter()
        .zip(&by_period)
        .zip(&handoff_sets)
        .map(|((s, t), h)| stats(Some(*s), t, h))
        .collect();
    let all_turns: Vec<&TurnRow> = turns.iter().collect();
    let all_handoffs: HashSet<&str> = handoffs.iter().map(|h| h.conversation.as_str()).collect();
    let (most_cited, least_cited, never_cited) = citations(turns, docs, p.top);
    Analytics {
        from,
        to,
        period: p.period,
        periods,
        total: stats(None, &all_turns, &all_handoffs),
        top_unanswered: group_unanswered(unanswered, embedder, cache, p.top),
        most_cited,
        least_cited,
        never_cited,
        docs: docs.len(),
        definitions: DEFINITIONS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    }
}

/// Why analytics could not be computed.
#[derive(Debug)]
pub enum AnalyticsError {
    /// The range is wrong (the message says how).
    Range(String),
    /// The state database failed (unreachable: a 503 the client may retry).
    Db(crate::db::DbError),
}

/// How the analytics are written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for the terminal ([`render::text`]).
    Text,
    /// [`Analytics`] serialised.
    Json,
    /// One row per period ([`csv`]).
    Csv,
    /// A self-contained page ([`render::html`]).
    Html,
}

impl Format {
    /// The analytics in this format; JSON pretty-printed when `pretty`.
    pub fn render(self, a: &Analytics, pretty: bool) -> Result<String, serde_json::Error> {
        Ok(match self {
            Format::Text => render::text(a),
            Format::Csv => csv(a),
            Format::Html => render::html(a),
            Format::Json if pretty => serde_json::to_string_pretty(a)?,
            Format::Json => serde_json::to_string(a)?,
        })
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// `text`, `json`, `csv` or `html`.
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "html" => Ok(Format::Html),
            _ => Err(format!("format {s:?}: use text, json, csv or html")),
        }
    }
}

/// One row per period (and a total row), for spreadsheets.
pub fn csv(a: &Analytics) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "period_start",
        "questions",
        "answered",
        "declined",
        "answered_rate",
        "declined_rate",
        "helpful",
        "not_helpful",
        "conversations",
        "handed_off",
        "handoff_rate",
        "deflected",
        "deflection_rate",
        "latency_p50_ms",
        "latency_p95_ms",
    ]);
    for s in a.periods.iter().chain(std::iter::once(&a.total)) {
        let _ = w.write_record([
            s.start.map_or("total".to_string(), |d| d.to_string()),
            s.questions.to_string(),
            s.answered.to_string(),
            s.declined.to_string(),
            format!("{:.4}", s.answered_rate),
            format!("{:.4}", s.declined_rate),
            s.helpful.to_string(),
            s.not_helpful.to_string(),
            s.conversations.to_string(),
            s.handed_off.to_string(),
            format!("{:.4}", s.handoff_rate),
            s.deflected.to_string(),
            format!("{:.4}", s.deflection_rate),
            format!("{:.1}", s.latency_p50_ms),
            format!("{:.1}", s.latency_p95_ms),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The docs of an index: (id, title), each once, in index order.
pub fn index_docs(index: &docent_index::Index) -> Vec<(String, String)> {
    let mut seen: HashSet<&str> = HashSet::new();
    index
        .chunks()
        .iter()
        .filter(|c| c.kind == docent_core::DocKind::Doc && seen.insert(c.doc_id.as_str()))
        .map(|c| (c.doc_id.clone(), c.title.clone()))
        .collect()
}

#[cfg(test)]
mod tests;
