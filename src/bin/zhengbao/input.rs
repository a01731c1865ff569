//! Reading one input (a file or standard input) and turning it into a report.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use zhengbao::{Report, MAX_INPUT_BYTES};

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// Reads a command-line argument: `-` is standard input.
    pub fn from_arg(arg: PathBuf) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(arg)
        }
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The file's name without its extension (`stdin` for standard input),
    /// from which output file names are made.
    pub fn stem(&self) -> String {
        match self {
            Input::Stdin => "stdin".to_string(),
            Input::File(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "report".to_string()),
        }
    }

    /// The path, for a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(p) => Some(p),
        }
    }

    /// Reads the input and extracts its report.
    pub fn extract(&self) -> Result<Report, Failure> {
        let bytes = self.read()?;
        let name = self
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy());
        zhengbao::extract(&bytes, name.as_deref()).map_err(Failure::Extract)
    }

    /// Reads the whole input, refusing more than [`MAX_INPUT_BYTES`] without
    /// reading it all.
    fn read(&self) -> Result<Vec<u8>, Failure> {
        match self {
            Input::Stdin => read_limited(io::stdin().lock(), None),
            Input::File(path) => {
                let file = File::open(path).map_err(Failure::Read)?;
                let meta = file.metadata().map_err(Failure::Read)?;
                if meta.is_dir() {
                    return Err(Failure::Directory);
                }
                read_limited(file, Some(meta.len()))
            }
        }
    }
}

/// Reads at most one byte past the limit, so a huge input costs no memory.
/// `known_size` (from the file's metadata) is reported when known.
fn read_limited(reader: impl Read, known_size: Option<u64>) -> Result<Vec<u8>, Failure> {
    let too_large = |size: u64| {
        Failure::Extract(zhengbao::Error::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_INPUT_BYTES,
        })
    };
    let limit = MAX_INPUT_BYTES as u64;
    if let Some(size) = known_size.filter(|&s| s > limit) {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(known_size.map_or(0, |s| s as usize));
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Failure::Read)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(
            known_size
                .unwrap_or(bytes.len() as u64)
                .max(bytes.len() as u64),
        ));
    }
    Ok(bytes)
}

/// Why one input produced no output.
#[derive(Debug)]
pub enum Failure {
    /// The input could not be read.
    Read(io::Error),
    /// The input is a directory.
    Directory,
    /// The bytes were read but are no report.
    Extract(zhengbao::Error),
    /// The report could not be turned into JSON.
    Render(String),
    /// The output file could not be written.
    Write(PathBuf, io::Error),
    /// The output file would replace the input.
    WouldOverwrite(PathBuf),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Read(e) => write!(f, "cannot read it: {}", io_reason(e)),
            Failure::Directory => write!(f, "is a directory: name the files in it (DIR/*.txt)"),
            Failure::Extract(e) => write!(f, "{e}"),
            Failure::Render(why) => write!(f, "cannot write the report as JSON: {why}"),
            Failure::Write(path, e) => {
                write!(f, "cannot write {}: {}", path.display(), io_reason(e))
            }
            Failure::WouldOverwrite(path) => write!(
                f,
                "the output {} would replace the input: choose another -o directory",
                path.display()
            ),
        }
    }
}

/// An I/O error's message without the trailing "(os error N)".
fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_lowercase(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_is_stdin() {
        assert_eq!(Input::from_arg("-".into()), Input::Stdin);
        assert_eq!(Input::Stdin.stem(), "stdin");
        assert_eq!(Input::from_arg("a/b.txt".into()).stem(), "b");
        assert_eq!(Input::from_arg("a/.txt".into()).stem(), ".txt");
    }

    #[test]
    fn oversized_input_is_refused_before_reading() {
        let err = read_limited(io::empty(), Some(MAX_INPUT_BYTES as u64 + 1)).unwrap_err();
        assert!(matches!(
            err,
            Failure::Extract(zhengbao::Error::TooLarge { .. })
        ));
    }

    #[test]
    fn oversized_stream_is_refused() {
        let err = read_limited(io::repeat(b'a'), None).unwrap_err();
        assert!(matches!(
            err,
            Failure::Extract(zhengbao::Error::TooLarge { .. })
        ));
    }

    #[test]
    fn io_reason_drops_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_reason(&e), "no such file or directory");
    }
}
