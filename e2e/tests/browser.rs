//! Browser tests of the web app's features: the corpus, uploads, drops,
//! paste, exports and toggles (harness: `e2e/src/lib.rs`). The desktop and
//! phone screenshots of the qiaokou sample are also copied to `docs/`.

use std::io::{Read, Write};
use std::path::PathBuf;

use fantoccini::Locator;
use serde_json::json;
use zhengbao_e2e::*;

// ------------------------------------------------------------ tests

#[tokio::test]
async fn corpus_reports_show_outline_targets_and_glossary() {
    let _serial = SERIAL.lock().await;
    let s = session(1280, 1200).await;
    let mut timings = Vec::new();
    for path in corpus() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected = native(&path);
        let took = s.upload(&path).await;
        let in_app = s.js("return performance.now();").await;
        let ms_label = s.text(".doc-tab[aria-current=true] small").await;
        timings.push(format!(
            "{name}: {} ms from upload to rendered tables (WebDriver wall clock); app: {}",
            took.as_millis(),
            ms_label.trim()
        ));
        let _ = in_app;
        // The outline has one entry per section.
        assert_eq!(
            s.count("#outline a.entry").await as usize,
            expected.sections.len(),
            "{name}: outline entries"
        );
        assert_eq!(
            s.count("#targets tbody tr[data-target]").await as usize,
            expected.targets.len(),
            "{name}: target rows"
        );
        // A headline target row comes first.
        if let Some(head) = expected.targets.iter().find(|t| t.headline) {
            let first = s
                .text("#targets tbody tr:first-child td:nth-child(3)")
                .await;
            assert_eq!(first, head.indicator, "{name}: first headline row");
            assert_eq!(
                s.text("#targets tbody tr:first-child td:nth-child(2)")
                    .await,
                "★",
                "{name}: headline mark"
            );
        }
        // A 名词解释 definition shows in the glossary.
        if let Some(term) = expected.glossary.iter().find(|g| g.definition.is_some()) {
            let definition = term.definition.clone().unwrap_or_default();
            let found = s
                .js(&format!(
                    "return [...document.querySelectorAll('#glossary td.def')].some(td => td.textContent === {definition:?});"
                ))
                .await;
            assert_eq!(found, json!(true), "{name}: definition of {}", term.term);
        }
        if name.starts_with("qiaokou") {
            let shot = s.screenshot("desktop-qiaokou.png").await;
            let _ = std::fs::copy(&shot, docs().join("screenshot.png"));
        }
    }
    // The 名词解释 annex of jianghan has definitions.
    let jianghan = corpus()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("jianghan"))
        .expect("jianghan is in the corpus");
    assert!(native(&jianghan)
        .glossary
        .iter()
        .any(|g| g.definition.is_some()));
    let report = timings.join("\n");
    println!("drop-to-render times:\n{report}");
    let _ = std::fs::write(artifacts().join("timings.txt"), report);
    s.close().await;
}

#[tokio::test]
async fn phone_width_screenshot() {
    let _serial = SERIAL.lock().await;
    let s = session_with(390, 844, true).await;
    let width = s.js("return document.documentElement.scrollWidth;").await;
    s.js("document.querySelector('header.meta').scrollIntoView(); return true;")
        .await;
    let shot = s.screenshot("phone-qiaokou.png").await;
    let _ = std::fs::copy(&shot, docs().join("screenshot-phone.png"));
    assert!(
        width.as_u64().unwrap_or(u64::MAX) <= 390,
        "the page is wider than the phone: {width}"
    );
    s.close().await;
}

