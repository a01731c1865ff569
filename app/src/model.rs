//! What the app shows, computed from a [`Report`]: plain data, no Leptos, so
//! it is tested natively.

use zhengbao::{Meta, Report, Section};

/// What stands for a value the report does not give.
pub const MISSING: &str = "—";

/// One row of the meta table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The row's label.
    pub label: &'static str,
    /// The value, or [`MISSING`].
    pub value: String,
}

/// A heading of the outline with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The numbering as written (一, （一）, 1, 附件1), if any.
    pub number: Option<String>,
    /// The heading's title.
    pub title: String,
    /// The headings under this one, in order.
    pub children: Vec<Heading>,
}

/// Everything the app shows for one analysed report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The meta table.
    pub fields: Vec<Field>,
    /// The outline's top headings.
    pub outline: Vec<Heading>,
}

/// Analyses pasted text: the summary, or the error's message for the user.
pub fn analyse(text: &str) -> Result<Summary, String> {
    zhengbao::extract_text(text)
        .map(|report| summarise(&report))
        .map_err(|e| e.to_string())
}

/// The summary of a report.
pub fn summarise(report: &Report) -> Summary {
    Summary {
        fields: fields(&report.meta),
        outline: outline(&report.sections),
    }
}

/// The meta rows: title, speaker, date, years and script.
pub fn fields(meta: &Meta) -> Vec<Field> {
    let or_missing = |v: &Option<String>| v.clone().unwrap_or_else(|| MISSING.to_string());
    let year = |y: Option<i32>| y.map_or(MISSING.to_string(), |y| format!("{y}年"));
    let years = match (meta.report_year, meta.plan_year) {
        (None, None) => MISSING.to_string(),
        (r, p) => format!("回顾 {}，计划 {}", year(r), year(p)),
    };
    let script = match meta.script.as_str() {
        "simplified" => "简体".to_string(),
        "traditional" => "繁体".to_string(),
        "" => MISSING.to_string(),
        other => other.to_string(),
    };
    vec![
        Field {
            label: "标题",
            value: or_missing(&meta.title),
        },
        Field {
            label: "报告人",
            value: or_missing(&meta.speaker),
        },
        Field {
            label: "日期",
            value: or_missing(&meta.date),
        },
        Field {
            label: "年份",
            value: years,
        },
        Field {
            label: "字体",
            value: script,
        },
    ]
}

/// The sections as a tree, following each section's parent. A parent that
/// does not come before its child (which the extractor never gives) puts
/// the child at the top.
pub fn outline(sections: &[Section]) -> Vec<Heading> {
    // Built from the last section to the first: every child (which comes
    // after its parent) is finished before its parent is; no recursion.
    let mut children: Vec<Vec<Heading>> = vec![Vec::new(); sections.len()];
    let mut top = Vec::new();
    for (i, s) in sections.iter().enumerate().rev() {
        let mut kids = std::mem::take(&mut children[i]);
        kids.reverse();
        let heading = Heading {
            number: s.number.clone(),
            title: s.title.clone(),
            children: kids,
        };
        match s.parent {
            Some(p) if p < i => children[p].push(heading),
            _ => top.push(heading),
        }
    }
    top.reverse();
    top
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhengbao::Span;

    fn section(id: usize, parent: Option<usize>, number: &str, title: &str) -> Section {
        Section {
            id,
            parent,
            level: 1,
            number: Some(number.to_string()),
            title: title.to_string(),
            form: "numbered".to_string(),
            span: Span(0, 0),
            section_span: Span(0, 0),
        }
    }

    fn titles(headings: &[Heading]) -> Vec<String> {
        headings.iter().map(|h| h.title.clone()).collect()
    }

    #[test]
    fn outline_follows_parents_in_order() {
        let tree = outline(&[
            section(0, None, "一", "回顾"),
            section(1, Some(0), "（一）", "经济"),
            section(2, Some(0), "（二）", "民生"),
            section(3, Some(2), "1", "教育"),
            section(4, None, "二", "计划"),
            section(5, Some(9), "x", "孤儿"),
        ]);
        assert_eq!(titles(&tree), ["回顾", "计划", "孤儿"]);
        assert_eq!(titles(&tree[0].children), ["经济", "民生"]);
        assert_eq!(titles(&tree[0].children[1].children), ["教育"]);
        assert_eq!(tree[0].children[0].number.as_deref(), Some("（一）"));
    }

    #[test]
    fn fields_name_missing_values() {
        let meta = Meta {
            title: Some("某区2022年政府工作报告".to_string()),
            plan_year: Some(2023),
            script: "traditional".to_string(),
            ..Meta::default()
        };
        let f = fields(&meta);
        assert_eq!(f[0].value, "某区2022年政府工作报告");
        assert_eq!(f[1].value, MISSING);
        assert_eq!(f[3].value, "回顾 —，计划 2023年");
        assert_eq!(f[4].value, "繁体");
    }

    #[test]
    fn empty_text_is_an_error_message() {
        let message = analyse("  \n ").unwrap_err();
        assert!(!message.is_empty());
    }
}
