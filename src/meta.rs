//! Meta: title, speaker, meeting, date, years, region and level.
//!
//! Read from the front matter (the lines before the body: title, meeting
//! line, speaker), the page facts kept by the cleaning pass, the outline (part
//! titles name the years reviewed and planned) and, for news summaries, the
//! first paragraph (12月24日召开的…会议上, 区长余松…). Every value is cut
//! from `text`, so it reads in the document's own script.

use std::sync::OnceLock;

use regex::Regex;

use crate::clean::PageFacts;
use crate::doc::{char_at, char_slice, Doc};
use crate::{Meta, Section};

use crate::cached_regex as re;

const ROLES: &str = "代理区长|代区长|副区长|区长|代理市长|代市长|副市长|市长|代理县长|代县长|副县长|县长|代理省长|代省长|副省长|省长|自治区主席|自治区人民政府主席|代主席|主席|州长|旗长|盟长|总理|行政长官|局长|主任|厅长|委员长|书记";

fn speaker_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, || {
        format!(r"^[\p{{Han}}\s]{{0,24}}(?:{ROLES})(?:\s*\p{{Han}}{{2,4}})?$")
    })
}

fn speaker_in_text_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, || {
        format!(
            r"(?P<sp>(?:{ROLES})\s*\p{{Han}}{{2,3}}?)(?:代表|对|在|作|向|说|指出|表示|所作|作了)"
        )
    })
}

/// The last char of every role in [`ROLES`] (a test checks).
const ROLE_ENDS: [char; 6] = ['长', '席', '理', '官', '任', '记'];

/// Whether some char of `s` in `ends` is followed by one of `next`.
fn follows(s: &str, ends: &[char], next: &[&str]) -> bool {
    s.char_indices().any(|(i, c)| {
        ends.contains(&c)
            && s.get(i + c.len_utf8()..)
                .is_some_and(|rest| next.iter().any(|n| rest.starts_with(n)))
    })
}

/// Whether `s` can hold a match of [`speaker_in_text_re`]: a role ends at
/// one of its [`ROLE_ENDS`]. The tests before the regexes of this module
/// are necessary conditions of a match, cheap beside the regex: the web
/// build's engine (regex-lite) has no literal prefilter of its own and
/// would walk every char of a long line.
fn may_name_role(s: &str) -> bool {
    s.char_indices().any(|(i, c)| {
        ROLE_ENDS.contains(&c)
            && s.get(..i + c.len_utf8())
                .is_some_and(|head| ROLES.split('|').any(|r| head.ends_with(r)))
    })
}

/// Whether `s` can hold a match of [`meeting_re`]: it ends in 会议 or 大会.
fn may_name_meeting(s: &str) -> bool {
    s.contains("会议") || s.contains("大会")
}

/// Whether `s` can hold a match of [`full_date_re`]: its year starts with
/// 19 or 20.
fn may_hold_date(s: &str) -> bool {
    s.contains("19") || s.contains("20")
}

/// Whether `s` can hold a match of [`region_re`]: 区, 县, 旗, 省 or 市
/// (自治区 ends in 区) followed by 人民, 第, 政府 or 人大.
fn may_name_region(s: &str) -> bool {
    follows(
        s,
        &['区', '县', '旗', '省', '市'],
        &["人民", "第", "政府", "人大"],
    )
}

/// [`full_date_re`]'s captures in `s`, tested for a year first.
fn date_captures(s: &str) -> Option<regex::Captures<'_>> {
    may_hold_date(s)
        .then(|| full_date_re().captures(s))
        .flatten()
}

fn title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?:报告|计划|规划|纲要|意见|方案|讲话|决议|草案)[)]?$",
    )
}

fn full_date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?P<y>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?|(?P<cy>(?:19|20)\d{2})(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12]\d|3[01])",
    )
}

fn month_day_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?:^|[^\d年])(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日",
    )
}

fn meeting_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?:在|召开的|举行的|[日午],)(?P<m>[^,。在]{4,48}?(?:会议|大会))(?:上|开幕|召开|举行|在)",
    )
}

fn target_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, || r"(?P<y>(?:19|20)\d{2})年[^。]{0,16}?主要预期目标")
}

fn plan_year_sentence_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?P<y>(?:19|20)\d{2})年(?:是|将|要|全区|全市|全省|全县|重点|对)|对(?P<y2>(?:19|20)\d{2})年工作",
    )
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?P<y>(?:19|20)\d{2})年|(?P<cn>[〇零○一二三四五六七八九]{4})年",
    )
}

