//! One language section of the report: its signals clustered into topics, counted per period,
//! spike-tested against the section's own totals, and its likeliest gaps described (triage,
//! coverage, label, action). Only the candidates are described: every spiking topic and the
//! largest recent ones, since coverage costs searches.

use crate::describe::{self, Ctx, TopicInput};
use crate::triage::Cues;
use crate::{cluster, label, spike, Gap, Periods, Signal};

/// The signals of a section (oldest first) with their triage cues.
pub(crate) struct Members<'a> {
    pub signals: Vec<&'a Signal>,
    pub cues: Vec<Cues>,
}

/// What a section found.
pub(crate) struct Outcome {
    pub topics: usize,
    pub spiking: Vec<usize>,
    pub latest_members: Vec<Vec<String>>,
    pub gaps: Vec<Gap>,
    pub review: Vec<Gap>,
    pub noise_share: f64,
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Clusters, counts, tests and describes the section; ranks its gaps, keeping `top`.
pub(crate) fn run(ctx: &Ctx, m: &Members, periods: &Periods, code: &str, top: usize) -> Outcome {
    let opts = ctx.opts;
    let vectors: Vec<&[f32]> = m.signals.iter().map(|s| s.vector.as_slice()).collect();
    let t_last = periods.last();
    let at: Vec<Option<usize>> = m.signals.iter().map(|s| periods.index(s.at)).collect();
    let recent = at.iter().filter(|p| **p == Some(t_last)).count();
    let clusters = cluster::cluster_recent(&vectors, opts.threshold, opts.min_topic, recent);
    let topics = clusters.centroids.len();
    let noise = clusters.assignment.iter().filter(|a| a.is_none()).count();
    let mut counts = vec![vec![0u64; periods.len()]; topics];
    let mut totals = vec![0u64; periods.len()];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); topics];
    for (i, (p, a)) in at.iter().zip(&clusters.assignment).enumerate() {
        let Some(p) = p else { continue };
        totals[*p] += 1;
        if let Some(t) = a {
            counts[*t][*p] += 1;
            members[*t].push(i);
        }
    }
    let spikes: Vec<spike::Spike> = counts
        .iter()
        .map(|c| spike::test(c, &totals, t_last, topics, &opts.spike))
        .collect();
    let mut texts: Vec<Vec<&str>> = vec![Vec::new(); topics];
    for (t, ms) in members.iter().enumerate() {
        for i in ms {
            texts[t].push(&m.signals[*i].subject);
            texts[t].push(&m.signals[*i].text);
        }
    }
    let terms = label::ctfidf(&texts, 8);
    let latest_members: Vec<Vec<String>> = members
        .iter()
        .map(|ms| {
            ms.iter()
                .filter(|i| at[**i] == Some(t_last))
                .map(|i| m.signals[*i].id.clone())
                .collect()
        })
        .collect();
    // Provisional score: recent volume, raised by a spike.
    let provisional: Vec<f64> = (0..topics)
        .map(|t| {
            let recent: u64 = counts[t][t_last.saturating_sub(3)..=t_last].iter().sum();
            let sp = &spikes[t];
            let factor = if sp.flagged {
                1.0 + sp.ratio.min(10.0)
            } else {
                1.0
            };
            recent as f64 * factor
        })
        .collect();
    let mut order: Vec<usize> = (0..topics).collect();
    order.sort_by(|a, b| provisional[*b].total_cmp(&provisional[*a]).then(a.cmp(b)));
    let wanted = 3 * top + 5;
    let mut gaps = Vec::new();
    let mut review = Vec::new();
    for (pos, t) in order.iter().enumerate() {
        if pos >= wanted && !spikes[*t].flagged {
            continue;
        }
        let centroid = &clusters.centroids[*t];
        let mut central = members[*t].clone();
        central.sort_by(|a, b| {
            dot(vectors[*b], centroid)
                .total_cmp(&dot(vectors[*a], centroid))
                .then(a.cmp(b))
        });
        let input = TopicInput {
            topic: *t,
            language: code,
            members: central
                .iter()
                .map(|i| (m.signals[*i], m.cues[*i]))
                .collect(),
            centroid,
            counts: &counts[*t],
            spike: &spikes[*t],
            terms: &terms[*t],
            provisional: provisional[*t],
            latest_ids: latest_members[*t].clone(),
        };
        let gap = describe::topic(ctx, input);
        if gap.flag.is_some() {
            review.push(gap);
        } else {
            gaps.push(gap);
        }
    }
    gaps.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.topic.cmp(&b.topic)));
    gaps.truncate(top);
    for (i, g) in gaps.iter_mut().enumerate() {
        g.rank = i + 1;
    }
    Outcome {
        topics,
        spiking: (0..topics).filter(|t| spikes[*t].flagged).collect(),
        latest_members,
        gaps,
        review,
        noise_share: noise as f64 / m.signals.len().max(1) as f64,
    }
}
