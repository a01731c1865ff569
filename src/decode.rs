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
//! 5. Otherwise the choice is between the Chinese legacy encodings: GB18030
//!    (which also decodes GBK and GB2312) or Big5. A `charset`/`encoding`
//!    declaration near the start decides; else [chardetng] guesses (with
//!    the `encodings` feature), or, without it, the one of the two whose
//!    decoding reads more like Chinese prose wins (see [`chinese_score`]).
//!
//! UTF-8 and UTF-16 are decoded here. GB18030 and Big5 need large tables:
//! with the `encodings` feature (on for the CLI) encoding_rs decodes them;
//! without it (the web app, which is smaller without the tables) the host
//! supplies a decoder with [`set_legacy_decoder`], such as the browser's
//! `TextDecoder`, which implements the same WHATWG encodings.
//!
//! Every step is linear in the input size, and invalid sequences become
//! U+FFFD, never a panic.

use std::sync::OnceLock;

use crate::Error;

/// A host's decoder for legacy encodings, for builds without the
/// `encodings` feature: decodes `bytes` in the WHATWG encoding named by
/// `label` ("gb18030", "big5", or any label an MHTML part declares),
/// invalid sequences as U+FFFD and a byte order mark of that encoding
/// removed, as the browser's `TextDecoder` does. `None` when the label is
/// unknown or decoding failed.
pub type LegacyDecoder = fn(label: &str, bytes: &[u8]) -> Option<String>;

static LEGACY: OnceLock<LegacyDecoder> = OnceLock::new();

/// Installs the decoder for GB18030, Big5 and other legacy encodings in a
/// build without the `encodings` feature (the first call wins; later
/// calls change nothing). Without one, such a file is refused with an
/// error asking for UTF-8. With the feature, encoding_rs decodes and this
/// decoder is not used.
pub fn set_legacy_decoder(decoder: LegacyDecoder) {
    let _ = LEGACY.set(decoder);
}

/// The encodings this module tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
    Big5,
}

use Enc::{
    Big5 as BIG5, Gb18030 as GB18030, Utf16Be as UTF_16BE, Utf16Le as UTF_16LE, Utf8 as UTF_8,
};

impl Enc {
    /// The WHATWG label of the encoding.
    fn label(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16Le => "utf-16le",
            Enc::Utf16Be => "utf-16be",
            Enc::Gb18030 => "gb18030",
            Enc::Big5 => "big5",
        }
    }

    /// Decodes `bytes` (no byte order mark handling), invalid sequences as
    /// U+FFFD; true when there were any. A legacy encoding that cannot be
    /// decoded in this build is an error asking for UTF-8.
    fn decode(self, bytes: &[u8]) -> Result<(String, bool), Error> {
        match self {
            Enc::Utf8 => Ok(utf8(bytes)),
            Enc::Utf16Le | Enc::Utf16Be => Ok(utf16(bytes, self == Enc::Utf16Be)),
            Enc::Gb18030 | Enc::Big5 => legacy(self.label(), bytes, false)
                .map(|text| {
                    let bad = text.contains('\u{FFFD}');
                    (text, bad)
                })
                .ok_or(Error::NotText {
                    looks_like: if self == Enc::Big5 {
                        "Big5 text, which this build cannot decode without a decoder (save it as UTF-8)"
                    } else {
                        "GB18030 text, which this build cannot decode without a decoder (save it as UTF-8)"
                    },
                }),
        }
    }
}