/// Facts about the document.
pub fn meta(doc: &Doc, sections: &[Section], facts: &PageFacts) -> Meta {
    let front = front_matter(doc, sections);
    let front_text: Vec<(usize, &str)> = front.iter().map(|&i| (i, doc.line_folded(i))).collect();

    let title = title(doc, &front_text, facts);
    let meeting = meeting(doc, &front_text);
    let speaker = speaker(doc, &front_text);
    let (plan_year, report_year) = years(doc, sections);
    let date = date(doc, &front_text, facts, plan_year);
    let region = region(
        doc,
        &[
            meeting.as_deref(),
            title.as_deref(),
            facts.issuer.as_deref(),
        ],
    );
    let level = level_of(
        speaker
            .as_deref()
            .or(meeting.as_deref())
            .or(title.as_deref()),
    )
    .or_else(|| level_of_region(region.as_deref()));
    Meta {
        title,
        region,
        level,
        speaker,
        meeting,
        date,
        report_year,
        plan_year,
        ..Meta::default()
    }
}

/// Lines before the body: before the first heading and the first paragraph
/// of prose, or up to a salutation.
fn front_matter(doc: &Doc, sections: &[Section]) -> Vec<usize> {
    let first_heading = sections.first().map(|s| s.span.0).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for (i, l) in doc.lines.iter().enumerate().take(12) {
        let f = doc.line_folded(i);
        if l.start >= first_heading {
            break;
        }
        let long = l.len >= 50 || f.contains('。');
        out.push(i);
        if long || f.ends_with(':') {
            break;
        }
    }
    out
}

/// The text of folded chars `a..b` of line `i`, as written.
fn cut(doc: &Doc, i: usize, f: &str, a: usize, b: usize) -> String {
    let l = doc.lines[i];
    let (ca, cb) = (char_at(f, a), char_at(f, b));
    doc.text_slice(l.start + ca, l.start + cb).to_string()
}

fn whole(doc: &Doc, i: usize) -> String {
    doc.line_text(i).trim().to_string()
}

fn title(doc: &Doc, front: &[(usize, &str)], facts: &PageFacts) -> Option<String> {
    for &(i, f) in front {
        let t = f.trim();
        if t.chars().count() <= 40
            && title_re().is_match(t)
            && !t.starts_with(['—', '─', '-'])
            && !t.contains('。')
            && !t.contains(',')
            && (!may_name_meeting(t) || !meeting_re().is_match(t))
        {
            return Some(whole(doc, i));
        }
    }
    facts
        .title
        .as_ref()
        .filter(|t| title_re().is_match(&crate::script::fold(t)))
        .cloned()
}

fn meeting(doc: &Doc, front: &[(usize, &str)]) -> Option<String> {
    // A meeting line may wrap: ——在…人民代表大会 / 第一次会议上.
    for (k, &(i, f)) in front.iter().enumerate() {
        let t = f.trim_start_matches(['—', '─', '-', ' ']);
        if !(t.contains("会") || t.contains("议")) || f.contains('。') {
            continue;
        }
        let mut joined = t.to_string();
        let mut lines = vec![i];
        if let Some(&(j, g)) = front.get(k + 1) {
            if !joined.ends_with('上') && g.chars().count() <= 20 && g.trim_end().ends_with('上')
            {
                joined.push_str(g.trim());
                lines.push(j);
            }
        }
        let joined = strip_date(&joined);
        let inner = joined.strip_prefix('在').unwrap_or(&joined);
        let inner = inner.strip_suffix('上').unwrap_or(inner);
        if (inner.ends_with("会议") || inner.ends_with("大会")) && inner.chars().count() >= 4 {
            // Cut the same chars from text (script as written).
            let text: String = lines
                .iter()
                .map(|&l| whole(doc, l))
                .collect::<Vec<_>>()
                .join("");
            let folded = crate::script::fold(&text);
            if let Some(pos) = folded.find(inner) {
                let a = char_at(&folded, pos);
                return Some(char_slice(&text, a, a + inner.chars().count()).to_string());
            }
            return Some(inner.to_string());
        }
    }
    // A news lead: 12月24日召开的武昌区人大十五届五次会议上.
    for i in 0..doc.lines.len().min(6) {
        let f = doc.line_folded(i);
        if !may_name_meeting(f) {
            continue;
        }
        if let Some(m) = meeting_re().captures(f).and_then(|c| c.name("m")) {
            return Some(cut(doc, i, f, m.start(), m.end()));
        }
    }
    None
}

