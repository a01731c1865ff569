//! Statistics of the document's own chars: how freely each bigram combines
//! with its neighbours (accessor variety, the count form of branching
//! entropy), and the recurring n-grams with free boundaries that the coined
//! pass ranks.
//!
//! Work is capped: only the first [`STATS_CAP`] chars are counted, so a huge
//! or degenerate input costs no more than a long report. Chars get dense
//! 16-bit ids and the positions of each char are linked in a list; each
//! recurring n-gram's list is walked once, which counts its neighbours and
//! its children (the (n+1)-grams it starts) and links the children's lists
//! (Apriori: only recurring n-grams are extended), so the work is in the
//! recurring positions only, linear in the text for each length, and no
//! n-gram is hashed. The bigrams of two recurring chars that occur once
//! get no entry: the passes ask about the bigram at a position of the
//! text, which occurs there if the position was counted; only when the
//! text is longer than [`STATS_CAP`] are they kept, as keys in a small set,
//! for the positions after it.

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
}

/// Dense ids of the CJK chars (from 1, in order of first appearance): a
/// table for the BMP ideographs, a map for the others.
struct CharIds {
    /// Ids of U+3400..=U+9FFF and U+F900..=U+FAFF, by [`bmp_slot`].
    bmp: Vec<u16>,
    /// Ids of the ideographs outside the BMP.
    other: FxMap<char, u16>,
    /// Ids given so far.
    len: usize,
}

/// Slots of [`CharIds::bmp`]: U+3400..=U+9FFF, then U+F900..=U+FAFF.
const BMP_SLOTS: usize = 0x6C00 + 0x200;

/// The slot of BMP ideograph `c` in [`CharIds::bmp`] (the BMP chars that
/// [`is_cjk`] accepts, and no others).
#[inline]
fn bmp_slot(c: char) -> Option<usize> {
    let u = u32::from(c);
    match u {
        0x3400..=0x9FFF => Some((u - 0x3400) as usize),
        0xF900..=0xFAFF => Some((u - 0xF900 + 0x6C00) as usize),
        _ => None,
    }
}

impl CharIds {
    fn new() -> CharIds {
        CharIds {
            bmp: vec![0; BMP_SLOTS],
            other: FxMap::default(),
            len: 0,
        }
    }

    /// The id of `c`, 0 if it has none.
    #[inline]
    fn get(&self, c: char) -> u16 {
        match bmp_slot(c) {
            Some(k) => self.bmp.get(k).copied().unwrap_or(0),
            None if u32::from(c) > 0xFFFF => self.other.get(&c).copied().unwrap_or(0),
            None => 0,
        }
    }

    /// The id of `c` if it is a CJK char, given the next one if it has none
    /// yet; 0 for any other char and once the ids run out.
    #[inline]
    fn get_or_add(&mut self, c: char) -> u16 {
        match bmp_slot(c) {
            Some(k) => match self.bmp.get(k).copied() {
                Some(0) => {
                    let id = self.next_id();
                    if let Some(slot) = self.bmp.get_mut(k) {
                        *slot = id;
                    }
                    id
                }
                id => id.unwrap_or(0),
            },
            None if is_cjk(c) => match self.other.get(&c) {
                Some(&id) => id,
                None => {
                    let id = self.next_id();
                    if id != 0 {
                        self.other.insert(c, id);
                    }
                    id
                }
            },
            None => 0,
        }
    }

    /// A new id, 0 once they run out.
    #[inline]
    fn next_id(&mut self) -> u16 {
        let next = self.len + 1;
        if next >= usize::from(u16::MAX) {
            return 0;
        }
        self.len = next;
        next as u16
    }
}

/// Children ranges of at most this many entries are kept in order of
/// first occurrence and searched from the start; longer ones are sorted by
/// last char and searched by halves.
const SHORT: usize = 16;

