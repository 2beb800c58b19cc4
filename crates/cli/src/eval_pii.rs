//! `docent eval pii`: the redactor of tickets and chat questions on the planted-PII set.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use docent_eval::pii;

use crate::eval::read_floors;

pub fn run(set: &Path, json: bool, details: bool) -> Result<ExitCode> {
    let data = pii::read_set(set)?;
    let mut report = pii::run(&data, docent_ingest::redact);
    if json {
        if !details {
            report.misses.clear();
            report.false_positives.clear();
        }
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
        if details {
            print_details(&report);
        }
    }
    let Some((path, floors)) = read_floors(set)? else {
        return Ok(ExitCode::SUCCESS);
    };
    let checks = pii::check_floors(&report, &floors)
        .map_err(|e| anyhow::anyhow!("{}: {e:#}", path.display()))?;
    let mut failed = false;
    for c in &checks {
        let (word, op) = match (c.kept, c.name.ends_with("_max")) {
            (true, true) => ("floor kept", "<="),
            (true, false) => ("floor kept", ">="),
            (false, true) => ("FLOOR BROKEN", ">"),
            (false, false) => ("FLOOR BROKEN", "<"),
        };
        eprintln!("{word}: {} = {:.3} {op} {:.3}", c.name, c.value, c.limit);
        failed |= !c.kept;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_details(report: &pii::PiiReport) {
    println!("\nnot caught ({}):", report.misses.len());
    for m in &report.misses {
        println!(
            "  planted.jsonl:{} {} {} {:?}: {:?}\n    -> {:?}",
            m.line,
            m.lang,
            m.kind.as_str(),
            m.outcome,
            m.value,
            m.output
        );
    }
    println!(
        "\nmasked although not planted ({}):",
        report.false_positives.len()
    );
    for f in &report.false_positives {
        println!(
            "  {}.jsonl:{} [{}] {:?}",
            f.set,
            f.line,
            f.kind.as_str(),
            f.value
        );
    }
}
