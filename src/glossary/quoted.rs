//! Terms in quote marks, including marks whose partner was lost in scraping.
//!
//! Within a line, “…” 「…」 『…』 ‘…’ (and ASCII "…" when the line has an even
//! number of them) are paired. A pair around a short phrase is a term; a list
//! inside one pair (“一网通办、一网统管”) gives one term per item, unless the
//! items are single chars (“放、管、服”) or the two halves of one slogan
//! (“一门受理、协同办理”). A closing mark without an opening one ends a term
//! (个改企”1391家): its start is where the clause's opening words end or where
//! the document's statistics put a word boundary. An opening mark without a
//! closing one starts a term whose end is found the same way, with the length
//! of a twin just before it (市场准营即入”“胜诉即退费) as a guide.

use super::chars::{self, closing_quote, is_cjk, is_close_quote};
use super::{Cand, Ctx, Kind, Mark};

/// Longest quoted phrase taken as a term, in chars.
const MAX_QUOTED: usize = 24;

/// Is the phrase a name of an event, award, campaign or title rather than a
/// policy term?
fn is_event(t: &[char]) -> bool {
    let year = t.windows(4).any(|w| {
        (w[0] == '1' && w[1] == '9' || w[0] == '2' && w[1] == '0')
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    });
    t.iter().any(|&c| matches!(c, '·' | '•' | '!' | '?'))
        || t.len() > 10
        || year
        || t.windows(2).any(|w| w == ['年', '度'])
        || EVENT_ENDS.iter().any(|e| t.ends_with(e))
}

/// The last words of names of events, awards and titles, as chars (the
/// phrase is compared as it stands, without a `String`).
#[rustfmt::skip]
const EVENT_ENDS: &[&[char]] = &[
    &['奖'], &['赛'], &['节'], &['周'], &['展'], &['会'], &['杯'], &['演'], &['讲'], &['啦'],
    &['夏'], &['论', '坛'], &['晚', '会'], &['大', '会'], &['比', '赛'],
];

/// The terms of one quoted phrase `[a, b)`: itself or the items of its list.
/// `parts` is a buffer for the items, reused across phrases.
fn phrase(ctx: &Ctx, a: usize, b: usize, parts: &mut Vec<(usize, usize)>, out: &mut Vec<Cand>) {
    let t = ctx.folded(a, b);
    let lead = t.iter().take_while(|c| c.is_whitespace()).count();
    let trail = t.iter().rev().take_while(|c| c.is_whitespace()).count();
    if lead + trail >= t.len() {
        return;
    }
    let (a, b) = (a + lead, b - trail);
    let t = ctx.folded(a, b);
    if t.len() > MAX_QUOTED || !t.iter().any(|&c| is_cjk(c) || c.is_ascii_alphanumeric()) {
        return;
    }
    let minor = is_event(t);
    // Items of a list.
    parts.clear();
    let mut s = a;
    for (k, &c) in t.iter().enumerate() {
        if c == '、' {
            parts.push((s, a + k));
            s = a + k + 1;
        }
    }
    parts.push((s, b));
    let whole = if parts.len() < 2 || parts.iter().any(|&(x, y)| y <= x) {
        true
    } else {
        // The first item's length and first char, to compare the others to.
        let (len0, first0) = parts.first().map_or((0, ' '), |&(x, y)| (y - x, ctx.f[x]));
        let shared_first = parts.iter().all(|&(x, _)| ctx.f[x] == first0);
        // Clauses (房子是用来住的、不是用来炒的) are one slogan.
        let clauses = parts.iter().any(|&(x, y)| {
            ctx.f[x..y]
                .iter()
                .any(|&c| matches!(c, '的' | '是' | '了' | '不' | '要' | '就'))
        });
        if parts.iter().all(|&(x, y)| y - x == 1) || clauses {
            true
        } else if shared_first {
            false
        } else {
            parts.iter().all(|&(x, y)| y - x == len0)
        }
    };
    let mut push = |x: usize, y: usize| {
        let mut c = Cand::new(x, y, Kind::Quoted);
        c.minor = minor;
        out.push(c);
    };
    if whole {
        push(a, b);
    } else {
        for &(x, y) in parts.iter() {
            push(x, y);
        }
    }
}

