//! Numeric slogans and formulas, found by their shape whether quoted or not.
//!
//! - Numerals interleaved with short chunks: 一核两纵三区四带, 五控一引,
//!   两学一做, 一中心一特色, 一区多园, 五证合一, 三位一体. Sequences whose
//!   numerals neither stay nor rise (三严三实两学一做) are read as pairs.
//! - A numeral and 个 before an abstract word: 两个确立, 四个意识, 三个年.
//! - A numeral and 大: 三大功能区, 四大商圈.
//! - Five-year plans and their campaigns: 十三五, 七五普法.
//! - 百/千/万名 X 进 Y: 万名干部进万企.
//! - A numeral right before a content char (no measure word between): an
//!   abbreviation, 四上企业, 双创, 三旧改造, 四风.
//! - Numbered rule sets: 八项规定, 十一条禁令.
//! - Formulas with `+`: 1+5+122, 3+N, 互联网+明厨亮灶, 大湖+.
//! - Versions: 行政审批3.0.
//!
//! Plain numeral idioms (一心一意, 千家万户) and quantities (三个方面, 两年)
//! are left out.

use super::chars::{
    self, is_bad_end, is_bad_start, is_cjk, is_measure, is_numeral, numeral_value, word_at,
    CharSet, Words, NUMERAL_IDIOMS, PROGRAMME_WORDS, TAIL_WORDS,
};
use super::stats::{FxMap, FxSet};
use super::{Cand, Ctx, Kind, Mark};

/// Nouns that a numeral and 个 or 大 count (三个方面, 两个阶段): quantities,
/// not slogans.
#[rustfmt::skip]
static COUNT_NOUNS: Words = Words::new(&[
    "方面", "阶段", "项目", "百分点", "小时", "月", "季度", "区", "街道", "社区", "单位",
    "部门", "层次", "环节", "领域", "重点", "问题", "片区", "园区", "国家", "城市", "地区",
    "年度", "批次", "工作日", "多", "亿", "万", "以上", "左右", "类", "板块", "步骤", "步",
    "部分", "层面", "维度", "方向", "人", "村", "镇", "县", "市", "省", "家", "所", "点",
    "节点", "产业", "行业", "企业", "平台", "中心", "基地", "集团", "公司", "学校", "医院",
    "小区", "楼", "栋", "户", "级别", "等级", "档次", "品种",
]);

/// Words that a numbered rule set ends with (八项规定, 六条意见).
#[rustfmt::skip]
static RULE_WORDS: Words = Words::new(&[
    "规定", "意见", "禁令", "措施", "承诺", "原则", "要求", "准则", "纪律", "禁止", "举措",
    "红线", "底线", "铁律",
]);

/// Chars that make a word with a following 一 (统一, 唯一, 进一步).
fn joins_yi(c: char) -> bool {
    JOINS_YI.contains(c)
}

static JOINS_YI: CharSet = CharSet::new("统唯进之第万同单划专归合逐如不任某哪每另其年");

/// Time and measure words that make a quantity after a numeral (三年, 两个).
static QUANTITY_AFTER_NUMERAL: CharSet = CharSet::new("年月日天次个时分秒周代辈生世样些项条");

/// Administrative levels (国、省、市): a list of them is not a slogan.
static LEVELS: CharSet = CharSet::new("国省市区县镇乡村街组户社部委");

/// Units after a version-like number that make it a quantity (3.0%).
static VERSION_UNITS: CharSet = CharSet::new("%‰万亿元个倍米吨亩人户家项座");

/// Verbs and comparisons before a number that make it a quantity (增长3.0).
static BEFORE_QUANTITY: CharSet = CharSet::new("长降到高为是占约近超达至比增减");

