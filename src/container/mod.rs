//! Containers: which kind of file this is, and how to get its text out.
//!
//! [`sniff`] tells a Word .docx (a ZIP archive with `word/document.xml`), an
//! HTML page (by its name or its markup) and plain text apart, and refuses
//! other files early with [`Error::NotText`]. [`html`] and [`docx`] then turn
//! markup into plain text with an offset map back into the markup.

pub mod docx;
pub mod html;

use crate::decode;
use crate::Error;

/// The kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Plain text (also Markdown).
    Text,
    /// An HTML page.
    Html,
    /// A Word .docx.
    Docx,
}

impl Format {
    /// The name used in the Report: text, html or docx.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }
}

/// How much of the start of a file the markup check reads.
const SNIFF_BYTES: usize = 16 * 1024;

/// Tells the format from the bytes (and the file name, if known).
///
/// A ZIP archive is a .docx when it holds a `word/document…` part; any
/// other ZIP (and a PDF, an image, an old .doc…) gives [`Error::NotText`]
/// naming what it looks like. HTML is recognised by the file name's
/// extension (.htm, .html, .xhtml, .shtml, and .mht/.mhtml web archives)
/// when it holds any markup, or by its markup alone (see [`sniff_text`]); a
/// `.md` or `.markdown` name keeps the file as text even if it holds a few
/// tags.
/// Everything else is text. Empty input is left for the decoder to refuse.
pub fn sniff(bytes: &[u8], name: Option<&str>) -> Result<Format, Error> {
    sniff_checked(bytes, name, decode::as_utf8(bytes))
}

/// [`sniff`], given [`decode::as_utf8`] of `bytes` (which the caller
/// passes on to the decoder too, so the input is checked once).
pub(crate) fn sniff_checked(
    bytes: &[u8],
    name: Option<&str>,
    utf8: Option<&str>,
) -> Result<Format, Error> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if let Some(looks_like) = decode::looks_like(bytes) {
        return Err(Error::NotText { looks_like });
    }
    let ext = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "md" | "markdown" | "mdown" | "mkd") {
        return Ok(Format::Text);
    }
    let head = decode::decode_prefix_checked(bytes, SNIFF_BYTES, utf8);
    let html_name = matches!(
        ext.as_str(),
        "htm" | "html" | "xhtml" | "xht" | "shtml" | "shtm" | "mht" | "mhtml"
    );
    // A page by its name needs only some markup; a plain text saved under
    // an .html name (no tag at all) is still read as text, line by line.
    if html_name && (has_markup(&head) || html::looks_like_mhtml(&head)) {
        return Ok(Format::Html);
    }
    Ok(sniff_text(&head))
}

/// True when the text holds something tag-like: `<` followed by a letter,
/// `/` or `!`.
fn has_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// What a ZIP archive holds: a .docx, or something named in the error.
fn zip_kind(bytes: &[u8]) -> Result<Format, Error> {
    // Part names are stored uncompressed in the local headers and the
    // central directory, so a byte search finds them even in a damaged file
    // (which the .docx reader then reports as such).
    let has = |name: &[u8]| decode::find(bytes, name).is_some();
    let looks_like = if has(b"word/document") {
        return Ok(Format::Docx);
    } else if has(b"xl/workbook") {
        "an Excel .xlsx workbook"
    } else if has(b"ppt/presentation") {
        "a PowerPoint .pptx file"
    } else if has(b"application/vnd.oasis.opendocument.text") {
        "an OpenDocument .odt file (save it as .docx or .txt)"
    } else if has(b"application/vnd.oasis.opendocument") {
        "an OpenDocument file"
    } else if has(b"application/epub+zip") {
        "an EPUB e-book"
    } else {
        "a ZIP archive"
    };
    Err(Error::NotText { looks_like })
}

