//! Meaning bursts: a question of the last period whose neighbourhood (the questions at the
//! topics' cosine threshold or nearer) is far denser this period than over the trailing
//! baseline, as a topic of its own: the questions of every period in that neighbourhood.
//!
//! A release that disables every add-on brings questions worded "all my extensions are
//! disabled", "uBlock appears corrupt", "add-ons could not be verified": they share no one
//! subject word, and by meaning they fall into the large add-on topic, whose own count barely
//! moves. Their neighbourhood still fills up: what is new is that many questions this period
//! are near each other where few were before.
//!
//! Each last-period question is a seed, tested like a topic ([`crate::spike::test`]) on the
//! counts of its neighbourhood, corrected over the seeds tested (those with at least
//! `min_excess` neighbours this period) by the Benjamini-Hochberg procedure
//! ([`crate::spike::benjamini_hochberg_family`]). The flagged seeds go through
//! [`crate::burst::keep`] (strongest first; none mostly inside one spiking topic; none sharing
//! half its questions this period with a stronger one or with a word burst), and each kept
//! burst then meets the same triage, coverage and ranking as a topic.
//!
//! Proves (see tests): questions worded apart about one new thing make a burst, though no word
//! bursts; a steady neighbourhood does not; nor one mostly inside a spiking topic.

use crate::burst::{self, Burst, Seed};
use crate::spike::{self, Spike, SpikeSettings};
use docent_index::dot;

/// Seed-neighbour pairs a section compares at most (each a 384-wide dot product): about a
/// second on two cores. The Firefox forum's weeks (900 questions against 8,000 in the window)
/// need 7 million; past the budget an even sample of the last period's questions seeds, so a
/// burst of many questions is still hit while the cost stays bounded on far larger streams.
pub(crate) const MAX_PAIRS: usize = 30_000_000;

/// The section's signals that a seed's neighbourhood is counted over: the seeds (the last
/// period's signals, or an even sample of them within `max_pairs`), and the last period's and
/// the baseline's signals, by period.
struct Window {
    /// Positions of the seeds, last-period signals.
    seeds: Vec<usize>,
    /// Positions of the baseline periods' signals and the last period's.
    all: Vec<usize>,
}

fn window(at: &[Option<usize>], last: usize, baseline: usize, max_pairs: usize) -> Window {
    let from = last.saturating_sub(baseline);
    let in_window = |p: &Option<usize>| p.is_some_and(|p| p >= from && p <= last);
    let all: Vec<usize> = (0..at.len()).filter(|&i| in_window(&at[i])).collect();
    let latest: Vec<usize> = (0..at.len()).filter(|&i| at[i] == Some(last)).collect();
    let room = (max_pairs / all.len().max(1)).max(1);
    let stride = latest.len().div_ceil(room).max(1);
    Window {
        seeds: latest.into_iter().step_by(stride).collect(),
        all,
    }
}

/// Each seed's neighbours per period (only the window's periods are filled), on all cores.
fn neighbourhood_counts(
    vectors: &[&[f32]],
    at: &[Option<usize>],
    w: &Window,
    periods: usize,
    threshold: f32,
) -> Vec<Vec<u64>> {
    crate::cores::map(&w.seeds, |&q| {
        let mut counts = vec![0u64; periods];
        for &x in &w.all {
            if let Some(p) = at[x] {
                if dot(vectors[q], vectors[x]) >= threshold {
                    counts[p] += 1;
                }
            }
        }
        counts
    })
}

/// A section's signals as the finder reads them: each signal's unit embedding and period, all
/// the section's signals per period, and the last period.
pub(crate) struct Stream<'a> {
    pub vectors: &'a [&'a [f32]],
    pub at: &'a [Option<usize>],
    pub totals: &'a [u64],
    pub last: usize,
}

/// The burst seeded by question `q`: its neighbours over every period (for the trend and the
/// topic's questions) and their counts.
fn neighbourhood(stream: &Stream, q: usize, threshold: f32, spike: Spike) -> Burst {
    let mut members = Vec::new();
    let mut counts = vec![0u64; stream.totals.len()];
    for (x, p) in stream.at.iter().enumerate() {
        if let Some(p) = p {
            if dot(stream.vectors[q], stream.vectors[x]) >= threshold {
                members.push(x);
                counts[*p] += 1;
            }
        }
    }
    Burst {
        seed: Seed::Question(q),
        members,
        counts,
        spike,
    }
}

/// The meaning bursts of a section's last period, neighbourhoods at cosine `threshold`.
/// `in_spiking`: for a signal, the spiking topic it belongs to, if any; `words`: the word
/// bursts already found, which a meaning burst must not repeat.
pub(crate) fn find(
    words: &[Burst],
    stream: &Stream,
    threshold: f32,
    settings: &SpikeSettings,
    in_spiking: impl Fn(usize) -> Option<usize>,
) -> Vec<Burst> {
    find_within(words, stream, threshold, settings, in_spiking, MAX_PAIRS)
}