/// The n-grams of one length that were counted, as children of the
/// (n-1)-grams they extend: the children of prefix `p` (its index in the
/// previous level, or its char id under the bigrams) are the entries
/// `kids[off[p]..off[p + 1]]`, so building needs no hashing.
struct Level {
    /// Start of each prefix's children, and the end of the last.
    off: Vec<u32>,
    /// The children, prefix after prefix.
    kids: Vec<Kid>,
}

/// One counted n-gram.
#[derive(Clone, Copy)]
struct Kid {
    /// Char id of its last char.
    last: u16,
    /// Occurrences.
    count: u32,
}

impl Level {
    /// The index of the child of `prefix` ending in char id `last`.
    #[inline]
    fn child(&self, prefix: u32, last: u16) -> Option<usize> {
        let p = prefix as usize;
        let (&s, &e) = (self.off.get(p)?, self.off.get(p + 1)?);
        let (s, e) = (s as usize, e as usize);
        let kids = self.kids.get(s..e)?;
        let j = if kids.len() > SHORT {
            kids.binary_search_by_key(&last, |k| k.last).ok()?
        } else {
            kids.iter().position(|k| k.last == last)?
        };
        Some(s + j)
    }

    /// Occurrences of child `k`.
    #[inline]
    fn count(&self, k: usize) -> Option<u32> {
        self.kids.get(k).map(|k| k.count)
    }
}

/// The key of the bigram of char ids `a` and `b` in [`Pairs`] (never 0,
/// as ids start from 1).
#[inline]
fn pair(a: u16, b: u16) -> u32 {
    u32::from(a) << 16 | u32::from(b)
}

/// A set of [`pair`] keys: open addressing with linear probing in a table
/// at most half full, 0 marking an empty slot.
/// (An [`FxSet`] costs ~0.2 M more instructions on a 44 KB report: its
/// inserts.)
struct Pairs {
    /// The keys, each at or after the slot of its hash.
    slots: Vec<u32>,
    /// The shift that takes a hash's top bits as a slot.
    shift: u32,
}

impl Pairs {
    /// The set of `keys`.
    fn new(keys: &[u32]) -> Pairs {
        let bits = (keys.len() * 2).max(2).next_power_of_two().trailing_zeros();
        let mut set = Pairs {
            slots: vec![0; 1 << bits],
            shift: 32 - bits,
        };
        for &k in keys {
            let i = set.slot(k);
            if let Some(slot) = set.slots.get_mut(i) {
                *slot = k;
            }
        }
        set
    }

    /// The slot that holds `key`, or the empty one where it would go.
    #[inline]
    fn slot(&self, key: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B1) >> self.shift) as usize;
        while self.slots.get(i).is_some_and(|&k| k != 0 && k != key) {
            i = (i + 1) & mask;
        }
        i
    }

    /// Whether `key` is in the set.
    #[inline]
    fn contains(&self, key: u32) -> bool {
        self.slots.get(self.slot(key)) == Some(&key)
    }
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
    /// The counted n-grams by length: `levels[k]` holds the (k+2)-grams,
    /// the recurring ones only.
    levels: Vec<Level>,
    /// The bigrams of two recurring chars that occur once, kept only when
    /// the text is longer than the chars counted: a bigram asked about at
    /// a counted position occurs there, so it needs no set.
    once: Pairs,
    /// Chars counted.
    counted: usize,
    /// Distinct left and right neighbours of each counted bigram, by its
    /// index in `levels[0]`.
    bigram_av: Vec<(u32, u32)>,
    /// The n-grams of 3 or more chars that recur with free boundaries,
    /// shortest first, each length in text order.
    pub free: Vec<Gram>,
}

/// The end of a list of positions in [`Walker::nxt`].
const NONE: u32 = u32::MAX;

