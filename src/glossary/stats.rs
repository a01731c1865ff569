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

/// Dense ids of the CJK chars (from 1, in order of first appearance): a
/// table for the BMP ideographs, a map for the others.
struct CharIds {
    /// Ids of U+3400..=U+FAFF, indexed by code point minus [`BMP_FROM`].
    bmp: Vec<u16>,
    /// Ids of the ideographs outside that range.
    other: FxMap<char, u16>,
    /// Ids given so far.
    len: usize,
}

/// First code point of [`CharIds::bmp`].
const BMP_FROM: u32 = 0x3400;
/// Last code point of [`CharIds::bmp`].
const BMP_TO: u32 = 0xFAFF;

impl CharIds {
    fn new() -> CharIds {
        CharIds {
            bmp: vec![0; (BMP_TO - BMP_FROM + 1) as usize],
            other: FxMap::default(),
            len: 0,
        }
    }

    /// The slot holding the id of `c`, if `c` is in the table.
    #[inline]
    fn slot(&self, c: char) -> Option<usize> {
        let u = c as u32;
        (BMP_FROM..=BMP_TO)
            .contains(&u)
            .then(|| (u - BMP_FROM) as usize)
    }

    /// The id of `c`, 0 if it has none.
    #[inline]
    fn get(&self, c: char) -> u16 {
        match self.slot(c) {
            Some(k) => self.bmp[k],
            None => self.other.get(&c).copied().unwrap_or(0),
        }
    }

    /// The id of CJK char `c`, given the next one if it has none yet; 0 once
    /// the ids run out.
    #[inline]
    fn get_or_add(&mut self, c: char) -> u16 {
        let id = self.get(c);
        if id != 0 {
            return id;
        }
        let next = self.len + 1;
        if next >= usize::from(u16::MAX) {
            return 0;
        }
        self.len = next;
        let id = next as u16;
        match self.slot(c) {
            Some(k) => self.bmp[k] = id,
            None => {
                self.other.insert(c, id);
            }
        }
        id
    }
}

/// The n-grams of one length that were counted: each gets a dense id from
/// its (n-1)-gram prefix's id and its last char's id.
struct Level {
    /// Dense id of each counted n-gram, keyed by `prefix id << 16 | last char id`.
    ids: FxMap<u64, u32>,
    /// Occurrences of each n-gram, by dense id.
    counts: Vec<u32>,
}

/// The key of an n-gram in [`Level::ids`].
#[inline]
fn level_key(prefix: u32, last: u16) -> u64 {
    (u64::from(prefix) << 16) | u64::from(last)
}

