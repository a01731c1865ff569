//! xtask: the project's own commands, run as `cargo xtask COMMAND`.
//!
//! - `cargo xtask test`: formatting, lints, every test, the core's wasm build
//!   and the web app's Trunk build, installing what is missing.
//! - `cargo xtask build`: the web app, optimised, into `dist/`, sealed with
//!   a Content-Security-Policy, plus the single file `dist/zhengbao.html`.
//! - `cargo xtask dist`: the same, naming the single file.
//! - `cargo xtask serve [--port N] [--release]`: the web app on
//!   `http://127.0.0.1:N/`, rebuilt on every change.
//!
//! Each step is announced and timed; the first failure stops the run with a
//! message naming the step.

mod seal;
mod steps;
mod tools;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use steps::{run, run_counting_tests, say, Error, Result, Steps};
use tools::{cargo, WASM_TARGET};

const USAGE: &str = "\
usage: cargo xtask COMMAND

commands:
  test                 fmt check, clippy, cargo test, the core's wasm build and
                       the web app's Trunk build (installs what is missing)
  build                build the web app, optimised, into dist/ (index.html,
                       its glue and wasm, and the single file zhengbao.html)
  dist                 the same, then print where the single file is
  batch [N...]         the CLI over N copies of the corpus reports (default
                       100 and 1000): reports/s, cores used, peak memory
  serve [--port N]     serve the web app on http://127.0.0.1:N/ (default 8080),
        [--release]    rebuilding on changes; --release for an optimised build
  help                 show this";

