//! Char classes and the small word lists the glossary passes share.
//!
//! Every list here is general knowledge of the genre (function words, the
//! verbs that open a clause of a work report, the generic heads that follow
//! a named policy, measure words), never terms taken from a particular report.
//! All lists are in folded (simplified) form: the passes match on
//! [`crate::doc::Doc::folded`].

use std::sync::OnceLock;

use super::stats::FxMap;

/// A CJK ideograph (the chars terms are made of).
pub use crate::script::is_han as is_cjk;

/// A Chinese numeral that can open or punctuate a numeric slogan
/// (一核两纵, 双招双引, 万名干部进万企).
pub fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '两'
            | '双'
            | '百'
            | '千'
            | '万'
    )
}

/// The value of a numeral (双 = 2); 0 for 百/千/万.
pub fn numeral_value(c: char) -> u32 {
    match c {
        '双' => 2,
        '十' => 10,
        _ => crate::numbers::cn_digit(c)
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(0),
    }
}

/// Opening quote marks and the marks that close them.
pub fn closing_quote(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '‘' => Some('’'),
        _ => None,
    }
}

/// A closing quote mark.
pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '’')
}

/// Punctuation and separators inside a quoted phrase that the scorer and a
/// reader ignore when comparing terms.
pub fn is_punct(c: char) -> bool {
    // CJK first: `is_alphanumeric` looks CJK chars up in Unicode's tables.
    !(is_cjk(c) || c == '+' || c.is_alphanumeric())
}

/// Measure words and other chars that, right after a numeral, make a
/// quantity (三个, 两年, 五项, 十分) rather than an abbreviation (三旧, 双创).
pub fn is_measure(c: char) -> bool {
    MEASURES.contains(c)
}

static MEASURES: CharSet = CharSet::new("个项条名位人户家所座栋幢间套台辆艘架部本册份件张块批类种级层届次轮期年月日天周季时分秒倍成亿万千百十元角米里亩吨斤方点处支只头口股笔场段节章些样般致切起直定律同道旦举度手再齐贯如系侧边面旁向重赢胞亲余多来几足全星维角餐姓货强峡川亚明堰州岸翼半倍号楼室栏篇首句字票台圈岁代辈生世");

/// Chars that never open a term found without quote marks.
pub fn is_bad_start(c: char) -> bool {
    BAD_STARTS.contains(c)
}

static BAD_STARTS: CharSet = CharSet::new(
    "的了和与及或等是对把将被从于并且而也都还就又再着过其之所该此这那每各在为向由以让使给到指",
);

/// Chars that never close a term found without quote marks.
pub fn is_bad_end(c: char) -> bool {
    BAD_ENDS.contains(c)
}

static BAD_ENDS: CharSet = CharSet::new(
    "的了和与及或等是对把将被从于并且而也都还就又再着过其之所该此这那每各在为向由以让使给到得地",
);

/// Words that open a clause of a work report before the thing it is about:
/// verbs of doing, adverbs, determiners. Stripped from the left of a term
/// whose left edge is not marked.
#[rustfmt::skip]
pub static LEAD_WORDS: Words = Words::new(&[
    "进一步", "深入推进", "加快推进", "大力推进", "全面推进", "持续推进", "扎实推进",
    "深入实施", "大力实施", "全面实施", "加快实施", "积极推进", "深入开展", "大力开展",
    "全面开展", "不断", "持续", "积极", "全面", "深入", "扎实", "切实", "全力", "大力", "着力",
    "努力", "继续", "加快", "加强", "强化", "深化", "推进", "推动", "推行", "推广", "实施",
    "开展", "启动", "落实", "完善", "健全", "构建", "建立", "建设", "建成", "新建", "创建",
    "打造", "实现", "坚持", "抓好", "抓细", "抓实", "用好", "运用", "运用好", "做好", "做实",
    "做强", "做优", "提升", "提高", "优化", "拓展", "探索", "争创", "获评", "入选", "成为",
    "形成", "完成", "组织", "举办", "发放", "新增", "首批", "一批", "新一批", "全市首个",
    "全省首个", "首个", "首家", "一体", "纵深", "稳步", "有序", "率先", "先行", "创新", "发挥",
    "增强", "坚定", "做到", "拥护", "领悟", "树立", "把握", "围绕", "聚焦", "依托", "结合",
    "按照", "对照", "通过", "利用", "借助", "支持", "鼓励", "引导", "促进", "保障", "确保",
    "筹备", "承办", "参与", "开通", "上线", "投用", "建好", "用", "以", "把", "将", "对", "在",
    "为", "向", "从", "按", "由", "被", "让", "使", "给", "与", "和", "及", "同", "跟", "纠",
    "抓", "搞", "我区", "我市", "我省", "我们", "全区", "全市", "全省", "要", "已", "并", "还",
    "又", "再", "均",
]);

