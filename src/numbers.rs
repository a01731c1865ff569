//! Number scanner: finds the quantities of a report (950亿元, 1.8万人,
//! 百分之五, 两三个, 约100亿元, 5%左右, 三分之一, 翻一番) with their units,
//! ranges and approximation words, for the targets-and-results pass.
//!
//! [`scan`] runs on the folded text (see [`crate::script::fold`]): simplified
//! script, ASCII digits and punctuation. It is a hand-written scanner over the
//! text's chars, linear in the text's length: every numeral run is read once
//! and skipped whole when it is not a quantity, and the look-arounds have fixed
//! small widths. It never panics: digit counts are capped and all arithmetic
//! is checked.
//!
//! Conventions (they follow how people annotate these reports):
//!
//! * the value is the number as written before the unit; a magnitude word
//!   (万, 亿, 万亿, and after Arabic digits also 千万, 百万, 千亿, 百亿, 千,
//!   百) belongs to the unit: 950亿元 is 950 "亿元", 1.8万人 is 1.8 "万人";
//! * Chinese numerals are computed (三千万元 is 3000 "万元", 一千二百人 is
//!   1200 "人");
//! * a quantity needs a unit, or is a percentage, fraction or multiple: a bare
//!   number (排名第2, 1-6月, 2022) is not one;
//! * names that contain numbers are not quantities: calendar years and dates,
//!   ordinals (第三), plan names (十四五), line numbers (5号线), slogans
//!   (两个维护, 四个意识, 五位一体), codes glued to Latin letters (5G, PM2.5,
//!   A6), `+`-joined slogans (1+5+122), idioms with 一 (一批, 统一部署).
//!
//! Bounds (以上, 不低于, 超过) are not interpreted here and stay outside the
//! spans; the targets pass reads them around a [`Quantity`].

use crate::charfilter::CharFilter;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

#[cfg(test)]
mod tests;

/// An exact decimal: `mantissa / 10^scale`.
///
/// Values are kept exact so that what a report writes (1.57) is what is
/// serialised, never a binary approximation of it. Values made by [`scan`] are
/// normalised (no trailing zeros after the point: 1.5 is `{15, 1}`, never
/// `{150, 2}`), so `==` compares them as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    /// The digits, as an integer (negative for a negative value).
    pub mantissa: i128,
    /// The number of digits after the decimal point.
    pub scale: u32,
}

impl Dec {
    /// The value as an `f64`, got by formatting the decimal and parsing the
    /// string, so 1.57 becomes the `f64` nearest to 1.57 (which serialises as
    /// `1.57`), not a product of binary approximations.
    #[must_use]
    pub fn to_f64(self) -> f64 {
        // Fast path: a mantissa and a power of ten that are both exact in an
        // f64 give the correctly rounded quotient in one division, the same
        // f64 that parsing the decimal gives.
        const EXACT: u128 = 1 << 53;
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        if self.mantissa.unsigned_abs() <= EXACT {
            // Through `i64` (exact below 2^53): `i128 as f64` is a library call.
            if let (Some(&p), Ok(m)) =
                (POW10.get(self.scale as usize), i64::try_from(self.mantissa))
            {
                return m as f64 / p;
            }
        }
        match self.to_string().parse::<f64>() {
            Ok(v) => v,
            Err(_) => self.mantissa as f64 / 10f64.powi(i32::try_from(self.scale).unwrap_or(0)),
        }
    }

    /// An integer value (scale 0).
    #[must_use]
    pub fn from_int(i: i128) -> Dec {
        Dec {
            mantissa: i,
            scale: 0,
        }
    }

    /// The same value without trailing zeros after the point.
    fn normalized(self) -> Dec {
        let mut d = self;
        // In `i64` where the mantissa fits (nearly always): `i128` division
        // is a library call.
        if let Ok(mut m) = i64::try_from(d.mantissa) {
            while d.scale > 0 && m % 10 == 0 {
                m /= 10;
                d.scale -= 1;
            }
            d.mantissa = i128::from(m);
            return d;
        }
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }

    /// `self × 10^p`, or `None` on overflow.
    fn times_pow10(self, p: u32) -> Option<Dec> {
        if self.scale >= p {
            Some(
                Dec {
                    mantissa: self.mantissa,
                    scale: self.scale - p,
                }
                .normalized(),
            )
        } else {
            let m = self.mantissa.checked_mul(pow10(p - self.scale)?)?;
            Some(Dec {
                mantissa: m,
                scale: 0,
            })
        }
    }

    /// `self / 10^p` (exact).
    fn div_pow10(self, p: u32) -> Option<Dec> {
        Some(
            Dec {
                mantissa: self.mantissa,
                scale: self.scale.checked_add(p)?,
            }
            .normalized(),
        )
    }

    /// `self + other`, or `None` on overflow.
    fn checked_add(self, other: Dec) -> Option<Dec> {
        let s = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(pow10(s - self.scale)?)?;
        let b = other.mantissa.checked_mul(pow10(s - other.scale)?)?;
        Some(
            Dec {
                mantissa: a.checked_add(b)?,
                scale: s,
            }
            .normalized(),
        )
    }

    /// `self / den` rounded half up to 4 decimals (for fractions).
    fn div_round4(self, den: Dec) -> Option<Dec> {
        // self / den = (m1 / 10^s1) / (m2 / 10^s2) = m1 × 10^s2 / (m2 × 10^s1).
        let num = self
            .mantissa
            .checked_mul(pow10(den.scale)?)?
            .checked_mul(10_000)?;
        let d = den.mantissa.checked_mul(pow10(self.scale)?)?;
        if d <= 0 || num < 0 {
            return None;
        }
        let q = num.checked_mul(2)?.checked_add(d)? / d.checked_mul(2)?;
        Some(
            Dec {
                mantissa: q,
                scale: 4,
            }
            .normalized(),
        )
    }
}

impl fmt::Display for Dec {
    /// Plain decimal notation: "1.57", "1000", "0.3333", "-2.1".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let s = self.scale as usize;
        if s == 0 {
            write!(f, "{sign}{digits}")
        } else if digits.len() <= s {
            write!(f, "{sign}0.{}{digits}", "0".repeat(s - digits.len()))
        } else {
            let (int, frac) = digits.split_at(digits.len() - s);
            write!(f, "{sign}{int}.{frac}")
        }
    }
}

/// `10^p` as an `i128`, or `None` when it does not fit.
fn pow10(p: u32) -> Option<i128> {
    10i128.checked_pow(p)
}

/// What a quantity measures, as its unit says: the targets pass compares only
/// like with like (a growth rate in % with a rate in %, not with 个百分点).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    /// A count or an amount (950亿元, 12个, 3年).
    Plain,
    /// A percentage (5%, 百分之五).
    Percent,
    /// A difference of percentages (5个百分点).
    PercentPoint,
    /// Per mille (0.5‰, 千分之五).
    Permille,
    /// A multiple (2倍, 翻一番).
    Multiple,
    /// A fraction (三分之一 is 0.3333), without a unit.
    Fraction,
}

/// One quantity found by [`scan`]. All offsets are char offsets (Unicode
/// scalar values) into the scanned text, end exclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The whole quantity: approximation words before and after (约, 近, 逾,
    /// 多, 余, 左右), the number and the unit. Bounds (以上, 不低于) are
    /// outside.
    pub span: (usize, usize),
    /// The number or the range itself (`6-6.5` in 6-6.5%; `13万2` for the
    /// colloquial 13万2, whose 万 is also the unit). When the numeral is only a
    /// magnitude word (近万人) it is that word, which the unit span also covers.
    /// For 翻一番 it is 一; for 翻番 the whole word.
    pub num_span: (usize, usize),
    /// The value as written before the unit (950 for 950亿元); the lower end
    /// of a range.
    pub value: Dec,
    /// The upper end of a range (6.5 for 6%-6.5%, 3 for 两三个).
    pub value_max: Option<Dec>,
    /// The unit: magnitude word and measure word ("亿元", "万人",
    /// "万平方米", "%", "个百分点", "倍"), a magnitude word alone ("万",
    /// "万亿") when no measure word follows; `None` for fractions.
    /// Approximation words inside it (2万余人) are not part of it ("万人").
    pub unit: Option<UnitWords>,
    /// Where the unit is written: from its first char to its last, so it may
    /// include an approximation word (万余人); for 百分之五 it is 百分之, for
    /// 翻一番 the whole word.
    pub unit_span: Option<(usize, usize)>,
    /// The value in base units when the unit has a magnitude word: (9.5e10,
    /// "元") for 950亿元, (18000.0, "人") for 1.8万人; the base unit is ""
    /// for a magnitude word alone (1.2万亿 is (1.2e12, "")). `None` otherwise.
    pub base: Option<(f64, &'static str)>,
    /// The approximation word found next to the quantity (约, 近, 逾 before
    /// it; 多, 余 after the number; 左右 after the unit); the first one when
    /// there are two.
    pub approx: Option<&'static str>,
    /// What the unit measures.
    pub kind: NumKind,
}