/// Gives the chars of `f` their ids: the ids in text order; for each
/// position the previous position of its char ([`NONE`] for none or a
/// non-CJK char), which makes the list of each char's positions, last
/// first; and by id, the occurrences and last position of each char.
/// (Not inlined: on its own its loops keep their state in registers.)
#[inline(never)]
fn number(f: &[char], ids: &mut CharIds) -> (Vec<u16>, Vec<u32>, Vec<(u32, u32)>) {
    let seq: Vec<u16> = f.iter().map(|&c| ids.get_or_add(c)).collect();
    let mut chars = vec![(0u32, NONE); ids.len + 1];
    let nxt: Vec<u32> = seq
        .iter()
        .zip(0u32..)
        .map(|(&id, i)| match chars.get_mut(usize::from(id)) {
            Some((n, last)) if id != 0 => {
                *n += 1;
                std::mem::replace(last, i)
            }
            _ => NONE,
        })
        .collect();
    (seq, nxt, chars)
}

impl Stats {
    /// Counts the n-grams of CJK chars in the first [`STATS_CAP`] chars of
    /// `f`. A non-CJK neighbour (punctuation, a line break) counts as a new
    /// neighbour each time.
    pub fn new(f: &[char]) -> Stats {
        let whole = f.len() <= STATS_CAP;
        let f = &f[..f.len().min(STATS_CAP)];
        let mut ids = CharIds::new();
        let (seq, mut nxt, chars) = number(f, &mut ids);
        let unigram: Vec<u32> = chars.iter().map(|&(n, _)| n).collect();
        let head: Vec<u32> = chars.iter().map(|&(_, h)| h).collect();
        let at = |i: Option<usize>| i.and_then(|i| seq.get(i)).copied().unwrap_or(0);
        let single: Vec<(u16, u16)> = unigram
            .iter()
            .zip(&head)
            .map(|(&n, &i)| match n {
                1 => (at((i as usize).checked_sub(1)), at(Some(i as usize + 1))),
                _ => (0, 0),
            })
            .collect();
        let chars: Vec<Group> = unigram
            .iter()
            .zip(&head)
            .zip(0u32..)
            .filter(|&((&count, _), id)| id != 0 && count >= MIN)
            .map(|((&count, &head), index)| Group {
                index,
                head,
                first: head,
                count,
            })
            .collect();
        let mut counted = count_levels(&seq, &mut nxt, &unigram, chars, !whole);
        // The order the coined pass ranks them in: they were found one
        // length after the other, and no two of one length share their
        // first occurrence.
        sort_runs(&mut counted.free);
        Stats {
            ids,
            unigram,
            single,
            levels: counted.levels,
            once: Pairs::new(if whole { &[] } else { &counted.once }),
            counted: f.len(),
            bigram_av: counted.bigram_av,
            free: counted.free,
        }
    }

    fn id(&self, c: char) -> u16 {
        self.ids.get(c)
    }

    /// The counts of the bigram `ab`; `seen` when it is known to occur in
    /// the counted chars.
    fn get(&self, a: char, b: char, seen: bool) -> Av {
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
                    let g = l.child(u32::from(a), b)?;
                    let (left, right) = self.bigram_av.get(g).copied()?;
                    Some(Av {
                        count: l.count(g)?,
                        left,
                        right,
                    })
                })
                .unwrap_or_else(|| {
                    if seen || self.once.contains(pair(a, b)) {
                        Av {
                            count: 1,
                            left: 1,
                            right: 1,
                        }
                    } else {
                        Av::default()
                    }
                }),
        }
    }

    /// The counts of the bigram at `i` of `f`, the text counted.
    fn get_at(&self, f: &[char], i: usize) -> Av {
        match (f.get(i), f.get(i + 1)) {
            (Some(&a), Some(&b)) => self.get(a, b, i + 1 < self.counted),
            _ => Av::default(),
        }
    }

    /// How often the bigram at `i` of `f` (the text counted) occurs.
    pub fn count_at(&self, f: &[char], i: usize) -> u32 {
        self.get_at(f, i).count
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
            let Some(next) = level.child(id, last) else {
                return 0;
            };
            id = next as u32;
            count = level.count(next).unwrap_or(0);
        }
        if count >= 2 {
            count
        } else {
            0
        }
    }

    /// Distinct left neighbours of the bigram starting at `i` of `f` (the
    /// text counted): high when a word starts there.
    pub fn left_av(&self, f: &[char], i: usize) -> u32 {
        self.get_at(f, i).left
    }

    /// Distinct right neighbours of the bigram ending at `e` (exclusive) of
    /// `f` (the text counted): high when a word ends there.
    pub fn right_av(&self, f: &[char], e: usize) -> u32 {
        match e.checked_sub(2) {
            Some(i) => self.get_at(f, i).right,
            None => 0,
        }
    }
}