/// Generic heads that follow a named policy (共同缔造**试点**, 大城管**工作机制**,
/// 五共**理念**); stripped from the right of a term whose right edge is not
/// marked.
#[rustfmt::skip]
pub static TAIL_WORDS: Words = Words::new(&[
    "建设", "工作", "机制", "模式", "体系", "理念", "示范", "试点", "活动", "改革", "目标",
    "要求", "平台", "格局", "水平", "能力", "作用", "宣传", "提升", "推进", "措施", "任务",
    "举措", "成效", "方向", "领域", "决策", "实践", "总体", "整体", "全面", "深入", "稳步",
    "不断", "持续", "进一步", "加快", "取得", "实现", "达到", "覆盖", "开展", "落实", "应用",
    "场景", "基地", "项目", "专项", "行动计划",
]);

/// Words naming a programme: part of a name when what they follow is short
/// (三名工程, 一微克行动), a generic head after a full slogan (三水攻坚行动计划).
pub static PROGRAMME_WORDS: Words =
    Words::new(&["行动计划", "行动", "计划", "工程", "战略", "活动"]);

/// Words that start a predicate: a strong right boundary for a term
/// (双招双引**深入推进**, 两带三园**全线贯通**).
#[rustfmt::skip]
pub static PREDICATE_WORDS: Words = Words::new(&[
    "深入", "稳步", "不断", "持续", "全面", "全线", "有效", "显著", "明显", "进一步", "取得",
    "实现", "达到", "覆盖", "完成", "提升", "推进", "加快", "扎实", "成效", "入选", "获得",
    "获评", "荣获", "位居", "保持", "逐步", "初步", "基本", "率先", "圆满", "成功", "正式",
    "分别", "总体", "整体", "试点", "示范", "建设", "工作", "机制", "模式", "体系", "理念",
    "改革", "目标", "要求", "平台", "格局", "水平", "能力", "作用", "宣传", "服务", "管理",
    "治理", "应用", "场景",
]);

