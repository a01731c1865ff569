//! Targets and results: every quantity that measures something, as a row.
//!
//! Built on the number scanner ([`crate::numbers`]) over the folded text:
//!
//! 1. **Clauses.** Each quantity is read inside its clause (between ，；。
//!    and line breaks). Quantities joined by 、 / 和 / 及 share the clause's
//!    verb and, where they have none of their own, its indicator.
//! 2. **Indicator and change.** The words before the number are split into a
//!    change verb (增长, 达到, 新增, 完成, 控制在…, a closed class) and the
//!    thing measured, on either side of the verb (城建投资达到95亿元 /
//!    新增就业1.8万人); with no noun before the number, the noun after it
//!    (启动18个、完成27个老旧小区改造).
//! 3. **Bound** from the words around the number (以上/不低于/超过/突破/迈上/余
//!    → ge; 以内/不超过/低于 → le; 左右/约/近 → approx; a range → range).
//! 4. **Kind** from, in order: the main expected-target list (always a
//!    target), markers in the sentence (预计/同比/累计 → result; 力争/确保/计划/
//!    目标 → target), the section (回顾/执行情况 vs 工作意见/安排/任务), and the
//!    document as a whole (a plan summary is all targets).
//! 5. **Headline**: the items of the plan year's 主要预期目标 sentence (and of a
//!    section titled 主要指标…), including qualitative ones without a number
//!    (居民收入增长与经济增长同步), which become rows with a null value.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::charfilter::CharFilter;
use crate::doc::{advance, Doc};
use crate::numbers::{self, NumKind, Quantity};
use crate::{Bound, Form, Meta, Section, Span, Target, TargetKind};

/// Change verbs, longest first within each family so the longest matches.
const VERBS: &[&str] = &[
    "同比增长",
    "比上年增长",
    "较上年增长",
    "年均增长",
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "减少到",
    "减少至",
    "压缩到",
    "压缩至",
    "压减到",
    "压减至",
    "控制在",
    "稳定在",
    "保持在",
    "达到",
    "突破",
    "超过",
    "迈上",
    "迈过",
    "跨越",
    "跨上",
    "增长",
    "增加",
    "提高",
    "提升",
    "上涨",
    "回落",
    "下降",
    "降低",
    "减少",
    "压减",
    "压缩",
    "完成",
    "实现",
    "新增",
    "新建",
    "新开工",
    "新登记",
    "新引进",
    "新认定",
    "新改建",
    "新、改建",
    "改扩建",
    "建成",
    "开工建设",
    "开工",
    "启动",
    "综合整治",
    "改造",
    "引进",
    "培育",
    "打造",
    "举办",
    "开展",
    "筹集",
    "拆除",
    "消除",
    "打通",
    "加装",
    "安装",
    "设立",
    "投入",
    "吸引",
    "集聚",
    "留下",
    "接待",
    "兑现",
    "认定",
    "办理",
    "受理",
    "排查",
    "接种",
    "发放",
    "争取",
    "扶持",
    "帮助",
    "减免",
    "化解",
    "调解",
    "疏浚",
    "签约",
    "供地",
    "建设",
    "惠及",
    "覆盖",
    "更换",
    "建立",
    "创建",
    "实施",
    "安排",
    "提供",
    "申报",
    "获得",
    "培训",
    "救助",
    "整治",
    "治理",
    "落实",
    "推出",
    "出台",
    "上线",
    "成交",
    "达",
    "超",
    "逾",
    "占",
    "为",
    "是",
    "累计",
];

/// Words opening a clause that are not part of the indicator.
const LEADS: &[&str] = &[
    "力争全年",
    "力争",
    "确保",
    "争取",
    "努力",
    "推动",
    "推进",
    "促进",
    "预计",
    "全年",
    "今年",
    "明年",
    "当年",
    "上半年",
    "下半年",
    "一季度",
    "前三季度",
    "全区",
    "全市",
    "全省",
    "全县",
    "全国",
    "年均",
    "五年累计",
    "五年",
    "累计",
    "其中",
    "同时",
    "并且",
    "并",
    "以及",
    "和",
    "及",
    "共",
    "使",
    "让",
    "将",
    "要",
    "继续",
    "进一步",
    "计划",
    "预期",
    "其",
    "分别",
    "已",
    "已经",
    "当期",
    "全面",
    "积极",
    "持续",
    "认真",
    "成功",
    "共计",
    "在",
    "最高",
    "最低",
    "每年",
    "专门",
    "以上",
    "以下",
    "以内",
    "左右",
];

/// Words closing an indicator that are not part of it.
const TAILS: &[&str] = &[
    "预期目标",
    "的目标任务",
    "目标任务",
    "的目标",
    "目标",
    "计划",
    "每年",
    "分别",
    "总计",
    "合计",
    "共",
    "累计",
    "平均",
    "已",
    "将",
    "预计",
    "年度",
];

/// Periods, as they open a clause.
const PERIODS: &[&str] = &[
    "全年",
    "上半年",
    "下半年",
    "一季度",
    "前三季度",
    "年均",
    "五年累计",
    "今年",
    "当年",
];

/// Words that make a clause a reported result, wherever it stands.
const STRONG_RESULT_MARKS: &[&str] = &["预计", "同比", "比上年", "较上年", "同期", "达到目标的"];

/// Words that make a clause a reported result outside a plan section.
const RESULT_MARKS: &[&str] = &["已经", "累计", "五年来", "一年来"];

/// Words that make the sentence a plan or commitment.
const TARGET_MARKS: &[&str] = &[
    "力争",
    "确保",
    "争取",
    "计划",
    "预期目标",
    "目标任务",
    "要求",
    "将",
    "努力",
    "全年新增",
];

/// Section titles of a review and of a plan.
const REVIEW_WORDS: &[&str] = &["回顾", "执行情况", "完成情况", "过去", "成绩", "成就"];
const PLAN_WORDS: &[&str] = &[
    "意见",
    "安排",
    "任务",
    "目标",
    "重点工作",
    "打算",
    "部署",
    "主要工作",
    "今后",
    "未来",
    "展望",
    "建议",
];

/// Target rows of a document.
pub fn targets(doc: &Doc, sections: &[Section], meta: &Meta) -> Vec<Target> {
    let chars: &[char] = &doc.chars;
    let mut ix = Index::new(chars);
    let quantities = numbers::scan_at(chars, &std::mem::take(&mut ix.number_starts));
    ix.keep_numbers_whole(chars, &quantities);
    let ctx = Context::new(doc, sections, meta, chars, &ix);
    let qualitative = ctx.qualitative(doc, chars, &quantities);
    // At most one row per quantity: the rows are never moved to grow.
    let mut rows: Vec<Target> = Vec::with_capacity(quantities.len() + qualitative.len());
    let mut prev: Option<(usize, Row)> = None; // (quantity end, row) of the previous quantity
    for (qi, q) in quantities.iter().enumerate() {
        let pos = q.num_span.0;
        if ctx.skipped(pos) {
            continue;
        }
        // A quantity can run past a clause end (a time 8:30, a list 1,2):
        // its clause reaches at least to its end, so no slice of the text
        // after it can start past its clause's end.
        let clause = ix.clause_bounds(pos);
        let clause = (clause.0, clause.1.max(q.span.1));
        if is_modifier(chars, q, quantities.get(qi + 1), clause.1) || is_not_a_measure(chars, q) {
            continue;
        }
        let sentence = ix.sentence_bounds(pos);
        let inherit = match &prev {
            Some((end, row)) if *end >= clause.0 && *end <= pos => Some(row.clone()),
            _ => None,
        };
        let before = match &prev {
            Some((end, row)) if *end >= sentence.0 && *end <= pos => Some(row.clone()),
            _ => None,
        };
        let row = read_row(
            chars,
            &ix,
            q,
            clause,
            inherit.as_ref(),
            before.as_ref(),
            &quantities[qi + 1..],
        );
        let bound = bound(chars, q, clause);
        let headline = ctx.in_headline(pos);
        let kind = ctx.kind(&ix, clause, sentence, pos, headline);
        let period = if headline {
            meta.plan_year
                .map(|y| Cow::Owned(y.to_string()))
                .or_else(|| period(chars, &ix, sentence, pos))
        } else {
            period(chars, &ix, sentence, pos)
        };
        // A borrowed noun stays within reach too (an endless list inherits
        // the first row's start).
        let from = row.from.max(pos.saturating_sub(CLAUSE_REACH));
        let text_span = (clause.0.min(from), clause.1.max(q.span.1));
        let text = SpanText::new(doc, text_span);
        let unit = unit_as_written(doc, &text, q);
        rows.push(Target {
            kind,
            headline,
            indicator: match row.share_of {
                // 民生社会事业投入占财政支出比重
                Some(of) => format!(
                    "{}占{}比重",
                    text.original(row.indicator),
                    text.original(of)
                ),
                None => text.original(row.indicator),
            },
            change: row.change.map(|c| text.original(c)),
            value: Some(q.value.to_f64()),
            value_max: q.value_max.map(|v| v.to_f64()),
            unit,
            base_value: q.base.map(|b| b.0),
            base_unit: q
                .base
                .map(|b| b.1)
                .filter(|u| !u.is_empty())
                .map(Cow::Borrowed),
            bound,
            period,
            section: ctx.section_at(pos),
            text: text.text.to_string(),
            span: Span(text_span.0, text_span.1),
        });
        prev = Some((q.span.1, row));
    }
    distribute(doc, &mut rows);
    rows.extend(qualitative);
    // The rows are most often in order already (a stable sort would leave
    // them as they are).
    if !rows.is_sorted_by_key(|r| (r.span.0, r.span.1)) {
        crate::sort::by(&mut rows, |a, b| {
            (a.span.0, a.span.1).cmp(&(b.span.0, b.span.1))
        });
    }
    rows
}

/// 一产、二产、三产增加值分别增长5%左右、5%以上、5%左右: the k-th quantity of a
/// 分别 list measures the k-th item of the indicator list (with the head noun
/// the items share: 一产增加值, 二产增加值, 三产增加值).
fn distribute(doc: &Doc, rows: &mut [Target]) {
    let mut i = 0;
    while i < rows.len() {
        let mut j = i + 1;
        while j < rows.len() && rows[j].indicator == rows[i].indicator {
            j += 1;
        }
        // One row alone has nothing to share out.
        if let Some(list) = rows.get_mut(i..j).filter(|l| l.len() > 1) {
            distribute_list(doc, list);
        }
        i = j;
    }
}

/// [`distribute`] for a run of rows with the same indicator: when its items
/// (split at 、) are as many as the rows and the text says 分别, row k gets
/// item k.
fn distribute_list(doc: &Doc, rows: &mut [Target]) {
    let Some(first_row) = rows.first() else {
        return;
    };
    let ind = first_row.indicator.clone();
    let items: Vec<&str> = ind.split('、').collect();
    // The folded view of the row's text, without folding it again.
    let folded = doc.folded_slice(first_row.span.0, first_row.span.1);
    if items.len() > 1 && items.len() == rows.len() && folded.contains("分别") {
        let first = items[0].chars().count();
        let last: Vec<char> = items[items.len() - 1].chars().collect();
        let same = items[..items.len() - 1]
            .iter()
            .all(|t| t.chars().count() == first);
        let head: String = if same && last.len() > first {
            last[first..].iter().collect()
        } else {
            String::new()
        };
        for (k, (item, row)) in items.iter().zip(rows.iter_mut()).enumerate() {
            let mut name = item.to_string();
            if k + 1 < items.len() && !head.is_empty() {
                name.push_str(&head);
            }
            row.indicator = name;
        }
    }
}

