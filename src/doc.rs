//! The cleaned document as the extraction passes see it: the text, its folded
//! view (same char count) and its lines.

use crate::script::{self, Evidence, Script};

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
    /// Splits and folds a cleaned text, and detects its script, in one walk
    /// over its chars (decoded once; the folded text is not decoded again).
    /// The rarer steps (a char that folds to another, a line break) go to a
    /// [`Walk`], so that the walk's common step stays short.
    pub fn new(text: &'a str) -> Doc<'a> {
        let n = char_count(text);
        let mut chars = Vec::with_capacity(n);
        let mut marks = Vec::with_capacity(n / STRIDE + 2);
        let mut evidence = Evidence::default();
        let mut walk = Walk::new(text);
        for (i, c) in text.char_indices() {
            let ch = chars.len();
            if ch % STRIDE == 0 {
                marks.push((i, walk.folded_at(i)));
            }
            let f = if c.is_ascii() {
                if c == '\n' {
                    walk.line_end(i, ch);
                }
                c
            } else {
                let (f, ev) = script::fold_with_evidence(c);
                evidence.add(ev);
                if f != c {
                    walk.fold(i, c, f);
                }
                f
            };
            chars.push(f);
        }
        let (folded, lines) = walk.finish(n);
        if n % STRIDE == 0 {
            marks.push((text.len(), folded.len()));
        }
        Doc {
            text,
            script: evidence.script(),
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
    /// A short slice's end is found from its start rather than from the
    /// mark before the end, whichever is fewer chars away.
    pub fn text_slice(&self, from: usize, to: usize) -> &str {
        let a = self.text_offset(from);
        let to = to.max(from);
        let b = if to - from <= to % STRIDE {
            advance(self.text, a, to - from)
        } else {
            self.text_offset(to)
        };
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

/// What [`Doc::new`] builds besides the chars and marks as it walks the
/// text: the folded text and the lines. Kept apart from the walk's common
/// step, which then stays short.
struct Walk<'a> {
    /// The text being walked.
    text: &'a str,
    /// The folded text so far: `text[..flushed]`, folded.
    folded: String,
    /// Bytes of `text` written to `folded`.
    flushed: usize,
    /// Byte offset in `folded` of a char less its offset in `text` (modulo
    /// 2^64: folding shortens full-width forms); changes only where a char
    /// folds to one of another length.
    shift: usize,
    /// The lines so far.
    lines: Vec<Line>,
    /// Where the current line starts: text byte, folded byte, char.
    line: (usize, usize, usize),
}

impl<'a> Walk<'a> {
    /// The start of the walk over `text`.
    fn new(text: &'a str) -> Walk<'a> {
        Walk {
            text,
            folded: String::with_capacity(text.len()),
            flushed: 0,
            shift: 0,
            lines: Vec::new(),
            line: (0, 0, 0),
        }
    }

    /// Byte offset in `folded` of the char at byte `i` of `text`.
    fn folded_at(&self, i: usize) -> usize {
        i.wrapping_add(self.shift)
    }

    /// The char `c` at byte `i` folds to `f`, another char.
    fn fold(&mut self, i: usize, c: char, f: char) {
        if self.flushed < i {
            self.folded
                .push_str(self.text.get(self.flushed..i).unwrap_or(""));
        }
        self.folded.push(f);
        let cl = c.len_utf8();
        self.flushed = i + cl;
        self.shift = self.shift.wrapping_add(f.len_utf8()).wrapping_sub(cl);
    }

    /// The line break at byte `i`, char `ch`, ends a line.
    fn line_end(&mut self, i: usize, ch: usize) {
        let (tb, fb, start) = self.line;
        let fi = self.folded_at(i);
        self.lines.push(Line {
            start,
            len: ch - start,
            text_bytes: (tb, i),
            folded_bytes: (fb, fi),
        });
        self.line = (i + 1, fi + 1, ch + 1);
    }

    /// Ends the walk after `n` chars: the folded text and the lines (the
    /// last one may lack its line break).
    fn finish(mut self, n: usize) -> (String, Vec<Line>) {
        let text = self.text;
        self.folded.push_str(text.get(self.flushed..).unwrap_or(""));
        let (tb, fb, start) = self.line;
        if tb < text.len() {
            self.lines.push(Line {
                start,
                len: n - start,
                text_bytes: (tb, text.len()),
                folded_bytes: (fb, self.folded.len()),
            });
        }
        (self.folded, self.lines)
    }
}

/// The byte offset `n` chars after byte offset `from` of `s` (a char
/// boundary), or the end of `s`. Steps by the lengths the lead bytes give,
/// without decoding.
#[inline]
pub(crate) fn advance(s: &str, from: usize, n: usize) -> usize {
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

/// Number of chars in `s` (the standard library counts them word by word).
fn char_count(s: &str) -> usize {
    s.chars().count()
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
    fn one_walk_agrees_with_fold_and_detect() {
        for t in [
            "",
            "\n",
            "a",
            "區長\n\n７．５％增長\r\nabc",
            "鮟鱇𠀀\u{3000}ｚ\n經濟發展\n",
            "据台湾《聯合報》报道,区政府将继续发展经济。\n一二三\n",
            "0123456789abcdef\n0123456789abcde\n",
        ] {
            let t = t.repeat(7);
            let d = Doc::new(&t);
            assert_eq!(d.folded, script::fold(&t), "{t:?}");
            assert_eq!(d.script, script::detect(&t), "{t:?}");
            assert_eq!(d.chars, d.folded.chars().collect::<Vec<_>>(), "{t:?}");
            let mut want: Vec<&str> = t.split('\n').collect();
            if t.is_empty() || t.ends_with('\n') {
                want.pop();
            }
            let got: Vec<&str> = (0..d.lines.len()).map(|i| d.line_text(i)).collect();
            assert_eq!(got, want, "{t:?}");
            for (i, l) in d.lines.iter().enumerate() {
                assert_eq!(d.line_text(i), char_slice(&t, l.start, l.end()));
                assert_eq!(d.line_folded(i), char_slice(&d.folded, l.start, l.end()));
            }
            let n = d.chars.len();
            for a in 0..=n {
                assert_eq!(d.text_slice(a, n), char_slice(&t, a, n));
                assert_eq!(d.folded_slice(0, a), char_slice(&d.folded, 0, a));
            }
        }
    }

    #[test]
    fn char_helpers() {
        assert_eq!(char_slice("一二三四", 1, 3), "二三");
        assert_eq!(char_slice("一二三四", 2, 2), "");
        assert_eq!(char_at("一二三", 3), 1);
    }
}
