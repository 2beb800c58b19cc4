//! One language section of the report: its signals clustered into topics, counted per period,
//! spike-tested against the section's own totals, and its likeliest gaps described (triage,
//! coverage, label, action). Only the candidates are described: every spiking topic and the
//! largest recent ones, since coverage costs searches.

use std::collections::HashSet;

use crate::describe::{self, Ctx, TopicInput};
use crate::triage::{self, Cues, Flag};
use crate::{burst, cluster, label, meaning, spike, Gap, Periods, Signal};

/// The signals of a section (oldest first) with their triage cues.
pub(crate) struct Members<'a> {
    pub signals: Vec<&'a Signal>,
    pub cues: Vec<Cues>,
}

/// What a section found.
pub(crate) struct Outcome {
    /// Topics and bursts found, early word bursts aside.
    pub topics: usize,
    pub spiking: Vec<usize>,
    pub latest_members: Vec<Vec<String>>,
    pub gaps: Vec<Gap>,
    /// Early signals outside the ranked gaps ([`early_signals`]).
    pub early: Vec<Gap>,
    pub review: Vec<Gap>,
    /// Topics whose posts, read together, are in one language the section is not for
    /// ([`crate::lang::pooled_among`]): the language, the ids of every post of the topic, and the
    /// topic as described here (for review when that language has no section).
    pub other_language: Vec<Relabel>,
    pub noise_share: f64,
    /// The near-duplicate share the section judged copies against ([`UsualCopies`]); `None`
    /// when it measured that share from fewer than [`USUAL_COPIES_TOPICS`] candidate topics.
    pub usual_copies: Option<f64>,
}

/// Candidate topics a section needs before its median near-duplicate share is read by the
/// other sections ([`UsualCopies::Given`]).
pub(crate) const USUAL_COPIES_TOPICS: usize = 5;

/// What share of near-duplicates a section takes as usual when it looks for copy-paste
/// campaigns ([`triage::Baseline::near_duplicate`]). Templated tickets are a property of the
/// help desk's forms, not of a language, and a small section's few topics may be the campaign
/// itself (an Indonesian section of 120 posts whose two candidates were both copy-paste
/// campaigns took them as usual). So the primary section measures it, the median of its
/// candidate topics, and the other languages' sections read that, unless the primary section
/// had too few topics to tell ([`USUAL_COPIES_TOPICS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum UsualCopies {
    /// Measured here: the median of the section's candidate topics.
    Measured,
    /// Measured by the primary section.
    Given(f64),
}

/// A topic of the section in another language, to be read with that language's section.
pub(crate) struct Relabel {
    pub language: crate::lang::Lang,
    pub ids: Vec<String>,
    pub gap: Gap,
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A section's topics counted per period.
struct Counted {
    /// counts[topic][period].
    counts: Vec<Vec<u64>>,
    /// All the section's signals per period.
    totals: Vec<u64>,
    /// Each topic's members (positions in the section's signals).
    members: Vec<Vec<usize>>,
}

/// Counts each topic's signals per period (`at`: each signal's period).
fn count(
    at: &[Option<usize>],
    assignment: &[Option<usize>],
    topics: usize,
    periods: usize,
) -> Counted {
    let mut counts = vec![vec![0u64; periods]; topics];
    let mut totals = vec![0u64; periods];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); topics];
    for (i, (p, a)) in at.iter().zip(assignment).enumerate() {
        let Some(p) = p else { continue };
        totals[*p] += 1;
        if let Some(t) = a {
            counts[*t][*p] += 1;
            members[*t].push(i);
        }
    }
    Counted {
        counts,
        totals,
        members,
    }
}

/// Each topic's distinctive terms (class-based TF-IDF over subjects and bodies). The topics
/// from `first_early` on (the early word bursts) are scored against every topic, the others as
/// without them; each topic's terms are counted once, on all cores.
fn terms(m: &Members, members: &[Vec<usize>], first_early: usize) -> Vec<Vec<(String, f64)>> {
    let questions: Vec<Vec<label::Question>> = members
        .iter()
        .map(|ms| {
            ms.iter()
                .map(|i| (m.signals[*i].subject.as_str(), m.signals[*i].text.as_str()))
                .collect()
        })
        .collect();
    let counts = label::term_counts(&questions);
    let mut terms = label::ctfidf_counted(&counts[..first_early], 8);
    if first_early < members.len() {
        terms.extend(label::ctfidf_of(&counts, first_early..members.len(), 8));
    }
    terms
}

