//! Cleaning: plain text → the report's `text`.
//!
//! One pass over the lines of the plain text that
//! - drops page boilerplate (索引号/发布机构/文号 headers, 发布时间, 打印,
//!   字体 大中小, 扫一扫…, related-news lists and footers) while keeping its
//!   facts in [`PageFacts`] for the meta pass;
//! - removes the pinyin that mirror sites insert after characters
//!   (區(qū) → 區) without touching real parentheses;
//! - trims each line, folds runs of spaces (full-width, nbsp) to one space,
//!   drops zero-width characters and blank lines.
//!
//! Everything else is kept verbatim, and an offset map records where each
//! kept char came from.

use std::sync::OnceLock;

use regex::Regex;

use crate::cached_regex;
use crate::offsets::{Mapped, MappedWriter};
use crate::script::fold_char;

/// Facts found in page boilerplate, kept for the meta pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// 发布日期 / 发文日期 / 发布时间 / 成文日期, as written.
    pub date: Option<String>,
    /// 名称: the document's title as the page lists it.
    pub title: Option<String>,
    /// 发布机构 / 发文机关.
    pub issuer: Option<String>,
    /// 文号.
    pub doc_number: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
    /// 来源 / 信息来源.
    pub source: Option<String>,
}

/// The cleaned text with its map into the plain text, and the facts found in
/// the boilerplate that was dropped.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// The cleaned text; its map points into the plain text given to [`clean`].
    pub text: Mapped,
    /// Facts from the boilerplate.
    pub facts: PageFacts,
}

/// Keys of the metadata table that government sites print above a document.
const META_KEYS: &str = r"索\s*引\s*号|主\s*题\s*分\s*类|主\s*题\s*词|发\s*布\s*机\s*构|发\s*文\s*机\s*关|发\s*文\s*日\s*期|成\s*文\s*日\s*期|发\s*布\s*日\s*期|发\s*布\s*时\s*间|更\s*新\s*时\s*间|效\s*力\s*状\s*态|文\s*号|名\s*称|信\s*息\s*来\s*源|来\s*源|作\s*者|责\s*任\s*编\s*辑|编\s*辑|浏\s*览\s*次\s*数|访\s*问\s*量|点\s*击\s*数|阅\s*读\s*数|分\s*类|体\s*裁\s*分\s*类|公\s*文\s*种\s*类|组\s*配\s*分\s*类|服\s*务\s*对\s*象|有\s*效\s*性";

fn meta_key_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    cached_regex(&RE, || {
        format!(r"(?:^|\s)(?:\d{{1,2}}[.、]\s*)?({META_KEYS})\s*[:：]")
    })
}

/// Lines that are page furniture as a whole (on the folded line).
fn furniture_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    cached_regex(&RE, || {
        concat!(
            r"^[\[【〔(]?\s*(?:",
            r"打\s*印(?:本页|此页|文章)?|关\s*闭(?:窗口|本页)?|收\s*藏(?:本页)?|保\s*存|返回(?:顶部|首页|列表)?|顶部",
            r"|分享到?\s*[:]?.*|扫一扫.*|用手机扫.*|手机扫.*|打开微信.*|微信扫.*",
            r"|字\s*[体号]\s*[:]?\s*[\[【]?\s*大\s*[\]】]?\s*[\[【]?\s*中\s*[\]】]?\s*[\[【]?\s*小\s*[\]】]?.*",
            r"|(?:当前|您当前|您现在)的?(?:位置|所在位置)\s*[:].*",
            r"|首页\s*[>›»/].*",
            r"|上一篇\s*[:].*|下一篇\s*[:].*|上一条\s*[:].*|下一条\s*[:].*",
            r"|(?:发布|发文|更新|成文)(?:时间|日期)\s*[:].*",
            r"|责任编辑\s*[:].*|网站标识码.*|.*ICP备.*|.*公网安备.*|版权所有.*|主办单位\s*[:].*|承办单位\s*[:].*|技术支持\s*[:].*",
            r"|联系我们|网站地图|免责声明.*|纠错|我要纠错|无障碍(?:浏览)?|长者模式|English",
            r")\s*[\]】〕)]?$"
        )
    })
}

/// Lines that start a page's trailer: after such a line near the end of the
/// page, only footers, related-news lists and advertising follow.
fn trailer_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    cached_regex(&RE, || {
        concat!(
            r"^[\[【]?\s*(?:关闭窗口|关闭本页|打印本页|扫一扫在手机上查看当前页面|扫一扫在手机打开当前页",
            r"|相关(?:新闻|链接|阅读|文章|推荐|文件|稿件|解读)|推荐阅读|热点新闻|延伸阅读|上一篇|下一篇|版权所有)"
        )
    })
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    cached_regex(
        &RE,
        || r"(?:19|20)\d{2}\s*(?:-|/|\.|年)\s*\d{1,2}\s*(?:-|/|\.|月)\s*\d{1,2}\s*日?",
    )
}

