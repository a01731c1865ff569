//! Outline: every heading of the report, nested.
//!
//! Three passes over the lines of the folded text:
//!
//! 1. **Classify** each line: a numbered heading (一、 （一） 1. （1） ① 第一章
//!    `#`), an annex (附件2 名词解释), a part title (二〇二二年工作回顾), a
//!    lead line (——过去五年,综合经济实力显著增强), an unnumbered heading line,
//!    a paragraph that opens with a run-in heading (坚持规划引领。…), or plain
//!    prose. Lines before the body (title, meeting, speaker, 各位代表:) are
//!    front matter and never headings.
//! 2. **Structure**: nest the structural headings by the order in which their
//!    numbering styles first appear below each other (a "1." inside a
//!    "（二）" is deeper than it), with part titles and annexes always at the
//!    top. Numbered headings whose closing 。 was lost in scraping take their
//!    length from their siblings; numbered lines that are list items (a whole
//!    sentence) are not headings.
//! 3. **Run-ins**: inside each structural section, paragraphs that open with a
//!    short clause ending in 。 are headings when at least two siblings do so;
//!    a sibling whose 。 was lost gets the length its siblings share.

use std::sync::OnceLock;

use regex::Regex;

use crate::doc::Doc;
use crate::{Form, Section, Span};

/// The numbering style of a heading; nesting follows the order in which
/// styles appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    /// 第一章 / 第一部分 / 第一节.
    Chapter,
    /// 一、
    Cn,
    /// （一）
    ParenCn,
    /// 1. / 1、
    Num,
    /// （1）
    ParenNum,
    /// ① ②
    Circled,
    /// Markdown `#`s.
    Markdown(u8),
    /// ——lead line.
    Lead,
    /// An unnumbered heading line.
    Line,
    /// A part title (年工作回顾); always at the top.
    Part,
    /// 附件N, 名词解释; always at the top.
    Annex,
}

impl Style {
    fn is_top(self) -> bool {
        matches!(self, Style::Part | Style::Annex)
    }
}

/// A heading found in the text, before nesting.
#[derive(Debug, Clone)]
struct Head {
    line: usize,
    style: Style,
    form: Form,
    number: Option<String>,
    /// Title as char range in the text.
    title: (usize, usize),
    /// Heading span (numbering + title, or the whole heading lines).
    span: (usize, usize),
    /// The heading stands alone on its line(s).
    standalone: bool,
    /// Index of the last line the heading covers (annex titles take two).
    last_line: usize,
}

impl Head {
    /// A copy of the heading without its number, for the passes that only
    /// look at where headings stand and at their styles.
    fn without_number(&self) -> Head {
        Head {
            line: self.line,
            style: self.style,
            form: self.form,
            number: None,
            title: self.title,
            span: self.span,
            standalone: self.standalone,
            last_line: self.last_line,
        }
    }
}

/// A numbered line whose title extent is not known yet.
#[derive(Debug, Clone)]
struct Pending {
    head: Head,
    /// Chars of the line after the numbering (folded).
    rest: Vec<char>,
    /// Char offset in text where `rest` starts.
    rest_start: usize,
}

use crate::cached_regex as re;

const CN_NUM: &str = "[一二三四五六七八九十百零〇]";

/// The chars of [`CN_NUM`], for tests on one char.
const CN_NUMERALS: &str = "一二三四五六七八九十百零〇";

fn numbering_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, || {
        format!(
            concat!(
                r"^(?:",
                r"(?P<chap>第{cn}{{1,3}}(?:章|部分|篇|节))\s*[、.:]?\s*",
                r"|(?P<cn>{cn}{{1,3}})\s*[、.]\s*",
                r"|\(\s*(?P<pcn>{cn}{{1,3}})\s*\)\s*[、.]?\s*",
                r"|(?P<num>\d{{1,2}})\s*(?P<numsep>[、.])\s*",
                r"|\(\s*(?P<pnum>\d{{1,2}})\s*\)\s*[、.]?\s*",
                r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*",
                r"|(?P<md>\#{{1,6}})\s+",
                r")"
            ),
            cn = CN_NUM
        )
    })
}

/// The numbers of [`numbering_re`]'s named groups, in the pattern's order
/// (a test checks them against the names): looking a group up by number
/// spares a hash of its name per line.
mod group {
    /// `chap`: 第一章.
    pub const CHAP: usize = 1;
    /// `cn`: 一、
    pub const CN: usize = 2;
    /// `pcn`: (一)
    pub const PCN: usize = 3;
    /// `num`: 1.
    pub const NUM: usize = 4;
    /// `numsep`: the mark after `num`.
    pub const NUMSEP: usize = 5;
    /// `pnum`: (1)
    pub const PNUM: usize = 6;
    /// `circ`: ①
    pub const CIRC: usize = 7;
    /// `md`: Markdown `#`s.
    pub const MD: usize = 8;
}

fn annex_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, || {
        format!(r"^(?P<no>附\s*件\s*(?:\d{{1,2}}|{CN_NUM}{{1,3}})?)\s*[:、.]?\s*(?P<rest>.*)$")
    })
}

