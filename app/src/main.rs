//! The zhengbao web app: paste a government work report, press 分析, see its
//! meta and outline. Built for the browser with Trunk (`cargo xtask serve`);
//! natively only the model compiles, so workspace tests stay fast.

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod model;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(view::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("zhengbao-app runs in the browser: `cargo xtask serve` builds and serves it");
    std::process::ExitCode::FAILURE
}