/// A quantity's unit as its two words, taken from the scanner's tables, so
/// that no `String` is made per quantity: 亿元 is `{ mag: "亿", measure:
/// "元" }`, 万 alone `{ mag: "万", measure: "" }`, % `{ mag: "", measure: "%" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitWords {
    /// The magnitude word, or "".
    pub mag: &'static str,
    /// The measure word, or "".
    pub measure: &'static str,
}

impl UnitWords {
    /// The unit's length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.mag.len() + self.measure.len()
    }

    /// Whether the unit has no word (never the case for a scanned unit).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the unit, written as one string, is `w`.
    #[must_use]
    pub fn is(&self, w: &str) -> bool {
        w.len() == self.len() && w.starts_with(self.mag) && w.ends_with(self.measure)
    }

    /// Whether the two units, each written as one string, are the same.
    #[must_use]
    pub fn same_text(&self, other: &UnitWords) -> bool {
        // Same length, same start and same end: the same string.
        self.len() == other.len() && self.starts_with(other.mag) && self.ends_with(other.measure)
    }

    /// Whether the unit, written as one string, ends with `w`.
    #[must_use]
    pub fn ends_with(&self, w: &str) -> bool {
        match w.len().checked_sub(self.measure.len()) {
            // `w` is longer than the measure word: the measure word ends it
            // and the magnitude word ends the rest.
            Some(n) if n > 0 => {
                w.ends_with(self.measure) && w.get(..n).is_some_and(|h| self.mag.ends_with(h))
            }
            _ => self.measure.ends_with(w),
        }
    }

    /// Whether the unit, written as one string, starts with `w`.
    #[must_use]
    pub fn starts_with(&self, w: &str) -> bool {
        match w.get(self.mag.len()..) {
            Some(rest) if w.len() > self.mag.len() => {
                w.starts_with(self.mag) && self.measure.starts_with(rest)
            }
            _ => self.mag.starts_with(w),
        }
    }

    /// The unit as one string.
    #[must_use]
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.len());
        s.push_str(self.mag);
        s.push_str(self.measure);
        s
    }

    /// The unit as one string, borrowed when it is one word of the tables
    /// or one of the [`JOINED`] units, so that most rows make no `String`.
    #[must_use]
    pub fn word(&self) -> Cow<'static, str> {
        if self.mag.is_empty() {
            return Cow::Borrowed(self.measure);
        }
        if self.measure.is_empty() {
            return Cow::Borrowed(self.mag);
        }
        match JOINED.iter().find(|w| self.is(w)) {
            Some(w) => Cow::Borrowed(w),
            None => Cow::Owned(self.text()),
        }
    }

    /// The unit's chars, in order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.mag.chars().chain(self.measure.chars())
    }
}

/// The units of a magnitude and a measure word most often found in reports
/// (亿元, 万平方米…), written as one string for [`UnitWords::word`]; any
/// other pair is joined into a `String`.
const JOINED: &[&str] = &[
    "亿元",
    "万元",
    "万平方米",
    "万人",
    "万人次",
    "万户",
    "亿美元",
    "万名",
    "万亩",
    "万吨",
    "万个",
    "万件",
    "万套",
];

/// Finds the quantities of a folded text, in order of appearance and without
/// overlaps. See the module documentation for what counts as a quantity.
#[must_use]
pub fn scan(s: &str) -> Vec<Quantity> {
    let chars: Vec<char> = s.chars().collect();
    scan_chars(&chars)
}

/// [`scan`] over the chars of a folded text (a [`crate::doc::Doc`]'s
/// `chars`), without collecting them again.
pub fn scan_chars(chars: &[char]) -> Vec<Quantity> {
    // Most chars cannot start a quantity: jump to the next that can.
    scan_with(chars, 0, |i| {
        let k = chars.get(i..)?.iter().position(|&c| could_start(c))?;
        Some(i + k)
    })
}

/// [`scan_chars`] trying only at `starts`: the positions, in order, of all
/// the chars where [`could_start`] holds, found by the caller's own walk
/// over the text (so that the text is walked once, not twice).
pub fn scan_at(chars: &[char], starts: &[usize]) -> Vec<Quantity> {
    let mut k = 0;
    // About one start in two begins a quantity in a report (2022 is four
    // starts and no quantity, 5% one start and one quantity).
    scan_with(chars, starts.len() / 2, |i| {
        while starts.get(k).is_some_and(|&s| s < i) {
            k += 1;
        }
        starts.get(k).copied()
    })
}

