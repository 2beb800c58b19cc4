//! The gap report against real events of a real stream (`docent eval gaps --events FILE`).
//!
//! An events file lists bursts found by reading the stream (`evals/gaps/sumo_events.json`):
//! each has a kind (`gap`: customers need docs; `junk`: spam, misrouted or empty posts), the
//! Monday of its week and a few example ids. For every event week (and every `every`-th week
//! besides) the report is made as of that week's last day, and scored:
//!
//! - a **gap** event is *flagged* when a topic holding one of its example ids in that week
//!   spikes and is not set aside by triage, *early* when that topic is only an early signal
//!   (the looser test, listed apart from the gaps), and *ranked* when that topic is among the
//!   top gaps (English or its language's section);
//! - a **junk** event is *caught* when its topic is in the review list or does not rank, and
//!   *leaked* when it is among the top gaps;
//! - **junk in the top gaps**, at every evaluated week: gaps whose latest members are a junk
//!   event's examples or carry, for at least [`JUNK_TAG_SHARE`] of them, a tag the file names
//!   as a moderator's junk verdict.
//!
//! The top gaps of each week are listed with their labels and a few ids, for a person to read.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use docent_gaps::{Dismissed, Gap, Options, Report, Signal};
use docent_index::Index;
use serde::{Deserialize, Serialize};

/// Share of a gap's latest members with a junk tag that makes it junk.
pub const JUNK_TAG_SHARE: f64 = 0.3;

/// An events file.
#[derive(Debug, Deserialize)]
pub struct EventsFile {
    /// Moderator tags that mean "not a real question".
    #[serde(default)]
    pub junk_tags: Vec<String>,
    /// The events.
    pub events: Vec<Event>,
}

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Customers need docs.
    Gap,
    /// Spam, misrouted or empty posts.
    Junk,
}

/// One real event.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    /// Short id.
    pub id: String,
    /// Its kind.
    pub kind: EventKind,
    /// `tune` or `heldout`.
    #[serde(default)]
    pub split: String,
    /// Monday of its week.
    pub week: NaiveDate,
    /// What happened.
    #[serde(default)]
    pub description: String,
    /// Example question ids.
    pub ids: Vec<String>,
}

/// How one event fared.
#[derive(Debug, Clone, Serialize)]
pub struct EventResult {
    /// Event id.
    pub id: String,
    /// Its kind.
    pub kind: EventKind,
    /// Its split.
    pub split: String,
    /// Its week.
    pub week: NaiveDate,
    /// A topic holding its examples spiked in its week, or signalled early.
    pub spiked: bool,
    /// Flagged only by an early signal.
    pub early: bool,
    /// Gap: spiked and not set aside by triage. Junk: listed for review or not ranked.
    pub flagged: bool,
    /// Gap: the topic flagging it is among the top gaps. Junk: a topic holding it is (bad).
    pub ranked: bool,
    /// Set aside by triage, and why.
    pub triaged: Option<String>,
    /// Label of the topic that holds most of its examples, if any.
    pub topic: Option<String>,
    /// Its examples found in the week's topics / given.
    pub examples_found: String,
}

/// One evaluated week's top gaps.
#[derive(Debug, Clone, Serialize)]
pub struct WeekTop {
    /// Monday of the week.
    pub week: NaiveDate,
    /// Top gaps: label, whether junk by the file, three latest ids, what triage saw.
    pub top: Vec<(String, bool, Vec<String>, String)>,
    /// Junk among them.
    pub junk: usize,
    /// Early signals (all sections): label, whether junk by the file, three latest ids, the
    /// latest count against the expectation.
    pub early: Vec<(String, bool, Vec<String>, String)>,
    /// Labels set aside for review, with the reason.
    pub review: Vec<(String, String)>,
}