/// The chars a numbering ([`numbering_re`]) can start with: 第, a Chinese
/// numeral, `(`, `#`, or a digit (`\d` is Unicode; `char::is_numeric` takes
/// in all of it, and the circled numbers too).
fn may_start_numbering(c: char) -> bool {
    matches!(c, '第' | '(' | '#')
        || CN_NUMERALS.contains(c)
        // No CJK ideograph is numeric (the test `first_char_tests_keep_every_match`
        // checks): the Unicode table is spared them.
        || (!('\u{4e00}'..='\u{9fff}').contains(&c) && c.is_numeric())
}

/// Whether a folded line can match [`numbering_re`]: a test on its first
/// char that spares most lines the regex.
fn may_be_numbered(f: &str) -> bool {
    f.chars().next().is_some_and(may_start_numbering)
}

/// Whether a folded line, trimmed, can match [`glossary_title_re`]: every
/// title it knows starts with one of 名术注附说.
fn may_be_glossary_title(f: &str) -> bool {
    f.trim_start().starts_with(['名', '术', '注', '附', '说'])
}

fn glossary_title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"^(?:名\s*词\s*解\s*[释析]|名\s*词\s*注\s*释|术\s*语\s*解\s*释|注\s*释|附\s*注|说\s*明)$",
    )
}

/// Part titles: headings scoped by time (二〇二二年工作回顾, 过去五年工作回顾,
/// 2023年工作安排) or naming the report's big parts.
fn part_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, || {
        format!(
            concat!(
                r"^(?:(?:19|20)\d\d年|[〇零○一二三四五六七八九]{{4}}年|(?:过去|今后|未来|近){cn}{{1,2}}年|本届政府|{cn}{{1,2}}年来)",
                r".{{0,16}}(?:回顾|工作|安排|意见|任务|目标|部署|计划|打算|建议)$"
            ),
            cn = CN_NUM
        )
    })
}

/// Whether `s` holds a quantity ([`quantity_re`]). Without the `regex`
/// crate's literal search (the web build) a line with no numeric char is
/// passed over before the regex walks it (`\d` is a numeric char).
fn has_quantity(s: &str) -> bool {
    (cfg!(feature = "fast-regex") || s.chars().any(char::is_numeric)) && quantity_re().is_match(s)
}

/// Quantities (a number followed by a unit): headings rarely carry them,
/// list items and data lines do.
fn quantity_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"\d(?:[\d,.]*\d)?\s*(?:%|‰|个百分点|倍|亿|万|千|百|元|个|家|项|所|人|户|套|栋|条|座|公里|千米|米|平方|亩|吨|辆|张|场|次|天|年一遇)",
    )
}

/// Forms of address that open a paragraph of the speech, never a heading.
fn is_address(f: &str) -> bool {
    [
        "各位代表",
        "各位委员",
        "各位同志",
        "同志们",
        "代表们",
        "主任、",
        "各位副主任",
    ]
    .iter()
    .any(|p| f.starts_with(p))
}

use crate::script::is_han as is_cjk;

/// Sentence-ending marks that close a run-in heading.
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '!' | '?')
}

fn is_punct(c: char) -> bool {
    !(c.is_alphanumeric() || c == ' ')
}

/// Punctuation pattern of a title: positions and chars of its punctuation.
fn punct_pattern(t: &[char]) -> Vec<(usize, char)> {
    t.iter()
        .enumerate()
        .filter(|(_, &c)| is_punct(c) || c == ' ')
        .map(|(i, &c)| (i, c))
        .collect()
}

const MAX_LINE_HEADING: usize = 40;
const MAX_RUNIN: usize = 26;

