//! Term bursts: a word of the questions' subjects that this period's questions use far more
//! than its own trailing baseline predicts ("backup" 13 times in a week against 2.8, when a
//! release announced a backup file), as a topic of its own: the questions whose subject holds
//! it. Clustering by meaning misses a burst whose questions are worded apart and fall into
//! several larger topics or into the noise; the word they share still marks it.
//!
//! The same spike test as for topics ([`crate::spike::test`]), corrected over the words tested
//! (those used at least `min_excess` times this period; a section passes the settings of
//! [`SpikeSettings::for_bursts`], whose floor is lower than a topic's) by the
//! Benjamini-Hochberg procedure ([`crate::spike::benjamini_hochberg_family`]), so common words
//! never spike on volume alone.
//! A burst whose questions this period mostly (half or more) sit in one spiking topic already
//! adds nothing, and of two bursts sharing half their questions this period (a two-word name)
//! the stronger is kept. Every burst then goes through the same triage, coverage and ranking as
//! a topic: a spam word's burst is set aside by its posts' cues.
//!
//! Proves (see tests): a word whose use jumps in the last period makes a topic holding its
//! questions; a word used steadily does not; a burst inside a spiking topic is not repeated.

use std::collections::HashMap;

use crate::spike::{self, Spike, SpikeSettings};

/// At most this many bursts a section adds.
pub(crate) const MAX_BURSTS: usize = 5;

/// What a burst was found by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Seed {
    /// A subject word, as [`docent_tutor::text::terms`] gives it.
    Word(String),
    /// The last-period question (a position in the section's signals) whose neighbourhood
    /// bursts ([`crate::meaning`]).
    Question(usize),
}

/// A burst: its questions (positions in the section's signals, all periods), its counts per
/// period and its test.
#[derive(Debug, Clone)]
pub(crate) struct Burst {
    /// The word or the question it was found by.
    pub seed: Seed,
    /// Positions of its signals: those whose subject holds the word, or the seed question's
    /// neighbours.
    pub members: Vec<usize>,
    /// Its signals per period.
    pub counts: Vec<u64>,
    /// Its spike test in the last period.
    pub spike: Spike,
}

/// The bursts of a section's last period. `subjects`: each signal's subject; `at`: each
/// signal's period; `totals`: all the section's signals per period; `in_spiking`: for a
/// signal, the spiking topic it belongs to, if any; `earlier`: bursts a stricter test found,
/// which a burst must not repeat (when this one looks for early signals with
/// [`SpikeSettings::for_early`]; empty otherwise).
pub(crate) fn find(
    earlier: &[Burst],
    subjects: &[&str],
    at: &[Option<usize>],
    totals: &[u64],
    last: usize,
    settings: &SpikeSettings,
    in_spiking: impl Fn(usize) -> Option<usize>,
) -> Vec<Burst> {
    let mut by_term: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in subjects.iter().enumerate() {
        if at[i].is_none() {
            continue;
        }
        let mut ts = docent_tutor::text::terms(s);
        ts.sort_unstable();
        ts.dedup();
        for t in ts {
            // Numbers and one- or two-letter words name no subject ("2", "ok").
            if t.chars().count() < 3 || t.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            by_term.entry(t).or_default().push(i);
        }
    }
    let in_last = |ms: &[usize]| ms.iter().filter(|&&i| at[i] == Some(last)).count();
    let mut tested: Vec<(&String, &Vec<usize>)> = by_term
        .iter()
        .filter(|(_, ms)| in_last(ms) as f64 >= settings.min_excess)
        .collect();
    tested.sort_by(|a, b| a.0.cmp(b.0));
    let per_period = |ms: &[usize]| {
        let mut counts = vec![0u64; totals.len()];
        for p in ms.iter().filter_map(|&i| at[i]) {
            counts[p] += 1;
        }
        counts
    };
    let counts: Vec<Vec<u64>> = tested.iter().map(|(_, ms)| per_period(ms)).collect();
    let family: Vec<&[u64]> = counts.iter().map(Vec::as_slice).collect();
    let spikes = spike::test_family(&family, totals, last, settings);
    let bursts: Vec<Burst> = tested
        .into_iter()
        .zip(counts)
        .zip(spikes)
        .filter_map(|(((term, ms), counts), spike)| {
            spike.flagged.then(|| Burst {
                seed: Seed::Word(term.clone()),
                members: ms.clone(),
                counts,
                spike,
            })
        })
        .collect();
    keep(bursts, earlier, at, last, in_spiking)
}