/// Ids of each topic's signals in the latest period.
fn latest(
    m: &Members,
    members: &[Vec<usize>],
    at: &[Option<usize>],
    last: usize,
) -> Vec<Vec<String>> {
    members
        .iter()
        .map(|ms| {
            ms.iter()
                .filter(|i| at[**i] == Some(last))
                .map(|i| m.signals[*i].id.clone())
                .collect()
        })
        .collect()
}

/// Provisional score of each topic: recent volume, raised by a spike.
fn provisional(counts: &[Vec<u64>], spikes: &[spike::Spike], last: usize) -> Vec<f64> {
    counts
        .iter()
        .zip(spikes)
        .map(|(c, sp)| {
            let recent: u64 = c[last.saturating_sub(3)..=last].iter().sum();
            let factor = if sp.flagged {
                1.0 + sp.ratio.min(10.0)
            } else {
                1.0
            };
            recent as f64 * factor
        })
        .collect()
}

/// The topics worth describing, best first, each with whether it may be ranked: of the topics
/// numbered below `first_early`, every spiking one and the `3 * top + 5` best by provisional
/// score may; every other early-signalling one, and every early word burst (numbered from
/// `first_early`), is described only for the early signals, so that they change nothing else
/// of the report.
fn candidates(
    provisional: &[f64],
    spikes: &[spike::Spike],
    top: usize,
    first_early: usize,
) -> Vec<(usize, bool)> {
    let mut order: Vec<usize> = (0..first_early).collect();
    order.sort_by(|a, b| provisional[*b].total_cmp(&provisional[*a]).then(a.cmp(b)));
    let wanted = 3 * top + 5;
    order
        .into_iter()
        .enumerate()
        .map(|(pos, t)| (t, pos < wanted || spikes[t].flagged))
        .chain((first_early..provisional.len()).map(|t| (t, false)))
        .filter(|(t, rankable)| *rankable || spikes[*t].early)
        .collect()
}

/// Positions `members` most central first (nearest `centroid`, then the earlier), each
/// similarity computed once.
fn by_centrality(members: &[usize], vectors: &[&[f32]], centroid: &[f32]) -> Vec<usize> {
    let mut scored: Vec<(f32, usize)> = members
        .iter()
        .map(|&i| (dot(vectors[i], centroid), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// The median of some shares (0 when there are none).
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(0.0)
}

/// The unit mean of a section's vectors (zero when there are none).
fn unit_mean(vectors: &[&[f32]]) -> Vec<f32> {
    let dim = vectors.first().map_or(0, |v| v.len());
    let mut m = vec![0f32; dim];
    for v in vectors {
        m.iter_mut().zip(v.iter()).for_each(|(a, x)| *a += x);
    }
    let n = m.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        m.iter_mut().for_each(|x| *x /= n);
    }
    m
}

/// Ranks the gaps by score, keeping `top`. A gap sharing half or more of its latest questions
/// (of the smaller of the two) with a better one says nothing new and is left out: clustered
/// topics (numbered below `clustered`) are disjoint, so only pairs with a burst ([`burst`],
/// [`meaning`]), which takes its questions from them, are compared ("WhatsApp web" as a topic
/// and as a word). A burst half of whose latest questions the better gaps already hold between
/// them is left out too (one subject's questions spread over two topics and re-found as a
/// burst).
fn rank(gaps: &mut Vec<Gap>, top: usize, clustered: usize) {
    gaps.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.topic.cmp(&b.topic)));
    let mut kept: Vec<Gap> = Vec::new();
    let mut held: HashSet<String> = HashSet::new();
    for g in gaps.drain(..) {
        let repeats = kept
            .iter()
            .filter(|k| k.topic >= clustered || g.topic >= clustered)
            .any(|k| shares_half(k, &g));
        let covered = g.latest_ids.iter().filter(|i| held.contains(*i)).count();
        let burst_held = g.topic >= clustered && 2 * covered >= g.latest_ids.len().max(1);
        if !repeats && !burst_held {
            held.extend(g.latest_ids.iter().cloned());
            kept.push(g);
        }
    }
    *gaps = kept;
    gaps.truncate(top);
    for (i, g) in gaps.iter_mut().enumerate() {
        g.rank = i + 1;
    }
}