fn strip_date(s: &str) -> String {
    match may_hold_date(s).then(|| full_date_re().find(s)).flatten() {
        Some(m) if m.start() == 0 => s[m.end()..].to_string(),
        _ => s.to_string(),
    }
}

fn speaker(doc: &Doc, front: &[(usize, &str)]) -> Option<String> {
    for &(i, f) in front {
        let t = f.trim();
        if t.chars().count() <= 30 && speaker_line_re().is_match(t) {
            return Some(whole(doc, i).split_whitespace().collect());
        }
    }
    for i in 0..doc.lines.len().min(8) {
        let f = doc.line_folded(i);
        if !may_name_role(f) {
            continue;
        }
        if let Some(m) = speaker_in_text_re().captures(f).and_then(|c| c.name("sp")) {
            return Some(
                cut(doc, i, f, m.start(), m.end())
                    .split_whitespace()
                    .collect(),
            );
        }
    }
    None
}

fn ymd(c: &regex::Captures) -> Option<(i32, u32, u32)> {
    let g = |a: &str, b: &str| {
        c.name(a)
            .or_else(|| c.name(b))
            .and_then(|m| m.as_str().parse::<u32>().ok())
    };
    let y = g("y", "cy")? as i32;
    let m = g("m", "cm")?;
    let d = g("d", "cd")?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

fn fmt_date((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn date(
    doc: &Doc,
    front: &[(usize, &str)],
    facts: &PageFacts,
    plan_year: Option<i32>,
) -> Option<String> {
    // The meeting line's date is when the report was given.
    for &(_, f) in front {
        if f.contains("会") || f.starts_with(['—', '─', '-']) {
            if let Some(d) = date_captures(f).as_ref().and_then(ymd) {
                return Some(fmt_date(d));
            }
        }
    }
    // A news lead: 12月24日召开的…会议 — the year is the plan year's eve
    // for a report given late in the year.
    for i in 0..doc.lines.len().min(4) {
        let f = doc.line_folded(i);
        if !(f.contains("会") || f.contains("报告")) {
            continue;
        }
        if let Some(d) = date_captures(f).as_ref().and_then(ymd) {
            return Some(fmt_date(d));
        }
        // month_day_re needs a 月.
        if let Some(c) = f
            .contains('月')
            .then(|| month_day_re().captures(f))
            .flatten()
        {
            let m: u32 = c
                .name("m")
                .and_then(|x| x.as_str().parse().ok())
                .unwrap_or(0);
            let d: u32 = c
                .name("d")
                .and_then(|x| x.as_str().parse().ok())
                .unwrap_or(0);
            let publish_year = facts
                .date
                .as_deref()
                .and_then(|s| date_captures(s).as_ref().and_then(ymd))
                .map(|x| x.0);
            let year = publish_year.or(plan_year.map(|p| if m >= 10 { p - 1 } else { p }));
            if let Some(y) = year {
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Some(fmt_date((y, m, d)));
                }
            }
        }
    }
    facts
        .date
        .as_deref()
        .and_then(|s| {
            full_date_re()
                .captures(&crate::script::fold(s))
                .as_ref()
                .and_then(ymd)
        })
        .map(fmt_date)
}

fn parse_year(c: &regex::Captures) -> Option<i32> {
    if let Some(y) = c.name("y").or_else(|| c.name("y2")) {
        return y.as_str().parse().ok();
    }
    let cn = c.name("cn")?.as_str();
    let mut y = 0;
    for ch in cn.chars() {
        let d = i32::try_from(crate::numbers::cn_digit(ch)?).ok()?;
        y = y * 10 + d;
    }
    Some(y)
}

/// True when a heading names a plan part: 2023年工作意见, 主要任务.
fn is_plan_heading(t: &str) -> bool {
    [
        "意见",
        "安排",
        "重点工作",
        "主要任务",
        "目标任务",
        "工作部署",
        "主要工作",
        "建议",
        "打算",
        "任务",
        "总体要求",
        "政策取向",
    ]
    .iter()
    .any(|k| t.contains(k))
}

/// How far (bytes) a match of [`target_year_re`] starts before its
/// 主要预期目标: 19|20 (2), two digits (at most 4 bytes each: `\d` is
/// Unicode in both engines, see `pattern`), 年 (3) and 16 chars but 。 (4 each).
const TARGET_YEAR_BEFORE: usize = 2 + 2 * 4 + 3 + 16 * 4;

/// How far (bytes) a match of [`plan_year_sentence_re`] starts before its
/// 年: 对 (3), 19|20 (2) and two digits (4 each).
const PLAN_YEAR_BEFORE: usize = 3 + 2 + 2 * 4;

/// How far (bytes) a match of [`plan_year_sentence_re`] ends after the
/// start of its 年: 年 (3) and two Han chars (全区, 工作: 6).
const PLAN_YEAR_AFTER: usize = 3 + 6;

/// Byte offsets of the occurrences of `word` in `hay`, in order.
fn anchors<'a>(hay: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    hay.match_indices(word).map(|(p, _)| p)
}

/// Byte offsets of the 年 in `hay` that follow a numeric char (2023年):
/// the only 年 a year regex can match (`\d` is numeric in every engine).
fn year_marks(hay: &str) -> impl Iterator<Item = usize> + '_ {
    hay.match_indices('年').map(|(p, _)| p).filter(move |&p| {
        hay.get(..p)
            .and_then(|h| h.chars().next_back())
            .is_some_and(char::is_numeric)
    })
}

