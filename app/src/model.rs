//! What the app shows, computed from a [`Report`]: plain data and pure
//! functions, no Leptos, so everything here is tested natively.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use zhengbao::{
    Bound, Form, Meta, Report, Section, Stage, Target, TargetKind, Term, TermKind, MAX_INPUT_BYTES,
};

/// What stands for a value the report does not give.
pub const MISSING: &str = "—";

// ---------------------------------------------------------------- language

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// The interface string for `zh` in `lang`: the Chinese itself, or its English.
pub fn tr(lang: Lang, zh: &'static str) -> &'static str {
    if lang == Lang::Zh {
        return zh;
    }
    match zh {
        "政报" => "Zhengbao",
        "政府工作报告分析 · 全部在本机浏览器中完成，不上传任何内容" => {
            "Government work report reader · runs entirely in your browser, nothing is uploaded"
        }
        "打开文件" => "Open files",
        "拖放文件到页面任意位置，或" => "Drop files anywhere on the page, or",
        "粘贴文本" => "Paste text",
        "在此粘贴报告全文……" => "Paste the full report here…",
        "分析" => "Analyse",
        "示例" => "Samples",
        "文档" => "Documents",
        "分析中…" => "Analysing…",
        "继续显示正文" => "Show more of the text",
        "显示更多行" => "Show more rows",
        "还有" => "remaining:",
        "解码" => "decoding",
        "清理文本" => "cleaning the text",
        "提纲与要素" => "outline and meta",
        "找目标" => "finding targets",
        "找名词" => "finding terms",
        "用时" => "took",
        "标题" => "Title",
        "地区" => "Region",
        "年份" => "Years",
        "报告人" => "Speaker",
        "日期" => "Date",
        "编码" => "Encoding",
        "字体" => "Script",
        "回顾" => "review",
        "计划" => "plan",
        "提纲" => "Outline",
        "正文" => "Text",
        "目标与成果" => "Targets and results",
        "名词" => "Glossary",
        "图表" => "Charts",
        "主要预期目标" => "Headline targets",
        "各部分篇幅" => "Share of the text per part",
        "导出" => "Export",
        "目标 CSV" => "Targets CSV",
        "名词 CSV" => "Glossary CSV",
        "报告 JSON" => "Report JSON",
        "Markdown 摘要" => "Markdown summary",
        "复制表格" => "Copy table",
        "已复制到剪贴板" => "Copied to the clipboard",
        "无法复制" => "Could not copy",
        "类型" => "Kind",
        "主要" => "Headline",
        "指标" => "Indicator",
        "变化" => "Change",
        "数值" => "Value",
        "单位" => "Unit",
        "界" => "Bound",
        "期间" => "Period",
        "章节" => "Section",
        "名词解释" => "Definition",
        "次数" => "Count",
        "术语" => "Term",
        "筛选…" => "Filter…",
        "全部类型" => "All kinds",
        "全部章节" => "All sections",
        "目标" => "target",
        "成果" => "result",
        "简" => "Simp.",
        "繁" => "Trad.",
        "未找到标题。" => "No heading found.",
        "未找到目标。" => "No target found.",
        "未找到名词。" => "No term found.",
        "没有以百分比表示的主要目标。" => "No headline target in percent.",
        "无法读取" => "Cannot read",
        "定义" => "defined",
        "引用" => "quoted",
        "口号" => "slogan",
        "新词" => "coined",
        "行" => "rows",
        "移除" => "Remove",
        "展开或折叠" => "Expand or collapse",
        _ => zh,
    }
}

// ---------------------------------------------------------------- script

/// The script the text is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Simplified characters.
    Simplified,
    /// Traditional characters.
    Traditional,
}

impl Script {
    /// The script a report names in `meta.script` (simplified when unknown).
    pub fn of(report: &Report) -> Script {
        if report.meta.script == "traditional" {
            Script::Traditional
        } else {
            Script::Simplified
        }
    }
}

/// True for the chars the script toggle may change: CJK ideographs only
/// (the core's fold also turns full-width forms into ASCII; display keeps them).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2FFFF)
}

/// Simplified chars with their usual traditional form, where neither the
/// samples nor code point order give it (an identity keeps the char as it is).
const OVERRIDES: &[(char, char)] = &[
    ('干', '幹'),
    ('苏', '蘇'),
    ('台', '臺'),
    ('里', '裡'),
    ('后', '後'),
    ('面', '面'),
    ('只', '只'),
    ('发', '發'),
    ('系', '系'),
    ('制', '制'),
    ('冲', '衝'),
    ('复', '復'),
    ('历', '歷'),
    ('获', '獲'),
    ('汇', '匯'),
    ('准', '準'),
    ('采', '採'),
    ('松', '松'),
    ('谷', '谷'),
    ('云', '雲'),
    ('游', '遊'),
    ('借', '借'),
    ('表', '表'),
    ('出', '出'),
    ('才', '才'),
    ('几', '幾'),
    ('只', '只'),
    ('向', '向'),
    ('斗', '鬥'),
    ('划', '劃'),
    ('卷', '卷'),
    ('同', '同'),
    ('周', '周'),
    ('咸', '咸'),
    ('尽', '盡'),
    ('局', '局'),
    ('致', '致'),
    ('钟', '鐘'),
    ('须', '須'),
    ('丑', '醜'),
    ('仆', '僕'),
    ('朴', '樸'),
    ('郁', '鬱'),
    ('蒙', '蒙'),
    ('党', '黨'),
    ('个', '個'),
    ('着', '著'),
    ('注', '注'),
    ('板', '板'),
    ('坛', '壇'),
    ('当', '當'),
    ('脏', '髒'),
    ('团', '團'),
    ('困', '困'),
    ('伙', '夥'),
    ('确', '確'),
    ('汇', '匯'),
];