/// The early signals to list: of the topics and bursts that pass only the early-signal test
/// ([`crate::SpikeSettings::for_early`]) and were not triaged, those whose latest questions
/// hold together (coherence at least `coherence`, [`crate::SpikeSettings::early_coherence`]),
/// not among the ranked `gaps`, sharing less than half their latest questions with any of them
/// that spikes or signals early (a steady topic ranked on volume shows no burst) or with a
/// stronger early signal, strongest first (lowest p-value, then most questions
/// this period), at most `top`.
fn early_signals(mut signalled: Vec<Gap>, gaps: &[Gap], coherence: f32, top: usize) -> Vec<Gap> {
    signalled.retain(|g| g.triage.coherence >= coherence);
    signalled.sort_by(|a, b| a.spike.stronger_first(&b.spike).then(a.topic.cmp(&b.topic)));
    let mut kept: Vec<Gap> = Vec::new();
    for g in signalled {
        // A ranked gap that does not spike says nothing of a burst inside it ("Unload tab"
        // questions in the steady "Open previous windows and tabs"): only one that spikes or
        // signals early already shows it.
        let ranked = gaps.iter().any(|k| {
            k.topic == g.topic || ((k.spike.flagged || k.spike.early) && shares_half(k, &g))
        });
        if !ranked && !kept.iter().any(|k| shares_half(k, &g)) {
            kept.push(g);
        }
        if kept.len() == top {
            break;
        }
    }
    for (i, g) in kept.iter_mut().enumerate() {
        g.rank = i + 1;
    }
    kept
}

/// Whether two gaps share half or more of the smaller one's latest questions.
fn shares_half(a: &Gap, b: &Gap) -> bool {
    let small = a.latest_ids.len().min(b.latest_ids.len());
    let shared = b
        .latest_ids
        .iter()
        .filter(|i| a.latest_ids.contains(i))
        .count();
    small > 0 && 2 * shared >= small
}

