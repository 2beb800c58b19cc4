//! The answer eval: asks every question of a set through the real `/v1/ask` endpoint (the
//! server runs in-process on a loopback port) and measures
//!
//! - **citation precision**: share of citations, over answered in-scope questions, whose
//!   document (or chunk, for chunk labels) is among the question's relevant ones;
//! - **answer F1**: token-level F1 of the answer text against the reference answer, where the
//!   set has one (abstentions count as 0);
//! - **abstention**: precision and recall of "I don't know" on the questions marked
//!   `"out_of_scope": true`, and the share of questions where the decision was wrong;
//! - **latency**: median and p95 of `/v1/ask` as the client sees it.
//!
//! Questions are asked with the threshold at 0 so that every confidence is observed once; the
//! abstention metrics then apply the configured threshold, and `sweep` shows the trade-off at
//! other thresholds (how the default was calibrated).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use docent_core::Answer;
use serde::{Deserialize, Serialize};

use crate::floors::Metric;

/// A `POST /v1/ask` reply: the answer and the conversation it belongs to.
#[derive(Debug, Clone, Deserialize)]
pub struct Reply {
    /// The conversation (send it with a follow-up).
    pub conversation_id: String,
    /// The answer.
    #[serde(flatten)]
    pub answer: Answer,
}

/// Asks the tutor one question, the way a client does (the CLI asks a server on a loopback
/// port).
pub trait Asker {
    /// The reply to `question`, in `conversation` when given.
    fn ask(&self, question: &str, conversation: Option<&str>) -> Result<Reply>;
}

/// The answer text without `[n]` citation markers and bold marks, for token F1.
pub fn strip_markers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(j) if rest[i + 1..i + j].chars().all(|c| c.is_ascii_digit()) => {
                rest = &rest[i + j + 1..]
            }
            _ => {
                out.push('[');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
}

/// Asks every question once (each in a conversation of its own) and observes the reply and
/// its latency as the client sees it; `done` is called after each question.
pub fn observe(
    asker: &dyn Asker,
    queries: &[AnswerQuery],
    done: &dyn Fn(),
) -> Result<Vec<Observation>> {
    let mut obs = Vec::new();
    for q in queries {
        let started = Instant::now();
        let reply = asker
            .ask(&q.question, None)
            .with_context(|| format!("asking {}", q.id))?;
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        let a = reply.answer;
        let cited = a
            .citations
            .iter()
            .map(|c| (c.doc_id.clone(), c.chunk_id.clone()))
            .collect();
        let text = strip_markers(&a.text);
        obs.push(Observation {
            id: q.id.clone(),
            out_of_scope: q.out_of_scope,
            confidence: a.confidence,
            composed: a.answered,
            cited,
            relevant: q.relevant_ids.clone(),
            f1: q
                .answer
                .as_deref()
                .map(|r| if a.answered { token_f1(&text, r) } else { 0.0 }),
            latency_ms,
            composer: a.composer.to_string(),
        });
        done();
    }
    Ok(obs)
}

/// One question of an answer set.
#[derive(Debug, Clone, Deserialize)]
pub struct AnswerQuery {
    /// Query id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Relevant document or chunk ids (empty for out-of-scope questions).
    #[serde(default)]
    pub relevant_ids: Vec<String>,
    /// A reference answer, when the set has one.
    #[serde(default)]
    pub answer: Option<String>,
    /// True when the docs do not answer the question.
    #[serde(default)]
    pub out_of_scope: bool,
}

/// Reads `queries.jsonl` for the answer eval. A line that does not parse is an error naming it.
pub fn read(path: &Path) -> Result<Vec<AnswerQuery>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let mut q: AnswerQuery = serde_json::from_str(l)
                .with_context(|| format!("{}:{}: not a question line", path.display(), i + 1))?;
            if q.relevant_ids.is_empty() {
                q.out_of_scope = true;
            }
            Ok(q)
        })
        .collect()
}

/// What one question produced.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    /// Query id.
    pub id: String,
    /// Out of scope by the labels.
    pub out_of_scope: bool,
    /// The tutor's confidence.
    pub confidence: f32,
    /// Whether the composer produced an answer (at threshold 0).
    pub composed: bool,
    /// Cited document/chunk ids.
    pub cited: Vec<(String, String)>,
    /// Relevant ids.
    pub relevant: Vec<String>,
    /// Token F1 against the reference, when there is one.
    pub f1: Option<f64>,
    /// Client-side latency in milliseconds.
    pub latency_ms: f64,
    /// The composer that wrote the answer (the extractive one when a model's answer did not
    /// survive verification); empty when none did.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub composer: String,
}

/// Abstention at one threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Abstention {
    /// The threshold.
    pub threshold: f32,
    /// Of the questions the tutor declined, the share that were out of scope.
    pub precision: f64,
    /// Of the out-of-scope questions, the share the tutor declined.
    pub recall: f64,
    /// Share of all questions where answering/declining was the wrong call.
    pub wrong: f64,
    /// Share of in-scope questions answered.
    pub answered_in_scope: f64,
}

