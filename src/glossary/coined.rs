//! Coined terms found without any mark: n-grams of the document that recur
//! with free boundaries on both sides (accessor variety ≥ 2, the count form
//! of branching entropy) and hold together (they are not two words that
//! each also occur on their own, the count form of mutual information).

use super::chars::{
    self, is_bad_end, is_bad_start, is_cjk, longest_at, longest_before, CharSet, Words, LEAD_WORDS,
    PROGRAMME_WORDS, TAIL_WORDS,
};
use super::stats::{FxSet, Stats, STATS_CAP};

use super::{Cand, Ctx, Found, Kind, Mark, PairFilter};

/// Chars that make a phrase rather than a term when inside it.
fn is_phrase_char(c: char) -> bool {
    PHRASE_CHARS.contains(c)
}

static PHRASE_CHARS: CharSet =
    CharSet::new("的了着过地得是在和与及或并等把被将对从向于为以之其这那们我你他她它");

/// Chars that do not open a coined term (affixes and heads: 上, 化, 者).
static NOT_COINED_START: CharSet = CharSet::new("上下内外里来去业化性者们员级型式率界态");

/// Chars that do not close a coined term (positions: 上, 中, 外).
static NOT_COINED_END: CharSet = CharSet::new("上下内外里中来去");

/// Heads of place names (江汉区, 武汉市).
static PLACE_HEADS: CharSet = CharSet::new("区市县省州");

/// Heads that name a kind of firm (专精特新**企业**).
#[rustfmt::skip]
static FIRM_WORDS: Words = Words::new(&[
    "企业", "单位",
]);

/// Verbs that take a policy as their object (推广**预征收**模式).
#[rustfmt::skip]
static FRAME_VERBS: Words = Words::new(&[
    "推进", "深化", "实施", "推行", "推广", "开展", "启动", "健全", "构建", "创建", "争创",
    "落实", "完善", "建立", "打造", "探索", "推动", "加快", "建成", "优化", "强化", "坚持",
    "践行", "贯彻",
]);

/// Generic heads that follow a policy (**无废城区**建设, **大城管**机制).
#[rustfmt::skip]
static FRAME_HEADS: Words = Words::new(&[
    "模式", "机制", "建设", "试点", "示范", "理念", "工程", "行动", "改革", "体系", "品牌",
    "工作", "格局", "平台", "计划", "战略", "企业", "活动", "制度", "理论", "思想", "精神",
]);

/// Clause words, generic heads, predicate words and plain words, as one
/// list for [`all_generic`].
static GENERIC_WORDS: Words = Words::union(&[
    &LEAD_WORDS,
    &TAIL_WORDS,
    &chars::PREDICATE_WORDS,
    &chars::PLAIN_WORDS,
]);

/// Is the n-gram made only of clause words, generic heads and plain words
/// (扎实开展, 全面提升)? Words of two to five chars count.
fn all_generic(t: &[char]) -> bool {
    if !t.is_empty() && !chars::may_split(t, &GENERIC_WORDS) {
        return false;
    }
    // reach[i]: the first i chars split into listed words (on the stack for
    // the short n-grams the passes ask about).
    let mut small = [false; 17];
    let mut large = Vec::new();
    let reach: &mut [bool] = if t.len() < small.len() {
        &mut small[..=t.len()]
    } else {
        large.resize(t.len() + 1, false);
        &mut large
    };
    reach[0] = true;
    for i in 0..t.len() {
        if !reach[i] {
            continue;
        }
        for n in chars::words_at(t, i, &GENERIC_WORDS) {
            if (2..=5).contains(&n) {
                reach[i + n] = true;
            }
        }
    }
    reach[t.len()]
}

/// Does every split of the n-gram have a side that rarely occurs without
/// the other (the count form of mutual information)?
fn cohesive(grams: &Stats, t: &[char], count: u32) -> bool {
    // A one-char side is often an affix (大城管, 预征收): not judged here.
    (2..t.len().saturating_sub(1)).all(|k| {
        let (l, r) = t.split_at(k);
        let m = grams.gram_count(l).min(grams.gram_count(r));
        m <= count.saturating_mul(3) / 2 + 1
    })
}

