//! A Report as a readable Markdown summary (the CLI's `--format md`, the
//! app's Markdown export).
//!
//! One function per part of the summary ([`meta`], [`outline`], [`targets`],
//! [`glossary`]), so that a new part is one more function and one more line in
//! [`render`]. Parts with nothing to show are left out.

use std::fmt::Write as _;

use crate::{Meta, Report, Section, Target, Term};

/// What stands in a table cell for a value the report does not give.
const MISSING: &str = "—";

/// Renders a report as Markdown. `source` names the input (a file name or
/// `<stdin>`) and titles the summary when the report has no title.
pub fn render(report: &Report, source: &str) -> String {
    let mut out = String::new();
    let title = report.meta.title.as_deref().unwrap_or(source);
    let _ = writeln!(out, "# {}\n", escape(title));
    let _ = writeln!(out, "Source: `{}`\n", source.replace('`', "'"));
    meta(&mut out, &report.meta);
    outline(&mut out, &report.sections);
    targets(&mut out, &report.targets);
    glossary(&mut out, &report.glossary);
    out
}

/// The meta as a two-column table.
fn meta(out: &mut String, meta: &Meta) {
    let years = match (meta.report_year, meta.plan_year) {
        (None, None) => None,
        (r, p) => Some(format!(
            "reviewed {}, planned {}",
            r.map_or(MISSING.to_string(), |y| y.to_string()),
            p.map_or(MISSING.to_string(), |y| y.to_string())
        )),
    };
    let rows: [(&str, Option<&str>); 10] = [
        ("Title", meta.title.as_deref()),
        ("Region", meta.region.as_deref()),
        ("Level", meta.level.as_deref()),
        ("Speaker", meta.speaker.as_deref()),
        ("Meeting", meta.meeting.as_deref()),
        ("Date", meta.date.as_deref()),
        ("Years", years.as_deref()),
        ("Script", Some(meta.script.as_str())),
        ("Encoding", Some(meta.encoding.as_str())),
        ("Format", Some(meta.format.as_str())),
    ];
    out.push_str("## Meta\n\n| field | value |\n| --- | --- |\n");
    for (field, value) in rows {
        let _ = writeln!(out, "| {field} | {} |", cell(value));
    }
    out.push('\n');
}

/// The outline as a nested list, each heading with its numbering as written.
fn outline(out: &mut String, sections: &[Section]) {
    out.push_str("## Outline\n\n");
    if sections.is_empty() {
        out.push_str("No headings found.\n\n");
        return;
    }
    // Depth from the parent chain, not `level`, so the list nests one step
    // at a time even when levels skip; parents always come first.
    let mut depth = vec![0usize; sections.len()];
    for (i, s) in sections.iter().enumerate() {
        depth[i] = match s.parent {
            Some(p) if p < i => depth[p] + 1,
            _ => 0,
        };
        let indent = "  ".repeat(depth[i]);
        match &s.number {
            Some(n) => {
                let _ = writeln!(out, "{indent}- **{}** {}", escape(n), escape(&s.title));
            }
            None => {
                let _ = writeln!(out, "{indent}- {}", escape(&s.title));
            }
        }
    }
    out.push('\n');
}

/// Targets and results as a table.
fn targets(out: &mut String, targets: &[Target]) {
    if targets.is_empty() {
        return;
    }
    out.push_str("## Targets\n\n| kind | indicator | change | value | unit | bound | period |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for t in targets {
        let value = match (t.value, t.value_max) {
            (Some(v), Some(m)) => Some(format!("{v}–{m}")),
            (Some(v), None) => Some(v.to_string()),
            (None, _) => None,
        };
        let kind = if t.headline {
            format!("{} ★", t.kind)
        } else {
            t.kind.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(Some(&kind)),
            cell(Some(&t.indicator)),
            cell(t.change.as_deref()),
            cell(value.as_deref()),
            cell(t.unit.as_deref()),
            cell(Some(t.bound.as_str())),
            cell(t.period.as_deref()),
        );
    }
    out.push('\n');
}

/// The glossary as a table.
fn glossary(out: &mut String, terms: &[Term]) {
    if terms.is_empty() {
        return;
    }
    out.push_str(
        "## Glossary\n\n| term | kind | count | definition |\n| --- | --- | --- | --- |\n",
    );
    for t in terms {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(Some(&t.term)),
            cell(Some(t.kind.as_str())),
            t.count,
            cell(t.definition.as_deref()),
        );
    }
    out.push('\n');
}

/// A table cell: escaped, on one line, [`MISSING`] when absent or empty.
fn cell(value: Option<&str>) -> String {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => escape(v).replace('|', "\\|"),
        _ => MISSING.to_string(),
    }
}

/// Escapes the characters Markdown would read as markup and folds line
/// breaks to spaces.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn section(id: usize, parent: Option<usize>, number: Option<&str>, title: &str) -> Section {
        Section {
            id,
            parent,
            level: parent.map_or(1, |_| 2),
            number: number.map(str::to_string),
            title: title.to_string(),
            form: crate::Form::Numbered,
            span: Span(0, 0),
            section_span: Span(0, 0),
        }
    }

    #[test]
    fn outline_nests_by_parent() {
        let mut out = String::new();
        outline(
            &mut out,
            &[
                section(0, None, Some("一"), "过去一年工作回顾"),
                section(1, Some(0), Some("（一）"), "经济*稳中有进*"),
                section(2, None, None, "附件"),
            ],
        );
        assert!(out.contains("- **一** 过去一年工作回顾\n"));
        assert!(out.contains("  - **（一）** 经济\\*稳中有进\\*\n"));
        assert!(out.contains("\n- 附件\n"));
    }

    #[test]
    fn meta_table_marks_missing_values() {
        let mut out = String::new();
        let m = Meta {
            title: Some("a|b".to_string()),
            report_year: Some(2022),
            plan_year: Some(2023),
            script: "simplified".to_string(),
            ..Meta::default()
        };
        meta(&mut out, &m);
        assert!(out.contains("| Title | a\\|b |"));
        assert!(out.contains("| Speaker | — |"));
        assert!(out.contains("| Years | reviewed 2022, planned 2023 |"));
        assert!(out.contains("| Encoding | — |"));
    }
}
