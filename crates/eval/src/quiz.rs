//! Quiz evaluation: what can be counted without a person (balance of keys, cognitive levels,
//! scope coverage) and what only a person can say (is the key correct, is the item well
//! formed, worth asking, would an author keep it), read from blind reviewers' verdicts.
//!
//! Verdicts live in `evals/judged/quiz-<date>.jsonl`, one object a line:
//! `{"packet_id","set","scope","commit","correct","well_formed","worth_asking","keep",...}`
//! (see `evals/judged/README.md`: a reviewer judges a packet of items and source text only,
//! and `evals/judged/make_packet.py join` adds set, scope and commit from the packet's key).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use docent_quiz::{Item, ItemKind, Level};
use serde::{Deserialize, Serialize};

/// Counts over the items of many quizzes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ItemStats {
    /// Items counted.
    pub items: usize,
    /// True/false items.
    pub true_false: usize,
    /// True/false items keyed True.
    pub true_false_true: usize,
    /// Multiple-choice items.
    pub multiple_choice: usize,
    /// How often the key of a multiple-choice item sits at A, B, C, D, ...
    pub key_positions: Vec<usize>,
    /// Items per cognitive level.
    pub levels: BTreeMap<String, usize>,
    /// Items per difficulty (1-3).
    pub difficulty: BTreeMap<u8, usize>,
}

impl ItemStats {
    /// Adds `items`.
    pub fn add(&mut self, items: &[Item]) {
        for it in items {
            self.items += 1;
            match it.kind {
                ItemKind::TrueFalse => {
                    self.true_false += 1;
                    self.true_false_true += usize::from(it.key.first() == Some(&0));
                }
                ItemKind::MultipleChoice => {
                    self.multiple_choice += 1;
                    if let Some(k) = it.key.first() {
                        if self.key_positions.len() <= *k {
                            self.key_positions.resize(*k + 1, 0);
                        }
                        self.key_positions[*k] += 1;
                    }
                }
                ItemKind::MultipleSelect
                | ItemKind::Cloze
                | ItemKind::Ordering
                | ItemKind::ShortAnswer => {}
            }
            let level = match it.level {
                Level::Recall => "recall",
                Level::Apply => "apply",
                Level::Analyse => "analyse",
            };
            *self.levels.entry(level.into()).or_default() += 1;
            *self.difficulty.entry(it.difficulty).or_default() += 1;
        }
    }

    /// Share of true/false items keyed True.
    pub fn true_share(&self) -> f64 {
        self.true_false_true as f64 / self.true_false.max(1) as f64
    }

    /// Share of items at apply level or above.
    pub fn apply_or_above(&self) -> f64 {
        let recall = self.levels.get("recall").copied().unwrap_or(0);
        (self.items - recall) as f64 / self.items.max(1) as f64
    }

    /// The largest share of multiple-choice keys at one position (0.25 is even for four).
    pub fn top_key_position_share(&self) -> f64 {
        let top = self.key_positions.iter().copied().max().unwrap_or(0);
        top as f64 / self.multiple_choice.max(1) as f64
    }
}

/// One reviewer verdict on one item.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Verdict {
    /// The item's id in the packet.
    pub packet_id: String,
    /// The eval set the item came from.
    pub set: String,
    /// The scope it was drafted for.
    #[serde(default)]
    pub scope: String,
    /// The commit that generated it.
    pub commit: String,
    /// The key is right according to the source.
    pub correct: bool,
    /// Grammatical, unambiguous, no giveaway, plausible distractors.
    pub well_formed: bool,
    /// Something a learner of the product should know.
    pub worth_asking: bool,
    /// An author would keep it with at most light edits.
    pub keep: bool,
}

/// Judged rates over some verdicts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Judged {
    /// The verdict file.
    pub file: String,
    /// The commit judged (the newest of the file's, [`newest_commit`]).
    pub commit: String,
    /// Items judged.
    pub items: usize,
    /// Share with the key correct.
    pub correct: f64,
    /// Share well formed.
    pub well_formed: f64,
    /// Share worth asking.
    pub worth_asking: f64,
    /// Share kept with at most light edits.
    pub keep: f64,
}

/// The newest commit a file's verdicts judged: a packet that puts two commits side by side
/// labels an item both make "OLD NEW", so the last commit of such a label is the newest; a
/// file of one commit per item has its most frequent one.
fn newest_commit<'a>(vs: &[&'a Verdict]) -> &'a str {
    if let Some(last) = vs
        .iter()
        .filter_map(|v| {
            let mut cs = v.commit.split_whitespace();
            cs.next()?;
            cs.next_back()
        })
        .next()
    {
        return last;
    }
    let mut commits: BTreeMap<&str, usize> = BTreeMap::new();
    for v in vs {
        *commits.entry(v.commit.as_str()).or_default() += 1;
    }
    commits
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c)
        .unwrap_or_default()
}

/// Rates over the verdicts of the newest commit a file judged ([`newest_commit`]): a packet
/// of a change's before and after reports the after.
fn rates(file: &str, all: &[&Verdict]) -> Judged {
    let commit = newest_commit(all);
    let vs: Vec<&Verdict> = all
        .iter()
        .copied()
        .filter(|v| v.commit.split_whitespace().any(|c| c == commit))
        .collect();
    let n = vs.len().max(1) as f64;
    let share = |f: fn(&Verdict) -> bool| vs.iter().filter(|v| f(v)).count() as f64 / n;
    Judged {
        file: file.to_string(),
        commit: commit.to_string(),
        items: vs.len(),
        correct: share(|v| v.correct),
        well_formed: share(|v| v.well_formed),
        worth_asking: share(|v| v.worth_asking),
        keep: share(|v| v.keep),
    }
}

