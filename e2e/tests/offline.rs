//! Browser tests of what the page promises its users about their documents:
//! the single file works opened from disk; nothing leaves the page (its own
//! files aside, on a server); content from a document never runs; hostile
//! files get a message or a report; a large file is read off the page's
//! thread while the page stays usable. Harness: `e2e/src/lib.rs`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use zhengbao_e2e::*;

/// A file under target/e2e-tmp with these bytes.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = root().join("target/e2e-tmp/inputs");
    std::fs::create_dir_all(&dir).expect("target/e2e-tmp/inputs can be created");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the input is written");
    path
}

fn single_file() -> PathBuf {
    let path = dist().join("zhengbao.html");
    assert!(
        path.is_file(),
        "dist/zhengbao.html is missing: build it with `cargo xtask dist`"
    );
    path
}

/// Gives a file to the file input and waits until the page is done with it
/// (a new tab, not busy). Returns the error shown, if any, and the time.
async fn give(s: &Session, path: &Path, secs: u64) -> (Option<String>, Duration) {
    let (before, start) = s.send_file(path).await;
    s.until(
        &format!(
            "document.querySelectorAll('.doc-tab').length > {before} \
             && !document.querySelector('main.result.busy')"
        ),
        secs,
    )
    .await;
    let elapsed = start.elapsed();
    let error = s.text(".status .error").await;
    ((!error.is_empty()).then_some(error), elapsed)
}

async fn engine(s: &Session) -> String {
    s.js("return document.querySelector('.status').dataset.engine;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// What dist/'s page may fetch: its wasm and its samples (samples/NAME).
fn own_wasm() -> Vec<String> {
    let names = |dir: PathBuf| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("dist/ is readable")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    let mut own: Vec<String> = names(dist())
        .into_iter()
        .filter(|n| n.ends_with(".wasm"))
        .collect();
    own.extend(
        names(dist().join("samples"))
            .into_iter()
            .map(|n| format!("samples/{n}")),
    );
    own
}

/// No CSP violation, and no network attempt but for the `allowed` files.
async fn assert_nothing_tried(s: &Session, allowed: &[String]) {
    let (violations, attempts) = s.watched().await;
    let console = s.js("return window.__console;").await;
    assert!(
        violations.is_empty(),
        "CSP violations: {violations:?}\nconsole: {console}"
    );
    let outside: Vec<&String> = attempts
        .iter()
        .filter(|a| !allowed.iter().any(|ok| a.ends_with(ok.as_str())))
        .collect();
    assert!(outside.is_empty(), "network attempts: {outside:?}");
}

#[tokio::test]
async fn single_file_works_opened_from_disk() {
    let _serial = SERIAL.lock().await;
    let page = single_file();
    let s = browser(1280, 900, false).await;
    s.client
        .goto(&format!("file://{}", page.display()))
        .await
        .expect("the single file opens");
    s.wait_for("#outline a.entry", 60).await;
    let path = corpus()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("jianghan"))
        .expect("the jianghan report is in the corpus");
    let expected = native(&path);
    let took = s.upload(&path).await;
    assert_eq!(
        s.count("#outline a.entry").await as usize,
        expected.sections.len()
    );
    assert_eq!(
        s.count("#targets tbody tr").await as usize,
        expected.targets.len()
    );
    let console = s.js("return window.__console;").await;
    assert_eq!(
        engine(&s).await,
        "worker",
        "extraction runs in the worker; console: {console}"
    );
    assert_nothing_tried(&s, &[]).await;
    assert_eq!(s.resources().await, Vec::<String>::new());
    s.screenshot("file-url.png").await;
    let size = std::fs::metadata(&page).map(|m| m.len()).unwrap_or(0);
    println!(
        "file:// single file ({:.1} MB): jianghan analysed in {} ms, in the worker, no request",
        size as f64 / 1e6,
        took.as_millis()
    );
    s.close().await;
}

#[tokio::test]
async fn nothing_leaves_the_page_served_from_a_sub_path() {
    let _serial = SERIAL.lock().await;
    let server = start_server_at("/zhengbao/");
    let s = browser(1280, 900, false).await;
    let report = corpus()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("wuchang-2021"))
        .expect("a wuchang report is in the corpus");
    let requests = || {
        server
            .requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    };

    // The single file: one request, for itself, whatever the user does.
    s.client
        .goto(&format!("{}zhengbao.html", server.base))
        .await
        .expect("the single file loads");
    s.wait_for("#outline a.entry", 60).await;
    s.upload(&report).await;
    s.client
        .find(Locator::Css("button[data-sample]:nth-child(3)"))
        .await
        .expect("a sample button")
        .click()
        .await
        .expect("clicked");
    s.until("!document.querySelector('main.result.busy')", 60)
        .await;
    if let Ok(b) = s.client.find(Locator::Css("#export-targets")).await {
        let _ = b.click().await;
    }
    assert_eq!(requests(), vec!["/zhengbao/zhengbao.html".to_string()]);
    assert_nothing_tried(&s, &[]).await;
    assert_eq!(s.resources().await, Vec::<String>::new());
    assert_eq!(engine(&s).await, "worker");

    // Trunk's dist/ from the same sub-path: its own files (the glue twice:
    // page and worker; the samples when asked for), and once started
    // nothing more.
    server.requests.lock().map(|mut r| r.clear()).unwrap_or(());
    s.client.goto(&server.base).await.expect("dist/ loads");
    s.wait_for("#outline a.entry", 60).await;
    // The first upload meets the worker (started after the first sample).
    s.upload(&report).await;
    let loaded = requests();
    s.upload(&report).await;
    assert_eq!(requests(), loaded, "analysing a report made requests");
    let own: Vec<String> = std::fs::read_dir(dist())
        .expect("dist/ is readable")
        .filter_map(|e| e.ok())
        .map(|e| format!("/zhengbao/{}", e.file_name().to_string_lossy()))
        .chain(["/zhengbao/".to_string()])
        .chain(own_wasm().into_iter().map(|f| format!("/zhengbao/{f}")))
        .collect();
    for r in &loaded {
        assert!(own.contains(r), "{r} is not one of the page's own files");
    }
    assert_nothing_tried(&s, &own_wasm()).await;
    let console = s.js("return window.__console;").await;
    assert_eq!(
        engine(&s).await,
        "worker",
        "console: {console}; requests: {:?}",
        requests()
    );
    println!("dist/ from /zhengbao/: requests {loaded:?}, none while analysing");
    s.close().await;
}