/// May a numeral at `i` open a slogan?
fn can_open(f: &[char], i: usize) -> bool {
    let Some(&c) = f.get(i) else { return false };
    if !is_numeral(c) {
        return false;
    }
    match i.checked_sub(1).map(|j| f[j]) {
        None => c != '二',
        Some(p) => {
            c != '二'
                && !(is_numeral(p)
                    || p.is_ascii_digit()
                    || matches!(p, '第' | '.' | '〇' | '零' | '几' | '每'))
                && !(c == '一' && joins_yi(p))
        }
    }
}

/// True when `t` starts with a plain numeral idiom (一心一意…); looked up in
/// the list's index by first char, without building the words again.
fn is_idiom(t: &[char]) -> bool {
    chars::longest_at(t, 0, &NUMERAL_IDIOMS) > 0
}

/// Cuts a programme word (行动, 计划) or generic head from the end of a slogan
/// when at least `keep` chars stay.
fn cut_tail(f: &[char], s: usize, mut e: usize, keep: usize) -> usize {
    loop {
        let k = chars::longest_before(f, e, &TAIL_WORDS);
        if k > 0 && e - k >= s + keep {
            e -= k;
            continue;
        }
        // A programme word inside or at the end, after a full slogan.
        if let Some(p) = (s + 4..e).find(|&p| PROGRAMME_WORDS.iter().any(|w| word_at(f, p, w))) {
            e = p;
            continue;
        }
        return e;
    }
}

/// A numeral-interleaved slogan starting at `i`: adds to `out` the (start,
/// end) of each slogan found (several when the sequence is read as pairs).
/// `groups` is a buffer reused from call to call (most numerals start no
/// slogan, and each call would otherwise allocate).
fn interleaved(
    ctx: &Ctx,
    i: usize,
    groups: &mut Vec<(usize, usize, usize)>,
    out: &mut Vec<(usize, usize)>,
) {
    let f = ctx.f;
    // (numeral position, chunk start, chunk end)
    groups.clear();
    let mut closed = false;
    let mut j = i;
    while j < f.len() && groups.len() < 8 {
        let c = f[j];
        let after_yi = groups.last().is_some_and(|g| f[g.0] == '一');
        if !(is_numeral(c) || (after_yi && c == '多')) {
            break;
        }
        let cs = j + 1;
        let mut k = cs;
        while k < f.len()
            && k - cs < 4
            && is_cjk(f[k])
            && !is_numeral(f[k])
            && f[k] != '多'
            && !is_bad_start(f[k])
        {
            k += 1;
        }
        if k == cs {
            break;
        }
        groups.push((j, cs, k));
        // 五证合一, 三位一体: the closing 一 ends the slogan.
        if c == '一' && groups.len() >= 2 {
            if f.get(j - 1) == Some(&'合') {
                if let Some(g) = groups.last_mut() {
                    g.2 = cs;
                }
                closed = true;
                break;
            }
            if f.get(cs) == Some(&'体') {
                if let Some(g) = groups.last_mut() {
                    g.2 = cs + 1;
                }
                closed = true;
                break;
            }
        }
        if k < f.len() && k - cs <= 3 && (is_numeral(f[k]) || (c == '一' && f[k] == '多')) {
            j = k;
            continue;
        }
        break;
    }
    if groups.len() < 2 {
        return;
    }
    // A time or measure word after the first numeral makes a quantity.
    if QUANTITY_AFTER_NUMERAL.contains(f[groups[0].1]) {
        return;
    }
    let value = |g: &(usize, usize, usize)| {
        if f[g.0] == '多' {
            u32::MAX
        } else {
            numeral_value(f[g.0])
        }
    };
    let steady = groups.iter().all(|g| value(g) != 0)
        && groups.windows(2).all(|w| {
            let (a, b) = (value(&w[0]), value(&w[1]));
            b == u32::MAX || a == u32::MAX || b >= a
        });
    // One run of all the groups, or pairs of them.
    let step = if steady { groups.len() } else { 2 };
    let final_numeral = groups[groups.len() - 1].0;
    for run in groups.chunks(step).filter(|c| c.len() == step) {
        let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
            continue;
        };
        let prior = first.2 - first.1;
        let end = if last.0 == final_numeral && !closed {
            ctx.pick_end(last.1, 1, 3, prior, 3.0).unwrap_or(last.2)
        } else {
            last.2
        };
        let end = cut_tail(f, first.0, end, 4);
        let t = ctx.folded(first.0, end);
        if t.len() >= 3 && !is_idiom(t) {
            out.push((first.0, end));
        }
    }
}