/// The scanner's main loop; `next(i)` is the first position at or after
/// `i` where a quantity may start; `capacity` is a guess of how many
/// quantities there are (the output then seldom grows).
fn scan_with(
    chars: &[char],
    capacity: usize,
    mut next: impl FnMut(usize) -> Option<usize>,
) -> Vec<Quantity> {
    let sc = Scanner { c: chars };
    let mut out = Vec::with_capacity(capacity);
    let mut i = 0usize;
    // Nothing found may start before `floor` (the end of the last quantity).
    let mut floor = 0usize;
    while i < chars.len() {
        match next(i) {
            Some(j) => i = j,
            None => break,
        }
        match sc.try_at(i, floor) {
            Step::Found(q) => {
                let end = q.span.1;
                floor = end;
                out.push(q);
                i = end.max(i + 1);
            }
            Step::Skip(j) => i = j.max(i + 1),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Tables

/// A measure word (or symbol) and what it measures.
#[derive(Debug)]
struct Measure {
    text: &'static str,
    /// Its first char (a quick test before comparing the text).
    first: char,
    /// Its chars (the first `len`; measure words have at most 4).
    chars: [char; 4],
    /// Its length in chars.
    len: usize,
    kind: NumKind,
}

/// The char whose UTF-8 encoding starts at byte `i` of `b`, and the byte
/// after it (compile time; `b` is valid UTF-8).
pub(crate) const fn decode(b: &[u8], i: usize) -> (char, usize) {
    let b0 = b[i] as u32;
    let (mut u, n) = if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (b0 & 0x1F, 2)
    } else if b0 < 0xF0 {
        (b0 & 0x0F, 3)
    } else {
        (b0 & 0x07, 4)
    };
    let mut k = 1;
    while k < n {
        u = (u << 6) | (b[i + k] as u32 & 0x3F);
        k += 1;
    }
    match char::from_u32(u) {
        Some(c) => (c, i + n),
        None => ('\0', i + n),
    }
}

/// Builds a [`Measure`] (first char and length computed at compile time).
const fn m(text: &'static str, kind: NumKind) -> Measure {
    let b = text.as_bytes();
    let mut chars = ['\0'; 4];
    let mut len = 0;
    let mut i = 0;
    while i < b.len() {
        let (c, next) = decode(b, i);
        chars[len] = c;
        i = next;
        len += 1;
    }
    Measure {
        text,
        first: chars[0],
        chars,
        len,
        kind,
    }
}

/// The two chars of a two-char word (compile time).
const fn pair(w: &str) -> (char, char) {
    let b = w.as_bytes();
    let (c0, i) = decode(b, 0);
    (c0, decode(b, i).0)
}

use NumKind::{Multiple as MU, Percent as PC, PercentPoint as PP, Permille as PM, Plain as PL};

/// Measure words, longest first (the first match wins, so 人次 before 人).
#[rustfmt::skip]
static MEASURES: &[Measure] = &[
    m("个工作日", PL), m("个百分点", PP), m("吨标准煤", PL), m("平方公里", PL), m("平方千米", PL), m("个小时", PL),
    m("百分点", PP), m("人民币", PL), m("平方米", PL), m("立方米", PL), m("千瓦时", PL), m("年一遇", PL),
    m("张床位", PL), m("标准箱", PL), m("工作日", PL), m("TEU", PL), m("GWh", PL), m("MWh", PL),
    m("kWh", PL), m("个月", PL), m("美元", PL), m("欧元", PL), m("港元", PL), m("人次", PL), m("户次", PL),
    m("家次", PL), m("场次", PL), m("批次", PL), m("架次", PL), m("班次", PL), m("车次", PL), m("辆次", PL),
    m("剂次", PL), m("千克", PL), m("公斤", PL), m("公顷", PL), m("公里", PL), m("千米", PL), m("千瓦", PL),
    m("兆瓦", PL), m("周年", PL), m("小时", PL), m("分钟", PL), m("床位", PL), m("标箱", PL), m("GW", PL),
    m("MW", PL), m("kW", PL), m("KW", PL), m("km", PL), m("%", PC), m("‰", PM), m("倍", MU),
    m("元", PL), m("人", PL), m("名", PL), m("位", PL), m("户", PL), m("家", PL), m("个", PL),
    m("项", PL), m("所", PL), m("条", PL), m("栋", PL), m("幢", PL), m("套", PL), m("间", PL),
    m("处", PL), m("部", PL), m("片", PL), m("场", PL), m("次", PL), m("张", PL), m("件", PL),
    m("起", PL), m("宗", PL), m("批", PL), m("支", PL), m("台", PL), m("辆", PL), m("艘", PL),
    m("架", PL), m("座", PL), m("口", PL), m("株", PL), m("棵", PL), m("只", PL), m("头", PL),
    m("吨", PL), m("亩", PL), m("米", PL), m("度", PL), m("天", PL), m("日", PL), m("周", PL),
    m("年", PL), m("床", PL), m("剂", PL), m("篇", PL), m("册", PL), m("本", PL), m("届", PL),
    m("期", PL), m("班", PL), m("列", PL), m("趟", PL), m("层", PL), m("轮", PL), m("种", PL),
    m("岁", PL), m("块", PL), m("段", PL), m("根", PL), m("盏", PL), m("笔", PL),
];

/// Two-char words that start with a one-char measure word: after a number,
/// the measure word is then part of the word, not a unit (5万家庭 is 5 万,
/// not 5 万家).
#[rustfmt::skip]
const MEASURE_VETO: &[(char, char)] = &[
    pair("支持"), pair("支撑"), pair("支付"), pair("支部"), pair("支柱"), pair("位于"), pair("位居"),
    pair("位列"), pair("位置"), pair("名单"), pair("名称"), pair("名录"), pair("家庭"), pair("家园"),
    pair("家居"), pair("家电"), pair("家政"), pair("条件"), pair("条例"), pair("条款"), pair("处理"),
    pair("处置"), pair("处于"), pair("部署"), pair("部分"), pair("台阶"), pair("台账"), pair("场景"),
    pair("场所"), pair("场馆"), pair("场地"), pair("批准"), pair("批复"), pair("起步"), pair("起来"),
    pair("起草"), pair("间隔"), pair("间接"), pair("期间"), pair("期限"), pair("期末"), pair("期初"),
    pair("本地"), pair("本土"), pair("本级"), pair("口径"), pair("口岸"), pair("头部"), pair("头条"),
    pair("天然"), pair("日常"), pair("日益"), pair("周边"), pair("周期"), pair("年度"), pair("年底"),
    pair("年初"), pair("年末"), pair("年级"), pair("年代"), pair("年龄"), pair("年轻"), pair("年份"),
    pair("年报"), pair("年检"), pair("年会"), pair("度过"), pair("所属"), pair("所有"), pair("所在"),
    pair("所得"), pair("班子"), pair("列入"), pair("届时"), pair("户籍"), pair("户外"), pair("元素"),
    pair("元宇"), pair("座谈"), pair("套餐"), pair("架构"), pair("只要"), pair("只有"), pair("只能"),
    pair("片面"), pair("张贴"), pair("位数"), pair("根据"), pair("根本"), pair("笔记"), pair("次要"),
    pair("层次"), pair("层面"), pair("层级"), pair("轮换"), pair("种类"), pair("种植"), pair("岁月"),
    pair("人民"),
];

/// The filter of the second chars of [`MEASURE_VETO`], so most measure
/// words are let through without searching the list.
const VETO_SECONDS: CharFilter = second_filter(MEASURE_VETO);

/// The filter of the second chars of `pairs` (compile time).
const fn second_filter(pairs: &[(char, char)]) -> CharFilter {
    let mut f = CharFilter::EMPTY;
    let mut i = 0;
    while i < pairs.len() {
        f = f.with(pairs[i].1);
        i += 1;
    }
    f
}

/// A magnitude word: 万, 亿, 万亿 (and after Arabic digits 千万, 百万, 千亿,
/// 百亿, 千, 百).
#[derive(Debug, Clone, Copy)]
struct Mag {
    text: &'static str,
    /// Its chars (the second is NUL for a one-char word), so that
    /// [`Scanner::mag_at`] compares chars instead of decoding `text`.
    chars: [char; 2],
    /// Its length in chars.
    len: usize,
    /// The power of ten it stands for.
    pow: u32,
    /// May stand alone as a unit (1.2万亿); 千 and 百 need a measure word.
    alone: bool,
}

/// The [`Mag`] of a word of one or two chars (compile time).
const fn mag(text: &'static str, pow: u32, alone: bool) -> Mag {
    let b = text.as_bytes();
    let (first, next) = decode(b, 0);
    let (second, len) = if next < b.len() {
        (decode(b, next).0, 2)
    } else {
        ('\0', 1)
    };
    Mag {
        text,
        chars: [first, second],
        len,
        pow,
        alone,
    }
}

/// Magnitude words after Arabic digits, longest first.
static AR_MAGS: &[Mag] = &[
    mag("万亿", 12, true),
    mag("千亿", 11, true),
    mag("百亿", 10, true),
    mag("千万", 7, true),
    mag("百万", 6, true),
    mag("亿", 8, true),
    mag("万", 4, true),
    mag("千", 3, false),
    mag("百", 2, false),
];

/// Magnitude words that end a Chinese numeral or follow one, longest first.
static CN_MAGS: &[Mag] = &[
    mag("万亿", 12, true),
    mag("亿", 8, true),
    mag("万", 4, true),
];

/// Units a lone 一 or 二 may take: 一批, 一起, 一度, 一年来 are idioms, but
/// 一个百分点 and 一倍 are quantities.
static LONE_ONE_OK: &[&str] = &["个百分点", "百分点", "倍", "个月", "个小时", "个工作日"];

/// Words that follow 四个, 两个 in slogans (四个意识, 两个维护, 八项规定).
const SLOGAN_WORDS: &[&str] = &[
    "意识", "自信", "维护", "确立", "全面", "坚持", "提升", "务必", "代表", "优先", "必须", "规定",
    "没有", "有利", "面向", "作风", "统筹", "结合", "倍增", "转变", "一流", "不变", "从严", "落实",
    "全覆",
];

/// Words after 届, 次, 期 that make the number a session's number
/// (十五届人民代表大会, 五次会议), not a count.
const SESSION_WORDS: &[&str] = &[
    "会议", "全会", "人大", "人民", "代表", "政协", "委员", "党代", "常委", "中央", "区委", "市委",
    "省委", "县委", "全国", "大会",
];

/// Chars before a lone Chinese numeral that make it part of a word
/// (再三, 周三, 不二, 统一, 唯一, 进一步, 逐一, 星期一, 接二连三).
const LONE_PREV_VETO: &[char] = &[
    '再', '初', '周', '期', '之', '不', '连', '统', '唯', '进', '逐', '同', '单', '专', '合', '划',
    '万', '其', '线', '号',
];

/// Opening quotes and brackets: a small numeral right after one starts a
/// quoted name (“五个中心”).
const OPEN_QUOTES: &[char] = &['“', '‘', '《', '「', '『', '"', '\'', '〈'];
/// Closing quotes and brackets.
const CLOSE_QUOTES: &[char] = &['”', '’', '》', '」', '』', '"', '\'', '〉'];

/// Range separators between two numbers.
const RANGE_SEPS: &[char] = &['-', '—', '–', '~', '〜', '～', '至', '到'];

/// Latin acronyms after which a number is a value, not part of a code
/// (GDP7.5%).
static LATIN_OK_BEFORE: &[&str] = &["GDP", "CPI", "PPI", "PMI"];

// ---------------------------------------------------------------------------
// Char classes

/// A Chinese digit's value (〇 and 零 are 0, 两 is 2).
/// The value of a Chinese digit (一 = 1, 两 = 2, 〇/零/○ = 0).
pub fn cn_digit(c: char) -> Option<i128> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The power of ten of 十, 百, 千.
fn cn_mult(c: char) -> Option<u32> {
    match c {
        '十' => Some(1),
        '百' => Some(2),
        '千' => Some(3),
        _ => None,
    }
}

/// Any char of a Chinese numeral run.
fn is_cn_num(c: char) -> bool {
    cn_digit(c).is_some() || cn_mult(c).is_some() || c == '万' || c == '亿'
}

/// A CJK ideograph (not punctuation).
use crate::script::is_han;

/// The chars a quantity may start with: digits, the minus sign, the chars
/// of Chinese numerals ([`is_cn_num`]) and 翻 (翻一番).
pub const START_CHARS: [char; 30] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '〇', '零', '○', '一', '二', '两', '三',
    '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿', '翻',
];

/// The filter of [`START_CHARS`], so that most chars are turned down by
/// one probe.
const START_FILTER: CharFilter = CharFilter::of(&START_CHARS);

/// Whether a quantity may start at `c` (cheap pre-filter of the main loop).
#[inline]
pub fn could_start(c: char) -> bool {
    START_FILTER.may_contain(c) && (c.is_ascii_digit() || c == '-' || c == '翻' || is_cn_num(c))
}

/// [`MEASURES`] by their first char's code modulo 1024: in each bucket the
/// measure words of the chars that land there, in the order of
/// [`MEASURES`] (longest first).
struct MeasureIndex {
    /// The measure words, ordered by bucket (stable).
    by_bucket: Vec<&'static Measure>,
    /// For each bucket, its range in `by_bucket`.
    buckets: Vec<(usize, usize)>,
}

/// The bucket of a char in [`MeasureIndex`].
fn bucket(c: char) -> usize {
    c as usize % 1024
}

/// The [`MeasureIndex`] (built once).
fn measure_index() -> &'static MeasureIndex {
    static CELL: OnceLock<MeasureIndex> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut by_bucket: Vec<&'static Measure> = MEASURES.iter().collect();
        crate::sort::by_key(&mut by_bucket, |me| bucket(me.first));
        let mut buckets = vec![(0, 0); 1024];
        for (k, me) in by_bucket.iter().enumerate() {
            if let Some(b) = buckets.get_mut(bucket(me.first)) {
                if b.1 == 0 {
                    b.0 = k;
                }
                b.1 = k + 1;
            }
        }
        MeasureIndex { by_bucket, buckets }
    })
}

