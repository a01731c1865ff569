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

#[cfg(test)]
mod tests {
    use super::*;

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
