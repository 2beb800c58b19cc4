//! A set's `floors.json`: the metrics an eval must keep (`{"hybrid_ndcg_10": 0.85, ...}`). A
//! name ending in `_max` is a ceiling, every other one a floor. Names are read into [`Metric`]s
//! when the file is read, so a misspelt one is an error naming the file, whatever the eval.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use docent_core::SearchMode;

/// A ranking measure of the retrieval eval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMeasure {
    /// Recall@1.
    Recall1,
    /// Recall@5.
    Recall5,
    /// Recall@10.
    Recall10,
    /// MRR@10.
    Mrr10,
    /// nDCG@10.
    Ndcg10,
}

/// A metric a floor may bound, with the eval that measures it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Metric {
    /// `<mode>_<measure>`, e.g. `hybrid_ndcg_10`.
    Retrieval(SearchMode, RankMeasure),
    /// `answers_citation_precision`.
    CitationPrecision,
    /// `answers_abstention_recall`.
    AbstentionRecall,
    /// `answers_answered_in_scope`.
    AnsweredInScope,
    /// `answers_abstention_wrong_max`.
    AbstentionWrong,
    /// `quiz_passed_validation`.
    QuizPassedValidation,
    /// `quiz_items_per_scope`.
    QuizItemsPerScope,
    /// `quiz_keys_contradicting_max`.
    QuizKeysContradicting,
    /// `pii_clean_lines_changed_max`.
    PiiCleanLinesChanged,
    /// `pii_clean_chars_masked_max`.
    PiiCleanCharsMasked,
    /// `pii_unaligned_lines_max`.
    PiiUnalignedLines,
    /// `pii_recall_structured`.
    PiiRecallStructured,
    /// `pii_recall_<kind>`.
    PiiRecall(String),
}

/// Which eval measures a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eval {
    /// `docent eval retrieval`.
    Retrieval,
    /// `docent eval answers`.
    Answers,
    /// `docent eval quiz`.
    Quiz,
    /// `docent eval pii`.
    Pii,
}

impl Metric {
    /// The metric a floors.json name stands for.
    pub fn parse(name: &str) -> Option<Metric> {
        use Metric::*;
        Some(match name {
            "answers_citation_precision" => CitationPrecision,
            "answers_abstention_recall" => AbstentionRecall,
            "answers_answered_in_scope" => AnsweredInScope,
            "answers_abstention_wrong_max" => AbstentionWrong,
            "quiz_passed_validation" => QuizPassedValidation,
            "quiz_items_per_scope" => QuizItemsPerScope,
            "quiz_keys_contradicting_max" => QuizKeysContradicting,
            "pii_clean_lines_changed_max" => PiiCleanLinesChanged,
            "pii_clean_chars_masked_max" => PiiCleanCharsMasked,
            "pii_unaligned_lines_max" => PiiUnalignedLines,
            "pii_recall_structured" => PiiRecallStructured,
            _ => {
                if let Some(kind) = name.strip_prefix("pii_recall_") {
                    return Some(PiiRecall(kind.to_string()));
                }
                let (mode, measure) = name.split_once('_')?;
                let measure = match measure {
                    "recall_1" => RankMeasure::Recall1,
                    "recall_5" => RankMeasure::Recall5,
                    "recall_10" => RankMeasure::Recall10,
                    "mrr_10" => RankMeasure::Mrr10,
                    "ndcg_10" => RankMeasure::Ndcg10,
                    _ => return None,
                };
                Retrieval(mode.parse().ok()?, measure)
            }
        })
    }

    /// The eval that measures it.
    pub fn eval(&self) -> Eval {
        use Metric::*;
        match self {
            Retrieval(..) => Eval::Retrieval,
            CitationPrecision | AbstentionRecall | AnsweredInScope | AbstentionWrong => {
                Eval::Answers
            }
            QuizPassedValidation | QuizItemsPerScope | QuizKeysContradicting => Eval::Quiz,
            PiiCleanLinesChanged | PiiCleanCharsMasked | PiiUnalignedLines
            | PiiRecallStructured | PiiRecall(_) => Eval::Pii,
        }
    }
}

/// One bound of a set.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    /// The name in floors.json.
    pub name: String,
    /// What it bounds.
    pub metric: Metric,
    /// The limit.
    pub limit: f64,
    /// True for a ceiling (`_max`), false for a floor.
    pub max: bool,
}

