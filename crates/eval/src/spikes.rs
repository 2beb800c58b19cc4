//! Spike detection replayed on a ticket stream (`docent eval gaps`): against the spikes planted
//! in the generated sample stream ([`planted`]), or against spikes injected into a real stream
//! ([`injected`]). The real events of a real stream are scored in [`crate::gaps`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use docent_gaps::replay::{alarms, fit, inject, Fitted, Injection};
use docent_gaps::{Options, Signal};
use docent_index::Index;
use serde::{Deserialize, Serialize};

/// The planted spikes of a generated stream (`evals/gaps/planted_spikes.json`).
#[derive(Debug, Deserialize)]
pub struct Truth {
    /// Monday of week 0.
    pub start: NaiveDate,
    /// Weeks in the stream.
    pub weeks: usize,
    /// The spikes.
    pub spikes: Vec<Planted>,
}

/// One planted spike: its tickets carry `tags`.
#[derive(Debug, Deserialize, Clone)]
pub struct Planted {
    /// Its name.
    pub id: String,
    /// First week.
    pub start_week: usize,
    /// Last week.
    pub end_week: usize,
    /// The tags of its tickets, joined by spaces.
    pub tags: String,
}

/// Alarms of one replay, scored against the planted spikes.
#[derive(Debug, Serialize, Default)]
pub struct Replay {
    /// Weeks replayed.
    pub weeks_replayed: usize,
    /// Alarms raised.
    pub alarms: usize,
    /// Alarms on a planted spike.
    pub true_alarms: usize,
    /// Other alarms.
    pub false_alarms: usize,
    /// False alarms per 26 weeks.
    pub false_alarms_per_26_weeks: f64,
    /// Share of alarms that were true.
    pub precision: f64,
    /// Share of planted spikes found.
    pub recall: f64,
    /// Weeks from each spike's start to its first alarm (`None`: missed).
    pub detection_delay_weeks: BTreeMap<String, Option<usize>>,
    /// Every alarm, in words.
    pub alarm_log: Vec<String>,
}

/// Replays `signals` week by week from `first_week`: the report as of each week's last day, its
/// spiking topics scored against the planted spikes (`tags_of`: each ticket's tags, joined).
pub fn replay(
    index: &Index,
    signals: &[Signal],
    truth: &Truth,
    tags_of: &HashMap<String, String>,
    first_week: usize,
) -> docent_index::Result<Replay> {
    // Replays measure no coverage, so the term weights are never read.
    let weights = docent_tutor::TermWeights::default();
    let mut r = Replay::default();
    let mut detected: BTreeMap<String, Option<usize>> =
        truth.spikes.iter().map(|s| (s.id.clone(), None)).collect();
    for week in first_week..truth.weeks {
        let as_of = truth.start + Duration::days(7 * week as i64 + 6);
        let opts = Options {
            as_of: Some(as_of),
            coverage: false,
            top: 0,
            ..Options::default()
        };
        let (report, latest_members) =
            docent_gaps::report_with_spikes(index, &weights, signals, &opts, Vec::new())?;
        r.weeks_replayed += 1;
        for t in &report.spiking {
            r.alarms += 1;
            let members = &latest_members[*t];
            // The alarm belongs to a planted spike when most of the topic's tickets that week
            // are the spike's tickets.
            let hit = truth.spikes.iter().find(|s| {
                let n = members
                    .iter()
                    .filter(|id| tags_of.get(*id).is_some_and(|t| *t == s.tags))
                    .count();
                n * 2 > members.len() && week >= s.start_week && week <= s.end_week + 1
            });
            match hit {
                Some(s) => {
                    r.true_alarms += 1;
                    let d = detected.get_mut(&s.id).expect("known spike");
                    if d.is_none() {
                        *d = Some(week - s.start_week);
                    }
                    r.alarm_log
                        .push(format!("week {week}: {} ({} tickets)", s.id, members.len()));
                }
                None => {
                    r.false_alarms += 1;
                    r.alarm_log.push(format!(
                        "week {week}: FALSE ALARM, topic {t} ({} tickets)",
                        members.len()
                    ));
                }
            }
        }
    }
    r.false_alarms_per_26_weeks = r.false_alarms as f64 * 26.0 / r.weeks_replayed.max(1) as f64;
    r.precision = if r.alarms == 0 {
        1.0
    } else {
        r.true_alarms as f64 / r.alarms as f64
    };
    let found = detected.values().filter(|d| d.is_some()).count();
    r.recall = if truth.spikes.is_empty() {
        1.0
    } else {
        found as f64 / truth.spikes.len() as f64
    };
    r.detection_delay_weeks = detected;
    Ok(r)
}