/// Char range in the folded text (also valid in `text`).
type Range = (usize, usize);

/// What a row reads from its clause.
#[derive(Debug, Clone)]
struct Row {
    indicator: Range,
    change: Option<Range>,
    /// Where the row's text starts (the clause, or the noun it borrowed).
    from: usize,
    /// For a share (占财政支出的78%): what it is a share of.
    share_of: Option<Range>,
    /// Where the quantity ended (the next one in a list reads from here).
    end: usize,
}

/// The text of a row's char range, sliced once from the document, and
/// the parts of the row (indicator, change, unit) sliced from it: walking
/// a few chars from either end of it is cheaper than slicing the document
/// again. Parts outside it, or far from both its ends, are sliced from the
/// document.
struct SpanText<'a> {
    doc: &'a Doc<'a>,
    /// The row's char range.
    span: Range,
    /// Its text.
    text: &'a str,
}

/// How many chars [`SpanText::slice`] walks at most.
const NEAR: usize = 40;

impl<'a> SpanText<'a> {
    fn new(doc: &'a Doc<'a>, span: Range) -> SpanText<'a> {
        SpanText {
            doc,
            span,
            text: doc.text_slice(span.0, span.1),
        }
    }

    /// Chars `r` of the document's text (as [`Doc::text_slice`]).
    fn slice(&self, r: Range) -> &'a str {
        let (s, t) = (self.span, self.text);
        // Only a range wholly inside a span of real chars (not clamped at
        // the text's end) is sliced from the span's text.
        if r.0 <= r.1 && s.0 <= r.0 && r.1 <= s.1 && s.1 <= self.doc.chars.len() {
            let (fwd, back) = (r.1 - s.0, s.1 - r.0);
            if fwd <= back && fwd <= NEAR {
                let a = advance(t, 0, r.0 - s.0);
                let b = advance(t, a, r.1 - r.0);
                return t.get(a..b).unwrap_or("");
            }
            if back <= NEAR {
                let b = backward(t, t.len(), s.1 - r.1);
                let a = backward(t, b, r.1 - r.0);
                return t.get(a..b).unwrap_or("");
            }
        }
        self.doc.text_slice(r.0, r.1)
    }

    /// Chars `r` of the text, trimmed, as a `String`.
    fn original(&self, r: Range) -> String {
        self.slice(r).trim().to_string()
    }
}

/// The byte offset `n` chars before byte `from` of `s` (a char boundary;
/// clamped to 0).
fn backward(s: &str, from: usize, n: usize) -> usize {
    let bytes = s.as_bytes();
    let mut i = from.min(s.len());
    for _ in 0..n {
        if i == 0 {
            return 0;
        }
        i -= 1;
        // Back over the continuation bytes to the char's first byte.
        while i > 0 && bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
            i -= 1;
        }
    }
    i
}

/// The unit in the document's own script (億元 in a traditional report),
/// without the approximation words inside it (2万余人 → 万人).
fn unit_as_written(doc: &Doc, row: &SpanText, q: &Quantity) -> Option<Cow<'static, str>> {
    let unit = q.unit?;
    let Some((a, b)) = q.unit_span else {
        return Some(unit.word());
    };
    let text = row.slice((a, b));
    // The folded view of the same chars (`doc.chars`, without slicing
    // `folded`).
    let folded = doc.chars.get(a..b.min(doc.chars.len())).unwrap_or(&[]);
    // Where the text is its own folded view, the unit is as written.
    if text.chars().eq(folded.iter().copied()) {
        return Some(unit.word());
    }
    let mut want = unit.chars().peekable();
    let mut out = String::new();
    for (t, &f) in text.chars().zip(folded) {
        if want.peek() == Some(&f) {
            out.push(t);
            want.next();
        }
    }
    if want.peek().is_none() && !out.is_empty() {
        Some(Cow::Owned(out))
    } else {
        Some(unit.word())
    }
}

fn original(doc: &Doc, r: Range) -> String {
    doc.text_slice(r.0, r.1).trim().to_string()
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '。' | ',' | '，' | ';' | '；' | '!' | '?' | '\n' | ':' | '：'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | ';' | '；' | '!' | '?' | '\n')
}

/// Words that introduce the plan year's list of main targets, in the order
/// [`headline_ranges`] tries them.
const HEADLINE_KEYS: &[&str] = &["主要预期目标", "主要目标", "预期目标是", "预期目标为"];

/// Words whose occurrences [`Index`] records: the marks of a clause's kind,
/// the periods, 年 (a year before the number) and the headline keys.
const INDEXED: [&[&str]; 6] = [
    STRONG_RESULT_MARKS,
    RESULT_MARKS,
    TARGET_MARKS,
    PERIODS,
    &["年"],
    HEADLINE_KEYS,
];

/// Positions of the clause and sentence ends of the folded text, of the
/// chars where a quantity may start and of the [`INDEXED`] words, so the bounds of a quantity's clause and the marks in
/// it are found by binary search, in time independent of how long the
/// clause is (a text without punctuation is one clause).
struct Index {
    /// Text length in chars.
    len: usize,
    /// Positions of the chars where a clause ends ([`is_clause_end`]).
    clause_ends: Sorted,
    /// Positions of the chars where a sentence ends ([`is_sentence_end`]).
    sentence_ends: Sorted,
    /// Positions of the 。 and line breaks (the ends of a headline list).
    stops: Sorted,
    /// Positions of the chars where a quantity may start
    /// ([`numbers::could_start`]), for [`numbers::scan_at`].
    number_starts: Vec<usize>,
    /// For each list of [`INDEXED`], for each of its words: the word's
    /// length in chars and its start positions, in order.
    words: Vec<Vec<(usize, Sorted)>>,
    /// For each list of [`INDEXED`]: the starts of all its words' occurrences,
    /// in order, and for each the smallest end of the occurrences from there
    /// on, so [`Index::any`] is one binary search per range (only for the
    /// lists of marks, before [`YEAR`]: the others are not asked about).
    merged: Vec<(Sorted, Vec<usize>)>,
}

/// The bucket of a char in [`Index::new`]'s tables: its code modulo 1024.
fn bucket(c: char) -> usize {
    c as usize % 1024
}

/// Bits of [`Mark::kind`]: the char may start a quantity
/// ([`numbers::could_start`]), ends a clause ([`is_clause_end`]), a
/// sentence ([`is_sentence_end`]) or a headline list (。 and line breaks),
/// or starts [`INDEXED`] words.
const NUMBER: u8 = 1;
const CLAUSE_END: u8 = 2;
const SENTENCE_END: u8 = 4;
const STOP: u8 = 8;
const WORD: u8 = 16;

/// Lists of [`INDEXED`], by name.
const STRONG: usize = 0;
const RESULT: usize = 1;
const TARGET: usize = 2;
const PERIOD: usize = 3;
const YEAR: usize = 4;
const HEADLINE: usize = 5;

/// A char that matters to [`Index::new`], and what it is.
#[derive(Debug, Clone, Copy)]
struct Mark {
    c: char,
    /// [`NUMBER`], [`CLAUSE_END`], [`SENTENCE_END`], [`STOP`], [`WORD`].
    kind: u8,
    /// The range in [`IndexTables::firsts`] of the words it starts.
    words: (u16, u16),
}

/// [`IndexTables::buckets`]' entry for a bucket where several chars that
/// matter land (they are looked up in [`IndexTables::marks`]).
const SHARED: u8 = u8::MAX;

/// [`Index::new`]'s tables, which depend only on [`INDEXED`] (built once).
struct IndexTables {
    /// Every word of [`INDEXED`]: its list and its chars, in the lists'
    /// order (a word's place here is its id).
    words: Vec<(usize, Vec<char>)>,
    /// The ids of the words, ordered by first char (stable).
    firsts: Vec<usize>,
    /// The chars that matter, in no particular order.
    marks: Vec<Mark>,
    /// Per bucket: 0 when no char that matters lands there, `k + 1` when
    /// only `marks[k]` does, [`SHARED`] when several do. One probe turns
    /// most chars away; a char that lands in a bucket is compared once.
    buckets: [u8; 1024],
}

impl IndexTables {
    /// The mark of `c`, if it matters (searched: for a [`SHARED`] bucket).
    fn find(&self, c: char) -> Option<Mark> {
        self.marks.iter().find(|m| m.c == c).copied()
    }

    /// The mark of `c`, if it matters, through `buckets` (a copy of
    /// [`IndexTables::buckets`]).
    #[inline]
    fn lookup(&self, buckets: &[u8; 1024], c: char) -> Option<Mark> {
        let b = buckets[bucket(c)];
        if b == 0 {
            return None;
        }
        match self.marks.get(usize::from(b) - 1) {
            Some(m) if m.c == c => Some(*m),
            _ if b == SHARED => self.find(c),
            _ => None,
        }
    }

    /// Adds `kind` to the mark of `c`, and returns the mark.
    fn mark(&mut self, c: char, kind: u8) -> &mut Mark {
        let k = match self.marks.iter().position(|m| m.c == c) {
            Some(k) => k,
            None => {
                self.marks.push(Mark {
                    c,
                    kind: 0,
                    words: (0, 0),
                });
                self.marks.len() - 1
            }
        };
        let m = &mut self.marks[k];
        m.kind |= kind;
        m
    }
}

/// The [`IndexTables`].
fn index_tables() -> &'static IndexTables {
    static CELL: OnceLock<IndexTables> = OnceLock::new();
    CELL.get_or_init(|| {
        let words: Vec<(usize, Vec<char>)> = INDEXED
            .iter()
            .enumerate()
            .flat_map(|(l, list)| list.iter().map(move |w| (l, w.chars().collect())))
            .collect();
        let first = |id: &usize| {
            words
                .get(*id)
                .and_then(|w| w.1.first())
                .map_or(0, |&c| c as usize)
        };
        let mut firsts: Vec<usize> = (0..words.len()).filter(|id| first(id) != 0).collect();
        crate::sort::by_key(&mut firsts, first);
        let mut t = IndexTables {
            words: Vec::new(),
            firsts: Vec::new(),
            marks: Vec::new(),
            buckets: [0; 1024],
        };
        for c in numbers::START_CHARS {
            if numbers::could_start(c) {
                t.mark(c, NUMBER);
            }
        }
        for c in ['。', ',', '，', ';', '；', '!', '?', '\n', ':', '：'] {
            let mut kind = CLAUSE_END;
            if is_sentence_end(c) {
                kind |= SENTENCE_END;
                if matches!(c, '。' | '\n') {
                    kind |= STOP;
                }
            }
            t.mark(c, kind);
        }
        // Each first char's run of words in `firsts`.
        let mut n = 0;
        while let Some(id) = firsts.get(n) {
            let f = first(id);
            let run = firsts.get(n..).unwrap_or(&[]);
            let end = n + run.iter().take_while(|id| first(id) == f).count();
            if let Some(c) = char::from_u32(f as u32) {
                let at = |x: usize| u16::try_from(x).unwrap_or(u16::MAX);
                t.mark(c, WORD).words = (at(n), at(end));
            }
            n = end;
        }
        for (k, m) in t.marks.iter().enumerate() {
            let b = &mut t.buckets[bucket(m.c)];
            *b = match u8::try_from(k + 1) {
                Ok(k) if *b == 0 && k != SHARED => k,
                _ => SHARED,
            };
        }
        t.words = words;
        t.firsts = firsts;
        t
    })
}