/// The first match of `re` in `hay`, searched for only near `anchors`
/// (byte offsets, ascending) instead of through the whole text.
///
/// Every match of `re` must hold an anchor at `p` and lie within
/// `p - before .. p + after`. The windows around the anchors are merged
/// into disjoint stretches and searched in order. `re` has no `^`, `$` or
/// `\b`, so a match inside a stretch is a match of the whole text; the
/// text's first match lies inside one stretch, and no earlier stretch
/// holds a match (it would start before it). Within its stretch the same
/// leftmost-first choice is made, so the captures are the same as a search
/// of the whole text would give.
fn captures_near<'h>(
    re: &Regex,
    hay: &'h str,
    anchors: impl Iterator<Item = usize>,
    before: usize,
    after: usize,
) -> Option<regex::Captures<'h>> {
    let window = |p: usize| {
        (
            floor_boundary(hay, p.saturating_sub(before)),
            ceil_boundary(hay, p.saturating_add(after)),
        )
    };
    let mut current: Option<(usize, usize)> = None;
    for p in anchors {
        let (a, b) = window(p);
        match current {
            Some((s, e)) if a <= e => current = Some((s, e.max(b))),
            Some((s, e)) => {
                if let Some(c) = hay.get(s..e).and_then(|h| re.captures(h)) {
                    return Some(c);
                }
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    let (s, e) = current?;
    hay.get(s..e).and_then(|h| re.captures(h))
}

/// The char boundary at or before byte `i` of `s` (clamped to its end).
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after byte `i` of `s` (clamped to its end).
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The years planned and reviewed: from the main-targets sentence, the
/// part titles (2023年工作意见 / 2022年工作回顾), or plan-year sentences.
fn years(doc: &Doc, sections: &[Section]) -> (Option<i32>, Option<i32>) {
    let mut plan = None;
    let mut review = None;
    let mut has_review = false;
    let mut midyear = false;
    for s in sections {
        // Every word looked for below holds one of these chars: a heading
        // with none of them (most) is passed over in one short scan of its
        // folded chars, before it is sliced.
        let keyed = doc
            .chars
            .get(s.span.0..s.span.1)
            .unwrap_or_default()
            .iter()
            .any(|c| matches!(c, '年' | '回' | '执' | '过' | '半' | '季'));
        if !keyed {
            continue;
        }
        let t = doc.folded_slice(s.span.0, s.span.1);
        if !midyear && t.contains(['半', '季']) {
            midyear = t.contains("上半年") || t.contains("下半年") || t.contains("前三季度");
        }
        // Both of year_re's forms end in 年.
        let year = if t.contains('年') {
            year_re().captures(t).as_ref().and_then(parse_year)
        } else {
            None
        };
        // Whether the heading reviews matters only until one does, and
        // again for a heading that names a year.
        if has_review && year.is_none() {
            continue;
        }
        let is_review = t.contains("回顾") || t.contains("执行情况") || t.contains("过去");
        has_review |= is_review;
        if let Some(y) = year {
            if is_review && review.is_none() {
                review = Some(y);
            } else if plan.is_none() && is_plan_heading(t) {
                plan = Some(y);
            }
        }
    }
    let folded = doc.folded.as_str();
    if let Some(c) = captures_near(
        target_year_re(),
        folded,
        anchors(folded, "主要预期目标"),
        TARGET_YEAR_BEFORE,
        "主要预期目标".len(),
    ) {
        plan = parse_year(&c).or(plan);
    }
    if plan.is_none() {
        plan = captures_near(
            plan_year_sentence_re(),
            folded,
            year_marks(folded),
            PLAN_YEAR_BEFORE,
            PLAN_YEAR_AFTER,
        )
        .as_ref()
        .and_then(parse_year);
    }
    if midyear {
        // A mid-year report on the plan reviews and plans the same year.
        let y = plan.or(review).or_else(|| {
            full_date_re()
                .captures(&doc.folded)
                .as_ref()
                .and_then(ymd)
                .map(|d| d.0)
        });
        return (y, y);
    }
    if review.is_none() && has_review {
        review = plan.map(|p| p - 1);
    }
    if plan.is_none() {
        plan = review.map(|r| r + 1);
    }
    (plan, review)
}

fn level_of(s: Option<&str>) -> Option<String> {
    let s = crate::script::fold(s?);
    let level = if s.contains("国务院") || s.contains("总理") || s.contains("全国人民代表大会")
    {
        "national"
    } else if s.contains("特别行政区") || s.contains("行政长官") {
        "sar"
    } else if s.contains("区长")
        || s.contains("县长")
        || s.contains("旗长")
        || s.contains("区人")
        || s.contains("县人")
    {
        "district"
    } else if s.contains("市长") || s.contains("市人") || s.contains("州长") {
        "city"
    } else if s.contains("省长") || s.contains("省人") || s.contains("自治区主席") {
        "province"
    } else {
        return None;
    };
    Some(level.to_string())
}

/// The level a region's name implies: 江汉区 → district, 武汉市 → city.
fn level_of_region(r: Option<&str>) -> Option<String> {
    let r = crate::script::fold(r?);
    let level = if r.ends_with("特别行政区") {
        "sar"
    } else if r.ends_with('区') && !r.ends_with("自治区") || r.ends_with('县') || r.ends_with('旗')
    {
        "district"
    } else if r.ends_with('市') || r.ends_with('州') || r.ends_with('盟') {
        "city"
    } else if r.ends_with('省') || r.ends_with("自治区") {
        "province"
    } else {
        return None;
    };
    Some(level.to_string())
}

fn region_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        || r"(?P<r>(?:\p{Han}{2,4}(?:省|自治区))?(?:\p{Han}{2,4}?(?:市|州|盟))?\p{Han}{2,4}?(?:区|县|旗))(?:人民|第|政府|人大)|(?P<c>\p{Han}{2,4}?(?:省|市|自治区))(?:人民|第|政府|人大)",
    )
}