/// [`find`] within a budget of seed-neighbour pairs.
fn find_within(
    words: &[Burst],
    stream: &Stream,
    threshold: f32,
    settings: &SpikeSettings,
    in_spiking: impl Fn(usize) -> Option<usize>,
    max_pairs: usize,
) -> Vec<Burst> {
    let Stream {
        vectors,
        at,
        totals,
        last,
    } = *stream;
    let w = window(at, last, settings.baseline, max_pairs);
    let counts = neighbourhood_counts(vectors, at, &w, totals.len(), threshold);
    let (seeds, family): (Vec<usize>, Vec<&[u64]>) = w
        .seeds
        .iter()
        .zip(&counts)
        .filter(|(_, c)| c[last] as f64 >= settings.min_excess)
        .map(|(&q, c)| (q, c.as_slice()))
        .unzip();
    let flagged: Vec<Burst> = seeds
        .into_iter()
        .zip(spike::test_family(&family, totals, last, settings))
        .filter_map(|(q, spike)| {
            spike
                .flagged
                .then(|| neighbourhood(stream, q, threshold, spike))
        })
        .collect();
    burst::keep(flagged, words, at, last, in_spiking)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit vector near axis `axis` (of 8), tilted by `tilt` toward axis 7.
    fn unit(axis: usize, tilt: f32) -> Vec<f32> {
        let mut v = [0f32; 8];
        v[axis] = 1.0;
        v[7] += tilt;
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    /// Ten periods: 40 questions a period spread over axes 0-3 (four steady topics), `before`
    /// questions a period near axis 5, and in the last period `burst` more near axis 5.
    fn stream(burst: usize, before: usize) -> (Vec<Vec<f32>>, Vec<Option<usize>>) {
        let mut vs = Vec::new();
        let mut at = Vec::new();
        for p in 0..10 {
            for i in 0..40 {
                vs.push(unit(i % 4, 0.1 * (i % 3) as f32));
                at.push(Some(p));
            }
            for i in 0..before {
                vs.push(unit(5, 0.05 * (i % 4) as f32));
                at.push(Some(p));
            }
            if p == 9 {
                for i in 0..burst {
                    vs.push(unit(5, 0.05 * (i % 5) as f32));
                    at.push(Some(p));
                }
            }
        }
        (vs, at)
    }

    fn run(
        vs: &[Vec<f32>],
        at: &[Option<usize>],
        in_spiking: impl Fn(usize) -> Option<usize>,
    ) -> Vec<Burst> {
        run_after(&[], vs, at, in_spiking)
    }

    fn run_after(
        words: &[Burst],
        vs: &[Vec<f32>],
        at: &[Option<usize>],
        in_spiking: impl Fn(usize) -> Option<usize>,
    ) -> Vec<Burst> {
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        let totals = crate::burst::tests::totals(at);
        let stream = Stream {
            vectors: &refs,
            at,
            totals: &totals,
            last: 9,
        };
        find(words, &stream, 0.55, &SpikeSettings::default(), in_spiking)
    }

    #[test]
    fn past_the_budget_an_even_sample_seeds_and_still_finds_the_burst() {
        let (vs, at) = stream(15, 1);
        // The window holds 9 periods (384 questions), the last 56 of them.
        let w = window(&at, 9, 8, 384 * 10);
        assert_eq!(w.all.len(), 384);
        assert!(w.seeds.len() * w.all.len() <= 384 * 10, "{}", w.seeds.len());
        assert!(w.seeds.len() >= 9 && w.seeds.iter().all(|&i| at[i] == Some(9)));
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        let totals = crate::burst::tests::totals(&at);
        let stream = Stream {
            vectors: &refs,
            at: &at,
            totals: &totals,
            last: 9,
        };
        let settings = SpikeSettings::default();
        let b = find_within(&[], &stream, 0.55, &settings, |_| None, 384 * 10);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].counts[9], 16);
        // Within the budget every last-period question seeds.
        assert_eq!(window(&at, 9, 8, MAX_PAIRS).seeds.len(), 56);
    }

    #[test]
    fn questions_near_each_other_this_period_make_one_burst() {
        let (vs, at) = stream(15, 1);
        let b = run(&vs, &at, |_| None);
        assert_eq!(b.len(), 1, "{b:?}");
        let latest: Vec<usize> = b[0]
            .members
            .iter()
            .copied()
            .filter(|&i| at[i] == Some(9))
            .collect();
        // The 15 new questions and the period's one earlier-style question near axis 5.
        assert_eq!(latest.len(), 16, "{latest:?}");
        assert!(latest.iter().all(|&i| vs[i][5] > 0.5));
        assert_eq!(b[0].counts.iter().sum::<u64>() as usize, b[0].members.len());
        assert!(b[0].spike.flagged && b[0].counts[9] == 16);
    }

    #[test]
    fn a_steady_neighbourhood_or_one_inside_a_spiking_topic_is_no_burst() {
        // Twelve a period near axis 5 every period, none more in the last: no burst; the
        // steady axis-0 topic neither.
        let (vs, at) = stream(0, 12);
        assert!(run(&vs, &at, |_| None).is_empty());
        // The burst's questions already in spiking topic 3: nothing new to add.
        let (vs, at) = stream(15, 1);
        let spiking = |i: usize| (vs[i][5] > 0.5).then_some(3);
        assert!(run(&vs, &at, spiking).is_empty());
    }

    #[test]
    fn a_burst_a_word_burst_already_holds_is_not_repeated() {
        let (vs, at) = stream(15, 1);
        let found = run(&vs, &at, |_| None);
        assert_eq!(found.len(), 1);
        // A word burst holding 10 of its 16 questions this period: the same burst.
        let mut word = found[0].clone();
        word.seed = Seed::Word("backup".into());
        let latest: Vec<usize> = word
            .members
            .iter()
            .copied()
            .filter(|&i| at[i] == Some(9))
            .collect();
        word.members = latest[..10].to_vec();
        assert!(run_after(&[word.clone()], &vs, &at, |_| None).is_empty());
        // Holding 6 of them and 10 other questions this period (under half of either): both
        // stand.
        let others = (0..at.len()).filter(|&i| at[i] == Some(9) && vs[i][0] > 0.5);
        word.members = latest[..6].iter().copied().chain(others).collect();
        assert_eq!(run_after(&[word], &vs, &at, |_| None).len(), 1);
    }
}