/// Sorts each length's run of `free` by first occurrence (distinct
/// within a length), the order the coined pass ranks them in.
fn sort_runs(free: &mut [Gram]) {
    let (mut bits, mut moved) = (Vec::new(), Vec::new());
    for run in free.chunk_by_mut(|a, b| a.len == b.len) {
        sort_by_first(run, &mut bits, &mut moved);
    }
}

/// Sorts `run`, n-grams with distinct first occurrences, by first
/// occurrence: a long run by counting (each one's place is the number of
/// first occurrences before its own, counted in a bitmap of them, with
/// the running count at each word), a short one by comparing. `bits` and
/// `moved` are scratch buffers. (The comparison sort took ~0.09 M
/// instructions on a 44 KB report, this one ~0.03 M.)
fn sort_by_first(run: &mut [Gram], bits: &mut Vec<(u64, u32)>, moved: &mut Vec<Gram>) {
    let words = run.iter().map(|g| g.first / 64 + 1).max().unwrap_or(0);
    if words > run.len() * 8 {
        crate::sort::by_key(run, |g| g.first);
        return;
    }
    bits.clear();
    bits.resize(words, (0, 0));
    for g in run.iter() {
        if let Some(w) = bits.get_mut(g.first / 64) {
            w.0 |= 1 << (g.first % 64);
        }
    }
    let mut before = 0;
    for w in bits.iter_mut() {
        w.1 = before;
        before += ones(w.0);
    }
    moved.clear();
    moved.extend_from_slice(run);
    for g in moved.iter() {
        let Some(&(word, before)) = bits.get(g.first / 64) else {
            continue;
        };
        let below = word & ((1 << (g.first % 64)) - 1);
        if let Some(slot) = run.get_mut((before + ones(below)) as usize) {
            *slot = g.clone();
        }
    }
}

/// The number of bits set in `x`, one step a bit: the bitmaps of
/// [`sort_by_first`] are sparse, and the baseline x86-64 has no `popcnt`
/// (`count_ones` takes ~12 instructions whatever the word).
#[inline]
fn ones(mut x: u64) -> u32 {
    let mut n = 0;
    while x != 0 {
        x &= x - 1;
        n += 1;
    }
    n
}

/// Fewest occurrences of a recurring n-gram.
const MIN: u32 = 2;

/// A [`Walker::next_mark`] index for a next char that makes no child.
const NO_CHILD: u32 = u32::MAX;

/// A [`Walker::next_mark`] flag for a next char seen once so far, with its
/// position in the low bits (positions are below [`STATS_CAP`]).
const ONCE: u32 = 1 << 31;

/// A recurring n-gram and its occurrences.
#[derive(Clone, Copy)]
struct Group {
    /// Its index in its level (its id for a char).
    index: u32,
    /// Its first position in the list of its occurrences through
    /// [`Walker::nxt`].
    head: u32,
    /// Its first occurrence in the text (for n-grams of 3 or more chars;
    /// the walks over shorter ones do not need it).
    first: u32,
    /// Occurrences.
    count: u32,
}