/// Of some flagged bursts, the strongest (lowest p-value, then most questions this period) up
/// to [`MAX_BURSTS`], leaving out a burst whose questions this period mostly sit in one spiking
/// topic, one sharing half its questions this period with a stronger burst or with one of
/// `earlier` (bursts already kept by another finder), and one whose seed question is among
/// such a burst's (the same neighbourhood seen from another member).
pub(crate) fn keep(
    mut bursts: Vec<Burst>,
    earlier: &[Burst],
    at: &[Option<usize>],
    last: usize,
    in_spiking: impl Fn(usize) -> Option<usize>,
) -> Vec<Burst> {
    bursts.sort_by(|a, b| a.spike.stronger_first(&b.spike).then(a.seed.cmp(&b.seed)));
    let latest = |b: &Burst| -> Vec<usize> {
        b.members
            .iter()
            .copied()
            .filter(|&i| at[i] == Some(last))
            .collect()
    };
    let before: Vec<Vec<usize>> = earlier.iter().map(latest).collect();
    let mut kept: Vec<(Burst, Vec<usize>)> = Vec::new();
    for b in bursts {
        let now = latest(&b);
        if inside_one_topic(&now, &in_spiking) {
            continue;
        }
        let mut stronger = before.iter().chain(kept.iter().map(|(_, k)| k));
        let overlaps = stronger.any(|k| {
            let shared = now.iter().filter(|i| k.contains(i)).count();
            let seed_inside = matches!(b.seed, Seed::Question(q) if k.contains(&q));
            seed_inside || 2 * shared >= now.len().min(k.len())
        });
        if !overlaps {
            kept.push((b, now));
        }
        if kept.len() == MAX_BURSTS {
            break;
        }
    }
    kept.into_iter().map(|(b, _)| b).collect()
}

