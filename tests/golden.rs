//! Golden tests: the outline, meta and targets of each corpus report, compared with a
//! reviewed copy in tests/golden/. Run with `UPDATE_GOLDEN=1` to rewrite the
//! copies after a reviewed change (then read the diff before committing).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// The reviewed part of a report: meta and outline.
fn summary(r: &zhengbao::Report) -> Value {
    let sections: Vec<Value> = r
        .sections
        .iter()
        .map(|s| {
            json!({
                "id": s.id, "parent": s.parent, "level": s.level, "number": s.number,
                "title": s.title, "form": s.form, "span": s.span, "section_span": s.section_span,
            })
        })
        .collect();
    let targets: Vec<Value> = r
        .targets
        .iter()
        .map(|t| {
            json!([
                t.kind,
                t.headline,
                t.indicator,
                t.change,
                t.value,
                t.value_max,
                t.unit,
                t.bound,
                t.period,
                t.section,
                t.span,
            ])
        })
        .collect();
    json!({
        "meta": r.meta,
        "sections": sections,
        "targets": targets,
        "text_chars": r.text.chars().count(),
    })
}

#[test]
fn corpus_outline_meta_and_targets_match_the_reviewed_copies() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let files = corpus();
    assert_eq!(
        files.len(),
        5,
        "the five corpus reports are in tests/corpus"
    );
    for path in files {
        let bytes = std::fs::read(&path).expect("corpus file is readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let report = zhengbao::extract(&bytes, Some(&name)).expect("corpus report extracts");
        let got = summary(&report);
        let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(name.replace(".txt", ".json"));
        if update {
            let s = serde_json::to_string_pretty(&got).expect("serialisable");
            std::fs::write(&golden, s + "\n").expect("golden file is writable");
            continue;
        }
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&golden).unwrap_or_default())
                .unwrap_or(Value::Null);
        if want != got {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "outline, meta or targets changed for {failures:?}: review with UPDATE_GOLDEN=1 cargo test --test golden and git diff tests/golden"
    );
}