/// One child of an (n-1)-gram while its occurrences are walked.
#[derive(Clone, Copy)]
struct Sub {
    /// Char id of its last char.
    last: u16,
    /// Occurrences.
    count: u32,
    /// The list of its occurrences through [`Walker::nxt`].
    head: u32,
    /// The end of that list (its first position linked). A list is linked
    /// in the reverse order of its parent's, and a char's list runs from
    /// its last position back, so every list is in text order one way or
    /// the other, and its first occurrence is its head or its tail.
    tail: u32,
}

/// A walk meets the child ending in `after` at position `i` again (its
/// `mark` already stamped by this walk, and not [`NO_CHILD`]): the second
/// time (`mark` holds `ONCE` and the first position) it becomes a recurring
/// child in `subs`, both occurrences linked; after that, its count grows
/// and `i` is linked at the head of its list. The step [`Walker::walk`] and
/// [`Walker::walk_char`] share.
#[inline(always)]
fn seen_again(mark: &mut (u32, u32), after: u16, i: u32, subs: &mut Vec<Sub>, nxt: &mut [u32]) {
    let at = i as usize;
    if mark.1 & ONCE != 0 {
        let p = mark.1 & !ONCE;
        mark.1 = subs.len() as u32;
        subs.push(Sub {
            last: after,
            count: 2,
            head: i,
            tail: p,
        });
        if let Some(x) = nxt.get_mut(p as usize) {
            *x = NONE;
        }
        if let Some(x) = nxt.get_mut(at) {
            *x = p;
        }
    } else if let (Some(s), Some(x)) = (subs.get_mut(mark.1 as usize), nxt.get_mut(at)) {
        s.count += 1;
        *x = s.head;
        s.head = i;
    }
}

/// The distinct neighbours that one walk over an n-gram's occurrences
/// counted.
struct Walked {
    /// Distinct left neighbours.
    left: u32,
    /// Distinct right neighbours.
    right: u32,
}

/// The results of [`Stats::new`] besides the char counts.
#[derive(Default)]
struct Counted {
    /// The counted n-grams by length, from the bigrams.
    levels: Vec<Level>,
    /// Distinct neighbours of each counted bigram.
    bigram_av: Vec<(u32, u32)>,
    /// The bigrams of two recurring chars that occur once, by [`pair`]
    /// (if [`Walker::keep_once`]).
    once: Vec<u32>,
    /// The recurring n-grams of 3 or more chars with free boundaries.
    free: Vec<Gram>,
}

/// Counts the n-grams of 2 to [`MAX_N`] chars, one length at a time, from
/// the recurring `chars`, with the distinct neighbours of the bigrams, and
/// finds the n-grams of 3 or more chars that recur with free boundaries.
/// Only recurring n-grams are extended (Apriori), so the work is in the
/// recurring positions only: one walk over an n-gram's occurrences counts
/// its neighbours and its children and links each recurring child's
/// occurrences for the next length. Stops after the first length where
/// nothing recurs. The bigrams seen once are listed only if `keep_once`.
fn count_levels(
    seq: &[u16],
    nxt: &mut [u32],
    unigram: &[u32],
    chars: Vec<Group>,
    keep_once: bool,
) -> Counted {
    let mut out = Counted::default();
    let mut w = Walker {
        seq,
        unigram,
        keep_once,
        nxt,
        left_mark: vec![0; unigram.len()],
        next_mark: vec![(0, 0); unigram.len()],
        subs: Vec::new(),
        stamp: 0,
    };
    let mut prev = chars;
    let mut next = Vec::new();
    // Entries of the previous level (char ids under the bigrams).
    let mut prefixes = unigram.len();
    // `prev` holds the recurring (n-1)-grams; the last round only counts
    // the neighbours of the longest.
    for n in 2..=MAX_N + 1 {
        if prev.is_empty() {
            break;
        }
        if n > MAX_N {
            w.last_pass(n, &prev, &mut out);
            break;
        }
        // Each occurrence makes at most one child, and beyond the bigrams
        // each child occurs at least twice.
        let prefixes_before = prefixes;
        let room: usize =
            prev.iter().map(|g| g.count as usize).sum::<usize>() / if n > 2 { 2 } else { 1 };
        let mut level = Level {
            off: Vec::with_capacity(prefixes + 1),
            kids: Vec::with_capacity(room),
        };
        next.clear();
        next.reserve(room);
        w.pass(n, &prev, &mut level, &mut next, &mut out);
        prefixes = level.kids.len();
        level.off.resize(prefixes_before + 1, prefixes as u32);
        if n == 2 {
            // Each is set when its occurrences are walked.
            out.bigram_av = vec![(0, 0); prefixes];
        }
        out.levels.push(level);
        std::mem::swap(&mut prev, &mut next);
    }
    out
}

