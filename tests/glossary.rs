//! Corpus-level checks of the glossary: the 名詞解釋 entries of the jianghan
//! report are defined terms with their paragraphs, no plain word enters any
//! glossary, every span is valid, and the work stays bounded on degenerate
//! input.

use std::path::{Path, PathBuf};
use std::time::Instant;

use zhengbao::doc::Doc;
use zhengbao::{Report, Term, TermKind};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn report(name: &str) -> Report {
    let path = corpus(name);
    let bytes = std::fs::read(&path).expect("corpus file is readable");
    zhengbao::extract(&bytes, Some(name)).expect("corpus report extracts")
}

const CORPUS: &[&str] = &[
    "jianghan-2017-report.hant.txt",
    "qiaokou-2022-report.txt",
    "wuchang-2020-plan-news.txt",
    "wuchang-2021-midyear-plan-execution.txt",
    "wuchang-2022-plan-news.hant.txt",
];

fn find<'a>(g: &'a [Term], term: &str) -> Option<&'a Term> {
    g.iter().find(|t| t.term == term)
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn every_glossary_entry_of_jianghan_is_defined() {
    let r = report("jianghan-2017-report.hant.txt");
    // The entries under 名詞解釋, as the outline numbers them.
    let glossary = r
        .sections
        .iter()
        .find(|s| s.title.contains("名詞解釋"))
        .expect("the report has a 名詞解釋 annex");
    let entries: Vec<&zhengbao::Section> = r
        .sections
        .iter()
        .filter(|s| s.parent == Some(glossary.id))
        .collect();
    assert_eq!(entries.len(), 25);
    let text = chars(&r.text);
    for (k, e) in entries.iter().enumerate() {
        let title = e.title.trim();
        let t = find(&r.glossary, title).unwrap_or_else(|| panic!("entry {title} is a term"));
        assert_eq!(t.kind, TermKind::Defined, "{title}");
        let def = t
            .definition
            .as_deref()
            .unwrap_or_else(|| panic!("{title} has a definition"));
        // The definition is the text under the entry's heading.
        let under: String = text[e.span.end()..e.section_span.end()].iter().collect();
        let under: String = under.split_whitespace().collect();
        let got: String = def.split_whitespace().collect();
        assert_eq!(got, under, "{title}");
        // Appendix entries come first, in any order among themselves.
        let pos = r
            .glossary
            .iter()
            .position(|x| x.term == title)
            .unwrap_or(usize::MAX);
        assert!(pos < entries.len(), "{title} ranks at {pos}");
        let _ = k;
    }
    let t = find(&r.glossary, "一感兩度兩率").expect("entry");
    assert!(t
        .definition
        .as_deref()
        .is_some_and(|d| d.starts_with("即群眾安全感")));
    // Written as in the document (traditional), merged with every use.
    let t = find(&r.glossary, "眾創空間").expect("entry");
    assert!(t.count >= 8, "{}", t.count);
}

#[test]
fn no_plain_words_in_any_glossary() {
    let plain = [
        "发展", "發展", "建设", "建設", "加快", "推进", "推進", "我们", "我們", "全面", "经济",
        "經濟", "改革", "创新", "創新", "工作", "政府", "企业", "企業", "项目", "項目", "服务",
        "服務", "社区", "社區", "提升",
    ];
    for name in CORPUS {
        let r = report(name);
        assert!(!r.glossary.is_empty(), "{name} has a glossary");
        for t in &r.glossary {
            assert!(
                !plain.contains(&t.term.as_str()),
                "{name}: plain word {}",
                t.term
            );
            assert!(t.term.chars().count() >= 2, "{name}: {}", t.term);
            assert!(
                ["defined", "quoted", "slogan", "coined"].contains(&t.kind.as_str()),
                "{name}: kind {}",
                t.kind
            );
        }
    }
}

#[test]
fn spans_counts_and_sections_are_consistent() {
    for name in CORPUS {
        let r = report(name);
        let text = chars(&r.text);
        let folded = chars(&zhengbao::script::fold(&r.text));
        for t in &r.glossary {
            assert!(t.count >= 1, "{name}: {} has no occurrence", t.term);
            assert_eq!(t.count, t.occurrences.len(), "{name}: {}", t.term);
            let key: Vec<char> = chars(&zhengbao::script::fold(&t.term));
            let mut last_end = 0;
            for o in &t.occurrences {
                assert!(
                    o.start() < o.end() && o.end() <= text.len(),
                    "{name}: {} {o:?}",
                    t.term
                );
                assert!(o.start() >= last_end, "{name}: {} overlaps", t.term);
                last_end = o.end();
                // Each occurrence is the term (folded), up to punctuation.
                let at: Vec<char> = folded[o.start()..o.end()]
                    .iter()
                    .copied()
                    .filter(|c| c.is_alphanumeric() || *c == '+')
                    .collect();
                let want: Vec<char> = key
                    .iter()
                    .copied()
                    .filter(|c| c.is_alphanumeric() || *c == '+')
                    .collect();
                assert_eq!(at, want, "{name}: {} at {o:?}", t.term);
            }
            if let Some(id) = t.section {
                let s = &r.sections[id];
                let first = t.occurrences[0].start();
                assert!(
                    s.section_span.start() <= first && first < s.section_span.end(),
                    "{name}: {} section {id}",
                    t.term
                );
            }
        }
    }
}

