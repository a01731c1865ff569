//! Decoding: a file's bytes → text, whatever encoding the report was saved in.
//!
//! Chinese reports come as UTF-8, GBK/GB18030 (mainland), Big5 (Taiwan, Hong
//! Kong, mirror sites) and UTF-16 (files saved by Windows Notepad as
//! "Unicode"). The order of the checks:
//!
//! 1. Files that are not text at all (PDF, images, archives, old Word files,
//!    programs) are recognised by their magic numbers and refused with
//!    [`Error::NotText`], so the user learns what to do instead of seeing
//!    mojibake.
//! 2. A byte order mark decides: UTF-8, UTF-16LE, UTF-16BE (or GB18030).
//! 3. UTF-16 without a mark shows itself by its NUL bytes, nearly all on odd
//!    (little endian) or even (big endian) positions.
//! 4. UTF-8 (allowing a few damaged bytes, which become U+FFFD).
//! 5. Otherwise [chardetng] guesses, restricted to the Chinese legacy
//!    encodings: GB18030 (which also decodes GBK and GB2312) or Big5.
//!
//! Every step is linear in the input size, and invalid sequences become
//! U+FFFD, never a panic.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

use crate::Error;

/// Decoded text and the name of the encoding it came from.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without a byte order mark and without NUL characters.
    pub text: String,
    /// The encoding's name: UTF-8, GB18030, Big5, UTF-16LE or UTF-16BE.
    pub encoding: &'static str,
}

/// How many bytes of the start of a file the statistical checks look at
/// (UTF-16 detection, chardetng). Enough for a clear signal, and it keeps
/// detection cheap on large files.
const SAMPLE: usize = 1 << 20;

/// Decodes a file's bytes to text.
///
/// Returns [`Error::Empty`] for no bytes or nothing but white space, and
/// [`Error::NotText`] for files that are something else (a PDF, an image, an
/// archive…) or look like binary data. NUL bytes in a file that is otherwise
/// text are dropped, so a text padded with NULs still reads.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty);
    }
    if let Some(looks_like) = looks_like(bytes) {
        return Err(Error::NotText { looks_like });
    }
    let (mut text, encoding) = decode_any(bytes);
    if let Some(rest) = text.strip_prefix('\u{FEFF}') {
        text = rest.to_string();
    }
    let stats = CharStats::of(&text);
    if stats.nul > 0 {
        text.retain(|c| c != '\0');
    }
    if stats.looks_binary() {
        return Err(Error::NotText {
            looks_like: "binary data",
        });
    }
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(Decoded { text, encoding })
}

/// Decodes the start of a file (at most `max_bytes` of it) well enough to
/// look at its markup: the encoding is chosen as [`decode`] would, but
/// without the checks for binary data. Used by format sniffing.
pub(crate) fn decode_prefix(bytes: &[u8], max_bytes: usize) -> String {
    if let Some((enc, bom)) = bom(bytes) {
        let end = bytes.len().min(max_bytes.saturating_add(bom));
        let mut end = end.max(bom);
        if enc != UTF_8 && enc != GB18030 && (end - bom) % 2 == 1 {
            end -= 1;
        }
        let body = bytes.get(bom..end).unwrap_or_default();
        return enc.decode_without_bom_handling(body).0.into_owned();
    }
    let head = &bytes[..bytes.len().min(max_bytes)];
    if let Some(enc) = utf16_without_bom(head, false) {
        let even = head.len() & !1;
        return enc
            .decode_without_bom_handling(&head[..even])
            .0
            .into_owned();
    }
    // Every other candidate is ASCII-compatible, and markup is ASCII.
    String::from_utf8_lossy(head).into_owned()
}