/// Simplified → traditional, the inverse of the core's one-to-one fold. Only
/// simplified-only chars are changed (峰 stays, though the fold maps 峯 to it);
/// among several traditional forms the one the built-in traditional samples
/// use most wins, then the first in code point order, with the common
/// choices fixed below.
fn s2t_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        use zhengbao::script::{detect, Script as Detected};
        // 國 is traditional-only: with a simplified-only char beside it the
        // evidence is even, and detect says simplified.
        let simplified_only = |s: char| detect(&format!("國{s}")) == Detected::Simplified;
        let overrides: HashMap<char, char> = OVERRIDES.iter().copied().collect();
        let preferred: HashMap<char, char> =
            crate::s2t_preferred::PREFERRED.iter().copied().collect();
        let mut map = HashMap::new();
        for (s, ts) in s2t_candidates() {
            let t = if let Some(&t) = overrides.get(&s) {
                t
            } else if let Some(&t) = preferred.get(&s) {
                t
            } else if simplified_only(s) {
                ts[0]
            } else {
                s
            };
            if t != s {
                map.insert(s, t);
            }
        }
        map
    })
}

/// Every simplified ideograph with the traditional ones the core folds to
/// it, in code point order.
fn s2t_candidates() -> HashMap<char, Vec<char>> {
    let mut candidates: HashMap<char, Vec<char>> = HashMap::new();
    for range in [0x4E00u32..=0x9FFF, 0x3400..=0x4DBF] {
        for u in range {
            let Some(t) = char::from_u32(u) else { continue };
            let s = zhengbao::script::fold_char(t);
            if s != t && is_ideograph(s) {
                candidates.entry(s).or_default().push(t);
            }
        }
    }
    candidates
}

/// The choices the traditional corpus reports make, as (simplified, form
/// they write most, which may be the simplified char itself): what
/// `s2t_preferred::PREFERRED` must hold (a test checks it against
/// tests/corpus, so the samples need not be in the app to build the table).
#[cfg(test)]
fn preferred_from(texts: &[String]) -> Vec<(char, char)> {
    let mut uses: HashMap<char, usize> = HashMap::new();
    for text in texts {
        for c in text.chars() {
            *uses.entry(c).or_default() += 1;
        }
    }
    let used = |c: char| uses.get(&c).copied().unwrap_or(0);
    let mut out = Vec::new();
    for (s, ts) in s2t_candidates() {
        let best = ts
            .iter()
            .copied()
            .max_by_key(|&t| (used(t), std::cmp::Reverse(t)));
        if let Some(t) = best {
            if used(t) > 0 || used(s) > 0 {
                out.push((s, if used(t) > used(s) { t } else { s }));
            }
        }
    }
    zhengbao::sort::by(&mut out, Ord::cmp);
    out
}

/// `text` in `to`: traditional ideographs folded to simplified, or simplified
/// ones given their traditional form. Exactly one char out per char in, so
/// spans into the text stay valid.
pub fn convert(text: &str, to: Script) -> String {
    match to {
        Script::Simplified => text
            .chars()
            .map(|c| {
                if is_ideograph(c) {
                    let s = zhengbao::script::fold_char(c);
                    if is_ideograph(s) {
                        return s;
                    }
                }
                c
            })
            .collect(),
        Script::Traditional => {
            let table = s2t_table();
            text.chars()
                .map(|c| table.get(&c).copied().unwrap_or(c))
                .collect()
        }
    }
}

/// `text` as shown: converted to `to`, or as it is when `to` is `None`
/// (the document's own script is never rewritten).
pub fn show(text: &str, to: Option<Script>) -> String {
    match to {
        Some(to) => convert(text, to),
        None => text.to_string(),
    }
}

// ---------------------------------------------------------------- meta

/// One row of the meta header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The row's label (Chinese; translate with [`tr`]).
    pub label: &'static str,
    /// The value, or [`MISSING`].
    pub value: String,
}

