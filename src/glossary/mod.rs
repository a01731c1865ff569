//! Glossary: the report's own vocabulary (放管服, 一核两纵三区四带, 四上企业),
//! with the report's definitions and every occurrence.
//!
//! Candidates come from five sources, each a submodule:
//!
//! - `defined`: the entries of a 名词解释 appendix (the outline's numbered
//!   headings under it, with the paragraphs that follow), inline definitions
//!   (X即…, X是指…, X分别指…) and parenthetical expansions
//!   (湖泊水域保护线(湖泊蓝线), 地区生产总值(GDP)).
//! - `quoted`: phrases in quote marks (“…” 「…」 『…』 ‘…’), lists inside one
//!   pair split into their terms, and quote marks whose partner was lost in
//!   scraping (个改企”1391家): the lone mark bounds the term on one side and
//!   the document's statistics find the other.
//! - `slogan`: numeric slogans (一核两纵三区四带, 两个确立, 五证合一, 十三五),
//!   formulas (1+5+122, 互联网+明厨亮灶) and versions (行政审批3.0).
//! - `coined`: unmarked n-grams that recur with free boundaries (accessor
//!   variety on both sides, see `stats`), hold together (no split into two
//!   parts that each occur on their own) and stand in a policy frame
//!   (推广…模式, …建设); named programmes (开展拥抱蓝天行动); the "chief"
//!   systems (河湖长制).
//!
//! Boundaries that no mark gives are chosen by `Ctx::pick_end` and
//! `Ctx::pick_start`: a punctuation mark, a function char, a clause verb
//! or generic head (推进, 建设) or a bigram that many chars precede marks a
//! word boundary, weighed against the length a sibling suggests.
//!
//! Candidates are merged on their folded form without punctuation (眾創空間
//! = 众创空间, 放、管、服 = 放管服); every form is then matched against the
//! whole folded text, quoted or not, for the occurrences, and a slogan or
//! statistical find that only ever occurs inside one longer term is dropped.
//! Terms are ordered by usefulness: appendix definitions first, then other
//! definitions, then policy terms (quoted, slogans) by spread across
//! sections and count, then statistical finds, programmes and names of
//! events.

mod chars;
mod coined;
mod defined;
mod quoted;
mod slogan;
mod stats;

use std::cmp::Reverse;
use std::sync::OnceLock;

use crate::doc::Doc;
use crate::{Section, Span, Term, TermKind};

use chars::{
    is_bad_end, is_bad_start, is_cjk, longest_at, longest_before, CharSet, LEAD_WORDS,
    PREDICATE_WORDS,
};
use stats::{FxMap, Stats, STATS_CAP};

/// Most occurrences recorded for one term.
const MAX_OCCURRENCES: usize = 100_000;

/// Most terms in a glossary.
const MAX_TERMS: usize = 2_000;

/// What kind of evidence made a candidate; the order is the priority when
/// candidates merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Defined,
    Slogan,
    Quoted,
    Coined,
}

impl Kind {
    /// The kind a [`Term`] of this candidate is serialised with.
    fn term_kind(self) -> TermKind {
        match self {
            Kind::Defined => TermKind::Defined,
            Kind::Slogan => TermKind::Slogan,
            Kind::Quoted => TermKind::Quoted,
            Kind::Coined => TermKind::Coined,
        }
    }
}

/// One sighting of a possible term.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    /// Char span of the term in the text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The definition the document gives, if any.
    pub definition: Option<String>,
    /// How authoritative the definition is (0 = a glossary entry).
    pub def_rank: u8,
    /// An appendix entry.
    pub entry: bool,
    /// A name of an event or title, or a sub-term: ranks below policy terms.
    pub minor: bool,
    /// Found by statistics alone.
    pub stat: bool,
}

impl Cand {
    pub fn new(start: usize, end: usize, kind: Kind) -> Cand {
        Cand {
            start,
            end,
            kind,
            definition: None,
            def_rank: u8::MAX,
            entry: false,
            minor: false,
            stat: false,
        }
    }
}

/// The document as the glossary passes see it.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Doc<'a>,
    pub sections: &'a [Section],
    /// The folded text's chars (same offsets as the text's).
    pub f: &'a [char],
    pub stats: Stats,
    /// The positions of the chars the passes start from ([`MARK_CHARS`]),
    /// found in one pass and kept by [`Mark`] so that each pass visits
    /// only its own.
    marks: [Vec<usize>; Mark::COUNT],
    /// The indices of the sections titled 名词解释 (or the like).
    glossaries: Vec<usize>,
}

/// The chars the passes start from: numerals (slogans), 、 (lists of
/// chars), `+` (formulas), `.` (versions), `(` (expansions), 指 and 即
/// (definitions), the first chars of the programme words, 长 (长制) and
/// quote marks.
static MARK_CHARS: CharSet = CharSet::new(MARK_STR);