/// The spans of the statistical candidates (see [`framed`] for the last
/// test); `found` are the other passes' candidates, which a statistical
/// find must not merely extend. A candidate recurs, has free boundaries
/// and holds together.
pub fn picks(ctx: &Ctx, found: &[Cand]) -> Vec<(usize, usize)> {
    let f = ctx.f;
    let grams = &ctx.stats;
    // The known forms, and the forms picked so far as they are picked: one
    // set, so that a window is looked up once.
    let mut forms: FxSet<&[char]> = found.iter().map(|c| ctx.folded(c.start, c.end)).collect();
    // The first two chars of the known and picked forms: a window of a
    // candidate that starts with another pair is neither.
    let mut starts = PairFilter::new();
    for t in &forms {
        starts.insert(t);
    }
    let mut picked: Vec<(usize, usize)> = Vec::new();
    let mut seen: FxSet<&[char]> = FxSet::default();
    seen.reserve(grams.free.len());
    for g in &grams.free {
        let (mut s, mut e) = (g.first, g.first + g.len);
        // Opening verbs and generic heads are not part of the term.
        loop {
            let k = longest_at(f, s, &LEAD_WORDS);
            if k > 0 && s + k + 3 <= e {
                s += k;
                continue;
            }
            let k = longest_before(f, e, &TAIL_WORDS).max(longest_before(f, e, &FIRM_WORDS));
            if k > 0 && e - k >= s + 3 {
                e -= k;
                continue;
            }
            break;
        }
        let t = &f[s..e];
        // The tests of `t` alone come before the set of forms seen: a form
        // that fails them fails them wherever it recurs, and most windows
        // fail them, so they are not hashed.
        if t.len() < 3 {
            continue;
        }
        if is_bad_start(t[0])
            || is_bad_end(t[t.len() - 1])
            || chars::is_measure(t[0])
            || chars::is_numeral(t[t.len() - 1])
            || (chars::is_numeral(t[0]) && chars::is_measure(t[1]))
            || NOT_COINED_START.contains(t[0])
            || NOT_COINED_END.contains(t[t.len() - 1])
            || t.iter().any(|&c| is_phrase_char(c))
        {
            continue;
        }
        if chars::is_word(t, &chars::PLAIN_WORDS) || all_generic(t) {
            continue;
        }
        // Derived words (标准化) and phrases that open with a clause word or
        // end with a generic head (开工建设) are plain.
        if t[t.len() - 1] == '化'
            || (t.len() == 3 && PLACE_HEADS.contains(t[2]))
            || longest_at(t, 0, &LEAD_WORDS) >= 2
            || longest_before(t, t.len(), &TAIL_WORDS) > 0
        {
            continue;
        }
        // The first window of a form decides for it (its count is this
        // gram's).
        if !seen.insert(t) {
            continue;
        }
        // `t` is seen for the first time, so it is no picked form: of
        // `forms` it can only be a known one.
        if forms.contains(t) {
            continue;
        }
        // Strings that contain a known or already picked term are not new terms.
        let contains = (0..t.len()).any(|i| {
            let rest = &t[i..];
            starts.may_start(rest)
                && (2..t.len().min(rest.len() + 1)).any(|n| forms.contains(&rest[..n]))
        });
        if contains {
            continue;
        }
        let count = grams.gram_count(t).max(g.count);
        if count < 2 || !cohesive(grams, t, count) {
            continue;
        }
        picked.push((s, e));
        forms.insert(t);
        starts.insert(t);
    }
    picked
}

/// The statistical candidates among the `picks` that stand at least once in
/// a policy frame (after 推进/深化/推广…, or before 模式/机制/建设…);
/// `found` holds the occurrences of their forms.
pub fn framed(ctx: &Ctx, picks: &[(usize, usize)], found: &Found) -> Vec<Cand> {
    let f = ctx.f;
    // Frames are looked for where the statistics were counted.
    let cap = f.len().min(STATS_CAP);
    // `found` may hold later occurrences too: only those within `cap` count.
    let mut out = Vec::new();
    for &(s, e) in picks {
        let form = ctx.folded(s, e);
        let n = form.len();
        let all = found.starts(form);
        let starts = &all[..all.partition_point(|&a| a + n <= cap)];
        let head = longest_before(form, n, &FRAME_HEADS);
        let named = head > 0 && n >= head + 2;
        // The occurrences in a frame, and those whose edges do not cut
        // through a frequent bigram (建设全|面) unless a frame word stands
        // there; each frame word is looked up once.
        let (mut framed, mut clean) = (0, 0);
        for &a in starts {
            let b = a + n;
            let verb = longest_before(f, a, &FRAME_VERBS) > 0;
            let headed = longest_at(f, b, &FRAME_HEADS) > 0;
            framed += usize::from(named || verb || headed);
            let left = a == 0
                || !is_cjk(f[a - 1])
                || verb
                || longest_before(f, a, &LEAD_WORDS) >= 2
                || ctx.stats.count_at(f, a - 1) <= 2;
            let right = b >= f.len()
                || !is_cjk(f[b])
                || headed
                || longest_at(f, b, &TAIL_WORDS) > 0
                || ctx.stats.count_at(f, b - 1) <= 2;
            clean += usize::from(left && right);
        }
        let framed = framed >= starts.len().min(2);
        if framed && clean * 2 >= starts.len() {
            let mut c = Cand::new(s, e, Kind::Coined);
            c.stat = true;
            out.push(c);
        }
    }
    out
}

