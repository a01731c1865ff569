//! Browser tests of the web app: the built page in `dist/` (built by
//! `cargo xtask build`, or by `cargo xtask test` before it runs these), served
//! on a loopback port by a tiny HTTP server in this process, driven in
//! headless Chromium through ChromeDriver.
//!
//! Screenshots and timings go to `target/e2e-artifacts/`; the desktop and
//! phone screenshots of the qiaokou sample are also copied to `docs/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// One browser at a time: the machine has two cores.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ is inside the workspace")
        .to_path_buf()
}

fn dist() -> PathBuf {
    let dist = root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "dist/index.html is missing: build the app first with `cargo xtask build`"
    );
    dist
}

/// docs/, where the README's screenshots live.
fn docs() -> PathBuf {
    let dir = root().join("docs");
    std::fs::create_dir_all(&dir).expect("docs/ can be created");
    dir
}

fn artifacts() -> PathBuf {
    let dir = root().join("target/e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("target/e2e-artifacts can be created");
    dir
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus"))
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn native(path: &Path) -> zhengbao::Report {
    let bytes = std::fs::read(path).expect("corpus file is readable");
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    zhengbao::extract(&bytes, name.as_deref()).expect("the core reads the corpus")
}

// ------------------------------------------------------------ static server

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, dist: &Path) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let file = dist.join(rel);
    let response = if rel.contains("..") || !file.is_file() {
        let body = b"not found";
        let mut r = format!(
            "HTTP/1.1 404 Not Found\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    } else {
        let body = std::fs::read(&file).unwrap_or_default();
        let mut r = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            mime(&file),
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(&body);
        r
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}

/// Serves dist/ on a free loopback port; returns the base URL.
fn start_server() -> String {
    let dist = dist();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    let port = listener.local_addr().expect("bound").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dist = dist.clone();
            std::thread::spawn(move || serve_one(stream, &dist));
        }
    });
    format!("http://127.0.0.1:{port}/")
}

// ------------------------------------------------------------ chromedriver

/// ChromeDriver in its own process group, ended with its browsers on drop
/// (also when a test panics).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a loopback port is free")
            .port();
        let tmp = root().join("target/e2e-tmp");
        std::fs::create_dir_all(&tmp).expect("target/e2e-tmp can be created");
        clean_browser_folders();
        use std::os::unix::process::CommandExt;
        let child =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .env("TMPDIR", &tmp)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("chromedriver starts (cargo xtask test installs it)");
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(200));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        clean_browser_folders();
    }
}

/// Removes the profiles and Chromium's own temporary folders from
/// target/e2e-tmp (TMPDIR points there). Only one browser runs at a time, so
/// none is in use when a session starts or ends.
fn clean_browser_folders() {
    if let Ok(entries) = std::fs::read_dir(root().join("target/e2e-tmp")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("org.chromium.") || name.starts_with("profile-") {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// The fresh Chromium profile of the session driven through `port`.
fn profile_dir(port: u16) -> PathBuf {
    root()
        .join("target/e2e-tmp")
        .join(format!("profile-{}-{port}", std::process::id()))
}

/// A session: the server, the driver and a browser on the app's page.
struct Session {
    client: Client,
    _driver: Driver,
}

/// A session at a desktop window size, or with `phone` a phone's viewport
/// (mobile emulation: a headless window is never narrower than 500 px).
async fn session(width: u32, height: u32) -> Session {
    session_with(width, height, false).await
}

async fn session_with(width: u32, height: u32, phone: bool) -> Session {
    let base = start_server();
    let driver = Driver::start();
    let profile = profile_dir(driver.port);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
                format!("--window-size={width},{height}"),
                "--lang=zh-CN",
            ]
        }),
    );
    if phone {
        caps["goog:chromeOptions"]["mobileEmulation"] = json!({
            "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "mobile": true, "touch": true }
        });
    }
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session starts");
    client.goto(&base).await.expect("the page loads");
    let s = Session {
        client,
        _driver: driver,
    };
    // The first visit shows the first sample analysed.
    s.wait_for("#outline a.entry", 60).await;
    s
}

impl Session {
    async fn wait_for(&self, css: &str, secs: u64) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(secs))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => panic!("`{css}` did not appear within {secs} s: {e}"),
        }
    }

    async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    async fn count(&self, css: &str) -> u64 {
        self.js(&format!(
            "return document.querySelectorAll({css:?}).length;"
        ))
        .await
        .as_u64()
        .unwrap_or(0)
    }

    async fn text(&self, css: &str) -> String {
        self.js(&format!(
            "const e = document.querySelector({css:?}); return e ? e.textContent : null;"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until a JS condition holds.
    async fn until(&self, condition: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if self.js(&format!("return !!({condition});")).await == json!(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "not true within {secs} s: {condition}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Uploads a file through the file input; waits until it is the current
    /// document and analysed. Returns the wall-clock time from the upload to
    /// the rendered tables.
    async fn upload(&self, path: &Path) -> Duration {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let before = self.count(".doc-tab").await;
        let input = self
            .client
            .find(Locator::Css("#file"))
            .await
            .expect("#file exists");
        let start = Instant::now();
        input
            .send_keys(&path.display().to_string())
            .await
            .expect("the file is given to the input");
        self.until(
            &format!(
                "document.querySelectorAll('.doc-tab').length > {before} \
                 && !document.querySelector('main.result.busy') \
                 && (document.querySelector('.doc-tab[aria-current=true]')||{{}}).textContent?.includes({name:?}) \
                 && document.querySelector('#targets tbody tr')"
            ),
            60,
        )
        .await;
        start.elapsed()
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let path = artifacts().join(name);
        std::fs::write(&path, png).expect("the screenshot is written");
        path
    }

    async fn close(self) {
        let _ = self.client.close().await;
    }
}

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
    s.until("document.querySelector('#glossary tr.on') && document.querySelector('#text style').textContent.includes('data-term')", 10)
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
        total = (total.0 + raw.len(), total.1 + gz.len());
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
        "total: {:.1} KB raw, {:.1} KB gzip",
        total.0 as f64 / 1000.0,
        total.1 as f64 / 1000.0
    ));
    let report = lines.join("\n");
    println!("sizes:\n{report}");
    let _ = std::fs::write(artifacts().join("sizes.txt"), report);
    assert!(total.0 > 0);
}
