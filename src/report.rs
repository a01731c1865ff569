//! The Report: everything extracted from one document, as serialised to JSON.
//!
//! The field names are the contract with the web app, the CLI's users and the
//! scorer in `shared/eval` (schema `zhengbao.report/1`). Spans are half-open
//! ranges of Unicode scalar values (chars) in [`Report::text`].

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::offsets::OffsetMap;

/// The schema name written into every report.
pub const SCHEMA: &str = "zhengbao.report/1";

/// A half-open range `[start, end)` of chars in the report's `text`,
/// serialised as a two-element array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Span(pub usize, pub usize);

impl Span {
    /// First char of the span.
    pub fn start(self) -> usize {
        self.0
    }
    /// One past the last char of the span.
    pub fn end(self) -> usize {
        self.1
    }
    /// Number of chars covered.
    pub fn len(self) -> usize {
        self.1.saturating_sub(self.0)
    }
    /// True when the span covers no char.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Facts about the document: title, speaker, years, encoding…
    pub meta: Meta,
    /// The cleaned text all spans point into.
    pub text: String,
    /// Every heading, in document order.
    pub sections: Vec<Section>,
    /// Targets and results, one row per quantity.
    pub targets: Vec<Target>,
    /// Terms of the report, most useful first.
    pub glossary: Vec<Term>,
    /// Where each char of `text` came from in the decoded source; not
    /// serialised (the app and CLI only need spans in `text`).
    #[serde(skip)]
    pub source_map: OffsetMap,
}

/// Facts about the document as a whole.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Meta {
    /// The report's title (江汉区2017年政府工作报告), or null for a news piece without one.
    pub title: Option<String>,
    /// The region the report is about (武汉市江汉区).
    pub region: Option<String>,
    /// national, province, city, district or sar.
    pub level: Option<String>,
    /// Who gave the report, role and name (区长苏海峰).
    pub speaker: Option<String>,
    /// The meeting it was given at.
    pub meeting: Option<String>,
    /// The date it was given (or published), YYYY-MM-DD.
    pub date: Option<String>,
    /// The year reviewed.
    pub report_year: Option<i32>,
    /// The year planned.
    pub plan_year: Option<i32>,
    /// simplified or traditional.
    pub script: String,
    /// The encoding the bytes were decoded from (UTF-8, GB18030, Big5, UTF-16LE…).
    pub encoding: String,
    /// text, html or docx.
    pub format: String,
}

/// One heading of the outline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Section {
    /// Index of the section in `sections`.
    pub id: usize,
    /// Id of the enclosing section, or null at the top.
    pub parent: Option<usize>,
    /// Depth, 1 at the top.
    pub level: usize,
    /// The numbering as written (一, (一), 1, 附件1), or null.
    pub number: Option<String>,
    /// The title without numbering and without a closing 。.
    pub title: String,
    /// The heading's form: part, numbered, lead, line, runin, annex, entry.
    pub form: Form,
    /// Where the heading stands in `text`.
    pub span: Span,
    /// The whole section: from the heading to the next heading at the same or a higher level.
    pub section_span: Span,
}

/// One quantity that measures something: a plan target or a reported result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Target {
    /// `target` (plan or commitment) or `result` (reported outcome or estimate).
    pub kind: TargetKind,
    /// True for an item of the plan year's main expected-target list.
    pub headline: bool,
    /// The thing measured (社会消费品零售总额).
    pub indicator: String,
    /// The verb of change (增长, 达到, 新增, 控制在…), if any.
    pub change: Option<String>,
    /// The value as a decimal string-free number, or null for a qualitative target.
    pub value: Option<f64>,
    /// The upper end of a range.
    pub value_max: Option<f64>,
    /// The unit as written (%, 亿元, 万人…); borrowed from the number
    /// scanner's word tables where it can be (no `String` per row).
    pub unit: Option<Cow<'static, str>>,
    /// The value in base units where the unit has a scale (950亿元 → 9.5e10).
    pub base_value: Option<f64>,
    /// The base unit of `base_value` (元, 人, 平方米…), from the number
    /// scanner's word tables.
    pub base_unit: Option<Cow<'static, str>>,
    /// eq, ge, le, approx or range.
    pub bound: Bound,
    /// The period (2023, 全年, 上半年, 年均…), if said; a word of the
    /// period list is borrowed, a year is owned.
    pub period: Option<Cow<'static, str>>,
    /// Id of the section the quantity stands in.
    pub section: Option<usize>,
    /// The clause the quantity came from.
    pub text: String,
    /// Where the clause stands in `text`.
    pub span: Span,
}

/// One term of the report's own vocabulary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Term {
    /// The term as written in the report.
    pub term: String,
    /// defined, quoted, slogan or coined.
    pub kind: TermKind,
    /// The report's definition, if it gives one.
    pub definition: Option<String>,
    /// Number of occurrences.
    pub count: usize,
    /// Every occurrence in `text`.
    pub occurrences: Vec<Span>,
    /// Id of the section of first use.
    pub section: Option<usize>,
}

/// Declares a closed set of words serialised as lowercase strings: a `Copy`
/// enum instead of a `String` per row (no allocation to build or free one),
/// with `as_str` giving the word the JSON holds.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant,)+
        }

        impl $name {
            /// The word as serialised (the JSON's and the CSV's value).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            /// Writes [`Self::as_str`].
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words! {
    /// What a heading looks like ([`Section::form`]).
    Form {
        /// A part title (年工作回顾); always at the top.
        Part = "part",
        /// A numbered heading (一、 (一) 1. ① #), on its own line or run in.
        Numbered = "numbered",
        /// A ——lead line.
        Lead = "lead",
        /// An unnumbered heading line.
        Line = "line",
        /// An unnumbered run-in heading: the opening phrase of a paragraph,
        /// parallel to its siblings'.
        Runin = "runin",
        /// 附件N or 名词解释; always at the top.
        Annex = "annex",
        /// An entry of an annex's list; named by the schema, not produced
        /// by the current outline.
        Entry = "entry",
    }
}

words! {
    /// Whether a [`Target`] row is a plan or an outcome ([`Target::kind`]).
    TargetKind {
        /// A plan or commitment.
        Target = "target",
        /// A reported outcome or estimate.
        Result = "result",
    }
}

words! {
    /// How a [`Target`]'s value bounds the quantity ([`Target::bound`]).
    Bound {
        /// Exactly the value.
        Eq = "eq",
        /// At least the value (以上, 不低于, 超过…).
        Ge = "ge",
        /// At most the value (以内, 不超过, 低于…).
        Le = "le",
        /// About the value (左右, 约, 近…).
        Approx = "approx",
        /// Between `value` and `value_max`.
        Range = "range",
    }
}

words! {
    /// How a [`Term`] was found ([`Term::kind`]).
    TermKind {
        /// The report defines it (是指, a glossary entry…).
        Defined = "defined",
        /// The report puts it in quotation marks.
        Quoted = "quoted",
        /// A numbered slogan or formula (两个确保, 互联网+…).
        Slogan = "slogan",
        /// A recurring coinage found by the statistics.
        Coined = "coined",
    }
}
