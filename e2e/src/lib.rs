//! The harness of the browser tests in tests/: the built page in `dist/`
//! (built by `cargo xtask build`, or by `cargo xtask test` before it runs
//! them), served on a loopback port by a tiny HTTP server in this process
//! that logs every request, driven in headless Chromium through ChromeDriver.
//!
//! Screenshots and timings go to `target/e2e-artifacts/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// One browser at a time: the machine has two cores.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ is inside the workspace")
        .to_path_buf()
}

pub fn dist() -> PathBuf {
    let dist = root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "dist/index.html is missing: build the app first with `cargo xtask build`"
    );
    dist
}

/// docs/, where the README's screenshots live.
pub fn docs() -> PathBuf {
    let dir = root().join("docs");
    std::fs::create_dir_all(&dir).expect("docs/ can be created");
    dir
}

pub fn artifacts() -> PathBuf {
    let dir = root().join("target/e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("target/e2e-artifacts can be created");
    dir
}

pub fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus"))
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

pub fn native(path: &Path) -> zhengbao::Report {
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

/// Every path the server was asked for, in order.
pub type RequestLog = Arc<Mutex<Vec<String>>>;

fn serve_one(mut stream: TcpStream, dist: &Path, prefix: &str, log: &RequestLog, isolated: bool) {
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
    if let Ok(mut log) = log.lock() {
        log.push(path.to_string());
    }
    // Only below the prefix: a page that asked for /x instead of ./x fails.
    let Some(rel) = path.strip_prefix(prefix) else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
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
            "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}Connection: close\r\n\r\n",
            mime(&file),
            body.len(),
            if isolated { ISOLATION } else { "" }
        )
        .into_bytes();
        r.extend_from_slice(&body);
        r
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}

/// A loopback server of dist/.
pub struct Server {
    /// The URL dist/ is served at, ending in `/`.
    pub base: String,
    /// The requests it received.
    pub requests: RequestLog,
}

/// Serves dist/ on a free loopback port at the root; returns the base URL.
pub fn start_server() -> String {
    start_server_at("/").base
}

/// The headers that make a page cross-origin isolated, so that its clock
/// (and its workers') has 5 µs steps instead of 100 µs: a report's
/// extraction takes a fraction of a ms.
const ISOLATION: &str =
    "Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n";

/// Serves dist/ on a free loopback port at the root, cross-origin isolated
/// (see [`ISOLATION`]), for the page-level benchmark.
pub fn start_isolated_server() -> String {
    serve(dist(), "/", true).base
}

/// Serves dist/ on a free loopback port below `prefix` (`/zhengbao/`, as a
/// project page would), logging every request.
pub fn start_server_at(prefix: &'static str) -> Server {
    serve(dist(), prefix, false)
}

fn serve(dist: PathBuf, prefix: &'static str, isolated: bool) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    let port = listener.local_addr().expect("bound").port();
    let requests = RequestLog::default();
    let log = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dist = dist.clone();
            let log = log.clone();
            std::thread::spawn(move || serve_one(stream, &dist, prefix, &log, isolated));
        }
    });
    Server {
        base: format!("http://127.0.0.1:{port}{prefix}"),
        requests,
    }
}

// ------------------------------------------------------------ chromedriver