/// What the passes ask of the document's statistics.
pub struct Stats {
    /// Dense ids of the CJK chars (from 1).
    ids: CharIds,
    /// Occurrences of each char, by id.
    unigram: Vec<u32>,
    /// The counted n-grams by length: `levels[k]` holds the (k+2)-grams,
    /// while some recur.
    levels: Vec<Level>,
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
        let mut ids = CharIds::new();
        let seq: Vec<u16> = f
            .iter()
            .map(|&c| if is_cjk(c) { ids.get_or_add(c) } else { 0 })
            .collect();
        let bigrams = bigram_varieties(&seq);
        let mut unigram = vec![0u32; ids.len + 1];
        for &id in &seq {
            if id != 0 {
                unigram[usize::from(id)] += 1;
            }
        }
        let (levels, mut free) = count_levels(&seq, &unigram);
        free.sort_by_key(|g| (g.first, g.len));
        Stats {
            ids,
            unigram,
            levels,
            bigrams,
            free,
        }
    }

    fn id(&self, c: char) -> u16 {
        self.ids.get(c)
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
        let mut id = u32::from(self.id(t[0]));
        let mut count = self.unigram.get(id as usize).copied().unwrap_or(0);
        if id == 0 {
            return 0;
        }
        for (k, &c) in t[1..].iter().enumerate() {
            let last = self.id(c);
            let Some(level) = self.levels.get(k).filter(|_| last != 0) else {
                return 0;
            };
            let Some(&next) = level.ids.get(&level_key(id, last)) else {
                return 0;
            };
            id = next;
            count = level.counts.get(id as usize).copied().unwrap_or(0);
        }
        if count >= 2 {
            count
        } else {
            0
        }
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

/// Counts and accessor varieties of every bigram of `seq` (char ids, 0 for
/// a non-CJK char).
fn bigram_varieties(seq: &[u16]) -> FxMap<u32, Av> {
    let at = |i: usize| -> u16 { seq.get(i).copied().unwrap_or(0) };
    let mut bigrams: FxMap<u32, Av> = FxMap::default();
    bigrams.reserve(seq.len() / 2);
    let mut seen: FxSet<u64> = FxSet::default();
    seen.reserve(seq.len());
    for i in 0..seq.len().saturating_sub(1) {
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
    bigrams
}

/// Counts the n-grams of 2 to [`MAX_N`] chars of `seq`, one length at a
/// time (Apriori: an n-gram is counted only where its (n-1)-gram prefix and
/// suffix both recur), and finds those of 3 or more chars that recur with
/// free boundaries. Stops at the first length where nothing recurs.
fn count_levels(seq: &[u16], unigram: &[u32]) -> (Vec<Level>, Vec<Gram>) {
    const MIN: u32 = 2;
    let n_pos = seq.len();
    let mut levels = Vec::new();
    let mut free = Vec::new();
    // Count and dense id of the (n-1)-gram at each position (count 0 where
    // none was counted or it occurs once).
    let mut prev_cnt: Vec<u32> = seq
        .iter()
        .map(|&id| unigram[usize::from(id)] * u32::from(id != 0))
        .collect();
    let mut prev_id: Vec<u32> = seq.iter().map(|&id| u32::from(id)).collect();
    for n in 2..=MAX_N {
        if n_pos < n {
            break;
        }
        let m = n_pos - n + 1;
        let mut gid = vec![u32::MAX; m];
        let mut level = Level {
            ids: FxMap::default(),
            counts: Vec::new(),
        };
        level.ids.reserve(m / 4);
        for i in 0..m {
            if prev_cnt[i] >= MIN && prev_cnt[i + 1] >= MIN {
                let next = level.counts.len() as u32;
                let id = *level
                    .ids
                    .entry(level_key(prev_id[i], seq[i + n - 1]))
                    .or_insert(next);
                if id == next {
                    level.counts.push(0);
                }
                level.counts[id as usize] += 1;
                gid[i] = id;
            }
        }
        if !level.counts.iter().any(|&c| c >= MIN) {
            break;
        }
        let cnt: Vec<u32> = gid
            .iter()
            .map(|&id| match level.counts.get(id as usize) {
                Some(&c) if c >= MIN => c,
                _ => 0,
            })
            .collect();
        if n >= 3 {
            free_grams(seq, n, &gid, &cnt, level.counts.len(), &mut free);
        }
        levels.push(level);
        // Positions past m hold no n-gram.
        prev_cnt = cnt;
        prev_cnt.push(0);
        prev_id = gid;
        prev_id.push(u32::MAX);
    }
    (levels, free)
}

/// Adds to `free` the recurring n-grams (dense ids `gid`, counts `cnt` by
/// position; `n_ids` ids in all) with at least two distinct neighbours on
/// each side.
fn free_grams(seq: &[u16], n: usize, gid: &[u32], cnt: &[u32], n_ids: usize, free: &mut Vec<Gram>) {
    let at = |i: usize| -> u16 { seq.get(i).copied().unwrap_or(0) };
    let mut first = vec![usize::MAX; n_ids];
    let mut left = vec![0u32; n_ids];
    let mut right = vec![0u32; n_ids];
    let mut seen: FxSet<u64> = FxSet::default();
    for i in 0..gid.len() {
        if cnt[i] < 2 {
            continue;
        }
        let id = gid[i] as usize;
        let k = u64::from(gid[i]) << 17;
        if first[id] == usize::MAX {
            first[id] = i;
        }
        let l = if i > 0 { at(i - 1) } else { 0 };
        if l == 0 || seen.insert(k | u64::from(l)) {
            left[id] += 1;
        }
        let r = at(i + n);
        if r == 0 || seen.insert(k | (1 << 16) | u64::from(r)) {
            right[id] += 1;
        }
    }
    let grams = first.iter().enumerate().filter(|(_, &i)| i != usize::MAX);
    free.extend(
        grams
            .map(|(id, &i)| Gram {
                first: i,
                len: n,
                count: cnt[i],
                left: left[id],
                right: right[id],
            })
            .filter(|g| g.left >= 2 && g.right >= 2),
    );
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
