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

/// The key of an n-gram in [`Level::ids`]: `prefix << 16 | last`, mixed
/// by a bijection (an odd multiplier, then the well-mixed high half rotated
/// down). The Fx hash of a `u64` is one multiplication, whose low bits (the
/// bucket) depend only on the key's low bits: unmixed, every n-gram ending
/// in one char would share a probe sequence.
#[inline]
fn level_key(prefix: u32, last: u16) -> u64 {
    ((u64::from(prefix) << 16) | u64::from(last))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_right(32)
}

/// What the passes ask of the document's statistics.
pub struct Stats {
    /// Dense ids of the CJK chars (from 1).
    ids: CharIds,
    /// Occurrences of each char, by id.
    unigram: Vec<u32>,
    /// For a char that occurs once, by id: the ids of its neighbours there
    /// (0 for none or a non-CJK char), which make its only two bigrams.
    single: Vec<(u16, u16)>,
    /// The counted n-grams by length: `levels[k]` holds the (k+2)-grams.
    /// The bigrams are always there; longer n-grams while some recur.
    levels: Vec<Level>,
    /// Distinct left and right neighbours of each counted bigram, by its
    /// dense id in `levels[0]`.
    bigram_av: Vec<(u32, u32)>,
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
        let at = |i: Option<usize>| i.and_then(|i| seq.get(i)).copied().unwrap_or(0);
        let mut unigram = vec![0u32; ids.len + 1];
        let mut single = vec![(0u16, 0u16); ids.len + 1];
        for (i, &id) in seq.iter().enumerate() {
            if id != 0 {
                unigram[usize::from(id)] += 1;
                single[usize::from(id)] = (at(i.checked_sub(1)), at(Some(i + 1)));
            }
        }
        let mut counter = Counter::new(&seq, &unigram);
        let (levels, bigram_av, mut free) = counter.count_levels();
        free.sort_by_key(|g| (g.first, g.len));
        Stats {
            ids,
            unigram,
            single,
            levels,
            bigram_av,
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
        let count = |id: u16| self.unigram.get(usize::from(id)).copied().unwrap_or(0);
        let neighbours = |id: u16| self.single.get(usize::from(id)).copied().unwrap_or((0, 0));
        // A bigram with a char that occurs once occurs at most once.
        let once = if count(a) < 2 {
            Some(neighbours(a).1 == b)
        } else if count(b) < 2 {
            Some(neighbours(b).0 == a)
        } else {
            None
        };
        match once {
            Some(true) => Av {
                count: 1,
                left: 1,
                right: 1,
            },
            Some(false) => Av::default(),
            None => self
                .levels
                .first()
                .and_then(|l| {
                    let g = *l.ids.get(&level_key(u32::from(a), b))? as usize;
                    let (left, right) = self.bigram_av.get(g).copied()?;
                    Some(Av {
                        count: l.counts.get(g).copied()?,
                        left,
                        right,
                    })
                })
                .unwrap_or_default(),
        }
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

/// The n-gram counting of [`Stats::new`] over the char ids of the text.
struct Counter<'a> {
    /// Char ids, 0 for a non-CJK char.
    seq: &'a [u16],
    /// Occurrences of each char id.
    unigram: &'a [u32],
    /// For each char id, the stamp of the last n-gram that met it on its
    /// left and on its right: distinct neighbours are counted without
    /// hashing or clearing between n-grams.
    left_mark: Vec<u32>,
    right_mark: Vec<u32>,
    /// For each char id, the stamp of the last (n-1)-gram it extended and
    /// the dense id of the n-gram it made: the n-grams get their ids
    /// without hashing.
    next_mark: Vec<(u32, u32)>,
    /// The stamp of the n-gram worked on now (it only grows).
    stamp: u32,
}

impl<'a> Counter<'a> {
    fn new(seq: &'a [u16], unigram: &'a [u32]) -> Counter<'a> {
        Counter {
            seq,
            unigram,
            left_mark: vec![0; unigram.len()],
            right_mark: vec![0; unigram.len()],
            next_mark: vec![(0, 0); unigram.len()],
            stamp: 0,
        }
    }

    /// Counts the n-grams of 2 to [`MAX_N`] chars, one length at a time
    /// (Apriori: an n-gram is counted only where its (n-1)-gram prefix and
    /// suffix both recur), with the distinct neighbours of the bigrams, and
    /// finds the n-grams of 3 or more chars that recur with free boundaries.
    /// Stops after the first length where nothing recurs. Each length
    /// extends the occurrences of the recurring (n-1)-grams, one (n-1)-gram
    /// at a time, so the work is in the recurring positions only.
    fn count_levels(&mut self) -> (Vec<Level>, Vec<(u32, u32)>, Vec<Gram>) {
        const MIN: u32 = 2;
        let seq = self.seq;
        let n_pos = seq.len();
        let mut levels = Vec::new();
        let mut bigram_av = Vec::new();
        let mut free = Vec::new();
        // The recurring chars (the 1-grams, whose dense ids are char ids).
        let chars: Vec<(u32, u32)> = seq
            .iter()
            .enumerate()
            .filter(|&(_, &id)| id != 0)
            .map(|(i, &id)| (i as u32, u32::from(id)))
            .collect();
        let mut prev = Groups::new(&chars, self.unigram, MIN, n_pos);
        for n in 2..=MAX_N {
            if n_pos < n {
                break;
            }
            let (level, at) = self.count_level(n, &prev);
            let recurs = level.counts.iter().any(|&c| c >= MIN);
            let groups = Groups::new(&at, &level.counts, MIN, n_pos);
            if n == 2 {
                // A bigram seen once has one neighbour on each side.
                bigram_av = vec![(1, 1); level.counts.len()];
                for (g, occ) in groups.iter() {
                    let av = self.varieties(n, occ);
                    if let Some(slot) = bigram_av.get_mut(g as usize) {
                        *slot = av;
                    }
                }
            }
            if !recurs {
                if n == 2 {
                    levels.push(level);
                }
                break;
            }
            if n >= 3 {
                for (g, occ) in groups.iter() {
                    let (left, right) = self.varieties(n, occ);
                    let (Some(&first), Some(&count)) = (occ.first(), level.counts.get(g as usize))
                    else {
                        continue;
                    };
                    let gram = Gram {
                        first: first as usize,
                        len: n,
                        count,
                        left,
                        right,
                    };
                    if gram.left >= 2 && gram.right >= 2 {
                        free.push(gram);
                    }
                }
            }
            levels.push(level);
            prev = groups;
        }
        (levels, bigram_av, free)
    }