/// Quoted terms and terms bounded by a lone quote mark.
pub fn quoted(ctx: &Ctx) -> Vec<Cand> {
    let f = ctx.f;
    let mut out = Vec::new();
    // The quote marks of the text, ascending; `q` is the first of the line.
    let marks = ctx.marks(Mark::Quote);
    let mut q = 0;
    // Open marks of the line: (closing mark, position).
    let mut stack: Vec<(char, usize)> = Vec::new();
    // Lone marks of the line, in order: (position, is_close).
    let mut lone: Vec<(usize, bool)> = Vec::new();
    // The buffer of `phrase`.
    let mut parts = Vec::new();
    for line in &ctx.doc.lines {
        let (a, b) = (line.start, line.end().min(f.len()));
        if a >= b {
            continue;
        }
        while marks.get(q).is_some_and(|&i| i < a) {
            q += 1;
        }
        let mut r = q;
        while marks.get(r).is_some_and(|&i| i < b) {
            r += 1;
        }
        let in_line = marks.get(q..r).unwrap_or(&[]);
        if in_line.is_empty() {
            continue;
        }
        let dq = in_line.iter().filter(|&&i| f[i] == '"').count();
        let use_dq = dq > 0 && dq % 2 == 0;
        let mut dq_open: Option<usize> = None;
        stack.clear();
        lone.clear();
        for &i in in_line {
            let c = f[i];
            if let Some(cl) = closing_quote(c) {
                if stack.len() < 8 {
                    stack.push((cl, i));
                } else {
                    lone.push((i, false));
                }
                continue;
            }
            if use_dq && c == '"' {
                match dq_open.take() {
                    Some(o) => phrase(ctx, o + 1, i, &mut parts, &mut out),
                    None => dq_open = Some(i),
                }
                continue;
            }
            if !is_close_quote(c) {
                continue;
            }
            match stack.iter().rposition(|&(cl, _)| cl == c) {
                Some(pos) => {
                    let o = stack[pos].1;
                    lone.extend(stack[pos + 1..].iter().map(|&(_, p)| (p, false)));
                    stack.truncate(pos);
                    let inner = &f[o + 1..i];
                    let sentence = inner.iter().any(|&c| matches!(c, '。' | '!' | '?' | ';'));
                    if sentence {
                        lone.push((o, false));
                        lone.push((i, true));
                    } else if inner.len() <= 30 {
                        phrase(ctx, o + 1, i, &mut parts, &mut out);
                    }
                }
                None => lone.push((i, true)),
            }
        }
        lone.extend(stack.iter().map(|&(_, p)| (p, false)));
        crate::sort::by(&mut lone, Ord::cmp);
        let mut last_end: Option<(usize, usize)> = None;
        for &(p, is_close) in &lone {
            if is_close {
                if p == 0 || !f.get(p - 1).is_some_and(|&c| is_cjk(c) || c == '+') {
                    continue;
                }
                if let Some(s) = ctx.pick_start(p, 2, 10, 4) {
                    out.push(Cand::new(s, p, Kind::Quoted));
                    last_end = Some((p, p - s));
                }
            } else {
                let s = p + 1;
                if !f.get(s).is_some_and(|&c| is_cjk(c)) {
                    continue;
                }
                let prior = match last_end {
                    Some((e, len)) if e + 1 == p => len,
                    _ => 4,
                };
                let weight = if prior == 4 { 0.4 } else { 1.0 };
                if let Some(e) = ctx.pick_end(s, 2, 10, prior, weight) {
                    out.push(Cand::new(s, e, Kind::Quoted));
                }
            }
        }
    }
    out.retain(|c| {
        let t = ctx.folded(c.start, c.end);
        !t.is_empty() && !chars::is_word(t, &chars::PLAIN_WORDS)
    });
    out
}

#[cfg(test)]
mod tests {
    use crate::glossary::tests::run;

    fn terms(text: &str) -> Vec<String> {
        run(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn quoted_terms_in_every_style() {
        let t = terms("各位代表:\n深化“放管服”改革,推行「一窗通办」和『楼长制』,落实‘三助一护’。");
        for w in ["放管服", "一窗通办", "楼长制", "三助一护"] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
    }

    #[test]
    fn lists_inside_one_pair() {
        let t = terms("各位代表:\n实现“一网通办、一网统管”,推进“碳达峰、碳中和”,落实“清、减、降”,构建“一门受理、协同办理”机制,推进“校区、园区、社区”融合。");
        for w in [
            "一网通办",
            "一网统管",
            "碳达峰",
            "碳中和",
            "清、减、降",
            "一门受理、协同办理",
            "校区、园区、社区",
        ] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
        assert!(!t.contains(&"一网通办、一网统管".to_string()));
        assert!(!t.contains(&"社区".to_string()));
    }

    #[test]
    fn lone_closing_marks_bound_a_term() {
        let t = terms("各位代表:\n新增企业133家,个改企”1391家。发放首批硚汇卡”156张,拓展硚汇卡服务范围。打造完整社区”1-2个。");
        for w in ["个改企", "硚汇卡", "完整社区"] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
    }

    #[test]
    fn lone_opening_marks_after_a_twin() {
        let t = terms("各位代表:\n获评优异城区,市场准营即入”“胜诉即退费入选全省先行区。69人入选人才计划。积极推动小升高”“规转高,新增企业4家。用真金白银”“真情实意呵护好营商环境。");
        for w in [
            "市场准营即入",
            "胜诉即退费",
            "小升高",
            "规转高",
            "真金白银",
            "真情实意",
        ] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
    }

    #[test]
    fn events_rank_below_policy_terms() {
        let g = run("各位代表:\n举办“武汉之夏”“奋斗百年路·放歌新征程”活动,推进“放管服”改革。");
        let pos = |w: &str| g.iter().position(|t| t.term == w).unwrap_or(usize::MAX);
        assert!(pos("放管服") < pos("武汉之夏"));
        assert!(pos("武汉之夏") != usize::MAX);
        assert!(pos("奋斗百年路·放歌新征程") != usize::MAX);
    }
}
