//! Topics by threshold clustering of unit vectors: no preset number of topics. A first pass
//! assigns each vector (in a fixed order) to the nearest running centroid when the cosine reaches
//! the threshold and starts a new topic otherwise; a second pass reassigns every vector to its
//! nearest final centroid, so membership does not depend on arrival order; topics smaller than
//! `min_size` are noise. The same vectors always give the same topics.
//!
//! Proves (see tests): separated groups become separate topics; a stray vector is noise;
//! the result does not depend on input order beyond ties.

/// Cluster assignment: `Some(topic)` or `None` for noise, per input vector; and centroids.
pub struct Clusters {
    /// Topic of each vector.
    pub assignment: Vec<Option<usize>>,
    /// Unit centroid of each topic.
    pub centroids: Vec<Vec<f32>>,
}

// Every vector of a report meets every centroid, so the dot product is most of a report's
// time on a large stream: the index's, whose accumulators the compiler keeps in vector
// registers (a plain `sum()` of products is one sequential chain of additions).
use docent_index::dot;

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Vectors the first (order-dependent, O(n x topics)) pass reads at most; on larger streams it
/// reads an even sample and keeps the centroids that gathered at least two members there.
pub const FIRST_PASS_SAMPLE: usize = 8000;

/// Vectors that meet each centroid together in [`assign`]: a centroid is read from memory once
/// for all of them (the vectors stay in the first-level cache), not once per vector.
const BLOCK: usize = 8;

/// The nearest centroid of each of `vs` (at most [`BLOCK`]), centroids in the outer loop: the
/// same products and the same choice on ties (the last of equal scores, as `max_by`) as one
/// vector at a time.
fn nearest_of_block(centroids: &[Vec<f32>], vs: &[&[f32]]) -> [Option<(usize, f32)>; BLOCK] {
    let mut best = [None; BLOCK];
    for (i, c) in centroids.iter().enumerate() {
        for (v, b) in vs.iter().zip(best.iter_mut()) {
            let s = dot(c, v);
            if b.is_none_or(|(_, t): (usize, f32)| s.total_cmp(&t).is_ge()) {
                *b = Some((i, s));
            }
        }
    }
    best
}

/// Nearest centroid of every vector at or above `threshold`, on all cores.
fn assign(vectors: &[&[f32]], centroids: &[Vec<f32>], threshold: f32) -> Vec<Option<usize>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = vectors.len().div_ceil(threads).max(1);
    let mut out = vec![None; vectors.len()];
    std::thread::scope(|s| {
        for (vs, slot) in vectors.chunks(per).zip(out.chunks_mut(per)) {
            s.spawn(move || {
                for (block, slots) in vs.chunks(BLOCK).zip(slot.chunks_mut(BLOCK)) {
                    let best = nearest_of_block(centroids, block);
                    for (o, b) in slots.iter_mut().zip(best) {
                        *o = b.filter(|(_, s)| *s >= threshold).map(|(i, _)| i);
                    }
                }
            });
        }
    });
    out
}

/// The first pass's running topics: each one's sum of members, unit centroid and member count.
#[derive(Default)]
struct Running {
    sums: Vec<Vec<f32>>,
    centroids: Vec<Vec<f32>>,
    members: Vec<usize>,
}

impl Running {
    /// Joins `v` to topic `i`, or founds a topic with it (`None`).
    fn take(&mut self, v: &[f32], into: Option<usize>) {
        match into {
            Some(i) => {
                self.sums[i]
                    .iter_mut()
                    .zip(v.iter())
                    .for_each(|(a, b)| *a += b);
                let mut c = self.sums[i].clone();
                normalise(&mut c);
                self.centroids[i] = c;
                self.members[i] += 1;
            }
            None => {
                self.sums.push(v.to_vec());
                self.centroids.push(v.to_vec());
                self.members.push(1);
            }
        }
    }
}

/// Vectors whose products with the centroids the first pass computes together, on all cores,
/// before it takes them one by one.
const FIRST_PASS_BLOCK: usize = 64;