/// The meta rows: region, years, speaker, date, encoding and script.
pub fn fields(meta: &Meta) -> Vec<Field> {
    let or_missing = |v: &Option<String>| v.clone().unwrap_or_else(|| MISSING.to_string());
    let year = |y: Option<i32>| y.map_or(MISSING.to_string(), |y| y.to_string());
    let years = match (meta.report_year, meta.plan_year) {
        (None, None) => MISSING.to_string(),
        (r, p) => format!("{} → {}", year(r), year(p)),
    };
    let script = match meta.script.as_str() {
        "simplified" => "简体".to_string(),
        "traditional" => "繁體".to_string(),
        "" => MISSING.to_string(),
        other => other.to_string(),
    };
    let encoding = if meta.format.is_empty() {
        meta.encoding.clone()
    } else {
        format!("{} · {}", meta.encoding, meta.format)
    };
    vec![
        Field {
            label: "地区",
            value: or_missing(&meta.region),
        },
        Field {
            label: "年份",
            value: years,
        },
        Field {
            label: "报告人",
            value: or_missing(&meta.speaker),
        },
        Field {
            label: "日期",
            value: or_missing(&meta.date),
        },
        Field {
            label: "编码",
            value: encoding,
        },
        Field {
            label: "字体",
            value: script,
        },
    ]
}

// ---------------------------------------------------------------- outline

/// A heading of the outline with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The section's id.
    pub id: usize,
    /// The numbering as written (一, （一）, 1, 附件1), if any.
    pub number: Option<String>,
    /// The heading's title.
    pub title: String,
    /// Char offset of the heading in the text.
    pub start: usize,
    /// The headings under this one, in order.
    pub children: Vec<Heading>,
}

/// The sections as a tree, following each section's parent. A parent that
/// does not come before its child (which the extractor never gives) puts
/// the child at the top.
pub fn outline(sections: &[Section]) -> Vec<Heading> {
    // Built from the last section to the first: every child (which comes
    // after its parent) is finished before its parent is; no recursion.
    let mut children: Vec<Vec<Heading>> = vec![Vec::new(); sections.len()];
    let mut top = Vec::new();
    for (i, s) in sections.iter().enumerate().rev() {
        let mut kids = std::mem::take(&mut children[i]);
        kids.reverse();
        let heading = Heading {
            id: s.id,
            number: s.number.clone(),
            title: s.title.clone(),
            start: s.span.0,
            children: kids,
        };
        match s.parent {
            Some(p) if p < i => children[p].push(heading),
            _ => top.push(heading),
        }
    }
    top.reverse();
    top
}

/// A section's label: its number and title.
pub fn section_label(sections: &[Section], id: Option<usize>) -> String {
    id.and_then(|i| sections.get(i))
        .map(|s| match &s.number {
            Some(n) => format!("{n} {}", s.title),
            None => s.title.clone(),
        })
        .unwrap_or_default()
}

/// The top-level section a section is in (itself at the top).
pub fn top_of(sections: &[Section], id: usize) -> usize {
    let mut id = id;
    // At most as many steps as sections, even with a malformed parent chain.
    for _ in 0..sections.len() {
        match sections.get(id).and_then(|s| s.parent) {
            Some(p) if p < id => id = p,
            _ => break,
        }
    }
    id
}

// ---------------------------------------------------------------- targets

/// A bound as a symbol: ≥ ≤ ≈ – or =.
pub fn bound_symbol(bound: Bound) -> &'static str {
    match bound {
        Bound::Ge => "≥",
        Bound::Le => "≤",
        Bound::Approx => "≈",
        Bound::Range => "–",
        Bound::Eq => "=",
    }
}

/// A number without a trailing ".0".
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A target's value as shown: 5, 5–6, or — for a qualitative one.
pub fn value_text(t: &Target) -> String {
    match (t.value, t.value_max) {
        (Some(v), Some(m)) => format!("{}–{}", number(v), number(m)),
        (Some(v), None) => number(v),
        _ => MISSING.to_string(),
    }
}

/// A column of the targets table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// target or result.
    Kind,
    /// Headline or not.
    Headline,
    /// The indicator.
    Indicator,
    /// The verb of change.
    Change,
    /// The value (numeric order).
    Value,
    /// The unit.
    Unit,
    /// The bound.
    Bound,
    /// The period.
    Period,
    /// The section (document order).
    Section,
}

impl Column {
    /// Every column in table order.
    pub const ALL: [Column; 9] = [
        Column::Kind,
        Column::Headline,
        Column::Indicator,
        Column::Change,
        Column::Value,
        Column::Unit,
        Column::Bound,
        Column::Period,
        Column::Section,
    ];

    /// The column's heading (Chinese; translate with [`tr`]).
    pub fn label(self) -> &'static str {
        match self {
            Column::Kind => "类型",
            Column::Headline => "主要",
            Column::Indicator => "指标",
            Column::Change => "变化",
            Column::Value => "数值",
            Column::Unit => "单位",
            Column::Bound => "界",
            Column::Period => "期间",
            Column::Section => "章节",
        }
    }
}

/// How the targets table is sorted: by a column or, with `None`, headline
/// rows first and then document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    /// The column, if one was chosen.
    pub column: Option<Column>,
    /// Descending rather than ascending.
    pub descending: bool,
}

impl Sort {
    /// The sort after a click on `column`'s heading: ascending, then
    /// descending, then back to the default order.
    pub fn click(self, column: Column) -> Sort {
        match self {
            Sort {
                column: Some(c),
                descending: false,
            } if c == column => Sort {
                column: Some(c),
                descending: true,
            },
            Sort {
                column: Some(c),
                descending: true,
            } if c == column => Sort::default(),
            _ => Sort {
                column: Some(column),
                descending: false,
            },
        }
    }
}

