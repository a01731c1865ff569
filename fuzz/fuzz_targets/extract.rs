//! The whole pipeline from bytes: never a panic, every span inside `text`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file name, so the HTML and .docx paths are fuzzed too.
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) => (["report.txt", "page.html", "report.docx", "x"][usize::from(*b % 4)], rest),
        None => ("report.txt", data),
    };
    if let Ok(r) = zhengbao::extract(bytes, Some(name)) {
        let n = r.text.chars().count();
        for s in &r.sections {
            assert!(s.span.0 <= s.span.1 && s.span.1 <= n);
            assert!(s.section_span.0 <= s.section_span.1 && s.section_span.1 <= n);
        }
        for t in &r.targets {
            assert!(t.span.0 <= t.span.1 && t.span.1 <= n);
        }
        for g in &r.glossary {
            for o in &g.occurrences {
                assert!(o.0 <= o.1 && o.1 <= n);
            }
        }
        let (a, b) = r.source_map.span_to_source(0, n);
        assert!(a <= b && b <= r.source_map.src_len());
    }
});