/// Builds the outline of a document.
pub fn outline(doc: &Doc) -> Vec<Section> {
    let n = doc.lines.len();
    let folded: Vec<&[char]> = doc
        .lines
        .iter()
        .map(|l| doc.chars.get(l.start..l.end()).unwrap_or(&[]))
        .collect();
    let body_start = body_start(doc, &folded);

    // Pass 1: classify.
    let mut heads: Vec<Head> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut skip_until = 0usize;
    for i in 0..n {
        if i < skip_until {
            continue;
        }
        let f = doc.line_folded(i);
        let fc = &folded[i];
        let line = doc.lines[i];
        if let Some(h) = annex(doc, &folded, i) {
            skip_until = h.last_line + 1;
            heads.push(h);
            continue;
        }
        if may_be_glossary_title(f) && glossary_title_re().is_match(f.trim()) {
            heads.push(whole_line(doc, i, Style::Annex, Form::Annex, None, 0));
            continue;
        }
        // The first-char test and the DFA's yes or no spare most lines the
        // costlier search for the groups.
        let numbered = may_be_numbered(f)
            .then(|| crate::captures_on_match(numbering_re(), f))
            .flatten()
            .filter(|c| !is_decimal(f, c));
        if let Some(caps) = numbered {
            let whole = caps.get(0).map(|m| m.end()).unwrap_or(0);
            let num_chars = f[..whole].chars().count();
            let rest = fc.get(num_chars..).unwrap_or(&[]);
            let (style, number) = numbered_style(&caps);
            if rest.iter().filter(|c| is_cjk(**c)).take(2).count() >= 2 {
                let rest_start = line.start + num_chars;
                let head = Head {
                    line: i,
                    style,
                    form: Form::Numbered,
                    number: Some(number),
                    title: (rest_start, line.end()),
                    span: (line.start, line.end()),
                    standalone: true,
                    last_line: i,
                };
                match numbered_title(rest, f.get(whole..).unwrap_or("")) {
                    Some(Extent::Line) => heads.push(head),
                    Some(Extent::RunIn(k)) => heads.push(Head {
                        title: (rest_start, rest_start + k),
                        span: (line.start, rest_start + k + 1),
                        standalone: false,
                        ..head
                    }),
                    None => pending.push(Pending {
                        head,
                        rest: rest.to_vec(),
                        rest_start,
                    }),
                }
                continue;
            }
        }
        if i < body_start {
            continue;
        }
        if let Some(h) = lead(doc, fc, i) {
            heads.push(h);
            continue;
        }
        if is_heading_line(fc, f, folded.get(i + 1).copied()) {
            let t = f.trim();
            let style = if part_re().is_match(t) {
                Style::Part
            } else {
                Style::Line
            };
            let form = if style == Style::Part {
                Form::Part
            } else {
                Form::Line
            };
            let (lead_trim, tail_trim) = bold_marks(fc);
            let mut h = whole_line(doc, i, style, form, None, lead_trim);
            h.title.1 -= tail_trim;
            heads.push(h);
        }
    }

    // Pass 2: resolve pending numbered lines against their siblings.
    if !pending.is_empty() {
        let known = heads.len();
        // Their numbers are not needed here: the copies go without them.
        let mut all: Vec<Head> = heads
            .iter()
            .chain(pending.iter().map(|p| &p.head))
            .map(Head::without_number)
            .collect();
        crate::sort::by_key(&mut all, |h| h.line);
        let parents = nest(&all);
        // The headings of `all` by (parent, style), in line order: a
        // pending line's siblings are the rest of its group.
        let mut group_of: Vec<usize> = Vec::with_capacity(all.len());
        let mut groups: Vec<Vec<usize>> = Vec::new();
        {
            // The groups under each parent (slot p + 1; slot 0 for the top
            // level) as (style, group): a parent has few styles below it.
            let mut under: Vec<Vec<(Style, usize)>> = vec![Vec::new(); all.len() + 1];
            for (k, h) in all.iter().enumerate() {
                let slot = parents[k].map_or(0, |p| p + 1);
                let Some(styles) = under.get_mut(slot) else {
                    continue;
                };
                let g = match styles.iter().find(|&&(s, _)| s == h.style) {
                    Some(&(_, g)) => g,
                    None => {
                        styles.push((h.style, groups.len()));
                        groups.push(Vec::new());
                        groups.len() - 1
                    }
                };
                group_of.push(g);
                if let Some(list) = groups.get_mut(g) {
                    list.push(k);
                }
            }
        }
        // Where each heading of `all` stands in `heads`: the known ones
        // first, in line order; pending ones once resolved.
        let mut in_heads: Vec<Option<usize>> = vec![None; all.len()];
        let mut known_lines = heads.iter().map(|h| h.line).enumerate().peekable();
        for (k, h) in all.iter().enumerate() {
            if let Some(&(j, line)) = known_lines.peek() {
                if line == h.line {
                    in_heads[k] = Some(j);
                    known_lines.next();
                }
            }
        }
        for p in &pending {
            let Ok(idx) = all.binary_search_by_key(&p.head.line, |h| h.line) else {
                continue;
            };
            // Only siblings already known to be headings, with their final
            // titles, in the order they stand in `heads`.
            let mut members: Vec<usize> = groups[group_of[idx]]
                .iter()
                .filter(|&&k| k != idx)
                .filter_map(|&k| in_heads[k])
                .collect();
            crate::sort::usizes(&mut members);
            let siblings: Vec<&Head> = members.iter().map(|&j| &heads[j]).collect();
            if siblings.is_empty() {
                continue; // a list item, not a heading
            }
            let k = template_cut(doc, &siblings, &p.rest).unwrap_or_else(|| first_clause(&p.rest));
            if k < 2 {
                continue;
            }
            in_heads[idx] = Some(heads.len());
            heads.push(Head {
                title: (p.rest_start, p.rest_start + k),
                span: (p.head.span.0, p.rest_start + k),
                standalone: false,
                ..p.head.clone()
            });
        }
        debug_assert!(heads[..known].windows(2).all(|w| w[0].line < w[1].line));
        crate::sort::by_key(&mut heads, |h| h.line);
    }

    // Pass 3: run-in headings inside each structural section.
    let mut runins: Vec<Head> = Vec::new();
    let mut scratch = RuninScratch::default();
    let mut region_start = body_start;
    let mut region_head: Option<&Head> = None;
    let mut k = 0usize;
    loop {
        let next = heads.get(k);
        let region_end = next.map(|h| h.line).unwrap_or(n);
        let from = match region_head {
            Some(h) => h.last_line + 1,
            None => region_start,
        };
        runins_in(
            doc,
            &folded,
            (from, region_end),
            region_head,
            &mut scratch,
            &mut runins,
        );
        match next {
            Some(h) => {
                region_head = Some(h);
                region_start = h.last_line + 1;
                k += 1;
            }
            None => break,
        }
    }
    heads.extend(runins);
    crate::sort::by(&mut heads, |a, b| {
        (a.line, a.span.0).cmp(&(b.line, b.span.0))
    });

    build_sections(doc, heads)
}

