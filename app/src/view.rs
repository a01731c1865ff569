//! The page: a text box, a button, and what the extractor found. State lives
//! in two signals in [`App`]; everything shown comes from [`crate::model`].

use leptos::prelude::*;

use crate::model::{self, Field, Heading, Summary};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    let (result, set_result) = signal(None::<Result<Summary, String>>);
    let analyse = move |_| set_result.set(Some(text.with(|t| model::analyse(t))));

    view! {
        <header>
            <h1>"政报"</h1>
            <p class="lead">"粘贴一篇政府工作报告，查看它的提纲与基本信息。"</p>
        </header>
        <main>
            <textarea
                id="report"
                placeholder="在此粘贴报告全文……"
                prop:value=text
                on:input=move |ev| set_text.set(event_target_value(&ev))
            ></textarea>
            <button id="analyse" on:click=analyse>"分析"</button>
            {move || result.get().map(|r| match r {
                Ok(summary) => view! { <SummaryView summary/> }.into_any(),
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            })}
        </main>
    }
}

/// The meta table and the outline of one report.
#[component]
fn SummaryView(summary: Summary) -> impl IntoView {
    view! {
        <section class="summary">
            <h2>"基本信息"</h2>
            <MetaTable fields=summary.fields/>
            <h2>"提纲"</h2>
            <Outline headings=summary.outline/>
        </section>
    }
}

/// The meta as a two-column table.
#[component]
fn MetaTable(fields: Vec<Field>) -> impl IntoView {
    view! {
        <table class="meta">
            <tbody>
                {fields
                    .into_iter()
                    .map(|f| view! { <tr><th>{f.label}</th><td>{f.value}</td></tr> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The outline as a nested list, or a note when it has no heading.
#[component]
fn Outline(headings: Vec<Heading>) -> impl IntoView {
    if headings.is_empty() {
        view! { <p class="empty">"未找到标题。"</p> }.into_any()
    } else {
        heading_list(headings)
    }
}

/// One level of the outline; recursive, hence type-erased.
fn heading_list(headings: Vec<Heading>) -> AnyView {
    view! {
        <ul class="outline">
            {headings
                .into_iter()
                .map(|h| {
                    let children = (!h.children.is_empty()).then(|| heading_list(h.children));
                    view! {
                        <li>
                            {h.number.map(|n| view! { <span class="number">{n}</span> " " })}
                            <span class="title">{h.title}</span>
                            {children}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
