//! A 1024-bit filter over chars, by code point modulo 1024: one probe turns
//! most chars away before a word list or a char set is searched. It has no
//! false negatives; a false positive only costs the search it guards.
//!
//! The number scanner and the targets pass put one in front of every word
//! list they try at each position (first chars, last chars, second chars).

/// A set of chars with false positives (see the module doc).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CharFilter([u64; 16]);

impl CharFilter {
    /// The filter that holds no char.
    pub(crate) const EMPTY: CharFilter = CharFilter([0; 16]);

    /// The filter of `chars` (usable at compile time).
    pub(crate) const fn of(chars: &[char]) -> CharFilter {
        let mut f = CharFilter::EMPTY;
        let mut i = 0;
        while i < chars.len() {
            f = f.with(chars[i]);
            i += 1;
        }
        f
    }

    /// This filter with `c` added (usable at compile time).
    pub(crate) const fn with(mut self, c: char) -> CharFilter {
        let h = c as usize % 1024;
        self.0[h / 64] |= 1 << (h % 64);
        self
    }

    /// Adds `c`.
    pub(crate) fn insert(&mut self, c: char) {
        *self = self.with(c);
    }

    /// False when `c` is certainly not in the set.
    #[inline]
    pub(crate) fn may_contain(&self, c: char) -> bool {
        let h = c as usize % 1024;
        self.0[h / 64] >> (h % 64) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_added_and_turns_most_else_away() {
        const F: CharFilter = CharFilter::of(&['增', '长', '%']);
        assert!(['增', '长', '%'].iter().all(|&c| F.may_contain(c)));
        let others = ('\u{4E00}'..='\u{9FFF}')
            .filter(|&c| F.may_contain(c))
            .count();
        // Three bits of 1024: about 3/1024 of other chars pass.
        assert!(others < 200, "{others}");
        let mut g = CharFilter::EMPTY;
        assert!(!g.may_contain('增'));
        g.insert('增');
        assert!(g.may_contain('增'));
    }
}
