//! Times each pass of the pipeline on the 10 MB concatenation (or on each
//! corpus report with `corpus`), best of N runs, for quick comparisons
//! between changes: `cargo run --release --example stages -- [concat|corpus]
//! [N] [PASS]`; with a PASS (clean, doc, outline, targets, glossary) only
//! that pass runs, for a profiler.
//! `cargo bench` remains the reference.

use std::time::Instant;

use zhengbao::doc::Doc;
use zhengbao::{clean, decode, glossary, meta, outline, targets};

/// The CLI's allocator (feature `fast-alloc`, on with `cli`), so that these
/// figures are the CLI's: see Cargo.toml.
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/corpus.rs"]
mod corpus;
use corpus::{concatenation, corpus};

/// Best time of `runs` runs of `f`, in seconds.
fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Prints the MB/s of every pass on `bytes` (or of the pass named `only`).
fn measure(name: &str, bytes: &[u8], runs: usize, only: Option<&str>) {
    let mb = bytes.len() as f64 / (1024.0 * 1024.0);
    let text = decode::decode(bytes).map(|d| d.text).unwrap_or_default();
    let cleaned = clean::clean(&text);
    let doc = Doc::new(&cleaned.text.text);
    let sections = outline::outline(&doc);
    let m = meta::meta(&doc, &sections, &cleaned.facts);
    let cmb = cleaned.text.text.len() as f64 / (1024.0 * 1024.0);
    if let Some(pass) = only {
        let t = best(runs, || match pass {
            "clean" => drop(std::hint::black_box(clean::clean(&text))),
            "doc" => drop(std::hint::black_box(Doc::new(&cleaned.text.text))),
            "outline" => drop(std::hint::black_box(outline::outline(&doc))),
            "targets" => drop(std::hint::black_box(targets::targets(&doc, &sections, &m))),
            "glossary" => drop(std::hint::black_box(glossary::glossary(&doc, &sections))),
            _ => drop(std::hint::black_box(
                zhengbao::extract(bytes, Some("r.txt")).ok(),
            )),
        });
        println!("{name:45} {pass} {:7.1} MB/s", cmb / t);
        return;
    }
    let t_all = best(runs, || {
        std::hint::black_box(zhengbao::extract(bytes, Some("r.txt")).ok());
    });
    let t_dec = best(runs, || {
        std::hint::black_box(decode::decode(bytes).ok());
    });
    let t_clean = best(runs, || {
        std::hint::black_box(clean::clean(&text));
    });
    let t_doc = best(runs, || {
        std::hint::black_box(Doc::new(&cleaned.text.text));
    });
    let t_out = best(runs, || {
        std::hint::black_box(outline::outline(&doc));
    });
    let t_meta = best(runs, || {
        std::hint::black_box(meta::meta(&doc, &sections, &cleaned.facts));
    });
    let t_tg = best(runs, || {
        std::hint::black_box(targets::targets(&doc, &sections, &m));
    });
    let t_gl = best(runs, || {
        std::hint::black_box(glossary::glossary(&doc, &sections));
    });
    println!(
        "{name:45} extract {:7.1} | decode {:6.0} clean {:6.1} doc {:6.1} outline {:6.1} meta {:6.0} targets {:6.1} glossary {:6.1}  MB/s",
        mb / t_all,
        mb / t_dec,
        mb / t_clean,
        cmb / t_doc,
        cmb / t_out,
        cmb / t_meta,
        cmb / t_tg,
        cmb / t_gl
    );
}

fn main() {
    #[cfg(feature = "fast-alloc")]
    zhengbao::fast_alloc::keep_freed_memory();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let only = args.get(2).map(String::as_str);
    let files = corpus();
    match args.first().map(String::as_str) {
        Some("corpus") => {
            for (name, bytes) in &files {
                measure(name, bytes, runs * 20, only);
            }
        }
        _ => measure("concat-10MB", &concatenation(&files), runs, only),
    }
}