/// The chars of [`MARK_CHARS`].
const MARK_STR: &str = "一二三四五六七八九十两双百千万、+.(指即行计工战活长“”「」『』‘’\"";

/// The groups of [`MARK_CHARS`], one for each pass that starts from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Numerals ([`chars::is_numeral`]): slogans.
    Numeral,
    /// 、: lists of chars.
    Enumeration,
    /// `+`: formulas.
    Plus,
    /// `.`: versions.
    Dot,
    /// `(`: expansions.
    Paren,
    /// 指 and 即: inline definitions.
    Defines,
    /// 行, 计, 工, 战 and 活: the first chars of the programme words.
    Programme,
    /// 长: the chief systems (河长制).
    Chief,
    /// Quote marks, opening and closing, and `"`.
    Quote,
}

impl Mark {
    /// The number of groups.
    const COUNT: usize = 9;

    /// The group of a char of [`MARK_CHARS`] (None for any other char).
    fn of(c: char) -> Option<Mark> {
        Some(match c {
            '、' => Mark::Enumeration,
            '+' => Mark::Plus,
            '.' => Mark::Dot,
            '(' => Mark::Paren,
            '指' | '即' => Mark::Defines,
            '行' | '计' | '工' | '战' | '活' => Mark::Programme,
            '长' => Mark::Chief,
            '“' | '”' | '「' | '」' | '『' | '』' | '‘' | '’' | '"' => Mark::Quote,
            c if chars::is_numeral(c) => Mark::Numeral,
            _ => return None,
        })
    }

    /// The positions of the chars of [`MARK_CHARS`] in `f`, by group,
    /// ascending.
    fn positions(f: &[char]) -> [Vec<usize>; Mark::COUNT] {
        let mut out: [Vec<usize>; Mark::COUNT] = Default::default();
        MARK_CHARS.each_in(f, |i, c| {
            if let Some(v) = Mark::of(c).and_then(|m| out.get_mut(m as usize)) {
                v.push(i);
            }
        });
        out
    }
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Doc<'a>, sections: &'a [Section]) -> Ctx<'a> {
        let f: &[char] = &doc.chars;
        let stats = Stats::new(f);
        Ctx {
            doc,
            sections,
            f,
            stats,
            marks: Mark::positions(f),
            glossaries: sections
                .iter()
                .enumerate()
                .filter(|(_, s)| defined::is_glossary_title(&s.title))
                .map(|(k, _)| k)
                .collect(),
        }
    }

    /// The sections titled 名词解释 (or the like).
    pub fn glossary_sections(&self) -> impl Iterator<Item = &'a Section> + '_ {
        self.glossaries.iter().filter_map(|&k| self.sections.get(k))
    }

    /// The positions of the chars of the group `m`, ascending.
    pub fn marks(&self, m: Mark) -> &[usize] {
        self.marks.get(m as usize).map_or(&[], Vec::as_slice)
    }

    /// The text from char `a` to char `b`.
    pub fn text_of(&self, a: usize, b: usize) -> String {
        self.text_str(a, b).to_string()
    }

    /// The text from char `a` to char `b`, borrowed.
    pub fn text_str(&self, a: usize, b: usize) -> &'a str {
        let b = b.min(self.f.len());
        self.doc.text_slice(a.min(b), b)
    }

    /// The folded chars from `a` to `b`.
    pub fn folded(&self, a: usize, b: usize) -> &'a [char] {
        let b = b.min(self.f.len());
        &self.f[a.min(b)..b]
    }

    fn is_cjk_at(&self, i: usize) -> bool {
        self.f.get(i).is_some_and(|&c| is_cjk(c))
    }

    /// How strongly a term ending at `e` (exclusive) ends there.
    pub fn right_strength(&self, e: usize) -> f64 {
        if e == 0 || !self.is_cjk_at(e) || !self.is_cjk_at(e - 1) {
            return 6.5;
        }
        if is_bad_start(self.f[e]) {
            return 6.0;
        }
        if longest_at(self.f, e, &PREDICATE_WORDS) > 0 || longest_at(self.f, e, &LEAD_WORDS) >= 2 {
            return 5.0;
        }
        let l = ln_1p(self.stats.left_av(self.f, e));
        let r = ln_1p(self.stats.right_av(self.f, e));
        (1.2 * l + 0.3 * r).min(4.5)
    }

    /// How strongly a term starting at `s` starts there.
    pub fn left_strength(&self, s: usize) -> f64 {
        if s == 0 || !self.is_cjk_at(s) || !self.is_cjk_at(s - 1) {
            return 6.5;
        }
        if is_bad_end(self.f[s - 1]) {
            return 6.0;
        }
        if longest_before(self.f, s, &LEAD_WORDS) > 0 {
            return 5.0;
        }
        let r = ln_1p(self.stats.right_av(self.f, s));
        let l = ln_1p(self.stats.left_av(self.f, s));
        (1.2 * r + 0.3 * l).min(4.5)
    }

    /// The end of a term that starts at `s`, at least `lo` and at most `hi`
    /// chars long, within the run of CJK chars from `s`; `prior` is the length
    /// expected (a sibling's) and `weight` how much a length off it costs.
    /// None if the run is shorter than `lo`.
    pub fn pick_end(
        &self,
        s: usize,
        lo: usize,
        hi: usize,
        prior: usize,
        weight: f64,
    ) -> Option<usize> {
        let mut run_end = s;
        while run_end < self.f.len() && run_end - s < hi && self.is_cjk_at(run_end) {
            run_end += 1;
        }
        if run_end - s < lo {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        for e in s + lo..=run_end {
            let len = e - s;
            let mut score = self.right_strength(e) - weight * (len as f64 - prior as f64).abs();
            if e < self.f.len() && is_bad_end(self.f[e - 1]) {
                score -= 8.0;
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, e));
            }
        }
        best.map(|(_, e)| e)
    }

    /// The start of a term that ends at `e`, at least `lo` and at most `hi`
    /// chars long; leading clause words (推进, 首批, 用) are skipped first.
    /// `prior` is the length expected.
    pub fn pick_start(&self, e: usize, lo: usize, hi: usize, prior: usize) -> Option<usize> {
        let mut run_start = e;
        while run_start > 0 && e - run_start < 16 && self.is_term_char_at(run_start - 1) {
            run_start -= 1;
        }
        let s0 = self.skip_lead(run_start, e, lo);
        if e - s0 < lo {
            return None;
        }
        if e - s0 <= hi.min(6) {
            return Some(s0);
        }
        let mut best: Option<(f64, usize)> = None;
        for s in (e.saturating_sub(hi)).max(s0)..=e - lo {
            let len = e - s;
            let mut score = if s == s0 { 5.0 } else { self.left_strength(s) };
            score -= 0.6 * (len as f64 - prior as f64).abs();
            if is_bad_start(self.f[s]) {
                score -= 8.0;
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, s));
            }
        }
        best.map(|(_, s)| s)
    }

    fn is_term_char_at(&self, i: usize) -> bool {
        self.f.get(i).is_some_and(|&c| is_cjk(c) || c == '+')
    }

    /// Skips clause-opening words and function chars from `s` while at least
    /// `keep` chars remain before `e`.
    pub fn skip_lead(&self, mut s: usize, e: usize, keep: usize) -> usize {
        loop {
            let k = longest_at(self.f, s, &LEAD_WORDS);
            if k > 0 && s + k + keep <= e {
                s += k;
                continue;
            }
            if s + keep < e && self.f.get(s).is_some_and(|&c| is_bad_start(c)) {
                s += 1;
                continue;
            }
            return s;
        }
    }

    /// Id of the deepest section containing char `pos`.
    pub fn section_at(&self, pos: usize) -> Option<usize> {
        let secs = self.sections;
        let k = secs.partition_point(|s| s.section_span.start() <= pos);
        let mut cur = secs.get(k.checked_sub(1)?)?;
        for _ in 0..64 {
            if cur.section_span.start() <= pos && pos < cur.section_span.end() {
                return Some(cur.id);
            }
            cur = secs.get(cur.parent?)?;
        }
        None
    }
}

