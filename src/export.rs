//! Exports for spreadsheets: targets and glossary as CSV.
//!
//! The CSV is UTF-8 with a byte-order mark, so Excel on Chinese Windows opens
//! it right, one row per target (or term), with the file name in the first
//! column so a year of reports can go into one sheet. The CLI and the web app
//! both write through these functions.

use std::fmt::Write;

use crate::Report;

/// The UTF-8 byte-order mark that starts every CSV.
pub const BOM: &str = "\u{feff}";

/// Header of the targets CSV.
pub const TARGETS_HEADER: &[&str] = &[
    "file",
    "kind",
    "headline",
    "indicator",
    "change",
    "value",
    "value_max",
    "unit",
    "bound",
    "period",
    "section",
    "text",
    "start",
    "end",
];

/// Header of the glossary CSV.
pub const GLOSSARY_HEADER: &[&str] = &["file", "term", "kind", "count", "definition", "section"];

/// Quotes a CSV field when it needs it (RFC 4180).
fn field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// The byte-order mark and a header line.
pub fn header(columns: &[&str]) -> String {
    let mut out = String::from(BOM);
    row(
        &mut out,
        &columns.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    out
}

fn number(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn section_title(report: &Report, id: Option<usize>) -> String {
    id.and_then(|i| report.sections.get(i))
        .map(|s| match &s.number {
            Some(n) => format!("{n} {}", s.title),
            None => s.title.clone(),
        })
        .unwrap_or_default()
}

/// The cells of one target, in the order of `TARGETS_HEADER[1..12]`.
fn target_cells(report: &Report, t: &crate::Target) -> [String; 11] {
    [
        t.kind.to_string(),
        t.headline.to_string(),
        t.indicator.clone(),
        t.change.clone().unwrap_or_default(),
        number(t.value),
        number(t.value_max),
        t.unit.as_deref().unwrap_or_default().to_string(),
        t.bound.to_string(),
        t.period.as_deref().unwrap_or_default().to_string(),
        section_title(report, t.section),
        t.text.clone(),
    ]
}

/// The targets of one report as CSV rows (no header).
pub fn targets_rows(file: &str, report: &Report) -> String {
    let mut out = String::new();
    for t in &report.targets {
        let mut cells = vec![file.to_string()];
        cells.extend(target_cells(report, t));
        cells.push(t.span.0.to_string());
        cells.push(t.span.1.to_string());
        row(&mut out, &cells);
    }
    out
}

/// The glossary of one report as CSV rows (no header).
pub fn glossary_rows(file: &str, report: &Report) -> String {
    let mut out = String::new();
    for g in &report.glossary {
        row(
            &mut out,
            &[
                file.to_string(),
                g.term.clone(),
                g.kind.to_string(),
                g.count.to_string(),
                g.definition.clone().unwrap_or_default(),
                section_title(report, g.section),
            ],
        );
    }
    out
}

/// A whole targets CSV for one report: mark, header and rows.
pub fn targets_csv(file: &str, report: &Report) -> String {
    header(TARGETS_HEADER) + &targets_rows(file, report)
}

/// A whole glossary CSV for one report: mark, header and rows.
pub fn glossary_csv(file: &str, report: &Report) -> String {
    header(GLOSSARY_HEADER) + &glossary_rows(file, report)
}

/// The targets as tab-separated lines with a header, for pasting into a
/// spreadsheet (tabs and line breaks inside fields become spaces).
pub fn targets_tsv(report: &Report) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::new();
    let _ = writeln!(out, "{}", TARGETS_HEADER[1..12].join("\t"));
    for t in &report.targets {
        let cells = target_cells(report, t);
        let _ = writeln!(
            out,
            "{}",
            cells
                .iter()
                .map(|c| clean(c))
                .collect::<Vec<_>>()
                .join("\t")
        );
    }
    out
}

/// `json` (compact, as `serde_json::to_string` writes it: no whitespace
/// outside strings) indented as `serde_json::to_string_pretty` writes it:
/// two spaces a level, `": "` after a key, `[]` and `{}` when empty. The
/// web app writes its JSON download this way, so the wasm carries the
/// report's serializer with one formatter (compact), not two (~1 KB gzip).
pub fn pretty_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.next_if_eq(&close).is_some() {
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// A line break and `depth` levels of two-space indent.
fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_is_serde_json_pretty() {
        let r = report();
        let compact = serde_json::to_string(&r).unwrap_or_default();
        let want = serde_json::to_string_pretty(&r).unwrap_or_default();
        assert_eq!(pretty_json(&compact), want);
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        for entry in std::fs::read_dir(corpus).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let Ok(r) = crate::extract_text(&text) else {
                continue;
            };
            let compact = serde_json::to_string(&r).unwrap_or_default();
            let want = serde_json::to_string_pretty(&r).unwrap_or_default();
            assert_eq!(pretty_json(&compact), want, "{:?}", entry.path());
        }
        let tricky = serde_json::json!({"a": [], "b": {}, "c": "x\"[{,:}]\\", "d": [1, [2, {}], {"e": null}], "f": -1.5e-7});
        let compact = serde_json::to_string(&tricky).unwrap_or_default();
        let want = serde_json::to_string_pretty(&tricky).unwrap_or_default();
        assert_eq!(pretty_json(&compact), want);
    }

    fn report() -> Report {
        crate::extract_text("各位代表:\n二〇二三年工作意见\n主要预期目标是:地区生产总值增长5%左右,新增就业1.8万人。\n")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn csv_has_bom_header_and_quoted_fields() {
        let r = report();
        let csv = targets_csv("a,b.txt", &r);
        assert!(csv.starts_with("\u{feff}file,kind,headline,indicator"));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(
            lines[1].starts_with("\"a,b.txt\",target,true,地区生产总值,增长,5,,%,approx,2023,"),
            "{}",
            lines[1]
        );
        assert_eq!(lines.len(), 2 + r.targets.len());
    }

    #[test]
    fn quotes_are_doubled() {
        let mut s = String::new();
        field(&mut s, "say \"hi\"");
        assert_eq!(s, "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn tsv_has_one_line_per_target() {
        let r = report();
        let tsv = targets_tsv(&r);
        assert_eq!(tsv.lines().count(), 1 + r.targets.len());
        assert!(tsv
            .lines()
            .nth(1)
            .is_some_and(|l| l.split('\t').count() == 11));
    }
}