/// The longest line that can be a metadata table row (several keys on one
/// line). A longer line holds the report itself (a page scraped onto one
/// line) and is kept whole.
const MAX_META_LINE: usize = 200;

/// The longest line that can be page furniture (打印, 分享到, 版权所有…).
const MAX_FURNITURE_LINE: usize = 120;

/// Horizontal white space that is folded to one ASCII space.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{3000}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{1680}' | '\u{0b}' | '\u{0c}'
    )
}

/// Characters that are dropped wherever they stand.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' | '\0' | '\r'
    ) || (c.is_control() && c != '\n' && c != '\t')
}

/// What a char is to the cleaner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Kept as it is (and counted in a line's length).
    Visible,
    /// Folded with its neighbours to one ASCII space ([`is_space`]).
    Space,
    /// Dropped ([`is_invisible`]).
    Invisible,
}

/// [`is_invisible`] first, then [`is_space`], as every pass of the cleaner
/// asks them; printable ASCII and the chars above U+3000 (CJK, full-width
/// forms) other than U+FEFF are answered without either test.
fn kind(c: char) -> Kind {
    if ('!'..='~').contains(&c) || (c > '\u{3000}' && c != '\u{feff}') {
        Kind::Visible
    } else if is_invisible(c) {
        Kind::Invisible
    } else if is_space(c) {
        Kind::Space
    } else {
        Kind::Visible
    }
}

/// Chars that pinyin annotations stand on (see [`pinyin_ranges`]).
fn is_pinyin_anchor(c: char) -> bool {
    matches!(c, '(' | '（' | '?' | '\u{fffd}')
}

/// One line of the plain text and what one pass over its chars found.
#[derive(Debug, Clone, Copy)]
struct RawLine {
    /// Char offset of the line's first char in the plain text.
    start: usize,
    /// Byte range of the line in the plain text.
    bytes: (usize, usize),
    /// Number of chars of the line in the plain text.
    chars: usize,
    /// Length in chars of the folded, trimmed line, counted without folding:
    /// a kept char folds to white space exactly when it is a space (see the
    /// test `only_spaces_fold_to_white_space`).
    n: usize,
    /// True when a visible char folds to a letter or digit.
    visible: bool,
    /// True when the line has no space, no invisible char and nothing
    /// pinyin could stand on, so that [`write_line`] keeps it whole.
    verbatim: bool,
    /// True when the line has a char pinyin can stand on
    /// ([`is_pinyin_anchor`]).
    anchored: bool,
}

/// Builds a [`RawLine`] char by char.
#[derive(Debug, Clone, Copy)]
struct LineScan {
    line: RawLine,
    /// Spaces seen since the last visible char (after the first one).
    gap: usize,
    /// A visible char has been seen.
    started: bool,
}

impl LineScan {
    /// A line starting at byte `start_b`, char `start_c`.
    fn new(start_b: usize, start_c: usize) -> LineScan {
        LineScan {
            line: RawLine {
                start: start_c,
                bytes: (start_b, start_b),
                chars: 0,
                n: 0,
                visible: false,
                verbatim: true,
                anchored: false,
            },
            gap: 0,
            started: false,
        }
    }

    /// Takes in the line's next char.
    fn push(&mut self, c: char) {
        match kind(c) {
            Kind::Invisible => self.line.verbatim = false,
            Kind::Space => {
                self.line.verbatim = false;
                self.gap += usize::from(self.started);
            }
            Kind::Visible => {
                self.started = true;
                self.line.n += self.gap + 1;
                self.gap = 0;
                if !self.line.visible && fold_char(c).is_alphanumeric() {
                    self.line.visible = true;
                }
                if is_pinyin_anchor(c) {
                    self.line.verbatim = false;
                    self.line.anchored = true;
                }
            }
        }
    }

    /// Takes in `run` (at least one) visible chars in a row that are not
    /// pinyin anchors; the caller has set `visible` for them.
    fn push_plain_run(&mut self, run: usize) {
        self.started = true;
        self.line.n += self.gap + run;
        self.gap = 0;
    }

    /// The line, ending at byte `end`, char `end_char`.
    fn finish(mut self, end: usize, end_char: usize) -> RawLine {
        self.line.bytes.1 = end;
        self.line.chars = end_char - self.line.start;
        self.line
    }
}