/// `ln(1 + n)`, from a table for the small counts most bigrams have (the
/// same values: the table is computed by the same expression).
fn ln_1p(n: u32) -> f64 {
    static TABLE: OnceLock<[f64; 64]> = OnceLock::new();
    let table = TABLE.get_or_init(|| std::array::from_fn(|i| (1.0 + i as f64).ln()));
    match table.get(n as usize) {
        Some(&v) => v,
        None => (1.0 + f64::from(n)).ln(),
    }
}

/// The glossary of a document: its terms, most useful first.
pub fn glossary(doc: &Doc, sections: &[Section]) -> Vec<Term> {
    if doc.text.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(doc, sections);
    let mut cands = defined::entries(&ctx);
    cands.extend(defined::parentheses(&ctx));
    cands.extend(quoted::quoted(&ctx));
    cands.extend(slogan::slogans(&ctx));
    let inline = defined::inline(&ctx, &cands);
    cands.extend(inline);
    let picks = coined::picks(&ctx, &cands);
    let programmes = coined::programmes(&ctx);
    let chiefs = coined::chief_systems(&ctx);
    // The keys of the candidates, once for the search and the merge.
    let mut keys = Keys::default();
    let mut ranges = keys.add(&ctx, &cands);
    let programme_ranges = keys.add(&ctx, &programmes);
    let chief_ranges = keys.add(&ctx, &chiefs);
    // One pass over the text finds every form that the coined frames or
    // the terms need.
    let forms: Vec<&[char]> = cands
        .iter()
        .chain(&programmes)
        .chain(&chiefs)
        .zip(ranges.iter().chain(&programme_ranges).chain(&chief_ranges))
        .filter(|(_, r)| r.is_some())
        .map(|(c, _)| ctx.folded(c.start, c.end))
        .collect();
    // The picks' frames are looked for where the statistics were counted.
    let picked = picks.iter().map(|&(s, e)| ctx.folded(s, e));
    let mut found = Found::new(ctx.f, forms, picked, STATS_CAP);
    let coined = coined::framed(&ctx, &picks, &found);
    found.complete(ctx.f, coined.iter().map(|c| ctx.folded(c.start, c.end)));
    ranges.extend(keys.add(&ctx, &coined));
    ranges.extend(programme_ranges);
    ranges.extend(chief_ranges);
    cands.extend(coined);
    cands.extend(programmes);
    cands.extend(chiefs);
    build(&ctx, cands, &ranges, &keys, &found)
}