/// The region: 武汉市江汉区, from the meeting or title, else the body.
fn region(doc: &Doc, hints: &[Option<&str>]) -> Option<String> {
    let mut texts: Vec<String> = hints.iter().flatten().map(|s| s.to_string()).collect();
    texts.extend((0..doc.lines.len().min(6)).map(|i| doc.line_text(i).to_string()));
    for t in texts {
        let f = crate::script::fold(&t);
        if !may_name_region(&f) {
            continue;
        }
        if let Some(c) = region_re().captures(&f) {
            if let Some(m) = c
                .name("r")
                .or_else(|| c.name("c"))
                .filter(|m| !m.as_str().starts_with(['我', '本', '全', '该', '各', '在']))
            {
                let (a, b) = (char_at(&f, m.start()), char_at(&f, m.end()));
                return Some(char_slice(&t, a, b).to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;

    #[test]
    fn every_role_ends_in_a_role_end() {
        for role in ROLES.split('|') {
            assert!(may_name_role(role), "{role}");
            assert!(role.ends_with(ROLE_ENDS), "{role}");
        }
        assert!(!may_name_role("经济增长6%,管理"));
    }

    #[test]
    fn prefilters_pass_every_match() {
        let texts = [
            "区长张三代表区人民政府作报告",
            "代理市长李四在会上说",
            "2023年1月5日在武昌区第十五届人民代表大会第三次会议上",
            "12月24日召开的武昌区人大十五届五次会议上",
            "——2022年12月28日在江汉区第十六届人民代表大会第二次会议上",
            "20221228",
            "武汉市江汉区人民政府",
            "湖北省人民政府",
            "西藏自治区第十二届人大",
            "恩施州人民政府",
            "没有日期的一行",
        ];
        for t in texts {
            assert!(!speaker_in_text_re().is_match(t) || may_name_role(t), "{t}");
            assert!(!meeting_re().is_match(t) || may_name_meeting(t), "{t}");
            assert!(!full_date_re().is_match(t) || may_hold_date(t), "{t}");
            assert!(!region_re().is_match(t) || may_name_region(t), "{t}");
            assert!(!month_day_re().is_match(t) || t.contains('月'), "{t}");
        }
        assert!(date_captures("2023年1月5日").is_some());
        assert!(date_captures("没有日期").is_none());
    }

    fn meta_of(text: &str) -> Meta {
        let c = clean(text);
        let doc = Doc::new(&c.text.text);
        let secs = crate::outline::outline(&doc);
        meta(&doc, &secs, &c.facts)
    }

    #[test]
    fn report_front_matter() {
        let m = meta_of("名称: 2022年政府工作报告 发布日期: 2022-12-29 13:50\n2022年政府工作报告\n──20221228在区第十届人民代表大会第一次会议上\n区长苏海峰\n各位代表:\n二〇二二年工作回顾\n2022年,困难超乎想象。\n二〇二三年工作意见\n2023年全区发展的主要预期目标是:地区生产总值增长6%。\n");
        assert_eq!(m.title.as_deref(), Some("2022年政府工作报告"));
        assert_eq!(m.speaker.as_deref(), Some("区长苏海峰"));
        assert_eq!(m.date.as_deref(), Some("2022-12-28"));
        assert_eq!(m.meeting.as_deref(), Some("区第十届人民代表大会第一次会议"));
        assert_eq!(m.report_year, Some(2022));
        assert_eq!(m.plan_year, Some(2023));
        assert_eq!(m.level.as_deref(), Some("district"));
    }

    #[test]
    fn news_lead() {
        let m = meta_of("12月24日召开的武昌区人大十五届五次会议上,武昌区人民政府区长余松对2020年工作进行了部署安排。\n2020年经济社会发展的主要预期目标是:地区生产总值增长7.5%。\n");
        assert_eq!(m.speaker.as_deref(), Some("区长余松"));
        assert_eq!(m.plan_year, Some(2020));
        assert_eq!(m.report_year, None);
        assert_eq!(m.date.as_deref(), Some("2019-12-24"));
        assert_eq!(m.meeting.as_deref(), Some("武昌区人大十五届五次会议"));
        assert_eq!(m.title, None);
    }

    #[test]
    fn year_search_near_anchors_agrees_with_whole_text() {
        let texts = [
            "2023年2024年主要预期目标是",
            "去年。2022年,全年主要预期目标。2023年的主要预期目标",
            "２０２３年是关键一年,对2024年工作",
            "2019年GDP,对2020年工作;2021年将",
            "没有年份年主要预期目标",
        ];
        let whole_year = |re: &Regex, t: &str| re.captures(t).as_ref().and_then(parse_year);
        for t in texts {
            let near = captures_near(
                target_year_re(),
                t,
                anchors(t, "主要预期目标"),
                TARGET_YEAR_BEFORE,
                "主要预期目标".len(),
            );
            assert_eq!(
                near.as_ref().and_then(parse_year),
                whole_year(target_year_re(), t)
            );
            let near = captures_near(
                plan_year_sentence_re(),
                t,
                year_marks(t),
                PLAN_YEAR_BEFORE,
                PLAN_YEAR_AFTER,
            );
            assert_eq!(
                near.as_ref().and_then(parse_year),
                whole_year(plan_year_sentence_re(), t)
            );
        }
    }

    #[test]
    fn midyear_report() {
        let m = meta_of("——2021年8月27日在武汉市武昌区第十五届人大常委会\n第三十八次会议上\n区发改局局长 李武军\n主任、各位副主任,各位委员:\n今年以来,我区深入贯彻各项决策部署。\n一、上半年计划执行情况\n(一)主要指标完成情况\n二、下半年工作安排\n");
        assert_eq!(m.speaker.as_deref(), Some("区发改局局长李武军"));
        assert_eq!(m.date.as_deref(), Some("2021-08-27"));
        assert_eq!(
            m.meeting.as_deref(),
            Some("武汉市武昌区第十五届人大常委会第三十八次会议")
        );
        assert_eq!((m.report_year, m.plan_year), (Some(2021), Some(2021)));
        assert_eq!(m.title, None);
    }
}