impl Index {
    fn new(chars: &[char]) -> Index {
        let tables = index_tables();
        // A copy on the stack (1 KB), which the loop below probes at every
        // char: the compiler keeps it closer than the shared table.
        let buckets: [u8; 1024] = tables.buckets;
        // The starts of each word, by its id.
        let mut found: Vec<Vec<usize>> = vec![Vec::new(); tables.words.len()];
        // The occurrences (start, end) of the words of the lists of marks
        // (the lists before YEAR), in order, for [`Index::any`]; the years
        // and headline keys are not asked about.
        let mut occ: Vec<Vec<(usize, usize)>> = vec![Vec::new(); YEAR];
        // Room for as many positions as a report usually has (about one
        // clause end in 14 chars, a sentence end in 28, a number start in
        // 18), so the lists seldom grow.
        let n = chars.len();
        let mut clause_ends = Vec::with_capacity(n / 12);
        let mut sentence_ends = Vec::with_capacity(n / 24);
        let mut stops = Vec::with_capacity(n / 24);
        let mut number_starts = Vec::with_capacity(n / 16);
        for (i, &c) in chars.iter().enumerate() {
            let Some(mark) = tables.lookup(&buckets, c) else {
                continue;
            };
            let kind = mark.kind;
            if kind & NUMBER != 0 {
                number_starts.push(i);
            }
            if kind & CLAUSE_END != 0 {
                clause_ends.push(i);
                if kind & SENTENCE_END != 0 {
                    sentence_ends.push(i);
                }
                if kind & STOP != 0 {
                    stops.push(i);
                }
                continue;
            }
            let (a, b) = mark.words;
            for &id in tables
                .firsts
                .get(usize::from(a)..usize::from(b))
                .unwrap_or(&[])
            {
                let Some((l, w)) = tables.words.get(id) else {
                    continue;
                };
                // The first char is `c`.
                if starts_with_chars(chars, i + 1, w.get(1..).unwrap_or(&[])) {
                    if let Some(f) = found.get_mut(id) {
                        f.push(i);
                    }
                    if let Some(o) = occ.get_mut(*l) {
                        o.push((i, i + w.len()));
                    }
                }
            }
        }
        let merged = occ
            .into_iter()
            .map(|o| {
                let (starts, min_end) = merge(o);
                (Sorted::new(starts), min_end)
            })
            .collect();
        let mut words: Vec<Vec<(usize, Sorted)>> = INDEXED.iter().map(|_| Vec::new()).collect();
        for ((l, w), starts) in tables.words.iter().zip(found) {
            if let Some(list) = words.get_mut(*l) {
                list.push((w.len(), Sorted::new(starts)));
            }
        }
        Index {
            len: chars.len(),
            clause_ends: Sorted::new(clause_ends),
            sentence_ends: Sorted::new(sentence_ends),
            stops: Sorted::new(stops),
            number_starts,
            words,
            merged,
        }
    }

    /// Forgets the clause and sentence ends inside a quantity's number: the
    /// comma of 1,200万元 separates thousands, not clauses. Such ends are
    /// rare, so the numbers' own chars are looked at, and the lists of ends
    /// are rewritten only when one is found.
    fn keep_numbers_whole(&mut self, chars: &[char], quantities: &[Quantity]) {
        // The clause ends strictly inside a number, in order (the numbers
        // are in order and do not overlap).
        let inside: Vec<usize> = quantities
            .iter()
            .flat_map(|q| q.num_span.0 + 1..q.num_span.1)
            .filter(|&p| chars.get(p).is_some_and(|&c| is_clause_end(c)))
            .collect();
        if inside.is_empty() {
            return;
        }
        drop_positions(&mut self.clause_ends.v, &inside);
        drop_positions(&mut self.sentence_ends.v, &inside);
        self.clause_ends.hint.set(0);
        self.sentence_ends.hint.set(0);
    }

    /// The clause around `pos`: after the last clause end before it, up to
    /// the first clause end at or after it.
    /// A clause reaches at most [`CLAUSE_REACH`] chars either side of `pos`.
    fn clause_bounds(&self, pos: usize) -> Range {
        within(bounds(&self.clause_ends, self.len, pos), pos, CLAUSE_REACH)
    }

    /// The sentence around `pos`, as [`Index::clause_bounds`], at most
    /// [`SENTENCE_REACH`] chars either side of `pos`.
    fn sentence_bounds(&self, pos: usize) -> Range {
        within(
            bounds(&self.sentence_ends, self.len, pos),
            pos,
            SENTENCE_REACH,
        )
    }

    /// The first clause end at or after `pos`, or the text's end.
    fn next_clause_end(&self, pos: usize) -> usize {
        let k = self.clause_ends.rank(pos);
        self.clause_ends.get(k).unwrap_or(self.len)
    }

    /// True when word `k` of list `l` of [`INDEXED`] lies wholly in `r`.
    fn has(&self, l: usize, k: usize, r: Range) -> bool {
        let Some((n, starts)) = self.words.get(l).and_then(|list| list.get(k)) else {
            return false;
        };
        let i = starts.rank(r.0);
        starts.get(i).is_some_and(|s| s + n <= r.1)
    }

    /// True when some word of list `l` lies wholly in one of the ranges.
    fn any(&self, l: usize, ranges: &[Range]) -> bool {
        let Some((starts, min_end)) = self.merged.get(l) else {
            return false;
        };
        ranges.iter().any(|r| {
            let i = starts.rank(r.0);
            min_end.get(i).is_some_and(|&e| e <= r.1)
        })
    }

    /// The starts of word `k` of list `l`, in order.
    fn starts(&self, l: usize, k: usize) -> &[usize] {
        self.words
            .get(l)
            .and_then(|list| list.get(k))
            .map_or(&[], |(_, starts)| starts.v.as_slice())
    }

    /// The first 。 or line break at or after `pos`, or the text's end.
    fn next_stop(&self, pos: usize) -> usize {
        let k = self.stops.rank(pos);
        self.stops.get(k).unwrap_or(self.len)
    }

    /// The first start of word `k` of list `l` at or after `from`.
    fn first_from(&self, l: usize, k: usize, from: usize) -> Option<usize> {
        let (_, starts) = self.words.get(l)?.get(k)?;
        starts.get(starts.rank(from))
    }
}

/// Removes from `ends` (sorted) the positions of `drop` (sorted), in one
/// walk over both lists.
fn drop_positions(ends: &mut Vec<usize>, drop: &[usize]) {
    let mut drop = drop.iter().peekable();
    ends.retain(|&e| {
        while drop.next_if(|&&d| d < e).is_some() {}
        drop.peek() != Some(&&e)
    });
}

/// The occurrences (start, end) of the words of one list, found in the
/// order of their starts: all starts in order, and for each the smallest
/// end among the occurrences starting there or later.
fn merge(mut occ: Vec<(usize, usize)>) -> (Vec<usize>, Vec<usize>) {
    // Only words that start at the same char can be out of order.
    if !occ.is_sorted() {
        crate::sort::pairs(&mut occ);
    }
    let starts = occ.iter().map(|o| o.0).collect();
    let mut min_end: Vec<usize> = occ.iter().map(|o| o.1).collect();
    for i in (0..min_end.len().saturating_sub(1)).rev() {
        min_end[i] = min_end[i].min(min_end[i + 1]);
    }
    (starts, min_end)
}

/// The range around `pos` delimited by the sorted positions `ends`: after
/// the last end before `pos`, up to the first end at or after it.
/// How far a clause reaches from its quantity, in chars. Real clauses are
/// far shorter (the longest row text in the corpus is 69 chars); the limit
/// holds a text that has lost its punctuation (every quantity of it in one
/// clause) to rows of bounded size, so the report grows with the input
/// instead of with its square.
const CLAUSE_REACH: usize = 100;

/// How far a sentence reaches from a quantity, in chars, as [`CLAUSE_REACH`].
const SENTENCE_REACH: usize = 300;

/// `r` cut to at most `reach` chars either side of `pos`.
fn within(r: Range, pos: usize, reach: usize) -> Range {
    (
        r.0.max(pos.saturating_sub(reach)),
        r.1.min(pos.saturating_add(reach)),
    )
}

fn bounds(ends: &Sorted, len: usize, pos: usize) -> Range {
    let k = ends.rank(pos);
    let start = k
        .checked_sub(1)
        .and_then(|k| ends.get(k))
        .map_or(0, |e| e + 1);
    let end = ends.get(k).unwrap_or(len);
    (start, end)
}

/// Sorted positions that remember where the last search ended: the passes
/// ask about positions in increasing order, so the next answer is most
/// often a few steps from the last one, and a binary search is needed only
/// when it is not.
struct Sorted {
    v: Vec<usize>,
    /// The last answer of [`Sorted::rank`].
    hint: Cell<usize>,
}

impl Sorted {
    fn new(v: Vec<usize>) -> Sorted {
        Sorted {
            v,
            hint: Cell::new(0),
        }
    }

    /// The number of positions below `x` (`partition_point(|&e| e < x)`).
    fn rank(&self, x: usize) -> usize {
        let v = &self.v;
        let mut k = self.hint.get().min(v.len());
        let mut settled = false;
        for _ in 0..8 {
            if v.get(k).is_some_and(|&e| e < x) {
                k += 1;
            } else if k
                .checked_sub(1)
                .and_then(|j| v.get(j))
                .is_some_and(|&e| e >= x)
            {
                k -= 1;
            } else {
                settled = true;
                break;
            }
        }
        if !settled {
            k = v.partition_point(|&e| e < x);
        }
        self.hint.set(k);
        k
    }

    /// Position `k`.
    fn get(&self, k: usize) -> Option<usize> {
        self.v.get(k).copied()
    }
}

/// A word list as chars (built once), for the comparisons made at every
/// quantity, with filters on the words' first and last chars: a word can
/// only start (end) at a char whose bit is set, and only the words that
/// start (end) with that char are compared.
struct Words {
    /// The words with their first char, ordered by its [`word_bucket`]
    /// (stable, so words with the same first char keep the list's order).
    by_first: Vec<(char, Vec<char>)>,
    /// The words with their last char, ordered the same way by it.
    by_last: Vec<(char, Vec<char>)>,
    /// For each bucket, its range in `by_first`.
    first_buckets: Vec<(u16, u16)>,
    /// For each bucket, its range in `by_last`.
    last_buckets: Vec<(u16, u16)>,
    /// The words' first chars.
    firsts: CharFilter,
    /// The words' last chars.
    lasts: CharFilter,
}

