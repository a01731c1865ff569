//! Throughput of the pipeline and of each pass, in MB/s of the pass's input
//! (`cargo bench`; `cargo bench -- outline` runs one group).
//!
//! Inputs: every corpus report (tests/corpus/*.txt), a 10 MB concatenation of
//! them, and the HTML page of tests/fixtures wrapping the corpus for the HTML
//! converter. Each pass is measured on its own input, prepared outside the
//! timed loop: `clean` on the decoded text, `Doc::new` on the cleaned text,
//! `outline` on a `Doc`, and so on.

use std::path::Path;
use std::time::Duration;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode,
    Throughput,
};

use zhengbao::doc::Doc;
use zhengbao::{clean, container, decode, glossary, meta, outline, targets};

/// The CLI's allocator (feature `fast-alloc`, on with `cli`), so that these
/// figures are the CLI's: see Cargo.toml.
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Size of the concatenated input.
const BIG: usize = 10 * 1024 * 1024;

/// The corpus reports as (short name, bytes), sorted by name.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("tests/corpus is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p
                .file_stem()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let bytes = std::fs::read(&p).expect("corpus file is readable");
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The corpus reports one after another, repeated up to `BIG` bytes (cut at
/// a line break).
fn concatenation(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(BIG + 64 * 1024);
    'fill: loop {
        for (_, b) in files {
            if out.len() + b.len() + 1 > BIG {
                break 'fill;
            }
            out.extend_from_slice(b);
            out.push(b'\n');
        }
    }
    out
}

/// The web page of tests/fixtures carrying `text`, one `<p>` per line.
fn web_page(text: &str) -> String {
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-page.html"),
    )
    .expect("tests/fixtures/report-page.html is readable");
    let mut content = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        content.push_str("<p style=\"text-indent:2em\">");
        content.push_str(&escaped);
        content.push_str("</p>\n");
    }
    template
        .replace("{{TITLE}}", "政府工作报告")
        .replace("{{CONTENT}}", &content)
}

/// The inputs every group runs on: each corpus report and the concatenation.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut all = corpus();
    let big = concatenation(&all);
    all.push(("concat-10MB".to_string(), big));
    all
}

/// Short measurements, so the whole run stays within minutes on two cores:
/// fewer samples and about 2 s per benchmark (3 s for the 10 MB input).
fn configure(g: &mut BenchmarkGroup<'_, WallTime>, size: usize) {
    g.throughput(Throughput::Bytes(size as u64));
    g.warm_up_time(Duration::from_millis(500));
    if size > 1024 * 1024 {
        // Ten runs, not the 55 that linear sampling needs at least.
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(3));
    } else {
        g.sampling_mode(SamplingMode::Auto);
        g.sample_size(20);
        g.measurement_time(Duration::from_secs(2));
    }
}

/// Runs `f` on every input of `inputs` in a group called `group`, the
/// throughput counted in `size(input)` bytes.
fn run<T>(
    c: &mut Criterion,
    group: &str,
    inputs: &[(String, T)],
    size: impl Fn(&T) -> usize,
    mut f: impl FnMut(&T),
) {
    let mut g = c.benchmark_group(group);
    for (name, input) in inputs {
        configure(&mut g, size(input));
        g.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| f(black_box(input)))
        });
    }
    g.finish();
}

fn bench(c: &mut Criterion) {
    #[cfg(feature = "fast-alloc")]
    zhengbao::fast_alloc::keep_freed_memory();
    let inputs = inputs();

    // The whole pipeline, bytes in, Report out.
    run(c, "extract", &inputs, Vec::len, |bytes| {
        black_box(zhengbao::extract(bytes, Some("report.txt")).ok());
    });

    // Each pass on its own input, prepared outside the timed loop.
    run(c, "decode", &inputs, Vec::len, |bytes| {
        black_box(decode::decode(bytes).ok());
    });

    let decoded: Vec<(String, String)> = inputs
        .iter()
        .map(|(n, b)| (n.clone(), decode::decode(b).expect("corpus decodes").text))
        .collect();

    let pages: Vec<(String, String)> = decoded
        .iter()
        .map(|(n, t)| (n.clone(), web_page(t)))
        .collect();
    run(c, "html_to_text", &pages, String::len, |page| {
        black_box(container::html::to_text(page));
    });

    run(c, "clean", &decoded, String::len, |text| {
        black_box(clean::clean(text));
    });

    let cleaned: Vec<(String, clean::Cleaned)> = decoded
        .iter()
        .map(|(n, t)| (n.clone(), clean::clean(t)))
        .collect();
    let cleaned_len = |c: &clean::Cleaned| c.text.text.len();

    run(c, "doc_new", &cleaned, cleaned_len, |c| {
        black_box(Doc::new(&c.text.text));
    });

    // The passes after Doc::new, each given the results of the passes before
    // it; throughput in bytes of the cleaned text.
    let docs: Vec<(String, Prepared<'_>)> = cleaned
        .iter()
        .map(|(n, c)| (n.clone(), Prepared::new(c)))
        .collect();
    let doc_len = |p: &Prepared<'_>| p.doc.text.len();
    run(c, "outline", &docs, doc_len, |p| {
        black_box(outline::outline(&p.doc));
    });
    run(c, "meta", &docs, doc_len, |p| {
        black_box(meta::meta(&p.doc, &p.sections, &p.facts));
    });
    run(c, "targets", &docs, doc_len, |p| {
        black_box(targets::targets(&p.doc, &p.sections, &p.meta));
    });
    run(c, "glossary", &docs, doc_len, |p| {
        black_box(glossary::glossary(&p.doc, &p.sections));
    });
}

/// A document with the results of the passes up to meta, as `extract` has
/// them when it runs targets and glossary.
struct Prepared<'a> {
    doc: Doc<'a>,
    sections: Vec<zhengbao::Section>,
    facts: clean::PageFacts,
    meta: zhengbao::Meta,
}

impl<'a> Prepared<'a> {
    fn new(c: &'a clean::Cleaned) -> Prepared<'a> {
        let doc = Doc::new(&c.text.text);
        let sections = outline::outline(&doc);
        let mut meta = meta::meta(&doc, &sections, &c.facts);
        meta.script = doc.script.name().to_string();
        Prepared {
            doc,
            sections,
            facts: c.facts.clone(),
            meta,
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