/// Whether half or more of `latest` belong to one spiking topic.
fn inside_one_topic(latest: &[usize], in_spiking: impl Fn(usize) -> Option<usize>) -> bool {
    let mut by_topic: HashMap<usize, usize> = HashMap::new();
    for &i in latest {
        if let Some(t) = in_spiking(i) {
            *by_topic.entry(t).or_default() += 1;
        }
    }
    by_topic.values().any(|&n| 2 * n >= latest.len())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Ten periods of questions: `steady` per period on one subject, and in the last period
    /// `burst` more on another.
    fn stream(steady: usize, burst: usize) -> (Vec<String>, Vec<Option<usize>>) {
        let mut subjects = Vec::new();
        let mut at = Vec::new();
        for p in 0..10 {
            for i in 0..40 {
                subjects.push(format!("Question {i} about bookmarks toolbar"));
                at.push(Some(p));
            }
            for _ in 0..steady {
                subjects.push("Where is the downloads panel".to_string());
                at.push(Some(p));
            }
            if p == 9 {
                for i in 0..burst {
                    subjects.push(format!("Cannot find backup file {i}"));
                    at.push(Some(p));
                }
            }
        }
        (subjects, at)
    }

    /// All signals per period of a ten-period stream (`at`: each signal's period).
    pub(crate) fn totals(at: &[Option<usize>]) -> Vec<u64> {
        let mut t = vec![0u64; 10];
        for p in at.iter().flatten() {
            t[*p] += 1;
        }
        t
    }

    #[test]
    fn a_word_whose_use_jumps_makes_a_topic() {
        let (subjects, at) = stream(12, 14);
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        let b = find(
            &[],
            &refs,
            &at,
            &totals(&at),
            9,
            &SpikeSettings::default(),
            |_| None,
        );
        let terms: Vec<&str> = b
            .iter()
            .map(|b| match &b.seed {
                Seed::Word(w) => w.as_str(),
                Seed::Question(_) => "",
            })
            .collect();
        // "backup", "cannot", "find" and "file" share the same 14 questions: one burst.
        assert_eq!(b.len(), 1, "{terms:?}");
        assert!(
            ["backup", "cannot", "find", "file"].contains(&terms[0]),
            "{terms:?}"
        );
        assert_eq!(b[0].spike.observed, 14);
        assert_eq!(b[0].members.len(), 14);
        // Steady words ("downloads", used 12 times every period) never burst.
        assert!(!terms.contains(&"download"), "{terms:?}");
    }

    #[test]
    fn a_burst_of_nine_against_about_one_passes_the_bursts_floor_not_the_topics() {
        // One question a period about one site's sign-in, then nine in the last period: 8.0
        // above the expected 1.0, under a topic's floor of 8 and over a burst's 6.
        let (mut subjects, mut at) = stream(12, 0);
        for p in 0..10 {
            let n = if p == 9 { 9 } else { 1 };
            for i in 0..n {
                subjects.push(format!("Cannot sign in to icloud {i}"));
                at.push(Some(p));
            }
        }
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        let settings = SpikeSettings::default();
        let words = |s: &SpikeSettings| -> Vec<String> {
            find(&[], &refs, &at, &totals(&at), 9, s, |_| None)
                .into_iter()
                .map(|b| match b.seed {
                    Seed::Word(w) => w,
                    Seed::Question(q) => q.to_string(),
                })
                .collect()
        };
        assert!(words(&settings).is_empty(), "{:?}", words(&settings));
        let found = words(&settings.for_bursts());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            ["cannot", "sign", "icloud"].contains(&found[0].as_str()),
            "{found:?}"
        );
    }

    #[test]
    fn five_questions_against_under_one_pass_only_the_early_test() {
        // One question about a video site in the first nine periods, then five in the last:
        // 4.5 above the expected 0.5, under a burst's floor of 6 and over an early signal's 3.
        let (mut subjects, mut at) = stream(12, 0);
        for p in 0..10 {
            let n = match p {
                3 => 1,
                9 => 5,
                _ => 0,
            };
            for i in 0..n {
                subjects.push(format!("Twitch player missing {i}"));
                at.push(Some(p));
            }
        }
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        let settings = SpikeSettings::default();
        let found = |s: &SpikeSettings, earlier: &[Burst]| {
            find(earlier, &refs, &at, &totals(&at), 9, s, |_| None)
        };
        assert!(found(&settings.for_bursts(), &[]).is_empty());
        let early = found(&settings.for_early(), &[]);
        assert_eq!(early.len(), 1, "{early:?}");
        assert_eq!(early[0].spike.observed, 5);
        assert_eq!(early[0].members.len(), 6);
        // Found again after a stricter test had found it: not repeated.
        assert!(found(&settings.for_early(), &early).is_empty());
        // Steady subjects signal nothing even at the early test.
        let (subjects, at) = stream(12, 0);
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        assert!(find(
            &[],
            &refs,
            &at,
            &totals(&at),
            9,
            &settings.for_early(),
            |_| None
        )
        .is_empty());
    }

    #[test]
    fn no_burst_without_a_jump_or_inside_a_spiking_topic() {
        let (subjects, at) = stream(12, 0);
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        assert!(find(
            &[],
            &refs,
            &at,
            &totals(&at),
            9,
            &SpikeSettings::default(),
            |_| None
        )
        .is_empty());
        let (subjects, at) = stream(12, 14);
        let refs: Vec<&str> = subjects.iter().map(String::as_str).collect();
        let spiking = |i: usize| subjects[i].starts_with("Cannot").then_some(3);
        assert!(find(
            &[],
            &refs,
            &at,
            &totals(&at),
            9,
            &SpikeSettings::default(),
            spiking
        )
        .is_empty());
    }
}
