//! The page. State lives in signals in [`App`]; everything shown is computed
//! by [`crate::model`] (pure, natively tested); this module only wires the
//! DOM, files, downloads and the clipboard.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use zhengbao::{Report, TargetKind};

use crate::model::{self, tr, Column, Filter, Lang, Line, Script, Sort, MISSING};
use crate::worker::{self, Engine};
use zhengbao::Stage;

/// One analysed document (or one that could not be read).
#[derive(Clone)]
struct Doc {
    name: String,
    result: Result<Arc<Analysed>, String>,
    /// Milliseconds from the drop (or click) to the rendered tables.
    ms: f64,
    /// Milliseconds of the extraction itself (in the worker, with the
    /// answer's transfer and parsing).
    extract_ms: f64,
    /// Milliseconds of the extraction alone, inside the worker.
    wasm_ms: f64,
}

/// A report with its text view, computed once.
struct Analysed {
    report: Report,
    lines: Vec<Line>,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Waits `ms` milliseconds, letting the browser render.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Reads a file's bytes.
async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A sample report's bytes: inlined in the single file as
/// `<script type="text/plain" data-sample="NAME">`, or fetched from
/// `samples/NAME` beside `dist/index.html` (the page's own files: its CSP
/// allows nothing else).
async fn load_sample(name: &str) -> Result<Vec<u8>, String> {
    let inlined = document()
        .query_selector(&format!("script[data-sample=\"{name}\"]"))
        .ok()
        .flatten();
    if let Some(script) = inlined {
        return Ok(script.text_content().unwrap_or_default().into_bytes());
    }
    let failed = |why: String| format!("the sample could not be loaded ({why})");
    let response =
        wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(&format!("samples/{name}")))
            .await
            .map_err(|_| failed("no answer".into()))?
            .dyn_into::<web_sys::Response>()
            .map_err(|_| failed("not a response".into()))?;
    if !response.ok() {
        return Err(failed(format!("HTTP {}", response.status())));
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| failed("unreadable".into()))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
        .await
        .map_err(|_| failed("unreadable".into()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Offers bytes as a download.
fn download(name: &str, bytes: &[u8], mime: &str) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let a = document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = a {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoked later: some browsers read the URL after click() returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
}

/// Sets the one dynamic style rule (the chosen term's highlight) in the page's
/// style sheet through the CSSOM: the page's CSP allows no inline `<style>`
/// element but its own.
fn set_term_rule(rule: Option<&str>) {
    thread_local! {
        static INDEX: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
    }
    let sheet = document()
        .style_sheets()
        .get(0)
        .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok());
    let Some(sheet) = sheet else { return };
    if let Some(i) = INDEX.with(|c| c.take()) {
        let _ = sheet.delete_rule(i);
    }
    let Some(rule) = rule else { return };
    let Ok(rules) = sheet.css_rules() else { return };
    if let Ok(i) = sheet.insert_rule_with_index(rule, rules.length()) {
        INDEX.with(|c| c.set(Some(i)));
    }
}

/// How much of the current report's text is rendered (a page of lines at a
/// time, see [`model::TEXT_PAGE`]), shared with everything that scrolls to a
/// place in the text.
#[derive(Clone)]
struct TextWindow {
    /// Lines rendered.
    limit: RwSignal<usize>,
    /// Each line's first char.
    starts: Arc<Vec<usize>>,
}

impl TextWindow {
    /// Renders the text at least up to char `offset`, then runs `then` (after
    /// the new lines are in the DOM).
    fn reveal(&self, offset: usize, then: impl FnOnce() + 'static) {
        let line = model::line_of(&self.starts, offset);
        if line < self.limit.get_untracked() {
            then();
            return;
        }
        self.limit.set(model::lines_to_show(line));
        spawn_local(async move {
            sleep(0).await;
            then();
        });
    }
}

/// Renders up to `offset`, then scrolls to element `id`.
fn reveal_and_scroll(window: Option<TextWindow>, offset: usize, id: String) {
    let go = move || scroll_to(&id, web_sys::ScrollLogicalPosition::Start);
    match window {
        Some(w) => w.reveal(offset, go),
        None => go(),
    }
}

/// Scrolls an element into view inside its scroll container.
fn scroll_to(id: &str, block: web_sys::ScrollLogicalPosition) {
    if let Some(el) = document().get_element_by_id(id) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(block);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let docs = RwSignal::new(Vec::<Doc>::new());
    let current = RwSignal::new(None::<usize>);
    let busy = RwSignal::new(false);
    let lang = RwSignal::new(Lang::Zh);
    let script = RwSignal::new(None::<Script>);
    let sort = RwSignal::new(Sort::default());
    let filter = RwSignal::new(Filter::default());
    let active_term = RwSignal::new(None::<usize>);
    let active_target = RwSignal::new(None::<usize>);
    let current_section = RwSignal::new(None::<usize>);
    let collapsed = RwSignal::new(HashSet::<usize>::new());
    let status = RwSignal::new(String::new());
    // The stage of the extraction in progress, and where extractions run.
    let stage = RwSignal::new(None::<Stage>);
    let engine = RwSignal::new(None::<Engine>);
    let paste = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    // The last file that could not be read, and why.
    let failure = RwSignal::new(None::<(String, String)>);

    let doc = Signal::derive(move || docs.with(|d| current.get().and_then(|i| d.get(i).cloned())));
    let analysed = Signal::derive(move || doc.get().and_then(|d| d.result.ok()));
    let shown = Signal::derive(move || {
        script
            .get()
            .or_else(|| analysed.with(|a| a.as_ref().map(|a| Script::of(&a.report))))
            .unwrap_or(Script::Simplified)
    });
    // The script to convert to, when it is not the document's own.
    let to = Signal::derive(move || {
        let own = analysed.with(|a| a.as_ref().map(|a| Script::of(&a.report)));
        let shown = shown.get();
        (own != Some(shown)).then_some(shown)
    });
    let t = move |zh: &'static str| tr(lang.get(), zh);
    let cv = move |s: &str| model::show(s, to.get());
    // The page's language follows the interface's.
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let code = if lang.get() == Lang::Zh {
                "zh-CN"
            } else {
                "en"
            };
            let _ = html.set_attribute("lang", code);
        }
    });

    // Analyses documents one after another, showing 分析中… meanwhile.
    // `on_page`: for the first visit's built-in sample, extracted on the
    // page (quicker than starting the worker first), which starts after.
    let analyse_with =
        move |inputs: Vec<(String, Result<Vec<u8>, String>)>, t0: f64, on_page: bool| {
            spawn_local(async move {
                busy.set(true);
                // Let the browser paint the busy state before the work.
                sleep(16).await;
                for (name, bytes) in inputs {
                    let start = if t0 > 0.0 { t0 } else { now() };
                    let mut extract_ms = 0.0;
                    let mut wasm_ms = 0.0;
                    let result = match bytes {
                        Err(e) => Err(e),
                        Ok(b) => {
                            let e0 = now();
                            // The worker is quiet about a short job's stages:
                            // none from the previous document stays shown.
                            stage.set(None);
                            let on_stage = move |s| stage.set(Some(s));
                            let done = if on_page {
                                worker::extract_on_page(&name, &b, on_stage)
                            } else {
                                worker::extract(&name, b, on_stage).await
                            };
                            extract_ms = now() - e0;
                            wasm_ms = done.ms;
                            engine.set(Some(done.engine));
                            done.result.map(|report| {
                                let lines = model::lines(&report);
                                Arc::new(Analysed { report, lines })
                            })
                        }
                    };
                    stage.set(None);
                    let ok = result.is_ok();
                    match &result {
                        Ok(_) => failure.set(None),
                        Err(message) => failure.set(Some((name.clone(), message.clone()))),
                    }
                    let label = if name.is_empty() {
                        "粘贴的文本".to_string()
                    } else {
                        name.clone()
                    };
                    let index = docs.with_untracked(|d| d.len());
                    docs.update(|d| {
                        d.push(Doc {
                            name: label,
                            result,
                            ms: 0.0,
                            extract_ms,
                            wasm_ms,
                        })
                    });
                    if ok || current.get_untracked().is_none() {
                        filter.set(Filter::default());
                        sort.set(Sort::default());
                        active_term.set(None);
                        active_target.set(None);
                        current_section.set(None);
                        collapsed.set(HashSet::new());
                        script.set(None);
                        current.set(Some(index));
                    }
                    // Effects run before this timer fires: the tables are in the DOM.
                    sleep(0).await;
                    let ms = now() - start;
                    // For the page benchmark: the first mark is the first render.
                    if let Some(p) = window().performance() {
                        let _ = p.mark("zhengbao-rendered");
                    }
                    docs.update(|d| {
                        if let Some(doc) = d.get_mut(index) {
                            doc.ms = ms;
                        }
                    });
                }
                busy.set(false);
                if on_page {
                    worker::warm_up();
                }
            });
        };
    let analyse = move |inputs, t0| analyse_with(inputs, t0, false);

    let open_files = move |files: web_sys::FileList, t0: f64| {
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        if files.is_empty() {
            return;
        }
        spawn_local(async move {
            let mut inputs = Vec::new();
            for f in files {
                let name = f.name();
                // Refused before reading: a huge file would fill the tab's memory.
                let bytes = match model::check_size(f.size()) {
                    Ok(()) => read_file(f).await,
                    Err(message) => Err(message),
                };
                inputs.push((name, bytes));
            }
            analyse(inputs, t0);
        });
    };

    // The first visit shows a result: the first sample.
    let open_sample = move |name: String, t0: f64, on_page: bool| {
        spawn_local(async move {
            let bytes = load_sample(&name).await;
            analyse_with(vec![(name, bytes)], t0, on_page);
        });
    };
    if let Some(name) = model::SAMPLES.first() {
        open_sample(name.to_string(), 0.0, true);
    }

    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();

    view! {
        <div
            class="app"
            class:dragging=move || dragging.get()
            on:dragover=move |ev| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev| {
                ev.prevent_default();
                dragging.set(false);
                let t0 = now();
                if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
                    open_files(files, t0);
                }
            }
        >
            <header class="top">
                <div class="brand">
                    <h1>{move || t("政报")}</h1>
                    <p class="lead">
                        {move || t("政府工作报告分析 · 全部在本机浏览器中完成，不上传任何内容")}
                    </p>
                </div>
                <div class="toggles">
                    <div class="seg" role="group" aria-label="字体 script">
                        <button
                            id="script-simplified"
                            aria-pressed=move || (shown.get() == Script::Simplified).to_string()
                            on:click=move |_| script.set(Some(Script::Simplified))
                        >
                            {move || t("简")}
                        </button>
                        <button
                            id="script-traditional"
                            aria-pressed=move || (shown.get() == Script::Traditional).to_string()
                            on:click=move |_| script.set(Some(Script::Traditional))
                        >
                            {move || t("繁")}
                        </button>
                    </div>
                    <button
                        id="lang"
                        lang=move || if lang.get() == Lang::Zh { "en" } else { "zh-CN" }
                        on:click=move |_| {
                            lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
                        }
                    >
                        {move || if lang.get() == Lang::Zh { "English" } else { "中文" }}
                    </button>
                </div>
            </header>

            <section class="input">
                <p class="drop-hint">
                    {move || t("拖放文件到页面任意位置，或")} " "
                    <button id="open" on:click=move |_| {
                        if let Some(input) = file_input.get() {
                            input.click();
                        }
                    }>{move || t("打开文件")}</button>
                    " "
                    <small class="limit">{move || model::limit_note(lang.get())}</small>
                    <input
                        id="file"
                        class="visually-hidden"
                        type="file"
                        multiple
                        tabindex="-1"
                        aria-hidden="true"
                        accept=".txt,.text,.html,.htm,.docx,text/plain,text/html"
                        node_ref=file_input
                        on:change=move |ev| {
                            let t0 = now();
                            let input = event_target::<web_sys::HtmlInputElement>(&ev);
                            if let Some(files) = input.files() {
                                open_files(files, t0);
                            }
                            input.set_value("");
                        }
                    />
                </p>
                <p class="samples">
                    <span class="label">{move || t("示例")}</span>
                    {model::SAMPLES
                        .iter()
                        .map(|name| {
                            let name = name.to_string();
                            let label = model::sample_label(&name);
                            view! {
                                <button
                                    class="chip"
                                    data-sample=name.clone()
                                    on:click=move |_| open_sample(name.clone(), now(), false)
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </p>
                <details class="paste">
                    <summary>{move || t("粘贴文本")}</summary>
                    <textarea
                        id="paste"
                        placeholder=move || t("在此粘贴报告全文……")
                        prop:value=move || paste.get()
                        on:input=move |ev| paste.set(event_target_value(&ev))
                    ></textarea>
                    <button id="analyse" class="primary" on:click=move |_| {
                        let text = paste.get_untracked();
                        analyse(vec![(String::new(), Ok(text.into_bytes()))], now());
                    }>{move || t("分析")}</button>
                </details>
            </section>

            <nav class="docs" aria-label="文档 documents">
                {move || {
                    docs.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| {
                            let failed = d.result.is_err();
                            view! {
                                <button
                                    class="doc-tab"
                                    class:failed=failed
                                    data-ms=format!("{:.0}", d.ms)
                                    data-extract-ms=format!("{:.0}", d.extract_ms)
                                    data-wasm-ms=format!("{:.3}", d.wasm_ms)
                                    aria-current=move || if current.get() == Some(i) { "true" } else { "false" }
                                    on:click=move |_| {
                                        failure.set(None);
                                        active_term.set(None);
                                        active_target.set(None);
                                        filter.set(Filter::default());
                                        script.set(None);
                                        current.set(Some(i));
                                    }
                                >
                                    {d.name.clone()}
                                    {(d.ms > 0.0 && !failed)
                                        .then(|| view! { <small>{format!(" {:.0} ms", d.ms)}</small> })}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </nav>

            <div
                class="status"
                role="status"
                aria-live="polite"
                data-engine=move || match engine.get() {
                    Some(Engine::Worker) => "worker",
                    Some(Engine::Page) => "page",
                    None => "",
                }
            >
                {move || {
                    if busy.get() {
                        let (step, label) = stage
                            .get()
                            .map_or((0, ""), |s| (s.index() + 1, model::stage_label(s)));
                        view! {
                            <span class="busy">{t("分析中…")}</span>
                            " "
                            <progress max=Stage::ALL.len() value=step></progress>
                            " "
                            <span class="stage">{t(label)}</span>
                        }
                            .into_any()
                    } else if let Some((name, message)) = failure.get().or_else(|| {
                        doc.get().and_then(|d| d.result.err().map(|m| (d.name, m)))
                    }) {
                        view! {
                            <span class="error" role="alert">
                                {format!("{}「{name}」：{message}", t("无法读取"))}
                            </span>
                        }
                            .into_any()
                    } else {
                        view! { <span>{status.get()}</span> }.into_any()
                    }
                }}
            </div>

            <main class="result" class:busy=move || busy.get()>
                {move || {
                    analysed
                        .get()
                        .map(|a| {
                            let name = doc.with(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default());
                            view! {
                                <ReportView
                                    a=a
                                    name=name
                                    lang=lang
                                    shown=to
                                    sort=sort
                                    filter=filter
                                    active_term=active_term
                                    active_target=active_target
                                    current_section=current_section
                                    collapsed=collapsed
                                    status=status
                                />
                            }
                        })
                }}
            </main>
            <TargetCard analysed=analysed active_target=active_target lang=lang cv=Callback::new(move |s: String| cv(&s))/>
        </div>
    }
}

/// The row of the target under the pointer or focus, pinned to the bottom.
#[component]
fn TargetCard(
    analysed: Signal<Option<Arc<Analysed>>>,
    active_target: RwSignal<Option<usize>>,
    lang: RwSignal<Lang>,
    cv: Callback<String, String>,
) -> impl IntoView {
    let t = move |zh: &'static str| tr(lang.get(), zh);
    view! {
        <aside class="card" aria-live="polite">
            {move || {
                let a = analysed.get()?;
                let i = active_target.get()?;
                let r = &a.report;
                let tg = r.targets.get(i)?;
                Some(view! {
                    <dl id="target-card">
                        <div><dt>{t("类型")}</dt><dd>{t(if tg.kind == TargetKind::Target { "目标" } else { "成果" })}{if tg.headline { " ★" } else { "" }}</dd></div>
                        <div><dt>{t("指标")}</dt><dd>{cv.run(tg.indicator.clone())}</dd></div>
                        <div><dt>{t("变化")}</dt><dd>{cv.run(tg.change.clone().unwrap_or_default())}</dd></div>
                        <div><dt>{t("数值")}</dt><dd>{format!("{} {}{}", model::bound_symbol(tg.bound), model::value_text(tg), tg.unit.clone().unwrap_or_default())}</dd></div>
                        <div><dt>{t("期间")}</dt><dd>{tg.period.as_deref().unwrap_or(MISSING).to_string()}</dd></div>
                        <div><dt>{t("章节")}</dt><dd>{cv.run(model::section_label(&r.sections, tg.section))}</dd></div>
                    </dl>
                })
            }}
        </aside>
    }
}

/// Everything shown for one report.
#[allow(clippy::too_many_arguments)]
#[component]
fn ReportView(
    a: Arc<Analysed>,
    name: String,
    lang: RwSignal<Lang>,
    shown: Signal<Option<Script>>,
    sort: RwSignal<Sort>,
    filter: RwSignal<Filter>,
    active_term: RwSignal<Option<usize>>,
    active_target: RwSignal<Option<usize>>,
    current_section: RwSignal<Option<usize>>,
    collapsed: RwSignal<HashSet<usize>>,
    status: RwSignal<String>,
) -> impl IntoView {
    let t = move |zh: &'static str| tr(lang.get(), zh);
    let cv = move |s: &str| model::show(s, shown.get());
    provide_context(TextWindow {
        limit: RwSignal::new(model::TEXT_PAGE),
        starts: Arc::new(a.lines.iter().map(|l| l.start).collect()),
    });
    let r = &a.report;
    let title = r.meta.title.clone().unwrap_or_else(|| name.clone());
    let fields = model::fields(&r.meta);

    // Exports.
    let exports = {
        let a1 = a.clone();
        let n1 = name.clone();
        let a2 = a.clone();
        let n2 = name.clone();
        let a3 = a.clone();
        let n3 = name.clone();
        let a4 = a.clone();
        let n4 = name.clone();
        let a5 = a.clone();
        view! {
            <div class="exports" role="group" aria-label="导出 export">
                <span class="label">{move || t("导出")}</span>
                <button id="export-targets" on:click=move |_| {
                    let csv = zhengbao::export::targets_csv(&n1, &a1.report);
                    download(&model::export_name(&n1, "-targets.csv"), csv.as_bytes(), "text/csv;charset=utf-8");
                }>{move || t("目标 CSV")}</button>
                <button id="export-glossary" on:click=move |_| {
                    let csv = zhengbao::export::glossary_csv(&n2, &a2.report);
                    download(&model::export_name(&n2, "-glossary.csv"), csv.as_bytes(), "text/csv;charset=utf-8");
                }>{move || t("名词 CSV")}</button>
                <button id="export-json" on:click=move |_| {
                    let json = zhengbao::export::pretty_json(&serde_json::to_string(&a3.report).unwrap_or_default());
                    download(&model::export_name(&n3, ".json"), json.as_bytes(), "application/json");
                }>{move || t("报告 JSON")}</button>
                <button id="export-md" on:click=move |_| {
                    let md = model::markdown(&a4.report, &n4);
                    download(&model::export_name(&n4, ".md"), md.as_bytes(), "text/markdown;charset=utf-8");
                }>{move || t("Markdown 摘要")}</button>
                <button id="copy-targets" on:click=move |_| {
                    let tsv = zhengbao::export::targets_tsv(&a5.report);
                    spawn_local(async move {
                        let clipboard = window().navigator().clipboard();
                        let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&tsv)).await;
                        status.set(tr(lang.get_untracked(), if done.is_ok() { "已复制到剪贴板" } else { "无法复制" }).to_string());
                    });
                }>{move || t("复制表格")}</button>
            </div>
        }
    };

    view! {
        <header class="meta">
            <h2 id="title">{let title = title.clone(); move || cv(&title)}</h2>
            <dl class="fields">
                {fields
                    .into_iter()
                    .map(|f| {
                        let value = f.value.clone();
                        view! {
                            <div>
                                <dt>{move || t(f.label)}</dt>
                                <dd>{move || cv(&value)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
                <div>
                    <dt>{move || t("行")}</dt>
                    <dd id="counts">{format!("{} · {} · {}", r.sections.len(), r.targets.len(), r.glossary.len())}</dd>
                </div>
            </dl>
            {exports}
        </header>
        <Charts a=a.clone() lang=lang shown=shown/>
        <div class="reader">
            <nav class="outline" id="outline" aria-label="提纲 outline">
                <h3>{move || t("提纲")} <small>{r.sections.len()}</small></h3>
                {
                    let tree = model::outline(&r.sections);
                    if tree.is_empty() {
                        view! { <p class="empty">{move || t("未找到标题。")}</p> }.into_any()
                    } else {
                        heading_list(tree, shown, collapsed, current_section, lang)
                    }
                }
            </nav>
            <TextView a=a.clone() shown=shown active_term=active_term active_target=active_target current_section=current_section lang=lang/>
        </div>
        <TargetsTable a=a.clone() lang=lang shown=shown sort=sort filter=filter active_target=active_target/>
        <Glossary a=a.clone() lang=lang shown=shown active_term=active_term/>
    }
}

/// One level of the outline; recursive, hence type-erased.
fn heading_list(
    headings: Vec<model::Heading>,
    shown: Signal<Option<Script>>,
    collapsed: RwSignal<HashSet<usize>>,
    current_section: RwSignal<Option<usize>>,
    lang: RwSignal<Lang>,
) -> AnyView {
    view! {
        <ul class="tree">
            {headings
                .into_iter()
                .map(|h| {
                    let id = h.id;
                    let start = h.start;
                    let window = use_context::<TextWindow>();
                    let has_children = !h.children.is_empty();
                    let children = has_children
                        .then(|| heading_list(h.children, shown, collapsed, current_section, lang));
                    let title = h.title.clone();
                    let number = h.number.clone();
                    view! {
                        <li class:current=move || current_section.get() == Some(id)>
                            <div class="row">
                                {has_children.then(|| view! {
                                    <button
                                        class="twisty"
                                        aria-label=move || tr(lang.get(), "展开或折叠")
                                        aria-expanded=move || (!collapsed.with(|c| c.contains(&id))).to_string()
                                        on:click=move |_| collapsed.update(|c| {
                                            if !c.remove(&id) {
                                                c.insert(id);
                                            }
                                        })
                                    >
                                        {move || if collapsed.with(|c| c.contains(&id)) { "▸" } else { "▾" }}
                                    </button>
                                })}
                                <a
                                    href=format!("#sec-{id}")
                                    id=format!("toc-{id}")
                                    class="entry"
                                    on:click={
                                        let window = window.clone();
                                        move |ev| {
                                            ev.prevent_default();
                                            current_section.set(Some(id));
                                            reveal_and_scroll(window.clone(), start, format!("sec-{id}"));
                                        }
                                    }
                                >
                                    {number.map(|n| view! { <span class="number">{move || model::show(&n, shown.get())}</span> " " })}
                                    <span class="title">{move || model::show(&title, shown.get())}</span>
                                </a>
                            </div>
                            {children.map(|c| view! {
                                <div style:display=move || if collapsed.with(|s| s.contains(&id)) { "none" } else { "block" }>{c}</div>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The document text, split at every span boundary, with targets and terms marked.
#[component]
fn TextView(
    a: Arc<Analysed>,
    shown: Signal<Option<Script>>,
    active_term: RwSignal<Option<usize>>,
    active_target: RwSignal<Option<usize>>,
    current_section: RwSignal<Option<usize>>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let article: NodeRef<leptos::html::Article> = NodeRef::new();
    let text_limit = use_context::<TextWindow>().map(|w| w.limit);
    let a3 = a.clone();
    let section_ids: Vec<usize> = a.report.sections.iter().map(|s| s.id).collect();
    let a2 = a.clone();
    // Keeps the outline entry of the section in view.
    Effect::new(move |_| {
        if let Some(id) = current_section.get() {
            if let Some(el) = document().get_element_by_id(&format!("toc-{id}")) {
                if let Some(outline) = document().get_element_by_id("outline") {
                    let (e, o) = (
                        el.get_bounding_client_rect(),
                        outline.get_bounding_client_rect(),
                    );
                    if e.top() < o.top() || e.bottom() > o.bottom() {
                        let top =
                            outline.scroll_top() as f64 + e.top() - o.top() - o.height() / 3.0;
                        outline.set_scroll_top(top.max(0.0) as i32);
                    }
                }
            }
        }
    });
    // The chosen term's occurrences, highlighted.
    Effect::new(move |_| {
        let rule = active_term.get().map(|i| {
            format!(
                "[data-term=\"{i}\"]{{background:var(--term-on);outline:1px solid var(--accent)}}"
            )
        });
        set_term_rule(rule.as_deref());
    });
    let on_scroll = move |_| {
        let Some(el) = article.get() else { return };
        let frame = el.get_bounding_client_rect();
        let top = frame.top();
        // At the end of the text the last sections cannot reach the top:
        // keep the one chosen in the outline while it is in view.
        let at_end = el.scroll_top() + el.client_height() >= el.scroll_height() - 2;
        if at_end {
            let chosen = current_section
                .get_untracked()
                .and_then(|id| document().get_element_by_id(&format!("sec-{id}")));
            if let Some(anchor) = chosen {
                let t = anchor.get_bounding_client_rect().top();
                if t >= top && t <= frame.bottom() {
                    return;
                }
            }
        }
        let mut current = None;
        for id in &section_ids {
            if let Some(anchor) = document().get_element_by_id(&format!("sec-{id}")) {
                if anchor.get_bounding_client_rect().top() - top <= 24.0 {
                    current = Some(*id);
                } else {
                    break;
                }
            }
        }
        if current_section.get_untracked() != current {
            current_section.set(current);
        }
    };
    let target_of = |ev: &web_sys::Event| -> Option<usize> {
        let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let mark = el.closest("[data-target]").ok()??;
        mark.get_attribute("data-target")?.parse().ok()
    };
    let term_of = |ev: &web_sys::Event| -> Option<usize> {
        let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let mark = el.closest("[data-term]").ok()??;
        mark.get_attribute("data-term")?.parse().ok()
    };
    view! {
        <article
            class="text"
            id="text"
            node_ref=article
            aria-label=move || tr(lang.get(), "正文")
            on:scroll=on_scroll
            on:mouseover=move |ev| {
                if let Some(i) = target_of(&ev) {
                    active_target.set(Some(i));
                }
            }
            on:focusin=move |ev| {
                if let Some(i) = target_of(&ev) {
                    active_target.set(Some(i));
                }
            }
            on:click=move |ev| {
                if let Some(i) = term_of(&ev) {
                    active_term.set(Some(i));
                }
            }
        >
            {move || {
                let to = shown.get();
                let r = &a2.report;
                let limit = text_limit.map_or(usize::MAX, |l| l.get());
                a2.lines
                    .iter()
                    .take(limit)
                    .map(|l| {
                        let anchors = l
                            .sections
                            .iter()
                            .map(|id| view! { <span class="anchor" id=format!("sec-{id}")></span> })
                            .collect_view();
                        let pieces = l
                            .pieces
                            .iter()
                            .map(|p| {
                                let text = model::show(&p.text, to);
                                match (p.target, p.term) {
                                    (None, None) => view! { {text} }.into_any(),
                                    (Some(ti), term) => {
                                        let tg = &r.targets[ti];
                                        let tip = format!(
                                            "{} · {} {} {}{}",
                                            tg.indicator,
                                            tg.change.clone().unwrap_or_default(),
                                            model::bound_symbol(tg.bound),
                                            model::value_text(tg),
                                            tg.unit.clone().unwrap_or_default()
                                        );
                                        view! {
                                            <mark
                                                class="tg"
                                                class:head=tg.headline
                                                class:result=tg.kind == TargetKind::Result
                                                tabindex="0"
                                                title=tip
                                                data-target=ti.to_string()
                                                data-term=term.map(|x| x.to_string())
                                            >
                                                {text}
                                            </mark>
                                        }
                                        .into_any()
                                    }
                                    (None, Some(gi)) => view! {
                                        <span class="term" data-term=gi.to_string()>{text}</span>
                                    }
                                    .into_any(),
                                }
                            })
                            .collect_view();
                        if l.heading {
                            view! { <p class="h">{anchors}{pieces}</p> }.into_any()
                        } else {
                            view! { <p>{anchors}{pieces}</p> }.into_any()
                        }
                    })
                    .collect_view()
            }}
            {move || {
                let limit = text_limit.map_or(usize::MAX, |l| l.get());
                let left = a3.lines.len().saturating_sub(limit);
                (left > 0).then(|| view! {
                    <p class="more">
                        <button id="more-text" on:click=move |_| {
                            if let Some(l) = text_limit {
                                l.update(|l| *l += model::TEXT_PAGE);
                            }
                        }>
                            {move || format!("{}（{} {left}）", tr(lang.get(), "继续显示正文"), tr(lang.get(), "还有"))}
                        </button>
                    </p>
                })
            }}
        </article>
    }
}

/// The targets table with its sort and filters.
#[component]
fn TargetsTable(
    a: Arc<Analysed>,
    lang: RwSignal<Lang>,
    shown: Signal<Option<Script>>,
    sort: RwSignal<Sort>,
    filter: RwSignal<Filter>,
    active_target: RwSignal<Option<usize>>,
) -> impl IntoView {
    let t = move |zh: &'static str| tr(lang.get(), zh);
    let sections = model::target_sections(&a.report);
    let a2 = a.clone();
    let window = use_context::<TextWindow>();
    let row_limit = RwSignal::new(model::TABLE_PAGE);
    view! {
        <section class="targets" aria-labelledby="targets-h">
            <h3 id="targets-h">{move || t("目标与成果")} <small>{a.report.targets.len()}</small></h3>
            <div class="filters">
                <input
                    id="target-filter"
                    type="search"
                    placeholder=move || t("筛选…")
                    aria-label=move || t("筛选…")
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))
                />
                <select
                    id="kind-filter"
                    aria-label=move || t("类型")
                    on:change=move |ev| filter.update(|f| f.kind = event_target_value(&ev))
                >
                    <option value="">{move || t("全部类型")}</option>
                    <option value="target">{move || t("目标")}</option>
                    <option value="result">{move || t("成果")}</option>
                </select>
                <select
                    id="section-filter"
                    aria-label=move || t("章节")
                    on:change=move |ev| filter.update(|f| f.section = event_target_value(&ev).parse().ok())
                >
                    <option value="">{move || t("全部章节")}</option>
                    {sections
                        .into_iter()
                        .map(|(id, label)| view! { <option value=id.to_string()>{move || model::show(&label, shown.get())}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="table-wrap">
                <table id="targets">
                    <thead>
                        <tr>
                            {Column::ALL
                                .iter()
                                .map(|&c| view! {
                                    <th aria-sort=move || sort.with(|s| match (s.column == Some(c), s.descending) {
                                        (true, false) => "ascending",
                                        (true, true) => "descending",
                                        _ => "none",
                                    })>
                                        <button class="sort" on:click=move |_| sort.update(|s| *s = s.click(c))>
                                            {move || t(c.label())}
                                            {move || sort.with(|s| match (s.column == Some(c), s.descending) {
                                                (true, false) => " ▲",
                                                (true, true) => " ▼",
                                                _ => "",
                                            })}
                                        </button>
                                    </th>
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let r = &a2.report;
                            let to = shown.get();
                            let rows = filter.with(|f| model::target_rows(r, sort.get(), f));
                            if rows.is_empty() {
                                return view! { <tr><td colspan="9" class="empty">{t("未找到目标。")}</td></tr> }.into_any();
                            }
                            let total = rows.len();
                            let limit = row_limit.get();
                            let more = (total > limit).then(|| view! {
                                <tr class="more"><td colspan="9">
                                    <button id="more-rows" on:click=move |_| row_limit.update(|l| *l += model::TABLE_PAGE)>
                                        {format!("{}（{} {}）", t("显示更多行"), t("还有"), total - limit)}
                                    </button>
                                </td></tr>
                            });
                            let shown_rows = rows.into_iter()
                                .take(limit)
                                .map(|i| {
                                    let tg = &r.targets[i];
                                    let c = |s: &str| model::show(s, to);
                                    let span_start = tg.span.0;
                                    view! {
                                        <tr
                                            class:head=tg.headline
                                            data-target=i.to_string()
                                            on:mouseenter=move |_| active_target.set(Some(i))
                                        >
                                            <td>{t(if tg.kind == TargetKind::Target { "目标" } else { "成果" })}</td>
                                            <td class="c">{if tg.headline { "★" } else { "" }}</td>
                                            <td>
                                                <a href="#" on:click={
                                                    let window = window.clone();
                                                    move |ev| {
                                                        ev.prevent_default();
                                                        active_target.set(Some(i));
                                                        match window.clone() {
                                                            Some(w) => w.reveal(span_start, move || scroll_mark(i)),
                                                            None => scroll_mark(i),
                                                        }
                                                    }
                                                }>{c(&tg.indicator)}</a>
                                            </td>
                                            <td>{c(tg.change.as_deref().unwrap_or(""))}</td>
                                            <td class="n">{model::value_text(tg)}</td>
                                            <td>{c(tg.unit.as_deref().unwrap_or(""))}</td>
                                            <td class="c">{model::bound_symbol(tg.bound)}</td>
                                            <td>{c(tg.period.as_deref().unwrap_or(""))}</td>
                                            <td>{c(&model::section_label(&r.sections, tg.section))}</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! { {shown_rows} {more} }.into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Scrolls the text to a target's mark and focuses it.
fn scroll_mark(target: usize) {
    if let Ok(Some(el)) = document().query_selector(&format!("#text [data-target=\"{target}\"]")) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&options);
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}

/// The glossary; a click highlights every occurrence in the text.
#[component]
fn Glossary(
    a: Arc<Analysed>,
    lang: RwSignal<Lang>,
    shown: Signal<Option<Script>>,
    active_term: RwSignal<Option<usize>>,
) -> impl IntoView {
    let t = move |zh: &'static str| tr(lang.get(), zh);
    let rows = model::glossary_rows(&a.report.glossary);
    let a2 = a.clone();
    view! {
        <section class="glossary" aria-labelledby="glossary-h">
            <h3 id="glossary-h">{move || t("名词")} <small>{a.report.glossary.len()}</small></h3>
            <div class="table-wrap">
                <table id="glossary">
                    <thead>
                        <tr>
                            <th>{move || t("术语")}</th>
                            <th>{move || t("类型")}</th>
                            <th>{move || t("次数")}</th>
                            <th>{move || t("名词解释")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {if rows.is_empty() {
                            view! { <tr><td colspan="4" class="empty">{move || t("未找到名词。")}</td></tr> }.into_any()
                        } else {
                            rows.into_iter()
                                .map(|i| {
                                    let g = &a2.report.glossary[i];
                                    let term = g.term.clone();
                                    let def = g.definition.clone().unwrap_or_default();
                                    let kind = model::term_kind(g.kind);
                                    view! {
                                        <tr class:on=move || active_term.get() == Some(i)>
                                            <td>
                                                <button
                                                    class="term-btn"
                                                    aria-pressed=move || (active_term.get() == Some(i)).to_string()
                                                    on:click=move |_| {
                                                        let on = active_term.get_untracked() == Some(i);
                                                        active_term.set(if on { None } else { Some(i) });
                                                        if !on {
                                                            if let Ok(Some(el)) = document().query_selector(&format!("#text [data-term=\"{i}\"]")) {
                                                                let options = web_sys::ScrollIntoViewOptions::new();
                                                                options.set_block(web_sys::ScrollLogicalPosition::Center);
                                                                el.scroll_into_view_with_scroll_into_view_options(&options);
                                                            }
                                                        }
                                                    }
                                                >
                                                    {move || model::show(&term, shown.get())}
                                                </button>
                                            </td>
                                            <td>{move || t(kind)}</td>
                                            <td class="n">{g.count}</td>
                                            <td class="def">{move || model::show(&def, shown.get())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The headline-targets chart and the share of each top-level section.
#[component]
fn Charts(a: Arc<Analysed>, lang: RwSignal<Lang>, shown: Signal<Option<Script>>) -> impl IntoView {
    let t = move |zh: &'static str| tr(lang.get(), zh);
    let chart = model::headline_chart(&a.report);
    let shares = model::section_shares(&a.report);
    let zero = chart.zero;
    let height = chart.height.max(model::ROW_HEIGHT);
    let bars = if chart.bars.is_empty() {
        view! { <p class="empty">{move || t("没有以百分比表示的主要目标。")}</p> }.into_any()
    } else {
        let rows = chart
            .bars
            .into_iter()
            .map(|b| {
                let y = b.y;
                let mid = y + model::ROW_HEIGHT / 2.0;
                let label = b.label.clone();
                let end = b.x + b.width;
                let marker = match b.bound {
                    "≥" => Some(format!("M{end},{} l6,5 l-6,5", mid - 5.0)),
                    "≤" => Some(format!("M{end},{} l-6,5 l6,5", mid - 5.0)),
                    _ => None,
                };
                let range = b.range_end.map(|r| view! {
                    <rect x=end y=y + 6.0 width=(r - end).max(0.0) height=model::ROW_HEIGHT - 12.0 class="range"></rect>
                });
                let approx = (b.bound == "≈").then(|| view! {
                    <line x1=end y1=y + 3.0 x2=end y2=y + model::ROW_HEIGHT - 3.0 class="approx"></line>
                });
                let text_x = b.range_end.unwrap_or(end).max(end) + 8.0;
                view! {
                    <g class="bar" data-target=b.target.to_string()>
                        <text x=model::LABEL_WIDTH - 8.0 y=mid + 4.0 text-anchor="end" class="name">
                            {move || model::show(&label, shown.get())}
                        </text>
                        <rect x=b.x y=y + 4.0 width=b.width.max(1.0) height=model::ROW_HEIGHT - 8.0 class="value"></rect>
                        {range}
                        {approx}
                        {marker.map(|d| view! { <path d=d class="bound"></path> })}
                        <text x=text_x y=mid + 4.0 class="num">{b.value_label.clone()}</text>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg
                class="chart"
                viewBox=format!("0 0 {} {}", model::CHART_WIDTH, height + 4.0)
                role="img"
                aria-label=move || t("主要预期目标")
            >
                <line x1=zero y1="0" x2=zero y2=height class="axis"></line>
                {rows}
            </svg>
        }
        .into_any()
    };
    let share_rows = shares
        .into_iter()
        .map(|s| {
            let label = s.label.clone();
            let pct = s.share * 100.0;
            let id = s.section;
            let start = s.start;
            let window = use_context::<TextWindow>();
            view! {
                <li>
                    <a href=format!("#sec-{id}") class="share-label" on:click={
                        let window = window.clone();
                        move |ev| {
                            ev.prevent_default();
                            reveal_and_scroll(window.clone(), start, format!("sec-{id}"));
                        }
                    }>{move || model::show(&label, shown.get())}</a>
                    <span class="share-bar" aria-hidden="true"><span style:width=format!("{pct:.1}%")></span></span>
                    <span class="share-pct">{format!("{pct:.0}%")}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="charts">
            <figure>
                <figcaption>{move || t("主要预期目标")}</figcaption>
                {bars}
            </figure>
            <figure>
                <figcaption>{move || t("各部分篇幅")}</figcaption>
                <ul class="shares">{share_rows}</ul>
            </figure>
        </div>
    }
}
