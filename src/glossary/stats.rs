//! Statistics of the document's own chars: how freely each bigram combines
//! with its neighbours (accessor variety, the count form of branching
//! entropy), and the recurring n-grams with free boundaries that the coined
//! pass ranks.
//!
//! Work is capped: only the first [`STATS_CAP`] chars are counted, so a huge
//! or degenerate input costs no more than a long report. Chars get dense
//! 16-bit ids, n-grams are keys of packed ids, and each length is counted in
//! one pass over per-position arrays (Apriori: an n-gram is counted only
//! where both its (n-1)-gram prefix and suffix recur), so the work is linear
//! in the text for each length.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::chars::is_cjk;

/// Chars of the folded text that the statistics look at.
pub const STATS_CAP: usize = 1 << 17;

/// Longest n-gram counted.
pub const MAX_N: usize = 7;

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
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
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

/// Per-bigram counts and accessor varieties.
#[derive(Default, Clone, Copy, Debug)]
struct Av {
    count: u32,
    left: u32,
    right: u32,
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

/// What the passes ask of the document's statistics.
pub struct Stats {
    /// Dense ids of the CJK chars (from 1).
    ids: FxMap<char, u16>,
    /// Counts of the recurring n-grams, by length (index 1..=MAX_N).
    counts: Vec<FxMap<u128, u32>>,
    /// Bigrams (packed ids) with their accessor varieties.
    bigrams: FxMap<u32, Av>,
    /// The n-grams of 3 or more chars that recur with free boundaries, in
    /// text order.
    pub free: Vec<Gram>,
}

impl Stats {
    /// Counts the n-grams of CJK chars in the first [`STATS_CAP`] chars of
    /// `f`. A non-CJK neighbour (punctuation, a line break) counts as a new
    /// neighbour each time.
    pub fn new(f: &[char]) -> Stats {
        let f = &f[..f.len().min(STATS_CAP)];
        let min = 2u32;
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
                None if next < usize::from(u16::MAX) => {
                    ids.insert(c, next as u16);
                    next as u16
                }
                None => 0,
            };
            seq.push(id);
        }
        let n_pos = seq.len();
        let at = |i: usize| -> u16 { seq.get(i).copied().unwrap_or(0) };

        // Bigrams: counts and accessor varieties of every one.
        let mut bigrams: FxMap<u32, Av> = FxMap::default();
        bigrams.reserve(n_pos / 2);
        let mut seen: FxSet<u64> = FxSet::default();
        seen.reserve(n_pos * 3 / 2);
        for i in 0..n_pos.saturating_sub(1) {
            let (a, b) = (seq[i], seq[i + 1]);
            if a == 0 || b == 0 {
                continue;
            }
            let k = (u32::from(a) << 16) | u32::from(b);
            let e = bigrams.entry(k).or_default();
            e.count += 1;
            let l = if i > 0 { at(i - 1) } else { 0 };
            if l == 0 || seen.insert((u64::from(k) << 17) | u64::from(l)) {
                e.left += 1;
            }
            let r = at(i + 2);
            if r == 0 || seen.insert((u64::from(k) << 17) | (1 << 16) | u64::from(r)) {
                e.right += 1;
            }
        }

