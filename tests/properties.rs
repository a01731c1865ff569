//! Property tests: for any input, extraction returns a report or a typed
//! error (never a panic), every span lies inside `text`, and every char of
//! `text` maps back to the same char of the source.

use proptest::prelude::*;

/// Checks the invariants of a report extracted from `source` (the decoded
/// text the report's source map points into).
fn check_report(r: &zhengbao::Report, source: Option<&str>) -> Result<(), TestCaseError> {
    let n = r.text.chars().count();
    for s in &r.sections {
        prop_assert!(
            s.span.0 <= s.span.1 && s.span.1 <= n,
            "heading span {:?} outside text of {n}",
            s.span
        );
        prop_assert!(
            s.section_span.0 <= s.section_span.1 && s.section_span.1 <= n,
            "section span {:?} outside text of {n}",
            s.section_span
        );
        prop_assert!(s.section_span.0 <= s.span.0 && s.span.1 <= s.section_span.1);
        if let Some(p) = s.parent {
            prop_assert!(p < s.id, "parent {p} after child {}", s.id);
            prop_assert_eq!(r.sections[p].level + 1, s.level);
        } else {
            prop_assert_eq!(s.level, 1);
        }
        prop_assert!(!s.title.is_empty());
    }
    let m = &r.source_map;
    prop_assert_eq!(m.out_len(), n);
    for s in &r.sections {
        let (a, b) = m.span_to_source(s.span.0, s.span.1);
        prop_assert!(a <= b && b <= m.src_len());
    }
    if let Some(src) = source {
        let src: Vec<char> = src.chars().collect();
        prop_assert_eq!(m.src_len(), src.len());
        for (i, c) in r.text.chars().enumerate() {
            let j = m.to_source(i);
            prop_assert!(j < src.len(), "char {i} maps past the source");
            // Line breaks and folded spaces stand for white space; every
            // other char is a copy of its source char.
            if c != '\n' && c != ' ' {
                prop_assert_eq!(
                    src[j],
                    c,
                    "char {} of text maps to a different source char",
                    i
                );
            }
        }
    }
    Ok(())
}

/// Text drawn from what reports are made of: CJK, numbering, punctuation,
/// digits, pinyin, white space and line breaks.
fn reportish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "一、",
        "二、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "（1）",
        "①",
        "附件1",
        "名词解释",
        "——",
        "──",
        "各位代表:",
        "区长苏海峰",
        "二〇二二年工作回顾",
        "2023年工作意见",
        "经济保持合理区间。",
        "项目建设加快推进。",
        "增长5%左右",
        "1.2万亿元",
        "７．５％",
        "區(qū)",
        "會(huì)",
        "(注:预计数)",
        "。",
        ",",
        "，",
        "、",
        ":",
        "“",
        "”",
        "\n",
        "\n\n",
        " ",
        "\u{3000}",
        "\u{a0}",
        "\r\n",
        "\u{200b}",
        "索引号: 1",
        "发布时间:2022-12-29",
        "打印",
        "扫一扫在手机上查看当前页面",
        "关闭窗口",
        "#",
        "**",
        "实施产业升级行动 加快提升区域经济首位度",
        "推进",
        "城市",
        "發展",
        "a",
        "?",
        "<p>",
        "</div>",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

/// Text dense with what quantities are made of: digits, separators that are
/// also punctuation (1,200 / 8:30), units, bounds, verbs and list words, so
/// the targets pass meets numbers that straddle clause ends. (`1,200万元`
/// once panicked there: the comma ended the clause inside the number.)
fn quantityish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "1",
        "2",
        "0",
        "5",
        "12",
        "1,200",
        ",",
        "，",
        ".",
        ":",
        "：",
        ";",
        "%",
        "％",
        "万",
        "亿",
        "元",
        "个",
        "家",
        "万人",
        "平方米",
        "倍",
        "以上",
        "左右",
        "以下",
        "以内",
        "至",
        "-",
        "~",
        "—",
        "增长",
        "达到",
        "控制在",
        "提高到",
        "下降",
        "新增",
        "投入",
        "预计",
        "全年",
        "上半年",
        "2023年",
        "分别",
        "、",
        "和",
        "及",
        "约",
        "近",
        "余",
        "多",
        "超",
        "一",
        "二",
        "十",
        "百",
        "千",
        "三分之一",
        "个百分点",
        "占",
        "比重",
        "从",
        "由",
        "同比",
        "较上年",
        "地区生产总值",
        "主要预期目标是:",
        "主要目标:",
        "。",
        "\n",
        "(",
        ")",
        "（",
        "）",
        "“",
        "”",
        " ",
        "年",
        "第",
        "一、",
        "(一)",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn quantityish_text_keeps_its_invariants(s in quantityish()) {
        if let Ok(r) = zhengbao::extract_text(&s) {
            check_report(&r, None)?;
        }
    }

    #[test]
    fn any_bytes_give_a_report_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(r) = zhengbao::extract(&bytes, None) {
            check_report(&r, None)?;
        }
    }

    #[test]
    fn reportish_text_keeps_its_invariants(s in reportish()) {
        // Plain text: the source is the text itself.
        if let Ok(r) = zhengbao::extract(s.as_bytes(), Some("report.txt")) {
            if r.meta.format == "text" {
                check_report(&r, Some(&s))?;
            } else {
                check_report(&r, None)?;
            }
        }
        if let Ok(r) = zhengbao::extract_text(&s) {
            check_report(&r, None)?;
        }
    }

    #[test]
    fn any_string_keeps_its_invariants(s in "\\PC{0,300}") {
        if let Ok(r) = zhengbao::extract_text(&s) {
            check_report(&r, None)?;
        }
    }
}

#[test]
fn corpus_text_maps_back_to_the_source() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    for e in std::fs::read_dir(dir)
        .expect("tests/corpus is readable")
        .flatten()
    {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let src = std::fs::read_to_string(&p).expect("corpus is UTF-8");
        let r = zhengbao::extract(src.as_bytes(), p.to_str()).expect("corpus extracts");
        assert!(!r.sections.is_empty());
        check_report(&r, Some(&src)).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
}