/// True when the chars from `s` start a word of `list`.
fn starts_with_any(f: &[char], s: usize, list: &Words) -> bool {
    chars::longest_at(f, s, list) > 0
}

/// Numeric slogans, formulas and versions.
pub fn slogans(ctx: &Ctx) -> Vec<Cand> {
    let f = ctx.f;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut covered = 0usize;
    // The buffer of `interleaved`.
    let mut groups = Vec::new();
    for i in ctx.marks(Mark::Numeral).iter().copied() {
        if i < covered || !can_open(f, i) {
            continue;
        }
        let c = f[i];
        let next = f.get(i + 1).copied().unwrap_or(' ');
        // 十三五, 七五普法.
        if c == '十'
            && (1..10).contains(&numeral_value(next))
            && f.get(i + 2) == Some(&'五')
            && !f
                .get(i + 3)
                .is_some_and(|&d| is_numeral(d) || d.is_ascii_digit())
        {
            spans.push((i, i + 3));
            covered = i + 3;
            continue;
        }
        if numeral_value(c) > 0
            && numeral_value(c) < 10
            && next == '五'
            && word_at(f, i + 2, "普法")
        {
            spans.push((i, i + 4));
            covered = i + 4;
            continue;
        }
        // 万名干部进万企.
        if matches!(c, '百' | '千' | '万') && next == '名' {
            if let Some(k) = (i + 4..=i + 5).find(|&k| f.get(k) == Some(&'进')) {
                if f[i + 2..k].iter().all(|&c| is_cjk(c)) {
                    if let Some(e) = ctx.pick_end(k + 1, 1, 4, 2, 1.5) {
                        let e = cut_tail(f, i, e, 6);
                        spans.push((i, e));
                        covered = e;
                    }
                }
            }
            continue;
        }
        // Numbered rule sets: 八项规定, 十一条禁令.
        let num_len = if c == '十' && numeral_value(next) > 0 && numeral_value(next) < 10 {
            2
        } else {
            1
        };
        if numeral_value(c) >= 2 {
            let m = i + num_len;
            if matches!(f.get(m), Some('条' | '项')) && starts_with_any(f, m + 1, &RULE_WORDS) {
                let e = m + 1 + chars::longest_at(f, m + 1, &RULE_WORDS);
                if ctx.right_strength(e) >= 5.0 {
                    spans.push((i, e));
                    covered = e;
                }
                continue;
            }
        }
        // 两个确立, 四个意识.
        if numeral_value(c) >= 2 && f.get(i + num_len) == Some(&'个') {
            let s = i + num_len + 1;
            if !f.get(s).is_some_and(|&d| is_cjk(d) && !is_bad_start(d))
                || starts_with_any(f, s, &COUNT_NOUNS)
            {
                continue;
            }
            if let Some(e) = ctx.pick_end(s, 1, 5, 2, 1.0) {
                let e = cut_tail(f, i, e, num_len + 2);
                let one = e == s + 1;
                let framed = ["建设", "工作", "活动"].iter().any(|w| word_at(f, e, w));
                if ctx.right_strength(e) >= 1.5 && (!one || framed) {
                    spans.push((i, e));
                    covered = e;
                }
            }
            continue;
        }
        // 三大功能区.
        if (numeral_value(c) >= 2 || c == '百') && next == '大' && num_len == 1 {
            let s = i + 2;
            if starts_with_any(f, s, &COUNT_NOUNS)
                || !f.get(s).is_some_and(|&d| is_cjk(d) && !is_bad_start(d))
            {
                continue;
            }
            if let Some(e) = ctx.pick_end(s, 2, 5, 3, 1.0) {
                if ctx.right_strength(e) >= 1.5 {
                    spans.push((i, e));
                    covered = e;
                }
            }
            continue;
        }
        // Interleaved numerals.
        let before = spans.len();
        interleaved(ctx, i, &mut groups, &mut spans);
        if let Some(end) = spans
            .get(before..)
            .and_then(|s| s.iter().map(|s| s.1).max())
        {
            covered = end;
            continue;
        }
        // A numeral right before a content char: 四上企业, 双创, 三旧改造;
        // 一 only in a closed phrase of three to five chars (一网统管).
        if matches!(c, '二' | '万' | '百' | '千')
            || !is_cjk(next)
            || is_numeral(next)
            || (is_measure(next) && c != '双')
            || chars::is_place_char(next)
            || is_bad_start(next)
            || next == '大'
            || starts_with_any(f, i + 1, &COUNT_NOUNS)
        {
            continue;
        }
        let bigram = [c, next];
        if chars::is_word(&bigram, &chars::PLAIN_WORDS) || is_idiom(&bigram) {
            continue;
        }
        if c == '一' {
            if chars::is_plain_after_yi(next) {
                continue;
            }
            if let Some(e) = ctx.pick_end(i, 4, 5, 4, 0.7) {
                if ctx.right_strength(e) >= 5.0 && !is_idiom(ctx.folded(i, e)) {
                    spans.push((i, e));
                    covered = e;
                }
            }
            continue;
        }
        if let Some(e) = ctx.pick_end(i, 2, 6, 3, 1.0) {
            let e = cut_tail(f, i, e, 2);
            let strong = ctx.right_strength(e) >= 5.0;
            let place = e - i >= 3 && chars::is_place_char(f[e - 1]);
            if (e - i >= 3 || strong) && !place {
                spans.push((i, e));
                covered = e;
            }
        }
    }
    let spans = trim_to_shorter(f, spans);
    let mut spans = spans;
    spans.extend(formulas(ctx));
    spans.extend(versions(ctx));
    spans.extend(char_lists(ctx));
    let mut seen: FxSet<(usize, usize)> = FxSet::default();
    spans
        .into_iter()
        .filter(|&(s, e)| e > s + 1 && seen.insert((s, e)))
        .map(|(s, e)| Cand::new(s, e, Kind::Slogan))
        .collect()
}