/// The answer eval's report.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerReport {
    /// Set name.
    pub set: String,
    /// Questions asked.
    pub questions: usize,
    /// Out-of-scope questions among them.
    pub out_of_scope: usize,
    /// Citation precision over answered in-scope questions.
    pub citation_precision: f64,
    /// Share of answered in-scope questions whose first citation is relevant.
    pub first_citation_relevant: f64,
    /// Mean token F1 against reference answers (abstentions count 0), when the set has them.
    pub answer_f1: Option<f64>,
    /// Abstention at the configured threshold.
    pub abstention: Abstention,
    /// Median `/v1/ask` latency (ms).
    pub latency_p50_ms: f64,
    /// p95 `/v1/ask` latency (ms).
    pub latency_p95_ms: f64,
    /// Answers composed, by the composer that wrote them (the configured one, or the
    /// extractive fallback).
    pub composed_by: BTreeMap<String, usize>,
    /// Abstention at other thresholds.
    pub sweep: Vec<Abstention>,
    /// Per-question observations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
}

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// SQuAD-style token F1.
pub fn token_f1(prediction: &str, reference: &str) -> f64 {
    let p = tokens(prediction);
    let r = tokens(reference);
    if p.is_empty() || r.is_empty() {
        return if p.is_empty() && r.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let mut counts = std::collections::HashMap::<&str, i64>::new();
    for t in &r {
        *counts.entry(t).or_default() += 1;
    }
    let mut same = 0i64;
    for t in &p {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                same += 1;
            }
        }
    }
    if same == 0 {
        return 0.0;
    }
    let precision = same as f64 / p.len() as f64;
    let recall = same as f64 / r.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

fn relevant(cited: &(String, String), relevant: &[String]) -> bool {
    relevant.iter().any(|r| r == &cited.0 || r == &cited.1)
}