/// Cleans plain text (already decoded and taken out of its container).
pub fn clean(plain: &str) -> Cleaned {
    let (lines, src_len) = scan_lines(plain);
    let mut facts = PageFacts::default();
    let mut keep = vec![true; lines.len()];

    let total_chars: usize = lines.iter().map(|l| l.n).sum();
    // The last line of 60 chars or more: only short lines follow it.
    let last_long = lines.iter().rposition(|l| l.n >= 60);
    let mut seen_chars = 0usize;
    let mut trailer_from = None;
    // The folded, trimmed line, for the boilerplate rules; only lines short
    // enough to be boilerplate are folded.
    let mut buf = String::new();
    for (i, l) in lines.iter().enumerate() {
        let n = l.n;
        let line = &plain[l.bytes.0..l.bytes.1];
        let may_trailer = trailer_from.is_none() && seen_chars * 10 >= total_chars * 6 && n < 60;
        // Only a line that passes a quick test on its first folded chars
        // is folded whole for the rules; for the others `f` stays empty,
        // which no rule accepts, as the quick test showed they would not.
        let f = if n > 0
            && n <= MAX_META_LINE
            && ((may_trailer && may_start_trailer_raw(line))
                || (l.visible && may_be_boilerplate_raw(line, n)))
        {
            fold_line(line, &mut buf)
        } else {
            ""
        };
        if may_trailer
            && may_start_trailer(f)
            && trailer_re().is_match(f)
            && last_long.is_none_or(|k| k <= i)
        {
            trailer_from = Some(i);
        } else if n == 0 || !l.visible {
            keep[i] = false;
        } else if (n <= MAX_META_LINE && may_be_meta_table_line(f) && is_meta_table_line(f))
            || (n <= MAX_FURNITURE_LINE && may_be_furniture(f) && furniture_re().is_match(f))
        {
            collect_facts(f, &mut facts);
            keep[i] = false;
        }
        seen_chars += n;
    }
    if let Some(t) = trailer_from {
        for k in keep.iter_mut().skip(t) {
            *k = false;
        }
    }

    // The cleaned text is never longer than the plain text.
    let mut w = MappedWriter::with_capacity(src_len, plain.len());
    // The chars of a line that may hold pinyin, reused from line to line.
    let mut chars = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        if !w.is_empty() {
            // The line break stands for the end of the previous kept line.
            w.synth(l.start.saturating_sub(1), "\n");
        }
        // A kept line has a visible char (the fold found one), so this
        // always writes something after the line break.
        let line = &plain[l.bytes.0..l.bytes.1];
        if l.verbatim {
            w.copy_counted(l.start, line, l.chars);
        } else {
            write_line(line, l.start, l.anchored, &mut chars, &mut w);
        }
    }
    Cleaned {
        text: w.finish(),
        facts,
    }
}

/// `line` folded for the boilerplate rules, in `buf`: invisible chars
/// dropped, spaces as ASCII spaces, every other char folded, trimmed.
fn fold_line<'a>(line: &str, buf: &'a mut String) -> &'a str {
    buf.clear();
    buf.extend(line.chars().filter_map(|c| match kind(c) {
        Kind::Invisible => None,
        Kind::Space => Some(' '),
        Kind::Visible => Some(fold_char(c)),
    }));
    buf.trim()
}

/// Splits at \n, \r\n, lone \r, and the Unicode line and paragraph
/// separators, looking at each line's chars on the way; also returns the
/// number of chars of `s`. Walks the bytes: most chars are told by their
/// first byte ([`plain_lead`]) without being decoded.
fn scan_lines(s: &str) -> (Vec<RawLine>, usize) {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut line = LineScan::new(0, 0);
    // Byte and char offset of the next char.
    let (mut i, mut ci) = (0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        let len = utf8_len(b);
        if plain_len(b) > 0 {
            // A run of plain chars, taken in at once; decoded only until
            // one folds to a letter or digit.
            let (b0, c0) = (i, ci);
            while !line.line.visible && i < bytes.len() && plain_len(bytes[i]) > 0 {
                line.line.visible = fold_char(char_at(s, i)).is_alphanumeric();
                (i, ci) = skip_plain(bytes, i, ci, ci + 1);
            }
            (i, ci) = skip_plain(bytes, i, ci, usize::MAX);
            line.push_plain_run(ci - c0);
            debug_assert!(i > b0);
            continue;
        } else {
            let c = char_at(s, i);
            if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
                let crlf = c == '\r' && bytes.get(i + 1) == Some(&b'\n');
                out.push(line.finish(i, ci));
                // \r\n is one break of two chars.
                let (n_bytes, n_chars) = if crlf { (2, 2) } else { (len, 1) };
                i += n_bytes;
                ci += n_chars;
                line = LineScan::new(i, ci);
                continue;
            }
            line.push(c);
        }
        i += len;
        ci += 1;
    }
    if line.line.bytes.0 < s.len() {
        out.push(line.finish(s.len(), ci));
    }
    (out, ci)
}

/// The length in bytes of the UTF-8 char that starts with byte `b`.
const fn utf8_len(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The char that starts at byte `i` of `s` (a char boundary).
fn char_at(s: &str, i: usize) -> char {
    s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ')
}

/// True when the char starting with byte `b` is visible and not a pinyin
/// anchor, whatever its other bytes: printable ASCII but `(` and `?`, and
/// the chars from U+00C0 on outside U+1000–U+3FFF and U+F000–U+FFFF. Line
/// breaks, spaces, invisible chars, `（` and U+FFFD all lie outside this
/// set (the test `plain_leads_are_plain` checks every char).
const fn plain_lead(b: u8) -> bool {
    (matches!(b, b'!'..=b'~') && b != b'(' && b != b'?')
        || (b >= 0xC3 && !matches!(b, 0xE1..=0xE3 | 0xEF))
}

/// [`utf8_len`] of each byte that is a [`plain_lead`], 0 for the others: one
/// load per char in the hot loops.
const PLAIN_LEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if plain_lead(b as u8) {
            t[b] = utf8_len(b as u8) as u8;
        }
        b += 1;
    }
    t
};

