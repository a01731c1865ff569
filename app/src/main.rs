//! The zhengbao web app: drop or paste a government work report and see its
//! outline, targets and glossary; extraction runs in a Web Worker. Built for the browser with Trunk (`cargo xtask serve`);
//! natively only the model compiles, so workspace tests stay fast.

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod model;
mod s2t_preferred;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
mod worker;

/// The allocator of the page and of its worker (each has its own memory):
/// talc instead of Rust's default dlmalloc, measured 3 % quicker on the
/// corpus's extraction and 2.7 KB smaller gzipped.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// On the page: the app. In the background worker (the same module, started
/// by [`worker`]; there is no `window` there): the extraction service.
#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    if let Some(window) = web_sys::window() {
        // For the page benchmark: wasm compiled and instantiated.
        if let Some(p) = window.performance() {
            let _ = p.mark("zhengbao-main");
        }
        leptos::mount::mount_to_body(view::App);
    } else {
        worker::serve();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("zhengbao-app runs in the browser: `cargo xtask serve` builds and serves it");
    std::process::ExitCode::FAILURE
}