/// How many buckets [`Words`] sorts its words into.
const WORD_BUCKETS: usize = 256;

/// The bucket of a char in [`Words`]: its code modulo [`WORD_BUCKETS`].
fn word_bucket(c: char) -> usize {
    c as usize % WORD_BUCKETS
}

/// For each bucket, the range of its entries in `sorted` (ordered by
/// bucket).
fn bucket_ranges(sorted: &[(char, Vec<char>)]) -> Vec<(u16, u16)> {
    let mut ranges = vec![(0u16, 0u16); WORD_BUCKETS];
    for (n, e) in sorted.iter().enumerate() {
        let n = u16::try_from(n).unwrap_or(u16::MAX);
        if let Some(r) = ranges.get_mut(word_bucket(e.0)) {
            if r.1 == 0 {
                r.0 = n;
            }
            r.1 = n.saturating_add(1);
        }
    }
    ranges
}

impl Words {
    fn new(list: &[&str]) -> Words {
        let words: Vec<Vec<char>> = list.iter().map(|w| w.chars().collect()).collect();
        let (mut firsts, mut lasts) = (CharFilter::EMPTY, CharFilter::EMPTY);
        let (mut by_first, mut by_last) = (Vec::new(), Vec::new());
        for w in &words {
            if let (Some(&a), Some(&b)) = (w.first(), w.last()) {
                firsts.insert(a);
                lasts.insert(b);
                by_first.push((a, w.clone()));
                by_last.push((b, w.clone()));
            }
        }
        crate::sort::by_key(&mut by_first, |e| word_bucket(e.0));
        crate::sort::by_key(&mut by_last, |e| word_bucket(e.0));
        Words {
            first_buckets: bucket_ranges(&by_first),
            last_buckets: bucket_ranges(&by_last),
            by_first,
            by_last,
            firsts,
            lasts,
        }
    }

    /// The words that start with the char at `at`, in the list's order.
    #[inline]
    fn starting_at(&self, chars: &[char], at: usize) -> impl Iterator<Item = &[char]> {
        let c = chars.get(at).copied();
        with_char(&self.by_first, &self.first_buckets, &self.firsts, c)
    }

    /// The words that end with the char before `end`, in the list's order.
    #[inline]
    fn ending_at(&self, chars: &[char], end: usize) -> impl Iterator<Item = &[char]> {
        let c = end.checked_sub(1).and_then(|i| chars.get(i)).copied();
        with_char(&self.by_last, &self.last_buckets, &self.lasts, c)
    }
}

/// The words of `sorted` (ordered by bucket, with the buckets' ranges in
/// `buckets` and their chars in `filter`) whose char is `c`, in order.
#[inline]
fn with_char<'w>(
    sorted: &'w [(char, Vec<char>)],
    buckets: &[(u16, u16)],
    filter: &CharFilter,
    c: Option<char>,
) -> impl Iterator<Item = &'w [char]> {
    let (group, c) = match c {
        Some(c) if filter.may_contain(c) => (group(sorted, buckets, c), c),
        _ => (&[][..], '\0'),
    };
    group
        .iter()
        .filter(move |e| e.0 == c)
        .map(|e| e.1.as_slice())
}

/// The folded titles of the sections, in one buffer.
struct Titles {
    /// The chars of all titles, one after another.
    chars: Vec<char>,
    /// Where each title ends in `chars` (it starts where the one before ends).
    ends: Vec<usize>,
}

impl Titles {
    /// The titles, in the sections' order.
    fn titles(&self) -> Vec<&[char]> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let t = self.chars.get(start..end).unwrap_or(&[]);
                start = end;
                t
            })
            .collect()
    }
}

/// The sections' titles folded char by char ([`crate::script::fold_char`],
/// as [`crate::script::fold`] does), without a `String` per title.
fn fold_titles(sections: &[Section]) -> Titles {
    let len = sections.iter().map(|s| s.title.len()).sum();
    let mut chars = Vec::with_capacity(len);
    let mut ends = Vec::with_capacity(sections.len());
    for s in sections {
        chars.extend(s.title.chars().map(crate::script::fold_char));
        ends.push(chars.len());
    }
    Titles { chars, ends }
}

/// The entries of `sorted` (ordered by their char's bucket, with the
/// bucket's range in `buckets`) in the bucket of `c`: those whose char is
/// `c`, and maybe others.
fn group<'w>(
    sorted: &'w [(char, Vec<char>)],
    buckets: &[(u16, u16)],
    c: char,
) -> &'w [(char, Vec<char>)] {
    let (a, b) = buckets.get(word_bucket(c)).copied().unwrap_or((0, 0));
    sorted.get(usize::from(a)..usize::from(b)).unwrap_or(&[])
}

/// `fn NAME() -> &'static Words`: the list `LIST` as [`Words`], built on
/// first use.
macro_rules! word_list {
    ($($name:ident => $list:ident),* $(,)?) => {$(
        #[doc = concat!("[`", stringify!($list), "`] as chars.")]
        fn $name() -> &'static Words {
            static CELL: OnceLock<Words> = OnceLock::new();
            CELL.get_or_init(|| Words::new($list))
        }
    )*};
}

word_list! {
    verbs => VERBS,
    leads => LEADS,
    tails => TAILS,
}

/// True when the chars from `at` on begin with `w`.
#[inline]
fn starts_with_chars(chars: &[char], at: usize, w: &[char]) -> bool {
    // Char by char: most words differ at the first.
    w.iter()
        .enumerate()
        .all(|(k, c)| chars.get(at + k) == Some(c))
}

/// True when the chars before `end` end with `w`.
#[inline]
fn ends_with_chars(chars: &[char], end: usize, w: &[char]) -> bool {
    // From the last char back: most words differ there.
    end >= w.len()
        && w.iter()
            .rev()
            .enumerate()
            .all(|(k, c)| chars.get(end - 1 - k) == Some(c))
}

/// A word of at most [`WORD_MAX`] chars as a char array, made at compile
/// time from its text, so that the comparisons made at every quantity do
/// not decode UTF-8.
#[derive(Debug, Clone, Copy)]
struct Word {
    chars: [char; WORD_MAX],
    len: usize,
}

/// The longest [`Word`], in chars.
const WORD_MAX: usize = 6;

impl Word {
    /// The word of `s` (a longer `s` fails to compile).
    const fn new(s: &str) -> Word {
        let b = s.as_bytes();
        let mut chars = ['\0'; WORD_MAX];
        let mut len = 0;
        let mut i = 0;
        while i < b.len() {
            let (c, next) = numbers::decode(b, i);
            chars[len] = c;
            len += 1;
            i = next;
        }
        Word { chars, len }
    }

    /// The word's chars.
    fn get(&self) -> &[char] {
        self.chars.get(..self.len).unwrap_or(&[])
    }

    /// Its length in chars.
    fn len(&self) -> usize {
        self.len
    }
}

/// The [`Word`]s of a list of texts (compile time).
const fn words<const N: usize>(list: [&str; N]) -> [Word; N] {
    let mut out = [Word {
        chars: ['\0'; WORD_MAX],
        len: 0,
    }; N];
    let mut i = 0;
    while i < N {
        out[i] = Word::new(list[i]);
        i += 1;
    }
    out
}

/// True when the chars from `at` on begin with `w`.
fn starts_with_at(chars: &[char], at: usize, w: &Word) -> bool {
    starts_with_chars(chars, at, w.get())
}

/// True when the chars before `end` end with `w`.
fn ends_with_at(chars: &[char], end: usize, w: &Word) -> bool {
    ends_with_chars(chars, end, w.get())
}

/// True when `w` lies wholly in the chars `r` of `chars`.
fn contains(chars: &[char], r: Range, w: &Word) -> bool {
    let end = r.1.min(chars.len());
    chars.get(r.0..end).is_some_and(|s| has_chars(s, w.get()))
}

use crate::script::is_han as is_cjk;

/// `c.is_alphanumeric()`, answered without the Unicode tables for the
/// common CJK ideographs (all letters).
#[inline]
fn is_word_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
}

/// Trims punctuation, spaces, lead words and tail words off a range.
fn trim_words(chars: &[char], mut r: Range) -> Range {
    loop {
        let before = r;
        while r.0 < r.1 && !is_word_char(chars[r.0]) && chars[r.0] != '“' {
            r.0 += 1;
        }
        while r.1 > r.0 && !is_word_char(chars[r.1 - 1]) && chars[r.1 - 1] != '”' {
            r.1 -= 1;
        }
        if let Some(w) = leads()
            .starting_at(chars, r.0)
            .find(|w| starts_with_chars(chars, r.0, w) && r.1 - r.0 > w.len())
        {
            r.0 += w.len();
        }
        if let Some(w) = tails()
            .ending_at(chars, r.1)
            .find(|w| ends_with_chars(chars, r.1, w) && r.1 - r.0 > w.len())
        {
            r.1 -= w.len();
        }
        // List numbering opening the clause (2、 / 10. / (3)); three digits
        // are already too many.
        let digits = chars[r.0..r.1]
            .iter()
            .take(3)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0
            && digits <= 2
            && r.0 + digits < r.1
            && matches!(chars[r.0 + digits], '、' | '.')
        {
            r.0 += digits + 1;
        }
        // A year opening the clause (2016年预计…) is a period, not the indicator.
        if r.1 - r.0 > 5
            && chars[r.0..r.0 + 4].iter().all(|c| c.is_ascii_digit())
            && chars[r.0 + 4] == '年'
        {
            r.0 += 5;
        }
        if r == before {
            return r;
        }
    }
}

/// True when a range holds no indicator: only a lead word, a verb, a
/// comparison (较2019年同期, 比上年) or a place (在…高校).
fn is_empty_indicator(chars: &[char], r: Range) -> bool {
    if r.1 <= r.0 {
        return true;
    }
    let n = r.1 - r.0;
    let whole = |w: &[char]| w.len() == n && starts_with_chars(chars, r.0, w);
    if leads().starting_at(chars, r.0).any(whole) || verbs().starting_at(chars, r.0).any(whole) {
        return true;
    }
    matches!(chars[r.0], '较' | '比')
        || starts_with_chars(chars, r.0, &['同', '比'])
        || (n == 1 && !is_cjk(chars[r.0]))
}

fn verb_at_start(chars: &[char], r: Range) -> Option<usize> {
    verbs()
        .starting_at(chars, r.0)
        .filter(|v| starts_with_chars(chars, r.0, v))
        .map(|v| v.len())
        .filter(|&n| n <= r.1 - r.0)
        .max()
}

fn verb_at_end(chars: &[char], r: Range) -> Option<usize> {
    verbs()
        .ending_at(chars, r.1)
        .filter(|v| ends_with_chars(chars, r.1, v) && r.1 - r.0 >= v.len())
        .map(|v| v.len())
        .max()
}

