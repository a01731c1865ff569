//! `zhengbao`: reads Chinese government work reports (政府工作报告) and prints
//! what it finds in them as JSON or Markdown.
//!
//! ```text
//! zhengbao extract report.txt                 # one report, JSON on stdout
//! zhengbao extract *.txt > reports.jsonl      # JSON Lines, in input order
//! zhengbao extract -o out/ *.html             # out/<name>.json per file
//! zhengbao extract --format md report.docx    # a Markdown summary
//! cat report.txt | zhengbao extract -         # standard input
//! ```
//!
//! An input that cannot be read gets one line on stderr,
//! `zhengbao: FILE: reason`; the other inputs are still processed and the
//! exit status is 1 at the end. Usage errors exit with 2.

// The crate root is src/bin/zhengbao.rs, so its modules are looked up in
// src/bin/: point them at src/bin/zhengbao/.
#[path = "zhengbao/batch.rs"]
mod batch;
#[path = "zhengbao/input.rs"]
mod input;

use std::collections::HashSet;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// The CLI's allocator (feature `fast-alloc`, on with `cli`), which
/// keeps freed memory for the next report instead of giving it back to the
/// kernel: see Cargo.toml.
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use input::{Failure, Input};

/// Reads Chinese government work reports and extracts their outline, meta,
/// targets and glossary.
#[derive(Debug, Parser)]
#[command(name = "zhengbao", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract reports from files (.txt, .html, .docx; any common Chinese encoding).
    Extract(ExtractArgs),
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Input files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    format: Format,

    /// Write one <name>.json (or <name>.md) per input into DIR instead of stdout.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,

    /// Indent the JSON (one report per line otherwise: JSON Lines).
    #[arg(short, long)]
    pretty: bool,

    /// Number of files read in parallel [default: number of cores].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Never show a progress bar.
    #[arg(short, long)]
    quiet: bool,

    /// With --format csv: which table to write (one CSV for all inputs).
    #[arg(short, long, value_enum, default_value_t = What::Targets)]
    what: What,
}

/// Which table a CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum What {
    /// One row per target or result.
    Targets,
    /// One row per glossary term.
    Glossary,
}

/// What the reports are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The Report as JSON (schema zhengbao.report/1).
    Json,
    /// A readable Markdown summary.
    Md,
    /// One CSV (UTF-8 with BOM) of all inputs' targets or glossary (see --what).
    Csv,
}

impl Format {
    /// The extension of output files.
    fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Md => "md",
            Format::Csv => "csv",
        }
    }
}

/// Progress bars only for batches larger than this.
const PROGRESS_MIN_FILES: usize = 4;

fn main() -> ExitCode {
    #[cfg(feature = "fast-alloc")]
    zhengbao::fast_alloc::keep_freed_memory();
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract(args),
    }
}

/// Where one input's output goes.
#[derive(Debug)]
struct Job {
    input: Input,
    /// The output file, with `-o`.
    out: Option<PathBuf>,
}

