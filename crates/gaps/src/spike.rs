//! The spike test: is this period's count of a topic surprising given the topic's own share of
//! all tickets over the trailing baseline? Expected = baseline share x this period's total, so
//! overall volume growth raises the expectation, not the alarm. The tail probability is Poisson,
//! Bonferroni-corrected for the number of topics tested, and a spike must also be large: at
//! least `min_ratio` times the expectation and `min_excess` tickets above it (a quarter-end
//! bump of 1.8x in billing questions is real but not a gap).
//!
//! Proves (see tests): the tail is right on known values; growth alone does not alarm; a
//! sudden jump does; a new topic with no baseline is flagged as new.

use serde::Serialize;

/// ln(k!) by summing logs (exact enough for the counts seen here).
fn ln_factorial(k: u64) -> f64 {
    (2..=k).map(|i| (i as f64).ln()).sum()
}

/// P(X >= k) for X ~ Poisson(lambda).
pub fn poisson_tail(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // Sum the upper tail directly: terms shrink fast past the mean.
    let mut term = (-lambda + k as f64 * lambda.ln() - ln_factorial(k)).exp();
    let mut sum = 0.0;
    let mut i = k;
    while term > 1e-300 && i < k + 10_000 {
        sum += term;
        i += 1;
        term *= lambda / i as f64;
        if term < sum * 1e-16 {
            break;
        }
    }
    sum.min(1.0)
}

/// Settings of the test.
#[derive(Debug, Clone, Serialize)]
pub struct SpikeSettings {
    /// Family-wise false-alarm rate per period (Bonferroni over topics).
    pub alpha: f64,
    /// Observed must be at least this many times the expectation.
    pub min_ratio: f64,
    /// ... and this many tickets above it.
    pub min_excess: f64,
    /// The same floor for a burst, a word or a neighbourhood of questions that fills up
    /// ([`crate::burst`], [`crate::meaning`]). Lower than a topic's: bursts are corrected by
    /// the Benjamini-Hochberg procedure over every word and neighbourhood tested, and an event
    /// a lead names is often eight or nine questions against one or two expected (sign-in to
    /// one site failing after a change on its side: 9 against 1.75 in a week of 1,400).
    pub burst_min_excess: f64,
    /// The false-alarm rate of an early signal: a topic or a word burst that misses the test
    /// above but passes this looser one (Bonferroni over topics, Benjamini-Hochberg over words,
    /// as above) is listed apart as an early signal, never ranked among the gaps. A new
    /// problem often starts as four to seven questions against one expected (a site breaking on
    /// old versions, a product shutting down in its first days), below any floor that keeps the
    /// ranked gaps clean.
    pub early_alpha: f64,
    /// The early signal's floor: tickets above the expectation (its ratio is `min_ratio`).
    pub early_min_excess: f64,
    /// The least [`crate::triage::TopicCues::coherence`] of an early signal's latest questions:
    /// a word shared by unrelated questions ("hotmail" in a sign-in failure, a Gmail login and
    /// an account e-mail) is no signal. 0 lists every one.
    pub early_coherence: f32,
    /// Periods in the trailing baseline.
    pub baseline: usize,
}

impl SpikeSettings {
    /// The settings a burst is tested with: [`SpikeSettings::burst_min_excess`] as the floor.
    pub fn for_bursts(&self) -> SpikeSettings {
        SpikeSettings {
            min_excess: self.burst_min_excess,
            ..self.clone()
        }
    }

    /// The settings an early signal is tested with: [`SpikeSettings::early_alpha`] and
    /// [`SpikeSettings::early_min_excess`].
    pub fn for_early(&self) -> SpikeSettings {
        SpikeSettings {
            alpha: self.early_alpha,
            min_excess: self.early_min_excess,
            ..self.clone()
        }
    }
}

impl Default for SpikeSettings {
    fn default() -> Self {
        SpikeSettings {
            alpha: 0.01,
            min_ratio: 2.5,
            min_excess: 8.0,
            burst_min_excess: 6.0,
            early_alpha: 0.1,
            early_min_excess: 3.0,
            early_coherence: 0.375,
            baseline: 8,
        }
    }
}

/// The test's verdict for one topic in one period.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Spike {
    /// Tickets of the topic in the period.
    pub observed: u64,
    /// What the baseline share predicts.
    pub expected: f64,
    /// observed / expected.
    pub ratio: f64,
    /// Poisson tail probability, before correction.
    pub p_value: f64,
    /// True when the test flags it.
    pub flagged: bool,
    /// True when only the early-signal test flags it ([`SpikeSettings::for_early`]).
    pub early: bool,
    /// True when the topic had no tickets in the baseline.
    pub new_topic: bool,
}

impl Spike {
    /// The order of strength: the lower p-value first, then the more tickets.
    pub fn stronger_first(&self, other: &Spike) -> std::cmp::Ordering {
        self.p_value
            .total_cmp(&other.p_value)
            .then(other.observed.cmp(&self.observed))
    }
}

