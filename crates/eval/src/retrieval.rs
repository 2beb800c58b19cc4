//! The retrieval eval: `queries.jsonl` lines `{"id","question","relevant_ids":[...]}` whose
//! relevant ids name documents (`guides/export-reports`) or chunks (`guides/export-reports#2`).
//! Results are compared at the granularity of the labels: with document labels, a document's
//! later chunks are dropped from the ranking so one long document cannot fill the top 10.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use docent_core::{SearchConfig, SearchMode};
use docent_index::{Filter, Index, SearchOptions};
use serde::{Deserialize, Serialize};

use crate::floors::{Metric, RankMeasure};

/// One labelled question.
#[derive(Debug, Clone, Deserialize)]
pub struct Query {
    /// Query id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Ids of relevant documents or chunks.
    pub relevant_ids: Vec<String>,
}

/// Reads `queries.jsonl`. Lines that are not labelled questions are errors naming the line.
pub fn read_queries(path: &Path) -> Result<Vec<Query>> {
    Ok(crate::read_jsonl::<Query>(path, "a labelled query")?
        .into_iter()
        .map(|(_, q)| q)
        // Unanswerable questions belong to the answer eval.
        .filter(|q: &Query| !q.relevant_ids.is_empty())
        .collect())
}

/// Metrics of one search mode.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModeMetrics {
    /// bm25, dense or hybrid.
    pub mode: String,
    /// Recall@1.
    pub recall_1: f64,
    /// Recall@5.
    pub recall_5: f64,
    /// Recall@10.
    pub recall_10: f64,
    /// MRR@10.
    pub mrr_10: f64,
    /// nDCG@10.
    pub ndcg_10: f64,
    /// Mean query latency in milliseconds (query embedding included).
    pub mean_ms: f64,
}

impl ModeMetrics {
    /// Adds one query's ranking (chunks, best first), at the granularity of its labels.
    fn add<'a>(&mut self, q: &Query, ranking: impl Iterator<Item = &'a docent_core::Chunk>) {
        let relevant: HashSet<String> = q.relevant_ids.iter().cloned().collect();
        let chunk_labels = q.relevant_ids.iter().any(|r| r.contains('#'));
        let mut seen = HashSet::new();
        let ranked: Vec<String> = ranking
            .map(|c| {
                if chunk_labels {
                    c.id.clone()
                } else {
                    c.doc_id.clone()
                }
            })
            .filter(|id| seen.insert(id.clone()))
            .take(10)
            .collect();
        self.recall_1 += crate::metrics::recall_at(&ranked, &relevant, 1);
        self.recall_5 += crate::metrics::recall_at(&ranked, &relevant, 5);
        self.recall_10 += crate::metrics::recall_at(&ranked, &relevant, 10);
        self.mrr_10 += crate::metrics::mrr_at(&ranked, &relevant, 10);
        self.ndcg_10 += crate::metrics::ndcg_at(&ranked, &relevant, 10);
    }

    /// Sums to means over `n` queries; the mean latency since `started`.
    fn finish(&mut self, n: usize, started: Instant) {
        let n = n.max(1) as f64;
        self.mean_ms = started.elapsed().as_secs_f64() * 1e3 / n;
        self.recall_1 /= n;
        self.recall_5 /= n;
        self.recall_10 /= n;
        self.mrr_10 /= n;
        self.ndcg_10 /= n;
    }
}