/// UTF-8, invalid sequences as U+FFFD; true when there were any. Valid
/// input (the common case) is checked once and copied, without the slower
/// char-by-char walk of the lossy decoder.
fn utf8(bytes: &[u8]) -> (String, bool) {
    match valid_utf8(bytes) {
        Some(text) => (text.to_owned(), false),
        None => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// UTF-16 (WHATWG): an unpaired surrogate and an odd last byte become U+FFFD.
fn utf16(bytes: &[u8], big_endian: bool) -> (String, bool) {
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut bad = bytes.len() % 2 == 1;
    let mut text = String::with_capacity(bytes.len());
    for c in char::decode_utf16(units) {
        text.push(c.unwrap_or_else(|_| {
            bad = true;
            '\u{FFFD}'
        }));
    }
    if bytes.len() % 2 == 1 {
        text.push('\u{FFFD}');
    }
    (text, bad)
}

/// `bytes` in the legacy encoding `label` names: encoding_rs with the
/// `encodings` feature, else the decoder installed with
/// [`set_legacy_decoder`]. With `bom_removal`, a byte order mark of that
/// encoding is dropped first.
#[cfg(feature = "encodings")]
fn legacy(label: &str, bytes: &[u8], bom_removal: bool) -> Option<String> {
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
    let text = if bom_removal {
        enc.decode_with_bom_removal(bytes).0
    } else {
        enc.decode_without_bom_handling(bytes).0
    };
    Some(text.into_owned())
}

/// `bytes` in the legacy encoding `label` names: encoding_rs with the
/// `encodings` feature, else the decoder installed with
/// [`set_legacy_decoder`] (which removes a byte order mark itself).
#[cfg(not(feature = "encodings"))]
fn legacy(label: &str, bytes: &[u8], _bom_removal: bool) -> Option<String> {
    (LEGACY.get()?)(label, bytes)
}

/// Decodes `bytes` in the encoding an MHTML part or a page names by
/// `label` (any WHATWG label), removing a byte order mark of that encoding.
/// `None` when the label is unknown (or, in a build without the `encodings`
/// feature, names a legacy encoding no decoder was installed for).
pub(crate) fn decode_labelled(label: &str, bytes: &[u8]) -> Option<String> {
    let label = label.trim().to_ascii_lowercase();
    let (enc, bom) = match label.as_str() {
        "utf-8" | "utf8" | "unicode-1-1-utf-8" | "unicode11utf8" | "unicode20utf8"
        | "x-unicode20utf8" => (UTF_8, &b"\xEF\xBB\xBF"[..]),
        "utf-16le" | "utf-16" | "csunicode" | "iso-10646-ucs-2" | "ucs-2" | "unicode"
        | "unicodefeff" => (UTF_16LE, &b"\xFF\xFE"[..]),
        "utf-16be" | "unicodefffe" => (UTF_16BE, &b"\xFE\xFF"[..]),
        _ => return legacy(&label, bytes, true),
    };
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    enc.decode(body).ok().map(|(text, _)| text)
}

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
    decode_checked(bytes, as_utf8(bytes)).map(|(d, _)| d)
}

/// The input as text when it is valid UTF-8 after a UTF-8 byte order mark
/// (if any; no other mark): the one check of the whole input that
/// [`decode_checked`] and [`decode_prefix_checked`] are given, so that
/// neither checks again.
pub(crate) fn as_utf8(bytes: &[u8]) -> Option<&str> {
    match bom(bytes) {
        None => valid_utf8(bytes),
        Some((UTF_8, len)) => bytes.get(len..).and_then(valid_utf8),
        Some(_) => None,
    }
}

/// `bytes` as a `str` if they are valid UTF-8: every input goes through this
/// check once, so it uses SIMD where the build has `fast-utf8`.
#[cfg(feature = "fast-utf8")]
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// `bytes` as a `str` if they are valid UTF-8 (the standard library's check).
#[cfg(not(feature = "fast-utf8"))]
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

/// [`decode`], given [`as_utf8`] of `bytes`; also returns the number of
/// chars of the text, which the caller would otherwise count again.
pub(crate) fn decode_checked(bytes: &[u8], utf8: Option<&str>) -> Result<(Decoded, usize), Error> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty);
    }
    if let Some(looks_like) = looks_like(bytes) {
        return Err(Error::NotText { looks_like });
    }
    let (mut text, encoding) = decode_any(bytes, utf8)?;
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
    Ok((Decoded { text, encoding }, stats.total - stats.nul))
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
        if let Ok((text, _)) = enc.decode(body) {
            return text;
        }
        // GB18030 without a decoder: markup is ASCII.
        return String::from_utf8_lossy(body).into_owned();
    }
    let head = &bytes[..bytes.len().min(max_bytes)];
    if let Some(enc) = utf16_without_bom(head, false) {
        let even = head.len() & !1;
        return utf16(&head[..even], enc == UTF_16BE).0;
    }
    // Every other candidate is ASCII-compatible, and markup is ASCII.
    String::from_utf8_lossy(head).into_owned()
}