/// The measure words that may start with `c` (those of its bucket; the
/// caller compares the first char), longest first.
fn measures_starting(c: char) -> &'static [&'static Measure] {
    let ix = measure_index();
    match ix.buckets.get(bucket(c)) {
        Some(&(a, b)) => ix.by_bucket.get(a..b).unwrap_or(&[]),
        None => &[],
    }
}

/// The filter of the first chars of `words` (compile time).
const fn first_filter(words: &[&str]) -> CharFilter {
    let mut f = CharFilter::EMPTY;
    let mut i = 0;
    while i < words.len() {
        f = f.with(decode(words[i].as_bytes(), 0).0);
        i += 1;
    }
    f
}

/// The filter of the first chars of [`SLOGAN_WORDS`].
const SLOGAN_FIRSTS: CharFilter = first_filter(SLOGAN_WORDS);

/// The filter of the first chars of [`SESSION_WORDS`].
const SESSION_FIRSTS: CharFilter = first_filter(SESSION_WORDS);

// ---------------------------------------------------------------------------
// Scanner

/// What the main loop does after an attempt at one position. The quantity
/// is not boxed: a `Step` lives only until the main loop moves its quantity
/// into the output, and a box would be one allocation per quantity.
#[allow(clippy::large_enum_variant)]
enum Step {
    /// A quantity; scanning resumes at its end.
    Found(Quantity),
    /// Nothing here; scanning resumes at this char.
    Skip(usize),
}

/// A number token as read: Arabic (1,200.5) or Chinese (三千万, 两三).
#[derive(Debug, Clone, Copy)]
struct Num {
    /// First char (the minus sign of a negative number).
    start: usize,
    /// One past the number's own chars, before a trailing magnitude word.
    end: usize,
    /// One past the whole numeral run (with a Chinese trailing magnitude).
    run_end: usize,
    value: Dec,
    /// Upper end of an adjacent Chinese range (两三个).
    max: Option<Dec>,
    /// A magnitude word ending a Chinese numeral, at `end..run_end`.
    mag: Option<Mag>,
    arabic: bool,
    /// The numeral is one Chinese digit or 十 (三个, 两会, 一批).
    lone: Option<char>,
    /// A Chinese numeral without digits (百, 千亿, 万).
    bare: bool,
    /// Looks like a calendar year (2022, no separators or decimals).
    year: bool,
}

/// The outcome of reading a number.
enum Tok {
    Num(Num),
    /// Not a quantity (a code, a name, a year in Chinese digits); resume here.
    Skip(usize),
    /// No number starts here.
    No,
}

/// The unit read after a number.
#[derive(Debug, Clone, Copy)]
struct Unit {
    mag: Option<Mag>,
    measure: Option<&'static Measure>,
    /// First to last char of the unit.
    span: (usize, usize),
    /// One past everything read (approximation words included).
    end: usize,
    approx: Option<&'static str>,
    /// A digit after 万 (13万2): its value and position.
    tail: Option<(i128, usize)>,
}

impl Unit {
    /// The unit's words: magnitude word and measure word.
    fn words(&self) -> UnitWords {
        UnitWords {
            mag: self.mag.map_or("", |g| g.text),
            measure: self.measure.map_or("", |m| m.text),
        }
    }

    /// Whether the unit, written as one string, is `w`.
    fn text_is(&self, w: &str) -> bool {
        self.words().is(w)
    }

    fn measure_text(&self) -> Option<&'static str> {
        self.measure.map(|m| m.text)
    }

    fn kind(&self) -> NumKind {
        self.measure.map_or(NumKind::Plain, |m| m.kind)
    }
}

/// The text as chars, with bounds-checked access.
struct Scanner<'a> {
    c: &'a [char],
}