/// The first line of the body: after the salutation (各位代表:) if there is
/// one near the top, else the first paragraph.
fn body_start(doc: &Doc, folded: &[&[char]]) -> usize {
    let n = doc.lines.len();
    let mut first_para = n;
    for (i, fc) in folded.iter().enumerate().take(40.min(n)) {
        let f = doc.line_folded(i);
        let last = fc.last().copied().unwrap_or(' ');
        if (last == ':' || last == '：')
            && fc.len() <= 30
            && (f.contains("代表") || f.contains("委员") || f.contains("同志"))
        {
            return i + 1;
        }
        if first_para == n && (fc.len() >= 50 || fc.contains(&'。')) {
            first_para = i;
        }
    }
    if first_para == n {
        0
    } else {
        first_para
    }
}

/// "1.2万亿元" and "5.5%" start with a number, not a numbering.
fn is_decimal(f: &str, caps: &regex::Captures) -> bool {
    match (caps.get(group::NUMSEP), caps.get(0)) {
        (Some(sep), Some(all)) if sep.as_str() == "." => {
            let after = f[sep.end()..].chars().next();
            all.end() == sep.end() && matches!(after, Some(c) if c.is_ascii_digit() || c == '%')
        }
        _ => false,
    }
}

fn numbered_style(caps: &regex::Captures) -> (Style, String) {
    let get = |k: usize| caps.get(k).map(|m| m.as_str().to_string());
    if let Some(s) = get(group::CHAP) {
        (Style::Chapter, s)
    } else if let Some(s) = get(group::CN) {
        (Style::Cn, s)
    } else if let Some(s) = get(group::PCN) {
        (Style::ParenCn, format!("({s})"))
    } else if let Some(s) = get(group::NUM) {
        (Style::Num, s)
    } else if let Some(s) = get(group::PNUM) {
        (Style::ParenNum, format!("({s})"))
    } else if let Some(s) = get(group::CIRC) {
        (Style::Circled, s)
    } else {
        let n = get(group::MD).map(|s| s.len()).unwrap_or(1);
        (Style::Markdown(n.min(6) as u8), "#".repeat(n))
    }
}

enum Extent {
    /// The whole line is the title.
    Line,
    /// The title is the first `k` chars, closed by a 。.
    RunIn(usize),
}

/// How much of a numbered line is its title, if that can be told from the
/// line alone.
/// `rest` is the line after its numbering, as chars and as text (`s`).
fn numbered_title(rest: &[char], s: &str) -> Option<Extent> {
    let stop = rest.iter().position(|&c| is_stop(c));
    let commas = |t: &[char]| t.iter().filter(|&&c| c == ',' || c == ';').count();
    match stop {
        None => {
            if rest.len() <= MAX_LINE_HEADING
                && commas(rest) <= 2
                && !has_quantity(s)
                && !s.ends_with(':')
            {
                return Some(Extent::Line);
            }
            None
        }
        Some(k) => {
            let title = &rest[..k];
            let tail = &rest[k + 1..];
            // The title as text: the first `k` chars of `s`.
            let t = s
                .char_indices()
                .nth(k)
                .map_or(s, |(b, _)| s.get(..b).unwrap_or(s));
            if tail.iter().all(|c| c.is_whitespace()) {
                // A sentence standing alone: a heading only when short and plain.
                if k <= 30 && commas(title) <= 1 && !has_quantity(t) {
                    return Some(Extent::RunIn(k));
                }
                return None;
            }
            if (2..=MAX_LINE_HEADING).contains(&k) && commas(title) <= 2 && !has_quantity(t) {
                return Some(Extent::RunIn(k));
            }
            None
        }
    }
}

/// Where to cut `rest` so its title matches its siblings' shared length and
/// punctuation (for headings whose closing 。 was lost).
fn template_cut(doc: &Doc, siblings: &[&Head], rest: &[char]) -> Option<usize> {
    let titles: Vec<&[char]> = siblings
        .iter()
        .map(|h| {
            // As `doc.folded_slice(h.title.0, h.title.1)`, without decoding it.
            let n = doc.chars.len();
            let (a, b) = (h.title.0.min(n), h.title.1.max(h.title.0).min(n));
            doc.chars.get(a..b).unwrap_or(&[])
        })
        .collect();
    shared_cut(&titles, rest)
}

