//! Extraction off the page's thread, so a large file never freezes the page.
//!
//! The page's own wasm module runs a second time in a dedicated Web Worker
//! (no second download: the page posts its compiled `WebAssembly.Module`).
//! The worker is started from a `blob:` URL whose script is either the
//! page's inline boot script (the single-file `zhengbao.html`, where the
//! wasm-bindgen glue is inlined as a classic script) or a two-line module
//! importing the glue by its URL (Trunk's `dist/`). If the browser cannot start it, extraction runs
//! on the page as before.
//!
//! Messages: page → worker, first the module, then `{id, name, bytes}` (the
//! bytes transferred, not copied); worker → page, `"ready"` once, then per
//! job of a MB or more `{id, stage}` as each [`Stage`] starts, and finally `{id, report}` (the
//! Report as JSON) or `{id, error}`.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zhengbao::{Report, Stage};

/// One extraction, the same in the worker and on the page. An empty `name`
/// means pasted text.
pub fn run(name: &str, bytes: &[u8], progress: &mut dyn FnMut(Stage)) -> Result<Report, String> {
    crate::model::install_text_decoder();
    let report = if name.is_empty() {
        zhengbao::extract_text_with(&String::from_utf8_lossy(bytes), progress)
    } else {
        zhengbao::extract_with(bytes, Some(name), progress)
    };
    report.map_err(|e| e.to_string())
}

// ------------------------------------------------------------ worker side

/// The size of file (bytes) from which the worker posts each stage as it
/// starts; a smaller one is extracted in a few tens of ms at most.
const PROGRESS_FROM: usize = 1 << 20;

/// The most back-to-back runs a job may ask for.
const MAX_REPEATS: u32 = 100;

/// Runs in the worker: answers jobs until the page ends it.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            let id = field(&data, "id");
            let name = field(&data, "name").as_string().unwrap_or_default();
            let bytes = field(&data, "bytes")
                .dyn_into::<Uint8Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default();
            // A file under a MB is read before the page could paint a stage,
            // and each message costs the job time: only a large one reports.
            let loud = bytes.len() >= PROGRESS_FROM;
            let mut progress = |stage: Stage| {
                if loud {
                    let _ =
                        reply.post_message(&message(&id, "stage", &(stage.index() as u32).into()));
                }
            };
            let (mut result, mut ms) =
                timed(reply.performance(), || run(&name, &bytes, &mut progress));
            // The page benchmark's back-to-back runs (see `bench_repeats`):
            // the report is the same each time, the time the best one.
            let repeat = field(&data, "repeat").as_f64().unwrap_or(1.0);
            for _ in 1..(repeat as u32).min(MAX_REPEATS) {
                let (again, t) = timed(reply.performance(), || run(&name, &bytes, &mut |_| {}));
                result = again;
                ms = ms.min(t);
            }
            let answer = match result {
                Ok(report) => match serde_json::to_string(&report) {
                    Ok(json) => message(&id, "report", &json.into()),
                    Err(e) => message(&id, "error", &e.to_string().into()),
                },
                Err(e) => message(&id, "error", &e.into()),
            };
            let _ = Reflect::set(&answer, &JsValue::from_str("ms"), &ms.into());
            let _ = reply.post_message(&answer);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Runs `f`, with the milliseconds it took by `clock` (0 without one).
fn timed<T>(clock: Option<web_sys::Performance>, f: impl FnOnce() -> T) -> (T, f64) {
    let now = || clock.as_ref().map_or(0.0, |p| p.now());
    let t0 = now();
    let out = f();
    (out, now() - t0)
}

fn field(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn message(id: &JsValue, key: &str, value: &JsValue) -> Object {
    let m = Object::new();
    let _ = Reflect::set(&m, &JsValue::from_str("id"), id);
    let _ = Reflect::set(&m, &JsValue::from_str(key), value);
    m
}

// ------------------------------------------------------------ page side

/// Where extraction runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Engine {
    /// In the background worker.
    Worker,
    /// On the page's thread (the worker could not start).
    Page,
}

/// The job in flight: its id, what to do with progress and the answer.
struct Pending {
    id: u32,
    on_stage: Box<dyn Fn(Stage)>,
    resolve: js_sys::Function,
}