    /// Counts the n-grams that extend the recurring (n-1)-grams `prev` where
    /// the next (n-1)-gram recurs too: the level, and (position, dense id)
    /// of each n-gram counted, ascending within each n-gram. The n-grams
    /// with one prefix differ in their last char, which the marks tell
    /// apart.
    fn count_level(&mut self, n: usize, prev: &Groups) -> (Level, Vec<(u32, u32)>) {
        let mut keys: Vec<u64> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut at: Vec<(u32, u32)> = Vec::with_capacity(prev.pos.len());
        for (prefix, occ) in prev.iter() {
            self.stamp += 1;
            let stamp = self.stamp;
            for &i in occ {
                if !prev.starts_at(i as usize + 1) {
                    continue;
                }
                let Some(&last) = self.seq.get(i as usize + n - 1) else {
                    continue;
                };
                let Some(mark) = self.next_mark.get_mut(usize::from(last)) else {
                    continue;
                };
                if mark.0 != stamp {
                    *mark = (stamp, counts.len() as u32);
                    counts.push(0);
                    keys.push(level_key(prefix, last));
                }
                if let Some(c) = counts.get_mut(mark.1 as usize) {
                    *c += 1;
                }
                at.push((i, mark.1));
            }
        }
        let ids: FxMap<u64, u32> = keys.into_iter().zip(0u32..).collect();
        (Level { ids, counts }, at)
    }

    /// Distinct left and right neighbours of one n-gram, from the positions
    /// where it occurs. A non-CJK neighbour or the text's edge counts anew
    /// each time.
    fn varieties(&mut self, n: usize, occ: &[u32]) -> (u32, u32) {
        self.stamp += 1;
        let stamp = self.stamp;
        let (mut left, mut right) = (0u32, 0u32);
        for &i in occ {
            let i = i as usize;
            let before = i.checked_sub(1).and_then(|j| self.seq.get(j)).copied();
            match before.and_then(|c| self.left_mark.get_mut(usize::from(c))) {
                Some(mark) if before != Some(0) => {
                    if *mark != stamp {
                        *mark = stamp;
                        left += 1;
                    }
                }
                _ => left += 1,
            }
            let after = self.seq.get(i + n).copied();
            match after.and_then(|c| self.right_mark.get_mut(usize::from(c))) {
                Some(mark) if after != Some(0) => {
                    if *mark != stamp {
                        *mark = stamp;
                        right += 1;
                    }
                }
                _ => right += 1,
            }
        }
        (left, right)
    }
}

/// The occurrences of the n-grams of one length counted at least a given
/// number of times, grouped by n-gram.
struct Groups {
    /// The positions, n-gram after n-gram, ascending within each.
    pos: Vec<u32>,
    /// Dense id of each n-gram and the end of its positions in `pos`.
    ends: Vec<(u32, usize)>,
    /// A bit for each position where one of these n-grams starts.
    starts: Vec<u64>,
}

impl Groups {
    /// Groups the (position, dense id) pairs `at` (ascending within each
    /// id) of the n-grams counted at least `min` times (`counts` by dense
    /// id), in order of dense id: a counting sort.
    fn new(at: &[(u32, u32)], counts: &[u32], min: u32, n_pos: usize) -> Groups {
        // Where each recurring n-gram's next position goes.
        let mut next = vec![usize::MAX; counts.len()];
        let mut ends = Vec::new();
        let mut total = 0usize;
        for (g, &k) in counts.iter().enumerate() {
            if k >= min {
                next[g] = total;
                total += k as usize;
                ends.push((g as u32, total));
            }
        }
        let mut pos = vec![0u32; total];
        let mut starts = vec![0u64; n_pos / 64 + 1];
        for &(i, g) in at {
            let Some(slot) = next.get_mut(g as usize).filter(|s| **s != usize::MAX) else {
                continue;
            };
            if let Some(p) = pos.get_mut(*slot) {
                *p = i;
                *slot += 1;
            }
            if let Some(w) = starts.get_mut(i as usize / 64) {
                *w |= 1 << (i % 64);
            }
        }
        Groups { pos, ends, starts }
    }

    /// Each n-gram's dense id and positions.
    fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(_, e)| e));
        self.ends
            .iter()
            .zip(starts)
            .map(|(&(g, e), s)| (g, self.pos.get(s..e).unwrap_or(&[])))
    }

    /// Does one of the n-grams start at `i`?
    #[inline]
    fn starts_at(&self, i: usize) -> bool {
        self.starts
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
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