/// The newest verdict file in `dir` (`quiz-<date>.jsonl`, latest name first; `quiz-diff-`,
/// `quiz-claims-` and other named files left out) and its rates
/// for `set` (every set when `set` is `None`). `None` when no file holds verdicts for it.
pub fn read_judged(dir: &Path, set: Option<&str>) -> Result<Option<Judged>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(None);
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                // Only `quiz-<date>` files: a `quiz-diff-` file judges only the items a change
                // adds or drops, a `quiz-claims-` (or any other named) file a trial not
                // applied; neither is a sample of a set.
                .is_some_and(|n| {
                    n.strip_prefix("quiz-")
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                        && n.ends_with(".jsonl")
                })
        })
        .collect();
    files.sort_by_key(|p| {
        natural_key(
            &p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
    });
    for path in files.iter().rev() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut verdicts = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Verdict = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a verdict", path.display(), n + 1))?;
            verdicts.push(v);
        }
        let chosen: Vec<&Verdict> = verdicts
            .iter()
            .filter(|v| set.is_none_or(|s| v.set == s))
            .collect();
        if !chosen.is_empty() {
            return Ok(Some(rates(&path.display().to_string(), &chosen)));
        }
    }
    Ok(None)
}

/// A piece of a file name for ordering: runs of digits compare as numbers, so round 10's
/// `quiz-2026-11-30-r10.jsonl` comes after round 9's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Number(u64),
    Text(String),
}

fn natural_key(name: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = name.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() != digit {
                break;
            }
            run.push(d);
            chars.next();
        }
        out.push(match run.parse::<u64>() {
            Ok(n) if digit => Piece::Number(n),
            _ => Piece::Text(run),
        });
    }
    out
}

/// One generated item with what a reviewer needs: the scope and the source text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PacketRow {
    /// The eval set.
    pub set: String,
    /// The scope as the author named it.
    pub scope: String,
    /// The commit that generated it.
    pub commit: String,
    /// The item.
    pub item: Item,
    /// The text of the item's source chunk as indexed.
    pub source_text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judged_rates_come_from_the_newest_file_for_the_set() {
        let dir = std::env::temp_dir().join(format!("docent-judged-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let line = |set: &str, keep: bool| {
            format!("{{\"packet_id\":\"x\",\"set\":\"{set}\",\"commit\":\"c1\",\"correct\":true,\"well_formed\":{keep},\"worth_asking\":true,\"keep\":{keep}}}\n")
        };
        std::fs::write(
            dir.join("quiz-2026-01-01.jsonl"),
            line("a", false).repeat(2),
        )
        .unwrap();
        std::fs::write(
            dir.join("quiz-2026-02-01.jsonl"),
            format!("{}{}{}", line("a", true), line("a", false), line("b", true)),
        )
        .unwrap();
        let a = read_judged(&dir, Some("a")).unwrap().unwrap();
        assert_eq!(a.items, 2);
        assert!((a.keep - 0.5).abs() < 1e-9);
        assert!(a.file.ends_with("quiz-2026-02-01.jsonl"));
        assert!(read_judged(&dir, Some("zzz")).unwrap().is_none());
        assert_eq!(read_judged(&dir, None).unwrap().unwrap().items, 3);
        // Round 10 of a day is newer than round 9 of it.
        std::fs::write(dir.join("quiz-2026-02-01-r9.jsonl"), line("a", false)).unwrap();
        std::fs::write(dir.join("quiz-2026-02-01-r10.jsonl"), line("a", true)).unwrap();
        let a = read_judged(&dir, Some("a")).unwrap().unwrap();
        assert!(a.file.ends_with("quiz-2026-02-01-r10.jsonl"), "{}", a.file);
        // A packet of a change's before (c1) and after (c2): the after's items, shared ones
        // ("c1 c2") included.
        let by =
            |commit: &str, keep: bool| line("a", keep).replace("\"c1\"", &format!("\"{commit}\""));
        std::fs::write(
            dir.join("quiz-2026-02-01-r11.jsonl"),
            format!(
                "{}{}{}{}",
                by("c1", false),
                by("c1", false),
                by("c1 c2", true),
                by("c2", false)
            ),
        )
        .unwrap();
        let a = read_judged(&dir, Some("a")).unwrap().unwrap();
        assert_eq!((a.commit.as_str(), a.items), ("c2", 2));
        assert!((a.keep - 0.5).abs() < 1e-9);
        // The items one change adds or drops are no sample of the set.
        std::fs::write(dir.join("quiz-diff-2026-03-01.jsonl"), line("a", true)).unwrap();
        // Nor are the items of a trial that was not applied.
        std::fs::write(
            dir.join("quiz-claims-2026-03-01-r12.jsonl"),
            line("a", true),
        )
        .unwrap();
        let a = read_judged(&dir, Some("a")).unwrap().unwrap();
        assert!(a.file.ends_with("quiz-2026-02-01-r11.jsonl"), "{}", a.file);
        std::fs::remove_dir_all(&dir).ok();
    }
}
