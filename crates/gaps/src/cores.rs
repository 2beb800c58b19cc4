//! Work spread over the machine's cores: each thread takes the next few items as it finishes
//! the last (topics differ a hundredfold in size, so even parts would leave one core idle
//! while another counts the largest), the results in the input's order.
//!
//! Proves (see tests): the results are `f` of each item, in order, for any number of items.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items a thread takes at a time: a few per take, so that taking costs nothing beside the
/// work, and many takes per thread, so that the threads finish together.
fn take_size(items: usize, threads: usize) -> usize {
    (items / (threads * 64)).clamp(1, 64)
}

/// `f` over `items` on all cores, results in order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads == 1 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let take = take_size(items.len(), threads);
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                let (f, next) = (&f, &next);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let from = next.fetch_add(take, Ordering::Relaxed);
                        if from >= items.len() {
                            break done;
                        }
                        let to = (from + take).min(items.len());
                        done.extend((from..to).map(|i| (i, f(&items[i]))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
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