#[test]
fn terms_are_written_as_in_the_document() {
    let r = report("wuchang-2022-plan-news.hant.txt");
    assert!(find(&r.glossary, "一網通辦").is_some());
    assert!(find(&r.glossary, "一網統管").is_some());
    assert!(find(&r.glossary, "一网通办").is_none());
}

#[test]
fn the_qiaokou_glossary_recovers_lost_quote_marks() {
    let r = report("qiaokou-2022-report.txt");
    for w in [
        "个改企",
        "硚汇卡",
        "市场准营即入",
        "胜诉即退费",
        "随手拍",
        "现场办公",
        "小升高",
        "规转高",
        "完整社区",
    ] {
        let t = find(&r.glossary, w).unwrap_or_else(|| panic!("{w}"));
        assert_eq!(t.kind, TermKind::Quoted, "{w}");
    }
    for w in [
        "四上企业",
        "两个确立",
        "两江四岸",
        "一感一度一率一评价",
        "1+5+122",
        "清单制+责任制+销号制",
    ] {
        assert!(find(&r.glossary, w).is_some(), "{w}");
    }
    // The quoted number is a term; the same digits in a quantity are not uses of it.
    let t = find(&r.glossary, "133").expect("133");
    assert_eq!(t.count, 1);
    // No definition is read into a quoted term that contains 即.
    assert!(
        r.glossary.iter().all(|t| t.definition.is_none()),
        "qiaokou defines nothing"
    );
}

#[test]
fn top_terms_come_first() {
    let r = report("qiaokou-2022-report.txt");
    let top: Vec<&Term> = r.glossary.iter().take(20).collect();
    assert_eq!(top.len(), 20);
    // The top is made of marked terms and slogans, not statistical finds.
    assert!(
        top.iter().all(|t| t.kind != TermKind::Coined),
        "{:?}",
        top.iter().map(|t| &t.term).collect::<Vec<_>>()
    );
    // Ordered by spread, then count: the first ones recur.
    assert!(top[0].count >= 2);
}

#[test]
fn degenerate_inputs_are_cheap_and_never_panic() {
    let cases: Vec<String> = vec![
        String::new(),
        "一".into(),
        "“”".into(),
        "发".repeat(2_000_000),
        "“一”".repeat(200_000),
        "一二三四五六七八九十".repeat(100_000),
        "1+".repeat(100_000),
        "名词解释\n".repeat(1000),
        "(湖泊蓝线)".repeat(50_000),
        "、管".repeat(100_000),
    ];
    for text in cases {
        let t0 = Instant::now();
        let doc = Doc::new(&text);
        let sections = zhengbao::outline::outline(&doc);
        let g = zhengbao::glossary::glossary(&doc, &sections);
        let n = text.chars().count();
        for t in &g {
            for o in &t.occurrences {
                assert!(o.end() <= n);
            }
        }
        assert!(
            t0.elapsed().as_secs() < 20,
            "{} chars took {:?}",
            n,
            t0.elapsed()
        );
    }
}

/// Throughput of the glossary pass on the corpus repeated to ~10 MB
/// (`cargo test --release --test glossary -- --ignored --nocapture`).
#[test]
#[ignore]
fn throughput() {
    let mut text = String::new();
    for name in CORPUS {
        text.push_str(&std::fs::read_to_string(corpus(name)).expect("readable"));
    }
    let one = text.clone();
    while text.len() < 10_000_000 {
        text.push_str(&one);
    }
    let t0 = Instant::now();
    let doc = Doc::new(&text);
    let sections = zhengbao::outline::outline(&doc);
    let t1 = Instant::now();
    let g = zhengbao::glossary::glossary(&doc, &sections);
    let t2 = Instant::now();
    let mb = text.len() as f64 / 1e6;
    println!(
        "{mb:.1} MB: doc+outline {:?}, glossary {:?} ({:.0} MB/s), {} terms",
        t1 - t0,
        t2 - t1,
        mb / (t2 - t1).as_secs_f64(),
        g.len()
    );
}

/// Time of the glossary pass on each corpus report
/// (`cargo test --release --test glossary -- --ignored --nocapture`).
#[test]
#[ignore]
fn per_report_time() {
    for name in CORPUS {
        let text = std::fs::read_to_string(corpus(name)).expect("readable");
        let doc = Doc::new(&text);
        let sections = zhengbao::outline::outline(&doc);
        // The best of 20 runs: the machine may be busy.
        let mut n = 0;
        let mut dt = std::time::Duration::MAX;
        for _ in 0..20 {
            let t0 = Instant::now();
            n = zhengbao::glossary::glossary(&doc, &sections).len();
            dt = dt.min(t0.elapsed());
        }
        println!(
            "{name}: {} KB, {n} terms, {dt:?} ({:.0} MB/s)",
            text.len() / 1024,
            text.len() as f64 / 1e6 / dt.as_secs_f64()
        );
    }
}