/// Browser test suites that `test` runs when they exist, after the Trunk
/// build: each is a crate directory whose tests drive Chromium through
/// ChromeDriver against dist/ (excluded from the plain `cargo test` step).
const BROWSER_SUITES: &[&str] = &["e2e"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    tools::setup_path(&root);
    let mut steps = Steps::new();
    let result = match args.first().map(String::as_str) {
        Some("test") if args.len() == 1 => test(&mut steps, &root),
        Some("build") if args.len() == 1 => build(&mut steps, &root),
        Some("dist") if args.len() == 1 => build(&mut steps, &root).map(|()| {
            say(&format!(
                "\nthe single file: {} (open it from disk, or copy it anywhere)",
                root.join("dist/zhengbao.html").display()
            ))
        }),
        Some("batch") => {
            parse_counts(&args[1..]).and_then(|counts| batch(&mut steps, &root, &counts))
        }
        Some("serve") => parse_serve(&args[1..])
            .and_then(|(port, release)| serve(&mut steps, &root, port, release)),
        None | Some("help" | "-h" | "--help") => {
            say(USAGE);
            return ExitCode::SUCCESS;
        }
        Some(_) => Err(Error(format!(
            "unknown command `{}`\n\n{USAGE}",
            args.join(" ")
        ))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            steps.print_timings();
            say(&format!("\nxtask: error: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask's parent directory.
fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// `cargo xtask test`.
fn test(steps: &mut Steps, root: &Path) -> Result {
    steps.run(
        "install rustfmt and clippy if missing",
        tools::ensure_components,
    )?;
    steps.run("check formatting: cargo fmt --all -- --check", || {
        run(cargo()
            .current_dir(root)
            .args(["fmt", "--all", "--", "--check"]))
        .map_err(|e| {
            Error(format!(
                "{e}; run `cargo fmt --all` (or rustfmt on your files) and commit"
            ))
        })
    })?;
    steps.run(
        "lint: cargo clippy --workspace --all-targets -- -D warnings",
        || {
            run(cargo().current_dir(root).args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;
    let mut counts = (0, 0, 0);
    // The browser tests need dist/ built: they run after the Trunk build below.
    steps.run(
        "test: cargo test --workspace --exclude zhengbao-e2e",
        || {
            counts = run_counting_tests(cargo().current_dir(root).args([
                "test",
                "--workspace",
                "--exclude",
                "zhengbao-e2e",
            ]))?;
            Ok(())
        },
    )?;
    steps.run(
        "test the core as the web app builds it: cargo test -p zhengbao --no-default-features --lib",
        || {
            let c = run_counting_tests(cargo().current_dir(root).args([
                "test",
                "-p",
                "zhengbao",
                "--no-default-features",
                "--lib",
            ]))?;
            counts = (counts.0 + c.0, counts.1 + c.1, counts.2 + c.2);
            Ok(())
        },
    )?;
    steps.run(
        "build the fuzz targets: cargo build --release --manifest-path fuzz/Cargo.toml",
        || fuzz_build(root),
    )?;
    steps.run(
        "replay the fuzz seeds and regressions through each fuzz target",
        || fuzz_replay(root),
    )?;
    steps.run(
        &format!("install the {WASM_TARGET} target if missing"),
        tools::ensure_wasm_target,
    )?;
    steps.run(
        &format!("build the core for wasm: cargo build -p zhengbao --no-default-features --target {WASM_TARGET}"),
        || {
            run(cargo().current_dir(root).args([
                "build",
                "-p",
                "zhengbao",
                "--no-default-features",
                "--target",
                WASM_TARGET,
            ]))
        },
    )?;
    steps.run(
        &format!("lint the web app for wasm: cargo clippy -p zhengbao-app --target {WASM_TARGET} -- -D warnings"),
        || {
            run(cargo().current_dir(root).args([
                "clippy",
                "-p",
                "zhengbao-app",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;
    tools::ensure_web_tools(steps, root)?;
    steps.run(
        "build the web app: trunk build index.html --release",
        || trunk_build(root),
    )?;
    let suites: Vec<&str> = BROWSER_SUITES
        .iter()
        .copied()
        .filter(|s| root.join(s).join("Cargo.toml").is_file())
        .collect();
    if suites.is_empty() {
        say("\nno browser test suite yet: Chromium is not needed");
    } else {
        steps.run(
            "install chromium and chromedriver if missing",
            tools::ensure_browser,
        )?;
        for suite in suites {
            steps.run(&format!("browser tests: {suite}"), || {
                let c = run_counting_tests(
                    cargo()
                        .current_dir(root)
                        .arg("test")
                        .arg("--manifest-path")
                        .arg(root.join(suite).join("Cargo.toml"))
                        // The suites print timings and sizes: show them.
                        .args(["--", "--nocapture"]),
                )?;
                counts = (counts.0 + c.0, counts.1 + c.1, counts.2 + c.2);
                Ok(())
            })?;
        }
    }
    steps.print_timings();
    // The last line, in the form CI reads: every cargo test result added up.
    println!(
        "\ntests: {} passed, {} failed, {} skipped",
        counts.0, counts.1, counts.2
    );
    Ok(())
}

/// Where CI builds the fuzz targets: plain stable, no sanitizers (`cargo
/// fuzz` builds its own instrumented copy in fuzz/target).
const FUZZ_TARGET_DIR: &str = "target/fuzz-stable";

/// The fuzz targets (fuzz/Cargo.toml's binaries).
const FUZZ_TARGETS: &[&str] = &["extract", "numbers"];

/// Builds the fuzz targets with the stable toolchain, so they never rot.
fn fuzz_build(root: &Path) -> Result {
    run(cargo()
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--manifest-path",
            "fuzz/Cargo.toml",
            "--target-dir",
        ])
        .arg(FUZZ_TARGET_DIR))
}

/// Runs every fuzz target once over its seeds (the corpus and fixtures) and
/// over fuzz/regressions/TARGET (inputs that once failed): libFuzzer's
/// `-runs=0` executes the given inputs and stops at the first crash.
fn fuzz_replay(root: &Path) -> Result {
    for target in FUZZ_TARGETS {
        let mut cmd = Command::new(root.join(FUZZ_TARGET_DIR).join("release").join(target));
        cmd.current_dir(root).arg("-runs=0");
        for dir in ["tests/corpus", "tests/fixtures"] {
            cmd.arg(dir);
        }
        let regressions = root.join("fuzz/regressions").join(target);
        if regressions.is_dir() {
            cmd.arg(regressions);
        }
        run(&mut cmd)?;
    }
    Ok(())
}

/// `cargo xtask build`.
fn build(steps: &mut Steps, root: &Path) -> Result {
    steps.run(
        &format!("install the {WASM_TARGET} target if missing"),
        tools::ensure_wasm_target,
    )?;
    tools::ensure_web_tools(steps, root)?;
    steps.run(
        "build the web app: trunk build index.html --release",
        || trunk_build(root),
    )?;
    steps.print_timings();
    say(&format!(
        "\nthe app is in {}: serve it with `python3 -m http.server --bind 127.0.0.1 8080 --directory dist`",
        root.join("dist").display()
    ));
    Ok(())
}

/// `trunk build index.html --release` into dist/, the CSP and the single
/// file (seal.rs), then the sizes of what is there.
fn trunk_build(root: &Path) -> Result {
    // The HTML file first: `trunk build --release index.html` is misread.
    run(trunk(root).args(["build", "index.html", "--release", "--offline"]))?;
    seal::seal(&root.join("dist"))?;
    list_dist(&root.join("dist"));
    Ok(())
}

/// Prints the files Trunk wrote, with their sizes.
fn list_dist(dist: &Path) {
    let Ok(entries) = dist.read_dir() else { return };
    let mut files: Vec<(String, u64)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            Some((
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().ok()?.len(),
            ))
        })
        .collect();
    files.sort();
    for (name, size) in files {
        say(&format!("  dist/{name}: {:.1} KB", size as f64 / 1000.0));
    }
}

/// A Trunk command in the workspace root, never checking for updates.
fn trunk(root: &Path) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root)
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    cmd
}

/// Reads `batch`'s counts of reports (default 100 and 1000).
fn parse_counts(args: &[String]) -> Result<Vec<usize>> {
    if args.is_empty() {
        return Ok(vec![100, 1000]);
    }
    args.iter()
        .map(|a| {
            a.parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| Error(format!("batch: `{a}` is not a number of reports")))
        })
        .collect()
}

/// `cargo xtask batch`: the release CLI over N copies of the corpus reports
/// written to one folder per input (`-o`), timed by `/usr/bin/time`: reports
/// per second, CPU use (200% = both cores of this machine) and peak memory,
/// which stays flat when N grows because the CLI streams.
fn batch(steps: &mut Steps, root: &Path, counts: &[usize]) -> Result {
    steps.run("build the CLI: cargo build --release", || {
        run(cargo().current_dir(root).args(["build", "--release"]))
    })?;
    let time = Path::new("/usr/bin/time");
    if !time.is_file() {
        return Err(Error::from(
            "batch needs /usr/bin/time (Debian package `time`) to read peak memory",
        ));
    }
    let corpus: Vec<PathBuf> = {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/corpus"))
            .map_err(|e| Error(format!("tests/corpus: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        files
    };
    let mut table = vec![
        "| reports | MB in | wall | reports/s | MB/s | CPU | peak memory |".to_string(),
        "|---|---|---|---|---|---|---|".to_string(),
    ];
    for &n in counts {
        let dir = root.join("target/batch").join(n.to_string());
        let (input, output) = (dir.join("in"), dir.join("out"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&input).map_err(|e| Error(format!("{}: {e}", input.display())))?;
        let mut paths = Vec::with_capacity(n);
        let mut bytes = 0u64;
        for i in 0..n {
            let from = &corpus[i % corpus.len()];
            let name = from
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let to = input.join(format!("{i:05}-{name}"));
            bytes +=
                std::fs::copy(from, &to).map_err(|e| Error(format!("{}: {e}", to.display())))?;
            paths.push(to);
        }
        let stats = dir.join("time.txt");
        let mut cmd = Command::new(time);
        cmd.current_dir(root)
            .args(["-f", "%e %P %M", "-o"])
            .arg(&stats)
            .arg(root.join("target/release/zhengbao"))
            .args(["extract", "-q", "-o"])
            .arg(&output)
            .args(&paths);
        steps.run(&format!("the CLI over {n} reports"), || run(&mut cmd))?;
        let text = std::fs::read_to_string(&stats).unwrap_or_default();
        let fields: Vec<&str> = text.split_whitespace().collect();
        let [wall, cpu, rss_kb] = fields[..] else {
            return Err(Error(format!("unexpected /usr/bin/time output: {text}")));
        };
        let wall: f64 = wall.parse().unwrap_or(f64::NAN);
        let rss: f64 = rss_kb.parse::<f64>().unwrap_or(f64::NAN) / 1024.0;
        table.push(format!(
            "| {n} | {:.1} | {wall:.2} s | {:.0} | {:.1} | {cpu} | {rss:.0} MB |",
            bytes as f64 / 1e6,
            n as f64 / wall,
            bytes as f64 / 1e6 / wall
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
    steps.print_timings();
    say(&format!(
        "\nbatch ({} cores):\n{}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        table.join("\n")
    ));
    Ok(())
}

/// Reads `serve`'s options: `--port N` (default 8080) and `--release`.
fn parse_serve(args: &[String]) -> Result<(u16, bool)> {
    let (mut port, mut release) = (8080u16, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => release = true,
            "--port" | "-p" => {
                let value = args.next().ok_or("--port needs a number")?;
                port = value
                    .parse()
                    .map_err(|_| Error(format!("--port {value}: not a port number")))?;
            }
            other => match other.strip_prefix("--port=") {
                Some(value) => {
                    port = value
                        .parse()
                        .map_err(|_| Error(format!("--port={value}: not a port number")))?
                }
                None => return Err(Error(format!("serve: unknown option `{other}`\n\n{USAGE}"))),
            },
        }
    }
    Ok((port, release))
}

/// `cargo xtask serve`.
fn serve(steps: &mut Steps, root: &Path, port: u16, release: bool) -> Result {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        Error(format!(
            "port {port} on 127.0.0.1 is not free ({e}): pass --port N"
        ))
    })?;
    steps.run(
        &format!("install the {WASM_TARGET} target if missing"),
        tools::ensure_wasm_target,
    )?;
    tools::ensure_web_tools(steps, root)?;
    steps.print_timings();
    let url = format!("http://127.0.0.1:{port}/");
    say(&format!(
        "\n==> serving the web app at {url} (first build takes a minute or two; Ctrl-C stops)"
    ));
    let mut cmd = trunk(root);
    cmd.args([
        "serve",
        "index.html",
        "--offline",
        "--address",
        "127.0.0.1",
        "--port",
    ])
    .arg(port.to_string());
    if release {
        cmd.arg("--release");
    }
    run(&mut cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn batch_counts() {
        assert_eq!(parse_counts(&[]).ok(), Some(vec![100, 1000]));
        assert_eq!(parse_counts(&strings(&["5", "50"])).ok(), Some(vec![5, 50]));
        assert!(parse_counts(&strings(&["0"])).is_err());
        assert!(parse_counts(&strings(&["many"])).is_err());
    }

    #[test]
    fn serve_options() {
        assert_eq!(parse_serve(&[]).ok(), Some((8080, false)));
        assert_eq!(
            parse_serve(&strings(&["--port", "9000", "--release"])).ok(),
            Some((9000, true))
        );
        assert_eq!(
            parse_serve(&strings(&["--port=9001"])).ok(),
            Some((9001, false))
        );
        assert!(parse_serve(&strings(&["--port", "x"])).is_err());
        assert!(parse_serve(&strings(&["--bogus"])).is_err());
    }

    #[test]
    fn root_holds_the_workspace() {
        assert!(workspace_root().join("Cargo.toml").is_file());
        assert!(workspace_root().join("xtask").is_dir());
    }
}
