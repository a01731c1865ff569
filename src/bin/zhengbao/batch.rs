//! Runs a job on many inputs in parallel and hands the results back in input
//! order, without holding the whole batch in memory.
//!
//! Workers on the rayon pool take the next index from a shared counter, so
//! the inputs are started in order. A worker may run at most `window` inputs
//! ahead of the last result handed out; the results that finish early wait in
//! a small reorder buffer. Memory is thus bounded by `window` results, however
//! long the batch.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// How far ahead of the sink the workers may run.
struct Gate {
    /// Number of results handed to the sink so far.
    done: Mutex<usize>,
    /// Signalled when `done` grows or the sink stops.
    moved: Condvar,
    /// Set when the sink wants no more results.
    stop: AtomicBool,
}

impl Gate {
    /// Waits until input `i` is within `window` of the sink; false when the
    /// sink has stopped.
    fn wait_turn(&self, i: usize, window: usize) -> bool {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        while i >= *done + window && !self.stop.load(Ordering::SeqCst) {
            done = self
                .moved
                .wait(done)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !self.stop.load(Ordering::SeqCst)
    }

    /// Records that the sink has taken `n` results.
    fn advance(&self, n: usize) {
        *self.done.lock().unwrap_or_else(PoisonError::into_inner) = n;
        self.moved.notify_all();
    }

    /// Releases every waiting worker for good.
    fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _guard = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        self.moved.notify_all();
    }
}

/// Calls `work` on every item in parallel (on the current rayon pool) and
/// `sink` on each result in the order of `items`, on the calling thread. At
/// most `window` results exist at a time. When `sink` breaks, the items not yet
/// started are skipped.
pub fn for_each_ordered<I, T, W, S>(items: &[I], window: usize, work: W, mut sink: S)
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> T + Sync,
    S: FnMut(usize, T) -> ControlFlow<()>,
{
    if items.is_empty() {
        return;
    }
    let window = window.max(1);
    let workers = rayon::current_num_threads().clamp(1, items.len());
    let next = AtomicUsize::new(0);
    let gate = Gate {
        done: Mutex::new(0),
        moved: Condvar::new(),
        stop: AtomicBool::new(false),
    };
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|threads| {
        let (next, gate, work) = (&next, &gate, &work);
        threads.spawn(move || {
            rayon::scope(|pool| {
                for _ in 0..workers {
                    let tx = tx.clone();
                    pool.spawn(move |_| loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= items.len() || !gate.wait_turn(i, window) {
                            break;
                        }
                        if tx.send((i, work(&items[i]))).is_err() {
                            break;
                        }
                    });
                }
            });
            // `tx` drops here: the receiver ends once every worker is done.
        });

        let mut pending = BTreeMap::new();
        let mut done = 0;
        'receive: for (i, result) in rx.iter() {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&done) {
                if sink(done, result).is_break() {
                    gate.stop();
                    break 'receive;
                }
                done += 1;
                gate.advance(done);
            }
        }
        // Dropping the receiver makes any worker still sending give up.
        drop(rx);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_ordered(
            &items,
            3,
            |&n| {
                // Make early items slow so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - n) * 20));
                n * 2
            },
            |i, r| {
                seen.push((i, r));
                ControlFlow::Continue(())
            },
        );
        let want: Vec<(usize, u64)> = (0..200).map(|n| (n as usize, n * 2)).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn stopping_skips_the_rest() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let mut taken = 0;
        for_each_ordered(
            &items,
            4,
            |&n| {
                started.fetch_add(1, Ordering::SeqCst);
                n
            },
            |i, _| {
                taken += 1;
                if i == 9 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(taken, 10);
        assert!(started.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn empty_input_calls_nothing() {
        let items: Vec<u8> = Vec::new();
        for_each_ordered(&items, 4, |_| unreachable!(), |_, ()| unreachable!());
    }
}