/// The planted-spike eval: the stream replayed with and without the planted tickets.
#[derive(Debug, Serialize)]
pub struct PlantedReport {
    /// The first week replayed.
    #[serde(skip)]
    pub first_week: usize,
    /// Seconds for both replays.
    pub seconds: f64,
    /// The stream as it is.
    pub with_spikes: Replay,
    /// The stream without the planted tickets (every alarm is false).
    pub without_spikes: Replay,
}

/// Replays the index's tickets (`signals`) from week 4 with and without the planted tickets.
pub fn planted(
    index: &Index,
    signals: &[Signal],
    truth: &Truth,
) -> docent_index::Result<PlantedReport> {
    let tags_of: HashMap<String, String> = index
        .tickets()
        .iter()
        .map(|t| (t.id.clone(), t.tags.join(" ")))
        .collect();
    let first_week = 4;
    let started = Instant::now();
    let with = replay(index, signals, truth, &tags_of, first_week)?;
    let planted: HashSet<&str> = truth.spikes.iter().map(|s| s.tags.as_str()).collect();
    let clean: Vec<Signal> = signals
        .iter()
        .filter(|s| {
            !tags_of
                .get(&s.id)
                .is_some_and(|t| planted.contains(t.as_str()))
        })
        .cloned()
        .collect();
    let no_spikes = Truth {
        start: truth.start,
        weeks: truth.weeks,
        spikes: Vec::new(),
    };
    let without = replay(index, &clean, &no_spikes, &tags_of, first_week)?;
    Ok(PlantedReport {
        first_week,
        seconds: started.elapsed().as_secs_f64(),
        with_spikes: with,
        without_spikes: without,
    })
}

impl PlantedReport {
    /// The report as a table a person reads (`truth`: the file the spikes came from).
    pub fn table(&self, truth: &Path) -> String {
        let (with, without) = (&self.with_spikes, &self.without_spikes);
        let mut s = format!(
            "gap eval: {} ({} weeks replayed from week {})\n",
            truth.display(),
            with.weeks_replayed,
            self.first_week
        );
        s.push_str(&format!(
            "  planted spikes found      {:.2} (recall)\n",
            with.recall
        ));
        for (id, d) in &with.detection_delay_weeks {
            match d {
                Some(d) => s.push_str(&format!("    {id}: detected {d} week(s) after its start\n")),
                None => s.push_str(&format!("    {id}: MISSED\n")),
            }
        }
        s.push_str(&format!(
            "  alarm precision          {:.2} ({} of {} alarms)\n",
            with.precision, with.true_alarms, with.alarms
        ));
        s.push_str(&format!(
            "  false alarms per 26 wks  {:.2}\n",
            with.false_alarms_per_26_weeks
        ));
        s.push_str(&format!(
            "  without the planted tickets: {} alarms ({:.2} per 26 weeks)\n",
            without.alarms, without.false_alarms_per_26_weeks
        ));
        for l in with.alarm_log.iter().chain(without.alarm_log.iter()) {
            s.push_str(&format!("    {l}\n"));
        }
        s.push_str(&format!(
            "  replay time              {:.1} s\n",
            self.seconds
        ));
        s
    }
}

/// The injected-spike eval: copies of mid-size topics' tickets dated into chosen weeks of a
/// real stream, topics fitted once.
#[derive(Debug, Serialize)]
pub struct InjectedReport {
    /// Signals in the stream.
    pub signals: usize,
    /// Topics of the stream.
    pub topics: usize,
    /// Share of signals left as noise.
    pub noise_share: f64,
    /// Weeks of the stream.
    pub weeks: usize,
    /// What was injected.
    pub injections: Vec<Injection>,
    /// Weeks from each injection to its alarm (`None`: missed, or later than a week).
    pub detected: Vec<Option<usize>>,
    /// Share of injections detected.
    pub recall: f64,
    /// Alarms on the stream with the injections.
    pub alarms_with_injection: usize,
    /// The real bursts flagged without injection, in words.
    pub real_bursts: Vec<String>,
    /// Those per 26 weeks.
    pub real_bursts_per_26_weeks: f64,
    /// Seconds to fit the topics once.
    pub seconds_fit: f64,
    /// The topics' labels.
    #[serde(skip)]
    pub labels: Vec<String>,
}

