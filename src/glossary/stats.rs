//! Statistics of the document's own chars: how freely each bigram combines
//! with its neighbours (accessor variety, the count form of branching
//! entropy), and the recurring n-grams with free boundaries that the coined
//! pass ranks.
//!
//! Work is capped: only the first [`STATS_CAP`] chars are counted, so a huge
//! or degenerate input costs no more than a long report.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::chars::is_cjk;

/// Chars of the folded text that the statistics look at.
pub const STATS_CAP: usize = 1 << 20;

/// Longest n-gram counted.
pub const MAX_N: usize = 8;

/// A fast, non-cryptographic hasher for integer keys (the Fx hash).
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
pub type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

fn pair(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

/// Per-bigram counts and accessor varieties.
#[derive(Default, Clone, Copy, Debug)]
struct Av {
    count: u32,
    left: u32,
    right: u32,
}

/// What the passes ask of the document's statistics.
pub struct Stats {
    bigrams: FxMap<u64, Av>,
}

impl Stats {
    /// Counts the bigrams of CJK chars in `f` (the first [`STATS_CAP`] chars)
    /// and how many distinct chars stand to their left and right; a
    /// non-CJK neighbour (punctuation, a line break) counts as a new one each
    /// time.
    pub fn new(f: &[char]) -> Stats {
        let f = &f[..f.len().min(STATS_CAP)];
        let mut bigrams: FxMap<u64, Av> = FxMap::default();
        let mut seen: FxSet<(u64, u32, bool)> = FxSet::default();
        for i in 0..f.len().saturating_sub(1) {
            let (a, b) = (f[i], f[i + 1]);
            if !is_cjk(a) || !is_cjk(b) {
                continue;
            }
            let k = pair(a, b);
            let e = bigrams.entry(k).or_default();
            e.count += 1;
            match i.checked_sub(1).map(|j| f[j]).filter(|&c| is_cjk(c)) {
                Some(l) => {
                    if seen.insert((k, l as u32, false)) {
                        e.left += 1;
                    }
                }
                None => e.left += 1,
            }
            match f.get(i + 2).copied().filter(|&c| is_cjk(c)) {
                Some(r) => {
                    if seen.insert((k, r as u32, true)) {
                        e.right += 1;
                    }
                }
                None => e.right += 1,
            }
        }
        Stats { bigrams }
    }

    fn get(&self, a: char, b: char) -> Av {
        self.bigrams.get(&pair(a, b)).copied().unwrap_or_default()
    }

    /// How often the bigram `ab` occurs.
    pub fn count(&self, a: char, b: char) -> u32 {
        self.get(a, b).count
    }

    /// Distinct left neighbours of the bigram starting at `i`: high when a
    /// word starts there.
    pub fn left_av(&self, f: &[char], i: usize) -> u32 {
        match (f.get(i), f.get(i + 1)) {
            (Some(&a), Some(&b)) if is_cjk(a) && is_cjk(b) => self.get(a, b).left,
            _ => 0,
        }
    }

    /// Distinct right neighbours of the bigram ending at `e` (exclusive):
    /// high when a word ends there.
    pub fn right_av(&self, f: &[char], e: usize) -> u32 {
        if e < 2 {
            return 0;
        }
        match (f.get(e - 2), f.get(e - 1)) {
            (Some(&a), Some(&b)) if is_cjk(a) && is_cjk(b) => self.get(a, b).right,
            _ => 0,
        }
    }
}

/// A recurring n-gram with free boundaries.
#[derive(Debug, Clone)]
pub struct Gram {
    /// Char offset of its first occurrence.
    pub first: usize,
    /// Length in chars.
    pub len: usize,
    /// Occurrences (in the counted prefix).
    pub count: u32,
    /// Distinct left neighbours (a boundary counts anew each time).
    pub left: u32,
    /// Distinct right neighbours.
    pub right: u32,
}

/// The recurring n-grams of a text and their counts.
pub struct Grams {
    ids: FxMap<char, u16>,
    counts: Vec<FxMap<u128, u32>>,
    /// The n-grams (n >= 2) with free boundaries, in text order.
    pub free: Vec<Gram>,
}

impl Grams {
    /// How often `t` occurs, if it recurs (0 for a string seen once, never
    /// seen, or longer than [`MAX_N`]).
    pub fn count(&self, t: &[char]) -> u32 {
        if t.is_empty() || t.len() > MAX_N {
            return 0;
        }
        let mut k: u128 = 0;
        for c in t {
            match self.ids.get(c) {
                Some(&id) => k = (k << 16) | u128::from(id),
                None => return 0,
            }
        }
        self.counts
            .get(t.len())
            .and_then(|m| m.get(&k))
            .copied()
            .unwrap_or(0)
    }
}

/// Recurring n-grams of 1..=[`MAX_N`] CJK chars seen at least `min_count`
/// times; those of 2 or more chars whose occurrences have at least two
/// distinct left and two distinct right neighbours are listed as free.
/// Counting is Apriori-style: an n-gram is counted only when both its
/// (n-1)-gram prefix and suffix recur, so the work stays near-linear in the
/// text.
pub fn recurring(f: &[char], min_count: u32) -> Grams {
    let f = &f[..f.len().min(STATS_CAP)];
    let min_count = min_count.max(2);
    // Dense ids for the CJK chars (0 marks a break).
    let mut ids: FxMap<char, u16> = FxMap::default();
    let mut seq: Vec<u16> = Vec::with_capacity(f.len());
    for &c in f {
        if !is_cjk(c) {
            seq.push(0);
            continue;
        }
        let next = ids.len() + 1;
        let id = match ids.get(&c) {
            Some(&id) => id,
            None if next < u16::MAX as usize => {
                ids.insert(c, next as u16);
                next as u16
            }
            None => 0,
        };
        seq.push(id);
    }
    let pack = |i: usize, n: usize| -> Option<u128> {
        let mut k: u128 = 0;
        for &id in seq.get(i..i + n)? {
            if id == 0 {
                return None;
            }
            k = (k << 16) | u128::from(id);
        }
        Some(k)
    };
    let mut counts: Vec<FxMap<u128, u32>> = vec![FxMap::default(); MAX_N + 1];
    for n in 1..=MAX_N {
        let (lower, rest) = counts.split_at_mut(n);
        let cur = &mut rest[0];
        let prev = &lower[n - 1];
        for i in 0..seq.len().saturating_sub(n - 1) {
            if n > 1 {
                let p = pack(i, n - 1);
                let s = pack(i + 1, n - 1);
                let ok = matches!((p.and_then(|p| prev.get(&p)), s.and_then(|s| prev.get(&s))),
                    (Some(&a), Some(&b)) if a >= min_count && b >= min_count);
                if !ok {
                    continue;
                }
            }
            if let Some(k) = pack(i, n) {
                *cur.entry(k).or_insert(0) += 1;
            }
        }
        cur.retain(|_, v| *v >= min_count);
        if cur.is_empty() {
            break;
        }
    }
    // Neighbours of the recurring n-grams (n >= 2).
    let mut out = Vec::new();
    for (n, map) in counts.iter().enumerate().skip(2) {
        if map.is_empty() {
            continue;
        }
        let mut info: FxMap<u128, Gram> = FxMap::default();
        let mut seen: FxSet<(u128, u16, bool)> = FxSet::default();
        for i in 0..seq.len().saturating_sub(n - 1) {
            let Some(k) = pack(i, n) else { continue };
            let Some(&count) = map.get(&k) else { continue };
            let g = info.entry(k).or_insert(Gram {
                first: i,
                len: n,
                count,
                left: 0,
                right: 0,
            });
            match i.checked_sub(1).map(|j| seq[j]).filter(|&id| id != 0) {
                Some(l) => {
                    if seen.insert((k, l, false)) {
                        g.left += 1;
                    }
                }
                None => g.left += 1,
            }
            match seq.get(i + n).copied().filter(|&id| id != 0) {
                Some(r) => {
                    if seen.insert((k, r, true)) {
                        g.right += 1;
                    }
                }
                None => g.right += 1,
            }
        }
        out.extend(info.into_values().filter(|g| g.left >= 2 && g.right >= 2));
    }
    out.sort_by_key(|g| (g.first, g.len));
    Grams {
        ids,
        counts,
        free: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessor_variety_marks_word_boundaries() {
        let f: Vec<char> = "推进放管服改革。深化放管服,加强放管服服务".chars().collect();
        let s = Stats::new(&f);
        // 放管 is entered from 进, 化 and 优: a word starts there.
        assert_eq!(s.left_av(&f, 2), 3);
        assert_eq!(s.count('放', '管'), 3);
        let g = recurring(&f, 2);
        assert!(g.free.iter().any(|g| g.len == 3 && g.count == 3), "{:?}", g.free);
        assert_eq!(g.count(&['放', '管', '服']), 3);
        assert_eq!(g.count(&['推', '进']), 0);
    }

    #[test]
    fn degenerate_input_is_cheap() {
        let f: Vec<char> = std::iter::repeat('发').take(100_000).collect();
        let g = recurring(&f, 2);
        assert!(g.free.len() <= MAX_N);
        let _ = Stats::new(&f);
        assert!(recurring(&[], 2).free.is_empty());
    }
}