/// The targets table's filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Text to find in the indicator, clause, unit, change or period (either script).
    pub text: String,
    /// `target`, `result`, or empty for both.
    pub kind: String,
    /// A top-level section id: rows inside it only.
    pub section: Option<usize>,
}

fn opt_cmp<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(a: &Target, b: &Target, column: Column) -> Ordering {
    match column {
        Column::Kind => a.kind.as_str().cmp(b.kind.as_str()),
        Column::Headline => b.headline.cmp(&a.headline),
        Column::Indicator => a.indicator.cmp(&b.indicator),
        Column::Change => opt_cmp(&a.change, &b.change),
        Column::Value => match (a.value, b.value) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        Column::Unit => opt_cmp(&a.unit, &b.unit),
        Column::Bound => a.bound.as_str().cmp(b.bound.as_str()),
        Column::Period => opt_cmp(&a.period, &b.period),
        Column::Section => a.section.cmp(&b.section),
    }
}

/// The indices of the targets to show, filtered and in order. Ties keep
/// document order.
pub fn target_rows(report: &Report, sort: Sort, filter: &Filter) -> Vec<usize> {
    let needle = zhengbao::script::fold(filter.text.trim());
    let mut rows: Vec<usize> = report
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| filter.kind.is_empty() || t.kind.as_str() == filter.kind)
        .filter(|(_, t)| {
            filter.section.is_none_or(|s| {
                t.section
                    .is_some_and(|id| top_of(&report.sections, id) == s)
            })
        })
        .filter(|(_, t)| {
            needle.is_empty() || {
                let hay = format!(
                    "{} {} {} {} {}",
                    t.indicator,
                    t.text,
                    t.unit.as_deref().unwrap_or(""),
                    t.change.as_deref().unwrap_or(""),
                    t.period.as_deref().unwrap_or("")
                );
                zhengbao::script::fold(&hay).contains(&needle)
            }
        })
        .map(|(i, _)| i)
        .collect();
    let ts = &report.targets;
    match sort.column {
        None => zhengbao::sort::by(&mut rows, |&a, &b| {
            (!ts[a].headline, a).cmp(&(!ts[b].headline, b))
        }),
        Some(c) => zhengbao::sort::by(&mut rows, |&a, &b| {
            let o = compare(&ts[a], &ts[b], c);
            let o = if sort.descending { o.reverse() } else { o };
            o.then(a.cmp(&b))
        }),
    }
    rows
}

/// The top-level sections that hold at least one target: (id, label).
pub fn target_sections(report: &Report) -> Vec<(usize, String)> {
    let mut ids: Vec<usize> = report
        .targets
        .iter()
        .filter_map(|t| t.section)
        .map(|id| top_of(&report.sections, id))
        .collect();
    zhengbao::sort::usizes(&mut ids);
    ids.dedup();
    ids.into_iter()
        .map(|id| (id, section_label(&report.sections, Some(id))))
        .collect()
}

// ---------------------------------------------------------------- glossary

/// A term kind in words (Chinese; translate with [`tr`]).
pub fn term_kind(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Defined => "定义",
        TermKind::Quoted => "引用",
        TermKind::Slogan => "口号",
        TermKind::Coined => "新词",
    }
}

/// The glossary in display order: defined terms first, then by count, then as given.
pub fn glossary_rows(terms: &[Term]) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..terms.len()).collect();
    zhengbao::sort::by(&mut rows, |&a, &b| {
        let key = |i: usize| {
            (
                terms[i].definition.is_none(),
                std::cmp::Reverse(terms[i].count),
                i,
            )
        };
        key(a).cmp(&key(b))
    });
    rows
}

// ---------------------------------------------------------------- text view

/// A run of text with the same highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// The first target whose clause covers this run.
    pub target: Option<usize>,
    /// The term this run is an occurrence of.
    pub term: Option<usize>,
}

/// One line (paragraph) of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Char offset of the line's start in the text.
    pub start: usize,
    /// Sections whose heading starts on this line.
    pub sections: Vec<usize>,
    /// True when a section heading (not a run-in) starts the line.
    pub heading: bool,
    /// The line's runs.
    pub pieces: Vec<Piece>,
}

/// Lines of the text rendered at first, and added per "more" click: a
/// 30 MB report has 100,000 lines, which no browser lays out quickly.
pub const TEXT_PAGE: usize = 3000;

/// Rows of the targets table rendered at first, and added per click.
pub const TABLE_PAGE: usize = 500;

/// The index of the line holding char `offset` (`starts`: each line's first
/// char, ascending).
pub fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// How many lines to render so that line `line` is shown with some text
/// after it: whole pages, at least the first.
pub fn lines_to_show(line: usize) -> usize {
    (line / TEXT_PAGE + 1) * TEXT_PAGE
}