impl Scanner<'_> {
    /// Char `k`, or NUL past the end.
    fn at(&self, k: usize) -> char {
        self.c.get(k).copied().unwrap_or('\0')
    }

    /// The char `back` positions before `k`, or NUL before the start.
    fn before(&self, k: usize, back: usize) -> char {
        k.checked_sub(back).map_or('\0', |j| self.at(j))
    }

    /// Whether the text at `k` starts with `pat`.
    fn starts(&self, k: usize, pat: &str) -> bool {
        pat.chars()
            .enumerate()
            .all(|(o, pc)| k.checked_add(o).is_some_and(|j| self.at(j) == pc))
    }

    /// Whether the text at `k` starts with the chars `pat`.
    fn starts_chars(&self, k: usize, pat: &[char]) -> bool {
        pat.iter()
            .enumerate()
            .all(|(o, &pc)| k.checked_add(o).is_some_and(|j| self.at(j) == pc))
    }

    /// The measure word at `k` (longest first), unless it is the first char of
    /// a word in [`MEASURE_VETO`] or a Latin unit glued to more letters.
    fn measure_at(&self, k: usize) -> Option<&'static Measure> {
        let c0 = self.at(k);
        for &me in measures_starting(c0) {
            if me.first != c0 || !self.starts_chars(k, me.chars.get(..me.len).unwrap_or(&[])) {
                continue;
            }
            if me.text.starts_with(|c: char| c.is_ascii_alphabetic())
                && self.at(k + me.len).is_ascii_alphanumeric()
            {
                continue;
            }
            if me.len == 1 {
                let next = self.at(k + 1);
                if VETO_SECONDS.may_contain(next) && MEASURE_VETO.contains(&(c0, next)) {
                    return None;
                }
            }
            return Some(me);
        }
        None
    }

    /// The magnitude word at `k` (longest first).
    fn mag_at(&self, k: usize, arabic: bool) -> Option<Mag> {
        // Every magnitude word starts with one of these.
        if !matches!(self.at(k), '万' | '亿' | '千' | '百') {
            return None;
        }
        let table = if arabic { AR_MAGS } else { CN_MAGS };
        let (c0, c1) = (self.at(k), self.at(k + 1));
        table
            .iter()
            .copied()
            .find(|g| g.chars[0] == c0 && (g.len == 1 || g.chars[1] == c1))
    }

    /// 多 or 余 right after a number (100多家, 1300余起, 2万余人).
    fn mid_approx(&self, k: usize) -> Option<&'static str> {
        match self.at(k) {
            '多' => Some("多"),
            '余' => Some("余"),
            _ => None,
        }
    }

    /// 约, 近 or 逾 right before `k` (and not before `floor`), unless it is
    /// part of a word (签约, 节约, 附近, 最近).
    fn approx_before(&self, k: usize, floor: usize) -> Option<(usize, &'static str)> {
        let p = k.checked_sub(1)?;
        if p < floor {
            return None;
        }
        let w = match self.at(p) {
            '约' => "约",
            '近' => "近",
            '逾' => "逾",
            _ => return None,
        };
        let pp = self.before(p, 1);
        let vetoed = match w {
            "约" => "签节预制集履特合邀公条违守践缔租和".contains(pp),
            "近" => "附就临最靠亲贴邻".contains(pp),
            _ => false,
        };
        (!vetoed).then_some((p, w))
    }

    /// The length of a range separator at `k`, if one is there and a number
    /// could follow it.
    fn range_sep(&self, k: usize) -> Option<usize> {
        let c = self.at(k);
        if !RANGE_SEPS.contains(&c) {
            return None;
        }
        let n = self.at(k + 1);
        let ok = if c == '-' {
            n.is_ascii_digit()
        } else {
            n.is_ascii_digit() || (is_cn_num(n) && n != '万' && n != '亿')
        };
        ok.then_some(1)
    }

    // -- numbers -------------------------------------------------------------

    /// Reads a number at `i`. `second`: the upper end of a range (no sign, no
    /// bare 万/亿).
    fn number(&self, i: usize, second: bool) -> Tok {
        let c = self.at(i);
        if c.is_ascii_digit() {
            return self.arabic(i, false);
        }
        if c == '-' && !second && self.at(i + 1).is_ascii_digit() {
            let p = self.before(i, 1);
            if matches!(p, '长' | '为' | ':' | '(') {
                return self.arabic(i, true);
            }
            return Tok::No;
        }
        if is_cn_num(c) {
            return self.chinese(i, second);
        }
        Tok::No
    }

    /// Reads an Arabic number at `i` (at its minus sign when `neg`).
    fn arabic(&self, i: usize, neg: bool) -> Tok {
        let s = if neg { i + 1 } else { i };
        let mut j = s;
        while self.at(j).is_ascii_digit() {
            j += 1;
        }
        let int_len = j - s;
        let run_end = |mut k: usize| {
            while self.at(k).is_ascii_alphanumeric()
                || (matches!(self.at(k), '.' | ',') && self.at(k + 1).is_ascii_digit())
            {
                k += 1;
            }
            k
        };
        if int_len > 24 {
            return Tok::Skip(run_end(j));
        }
        // Thousands separators: 1,200 (a first group of 1-3 digits, then
        // groups of exactly 3). A comma is also the folded clause separator,
        // so 增长8%,完成 never gets here and 5,12个 is not grouped.
        let mut grouped = false;
        if int_len <= 3 && self.at(s) != '0' {
            while self.at(j) == ','
                && self.at(j + 1).is_ascii_digit()
                && self.at(j + 2).is_ascii_digit()
                && self.at(j + 3).is_ascii_digit()
                && !self.at(j + 4).is_ascii_digit()
                && j + 4 - s < 30
            {
                j += 4;
                grouped = true;
            }
        }
        let mut frac_len = 0usize;
        if self.at(j) == '.' && self.at(j + 1).is_ascii_digit() {
            j += 1;
            while self.at(j).is_ascii_digit() {
                j += 1;
                frac_len += 1;
            }
        }
        let end = j;
        // 1.2.3, 2022.12.29: a section number or a date.
        if frac_len > 12 || (self.at(end) == '.' && self.at(end + 1).is_ascii_digit()) {
            return Tok::Skip(run_end(end));
        }
        // 027, 0086: a code.
        if int_len > 1 && self.at(s) == '0' {
            return Tok::Skip(run_end(end));
        }
        let prev = self.before(i, 1);
        if prev.is_ascii_alphabetic() && !self.latin_ok_before(i) {
            return Tok::Skip(run_end(end));
        }
        // 1+5+122, 3+N: slogans; 13:50: a time.
        if prev == '+'
            || self.at(end) == '+'
            || (self.at(end) == ':' && self.at(end + 1).is_ascii_digit())
            || (prev == ':' && self.before(i, 2).is_ascii_digit())
        {
            return Tok::Skip(end);
        }
        if self.at(end).is_ascii_alphabetic()
            && !self
                .measure_at(end)
                .is_some_and(|m| m.text.is_ascii() && m.text != "%")
        {
            return Tok::Skip(run_end(end));
        }
        let mut mant: i128 = 0;
        for k in s..end {
            if let Some(d) = self.at(k).to_digit(10) {
                mant = match mant
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i128::from(d)))
                {
                    Some(v) => v,
                    None => return Tok::Skip(run_end(end)),
                };
            }
        }
        if neg {
            mant = -mant;
        }
        let Ok(scale) = u32::try_from(frac_len) else {
            return Tok::Skip(end);
        };
        let value = Dec {
            mantissa: mant,
            scale,
        }
        .normalized();
        let year =
            !neg && frac_len == 0 && !grouped && int_len == 4 && (1000..=2999).contains(&mant);
        Tok::Num(Num {
            start: i,
            end,
            run_end: end,
            value,
            max: None,
            mag: None,
            arabic: true,
            lone: None,
            bare: false,
            year,
        })
    }

    /// Whether the Latin letters before `i` are an acronym a value may follow.
    fn latin_ok_before(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 && i - k < 8 && self.at(k - 1).is_ascii_alphabetic() {
            k -= 1;
        }
        if self.before(k, 1).is_ascii_alphabetic() {
            return false;
        }
        let word: String = (k..i).map(|j| self.at(j)).collect();
        LATIN_OK_BEFORE.contains(&word.as_str())
    }

    /// Reads a Chinese numeral at `i`.
    fn chinese(&self, i: usize, second: bool) -> Tok {
        let c = self.at(i);
        let startable = match c {
            '〇' | '零' => false,
            '万' | '亿' => {
                !second && matches!(self.before(i, 1), '约' | '近' | '逾' | '过' | '超' | '破')
            }
            _ => true,
        };
        // The end of the numeral run from `i` (what a skip jumps over).
        let run_to = |mut k: usize| {
            while is_cn_num(self.at(k)) || (self.at(k) == '点' && is_cn_num(self.at(k + 1))) {
                k += 1;
            }
            k
        };
        if !startable {
            return Tok::Skip(run_to(i));
        }
        // 3十条: a Chinese numeral glued to Arabic digits is garbled text.
        if self.before(i, 1).is_ascii_digit() {
            return Tok::Skip(run_to(i));
        }
        let mut j = i;
        let mut dot: Option<usize> = None;
        loop {
            let ch = self.at(j);
            if is_cn_num(ch) {
                j += 1;
            } else if ch == '点'
                && dot.is_none()
                && j > i
                && (cn_digit(self.at(j - 1)).is_some() || cn_mult(self.at(j - 1)).is_some())
                && cn_digit(self.at(j + 1)).is_some()
            {
                dot = Some(j);
                j += 1;
            } else {
                break;
            }
            if j - i > 24 {
                return Tok::Skip(run_to(j));
            }
        }
        // 十万千瓦: the 千 starts the measure word.
        if j - i >= 2
            && self.at(j - 1) == '千'
            && dot.is_none_or(|d| d < j - 1)
            && self
                .measure_at(j - 1)
                .is_some_and(|m| m.text.starts_with('千'))
        {
            j -= 1;
        }
        let Some(run) = self.c.get(i..j) else {
            return Tok::Skip(run_to(j));
        };
        let Some(parsed) = parse_cn(run, dot.map(|d| d - i)) else {
            return Tok::Skip(run_to(j));
        };
        let mag_len = parsed.mag.map_or(0, |g| g.len);
        let bare = !run.iter().any(|&ch| cn_digit(ch).is_some());
        let lone = (run.len() == 1 && (cn_digit(c).is_some() || c == '十')).then_some(c);
        Tok::Num(Num {
            start: i,
            end: j - mag_len,
            run_end: j,
            value: parsed.value,
            max: parsed.max,
            mag: parsed.mag,
            arabic: false,
            lone,
            bare,
            year: false,
        })
    }

    // -- units ---------------------------------------------------------------

    /// Reads the unit after a number: [多/余] [magnitude] [多/余] [measure]
    /// [左右]. `None` when there is none.
    fn unit_after(&self, num: &Num) -> Option<Unit> {
        let mut q = num.run_end;
        let mut approx = None;
        let mut mag = num.mag;
        let mut ustart = mag.map(|_| num.end);
        let mut measure = None;
        if let Some(a) = self.mid_approx(q) {
            approx = Some(a);
            q += 1;
        }
        if mag.is_none() {
            if let Some(me) = self.measure_at(q) {
                ustart = Some(q);
                measure = Some(me);
                q += me.len;
            } else if let Some(g) = self.mag_at(q, num.arabic) {
                ustart = Some(q);
                mag = Some(g);
                q += g.len;
            }
        }
        let mut uend = q;
        let mut tail = None;
        if let (None, Some(g)) = (measure, mag) {
            let mut a2 = None;
            if approx.is_none() {
                if let Some(a) = self.mid_approx(q) {
                    a2 = Some(a);
                    q += 1;
                }
            }
            if let Some(me) = self.measure_at(q) {
                measure = Some(me);
                q += me.len;
                uend = q;
                approx = approx.or(a2);
            } else if g.alone {
                approx = approx.or(a2);
                // 13万2: 13.2万, colloquial.
                let d = self.at(q);
                if num.arabic
                    && g.text == "万"
                    && approx.is_none()
                    && num.value.scale == 0
                    && d.is_ascii_digit()
                    && !self.at(q + 1).is_ascii_alphanumeric()
                    && !matches!(self.at(q + 1), '%' | '‰')
                    && !(matches!(self.at(q + 1), '.' | ',') && self.at(q + 2).is_ascii_digit())
                    && self.measure_at(q + 1).is_none()
                    && self.mag_at(q + 1, true).is_none()
                    && !RANGE_SEPS.contains(&self.at(q + 1))
                {
                    tail = d.to_digit(10).map(|v| (i128::from(v), q));
                    q += 1;
                }
            } else {
                return None;
            }
        }
        if measure.is_none() && mag.is_none() {
            return None;
        }
        // 3个多月.
        if measure.is_some_and(|me| me.text == "个") && self.at(q) == '多' && self.at(q + 1) == '月'
        {
            measure = MEASURES.iter().find(|me| me.text == "个月");
            approx = approx.or(Some("多"));
            q += 2;
            uend = q;
        }
        let span = (ustart.unwrap_or(num.run_end), uend);
        if self.starts_chars(q, &['左', '右']) {
            approx = approx.or(Some("左右"));
            q += 2;
        }
        Some(Unit {
            mag,
            measure,
            span,
            end: q,
            approx,
            tail,
        })
    }

    // -- attempts ------------------------------------------------------------

    /// Tries to read a quantity at `i`; `floor` is the end of the previous one.
    fn try_at(&self, i: usize, floor: usize) -> Step {
        let c = self.at(i);
        if c == '翻' {
            return self.fan(i, floor);
        }
        if matches!(c, '百' | '千' | '万') && self.at(i + 1) == '分' && self.at(i + 2) == '之'
        {
            return self.percent(i, floor);
        }
        if self.before(i, 1) == '第' {
            return Step::Skip(self.skip_token(i));
        }
        let a = match self.number(i, false) {
            Tok::Num(n) => n,
            Tok::Skip(j) => return Step::Skip(j),
            Tok::No => return Step::Skip(i + 1),
        };
        if self.at(a.run_end) == '分' && self.at(a.run_end + 1) == '之' {
            return self.fraction(&a, floor);
        }
        let ua = self.unit_after(&a);
        // A range: 6%-6.5%, 6-6.5%, 两到三万, 3至5个.
        let sep_at = match ua {
            Some(u) if u.end == u.span.1 && u.tail.is_none() && u.approx.is_none() => Some(u.end),
            Some(_) => None,
            None => Some(a.run_end),
        };
        if let Some(k) = sep_at.filter(|_| a.max.is_none()) {
            if let Some(len) = self.range_sep(k) {
                if let Some(step) = self.range(&a, ua.as_ref(), k + len, floor) {
                    return step;
                }
            }
        }
        match ua {
            Some(u) => match self.quantity(&a, None, &u, floor) {
                Some(q) => Step::Found(q),
                // 两个一百年: the numeral after a slogan's classifier is part of it.
                None if a.lone.is_some() && cn_digit(self.at(u.span.1)).is_some() => {
                    Step::Skip(self.skip_token(u.span.1))
                }
                None => Step::Skip(u.span.1.max(a.run_end)),
            },
            None => Step::Skip(a.run_end),
        }
    }

    /// One past the number token at `i` and a measure word after it (for
    /// ordinals: 第三十八次).
    fn skip_token(&self, i: usize) -> usize {
        match self.number(i, true) {
            Tok::Num(n) => self.unit_after(&n).map_or(n.run_end, |u| u.span.1),
            Tok::Skip(j) => j,
            Tok::No => i + 1,
        }
    }

    /// Tries a range whose upper end starts at `k`. `None`: not a range, or
    /// not a quantity (the caller goes on with the lower end alone).
    fn range(&self, a: &Num, ua: Option<&Unit>, k: usize, floor: usize) -> Option<Step> {
        let Tok::Num(b) = self.number(k, true) else {
            return None;
        };
        if b.max.is_some() {
            return None;
        }
        // 2022-12-29: a date.
        if RANGE_SEPS.contains(&self.at(b.run_end)) && self.at(b.run_end + 1).is_ascii_digit() {
            return Some(Step::Skip(b.run_end));
        }
        let ub = self.unit_after(&b)?;
        if let Some(ua) = ua {
            let (ta, tb) = (ua.words(), ub.words());
            // Unit b starts with unit a when a is a magnitude word alone
            // (两到三万元: 万 and 万元).
            let compatible = tb.same_text(&ta) || (ua.measure.is_none() && tb.starts_with(ta.mag));
            if !compatible {
                return None;
            }
        }
        if !less(a.value, b.value) {
            return None;
        }
        // When the range is not a quantity (2021-2025年), the lower end is
        // tried alone (5%到2025年).
        self.quantity(a, Some(&b), &ub, floor).map(Step::Found)
    }

    /// Builds the quantity of number `a` (range `a`..`b`) with unit `u`, or
    /// `None` when the context says it is a name, not a quantity.
    fn quantity(&self, a: &Num, b: Option<&Num>, u: &Unit, floor: usize) -> Option<Quantity> {
        if self.rejected(a, b, u) {
            return None;
        }
        let before = self.approx_before(a.start, floor);
        let approx = before.map(|x| x.1).or(u.approx);
        if a.bare && b.is_none() && approx.is_none() && a.lone.is_none() {
            // 百年, 千家万户, 千百年, 千万 (不能): a bare multiplier is a
            // number only with a magnitude and a measure word (千亿元,
            // 过千万元) or an approximation word (近百个, 百余家).
            if a.mag.is_none() || u.measure.is_none() {
                return None;
            }
        }
        let kind = u.kind();
        if a.value.mantissa < 0 && !matches!(kind, NumKind::Percent | NumKind::PercentPoint) {
            return None;
        }
        let mut value = a.value;
        let mut value_max = a.max;
        let mut num_end = a.end;
        if let Some(b) = b {
            value_max = Some(b.value);
            num_end = b.end;
        }
        if let Some((d, pos)) = u.tail {
            value = value.checked_add(Dec {
                mantissa: d,
                scale: 1,
            })?;
            num_end = pos + 1;
        }
        let num_span = if num_end > a.start {
            (a.start, num_end)
        } else {
            (a.start, a.run_end.max(a.start + 1))
        };
        let base = match u.mag {
            Some(g) => value
                .times_pow10(g.pow)
                .map(|v| (v.to_f64(), u.measure_text().unwrap_or(""))),
            None => None,
        };
        Some(Quantity {
            span: (before.map_or(a.start, |x| x.0), u.end.max(num_end)),
            num_span,
            value,
            value_max,
            unit: Some(u.words()),
            unit_span: Some(u.span),
            base,
            approx,
            kind,
        })
    }

    /// The context rules: calendar years, dates, session numbers, slogans and
    /// idioms.
    fn rejected(&self, a: &Num, b: Option<&Num>, u: &Unit) -> bool {
        let me = u.measure_text();
        let after = u.span.1;
        // 2022年, 2021-2025年.
        if me == Some("年") && (a.year || b.is_some_and(|b| b.year)) {
            return true;
        }
        // 12月24日, 24日召开, and 524日 (5月24日 with its 月 lost).
        if me == Some("日")
            && (matches!(self.before(a.start, 1), '月' | ' ')
                || "召起晚上下凌电讯".contains(self.at(after))
                || (a.arabic && b.is_none() && mmdd(a.value)))
        {
            return true;
        }
        // 十五届人民代表大会, 五次会议, 三次产业.
        if matches!(me, Some("届" | "次" | "期")) {
            let next = self.at(after);
            if cn_digit(next).is_some_and(|d| d > 0)
                || (SESSION_FIRSTS.may_contain(next)
                    && SESSION_WORDS.iter().any(|w| self.starts(after, w)))
                || (me == Some("次") && self.starts(after, "产业"))
            {
                return true;
            }
        }
        let Some(ch) = a
            .lone
            .filter(|_| b.is_none() && a.mag.is_none() && u.mag.is_none())
        else {
            return false;
        };
        self.lone_rejected(a, ch, u)
    }

    /// Rules for a lone Chinese numeral before a measure word (三个, 两期,
    /// 一批): idioms, slogans and names.
    fn lone_rejected(&self, a: &Num, ch: char, u: &Unit) -> bool {
        let me = u.measure_text().unwrap_or("");
        let after = u.span.1;
        if matches!(ch, '一' | '二') && !LONE_ONE_OK.iter().any(|w| u.text_is(w)) {
            return true;
        }
        let prev = self.before(a.start, 1);
        if LONE_PREV_VETO.contains(&prev) {
            return true;
        }
        // 三番五次, 七上八下.
        if cn_digit(self.before(a.start, 2)).is_some() && is_han(prev) && cn_digit(prev).is_none() {
            return true;
        }
        // 三期工程 (a phase), but 培训两期 (two sessions).
        if me == "期" && is_han(self.at(after)) {
            return true;
        }
        // 五位一体, 两个一百年, 三个三战略.
        if cn_digit(self.at(after)).is_some_and(|d| d > 0) {
            return true;
        }
        if u.measure.is_some_and(|m| m.len == 1) {
            return self.slogan(a, ch, me, after);
        }
        false
    }

    /// A slogan such as 四个意识, 两个维护, “五个中心”, 八项规定: a lone
    /// small numeral with a one-char classifier that is quoted, followed by
    /// a slogan word, or one of a series (四个意识、四个自信).
    fn slogan(&self, a: &Num, ch: char, me: &str, after: usize) -> bool {
        let prev = self.before(a.start, 1);
        if OPEN_QUOTES.contains(&prev) {
            return true;
        }
        // 落实五个中心” with the opening quote lost.
        for k in 1..=5 {
            let c = self.at(after + k - 1);
            if CLOSE_QUOTES.contains(&c) {
                if k > 1 {
                    return true;
                }
                break;
            }
            if !is_han(c) {
                break;
            }
        }
        if SLOGAN_FIRSTS.may_contain(self.at(after))
            && SLOGAN_WORDS.iter().any(|w| self.starts(after, w))
        {
            return true;
        }
        // A series: 四个意识、四个自信 (forward) …
        let mc = me.chars().next().unwrap_or('\0');
        for p in after..after + 6 {
            let c = self.at(p);
            if matches!(c, '、' | ',') {
                if p > after && self.at(p + 1) == ch && self.at(p + 2) == mc {
                    return true;
                }
                break;
            }
            if !is_han(c) {
                break;
            }
        }
        // … and backward.
        if matches!(prev, '、' | ',') {
            let p = a.start - 1;
            for k in 2..=6 {
                let Some(j) = p.checked_sub(k) else { break };
                if self.at(j) == ch && self.at(j + 1) == mc {
                    return true;
                }
                if !is_han(self.at(j)) {
                    break;
                }
            }
        }
        false
    }

    /// 翻番, 翻一番, 翻两番, 翻了一番: a multiple (2^n 倍).
    fn fan(&self, i: usize, floor: usize) -> Step {
        let mut k = i + 1;
        if self.at(k) == '了' {
            k += 1;
        }
        let (value, num_span, end) = if self.at(k) == '番' {
            (2i128, (i, k + 1), k + 1)
        } else if let (Some(d), '番') = (cn_digit(self.at(k)), self.at(k + 1)) {
            if !(1..=9).contains(&d) {
                return Step::Skip(i + 1);
            }
            let Ok(n) = u32::try_from(d) else {
                return Step::Skip(i + 1);
            };
            (1i128 << n, (k, k + 1), k + 2)
        } else {
            return Step::Skip(i + 1);
        };
        let before = self.approx_before(i, floor);
        let mut approx = before.map(|x| x.1);
        let mut span_end = end;
        if self.starts(end, "左右") {
            approx = approx.or(Some("左右"));
            span_end += 2;
        }
        Step::Found(Quantity {
            span: (before.map_or(i, |x| x.0), span_end),
            num_span,
            value: Dec::from_int(value),
            value_max: None,
            unit: Some(UnitWords {
                mag: "",
                measure: "倍",
            }),
            unit_span: Some((i, end)),
            base: None,
            approx,
            kind: NumKind::Multiple,
        })
    }

    /// 百分之五, 百分之一点五七 (Percent), 千分之五 (Permille), 万分之三
    /// (a fraction).
    fn percent(&self, i: usize, floor: usize) -> Step {
        let k = i + 3;
        let n = match self.number(k, true) {
            Tok::Num(n) if n.max.is_none() && n.mag.is_none() => n,
            Tok::Skip(j) => return Step::Skip(j),
            _ => return Step::Skip(k),
        };
        let (value, unit, kind) = match self.at(i) {
            '百' => (Some(n.value), Some("%"), NumKind::Percent),
            '千' => (Some(n.value), Some("‰"), NumKind::Permille),
            _ => (
                n.value.div_round4(Dec::from_int(10_000)),
                None,
                NumKind::Fraction,
            ),
        };
        let Some(value) = value else {
            return Step::Skip(n.run_end);
        };
        let before = self.approx_before(i, floor);
        let mut approx = before.map(|x| x.1);
        let mut end = n.run_end;
        if self.starts(end, "左右") {
            approx = approx.or(Some("左右"));
            end += 2;
        }
        Step::Found(Quantity {
            span: (before.map_or(i, |x| x.0), end),
            num_span: (n.start, n.run_end),
            value,
            value_max: None,
            unit: unit.map(|measure| UnitWords { mag: "", measure }),
            unit_span: unit.map(|_| (i, k)),
            base: None,
            approx,
            kind,
        })
    }

    /// 三分之一 (0.3333), 五分之二 (0.4): denominator `den`, then 分之 and the
    /// numerator.
    fn fraction(&self, den: &Num, floor: usize) -> Step {
        let k = den.run_end + 2;
        if den.max.is_some() || den.mag.is_some() || den.value.mantissa <= 0 {
            return Step::Skip(k);
        }
        let n = match self.number(k, true) {
            Tok::Num(n) if n.max.is_none() && n.mag.is_none() => n,
            Tok::Skip(j) => return Step::Skip(j),
            _ => return Step::Skip(k),
        };
        let Some(value) = n.value.div_round4(den.value) else {
            return Step::Skip(n.run_end);
        };
        let before = self.approx_before(den.start, floor);
        let mut approx = before.map(|x| x.1);
        let mut end = n.run_end;
        if self.starts(end, "左右") {
            approx = approx.or(Some("左右"));
            end += 2;
        }
        Step::Found(Quantity {
            span: (before.map_or(den.start, |x| x.0), end),
            num_span: (den.start, n.run_end),
            value,
            value_max: None,
            unit: None,
            unit_span: None,
            base: None,
            approx,
            kind: NumKind::Fraction,
        })
    }
}