/// The Qdrant backend's retrieval computed locally: BM25 over the sparse vectors Docent sends
/// (Qdrant's IDF, [`docent_index::sparse::Reference`]) as `bm25-sparse`, and its fusion with
/// the exact dense list as `hybrid-sparse`, which is what a Qdrant collection returns for
/// the same index (its dense search is exact at these sizes). Latency is not Qdrant's.
fn sparse_formulation(
    index: &Index,
    queries: &[Query],
    search: &SearchConfig,
) -> Result<Vec<ModeMetrics>> {
    use docent_index::sparse;
    let chunks = index.chunks();
    let texts: Vec<String> = chunks.iter().map(sparse::chunk_text).collect();
    let reference = sparse::Reference::new(&texts);
    let docs_only = |row: usize| chunks[row].kind == docent_core::DocKind::Doc;
    let mut dense = SearchOptions::from_config(search);
    dense.mode = SearchMode::Dense;
    dense.k = search.candidates.max(40);
    dense.filter = Filter {
        kinds: vec![docent_core::DocKind::Doc],
        ..Filter::default()
    };
    let w = search.dense_weight.clamp(0.0, 1.0);
    let (mut lex_m, mut hyb_m) = (
        ModeMetrics {
            mode: "bm25-sparse".into(),
            ..Default::default()
        },
        ModeMetrics {
            mode: "hybrid-sparse".into(),
            ..Default::default()
        },
    );
    let row_of: std::collections::HashMap<&str, u64> = chunks
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i as u64))
        .collect();
    let started = Instant::now();
    for q in queries {
        let lex: Vec<u64> = reference
            .search(&sparse::query(&q.question), dense.k, docs_only)
            .into_iter()
            .map(|(row, _)| row)
            .collect();
        let den: Vec<u64> = index
            .search(&q.question, &dense)?
            .iter()
            .filter_map(|h| row_of.get(h.chunk.id.as_str()).copied())
            .collect();
        lex_m.add(q, lex.iter().map(|r| &chunks[*r as usize]));
        let fused = docent_index::rrf(&[(&lex[..], 1.0 - w), (&den[..], w)], search.rrf_k);
        hyb_m.add(q, fused.iter().map(|(r, _)| &chunks[*r as usize]));
    }
    lex_m.finish(queries.len(), started);
    hyb_m.finish(queries.len(), started);
    Ok(vec![lex_m, hyb_m])
}

/// The retrieval eval's result.
#[derive(Debug, Clone, Serialize)]
pub struct RetrievalReport {
    /// The set's name.
    pub set: String,
    /// Questions scored.
    pub queries: usize,
    /// One row per mode.
    pub modes: Vec<ModeMetrics>,
}

impl RetrievalReport {
    /// The value of a floor's metric (`None` for another eval's).
    pub fn floor_value(&self, m: &Metric) -> Option<f64> {
        let Metric::Retrieval(mode, measure) = m else {
            return None;
        };
        let x = self.mode(*mode)?;
        Some(match measure {
            RankMeasure::Recall1 => x.recall_1,
            RankMeasure::Recall5 => x.recall_5,
            RankMeasure::Recall10 => x.recall_10,
            RankMeasure::Mrr10 => x.mrr_10,
            RankMeasure::Ndcg10 => x.ndcg_10,
        })
    }

    /// The metrics of `mode`.
    pub fn mode(&self, mode: SearchMode) -> Option<&ModeMetrics> {
        self.modes.iter().find(|m| m.mode == mode.as_str())
    }

    /// A fixed-width table.
    pub fn table(&self) -> String {
        let mut s = format!(
            "retrieval eval: {} ({} questions)\n{:<13} {:>6} {:>6} {:>6} {:>7} {:>8} {:>9}\n",
            self.set, self.queries, "mode", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10", "mean ms"
        );
        for m in &self.modes {
            s.push_str(&format!(
                "{:<13} {:>6.3} {:>6.3} {:>6.3} {:>7.3} {:>8.3} {:>9.2}\n",
                m.mode, m.recall_1, m.recall_5, m.recall_10, m.mrr_10, m.ndcg_10, m.mean_ms
            ));
        }
        s
    }
}

/// Runs every query in every mode against `index` (docs only, staff view).
pub fn run(
    set: &str,
    index: &Index,
    queries: &[Query],
    search: &SearchConfig,
) -> Result<RetrievalReport> {
    let mut modes = Vec::new();
    for mode in SearchMode::ALL {
        let mut opts = SearchOptions::from_config(search);
        opts.mode = mode;
        opts.k = 40;
        opts.filter = Filter {
            kinds: vec![docent_core::DocKind::Doc],
            ..Filter::default()
        };
        let mut m = ModeMetrics {
            mode: mode.as_str().to_string(),
            ..Default::default()
        };
        let started = Instant::now();
        for q in queries {
            let hits = index.search(&q.question, &opts)?;
            m.add(q, hits.iter().map(|h| &h.chunk));
        }
        m.finish(queries.len(), started);
        modes.push(m);
    }
    modes.extend(sparse_formulation(index, queries, search)?);
    Ok(RetrievalReport {
        set: set.to_string(),
        queries: queries.len(),
        modes,
    })
}
