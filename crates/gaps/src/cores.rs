//! Work spread over the machine's cores: a slice cut into one even part a core, each part
//! mapped on its own thread, the results in the input's order.
//!
//! Proves (see tests): the results are `f` of each item, in order, for any number of items.

/// `f` over `items` on all cores, results in order.
pub(crate) fn map<T: Sync, R: Send + Clone + Default>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = items.len().div_ceil(threads).max(1);
    let mut out = vec![R::default(); items.len()];
    std::thread::scope(|scope| {
        for (chunk, slot) in items.chunks(per).zip(out.chunks_mut(per)) {
            let f = &f;
            scope.spawn(move || {
                for (x, o) in chunk.iter().zip(slot.iter_mut()) {
                    *o = f(x);
                }
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_each_items_in_order() {
        for n in [0usize, 1, 2, 3, 17, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let squares = map(&items, |x| vec![x * x]);
            assert_eq!(
                squares,
                items.iter().map(|x| vec![x * x]).collect::<Vec<_>>()
            );
        }
    }
}