/// The order-dependent pass: each vector in turn joins its nearest running centroid when the
/// cosine reaches `threshold` (the last of equal scores, as `Iterator::max_by` takes) and
/// founds a topic otherwise. The same result as taking one vector at a time, faster: the
/// products of a block of [`FIRST_PASS_BLOCK`] vectors with the centroids as they stood before
/// it are computed at once, on all cores, and only centroids the block itself moved or founded
/// are met again.
fn first_pass(vectors: &[&[f32]], threshold: f32) -> Running {
    let mut run = Running::default();
    for block in vectors.chunks(FIRST_PASS_BLOCK) {
        let before = run.centroids.len();
        let scores = block_scores(&run.centroids, block);
        // Centroids moved or founded since the block's products were taken.
        let mut moved = vec![false; before];
        for (j, v) in block.iter().enumerate() {
            let mut best: Option<(usize, f32)> = None;
            for i in 0..run.centroids.len() {
                let s = if i < before && !moved[i] {
                    scores[j * before + i]
                } else {
                    dot(&run.centroids[i], v)
                };
                if best.is_none_or(|(_, t)| s.total_cmp(&t).is_ge()) {
                    best = Some((i, s));
                }
            }
            let into = best.filter(|(_, s)| *s >= threshold).map(|(i, _)| i);
            if let Some(i) = into.filter(|i| *i < before) {
                moved[i] = true;
            }
            run.take(v, into);
        }
    }
    run
}

/// The products of each of `block` with each centroid, row by row (`block.len() x
/// centroids.len()`), the centroids shared over the cores.
fn block_scores(centroids: &[Vec<f32>], block: &[&[f32]]) -> Vec<f32> {
    let by_centroid = crate::cores::map(centroids, |c| {
        block.iter().map(|v| dot(c, v)).collect::<Vec<f32>>()
    });
    let k = centroids.len();
    let mut scores = vec![0f32; block.len() * k];
    for (i, column) in by_centroid.iter().enumerate() {
        for (j, s) in column.iter().enumerate() {
            scores[j * k + i] = *s;
        }
    }
    scores
}

/// Clusters unit vectors at cosine `threshold`; topics below `min_size` members are noise.
pub fn cluster(vectors: &[&[f32]], threshold: f32, min_size: usize) -> Clusters {
    cluster_recent(vectors, threshold, min_size, 0)
}