/// The text split into lines and runs at every span boundary of the
/// targets and the term occurrences. Spans count chars; nothing here
/// depends on UTF-16 offsets.
pub fn lines(report: &Report) -> Vec<Line> {
    let chars: Vec<char> = report.text.chars().collect();
    let n = chars.len();
    const NONE: u32 = u32::MAX;
    let mut target = vec![NONE; n];
    for (i, t) in report.targets.iter().enumerate() {
        for slot in target.iter_mut().take(t.span.1.min(n)).skip(t.span.0) {
            if *slot == NONE {
                *slot = i as u32;
            }
        }
    }
    let mut term = vec![NONE; n];
    for (i, g) in report.glossary.iter().enumerate() {
        for occ in &g.occurrences {
            if term[occ.0.min(n)..occ.1.min(n)].iter().any(|&s| s != NONE) {
                continue;
            }
            for slot in term.iter_mut().take(occ.1.min(n)).skip(occ.0) {
                *slot = i as u32;
            }
        }
    }
    let opt = |v: u32| (v != NONE).then_some(v as usize);
    let mut out: Vec<Line> = Vec::new();
    let mut line = Line {
        start: 0,
        sections: Vec::new(),
        heading: false,
        pieces: Vec::new(),
    };
    let mut piece = String::new();
    let mut key = (NONE, NONE);
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            if !piece.is_empty() {
                line.pieces.push(Piece {
                    text: std::mem::take(&mut piece),
                    target: opt(key.0),
                    term: opt(key.1),
                });
            }
            let next = Line {
                start: i + 1,
                sections: Vec::new(),
                heading: false,
                pieces: Vec::new(),
            };
            out.push(std::mem::replace(&mut line, next));
            continue;
        }
        let k = (target[i], term[i]);
        if k != key && !piece.is_empty() {
            line.pieces.push(Piece {
                text: std::mem::take(&mut piece),
                target: opt(key.0),
                term: opt(key.1),
            });
        }
        key = k;
        piece.push(c);
    }
    if !piece.is_empty() {
        line.pieces.push(Piece {
            text: piece,
            target: opt(key.0),
            term: opt(key.1),
        });
    }
    out.push(line);
    // Sections to the lines their headings start on.
    let starts: Vec<usize> = out.iter().map(|l| l.start).collect();
    for s in &report.sections {
        let li = match starts.binary_search(&s.span.0) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        if let Some(l) = out.get_mut(li) {
            l.sections.push(s.id);
            if s.form != Form::Runin && s.span.0 == l.start {
                l.heading = true;
            }
        }
    }
    out.retain(|l| !l.pieces.is_empty() || !l.sections.is_empty());
    out
}

// ---------------------------------------------------------------- charts

/// One bar of the headline-targets chart, in SVG user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The target's index.
    pub target: usize,
    /// The indicator.
    pub label: String,
    /// The value as written with its bound (≥5%).
    pub value_label: String,
    /// Bar start and width on the x axis.
    pub x: f64,
    /// Bar width.
    pub width: f64,
    /// Top of the row.
    pub y: f64,
    /// The bound symbol.
    pub bound: &'static str,
    /// Where a range ends, for a range target.
    pub range_end: Option<f64>,
}

/// At most `n` chars of `s`, with … when cut.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// Geometry of the headline-targets chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The bars.
    pub bars: Vec<Bar>,
    /// Total height.
    pub height: f64,
    /// Where zero is on the x axis.
    pub zero: f64,
}

/// Chart width in SVG units.
pub const CHART_WIDTH: f64 = 640.0;
/// Left column for labels.
pub const LABEL_WIDTH: f64 = 210.0;
/// Row height.
pub const ROW_HEIGHT: f64 = 26.0;

/// The headline targets given in percent (growth rates and shares) as bars;
/// all targets in percent when the report has no headline list.
pub fn headline_chart(report: &Report) -> BarChart {
    let pct = |t: &&Target| t.unit.as_deref() == Some("%") && t.value.is_some();
    let mut picked: Vec<usize> = report
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.headline && t.kind == TargetKind::Target)
        .filter(|(_, t)| pct(t))
        .map(|(i, _)| i)
        .collect();
    if picked.is_empty() {
        picked = report
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TargetKind::Target && pct(t))
            .map(|(i, _)| i)
            .take(12)
            .collect();
    }
    let ends: Vec<f64> = picked
        .iter()
        .flat_map(|&i| {
            let t = &report.targets[i];
            [t.value.unwrap_or(0.0), t.value_max.unwrap_or(0.0)]
        })
        .collect();
    let max = ends.iter().copied().fold(0.0f64, f64::max).max(1.0);
    let min = ends.iter().copied().fold(0.0f64, f64::min);
    let area = CHART_WIDTH - LABEL_WIDTH - 70.0;
    let scale = area / (max - min);
    let zero = LABEL_WIDTH + (-min) * scale;
    let bars = picked
        .iter()
        .enumerate()
        .map(|(row, &i)| {
            let t = &report.targets[i];
            let v = t.value.unwrap_or(0.0);
            let (x, width) = if v >= 0.0 {
                (zero, v * scale)
            } else {
                (zero + v * scale, -v * scale)
            };
            let bound = bound_symbol(t.bound);
            let shown = if bound == "=" { "" } else { bound };
            Bar {
                target: i,
                label: short(&t.indicator, 11),
                value_label: format!("{shown}{}%", value_text(t)),
                x,
                width,
                y: row as f64 * ROW_HEIGHT,
                bound,
                range_end: t.value_max.map(|m| zero + m * scale),
            }
        })
        .collect::<Vec<_>>();
    BarChart {
        height: bars.len() as f64 * ROW_HEIGHT,
        bars,
        zero,
    }
}