/// [`decode_prefix`], given [`as_utf8`] of `bytes`: valid UTF-8 without a
/// byte order mark is sliced, not copied or checked again. The slice is
/// what the lossy decoding of the first `max_bytes` gives once cut back to
/// `max_bytes` at a char boundary, as [`crate::container::sniff_text`]
/// does: the chars that fit whole (and the lossy decoding itself in the one
/// case where its U+FFFD for a cut 4-byte char would fit).
pub(crate) fn decode_prefix_checked<'a>(
    bytes: &'a [u8],
    max_bytes: usize,
    utf8: Option<&'a str>,
) -> std::borrow::Cow<'a, str> {
    if let (None, Some(text)) = (bom(bytes), utf8) {
        let head = &bytes[..bytes.len().min(max_bytes)];
        if utf16_without_bom(head, false).is_none() {
            let mut end = head.len();
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // A cut char of 4 bytes of which 3 fit becomes a U+FFFD that
            // fits too.
            let cut_long = end + 3 == head.len() && text.as_bytes().get(end) >= Some(&0xF0);
            if !cut_long {
                return std::borrow::Cow::Borrowed(text.get(..end).unwrap_or(""));
            }
        }
    }
    std::borrow::Cow::Owned(decode_prefix(bytes, max_bytes))
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
fn bom(bytes: &[u8]) -> Option<(Enc, usize)> {
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
fn name_of(enc: Enc) -> &'static str {
    match enc {
        Enc::Utf16Le => "UTF-16LE",
        Enc::Utf16Be => "UTF-16BE",
        Enc::Big5 => "Big5",
        Enc::Gb18030 => "GB18030",
        Enc::Utf8 => "UTF-8",
    }
}

/// Chooses the encoding and decodes the whole input.
/// `utf8` is [`as_utf8`] of `bytes`: valid UTF-8 (after a UTF-8 byte
/// order mark, if any) is told and decoded by that one check.
fn decode_any(bytes: &[u8], utf8: Option<&str>) -> Result<(String, &'static str), Error> {
    let enc = detect(bytes, utf8.is_some());
    if let (UTF_8, Some(text)) = (enc, utf8) {
        return Ok((text.to_owned(), name_of(enc)));
    }
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
    let (text, _had_errors) = enc.decode(body)?;
    Ok((text, name_of(enc)))
}

/// Chooses the encoding of `bytes` (see the module documentation);
/// `valid_utf8` says whether they are valid UTF-8, as the caller checked.
fn detect(bytes: &[u8], valid_utf8: bool) -> Enc {
    if let Some((enc, _)) = bom(bytes) {
        return enc;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if let Some(enc) = utf16_without_bom(sample, true) {
        return enc;
    }
    if valid_utf8 || mostly_utf8(bytes) {
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
fn utf16_without_bom(sample: &[u8], strict: bool) -> Option<Enc> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    // Both counts below need NUL bytes; text in other encodings has none.
    if !sample.contains(&0) {
        return None;
    }
    let (mut le, mut be) = (0usize, 0usize);
    // Branch-free counting, which the compiler can vectorise.
    for p in sample.chunks_exact(2) {
        le += usize::from(p[0] != 0 && p[1] == 0);
        be += usize::from(p[0] == 0 && p[1] != 0);
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
    let (text, had_errors) = utf16(&sample[..even], enc == UTF_16BE);
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
fn declared_chinese(bytes: &[u8]) -> Option<Enc> {
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
            // The WHATWG labels of GBK, GB18030 and Big5.
            match &head[j..j + len] {
                b"chinese" | b"csgb2312" | b"csiso58gb231280" | b"gb2312" | b"gb_2312"
                | b"gb_2312-80" | b"gbk" | b"iso-ir-58" | b"x-gbk" | b"gb18030" => {
                    return Some(GB18030)
                }
                b"big5" | b"big5-hkscs" | b"cn-big5" | b"csbig5" | b"x-x-big5" => {
                    return Some(BIG5)
                }
                _ => {}
            }
        }
    }
    None
}

/// GB18030 or Big5, as chardetng sees the sample. When chardetng prefers
/// some other (non-Chinese) encoding, the one of the two that decodes the
/// sample with fewer errors wins, GB18030 on a tie.
#[cfg(feature = "encodings")]
fn chinese_legacy(sample: &[u8], last: bool) -> Enc {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(sample, last);
    for tld in [None, Some(&b"cn"[..])] {
        let g = det.guess(tld, Utf8Detection::Deny);
        if g == encoding_rs::GBK || g == encoding_rs::GB18030 {
            return GB18030;
        }
        if g == encoding_rs::BIG5 {
            return BIG5;
        }
    }
    let errors = |enc: Enc| match enc.decode(sample) {
        Ok((text, _)) => text.chars().filter(|&c| c == '\u{FFFD}').count(),
        Err(_) => usize::MAX,
    };
    if errors(BIG5) < errors(GB18030) {
        BIG5
    } else {
        GB18030
    }
}

/// GB18030 or Big5: the one whose decoding reads more like Chinese prose.
#[cfg(not(feature = "encodings"))]
fn chinese_legacy(sample: &[u8], _last: bool) -> Enc {
    chinese_by_score(sample)
}

/// GB18030 or Big5 by [`chinese_score`] of the two decodings of the start
/// of `sample`, GB18030 on a tie or when neither can be decoded.
#[cfg_attr(feature = "encodings", allow(dead_code))]
fn chinese_by_score(sample: &[u8]) -> Enc {
    // Plenty for a clear signal; keeps detection cheap.
    let head = &sample[..sample.len().min(64 * 1024)];
    let score = |enc: Enc| {
        enc.decode(head)
            .map(|(text, _)| chinese_score(&text))
            .unwrap_or(i64::MIN)
    };
    if score(BIG5) > score(GB18030) {
        BIG5
    } else {
        GB18030
    }
}

/// The commonest characters of modern written Chinese (simplified forms),
/// sorted by code point for binary search.
#[cfg_attr(feature = "encodings", allow(dead_code))]
fn frequent_chars() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        let mut v: Vec<char> = FREQUENT.chars().collect();
        crate::sort::by_key(&mut v, |&c| c as usize);
        v.dedup();
        v
    })
}