/// The keys ([`term_key`]) of the candidates that can become terms, one
/// after another: each is found once, for both the search for the forms
/// and the merge of [`build`].
#[derive(Default)]
struct Keys {
    chars: Vec<char>,
}

impl Keys {
    /// Adds the keys of `cands`: the range in `chars` of each candidate
    /// that can become a term, None for the others.
    fn add(&mut self, ctx: &Ctx, cands: &[Cand]) -> Vec<Option<(usize, usize)>> {
        let mut kc = Vec::new();
        cands
            .iter()
            .map(|c| {
                term_key(ctx, c, &mut kc).then(|| {
                    let a = self.chars.len();
                    self.chars.extend_from_slice(&kc);
                    (a, self.chars.len())
                })
            })
            .collect()
    }

    /// The key in the range `r`.
    fn get(&self, r: (usize, usize)) -> Option<&[char]> {
        self.chars.get(r.0..r.1)
    }
}

/// Can the candidate become a term? Writes its key ([`chars::key`]) into
/// `kc`: a term has 2 to 40 chars besides punctuation, and unless it is an
/// appendix entry, some CJK char, letter or digit and is no plain word.
fn term_key(ctx: &Ctx, c: &Cand, kc: &mut Vec<char>) -> bool {
    if c.end <= c.start || c.end > ctx.f.len() {
        return false;
    }
    chars::key(ctx.folded(c.start, c.end), kc);
    if kc.len() < 2 || kc.len() > 40 {
        return false;
    }
    let plain = chars::is_word(kc, &chars::PLAIN_WORDS);
    let wordy = kc.iter().any(|&c| is_cjk(c) || c.is_ascii_alphanumeric());
    c.entry || (!plain && wordy)
}

/// The occurrences of a set of forms in the folded text, found in one pass
/// ([`find_all`]).
pub(crate) struct Found<'a> {
    /// The index of each distinct form in `forms`.
    index: FxMap<&'a [char], usize>,
    /// The distinct forms.
    forms: Vec<&'a [char]>,
    /// The start offsets of the non-overlapping occurrences of each form.
    starts: Vec<Vec<usize>>,
    /// The forms from this index on are looked for only before `cut`
    /// unless [`Found::complete`] names them; before `complete`, every form
    /// was looked for only there.
    everywhere: usize,
    cut: usize,
}

impl<'a> Found<'a> {
    /// Looks for the `forms` and the `near` forms (that are not also
    /// `forms`) in the first `cap` chars of `f`, each distinct form once;
    /// [`Found::complete`] looks for the `forms` in the rest.
    fn new(
        f: &[char],
        forms: Vec<&'a [char]>,
        near: impl Iterator<Item = &'a [char]>,
        cap: usize,
    ) -> Found<'a> {
        let mut index: FxMap<&'a [char], usize> = FxMap::default();
        index.reserve(forms.len());
        let mut distinct: Vec<&'a [char]> = Vec::with_capacity(forms.len());
        // The number of distinct `forms`, once the `near` forms begin.
        let mut everywhere = None;
        let n = forms.len();
        for (k, form) in forms.into_iter().chain(near).enumerate() {
            if k == n {
                everywhere = Some(distinct.len());
            }
            index.entry(form).or_insert_with(|| {
                distinct.push(form);
                distinct.len() - 1
            });
        }
        let everywhere = everywhere.unwrap_or(distinct.len());
        let cut = cap.min(f.len());
        let mut starts = vec![Vec::new(); distinct.len()];
        let all: Vec<usize> = (0..distinct.len()).collect();
        // The rest of the text is scanned once, by `complete`.
        find_all(f, &distinct, &all, 0, cut, &mut starts);
        Found {
            index,
            forms: distinct,
            starts,
            everywhere,
            cut,
        }
    }

    /// Looks for the forms that are looked for everywhere, and the `near`
    /// forms among `forms`, in the rest of the text: one scan after the
    /// first `cut` chars (the frames of the picks only need those).
    fn complete(&mut self, f: &[char], forms: impl Iterator<Item = &'a [char]>) {
        if self.cut >= f.len() {
            return;
        }
        let mut near: Vec<usize> = forms
            .filter_map(|t| self.index.get(t).copied())
            .filter(|&k| k >= self.everywhere)
            .collect();
        crate::sort::usizes(&mut near);
        near.dedup();
        let ids: Vec<usize> = (0..self.everywhere).chain(near).collect();
        if !ids.is_empty() {
            find_all(f, &self.forms, &ids, self.cut, f.len(), &mut self.starts);
        }
    }

    /// The start offsets of the occurrences of `form`, ascending (none if
    /// it was not looked for).
    pub fn starts(&self, form: &[char]) -> &[usize] {
        self.index
            .get(form)
            .and_then(|&k| self.starts.get(k))
            .map_or(&[], Vec::as_slice)
    }
}

