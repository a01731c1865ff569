//! Runs the whole pipeline in a loop, for profilers (callgrind, perf):
//! `cargo run --release --example profile -- [FILE] [RUNS]`. With no file,
//! or with `concat`, the corpus reports are concatenated up to 10 MB as in
//! `benches/pipeline.rs`; `corpus` runs each corpus report in turn instead.

#[path = "../tests/support/corpus.rs"]
mod corpus;
use corpus::{concatenation, corpus};

/// The CLI's allocator (feature `fast-alloc`, on with `cli`), so that these
/// figures are the CLI's: see Cargo.toml.
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    #[cfg(feature = "fast-alloc")]
    zhengbao::fast_alloc::keep_freed_memory();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs = match args.first().map(String::as_str) {
        Some("corpus") => corpus().into_iter().map(|(_, b)| b).collect(),
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