/// Plain words of the genre: never a glossary term on their own, however often
/// or however marked they occur.
#[rustfmt::skip]
pub static PLAIN_WORDS: Words = Words::new(&[
    "发展", "建设", "加快", "推进", "我们", "全面", "经济", "社会", "改革", "创新", "工作",
    "政府", "人民", "群众", "企业", "项目", "服务", "管理", "治理", "城市", "城区", "社区",
    "产业", "市场", "提升", "提高", "加强", "完善", "推动", "实施", "开展", "深化", "坚持",
    "落实", "保障", "安全", "稳定", "质量", "效益", "环境", "生态", "民生", "文化", "教育",
    "医疗", "卫生", "就业", "增长", "投资", "消费", "体系", "机制", "能力", "水平", "重点",
    "全区", "全市", "全省", "全国", "今年", "去年", "明年", "一年", "五年", "过去", "未来",
    "各位", "代表", "同志", "主任", "委员", "区长", "市长", "报告", "审议", "意见", "政策",
    "措施", "任务", "目标", "要求", "问题", "困难", "挑战", "成绩", "成效", "成果", "进展",
    "突破", "作用", "优势", "基础", "关键", "核心", "主体", "领域", "方面", "一批", "一些",
    "一体", "一流", "一线", "一步", "进一步", "一是", "二是", "三是", "四是", "五是", "第一",
    "统一", "唯一", "一起", "一定", "一般", "一致", "一直", "一切", "有关", "相关", "积极",
    "持续", "不断", "深入", "扎实", "切实", "全力", "大力", "着力", "努力", "继续", "更加",
    "高质量", "高质量发展", "新时代", "现代化", "疫情", "疫情防控", "好", "新", "大", "强",
    "优", "实", "稳", "快", "美", "富", "活力", "幸福", "美丽", "网络热点", "双方", "双向",
    "双赢", "双重", "两岸", "四周", "十分", "百姓", "千万", "万一", "五一", "十一", "七一",
    "八一", "六一", "三八", "五四", "一带", "两侧", "两翼", "四季", "三角", "三维",
]);

/// Idioms and set phrases made of numerals that are plain language, not
/// coined slogans.
#[rustfmt::skip]
pub static NUMERAL_IDIOMS: Words = Words::new(&[
    "一心一意", "一点一滴", "一草一木", "一言一行", "一举一动", "一朝一夕", "一砖一瓦",
    "一丝一毫", "一针一线", "一生一世", "一模一样", "一五一十", "一字一句", "一板一眼",
    "一问一答", "一来一往", "一进一出", "一上一下", "一前一后", "一早一晚", "一张一弛",
    "一唱一和", "一年一度", "一年一个", "三三两两", "三心二意", "三言两语", "四面八方",
    "五湖四海", "七上八下", "千家万户", "千方百计", "千军万马", "千山万水", "万水千山",
    "千辛万苦", "千变万化", "千差万别", "千丝万缕", "百花齐放", "百家争鸣", "十全十美",
    "九牛一毛", "一石二鸟", "一举两得", "一箭双雕", "三令五申", "三番五次", "五花八门",
    "四平八稳", "七嘴八舌", "乱七八糟", "横七竖八", "一清二楚", "独一无二", "一干二净",
    "接二连三", "说一不二", "百里挑一", "万众一心", "一分为二", "合二为一", "一年四季",
    "一日三餐", "一天一天", "一年一年", "一次一次", "一个一个", "一件一件", "一批一批",
    "一步一步", "一代一代", "千千万万", "万万千千", "一一", "两两", "三三", "一心一德",
    "一马当先", "一以贯之", "一如既往", "一鼓作气", "一往无前", "一张蓝图", "一抓到底",
    "一干到底", "三年两年", "千百万", "百万千",
]);

/// Chars that, right after a numeral, name a numbered place or institution
/// (七医院, 精武一路, 十一中) rather than a coined abbreviation.
pub fn is_place_char(c: char) -> bool {
    PLACE_CHARS.contains(c)
}

static PLACE_CHARS: CharSet = CharSet::new("路街道巷院医塘桥号楼中小厂队局馆站港湾村镇乡环");

/// Chars that, right after 一, make a plain word (一流, 一线, 一体).
pub fn is_plain_after_yi(c: char) -> bool {
    is_measure(c) || PLAIN_AFTER_YI.contains(c)
}

static PLAIN_AFTER_YI: CharSet = CharSet::new("流线体时行半心意新览些概直起经旦");

/// A set of chars, written as a string, indexed on first use: a bit for
/// each code point from the lowest char of the set to the highest, so a
/// lookup is a subtraction and a bit test.
pub struct CharSet {
    chars: &'static str,
    set: OnceLock<CharBits>,
}

/// The bits of a [`CharSet`].
struct CharBits {
    /// The lowest code point of the set.
    lo: u32,
    /// Bit `c - lo` is set for each char `c` of the set.
    words: Box<[u64]>,
}