/// Names what a file that is not text looks like, from its first bytes
/// (its magic number): "a PDF document", "a PNG image", "a ZIP archive"…
/// `None` when nothing is recognised (the file may well be text).
///
/// A ZIP archive is reported as such: telling a .docx from other ZIP files is
/// the job of [`crate::container::sniff`].
pub fn looks_like(bytes: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"%PDF") {
        return Some("a PDF document");
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some("a PNG image");
    }
    if starts(b"\xFF\xD8\xFF") {
        return Some("a JPEG image");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("a GIF image");
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    if starts(b"BM") && bytes.len() > 26 && bytes.get(14) == Some(&40) && bytes.get(15) == Some(&0)
    {
        return Some("a BMP image");
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some("a TIFF image");
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        return Some("a ZIP archive");
    }
    if starts(b"\x1F\x8B") {
        return Some("a gzip archive");
    }
    if starts(b"7z\xBC\xAF\x27\x1C") {
        return Some("a 7z archive");
    }
    if starts(b"Rar!\x1A\x07") {
        return Some("a RAR archive");
    }
    if starts(b"\xFD7zXZ\0") {
        return Some("an xz archive");
    }
    if starts(b"BZh") && bytes.get(4..10) == Some(b"\x31\x41\x59\x26\x53\x59") {
        return Some("a bzip2 archive");
    }
    if starts(b"\x28\xB5\x2F\xFD") {
        return Some("a zstd archive");
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some(ole_kind(bytes));
    }
    if starts(b"{\\rtf") {
        return Some("an RTF document");
    }
    if starts(b"\x7FELF") {
        return Some("a program (an ELF executable)");
    }
    if starts(b"MZ") && bytes.iter().take(64).any(|&b| b == 0) {
        return Some("a program (a Windows executable)");
    }
    if starts(b"\xCA\xFE\xBA\xBE")
        || starts(b"\xFE\xED\xFA\xCE")
        || starts(b"\xFE\xED\xFA\xCF")
        || starts(b"\xCE\xFA\xED\xFE")
        || starts(b"\xCF\xFA\xED\xFE")
    {
        return Some("a program (an executable)");
    }
    if starts(b"\0asm") {
        return Some("a WebAssembly module");
    }
    None
}

/// Which old Office file an OLE compound file is, from its stream names
/// (stored as UTF-16LE in the directory).
fn ole_kind(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(SAMPLE)];
    if contains_utf16le(head, "WordDocument") {
        "a Word 97-2003 .doc file"
    } else if contains_utf16le(head, "Workbook") || contains_utf16le(head, "Book") {
        "an Excel 97-2003 .xls workbook"
    } else if contains_utf16le(head, "PowerPoint Document") {
        "a PowerPoint 97-2003 .ppt file"
    } else {
        "a Word 97-2003 .doc file"
    }
}

/// True when `needle` (ASCII) occurs in `hay` encoded as UTF-16LE.
fn contains_utf16le(hay: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle.bytes().flat_map(|b| [b, 0]).collect();
    find(hay, &pat).is_some()
}

/// Position of the first occurrence of `needle` in `hay`. Linear in practice:
/// the scan only compares further when the first byte matches.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let off = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|&b| b == first)?;
        i += off;
        if hay[i + 1..i + needle.len()] == *rest {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The encoding announced by a byte order mark, and the mark's length.
fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some((UTF_8, 3))
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some((UTF_16LE, 2))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((UTF_16BE, 2))
    } else if bytes.starts_with(b"\x84\x31\x95\x33") {
        Some((GB18030, 4))
    } else {
        None
    }
}