/// A slogan cut one or two chars longer than the same slogan elsewhere
/// (三旧改造作 beside 三旧改造) takes the shorter cut.
fn trim_to_shorter(f: &[char], spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let forms: FxSet<&[char]> = spans.iter().map(|&(s, e)| &f[s..e]).collect();
    spans
        .iter()
        .map(|&(s, e)| {
            for cut in 1..=2 {
                if e - s > cut + 2 && forms.contains(&f[s..e - cut]) {
                    return (s, e - cut);
                }
            }
            (s, e)
        })
        .collect()
}

/// Lists of single chars joined by 、 (放、管、服): an abbreviated slogan.
fn char_lists(ctx: &Ctx) -> Vec<(usize, usize)> {
    let f = ctx.f;
    let mut out = Vec::new();
    // The first 、 not inside a list already found.
    let mut next = 1;
    for i in ctx.marks(Mark::Enumeration).iter().copied() {
        if i < next {
            continue;
        }
        if i + 3 >= f.len() {
            break;
        }
        // f[i] is a 、 with one CJK char before it and one CJK char and a 、 after.
        if is_cjk(f[i - 1]) && is_cjk(f[i + 1]) && f[i + 2] == '、' {
            let s = i - 1;
            // The first item must not be the tail of a word (国家、省、市).
            let free = s == 0
                || !is_cjk(f[s - 1])
                || is_bad_end(f[s - 1])
                || chars::longest_before(f, s, &chars::LEAD_WORDS) >= 2;
            if !free {
                continue;
            }
            let mut e = i + 2;
            while e + 1 < f.len() && f[e] == '、' && is_cjk(f[e + 1]) && f.get(e + 2) == Some(&'、')
            {
                e += 2;
            }
            // e is at the last 、; the last item is one char.
            if e + 1 < f.len() && is_cjk(f[e + 1]) {
                let end = e + 2;
                let items = || f[s..end].iter().filter(|&&c| c != '、');
                let levels = items().all(|&c| LEVELS.contains(c));
                if !levels && !items().any(|&c| is_bad_start(c)) {
                    out.push((s, end));
                }
                next = end;
            }
        }
    }
    out
}