/// Injects `n` spikes into copies of mid-size topics, spread over the weeks after the
/// baseline (`from`); returns the stream with them and what was injected.
fn inject_spikes(
    signals: &[Signal],
    base: &Fitted,
    n: usize,
    from: usize,
) -> (Vec<Signal>, Vec<Injection>) {
    // Mid-size topics and weeks spread over the stream, chosen deterministically.
    let mut by_size: Vec<usize> = (0..base.topics).collect();
    by_size.sort_by_key(|t| std::cmp::Reverse(base.counts[*t].iter().sum::<u64>()));
    let weeks = base.weeks.len();
    let mut injections = Vec::new();
    let mut stream = signals.to_vec();
    // One spike a week at most, in the weeks after the baseline (a stream no longer than its
    // baseline takes none: the CLI says why).
    let n = n.min(weeks.saturating_sub(from));
    for i in 0..n {
        let Some(&topic) = by_size.get((by_size.len() / (n + 1)) * (i + 1)) else {
            break;
        };
        let w = from + (weeks - from) * (i + 1) / (n + 1);
        let before: u64 = base.counts[topic][w.saturating_sub(8)..w].iter().sum();
        let copies = ((before as f64 / 8.0) * 3.0).ceil() as usize + 15;
        stream.extend(inject(signals, base, topic, base.weeks[w], copies));
        injections.push(Injection {
            topic,
            week: base.weeks[w],
            copies,
        });
    }
    (stream, injections)
}

/// For each injection, the weeks to the first alarm on the topic its copies landed in after
/// refitting (`None` when none came within a week).
fn detections(
    stream: &[Signal],
    fitted: &Fitted,
    found: &[docent_gaps::replay::Alarm],
    injections: &[Injection],
) -> Vec<Option<usize>> {
    let mut detected = Vec::new();
    for inj in injections {
        let prefix = format!("injected-{}-{}-", inj.topic, inj.week);
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for (s, a) in stream.iter().zip(&fitted.assignment) {
            if s.id.starts_with(&prefix) {
                if let Some(t) = a {
                    *votes.entry(*t).or_default() += 1;
                }
            }
        }
        let topic = votes.into_iter().max_by_key(|(_, v)| *v).map(|(t, _)| t);
        let delay = found
            .iter()
            .filter(|a| Some(a.topic) == topic && a.week >= inj.week)
            .map(|a| ((a.week - inj.week).num_days() / 7) as usize)
            .min();
        detected.push(delay.filter(|d| *d <= 1));
    }
    detected
}

/// Injects `n` spikes into the stream `signals` (a real one: the forum questions), fits the
/// topics once, and scores detection; lists the real bursts flagged without injection.
pub fn injected(signals: &[Signal], n: usize) -> InjectedReport {
    let opts = Options::default();
    let min_topic = opts.min_topic.max(signals.len() / 2000);
    let started = Instant::now();
    let base = fit(signals, opts.threshold, min_topic);
    let seconds_fit = started.elapsed().as_secs_f64();
    let labels = docent_gaps::labels(signals, &base.assignment, base.topics, 4);
    let from = opts.spike.baseline;
    let real = alarms(&base, from, &opts.spike);
    let (stream, injections) = inject_spikes(signals, &base, n, from);
    let fitted = fit(&stream, opts.threshold, min_topic);
    let found = alarms(&fitted, from, &opts.spike);
    let detected = detections(&stream, &fitted, &found, &injections);
    let recall =
        detected.iter().filter(|d| d.is_some()).count() as f64 / injections.len().max(1) as f64;
    let weeks = base.weeks.len();
    let tested = weeks.saturating_sub(from).max(1);
    InjectedReport {
        signals: signals.len(),
        topics: base.topics,
        noise_share: base.assignment.iter().filter(|a| a.is_none()).count() as f64
            / signals.len() as f64,
        weeks,
        injections,
        detected,
        recall,
        alarms_with_injection: found.len(),
        real_bursts: real
            .iter()
            .map(|a| {
                format!(
                    "{}: {} ({} vs {:.1} expected)",
                    a.week, labels[a.topic], a.spike.observed, a.spike.expected
                )
            })
            .collect(),
        real_bursts_per_26_weeks: real.len() as f64 * 26.0 / tested as f64,
        seconds_fit,
        labels,
    }
}

impl InjectedReport {
    /// The report as a table a person reads (`index`: the index's folder).
    pub fn table(&self, index: &Path) -> String {
        let r = self;
        let mut s = format!(
            "gap eval with injected spikes: {} ({} signals, {} topics, {:.1}% noise, {} weeks)\n",
            index.display(),
            r.signals,
            r.topics,
            r.noise_share * 100.0,
            r.weeks
        );
        for (inj, d) in r.injections.iter().zip(&r.detected) {
            s.push_str(&format!(
                "  injected {} copies into topic {} ({}) in week {}: {}\n",
                inj.copies,
                inj.topic,
                r.labels[inj.topic],
                inj.week,
                d.map_or("MISSED".to_string(), |d| format!(
                    "detected after {d} week(s)"
                ))
            ));
        }
        s.push_str(&format!(
            "  recall {:.2}; real bursts flagged without injection: {} ({:.1} per 26 weeks)\n",
            r.recall,
            r.real_bursts.len(),
            r.real_bursts_per_26_weeks
        ));
        for b in &r.real_bursts {
            s.push_str(&format!("    {b}\n"));
        }
        s.push_str(&format!("  topic fit {:.1} s\n", r.seconds_fit));
        s
    }
}