/// `zhengbao extract`.
fn extract(args: ExtractArgs) -> ExitCode {
    if let Some(jobs) = args.jobs {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
        {
            eprintln!("zhengbao: cannot start {jobs} threads: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Some(dir) = &args.output {
        if let Err(e) = fs::create_dir_all(dir) {
            eprintln!(
                "zhengbao: {}: cannot create the output directory: {e}",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let jobs = plan(&args);

    let progress = if !args.quiet && jobs.len() > PROGRESS_MIN_FILES && io::stderr().is_terminal() {
        let bar =
            ProgressBar::with_draw_target(Some(jobs.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files {elapsed} (eta {eta}) {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    // A CSV is one table for all inputs: to standard output, or to
    // DIR/targets.csv (glossary.csv) with -o.
    let csv = args.format == Format::Csv;
    let mut out: Box<dyn Write> = match (&args.output, csv) {
        (Some(dir), true) => {
            let path = dir.join(match args.what {
                What::Targets => "targets.csv",
                What::Glossary => "glossary.csv",
            });
            match fs::File::create(&path) {
                Ok(f) => Box::new(io::BufWriter::new(f)),
                Err(e) => {
                    eprintln!("zhengbao: {}: cannot create: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    if csv {
        let head = match args.what {
            What::Targets => zhengbao::export::header(zhengbao::export::TARGETS_HEADER),
            What::Glossary => zhengbao::export::header(zhengbao::export::GLOSSARY_HEADER),
        };
        if let Err(e) = out.write_all(head.as_bytes()) {
            eprintln!("zhengbao: cannot write the CSV header: {e}");
            return ExitCode::FAILURE;
        }
    }
    let (mut failed, mut printed) = (0usize, 0usize);
    let mut stdout_error = None;
    let (format, pretty, what, several) = (args.format, args.pretty, args.what, jobs.len() > 1);
    let window = (rayon::current_num_threads() * 4).max(8);

    batch::for_each_ordered(
        &jobs,
        window,
        |job| render(job, format, pretty, what),
        |i, result| {
            let job = &jobs[i];
            progress.inc(1);
            let result = result.and_then(|text| match &job.out {
                Some(path) => fs::write(path, text).map_err(|e| Failure::Write(path.clone(), e)),
                None => {
                    // Markdown summaries one after another, split by a rule.
                    let separator = if printed > 0 && format == Format::Md {
                        "\n---\n\n"
                    } else {
                        ""
                    };
                    if let Err(e) = out
                        .write_all(separator.as_bytes())
                        .and_then(|()| out.write_all(text.as_bytes()))
                    {
                        stdout_error = Some(e);
                    }
                    printed += 1;
                    Ok(())
                }
            });
            if let Err(why) = result {
                failed += 1;
                progress.suspend(|| eprintln!("zhengbao: {}: {why}", job.input.display_name()));
            }
            if stdout_error.is_some() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    if stdout_error.is_none() {
        if let Err(e) = out.flush() {
            stdout_error = Some(e);
        }
    }
    progress.finish_and_clear();

    match stdout_error {
        // The reader went away (`| head`): stop quietly, as other tools do.
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Some(e) => {
            eprintln!("zhengbao: cannot write to standard output: {e}");
            return ExitCode::FAILURE;
        }
        None => {}
    }
    if failed > 0 {
        if several {
            eprintln!("zhengbao: {failed} of {} inputs failed", jobs.len());
        }
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Pairs each input with its output file (with `-o`): `<stem>.<ext>`, with
/// `-2`, `-3`… added when two inputs share a stem.
fn plan(args: &ExtractArgs) -> Vec<Job> {
    let mut used = HashSet::new();
    args.files
        .iter()
        .map(|arg| {
            let input = Input::from_arg(arg.clone());
            let per_file = args.format != Format::Csv;
            let out = args.output.as_ref().filter(|_| per_file).map(|dir| {
                let stem = input.stem();
                let ext = args.format.extension();
                let mut name = format!("{stem}.{ext}");
                let mut n = 1;
                while !used.insert(name.clone()) {
                    n += 1;
                    name = format!("{stem}-{n}.{ext}");
                }
                dir.join(name)
            });
            Job { input, out }
        })
        .collect()
}

/// Reads, extracts and renders one input (on a worker thread).
fn render(job: &Job, format: Format, pretty: bool, what: What) -> Result<String, Failure> {
    if let (Some(out), Some(path)) = (&job.out, job.input.path()) {
        if same_file(out, path) {
            return Err(Failure::WouldOverwrite(out.clone()));
        }
    }
    let report = job.input.extract()?;
    let mut text = match format {
        Format::Md => zhengbao::markdown::render(&report, &job.input.display_name()),
        Format::Json if pretty => {
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Render(e.to_string()))?
        }
        Format::Json => {
            serde_json::to_string(&report).map_err(|e| Failure::Render(e.to_string()))?
        }
        Format::Csv => {
            let name = job.input.display_name();
            return Ok(match what {
                What::Targets => zhengbao::export::targets_rows(&name, &report),
                What::Glossary => zhengbao::export::glossary_rows(&name, &report),
            });
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// True when both paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn output_names_are_unique() {
        let cli = Cli::parse_from([
            "zhengbao", "extract", "-o", "out", "a/x.txt", "b/x.txt", "x.html", "-", "y",
        ]);
        let Command::Extract(args) = cli.command;
        let names: Vec<_> = plan(&args)
            .into_iter()
            .map(|j| j.out.map(|p| p.display().to_string()))
            .collect();
        let want = [
            "out/x.json",
            "out/x-2.json",
            "out/x-3.json",
            "out/stdin.json",
            "out/y.json",
        ];
        assert_eq!(names, want.map(|s| Some(s.to_string())));
    }
}