/// The length shared by most sibling titles, if `rest` fits the same
/// template (same punctuation at the same places, and a word boundary-free
/// run of text there).
fn shared_cut(titles: &[&[char]], rest: &[char]) -> Option<usize> {
    Template::of(titles)?.cut(rest)
}

/// The shape most sibling titles share: their length and the punctuation
/// of a title of that length. Found once for a group of siblings, then
/// tried on each candidate line.
struct Template {
    /// The length most titles have.
    len: usize,
    /// The punctuation (positions and chars) of the first title that long.
    pattern: Vec<(usize, char)>,
}

impl Template {
    /// The template of `titles`, if most of them (at least half) share a
    /// length of 4 or more.
    fn of(titles: &[&[char]]) -> Option<Template> {
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for t in titles {
            match counts.iter_mut().find(|(l, _)| *l == t.len()) {
                Some(e) => e.1 += 1,
                None => counts.push((t.len(), 1)),
            }
        }
        let &(len, count) = counts.iter().max_by_key(|(l, c)| (*c, *l))?;
        if count * 2 < titles.len() || len < 4 {
            return None;
        }
        let pattern = titles
            .iter()
            .find(|t| t.len() == len)
            .map(|t| punct_pattern(t))?;
        Some(Template { len, pattern })
    }

    /// Where to cut `rest` to fit the template: after its first `len` chars
    /// when they have the template's punctuation, no digit, and the char
    /// after them is not punctuation.
    fn cut(&self, rest: &[char]) -> Option<usize> {
        let len = self.len;
        let (head, tail) = (rest.get(..len)?, rest.get(len..)?);
        let next = *tail.first()?;
        let same = head
            .iter()
            .enumerate()
            .filter(|(_, &c)| is_punct(c) || c == ' ')
            .map(|(i, &c)| (i, c))
            .eq(self.pattern.iter().copied());
        if !same || head.iter().any(|c| c.is_ascii_digit()) || is_punct(next) {
            return None;
        }
        Some(len)
    }
}

/// Up to the first clause mark, for a heading whose length nothing tells.
fn first_clause(rest: &[char]) -> usize {
    rest.iter()
        .position(|&c| matches!(c, '。' | ',' | ';' | ':' | '!' | '?'))
        .unwrap_or(rest.len())
        .min(MAX_LINE_HEADING)
}

fn whole_line(
    doc: &Doc,
    i: usize,
    style: Style,
    form: Form,
    number: Option<String>,
    skip: usize,
) -> Head {
    let l = doc.lines[i];
    Head {
        line: i,
        style,
        form,
        number,
        title: (l.start + skip, l.end()),
        span: (l.start, l.end()),
        standalone: true,
        last_line: i,
    }
}

/// Markdown bold around a whole line (`**标题**`): chars to skip at each end.
/// (More than 4 chars: with 4 or fewer, `**` at both ends leaves no title.)
fn bold_marks(fc: &[char]) -> (usize, usize) {
    if fc.len() > 4 && fc.starts_with(&['*', '*']) && fc.ends_with(&['*', '*']) {
        (2, 2)
    } else {
        (0, 0)
    }
}

/// 附件N with its title on the same line or the next.
fn annex(doc: &Doc, folded: &[&[char]], i: usize) -> Option<Head> {
    let f = doc.line_folded(i);
    // `annex_re` starts with 附.
    if folded[i].len() > 40 || !f.starts_with('附') {
        return None;
    }
    let caps = annex_re().captures(f)?;
    let no = caps.name("no")?.as_str();
    let number: String = no.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = caps.name("rest").map(|m| m.as_str()).unwrap_or("");
    let line = doc.lines[i];
    if !rest.trim().is_empty() {
        if rest.contains('。') || rest.chars().count() > 30 {
            return None;
        }
        let skip = f[..caps.name("rest").map(|m| m.start()).unwrap_or(0)]
            .chars()
            .count();
        return Some(Head {
            line: i,
            style: Style::Annex,
            form: Form::Annex,
            number: Some(number),
            title: (line.start + skip, line.end()),
            span: (line.start, line.end()),
            standalone: true,
            last_line: i,
        });
    }
    // The title is the next line when it is short.
    let next = folded.get(i + 1)?;
    if next.len() <= 30
        && !next.contains(&'。')
        && numbering_re().find(doc.line_folded(i + 1)).is_none()
    {
        let nl = doc.lines[i + 1];
        return Some(Head {
            line: i,
            style: Style::Annex,
            form: Form::Annex,
            number: Some(number),
            title: (nl.start, nl.end()),
            span: (line.start, nl.end()),
            standalone: true,
            last_line: i + 1,
        });
    }
    Some(Head {
        line: i,
        style: Style::Annex,
        form: Form::Annex,
        number: Some(number.clone()),
        title: (line.start, line.end()),
        span: (line.start, line.end()),
        standalone: true,
        last_line: i,
    })
}

