//! Offset maps: where each character of a derived text came from.
//!
//! Every pass that turns one text into another (HTML → plain text, plain text
//! → cleaned text) records an [`OffsetMap`] from output characters to input
//! characters. Maps compose, so the final `text` of a report can be traced back
//! to the decoded source in one step. All offsets count Unicode scalar values
//! (`char`s), the unit the Report's spans use.

/// One run of output characters and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// First output char of the run.
    out: usize,
    /// First source char it maps to.
    src: usize,
    /// Number of output chars in the run.
    len: usize,
    /// True when the run copies `len` source chars one for one; false when the
    /// run was synthesised (an entity, an inserted line break) and every char
    /// maps to the single source position `src`.
    copied: bool,
}

/// A map from char offsets in an output text to char offsets in its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    out_len: usize,
    src_len: usize,
}

impl OffsetMap {
    /// The identity map of a text of `len` chars.
    pub fn identity(len: usize) -> OffsetMap {
        let mut b = OffsetMapBuilder::new(len);
        b.copy(0, len);
        b.finish()
    }

    /// Length in chars of the output text this map describes.
    pub fn out_len(&self) -> usize {
        self.out_len
    }

    /// Length in chars of the source text.
    pub fn src_len(&self) -> usize {
        self.src_len
    }

    /// The source char offset of output char `i`. `i == out_len()` maps to the
    /// end of the source, so span ends can be mapped too.
    pub fn to_source(&self, i: usize) -> usize {
        if i >= self.out_len {
            return self.src_len;
        }
        let k = self.segs.partition_point(|s| s.out + s.len <= i);
        match self.segs.get(k) {
            Some(s) if s.out <= i => {
                if s.copied {
                    s.src + (i - s.out)
                } else {
                    s.src
                }
            }
            _ => self.src_len,
        }
    }

    /// Maps an output span `[start, end)` to the source span that covers it.
    /// The result is always a valid span of the source (`start <= end <= src_len`).
    pub fn span_to_source(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let p = self.to_source(start).min(self.src_len);
            return (p, p);
        }
        let s = self.to_source(start);
        // The end is one past the source position of the last char.
        let last = end - 1;
        let k = self.segs.partition_point(|g| g.out + g.len <= last);
        let e = match self.segs.get(k) {
            Some(g) if g.out <= last && g.copied => g.src + (last - g.out) + 1,
            Some(g) if g.out <= last => g.src + 1,
            _ => self.src_len,
        };
        let e = e.min(self.src_len);
        (s.min(e), e)
    }

    /// True when `self` maps each char to itself (as [`OffsetMap::identity`]
    /// builds it), as the map of a plain text that was decoded, not taken
    /// out of a container, is.
    fn is_identity(&self) -> bool {
        self.src_len == self.out_len
            && match self.segs.as_slice() {
                [] => self.out_len == 0,
                [s] => s.copied && s.out == 0 && s.src == 0 && s.len == self.out_len,
                _ => false,
            }
    }

    /// True when `self` maps into a source of `len` chars and every run of
    /// it lies in that source, as a map built by [`OffsetMapBuilder`] for
    /// that source does.
    fn within(&self, len: usize) -> bool {
        self.src_len == len
            && self.segs.iter().all(|g| {
                if g.copied {
                    g.src + g.len <= len
                } else {
                    g.src <= len
                }
            })
    }

    /// Composes two maps: `self` maps mid → source, `later` maps out → mid.
    /// The result maps out → source.
    pub fn then(&self, later: &OffsetMap) -> OffsetMap {
        if self.is_identity() && later.within(self.out_len) {
            // Every copied run maps to itself and every synthesised one to
            // its own position: the composition is `later` (see the test
            // `composing_after_identity_keeps_the_later_map`).
            return later.clone();
        }
        let mut b = OffsetMapBuilder::new(self.src_len);
        for g in &later.segs {
            if !g.copied {
                b.synth(self.to_source(g.src), g.len);
                continue;
            }
            // Split the mid range [g.src, g.src + g.len) across self's segments.
            let mut mid = g.src;
            let end = g.src + g.len;
            while mid < end {
                let k = self.segs.partition_point(|s| s.out + s.len <= mid);
                match self.segs.get(k) {
                    Some(s) if s.out <= mid => {
                        let n = (s.out + s.len).min(end) - mid;
                        if s.copied {
                            b.copy(s.src + (mid - s.out), n);
                        } else {
                            b.synth(s.src, n);
                        }
                        mid += n;
                    }
                    _ => {
                        b.synth(self.src_len, end - mid);
                        mid = end;
                    }
                }
            }
        }
        b.finish()
    }
}