/// The state of [`count_levels`].
struct Walker<'a> {
    /// Char ids, 0 for a non-CJK char.
    seq: &'a [u16],
    /// Occurrences of each char id.
    unigram: &'a [u32],
    /// Whether the bigrams of two recurring chars that occur once are
    /// listed (in [`Counted::once`]); if not, a bigram becomes a child
    /// only when it is seen a second time.
    keep_once: bool,
    /// For each position, the next occurrence of the n-gram that starts
    /// there, in the list of the n-gram counted now: one array serves
    /// every length, as each walk reads a position's link before it links
    /// the position into the list of the longer n-gram.
    nxt: &'a mut [u32],
    /// For each char id, the stamp of the last n-gram that met it on its
    /// left: distinct neighbours are counted without hashing or clearing
    /// between n-grams.
    left_mark: Vec<u32>,
    /// For each char id, the stamp of the last n-gram that met it on its
    /// right, and what it made there: the index of its child among
    /// [`Walker::subs`], [`ONCE`] and the position where it was seen, or
    /// [`NO_CHILD`]. Distinct right neighbours and children are told apart
    /// without hashing.
    next_mark: Vec<(u32, u32)>,
    /// The children of the n-gram walked now (a reused buffer).
    subs: Vec<Sub>,
    /// The stamp of the n-gram walked now (it only grows).
    stamp: u32,
}

/// Whether the left neighbour of position `at` is new to the n-gram
/// stamped `stamp` (a non-CJK char or the text's edge is new each time),
/// marking it seen.
#[inline]
fn new_left(seq: &[u16], left_mark: &mut [u32], at: usize, stamp: u32) -> bool {
    let before = at.checked_sub(1).and_then(|j| seq.get(j)).copied();
    match before.and_then(|c| left_mark.get_mut(usize::from(c))) {
        Some(mark) if before != Some(0) => {
            let new = *mark != stamp;
            *mark = stamp;
            new
        }
        _ => true,
    }
}