/// The length of the char starting with byte `b` when it is plain (see
/// [`plain_lead`]), else 0.
fn plain_len(b: u8) -> usize {
    usize::from(PLAIN_LEN[usize::from(b)])
}

/// Skips the plain chars (see [`plain_lead`]) from byte `b`, char `i` of
/// `bytes`, stopping at the first other char or at char `stop`; returns
/// the byte and char offsets reached.
fn skip_plain(bytes: &[u8], mut b: usize, mut i: usize, stop: usize) -> (usize, usize) {
    if stop == usize::MAX {
        return skip_all_plain(bytes, b, i);
    }
    while i < stop {
        match bytes.get(b).map(|&x| plain_len(x)) {
            Some(len) if len > 0 => {
                b += len;
                i += 1;
            }
            _ => break,
        }
    }
    (b, i)
}

/// [`skip_plain`] without a stop, the common case: one load and one table
/// probe per char.
fn skip_all_plain(bytes: &[u8], mut b: usize, mut i: usize) -> (usize, usize) {
    while let Some(&x) = bytes.get(b) {
        let len = plain_len(x);
        if len == 0 {
            break;
        }
        b += len;
        i += 1;
    }
    (b, i)
}

/// The first char of the folded, trimmed `line` (see [`fold_line`]) that
/// `skip` does not skip, found without folding the whole line.
fn first_folded(line: &str, skip: impl Fn(char) -> bool) -> Option<char> {
    line.chars()
        .filter_map(|c| match kind(c) {
            Kind::Invisible => None,
            Kind::Space => Some(' '),
            Kind::Visible => Some(fold_char(c)),
        })
        .find(|&c| !skip(c))
}

/// [`may_start_trailer`] of the folded `line`, without folding it whole.
fn may_start_trailer_raw(line: &str) -> bool {
    first_folded(line, is_space_or_bracket).is_some_and(|c| TRAILER_FIRST.contains(c))
}

/// True for every line of `n` folded chars that [`may_be_meta_table_line`]
/// or [`may_be_furniture`] accept once folded, without folding it whole:
/// the first chars decide, but for the two furniture words that may stand
/// anywhere, which need a char that folds to 备 ([`FOLDS_TO_BEI`]).
fn may_be_boilerplate_raw(line: &str, n: usize) -> bool {
    first_folded(line, is_number_prefix).is_some_and(|c| META_KEY_FIRST.contains(c))
        || (n <= MAX_FURNITURE_LINE
            && (first_folded(line, is_space_or_bracket)
                .is_some_and(|c| FURNITURE_FIRST.contains(c))
                || FOLDS_TO_BEI.iter().any(|&c| line.contains(c))))
}

/// The chars that fold to 备 (the test `folds_to_bei_is_complete` checks
/// every char), as strings: a string search is faster than a char search.
const FOLDS_TO_BEI: [&str; 2] = ["备", "備"];

/// White space and the chars of a number before a metadata key (`1.`,
/// `2、`), which [`meta_key_re`] allows before the key.
fn is_number_prefix(c: char) -> bool {
    // No CJK ideograph is numeric: the Unicode table is spared them.
    (!is_cjk_ideograph(c) && c.is_numeric()) || c.is_whitespace() || c == '.' || c == '、'
}

/// The CJK Unified Ideographs block (U+4E00–U+9FFF), which has no numeric
/// char (the test `no_cjk_ideograph_is_numeric` checks every one).
fn is_cjk_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// White space and the opening brackets that [`furniture_re`] and
/// [`trailer_re`] allow before their words.
fn is_space_or_bracket(c: char) -> bool {
    c.is_whitespace() || matches!(c, '[' | '【' | '〔' | '(')
}

/// The first chars of the alternatives of [`META_KEYS`].
const META_KEY_FIRST: &str = "索主发成更效文名信来作责编浏访点阅分体公组服有";

/// A quick test that is true for every line [`is_meta_table_line`] accepts
/// (and for few others): a colon, and a key's first char once a number
/// (`1.`, `2、`) is skipped. Spares the regex most lines, which matters most
/// for the web build's slower regex engine.
fn may_be_meta_table_line(f: &str) -> bool {
    (f.contains(':') || f.contains('：'))
        && f.chars()
            .find(|&c| !is_number_prefix(c))
            .is_some_and(|c| META_KEY_FIRST.contains(c))
}

/// The first chars of the alternatives of [`furniture_re`] that must start
/// the line.
const FURNITURE_FIRST: &str = "打关收保返顶分扫用手微字当您首上下发更成责网版主承技联免纠我无长E";

