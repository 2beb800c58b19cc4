//! Fitting and cross-validating the tutor's evidence re-ranker and its confidence.
//!
//! Every question of a labelled set is retrieved once ([`docent_tutor::Tutor::candidates`]:
//! the top candidates with their features); the rest is plain arithmetic over those numbers:
//!
//! - **re-ranker**: a linear listwise softmax model (the probability of a candidate is the
//!   softmax of its score over the question's candidates; the loss is minus the log of the
//!   probability mass on relevant candidates), features standardised on the training folds,
//!   L2-regularised, fitted by gradient descent;
//! - **confidence**: a logistic model of "the top re-ranked candidate is relevant" from that
//!   candidate's features and its margin over the best candidate of another document; questions
//!   marked out of scope are negatives.
//!
//! Folds are made by gold section (all questions whose first relevant id is the same document
//! fall in one fold), so paraphrases of one question never sit on both sides. Each fold reports
//! R@1, R@5 and MRR of retrieval order and of the re-ranked order, and the AUROC of confidence
//! on its held-out questions.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use docent_tutor::rerank::FEATURES;

/// Confidence features: the re-ranking features of the top candidate, its margin, and the
/// coverage of the question's terms by the first five retrieved candidates together.
pub const CONFIDENCE_FEATURES: usize = FEATURES + 2;

/// One question's candidates.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// Query id.
    pub id: String,
    /// Fold key: the first relevant id (empty for out-of-scope questions).
    pub group: String,
    /// Out of scope by the labels.
    pub out_of_scope: bool,
    /// Features per candidate, in retrieval order.
    pub features: Vec<[f32; FEATURES]>,
    /// Document of each candidate.
    pub docs: Vec<String>,
    /// Whether each candidate is relevant (by document or chunk id).
    pub relevant: Vec<bool>,
    /// Weight in fitting (each set weighs the same in all, whatever its size).
    pub weight: f32,
    /// IDF-weighted share of the question's terms found in the first five retrieved candidates
    /// together ([`docent_tutor::Tutor::evidence_coverage`]).
    pub coverage: f32,
}

/// Ranking quality at document level.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Ranking {
    /// Share of questions whose first document is relevant.
    pub recall_1: f64,
    /// Share with a relevant document among the first five distinct documents.
    pub recall_5: f64,
    /// Mean reciprocal rank of the first relevant document (0 past the candidates).
    pub mrr: f64,
}

/// One fold's results.
#[derive(Debug, Clone, Serialize)]
pub struct Fold {
    /// Fold number (from 1).
    pub fold: usize,
    /// Held-out in-scope questions.
    pub questions: usize,
    /// Held-out gold sections.
    pub sections: usize,
    /// Retrieval order on the held-out questions.
    pub retrieval: Ranking,
    /// Re-ranked with weights fitted on the other folds.
    pub reranked: Ranking,
    /// AUROC of confidence (top candidate relevant against not, out of scope included).
    pub confidence_auroc: f64,
}

/// A linear model in raw feature units.
#[derive(Debug, Clone, Serialize)]
pub struct Linear {
    /// Weights.
    pub weights: Vec<f32>,
    /// Bias (unused for ranking).
    pub bias: f32,
}

impl Linear {
    fn score(&self, x: &[f32]) -> f32 {
        self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>()
    }
}

fn standardise(rows: &[&[f32]], n: usize) -> (Vec<f32>, Vec<f32>) {
    let mut mean = vec![0.0f32; n];
    let mut var = vec![0.0f32; n];
    let m = rows.len().max(1) as f32;
    for r in rows {
        for j in 0..n {
            mean[j] += r[j] / m;
        }
    }
    for r in rows {
        for j in 0..n {
            var[j] += (r[j] - mean[j]).powi(2) / m;
        }
    }
    let sd = var.iter().map(|v| v.sqrt().max(1e-3)).collect();
    (mean, sd)
}