/// One top-level section's share of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// The section id.
    pub section: usize,
    /// Its label.
    pub label: String,
    /// Char offset of its heading in the text.
    pub start: usize,
    /// Its share of the text, 0..=1.
    pub share: f64,
}

/// How much of the text each top-level section takes.
pub fn section_shares(report: &Report) -> Vec<Share> {
    let total = report.text.chars().count().max(1) as f64;
    report
        .sections
        .iter()
        .filter(|s| s.parent.is_none())
        .map(|s| Share {
            section: s.id,
            label: section_label(&report.sections, Some(s.id)),
            start: s.span.0,
            share: s.section_span.len() as f64 / total,
        })
        .collect()
}

// ---------------------------------------------------------------- exports

/// A file name for an export: the document's name without its extension, plus `suffix`.
pub fn export_name(doc: &str, suffix: &str) -> String {
    let stem = doc.rsplit_once('.').map_or(doc, |(s, _)| s);
    let stem = if stem.is_empty() { "report" } else { stem };
    format!("{stem}{suffix}")
}

/// A Markdown summary: meta, outline, headline targets and defined terms.
pub fn markdown(report: &Report, name: &str) -> String {
    zhengbao::markdown::render(report, name)
}

// ---------------------------------------------------------------- decoding

/// Installs the browser's `TextDecoder` as the core's decoder of GB18030,
/// Big5 and other legacy encodings: the core is built without encoding
/// tables for the web app. Per wasm instance, so the page and the worker each
/// call it before extracting.
pub fn install_text_decoder() {
    #[cfg(target_arch = "wasm32")]
    zhengbao::decode::set_legacy_decoder(text_decoder);
}

/// The browser's `TextDecoder` for the encoding `label` names; invalid
/// sequences become U+FFFD. `None` for a label the browser does not know.
#[cfg(target_arch = "wasm32")]
fn text_decoder(label: &str, bytes: &[u8]) -> Option<String> {
    let decoder = web_sys::TextDecoder::new_with_label(label).ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

// ---------------------------------------------------------------- samples

/// The corpus reports offered as samples, by file name. They are not in the
/// wasm (its size budget): `dist/samples/` holds them (copied by Trunk) and
/// the single file inlines them (see the page's `load_sample`).
pub const SAMPLES: &[&str] = &[
    "qiaokou-2022-report.txt",
    "jianghan-2017-report.hant.txt",
    "wuchang-2021-midyear-plan-execution.txt",
    "wuchang-2020-plan-news.txt",
    "wuchang-2022-plan-news.hant.txt",
];

/// The stage's name in the status line while a file is analysed (Chinese;
/// [`tr`] translates it).
pub fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Decode => "解码",
        Stage::Clean => "清理文本",
        Stage::Outline => "提纲与要素",
        Stage::Targets => "找目标",
        Stage::Glossary => "找名词",
    }
}

/// What files the page reads and the largest size, shown by the file button.
pub fn limit_note(lang: Lang) -> String {
    let mb = MAX_INPUT_BYTES / (1024 * 1024);
    match lang {
        Lang::Zh => format!("（.txt、.html、.docx，每个文件不超过 {mb} MB）"),
        Lang::En => format!("(.txt, .html or .docx, up to {mb} MB each)"),
    }
}

/// Refuses a file larger than the core reads before the page reads it into
/// memory, with the core's own message.
pub fn check_size(size: f64) -> Result<(), String> {
    // A File's size is a double; `as` saturates, so a huge one stays huge.
    zhengbao::check_size(size as usize).map_err(|e| e.to_string())
}

