//! Replays with fixed topics: the topics are fitted once on the whole stream, then every
//! week is recounted and tested as if it were the latest. Used to score injected spikes on a
//! large real stream (re-clustering at every replayed week would cost minutes per week there).

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::{cluster, period_start, spike, Period, Signal};

/// A spike written into a stream for evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Injection {
    /// Topic whose tickets were copied.
    pub topic: usize,
    /// First day of the week the copies were dated into.
    pub week: NaiveDate,
    /// Copies added.
    pub copies: usize,
}

/// An alarm raised by the replay.
#[derive(Debug, Clone, Serialize)]
pub struct Alarm {
    /// Week start.
    pub week: NaiveDate,
    /// Topic.
    pub topic: usize,
    /// The test's verdict.
    pub spike: spike::Spike,
}

/// Fitted topics of a stream: assignment of each signal and weekly counts.
pub struct Fitted {
    /// Week starts.
    pub weeks: Vec<NaiveDate>,
    /// counts[topic][week].
    pub counts: Vec<Vec<u64>>,
    /// All signals per week.
    pub totals: Vec<u64>,
    /// Topic of each signal (noise: None).
    pub assignment: Vec<Option<usize>>,
    /// Number of topics.
    pub topics: usize,
}

/// Fits topics once and counts per week.
pub fn fit(signals: &[Signal], threshold: f32, min_topic: usize) -> Fitted {
    let vectors: Vec<&[f32]> = signals.iter().map(|s| s.vector.as_slice()).collect();
    let c = cluster::cluster(&vectors, threshold, min_topic);
    let dates: Vec<Option<NaiveDate>> = signals
        .iter()
        .map(|s| s.at.map(|d| period_start(d.date_naive(), Period::Week)))
        .collect();
    let first = dates.iter().flatten().min().copied().unwrap_or_default();
    let last = dates.iter().flatten().max().copied().unwrap_or_default();
    let mut weeks = Vec::new();
    let mut d = first;
    while d <= last {
        weeks.push(d);
        d += Duration::days(7);
    }
    let topics = c.centroids.len();
    let mut counts = vec![vec![0u64; weeks.len()]; topics];
    let mut totals = vec![0u64; weeks.len()];
    for (date, a) in dates.iter().zip(&c.assignment) {
        let Some(i) = date.and_then(|d| weeks.iter().position(|w| *w == d)) else {
            continue;
        };
        totals[i] += 1;
        if let Some(t) = a {
            counts[*t][i] += 1;
        }
    }
    Fitted {
        weeks,
        counts,
        totals,
        assignment: c.assignment,
        topics,
    }
}

/// Copies of `topic`'s signals dated into `week` (distinct text, so they are not duplicates).
pub fn inject(
    signals: &[Signal],
    fitted: &Fitted,
    topic: usize,
    week: NaiveDate,
    copies: usize,
) -> Vec<Signal> {
    let members: Vec<&Signal> = signals
        .iter()
        .zip(&fitted.assignment)
        .filter(|(_, a)| **a == Some(topic))
        .map(|(s, _)| s)
        .collect();
    (0..copies)
        .filter_map(|i| {
            let src = members.get(i % members.len().max(1))?;
            let at = week.and_hms_opt(9, 0, 0)?.and_utc() + Duration::hours((i % 120) as i64);
            Some(Signal {
                id: format!("injected-{topic}-{week}-{i}"),
                kind: src.kind,
                at: Some(at.fixed_offset()),
                subject: src.subject.clone(),
                text: format!("{} (injected {i})", src.text),
                vector: src.vector.clone(),
            })
        })
        .collect()
}

/// Tests every week from `from` on, each as the latest; returns the alarms.
pub fn alarms(f: &Fitted, from: usize, settings: &spike::SpikeSettings) -> Vec<Alarm> {
    let mut out = Vec::new();
    for w in from..f.weeks.len() {
        for t in 0..f.topics {
            let v = spike::test(&f.counts[t][..=w], &f.totals[..=w], w, f.topics, settings);
            if v.flagged {
                out.push(Alarm {
                    week: f.weeks[w],
                    topic: t,
                    spike: v,
                });
            }
        }
    }
    out
}
