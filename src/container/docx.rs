//! .docx → plain text.
//!
//! A .docx is a ZIP archive; the body of the document is the XML part
//! `word/document.xml`. Each paragraph (`<w:p>`) becomes one line; the text
//! comes from the runs' `<w:t>` elements, `<w:tab/>` becomes a tab and
//! `<w:br/>` a line break. Deleted text, field codes and the fallback copies
//! of text boxes are left out. Numbering (`w:numPr`) is not rendered.
//!
//! The offset map points into the text of `word/document.xml` (decoded as
//! UTF-8, or UTF-16 when the part says so), counted in chars.
//!
//! The reader is defensive: the part is read through a size cap (a "zip
//! bomb" that inflates to gigabytes is refused once the cap is passed), the
//! number of archive entries is capped, and every failure becomes
//! [`Error::BadDocx`] with a short reason.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::decode;
use crate::offsets::{Mapped, MappedWriter};
use crate::Error;

/// The largest uncompressed `word/document.xml` read, in bytes.
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// The most archive entries a .docx may have (real ones have a few dozen).
pub const MAX_ENTRIES: usize = 10_000;

/// The largest `_rels/.rels` read when looking for the main part.
const MAX_RELS: u64 = 1024 * 1024;

/// The paragraphs of a .docx's main document part, one per line, with a map
/// from each output char to its char offset in the part's XML text.
pub fn to_text(bytes: &[u8]) -> Result<Mapped, Error> {
    to_text_with_limit(bytes, MAX_DOCUMENT_XML)
}

/// [`to_text`] with the cap on the uncompressed size of the main part given
/// (tests use a small cap to exercise the zip-bomb guard cheaply).
pub(crate) fn to_text_with_limit(bytes: &[u8], limit: u64) -> Result<Mapped, Error> {
    let xml = read_main_part(bytes, limit)?;
    let text = match decode::decode(&xml) {
        Ok(d) => d.text,
        Err(Error::Empty) => return Err(bad("word/document.xml is empty")),
        Err(_) => return Err(bad("word/document.xml is not text")),
    };
    document_xml_to_text(&text)
}

fn bad(why: &str) -> Error {
    Error::BadDocx(why.to_string())
}

/// Reads the main document part (normally `word/document.xml`) through the
/// size cap.
fn read_main_part(bytes: &[u8], limit: u64) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::BadDocx(format!("not a readable ZIP archive: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad("too many parts in the archive"));
    }
    let name = if zip.index_for_name("word/document.xml").is_some() {
        "word/document.xml".to_string()
    } else {
        main_part_from_rels(&mut zip).ok_or_else(|| bad("word/document.xml is missing"))?
    };
    read_capped(&mut zip, &name, limit)
}

/// Reads one part, refusing it when it inflates past `limit` bytes.
fn read_capped(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, Error> {
    let file = zip
        .by_name(name)
        .map_err(|e| Error::BadDocx(format!("{name} cannot be opened: {e}")))?;
    let too_big = || {
        Error::BadDocx(format!(
            "{name} is larger than {} MB uncompressed",
            limit >> 20
        ))
    };
    if file.size() > limit {
        return Err(too_big());
    }
    let mut out = Vec::new();
    // One byte more than the cap tells "exactly at the cap" from "past it",
    // whatever size the (possibly lying) header declares.
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::BadDocx(format!("{name} is damaged: {e}")))?;
    if out.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(out)
}

/// The main part's name from the package relationships, for the rare
/// generators that do not use `word/document.xml`.
fn main_part_from_rels(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let rels = read_capped(zip, "_rels/.rels", MAX_RELS).ok()?;
    let rels = String::from_utf8_lossy(&rels);
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .map(|a| a.value.to_string())
                };
                let is_main = attr("Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr("Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    return zip.index_for_name(&target).map(|_| target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Where the parser is, for the elements whose meaning depends on context.
#[derive(Debug, Default)]
struct State {
    /// Inside `<w:t>`: its text is document text.
    in_t: usize,
    /// Inside paragraph or run properties (`<w:pPr>`, `<w:rPr>`), where
    /// `<w:tab>` is a tab stop, not a tab.
    in_props: usize,
    /// Inside content that must be skipped (`mc:Fallback`, deleted runs).
    skip: usize,
}

/// Converts the XML text of the main document part. Streaming (no
/// recursion); malformed XML gives [`Error::BadDocx`].
pub(crate) fn document_xml_to_text(xml: &str) -> Result<Mapped, Error> {
    let mut reader = Reader::from_str(xml);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.trim_text_start = false;
        cfg.trim_text_end = false;
        cfg.expand_empty_elements = false;
    }
    let mut pos = CharPos::default();
    let mut w = MappedWriter::new(xml.chars().count());
    let mut st = State::default();
    let mut seen_body = false;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(xml.len());
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(Error::BadDocx(format!(
                    "word/document.xml is not well-formed XML (near byte {}): {e}",
                    reader.error_position()
                )))
            }
        };
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "body" => seen_body = true,
                    "t" if st.skip == 0 => st.in_t += 1,
                    "pPr" | "rPr" => st.in_props += 1,
                    "Fallback" | "del" | "moveFrom" => st.skip += 1,
                    _ => {}
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "t" if st.in_t > 0 => st.in_t -= 1,
                    "pPr" | "rPr" => st.in_props = st.in_props.saturating_sub(1),
                    "Fallback" | "del" | "moveFrom" => st.skip = st.skip.saturating_sub(1),
                    "p" if st.skip == 0 => w.synth(pos.at(xml, start), "\n"),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if st.skip > 0 || st.in_props > 0 {
                    continue;
                }
                match e.local_name().as_ref() {
                    "p" => w.synth(pos.at(xml, start), "\n"),
                    "tab" | "ptab" => w.synth(pos.at(xml, start), "\t"),
                    "br" | "cr" => w.synth(pos.at(xml, start), "\n"),
                    "noBreakHyphen" => w.synth(pos.at(xml, start), "-"),
                    _ => {}
                }
            }
            Event::Text(t) if st.in_t > 0 && st.skip == 0 => {
                let s: &str = &t;
                let base = pos.at(xml, start);
                for (i, c) in s.chars().enumerate() {
                    if c != '\r' {
                        w.copy_char(base + i, c);
                    }
                }
            }
            Event::CData(t) if st.in_t > 0 && st.skip == 0 => {
                let s: &str = &t;
                // Skip "<![CDATA[" (9 chars) to the first char of the content.
                let base = pos.at(xml, start) + 9;
                for (i, c) in s.chars().enumerate() {
                    w.copy_char(base + i, c);
                }
            }
            Event::GeneralRef(r) if st.in_t > 0 && st.skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                let c = c.ok_or_else(|| bad("word/document.xml has an unknown entity"))?;
                w.synth(pos.at(xml, start), c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_body {
        return Err(bad("word/document.xml has no document body"));
    }
    Ok(w.finish())
}