/// How much `text` reads like Chinese prose: common ideographs (in either
/// script) and Chinese punctuation count for it; replacement chars, private
/// use chars and other scripts' letters and symbols (what a wrong guess
/// between GB18030 and Big5 decodes to) count against it.
#[cfg_attr(feature = "encodings", allow(dead_code))]
fn chinese_score(text: &str) -> i64 {
    let frequent = frequent_chars();
    text.chars()
        .map(|c| match c {
            '\u{FFFD}' | '\u{E000}'..='\u{F8FF}' => -10,
            '，' | '。' | '、' | '；' | '：' | '（' | '）' | '“' | '”' | '《' | '》' => {
                3
            }
            c if crate::script::is_han(c) => {
                if frequent.binary_search(&crate::script::fold_char(c)).is_ok() {
                    3
                } else {
                    0
                }
            }
            c if c.is_ascii() || c == '\u{3000}' => 0,
            _ => -2,
        })
        .sum()
}

/// About 500 of the most frequent characters in modern written Chinese.
#[cfg_attr(feature = "encodings", allow(dead_code))]
const FREQUENT: &str = concat!(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功",
    "包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵",
);

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
    /// Counts the chars of `text`. Every char counted apart from the total
    /// is ASCII or U+FFFD, so the counts are taken on the bytes, in one
    /// branch-free pass that the compiler vectorises (the chars are the
    /// bytes that do not continue a char) and a search for U+FFFD.
    fn of(text: &str) -> CharStats {
        let b = text.as_bytes();
        let mut stats = CharStats {
            total: 0,
            nul: 0,
            bad: 0,
        };
        // Blocks of 255 bytes are counted in `u8`s, which cannot overflow
        // and keep the vector lanes narrow.
        for block in b.chunks(255) {
            stats.add(&count_block(block));
        }
        // U+FFFD is rare: one fast search for it, a count only when found.
        if text.contains('\u{FFFD}') {
            stats.bad += text.matches('\u{FFFD}').count();
        }
        stats
    }

    /// Adds the counts of one block.
    fn add(&mut self, c: &BlockCounts) {
        self.total += usize::from(c.chars);
        self.nul += usize::from(c.nul);
        self.bad += usize::from(c.control);
    }
    /// Binary data: more than 5% of the chars that are not NUL are control
    /// chars or undecodable, or the text is nothing but NULs.
    fn looks_binary(&self) -> bool {
        let rest = self.total - self.nul;
        (rest == 0 && self.nul > 0) || self.bad * 20 > rest
    }
}

/// The counts of [`CharStats`] over one block of at most 255 bytes.
#[derive(Debug, Clone, Copy, Default)]
struct BlockCounts {
    /// Bytes that start a char.
    chars: u8,
    /// NUL bytes.
    nul: u8,
    /// Control chars other than white space, NUL and \x1A \x1B (which old
    /// DOS files end with): 01-08, 0E-19, 1C-1F and 7F.
    control: u8,
}