/// Fits the listwise softmax re-ranker on `samples` (in-scope questions with at least one
/// relevant candidate count).
pub fn fit_ranker(samples: &[&Sample], l2: f32, iterations: usize) -> Linear {
    let train: Vec<&Sample> = samples
        .iter()
        .copied()
        .filter(|s| s.relevant.iter().any(|r| *r))
        .collect();
    let rows: Vec<&[f32]> = train
        .iter()
        .flat_map(|s| s.features.iter().map(|f| &f[..]))
        .collect();
    let (mean, sd) = standardise(&rows, FEATURES);
    let z = |f: &[f32; FEATURES]| -> Vec<f32> {
        (0..FEATURES).map(|j| (f[j] - mean[j]) / sd[j]).collect()
    };
    // Per question: standardised features per candidate, relevance, weight.
    type Question<'a> = (Vec<Vec<f32>>, &'a Vec<bool>, f32);
    let data: Vec<Question> = train
        .iter()
        .map(|s| (s.features.iter().map(z).collect(), &s.relevant, s.weight))
        .collect();
    let total: f32 = data.iter().map(|d| d.2).sum::<f32>().max(1e-6);
    let mut w = vec![0.0f32; FEATURES];
    // Adam.
    let (mut m1, mut m2) = (vec![0.0f32; FEATURES], vec![0.0f32; FEATURES]);
    let (b1, b2, lr) = (0.9f32, 0.999f32, 0.05f32);
    for t in 1..=iterations {
        let mut grad: Vec<f32> = w.iter().map(|x| l2 * x).collect();
        for (xs, rel, weight) in &data {
            let scores: Vec<f32> = xs
                .iter()
                .map(|x| x.iter().zip(&w).map(|(a, b)| a * b).sum())
                .collect();
            let max = scores.iter().copied().fold(f32::MIN, f32::max);
            let e: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
            let all: f32 = e.iter().sum();
            let good: f32 = e
                .iter()
                .zip(rel.iter())
                .filter(|(_, r)| **r)
                .map(|x| x.0)
                .sum();
            for (i, x) in xs.iter().enumerate() {
                let p = e[i] / all;
                let q = if rel[i] { e[i] / good } else { 0.0 };
                for j in 0..FEATURES {
                    grad[j] += (p - q) * x[j] * weight / total;
                }
            }
        }
        for j in 0..FEATURES {
            m1[j] = b1 * m1[j] + (1.0 - b1) * grad[j];
            m2[j] = b2 * m2[j] + (1.0 - b2) * grad[j] * grad[j];
            let mh = m1[j] / (1.0 - b1.powi(t as i32));
            let vh = m2[j] / (1.0 - b2.powi(t as i32));
            w[j] -= lr * mh / (vh.sqrt() + 1e-8);
        }
    }
    Linear {
        weights: (0..FEATURES).map(|j| w[j] / sd[j]).collect(),
        bias: 0.0,
    }
}

/// Candidate order under `model` (retrieval order when `None`).
pub fn order(s: &Sample, model: Option<&Linear>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..s.features.len()).collect();
    if let Some(m) = model {
        let scores: Vec<f32> = s.features.iter().map(|f| m.score(f)).collect();
        idx.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    }
    idx
}

/// R@1, R@5 and MRR at document level over in-scope samples.
pub fn ranking(samples: &[&Sample], model: Option<&Linear>) -> Ranking {
    let inscope: Vec<&&Sample> = samples.iter().filter(|s| !s.out_of_scope).collect();
    let mut r = Ranking::default();
    for s in &inscope {
        let mut seen: Vec<&str> = Vec::new();
        let mut first: Option<usize> = None;
        for i in order(s, model) {
            if seen.contains(&s.docs[i].as_str()) {
                continue;
            }
            seen.push(&s.docs[i]);
            if s.relevant[i] && first.is_none() {
                first = Some(seen.len());
            }
        }
        if let Some(p) = first {
            r.recall_1 += f64::from(p == 1);
            r.recall_5 += f64::from(p <= 5);
            r.mrr += 1.0 / p as f64;
        }
    }
    let n = inscope.len().max(1) as f64;
    Ranking {
        recall_1: r.recall_1 / n,
        recall_5: r.recall_5 / n,
        mrr: r.mrr / n,
    }
}

