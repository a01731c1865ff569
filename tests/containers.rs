//! Integration tests of decoding and containers, through `zhengbao::extract`:
//! the corpus reports re-encoded (GB18030, Big5, UTF-16), wrapped in a web
//! page and in a .docx give the same report as the UTF-8 text; damaged,
//! hostile and non-text inputs give the right error, never a panic.
//!
//! Fixtures come from tests/corpus and tests/fixtures only; encoded copies,
//! pages and .docx files are generated here.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use encoding_rs::{BIG5, GB18030};
use zhengbao::{extract, extract_text, Error, Report};

#[path = "support/zip.rs"]
mod handmade;
use handmade::{deflated_zeros, hand_zip};

/// The corpus reports: (file name, UTF-8 text).
fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/corpus is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(&p).expect("corpus file is UTF-8");
            (name, text)
        })
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        5,
        "the five corpus reports are in tests/corpus"
    );
    files
}

/// Two corpus files, one in each script, for the checks that add little by
/// running on all five (each extraction takes a while in debug builds).
fn sample() -> Vec<(String, String)> {
    corpus()
        .into_iter()
        .filter(|(n, _)| n.starts_with("wuchang-2020") || n.starts_with("wuchang-2022"))
        .collect()
}

/// The report of each corpus file read as UTF-8 text, computed once for all
/// tests (extraction is the slow part of this suite in debug builds).
fn plain(name: &str) -> &'static Report {
    static PLAIN: OnceLock<Vec<(String, Report)>> = OnceLock::new();
    let all = PLAIN.get_or_init(|| {
        corpus()
            .into_iter()
            .map(|(n, t)| {
                let r = report(t.as_bytes(), &n);
                (n, r)
            })
            .collect()
    });
    match all.iter().find(|(n, _)| n == name) {
        Some((_, r)) => r,
        None => panic!("{name} is not a corpus file"),
    }
}

fn report(bytes: &[u8], name: &str) -> Report {
    match extract(bytes, Some(name)) {
        Ok(r) => r,
        Err(e) => panic!("{name}: extraction failed: {e}"),
    }
}

/// Asserts two reports have the same text and outline, showing the first
/// differing line when they do not.
fn assert_same(got: &Report, want: &Report, what: &str) {
    if got.text != want.text {
        let (g, w): (Vec<&str>, Vec<&str>) =
            (got.text.lines().collect(), want.text.lines().collect());
        let i = g
            .iter()
            .zip(&w)
            .position(|(a, b)| a != b)
            .unwrap_or(g.len().min(w.len()));
        panic!(
            "{what}: text differs at line {i} ({} vs {} lines)\n got: {:?}\nwant: {:?}",
            g.len(),
            w.len(),
            g.get(i),
            w.get(i)
        );
    }
    assert_eq!(got.sections, want.sections, "{what}: sections differ");
}

/// The text the lines of `text` give once trimmed, with runs of white space
/// folded and blank lines dropped: what any container must preserve.
fn normalised_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------
// Encodings

#[test]
fn gb18030_copies_give_the_same_report() {
    for (name, text) in corpus() {
        let (bytes, _, lossy) = GB18030.encode(&text);
        assert!(!lossy, "{name}: GB18030 encodes every char");
        let want = plain(&name);
        let got = report(&bytes, &name);
        assert_eq!(got.meta.encoding, "GB18030", "{name}");
        assert_eq!(want.meta.encoding, "UTF-8", "{name}");
        assert_same(&got, want, &format!("{name} as GB18030"));
    }
}

#[test]
fn big5_copies_of_the_traditional_reports_give_the_same_report() {
    let mut seen = 0;
    for (name, text) in corpus().into_iter().filter(|(n, _)| n.contains(".hant.")) {
        seen += 1;
        let (bytes, _, lossy) = BIG5.encode(&text);
        // Big5 cannot hold every char of these files: jianghan has a few
        // simplified characters (奖开视赛运频马犟) and ‰ and U+00A0, and the
        // wuchang mirror page has the pinyin tone letters (ū, ì, ǎ…) the
        // mirror site inserted. The encoder writes those as numeric
        // references (&#8240;), so the UTF-8 side is compared after the same
        // loss: the Big5 bytes decoded back.
        let unmappable: BTreeSet<char> = text
            .chars()
            .filter(|c| BIG5.encode(c.encode_utf8(&mut [0; 4])).2)
            .collect();
        assert_eq!(lossy, !unmappable.is_empty());
        assert!(
            unmappable.len() < 30,
            "{name}: only a few chars are lost: {unmappable:?}"
        );
        let (same_loss, _) = BIG5.decode_without_bom_handling(&bytes);
        if !lossy {
            assert_eq!(same_loss, text.as_str(), "{name}: Big5 round trip");
        }
        let want = &report(same_loss.as_bytes(), &name);
        let got = report(&bytes, &name);
        assert_eq!(got.meta.encoding, "Big5", "{name}");
        assert_same(&got, want, &format!("{name} as Big5"));
    }
    assert_eq!(seen, 2, "two traditional-script reports");
}

fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16le_copies_with_bom_give_the_same_report() {
    for (name, text) in corpus() {
        let want = plain(&name);
        let got = report(&utf16(&text, true, true), &name);
        assert_eq!(got.meta.encoding, "UTF-16LE", "{name}");
        assert_same(&got, want, &format!("{name} as UTF-16LE"));
    }
}

#[test]
fn utf16_without_bom_and_big_endian_are_recognised() {
    for (name, text) in sample() {
        let want = plain(&name);
        for (little, bom, enc) in [
            (false, true, "UTF-16BE"),
            (true, false, "UTF-16LE"),
            (false, false, "UTF-16BE"),
        ] {
            let got = report(&utf16(&text, little, bom), &name);
            assert_eq!(got.meta.encoding, enc, "{name} bom={bom}");
            assert_same(&got, want, &format!("{name} as {enc} bom={bom}"));
        }
    }
}

#[test]
fn utf8_with_bom_gives_the_same_report() {
    for (name, text) in sample() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        assert_same(&report(&bytes, &name), plain(&name), &name);
    }
}

// ---------------------------------------------------------------------------
// HTML

/// HTML-escapes text, also writing the curly quotes as entities as many
/// CMSs do.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '“' => out.push_str("&ldquo;"),
            '”' => out.push_str("&rdquo;"),
            '—' => out.push_str("&mdash;"),
            c => out.push(c),
        }
    }
    out
}

/// A web page carrying the report, from the template in tests/fixtures:
/// one `<p>` a line (blank lines as `<p>&nbsp;</p>`), headings in `<strong>`.
fn web_page(name: &str, text: &str) -> String {
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-page.html"),
    )
    .expect("tests/fixtures/report-page.html is readable");
    let mut content = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            content.push_str("<p>&nbsp;</p>\n");
        } else if t.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九'])
            && t.chars().nth(1) == Some('、')
        {
            content.push_str(&format!(
                "<p style=\"text-indent:2em\"><strong>{}</strong></p>\n",
                escape_html(line)
            ));
        } else {
            // The source's own line breaks inside a paragraph are white space.
            content.push_str(&format!(
                "<p style=\"text-indent:2em\">\n  {}\n</p>\n",
                escape_html(line)
            ));
        }
    }
    template
        .replace("{{TITLE}}", &escape_html(name))
        .replace("{{CONTENT}}", &content)
}

#[test]
fn html_page_gives_the_same_text_and_outline() {
    for (name, text) in corpus() {
        let page = web_page(&name, &text);
        let html_name = name.replace(".txt", ".html");
        let got = report(page.as_bytes(), &html_name);
        assert_eq!(got.meta.format, "html", "{name}");
        assert_eq!(got.meta.encoding, "UTF-8", "{name}");
        // The converter keeps every line of the report and nothing of the
        // page around it…
        let converted = zhengbao::container::html::to_text(&page);
        assert_eq!(
            normalised_lines(&converted.text),
            normalised_lines(&text),
            "{name}: lines of the page"
        );
        for furniture in [
            "首页",
            "分享到",
            "打印",
            "相关新闻",
            "版权所有",
            "ICP备",
            "网站标识码",
            "上一篇",
            "字号",
            "doZoom",
        ] {
            let inside = text.contains(furniture);
            assert_eq!(
                converted.text.contains(furniture),
                inside,
                "{name}: {furniture}"
            );
        }
        // …so the report is the same as from the text file.
        let want = plain(&name);
        assert_same(&got, want, &format!("{name} as a web page"));
        assert_eq!(got.meta.title, want.meta.title, "{name}");
    }
}

#[test]
fn html_page_in_gb18030_gives_the_same_report() {
    for (name, text) in sample() {
        let page = web_page(&name, &text).replace("charset=utf-8", "charset=gb2312");
        let (bytes, _, lossy) = GB18030.encode(&page);
        assert!(!lossy);
        let got = report(&bytes, &name.replace(".txt", ".htm"));
        assert_eq!(
            (got.meta.encoding.as_str(), got.meta.format.as_str()),
            ("GB18030", "html"),
            "{name}"
        );
        assert_same(&got, plain(&name), &format!("{name} as a GB18030 page"));
    }
}

