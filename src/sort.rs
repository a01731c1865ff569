//! The crate's sorts (and the web app's), through few instantiations of
//! std's sort.
//!
//! std's `sort*` are generic over the element type and the comparison, so
//! every call site with its own type or closure carried its own quicksort,
//! drift sort and small sorts into the wasm: ~30 copies, 83 KB before
//! gzip. Here std's sort is instantiated three times: on `usize`, on
//! `(usize, usize)` and on indices compared through a `dyn` closure. Other
//! elements are sorted as keys or indices, then moved into place by one
//! permutation, whose generic part is a swap.
//!
//! Every sort here is stable, or sorts elements that are equal only when
//! identical, so the order never depends on the algorithm.
//!
//! Natively, where size does not count, [`by_key`] and [`by`] are std's
//! stable sorts on the elements themselves: no key or index vectors, no
//! comparison through a `dyn` closure (1–2% of an extraction). The
//! indirect sorts are compiled and tested everywhere.

use std::cmp::Ordering;

/// Sorts `v` ascending (equal numbers are identical: stability does not
/// matter).
pub fn usizes(v: &mut [usize]) {
    v.sort_unstable();
}

/// Sorts `v` ascending, by the first then the second number (equal pairs
/// are identical).
pub fn pairs(v: &mut [(usize, usize)]) {
    v.sort_unstable();
}

/// Sorts `v` by `key`, stably: equal keys keep their order.
pub fn by_key<T>(v: &mut [T], key: impl FnMut(&T) -> usize) {
    #[cfg(target_arch = "wasm32")]
    by_key_indirect(v, key);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by_key(key);
}

/// Sorts `v` by `cmp`, stably: elements that compare equal keep their
/// order.
pub fn by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_indirect(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
}

/// [`by_key`] through the shared sorts: the (key, index) pairs are sorted,
/// then the elements permuted.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the wasm build's; tested natively
fn by_key_indirect<T>(v: &mut [T], mut key: impl FnMut(&T) -> usize) {
    // Often in order already: then nothing to allocate.
    if v.is_sorted_by_key(&mut key) {
        return;
    }
    // (key, index): the indices are distinct, so the ascending order of the
    // pairs is the stable order of the keys.
    let mut keyed: Vec<(usize, usize)> = v.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    pairs(&mut keyed);
    let mut order: Vec<usize> = keyed.iter().map(|p| p.1).collect();
    permute(&mut order, &mut |a, b| v.swap(a, b));
}

/// [`by`] through the shared sorts: the indices are sorted, then the
/// elements permuted.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the wasm build's; tested natively
fn by_indirect<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.is_sorted_by(|a, b| cmp(a, b) != Ordering::Greater) {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let v: &[T] = v;
        sort_indices(&mut order, &mut |a, b| match (v.get(a), v.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
    }
    permute(&mut order, &mut |a, b| v.swap(a, b));
}

/// Sorts the indices `order` by `cmp` of the elements they stand for,
/// stably (std's drift sort, which takes runs already in order as they
/// are: rows appended to sorted rows cost little more than a merge).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the wasm build's; tested natively
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Moves the elements of a slice so that position `i` holds the element
/// that was at `order[i]`, by `swap`s of two positions: each cycle of the
/// permutation is walked once (a placed position is marked in `order`), so
/// every element moves at most once by a swap.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the wasm build's; tested natively
fn permute(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut cur = start;
        while let Some(slot) = order.get_mut(cur) {
            let next = std::mem::replace(slot, cur);
            if next == start || next == cur {
                break;
            }
            swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_key_is_stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (3, 'f')];
        let mut want = v.clone();
        want.sort_by_key(|p| p.0);
        let mut indirect = v.clone();
        by_key(&mut v, |p| p.0);
        assert_eq!(v, want);
        by_key_indirect(&mut indirect, |p| p.0);
        assert_eq!(indirect, want);
    }

    #[test]
    fn by_is_stable_and_matches_std() {
        // Many lengths and ties, shuffled by a fixed generator.
        let mut seed = 7u64;
        for n in 0..200 {
            let mut v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| std::cmp::Reverse(p.0));
            let mut keyed = v.clone();
            let mut indirect = v.clone();
            by(&mut v, |a, b| b.0.cmp(&a.0));
            assert_eq!(v, want);
            by_indirect(&mut indirect, |a, b| b.0.cmp(&a.0));
            assert_eq!(indirect, want);
            want.sort_by_key(|p| p.0);
            let mut indirect = keyed.clone();
            by_key(&mut keyed, |p| usize::from(p.0));
            assert_eq!(keyed, want);
            by_key_indirect(&mut indirect, |p| usize::from(p.0));
            assert_eq!(indirect, want);
        }
    }

    #[test]
    fn numbers_sort_ascending() {
        let mut u = vec![5, 1, 4, 1, 0];
        usizes(&mut u);
        assert_eq!(u, [0, 1, 1, 4, 5]);
        let mut p = vec![(2, 1), (1, 9), (2, 0), (1, 9)];
        pairs(&mut p);
        assert_eq!(p, [(1, 9), (1, 9), (2, 0), (2, 1)]);
    }
}