/// An HTML page with every way markup can try to run code.
const HOSTILE_HTML: &str = r#"<!DOCTYPE html>
<html><head><title>某区政府工作报告</title>
<script>window.__pwned = "script";</script>
<style>body { background: url("javascript:window.__pwned='css'"); } p { width: expression(window.__pwned = "expression"); }</style>
<meta http-equiv="refresh" content="0; url=javascript:window.__pwned='refresh'">
</head><body onload="window.__pwned='body'">
<div class="article">
<h1>某区2024年政府工作报告</h1>
<p>一、2023年工作回顾</p>
<p>地区生产总值增长6.5%。<img src="x" onerror="window.__pwned='onerror'"></p>
<p><a href="javascript:window.__pwned='link'">点击这里</a>全年新增城镇就业1.2万人。</p>
<iframe src="javascript:parent.__pwned='iframe'"></iframe>
<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>
<object data="javascript:parent.__pwned='object'"></object><embed src="javascript:parent.__pwned='embed'">
<svg onload="window.__pwned='svg'"><script>window.__pwned='svg-script'</script></svg>
<form action="javascript:window.__pwned='form'"><input autofocus onfocus="window.__pwned='focus'"></form>
<p>&lt;script&gt;window.__pwned='entity'&lt;/script&gt;二、2024年主要目标</p>
<p>地区生产总值增长6%左右，单位GDP能耗下降3%。</p>
</div></body></html>
"#;

#[tokio::test]
async fn untrusted_html_renders_as_text_and_never_runs() {
    let _serial = SERIAL.lock().await;
    let path = scratch("hostile.html", HOSTILE_HTML.as_bytes());
    let s = session(1280, 900).await;
    let (error, _) = give(&s, &path, 60).await;
    assert_eq!(error, None, "the page is read as a report");
    // Its text is there, as text: the escaped <script> is shown literally.
    let text = s.text("#text").await;
    assert!(text.contains("地区生产总值增长6.5%"), "{text}");
    assert!(
        text.contains("<script>window.__pwned='entity'</script>"),
        "{text}"
    );
    // Nothing of it ran, nothing of it became an element.
    s.client
        .find(Locator::Css("#text"))
        .await
        .expect("#text")
        .click()
        .await
        .expect("clicked");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(s.js("return window.__pwned === undefined;").await, true);
    for css in [
        "iframe",
        "object",
        "embed",
        "form",
        "main.result img",
        "main.result script",
        "main.result svg script",
        "[onerror]",
        "[onload]",
        "[onfocus]",
        "a[href^='javascript']",
        "meta[http-equiv='refresh']",
    ] {
        assert_eq!(s.count(css).await, 0, "{css} was injected");
    }
    assert_nothing_tried(&s, &own_wasm()).await;
    s.close().await;
}

