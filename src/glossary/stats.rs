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
        let counter = Counter::new(&seq, &unigram);
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
    /// The positions of the CJK chars, ordered by char id (then position):
    /// the neighbours of the n-grams are counted one char at a time, so
    /// counting distinct neighbours needs no hashing.
    by_char: Vec<u32>,
}

impl<'a> Counter<'a> {
    fn new(seq: &'a [u16], unigram: &'a [u32]) -> Counter<'a> {
        // Counting sort of the positions by char id.
        let mut start = vec![0u32; unigram.len() + 1];
        for (id, &c) in unigram.iter().enumerate().skip(1) {
            start[id + 1] = start[id] + c;
        }
        let mut by_char = vec![0u32; start.last().map_or(0, |&n| n as usize)];
        for (i, &id) in seq.iter().enumerate() {
            if id != 0 {
                let slot = &mut start[usize::from(id)];
                by_char[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        Counter {
            seq,
            unigram,
            by_char,
        }
    }

    /// Counts the n-grams of 2 to [`MAX_N`] chars, one length at a time
    /// (Apriori: an n-gram is counted only where its (n-1)-gram prefix and
    /// suffix both recur), with the distinct neighbours of the bigrams, and
    /// finds the n-grams of 3 or more chars that recur with free boundaries.
    /// Stops after the first length where nothing recurs.
    fn count_levels(&self) -> (Vec<Level>, Vec<(u32, u32)>, Vec<Gram>) {
        const MIN: u32 = 2;
        let seq = self.seq;
        let n_pos = seq.len();
        let mut levels = Vec::new();
        let mut bigram_av = Vec::new();
        let mut free = Vec::new();
        // Count and dense id of the (n-1)-gram at each position (count 0
        // where none was counted or it occurs once).
        let mut prev_cnt: Vec<u32> = seq
            .iter()
            .map(|&id| self.unigram[usize::from(id)] * u32::from(id != 0))
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
            let recurs = level.counts.iter().any(|&c| c >= MIN);
            if n == 2 {
                bigram_av = self.varieties(n, &gid, level.counts.len());
            }
            if !recurs {
                if n == 2 {
                    levels.push(level);
                }
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
                let av = self.varieties(n, &gid, level.counts.len());
                free.extend(free_grams(n, &gid, &cnt, &av));
            }
            levels.push(level);
            // Positions past m hold no n-gram.
            prev_cnt = cnt;
            prev_cnt.push(0);
            prev_id = gid;
            prev_id.push(u32::MAX);
        }
        (levels, bigram_av, free)
    }

    /// Distinct left and right neighbours of every n-gram (dense ids `gid` by
    /// position, `u32::MAX` where none was counted; `n_ids` in all). A
    /// non-CJK neighbour or the text's edge counts anew each time.
    fn varieties(&self, n: usize, gid: &[u32], n_ids: usize) -> Vec<(u32, u32)> {
        let seq = self.seq;
        let mut av = vec![(0u32, 0u32); n_ids];
        let gram = |i: usize| gid.get(i).copied().filter(|&g| g != u32::MAX);
        for (i, &g) in gid.iter().enumerate() {
            if g == u32::MAX {
                continue;
            }
            if i == 0 || seq[i - 1] == 0 {
                av[g as usize].0 += 1;
            }
            if seq.get(i + n).is_none_or(|&c| c == 0) {
                av[g as usize].1 += 1;
            }
        }
        // The CJK neighbours, one char at a time: an n-gram meets a char for
        // the first time when its mark is not that char yet.
        let mut left_mark = vec![0u16; n_ids];
        let mut right_mark = vec![0u16; n_ids];
        for &p in &self.by_char {
            let p = p as usize;
            let c = seq[p];
            if let Some(g) = gram(p + 1) {
                let g = g as usize;
                if left_mark[g] != c {
                    left_mark[g] = c;
                    av[g].0 += 1;
                }
            }
            if let Some(g) = p.checked_sub(n).and_then(gram) {
                let g = g as usize;
                if right_mark[g] != c {
                    right_mark[g] = c;
                    av[g].1 += 1;
                }
            }
        }
        av
    }
}

/// The recurring n-grams (dense ids `gid` and counts `cnt` by position,
/// neighbours `av` by id) with at least two distinct neighbours on each
/// side, at their first occurrence.
fn free_grams(n: usize, gid: &[u32], cnt: &[u32], av: &[(u32, u32)]) -> Vec<Gram> {
    let mut first = vec![false; av.len()];
    let mut out = Vec::new();
    for (i, &g) in gid.iter().enumerate() {
        if cnt[i] < 2 || std::mem::replace(&mut first[g as usize], true) {
            continue;
        }
        let (left, right) = av[g as usize];
        out.push(Gram {
            first: i,
            len: n,
            count: cnt[i],
            left,
            right,
        });
    }
    out.retain(|g| g.left >= 2 && g.right >= 2);
    out
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
