//! `docent eval gaps`: replays a ticket stream period by period and scores the spike alarms
//! against planted spikes (`evals/gaps/planted_spikes.json`): recall, precision, periods from
//! a spike's start to its first alarm, false alarms per 26 periods; then the same stream with
//! the planted tickets removed, which must raise (almost) no alarm.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use chrono::{Duration, NaiveDate};
use docent_embed::Embedder;
use docent_gaps::{Options, Signal};
use docent_index::Index;
use serde::{Deserialize, Serialize};

use crate::context::Context;

#[derive(Deserialize)]
struct Truth {
    start: NaiveDate,
    weeks: usize,
    spikes: Vec<Planted>,
}

#[derive(Deserialize, Clone)]
struct Planted {
    id: String,
    start_week: usize,
    end_week: usize,
    tags: String,
}

#[derive(Serialize, Default)]
struct Replay {
    weeks_replayed: usize,
    alarms: usize,
    true_alarms: usize,
    false_alarms: usize,
    false_alarms_per_26_weeks: f64,
    precision: f64,
    recall: f64,
    detection_delay_weeks: HashMap<String, Option<usize>>,
    alarm_log: Vec<String>,
}

fn replay(
    index: &Index,
    signals: &[Signal],
    truth: &Truth,
    tags_of: &HashMap<String, String>,
    first_week: usize,
) -> Replay {
    // Replays measure no coverage, so the term weights are never read.
    let weights = docent_tutor::TermWeights::default();
    let mut r = Replay::default();
    let mut detected: HashMap<String, Option<usize>> =
        truth.spikes.iter().map(|s| (s.id.clone(), None)).collect();
    for week in first_week..truth.weeks {
        let as_of = truth.start + Duration::days(7 * week as i64 + 6);
        let opts = Options {
            as_of: Some(as_of),
            coverage: false,
            top: 0,
            ..Options::default()
        };
        let report = docent_gaps::report(index, &weights, signals, &opts, Vec::new());
        r.weeks_replayed += 1;
        for t in &report.spiking {
            r.alarms += 1;
            let members = &report.latest_members[*t];
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
    r
}

pub fn run(ctx: &Context, truth_path: &Path, json: bool) -> Result<ExitCode> {
    let text = std::fs::read_to_string(truth_path)
        .with_context(|| format!("reading {}", truth_path.display()))?;
    let truth: Truth = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a planted-spikes file", truth_path.display()))?;
    let embedder: Arc<dyn Embedder> = ctx.embedder()?;
    let index = Index::open(&ctx.index_dir(), Some(embedder))?;
    let signals = docent_gaps::ticket_signals(&index);
    anyhow::ensure!(
        !signals.is_empty(),
        "the index holds no tickets: run `docent ingest` first"
    );
    let tags_of: HashMap<String, String> = index
        .tickets()
        .iter()
        .map(|t| (t.id.clone(), t.tags.join(" ")))
        .collect();
    let first_week = 4;
    let started = std::time::Instant::now();
    let with = replay(&index, &signals, &truth, &tags_of, first_week);
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
    let without = replay(&index, &clean, &no_spikes, &tags_of, first_week);
    let secs = started.elapsed().as_secs_f64();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"with_spikes": with, "without_spikes": without, "seconds": secs})
            )?
        );
    } else {
        println!(
            "gap eval: {} ({} weeks replayed from week {first_week})",
            truth_path.display(),
            with.weeks_replayed
        );
        println!("  planted spikes found      {:.2} (recall)", with.recall);
        for (id, d) in &with.detection_delay_weeks {
            match d {
                Some(d) => println!("    {id}: detected {d} week(s) after its start"),
                None => println!("    {id}: MISSED"),
            }
        }
        println!(
            "  alarm precision          {:.2} ({} of {} alarms)",
            with.precision, with.true_alarms, with.alarms
        );
        println!(
            "  false alarms per 26 wks  {:.2}",
            with.false_alarms_per_26_weeks
        );
        println!(
            "  without the planted tickets: {} alarms ({:.2} per 26 weeks)",
            without.alarms, without.false_alarms_per_26_weeks
        );
        for l in with.alarm_log.iter().chain(without.alarm_log.iter()) {
            println!("    {l}");
        }
        println!("  replay time              {secs:.1} s");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Injected {
    signals: usize,
    topics: usize,
    noise_share: f64,
    weeks: usize,
    injections: Vec<docent_gaps::replay::Injection>,
    detected: Vec<Option<usize>>,
    recall: f64,
    alarms_with_injection: usize,
    real_bursts: Vec<String>,
    real_bursts_per_26_weeks: f64,
    seconds_fit: f64,
}

/// Spikes injected into the index's own stream (a real one: the forum questions), topics fitted
/// once; scores detection and lists the real bursts flagged without injection.
pub fn run_injected(ctx: &Context, n: usize, json: bool) -> Result<ExitCode> {
    use docent_gaps::replay::{alarms, fit, inject, Injection};
    let embedder: Arc<dyn Embedder> = ctx.embedder()?;
    let index = Index::open(&ctx.index_dir(), Some(embedder))?;
    let signals = docent_gaps::ticket_signals(&index);
    anyhow::ensure!(
        !signals.is_empty(),
        "the index holds no tickets: ingest a ticket stream first"
    );
    let opts = Options::default();
    let min_topic = opts.min_topic.max(signals.len() / 2000);
    let started = std::time::Instant::now();
    let base = fit(&signals, opts.threshold, min_topic);
    let seconds_fit = started.elapsed().as_secs_f64();
    let labels = docent_gaps::labels(&signals, &base.assignment, base.topics, 4);
    let from = opts.spike.baseline;
    let real = alarms(&base, from, &opts.spike);
    // Mid-size topics and weeks spread over the stream, chosen deterministically.
    let mut by_size: Vec<usize> = (0..base.topics).collect();
    by_size.sort_by_key(|t| std::cmp::Reverse(base.counts[*t].iter().sum::<u64>()));
    let weeks = base.weeks.len();
    let mut injections = Vec::new();
    let mut stream = signals.clone();
    for i in 0..n {
        let Some(&topic) = by_size.get((by_size.len() / (n + 1)) * (i + 1)) else {
            break;
        };
        let w = from + (weeks - from) * (i + 1) / (n + 1);
        let before: u64 = base.counts[topic][w.saturating_sub(8)..w].iter().sum();
        let copies = ((before as f64 / 8.0) * 3.0).ceil() as usize + 15;
        stream.extend(inject(&signals, &base, topic, base.weeks[w], copies));
        injections.push(Injection {
            topic,
            week: base.weeks[w],
            copies,
        });
    }
    let fitted = fit(&stream, opts.threshold, min_topic);
    let found = alarms(&fitted, from, &opts.spike);
    let mut detected = Vec::new();
    for inj in &injections {
        // The topic the copies landed in after refitting.
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
    let recall =
        detected.iter().filter(|d| d.is_some()).count() as f64 / injections.len().max(1) as f64;
    let tested = weeks.saturating_sub(from).max(1);
    let r = Injected {
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
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!(
            "gap eval with injected spikes: {} ({} signals, {} topics, {:.1}% noise, {} weeks)",
            ctx.index_dir().display(),
            r.signals,
            r.topics,
            r.noise_share * 100.0,
            r.weeks
        );
        for (inj, d) in r.injections.iter().zip(&r.detected) {
            println!(
                "  injected {} copies into topic {} ({}) in week {}: {}",
                inj.copies,
                inj.topic,
                labels[inj.topic],
                inj.week,
                d.map_or("MISSED".to_string(), |d| format!(
                    "detected after {d} week(s)"
                ))
            );
        }
        println!(
            "  recall {:.2}; real bursts flagged without injection: {} ({:.1} per 26 weeks)",
            r.recall,
            r.real_bursts.len(),
            r.real_bursts_per_26_weeks
        );
        for b in &r.real_bursts {
            println!("    {b}");
        }
        println!("  topic fit {:.1} s", r.seconds_fit);
    }
    Ok(ExitCode::SUCCESS)
}

/// Real events of the index's stream: flagged in their week, junk kept out of the top gaps.
pub fn run_events(ctx: &Context, file: &Path, every: usize, json: bool) -> Result<ExitCode> {
    use docent_eval::gaps::{score, EventKind, EventsFile};
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let events: EventsFile = serde_json::from_str(&text)
        .with_context(|| format!("{}: not an events file", file.display()))?;
    let embedder: Arc<dyn Embedder> = ctx.embedder()?;
    let index = Index::open(&ctx.index_dir(), Some(embedder))?;
    let signals = docent_gaps::ticket_signals(&index);
    anyhow::ensure!(
        !signals.is_empty(),
        "the index holds no tickets: ingest the stream the events come from first"
    );
    let tags: HashMap<String, Vec<String>> = index
        .tickets()
        .iter()
        .map(|t| (t.id.clone(), t.tags.clone()))
        .collect();
    let weights = docent_tutor::TermWeights::build(index.chunks());
    let r = score(
        &index,
        &weights,
        &signals,
        &tags,
        &events,
        &Options::default(),
        every,
    );
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "gap eval on real events: {} ({} signals)",
        file.display(),
        signals.len()
    );
    for e in &r.events {
        let verdict = match (e.kind, e.flagged, e.ranked) {
            (EventKind::Gap, true, true) => "flagged, ranked",
            (EventKind::Gap, true, false) => "flagged, not in the top gaps",
            (EventKind::Gap, false, _) if e.triaged.is_some() => "SET ASIDE by triage",
            (EventKind::Gap, false, _) => "MISSED",
            (EventKind::Junk, true, _) => "kept out of the top gaps",
            (EventKind::Junk, false, _) => "LEAKED into the top gaps",
        };
        println!(
            "  {:<22} {:<8} {} {:<5} {verdict}{} (examples {}; topic: {})",
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
        );
    }
    let show = |name: &str, m: &HashMap<String, (usize, usize)>| {
        let mut parts: Vec<String> = m.iter().map(|(k, (a, b))| format!("{k} {a}/{b}")).collect();
        parts.sort();
        println!("  {name:<32} {}", parts.join(", "));
    };
    show("gap events flagged in their week", &r.gaps_flagged);
    show("... and in the top gaps", &r.gaps_ranked);
    show("junk events kept out of the top", &r.junk_kept_out);
    println!(
        "  junk in the top gaps            {} over {} weeks ({} weeks with any)",
        r.junk_in_top,
        r.weeks.len(),
        r.weeks_with_junk
    );
    for w in &r.weeks {
        println!("  week {} ({} junk):", w.week, w.junk);
        for (i, (label, junk, ids)) in w.top.iter().enumerate() {
            println!(
                "    {:>2}. {}{} [{}]",
                i + 1,
                if *junk { "JUNK " } else { "" },
                label,
                ids.join(" ")
            );
        }
        for (label, why) in w.review.iter().take(5) {
            println!("        review: {label} ({why})");
        }
    }
    println!("  {:.1} s per report", r.seconds_per_report);
    Ok(ExitCode::SUCCESS)
}
