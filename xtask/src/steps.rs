//! Steps: each one announced, timed, and fatal when it fails.

use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a command failed: one line for the user.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Error {
    fn from(s: String) -> Error {
        Error(s)
    }
}

impl From<&str> for Error {
    fn from(s: &str) -> Error {
        Error(s.to_string())
    }
}

/// The result of a step or command.
pub type Result<T = ()> = std::result::Result<T, Error>;

/// A run of numbered steps with a timing table at the end.
#[derive(Debug, Default)]
pub struct Steps {
    /// (title, time taken, passed) for every step run so far.
    done: Vec<(String, Duration, bool)>,
    started: Option<Instant>,
}

impl Steps {
    /// An empty run.
    pub fn new() -> Steps {
        Steps {
            done: Vec::new(),
            started: Some(Instant::now()),
        }
    }

    /// Announces a step, runs it and reports its time; a failure names the step.
    pub fn run(&mut self, title: &str, step: impl FnOnce() -> Result) -> Result {
        let n = self.done.len() + 1;
        say(&format!("\n==> [{n}] {title}"));
        let start = Instant::now();
        let result = step();
        let took = start.elapsed();
        self.done.push((title.to_string(), took, result.is_ok()));
        match result {
            Ok(()) => {
                say(&format!("<== [{n}] {title}: ok ({})", seconds(took)));
                Ok(())
            }
            Err(e) => {
                say(&format!("<== [{n}] {title}: FAILED ({})", seconds(took)));
                Err(Error(format!("step {n} ({title}) failed: {e}")))
            }
        }
    }

    /// Prints every step's time and the total.
    pub fn print_timings(&self) {
        say("\nxtask timings:");
        for (title, took, ok) in &self.done {
            let mark = if *ok { "ok    " } else { "FAILED" };
            say(&format!("  {mark} {:>10}  {title}", seconds(*took)));
        }
        if let Some(start) = self.started {
            say(&format!("  total  {:>10}", seconds(start.elapsed())));
        }
    }
}

/// Prints a line of xtask's own on stderr, beside cargo's messages.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
    let _ = err.flush();
}

/// "12.3 s" or "8 min 05 s".
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{} min {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

/// The command line as it would be typed, for messages.
pub fn show(cmd: &Command) -> String {
    let mut parts = Vec::new();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            parts.push(format!("{}={}", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    // `$CARGO` is a long toolchain path: show it as the user would type it.
    let program = std::path::Path::new(cmd.get_program());
    match program.file_name() {
        Some(name) if name == "cargo" => parts.push("cargo".to_string()),
        _ => parts.push(program.to_string_lossy().into_owned()),
    }
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// Runs a command with its output shown, failing when it fails.
pub fn run(cmd: &mut Command) -> Result {
    let line = show(cmd);
    say(&format!("$ {line}"));
    let status = cmd
        .status()
        .map_err(|e| Error(format!("cannot start `{line}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error(format!("`{line}` exited with {status}")))
    }
}

/// Runs a command, showing its stdout as it comes and counting the tests in
/// cargo's `test result:` lines. Returns (passed, failed, ignored).
pub fn run_counting_tests(cmd: &mut Command) -> Result<(u64, u64, u64)> {
    let line = show(cmd);
    say(&format!("$ {line}"));
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Error(format!("cannot start `{line}`: {e}")))?;
    let mut counts = (0, 0, 0);
    if let Some(stdout) = child.stdout.take() {
        let mut out = std::io::stdout();
        for text in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
            if let Some((p, f, i)) = parse_test_result(&text) {
                counts.0 += p;
                counts.1 += f;
                counts.2 += i;
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| Error(format!("`{line}` was lost: {e}")))?;
    if status.success() {
        Ok(counts)
    } else {
        Err(Error(format!(
            "`{line}` exited with {status} ({} passed, {} failed)",
            counts.0, counts.1
        )))
    }
}

/// Reads cargo's `test result: ok. 3 passed; 0 failed; 1 ignored; ...` line.
pub fn parse_test_result(line: &str) -> Option<(u64, u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| -> Option<u64> {
        rest.split(';')
            .find_map(|part| {
                part.trim()
                    .trim_start_matches(|c: char| !c.is_ascii_digit())
                    .strip_suffix(word)
            })
            .and_then(|n| n.trim().parse().ok())
    };
    Some((
        count("passed")?,
        count("failed")?,
        count("ignored").unwrap_or(0),
    ))
}

/// Runs a command quietly and returns its stdout, or None when it cannot
/// start or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_test_result_lines() {
        assert_eq!(
            parse_test_result("test result: ok. 11 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 1.62s"),
            Some((11, 0, 2))
        );
        assert_eq!(
            parse_test_result(
                "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out"
            ),
            Some((3, 1, 0))
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
    }

    #[test]
    fn formats_durations() {
        assert_eq!(seconds(Duration::from_millis(12_345)), "12.3 s");
        assert_eq!(seconds(Duration::from_secs(485)), "8 min 05 s");
    }
}