/// Whether an integer reads as a month and a day run together (524, 1231).
fn mmdd(v: Dec) -> bool {
    if v.scale != 0 || !(101..=1231).contains(&v.mantissa) {
        return false;
    }
    let (mm, dd) = (v.mantissa / 100, v.mantissa % 100);
    (1..=12).contains(&mm) && (1..=31).contains(&dd)
}

/// `a < b` for decimals (exact; `false` when they cannot be compared).
fn less(a: Dec, b: Dec) -> bool {
    let s = a.scale.max(b.scale);
    let (Some(pa), Some(pb)) = (pow10(s - a.scale), pow10(s - b.scale)) else {
        return false;
    };
    match (a.mantissa.checked_mul(pa), b.mantissa.checked_mul(pb)) {
        (Some(x), Some(y)) => x < y,
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Chinese numerals

/// A Chinese numeral's value: lower end, upper end of an adjacent range
/// (两三), and the magnitude word that ends it (kept for the unit).
struct CnValue {
    value: Dec,
    max: Option<Dec>,
    mag: Option<Mag>,
}

/// Parses a Chinese numeral run (`dot`: index of 点 in it). `None` when the run
/// is not one number: a digit sequence (二〇二二, 十三五), misplaced
/// multipliers, overflow.
fn parse_cn(run: &[char], dot: Option<usize>) -> Option<CnValue> {
    // A lone digit (一, 三), the most common run: its own value.
    if let ([c], None) = (run, dot) {
        if let Some(d) = cn_digit(*c) {
            return Some(CnValue {
                value: Dec::from_int(d),
                max: None,
                mag: None,
            });
        }
    }
    // A trailing magnitude word: 三千万 is 3000 万 (each ends with 万 or 亿).
    let mag = if matches!(run.last(), Some('万' | '亿')) {
        CN_MAGS.iter().copied().find(|g| {
            let n = g.len;
            run.len() >= n && run[run.len() - n..].iter().copied().eq(g.text.chars())
        })
    } else {
        None
    };
    if let Some(d) = dot {
        let (int, rest) = run.split_at(d);
        let frac = rest.get(1..)?;
        let flen = frac.len().checked_sub(mag.map_or(0, |g| g.len))?;
        let frac_digits = frac.get(..flen)?;
        if int.iter().any(|&c| c == '万' || c == '亿') {
            return None;
        }
        let (iv, seq) = eval_cn(int)?;
        if seq || frac_digits.is_empty() {
            return None;
        }
        let mut fm: i128 = 0;
        for &c in frac_digits {
            fm = fm.checked_mul(10)?.checked_add(cn_digit(c)?)?;
        }
        let value = Dec::from_int(iv).checked_add(Dec {
            mantissa: fm,
            scale: u32::try_from(frac_digits.len()).ok()?,
        })?;
        return Some(CnValue {
            value,
            max: None,
            mag,
        });
    }
    let pow = mag.map_or(0, |g| g.pow);
    // Adjacent digits: 两三 (2-3), 三五 (3-5), 七八十 (70-80), 两三万.
    if run.len() >= 2 {
        if let (Some(d0), Some(d1)) = (cn_digit(run[0]), cn_digit(run[1])) {
            let rest = &run[2..];
            if d0 > 0
                && d1 > d0
                && d1 - d0 <= 2
                && rest
                    .iter()
                    .all(|&c| cn_mult(c).is_some() || c == '万' || c == '亿')
            {
                let mut lo_run = vec![run[0]];
                lo_run.extend_from_slice(rest);
                let mut hi_run = vec![run[1]];
                hi_run.extend_from_slice(rest);
                let (lo, _) = eval_cn(&lo_run)?;
                let (hi, _) = eval_cn(&hi_run)?;
                return Some(CnValue {
                    value: Dec::from_int(lo).div_pow10(pow)?,
                    max: Some(Dec::from_int(hi).div_pow10(pow)?),
                    mag,
                });
            }
        }
    }
    let (v, seq) = eval_cn(run)?;
    if seq {
        return None;
    }
    Some(CnValue {
        value: Dec::from_int(v).div_pow10(pow)?,
        max: None,
        mag,
    })
}

/// The integer value of a Chinese numeral (一百零五, 三千万, 一万五千亿,
/// 一千二 = 1200) and whether it is a digit sequence (二〇二二: a year or a
/// code, not a number). `None` when malformed or too large.
fn eval_cn(cs: &[char]) -> Option<(i128, bool)> {
    let mut acc: i128 = 0; // completed 万/亿 groups
    let mut sec: i128 = 0; // the current group below 万
    let mut num: Option<i128> = None; // a pending digit
    let mut prev_digit = false;
    let mut seq = false;
    let mut any_mult = false;
    let mut last_pow = u32::MAX; // the last multiplier's power in this group
    let mut wan_in_group = false;
    let mut after_unit: Option<u32> = None; // the power of the unit just before
    let mut pending_pow: Option<u32> = None; // the pending digit's implicit power
    let mut zero = false;
    for &c in cs {
        if let Some(d) = cn_digit(c) {
            if prev_digit {
                if any_mult {
                    return None;
                }
                seq = true;
                num = Some(num.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            } else if d == 0 {
                zero = true;
            } else {
                num = Some(d);
                prev_digit = true;
                pending_pow = if zero { None } else { after_unit };
            }
            continue;
        }
        if seq {
            return None;
        }
        prev_digit = false;
        if let Some(p) = cn_mult(c) {
            if p >= last_pow {
                return None;
            }
            let n = num.unwrap_or(1);
            sec = sec.checked_add(n.checked_mul(pow10(p)?)?)?;
            last_pow = p;
            after_unit = Some(p);
        } else if c == '万' {
            if wan_in_group {
                return None;
            }
            let mut g = sec.checked_add(num.unwrap_or(0))?;
            if g == 0 {
                g = 1;
            }
            acc = acc.checked_add(g.checked_mul(10_000)?)?;
            sec = 0;
            last_pow = u32::MAX;
            wan_in_group = true;
            after_unit = Some(4);
        } else if c == '亿' {
            let mut g = acc.checked_add(sec)?.checked_add(num.unwrap_or(0))?;
            if g == 0 {
                g = 1;
            }
            acc = g.checked_mul(100_000_000)?;
            sec = 0;
            last_pow = u32::MAX;
            wan_in_group = false;
            after_unit = Some(8);
        } else {
            return None;
        }
        num = None;
        zero = false;
        any_mult = true;
    }
    // 一千二 is 1200, 三万五 is 35000: a last digit right after a unit
    // counts one power below it.
    let tail = match (num, pending_pow) {
        (Some(n), Some(p)) if p >= 2 => n.checked_mul(pow10(p - 1)?)?,
        (Some(n), _) => n,
        (None, _) => 0,
    };
    Some((acc.checked_add(sec)?.checked_add(tail)?, seq))
}