/// Verbs of a change relative to another value (同比增长22.3%).
const CHANGES: [Word; 8] = words([
    "增长", "增加", "下降", "降低", "提高", "提升", "上涨", "减少",
]);

/// Verbs of money put into something (投入1000万元).
const SPENDING: [Word; 7] = words(["投入", "安排", "设立", "筹集", "争取", "拨付", "下达"]);

/// Reads indicator and change for quantity `q` in `clause`. `inherit` is the
/// row of the previous quantity in the same clause (a list), `before` the
/// row of the previous quantity in the same sentence.
#[allow(clippy::too_many_arguments)]
fn read_row(
    chars: &[char],
    ix: &Index,
    q: &Quantity,
    clause: Range,
    inherit: Option<&Row>,
    before: Option<&Row>,
    rest: &[Quantity],
) -> Row {
    let pos = q.span.0;
    // The words before the number: from the previous quantity (in a list) or the clause start.
    let list_start = inherit
        .map(|prev| prev.end.clamp(clause.0, pos))
        .unwrap_or(clause.0);
    let pre = trim_words(chars, (list_start, pos));
    let mut change = None;
    let mut indicator = (pre.0, pre.0);
    let mut share_of = None;
    let mut noun_from_verb = false;
    if pre.1 > pre.0 {
        if chars[pre.1 - 1] == '的'
            && matches!(
                q.kind,
                NumKind::Percent | NumKind::Fraction | NumKind::Permille
            )
        {
            // 占财政支出的78% / 达到中心城区的三分之一: a share of something.
            let body = trim_words(chars, (pre.0, pre.1 - 1));
            let (subject, whole) = match (body.0..body.1).find(|&i| {
                matches!(chars[i], '占' | '为' | '是') || starts_with_chars(chars, i, &['达', '到'])
            }) {
                Some(i) => {
                    let n = if starts_with_chars(chars, i, &['达', '到']) {
                        2
                    } else {
                        1
                    };
                    change = Some((i, i + n));
                    (
                        trim_words(chars, (body.0, i)),
                        trim_words(chars, (i + n, body.1)),
                    )
                }
                None => ((body.0, body.0), body),
            };
            share_of = Some(whole);
            indicator = subject;
        } else if let Some(n) = verb_at_end(chars, pre) {
            change = Some((pre.1 - n, pre.1));
            let ind = trim_words(chars, (pre.0, pre.1 - n));
            indicator = match verb_at_start(chars, ind) {
                // 实现供地: the "verb" at the end is the thing measured.
                Some(m) if m == ind.1 - ind.0 => {
                    change = Some(ind);
                    noun_from_verb = true;
                    (pre.1 - n, pre.1)
                }
                // 推动…覆盖面达到 / 新增…: a verb at the start too is part of the action.
                Some(m) if ind.1 - ind.0 - m >= 2 && !is_measure_noun(chars, ind) => {
                    change = Some((ind.0, ind.0 + m));
                    trim_words(chars, (ind.0 + m, ind.1))
                }
                _ => ind,
            };
        } else if let Some(n) = verb_at_start(chars, pre) {
            change = Some((pre.0, pre.0 + n));
            indicator = trim_words(chars, (pre.0 + n, pre.1));
        } else {
            indicator = pre;
        }
    }
    if !noun_from_verb && is_empty_indicator(chars, indicator) {
        indicator = (pre.1, pre.1);
    }
    let mut from = pre.0.min(pos);
    if let Some(prev) = inherit {
        if indicator.1 <= indicator.0 {
            indicator = prev.indicator;
            from = from.min(prev.from);
        }
        change = change.or(prev.change);
    }
    // The thing counted, when a noun follows the count (建成…等11条道路,
    // 推动30家企业属地法人化), or when nothing before names it.
    let examples = pre.1 > pre.0 && chars[pre.1 - 1] == '等';
    let counted = is_count_unit(q) && noun_follows(chars, q.span.1, clause.1);
    let located = indicator.1 > indicator.0 && chars[indicator.0] == '在';
    if indicator.1 <= indicator.0 || examples || counted || located {
        if let Some(after) = noun_after(chars, q, clause, rest) {
            indicator = after;
        }
    }
    // 同比增长22.3% after 地区生产总值完成779.43亿元: a change of the thing
    // the sentence is about.
    let relative = change.is_some_and(|c| {
        let w = &chars[c.0..c.1];
        CHANGES.iter().any(|g| w.ends_with(g.get()))
    }) || (pre.1 > pre.0 && matches!(chars[pre.0], '较' | '比' | '同'));
    // Money put into something names it in the next clause (投入1000万元,
    // 建设…网点); anything else measures what the sentence is about.
    let spending = change.is_some_and(|c| {
        let w = &chars[c.0..c.1];
        SPENDING.iter().any(|v| w == v.get())
    });
    if indicator.1 <= indicator.0 && share_of.is_none() && (relative || !spending) {
        if let Some(prev) = before {
            indicator = prev.indicator;
        }
    }
    if indicator.1 <= indicator.0 {
        let next = clause.1 + 1;
        if next < chars.len()
            && is_clause_end(chars[clause.1])
            && !matches!(chars[clause.1], '。' | '\n')
        {
            let end = ix.next_clause_end(next);
            let r = trim_words(chars, (next, end.min(next + 24)));
            if r.1 > r.0 && !chars[r.0..r.1].iter().any(|c| c.is_ascii_digit()) {
                indicator = r;
            }
        }
    }
    if indicator.1 <= indicator.0 {
        if let Some(prev) = before {
            indicator = prev.indicator;
        }
    }
    // 每千人口床位数从9.4张 (the baseline was not a row): the indicator stops at 从.
    if let Some(k) = (indicator.0..indicator.1).find(|&i| {
        matches!(chars[i], '从' | '由') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
    }) {
        if k > indicator.0 + 1 {
            indicator.1 = k;
        }
    }
    Row {
        indicator,
        change,
        from,
        share_of,
        end: q.span.1,
    }
}

/// Whether the unit of `q`, written as one string, is the non-empty `w`.
fn unit_is(q: &Quantity, w: &str) -> bool {
    q.unit.is_some_and(|u| u.is(w))
}

/// Units that count things (个, 家, 条…), after which a noun is what is counted.
fn is_count_unit(q: &Quantity) -> bool {
    let Some(u) = q.unit else {
        return false;
    };
    let mut rest = u
        .chars()
        .skip_while(|c| matches!(c, '万' | '亿' | '千' | '百'));
    // One counting char, after the magnitude words.
    match (rest.next(), rest.next()) {
        (Some(c), None) => matches!(
            c,
            '个' | '家'
                | '项'
                | '所'
                | '条'
                | '栋'
                | '幢'
                | '套'
                | '处'
                | '部'
                | '片'
                | '座'
                | '根'
                | '批'
                | '支'
                | '台'
                | '辆'
                | '名'
                | '位'
                | '户'
                | '间'
                | '张'
                | '场'
                | '宗'
                | '件'
                | '期'
                | '段'
                | '类'
                | '种'
                | '块'
        ),
        _ => false,
    }
}

/// True when a noun (not a particle or bound word) starts at `i`.
fn noun_follows(chars: &[char], i: usize, end: usize) -> bool {
    i < end
        && is_cjk(chars[i])
        && !matches!(
            chars[i],
            '以' | '左'
                | '的'
                | '和'
                | '及'
                | '与'
                | '、'
                | '次'
                | '多'
                | '余'
                | '是'
                | '为'
                | '达'
        )
}

/// True when the words look like a measured noun rather than a verb phrase
/// (an indicator that merely starts with a verb-like char, e.g. 实际利用外资).
fn is_measure_noun(chars: &[char], r: Range) -> bool {
    const NOUNS: [Word; 13] = words([
        "总额",
        "总量",
        "收入",
        "投资",
        "资金",
        "增加值",
        "产值",
        "规模",
        "比重",
        "占比",
        "率",
        "额",
        "数",
    ]);
    let s = &chars[r.0..r.1];
    NOUNS.iter().any(|w| s.ends_with(w.get())) && !s.contains(&'、')
}

/// The noun a quantity counts when it follows the number (新增20个金桥书吧),
/// skipping the rest of a 、 list of quantities that share it.
fn noun_after(chars: &[char], q: &Quantity, clause: Range, rest: &[Quantity]) -> Option<Range> {
    let mut end = q.span.1;
    for r in rest {
        if r.span.0 >= clause.1 {
            break;
        }
        let between = chars.get(end..r.span.0).unwrap_or(&[]);
        let joins = between.len() <= 3
            && between
                .iter()
                .all(|&c| matches!(c, '、' | '和' | '及' | ' ') || is_cjk(c));
        if !joins {
            break;
        }
        end = r.span.1;
    }
    let mut a = end;
    while a < clause.1 && matches!(chars[a], '以' | '上' | '下' | '内' | '的' | '左' | '右')
    {
        a += 1;
    }
    const TAIL_WORDS: [Word; 7] = words([
        "的目标任务",
        "目标任务",
        "建设目标",
        "任务",
        "工作",
        "建设",
        "打造",
    ]);
    let r = trim_words(chars, (a, clause.1));
    let mut r = r;
    for t in &TAIL_WORDS {
        if ends_with_at(chars, r.1, t) && r.1 - r.0 > t.len() + 1 {
            r.1 -= t.len();
        }
    }
    (r.1 > r.0 && chars[r.0..r.1].iter().filter(|c| is_cjk(**c)).count() >= 2).then_some(r)
}

/// Quantities that name a time span or a thing rather than measure: 过去五年,
/// 五年来, 未来五年 (periods), 四周 (a word), 六条意见 / 十一条禁令 (named
/// documents), and the baseline of a change (从9.4张增加到13.4张).
fn is_not_a_measure(chars: &[char], q: &Quantity) -> bool {
    const PERIOD_BEFORE: [Word; 8] =
        words(["过去", "未来", "今后", "近", "这", "最近", "前", "连续"]);
    const PERIOD_AFTER: [Word; 12] = words([
        "来", "累计", "内", "间", "中", "里", "以来", "计", "共", "新增", "全区", "全市",
    ]);
    const DOCUMENTS: [Word; 8] = words([
        "意见", "禁令", "规定", "措施", "举措", "政策", "原则", "要求",
    ]);
    const MOVES: [Word; 12] = words([
        "增加", "减少", "提高", "下降", "降低", "缩减", "缩短", "提升", "上升", "扩大", "增长",
        "压缩",
    ]);
    let before = |w: &Word| ends_with_at(chars, q.span.0, w);
    let after = |w: &Word| starts_with_at(chars, q.span.1, w);
    let chinese = chars[q.num_span.0..q.num_span.1]
        .iter()
        .all(|c| !c.is_ascii_digit());
    if unit_is(q, "年") {
        let period_before = PERIOD_BEFORE.iter().any(before);
        let period_after = PERIOD_AFTER.iter().any(after);
        if period_before || period_after {
            return true;
        }
    }
    if chinese && unit_is(q, "周") {
        return true;
    }
    if chinese && unit_is(q, "条") && DOCUMENTS.iter().any(after) {
        return true;
    }
    // The "from" value of 从…增加到…: a baseline, not a result.
    if q.span.0 > 0 && matches!(chars.get(q.span.0 - 1), Some('从' | '由')) {
        let mut i = q.span.1;
        while i < chars.len() && i < q.span.1 + 2 && !is_clause_end(chars[i]) && !is_cjk(chars[i]) {
            i += 1;
        }
        let rest = &chars[i..(i + 4).min(chars.len())];
        if MOVES.iter().any(|m| rest.starts_with(m.get())) {
            return true;
        }
    }
    false
}