/// The report's name of an encoding.
fn name_of(enc: &'static Encoding) -> &'static str {
    if enc == UTF_16LE {
        "UTF-16LE"
    } else if enc == UTF_16BE {
        "UTF-16BE"
    } else if enc == BIG5 {
        "Big5"
    } else if enc == GB18030 || enc == GBK {
        "GB18030"
    } else {
        "UTF-8"
    }
}

/// Chooses the encoding and decodes the whole input.
fn decode_any(bytes: &[u8]) -> (String, &'static str) {
    let enc = detect(bytes);
    let body = match bom(bytes) {
        Some((b, len)) if b == enc => &bytes[len..],
        _ => bytes,
    };
    let body = if (enc == UTF_16LE || enc == UTF_16BE) && body.len() % 2 == 1 {
        // A dangling last byte would only add a U+FFFD.
        &body[..body.len() - 1]
    } else {
        body
    };
    let (text, _had_errors) = enc.decode_without_bom_handling(body);
    (text.into_owned(), name_of(enc))
}

/// Chooses the encoding of `bytes` (see the module documentation).
fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = bom(bytes) {
        return enc;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if let Some(enc) = utf16_without_bom(sample, true) {
        return enc;
    }
    if mostly_utf8(bytes) {
        return UTF_8;
    }
    if let Some(enc) = declared_chinese(bytes) {
        return enc;
    }
    chinese_legacy(sample, sample.len() == bytes.len())
}

/// UTF-16 without a byte order mark, told by where its NUL bytes stand: the
/// high byte of every ASCII char (digits, line breaks, Latin punctuation) is
/// NUL, so nearly all NULs fall on odd positions (LE) or even ones (BE).
/// With `strict`, UTF-16 is only chosen over valid UTF-8 when NULs are
/// frequent, as they are in UTF-16 but not in a UTF-8 file with a few NULs.
fn utf16_without_bom(sample: &[u8], strict: bool) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut le, mut be) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        match (p[0] == 0, p[1] == 0) {
            (false, true) => le += 1,
            (true, false) => be += 1,
            _ => {}
        }
    }
    let (enc, hits, other) = if le >= be {
        (UTF_16LE, le, be)
    } else {
        (UTF_16BE, be, le)
    };
    // At least 2% of the chars are ASCII, and the NULs mostly take one side
    // (a CJK char such as U+4E00 has a NUL low byte now and then).
    if hits < 2 || hits * 50 < pairs || other * 3 > hits {
        return None;
    }
    let even = sample.len() & !1;
    let (text, had_errors) = enc.decode_without_bom_handling(&sample[..even]);
    if had_errors {
        // Unpaired surrogates: allow one at the sample's cut end only.
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad > 1 {
            return None;
        }
    }
    if strict && std::str::from_utf8(sample).is_ok() && hits * 4 < pairs {
        return None;
    }
    Some(enc)
}

/// True when the bytes are UTF-8, allowing a few damaged sequences: at
/// least eight well-formed multi-byte chars for each invalid byte (legacy
/// Chinese encodings only form valid UTF-8 now and then by chance).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multi, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multi += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    bad == 0 || (multi > 0 && multi >= 8 * bad)
}

/// A Chinese legacy encoding declared near the start of the file, as web
/// pages and XML do (`<meta charset="gb2312">`, `encoding="GBK"`). Only
/// consulted for bytes that are not UTF-8, so a page whose declaration
/// outlived a conversion to UTF-8 still reads right.
fn declared_chinese(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    for key in [&b"charset"[..], b"encoding"] {
        let mut from = 0;
        while let Some(i) = find(&head[from..], key) {
            let mut j = from + i + key.len();
            from = j;
            let skip = |j: &mut usize, set: &[u8]| {
                while head.get(*j).is_some_and(|c| set.contains(c)) {
                    *j += 1;
                }
            };
            skip(&mut j, b" \t\r\n");
            if head.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            skip(&mut j, b" \t\r\n\"'");
            let len = head[j..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
                .count();
            match Encoding::for_label(&head[j..j + len]) {
                Some(e) if e == GBK || e == GB18030 => return Some(GB18030),
                Some(e) if e == BIG5 => return Some(BIG5),
                _ => {}
            }
        }
    }
    None
}

/// GB18030 or Big5, as chardetng sees the sample. When chardetng prefers
/// some other (non-Chinese) encoding, the one of the two that decodes the
/// sample with fewer errors wins, GB18030 on a tie.
fn chinese_legacy(sample: &[u8], last: bool) -> &'static Encoding {
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(sample, last);
    for tld in [None, Some(&b"cn"[..])] {
        let g = det.guess(tld, Utf8Detection::Deny);
        if g == GBK || g == GB18030 {
            return GB18030;
        }
        if g == BIG5 {
            return BIG5;
        }
    }
    let errors = |enc: &'static Encoding| {
        let (text, _) = enc.decode_without_bom_handling(sample);
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    };
    if errors(BIG5) < errors(GB18030) {
        BIG5
    } else {
        GB18030
    }
}

