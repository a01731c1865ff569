//! zhengbao (政报): reads a Chinese government work report and extracts its
//! outline, meta, targets and glossary.
//!
//! The pipeline is a chain of passes over one buffer, each keeping offsets:
//!
//! bytes → [`container::sniff`] (text, HTML or .docx?) → [`decode`] (which
//! encoding?) → [`container`] (markup → plain text with an offset map) →
//! [`clean`] (boilerplate, pinyin, white space → `text`) → [`script`] (a folded
//! view of `text`, same length) → [`outline`] → [`meta`] → [`Report`].
//!
//! The crate has no web dependencies: it builds natively (the `zhengbao` CLI)
//! and for `wasm32-unknown-unknown` (the web app).

mod charfilter;
pub mod clean;
pub mod container;
pub mod decode;
pub mod doc;
pub mod error;
pub mod export;
#[cfg(feature = "fast-alloc")]
pub mod fast_alloc;
pub mod glossary;
pub mod markdown;
pub mod meta;
pub mod numbers;
pub mod offsets;
pub mod outline;
mod pattern;
pub mod report;
pub mod script;
pub mod sort;
pub mod targets;

pub use error::Error;
pub use report::{
    Bound, Form, Meta, Report, Section, Span, Target, TargetKind, Term, TermKind, SCHEMA,
};

use container::Format;

// The engine behind `regex::Regex` in every module: the `regex` crate with
// `fast-regex` (the CLI), else `regex-lite` (the web app, much smaller).
#[cfg(feature = "fast-regex")]
extern crate regex_full as regex;
#[cfg(not(feature = "fast-regex"))]
extern crate regex_lite as regex;

/// A built-in regex, compiled once on first use (the pattern is built only
/// then, so callers on hot paths pay nothing after the first call). The
/// patterns are constants of this crate (never input), and the unit tests
/// compile every one of them, so a bad pattern fails the tests, not a user.
pub(crate) fn cached_regex<P: AsRef<str>>(
    cell: &'static std::sync::OnceLock<regex::Regex>,
    pattern: impl FnOnce() -> P,
) -> &'static regex::Regex {
    cell.get_or_init(|| {
        let pattern = pattern();
        let pattern = pattern.as_ref();
        pattern::expand(pattern)
            .and_then(|p| regex::Regex::new(&p).map_err(|e| e.to_string()))
            .unwrap_or_else(|e| panic!("bad built-in regex {pattern}: {e}"))
    })
}

/// `re`'s captures in `s`. The `regex` crate answers yes or no with a DFA far
/// cheaper than its search for groups, so a line that does not match is
/// spared that search; regex-lite (the web build) has one engine for both,
/// and asking twice would double its work on every line that matches.
pub(crate) fn captures_on_match<'h>(re: &regex::Regex, s: &'h str) -> Option<regex::Captures<'h>> {
    if cfg!(feature = "fast-regex") && !re.is_match(s) {
        return None;
    }
    re.captures(s)
}

use offsets::Mapped;

/// The largest input accepted, in bytes (larger files get [`Error::TooLarge`]).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Refuses an input of `size` bytes past [`MAX_INPUT_BYTES`]; callers that
/// know a file's size before reading it (the web app) check it first.
pub fn check_size(size: usize) -> Result<(), Error> {
    if size > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

/// A pass of the pipeline, announced to a progress callback as it starts
/// (see [`extract_with`]): the web app shows it while a large file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Telling the format and encoding, and turning markup into text.
    Decode,
    /// Removing boilerplate, pinyin and stray white space.
    Clean,
    /// Finding headings and the meta fields.
    Outline,
    /// Finding targets and results.
    Targets,
    /// Finding the glossary's terms.
    Glossary,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 5] = [
        Stage::Decode,
        Stage::Clean,
        Stage::Outline,
        Stage::Targets,
        Stage::Glossary,
    ];

    /// The stage's position in [`Stage::ALL`], from 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Extracts a report from a file's bytes. `name` (the file name, if known)