/// Tests period `t` of `topic` counts against the trailing baseline, given all-topic totals.
pub fn test(
    topic: &[u64],
    totals: &[u64],
    t: usize,
    topics_tested: usize,
    s: &SpikeSettings,
) -> Spike {
    let from = t.saturating_sub(s.baseline);
    let base: u64 = topic[from..t].iter().sum();
    let base_total: u64 = totals[from..t].iter().sum();
    let observed = topic[t];
    // Half a ticket of prior keeps a topic with no history from having an expectation of 0.
    let share = (base as f64 + 0.5) / (base_total as f64 + 1.0);
    let expected = (share * totals[t] as f64).max(0.5);
    let p_value = poisson_tail(observed, expected);
    let corrected = s.alpha / topics_tested.max(1) as f64;
    let ratio = observed as f64 / expected;
    let flagged = t >= 2
        && p_value < corrected
        && ratio >= s.min_ratio
        && observed as f64 - expected >= s.min_excess;
    Spike {
        observed,
        expected,
        ratio,
        p_value,
        flagged,
        early: false,
        new_topic: base == 0 && t >= 2,
    }
}

/// The family size under which the Bonferroni bound `alpha / n` passes exactly the p-values the
/// Benjamini-Hochberg procedure passes at `alpha`: the largest `p(k) <= k alpha / m` and every
/// smaller one. Bursts test hundreds of words or thousands of questions' neighbourhoods a week,
/// where Bonferroni's chance of any false alarm is so strict that a real burst of 14 questions
/// against 4 expected goes unseen; this bounds instead the expected share of false alarms among
/// the alarms, which is what a lead reading them cares about. `m` when nothing passes.
pub fn benjamini_hochberg_family(p_values: &[f64], alpha: f64) -> usize {
    let m = p_values.len();
    let mut p: Vec<f64> = p_values.to_vec();
    p.sort_by(f64::total_cmp);
    let cut = p
        .iter()
        .enumerate()
        .filter(|(k, v)| **v <= (k + 1) as f64 * alpha / m as f64)
        .map(|(_, v)| *v)
        .next_back();
    match cut {
        // The test passes p < alpha / n, so n must stay under alpha / cut.
        Some(c) if c > 0.0 => ((alpha / c).ceil() as usize).saturating_sub(1).clamp(1, m),
        _ => m,
    }
}

/// Tests a family of counts at once (each as [`test`]), corrected over the family by the
/// Benjamini-Hochberg procedure ([`benjamini_hochberg_family`]): each tail probability is
/// computed once, and a spike stays flagged when it also passes the corrected bound.
pub fn test_family(family: &[&[u64]], totals: &[u64], t: usize, s: &SpikeSettings) -> Vec<Spike> {
    let mut spikes: Vec<Spike> = family.iter().map(|c| test(c, totals, t, 1, s)).collect();
    let p: Vec<f64> = spikes.iter().map(|v| v.p_value).collect();
    let bound = s.alpha / benjamini_hochberg_family(&p, s.alpha).max(1) as f64;
    for v in &mut spikes {
        v.flagged = v.flagged && v.p_value < bound;
    }
    spikes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benjamini_hochberg_passes_a_cluster_of_small_p_values_bonferroni_misses() {
        let alpha = 0.01;
        let mut p = vec![5e-5, 1.5e-4, 2.5e-4];
        p.extend(std::iter::repeat_n(0.5, 97));
        let n = benjamini_hochberg_family(&p, alpha);
        let passed = |n: usize| p.iter().filter(|v| **v < alpha / n as f64).count();
        assert_eq!(passed(p.len()), 1, "Bonferroni passes only the smallest");
        assert_eq!(passed(n), 3, "family {n}");
        // With nothing small, the whole family: no alarm made easier.
        let flat = vec![0.2; 50];
        assert_eq!(benjamini_hochberg_family(&flat, alpha), 50);
        assert_eq!(benjamini_hochberg_family(&[], alpha), 0);
    }

    #[test]
    fn poisson_tail_known_values() {
        assert!((poisson_tail(0, 3.0) - 1.0).abs() < 1e-12);
        // P(X >= 1 | 2) = 1 - e^-2
        assert!((poisson_tail(1, 2.0) - (1.0 - (-2.0f64).exp())).abs() < 1e-12);
        // P(X >= 10 | 3) = 0.0011025...
        assert!((poisson_tail(10, 3.0) - 0.001102488).abs() < 1e-6);
    }

    #[test]
    fn growth_does_not_alarm_but_a_jump_does() {
        let s = SpikeSettings::default();
        let totals: Vec<u64> = (0..12).map(|w| (100.0 * 1.05f64.powi(w)) as u64).collect();
        let topic: Vec<u64> = totals.iter().map(|t| t / 10).collect();
        assert!(!test(&topic, &totals, 11, 20, &s).flagged);
        let mut jump = topic.clone();
        jump[11] += 40;
        let mut totals_j = totals.clone();
        totals_j[11] += 40;
        let v = test(&jump, &totals_j, 11, 20, &s);
        assert!(v.flagged && !v.new_topic, "{v:?}");
        let mut fresh = vec![0u64; 12];
        fresh[11] = 30;
        let v = test(&fresh, &totals_j, 11, 20, &s);
        assert!(v.flagged && v.new_topic, "{v:?}");
        // A 1.8x seasonal bump of a mid-size topic is not a gap.
        let mut season = topic.clone();
        season[11] = (season[11] as f64 * 1.8) as u64;
        assert!(!test(&season, &totals, 11, 20, &s).flagged);
    }
}