#[path = "../../tests/support/noise.rs"]
mod noise;
use noise::noise;

fn report_text() -> String {
    let path = corpus()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("qiaokou"))
        .expect("the qiaokou report is in the corpus");
    std::fs::read_to_string(path).expect("readable")
}

#[tokio::test]
async fn hostile_files_get_a_message_or_a_report() {
    let _serial = SERIAL.lock().await;
    let report = report_text();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(noise(4000));
    let head: String = report.chars().take(1000).collect();
    let mut mixed = head.as_bytes().to_vec();
    mixed.extend(encoding_rs::GBK.encode(&head).0.iter());
    let mut nul = report.as_bytes().to_vec();
    for i in (0..nul.len()).step_by(97) {
        nul[i] = 0;
    }
    let one_line = report
        .replace('\n', "")
        .repeat(10 * 1024 * 1024 / report.len() + 1);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("empty.txt", Vec::new(), false),
        ("one-byte.txt", b"x".to_vec(), true),
        ("random.bin", noise(1 << 20), false),
        ("scan.png", png, false),
        ("nul-bytes.txt", nul, true),
        ("mixed-utf8-gbk.txt", mixed, true),
        (
            "invalid-utf8.txt",
            [report.as_bytes(), b"\xff\xfe\xc0\x80\xed\xa0\x80"].concat(),
            true,
        ),
        ("one-10MB-line.txt", one_line.into_bytes(), true),
        (
            "too-large.txt",
            vec![b' '; zhengbao::MAX_INPUT_BYTES + 1],
            false,
        ),
    ];
    let s = session(1280, 900).await;
    let mut table = vec![
        "| input | size | in the page | ms |".to_string(),
        "|---|---|---|---|".to_string(),
    ];
    for (name, bytes, readable) in cases {
        let size = bytes.len();
        let path = scratch(name, &bytes);
        drop(bytes);
        let (error, took) = give(&s, &path, 120).await;
        let outcome = match &error {
            Some(message) => message.clone(),
            None => format!("report, {} headings", s.count("#outline a.entry").await),
        };
        assert_eq!(error.is_none(), readable, "{name}: {outcome}");
        table.push(format!(
            "| {name} | {size} B | {outcome} | {} |",
            took.as_millis()
        ));
        let _ = std::fs::remove_file(&path);
    }
    // The page still works after all of them.
    assert_eq!(
        s.js("return !!document.querySelector('#open');").await,
        true
    );
    let table = table.join("\n");
    println!("hostile inputs in the page:\n{table}");
    let _ = std::fs::write(artifacts().join("hostile-page.md"), table);
    s.close().await;
}

#[tokio::test]
async fn large_file_is_read_in_the_worker_while_the_page_responds() {
    let _serial = SERIAL.lock().await;
    let report = report_text();
    let big = report.repeat(30 * 1024 * 1024 / report.len());
    let path = scratch("report-x1000.txt", big.as_bytes());
    let s = session(1280, 900).await;
    let input = s.client.find(Locator::Css("#file")).await.expect("#file");
    let start = Instant::now();
    input
        .send_keys(&path.display().to_string())
        .await
        .expect("the file is given to the input");
    // While it is read: a progress bar and the stage, and the page answers a
    // click (the language toggle) at once.
    s.until("document.querySelector('.status progress')", 30)
        .await;
    let lang = s.client.find(Locator::Css("#lang")).await.expect("#lang");
    lang.click().await.expect("clicked");
    s.until(
        "document.querySelector('.lead').textContent.includes('browser') \
         && document.querySelector('main.result.busy')",
        5,
    )
    .await;
    let stage = s.text(".status .stage").await;
    assert!(!stage.is_empty(), "the stage is shown");
    s.until(
        "!document.querySelector('main.result.busy') && document.querySelector('.doc-tab[aria-current=true]').textContent.includes('x1000')",
        300,
    )
    .await;
    let took = start.elapsed();
    assert_eq!(s.text(".status .error").await, "");
    assert_eq!(engine(&s).await, "worker");
    println!(
        "a {:.1} MB report read in the worker: {} ms to rendered tables; the page answered a click meanwhile",
        big.len() as f64 / 1e6,
        took.as_millis()
    );
    let _ = std::fs::remove_file(&path);
    s.close().await;
}