/// The order of the rows of [`build`]: tier, spread and count (descending),
/// first occurrence, row index.
type RowKey = (u8, Reverse<usize>, Reverse<usize>, usize, usize);

/// A ranked term of [`build`]: tier, spread, count, first occurrence, the
/// term, and whether statistics alone found it.
type Row = (u8, usize, usize, usize, Term, bool);

/// Which rows stay: a slogan or statistical find that only ever occurs
/// inside one longer term (六中心 inside 产业六中心) is a part of it, not a
/// term. A part shared by several terms (互联网+ in 互联网+明厨亮灶 and
/// 互联网+房管平台) stays.
fn not_subsumed(rows: &[Row]) -> Vec<bool> {
    // The occurrences of the rows not found by statistics alone, as
    // (start, end, row).
    let spans = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.5)
        .flat_map(|(k, r)| r.4.occurrences.iter().map(move |o| (o.0, o.1, k)));
    let by_start = ByStart::new(spans);
    // Does the span `[x, y)`, starting at most 48 chars before `a`,
    // strictly contain `[a, b)`?
    let holds = |(x, y): (usize, usize), a: usize, b: usize| {
        x <= a && x + 48 >= a && b <= y && (x, y) != (a, b)
    };
    // Does an occurrence of row `k` among `near` hold `[a, b)`?
    let owns = |near: &[(usize, usize, usize)], k: usize, a: usize, b: usize| {
        near.iter().any(|&(x, y, j)| j == k && holds((x, y), a, b))
    };
    // The rows that contain every occurrence so far, reused.
    let mut common: Vec<usize> = Vec::new();
    let mut keep = Vec::with_capacity(rows.len());
    for (k, r) in rows.iter().enumerate() {
        if !matches!(r.4.kind, TermKind::Slogan | TermKind::Coined) {
            keep.push(true);
            continue;
        }
        let mut occ = r.4.occurrences.iter();
        common.clear();
        if let Some(o) = occ.next() {
            let (a, b) = (o.0, o.1);
            common.extend(
                by_start
                    .near(a)
                    .iter()
                    .filter(|&&(x, y, j)| j != k && holds((x, y), a, b))
                    .map(|&(_, _, j)| j),
            );
        }
        for o in occ {
            if common.is_empty() {
                break;
            }
            let here = by_start.near(o.0);
            common.retain(|&j| owns(here, j, o.0, o.1));
        }
        keep.push(common.is_empty());
    }
    keep
}

/// Spans `(start, end, row)` grouped by `start / 64` (a counting sort, in
/// time proportional to the spans and the text they cover): the spans that
/// start from 48 chars before a position to it lie in two adjacent groups.
struct ByStart {
    /// Where each group starts in `spans` (the last entry is the end).
    first: Vec<usize>,
    spans: Vec<(usize, usize, usize)>,
}

impl ByStart {
    /// The width of a group of starts; more than the 49 starts of
    /// [`ByStart::near`].
    const WIDTH: usize = 64;

    fn new(spans: impl Iterator<Item = (usize, usize, usize)> + Clone) -> ByStart {
        let groups = spans
            .clone()
            .map(|s| s.0 / Self::WIDTH + 1)
            .max()
            .unwrap_or(0);
        let mut first = vec![0usize; groups + 1];
        for s in spans.clone() {
            if let Some(n) = first.get_mut(s.0 / Self::WIDTH + 1) {
                *n += 1;
            }
        }
        for k in 1..first.len() {
            first[k] += first[k - 1];
        }
        let mut fill = first.clone();
        let mut out = vec![(0, 0, 0); first.last().copied().unwrap_or(0)];
        for s in spans {
            let Some(k) = fill.get_mut(s.0 / Self::WIDTH) else {
                continue;
            };
            if let Some(slot) = out.get_mut(*k) {
                *slot = s;
            }
            *k += 1;
        }
        ByStart { first, spans: out }
    }