/// ChromeDriver in its own process group, ended with its browsers on drop
/// (also when a test panics).
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Driver {
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
pub fn clean_browser_folders() {
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
pub fn profile_dir(port: u16) -> PathBuf {
    root()
        .join("target/e2e-tmp")
        .join(format!("profile-{}-{port}", std::process::id()))
}

/// A session: the server, the driver and a browser on the app's page.
pub struct Session {
    pub client: Client,
    _driver: Driver,
}

/// A session at a desktop window size, or with `phone` a phone's viewport
/// (mobile emulation: a headless window is never narrower than 500 px).
pub async fn session(width: u32, height: u32) -> Session {
    session_with(width, height, false).await
}

pub async fn session_with(width: u32, height: u32, phone: bool) -> Session {
    let base = start_server();
    let s = browser(width, height, phone).await;
    s.client.goto(&base).await.expect("the page loads");
    // The first visit shows the first sample analysed.
    s.wait_for("#outline a.entry", 60).await;
    s
}

/// A browser with no page open yet, watching the pages it will open: before
/// any script of a page runs, [`WATCH`] records Content-Security-Policy
/// violations and every attempt to reach the network (through DevTools:
/// no page can switch it off).
pub async fn browser(width: u32, height: u32, phone: bool) -> Session {
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
    let s = Session {
        client,
        _driver: driver,
    };
    s.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": WATCH }),
    )
    .await;
    s
}

/// Run in every page before its own scripts (see [`browser`]): collects CSP
/// violations in `window.__violations`, and counts fetches, XHRs, beacons,
/// WebSockets and EventSources the page tries in `window.__attempts`.
pub const WATCH: &str = r#"
window.__violations = [];
window.__attempts = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || "") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
window.__console = [];
for (const level of ["error", "warn"]) {
  const f = console[level];
  console[level] = function (...a) { window.__console.push(level + ": " + a.map(String).join(" ")); return f.apply(this, a); };
}
window.addEventListener("error", (e) => window.__console.push("uncaught: " + e.message));
const note = (what) => window.__attempts.push(what);
const wrap = (obj, name) => {
  const f = obj[name];
  if (typeof f === "function") obj[name] = function (...a) { note(name + " " + String(a[0])); return f.apply(this, a); };
};
wrap(window, "fetch");
wrap(navigator, "sendBeacon");
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (...a) { note("xhr " + String(a[1])); return open.apply(this, a); };
for (const name of ["WebSocket", "EventSource"]) {
  const C = window[name];
  if (C) window[name] = function (...a) { note(name + " " + String(a[0])); return new C(...a); };
}
"#;

/// A Chrome DevTools Protocol command through ChromeDriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Session {
    /// Sends a DevTools command; panics if ChromeDriver refuses it.
    pub async fn cdp(&self, cmd: &'static str, params: serde_json::Value) -> serde_json::Value {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .unwrap_or_else(|e| panic!("DevTools {cmd} failed: {e}"))
    }

    /// The CSP violations and network attempts [`WATCH`] saw on this page.
    pub async fn watched(&self) -> (Vec<String>, Vec<String>) {
        let v = self
            .js("return [window.__violations || ['WATCH did not run'], window.__attempts || []];")
            .await;
        let list = |i: usize| -> Vec<String> {
            v[i].as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        (list(0), list(1))
    }

    /// The resources the page loaded, from the Resource Timing API (every
    /// script, wasm, image, font or fetch the browser made for it).
    pub async fn resources(&self) -> Vec<String> {
        let v = self
            .js("return performance.getEntriesByType('resource').map(e => e.name);")
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
    pub async fn wait_for(&self, css: &str, secs: u64) -> fantoccini::elements::Element {
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

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn count(&self, css: &str) -> u64 {
        self.js(&format!(
            "return document.querySelectorAll({css:?}).length;"
        ))
        .await
        .as_u64()
        .unwrap_or(0)
    }

    pub async fn text(&self, css: &str) -> String {
        self.js(&format!(
            "const e = document.querySelector({css:?}); return e ? e.textContent : null;"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until a JS condition holds.
    pub async fn until(&self, condition: &str, secs: u64) {
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
    pub async fn upload(&self, path: &Path) -> Duration {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (before, start) = self.send_file(path).await;
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

    /// Gives a file to the file input; returns how many document tabs there
    /// were before and when the file was given.
    pub async fn send_file(&self, path: &Path) -> (u64, Instant) {
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
        (before, start)
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let path = artifacts().join(name);
        std::fs::write(&path, png).expect("the screenshot is written");
        path
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