/// The scores.
#[derive(Debug, Clone, Serialize)]
pub struct EventsReport {
    /// Per event.
    pub events: Vec<EventResult>,
    /// Gap events flagged in their week, by split: (flagged, of).
    pub gaps_flagged: HashMap<String, (usize, usize)>,
    /// Gap events flagged by a spike, not only an early signal, by split.
    pub gaps_spiked: HashMap<String, (usize, usize)>,
    /// Gap events ranked among the top gaps in their week, by split.
    pub gaps_ranked: HashMap<String, (usize, usize)>,
    /// Junk events kept out of the top gaps, by split.
    pub junk_kept_out: HashMap<String, (usize, usize)>,
    /// Evaluated weeks.
    pub weeks: Vec<WeekTop>,
    /// Junk gaps in the top gaps, summed over the evaluated weeks.
    pub junk_in_top: usize,
    /// Weeks with any junk in the top gaps.
    pub weeks_with_junk: usize,
    /// Early signals listed, summed over the evaluated weeks, and those junk by the file.
    pub early_listed: (usize, usize),
    /// Mean seconds per report.
    pub seconds_per_report: f64,
    /// With a simulated lead: the topics marked "not a gap" (week, label), each honoured by
    /// the later weeks' reports.
    pub lead_marks: Vec<(NaiveDate, String)>,
    /// With a simulated lead: topics set aside in later weeks because they match a mark.
    pub kept_out_by_marks: usize,
}

impl EventsReport {
    /// The report as a table a person reads (`file`: the events file; `signals`: the stream's
    /// size).
    pub fn table(&self, file: &std::path::Path, signals: usize) -> String {
        let r = self;
        let mut s = format!(
            "gap eval on real events: {} ({} signals)\n",
            file.display(),
            signals
        );
        for e in &r.events {
            let verdict = match (e.kind, e.flagged, e.ranked) {
                (EventKind::Gap, true, true) => "flagged, ranked",
                (EventKind::Gap, true, false) if e.early => "early signal",
                (EventKind::Gap, true, false) => "flagged, not in the top gaps",
                (EventKind::Gap, false, _) if e.triaged.is_some() => "SET ASIDE by triage",
                (EventKind::Gap, false, _) => "MISSED",
                (EventKind::Junk, true, _) => "kept out of the top gaps",
                (EventKind::Junk, false, _) => "LEAKED into the top gaps",
            };
            s.push_str(&format!(
                "  {:<22} {:<8} {} {:<5} {verdict}{} (examples {}; topic: {})\n",
                e.id,
                e.split,
                e.week,
                if e.spiked { "spike" } else { "-" },
                e.triaged
                    .as_ref()
                    .map(|t| format!(" [{t}]"))
                    .unwrap_or_default(),
                e.examples_found,
                e.topic.as_deref().unwrap_or("none"),
            ));
        }
        let show = |name: &str, m: &HashMap<String, (usize, usize)>| {
            let mut parts: Vec<String> =
                m.iter().map(|(k, (a, b))| format!("{k} {a}/{b}")).collect();
            parts.sort();
            format!("  {name:<32} {}\n", parts.join(", "))
        };
        s.push_str(&show("gap events flagged in their week", &r.gaps_flagged));
        s.push_str(&show("... by a spike, not only early", &r.gaps_spiked));
        s.push_str(&show("... and in the top gaps", &r.gaps_ranked));
        s.push_str(&show("junk events kept out of the top", &r.junk_kept_out));
        s.push_str(&format!(
            "  junk in the top gaps            {} over {} weeks ({} weeks with any)\n",
            r.junk_in_top,
            r.weeks.len(),
            r.weeks_with_junk
        ));
        s.push_str(&format!(
            "  early signals listed            {} over {} weeks ({} junk)\n",
            r.early_listed.0,
            r.weeks.len(),
            r.early_listed.1
        ));
        for w in &r.weeks {
            s.push_str(&format!("  week {} ({} junk):\n", w.week, w.junk));
            for (i, (label, junk, ids, cues)) in w.top.iter().enumerate() {
                s.push_str(&format!(
                    "    {:>2}. {}{} [{}]\n        {cues}\n",
                    i + 1,
                    if *junk { "JUNK " } else { "" },
                    label,
                    ids.join(" ")
                ));
            }
            for (label, junk, ids, latest) in &w.early {
                s.push_str(&format!(
                    "        early: {}{label} ({latest}) [{}]\n",
                    if *junk { "JUNK " } else { "" },
                    ids.join(" ")
                ));
            }
            for (label, why) in w.review.iter().take(5) {
                s.push_str(&format!("        review: {label} ({why})\n"));
            }
        }
        if !r.lead_marks.is_empty() {
            s.push_str(&format!(
                "  a lead marked {} topics as not gaps; later weeks set aside {} topics by those marks:\n",
                r.lead_marks.len(),
                r.kept_out_by_marks
            ));
            for (week, label) in &r.lead_marks {
                s.push_str(&format!("    {week}: {label}\n"));
            }
        }
        s.push_str(&format!("  {:.1} s per report\n", r.seconds_per_report));
        s
    }
}