    /// The spans of the groups that hold the starts from 48 chars before
    /// `a` to `a` (and others in the same groups: callers test the start).
    fn near(&self, a: usize) -> &[(usize, usize, usize)] {
        let n = self.spans.len();
        let lo = self.first.get(a.saturating_sub(48) / Self::WIDTH).copied();
        let hi = self.first.get(a / Self::WIDTH + 1).copied();
        self.spans
            .get(lo.unwrap_or(n)..hi.unwrap_or(n))
            .unwrap_or(&[])
    }
}

/// A merged term before it becomes a [`Term`].
struct Entry {
    /// The span of the candidate that represents the term.
    rep: (usize, usize),
    kind: Kind,
    definition: Option<(u8, String)>,
    entry: bool,
    minor: bool,
    stat: bool,
    /// The distinct folded forms of the term, as slices of the text.
    forms: Vec<(usize, usize)>,
}

/// Merges the candidates on their key ([`chars::key`]; `ranges` holds each
/// candidate's in `keys`, None for those that cannot become terms), finds
/// every occurrence of every form, drops the parts of longer terms and
/// ranks the terms.
fn build(
    ctx: &Ctx,
    cands: Vec<Cand>,
    ranges: &[Option<(usize, usize)>],
    keys: &Keys,
    found: &Found,
) -> Vec<Term> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut merged: FxMap<&[char], usize> = FxMap::default();
    for (c, r) in cands.into_iter().zip(ranges) {
        let Some(kc) = r.and_then(|r| keys.get(r)) else {
            continue;
        };
        let form = ctx.folded(c.start, c.end);
        let def = c.definition.map(|d| (c.def_rank, d));
        match merged.get(kc).and_then(|&k| entries.get_mut(k)) {
            Some(e) => {
                if !e.forms.iter().any(|&(a, b)| ctx.folded(a, b) == form) {
                    e.forms.push((c.start, c.end));
                }
                if (c.kind, !c.entry) < (e.kind, !e.entry) {
                    e.kind = c.kind;
                    e.rep = (c.start, c.end);
                }
                e.entry |= c.entry;
                e.minor &= c.minor;
                e.stat &= c.stat;
                if let Some((r, d)) = def {
                    if e.definition.as_ref().is_none_or(|(er, _)| r < *er) {
                        e.definition = Some((r, d));
                    }
                }
            }
            None => {
                merged.insert(kc, entries.len());
                entries.push(Entry {
                    kind: c.kind,
                    entry: c.entry,
                    minor: c.minor,
                    stat: c.stat,
                    definition: def,
                    rep: (c.start, c.end),
                    forms: vec![(c.start, c.end)],
                });
            }
        }
    }
    // A number is a term only where it stands alone, not in a quantity (133家).
    let stands_alone = |s: usize, n: usize| {
        let before = s
            .checked_sub(1)
            .and_then(|j| ctx.f.get(j))
            .copied()
            .unwrap_or(' ');
        let after = ctx.f.get(s + n).copied().unwrap_or(' ');
        !(before.is_ascii_alphanumeric()
            || matches!(before, '.' | '+')
            || after.is_ascii_alphanumeric()
            || matches!(after, '.' | '+' | '%')
            || chars::is_measure(after))
    };
    let mut rows: Vec<Row> = Vec::new();
    // Buffers reused from term to term.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut spread: Vec<Option<usize>> = Vec::new();
    for e in entries {
        spans.clear();
        for &(a, b) in &e.forms {
            let form = ctx.folded(a, b);
            let n = form.len();
            let number = form
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '.');
            spans.extend(
                found
                    .starts(form)
                    .iter()
                    .filter(|&&s| !number || stands_alone(s, n))
                    .map(|&s| (s, s + n)),
            );
        }
        crate::sort::pairs(&mut spans);
        // At most one occurrence per span: one allocation.
        let mut occ: Vec<Span> = Vec::with_capacity(spans.len().max(1));
        for &(a, b) in &spans {
            match occ.last_mut() {
                Some(last) if a < last.1 => last.1 = last.1.max(b),
                _ => occ.push(Span(a, b)),
            }
        }
        occ.truncate(MAX_OCCURRENCES);
        if occ.is_empty() {
            occ.push(Span(e.rep.0, e.rep.1));
        }
        let section = ctx.section_at(occ[0].start());
        spread.clear();
        spread.extend(occ.iter().map(|s| ctx.section_at(s.start())));
        // A section index is below the number of sections: `+ 1` cannot
        // overflow, and `None` (0) sorts first as before.
        crate::sort::by_key(&mut spread, |s| s.map_or(0, |x| x + 1));
        spread.dedup();
        let tier = if e.entry {
            0
        } else if e.kind == Kind::Defined && !e.minor {
            1
        } else if e.kind == Kind::Defined {
            2
        } else if e.kind != Kind::Coined && !e.minor {
            3
        } else {
            4
        };
        let term = ctx.text_str(e.rep.0, e.rep.1).trim().to_string();
        if term.is_empty() {
            continue;
        }
        let first = occ[0].start();
        rows.push((
            tier,
            spread.len(),
            occ.len(),
            first,
            Term {
                term,
                kind: e.kind.term_kind(),
                definition: e.definition.map(|(_, d)| d),
                count: occ.len(),
                occurrences: occ,
                section,
            },
            e.stat,
        ));
    }
    let keep = not_subsumed(&rows);
    // The kept rows by tier, then spread and count (descending), then first
    // occurrence; the row's index last makes the order the stable sort's
    // while only small keys move.
    let mut order: Vec<RowKey> = rows
        .iter()
        .enumerate()
        .filter(|&(k, _)| keep.get(k).copied().unwrap_or(false))
        .map(|(k, r)| (r.0, Reverse(r.1), Reverse(r.2), r.3, k))
        .collect();
    crate::sort::by(&mut order, Ord::cmp);
    order.truncate(MAX_TERMS);
    let mut terms: Vec<Option<Term>> = rows.into_iter().map(|r| Some(r.4)).collect();
    order
        .iter()
        .filter_map(|o| terms.get_mut(o.4).and_then(Option::take))
        .collect()
}