/// The confidence features of a sample under `model`, and whether its top candidate is
/// relevant (`None` without candidates).
pub fn confidence_row(s: &Sample, model: &Linear) -> Option<Row> {
    let o = order(s, Some(model));
    let top = *o.first()?;
    let second = o
        .iter()
        .find(|i| s.docs[**i] != s.docs[top])
        .map_or(0.0, |i| model.score(&s.features[*i]));
    let mut x = [0.0f32; CONFIDENCE_FEATURES];
    x[..FEATURES].copy_from_slice(&s.features[top]);
    x[FEATURES] = model.score(&s.features[top]) - second;
    x[FEATURES + 1] = s.coverage;
    Some((x, !s.out_of_scope && s.relevant[top], s.weight))
}

/// Confidence features, label (top candidate relevant) and weight.
pub type Row = ([f32; CONFIDENCE_FEATURES], bool, f32);

/// Fits a logistic model (L2-regularised, standardised features, gradient descent).
pub fn fit_logistic(rows: &[Row], l2: f32, iterations: usize) -> Linear {
    let n = CONFIDENCE_FEATURES;
    let xs: Vec<&[f32]> = rows.iter().map(|r| &r.0[..]).collect();
    let (mean, sd) = standardise(&xs, n);
    let z: Vec<Vec<f32>> = rows
        .iter()
        .map(|r| (0..n).map(|j| (r.0[j] - mean[j]) / sd[j]).collect())
        .collect();
    let mut w = vec![0.0f32; n];
    let mut b = 0.0f32;
    let m = rows.iter().map(|r| r.2).sum::<f32>().max(1e-6);
    for _ in 0..iterations {
        let mut gw: Vec<f32> = w.iter().map(|x| l2 * x).collect();
        let mut gb = 0.0f32;
        for (x, r) in z.iter().zip(rows) {
            let s: f32 = b + x.iter().zip(&w).map(|(a, c)| a * c).sum::<f32>();
            let p = 1.0 / (1.0 + (-s).exp());
            let err = (p - f32::from(u8::from(r.1))) * r.2;
            for j in 0..n {
                gw[j] += err * x[j] / m;
            }
            gb += err / m;
        }
        for j in 0..n {
            w[j] -= 0.5 * gw[j];
        }
        b -= 0.5 * gb;
    }
    let weights: Vec<f32> = (0..n).map(|j| w[j] / sd[j]).collect();
    let bias = b - (0..n).map(|j| w[j] * mean[j] / sd[j]).sum::<f32>();
    Linear { weights, bias }
}

/// Probability under a logistic model.
pub fn probability(m: &Linear, x: &[f32]) -> f32 {
    1.0 / (1.0 + (-m.score(x)).exp())
}