/// Counts one block (at most 255 bytes) but for U+FFFD. Branch-free, so
/// that the compiler vectorises it.
fn count_block(block: &[u8]) -> BlockCounts {
    let mut c = BlockCounts::default();
    for &x in block {
        let allowed = (x == 0) | (x.wrapping_sub(0x09) < 5) | (x.wrapping_sub(0x1A) < 2);
        c.control += u8::from((x == 0x7F) | ((x < 0x20) & !allowed));
        c.nul += u8::from(x == 0);
        c.chars += u8::from((x & 0xC0) != 0x80);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030};

    /// The browser's TextDecoder, for builds without `encodings`.
    pub(crate) fn install_test_decoder() {
        set_legacy_decoder(|label, bytes| {
            let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
            Some(enc.decode_with_bom_removal(bytes).0.into_owned())
        });
    }

    fn ok(bytes: &[u8]) -> Decoded {
        install_test_decoder();
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
    fn scores_tell_gb18030_from_big5_in_every_corpus_report() {
        install_test_decoder();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Simplified or traditional, GBK encodes it; Big5 the traditional.
            let (gb, _, _) = encoding_rs::GB18030.encode(&text);
            assert_eq!(chinese_by_score(&gb), Enc::Gb18030, "{path:?} in GB18030");
            let hant: String = text
                .chars()
                .map(crate::script::fold_char)
                .collect::<String>();
            let (gb, _, _) = encoding_rs::GB18030.encode(&hant);
            assert_eq!(
                chinese_by_score(&gb),
                Enc::Gb18030,
                "{path:?} folded, in GB18030"
            );
            if path.to_string_lossy().contains(".hant.") {
                let (b5, _, _) = encoding_rs::BIG5.encode(&text);
                assert_eq!(chinese_by_score(&b5), Enc::Big5, "{path:?} in Big5");
                // A few lines are enough.
                let head: String = text.chars().take(200).collect();
                let (b5, _, _) = encoding_rs::BIG5.encode(&head);
                assert_eq!(chinese_by_score(&b5), Enc::Big5, "{path:?} head in Big5");
            }
            let head: String = text.chars().take(200).collect();
            let (gb, _, _) = encoding_rs::GB18030.encode(&head);
            assert_eq!(
                chinese_by_score(&gb),
                Enc::Gb18030,
                "{path:?} head in GB18030"
            );
            seen += 1;
        }
        assert_eq!(seen, 5);
    }

    #[test]
    fn labelled_parts_decode() {
        install_test_decoder();
        assert_eq!(
            decode_labelled("UTF-8", "\u{FEFF}报告".as_bytes()).as_deref(),
            Some("报告")
        );
        assert_eq!(
            decode_labelled(" utf-16 ", b"\xFF\xFE\xA5\x62").as_deref(),
            Some("报")
        );
        assert_eq!(
            decode_labelled("utf-16be", b"\x62\xA5\x00").as_deref(),
            Some("报\u{FFFD}")
        );
        let (gb, _, _) = encoding_rs::GB18030.encode("报告");
        assert_eq!(decode_labelled("GBK", &gb).as_deref(), Some("报告"));
        assert_eq!(decode_labelled("no-such-label", b"x"), None);
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
    fn char_stats_count_chars() {
        // The counts as they were taken char by char.
        fn by_chars(text: &str) -> (usize, usize, usize) {
            let (mut total, mut nul, mut bad) = (0, 0, 0);
            for c in text.chars() {
                total += 1;
                match c {
                    '\0' => nul += 1,
                    '\t' | '\n' | '\r' | '\x0B' | '\x0C' | '\x1A' | '\x1B' => {}
                    '\u{FFFD}' => bad += 1,
                    c if (c as u32) < 0x20 || c == '\x7F' => bad += 1,
                    _ => {}
                }
            }
            (total, nul, bad)
        }
        let all: String = (0..0x300u32)
            .chain([0xFFFD, 0xFFFD, 0x4E00, 0x10000])
            .filter_map(char::from_u32)
            .collect();
        for text in [ZH, "", "\u{FFFD}", "a\0\u{1}\u{7f}\u{85}\u{FFFD}b", &all] {
            let s = CharStats::of(text);
            assert_eq!((s.total, s.nul, s.bad), by_chars(text), "{text:?}");
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