/// A quick test that is true for every line [`furniture_re`] matches: a
/// furniture word first (after an opening bracket and spaces), or one of
/// the two that may stand anywhere.
fn may_be_furniture(f: &str) -> bool {
    first_after_bracket(f).is_some_and(|c| FURNITURE_FIRST.contains(c))
        || f.contains("ICP备")
        || f.contains("公网安备")
}

/// The first chars of the alternatives of [`trailer_re`].
const TRAILER_FIRST: &str = "关打扫相推热延上下版";

/// A quick test that is true for every line [`trailer_re`] matches.
fn may_start_trailer(f: &str) -> bool {
    first_after_bracket(f).is_some_and(|c| TRAILER_FIRST.contains(c))
}

/// The first char of `f` after any opening brackets and white space.
fn first_after_bracket(f: &str) -> Option<char> {
    f.chars().find(|&c| !is_space_or_bracket(c))
}

/// True for a line of the metadata table above a government document
/// (索引号: … 主题分类: …), including numbered forms (1. 发布机构:).
fn is_meta_table_line(f: &str) -> bool {
    let keys = meta_key_re().find_iter(f).count();
    if keys == 0 {
        return false;
    }
    let starts = meta_key_re()
        .find(f)
        .map(|m| m.start() == 0)
        .unwrap_or(false);
    starts && (keys >= 2 || f.chars().count() <= 60)
}