#[test]
fn html_offsets_point_back_into_the_page() {
    let (name, text) = corpus().into_iter().next().expect("a corpus file");
    let page = web_page(&name, &text);
    let r = report(page.as_bytes(), &name.replace(".txt", ".html"));
    let src: Vec<char> = page.chars().collect();
    // Every char that is not white space maps to the same char in the page,
    // or to the '&' of the entity that wrote it.
    for (i, c) in r.text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        let s = r.source_map.to_source(i);
        let at = src.get(s).copied();
        assert!(
            at == Some(c) || at == Some('&'),
            "{name}: char {i} {c:?} maps to {at:?}"
        );
    }
}

#[test]
fn pasted_html_is_recognised() {
    let (name, text) = corpus().into_iter().nth(1).expect("a corpus file");
    let page = web_page(&name, &text);
    let got = extract_text(&page).expect("pasted page extracts");
    assert_eq!(got.meta.format, "html");
    assert_same(&got, plain(&name), "pasted page");
}

// ---------------------------------------------------------------------------
// .docx

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A minimal .docx: one paragraph a line.
fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        if line.is_empty() {
            body.push_str("<w:p/>");
        } else {
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>\n",
                escape_xml(line)
            ));
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (part, data) in [
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/document.xml", document),
    ] {
        z.start_file(part, opts).expect("zip entry starts");
        z.write_all(data.as_bytes()).expect("zip entry writes");
    }
    z.finish().expect("zip finishes").into_inner()
}

#[test]
fn docx_gives_the_same_text_and_outline() {
    for (name, text) in corpus() {
        let bytes = docx(&text);
        let docx_name = name.replace(".txt", ".docx");
        let got = report(&bytes, &docx_name);
        assert_eq!(got.meta.format, "docx", "{name}");
        assert_eq!(got.meta.encoding, "UTF-8", "{name}");
        let converted = zhengbao::container::docx::to_text(&bytes).expect("docx converts");
        let mut lines: Vec<&str> = text.lines().collect();
        lines.push("");
        assert_eq!(
            converted.text,
            lines.join("\n"),
            "{name}: one line a paragraph, verbatim"
        );
        assert_same(&got, plain(&name), &format!("{name} as .docx"));
        // Without a name the ZIP content still tells a .docx.
        assert_eq!(report(&bytes, "upload").meta.format, "docx");
    }
}

// ---------------------------------------------------------------------------
// Robustness

fn not_text(bytes: &[u8], name: Option<&str>) -> &'static str {
    match extract(bytes, name) {
        Err(Error::NotText { looks_like }) => looks_like,
        Err(e) => panic!("expected NotText, got {e:?}"),
        Ok(_) => panic!("expected NotText, got a report"),
    }
}

fn bad_docx(bytes: &[u8]) -> String {
    match extract(bytes, Some("report.docx")) {
        Err(Error::BadDocx(why)) => why,
        Err(e) => panic!("expected BadDocx, got {e:?}"),
        Ok(_) => panic!("expected BadDocx, got a report"),
    }
}

#[test]
fn empty_and_blank_inputs_are_empty() {
    for bytes in [
        &b""[..],
        b" ",
        b"\r\n\t  \n",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFF\xFE \0",
    ] {
        assert!(
            matches!(extract(bytes, None), Err(Error::Empty)),
            "{bytes:?}"
        );
    }
    assert!(matches!(extract_text("  \n "), Err(Error::Empty)));
    assert!(matches!(
        extract(b"<html><body> </body></html>", Some("a.html")),
        Err(Error::Empty)
    ));
}

#[test]
fn every_single_byte_is_handled() {
    for b in 0..=255u8 {
        // Never a panic; a letter is a (tiny) text.
        let r = extract(&[b], None);
        if b.is_ascii_alphanumeric() {
            assert!(r.is_ok(), "{b}");
        }
    }
    assert!(matches!(extract(b"\0", None), Err(Error::NotText { .. })));
}

#[test]
fn pdf_png_and_other_files_are_named() {
    assert_eq!(
        not_text(
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>",
            Some("report.pdf")
        ),
        "a PDF document"
    );
    assert_eq!(
        not_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", Some("report.txt")),
        "a PNG image"
    );
    assert_eq!(
        not_text(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", None),
        "a JPEG image"
    );
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend_from_slice(&[0; 512]);
    doc.extend("WordDocument".bytes().flat_map(|b| [b, 0]));
    assert_eq!(
        not_text(&doc, Some("report.doc")),
        "a Word 97-2003 .doc file"
    );
    assert_eq!(not_text(b"\x1F\x8B\x08\0\0\0\0\0", None), "a gzip archive");
}

#[test]
fn random_bytes_are_binary_data() {
    let mut x: u32 = 2_463_534_242;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 11) as u8
        })
        .collect();
    assert_eq!(not_text(&bytes, None), "binary data");
    assert_eq!(not_text(&bytes, Some("page.html")), "binary data");
}

