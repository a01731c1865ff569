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

/// One line of the plain text, as char offsets.
#[derive(Debug, Clone, Copy)]
struct RawLine {
    /// Char offset of the line's first char in the plain text.
    start: usize,
    /// Byte range of the line in the plain text.
    bytes: (usize, usize),
}

/// Cleans plain text (already decoded and taken out of its container).
pub fn clean(plain: &str) -> Cleaned {
    let lines = split_lines(plain);
    let mut facts = PageFacts::default();
    let mut keep = vec![true; lines.len()];

    // Fold each line once for the boilerplate rules; only lines short
    // enough to be boilerplate keep their folded text.
    let mut buf = String::new();
    let mut folded: Vec<String> = Vec::with_capacity(lines.len());
    let mut counts: Vec<usize> = Vec::with_capacity(lines.len());
    let mut visible: Vec<bool> = Vec::with_capacity(lines.len());
    for l in &lines {
        let line = &plain[l.bytes.0..l.bytes.1];
        // The folded, trimmed line's length, counted without folding: a
        // kept char folds to white space exactly when it is a space (see the
        // test `only_spaces_fold_to_white_space`).
        let (mut n, mut gap, mut started) = (0usize, 0usize, false);
        for c in line.chars() {
            if is_invisible(c) {
            } else if is_space(c) {
                gap += usize::from(started);
            } else {
                started = true;
                n += gap + 1;
                gap = 0;
            }
        }
        counts.push(n);
        visible.push(
            line.chars()
                .any(|c| !is_invisible(c) && !is_space(c) && fold_char(c).is_alphanumeric()),
        );
        if n > MAX_META_LINE {
            folded.push(String::new());
            continue;
        }
        buf.clear();
        buf.extend(line.chars().filter(|&c| !is_invisible(c)).map(|c| {
            if is_space(c) {
                ' '
            } else {
                fold_char(c)
            }
        }));
        folded.push(buf.trim().to_string());
    }

    let total_chars: usize = counts.iter().sum();
    // The last line of 60 chars or more: only short lines follow it.
    let last_long = counts.iter().rposition(|&n| n >= 60);
    let mut seen_chars = 0usize;
    let mut trailer_from = None;
    for (i, f) in folded.iter().enumerate() {
        let n = counts[i];
        if trailer_from.is_none()
            && seen_chars * 10 >= total_chars * 6
            && n < 60
            && trailer_re().is_match(f)
            && last_long.is_none_or(|k| k <= i)
        {
            trailer_from = Some(i);
        } else if n == 0 || !visible[i] {
            keep[i] = false;
        } else if (n <= MAX_META_LINE && is_meta_table_line(f))
            || (n <= MAX_FURNITURE_LINE && furniture_re().is_match(f))
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

    let src_len = plain.chars().count();
    let mut w = MappedWriter::new(src_len);
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
        write_line(&plain[l.bytes.0..l.bytes.1], l.start, &mut w);
    }
    Cleaned {
        text: w.finish(),
        facts,
    }
}

/// Splits at \n, \r\n, lone \r, and the Unicode line and paragraph separators.
fn split_lines(s: &str) -> Vec<RawLine> {
    let mut out = Vec::new();
    let (mut start_b, mut start_c) = (0usize, 0usize);
    let mut chars = s.char_indices().peekable();
    let mut ci = 0usize;
    while let Some((b, c)) = chars.next() {
        let brk = match c {
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some(1),
            '\r' => {
                if matches!(chars.peek(), Some((_, '\n'))) {
                    chars.next();
                    Some(2)
                } else {
                    Some(1)
                }
            }
            _ => None,
        };
        match brk {
            Some(n) => {
                out.push(RawLine {
                    start: start_c,
                    bytes: (start_b, b),
                });
                start_b = b + c.len_utf8() + if n == 2 { 1 } else { 0 };
                ci += n;
                start_c = ci;
            }
            None => ci += 1,
        }
    }
    if start_b < s.len() {
        out.push(RawLine {
            start: start_c,
            bytes: (start_b, s.len()),
        });
    }
    out
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
/// annotations dropped.
fn write_line(line: &str, start: usize, w: &mut MappedWriter) {
    // Pinyin needs a parenthesis or a lost char (`?`) to stand on.
    let drop = if line.contains(['(', '（', '?', '\u{fffd}']) {
        let chars: Vec<char> = line.chars().collect();
        pinyin_ranges(&chars)
    } else {
        Vec::new()
    };
    let mut k = 0usize; // index into drop
    let mut skip_to = 0usize;
    let mut pending_space: Option<usize> = None;
    let mut wrote = false;
    // The run of kept chars not written yet: (byte offset, char index).
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, to: usize, w: &mut MappedWriter| {
        if let Some((b, i)) = run.take() {
            w.copy(start + i, &line[b..to]);
        }
    };
    for (i, (b, c)) in line.char_indices().enumerate() {
        if i < skip_to {
            continue;
        }
        if let Some(&(a, e)) = drop.get(k) {
            if i == a {
                flush(&mut run, b, w);
                skip_to = e;
                k += 1;
                continue;
            }
        }
        if is_invisible(c) {
            flush(&mut run, b, w);
        } else if is_space(c) {
            flush(&mut run, b, w);
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
    }
    flush(&mut run, line.len(), w);
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
    let mut base = String::with_capacity(s.len());
    for &c in s {
        if c.is_ascii_lowercase() {
            base.push(c);
        } else if let Some(b) = tone_base(c) {
            toned = true;
            base.push(b);
        } else {
            return false;
        }
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = cached_regex(
        &RE,
        || r"^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:[aeiouv]{1,3})(?:ng|n|r)?$",
    );
    re.is_match(&base) && (toned || base.len() >= 2)
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
