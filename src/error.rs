//! Errors: why a file could not be read, and what the user can do about it.

use std::fmt;

/// Why a document could not be turned into a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The file has no bytes, or nothing but white space.
    Empty,
    /// The bytes are not text: `looks_like` names what they seem to be
    /// ("a PDF document", "a PNG image", "a ZIP archive", "binary data").
    NotText {
        /// What the bytes look like.
        looks_like: &'static str,
    },
    /// A .docx that could not be opened: what was wrong with it.
    BadDocx(String),
    /// The input is larger than the extractor accepts.
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The largest size accepted, in bytes.
        limit: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "the file is empty: paste the report's text or choose another file"),
            Error::NotText { looks_like } => write!(
                f,
                "this is not a text document (it looks like {looks_like}): save the report as .txt, .html or .docx and try again"
            ),
            Error::BadDocx(why) => write!(
                f,
                "the .docx could not be read ({why}): open it in a word processor and save it again, or save it as .txt"
            ),
            Error::TooLarge { size, limit } => write!(
                f,
                "the file is {} MB, more than the {} MB this tool reads: split the report or remove attachments",
                size.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for Error {}