impl Walker<'_> {
    /// A new stamp for the n-gram about to be walked.
    #[inline]
    fn next_stamp(&mut self) -> u32 {
        self.stamp += 1;
        self.stamp
    }

    /// Walks every recurring (n-1)-gram of `prev`: records its neighbours
    /// (the bigrams' in `out.bigram_av`, the longer free ones in
    /// `out.free`), adds its children to `level` and the recurring ones to
    /// `next`. (Not inlined, for the same reason as [`number`].)
    #[inline(never)]
    fn pass(
        &mut self,
        n: usize,
        prev: &[Group],
        level: &mut Level,
        next: &mut Vec<Group>,
        out: &mut Counted,
    ) {
        for g in prev {
            if n == 2 {
                self.walk_char(g);
            } else {
                // Beyond the bigrams only a free boundary (two distinct
                // neighbours on each side) matters.
                let w = self.walk(n, g, if n == 3 { u32::MAX } else { 2 });
                if n == 3 {
                    if let Some(slot) = out.bigram_av.get_mut(g.index as usize) {
                        *slot = (w.left, w.right);
                    }
                } else if w.left >= 2 && w.right >= 2 {
                    out.free.push(Gram {
                        first: g.first as usize,
                        len: n - 1,
                        count: g.count,
                    });
                }
            }
            self.place(g.index, level, next, &mut out.once);
        }
    }

    /// Walks every recurring [`MAX_N`]-gram of `prev` for its neighbours
    /// only, and records the free ones in `out.free`.
    #[inline(never)]
    fn last_pass(&mut self, n: usize, prev: &[Group], out: &mut Counted) {
        for g in prev {
            if self.is_free(n, g) {
                out.free.push(Gram {
                    first: g.first as usize,
                    len: n - 1,
                    count: g.count,
                });
            }
        }
    }

    /// Walks the occurrences of the recurring char `g` for its children
    /// (the bigrams it starts) into [`Walker::subs`]: those whose last char
    /// recurs (a bigram with a char seen once needs no entry), linking
    /// each one's occurrences. Unless [`Walker::keep_once`], a bigram
    /// becomes a child when it is seen a second time, as in
    /// [`Walker::walk`].
    #[inline]
    fn walk_char(&mut self, g: &Group) {
        let stamp = self.next_stamp();
        let Walker {
            seq,
            unigram,
            keep_once,
            nxt,
            next_mark,
            subs,
            ..
        } = self;
        subs.clear();
        let mut i = g.head;
        while let Some(&link) = nxt.get(i as usize) {
            let at = i as usize;
            let after = seq.get(at + 1).copied().unwrap_or(0);
            match next_mark.get_mut(usize::from(after)) {
                Some(mark) if after != 0 => {
                    if mark.0 != stamp {
                        mark.0 = stamp;
                        mark.1 = NO_CHILD;
                        if unigram.get(usize::from(after)).is_some_and(|&k| k >= MIN) {
                            if *keep_once {
                                mark.1 = subs.len() as u32;
                                subs.push(Sub {
                                    last: after,
                                    count: 1,
                                    head: i,
                                    tail: i,
                                });
                                if let Some(x) = nxt.get_mut(at) {
                                    *x = NONE;
                                }
                            } else {
                                mark.1 = ONCE | i;
                            }
                        }
                    } else if mark.1 != NO_CHILD {
                        seen_again(mark, after, i, subs, nxt);
                    }
                }
                _ => {}
            }
            i = link;
        }
    }

    /// Walks the occurrences of the recurring (n-1)-gram `g` (n ≥ 3):
    /// counts its distinct left neighbours up to `enough` and its distinct
    /// right neighbours (a non-CJK neighbour or the text's edge counts anew
    /// each time), and its recurring children into [`Walker::subs`],
    /// linking each one's occurrences.
    /// (Always inlined: its one caller runs it thousands of times.)
    #[inline(always)]
    fn walk(&mut self, n: usize, g: &Group, enough: u32) -> Walked {
        let stamp = self.next_stamp();
        let Walker {
            seq,
            nxt,
            left_mark,
            next_mark,
            subs,
            ..
        } = self;
        subs.clear();
        let mut w = Walked { left: 0, right: 0 };
        let mut i = g.head;
        while let Some(&link) = nxt.get(i as usize) {
            let at = i as usize;
            if w.left < enough && new_left(seq, left_mark, at, stamp) {
                w.left += 1;
            }
            let after = seq.get(at + n - 1).copied().unwrap_or(0);
            match next_mark.get_mut(usize::from(after)) {
                Some(mark) if after != 0 => {
                    if mark.0 != stamp {
                        w.right += 1;
                        *mark = (stamp, ONCE | i);
                    } else {
                        seen_again(mark, after, i, subs, nxt);
                    }
                }
                _ => w.right += 1,
            }
            i = link;
        }
        w
    }

    /// Whether the recurring (n-1)-gram `g` has two distinct neighbours on
    /// each side: walks its occurrences until it has.
    #[inline]
    fn is_free(&mut self, n: usize, g: &Group) -> bool {
        let stamp = self.next_stamp();
        let Walker {
            seq,
            nxt,
            left_mark,
            next_mark,
            ..
        } = self;
        let (mut left, mut right) = (0, 0);
        let mut i = g.head;
        while let Some(&link) = nxt.get(i as usize) {
            let at = i as usize;
            if left < 2 && new_left(seq, left_mark, at, stamp) {
                left += 1;
            }
            if right < 2 {
                let after = seq.get(at + n - 1).copied().unwrap_or(0);
                match next_mark.get_mut(usize::from(after)) {
                    Some(mark) if after != 0 => {
                        if mark.0 != stamp {
                            mark.0 = stamp;
                            right += 1;
                        }
                    }
                    _ => right += 1,
                }
            }
            if left >= 2 && right >= 2 {
                return true;
            }
            i = link;
        }
        false
    }

    /// Moves the bigrams seen once from [`Walker::subs`], the children of
    /// char id `prefix`, to `once`, so that they are not sorted with the
    /// others.
    #[inline]
    fn drop_once(&mut self, prefix: u32, once: &mut Vec<u32>) {
        self.subs.retain(|s| {
            let recurs = s.count >= MIN;
            if !recurs {
                once.push(pair(prefix as u16, s.last));
            }
            recurs
        });
    }

    /// Adds the recurring children in [`Walker::subs`] of the (n-1)-gram
    /// `prefix` to `level` (sorted by last char if there are many) and to
    /// `next`; a bigram seen once (only bigrams are in `subs` before they
    /// recur) needs no entry and goes to `once`.
    #[inline]
    fn place(
        &mut self,
        prefix: u32,
        level: &mut Level,
        next: &mut Vec<Group>,
        once: &mut Vec<u32>,
    ) {
        if self.subs.is_empty() {
            return;
        }
        if self.subs.len() > SHORT {
            self.drop_once(prefix, once);
            if self.subs.len() > SHORT {
                crate::sort::by_key(&mut self.subs, |s| usize::from(s.last));
            }
        }
        let start = level.kids.len() as u32;
        // The prefixes since the last one with children have none.
        if level.off.len() <= prefix as usize {
            level.off.resize(prefix as usize + 1, start);
        }
        for s in &self.subs {
            if s.count < MIN {
                once.push(pair(prefix as u16, s.last));
                continue;
            }
            let index = level.kids.len() as u32;
            level.kids.push(Kid {
                last: s.last,
                count: s.count,
            });
            next.push(Group {
                index,
                head: s.head,
                first: s.head.min(s.tail),
                count: s.count,
            });
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
        assert_eq!(s.count_at(&f, 2), 3);
        assert!(
            s.free.iter().any(|g| g.len == 3 && g.count == 3),
            "{:?}",
            s.free
        );
        assert_eq!(s.gram_count(&['放', '管', '服']), 3);
        assert_eq!(s.gram_count(&['推', '进']), 0);
    }

    #[test]
    fn runs_are_sorted_by_first_occurrence() {
        // Dense runs go through the bitmap, the sparse one by comparing.
        let gram = |first, len| Gram {
            first,
            len,
            count: first as u32 + 2,
        };
        let mut free: Vec<Gram> = [70, 3, 64, 0, 63, 129, 5]
            .iter()
            .map(|&f| gram(f, 3))
            .chain([9000, 10].iter().map(|&f| gram(f, 4)))
            .chain([1, 0].iter().map(|&f| gram(f, 5)))
            .collect();
        sort_runs(&mut free);
        let firsts: Vec<(usize, usize)> = free.iter().map(|g| (g.len, g.first)).collect();
        let want = [0, 3, 5, 63, 64, 70, 129].map(|f| (3, f));
        assert_eq!(firsts[..7], want);
        assert_eq!(firsts[7..], [(4, 10), (4, 9000), (5, 0), (5, 1)]);
        assert!(free.iter().all(|g| g.count == g.first as u32 + 2));
        assert_eq!(ones(0), 0);
        assert_eq!(ones(u64::MAX), 64);
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