/// Tells HTML from plain text for text already decoded.
///
/// HTML when, in the first 16 KB, the text is a MIME web archive, starts
/// with a doctype or an `<html>` tag, holds `<html`, `<head>` or `<body`, or
/// is dense with common
/// tags (at least eight `<p>`, `<div>`, `<br>`, `<td>`… or three when the
/// text starts with a tag). A Markdown file with a stray `<br>` stays text.
pub fn sniff_text(text: &str) -> Format {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if html::looks_like_mhtml(head) {
        return Format::Html;
    }
    // Every test below looks for a tag: without a `<` the text is text.
    if !head.as_bytes().contains(&b'<') {
        return Format::Text;
    }
    let lower = head.to_ascii_lowercase();
    let l = lower.as_bytes();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Format::Html;
    }
    for marker in [&b"<html"[..], b"<head>", b"<body"] {
        if let Some(i) = decode::find(l, marker) {
            let next = l.get(i + marker.len()).copied().unwrap_or(b'>');
            if marker.ends_with(b">") || next == b'>' || next.is_ascii_whitespace() {
                return Format::Html;
            }
        }
    }
    let tags = count_common_tags(l);
    if tags >= 8 || (tags >= 3 && l.first() == Some(&b'<')) {
        Format::Html
    } else {
        Format::Text
    }
}

/// Counts start and end tags of common HTML elements in lower-cased text.
fn count_common_tags(l: &[u8]) -> usize {
    const NAMES: &[&[u8]] = &[
        b"p", b"div", b"br", b"span", b"a", b"table", b"tr", b"td", b"th", b"li", b"ul", b"ol",
        b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"strong", b"b", b"em", b"i", b"font", b"img",
        b"meta", b"link", b"script", b"style", b"section", b"article", b"center", b"hr", b"tbody",
        b"title",
    ];
    let mut n = 0;
    let mut i = 0;
    while let Some(off) = l.get(i..).and_then(|s| s.iter().position(|&b| b == b'<')) {
        let mut j = i + off + 1;
        if l.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_end = l[j.min(l.len())..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(l.len(), |k| j + k);
        let name = &l[j.min(name_end)..name_end];
        let after = l.get(name_end).copied();
        if NAMES.contains(&name)
            && matches!(after, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
        {
            n += 1;
        }
        i = i + off + 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_by_extension_and_content() {
        assert_eq!(sniff(b"<b>x</b>", Some("a.HTML")).unwrap(), Format::Html);
        assert_eq!(sniff(b"a <span>", Some("a.htm")).unwrap(), Format::Html);
        // A text file under a page's name stays text.
        assert_eq!(
            sniff("报告\n正文".as_bytes(), Some("a.htm")).unwrap(),
            Format::Text
        );
        assert_eq!(sniff(b"plain", Some("a.txt")).unwrap(), Format::Text);
        assert_eq!(sniff(b"plain", None).unwrap(), Format::Text);
        assert_eq!(sniff(b"\n<!DOCTYPE html><p>x", None).unwrap(), Format::Html);
        assert_eq!(sniff(b"<html lang=zh>", None).unwrap(), Format::Html);
        assert_eq!(
            sniff("报告<body>正文".as_bytes(), None).unwrap(),
            Format::Html
        );
        let page = "<div>一</div><p>二</p><p>三</p>";
        assert_eq!(sniff(page.as_bytes(), Some("x.txt")).unwrap(), Format::Html);
        let md = "# 标题\n\n正文<br>第二行\n\n- 一\n- 二\n";
        assert_eq!(sniff(md.as_bytes(), Some("r.md")).unwrap(), Format::Text);
        assert_eq!(sniff(md.as_bytes(), None).unwrap(), Format::Text);
        // <header> is not <head>, <bodyguard> is not <body.
        assert_eq!(sniff_text("a <bodyguard> b"), Format::Text);
    }

    #[test]
    fn utf16_html_is_seen_through_its_encoding() {
        let page = "<!DOCTYPE html><html><body><p>报告</p></body></html>";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(page.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(sniff(&le, None).unwrap(), Format::Html);
    }

    #[test]
    fn zips_are_told_apart() {
        assert_eq!(
            sniff(b"PK\x03\x04....word/document.xml", None).unwrap(),
            Format::Docx
        );
        let not = |b: &[u8]| match sniff(b, Some("x.docx")) {
            Err(Error::NotText { looks_like }) => looks_like,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            not(b"PK\x03\x04....xl/workbook.xml"),
            "an Excel .xlsx workbook"
        );
        assert_eq!(not(b"PK\x03\x04....other.txt"), "a ZIP archive");
        assert_eq!(not(b"PK\x05\x06\0\0\0\0"), "a ZIP archive");
        assert_eq!(not(b"%PDF-1.4"), "a PDF document");
    }
}