#[tokio::test]
async fn gb18030_file_is_decoded() {
    let _serial = SERIAL.lock().await;
    let source = root().join("tests/corpus/qiaokou-2022-report.txt");
    let text = std::fs::read_to_string(&source).expect("qiaokou is readable");
    let (bytes, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let path = root().join("target/e2e-tmp/qiaokou-gb18030.txt");
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("dir");
    std::fs::write(&path, &bytes).expect("written");
    let expected = native(&path);
    assert_eq!(expected.meta.encoding, "GB18030");
    let s = session(1280, 900).await;
    s.upload(&path).await;
    let fields = s.text("dl.fields").await;
    assert!(fields.contains("GB18030"), "encoding shown: {fields}");
    assert_eq!(
        s.count("#outline a.entry").await as usize,
        expected.sections.len()
    );
    assert_eq!(
        s.text("#title").await,
        expected.meta.title.clone().unwrap_or_default()
    );
    s.close().await;
}

#[tokio::test]
async fn damaged_file_gets_a_clear_message() {
    let _serial = SERIAL.lock().await;
    let path = root().join("target/e2e-tmp/scan.pdf");
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("dir");
    std::fs::write(
        &path,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )
    .expect("written");
    let s = session(1280, 900).await;
    let input = s.client.find(Locator::Css("#file")).await.expect("#file");
    input
        .send_keys(&path.display().to_string())
        .await
        .expect("sent");
    let alert = s.wait_for(".status .error", 30).await;
    let message = alert.text().await.unwrap_or_default();
    assert!(
        message.contains("scan.pdf") && message.contains("PDF"),
        "{message}"
    );
    s.close().await;
}

#[tokio::test]
async fn dropped_file_and_several_files_at_once() {
    let _serial = SERIAL.lock().await;
    let s = session(1280, 900).await;
    // A file dropped anywhere on the page.
    let path = root().join("tests/corpus/wuchang-2020-plan-news.txt");
    let text = std::fs::read_to_string(&path).expect("readable");
    let expected = native(&path);
    s.client
        .execute(
            "const dt = new DataTransfer(); \
             dt.items.add(new File([arguments[0]], 'dropped.txt', {type: 'text/plain'})); \
             document.querySelector('header.top').dispatchEvent( \
               new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); \
             return true;",
            vec![json!(text)],
        )
        .await
        .expect("the drop is dispatched");
    s.until(
        "(document.querySelector('.doc-tab[aria-current=true]')||{}).textContent?.includes('dropped.txt') \
         && !document.querySelector('main.result.busy')",
        30,
    )
    .await;
    assert_eq!(
        s.count("#outline a.entry").await as usize,
        expected.sections.len()
    );
    // Two files picked at once: two more documents to switch between.
    let before = s.count(".doc-tab").await;
    let a = root().join("tests/corpus/jianghan-2017-report.hant.txt");
    let b = root().join("tests/corpus/wuchang-2022-plan-news.hant.txt");
    let input = s.client.find(Locator::Css("#file")).await.expect("#file");
    input
        .send_keys(&format!("{}\n{}", a.display(), b.display()))
        .await
        .expect("two files are given");
    s.until(
        &format!("document.querySelectorAll('.doc-tab').length === {} && !document.querySelector('main.result.busy')", before + 2),
        60,
    )
    .await;
    // Back to the first of the two.
    s.js("[...document.querySelectorAll('.doc-tab')].find(b => b.textContent.includes('jianghan')).click(); return true;")
        .await;
    s.until("document.querySelector('#title') && document.querySelector('#title').textContent.includes('江漢')", 10)
        .await;
    assert_eq!(
        s.count("#outline a.entry").await as usize,
        native(&a).sections.len()
    );
    s.close().await;
}

#[tokio::test]
async fn text_table_glossary_and_outline_work_together() {
    let _serial = SERIAL.lock().await;
    let s = session(1280, 900).await;
    let report = native(&root().join("tests/corpus/qiaokou-2022-report.txt"));
    // Hovering a highlighted target shows its extracted row.
    let i = s
        .js(
            "const m = document.querySelector('#text mark.tg[data-target]'); \
             m.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); \
             return Number(m.dataset.target);",
        )
        .await
        .as_u64()
        .expect("a target mark") as usize;
    s.until("document.querySelector('#target-card')", 10).await;
    let card = s.text("#target-card").await;
    assert!(card.contains(&report.targets[i].indicator), "{card}");
    // A glossary term highlights its occurrences.
    s.client
        .find(Locator::Css("#glossary .term-btn"))
        .await
        .expect("a term")
        .click()
        .await
        .expect("clicked");
    s.until("document.querySelector('#glossary tr.on') && [...document.querySelectorAll('#text [data-term]')].some(e => getComputedStyle(e).outlineStyle === 'solid')", 10)
        .await;
    // Sorting by value puts the smallest first.
    let value_header = s
        .client
        .find(Locator::Css("#targets thead th:nth-child(5) button"))
        .await
        .expect("header");
    value_header.click().await.expect("sorted");
    s.until("document.querySelector('#targets thead th:nth-child(5)').getAttribute('aria-sort') === 'ascending'", 10)
        .await;
    let min = report
        .targets
        .iter()
        .filter_map(|t| t.value)
        .fold(f64::INFINITY, f64::min);
    let first = s
        .text("#targets tbody tr:first-child td:nth-child(5)")
        .await;
    assert!(first.starts_with(&format!("{min}")), "{first} vs {min}");
    // Filtering by text.
    s.client
        .find(Locator::Css("#target-filter"))
        .await
        .expect("filter")
        .send_keys("失业率")
        .await
        .expect("typed");
    s.until("[...document.querySelectorAll('#targets tbody tr[data-target]')].every(r => r.textContent.includes('失业率'))", 10)
        .await;
    // An outline entry scrolls the text to its section and is marked current.
    let last = report.sections.len() - 1;
    s.client
        .find(Locator::Css(&format!("#toc-{last}")))
        .await
        .expect("an outline entry")
        .click()
        .await
        .expect("clicked");
    s.until(
        &format!(
            "document.querySelector('#toc-{last}').closest('li').classList.contains('current')"
        ),
        10,
    )
    .await;
    s.until(
        &format!("Math.abs(document.querySelector('#sec-{last}').getBoundingClientRect().top - document.querySelector('#text').getBoundingClientRect().top) < 80 \
                  || document.querySelector('#text').scrollTop + document.querySelector('#text').clientHeight >= document.querySelector('#text').scrollHeight - 2"),
        10,
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn pasted_text_is_analysed() {
    let _serial = SERIAL.lock().await;
    let s = session(1280, 900).await;
    s.client
        .find(Locator::Css("details.paste summary"))
        .await
        .expect("paste summary")
        .click()
        .await
        .expect("opens");
    let area = s.client.find(Locator::Css("#paste")).await.expect("#paste");
    area.send_keys(
        "各位代表:\n二〇二三年工作意见\n主要预期目标是:地区生产总值增长5%左右,新增就业1.8万人。\n",
    )
    .await
    .expect("typed");
    s.client
        .find(Locator::Css("#analyse"))
        .await
        .expect("#analyse")
        .click()
        .await
        .expect("clicked");
    s.until(
        "(document.querySelector('.doc-tab[aria-current=true]')||{}).textContent?.includes('粘贴的文本') \
         && [...document.querySelectorAll('#targets tbody td')].some(td => td.textContent === '地区生产总值')",
        30,
    )
    .await;
    assert_eq!(
        s.text("#targets tbody tr:first-child td:nth-child(7)")
            .await,
        "≈"
    );
    s.close().await;
}

#[tokio::test]
async fn targets_csv_export_has_bom_header_and_rows() {
    let _serial = SERIAL.lock().await;
    let s = session(1280, 900).await;
    let path = root().join("tests/corpus/qiaokou-2022-report.txt");
    s.upload(&path).await;
    // Keep the blob the app hands to the download link.
    s.js("window.__blobs = []; const orig = URL.createObjectURL; \
          URL.createObjectURL = b => { window.__blobs.push(b); return orig(b); }; return true;")
        .await;
    s.client
        .find(Locator::Css("#export-targets"))
        .await
        .expect("button")
        .click()
        .await
        .expect("clicked");
    let bytes = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const b = window.__blobs[window.__blobs.length - 1]; \
             b.arrayBuffer().then(buf => done(Array.from(new Uint8Array(buf))));",
            vec![],
        )
        .await
        .expect("the blob is read");
    let bytes: Vec<u8> = bytes
        .as_array()
        .expect("an array of bytes")
        .iter()
        .map(|v| v.as_u64().unwrap_or(0) as u8)
        .collect();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "UTF-8 BOM");
    let csv = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    assert!(csv.starts_with("file,kind,headline,indicator,change,value,value_max,unit,bound,period,section,text,start,end\r\n"));
    let expected = zhengbao::export::targets_csv("qiaokou-2022-report.txt", &native(&path));
    assert_eq!(csv, expected.trim_start_matches('\u{feff}'));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("qiaokou-2022-report.txt,") && l.contains(",地区生产总值,")),
        "a 地区生产总值 row"
    );
    let _ = std::fs::write(artifacts().join("qiaokou-targets.csv"), &bytes);
    s.close().await;
}