/// Every gap of a report with its place: (gap, ranked among the top gaps).
fn all_topics(r: &Report) -> Vec<(&Gap, bool)> {
    r.gaps
        .iter()
        .map(|g| (g, true))
        .chain(
            r.languages
                .iter()
                .flat_map(|l| l.gaps.iter().map(|g| (g, true))),
        )
        .chain(r.early_signals().map(|g| (g, false)))
        .chain(r.review.iter().map(|g| (g, false)))
        .collect()
}

fn score_event(e: &Event, r: &Report) -> EventResult {
    let ids: HashSet<&str> = e.ids.iter().map(String::as_str).collect();
    let holding: Vec<(&Gap, bool, usize)> = all_topics(r)
        .into_iter()
        .map(|(g, ranked)| {
            let n = g
                .latest_ids
                .iter()
                .filter(|i| ids.contains(i.as_str()))
                .count();
            (g, ranked, n)
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let found: usize = holding.iter().map(|h| h.2).sum();
    let spiking: Vec<&(&Gap, bool, usize)> = holding
        .iter()
        .filter(|h| h.0.spike.flagged || h.0.spike.early)
        .collect();
    // A gap event is ranked when the topic that flags it is among the top gaps; a junk event
    // leaks when any topic holding it is.
    let ranked = match e.kind {
        EventKind::Gap => spiking.iter().any(|h| h.1 && h.0.flag.is_none()),
        EventKind::Junk => holding.iter().any(|h| h.1),
    };
    let triaged = holding
        .iter()
        .filter_map(|h| h.0.flag)
        .map(|f| f.reason().to_string())
        .next();
    let flagged = match e.kind {
        EventKind::Gap => spiking.iter().any(|h| h.0.flag.is_none()),
        EventKind::Junk => !ranked,
    };
    let by_spike = spiking
        .iter()
        .any(|h| h.0.spike.flagged && h.0.flag.is_none());
    EventResult {
        id: e.id.clone(),
        kind: e.kind,
        split: e.split.clone(),
        week: e.week,
        spiked: !spiking.is_empty(),
        early: e.kind == EventKind::Gap && flagged && !by_spike,
        flagged,
        ranked,
        triaged,
        topic: holding
            .iter()
            .max_by_key(|h| h.2)
            .map(|h| h.0.label.clone()),
        examples_found: format!("{found}/{}", e.ids.len()),
    }
}

/// What triage saw of a topic, in one short line.
fn cues_line(c: &docent_gaps::triage::TopicCues) -> String {
    format!(
        "scam {:.2} contact {:.2} disguised {:.2} link {:.2} repeated {:.2} near-dup {:.2} gibberish {:.2} empty {:.2} thin {:.2} stream {:.2}",
        c.scam,
        c.contact,
        c.disguised,
        c.link,
        c.repetition,
        c.near_duplicate,
        c.gibberish,
        c.empty,
        c.thin,
        c.stream_similarity
    )
}

/// Whether a gap is junk by the events file: a junk event's example among its latest
/// members, or [`JUNK_TAG_SHARE`] of them with a moderator's junk tag.
fn is_junk(g: &Gap, junk_ids: &HashSet<&str>, junk_tagged: &HashSet<&str>) -> bool {
    let n = g.latest_ids.len().max(1) as f64;
    let tagged = g
        .latest_ids
        .iter()
        .filter(|i| junk_tagged.contains(i.as_str()))
        .count() as f64;
    g.latest_ids.iter().any(|i| junk_ids.contains(i.as_str())) || tagged / n >= JUNK_TAG_SHARE
}

/// What a lead who reads the week's top gaps marks as "not a gap": every one that is junk by
/// the events file ([`is_junk`]), with the centroid its key holds (a gap without a readable
/// key cannot be marked).
fn lead_marks(
    gaps: &[Gap],
    junk_ids: &HashSet<&str>,
    junk_tagged: &HashSet<&str>,
) -> Vec<Dismissed> {
    gaps.iter()
        .filter(|g| is_junk(g, junk_ids, junk_tagged))
        .filter_map(|g| {
            Some(Dismissed {
                label: g.label.clone(),
                centroid: docent_gaps::decode_key(&g.key)?,
            })
        })
        .collect()
}

fn week_top(
    week: NaiveDate,
    r: &Report,
    junk_ids: &HashSet<&str>,
    junk_tagged: &HashSet<&str>,
) -> WeekTop {
    let is_junk = |g: &Gap| is_junk(g, junk_ids, junk_tagged);
    let top: Vec<(String, bool, Vec<String>, String)> = r
        .gaps
        .iter()
        .map(|g| {
            (
                g.label.clone(),
                is_junk(g),
                g.latest_ids.iter().take(3).cloned().collect(),
                cues_line(&g.triage),
            )
        })
        .collect();
    let early = r
        .early_signals()
        .map(|g| {
            (
                g.label.clone(),
                is_junk(g),
                g.latest_ids.iter().take(3).cloned().collect(),
                format!(
                    "{} vs {:.1} expected; coherence {:.2}, docs {:.2}, stream {:.2}",
                    g.spike.observed,
                    g.spike.expected,
                    g.triage.coherence,
                    g.triage.doc_similarity.unwrap_or(0.0),
                    g.triage.stream_similarity
                ),
            )
        })
        .collect();
    WeekTop {
        week,
        early,
        junk: top.iter().filter(|t| t.1).count(),
        top,
        review: r
            .review
            .iter()
            .map(|g| {
                (
                    g.label.clone(),
                    g.flag.map_or("", |f| f.reason()).to_string(),
                )
            })
            .collect(),
    }
}

fn tally(
    results: &[EventResult],
    kind: EventKind,
    ok: impl Fn(&EventResult) -> bool,
) -> HashMap<String, (usize, usize)> {
    let mut out: HashMap<String, (usize, usize)> = HashMap::new();
    for r in results.iter().filter(|r| r.kind == kind) {
        for split in [r.split.as_str(), "all"] {
            let e = out.entry(split.to_string()).or_default();
            e.0 += usize::from(ok(r));
            e.1 += 1;
        }
    }
    out
}

/// Scores the report against `file`'s events over `signals`; `tags` maps signal ids to their
/// tags; besides the event weeks, every `every`-th week from the ninth is evaluated (0: none).
/// With `lead`, the weeks are a lead's: each week's junk top gaps ([`lead_marks`]) are marked
/// "not a gap", and every later week's report honours the marks, as `/lead` does.
#[allow(clippy::too_many_arguments)]
pub fn score(
    index: &Index,
    weights: &docent_tutor::TermWeights,
    signals: &[Signal],
    tags: &HashMap<String, Vec<String>>,
    file: &EventsFile,
    base: &Options,
    every: usize,
    lead: bool,
) -> docent_index::Result<EventsReport> {
    let first = signals
        .iter()
        .filter_map(|s| s.at)
        .min()
        .map(|d| docent_gaps::period_start(d.date_naive(), docent_gaps::Period::Week));
    let last = signals
        .iter()
        .filter_map(|s| s.at)
        .max()
        .map(|d| d.date_naive());
    let mut weeks: BTreeSet<NaiveDate> = file.events.iter().map(|e| e.week).collect();
    if let (Some(first), Some(last), true) = (first, last, every > 0) {
        let mut w = first + Duration::days(7 * 8);
        while w <= last {
            weeks.insert(w);
            w += Duration::days(7 * every as i64);
        }
    }
    let junk_ids: HashSet<&str> = file
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Junk)
        .flat_map(|e| e.ids.iter().map(String::as_str))
        .collect();
    let junk_tags: HashSet<&str> = file.junk_tags.iter().map(String::as_str).collect();
    let junk_tagged: HashSet<&str> = tags
        .iter()
        .filter(|(_, t)| t.iter().any(|t| junk_tags.contains(t.as_str())))
        .map(|(id, _)| id.as_str())
        .collect();
    let started = std::time::Instant::now();
    let mut results = Vec::new();
    let mut tops = Vec::new();
    let mut marked: Vec<Dismissed> = Vec::new();
    let mut marks_shown = Vec::new();
    let mut kept_out_by_marks = 0;
    for week in &weeks {
        let mut opts = Options {
            as_of: Some(*week + Duration::days(6)),
            period: docent_gaps::Period::Week,
            ..base.clone()
        };
        opts.dismissed.extend(marked.iter().cloned());
        let r = docent_gaps::report(index, weights, signals, &opts, Vec::new())?;
        for e in file.events.iter().filter(|e| e.week == *week) {
            results.push(score_event(e, &r));
        }
        tops.push(week_top(*week, &r, &junk_ids, &junk_tagged));
        if lead {
            kept_out_by_marks += r
                .review
                .iter()
                .filter(|g| g.flag == Some(docent_gaps::triage::Flag::Dismissed))
                .count();
            for m in lead_marks(&r.gaps, &junk_ids, &junk_tagged) {
                marks_shown.push((*week, m.label.clone()));
                marked.push(m);
            }
        }
    }
    let seconds_per_report = started.elapsed().as_secs_f64() / weeks.len().max(1) as f64;
    Ok(EventsReport {
        gaps_flagged: tally(&results, EventKind::Gap, |r| r.flagged),
        gaps_spiked: tally(&results, EventKind::Gap, |r| r.flagged && !r.early),
        gaps_ranked: tally(&results, EventKind::Gap, |r| r.ranked && r.flagged),
        junk_kept_out: tally(&results, EventKind::Junk, |r| !r.ranked),
        junk_in_top: tops.iter().map(|t| t.junk).sum(),
        weeks_with_junk: tops.iter().filter(|t| t.junk > 0).count(),
        early_listed: (
            tops.iter().map(|t| t.early.len()).sum(),
            tops.iter()
                .map(|t| t.early.iter().filter(|e| e.1).count())
                .sum(),
        ),
        weeks: tops,
        events: results,
        seconds_per_report,
        lead_marks: marks_shown,
        kept_out_by_marks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(label: &str, key: &str, latest: &[&str]) -> Gap {
        Gap {
            label: label.into(),
            key: key.into(),
            latest_ids: latest.iter().map(|s| s.to_string()).collect(),
            ..Gap::default()
        }
    }

    fn report(gaps: Vec<Gap>, early: Vec<Gap>) -> Report {
        Report {
            as_of: NaiveDate::from_ymd_opt(2025, 5, 25).unwrap(),
            period: docent_gaps::Period::Week,
            periods: Vec::new(),
            topics: gaps.len() + early.len(),
            spiking: Vec::new(),
            gaps,
            early,
            review: Vec::new(),
            languages: Vec::new(),
            data_quality: Default::default(),
            options: Options::default(),
        }
    }

    #[test]
    fn an_event_held_by_an_early_signal_is_flagged_early_not_ranked() {
        let event = Event {
            id: "twitch".into(),
            kind: EventKind::Gap,
            split: "heldout".into(),
            week: NaiveDate::from_ymd_opt(2025, 5, 19).unwrap(),
            description: String::new(),
            ids: vec!["q-7".into(), "q-8".into()],
        };
        let mut signal = gap("Twitch player missing", "7f00", &["q-7", "q-9"]);
        signal.spike.early = true;
        // A ranked topic that does not spike holds the other example.
        let steady = gap("Lost bookmarks", "007f", &["q-1", "q-8"]);
        let r = score_event(&event, &report(vec![steady.clone()], vec![signal.clone()]));
        assert!(r.flagged && r.early && r.spiked && !r.ranked, "{r:?}");
        assert_eq!(r.examples_found, "2/2");
        // Not flagged when the same topic neither spikes nor signals early.
        signal.spike.early = false;
        let r = score_event(&event, &report(vec![steady.clone()], vec![signal.clone()]));
        assert!(!r.flagged && !r.early, "{r:?}");
        // A ranked topic that spikes flags it as a spike.
        signal.spike.flagged = true;
        let r = score_event(&event, &report(vec![signal, steady], Vec::new()));
        assert!(r.flagged && !r.early && r.ranked, "{r:?}");
    }

    #[test]
    fn a_lead_marks_the_junk_top_gaps_with_their_centroids() {
        let junk_ids: HashSet<&str> = HashSet::from(["spam-1"]);
        // Two of three latest members carry a moderator's junk tag (2/3 >= 0.3).
        let junk_tagged: HashSet<&str> = HashSet::from(["t-1", "t-2"]);
        let gaps = vec![
            gap("Lost bookmarks", "7f00", &["q-1", "q-2"]),
            gap("Loan helpline", "007f", &["spam-1", "q-3"]),
            gap("Tagged", "7f7f", &["t-1", "t-2", "q-4"]),
            gap("Junk without a key", "zz", &["spam-1"]),
        ];
        let marks = lead_marks(&gaps, &junk_ids, &junk_tagged);
        let labels: Vec<&str> = marks.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["Loan helpline", "Tagged"]);
        // The centroid is the key's unit vector, as /lead stores it.
        assert_eq!(marks[0].centroid, vec![0.0, 1.0]);
        let s = std::f32::consts::FRAC_1_SQRT_2;
        assert!(marks[1].centroid.iter().all(|x| (x - s).abs() < 1e-6));
    }
}