/// Area under the ROC curve of `scores` for positives against negatives (ties count half).
pub fn auroc(scored: &[(f32, bool)]) -> f64 {
    let pos: Vec<f32> = scored.iter().filter(|x| x.1).map(|x| x.0).collect();
    let neg: Vec<f32> = scored.iter().filter(|x| !x.1).map(|x| x.0).collect();
    if pos.is_empty() || neg.is_empty() {
        return 0.5;
    }
    let mut sum = 0.0;
    for p in &pos {
        for n in &neg {
            sum += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    sum / (pos.len() * neg.len()) as f64
}

/// Fold number of each sample: gold sections spread over `k` folds in a fixed shuffled order
/// (out-of-scope questions are spread by id).
pub fn folds(samples: &[Sample], k: usize) -> Vec<usize> {
    let k = k.max(2);
    let mut groups: Vec<&str> = samples
        .iter()
        .map(|s| s.group.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    groups.sort_unstable();
    // FNV-1a of the name: a fixed order that does not follow document order.
    let hash = |s: &str| {
        s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    groups.sort_by_key(|g| hash(g));
    let fold_of: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (*g, i % k))
        .collect();
    samples
        .iter()
        .map(|s| {
            if s.group.is_empty() {
                (hash(&s.id) % k as u64) as usize
            } else {
                fold_of[s.group.as_str()]
            }
        })
        .collect()
}

/// The full report: every fold, then the models fitted on all samples.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Per fold.
    pub folds: Vec<Fold>,
    /// Retrieval order on all samples.
    pub retrieval: Ranking,
    /// Mean of the folds' held-out re-ranked metrics.
    pub cross_validated: Ranking,
    /// Mean held-out AUROC of confidence.
    pub cross_validated_auroc: f64,
    /// Re-ranker fitted on everything (raw feature units).
    pub ranker: Linear,
    /// Confidence model fitted on everything.
    pub confidence: Linear,
}

/// Cross-validates over `k` folds and fits the final models.
pub fn cross_validate(samples: &[Sample], k: usize) -> Report {
    const L2: f32 = 0.1;
    const ITER: usize = 300;
    let fold = folds(samples, k);
    let mut out = Vec::new();
    for f in 0..k.max(2) {
        let train: Vec<&Sample> = samples
            .iter()
            .zip(&fold)
            .filter(|x| *x.1 != f)
            .map(|x| x.0)
            .collect();
        let test: Vec<&Sample> = samples
            .iter()
            .zip(&fold)
            .filter(|x| *x.1 == f)
            .map(|x| x.0)
            .collect();
        let ranker = fit_ranker(&train, L2, ITER);
        let rows: Vec<_> = train
            .iter()
            .filter_map(|s| confidence_row(s, &ranker))
            .collect();
        let conf = fit_logistic(&rows, L2, ITER);
        let scored: Vec<(f32, bool)> = test
            .iter()
            .filter_map(|s| confidence_row(s, &ranker))
            .map(|(x, y, _)| (probability(&conf, &x), y))
            .collect();
        let inscope: Vec<&&Sample> = test.iter().filter(|s| !s.out_of_scope).collect();
        out.push(Fold {
            fold: f + 1,
            questions: inscope.len(),
            sections: inscope
                .iter()
                .map(|s| s.group.as_str())
                .collect::<HashSet<_>>()
                .len(),
            retrieval: ranking(&test, None),
            reranked: ranking(&test, Some(&ranker)),
            confidence_auroc: auroc(&scored),
        });
    }
    let all: Vec<&Sample> = samples.iter().collect();
    let ranker = fit_ranker(&all, L2, ITER);
    let rows: Vec<_> = all
        .iter()
        .filter_map(|s| confidence_row(s, &ranker))
        .collect();
    let confidence = fit_logistic(&rows, L2, ITER);
    let n = out.len().max(1) as f64;
    let weighted = |g: &dyn Fn(&Fold) -> f64| {
        let total: usize = out.iter().map(|f| f.questions).sum();
        out.iter().map(|f| g(f) * f.questions as f64).sum::<f64>() / total.max(1) as f64
    };
    Report {
        retrieval: ranking(&all, None),
        cross_validated: Ranking {
            recall_1: weighted(&|f| f.reranked.recall_1),
            recall_5: weighted(&|f| f.reranked.recall_5),
            mrr: weighted(&|f| f.reranked.mrr),
        },
        cross_validated_auroc: out.iter().map(|f| f.confidence_auroc).sum::<f64>() / n,
        folds: out,
        ranker,
        confidence,
    }
}

/// The re-ranker's samples of one set: every question's candidates from `index` with their
/// features, relevance and coverage; each set weighs the same in the fit, whatever its number
/// of questions.
pub fn samples(
    tutor: &docent_tutor::Tutor,
    index: &docent_index::Index,
    set: &str,
    queries: &[crate::answers::AnswerQuery],
) -> anyhow::Result<Vec<Sample>> {
    let weight = 1.0 / queries.len().max(1) as f32;
    let mut samples = Vec::new();
    for q in queries {
        let question = docent_tutor::Question::new(&q.question, docent_core::Audience::Customer);
        let cands = tutor.candidates(index, &q.question, &question)?;
        let relevant = |e: &docent_tutor::Evidence| {
            q.relevant_ids
                .iter()
                .any(|r| *r == e.chunk.doc_id || *r == e.chunk.id)
        };
        samples.push(Sample {
            id: format!("{set}/{}", q.id),
            group: q
                .relevant_ids
                .first()
                .map(|g| format!("{set}/{g}"))
                .unwrap_or_default(),
            out_of_scope: q.out_of_scope,
            features: cands.iter().map(|e| e.features.0).collect(),
            docs: cands.iter().map(|e| e.chunk.doc_id.clone()).collect(),
            relevant: cands.iter().map(relevant).collect(),
            weight,
            coverage: tutor.evidence_coverage(index, &cands, &q.question),
        });
    }
    Ok(samples)
}

impl Report {
    /// A table for people.
    pub fn table(&self) -> String {
        let mut s = String::from(
            "fold  questions sections | retrieval R@1  R@5   MRR  | re-ranked R@1  R@5   MRR  | confidence AUROC\n",
        );
        for f in &self.folds {
            s.push_str(&format!(
                "{:>4}  {:>9} {:>8} |          {:.3} {:.3} {:.3} |          {:.3} {:.3} {:.3} | {:.3}\n",
                f.fold,
                f.questions,
                f.sections,
                f.retrieval.recall_1,
                f.retrieval.recall_5,
                f.retrieval.mrr,
                f.reranked.recall_1,
                f.reranked.recall_5,
                f.reranked.mrr,
                f.confidence_auroc
            ));
        }
        s.push_str(&format!(
            "all: retrieval R@1 {:.3} R@5 {:.3} MRR {:.3}; cross-validated re-ranked R@1 {:.3} R@5 {:.3} MRR {:.3}; confidence AUROC {:.3}\n",
            self.retrieval.recall_1,
            self.retrieval.recall_5,
            self.retrieval.mrr,
            self.cross_validated.recall_1,
            self.cross_validated.recall_5,
            self.cross_validated.mrr,
            self.cross_validated_auroc
        ));
        s.push_str("re-ranker fitted on all (raw feature units):\n");
        for (n, w) in docent_tutor::rerank::NAMES.iter().zip(&self.ranker.weights) {
            s.push_str(&format!("  {n:<18} {w:>8.4}\n"));
        }
        s.push_str(&format!(
            "confidence fitted on all: bias {:.4}, weights {:?}\n",
            self.confidence.bias, self.confidence.weights
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    //! Proves: the ranker learns a feature that marks relevant candidates; folds never split
    //! a gold section; AUROC is 1 for perfect separation and 0.5 for none.
    use super::*;

    fn sample(id: &str, group: &str, good: usize) -> Sample {
        let mut features = Vec::new();
        let mut relevant = Vec::new();
        for i in 0..5 {
            let mut f = [0.0f32; FEATURES];
            f[0] = 1.0 - 0.2 * i as f32; // retrieval order, not informative
            f[2] = if i == good { 0.9 } else { 0.3 };
            features.push(f);
            relevant.push(i == good);
        }
        Sample {
            id: id.into(),
            group: group.into(),
            out_of_scope: false,
            features,
            docs: (0..5).map(|i| format!("d{i}")).collect(),
            relevant,
            weight: 1.0,
            coverage: 1.0,
        }
    }

    #[test]
    fn ranker_learns_the_informative_feature() {
        let samples: Vec<Sample> = (0..30)
            .map(|i| sample(&format!("q{i}"), &format!("g{}", i % 7), i % 5))
            .collect();
        let refs: Vec<&Sample> = samples.iter().collect();
        let m = fit_ranker(&refs, 0.01, 200);
        assert!(ranking(&refs, Some(&m)).recall_1 > 0.99);
        assert!(ranking(&refs, None).recall_1 < 0.3);
        let fold = folds(&samples, 3);
        for (a, fa) in samples.iter().zip(&fold) {
            for (b, fb) in samples.iter().zip(&fold) {
                if a.group == b.group {
                    assert_eq!(fa, fb);
                }
            }
        }
        let r = cross_validate(&samples, 3);
        assert_eq!(r.folds.len(), 3);
        assert!(r.cross_validated.recall_1 > 0.9, "{}", r.table());
    }

    #[test]
    fn auroc_bounds() {
        assert_eq!(auroc(&[(0.9, true), (0.1, false)]), 1.0);
        assert_eq!(auroc(&[(0.5, true), (0.5, false)]), 0.5);
    }
}
