//! The CLI end to end: JSON, JSON Lines, Markdown and CSV output, and a clear
//! one-line error for a file that is not a report.

use std::process::Command;

fn zhengbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zhengbao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the CLI runs")
}

const QIAOKOU: &str = "tests/corpus/qiaokou-2022-report.txt";
const WUCHANG: &str = "tests/corpus/wuchang-2020-plan-news.txt";

#[test]
fn one_file_gives_one_report() {
    let out = zhengbao(&["extract", QIAOKOU]);
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(r["schema"], "zhengbao.report/1");
    assert_eq!(r["meta"]["plan_year"], 2023);
    assert!(r["targets"].as_array().is_some_and(|t| t.len() > 50));
}

#[test]
fn several_files_give_json_lines_in_order() {
    let out = zhengbao(&["extract", QIAOKOU, WUCHANG]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["meta"]["speaker"], "区长苏海峰");
    assert_eq!(lines[1]["meta"]["speaker"], "区长余松");
}

#[test]
fn csv_is_one_table_with_bom_and_file_names() {
    let out = zhengbao(&["extract", "--format", "csv", QIAOKOU, WUCHANG]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(csv.starts_with("\u{feff}file,kind,headline,indicator,change,value"));
    assert_eq!(
        csv.matches("\u{feff}").count(),
        1,
        "one header for all files"
    );
    assert!(csv.contains(&format!(
        "{WUCHANG},target,true,地区生产总值,增长,7.5,,%,eq,2020,"
    )));
    assert!(csv.lines().any(|l| l.starts_with(QIAOKOU)));
    let g = zhengbao(&["extract", "--format", "csv", "--what", "glossary", QIAOKOU]);
    assert!(String::from_utf8_lossy(&g.stdout)
        .starts_with("\u{feff}file,term,kind,count,definition,section"));
}

#[test]
fn markdown_has_meta_outline_and_targets() {
    let out = zhengbao(&["extract", "--format", "md", QIAOKOU]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("区长苏海峰"));
    assert!(md.contains("经济大盘保持总体平稳"));
    assert!(md.contains("城镇登记失业率"));
}

#[test]
fn a_pdf_gets_a_one_line_reason_and_the_others_still_run() {
    let dir = std::env::temp_dir().join(format!("zhengbao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let pdf = dir.join("scan.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").expect("write");
    let out = zhengbao(&["extract", pdf.to_str().unwrap_or_default(), WUCHANG]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scan.pdf") && err.contains("PDF"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