/// A sum of money or an area right before a noun, with another quantity
/// after it in the clause, qualifies that noun (5亿元楼宇2栋, 30亿元以上项目2个).
fn is_modifier(chars: &[char], q: &Quantity, next: Option<&Quantity>, clause_end: usize) -> bool {
    const BOUNDS: [Word; 5] = words(["以上", "以下", "以内", "左右", "级"]);
    let mut i = q.span.1;
    for w in &BOUNDS {
        if starts_with_at(chars, i, w) {
            i += w.len();
        }
    }
    let glued = i < clause_end
        && is_cjk(chars[i])
        && !verbs()
            .starting_at(chars, i)
            .any(|v| starts_with_chars(chars, i, v))
        && !matches!(
            chars[i],
            '、' | '和' | '及' | '与' | '的' | '左' | '多' | '余'
        );
    // 24小时自助服务区, 三年行动计划, 60岁以上群体: a duration or age naming a thing.
    if glued
        && ["小时", "天", "年", "岁", "周岁", "月", "分钟", "日"]
            .iter()
            .any(|w| unit_is(q, w))
    {
        return true;
    }
    // 以下八个方面: the report's own structure.
    if unit_is(q, "个") && starts_with_chars(chars, q.span.1, &['方', '面']) {
        return true;
    }
    let Some(next) = next else { return false };
    if next.span.0 >= clause_end {
        return false;
    }
    glued
        && q.unit
            .is_some_and(|u| u.ends_with("元") || u.ends_with("平方米") || u.is("亿") || u.is("万"))
        && next.span.0 > i
}

fn bound(chars: &[char], q: &Quantity, clause: Range) -> Bound {
    if q.value_max.is_some() {
        return Bound::Range;
    }
    let after_end = (q.span.1 + 4).min(clause.1);
    let after = &chars[q.span.1..after_end];
    if after.starts_with(&['以', '上']) || after.starts_with(&['及', '以', '上']) {
        return Bound::Ge;
    }
    if after.starts_with(&['以', '内']) || after.starts_with(&['以', '下']) {
        return Bound::Le;
    }
    if after.starts_with(&['左', '右']) {
        return Bound::Approx;
    }
    match q.approx {
        Some("多") | Some("余") | Some("逾") | Some("超") => return Bound::Ge,
        Some("约") | Some("近") | Some("左右") | Some("大约") | Some("接近") => {
            return Bound::Approx
        }
        _ => {}
    }
    let before_start = q.span.0.saturating_sub(10).max(clause.0);
    let before = &chars[before_start..q.span.0];
    let (words, firsts) = bound_words();
    // Every bound word starts with a char of the filter.
    if !before.iter().any(|&c| firsts.may_contain(c)) {
        return Bound::Eq;
    }
    // The words that occur, as bits in the list's order (one walk over
    // `before` instead of one per word): a word of two chars or more
    // anywhere, a one-char word only at the end.
    let mut found = 0u32;
    for (i, &c) in before.iter().enumerate() {
        if !firsts.may_contain(c) {
            continue;
        }
        for (k, (w, _)) in words.iter().enumerate().take(32) {
            let here = w.first() == Some(&c)
                && if w.len() >= 2 {
                    starts_with_chars(before, i, w)
                } else {
                    i + 1 == before.len()
                };
            if here {
                found |= 1 << k;
            }
        }
    }
    // The first word of the list that occurs.
    let first = usize::try_from(found.trailing_zeros()).unwrap_or(usize::MAX);
    words.get(first).map_or(Bound::Eq, |&(_, b)| b)
}

/// Words before a number that give its bound, in order of precedence, as
/// chars, and the filter of their first chars (built once).
type BoundWords = (Vec<(Vec<char>, Bound)>, CharFilter);

/// The [`BoundWords`].
fn bound_words() -> &'static BoundWords {
    static CELL: OnceLock<BoundWords> = OnceLock::new();
    CELL.get_or_init(|| {
        let words: Vec<(Vec<char>, Bound)> = [
            ("不低于", Bound::Ge),
            ("不少于", Bound::Ge),
            ("不小于", Bound::Ge),
            ("超过", Bound::Ge),
            ("突破", Bound::Ge),
            ("迈上", Bound::Ge),
            ("迈过", Bound::Ge),
            ("跨越", Bound::Ge),
            ("高于", Bound::Ge),
            ("超", Bound::Ge),
            ("逾", Bound::Ge),
            ("不超过", Bound::Le),
            ("不高于", Bound::Le),
            ("低于", Bound::Le),
            ("最高", Bound::Le),
            ("以内", Bound::Le),
            ("约", Bound::Approx),
            ("近", Bound::Approx),
        ]
        .iter()
        .map(|&(w, b)| (w.chars().collect(), b))
        .collect();
        let mut firsts = CharFilter::EMPTY;
        for (w, _) in &words {
            if let Some(&c) = w.first() {
                firsts.insert(c);
            }
        }
        (words, firsts)
    })
}

/// Bits of [`title_marks`]: the title has a review word, a plan word,
/// 上半年, 下半年, a glossary's name (名词解释, 名词注释, 术语), or is a
/// headline list's (has 主要指标 or 主要预期目标, or is 主要目标).
const TITLE_REVIEW: u8 = 1;
const TITLE_PLAN: u8 = 2;
const TITLE_FIRST_HALF: u8 = 4;
const TITLE_SECOND_HALF: u8 = 8;
const TITLE_GLOSSARY: u8 = 16;
const TITLE_HEADLINE: u8 = 32;

/// The words [`title_marks`] looks for, with the bit each sets.
const TITLE_WORDS: [(&[&str], u8); 6] = [
    (REVIEW_WORDS, TITLE_REVIEW),
    (PLAN_WORDS, TITLE_PLAN),
    (&["上半年"], TITLE_FIRST_HALF),
    (&["下半年"], TITLE_SECOND_HALF),
    (&["名词解释", "名词注释", "术语"], TITLE_GLOSSARY),
    (&["主要指标", "主要预期目标"], TITLE_HEADLINE),
];

/// [`TITLE_WORDS`] as chars, one (word, bit) each, and the filter of
/// their first chars.
type TitleWords = (Vec<(Vec<char>, u8)>, CharFilter);

/// The [`TitleWords`] (built once).
fn title_words() -> &'static TitleWords {
    static CELL: OnceLock<TitleWords> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut firsts = CharFilter::EMPTY;
        let mut words = Vec::new();
        for (list, bit) in TITLE_WORDS {
            for w in list {
                let w: Vec<char> = w.chars().collect();
                if let Some(&c) = w.first() {
                    firsts.insert(c);
                    words.push((w, bit));
                }
            }
        }
        (words, firsts)
    })
}

/// What a folded section title says, as bits ([`TITLE_REVIEW`]…): one
/// walk over it for all the words of [`TITLE_WORDS`].
fn title_marks(t: &[char]) -> u8 {
    let (words, firsts) = title_words();
    let mut marks = 0;
    for (i, &c) in t.iter().enumerate() {
        if !firsts.may_contain(c) {
            continue;
        }
        for (w, bit) in words {
            if w.first() == Some(&c) && starts_with_chars(t, i, w) {
                marks |= bit;
            }
        }
    }
    if t.iter().copied().eq("主要目标".chars()) {
        marks |= TITLE_HEADLINE;
    }
    marks
}

/// True when the chars `w` occur in `s` (an empty `w` occurs everywhere).
fn has_chars(s: &[char], w: &[char]) -> bool {
    let Some(&first) = w.first() else {
        return true;
    };
    (0..s.len()).any(|i| s[i] == first && starts_with_chars(s, i, w))
}

fn period(chars: &[char], ix: &Index, sentence: Range, pos: usize) -> Option<Cow<'static, str>> {
    let head = (sentence.0, pos);
    if ix.any(PERIOD, &[head]) {
        for (k, p) in PERIODS.iter().enumerate() {
            if ix.has(PERIOD, k, head) {
                return Some(Cow::Borrowed(p));
            }
        }
    }
    // A year before the number in the same sentence: 预计2016年达到…. The
    // four chars before the sentence's first 年 must be the year's digits.
    let b = ix.first_from(YEAR, 0, head.0).filter(|&b| b < head.1)?;
    let y = chars.get(b.checked_sub(4)?.max(head.0)..b)?;
    (y.len() == 4
        && y.iter().all(|c| c.is_ascii_digit())
        && matches!(y, ['1', '9', ..] | ['2', '0', ..]))
    .then(|| Cow::Owned(y.iter().collect()))
}

/// A set of char ranges that tells in logarithmic time whether one of them
/// holds a position: the ranges sorted by start, with the furthest end
/// reached by each prefix.
struct Ranges {
    /// The ranges' starts, sorted (asked about in increasing order).
    starts: Sorted,
    /// `reach[k]`: the largest end among the first `k + 1` ranges.
    reach: Vec<usize>,
}

impl Ranges {
    fn new(ranges: &[Range]) -> Ranges {
        let mut sorted = ranges.to_vec();
        crate::sort::pairs(&mut sorted);
        let mut reach = Vec::with_capacity(sorted.len());
        let mut far = 0;
        for r in &sorted {
            far = far.max(r.1);
            reach.push(far);
        }
        Ranges {
            starts: Sorted::new(sorted.iter().map(|r| r.0).collect()),
            reach,
        }
    }

    /// True when some range `r` has `r.0 <= pos < r.1`.
    fn contains(&self, pos: usize) -> bool {
        // The ranges that start at or before `pos`.
        let k = self.starts.rank(pos.saturating_add(1));
        k.checked_sub(1)
            .and_then(|k| self.reach.get(k))
            .is_some_and(|&e| e > pos)
    }
}

/// What the passes know about the document's structure.
struct Context<'a> {
    sections: &'a [Section],
    /// Where each section's heading starts (the sections are in that order).
    section_starts: Sorted,
    /// Per section: Some(true) review, Some(false) plan, None undecided.
    section_kind: Vec<Option<bool>>,
    /// Char ranges where quantities are not rows (front matter, glossary).
    skip: Ranges,
    /// Char ranges of headline lists, in the order found.
    headline: Vec<Range>,
    /// The same, for look-ups.
    headline_set: Ranges,
    /// Default kind when nothing else decides.
    default_result: bool,
    /// The plan year, the period of headline items.
    plan_year: Option<i32>,
}