#[tokio::test]
async fn traditional_toggle_converts_the_text() {
    let _serial = SERIAL.lock().await;
    let s = session(1280, 900).await;
    // The first sample (qiaokou) is simplified.
    assert_eq!(s.text("#title").await, "2022年政府工作报告");
    assert_eq!(
        s.js("return document.querySelector('#script-simplified').getAttribute('aria-pressed');")
            .await,
        json!("true")
    );
    s.client
        .find(Locator::Css("#script-traditional"))
        .await
        .expect("toggle")
        .click()
        .await
        .expect("clicked");
    s.until(
        "document.querySelector('#title').textContent === '2022年政府工作報告'",
        10,
    )
    .await;
    let text = s.text("#text").await;
    assert!(
        text.contains("區") && text.contains("經濟"),
        "traditional text"
    );
    let _ = s.screenshot("desktop-qiaokou-traditional.png").await;
    // The English interface.
    s.client
        .find(Locator::Css("#lang"))
        .await
        .expect("lang")
        .click()
        .await
        .expect("clicked");
    s.until(
        "document.querySelector('#targets-h').textContent.startsWith('Targets')",
        10,
    )
    .await;
    s.close().await;
}

#[test]
fn wasm_and_js_sizes() {
    use flate2::write::GzEncoder;
    let mut lines = Vec::new();
    let mut total = (0usize, 0usize);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dist())
        .expect("dist/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "wasm" || x == "js" || x == "html")
        })
        .collect();
    entries.sort();
    for path in entries {
        let mut raw = Vec::new();
        std::fs::File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut raw))
            .expect("readable");
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).expect("gzip");
        let gz = gz.finish().expect("gzip");
        // The budget counts what the app downloads: wasm and JS.
        if path.extension().is_some_and(|x| x != "html") {
            total = (total.0 + raw.len(), total.1 + gz.len());
        }
        lines.push(format!(
            "{}: {:.1} KB raw, {:.1} KB gzip",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            raw.len() as f64 / 1000.0,
            gz.len() as f64 / 1000.0
        ));
    }
    lines.push(format!(
        "wasm + JS: {:.1} KB raw, {:.1} KB gzip (budget: 500 KB gzip)",
        total.0 as f64 / 1000.0,
        total.1 as f64 / 1000.0
    ));
    let report = lines.join("\n");
    println!("sizes:\n{report}");
    let _ = std::fs::write(artifacts().join("sizes.txt"), report);
    assert!(total.0 > 0);
}
