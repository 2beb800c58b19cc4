//! Reciprocal-rank fusion. Compute-only: plain ids and ranks in, fused scores out.

use std::collections::HashMap;
use std::hash::Hash;

/// Fuses ranked lists: each item scores `sum(weight / (k + rank))` over the lists it appears
/// in (rank from 1). Returns items by descending fused score; ties are broken by the best rank
/// the item had in any list, then by the earlier list, so the result does not depend on hash
/// order.
pub fn rrf<T: Eq + Hash + Clone>(lists: &[(&[T], f32)], k: f32) -> Vec<(T, f32)> {
    let mut scores: HashMap<T, (f32, usize, usize)> = HashMap::new();
    for (li, (list, weight)) in lists.iter().enumerate() {
        for (rank, item) in list.iter().enumerate() {
            let e = scores
                .entry(item.clone())
                .or_insert((0.0, usize::MAX, usize::MAX));
            e.0 += weight / (k + rank as f32 + 1.0);
            if rank < e.1 || (rank == e.1 && li < e.2) {
                e.1 = rank;
                e.2 = li;
            }
        }
    }
    let mut out: Vec<(T, (f32, usize, usize))> = scores.into_iter().collect();
    out.sort_by(|a, b| {
        b.1 .0
            .total_cmp(&a.1 .0)
            .then(a.1 .1.cmp(&b.1 .1))
            .then(a.1 .2.cmp(&b.1 .2))
    });
    out.into_iter().map(|(t, (s, _, _))| (t, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::rrf;
    use proptest::prelude::*;

    #[test]
    fn agreement_wins() {
        let a = ["x", "y", "z"];
        let b = ["y", "w", "x"];
        let fused = rrf(&[(&a[..], 1.0), (&b[..], 1.0)], 60.0);
        assert_eq!(fused[0].0, "y");
        assert_eq!(fused[1].0, "x");
        assert_eq!(fused.len(), 4);
    }

    #[test]
    fn weights_shift_the_balance() {
        let a = ["x"];
        let b = ["y"];
        let fused = rrf(&[(&a[..], 0.3), (&b[..], 0.7)], 60.0);
        assert_eq!(fused[0].0, "y");
    }

    proptest! {
        /// Fusion depends on the lists, not on the order they are given in (equal weights).
        #[test]
        fn list_order_does_not_matter(a in proptest::collection::vec(0u8..30, 0..20), b in proptest::collection::vec(0u8..30, 0..20)) {
            let dedup = |v: Vec<u8>| { let mut s = std::collections::HashSet::new(); v.into_iter().filter(|x| s.insert(*x)).collect::<Vec<_>>() };
            let (a, b) = (dedup(a), dedup(b));
            let ab: Vec<(u8, f32)> = rrf(&[(&a[..], 1.0), (&b[..], 1.0)], 60.0);
            let ba: Vec<(u8, f32)> = rrf(&[(&b[..], 1.0), (&a[..], 1.0)], 60.0);
            let mut sa: Vec<_> = ab.iter().map(|(x, s)| (*x, (s * 1e6) as i64)).collect();
            let mut sb: Vec<_> = ba.iter().map(|(x, s)| (*x, (s * 1e6) as i64)).collect();
            sa.sort(); sb.sort();
            prop_assert_eq!(sa, sb);
        }
    }
}
