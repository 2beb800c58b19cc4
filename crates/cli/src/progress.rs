//! Progress on standard error: bars on a terminal; elsewhere (a log, CI, a script) a line at
//! each stage's start, then one every tenth of the way or every 30 seconds, whichever comes
//! first. An outside review ran a seven-minute ingest through a script and saw nothing until
//! the summary.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    /// Lines instead of bars (standard error is not a terminal).
    lines: Option<Mutex<Lines>>,
}

/// A stage reported as lines.
struct Lines {
    stage: String,
    total: u64,
    done: u64,
    started: Instant,
    said_at: Instant,
    said_tenths: u64,
}

/// How long a stage may run without a line.
const QUIET_AT_MOST: Duration = Duration::from_secs(30);

impl Lines {
    fn say(&mut self) {
        let elapsed = self.started.elapsed().as_secs_f64();
        let eta = if self.done > 0 && self.done < self.total {
            let left = elapsed / self.done as f64 * (self.total - self.done) as f64;
            format!(", about {left:.0} s left")
        } else {
            String::new()
        };
        eprintln!(
            "{}: {}/{} ({:.0} s{eta})",
            self.stage, self.done, self.total, elapsed
        );
        self.said_at = Instant::now();
    }
}

impl Bars {
    pub fn new() -> Self {
        let lines = (!std::io::stderr().is_terminal()).then(|| {
            Mutex::new(Lines {
                stage: String::new(),
                total: 0,
                done: 0,
                started: Instant::now(),
                said_at: Instant::now(),
                said_tenths: 0,
            })
        });
        Bars {
            bar: Mutex::new(None),
            lines,
        }
    }
}

impl docent_index::Progress for Bars {
    fn start(&self, stage: &str, total: u64) {
        if let Some(lines) = &self.lines {
            if let Ok(mut l) = lines.lock() {
                *l = Lines {
                    stage: stage.to_string(),
                    total,
                    done: 0,
                    started: Instant::now(),
                    said_at: Instant::now(),
                    said_tenths: 0,
                };
                // Stages with nothing to do say nothing.
                if total > 0 {
                    l.say();
                }
            }
            return;
        }
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} ({per_sec}, eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(stage.to_string());
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        if let Some(lines) = &self.lines {
            if let Ok(mut l) = lines.lock() {
                l.done += n;
                let tenths = (l.done * 10).checked_div(l.total).unwrap_or(0);
                if tenths > l.said_tenths || l.said_at.elapsed() >= QUIET_AT_MOST {
                    l.said_tenths = tenths;
                    l.say();
                }
            }
            return;
        }
        if let Ok(b) = self.bar.lock() {
            if let Some(bar) = b.as_ref() {
                bar.inc(n);
            }
        }
    }

    fn finish(&self) {
        if self.lines.is_some() {
            return;
        }
        if let Ok(mut b) = self.bar.lock() {
            if let Some(bar) = b.take() {
                bar.finish_and_clear();
            }
        }
    }
}