#[test]
fn zip_without_document_xml_is_a_zip_archive() {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .expect("entry");
    z.write_all("报告".as_bytes()).expect("write");
    let bytes = z.finish().expect("zip").into_inner();
    assert_eq!(not_text(&bytes, Some("report.docx")), "a ZIP archive");
}

#[test]
fn truncated_and_damaged_docx_are_bad_docx() {
    let (_, text) = corpus().into_iter().next().expect("a corpus file");
    let good = docx(&text);
    for cut in [
        good.len() - 1,
        good.len() - 30,
        good.len() * 2 / 3,
        good.len() / 2,
    ] {
        bad_docx(&good[..cut]);
    }
    // Flipping bytes in the compressed body breaks the deflate stream or
    // the checksum.
    let mut flipped = good.clone();
    let mid = good.len() / 2;
    for b in &mut flipped[mid..mid + 64] {
        *b ^= 0x5A;
    }
    assert!(extract(&flipped, Some("report.docx")).is_err());
}

#[test]
fn zip_bomb_docx_is_refused_with_little_memory() {
    let data = deflated_zeros(200);
    assert!(
        data.len() < 1 << 20,
        "200 MB of zeros in {} bytes",
        data.len()
    );
    let t = Instant::now();
    // Honest headers: refused from the declared size.
    let why = bad_docx(&hand_zip("word/document.xml", &data, 200 << 20));
    assert!(why.contains("larger than"), "{why}");
    // Lying headers: whatever the zip reader does with them, the part is
    // read through the cap and refused.
    for declared in [1_000u32, 64 << 20] {
        let r = extract(
            &hand_zip("word/document.xml", &data, declared),
            Some("bomb.docx"),
        );
        assert!(
            matches!(r, Err(Error::BadDocx(_))),
            "declared {declared}: {r:?}"
        );
    }
    assert!(t.elapsed() < Duration::from_secs(60));
}

#[test]
fn deeply_nested_html_is_fine() {
    let n = 100_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(n));
    page.push_str("<p>现在，我代表区人民政府向大会报告工作，请予审议。</p>");
    page.push_str(&"</div>".repeat(n / 2)); // half of them never closed
    let r = extract(page.as_bytes(), Some("deep.html")).expect("deep page extracts");
    assert_eq!(r.text, "现在，我代表区人民政府向大会报告工作，请予审议。");
    let unclosed = "<table><tr><td><ul><li><p><span><a href=x>".repeat(20_000) + "字";
    let r = extract(unclosed.as_bytes(), Some("open.html")).expect("unclosed page extracts");
    assert!(r.text.contains('字'));
}

#[test]
fn invalid_utf8_becomes_replacement_chars() {
    let (name, text) = corpus().into_iter().nth(2).expect("a corpus file");
    let mut bytes = text.as_bytes().to_vec();
    for at in [100, 2_000, 5_000] {
        bytes[at] = 0xFF;
    }
    let r = report(&bytes, &name);
    assert_eq!(r.meta.encoding, "UTF-8");
    assert!(r.text.contains('\u{FFFD}'));
    // The rest of the text is intact.
    let want = plain(&name);
    assert!(r.text.len() + 12 >= want.text.len());
}

#[test]
fn gbk_with_a_few_bad_bytes_still_reads_as_gb18030() {
    let (name, text) = corpus().into_iter().nth(1).expect("a corpus file");
    let (gb, _, _) = GB18030.encode(&text);
    let mut bytes = gb.into_owned();
    for at in [501, 9_001, 20_001] {
        bytes[at] = 0xFF;
    }
    bytes.push(0x81); // cut in the middle of a char
    let r = report(&bytes, &name);
    assert_eq!(r.meta.encoding, "GB18030");
    assert!(r.text.contains('\u{FFFD}'));
    assert!(r.text.contains("政府工作报告"));
}

#[test]
fn nul_bytes_in_text_are_harmless() {
    let (name, text) = corpus().into_iter().next().expect("a corpus file");
    let want = plain(&name);
    // NULs sprinkled between lines, and a file padded with NULs.
    let sprinkled = text.replace('\n', "\n\0");
    assert_same(
        &report(sprinkled.as_bytes(), &name),
        want,
        "NULs between lines",
    );
    let mut padded = text.as_bytes().to_vec();
    padded.extend(std::iter::repeat_n(0u8, 100_000));
    assert_same(&report(&padded, &name), want, "NUL padding");
}

#[test]
fn markdown_stays_text() {
    let md = "# 2022年政府工作报告\n\n各位代表：<br>\n\n现在，我代表区人民政府向大会报告工作。\n";
    let r = extract(md.as_bytes(), Some("report.md")).expect("markdown extracts");
    assert_eq!(r.meta.format, "text");
    assert!(r.text.contains("<br>"));
}