impl<'a> Context<'a> {
    fn new(
        doc: &Doc,
        sections: &'a [Section],
        meta: &Meta,
        chars: &[char],
        ix: &Index,
    ) -> Context<'a> {
        // The sections' titles, folded once for all the tests below.
        let folded = fold_titles(sections);
        let titles = folded.titles();
        // The plan year as written in a title (2023年).
        let plan_year: Option<Vec<char>> =
            meta.plan_year.map(|y| format!("{y}年").chars().collect());
        // What each title says ([`title_marks`]).
        let marks: Vec<u8> = titles.iter().map(|t| title_marks(t)).collect();
        let mut section_kind = Vec::with_capacity(sections.len());
        for ((s, t), &m) in sections.iter().zip(&titles).zip(&marks) {
            let own = if m & TITLE_REVIEW != 0 {
                Some(true)
            } else if m & TITLE_PLAN != 0
                || (m & TITLE_SECOND_HALF != 0 && m & TITLE_FIRST_HALF == 0)
                || (meta.plan_year != meta.report_year
                    && plan_year.as_deref().is_some_and(|y| has_chars(t, y)))
            {
                Some(false)
            } else {
                None
            };
            let inherited = s
                .parent
                .and_then(|p| section_kind.get(p).copied().flatten());
            // The nearest decisive ancestor wins over a run-in's wording.
            section_kind.push(
                if s.level > 1 && inherited.is_some() && s.form == Form::Runin {
                    inherited
                } else {
                    own.or(inherited)
                },
            );
        }
        let mut skip = Vec::new();
        // Front matter: before the first heading or salutation.
        let body = sections.first().map(|s| s.span.0).unwrap_or(0);
        let first_line_end = doc
            .lines
            .iter()
            .take(6)
            .find(|l| l.len >= 50)
            .map(|l| l.start)
            .unwrap_or(body);
        skip.push((0, body.min(first_line_end)));
        // Glossary sections and their entries.
        for (s, &m) in sections.iter().zip(&marks) {
            if m & TITLE_GLOSSARY != 0 {
                skip.push((s.section_span.0, s.section_span.1));
            }
        }
        let headline = headline_ranges(doc, sections, &marks, chars, ix);
        let has_review = section_kind.contains(&Some(true));
        let default_result = has_review || meta.plan_year.is_none();
        Context {
            sections,
            section_starts: Sorted::new(sections.iter().map(|s| s.span.0).collect()),
            section_kind,
            skip: Ranges::new(&skip),
            headline_set: Ranges::new(&headline),
            headline,
            default_result,
            plan_year: meta.plan_year,
        }
    }

    fn skipped(&self, pos: usize) -> bool {
        self.skip.contains(pos)
    }

    fn in_headline(&self, pos: usize) -> bool {
        self.headline_set.contains(pos)
    }

    /// Innermost section containing `pos`: the last heading at or before
    /// it, or the nearest of its ancestors whose section reaches `pos`.
    fn section_at(&self, pos: usize) -> Option<usize> {
        // The sections whose heading starts at or before `pos`.
        let k = self.section_starts.rank(pos.saturating_add(1));
        let mut cur = self.sections.get(k.checked_sub(1)?);
        while let Some(s) = cur {
            if s.section_span.0 <= pos && pos < s.section_span.1 {
                return Some(s.id);
            }
            cur = s.parent.and_then(|p| self.sections.get(p));
        }
        None
    }

    fn kind(
        &self,
        ix: &Index,
        clause: Range,
        sentence: Range,
        pos: usize,
        headline: bool,
    ) -> TargetKind {
        if headline {
            return TargetKind::Target;
        }
        let before = (sentence.0, pos);
        let strong_result = ix.any(STRONG, &[clause, before]);
        let result_mark = strong_result || ix.any(RESULT, &[clause, before]);
        let target_mark = ix.any(TARGET, &[clause]);
        let section = self
            .section_at(pos)
            .and_then(|id| self.section_kind.get(id).copied().flatten());
        match section {
            // In a plan, only an estimate or a comparison with last year is a result.
            Some(false) if strong_result && !target_mark => TargetKind::Result,
            Some(false) => TargetKind::Target,
            // In a review, a commitment (力争, 确保…) is a target.
            Some(true) if target_mark && !strong_result => TargetKind::Target,
            Some(true) => TargetKind::Result,
            None => match (target_mark, result_mark) {
                (true, false) => TargetKind::Target,
                (false, true) => TargetKind::Result,
                _ if self.default_result => TargetKind::Result,
                _ => TargetKind::Target,
            },
        }
    }

    /// Rows for the qualitative items of headline lists (no number).
    fn qualitative(&self, doc: &Doc, chars: &[char], quantities: &[Quantity]) -> Vec<Target> {
        let mut out = Vec::new();
        for &(a, b) in &self.headline {
            let mut start = a;
            for i in a..=b {
                let end_here =
                    i == b || matches!(chars.get(i), Some(',' | '，' | ';' | '；' | '。'));
                if !end_here {
                    continue;
                }
                let r = trim_words(chars, (start, i));
                start = i + 1;
                // A qualitative item is a short phrase (居民收入增长与经济增长同步);
                // a longer stretch without a comma is not one.
                if r.1 <= r.0
                    || r.1 - r.0 < 4
                    || r.1 - r.0 > QUALITATIVE_MAX
                    || has_quantity(quantities, r)
                {
                    continue;
                }
                if chars[r.0..r.1].iter().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                let (indicator, change, bound) = split_qualitative(chars, r);
                out.push(Target {
                    kind: TargetKind::Target,
                    headline: true,
                    indicator: original(doc, indicator),
                    change: change.map(|c| original(doc, c)),
                    value: None,
                    value_max: None,
                    unit: None,
                    base_value: None,
                    base_unit: None,
                    bound,
                    period: self.plan_year.map(|y| Cow::Owned(y.to_string())),
                    section: self.section_at(r.0),
                    text: original(doc, r),
                    span: Span(r.0, r.1),
                });
            }
        }
        out
    }
}

/// The longest qualitative item of a headline list, in chars (the longest
/// in the corpus is 29).
const QUALITATIVE_MAX: usize = 2 * CLAUSE_REACH;

/// True when a quantity's number starts in `r` (quantities are in order).
fn has_quantity(quantities: &[Quantity], r: Range) -> bool {
    let k = quantities.partition_point(|q| q.num_span.0 < r.0);
    quantities.get(k).is_some_and(|q| q.num_span.0 < r.1)
}

/// Splits a qualitative item (居民收入增长与经济增长同步) into indicator,
/// change and bound.
fn split_qualitative(chars: &[char], r: Range) -> (Range, Option<Range>, Bound) {
    const KEYS: [(Word, Bound); 14] = [
        (Word::new("与"), Bound::Eq),
        (Word::new("不低于"), Bound::Ge),
        (Word::new("不高于"), Bound::Le),
        (Word::new("高于"), Bound::Ge),
        (Word::new("低于"), Bound::Le),
        (Word::new("取得"), Bound::Eq),
        (Word::new("完成"), Bound::Eq),
        (Word::new("控制在"), Bound::Le),
        (Word::new("达到"), Bound::Eq),
        (Word::new("实现"), Bound::Eq),
        (Word::new("保持"), Bound::Eq),
        (Word::new("稳定"), Bound::Eq),
        (Word::new("同步"), Bound::Eq),
        (Word::new("持续"), Bound::Eq),
    ];
    let mut best: Option<(usize, usize, Bound)> = None;
    for (k, b) in &KEYS {
        let n = k.len();
        if let Some(i) = (r.0..r.1.saturating_sub(n - 1)).find(|&i| starts_with_at(chars, i, k)) {
            if best.is_none_or(|(j, _, _)| i < j) {
                best = Some((i, n, *b));
            }
        }
    }
    let bound_of_text = |x: Range| {
        if contains(chars, x, &Word::new("不低于")) || contains(chars, x, &Word::new("高于")) {
            Bound::Ge
        } else if contains(chars, x, &Word::new("低于")) || contains(chars, x, &Word::new("以内"))
        {
            Bound::Le
        } else {
            Bound::Eq
        }
    };
    match best {
        Some((i, n, _)) if i == r.0 => {
            let ind = trim_words(chars, (i + n, r.1));
            (ind, Some((r.0, r.0 + n)), bound_of_text(r))
        }
        Some((i, _, _)) if i - r.0 >= 2 => ((r.0, i), Some((i, r.1)), bound_of_text(r)),
        _ => (r, None, Bound::Eq),
    }
}