/// Abstention metrics at `threshold`.
pub fn abstention(obs: &[Observation], threshold: f32) -> Abstention {
    let answers = |o: &Observation| o.composed && o.confidence >= threshold;
    let declined: Vec<&Observation> = obs.iter().filter(|o| !answers(o)).collect();
    let oos = obs.iter().filter(|o| o.out_of_scope).count();
    let in_scope = obs.len() - oos;
    let declined_oos = declined.iter().filter(|o| o.out_of_scope).count();
    let wrong = obs.iter().filter(|o| answers(o) == o.out_of_scope).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Abstention {
        threshold,
        precision: ratio(declined_oos, declined.len()),
        recall: ratio(declined_oos, oos),
        wrong: ratio(wrong, obs.len()),
        answered_in_scope: ratio(
            obs.iter().filter(|o| !o.out_of_scope && answers(o)).count(),
            in_scope,
        ),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Builds the report from observations at the configured `threshold`.
pub fn report(set: &str, obs: Vec<Observation>, threshold: f32, keep: bool) -> AnswerReport {
    let answered: Vec<&Observation> = obs
        .iter()
        .filter(|o| !o.out_of_scope && o.composed && o.confidence >= threshold)
        .collect();
    let cites: Vec<bool> = answered
        .iter()
        .flat_map(|o| o.cited.iter().map(|c| relevant(c, &o.relevant)))
        .collect();
    let citation_precision = if cites.is_empty() {
        0.0
    } else {
        cites.iter().filter(|x| **x).count() as f64 / cites.len() as f64
    };
    let first = if answered.is_empty() {
        0.0
    } else {
        answered
            .iter()
            .filter(|o| o.cited.first().is_some_and(|c| relevant(c, &o.relevant)))
            .count() as f64
            / answered.len() as f64
    };
    let with_ref: Vec<f64> = obs
        .iter()
        .filter(|o| !o.out_of_scope)
        .filter_map(|o| {
            o.f1.map(|f| {
                if o.composed && o.confidence >= threshold {
                    f
                } else {
                    0.0
                }
            })
        })
        .collect();
    let answer_f1 =
        (!with_ref.is_empty()).then(|| with_ref.iter().sum::<f64>() / with_ref.len() as f64);
    let mut lat: Vec<f64> = obs.iter().map(|o| o.latency_ms).collect();
    lat.sort_by(f64::total_cmp);
    let sweep = (0..=16)
        .map(|i| abstention(&obs, 0.30 + 0.025 * i as f32))
        .collect();
    let mut composed_by = BTreeMap::new();
    for o in obs.iter().filter(|o| o.composed && !o.composer.is_empty()) {
        *composed_by.entry(o.composer.clone()).or_insert(0) += 1;
    }
    AnswerReport {
        set: set.to_string(),
        composed_by,
        questions: obs.len(),
        out_of_scope: obs.iter().filter(|o| o.out_of_scope).count(),
        citation_precision,
        first_citation_relevant: first,
        answer_f1,
        abstention: abstention(&obs, threshold),
        latency_p50_ms: percentile(&lat, 0.5),
        latency_p95_ms: percentile(&lat, 0.95),
        sweep,
        observations: if keep { obs } else { Vec::new() },
    }
}

impl AnswerReport {
    /// The value of a floor's metric (`None` for another eval's).
    pub fn floor_value(&self, m: &Metric) -> Option<f64> {
        match m {
            Metric::CitationPrecision => Some(self.citation_precision),
            Metric::AbstentionRecall => Some(self.abstention.recall),
            Metric::AnsweredInScope => Some(self.abstention.answered_in_scope),
            Metric::AbstentionWrong => Some(self.abstention.wrong),
            _ => None,
        }
    }

    /// A table for people.
    pub fn table(&self) -> String {
        let mut s = format!(
            "answer eval: {} ({} questions, {} out of scope)\n",
            self.set, self.questions, self.out_of_scope
        );
        s.push_str(&format!(
            "  citation precision      {:.3}\n  first citation relevant {:.3}\n",
            self.citation_precision, self.first_citation_relevant
        ));
        if let Some(f) = self.answer_f1 {
            s.push_str(&format!("  answer token F1         {f:.3}\n"));
        }
        let a = &self.abstention;
        s.push_str(&format!(
            "  abstention @ {:.3}      precision {:.3}  recall {:.3}  wrong {:.3}  in-scope answered {:.3}\n",
            a.threshold, a.precision, a.recall, a.wrong, a.answered_in_scope
        ));
        s.push_str(&format!(
            "  /v1/ask latency         p50 {:.1} ms  p95 {:.1} ms\n",
            self.latency_p50_ms, self.latency_p95_ms
        ));
        if !self.composed_by.is_empty() {
            let by: Vec<String> = self
                .composed_by
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            s.push_str(&format!("  answers written by      {}\n", by.join(", ")));
        }
        s.push_str("  threshold sweep: threshold precision recall wrong answered\n");
        for a in &self.sweep {
            s.push_str(&format!(
                "    {:.3}  {:.3}  {:.3}  {:.3}  {:.3}\n",
                a.threshold, a.precision, a.recall, a.wrong, a.answered_in_scope
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(oos: bool, conf: f32, cited: &[&str], rel: &[&str]) -> Observation {
        Observation {
            id: "q".into(),
            out_of_scope: oos,
            confidence: conf,
            composed: true,
            cited: cited
                .iter()
                .map(|c| (c.to_string(), format!("{c}#0")))
                .collect(),
            relevant: rel.iter().map(|r| r.to_string()).collect(),
            f1: None,
            latency_ms: 10.0,
            composer: "extractive".into(),
        }
    }

    #[test]
    fn answers_are_counted_by_the_composer_that_wrote_them() {
        let mut by_model = obs(false, 0.9, &["a"], &["a"]);
        by_model.composer = "openai".into();
        let mut declined = obs(true, 0.1, &[], &[]);
        declined.composed = false;
        declined.composer = "openai".into();
        let r = report(
            "s",
            vec![by_model, obs(false, 0.9, &["a"], &["a"]), declined],
            0.35,
            false,
        );
        let by: Vec<(&str, usize)> = r
            .composed_by
            .iter()
            .map(|(c, n)| (c.as_str(), *n))
            .collect();
        assert_eq!(by, vec![("extractive", 1), ("openai", 1)]);
        assert!(
            r.table()
                .contains("answers written by      extractive 1, openai 1"),
            "{}",
            r.table()
        );
    }

    #[test]
    fn f1_counts_shared_tokens() {
        assert!(
            (token_f1("Links stay valid for 7 days", "links stay valid for 7 days") - 1.0).abs()
                < 1e-9
        );
        assert_eq!(token_f1("bread", "links"), 0.0);
        let f = token_f1("valid for 7 days", "links stay valid for 7 days");
        assert!(f > 0.7 && f < 1.0, "{f}");
    }

    #[test]
    fn abstention_and_citation_precision() {
        let o = vec![
            obs(false, 0.8, &["a", "b"], &["a"]),
            obs(false, 0.3, &["a"], &["a"]),
            obs(true, 0.2, &["x"], &[]),
            obs(true, 0.9, &["x"], &[]),
        ];
        let r = report("t", o, 0.5, false);
        assert!((r.citation_precision - 0.5).abs() < 1e-9);
        assert!((r.abstention.precision - 0.5).abs() < 1e-9);
        assert!((r.abstention.recall - 0.5).abs() < 1e-9);
        assert!((r.abstention.wrong - 0.5).abs() < 1e-9);
        assert!((r.abstention.answered_in_scope - 0.5).abs() < 1e-9);
    }
}