/// Clusters, counts, tests and describes the section; ranks its gaps, keeping `top`, and lists
/// its early signals. Stages: `cluster_recent`, `count`, `spike::test` (at a gap's level and
/// the early signal's), `burst::find` and `meaning::find` (word and meaning bursts
/// outside the spiking topics, then word bursts passing only the early test, appended as
/// topics), `terms`, `provisional`, `candidates`, `describe::topic` (triage, coverage, label,
/// action), `rank`, `early_signals`.
pub(crate) fn run(
    ctx: &Ctx,
    m: &Members,
    periods: &Periods,
    code: &str,
    top: usize,
    usual_copies: UsualCopies,
) -> docent_index::Result<Outcome> {
    let opts = ctx.opts;
    let vectors: Vec<&[f32]> = m.signals.iter().map(|s| s.vector.as_slice()).collect();
    let t_last = periods.last();
    let at: Vec<Option<usize>> = m.signals.iter().map(|s| periods.index(s.at)).collect();
    let recent = at.iter().filter(|p| **p == Some(t_last)).count();
    let clusters = cluster::cluster_recent(&vectors, opts.threshold, opts.min_topic, recent);
    let clustered = clusters.centroids.len();
    let noise = clusters.assignment.iter().filter(|a| a.is_none()).count();
    let Counted {
        mut counts,
        totals,
        mut members,
    } = count(&at, &clusters.assignment, clustered, periods.len());
    let early_test = opts.spike.for_early();
    let mut spikes: Vec<spike::Spike> = counts
        .iter()
        .map(|c| {
            let mut sp = spike::test(c, &totals, t_last, clustered, &opts.spike);
            sp.early =
                !sp.flagged && spike::test(c, &totals, t_last, clustered, &early_test).flagged;
            sp
        })
        .collect();
    // Words whose use bursts this period, outside the spiking topics, as topics of their own
    // after the clustered ones.
    let subjects: Vec<&str> = m.signals.iter().map(|s| s.subject.as_str()).collect();
    let in_spiking = |i: usize| clusters.assignment[i].filter(|t| spikes[*t].flagged);
    let burst_test = opts.spike.for_bursts();
    let mut bursts = burst::find(
        &[],
        &subjects,
        &at,
        &totals,
        t_last,
        &burst_test,
        in_spiking,
    );
    // Neighbourhoods that fill up this period, worded apart or hidden in a larger topic.
    let stream = meaning::Stream {
        vectors: &vectors,
        at: &at,
        totals: &totals,
        last: t_last,
    };
    let meanings = meaning::find(&bursts, &stream, opts.threshold, &burst_test, in_spiking);
    bursts.extend(meanings);
    // Words whose use passes only the early-signal test, outside every topic that spikes or
    // signals early and repeating no burst above. (Neighbourhoods at the early test were
    // tried: they doubled the list, mostly with junk.)
    let in_signalled =
        |i: usize| clusters.assignment[i].filter(|t| spikes[*t].flagged || spikes[*t].early);
    let early = burst::find(
        &bursts,
        &subjects,
        &at,
        &totals,
        t_last,
        &early_test,
        in_signalled,
    );
    // Topics from here on are early word bursts.
    let first_early = clustered + bursts.len();
    bursts.extend(early.into_iter().map(|mut b| {
        b.spike.flagged = false;
        b.spike.early = true;
        b
    }));
    let mut centroids = clusters.centroids;
    for b in bursts {
        let latest: Vec<&[f32]> = b
            .members
            .iter()
            .filter(|&&i| at[i] == Some(t_last))
            .map(|&i| vectors[i])
            .collect();
        centroids.push(unit_mean(&latest));
        counts.push(b.counts);
        members.push(b.members);
        spikes.push(b.spike);
    }
    let topics = centroids.len();
    let terms = terms(m, &members, first_early);
    let latest_members = latest(m, &members, &at, t_last);
    let provisional = provisional(&counts, &spikes, t_last);
    let stream_mean = unit_mean(&vectors);
    let mut gaps = Vec::new();
    let mut review = Vec::new();
    let mut inputs = Vec::new();
    let mut early_only = Vec::new();
    for (t, rankable) in candidates(&provisional, &spikes, top, first_early) {
        let centroid = &centroids[t];
        let central = by_centrality(&members[t], &vectors, centroid);
        let members: Vec<_> = central
            .iter()
            .map(|i| (m.signals[*i], m.cues[*i]))
            .collect();
        let input = TopicInput {
            topic: t,
            language: code,
            near_duplicate: describe::near_duplicate(&members),
            members,
            centroid,
            counts: &counts[t],
            spike: &spikes[t],
            terms: &terms[t],
            provisional: provisional[t],
            latest_ids: latest_members[t].clone(),
            stream_mean: &stream_mean,
            baseline: Default::default(),
        };
        if rankable {
            inputs.push(input);
        } else if describe::latest_coherence(&input) >= opts.spike.early_coherence {
            // One whose questions do not hold together would be left out of the early list
            // ([`early_signals`]): its coverage searches are not made.
            early_only.push(input);
        }
    }
    let measured = median(inputs.iter().map(|i| i.near_duplicate).collect());
    let measured_from = inputs.len();
    let near_duplicate = match usual_copies {
        UsualCopies::Measured => measured,
        UsualCopies::Given(share) => share,
    };
    let baseline = triage::Baseline {
        near_duplicate,
        ..Default::default()
    };
    let mut other_language = Vec::new();
    for mut input in inputs {
        input.baseline = baseline;
        let t = input.topic;
        let gap = describe::topic(ctx, input)?;
        let language = gap
            .triage
            .pooled_language
            .as_deref()
            .and_then(crate::lang::Lang::from_code)
            .filter(|l| *l != crate::lang::Lang::OTHER);
        if let (Some(Flag::OtherLanguage), Some(language)) = (gap.flag, language) {
            let ids = members[t]
                .iter()
                .map(|i| m.signals[*i].id.clone())
                .collect();
            other_language.push(Relabel { language, ids, gap });
        } else if gap.flag.is_some() {
            review.push(gap);
        } else {
            gaps.push(gap);
        }
    }
    // Early signals the ranking never sees: triaged or in another language, they are dropped.
    let mut signalled: Vec<Gap> = gaps.iter().filter(|g| g.spike.early).cloned().collect();
    for mut input in early_only {
        input.baseline = baseline;
        let gap = describe::topic(ctx, input)?;
        if gap.flag.is_none() {
            signalled.push(gap);
        }
    }
    rank(&mut gaps, top, clustered);
    let early = early_signals(signalled, &gaps, opts.spike.early_coherence, top);
    Ok(Outcome {
        // The early word bursts are counted among the early signals, not the topics.
        topics: first_early,
        spiking: (0..topics).filter(|t| spikes[*t].flagged).collect(),
        latest_members,
        gaps,
        early,
        review,
        other_language,
        noise_share: noise as f64 / m.signals.len().max(1) as f64,
        usual_copies: match usual_copies {
            UsualCopies::Given(share) => Some(share),
            UsualCopies::Measured => (measured_from >= USUAL_COPIES_TOPICS).then_some(measured),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(topic: usize, score: f64, ids: &[&str]) -> Gap {
        Gap {
            rank: 0,
            topic,
            language: "en".into(),
            label: format!("topic {topic}"),
            terms: Vec::new(),
            closest_heading: String::new(),
            size: ids.len(),
            trend: Vec::new(),
            spike: spike::Spike {
                observed: 0,
                expected: 0.0,
                ratio: 0.0,
                p_value: 1.0,
                flagged: false,
                early: false,
                new_topic: false,
            },
            coverage: 0.0,
            closest_docs: Vec::new(),
            samples: Vec::new(),
            kind: crate::GapKind::MissingContent,
            action: String::new(),
            outline: Vec::new(),
            score,
            flag: None,
            triage: Default::default(),
            key: String::new(),
            latest_ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// An early signal: topic `topic` with p-value `p` and latest questions `ids`.
    fn early(topic: usize, p: f64, ids: &[&str]) -> Gap {
        let mut g = gap(topic, 1.0, ids);
        g.spike.p_value = p;
        g.spike.observed = ids.len() as u64;
        g.spike.early = true;
        g
    }

    #[test]
    fn early_signals_are_described_but_never_ranked_in_place_of_a_topic() {
        let sp = |flagged: bool, early: bool| spike::Spike {
            flagged,
            early,
            ..Default::default()
        };
        // With top 0, the five best by provisional score may be ranked (topic 4 also
        // spikes); topics 5 and 6 (an early word burst, numbered from 6) signal early. The
        // burst's volume would put it first: it takes no place of a topic.
        let provisional = [50.0, 40.0, 30.0, 20.0, 10.0, 5.0, 99.0];
        let spikes = [
            sp(false, false),
            sp(false, false),
            sp(false, false),
            sp(false, false),
            sp(true, false),
            sp(false, true),
            sp(false, true),
        ];
        let wanted = 5; // 3 * 0 + 5
        let c = candidates(&provisional[..], &spikes, 0, 6);
        assert_eq!(
            c,
            [
                (0, true),
                (1, true),
                (2, true),
                (3, true),
                (4, true),
                (5, false),
                (6, false)
            ]
        );
        assert_eq!(c.iter().filter(|(_, r)| *r).count(), wanted);
        // Below the cut, an early topic is still described, for the early signals only.
        let c = candidates(&[50.0, 40.0, 30.0, 20.0, 15.0, 5.0][..], &spikes[..6], 0, 6);
        assert_eq!(c.last(), Some(&(5, false)));
    }

    #[test]
    fn early_signals_are_the_strongest_outside_the_ranked_gaps() {
        let mut spiking = gap(0, 9.0, &["a", "b", "c", "d"]);
        spiking.spike.flagged = true;
        let steady = gap(13, 7.0, &["u", "v", "w"]);
        let ranked = vec![spiking, gap(7, 8.0, &["e", "f"]), steady];
        let signalled = vec![
            // Ranked already (an early topic with the volume of a gap): not repeated.
            early(7, 1e-4, &["e", "f"]),
            // Half its latest questions in a ranked gap that spikes.
            early(8, 1e-5, &["a", "b", "g", "h"]),
            // Half in a ranked gap that does not spike: the burst is news.
            early(14, 5e-2, &["u", "v", "x"]),
            early(9, 1e-3, &["i", "j", "k"]),
            early(10, 1e-6, &["l", "m", "n", "o", "p"]),
            // Shares half with the stronger topic 10.
            early(11, 1e-2, &["l", "m", "q"]),
            early(12, 2e-2, &["r", "s", "t"]),
        ];
        let kept = early_signals(signalled.clone(), &ranked, 0.0, 10);
        let topics: Vec<(usize, usize)> = kept.iter().map(|g| (g.rank, g.topic)).collect();
        assert_eq!(topics, [(1, 10), (2, 9), (3, 12), (4, 14)]);
        // At most `top`.
        let kept = early_signals(signalled.clone(), &ranked, 0.0, 2);
        let topics: Vec<usize> = kept.iter().map(|g| g.topic).collect();
        assert_eq!(topics, [10, 9]);
        // Questions that do not hold together are no signal; with 10 gone, 11 no longer
        // repeats a stronger one.
        let mut loose = signalled;
        for g in &mut loose {
            g.triage.coherence = if g.topic == 10 { 0.2 } else { 0.5 };
        }
        let kept = early_signals(loose, &ranked, 0.375, 10);
        let topics: Vec<usize> = kept.iter().map(|g| g.topic).collect();
        assert_eq!(topics, [9, 11, 12, 14]);
    }

    #[test]
    fn a_burst_repeating_a_better_topic_is_left_out() {
        // Topic 0 (a cluster) and topic 5 (a word burst) share 3 of topic 0's 4 questions;
        // topic 1 shares none with either.
        let mut gaps = vec![
            gap(5, 8.0, &["a", "b", "c", "x", "y", "z"]),
            gap(0, 9.0, &["a", "b", "c", "d"]),
            gap(1, 7.0, &["e", "f"]),
        ];
        rank(&mut gaps, 10, 5);
        let topics: Vec<usize> = gaps.iter().map(|g| g.topic).collect();
        assert_eq!(topics, vec![0, 1]);
        assert_eq!(gaps[1].rank, 2);
        // Sharing under half: both stay.
        let mut gaps = vec![
            gap(0, 9.0, &["a", "b", "c", "d"]),
            gap(5, 8.0, &["a", "x", "y"]),
        ];
        rank(&mut gaps, 10, 5);
        assert_eq!(gaps.len(), 2);
    }

    #[test]
    fn a_burst_the_better_gaps_hold_between_them_is_left_out() {
        // Topics 0 and 1 (clusters) each share 2 of burst 5's 6 latest questions, under half
        // of either; between them they hold 4 of its 6.
        let mut gaps = vec![
            gap(0, 9.0, &["a", "b", "c", "d", "q"]),
            gap(1, 8.0, &["e", "f", "g", "h", "r"]),
            gap(5, 7.0, &["a", "b", "e", "f", "x", "y"]),
        ];
        rank(&mut gaps, 10, 5);
        let topics: Vec<usize> = gaps.iter().map(|g| g.topic).collect();
        assert_eq!(topics, vec![0, 1]);
        // Holding 2 of its 6 between them: it stays. A clustered topic is never left out by
        // what the better gaps hold between them (topic 2: 3 of its 4, one from each).
        let mut gaps = vec![
            gap(0, 9.0, &["a", "b", "c", "d", "q"]),
            gap(1, 8.0, &["e", "f", "g", "h", "r"]),
            gap(5, 7.0, &["a", "e", "x", "y", "z", "w"]),
            gap(2, 6.0, &["c", "g", "x", "s"]),
        ];
        rank(&mut gaps, 10, 5);
        let topics: Vec<usize> = gaps.iter().map(|g| g.topic).collect();
        assert_eq!(topics, vec![0, 1, 5, 2]);
    }
}