/// A run of ASCII letters and digits ending at `e`.
fn ascii_run_before(f: &[char], e: usize) -> usize {
    let mut s = e;
    while s > 0 && e - s < 6 && f[s - 1].is_ascii_alphanumeric() {
        s -= 1;
    }
    s
}

fn ascii_run_after(f: &[char], s: usize) -> usize {
    let mut e = s;
    while e < f.len() && e - s < 6 && f[e].is_ascii_alphanumeric() {
        e += 1;
    }
    e
}

fn cjk_run_after(f: &[char], s: usize, max: usize) -> usize {
    let mut e = s;
    while e < f.len() && e - s < max && is_cjk(f[e]) {
        e += 1;
    }
    e
}

/// Formulas joined by `+`: 1+5+122, 3+N, 科技+金融, 互联网+明厨亮灶, 大湖+;
/// and X+ itself when it heads two or more formulas (互联网+).
fn formulas(ctx: &Ctx) -> Vec<(usize, usize)> {
    let f = ctx.f;
    let mut out = Vec::new();
    let mut heads: FxMap<Vec<char>, (usize, FxSet<Vec<char>>)> = FxMap::default();
    // The first position after the last formula found.
    let mut next = 0;
    for p in ctx.marks(Mark::Plus).iter().copied() {
        if p < next || p == 0 {
            continue;
        }
        let prev = f[p - 1];
        // The first operand.
        let (s, first_len, ascii) = if prev.is_ascii_alphanumeric() {
            let s = ascii_run_before(f, p);
            (s, p - s, true)
        } else if is_cjk(prev) {
            match ctx.pick_start(p, 1, 4, 3) {
                Some(s) => (s, p - s, false),
                None => continue,
            }
        } else {
            continue;
        };
        // Further operands.
        let mut e = p + 1;
        let mut operands = 1;
        let mut has_letter = f[s..p]
            .iter()
            .any(|c| c.is_ascii_alphabetic() || is_cjk(*c));
        loop {
            let q = e;
            let Some(&c) = f.get(q) else { break };
            let end = if c.is_ascii_alphanumeric() {
                ascii_run_after(f, q)
            } else if is_cjk(c) {
                if f.get(cjk_run_after(f, q, 8)) == Some(&'+') {
                    cjk_run_after(f, q, 8)
                } else {
                    let weight = if operands >= 2 { 3.0 } else { 1.5 };
                    ctx.pick_end(q, 1, 6, first_len.max(2), weight).unwrap_or(q)
                }
            } else {
                q
            };
            if end == q {
                break;
            }
            has_letter |= f[q..end]
                .iter()
                .any(|c| c.is_ascii_alphabetic() || is_cjk(*c));
            operands += 1;
            e = end;
            if f.get(e) == Some(&'+') {
                e += 1;
                continue;
            }
            break;
        }
        let trailing_plus = f.get(e - 1) == Some(&'+');
        let ok = if ascii && !has_letter {
            operands >= 3
        } else {
            operands >= 2 || trailing_plus
        };
        if ok && e - s >= 3 {
            out.push((s, e));
            if !ascii && operands >= 2 {
                let head = f[s..=p].to_vec();
                let tail = f[p + 1..e].to_vec();
                let h = heads.entry(head).or_insert((s, FxSet::default()));
                h.1.insert(tail);
            }
        }
        next = e.max(p + 1);
    }
    for (_, (s, tails)) in heads {
        if tails.len() >= 2 {
            let p = s + f[s..].iter().position(|&c| c == '+').unwrap_or(0);
            out.push((s, p + 1));
        }
    }
    out
}