/// Builds an [`OffsetMap`] while an output text is written left to right.
#[derive(Debug)]
pub struct OffsetMapBuilder {
    map: OffsetMap,
}

impl OffsetMapBuilder {
    /// A builder for output taken from a source of `src_len` chars.
    pub fn new(src_len: usize) -> OffsetMapBuilder {
        OffsetMapBuilder {
            map: OffsetMap {
                segs: Vec::new(),
                out_len: 0,
                src_len,
            },
        }
    }

    /// Output chars written so far.
    pub fn out_len(&self) -> usize {
        self.map.out_len
    }

    /// Records `n` output chars copied from source chars `src..src + n`.
    pub fn copy(&mut self, src: usize, n: usize) {
        if n == 0 {
            return;
        }
        let out = self.map.out_len;
        if let Some(last) = self.map.segs.last_mut() {
            if last.copied && last.out + last.len == out && last.src + last.len == src {
                last.len += n;
                self.map.out_len += n;
                return;
            }
        }
        self.map.segs.push(Seg {
            out,
            src,
            len: n,
            copied: true,
        });
        self.map.out_len += n;
    }

    /// Records `n` output chars that stand for the source position `src`
    /// (a decoded entity, an inserted line break).
    pub fn synth(&mut self, src: usize, n: usize) {
        if n == 0 {
            return;
        }
        let src = src.min(self.map.src_len);
        let out = self.map.out_len;
        if let Some(last) = self.map.segs.last_mut() {
            if !last.copied && last.out + last.len == out && last.src == src {
                last.len += n;
                self.map.out_len += n;
                return;
            }
        }
        self.map.segs.push(Seg {
            out,
            src,
            len: n,
            copied: false,
        });
        self.map.out_len += n;
    }

    /// The finished map.
    pub fn finish(self) -> OffsetMap {
        self.map
    }
}

/// A text together with the map from its chars to its source's chars.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The derived text.
    pub text: String,
    /// Where each char of `text` came from.
    pub map: OffsetMap,
}

impl Mapped {
    /// A text that is its own source.
    pub fn identity(text: String) -> Mapped {
        let n = text.chars().count();
        Mapped::identity_of(text, n)
    }

    /// [`Mapped::identity`] of a text whose `chars` the caller has counted.
    pub(crate) fn identity_of(text: String, chars: usize) -> Mapped {
        debug_assert_eq!(chars, text.chars().count());
        Mapped {
            text,
            map: OffsetMap::identity(chars),
        }
    }
}

/// Writes an output string and its offset map together, so the two never
/// drift apart.
#[derive(Debug)]
pub struct MappedWriter {
    text: String,
    b: OffsetMapBuilder,
}

impl MappedWriter {
    /// A writer for output taken from a source of `src_len` chars.
    pub fn new(src_len: usize) -> MappedWriter {
        MappedWriter {
            text: String::new(),
            b: OffsetMapBuilder::new(src_len),
        }
    }

    /// [`MappedWriter::new`] with room for `bytes` of output text, so that a
    /// caller who knows the output's size (at most its source's) spares the
    /// text's reallocations as it grows.
    pub(crate) fn with_capacity(src_len: usize, bytes: usize) -> MappedWriter {
        MappedWriter {
            text: String::with_capacity(bytes),
            b: OffsetMapBuilder::new(src_len),
        }
    }