/// ——过去五年,综合经济实力显著增强: a dash-led line heading the block below it.
fn lead(doc: &Doc, fc: &[char], i: usize) -> Option<Head> {
    let dashes = fc
        .iter()
        .take_while(|&&c| matches!(c, '—' | '─' | '-' | '–' | '━'))
        .count();
    if dashes < 2 {
        return None;
    }
    let rest = &fc[dashes..];
    // The tests on the chars first: the text is collected only for a line
    // short enough to be a lead.
    if rest.len() < 4
        || rest.len() > 30
        || rest.iter().any(|&c| is_stop(c))
        || rest.last() == Some(&':')
        || rest.iter().take(4).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let s: String = rest.iter().collect();
    if has_quantity(&s) || s.contains("会议") || s.contains("大会") || s.contains("会上") {
        return None;
    }
    Some(whole_line(doc, i, Style::Lead, Form::Lead, None, dashes))
}

/// An unnumbered line that heads what follows: short, no sentence mark, not
/// a form of address or a data line, followed by prose.
fn is_heading_line(fc: &[char], f: &str, next: Option<&[char]>) -> bool {
    // Long lines first, before counting their chars.
    if fc.len() > MAX_LINE_HEADING {
        return false;
    }
    let t = f.trim();
    let cjk = fc.iter().filter(|c| is_cjk(**c)).count();
    let digits = fc.iter().filter(|c| c.is_ascii_digit()).count();
    if fc.len() > MAX_LINE_HEADING || cjk < 4 || (cjk + digits) * 10 < fc.len() * 6 {
        return false;
    }
    let last = fc.last().copied().unwrap_or(' ');
    if fc.iter().any(|&c| is_stop(c) || c == ';') || matches!(last, ':' | ',' | '、') {
        return false;
    }
    if is_address(t) || has_quantity(t) || t.contains(':') {
        return false;
    }
    if fc.iter().filter(|&&c| c == ',').count() > 1 {
        return false;
    }
    // Followed by prose (or another heading), not the last words of the page.
    match next {
        Some(nx) => nx.len() > fc.len() || nx.iter().any(|&c| is_stop(c)),
        None => false,
    }
}

/// A paragraph's opening run-in heading, if it has the shape of one: the
/// chars before the first 。.
fn runin_len(fc: &[char], f: &str) -> Option<usize> {
    let k = fc.iter().take(MAX_RUNIN + 1).position(|&c| is_stop(c))?;
    if is_address(f) {
        return None;
    }
    if !(4..=MAX_RUNIN).contains(&k) || fc.len() <= k + 1 {
        return None;
    }
    let t = &fc[..k];
    let commas = t.iter().filter(|&&c| c == ',').count();
    if commas > 1
        || t.iter()
            .any(|&c| c.is_ascii_digit() || matches!(c, ':' | ';' | '(' | ')' | '“' | '”' | '"'))
        || t.iter().filter(|c| is_cjk(**c)).count() < 4
    {
        return None;
    }
    Some(k)
}

/// The buffers [`runins_in`] fills for each region, kept from one region to
/// the next so that the many regions of a long document share them.
#[derive(Default)]
struct RuninScratch<'a> {
    /// (line, title length) of the run-in headings found.
    found: Vec<(usize, usize)>,
    /// Their title lengths, sorted.
    lens: Vec<usize>,
    /// Their titles.
    titles: Vec<&'a [char]>,
    /// Siblings whose 。 was lost.
    lost: Vec<(usize, usize)>,
}

/// Run-in headings among lines `from..to`, the body of `parent`,
/// appended to `out` in line order.
fn runins_in<'a>(
    doc: &Doc,
    folded: &[&'a [char]],
    (from, to): (usize, usize),
    parent: Option<&Head>,
    scratch: &mut RuninScratch<'a>,
    out: &mut Vec<Head>,
) {
    let found = &mut scratch.found;
    found.clear();
    for (i, fc) in folded.iter().enumerate().take(to).skip(from) {
        if let Some(k) = runin_len(fc, doc.line_folded(i)) {
            found.push((i, k));
        }
    }
    // Fewer than two stay fewer than two below.
    if found.len() < 2 {
        return;
    }
    // Run-in headings of one section are parallel in form: an opening
    // sentence much longer than its siblings' is prose (an intro paragraph).
    let lens = &mut scratch.lens;
    lens.clear();
    lens.extend(found.iter().map(|&(_, k)| k));
    crate::sort::usizes(lens);
    let median = lens.get(lens.len() / 2).copied().unwrap_or(0);
    found.retain(|&(_, k)| k <= 2 * median || k <= median + 6);
    if found.len() < 2 {
        return;
    }
    // Siblings whose 。 was lost: same length and punctuation as the others.
    let titles = &mut scratch.titles;
    titles.clear();
    titles.extend(
        found
            .iter()
            .map(|&(i, k)| folded.get(i).and_then(|f| f.get(..k)).unwrap_or(&[])),
    );
    let intro_line = match parent {
        Some(h) if h.standalone => Some(h.last_line + 1),
        None => Some(from),
        _ => None,
    };
    let lost = &mut scratch.lost;
    lost.clear();
    if let Some(template) = Template::of(titles) {
        for (i, fc) in folded.iter().enumerate().take(to).skip(from) {
            // `found` is in line order.
            if found.binary_search_by_key(&i, |&(l, _)| l).is_ok()
                || Some(i) == intro_line
                || is_address(doc.line_folded(i))
            {
                continue;
            }
            if let Some(k) = template.cut(fc) {
                lost.push((i, k));
            }
        }
    }
    found.extend(lost.iter().copied());
    crate::sort::pairs(found);
    out.extend(found.iter().map(|&(i, k)| {
        let l = doc.lines[i];
        let closed = folded[i].get(k).map(|&c| is_stop(c)).unwrap_or(false);
        Head {
            line: i,
            style: Style::Line,
            form: Form::Runin,
            number: None,
            title: (l.start, l.start + k),
            span: (l.start, l.start + k + usize::from(closed)),
            standalone: false,
            last_line: i,
        }
    }));
}