/// Records the facts of a boilerplate line.
fn collect_facts(f: &str, facts: &mut PageFacts) {
    let keys: Vec<_> = meta_key_re().captures_iter(f).collect();
    for (k, cap) in keys.iter().enumerate() {
        let (Some(whole), Some(key)) = (cap.get(0), cap.get(1)) else {
            continue;
        };
        let end = keys
            .get(k + 1)
            .and_then(|c| c.get(0))
            .map(|m| m.start())
            .unwrap_or(f.len());
        let value = f[whole.end()..end].trim();
        if value.is_empty() {
            continue;
        }
        let key: String = key
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let slot = match key.as_str() {
            "名称" => &mut facts.title,
            "发布机构" | "发文机关" => &mut facts.issuer,
            "文号" => &mut facts.doc_number,
            "索引号" => &mut facts.index_number,
            "来源" | "信息来源" => &mut facts.source,
            "发布日期" | "发文日期" | "发布时间" | "成文日期" => &mut facts.date,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    }
    if facts.date.is_none() && (f.contains("日期") || f.contains("时间")) {
        facts.date = date_re().find(f).map(|m| m.as_str().to_string());
    }
}

/// Writes one kept line: trimmed, spaces folded, invisible chars and pinyin
/// annotations dropped. `anchored` says whether the line has a char pinyin
/// can stand on; `chars` is a buffer for the line's chars.
fn write_line(
    line: &str,
    start: usize,
    anchored: bool,
    chars: &mut Vec<char>,
    w: &mut MappedWriter,
) {
    // Pinyin needs a parenthesis or a lost char (`?`) to stand on, and
    // letters.
    let drop = match anchored.then(|| pinyin_start(line)).flatten() {
        Some(from) => {
            // No annotation starts before the char that precedes the first
            // anchor with a letter after it, so the search starts there,
            // at char `skipped` of the line.
            let before = |b: usize| line.get(..b).unwrap_or("");
            let from = before(from)
                .char_indices()
                .next_back()
                .map_or(0, |(b, _)| b);
            let skipped = before(from).chars().count();
            chars.clear();
            chars.extend(line.get(from..).unwrap_or("").chars());
            let mut drop = pinyin_ranges(chars);
            for r in &mut drop {
                *r = (r.0 + skipped, r.1 + skipped);
            }
            drop
        }
        None => Vec::new(),
    };
    let mut drops = drop.iter().peekable();
    let mut pending_space: Option<usize> = None;
    let mut wrote = false;
    // The run of kept chars not written yet: (byte offset, char index).
    let mut run: Option<(usize, usize)> = None;
    // Writes the run up to byte `to`, char `end`: its chars are counted.
    let flush = |run: &mut Option<(usize, usize)>, to: usize, end: usize, w: &mut MappedWriter| {
        if let Some((b, i)) = run.take() {
            w.copy_counted(start + i, &line[b..to], end - i);
        }
    };
    let bytes = line.as_bytes();
    // Byte and char offset of the next char.
    let (mut b, mut i) = (0usize, 0usize);
    while let Some(&lead) = bytes.get(b) {
        if let Some(&(_, e)) = drops.next_if(|&&(a, _)| a == i) {
            flush(&mut run, b, i, w);
            // Skip the annotation's chars.
            while i < e {
                b += bytes.get(b).map_or(1, |&x| utf8_len(x));
                i += 1;
            }
            continue;
        }
        if plain_len(lead) > 0 {
            // Plain chars up to the next annotation are kept as they are.
            if let Some(p) = pending_space.take() {
                w.synth(p, " ");
            }
            if run.is_none() {
                run = Some((b, i));
            }
            wrote = true;
            let stop = drops.peek().map_or(usize::MAX, |&&(a, _)| a);
            (b, i) = skip_plain(bytes, b, i, stop);
            continue;
        }
        let k = kind(char_at(line, b));
        if k == Kind::Invisible {
            flush(&mut run, b, i, w);
        } else if k == Kind::Space {
            flush(&mut run, b, i, w);
            if wrote && pending_space.is_none() {
                pending_space = Some(start + i);
            }
        } else {
            if let Some(p) = pending_space.take() {
                w.synth(p, " ");
            }
            if run.is_none() {
                run = Some((b, i));
            }
            wrote = true;
        }
        b += utf8_len(lead);
        i += 1;
    }
    flush(&mut run, line.len(), i, w);
}

/// Char ranges of pinyin annotations a mirror site inserted after characters:
/// `(qū)` or `（qū）` right after a CJK char (or a `?` standing for one).
fn pinyin_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 1;
    while i < chars.len() {
        let c = chars[i];
        if (c == '(' || c == '（') && is_cjk_or_lost(chars[i - 1]) {
            let close = if c == '(' { ')' } else { '）' };
            let mut j = i + 1;
            while j < chars.len() && j - i <= 8 && chars[j] != close {
                j += 1;
            }
            if j < chars.len() && chars[j] == close && is_pinyin_syllable(&chars[i + 1..j]) {
                out.push((i, j + 1));
                i = j + 1;
                continue;
            }
        }
        // A garbled copy lost the opening parenthesis with the character:
        // "日?qǐng)" — drop a toned syllable and its ")" after a "?".
        if matches!(chars[i - 1], '?' | '\u{fffd}') && tone_base(c).is_some()
            || (matches!(chars[i - 1], '?' | '\u{fffd}') && c.is_ascii_lowercase())
        {
            let mut j = i;
            while j < chars.len() && j - i < 7 && chars[j] != ')' {
                j += 1;
            }
            if j < chars.len()
                && chars[j] == ')'
                && chars[i..j].iter().any(|&c| tone_base(c).is_some())
                && is_pinyin_syllable(&chars[i..j])
            {
                out.push((i, j + 1));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The byte offset of the first anchor of a pinyin annotation in `line`
/// (`(`, `（`, `?` or U+FFFD) right before a char a pinyin syllable is
/// made of: an ASCII lowercase letter or a letter with a tone mark (all in
/// U+00C0–U+01FF but ḿ; see [`tone_base`]). [`pinyin_ranges`] finds
/// nothing in a line without one, and nothing that starts before the char
/// ahead of the first one, as every annotation it drops starts with such a
/// pair (or just after its `(`). Told on the bytes.
fn pinyin_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    b.iter().enumerate().position(|(k, &x)| {
        let after = match x {
            b'(' | b'?' => k + 1,
            // （ is EF BC 88 and U+FFFD is EF BF BD.
            0xEF if matches!(b.get(k + 1..k + 3), Some([0xBC, 0x88] | [0xBF, 0xBD])) => k + 3,
            _ => return false,
        };
        matches!(
            b.get(after..),
            Some([b'a'..=b'z' | 0xC3..=0xC7, ..] | [0xE1, 0xB8, 0xBF, ..])
        )
    })
}

fn is_cjk_or_lost(c: char) -> bool {
    crate::script::is_han(c) || matches!(c, '?' | '\u{fffd}')
}

fn tone_base(c: char) -> Option<char> {
    Some(match c {
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' => 'v',
        'ń' | 'ň' | 'ǹ' => 'n',
        'ḿ' => 'm',
        _ => return None,
    })
}

/// True when `s` is one pinyin syllable: lowercase, with a tone mark, or a
/// plain syllable of a neutral tone (men, de, zi…) shaped like pinyin.
fn is_pinyin_syllable(s: &[char]) -> bool {
    if s.is_empty() || s.len() > 6 {
        return false;
    }
    let mut toned = false;
    let mut base = [0u8; 6];
    for (slot, &c) in base.iter_mut().zip(s) {
        *slot = if c.is_ascii_lowercase() {
            c as u8
        } else if let Some(b) = tone_base(c) {
            toned = true;
            b as u8
        } else {
            return false;
        };
    }
    let base = &base[..s.len()];
    has_syllable_shape(base) && (toned || base.len() >= 2)
}

/// True when `base` (lowercase ASCII, tone marks taken off) has the shape
/// of a pinyin syllable, as the pattern
/// `^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiouv]{1,3})(?:ng|n|r)?$`
/// would say: an optional initial, one to three vowels, an optional final.
fn has_syllable_shape(base: &[u8]) -> bool {
    let is_vowel = |b: &u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'v');
    let rest_fits = |rest: &[u8]| {
        // The vowels must be all of the leading vowels: no final starts
        // with one.
        let vowels = rest.iter().take_while(|b| is_vowel(b)).count();
        (1..=3).contains(&vowels) && matches!(rest.get(vowels..), Some(b"" | b"ng" | b"n" | b"r"))
    };
    let one = base
        .first()
        .is_some_and(|b| b"bpmfdtnlgkhjqxrzcsyw".contains(b));
    let two = base.starts_with(b"zh") || base.starts_with(b"ch") || base.starts_with(b"sh");
    rest_fits(base)
        || (one && rest_fits(base.get(1..).unwrap_or_default()))
        || (two && rest_fits(base.get(2..).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        clean(s).text.text
    }

    #[test]
    fn pinyin_after_characters_is_removed() {
        assert_eq!(
            text("武昌區(qū)第十六屆人民代表大會(huì)"),
            "武昌區第十六屆人民代表大會"
        );
        assert_eq!(text("湖北日?qǐng)?bào)網(wǎng)"), "湖北日??網");
        assert_eq!(text("我們(men)"), "我們");
    }

    #[test]
    fn real_parentheses_stay() {
        for s in [
            "(注:数据为预计数)",
            "(一)扩总量",
            "新增学位(10个)",
            "PM2.5浓度(微克/立方米)",
            "精明增长(Smart Growth)",
            "保护线(湖泊蓝线)",
            "项目(a)",
            "通讯员(通讯员 刁少红)",
        ] {
            assert_eq!(text(s), s);
        }
    }

    #[test]
    fn page_header_is_dropped_and_its_facts_kept() {
        let c = clean(
            "索 引 号: 755148572/2023-01220 主题分类: 综合政务\n发布机构: 硚口区政府办 发文日期: 2022-12-29 13:50\n名\u{a0}\u{a0}称: 2022年政府工作报告 发布日期: 2022-12-29 13:50\n\n2022年政府工作报告\n\n发布时间:2022-12-29 13:50\n正文。",
        );
        assert_eq!(c.text.text, "2022年政府工作报告\n正文。");
        assert_eq!(c.facts.title.as_deref(), Some("2022年政府工作报告"));
        assert_eq!(c.facts.issuer.as_deref(), Some("硚口区政府办"));
        assert_eq!(c.facts.date.as_deref(), Some("2022-12-29 13:50"));
    }

    #[test]
    fn numbered_meta_lines_and_print_links_go() {
        let c = clean("1. 發布機構:\n    2. 發文日期:2017-01-23\n報告\n發布日期:2017-01-23 15:45 打印\n字体:大 中 小\n【打印】\n");
        assert_eq!(c.text.text, "報告");
        assert_eq!(c.facts.date.as_deref(), Some("2017-01-23"));
    }

    #[test]
    fn trailer_and_what_follows_go() {
        let body = "正文第一段。".repeat(40);
        let t = text(&format!("{body}\n\n關閉窗口\n幸运赛马开奖视频直播\n"));
        assert_eq!(t, body);
        let t = text(&format!("{body}\n扫一扫在手机上查看当前页面\n"));
        assert_eq!(t, body);
    }

    #[test]
    fn white_space_is_folded() {
        assert_eq!(
            text("  \u{3000}区发改局局长 \u{a0} 李武军\u{200b}  \r\n\n\n\u{a0}\n下一行"),
            "区发改局局长 李武军\n下一行"
        );
    }

    #[test]
    fn map_points_back_into_the_plain_text() {
        let plain = "索引号: 1\n\n  武昌區(qū)政府\n";
        let c = clean(plain);
        assert_eq!(c.text.text, "武昌區政府");
        let chars: Vec<char> = plain.chars().collect();
        for (i, ch) in c.text.text.chars().enumerate() {
            assert_eq!(chars[c.text.map.to_source(i)], ch);
        }
    }

    #[test]
    fn no_cjk_ideograph_is_numeric() {
        assert!(('\u{4e00}'..='\u{9fff}').all(|c| !c.is_numeric()));
    }

    #[test]
    fn pinyin_starts_after_an_anchor() {
        let has_pinyin = |s: &str| pinyin_start(s).is_some();
        assert_eq!(pinyin_start("(1)區(qū)"), Some(6));
        assert!(has_pinyin("區(qū)"));
        assert!(has_pinyin("區（ǖ）"));
        assert!(has_pinyin("日?qǐng)"));
        assert!(has_pinyin("日\u{fffd}ḿ)"));
        assert!(!has_pinyin("(GDP) abc"));
        assert!(!has_pinyin("（一）增长"));
    }

    #[test]
    fn only_spaces_fold_to_white_space() {
        // Inside a line (no line breaks), a char that is neither invisible
        // nor a space never folds to white space, and a space is white space:
        // `clean` counts a line's folded length without folding it.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if matches!(c, '\n' | '\u{2028}' | '\u{2029}' | '\u{85}') || is_invisible(c) {
                continue;
            }
            let white = if is_space(c) { ' ' } else { fold_char(c) }.is_whitespace();
            assert_eq!(white, is_space(c), "{:?}", c);
        }
    }

    #[test]
    fn kind_asks_is_invisible_then_is_space() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let want = if is_invisible(c) {
                Kind::Invisible
            } else if is_space(c) {
                Kind::Space
            } else {
                Kind::Visible
            };
            assert_eq!(kind(c), want, "{c:?}");
        }
    }

    #[test]
    fn plain_leads_are_plain() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert_eq!(utf8_len(lead), c.len_utf8(), "{c:?}");
            if plain_lead(lead) {
                assert_eq!(plain_len(lead), c.len_utf8(), "{c:?}");
                assert_eq!(kind(c), Kind::Visible, "{c:?}");
                assert!(!is_pinyin_anchor(c), "{c:?}");
                assert!(!matches!(
                    c,
                    '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}'
                ));
            } else {
                assert_eq!(plain_len(lead), 0, "{c:?}");
            }
        }
    }

    #[test]
    fn folds_to_bei_is_complete() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if fold_char(c) == '备' {
                assert!(FOLDS_TO_BEI.contains(&c.to_string().as_str()), "{c:?}");
            }
        }
    }

    #[test]
    fn syllable_shape_agrees_with_its_pattern() {
        let re = Regex::new(r"^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiouv]{1,3})(?:ng|n|r)?$")
            .unwrap();
        // Every word over `alphabet` of up to `max` letters.
        let check = |alphabet: &[u8], max: usize| {
            let mut words: Vec<Vec<u8>> = vec![Vec::new()];
            for _ in 0..max {
                words = words
                    .iter()
                    .flat_map(|w| {
                        alphabet.iter().map(move |&b| {
                            let mut w = w.clone();
                            w.push(b);
                            w
                        })
                    })
                    .collect();
                for w in &words {
                    let text = std::str::from_utf8(w).unwrap();
                    assert_eq!(has_syllable_shape(w), re.is_match(text), "{text}");
                }
            }
        };
        check(b"abcdefghijklmnopqrstuvwxyz", 3);
        check(b"aeiouvngrzhcsb", 5);
    }

    #[test]
    fn quick_tests_pass_every_boilerplate_line() {
        for key in META_KEYS.split('|') {
            assert!(key
                .chars()
                .next()
                .is_some_and(|c| META_KEY_FIRST.contains(c)));
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut lines: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        for example in [
            "索 引 号: 755148572/2023-01220 主题分类: 综合政务",
            "  2. 發文日期:2017-01-23",
            "１．发布机构：区政府办",
            "【打印】",
            "〔 关闭窗口 〕",
            "(收藏本页)",
            "保 存",
            "返回顶部",
            "顶部",
            "分享到: 微信",
            "扫一扫在手机打开当前页",
            "用手机扫描二维码",
            "手機掃一掃",
            "打开微信扫一扫",
            "微信扫一扫",
            "字体:[大] [中] [小]",
            "字號：大 中 小",
            "当前位置: 首页",
            "您当前的位置：首页",
            "您现在所在位置: 首页",
            "首页 > 政务公开",
            "上一篇: 无",
            "下一條：無",
            "更新时间: 2022-12-29",
            "成文日期：2022-12-29",
            "责任编辑: 张三",
            "網站標識碼：4201040001",
            "鄂ICP備05003331号",
            "鄂公網安備 42010402000133号",
            "版權所有：武漢市武昌區人民政府",
            "主办单位: 区政府办",
            "承办单位: 区大数据中心",
            "技术支持: 某公司",
            "联系我们",
            "网站地图",
            "免责声明",
            "纠错",
            "我要纠错",
            "无障碍浏览",
            "長者模式",
            "English",
            "关闭窗口",
            "相關新聞",
            "推荐阅读",
            "热点新闻",
            "延伸阅读",
        ] {
            // Each example is boilerplate, so the checks below test something.
            let mut buf = String::new();
            let f = fold_line(example, &mut buf);
            assert!(
                is_meta_table_line(f) || furniture_re().is_match(f) || trailer_re().is_match(f),
                "{example}"
            );
            lines.push(example.to_string());
        }
        let mut buf = String::new();
        for raw in &lines {
            let f = fold_line(raw, &mut buf).to_string();
            let n = f.chars().count();
            if is_meta_table_line(&f) || furniture_re().is_match(&f) {
                assert!(may_be_boilerplate_raw(raw, n), "{raw}");
            }
            if is_meta_table_line(&f) {
                assert!(may_be_meta_table_line(&f), "{raw}");
            }
            if furniture_re().is_match(&f) {
                assert!(may_be_furniture(&f), "{raw}");
            }
            if trailer_re().is_match(&f) {
                assert!(may_start_trailer(&f) && may_start_trailer_raw(raw), "{raw}");
            }
        }
    }

    #[test]
    fn lines_of_punctuation_only_go() {
        assert_eq!(text(".\n——\n正文"), "正文");
    }

    #[test]
    fn a_report_on_one_line_is_never_boilerplate() {
        let body = "经济保持合理区间。预计地区生产总值950亿元。".repeat(40);
        let line = format!("索 引 号: 755148572/2023-01220 主题分类: 综合政务 发布机构: 区政府办 {body} 扫一扫在手机上查看当前页面");
        assert_eq!(text(&line), line);
        let shared = format!("分享到:{body}");
        assert_eq!(text(&shared), shared);
    }
}