/// Versions of a reform: 行政审批3.0, 工业4.0.
fn versions(ctx: &Ctx) -> Vec<(usize, usize)> {
    let f = ctx.f;
    let mut out = Vec::new();
    // p is the digit before the dot.
    for p in ctx
        .marks(Mark::Dot)
        .iter()
        .copied()
        .filter_map(|d| d.checked_sub(1))
    {
        if p < 1 || p + 2 >= f.len() {
            continue;
        }
        if !(f[p].is_ascii_digit() && f[p + 1] == '.' && f[p + 2] == '0' && is_cjk(f[p - 1])) {
            continue;
        }
        if f.get(p + 3)
            .is_some_and(|&c| c.is_ascii_digit() || VERSION_UNITS.contains(c))
        {
            continue;
        }
        if BEFORE_QUANTITY.contains(f[p - 1]) {
            continue;
        }
        if let Some(s) = ctx.pick_start(p, 2, 6, 4) {
            out.push((s, p + 3));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::glossary::tests::run;

    fn slogans(text: &str) -> Vec<String> {
        run(text)
            .into_iter()
            .filter(|t| t.kind == crate::TermKind::Slogan)
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn interleaved_numerals() {
        let t = slogans("各位代表:\n做实一核两纵三区四带空间骨架。强化财源建设五控一引19家。双招双引深入推进。深入开展三严三实两学一做教育。推进五证合一登记制度,健全三位一体招商模式。提高一感一度一率一评价稳步提升。");
        for w in [
            "一核两纵三区四带",
            "五控一引",
            "双招双引",
            "三严三实",
            "两学一做",
            "五证合一",
            "三位一体",
            "一感一度一率一评价",
        ] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
        assert!(!t.iter().any(|w| w.starts_with("两纵")), "{t:?}");
    }

    #[test]
    fn numeral_idioms_and_quantities_are_not_slogans() {
        let t = slogans("各位代表:\n我们一心一意为民,走进千家万户,抓好三个方面,用两年时间完成一批项目。统一思想,进一步加强。");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn counted_abstractions_and_plans() {
        let t = slogans("各位代表:\n忠诚拥护两个确立、坚决做到两个维护。增强四个意识。实现十三五良好开局,推进七五普法。提升三大功能区发展能级,推动经济发展。深入开展万名干部进万企活动。落实八项规定,遵守十一条禁令。");
        for w in [
            "两个确立",
            "两个维护",
            "四个意识",
            "十三五",
            "七五普法",
            "三大功能区",
            "万名干部进万企",
            "八项规定",
            "十一条禁令",
        ] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
    }

    #[test]
    fn numeral_abbreviations() {
        let t = slogans("各位代表:\n新增四上企业133家。加快国家双创示范基地建设。驰而不息纠四风、树新风。实施城区三旧改造、菜市场布局。");
        for w in ["四上企业", "双创", "四风", "三旧改造"] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
    }

    #[test]
    fn formulas_and_versions() {
        let t = slogans("各位代表:\n推进社区工作者“1+5+122”导师帮带制,“1+N”审计模式,公办学校互联网+明厨亮灶覆盖面100%,构建互联网+房管平台,坚持清单制+责任制+销号制调度。深入推进行政审批3.0改革。增长3.0%。");
        for w in [
            "1+5+122",
            "1+N",
            "互联网+明厨亮灶",
            "清单制+责任制+销号制",
            "互联网+",
            "行政审批3.0",
        ] {
            assert!(t.contains(&w.to_string()), "{w} in {t:?}");
        }
        assert!(
            !t.iter().any(|w| w.contains("3.0%") || w == "增长3.0"),
            "{t:?}"
        );
    }
}