/// Parent index (into `heads`) of each structural heading, nesting styles by
/// the order they appear in, part titles and annexes at the top.
fn nest(heads: &[Head]) -> Vec<Option<usize>> {
    let mut stack: Vec<(Style, usize)> = Vec::new();
    let mut parents = Vec::with_capacity(heads.len());
    for (k, h) in heads.iter().enumerate() {
        if h.form == Form::Runin {
            // Run-ins are leaves under the nearest structural heading.
            parents.push(stack.last().map(|&(_, p)| p));
            continue;
        }
        if h.style.is_top() {
            stack.clear();
        } else if let Some(pos) = stack.iter().position(|&(s, _)| s == h.style) {
            stack.truncate(pos);
        }
        parents.push(stack.last().map(|&(_, p)| p));
        stack.push((h.style, k));
    }
    parents
}

/// The sections of the headings, in order; each heading's number moves
/// into its section.
fn build_sections(doc: &Doc, mut heads: Vec<Head>) -> Vec<Section> {
    let parents = nest(&heads);
    let mut levels = vec![1usize; heads.len()];
    for k in 0..heads.len() {
        levels[k] = parents[k].map(|p| levels[p] + 1).unwrap_or(1);
    }
    let end = doc.char_len();
    let mut out = Vec::with_capacity(heads.len());
    for k in 0..heads.len() {
        let section_end = heads[k + 1..]
            .iter()
            .zip(&levels[k + 1..])
            .find(|(_, &lv)| lv <= levels[k])
            .map(|(n, _)| doc.lines[n.line].start)
            .unwrap_or(end);
        let h = &mut heads[k];
        let title = doc
            .text_slice(h.title.0, h.title.1)
            .trim()
            .trim_end_matches(['。', '.'])
            .to_string();
        out.push(Section {
            id: k,
            parent: parents[k],
            level: levels[k],
            number: h.number.take(),
            title,
            form: h.form,
            span: Span(h.span.0, h.span.1.min(end)),
            section_span: Span(h.span.0, section_end.max(h.span.1).min(end)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_quantity_agrees_with_the_regex() {
        for t in [
            "增长5.5%",
            "新增3家企业",
            "٣%",
            "１２个百分点",
            "全面推进乡村振兴",
            "第十五届人民代表大会",
            "2023年",
            "",
        ] {
            assert_eq!(has_quantity(t), quantity_re().is_match(t), "{t}");
        }
    }

    fn titles(text: &str) -> Vec<(usize, Option<usize>, String)> {
        let doc = Doc::new(text);
        outline(&doc)
            .into_iter()
            .map(|s| (s.level, s.parent, s.title))
            .collect()
    }

    #[test]
    fn group_numbers_match_the_names() {
        let names: Vec<Option<&str>> = numbering_re().capture_names().collect();
        for (k, name) in [
            (group::CHAP, "chap"),
            (group::CN, "cn"),
            (group::PCN, "pcn"),
            (group::NUM, "num"),
            (group::NUMSEP, "numsep"),
            (group::PNUM, "pnum"),
            (group::CIRC, "circ"),
            (group::MD, "md"),
        ] {
            assert_eq!(names.get(k).copied().flatten(), Some(name));
        }
        assert_eq!(names.len(), 9);
    }

    #[test]
    fn first_char_tests_keep_every_match() {
        assert_eq!(CN_NUM, format!("[{CN_NUMERALS}]"));
        // Every char that can open a numbering passes the first-char test.
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            if !may_start_numbering(c) {
                for tail in ["一、", "1. ", "章"] {
                    let t = format!("{c}{tail}");
                    assert!(numbering_re().find(&t).is_none(), "{t:?}");
                }
            }
        }
        for t in [
            "名词解释",
            " 注释",
            "附注",
            "说明",
            "术语解释",
            "名 词 注 释",
        ] {
            assert!(may_be_glossary_title(t) && glossary_title_re().is_match(t.trim()));
        }
    }

    #[test]
    fn numbered_styles_nest_by_order_of_appearance() {
        let t = "各位代表:\n一、上半年计划执行情况\n(一)主要指标完成情况\n正文。\n1.发挥创新引领作用\n完善科技创新生态。内容内容。\n加快数字经济发展。内容内容。\n2.提升产业竞争能力\n二、下半年工作安排\n";
        let got = titles(t);
        let want = vec![
            (1, None, "上半年计划执行情况".to_string()),
            (2, Some(0), "主要指标完成情况".to_string()),
            (3, Some(1), "发挥创新引领作用".to_string()),
            (4, Some(2), "完善科技创新生态".to_string()),
            (4, Some(2), "加快数字经济发展".to_string()),
            (3, Some(1), "提升产业竞争能力".to_string()),
            (1, None, "下半年工作安排".to_string()),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_quantity_or_list_item_is_not_a_heading() {
        let t = "各位代表:\n1.2万亿元的投资已经落地,这是一段正文。\n一是加快发展。二是扩大开放。\n1、在50个社区设立社工工作室,实现社区专业社工全覆盖。\n";
        assert!(titles(t).is_empty());
    }

    #[test]
    fn runins_need_siblings_and_lost_stops_take_their_length() {
        let t = "各位代表:\n一、经济大盘保持总体平稳。积极应对冲击。\n经济保持合理区间。预计总值950亿元。\n项目建设加快推进。完成投资。\n城市更新先行先试实施城市体检,制定计划。\n各位代表,思危方可居安。我们也要清醒地看到。\n";
        let got: Vec<String> = titles(t).into_iter().map(|x| x.2).collect();
        assert_eq!(
            got,
            vec![
                "经济大盘保持总体平稳",
                "经济保持合理区间",
                "项目建设加快推进",
                "城市更新先行先试"
            ]
        );
    }

    #[test]
    fn a_lone_short_sentence_is_not_a_heading() {
        let t = "各位代表:\n二、未来五年奋斗目标\n纵观大势,机遇与挑战并存。当前,武汉正在加快建设。\n刚刚闭幕的党代会描绘了蓝图。\n";
        let got: Vec<String> = titles(t).into_iter().map(|x| x.2).collect();
        assert_eq!(got, vec!["未来五年奋斗目标"]);
    }

    #[test]
    fn part_titles_and_annexes_are_at_the_top() {
        let t = "各位代表:\n二〇二二年工作回顾\n2022年,困难超乎想象。\n一、经济平稳。内容。\n二、动能转换。内容。\n二〇二三年工作意见\n正文正文正文正文正文。\n一、在加快城市更新上持续用力,夯实高质量发展的坚实基础坚定不移把城市更新作为最大发展机遇,一体推进留改拆建。\n五、在缔造幸福生活上持续用力,把握高质量发展的根本目的。坚持以人民为中心。\n六、在加强自身建设上持续用力,筑牢高质量发展的坚强保障。坚持民之所望。\n附件2\n名词解释\n1. 众创空间\n众创空间是新型创新创业服务平台。\n";
        let got = titles(t);
        assert_eq!(got[0], (1, None, "二〇二二年工作回顾".to_string()));
        assert_eq!(got[1], (2, Some(0), "经济平稳".to_string()));
        assert_eq!(got[3], (1, None, "二〇二三年工作意见".to_string()));
        assert_eq!(
            got[4],
            (
                2,
                Some(3),
                "在加快城市更新上持续用力,夯实高质量发展的坚实基础".to_string()
            )
        );
        assert_eq!(got[7], (1, None, "名词解释".to_string()));
        assert_eq!(got[8], (2, Some(7), "众创空间".to_string()));
    }

    #[test]
    fn lead_lines_head_blocks_but_meeting_lines_do_not() {
        let t = "——在第十五届人民代表大会\n第一次会议上\n各位代表:\n一、过去五年工作回顾\n——过去五年,综合经济实力显著增强\n主要指标较快增长。内容。\n产业结构优化升级。内容。\n——全年地区生产总值预期目标增长7%。上半年完成779亿元。\n";
        let got = titles(t);
        assert_eq!(got.len(), 4);
        assert_eq!(
            got[1],
            (2, Some(0), "过去五年,综合经济实力显著增强".to_string())
        );
        assert_eq!(got[2].1, Some(1));
    }

    #[test]
    fn unnumbered_heading_lines() {
        let t = "12月14日上午,区第十六届人民代表大会第一次会议开幕,代理区长作报告。\n围绕上述目标,将重点抓好以下八个方面工作:\n实施产业升级行动 加快提升区域经济首位度\n提升总部经济引领力,力争全年引进总部企业10家以上。\n实施科技赋能行动 培育壮大创新发展新动能\n深化发展模式,构建创新联合体。\n";
        let got: Vec<String> = titles(t).into_iter().map(|x| x.2).collect();
        assert_eq!(
            got,
            vec![
                "实施产业升级行动 加快提升区域经济首位度",
                "实施科技赋能行动 培育壮大创新发展新动能"
            ]
        );
    }
}