/// Char ranges holding the plan year's main expected targets: the sentence
/// after 主要预期目标是, and the first sentence of each paragraph of a
/// section titled 主要指标…. `marks`: what the sections' titles say
/// ([`title_marks`]).
fn headline_ranges(
    doc: &Doc,
    sections: &[Section],
    marks: &[u8],
    chars: &[char],
    ix: &Index,
) -> Vec<Range> {
    let mut out = Vec::new();
    // Starts and ends of the ranges found so far: every range ends at the
    // first 。 or line break after its start, so a start lies inside some
    // range exactly when it lies inside the one that starts last before it.
    let mut found: BTreeMap<usize, usize> = BTreeMap::new();
    // No key overlaps itself, so its occurrences are the non-overlapping
    // matches a left-to-right search finds.
    for (key, w) in HEADLINE_KEYS.iter().enumerate() {
        let k = w.chars().count();
        for &at in ix.starts(HEADLINE, key) {
            // The list follows a colon (or 是/为) within a few chars.
            let colon = (at + k..(at + k + 6).min(chars.len()))
                .find(|&i| matches!(chars[i], ':' | '：' | '是' | '为'));
            let Some(c) = colon else { continue };
            let mut start = c + 1;
            if matches!(chars.get(start), Some(':' | '：')) {
                start += 1;
            }
            let end = ix.next_stop(start);
            let inside = found
                .range(..=start)
                .next_back()
                .is_some_and(|(_, &e)| start < e);
            if end > start && !inside {
                found.insert(start, end);
                out.push((start, end));
            }
        }
    }
    for (s, &m) in sections.iter().zip(marks) {
        if m & TITLE_HEADLINE == 0 {
            continue;
        }
        // The lines after the heading, up to the section's end.
        let first = doc.lines.partition_point(|l| l.start < s.span.1);
        for l in &doc.lines[first..] {
            if l.start >= s.section_span.1 {
                break;
            }
            let first_end = chars[l.start..l.end()]
                .iter()
                .position(|&c| c == '。')
                .map(|i| l.start + i)
                .unwrap_or(l.end());
            out.push((l.start, first_end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Target> {
        crate::extract_text(text)
            .map(|r| r.targets)
            .unwrap_or_default()
    }

    fn brief(
        t: &Target,
    ) -> (
        String,
        Option<String>,
        Option<f64>,
        Option<String>,
        String,
        String,
    ) {
        (
            t.indicator.clone(),
            t.change.clone(),
            t.value,
            t.unit.as_deref().map(String::from),
            t.bound.as_str().to_string(),
            t.kind.as_str().to_string(),
        )
    }

    #[test]
    fn index_marks_exactly_the_chars_that_matter() {
        let t = index_tables();
        let firsts: Vec<char> = INDEXED
            .iter()
            .flat_map(|list| list.iter().filter_map(|w| w.chars().next()))
            .collect();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let kind = t.lookup(&t.buckets, c).map_or(0, |m| m.kind);
            let sentence = is_sentence_end(c);
            let want = [
                (numbers::could_start(c), NUMBER),
                (is_clause_end(c), CLAUSE_END),
                (sentence, SENTENCE_END),
                (sentence && matches!(c, '。' | '\n'), STOP),
                (firsts.contains(&c), WORD),
            ]
            .iter()
            .fold(0, |k, &(on, bit)| if on { k | bit } else { k });
            assert_eq!(kind, want, "{c:?}");
        }
        // Each first char's words, and only those.
        for m in &t.marks {
            let ids = t.firsts.get(usize::from(m.words.0)..usize::from(m.words.1));
            let of_c: Vec<&[char]> = ids
                .unwrap_or(&[])
                .iter()
                .filter_map(|&id| t.words.get(id).map(|w| w.1.as_slice()))
                .collect();
            assert!(of_c.iter().all(|w| w.first() == Some(&m.c)));
            let n = INDEXED
                .iter()
                .flat_map(|list| list.iter())
                .filter(|w| w.starts_with(m.c))
                .count();
            assert_eq!(of_c.len(), n, "{:?}", m.c);
        }
    }

    #[test]
    fn title_marks_match_the_words_tests() {
        let marks = |t: &str| title_marks(&t.chars().collect::<Vec<_>>());
        assert_eq!(marks("2022年工作回顾"), TITLE_REVIEW);
        assert_eq!(marks("下半年工作安排"), TITLE_PLAN | TITLE_SECOND_HALF);
        assert_eq!(
            marks("上半年和下半年"),
            TITLE_FIRST_HALF | TITLE_SECOND_HALF
        );
        assert_eq!(marks("名词解释"), TITLE_GLOSSARY);
        assert_eq!(marks("主要目标"), TITLE_HEADLINE | TITLE_PLAN);
        assert_eq!(marks("主要目标和措施"), TITLE_PLAN);
        assert_eq!(marks("2023年主要预期目标"), TITLE_HEADLINE | TITLE_PLAN);
        assert_eq!(marks("产业发展"), 0);
    }

    #[test]
    fn thousands_separator_does_not_end_the_clause() {
        // The comma once ended the clause inside the number, and the text
        // after the quantity was sliced backwards (a panic).
        let r = rows("各位代表:\n2023年工作安排\n全年投入资金1,200万元建设学校。\n");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].value, Some(1200.0));
        assert_eq!(r[0].unit.as_deref(), Some("万元"));
        assert_eq!(r[0].text, "全年投入资金1,200万元建设学校");
        // A quantity running past a real clause end still gives a row.
        assert!(!rows("时间为8:30至9:00,完成1,234,567元。").is_empty());
    }

    #[test]
    fn common_ideographs_are_alphanumeric() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn headline_list_with_bounds_and_qualitative_items() {
        let t = "各位代表:\n二〇二三年工作意见\n2023年全区发展的主要预期目标是:地区生产总值迈上千亿元台阶,区级一般公共预算收入增长5%以上,城镇登记失业率控制在3.5%以内,城镇居民人均可支配收入与经济增长同步,完成市级节能减排目标。\n";
        let r = rows(t);
        let b: Vec<_> = r.iter().map(brief).collect();
        assert!(
            r.iter().all(|t| t.headline && t.kind == TargetKind::Target),
            "{b:?}"
        );
        assert_eq!(
            b[0],
            (
                "地区生产总值".into(),
                Some("迈上".into()),
                Some(1000.0),
                Some("亿元".into()),
                "ge".into(),
                "target".into()
            )
        );
        assert_eq!(b[1].0, "区级一般公共预算收入");
        assert_eq!((b[1].2, b[1].4.as_str()), (Some(5.0), "ge"));
        assert_eq!((b[2].0.as_str(), b[2].4.as_str()), ("城镇登记失业率", "le"));
        assert_eq!(b[3].0, "城镇居民人均可支配收入");
        assert_eq!(b[3].2, None);
        assert!(b[4].0.contains("节能减排"));
        assert!(r.iter().all(|t| t.period.as_deref() == Some("2023")));
    }

    #[test]
    fn verb_before_or_after_the_indicator() {
        let t = "各位代表:\n二〇二二年工作回顾\n经济保持合理区间。预计地区生产总值950亿元。剔除留抵退税,地方一般公共预算收入68亿元、增长4.3%。完成全社会固定资产投资340亿元、十三五以来最高,开竣工面积超过200万平方米。新增就业2.1万人。\n";
        let r = rows(t);
        let b: Vec<_> = r.iter().map(brief).collect();
        assert_eq!(b[0].0, "地区生产总值");
        assert_eq!(b[0].5, "result");
        assert_eq!(
            (b[1].0.as_str(), b[1].2),
            ("地方一般公共预算收入", Some(68.0))
        );
        assert_eq!(
            (b[2].0.as_str(), b[2].1.as_deref(), b[2].2),
            ("地方一般公共预算收入", Some("增长"), Some(4.3))
        );
        assert_eq!(
            (b[3].0.as_str(), b[3].1.as_deref()),
            ("全社会固定资产投资", Some("完成"))
        );
        assert_eq!((b[4].0.as_str(), b[4].4.as_str()), ("开竣工面积", "ge"));
        assert_eq!((b[5].0.as_str(), b[5].3.as_deref()), ("就业", Some("万人")));
        assert!(r.iter().all(|t| t.kind == TargetKind::Result));
    }

    #[test]
    fn lists_share_verb_and_trailing_noun() {
        let t = "各位代表:\n二〇二三年工作意见\n新增普惠幼儿园3所、学位500个;启动18个、完成27个老旧小区改造。新增20个金桥书吧。\n";
        let b: Vec<_> = rows(t).iter().map(brief).collect();
        assert_eq!(
            (b[0].0.as_str(), b[0].3.as_deref()),
            ("普惠幼儿园", Some("所"))
        );
        assert_eq!((b[1].0.as_str(), b[1].1.as_deref()), ("学位", Some("新增")));
        assert_eq!(
            (b[2].0.as_str(), b[2].1.as_deref()),
            ("老旧小区改造", Some("启动"))
        );
        assert_eq!(
            (b[3].0.as_str(), b[3].1.as_deref()),
            ("老旧小区改造", Some("完成"))
        );
        assert_eq!(b[4].0, "金桥书吧");
        assert!(b.iter().all(|x| x.5 == "target"));
    }

    #[test]
    fn markers_decide_the_kind_inside_a_review() {
        let t = "各位代表:\n一、上半年计划执行情况\n(一)主要指标完成情况\n——全年地区生产总值预期目标增长7%。上半年地区生产总值完成779.43亿元,同比增长22.3%。\n(二)主要任务完成情况\n1.发挥创新引领作用\n完善科技创新生态。力争引进1-2家头部企业,完成技术合同成交额49.1亿元。\n加快数字经济发展。完成5G宏站建设72个。\n";
        let r = rows(t);
        let b: Vec<_> = r
            .iter()
            .map(|t| {
                (
                    t.indicator.clone(),
                    t.kind.as_str().to_string(),
                    t.headline,
                    t.bound.as_str().to_string(),
                )
            })
            .collect();
        assert_eq!(
            b[0],
            ("地区生产总值".into(), "target".into(), true, "eq".into())
        );
        assert_eq!((b[1].1.as_str(), b[1].2), ("result", false));
        assert_eq!(b[2].1, "result");
        assert_eq!((b[3].1.as_str(), b[3].3.as_str()), ("target", "range"));
        assert_eq!(b[4].1, "result");
    }

    #[test]
    fn money_before_a_noun_qualifies_it() {
        let t = "各位代表:\n2020年工作安排\n全年新增总部型企业10家以上,新增5亿元楼宇2栋。\n";
        let b: Vec<_> = rows(t).iter().map(brief).collect();
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!((b[0].2, b[0].4.as_str()), (Some(10.0), "ge"));
        assert_eq!(b[1].2, Some(2.0));
        assert!(b[1].0.contains("楼宇"));
    }

    #[test]
    fn shares_baselines_periods_and_names() {
        let t = "各位代表:\n二〇二二年工作回顾\n民生社会事业投入49.6亿元,占财政支出的78%。每千人口床位数从9.4张增加到13.4张。过去五年,新增市场主体近5万户。深入开展治庸问责,落实六条意见和十一条禁令。\n";
        let r = rows(t);
        let b: Vec<_> = r.iter().map(brief).collect();
        assert_eq!(b.len(), 4, "{b:?}");
        assert!(
            b[1].0.starts_with("民生社会事业") && b[1].0.ends_with("占财政支出比重"),
            "{}",
            b[1].0
        );
        assert_eq!(
            (b[2].0.as_str(), b[2].1.as_deref(), b[2].2),
            ("每千人口床位数", Some("增加到"), Some(13.4))
        );
        assert_eq!(
            (b[3].0.as_str(), b[3].2, b[3].4.as_str()),
            ("市场主体", Some(5.0), "approx")
        );
    }

    #[test]
    fn the_counted_noun_follows_the_number() {
        let t = "各位代表:\n2023年工作安排\n建成宝庆街、丰采路等11条道路,推动30家企业属地法人化,确保80%以上政策适用简易程序,投入1000万元,建设垃圾收运三级网点。\n";
        let b: Vec<_> = rows(t).iter().map(brief).collect();
        assert_eq!(b[0].0, "道路");
        assert_eq!(b[1].0, "企业属地法人化");
        assert_eq!(
            (b[2].0.as_str(), b[2].4.as_str()),
            ("政策适用简易程序", "ge")
        );
        assert_eq!(
            (b[3].0.as_str(), b[3].1.as_deref()),
            ("建设垃圾收运三级网点", Some("投入"))
        );
        assert!(b.iter().all(|x| x.5 == "target"));
    }

    #[test]
    fn a_plan_summary_is_all_targets_and_durations_are_not_rows() {
        let t = "12月24日召开的区人大会议上,区长对2020年工作进行了部署。\n全年新增高新技术企业50家,加大24小时自助服务区建设力度,实施数字经济三年行动计划,新建社区足球场15片。\n";
        let b: Vec<_> = rows(t).iter().map(brief).collect();
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b.iter().all(|x| x.5 == "target"));
    }

    #[test]
    fn each_of_a_list_gets_its_own_value_and_bound() {
        let t = "各位代表:\n2023年工作安排\n一产、二产、三产增加值分别增长5%左右、5%以上、5%左右。城镇登记失业率控制在5.5%左右。地区生产总值达到950亿元。\n";
        let r = rows(t);
        let b: Vec<_> = r
            .iter()
            .map(|t| (t.indicator.as_str(), t.bound.as_str()))
            .collect();
        assert_eq!(
            b,
            [
                ("一产增加值", "approx"),
                ("二产增加值", "ge"),
                ("三产增加值", "approx"),
                ("城镇登记失业率", "approx"),
                ("地区生产总值", "eq")
            ]
        );
        assert_eq!(
            (r[4].base_value, r[4].base_unit.as_deref()),
            (Some(9.5e10), Some("元"))
        );
    }
}