#[derive(Default)]
struct State {
    /// The worker once it said "ready"; `Some(None)` once it failed to start.
    worker: Option<Option<web_sys::Worker>>,
    /// Resolves when the worker being started is ready (or failed).
    starting: Option<js_sys::Promise>,
    next_id: u32,
    pending: Option<Pending>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// What [`extract`] gives: the report or an error, where it ran, and the
/// milliseconds the extraction itself took (inside the worker).
pub struct Extracted {
    /// The report, or a message for the user.
    pub result: Result<Report, String>,
    /// Where it ran.
    pub engine: Engine,
    /// Milliseconds of `zhengbao::extract_with` alone.
    pub ms: f64,
}

/// Extracts `bytes` in the worker (started on first use), calling `on_stage`
/// as each stage starts; on the page if no worker can run.
pub async fn extract(name: &str, bytes: Vec<u8>, on_stage: impl Fn(Stage) + 'static) -> Extracted {
    let Some(worker) = worker().await else {
        return extract_on_page(name, &bytes, on_stage);
    };
    let id = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.next_id = s.next_id.wrapping_add(1);
        s.next_id
    });
    let mut on_stage: Option<Box<dyn Fn(Stage)>> = Some(Box::new(on_stage));
    let answer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(on_stage) = on_stage.take() {
            STATE.with(|s| {
                s.borrow_mut().pending = Some(Pending {
                    id,
                    on_stage,
                    resolve,
                })
            });
        }
    });
    let array = Uint8Array::from(bytes.as_slice());
    drop(bytes);
    let job = message(&id.into(), "name", &name.into());
    let _ = Reflect::set(&job, &JsValue::from_str("bytes"), &array);
    if let Some(n) = bench_repeats() {
        let _ = Reflect::set(&job, &JsValue::from_str("repeat"), &n.into());
    }
    let transfer = js_sys::Array::of1(&array.buffer());
    if worker.post_message_with_transfer(&job, &transfer).is_err() {
        STATE.with(|s| s.borrow_mut().pending = None);
        return Extracted {
            result: Err("the background worker could not take the file".into()),
            engine: Engine::Worker,
            ms: 0.0,
        };
    }
    let answer = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .unwrap_or(JsValue::UNDEFINED);
    let result = if let Some(json) = field(&answer, "report").as_string() {
        serde_json::from_str::<Report>(&json)
            .map_err(|e| format!("the worker's answer is damaged: {e}"))
    } else {
        Err(field(&answer, "error")
            .as_string()
            .unwrap_or_else(|| "the background worker stopped".into()))
    };
    Extracted {
        result,
        engine: Engine::Worker,
        ms: field(&answer, "ms").as_f64().unwrap_or(0.0),
    }
}

/// The page benchmark's `?bench=N` in the page's address: the worker then
/// extracts each file N times back to back (at most [`MAX_REPEATS`]) and
/// gives the best time, as a native benchmark times a warm loop; one
/// extraction after the page has rendered runs with cold caches, which
/// weighs most on a report of a few KB. Nothing else changes.
fn bench_repeats() -> Option<u32> {
    let search = web_sys::window()?.location().search().ok()?;
    let n: u32 = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("bench="))?
        .parse()
        .ok()?;
    Some(n.clamp(1, MAX_REPEATS))
}

/// Extracts on the page's thread, timed. For the small built-in sample of the
/// first visit this is quicker than waiting for the worker to start.
pub fn extract_on_page(name: &str, bytes: &[u8], on_stage: impl Fn(Stage)) -> Extracted {
    let clock = web_sys::window().and_then(|w| w.performance());
    let (result, ms) = timed(clock, || run(name, bytes, &mut |s| on_stage(s)));
    Extracted {
        result,
        engine: Engine::Page,
        ms,
    }
}

/// Starts the worker in the background, so the first file does not wait.
pub fn warm_up() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = worker().await;
    });
}

