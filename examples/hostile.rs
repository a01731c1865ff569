//! The hostile-input table: builds each broken or hostile input and runs the
//! whole pipeline on it, printing what it produced and how long it took.
//!
//! `cargo run --release --example hostile` (the README's table comes from
//! it). `tests/containers.rs`, `tests/linear.rs` and `tests/properties.rs`
//! assert the outcomes; this prints the figures.

use std::time::Instant;

#[path = "../tests/support/zip.rs"]
mod handmade;

#[path = "../tests/support/noise.rs"]
mod noise;
use noise::noise;

/// One corpus report, to build the text inputs from.
fn report() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .find(|p| p.to_string_lossy().contains("qiaokou"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| "一、工作回顾\n地区生产总值增长6%。\n".repeat(500))
}

/// `text` repeated to at least `bytes` bytes.
fn repeat_to(text: &str, bytes: usize) -> String {
    text.repeat(bytes / text.len().max(1) + 1)
}

fn main() {
    let report = report();
    let head: String = report.chars().take(2000).collect();
    let mut cases: Vec<(&str, Option<&str>, Vec<u8>)> = Vec::new();
    cases.push(("empty file", Some("empty.txt"), Vec::new()));
    cases.push(("one byte", Some("x.txt"), b"x".to_vec()));
    cases.push(("random binary, 1 MB", Some("random.txt"), noise(1 << 20)));
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec();
    pdf.extend(noise(100_000));
    cases.push(("a PDF", Some("report.pdf"), pdf));
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(noise(100_000));
    cases.push(("a PNG", Some("scan.txt"), png));
    let zeros = handmade::deflated_zeros(200);
    cases.push((
        ".docx zip bomb (200 MB declared)",
        Some("bomb.docx"),
        handmade::hand_zip("word/document.xml", &zeros, 200 << 20),
    ));
    cases.push((
        ".docx zip bomb (headers lie: 1 KB)",
        Some("bomb.docx"),
        handmade::hand_zip("word/document.xml", &zeros, 1000),
    ));
    cases.push((
        "50 MB text",
        Some("big.txt"),
        repeat_to(&report, 50_000_000).into_bytes(),
    ));
    cases.push((
        "one 10 MB line",
        Some("line.txt"),
        repeat_to(&report.replace('\n', ""), 10_000_000).into_bytes(),
    ));
    cases.push((
        "quantities without punctuation (1个 repeated), 10 MB",
        Some("clause.txt"),
        repeat_to("1个", 10_000_000).into_bytes(),
    ));
    let nested = format!(
        "<html><body>{}{head}{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    cases.push((
        "100,000 nested HTML elements",
        Some("nested.html"),
        nested.into_bytes(),
    ));
    let mut bad_utf8 = Vec::new();
    for (i, line) in report.lines().enumerate() {
        bad_utf8.extend_from_slice(line.as_bytes());
        if i % 5 == 0 {
            bad_utf8.extend_from_slice(b"\xff\xc0\x80\xed\xa0\x80\xe4\xb8");
        }
        bad_utf8.push(b'\n');
    }
    cases.push(("invalid UTF-8 sequences", Some("bad-utf8.txt"), bad_utf8));
    let gbk = encoding_rs::GBK.encode(&report).0.into_owned();
    let mut bad_gbk = Vec::new();
    for (i, chunk) in gbk.chunks(101).enumerate() {
        bad_gbk.extend_from_slice(chunk);
        if i % 3 == 0 {
            bad_gbk.extend_from_slice(b"\x81\x30\xff\x80");
        }
    }
    cases.push(("invalid GBK sequences", Some("bad-gbk.txt"), bad_gbk));
    let mut mixed = report.as_bytes().to_vec();
    mixed.extend_from_slice(&gbk);
    cases.push((
        "mixed encodings (UTF-8, then GBK)",
        Some("mixed.txt"),
        mixed,
    ));
    let mut nul = report.as_bytes().to_vec();
    for i in (0..nul.len()).step_by(97) {
        nul[i] = 0;
    }
    cases.push(("NUL bytes every 97 bytes", Some("nul.txt"), nul));
    cases.push((
        "a report repeated 1,000 times",
        Some("x1000.txt"),
        report.repeat(1000).into_bytes(),
    ));
    cases.push((
        "65 MB (past the 64 MB limit)",
        Some("huge.txt"),
        vec![b' '; zhengbao::MAX_INPUT_BYTES + (1 << 20)],
    ));

    println!("| input | size | result | time | MB/s |");
    println!("|---|---|---|---|---|");
    for (label, name, bytes) in cases {
        let start = Instant::now();
        let result = zhengbao::extract(&bytes, name);
        let secs = start.elapsed().as_secs_f64();
        let read = result.is_ok();
        let outcome = match result {
            Ok(r) => format!(
                "report: {} headings, {} targets, {} terms",
                r.sections.len(),
                r.targets.len(),
                r.glossary.len()
            ),
            Err(e) => format!("error: {e}"),
        };
        let mb = bytes.len() as f64 / 1e6;
        let speed = if read && secs > 0.0 && mb >= 0.1 {
            format!("{:.0}", mb / secs)
        } else {
            "—".to_string()
        };
        println!(
            "| {label} | {} | {outcome} | {:.0} ms | {speed} |",
            if bytes.len() >= 1_000_000 {
                format!("{mb:.1} MB")
            } else {
                format!("{} B", bytes.len())
            },
            secs * 1000.0
        );
    }
}