/// Counts of the chars that tell text from binary data.
#[derive(Debug, Default)]
struct CharStats {
    /// All chars.
    total: usize,
    /// NUL chars (dropped from text, not counted against it).
    nul: usize,
    /// Control chars other than white space, and U+FFFD from invalid bytes.
    bad: usize,
}

impl CharStats {
    fn of(text: &str) -> CharStats {
        let mut s = CharStats::default();
        for c in text.chars() {
            s.total += 1;
            match c {
                '\0' => s.nul += 1,
                '\t' | '\n' | '\r' | '\x0B' | '\x0C' | '\x1A' | '\x1B' => {}
                '\u{FFFD}' => s.bad += 1,
                c if (c as u32) < 0x20 || c == '\x7F' => s.bad += 1,
                _ => {}
            }
        }
        s
    }

    /// Binary data: more than 5% of the chars that are not NUL are control
    /// chars or undecodable, or the text is nothing but NULs.
    fn looks_binary(&self) -> bool {
        let rest = self.total - self.nul;
        (rest == 0 && self.nul > 0) || self.bad * 20 > rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Decoded {
        match decode(bytes) {
            Ok(d) => d,
            Err(e) => panic!("decode failed: {e}"),
        }
    }

    fn not_text(bytes: &[u8]) -> &'static str {
        match decode(bytes) {
            Err(Error::NotText { looks_like }) => looks_like,
            other => panic!("expected NotText, got {other:?}"),
        }
    }

    const ZH: &str = "现在，我代表区人民政府向大会报告工作，请予审议。\n\
        一、过去五年工作回顾\n地区生产总值增长7.5%，服务业增加值增长8%。\n";

    #[test]
    fn empty_and_white_space_are_empty() {
        assert_eq!(decode(b"").unwrap_err(), Error::Empty);
        assert_eq!(decode(b" \r\n\t ").unwrap_err(), Error::Empty);
        assert_eq!(decode(b"\xEF\xBB\xBF \n").unwrap_err(), Error::Empty);
        assert_eq!(decode(b"\xFF\xFE \0\n\0").unwrap_err(), Error::Empty);
    }