/// As [`cluster`], with the last `recent` vectors (the latest period of a time-ordered stream)
/// always read by the first pass, sampled or not: a burst of a dozen new questions in the
/// latest week must be able to found its own topic, and an even sample of a large stream would
/// keep only one or two of them.
pub fn cluster_recent(
    vectors: &[&[f32]],
    threshold: f32,
    min_size: usize,
    recent: usize,
) -> Clusters {
    let dim = vectors.first().map_or(0, |v| v.len());
    let stride = vectors.len().div_ceil(FIRST_PASS_SAMPLE).max(1);
    let recent_from = vectors.len().saturating_sub(recent);
    let sample: Vec<&[f32]> = vectors
        .iter()
        .enumerate()
        .filter(|(i, _)| i % stride == 0 || *i >= recent_from)
        .map(|(_, v)| *v)
        .collect();
    let Running {
        mut centroids,
        members,
        ..
    } = first_pass(&sample, threshold);
    if stride > 1 {
        // Sampled: a centroid seen once in the sample is most likely a stray.
        centroids = centroids
            .into_iter()
            .zip(&members)
            .filter(|(_, m)| **m >= 2)
            .map(|(c, _)| c)
            .collect();
    }
    // Reassign to the final centroids, then recompute them once from their members.
    let mut assignment = assign(vectors, &centroids, threshold);
    let mut counts = vec![0usize; centroids.len()];
    for a in assignment.iter().flatten() {
        counts[*a] += 1;
    }
    // Keep topics that are big enough, renumbered by size (largest first, then first member).
    let mut keep: Vec<usize> = (0..centroids.len())
        .filter(|i| counts[*i] >= min_size)
        .collect();
    // Each topic's first member, in one pass (a search per topic was topics x vectors).
    let mut first = vec![usize::MAX; centroids.len()];
    for (n, a) in assignment.iter().enumerate() {
        if let Some(i) = a {
            first[*i] = first[*i].min(n);
        }
    }
    keep.sort_by_key(|i| (std::cmp::Reverse(counts[*i]), first[*i]));
    let mut renumber = vec![None; centroids.len()];
    for (new, old) in keep.iter().enumerate() {
        renumber[*old] = Some(new);
    }
    for a in assignment.iter_mut() {
        *a = a.and_then(|i| renumber[i]);
    }
    let mut finals = vec![vec![0f32; dim]; keep.len()];
    for (v, a) in vectors.iter().zip(&assignment) {
        if let Some(t) = a {
            finals[*t]
                .iter_mut()
                .zip(v.iter())
                .for_each(|(x, y)| *x += y);
        }
    }
    finals.iter_mut().for_each(|c| normalise(c));
    Clusters {
        assignment,
        centroids: finals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_recent_burst_in_a_sampled_stream_founds_its_topic() {
        // 20,000 vectors spread over two old topics, then 12 new ones in a third direction.
        let mut vs: Vec<Vec<f32>> = (0..20_000)
            .map(|i| {
                unit(&[
                    1.0 - (i % 2) as f32,
                    (i % 2) as f32,
                    0.0,
                    0.01 * (i % 7) as f32,
                ])
            })
            .collect();
        for i in 0..12 {
            vs.push(unit(&[0.0, 0.0, 1.0, 0.01 * i as f32]));
        }
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        let n = refs.len();
        let sampled = cluster(&refs, 0.9, 5);
        let recent = cluster_recent(&refs, 0.9, 5, 12);
        assert!(recent.assignment[n - 1].is_some());
        assert_eq!(recent.assignment[n - 1], recent.assignment[n - 12]);
        assert_eq!(
            recent.centroids.len(),
            sampled.centroids.len() + usize::from(sampled.assignment[n - 1].is_none())
        );
    }

    /// The nearest centroid, one product at a time: what the faster passes must agree with.
    fn nearest(centroids: &[Vec<f32>], v: &[f32]) -> Option<(usize, f32)> {
        centroids
            .iter()
            .enumerate()
            .map(|(i, c)| (i, dot(c, v)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The first pass taking one vector at a time, as it was written before the blocks.
    fn first_pass_one_at_a_time(vectors: &[&[f32]], threshold: f32) -> Running {
        let mut run = Running::default();
        for v in vectors {
            let into = nearest(&run.centroids, v)
                .filter(|(_, s)| *s >= threshold)
                .map(|(i, _)| i);
            run.take(v, into);
        }
        run
    }

    #[test]
    fn the_blocked_first_pass_founds_and_moves_the_topics_one_at_a_time_does() {
        // Several blocks of vectors drawn around a few directions, with exact repeats (ties
        // between a centroid and its copy) and strays, so that a block both moves centroids
        // it has scored and founds new ones its later vectors join.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as f32 / (1u64 << 31) as f32) - 0.5
        };
        let dirs: Vec<Vec<f32>> = (0..6).map(|_| (0..24).map(|_| next()).collect()).collect();
        let mut vs: Vec<Vec<f32>> = Vec::new();
        for i in 0..(3 * FIRST_PASS_BLOCK + 17) {
            let v: Vec<f32> = if i % 11 == 0 {
                (0..24).map(|_| next()).collect()
            } else {
                dirs[i % dirs.len()]
                    .iter()
                    .map(|x| x + 0.4 * next())
                    .collect()
            };
            vs.push(unit(&v));
            if i % 13 == 0 {
                vs.push(vs[vs.len() - 1].clone());
            }
        }
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        for threshold in [0.3, 0.6, 0.9] {
            let blocked = first_pass(&refs, threshold);
            let single = first_pass_one_at_a_time(&refs, threshold);
            assert!(
                blocked.members.len() > 6,
                "{threshold}: too few topics to test"
            );
            assert!(
                blocked.members.iter().any(|m| *m > 2),
                "{threshold}: none moved"
            );
            assert_eq!(blocked.members, single.members, "{threshold}");
            assert_eq!(blocked.centroids, single.centroids, "{threshold}");
        }
    }

    fn unit(v: &[f32]) -> Vec<f32> {
        let mut v = v.to_vec();
        normalise(&mut v);
        v
    }

    #[test]
    fn the_vectorised_dot_product_is_the_dot_product() {
        let a: Vec<f32> = (0..387)
            .map(|i| ((i * 7 % 13) as f32 - 6.0) / 10.0)
            .collect();
        let b: Vec<f32> = (0..387)
            .map(|i| ((i * 5 % 11) as f32 - 5.0) / 10.0)
            .collect();
        let plain: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (*x as f64) * (*y as f64))
            .sum();
        assert!(
            (dot(&a, &b) as f64 - plain).abs() < 1e-3,
            "{} {plain}",
            dot(&a, &b)
        );
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), 32.0);
    }

    #[test]
    fn a_block_finds_each_vectors_nearest_centroid_as_one_at_a_time_does() {
        // Centroids with a repeated one (a tie: the later wins, as `max_by` has it) and
        // vectors of every kind of nearness, more than one block and a partial last block.
        let centroids: Vec<Vec<f32>> = [
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.6, 0.8, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, -1.0],
        ]
        .iter()
        .map(|v| unit(v))
        .collect();
        let vs: Vec<Vec<f32>> = (0..(BLOCK + 3))
            .map(|i| unit(&[(i % 3) as f32, (i % 4) as f32 - 1.0, (i % 5) as f32 - 2.0]))
            .collect();
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        let mut blocked = Vec::new();
        for block in refs.chunks(BLOCK) {
            blocked.extend(
                nearest_of_block(&centroids, block)
                    .into_iter()
                    .take(block.len()),
            );
        }
        let one_by_one: Vec<_> = refs.iter().map(|v| nearest(&centroids, v)).collect();
        assert_eq!(blocked, one_by_one);
        // The tie between the two equal centroids goes to the later one.
        let tie = nearest_of_block(&centroids, &[&unit(&[0.0, 1.0, 0.0])])[0];
        assert_eq!(tie.map(|(i, _)| i), Some(3));
        assert_eq!(nearest_of_block(&[], &[refs[0]])[0], None);
    }

    #[test]
    fn groups_become_topics_and_strays_are_noise() {
        let mut vs: Vec<Vec<f32>> = Vec::new();
        for i in 0..6 {
            vs.push(unit(&[1.0, 0.05 * i as f32, 0.0]));
            vs.push(unit(&[0.0, 1.0, 0.05 * i as f32]));
        }
        vs.push(unit(&[0.0, 0.0, 1.0]));
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        let c = cluster(&refs, 0.9, 3);
        assert_eq!(c.centroids.len(), 2);
        assert_eq!(c.assignment.last(), Some(&None));
        assert_eq!(c.assignment[0], c.assignment[2]);
        assert_ne!(c.assignment[0], c.assignment[1]);
        assert_eq!(cluster_recent(&refs, 0.9, 3, 4).assignment, c.assignment);
        // Reversed input: the same partition.
        let rev: Vec<&[f32]> = refs.iter().rev().copied().collect();
        let r = cluster(&rev, 0.9, 3);
        let n = refs.len();
        for i in 0..n {
            for j in 0..n {
                let same = c.assignment[i].is_some() && c.assignment[i] == c.assignment[j];
                let same_r = r.assignment[n - 1 - i].is_some()
                    && r.assignment[n - 1 - i] == r.assignment[n - 1 - j];
                assert_eq!(same, same_r);
            }
        }
    }
}