    /// Chars written so far.
    pub fn len(&self) -> usize {
        self.b.out_len()
    }

    /// True when nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.b.out_len() == 0
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Copies `s`, which is the source's chars starting at char `src`.
    pub fn copy(&mut self, src: usize, s: &str) {
        self.text.push_str(s);
        self.b.copy(src, s.chars().count());
    }

    /// [`MappedWriter::copy`] of `s`, whose `chars` the caller has counted.
    pub(crate) fn copy_counted(&mut self, src: usize, s: &str, chars: usize) {
        debug_assert_eq!(chars, s.chars().count());
        self.text.push_str(s);
        self.b.copy(src, chars);
    }

    /// Copies one source char.
    pub fn copy_char(&mut self, src: usize, c: char) {
        self.text.push(c);
        self.b.copy(src, 1);
    }

    /// Writes `s`, which stands for the source position `src` without being
    /// a copy of it.
    pub fn synth(&mut self, src: usize, s: &str) {
        self.text.push_str(s);
        self.b.synth(src, s.chars().count());
    }

    /// The finished text and map.
    pub fn finish(self) -> Mapped {
        Mapped {
            text: self.text,
            map: self.b.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_each_char_to_itself() {
        let m = OffsetMap::identity(5);
        for i in 0..=5 {
            assert_eq!(m.to_source(i), i);
        }
        assert_eq!(m.span_to_source(1, 3), (1, 3));
    }

    #[test]
    fn deletions_shift_later_chars() {
        // source "ab(x)cd" → "abcd"
        let mut w = MappedWriter::new(7);
        w.copy(0, "ab");
        w.copy(5, "cd");
        let m = w.finish();
        assert_eq!(m.text, "abcd");
        assert_eq!(m.map.to_source(2), 5);
        assert_eq!(m.map.span_to_source(1, 3), (1, 6));
    }

    #[test]
    fn synthetic_chars_map_to_their_origin() {
        // source "a&amp;b" → "a&b"
        let mut w = MappedWriter::new(7);
        w.copy_char(0, 'a');
        w.synth(1, "&");
        w.copy_char(6, 'b');
        let m = w.finish();
        assert_eq!(m.map.to_source(1), 1);
        assert_eq!(m.map.span_to_source(1, 2), (1, 2));
        assert_eq!(m.map.to_source(2), 6);
    }

    #[test]
    fn composition_follows_both_maps() {
        // source "xxABCyy" → mid "ABC" → out "AC"
        let mut w = MappedWriter::new(7);
        w.copy(2, "ABC");
        let first = w.finish();
        let mut w2 = MappedWriter::new(3);
        w2.copy_char(0, 'A');
        w2.copy_char(2, 'C');
        let second = w2.finish();
        let all = first.map.then(&second.map);
        assert_eq!(all.to_source(0), 2);
        assert_eq!(all.to_source(1), 4);
        assert_eq!(all.to_source(2), 7);
        assert_eq!(all.out_len(), 2);
    }

    #[test]
    fn composing_after_identity_keeps_the_later_map() {
        let mut w = MappedWriter::new(9);
        w.copy(0, "ab");
        w.synth(3, "\n");
        w.copy(4, "cd");
        w.synth(9, "!");
        let later = w.finish().map;
        let id = OffsetMap::identity(9);
        let all = id.then(&later);
        assert_eq!(all, later);
        assert_eq!(all.to_source(3), 4);
        assert_eq!(all.to_source(5), 9);
    }

    #[test]
    fn out_of_range_is_clamped() {
        let m = OffsetMap::identity(3);
        assert_eq!(m.to_source(10), 3);
        assert_eq!(m.span_to_source(2, 9), (2, 3));
    }
}
