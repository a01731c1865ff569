//! Terms the document defines: the entries of a 名词解释 appendix, inline
//! definitions (X即…, X是指…, X分别指…) and parenthetical expansions.

use super::chars::{self, is_cjk, CharSet};
use super::stats::FxSet;
use super::{Cand, Ctx, Kind, Mark};
use crate::script::fold;

/// Longest definition kept, in chars.
const MAX_DEFINITION: usize = 3_000;

/// Titles of a glossary section (folded, without white space).
pub(crate) fn is_glossary_title(title: &str) -> bool {
    if !title
        .chars()
        .any(|c| matches!(c, '名' | '词' | '詞' | '术' | '術'))
    {
        return false;
    }
    let t: String = fold(title).chars().filter(|c| !c.is_whitespace()).collect();
    let n = t.chars().count();
    n <= 14
        && [
            "名词解释",
            "名词注释",
            "名词解析",
            "名词释义",
            "名词说明",
            "术语解释",
            "词语解释",
            "名词术语",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// The text from `a` to `b` as a definition: lines trimmed, empty lines
/// dropped, leading separators removed.
fn definition_text(ctx: &Ctx, a: usize, b: usize) -> Option<String> {
    let raw = ctx.text_str(a, b.min(a + MAX_DEFINITION));
    let lines: Vec<&str> = raw
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .collect();
    let d = lines.join("\n");
    let d = d.trim_start_matches(|c: char| {
        matches!(
            c,
            ':' | '：' | '—' | '-' | '。' | ',' | '，' | ' ' | '\u{3000}'
        )
    });
    // Two CJK chars, letters or digits are enough: the walk stops there.
    d.chars()
        .filter(|&c| is_cjk(c) || c.is_alphanumeric())
        .nth(1)
        .map(|_| d.to_string())
}

/// The entries of every 名词解释 section: its leaf subsections are the terms
/// (the outline has found their numbering), the text under each is its
/// definition. A glossary section without subsections is read line by line.
pub fn entries(ctx: &Ctx) -> Vec<Cand> {
    let mut out = Vec::new();
    // Most reports have no glossary section: nothing below to set up.
    if ctx.glossary_sections().next().is_none() {
        return out;
    }
    let mut has_child = vec![false; ctx.sections.len()];
    for s in ctx.sections {
        if let Some(p) = s.parent.and_then(|p| has_child.get_mut(p)) {
            *p = true;
        }
    }
    // Sections in order of their starts (as the outline gives them) let each
    // glossary section look only at the sections that start inside it.
    let sorted = ctx.sections.is_sorted_by_key(|s| s.section_span.start());
    for g in ctx.glossary_sections() {
        let near = if sorted {
            let from = ctx
                .sections
                .partition_point(|s| s.section_span.start() < g.section_span.start());
            let to = ctx
                .sections
                .partition_point(|s| s.section_span.start() < g.section_span.end());
            ctx.sections.get(from..to.max(from)).unwrap_or(&[])
        } else {
            ctx.sections
        };
        let leaves: Vec<&crate::Section> = near
            .iter()
            .filter(|s| {
                s.id != g.id
                    && s.section_span.start() >= g.section_span.start()
                    && s.section_span.start() < g.section_span.end()
                    && !has_child.get(s.id).copied().unwrap_or(false)
            })
            .collect();
        if leaves.is_empty() {
            out.extend(entry_lines(ctx, g.span.end(), g.section_span.end()));
            continue;
        }
        for s in leaves {
            // The folded title without trailing punctuation, in one `Vec`.
            let mut title: Vec<char> = fold(s.title.trim()).chars().collect();
            while title.last().is_some_and(|&c| chars::is_punct(c)) {
                title.pop();
            }
            if title.is_empty() {
                continue;
            }
            let (a, b) = (s.span.start(), s.span.end().max(s.span.start()));
            let hay = ctx.folded(a, b.max(a + title.len()));
            let Some(p) = hay.windows(title.len()).position(|w| w == title.as_slice()) else {
                continue;
            };
            let start = a + p;
            let end = start + title.len();
            let def_from = s.span.end().max(end);
            let mut c = Cand::new(start, end, Kind::Defined);
            c.entry = true;
            c.definition = definition_text(ctx, def_from, s.section_span.end());
            c.def_rank = 0;
            out.push(c);
        }
    }
    out
}

/// Glossary entries written as lines: `术语:定义`, `1. 术语` followed by its
/// paragraph, or a short line followed by its paragraph.
fn entry_lines(ctx: &Ctx, from: usize, to: usize) -> Vec<Cand> {
    let lines: Vec<(usize, usize)> = ctx
        .doc
        .lines
        .iter()
        .filter(|l| l.start >= from && l.end() <= to)
        .map(|l| (l.start, l.end()))
        .collect();
    // (term start, term end, inline definition start)
    let mut heads: Vec<(usize, usize, Option<usize>, usize)> = Vec::new();
    for (li, &(a, b)) in lines.iter().enumerate() {
        let f = ctx.folded(a, b);
        let mut i = 0;
        while i < f.len() && f[i].is_whitespace() {
            i += 1;
        }
        let num_start = i;
        while i < f.len() && (f[i].is_ascii_digit() || "①②③④⑤⑥⑦⑧⑨⑩【[(".contains(f[i]))
        {
            i += 1;
        }
        let numbered = i > num_start;
        while i < f.len() && ".、)】] ".contains(f[i]) {
            i += 1;
        }
        let rest = &f[i..];
        let sep = rest
            .iter()
            .take(24)
            .position(|&c| c == ':' || c == '】' || c == ']' || c == '—');
        match sep {
            Some(k) if k >= 2 => {
                let mut d = i + k;
                while d < f.len() && ":】]—".contains(f[d]) {
                    d += 1;
                }
                heads.push((a + i, a + i + k, Some(a + d), li));
            }
            _ => {
                let short = rest.len() >= 2
                    && rest.len() <= 24
                    && !rest.iter().any(|&c| matches!(c, '。' | ',' | ';'));
                if short && (numbered || li + 1 < lines.len()) {
                    let mut e = rest.len();
                    while e > 0 && rest[e - 1].is_whitespace() {
                        e -= 1;
                    }
                    heads.push((a + i, a + i + e, None, li));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, &(s, e, d, li)) in heads.iter().enumerate() {
        let next = heads.get(k + 1).map(|h| lines[h.3].0).unwrap_or(to);
        let def_from = d.unwrap_or_else(|| lines[li].1);
        let Some(def) = definition_text(ctx, def_from, next) else {
            continue;
        };
        let mut c = Cand::new(s, e, Kind::Defined);
        c.entry = true;
        c.definition = Some(def);
        c.def_rank = 0;
        out.push(c);
    }
    out
}

/// Chars after 指 that make a word, not a definition (指导, 指标).
static NOT_AFTER_ZHI: CharSet = CharSet::new("导标出挥数引定令示南向尖纹望点责控明派针日战");

/// Chars before a bare 指 that make a word (手指, 直指, 所指).
static NOT_BEFORE_ZHI: CharSet = CharSet::new("手直所遥屈首戒食拇中名十");

/// Chars after 即 that make a word, not a definition (即将, 即使).
static NOT_AFTER_JI: CharSet = CharSet::new("将使便时可刻日期兴位是");

/// Chars before 即 that make a word (立即, 随即).
static NOT_BEFORE_JI: CharSet = CharSet::new("立随旋当");

/// Chars that end a clause (and a definition).
fn clause_end(c: char) -> bool {
    matches!(c, '。' | ';' | '；' | '!' | '?' | '\n')
}

/// Chars a term in a definition pattern may contain.
fn term_char(c: char) -> bool {
    is_cjk(c) || c.is_ascii_alphanumeric() || c == '+'
}

/// The term that ends at `e` in an inline definition: the clause before the
/// marker, or the longest known term it ends with, or the clause without its
/// opening verbs.
fn term_before(ctx: &Ctx, e: usize, known: &FxSet<&[char]>, whole: bool) -> Option<usize> {
    let mut s = e;
    while s > 0 && e - s < 16 && ctx.f.get(s - 1).is_some_and(|&c| term_char(c)) {
        s -= 1;
    }
    if e - s < 2 {
        return None;
    }
    if whole {
        // The whole clause, and not a verb phrase (实现开工即纳统).
        return (e - s <= 8 && ctx.skip_lead(s, e, 2) == s).then_some(s);
    }
    let s1 = ctx.skip_lead(s, e, 2);
    if e - s1 <= 8 && (s == 0 || !ctx.f.get(s - 1).is_some_and(|&c| term_char(c))) {
        return Some(s1);
    }
    let clause = ctx.folded(s, e);
    if let Some(k) = (2..=clause.len())
        .rev()
        .find(|&k| known.contains(&clause[clause.len() - k..]))
    {
        return Some(e - k);
    }
    let s2 = ctx.skip_lead(s, e, 2);
    (e - s2 <= 8).then_some(s2)
}

/// The definition that starts at `a`: up to the end of the sentence.
fn definition_after(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    let mut a = a;
    while a < ctx.f.len() && matches!(ctx.f[a], ':' | ',' | ' ') {
        a += 1;
    }
    let mut b = a;
    while b < ctx.f.len() && b - a < 400 && !clause_end(ctx.f[b]) {
        // The next clause defines another term (一区是指…,多园指…).
        if ctx.f[b] == ',' {
            let mut k = b + 1;
            while k < ctx.f.len() && k - b <= 9 && term_char(ctx.f[k]) {
                if matches!(ctx.f[k], '指' | '即') && k - b >= 3 {
                    return Some((a, b));
                }
                k += 1;
            }
        }
        b += 1;
    }
    (b > a).then_some((a, b))
}

/// Inline definitions: `X即Y`, `X,即Y`, `X是指Y`, `X指Y`, `X分别指Y`,
/// `X主要指Y`. Terms found by other passes help find where X begins.
pub fn inline(ctx: &Ctx, found: &[Cand]) -> Vec<Cand> {
    let known: FxSet<&[char]> = found.iter().map(|c| ctx.folded(c.start, c.end)).collect();
    let glossaries: Vec<(usize, usize)> = ctx
        .glossary_sections()
        .map(|s| (s.section_span.start(), s.section_span.end()))
        .collect();
    let f = ctx.f;
    // The markers, and which are inside a quoted phrase or slogan: a 即
    // there is part of it (市场准营即入).
    let markers = ctx.marks(Mark::Defines);
    let mut inside = vec![false; markers.len()];
    for c in found.iter().filter(|c| !c.entry) {
        let lo = markers.partition_point(|&m| m < c.start + 1);
        let hi = markers.partition_point(|&m| m < c.end.min(f.len()));
        for x in inside.iter_mut().take(hi).skip(lo) {
            *x = true;
        }
    }
    let mut out = Vec::new();
    for (&m, &skip) in markers.iter().zip(&inside) {
        if skip {
            continue;
        }
        let (term_end, def_start, min_def) = match f[m] {
            '指' => {
                let next = f.get(m + 1).copied().unwrap_or(' ');
                if NOT_AFTER_ZHI.contains(next) {
                    continue;
                }
                let prefix = [
                    "分别", "主要", "是", "特", "系", "专", "泛", "意", "均", "都",
                ]
                .iter()
                .find(|p| chars::word_before(f, m, p))
                .map(|p| p.chars().count())
                .unwrap_or(0);
                if prefix == 0 && m > 0 && NOT_BEFORE_ZHI.contains(f[m - 1]) {
                    continue;
                }
                (m - prefix, m + 1, 2)
            }
            '即' => {
                let next = f.get(m + 1).copied().unwrap_or(' ');
                let prev = m.checked_sub(1).map(|j| f[j]).unwrap_or(' ');
                if NOT_AFTER_JI.contains(next) || NOT_BEFORE_JI.contains(prev) {
                    continue;
                }
                let mut e = m;
                while e > 0 && matches!(f[e - 1], ',' | ' ') {
                    e -= 1;
                }
                (e, m + 1, 4)
            }
            _ => continue,
        };
        // Without a comma before the marker, the term is the whole clause.
        let whole = f[m] == '指' || term_end == m;
        let Some(s) = term_before(ctx, term_end, &known, whole) else {
            continue;
        };
        // “X即Y” with the quote mark open: 即 is inside a quoted term.
        if f[m] == '即' && s > 0 && chars::closing_quote(f[s - 1]).is_some() {
            continue;
        }
        let Some((a, b)) = definition_after(ctx, def_start) else {
            continue;
        };
        let def_chars = ctx.folded(a, b);
        if def_chars.iter().filter(|&&c| is_cjk(c)).count() < min_def
            || def_chars
                .iter()
                .any(|&c| chars::is_close_quote(c) || chars::closing_quote(c).is_some())
        {
            continue;
        }
        let mut c = Cand::new(s, term_end, Kind::Defined);
        c.definition = Some(ctx.text_str(a, b).trim().to_string());
        c.def_rank = 1;
        c.minor = glossaries.iter().any(|&(a, b)| a <= s && s < b);
        out.push(c);
    }
    out
}

/// Parenthetical expansions: an abbreviation in brackets after its full form
/// (湖泊水域保护线(湖泊蓝线): the term 湖泊蓝线, defined as 湖泊水域保护线), an
/// English name after a term (精明增长(Smart Growth)) and an English
/// expansion after a Latin abbreviation (CAZ (The Central Activities Zone)).
pub fn parentheses(ctx: &Ctx) -> Vec<Cand> {
    let f = ctx.f;
    let mut out = Vec::new();
    for o in ctx.marks(Mark::Paren).iter().copied() {
        let Some(k) = f[o + 1..]
            .iter()
            .take(64)
            .position(|&c| c == ')' || c == '\n' || c == '(')
        else {
            continue;
        };
        let close = o + 1 + k;
        if f.get(close) != Some(&')') {
            continue;
        }
        let inner: Vec<char> = ctx.folded(o + 1, close).to_vec();
        let (ia, ib) = trim_span(&inner);
        let inner = &inner[ia..ib];
        let (inner_start, inner_end) = (o + 1 + ia, o + 1 + ib);
        if inner.is_empty() {
            continue;
        }
        // The phrase before the bracket.
        let mut e = o;
        while e > 0 && f[e - 1] == ' ' {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && e - s < 16 && f.get(s - 1).is_some_and(|&c| term_char(c)) {
            s -= 1;
        }
        // Cut after a definition marker inside the phrase (三线分别指…).
        if let Some(p) = (s..e).rev().find(|&i| matches!(f[i], '指' | '即')) {
            s = p + 1;
        }
        let s = ctx.skip_lead(s, e, 2);
        if e - s < 2 {
            continue;
        }
        let before = ctx.folded(s, e);
        let all_cjk = |t: &[char]| t.iter().all(|&c| is_cjk(c));
        let latin_words = |t: &[char]| {
            t.iter()
                .all(|&c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
                && t.iter().filter(|&&c| c == ' ').count() >= 1
                && t.len() >= 5
        };
        if all_cjk(inner)
            && all_cjk(before)
            && inner.len() >= 2
            && inner.len() <= 8
            && inner.len() < before.len()
        {
            let shared = inner.iter().filter(|c| before.contains(c)).count();
            if shared >= 2 && inner.first() != inner.last() {
                let mut c = Cand::new(inner_start, inner_end, Kind::Defined);
                c.definition = Some(ctx.text_of(s, e));
                c.def_rank = 2;
                c.minor = true;
                out.push(c);
            }
        } else if latin_words(inner) && all_cjk(before) && before.len() <= 10 {
            let mut c = Cand::new(s, e, Kind::Defined);
            c.definition = Some(ctx.text_of(inner_start, inner_end));
            c.def_rank = 3;
            c.minor = true;
            out.push(c);
        } else if latin_words(inner)
            && before.len() >= 2
            && before.len() <= 8
            && before.iter().all(|c| c.is_ascii_uppercase())
        {
            let initials: Vec<char> = inner
                .split(|&c| c == ' ' || c == '-')
                .filter_map(|w| w.first().copied())
                .filter(|c| c.is_ascii_uppercase())
                .collect();
            if before.iter().all(|c| initials.contains(c)) {
                let mut c = Cand::new(s, e, Kind::Defined);
                c.definition = Some(ctx.text_of(inner_start, inner_end));
                c.def_rank = 2;
                out.push(c);
            }
        }
    }
    out
}

/// The span of `t` without surrounding white space.
fn trim_span(t: &[char]) -> (usize, usize) {
    let a = t.iter().position(|c| !c.is_whitespace()).unwrap_or(t.len());
    let b = t
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map(|i| i + 1)
        .unwrap_or(a);
    (a, b.max(a))
}

#[cfg(test)]
mod tests {
    use crate::glossary::tests::run;

    #[test]
    fn appendix_entries_are_defined_with_their_paragraph() {
        let text = "各位代表:\n一、工作回顾\n我们推进五证合一改革,建设江汉创谷。\n附件\n名词解释\n1. 五证合一\n营业执照、组织机构代码证和税务登记证五证合一登记制度。\n2. 江汉创谷\n市委拟建设的创谷。\n今年获批。\n";
        let g = run(text);
        let t = g.iter().find(|t| t.term == "五证合一").expect("entry");
        assert_eq!(t.kind, crate::TermKind::Defined);
        assert_eq!(
            t.definition.as_deref(),
            Some("营业执照、组织机构代码证和税务登记证五证合一登记制度。")
        );
        assert_eq!(t.count, 3);
        let t = g.iter().find(|t| t.term == "江汉创谷").expect("entry");
        assert_eq!(
            t.definition.as_deref(),
            Some("市委拟建设的创谷。\n今年获批。")
        );
        // Appendix entries come first.
        assert!(g[0].definition.is_some() && g[1].definition.is_some());
    }

    #[test]
    fn glossary_lines_without_numbering() {
        let text = "各位代表:\n我们推进一网通办。\n名词解释\n一网通办:政务服务一网办理。\n";
        let g = run(text);
        let t = g.iter().find(|t| t.term == "一网通办").expect("entry");
        assert_eq!(t.definition.as_deref(), Some("政务服务一网办理。"));
    }

    #[test]
    fn inline_definitions() {
        let g = run("各位代表:\n提高一感两度两率,一感两度两率即群众安全感、社会治安满意度和公众知晓率。三线分别指湖泊水域保护线、环湖绿化控制线。建设产业六中心,即金融中心、商贸流通中心。");
        let t = g.iter().find(|t| t.term == "一感两度两率").expect("即");
        assert_eq!(
            t.definition.as_deref(),
            Some("群众安全感、社会治安满意度和公众知晓率")
        );
        let t = g.iter().find(|t| t.term == "三线").expect("分别指");
        assert_eq!(
            t.definition.as_deref(),
            Some("湖泊水域保护线、环湖绿化控制线")
        );
        let t = g.iter().find(|t| t.term == "产业六中心").expect(",即");
        assert_eq!(t.definition.as_deref(), Some("金融中心、商贸流通中心"));
        // 即将 and 立即 are not definitions.
        let g = run("各位代表:\n项目即将开工,立即整改落实到位。");
        assert!(g.iter().all(|t| t.definition.is_none()), "{g:?}");
    }

    #[test]
    fn parenthetical_expansions() {
        let g = run("各位代表:\n三线分别指湖泊水域保护线(湖泊蓝线)和环湖绿化控制线(湖泊绿线)。坚持精明增长(Smart Growth)理念,建设CAZ (Central Activities Zone)。新建示范园区(楼宇)。");
        let t = g
            .iter()
            .find(|t| t.term == "湖泊蓝线")
            .expect("abbreviation");
        assert_eq!(t.definition.as_deref(), Some("湖泊水域保护线"));
        assert!(g.iter().any(|t| t.term == "湖泊绿线"));
        let t = g
            .iter()
            .find(|t| t.term == "精明增长")
            .expect("English name");
        assert_eq!(t.definition.as_deref(), Some("Smart Growth"));
        let t = g.iter().find(|t| t.term == "CAZ").expect("expansion");
        assert_eq!(t.definition.as_deref(), Some("Central Activities Zone"));
        assert!(g.iter().all(|t| t.term != "楼宇"));
    }
}