/// Converts byte offsets of a text to char offsets, moving forward only, so
/// a whole pass costs time linear in the text.
#[derive(Debug, Default)]
struct CharPos {
    byte: usize,
    chr: usize,
}

impl CharPos {
    /// The char offset of byte offset `byte` (clamped to the text).
    fn at(&mut self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        if byte < self.byte {
            // Never happens in a forward pass; recount rather than fail.
            self.byte = 0;
            self.chr = 0;
        }
        let skipped = &text.as_bytes()[self.byte..byte];
        self.chr += skipped.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.chr
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn document(body: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W}><w:body>{body}</w:body></w:document>")
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            z.start_file(*name, SimpleFileOptions::default()).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    fn docx(body: &str) -> Vec<u8> {
        zip_of(&[("word/document.xml", document(body).as_bytes())])
    }

    #[test]
    fn paragraphs_runs_tabs_and_breaks() {
        let body = "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
            <w:r><w:t>一、</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">总体 要求</w:t></w:r></w:p>\
            <w:p/><w:p><w:r><w:t>A&amp;B&#x4E2D;</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>";
        let m = to_text(&docx(body)).unwrap();
        assert_eq!(m.text, "一、\t总体 要求\n\nA&B中\n下一行\n");
    }

    #[test]
    fn offsets_point_into_document_xml() {
        let xml = document("<w:p><w:r><w:t>报告&lt;x</w:t></w:r></w:p>");
        let m = document_xml_to_text(&xml).unwrap();
        assert_eq!(m.text, "报告<x\n");
        let chars: Vec<char> = xml.chars().collect();
        let at = |i: usize| chars[m.map.to_source(i)];
        assert_eq!(at(0), '报');
        assert_eq!(at(1), '告');
        assert_eq!(at(2), '&');
        assert_eq!(at(3), 'x');
        assert_eq!(at(4), '<'); // the paragraph's end tag
    }

    #[test]
    fn deleted_text_field_codes_and_fallbacks_are_skipped() {
        let body = "<w:p><w:del><w:r><w:delText>旧</w:delText></w:r></w:del>\
            <w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>新</w:t></w:r>\
            <mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:t>框</w:t></mc:Choice>\
            <mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:p>";
        assert_eq!(to_text(&docx(body)).unwrap().text, "新框\n");
    }

    #[test]
    fn main_part_found_through_relationships() {
        let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
            <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/word/document2.xml\"/></Relationships>";
        let doc = document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
        let z = zip_of(&[
            ("_rels/.rels", rels.as_bytes()),
            ("word/document2.xml", doc.as_bytes()),
        ]);
        assert_eq!(to_text(&z).unwrap().text, "正文\n");
    }

    fn is_bad(r: Result<Mapped, Error>) -> String {
        match r {
            Err(Error::BadDocx(why)) => why,
            other => panic!("expected BadDocx, got {other:?}"),
        }
    }

    #[test]
    fn damaged_files_are_bad_docx() {
        assert!(is_bad(to_text(b"PK\x03\x04garbage")).contains("ZIP"));
        let z = zip_of(&[("word/other.xml", b"<x/>")]);
        assert!(is_bad(to_text(&z)).contains("missing"));
        let good = docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
        for cut in [10, good.len() / 2, good.len() - 10] {
            is_bad(to_text(&good[..cut]));
        }
        let z = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
        assert!(is_bad(to_text(&z)).contains("XML"));
        let z = zip_of(&[("word/document.xml", b"")]);
        is_bad(to_text(&z));
        let z = zip_of(&[("word/document.xml", b"<a/>")]);
        assert!(is_bad(to_text(&z)).contains("body"));
    }

    #[test]
    fn inflating_past_the_cap_is_refused() {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![0u8; 64 * 1024];
        for _ in 0..32 {
            z.write_all(&zeros).unwrap();
        }
        let bytes = z.finish().unwrap().into_inner();
        assert!(bytes.len() < 100_000);
        assert!(is_bad(to_text_with_limit(&bytes, 1 << 20)).contains("larger than"));
    }
}