impl CharSet {
    pub const fn new(chars: &'static str) -> CharSet {
        CharSet {
            chars,
            set: OnceLock::new(),
        }
    }

    fn bits(&self) -> &CharBits {
        self.set.get_or_init(|| CharBits::new(self.chars.chars()))
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        // The set is built once; after that a plain load finds it.
        match self.set.get() {
            Some(b) => b.has(c),
            None => self.bits().has(c),
        }
    }

    /// Calls `visit(i, c)` for each char `c` of the set, at `i` in `f`, in
    /// order.
    pub fn each_in(&self, f: &[char], mut visit: impl FnMut(usize, char)) {
        let b = self.bits();
        // The table in locals: `visit`'s stores cannot change them, so the
        // loop keeps them in registers.
        let (lo, words) = (b.lo, &*b.words);
        // A plain loop: the iterator chain cost twice as much per char.
        for (i, &c) in f.iter().enumerate() {
            if has_bit(lo, words, c) {
                visit(i, c);
            }
        }
    }
}

impl CharBits {
    /// The bits of the chars `chars`.
    fn new(chars: impl Iterator<Item = char> + Clone) -> CharBits {
        let lo = chars.clone().map(u32::from).min().unwrap_or(0);
        let hi = chars.clone().map(u32::from).max().unwrap_or(0);
        let mut words = vec![0u64; ((hi - lo) / 64 + 1) as usize];
        for c in chars {
            let k = (u32::from(c) - lo) as usize;
            if let Some(w) = words.get_mut(k / 64) {
                *w |= 1 << (k % 64);
            }
        }
        CharBits {
            lo,
            words: words.into_boxed_slice(),
        }
    }

    #[inline]
    fn has(&self, c: char) -> bool {
        has_bit(self.lo, &self.words, c)
    }
}

/// True when bit `c - lo` of `words` is set ([`CharBits`] taken apart, so
/// that a loop can keep its fields in registers).
#[inline]
fn has_bit(lo: u32, words: &[u64], c: char) -> bool {
    let k = u32::from(c).wrapping_sub(lo) as usize;
    words.get(k / 64).is_some_and(|w| w & (1 << (k % 64)) != 0)
}

/// A list of words with an index for matching at a position.
pub struct Words {
    list: &'static [&'static str],
    /// Other lists whose words this list also holds.
    more: &'static [&'static Words],
    index: OnceLock<WordIndex>,
}

struct WordIndex {
    /// The first chars of the words: most positions of a text are ruled
    /// out by one bit test, before any map lookup.
    firsts: CharBits,
    /// The last chars of the words.
    lasts: CharBits,
    /// Words by first char, longest first.
    by_first: FxMap<char, Vec<Box<[char]>>>,
    /// Words by last char, longest first.
    by_last: FxMap<char, Vec<Box<[char]>>>,
}

