//! The tools the project needs beyond cargo, installed when missing.
//!
//! Every check asks the tool on PATH for its version and skips the install
//! when it is the exact version pinned here, so running any command twice
//! installs nothing the second time. Versions must match Trunk.toml and the
//! app's `wasm-bindgen` pin: Trunk would otherwise try to download its own,
//! which fails on a machine without internet.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::steps::{output, run, say, Error, Result};

/// The wasm target the web app and the core's wasm build use.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk, the app's bundler.
pub const TRUNK_VERSION: &str = "0.22.1";
/// wasm-bindgen-cli; equal to the `wasm-bindgen` crate pinned in app/Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// binaryen's wasm-opt (npm package `binaryen`), as `version_132` in Trunk.toml.
pub const WASM_OPT_VERSION: &str = "132";

/// Local tools live here (gitignored): node_modules for binaryen.
pub fn tools_dir(root: &Path) -> PathBuf {
    root.join("tools")
}

/// Puts the cargo install directory and the local tools first on PATH, for
/// this process and every command it starts.
pub fn setup_path(root: &Path) {
    let mut dirs = vec![tools_dir(root).join("node_modules").join(".bin")];
    dirs.push(cargo_bin_dir());
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    if let Ok(path) = env::join_paths(dirs) {
        // Edition 2021: set_var is safe; xtask has no other threads yet.
        env::set_var("PATH", path);
    }
}

/// Where `cargo install` puts binaries.
fn cargo_bin_dir() -> PathBuf {
    if let Some(root) = env::var_os("CARGO_INSTALL_ROOT") {
        return PathBuf::from(root).join("bin");
    }
    if let Some(home) = env::var_os("CARGO_HOME") {
        return PathBuf::from(home).join("bin");
    }
    env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(".cargo")
        .join("bin")
}

/// The cargo that runs xtask (from `$CARGO`), so nested builds use the same toolchain.
pub fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The first line a tool prints for `--version`, or None when it is not on PATH.
fn version_of(program: &str) -> Option<String> {
    output(Command::new(program).arg("--version"))
        .map(|v| v.lines().next().unwrap_or_default().to_string())
}

/// True when `line` (a `--version` answer) names exactly `version`.
pub fn is_version(line: &str, version: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .any(|word| word == version || word.strip_prefix('v') == Some(version))
}

/// Tells whether a tool is already there; says what was found.
fn have(program: &str, version: &str) -> bool {
    match version_of(program) {
        Some(v) if is_version(&v, version) => {
            say(&format!(
                "{program} {version} is installed ({v}): nothing to do"
            ));
            true
        }
        Some(v) => {
            say(&format!(
                "{program} on PATH is `{v}`, not {version}: installing {version}"
            ));
            false
        }
        None => {
            say(&format!("{program} is not installed: installing {version}"));
            false
        }
    }
}

/// rustfmt and clippy, as rustup components.
pub fn ensure_components() -> Result {
    let missing: Vec<&str> = [("rustfmt", "fmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(_, sub)| output(cargo().args([sub, "--version"])).is_none())
        .map(|(component, _)| component)
        .collect();
    if missing.is_empty() {
        say("rustfmt and clippy are installed: nothing to do");
        return Ok(());
    }
    run(Command::new("rustup")
        .args(["component", "add"])
        .args(&missing))
    .map_err(|e| {
        Error(format!(
            "{e}; install rustup's {} component(s)",
            missing.join(", ")
        ))
    })
}

/// The `wasm32-unknown-unknown` standard library.
pub fn ensure_wasm_target() -> Result {
    let libdir =
        output(Command::new("rustc").args(["--print", "target-libdir", "--target", WASM_TARGET]));
    let installed = libdir.is_some_and(|dir| {
        Path::new(&dir).read_dir().is_ok_and(|mut d| {
            d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("libcore-")))
        })
    });
    if installed {
        say(&format!(
            "the {WASM_TARGET} target is installed: nothing to do"
        ));
        return Ok(());
    }
    say(&format!("the {WASM_TARGET} target is missing: adding it"));
    run(Command::new("rustup").args(["target", "add", WASM_TARGET])).map_err(|e| {
        Error(format!(
            "{e}; without rustup, install the Rust standard library for {WASM_TARGET}"
        ))
    })
}

