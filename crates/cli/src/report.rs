//! Printing an eval's report and enforcing its set's floors, the same way for every eval.

use std::process::ExitCode;

use anyhow::Result;
use docent_eval::floors::{Eval, Metric};
use docent_eval::EvalSet;
use serde::Serialize;

/// Prints `report` as JSON, or as the table `table` makes.
pub fn print<R: Serialize>(json: bool, report: &R, table: impl FnOnce() -> String) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        print!("{}", table());
    }
    Ok(())
}

/// Checks the set's floors of `eval` against the values `measured` gives, printing each check
/// on standard error; exit 1 when one is broken.
pub fn enforce(
    set: &EvalSet,
    eval: Eval,
    measured: impl Fn(&Metric) -> Option<f64>,
) -> Result<ExitCode> {
    let Some(floors) = &set.floors else {
        return Ok(ExitCode::SUCCESS);
    };
    let checks = floors.check(eval, measured)?;
    for c in &checks {
        eprintln!("{}", c.line());
    }
    Ok(if checks.iter().all(|c| c.kept) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