/// helps tell HTML and .docx from plain text; the content decides otherwise.
pub fn extract(bytes: &[u8], name: Option<&str>) -> Result<Report, Error> {
    extract_with(bytes, name, &mut |_| {})
}

/// [`extract`], calling `progress` as each [`Stage`] starts.
pub fn extract_with(
    bytes: &[u8],
    name: Option<&str>,
    progress: &mut dyn FnMut(Stage),
) -> Result<Report, Error> {
    check_size(bytes.len())?;
    progress(Stage::Decode);
    // The input is checked for UTF-8 once, for the sniffer and the decoder.
    let utf8 = decode::as_utf8(bytes);
    let format = container::sniff_checked(bytes, name, utf8)?;
    let (plain, encoding) = match format {
        Format::Docx => (container::docx::to_text(bytes)?, "UTF-8".to_string()),
        Format::Html => {
            let (d, _) = decode::decode_checked(bytes, utf8)?;
            (container::html::to_text(&d.text), d.encoding.to_string())
        }
        Format::Text => {
            let (d, chars) = decode::decode_checked(bytes, utf8)?;
            (Mapped::identity_of(d.text, chars), d.encoding.to_string())
        }
    };
    build(plain, encoding, format, progress)
}

/// Extracts a report from text that is already decoded (pasted text). HTML
/// markup in it is recognised as in a file.
pub fn extract_text(text: &str) -> Result<Report, Error> {
    extract_text_with(text, &mut |_| {})
}

/// [`extract_text`], calling `progress` as each [`Stage`] starts.
pub fn extract_text_with(text: &str, progress: &mut dyn FnMut(Stage)) -> Result<Report, Error> {
    check_size(text.len())?;
    progress(Stage::Decode);
    let format = container::sniff_text(text);
    let plain = match format {
        Format::Html => container::html::to_text(text),
        _ => Mapped::identity(text.to_string()),
    };
    build(plain, "UTF-8".to_string(), format, progress)
}

fn build(
    plain: Mapped,
    encoding: String,
    format: Format,
    progress: &mut dyn FnMut(Stage),
) -> Result<Report, Error> {
    progress(Stage::Clean);
    let cleaned = clean::clean(&plain.text);
    if cleaned.text.text.trim().is_empty() {
        return Err(Error::Empty);
    }
    let source_map = plain.map.then(&cleaned.text.map);
    let text = cleaned.text.text;
    progress(Stage::Outline);
    let doc = doc::Doc::new(&text);
    let sections = outline::outline(&doc);
    let mut meta = meta::meta(&doc, &sections, &cleaned.facts);
    meta.script = doc.script.name().to_string();
    meta.encoding = encoding;
    meta.format = format.name().to_string();
    progress(Stage::Targets);
    let targets = targets::targets(&doc, &sections, &meta);
    progress(Stage::Glossary);
    let glossary = glossary::glossary(&doc, &sections);
    Ok(Report {
        schema: SCHEMA.to_string(),
        meta,
        sections,
        targets,
        glossary,
        source_map,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_names_every_stage_in_order() {
        let text = "政府工作报告\n一、过去一年的工作\n地区生产总值增长6%左右。\n";
        let mut seen = Vec::new();
        let report = extract_with(text.as_bytes(), Some("r.txt"), &mut |s| seen.push(s));
        assert!(report.is_ok());
        assert_eq!(seen, Stage::ALL);
        let mut seen = Vec::new();
        assert!(extract_text_with(text, &mut |s| seen.push(s)).is_ok());
        assert_eq!(seen, Stage::ALL);
        assert_eq!(Stage::Glossary.index(), 4);
    }

    #[test]
    fn too_large_input_is_refused_before_any_stage() {
        let big = vec![b'a'; MAX_INPUT_BYTES + 1];
        let mut seen = Vec::new();
        let result = extract_with(&big, None, &mut |s| seen.push(s));
        assert!(matches!(result, Err(Error::TooLarge { .. })));
        assert!(seen.is_empty());
    }
}