/// The "chief" systems (河长制, 湖长制, 林长制, 楼长制, 河湖长制): a
/// productive coinage of the genre, a short noun before 长制.
pub fn chief_systems(ctx: &Ctx) -> Vec<Cand> {
    let f = ctx.f;
    let mut out = Vec::new();
    for p in ctx.marks(Mark::Chief).iter().copied() {
        if p < 1 || p + 1 >= f.len() {
            continue;
        }
        if !(f[p + 1] == '制' && is_cjk(f[p - 1])) {
            continue;
        }
        let e = p + 2;
        if let Some(s) = ctx.pick_start(e, 3, 5, 4) {
            out.push(Cand::new(s, e, Kind::Coined));
        }
    }
    out
}

/// Verbs that launch a named programme.
#[rustfmt::skip]
static LAUNCH_VERBS: Words = Words::new(&[
    "开展", "实施", "启动", "推进", "深化", "组织", "举办", "推出", "落实", "推行", "部署",
    "发起",
]);

/// Names of programmes, launched by a verb and closed by 行动, 计划, 工程,
/// 活动 or 战略 (开展拥抱蓝天行动, 实施青桐计划江汉青创行动): ranked with
/// the names of events.
pub fn programmes(ctx: &Ctx) -> Vec<Cand> {
    let f = ctx.f;
    let mut out = Vec::new();
    for p in ctx.marks(Mark::Programme).iter().copied() {
        let k = longest_at(f, p, &PROGRAMME_WORDS);
        if k == 0 || longest_before(f, p, &PROGRAMME_WORDS) > 0 {
            continue;
        }
        let end = p + k;
        if ctx.right_strength(end) < 5.0 {
            continue;
        }
        // The launching verb, at most 9 chars back.
        let Some(v) = (p.saturating_sub(9)..p.saturating_sub(1))
            .rev()
            .find(|&v| longest_before(f, v, &LAUNCH_VERBS) > 0)
        else {
            continue;
        };
        let name = &f[v..p];
        if name.len() < 2
            || !name.iter().all(|&c| is_cjk(c))
            || name.iter().any(|&c| is_phrase_char(c))
            || chars::is_numeral(name[0])
            || all_generic(name)
        {
            continue;
        }
        // Two programmes in a row: split after the inner programme word.
        let inner = (v + 2..p.saturating_sub(1)).find_map(|q| {
            let n = longest_at(f, q, &PROGRAMME_WORDS);
            (n > 0 && q + n < p).then_some(q + n)
        });
        let mut cut = |a: usize, b: usize| {
            let mut c = Cand::new(a, b, Kind::Coined);
            c.minor = true;
            out.push(c);
        };
        match inner {
            Some(q) if q - v >= 4 && p - q >= 2 => {
                cut(v, q);
                cut(q, end);
            }
            _ => cut(v, end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::glossary::tests::run;

    #[test]
    fn recurring_unmarked_terms_are_coined() {
        let g = run("各位代表:\n以理念推动共同缔造,建成共同缔造试点小区22个。创建共同缔造无疫情小区。新增专精特新企业3家,培育专精特新企业。");
        let t: Vec<&str> = g.iter().map(|t| t.term.as_str()).collect();
        assert!(t.contains(&"共同缔造"), "{t:?}");
        let c = g.iter().find(|t| t.term == "共同缔造").expect("coined");
        assert_eq!(c.kind, crate::TermKind::Coined);
        assert_eq!(c.count, 3);
    }

    #[test]
    fn compositions_of_words_are_not_coined() {
        // 城市 and 更新 each occur on their own: 城市更新 is a phrase here.
        let g =
            run("各位代表:\n推进城市更新,城市更新加快。城市管理加强,城市建设,设备更新,系统更新。");
        assert!(g.iter().all(|t| t.term != "城市更新"), "{g:?}");
    }
}
