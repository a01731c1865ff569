//! The corpus reports for the examples that time the pipeline
//! (`examples/stages.rs`, `examples/profile.rs`, `e2e/tests/speed.rs`).

use std::path::Path;

/// Size of the concatenated input, as in `benches/pipeline.rs`.
pub const BIG: usize = 10 * 1024 * 1024;

/// The corpus reports as (name, bytes), sorted by name.
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    // The root crate's tests/corpus, also from a workspace member (e2e/).
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = [manifest, manifest.parent().unwrap_or(manifest)]
        .iter()
        .map(|d| d.join("tests/corpus"))
        .find(|d| d.is_dir())
        .unwrap_or_default();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_else(|_| Vec::new());
    paths.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_string();
            Some((name, std::fs::read(p).ok()?))
        })
        .collect()
}

/// The corpus reports one after another up to `BIG` bytes.
pub fn concatenation(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(BIG + 64 * 1024);
    'fill: loop {
        for (_, b) in files {
            if out.len() + b.len() + 1 > BIG || b.is_empty() {
                break 'fill;
            }
            out.extend_from_slice(b);
            out.push(b'\n');
        }
    }
    out
}