/// The patterns of [`find_all`] by a 16-bit hash of their first two chars:
/// a bit test on the hash rules out most positions of the text.
struct Patterns {
    /// The hashes that some pattern has.
    used: PairFilter,
    /// How many high bits of the hash index `starts` (at most 16, about
    /// eight slots per pattern).
    bits: u32,
    /// Where the patterns of each slot start in `pairs` (they end where the
    /// next slot's start).
    starts: Vec<u32>,
    /// (first char, second char, pattern index) of the patterns of two or
    /// more chars, by slot.
    pairs: Vec<(char, char, usize)>,
    /// The patterns of one char by that char.
    single: FxMap<char, Vec<usize>>,
}

/// A set of char pairs as a bit per 16-bit hash of the pair ([`pair_hash`]):
/// a pair that is not in it was never added, so one bit test rules out
/// the strings that start with it.
pub(crate) struct PairFilter(Box<[u64; 1 << 10]>);

impl PairFilter {
    pub fn new() -> PairFilter {
        PairFilter(Box::new([0; 1 << 10]))
    }

    /// Adds the hash `h`.
    #[inline]
    fn set(&mut self, h: u16) {
        self.0[usize::from(h >> 6)] |= 1 << (h & 63);
    }

    /// Was the hash `h` added?
    #[inline]
    fn has(&self, h: u16) -> bool {
        self.0[usize::from(h >> 6)] & (1 << (h & 63)) != 0
    }

    /// Adds the first two chars of `t` (nothing when `t` is shorter).
    pub fn insert(&mut self, t: &[char]) {
        if let [a, b, ..] = *t {
            self.set(pair_hash(a, b));
        }
    }

    /// May `t` start with a pair that was added? False for fewer than two
    /// chars.
    #[inline]
    pub fn may_start(&self, t: &[char]) -> bool {
        match *t {
            [a, b, ..] => self.has(pair_hash(a, b)),
            _ => false,
        }
    }
}

/// A 16-bit hash of two chars.
#[inline]
fn pair_hash(a: char, b: char) -> u16 {
    let h = (u32::from(a).wrapping_mul(0x9E37_79B1) ^ u32::from(b)).wrapping_mul(0x85EB_CA6B);
    (h >> 16) as u16
}

impl Patterns {
    fn new(patterns: &[&[char]]) -> Patterns {
        let bits = (patterns.len().max(32) * 8).ilog2().min(16);
        let mut p = Patterns {
            used: PairFilter::new(),
            bits,
            starts: vec![0; (1 << bits) + 1],
            pairs: Vec::new(),
            single: FxMap::default(),
        };
        // A counting sort of the patterns by slot.
        for pat in patterns {
            if let [a, b, ..] = **pat {
                let h = pair_hash(a, b);
                p.used.set(h);
                let k = p.slot(h) + 1;
                if let Some(n) = p.starts.get_mut(k) {
                    *n += 1;
                }
            }
        }
        for k in 1..p.starts.len() {
            p.starts[k] += p.starts[k - 1];
        }
        let mut fill = p.starts.clone();
        p.pairs = vec![('\0', '\0', 0); p.starts.last().map_or(0, |&n| n as usize)];
        for (i, pat) in patterns.iter().enumerate() {
            match **pat {
                [] => {}
                [a] => p.single.entry(a).or_default().push(i),
                [a, b, ..] => {
                    let Some(k) = fill.get_mut(p.slot(pair_hash(a, b))) else {
                        continue;
                    };
                    if let Some(slot) = p.pairs.get_mut(*k as usize) {
                        *slot = (a, b, i);
                    }
                    *k += 1;
                }
            }
        }
        p
    }

    /// The slot of a hash in `starts`.
    #[inline]
    fn slot(&self, h: u16) -> usize {
        usize::from(h >> (16 - self.bits))
    }