/// A short, readable name for a sample.
pub fn sample_label(name: &str) -> String {
    name.trim_end_matches(".txt")
        .trim_end_matches(".hant")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhengbao::Span;

    #[test]
    fn preferred_traditional_forms_follow_the_traditional_samples() {
        let texts: Vec<String> = SAMPLES
            .iter()
            .filter(|n| n.contains(".hant."))
            .map(|n| String::from_utf8_lossy(&sample_bytes(n)).into_owned())
            .collect();
        assert_eq!(texts.len(), 2);
        let expected = preferred_from(&texts);
        if expected != crate::s2t_preferred::PREFERRED {
            let body: String = expected
                .iter()
                .map(|(s, t)| format!("    ('{s}', '{t}'),\n"))
                .collect();
            let _ = std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/../target/s2t_preferred.txt"),
                body,
            );
            panic!("app/src/s2t_preferred.rs is out of date: the new list is in target/s2t_preferred.txt");
        }
    }

    #[test]
    fn files_past_the_limit_are_refused_with_the_core_message() {
        assert!(check_size(1.0).is_ok());
        assert!(check_size(MAX_INPUT_BYTES as f64).is_ok());
        let message = check_size(200.0 * 1024.0 * 1024.0)
            .err()
            .unwrap_or_default();
        assert!(message.contains("200 MB"), "{message}");
        assert!(message.contains("64 MB"), "{message}");
        assert!(limit_note(Lang::Zh).contains("64 MB"));
        assert!(limit_note(Lang::En).contains("64 MB"));
    }

    #[test]
    fn lines_are_found_by_offset_and_shown_by_whole_pages() {
        let starts = [0, 10, 25, 40];
        assert_eq!(line_of(&starts, 0), 0);
        assert_eq!(line_of(&starts, 9), 0);
        assert_eq!(line_of(&starts, 10), 1);
        assert_eq!(line_of(&starts, 39), 2);
        assert_eq!(line_of(&starts, 1000), 3);
        assert_eq!(line_of(&[], 5), 0);
        assert_eq!(lines_to_show(0), TEXT_PAGE);
        assert_eq!(lines_to_show(TEXT_PAGE - 1), TEXT_PAGE);
        assert_eq!(lines_to_show(TEXT_PAGE), 2 * TEXT_PAGE);
    }

    #[test]
    fn every_stage_has_a_label_in_both_languages() {
        for stage in Stage::ALL {
            let zh = stage_label(stage);
            assert!(!zh.is_empty());
            assert_ne!(tr(Lang::En, zh), zh, "{zh} has no English");
        }
    }

    fn section(id: usize, parent: Option<usize>, number: &str, title: &str) -> Section {
        Section {
            id,
            parent,
            level: 1,
            number: Some(number.to_string()),
            title: title.to_string(),
            form: Form::Numbered,
            span: Span(0, 0),
            section_span: Span(0, 0),
        }
    }

    fn titles(headings: &[Heading]) -> Vec<String> {
        headings.iter().map(|h| h.title.clone()).collect()
    }

    /// A sample's bytes, from the corpus the app's dist/samples/ is copied from.
    fn sample_bytes(name: &str) -> Vec<u8> {
        let path = format!("{}/../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn sample(name: &str) -> Report {
        zhengbao::extract(&sample_bytes(name), Some(name)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn outline_follows_parents_in_order() {
        let tree = outline(&[
            section(0, None, "一", "回顾"),
            section(1, Some(0), "（一）", "经济"),
            section(2, Some(0), "（二）", "民生"),
            section(3, Some(2), "1", "教育"),
            section(4, None, "二", "计划"),
            section(5, Some(9), "x", "孤儿"),
        ]);
        assert_eq!(titles(&tree), ["回顾", "计划", "孤儿"]);
        assert_eq!(titles(&tree[0].children), ["经济", "民生"]);
        assert_eq!(titles(&tree[0].children[1].children), ["教育"]);
        assert_eq!(tree[0].children[0].number.as_deref(), Some("（一）"));
        assert_eq!(tree[0].children[1].children[0].id, 3);
    }

    #[test]
    fn top_of_climbs_to_the_top() {
        let s = [
            section(0, None, "一", "a"),
            section(1, Some(0), "（一）", "b"),
            section(2, Some(1), "1", "c"),
        ];
        assert_eq!(top_of(&s, 2), 0);
        assert_eq!(top_of(&s, 0), 0);
    }

    #[test]
    fn fields_name_missing_values() {
        let meta = Meta {
            region: Some("某区".to_string()),
            plan_year: Some(2023),
            script: "traditional".to_string(),
            encoding: "GB18030".to_string(),
            format: "text".to_string(),
            ..Meta::default()
        };
        let f = fields(&meta);
        assert_eq!(f[0].value, "某区");
        assert_eq!(f[1].value, "— → 2023");
        assert_eq!(f[2].value, MISSING);
        assert_eq!(f[4].value, "GB18030 · text");
        assert_eq!(f[5].value, "繁體");
    }

    #[test]
    fn bounds_are_symbols() {
        assert_eq!(bound_symbol(Bound::Ge), "≥");
        assert_eq!(bound_symbol(Bound::Le), "≤");
        assert_eq!(bound_symbol(Bound::Approx), "≈");
        assert_eq!(bound_symbol(Bound::Range), "–");
        assert_eq!(bound_symbol(Bound::Eq), "=");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(4.35), "4.35");
        assert_eq!(short("一二三四五", 4), "一二三…");
        assert_eq!(short("一二三", 4), "一二三");
    }

    #[test]
    fn script_conversion_keeps_length_and_round_trips_common_text() {
        let t = "區政府工作報告：經濟發展，會議（２０２２）";
        let s = convert(t, Script::Simplified);
        assert_eq!(s, "区政府工作报告：经济发展，会议（２０２２）");
        assert_eq!(s.chars().count(), t.chars().count());
        let back = convert(&s, Script::Traditional);
        assert_eq!(back, t);
        assert_eq!(convert("干部后来", Script::Traditional), "幹部後來");
        assert_eq!(convert("区长苏海峰", Script::Traditional), "區長蘇海峰");
    }

    #[test]
    fn traditional_samples_round_trip_through_simplified() {
        for name in SAMPLES.iter().filter(|n| n.contains(".hant.")) {
            let bytes = sample_bytes(name);
            let text = String::from_utf8_lossy(&bytes);
            let back = convert(&convert(&text, Script::Simplified), Script::Traditional);
            let pairs: Vec<(char, char)> = text
                .chars()
                .zip(back.chars())
                .filter(|(a, _)| is_ideograph(*a))
                .collect();
            let wrong: Vec<String> = pairs
                .iter()
                .filter(|(a, b)| a != b)
                .map(|(a, b)| format!("{a}→{b}"))
                .collect();
            let share = wrong.len() as f64 / pairs.len() as f64;
            assert!(
                share < 0.01,
                "{name}: {share:.3} {:?}",
                &wrong[..wrong.len().min(40)]
            );
        }
    }

    #[test]
    fn sort_cycles_and_headline_rows_come_first() {
        let r = sample("qiaokou-2022-report.txt");
        let rows = target_rows(&r, Sort::default(), &Filter::default());
        assert_eq!(rows.len(), r.targets.len());
        let first_plain = rows.iter().position(|&i| !r.targets[i].headline);
        if let Some(p) = first_plain {
            assert!(rows[p..].iter().all(|&i| !r.targets[i].headline));
        }
        let s = Sort::default().click(Column::Value);
        assert_eq!(s.column, Some(Column::Value));
        let by_value = target_rows(&r, s, &Filter::default());
        let values: Vec<f64> = by_value
            .iter()
            .filter_map(|&i| r.targets[i].value)
            .collect();
        assert!(values.windows(2).all(|w| w[0] <= w[1]));
        assert!(s.click(Column::Value).descending);
        assert_eq!(s.click(Column::Value).click(Column::Value), Sort::default());
    }

    #[test]
    fn filter_by_text_kind_and_section() {
        let r = sample("qiaokou-2022-report.txt");
        let f = Filter {
            text: "地区生产总值".to_string(),
            ..Filter::default()
        };
        let rows = target_rows(&r, Sort::default(), &f);
        assert!(!rows.is_empty());
        assert!(rows
            .iter()
            .all(|&i| r.targets[i].text.contains("地区生产总值")
                || r.targets[i].indicator.contains("地区生产总值")));
        let f = Filter {
            kind: "result".to_string(),
            ..Filter::default()
        };
        assert!(target_rows(&r, Sort::default(), &f)
            .iter()
            .all(|&i| r.targets[i].kind == TargetKind::Result));
        let (top, _) = target_sections(&r)[0].clone();
        let f = Filter {
            section: Some(top),
            ..Filter::default()
        };
        let rows = target_rows(&r, Sort::default(), &f);
        assert!(!rows.is_empty());
        assert!(rows.len() < r.targets.len());
    }

    #[test]
    fn lines_rebuild_the_text_and_mark_targets_and_terms() {
        for name in SAMPLES {
            let r = sample(name);
            let ls = lines(&r);
            let chars: Vec<char> = r.text.chars().collect();
            for l in &ls {
                let joined: String = l.pieces.iter().map(|p| p.text.as_str()).collect();
                let n = joined.chars().count();
                let original: String = chars[l.start..l.start + n].iter().collect();
                assert_eq!(joined, original, "{name}");
            }
            let marked = ls
                .iter()
                .flat_map(|l| &l.pieces)
                .filter(|p| p.target.is_some())
                .count();
            assert!(marked > 0 || r.targets.is_empty(), "{name}");
            let sections: usize = ls.iter().map(|l| l.sections.len()).sum();
            assert_eq!(sections, r.sections.len(), "{name}");
        }
    }

    #[test]
    fn charts_have_bars_and_shares() {
        let r = sample("qiaokou-2022-report.txt");
        let chart = headline_chart(&r);
        assert!(!chart.bars.is_empty());
        for b in &chart.bars {
            assert!(b.x >= LABEL_WIDTH - 1e-9 && b.x + b.width <= CHART_WIDTH);
        }
        let shares = section_shares(&r);
        let total: f64 = shares.iter().map(|s| s.share).sum();
        assert!(total > 0.5 && total <= 1.0 + 1e-9, "{total}");
    }

    #[test]
    fn markdown_and_names() {
        let r = sample("jianghan-2017-report.hant.txt");
        let md = markdown(&r, "jianghan-2017-report.hant.txt");
        assert!(md.starts_with("# "));
        assert!(md.contains("## Outline"));
        assert_eq!(export_name("a.b.txt", "-targets.csv"), "a.b-targets.csv");
        assert_eq!(export_name("", ".json"), "report.json");
    }

    #[test]
    fn glossary_puts_defined_terms_first() {
        let r = sample("jianghan-2017-report.hant.txt");
        let rows = glossary_rows(&r.glossary);
        if let Some(first_undefined) = rows
            .iter()
            .position(|&i| r.glossary[i].definition.is_none())
        {
            assert!(rows[first_undefined..]
                .iter()
                .all(|&i| r.glossary[i].definition.is_none()));
        }
        assert_eq!(tr(Lang::En, "提纲"), "Outline");
        assert_eq!(tr(Lang::Zh, "提纲"), "提纲");
    }
}