impl Words {
    pub const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            more: &[],
            index: OnceLock::new(),
        }
    }

    /// The words of several lists as one list.
    pub const fn union(lists: &'static [&'static Words]) -> Words {
        Words {
            list: &[],
            more: lists,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &WordIndex {
        self.index.get_or_init(|| {
            let mut by_first: FxMap<char, Vec<Box<[char]>>> = FxMap::default();
            let mut by_last: FxMap<char, Vec<Box<[char]>>> = FxMap::default();
            for w in self.iter() {
                let w: Box<[char]> = w.chars().collect();
                if let (Some(&a), Some(&z)) = (w.first(), w.last()) {
                    by_first.entry(a).or_default().push(w.clone());
                    by_last.entry(z).or_default().push(w);
                }
            }
            // Longest first; a word in several merged lists once. The order
            // among words of one length does not matter: a match reports
            // its length.
            for v in by_first.values_mut().chain(by_last.values_mut()) {
                crate::sort::by(v, |a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
                v.dedup();
            }
            WordIndex {
                firsts: CharBits::new(by_first.keys().copied()),
                lasts: CharBits::new(by_last.keys().copied()),
                by_first,
                by_last,
            }
        })
    }

    /// The words, as written in the list (or lists).
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.list
            .iter()
            .copied()
            .chain(self.more.iter().flat_map(|l| l.list.iter().copied()))
    }
}

/// True when `w` (folded) starts `f` at `i`.
pub fn word_at(f: &[char], i: usize, w: &str) -> bool {
    (i..).zip(w.chars()).all(|(k, c)| f.get(k) == Some(&c))
}

/// True when `w` (folded) ends at `e` (exclusive) in `f`.
pub fn word_before(f: &[char], e: usize, w: &str) -> bool {
    let n = w.chars().count();
    e >= n && word_at(f, e - n, w)
}

/// True when `w` equals `t`, compared char by char (the words are a few
/// chars long: a loop beats a call to `memcmp`).
#[inline]
fn same(t: &[char], w: &[char]) -> bool {
    t.len() == w.len() && t.iter().zip(w).all(|(a, b)| a == b)
}

/// The words of `list` that start with the char `c`, longest first (none
/// when no word does).
#[inline]
fn starting_with(list: &Words, c: char) -> &[Box<[char]>] {
    let index = list.index();
    if !index.firsts.has(c) {
        return &[];
    }
    index.by_first.get(&c).map_or(&[], Vec::as_slice)
}

/// The longest word of `list` starting at `i`, as a char count.
pub fn longest_at(f: &[char], i: usize, list: &Words) -> usize {
    let Some(&c) = f.get(i) else { return 0 };
    let rest = &f[i..];
    starting_with(list, c)
        .iter()
        .find(|w| rest.get(..w.len()).is_some_and(|t| same(t, w)))
        .map_or(0, |w| w.len())
}

/// May `t` be cut into words of `list`: does some word start with its
/// first char and some word end with its last?
pub fn may_split(t: &[char], list: &Words) -> bool {
    let index = list.index();
    match (t.first(), t.last()) {
        (Some(&a), Some(&z)) => index.firsts.has(a) && index.lasts.has(z),
        _ => false,
    }
}

/// The lengths of the words of `list` that start at `i`, longest first.
pub fn words_at<'a>(f: &'a [char], i: usize, list: &'a Words) -> impl Iterator<Item = usize> + 'a {
    let rest = f.get(i..).unwrap_or(&[]);
    let ws = rest.first().map_or(&[][..], |&c| starting_with(list, c));
    ws.iter()
        .filter(move |w| rest.get(..w.len()).is_some_and(|t| same(t, w)))
        .map(|w| w.len())
}

/// The longest word of `list` ending at `e`, as a char count.
pub fn longest_before(f: &[char], e: usize, list: &Words) -> usize {
    let Some(&c) = e.checked_sub(1).and_then(|j| f.get(j)) else {
        return 0;
    };
    let index = list.index();
    if !index.lasts.has(c) {
        return 0;
    }
    let Some(ws) = index.by_last.get(&c) else {
        return 0;
    };
    ws.iter()
        .find(|w| {
            e.checked_sub(w.len())
                .and_then(|s| f.get(s..e))
                .is_some_and(|t| same(t, w))
        })
        .map_or(0, |w| w.len())
}

/// True when the chars are a word of `list`.
pub fn is_word(s: &[char], list: &Words) -> bool {
    let Some(&c) = s.first() else {
        return false;
    };
    starting_with(list, c).iter().any(|w| same(s, w))
}

/// The scorer's and a reader's comparison key of a term: folded, without
/// punctuation and white space; written into `out` (cleared first) so that
/// one buffer serves every candidate.
pub fn key(folded: &[char], out: &mut Vec<char>) {
    out.clear();
    out.extend(folded.iter().copied().filter(|&c| !is_punct(c)));
}
