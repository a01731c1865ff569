//! Inputs shaped to trip super-linear code: one very long line, a great many
//! short lines, one char repeated, quantities without end in one sentence.
//! Each must give a report (or a clear error) and finish; the timings are
//! printed (`cargo test --test linear -- --nocapture`), not asserted, so a
//! slow machine never fails the suite. The sizes are kept small enough for
//! a debug build; `cargo bench` measures the real throughput.

use std::path::Path;
use std::time::Instant;

use zhengbao::{extract, Error};

/// Size of each input, in bytes (about).
const SIZE: usize = 1 << 20;

/// One corpus report, as text.
fn report() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/qiaokou-2022-report.txt");
    std::fs::read_to_string(path).expect("corpus report is readable")
}

/// `unit` repeated up to about `size` bytes.
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len().max(1) + 1)
}

/// Runs the pipeline on `text`, prints how long it took, and checks that it
/// gave a report or a typed error.
fn run(name: &str, text: &str) {
    let start = Instant::now();
    let got = extract(text.as_bytes(), Some("input.txt"));
    let secs = start.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    match &got {
        Ok(r) => println!(
            "{name:<28} {mb:6.2} MB {secs:7.3} s {:8.2} MB/s  {} sections, {} targets, {} terms",
            mb / secs.max(1e-9),
            r.sections.len(),
            r.targets.len(),
            r.glossary.len()
        ),
        Err(e) => println!("{name:<28} {mb:6.2} MB {secs:7.3} s  error: {e}"),
    }
    assert!(
        matches!(got, Ok(_) | Err(Error::Empty) | Err(Error::TooLarge { .. })),
        "{name}: {:?}",
        got.err()
    );
    // Rows keep a bounded stretch of text, so the report grows with the
    // input and not with its square (a text without punctuation is one
    // clause holding every quantity).
    if let Ok(r) = &got {
        let longest = r.targets.iter().map(|t| t.span.len()).max().unwrap_or(0);
        assert!(
            longest <= MAX_ROW_TEXT,
            "{name}: a row's text is {longest} chars"
        );
    }
}

/// The longest a row's text may be, in chars (a real report's rows are
/// under 100).
const MAX_ROW_TEXT: usize = 256;

#[test]
fn one_long_line() {
    // A report's body (from its first paragraph on, without the page's
    // header table) with its line breaks removed, repeated.
    let line: String = report().lines().skip_while(|l| !l.contains('。')).collect();
    run("one long line", &repeat(&line, SIZE));
    // The same with no punctuation either: one clause, one sentence.
    let bare: String = line
        .chars()
        .filter(|c| !matches!(c, '，' | '。' | '；' | '：' | ',' | ';' | ':'))
        .collect();
    run("one clause", &repeat(&bare, SIZE));
}

#[test]
fn many_short_lines() {
    // About 100,000 lines of a few chars cut out of a report.
    let flat: Vec<char> = report().chars().filter(|&c| c != '\n').collect();
    let mut text = String::new();
    let mut lines = 0;
    while lines < 100_000 {
        for chunk in flat.chunks(5) {
            text.extend(chunk);
            text.push('\n');
            lines += 1;
        }
    }
    run("100k short lines", &text);
    // Lines that could open a page's trailer, each far from the last long
    // line.
    let long = "正文".repeat(40);
    let trailer = format!(
        "{}{}{long}\n",
        format!("{long}\n").repeat(5_000),
        "相关新闻\n".repeat(20_000)
    );
    run("trailer candidates", &trailer);
    // Headings only.
    run("heading lines", &repeat("一、标题\n", SIZE / 2));
}

#[test]
fn one_char_repeated() {
    for c in ["一", "a", "1", "年", "。", " ", "\n", "(", "“"] {
        run(&format!("{c:?} repeated"), &repeat(c, SIZE));
    }
}

#[test]
fn dense_quantities_and_markers() {
    // Quantities and target markers in one endless sentence.
    run("quantities in one sentence", &repeat("5%,", SIZE / 4));
    // Quantities without any punctuation: one clause of a quarter million
    // rows (each row's text once held the whole clause: 24 GB for 1 MB).
    run("quantities in one clause", &repeat("1个", SIZE / 4));
    run(
        "markers in one sentence",
        &repeat("2020年全年同比增长5%以上,预计", SIZE / 4),
    );
    // Headline list openers without an end.
    run("headline openers", &repeat("主要目标:", SIZE / 2));
    run(
        "headline lists",
        &repeat("主要预期目标是:地区生产总值增长5%,", SIZE / 4),
    );
}