/// Trunk, built from crates.io (about 8 minutes on 2 cores). LTO off and 16
/// codegen units make it build faster; `--ignore-rust-version` because trunk
/// 0.22.1 declares a newer rustc than it needs.
pub fn ensure_trunk() -> Result {
    if have("trunk", TRUNK_VERSION) {
        return Ok(());
    }
    run(cargo()
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .args([
            "install",
            &format!("trunk@{TRUNK_VERSION}"),
            "--locked",
            "--ignore-rust-version",
        ]))?;
    check("trunk", TRUNK_VERSION)
}

/// wasm-bindgen-cli (about 2.5 minutes). Not `--locked`: its lock file fails
/// to resolve `webpki-roots`.
pub fn ensure_wasm_bindgen() -> Result {
    if have("wasm-bindgen", WASM_BINDGEN_VERSION) {
        return Ok(());
    }
    run(cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        WASM_BINDGEN_VERSION,
    ]))?;
    check("wasm-bindgen", WASM_BINDGEN_VERSION)
}

/// wasm-opt from npm's `binaryen` into `tools/node_modules` (seconds).
/// Debian's binaryen (wasm-opt 108) is too old: its output shows a blank page.
pub fn ensure_wasm_opt(root: &Path) -> Result {
    if have("wasm-opt", WASM_OPT_VERSION) {
        return Ok(());
    }
    if version_of("npm").is_none() {
        say("npm is missing: installing Debian's nodejs and npm");
        apt_install(&["nodejs", "npm"])?;
    }
    let dir = tools_dir(root);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error(format!("cannot create {}: {e}", dir.display())))?;
    run(Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&dir)
        .args([
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{WASM_OPT_VERSION}.0.0"),
        ]))?;
    check("wasm-opt", WASM_OPT_VERSION)
}

/// The tools Trunk runs: trunk, wasm-bindgen and wasm-opt (the wasm target
/// is [`ensure_wasm_target`]).
pub fn ensure_web_tools(steps: &mut crate::steps::Steps, root: &Path) -> Result {
    steps.run(
        &format!("install trunk {TRUNK_VERSION} if missing"),
        ensure_trunk,
    )?;
    steps.run(
        &format!("install wasm-bindgen-cli {WASM_BINDGEN_VERSION} if missing"),
        ensure_wasm_bindgen,
    )?;
    steps.run(
        &format!("install wasm-opt version_{WASM_OPT_VERSION} if missing"),
        || ensure_wasm_opt(root),
    )
}

/// Headless Chromium, ChromeDriver and a Chinese font, for browser tests
/// (Debian packages; about a minute).
pub fn ensure_browser() -> Result {
    let have_chromium = version_of("chromium").is_some();
    let have_driver = version_of("chromedriver").is_some();
    if have_chromium && have_driver {
        say("chromium and chromedriver are installed: nothing to do");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver", "fonts-wqy-microhei"])
}

/// Set once `apt-get update` has run in this process.
static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// Installs Debian packages, running `apt-get update` first (once).
fn apt_install(packages: &[&str]) -> Result {
    let apt = |args: &[&str]| -> Command {
        let root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
        let mut cmd = if root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd
    };
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        run(&mut apt(&["update"]))?;
    }
    let mut args = vec!["install", "-y"];
    args.extend_from_slice(packages);
    run(&mut apt(&args))
}

/// Checks an install left the right version on PATH.
fn check(program: &str, version: &str) -> Result {
    match version_of(program) {
        Some(v) if is_version(&v, version) => {
            say(&format!("installed {v}"));
            Ok(())
        }
        Some(v) => Err(Error(format!(
            "after the install, {program} on PATH is `{v}`, not {version}: remove the other one from PATH"
        ))),
        None => Err(Error(format!(
            "{program} was installed but is not on PATH ({}): add it to PATH",
            env::var("PATH").unwrap_or_default()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_lines_match_exactly() {
        assert!(is_version("trunk 0.22.1", "0.22.1"));
        assert!(!is_version("trunk 0.22.10", "0.22.1"));
        assert!(is_version("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(is_version("wasm-opt version 132 (version_132)", "132"));
        assert!(!is_version("wasm-opt version 108", "132"));
    }
}
