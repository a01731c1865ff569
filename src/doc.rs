//! The cleaned document as the extraction passes see it: the text, its folded
//! view (same char count) and its lines.

use crate::script::{self, Script};

/// One line of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Char offset of the line's first char in `text`.
    pub start: usize,
    /// Number of chars in the line (without the line break).
    pub len: usize,
    /// Byte range of the line in `text`.
    text_bytes: (usize, usize),
    /// Byte range of the line in `folded`.
    folded_bytes: (usize, usize),
}

impl Line {
    /// Char offset one past the line's last char.
    pub fn end(&self) -> usize {
        self.start + self.len
    }
}

/// The cleaned text with everything the passes share.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The cleaned text.
    pub text: &'a str,
    /// `text` folded to simplified script and ASCII digits and punctuation;
    /// char `i` of `folded` stands for char `i` of `text`.
    pub folded: String,
    /// The chars of `folded`, collected once for the passes that index the
    /// folded text by char (numbers, targets, outline, glossary).
    pub chars: Vec<char>,
    /// The document's script.
    pub script: Script,
    /// The lines of `text`, in order.
    pub lines: Vec<Line>,
    /// Byte offsets in `text` and `folded` of every [`STRIDE`]th char, so a
    /// char range is sliced in constant time.
    marks: Vec<(usize, usize)>,
}

/// Distance in chars between two byte-offset marks.
const STRIDE: usize = 16;

impl<'a> Doc<'a> {
    /// Splits and folds a cleaned text.
    pub fn new(text: &'a str) -> Doc<'a> {
        let folded = script::fold(text);
        let mut lines = Vec::new();
        let mut ch = 0usize;
        let mut marks = Vec::with_capacity(text.len() / STRIDE + 2);
        // The folded chars, collected in the same walk.
        let mut chars = Vec::with_capacity(text.len() / 3 + 16);
        let mut fchars = folded.char_indices();
        let (mut line_tb, mut line_fb, mut line_ch) = (0, 0, 0);
        for (i, c) in text.char_indices() {
            let (fi, fc) = match fchars.next() {
                Some((fi, fc)) => {
                    chars.push(fc);
                    (fi, fc)
                }
                None => (folded.len(), c),
            };
            if ch % STRIDE == 0 {
                marks.push((i, fi));
            }
            if c == '\n' {
                lines.push(Line {
                    start: line_ch,
                    len: ch - line_ch,
                    text_bytes: (line_tb, i),
                    folded_bytes: (line_fb, fi),
                });
                line_tb = i + 1;
                line_fb = fi + fc.len_utf8();
                line_ch = ch + 1;
            }
            ch += 1;
        }
        if line_tb < text.len() {
            lines.push(Line {
                start: line_ch,
                len: ch - line_ch,
                text_bytes: (line_tb, text.len()),
                folded_bytes: (line_fb, folded.len()),
            });
        }
        if ch % STRIDE == 0 {
            marks.push((text.len(), folded.len()));
        }
        chars.extend(fchars.map(|(_, c)| c));
        Doc {
            text,
            script: script::detect(text),
            chars,
            folded,
            lines,
            marks,
        }
    }

    /// Byte offset in `text` of char `i` (clamped to the end).
    fn text_offset(&self, i: usize) -> usize {
        match self.marks.get(i / STRIDE) {
            Some(&(tb, _)) => advance(self.text, tb, i % STRIDE),
            None => self.text.len(),
        }
    }

    /// Byte offset in `folded` of char `i` (clamped to the end).
    fn folded_offset(&self, i: usize) -> usize {
        match self.marks.get(i / STRIDE) {
            Some(&(_, fb)) => advance(&self.folded, fb, i % STRIDE),
            None => self.folded.len(),
        }
    }

    /// Chars `from..to` of `text`, in time independent of where they stand.
    pub fn text_slice(&self, from: usize, to: usize) -> &str {
        let a = self.text_offset(from);
        let b = self.text_offset(to.max(from));
        self.text.get(a..b).unwrap_or("")
    }

    /// Chars `from..to` of `folded`.
    pub fn folded_slice(&self, from: usize, to: usize) -> &str {
        let a = self.folded_offset(from);
        let b = self.folded_offset(to.max(from));
        self.folded.get(a..b).unwrap_or("")
    }

    /// The text of line `i`.
    pub fn line_text(&self, i: usize) -> &str {
        let l = &self.lines[i];
        &self.text[l.text_bytes.0..l.text_bytes.1]
    }

    /// The folded text of line `i`.
    pub fn line_folded(&self, i: usize) -> &str {
        let l = &self.lines[i];
        &self.folded[l.folded_bytes.0..l.folded_bytes.1]
    }

    /// Total chars in `text`.
    pub fn char_len(&self) -> usize {
        self.lines.last().map(|l| l.end()).unwrap_or(0)
    }
}

/// The byte offset `n` chars after byte offset `from` of `s` (a char
/// boundary), or the end of `s`. Steps by the lengths the lead bytes give,
/// without decoding.
#[inline]
fn advance(s: &str, from: usize, n: usize) -> usize {
    let bytes = s.as_bytes();
    let mut i = from;
    for _ in 0..n {
        let Some(&b) = bytes.get(i) else {
            return s.len();
        };
        i += match b {
            0..=0x7f => 1,
            0x80..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
    }
    i.min(s.len())
}

/// Char offset within `s` of byte offset `b` (which must be a char boundary).
pub fn char_at(s: &str, b: usize) -> usize {
    s.get(..b)
        .map(|p| p.chars().count())
        .unwrap_or_else(|| s.chars().count())
}

/// The substring of `s` from char `from` to char `to`.
pub fn char_slice(s: &str, from: usize, to: usize) -> &str {
    let mut it = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()));
    let a = it.by_ref().nth(from).unwrap_or(s.len());
    let b = if to > from {
        it.nth(to - from - 1).unwrap_or(s.len())
    } else {
        a
    };
    &s[a..b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_folded_agree() {
        let d = Doc::new("區長\n７．５％增長\n");
        assert_eq!(d.lines.len(), 2);
        assert_eq!(d.line_text(1), "７．５％增長");
        assert_eq!(d.line_folded(1), "7.5%增长");
        assert_eq!(d.lines[1].start, 3);
        assert_eq!(d.lines[1].len, 6);
    }

    #[test]
    fn slices_agree_with_char_slice() {
        let t = "一二三四五六七八九十\nabc７．５％增長".repeat(30);
        let d = Doc::new(&t);
        let n = t.chars().count();
        for (a, b) in [
            (0, 0),
            (0, 5),
            (63, 64),
            (64, 130),
            (5, n),
            (n, n),
            (n - 3, n + 9),
        ] {
            assert_eq!(d.text_slice(a, b), char_slice(&t, a, b), "{a}..{b}");
            assert_eq!(
                d.folded_slice(a, b),
                char_slice(&d.folded, a, b),
                "{a}..{b}"
            );
        }
    }

    #[test]
    fn char_helpers() {
        assert_eq!(char_slice("一二三四", 1, 3), "二三");
        assert_eq!(char_slice("一二三四", 2, 2), "");
        assert_eq!(char_at("一二三", 3), 1);
    }
}