    #[test]
    fn one_byte() {
        assert_eq!(ok(b"a").text, "a");
        assert!(decode(b"\xFF").is_err());
        assert!(decode(b"\x01").is_err());
        assert!(decode(b"\0").is_err());
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = ok(ZH.as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), (ZH, "UTF-8"));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(ZH.as_bytes());
        let d = ok(&b);
        assert_eq!((d.text.as_str(), d.encoding), (ZH, "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in ZH.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = ok(&le);
        assert_eq!((d.text.as_str(), d.encoding), (ZH, "UTF-16LE"));
        let d = ok(&be);
        assert_eq!((d.text.as_str(), d.encoding), (ZH, "UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom_by_nul_pattern() {
        let mut le = Vec::new();
        let mut be = Vec::new();
        for u in ZH.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(ok(&le).encoding, "UTF-16LE");
        assert_eq!(ok(&le).text, ZH);
        assert_eq!(ok(&be).encoding, "UTF-16BE");
        // Pure ASCII in UTF-16 is valid UTF-8 too: the NULs still decide.
        let ascii: Vec<u8> = "Report 2022\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(ok(&ascii).text, "Report 2022\n");
        // An odd dangling byte does not break it.
        le.push(b'x');
        assert_eq!(ok(&le).text, ZH);
    }

    #[test]
    fn gb18030_and_big5() {
        let (gb, _, bad) = GB18030.encode(ZH);
        assert!(!bad);
        let d = ok(&gb);
        assert_eq!((d.text.as_str(), d.encoding), (ZH, "GB18030"));
        let hant = "現在，我代表區人民政府向大會報告工作，請予審議，並請各位政協委員提出意見。\n\
            一、過去五年工作回顧\n本屆政府履職五年來，在市委、市政府和區委的堅強領導下，經濟實力穩步提升。\n";
        let (b5, _, bad) = BIG5.encode(hant);
        assert!(!bad);
        let d = ok(&b5);
        assert_eq!((d.text.as_str(), d.encoding), (hant, "Big5"));
    }

    #[test]
    fn declared_charset_of_a_page_is_used() {
        // Too short for statistics: the declaration decides.
        let page = "<meta charset=\"big5\"><p>報告</p>";
        let (b5, _, _) = BIG5.encode(page);
        assert_eq!(ok(&b5).encoding, "Big5");
        assert_eq!(ok(&b5).text, page);
        let xml = "<?xml version='1.0' encoding='GB2312'?><p>报告</p>";
        let (gb, _, _) = GB18030.encode(xml);
        assert_eq!(ok(&gb).encoding, "GB18030");
        // A UTF-8 page declaring GBK is still UTF-8.
        let page = "<meta charset=gbk><p>报告</p>";
        assert_eq!(ok(page.as_bytes()).encoding, "UTF-8");
    }

    #[test]
    fn gbk_with_a_few_bad_bytes() {
        let (gb, _, _) = GB18030.encode(ZH);
        let mut b = gb.into_owned();
        b.insert(10, 0xFF);
        b.push(0x81); // a truncated double-byte char at the end
        let d = ok(&b);
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.contains("报告工作"));
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn invalid_utf8_keeps_utf8() {
        let mut b = ZH.as_bytes().to_vec();
        b.insert(3, 0xC3); // a broken sequence after the first char
        b.extend_from_slice(b"\xE4\xB8"); // truncated at the end
        let d = ok(&b);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("现\u{FFFD}在"));
        assert!(d.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn nul_bytes_in_text_are_dropped() {
        let mut b = ZH.as_bytes().to_vec();
        b.insert(0, 0);
        b.extend_from_slice(&[0; 5000]);
        let d = ok(&b);
        assert_eq!(d.text, ZH);
        let d = ok(b"abc\0def\0\0ghi");
        assert_eq!(d.text, "abcdefghi");
    }

    #[test]
    fn magic_numbers_name_the_file() {
        assert_eq!(
            not_text(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"),
            "a PDF document"
        );
        assert_eq!(not_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "a PNG image");
        assert_eq!(not_text(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), "a JPEG image");
        assert_eq!(not_text(b"GIF89a\x01\0\x01\0"), "a GIF image");
        assert_eq!(not_text(b"RIFF\x24\0\0\0WEBPVP8 "), "a WebP image");
        assert_eq!(not_text(b"PK\x03\x04\x14\0\0\0"), "a ZIP archive");
        assert_eq!(not_text(b"\x1F\x8B\x08\0"), "a gzip archive");
        assert_eq!(not_text(b"7z\xBC\xAF\x27\x1C\0\x04"), "a 7z archive");
        assert_eq!(not_text(b"Rar!\x1A\x07\x01\0"), "a RAR archive");
        assert_eq!(
            not_text(b"MZ\x90\0\x03\0\0\0"),
            "a program (a Windows executable)"
        );
        assert_eq!(
            not_text(b"\x7FELF\x02\x01\x01"),
            "a program (an ELF executable)"
        );
        let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        doc.extend_from_slice(&[0; 100]);
        doc.extend("WordDocument".bytes().flat_map(|b| [b, 0]));
        assert_eq!(not_text(&doc), "a Word 97-2003 .doc file");
    }

    #[test]
    fn random_bytes_are_binary() {
        // A simple deterministic generator (xorshift) stands in for random data.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes: Vec<u8> = (0..10_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        assert_eq!(not_text(&bytes), "binary data");
        for n in [1, 2, 3, 7, 100] {
            // Never a panic, whatever the length.
            let _ = decode(&bytes[..n]);
        }
    }

    #[test]
    fn find_finds() {
        assert_eq!(find(b"abcabd", b"abd"), Some(3));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"aaa", b""), None);
    }

    #[test]
    fn prefix_decoding_for_sniffing() {
        let html = "<html><body><p>报告</p></body></html>";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(html.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_prefix(&le, 9), "<htm");
        assert!(decode_prefix(&le[2..], 1000).starts_with("<html><body>"));
        assert_eq!(decode_prefix(html.as_bytes(), 6), "<html>");
    }
}
