//! Ranking metrics over binary relevance. Compute-only.

use std::collections::HashSet;

/// Share of the relevant items found in the first `k` of `ranked`.
pub fn recall_at(ranked: &[String], relevant: &HashSet<String>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let found = ranked
        .iter()
        .take(k)
        .filter(|r| relevant.contains(*r))
        .count();
    found as f64 / relevant.len() as f64
}

/// Reciprocal rank of the first relevant item within the first `k`, else 0.
pub fn mrr_at(ranked: &[String], relevant: &HashSet<String>, k: usize) -> f64 {
    ranked
        .iter()
        .take(k)
        .position(|r| relevant.contains(r))
        .map(|p| 1.0 / (p as f64 + 1.0))
        .unwrap_or(0.0)
}

/// Normalised discounted cumulative gain at `k`, binary gains.
pub fn ndcg_at(ranked: &[String], relevant: &HashSet<String>, k: usize) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, r)| relevant.contains(*r))
        .map(|(i, _)| 1.0 / ((i as f64) + 2.0).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(k))
        .map(|i| 1.0 / ((i as f64) + 2.0).log2())
        .sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn known_values() {
        let rel: HashSet<String> = s(&["b", "d"]).into_iter().collect();
        let ranked = s(&["a", "b", "c", "d"]);
        assert_eq!(recall_at(&ranked, &rel, 1), 0.0);
        assert_eq!(recall_at(&ranked, &rel, 2), 0.5);
        assert_eq!(recall_at(&ranked, &rel, 10), 1.0);
        assert_eq!(mrr_at(&ranked, &rel, 10), 0.5);
        let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let ideal = 1.0 + 1.0 / 3f64.log2();
        assert!((ndcg_at(&ranked, &rel, 10) - dcg / ideal).abs() < 1e-12);
        assert_eq!(ndcg_at(&s(&["b", "d"]), &rel, 10), 1.0);
        assert_eq!(mrr_at(&ranked, &HashSet::new(), 10), 0.0);
    }
}
