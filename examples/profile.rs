//! Runs the whole pipeline in a loop, for profilers (callgrind, perf):
//! `cargo run --release --example profile -- [FILE] [RUNS]`. With no file,
//! or with `concat`, the corpus reports are concatenated up to 10 MB as in
//! `benches/pipeline.rs`; `corpus` runs each corpus report in turn instead.

use std::path::Path;

/// Size of the concatenated input.
const BIG: usize = 10 * 1024 * 1024;

/// The corpus reports, sorted by name.
fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_else(|_| Vec::new());
    paths.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// The corpus reports one after another up to `BIG` bytes.
fn concatenation(files: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(BIG + 64 * 1024);
    'fill: loop {
        for b in files {
            if out.len() + b.len() + 1 > BIG || b.is_empty() {
                break 'fill;
            }
            out.extend_from_slice(b);
            out.push(b'\n');
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs = match args.first().map(String::as_str) {
        Some("corpus") => corpus(),
        None | Some("concat") => vec![concatenation(&corpus())],
        Some(path) => vec![std::fs::read(path).unwrap_or_default()],
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
    // One warm-up run builds the cached regexes, so that the measured runs
    // (`callgrind --toggle-collect=profile::measured`) see the steady state.
    let warm = inputs
        .iter()
        .filter_map(|b| zhengbao::extract(b, Some("report.txt")).ok())
        .count();
    println!("{}", measured(&inputs, runs) + warm);
}

/// Runs the pipeline `runs` times over `inputs`; returns a checksum.
#[inline(never)]
fn measured(inputs: &[Vec<u8>], runs: usize) -> usize {
    let mut total = 0usize;
    for _ in 0..runs {
        for bytes in inputs {
            if let Ok(r) = zhengbao::extract(bytes, Some("report.txt")) {
                total += r.targets.len() + r.glossary.len() + r.sections.len();
            }
        }
    }
    total
}