    /// The patterns whose first two chars may be `ab` (those of other pairs
    /// in the same slot too).
    #[inline]
    fn bucket(&self, a: char, b: char) -> &[(char, char, usize)] {
        let h = pair_hash(a, b);
        if !self.used.has(h) {
            return &[];
        }
        let k = self.slot(h);
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&s), Some(&e)) => self.pairs.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Adds to `starts` the non-overlapping occurrences of the patterns `ids`
/// (indices into `patterns` and `starts`) that start from `from` to `to`,
/// after those already there (a scan of the text in parts finds what one
/// scan would).
pub(crate) fn find_all(
    f: &[char],
    patterns: &[&[char]],
    ids: &[usize],
    from: usize,
    to: usize,
    starts: &mut [Vec<usize>],
) {
    let subset: Vec<&[char]> = ids
        .iter()
        .filter_map(|&k| patterns.get(k).copied())
        .collect();
    // Pattern `p` of the subset, whose first two chars (or only char) are
    // equal, at `i`.
    let mut visit = |i: usize, p: usize| {
        let Some(&k) = ids.get(p) else { return };
        let (Some(&pat), Some(found)) = (patterns.get(k), starts.get_mut(k)) else {
            return;
        };
        // The first offset a new occurrence may start at.
        let free = found.last().map_or(0, |&s| s + pat.len());
        if i < free || found.len() >= MAX_OCCURRENCES {
            return;
        }
        // The rest of the pattern, char by char: most candidates differ in
        // their third char, and a loop beats a call to `memcmp`.
        let rest = f.get(i..i + pat.len()).unwrap_or(&[]);
        if rest.len() == pat.len() && rest.iter().zip(pat).skip(2).all(|(a, b)| a == b) {
            found.push(i);
        }
    };
    scan(f, from, to, &Patterns::new(&subset), &mut visit);
}

/// Calls `visit(i, p)` for each offset `i` from `from` to `to` where the
/// first char (or the first two chars) of pattern `p` stand, in ascending
/// order for each pattern.
fn scan(
    f: &[char],
    from: usize,
    to: usize,
    index: &Patterns,
    visit: &mut impl FnMut(usize, usize),
) {
    let Some(part) = f.get(from..to) else {
        return;
    };
    if !index.single.is_empty() {
        for (i, c) in (from..).zip(part) {
            for &p in index.single.get(c).map_or(&[][..], Vec::as_slice) {
                visit(i, p);
            }
        }
    }
    // The pairs that start in the part (the last one may end after it),
    // walked with the previous char carried along.
    let pairs = f.get(from..(to + 1).min(f.len())).unwrap_or(&[]);
    let Some((&first, rest)) = pairs.split_first() else {
        return;
    };
    let mut a = first;
    for (i, &b) in (from..).zip(rest) {
        let x = a;
        a = b;
        for &(p, q, k) in index.bucket(x, b) {
            if (p, q) == (x, b) {
                visit(i, k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::outline;

    pub(crate) fn run(text: &str) -> Vec<Term> {
        let doc = Doc::new(text);
        let sections = outline(&doc);
        glossary(&doc, &sections)
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            "一",
            "“",
            "”",
            "一二",
            "“”",
            "(",
            "1+",
            "+",
            "X即",
            "名词解释\n1. ",
        ] {
            let _ = run(t);
        }
        let big = "发".repeat(200_000);
        let _ = run(&big);
        let quotes = "”“".repeat(20_000);
        let _ = run(&quotes);
    }

    #[test]
    fn merges_script_variants_and_counts_every_occurrence() {
        let g = run("推進“眾創空間”建設。新建众创空间3家,眾創空間達到10家。");
        let t = g.iter().find(|t| t.term == "眾創空間").expect("term");
        assert_eq!(t.count, 3);
        assert_eq!(t.occurrences[0], Span(3, 7));
        assert_eq!(
            g.iter()
                .filter(|t| t.term.contains("创空") || t.term.contains("創空"))
                .count(),
            1
        );
    }

    #[test]
    fn every_mark_char_has_its_group() {
        for c in MARK_STR.chars() {
            let m = Mark::of(c);
            assert!(m.is_some(), "{c}");
            assert_eq!(m == Some(Mark::Numeral), chars::is_numeral(c), "{c}");
            let quote = c == '"' || chars::closing_quote(c).is_some() || chars::is_close_quote(c);
            assert_eq!(m == Some(Mark::Quote), quote, "{c}");
        }
        for c in ['中', '”', '"', '一', '万', 'a'] {
            assert_eq!(Mark::of(c).is_some(), MARK_CHARS.contains(c), "{c}");
        }
    }

    #[test]
    fn plain_words_never_enter() {
        let g = run("坚持“发展”,推进“建设”,“加快”步伐。发展发展,建设建设。");
        assert!(
            g.iter()
                .all(|t| !["发展", "建设", "加快"].contains(&t.term.as_str())),
            "{g:?}"
        );
    }
}
