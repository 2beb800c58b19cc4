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
        let report = docent_gaps::report(index, signals, &opts, Vec::new());
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