/// A set's floors, in the order of their names.
#[derive(Debug, Clone, PartialEq)]
pub struct Floors {
    /// The floors.json file.
    pub path: PathBuf,
    /// Its bounds.
    pub floors: Vec<Floor>,
}

/// A bound compared with the measured value.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The name in floors.json.
    pub name: String,
    /// What was measured.
    pub value: f64,
    /// The limit.
    pub limit: f64,
    /// True for a ceiling.
    pub max: bool,
    /// True when the value is within the limit.
    pub kept: bool,
}

impl Check {
    /// The line a person reads (`floor kept: hybrid_ndcg_10 = 0.963 >= 0.850`).
    pub fn line(&self) -> String {
        let (word, op) = match (self.kept, self.max) {
            (true, true) => ("floor kept", "<="),
            (true, false) => ("floor kept", ">="),
            (false, true) => ("FLOOR BROKEN", ">"),
            (false, false) => ("FLOOR BROKEN", "<"),
        };
        format!(
            "{word}: {} = {:.3} {op} {:.3}",
            self.name, self.value, self.limit
        )
    }
}

impl Floor {
    /// The bound `name` (a floors.json key) puts at `limit`; `None` for an unknown name.
    pub fn new(name: &str, limit: f64) -> Option<Floor> {
        Some(Floor {
            metric: Metric::parse(name)?,
            name: name.to_string(),
            limit,
            max: name.ends_with("_max"),
        })
    }
}

impl Floors {
    /// The floors of the set in `dir`, when it has a floors.json.
    pub fn read(dir: &Path) -> Result<Option<Floors>> {
        let path = dir.join("floors.json");
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let raw: BTreeMap<String, f64> = serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: expected {{\"hybrid_ndcg_10\": 0.8, \"answers_citation_precision\": 0.85, ...}}",
                path.display()
            )
        })?;
        let mut floors = Vec::new();
        for (name, limit) in raw {
            let Some(floor) = Floor::new(&name, limit) else {
                bail!("{}: unknown floor {name:?}", path.display());
            };
            floors.push(floor);
        }
        Ok(Some(Floors { path, floors }))
    }

    /// The bounds of `eval` compared with the values `measured` gives (`None`: the report has
    /// no such value, an error naming the floor).
    pub fn check(
        &self,
        eval: Eval,
        measured: impl Fn(&Metric) -> Option<f64>,
    ) -> Result<Vec<Check>> {
        let mut out = Vec::new();
        for f in self.floors.iter().filter(|f| f.metric.eval() == eval) {
            let value = measured(&f.metric).with_context(|| {
                format!(
                    "{}: floor {:?}: not measured on this set",
                    self.path.display(),
                    f.name
                )
            })?;
            let kept = if f.max {
                value <= f.limit
            } else {
                value >= f.limit
            };
            out.push(Check {
                name: f.name.clone(),
                value,
                limit: f.limit,
                max: f.max,
                kept,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_metrics_and_a_misspelt_one_is_an_error() {
        let dir = std::env::temp_dir().join(format!("docent-floors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("floors.json"),
            r#"{"hybrid_ndcg_10": 0.85, "answers_abstention_wrong_max": 0.1, "pii_recall_email": 0.99}"#,
        )
        .unwrap();
        let f = Floors::read(&dir).unwrap().unwrap();
        assert_eq!(
            f.floors.iter().map(|f| &f.metric).collect::<Vec<_>>(),
            [
                &Metric::AbstentionWrong,
                &Metric::Retrieval(SearchMode::Hybrid, RankMeasure::Ndcg10),
                &Metric::PiiRecall("email".into())
            ]
        );
        let checks = f
            .check(Eval::Answers, |m| {
                (*m == Metric::AbstentionWrong).then_some(0.2)
            })
            .unwrap();
        assert_eq!(checks.len(), 1);
        assert!(!checks[0].kept && checks[0].max);
        assert_eq!(
            checks[0].line(),
            "FLOOR BROKEN: answers_abstention_wrong_max = 0.200 > 0.100"
        );
        std::fs::write(dir.join("floors.json"), r#"{"hybrid_ndgc_10": 0.85}"#).unwrap();
        let err = Floors::read(&dir).unwrap_err().to_string();
        assert!(err.contains("hybrid_ndgc_10"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