/// The worker, started on first call and awaited until it is ready; `None`
/// when it cannot run here (then never tried again).
async fn worker() -> Option<web_sys::Worker> {
    if let Some(known) = STATE.with(|s| s.borrow().worker.clone()) {
        return known;
    }
    let starting = STATE.with(|s| s.borrow().starting.clone());
    let starting = starting.unwrap_or_else(|| {
        let promise = wasm_bindgen_futures::future_to_promise(async {
            let started = start().await;
            STATE.with(|s| {
                let mut s = s.borrow_mut();
                s.worker = Some(started);
                s.starting = None;
            });
            Ok(JsValue::UNDEFINED)
        });
        STATE.with(|s| s.borrow_mut().starting = Some(promise.clone()));
        promise
    });
    let _ = wasm_bindgen_futures::JsFuture::from(starting).await;
    STATE.with(|s| s.borrow().worker.clone()).flatten()
}

/// Starts the worker and waits (at most 10 s) for its "ready".
async fn start() -> Option<web_sys::Worker> {
    let (source, module) = source()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let worker_options = web_sys::WorkerOptions::new();
    if module {
        worker_options.set_type(web_sys::WorkerType::Module);
    }
    let worker = web_sys::Worker::new_with_options(&url, &worker_options).ok();
    let _ = web_sys::Url::revoke_object_url(&url);
    let worker = worker?;

    let ready = js_sys::Promise::new(&mut |resolve, _| {
        let on_ready = resolve.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                on_message(&ev.data(), &on_ready)
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_fail = resolve.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let why = field(&e, "message").as_string().unwrap_or_default();
            web_sys::console::warn_1(&format!("zhengbao: the worker failed: {why}").into());
            fail(&on_fail);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(
                &resolve,
                10_000,
                &JsValue::FALSE,
            );
        }
    });
    if worker.post_message(&wasm_bindgen::module()).is_err() {
        worker.terminate();
        return None;
    }
    let ok = wasm_bindgen_futures::JsFuture::from(ready)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        == Some(true);
    if ok {
        Some(worker)
    } else {
        worker.terminate();
        None
    }
}

/// Handles one message from the worker: "ready", a stage or an answer.
fn on_message(data: &JsValue, ready: &js_sys::Function) {
    if data.as_string().as_deref() == Some("ready") {
        let _ = ready.call1(&JsValue::NULL, &JsValue::TRUE);
        return;
    }
    let id = field(data, "id").as_f64().map(|v| v as u32);
    let stage = field(data, "stage").as_f64();
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let Some(p) = s.pending.as_ref().filter(|p| Some(p.id) == id) else {
            return;
        };
        if let Some(i) = stage {
            if let Some(stage) = Stage::ALL.get(i as usize) {
                (p.on_stage)(*stage);
            }
            return;
        }
        if let Some(p) = s.pending.take() {
            let _ = p.resolve.call1(&JsValue::NULL, data);
        }
    });
}

/// The worker failed (to start, or while working: out of memory, say): the
/// job in flight gets an error and the next job starts a new worker.
fn fail(ready: &js_sys::Function) {
    let _ = ready.call1(&JsValue::NULL, &JsValue::FALSE);
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(Some(w)) = s.worker.take() {
            w.terminate();
        }
        if let Some(p) = s.pending.take() {
            let answer = Object::new();
            let _ = Reflect::set(
                &answer,
                &JsValue::from_str("error"),
                &JsValue::from_str(
                    "the background worker stopped (out of memory?): try a smaller file",
                ),
            );
            let _ = p.resolve.call1(&JsValue::NULL, &answer);
        }
    });
}

/// The worker's script and whether it is a module: the single file's inline
/// boot script (classic: Chromium starts no module worker on a file:// page),
/// or a module importing Trunk's glue by URL.
fn source() -> Option<(String, bool)> {
    let document = web_sys::window()?.document()?;
    if let Some(boot) = document.get_element_by_id("zb-boot") {
        return boot.text_content().map(|text| (text, false));
    }
    let link = document.query_selector("link[rel=modulepreload]").ok()??;
    let href = link.get_attribute("href")?;
    let base = document.base_uri().ok()??;
    let url = web_sys::Url::new_with_base(&href, &base).ok()?.href();
    let url = serde_json::to_string(&url).ok()?;
    Some((
        format!(
            "import init from {url};\nself.onmessage = (e) => {{ self.onmessage = null; init({{ module_or_path: e.data }}); }};\n"
        ),
        true,
    ))
}