        // n-grams, one length at a time.
        let mut counts: Vec<FxMap<u128, u32>> = vec![FxMap::default(); MAX_N + 1];
        let mut unigram = vec![0u32; ids.len() + 1];
        for &id in &seq {
            if id != 0 {
                unigram[usize::from(id)] += 1;
            }
        }
        for (id, &c) in unigram.iter().enumerate().skip(1) {
            if c >= min {
                counts[1].insert(id as u128, c);
            }
        }
        let mut prev_cnt: Vec<u32> = seq
            .iter()
            .map(|&id| unigram[usize::from(id)] * u32::from(id != 0))
            .collect();
        let mut prev_key: Vec<u128> = seq.iter().map(|&id| u128::from(id)).collect();
        let mut free = Vec::new();
        for n in 2..=MAX_N {
            if n_pos < n {
                break;
            }
            let m = n_pos - n + 1;
            let mut key = vec![0u128; m];
            let mut map: FxMap<u128, u32> = FxMap::default();
            map.reserve(m / 2);
            for i in 0..m {
                if prev_cnt[i] >= min && prev_cnt[i + 1] >= min {
                    let k = (prev_key[i] << 16) | u128::from(seq[i + n - 1]);
                    key[i] = k;
                    *map.entry(k).or_insert(0) += 1;
                }
            }
            map.retain(|_, v| *v >= min);
            if map.is_empty() {
                break;
            }
            let cnt: Vec<u32> = (0..m)
                .map(|i| {
                    if key[i] == 0 {
                        0
                    } else {
                        map.get(&key[i]).copied().unwrap_or(0)
                    }
                })
                .collect();
            if n >= 3 {
                // Neighbours of the recurring n-grams.
                let mut info: FxMap<u128, Gram> = FxMap::default();
                let mut seen: FxSet<(u128, u32)> = FxSet::default();
                for i in 0..m {
                    if cnt[i] < min {
                        continue;
                    }
                    let k = key[i];
                    let g = info.entry(k).or_insert(Gram {
                        first: i,
                        len: n,
                        count: cnt[i],
                        left: 0,
                        right: 0,
                    });
                    let l = if i > 0 { at(i - 1) } else { 0 };
                    if l == 0 || seen.insert((k, u32::from(l))) {
                        g.left += 1;
                    }
                    let r = at(i + n);
                    if r == 0 || seen.insert((k, (1 << 16) | u32::from(r))) {
                        g.right += 1;
                    }
                }
                free.extend(info.into_values().filter(|g| g.left >= 2 && g.right >= 2));
            }
            counts[n] = map;
            // Positions past m hold no n-gram.
            let mut next_cnt = cnt;
            next_cnt.push(0);
            prev_cnt = next_cnt;
            prev_key = key;
            prev_key.push(0);
        }
        free.sort_by_key(|g| (g.first, g.len));
        Stats {
            ids,
            counts,
            bigrams,
            free,
        }
    }

    fn id(&self, c: char) -> u16 {
        self.ids.get(&c).copied().unwrap_or(0)
    }

    fn get(&self, a: char, b: char) -> Av {
        let (a, b) = (self.id(a), self.id(b));
        if a == 0 || b == 0 {
            return Av::default();
        }
        self.bigrams
            .get(&((u32::from(a) << 16) | u32::from(b)))
            .copied()
            .unwrap_or_default()
    }

    /// How often the bigram `ab` occurs.
    pub fn count(&self, a: char, b: char) -> u32 {
        self.get(a, b).count
    }

    /// How often `t` occurs, if it recurs (0 for a string seen once, never
    /// seen, or longer than [`MAX_N`]).
    pub fn gram_count(&self, t: &[char]) -> u32 {
        if t.is_empty() || t.len() > MAX_N {
            return 0;
        }
        let mut k: u128 = 0;
        for &c in t {
            match self.id(c) {
                0 => return 0,
                id => k = (k << 16) | u128::from(id),
            }
        }
        self.counts
            .get(t.len())
            .and_then(|m| m.get(&k))
            .copied()
            .unwrap_or(0)
    }

    /// Distinct left neighbours of the bigram starting at `i`: high when a
    /// word starts there.
    pub fn left_av(&self, f: &[char], i: usize) -> u32 {
        match (f.get(i), f.get(i + 1)) {
            (Some(&a), Some(&b)) => self.get(a, b).left,
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
            (Some(&a), Some(&b)) => self.get(a, b).right,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessor_variety_marks_word_boundaries() {
        let f: Vec<char> = "推进放管服改革。深化放管服,加强放管服服务"
            .chars()
            .collect();
        let s = Stats::new(&f);
        // 放管 is entered from 进, 化 and 强: a word starts there.
        assert_eq!(s.left_av(&f, 2), 3);
        assert_eq!(s.count('放', '管'), 3);
        assert!(
            s.free.iter().any(|g| g.len == 3 && g.count == 3),
            "{:?}",
            s.free
        );
        assert_eq!(s.gram_count(&['放', '管', '服']), 3);
        assert_eq!(s.gram_count(&['推', '进']), 0);
    }

    #[test]
    fn degenerate_input_is_cheap() {
        let f: Vec<char> = std::iter::repeat_n('发', 100_000).collect();
        let s = Stats::new(&f);
        assert!(s.free.len() <= MAX_N);
        assert!(Stats::new(&[]).free.is_empty());
        assert!(Stats::new(&['一']).free.is_empty());
    }
}
