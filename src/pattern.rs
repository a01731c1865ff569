//! Built-in regex patterns, made independent of the engine's Unicode tables.
//!
//! The patterns are written with `\d`, `\s` and `\p{Han}` in their Unicode
//! meaning. The `regex` crate needs its Unicode table features for those, and
//! `regex-lite` (the web app's engine: a fraction of the code size) only knows
//! the ASCII `\d` and `\s` and no `\p{..}` at all. [`expand`] rewrites the
//! three into explicit code point ranges, so both engines see the same classes
//! and match exactly what `regex` with Unicode tables would. Escapes whose
//! meaning depends on tables that are not expanded here (`\w`, `\b`, other
//! `\p{..}`, case-insensitive matching, nested classes) are refused, so a
//! pattern can never silently mean something else in the web app.
//!
//! The ranges come from regex-syntax 0.8.12 (Unicode 16.0.0); a unit test
//! checks every code point against the `regex` crate's own classes.

use std::borrow::Cow;

/// `\d`: Unicode decimal digits (general category Nd).
const DIGIT: &str = concat!(
    r"\x{30}-\x{39}\x{660}-\x{669}\x{6F0}-\x{6F9}\x{7C0}-\x{7C9}\x{966}-\x{96F}",
    r"\x{9E6}-\x{9EF}\x{A66}-\x{A6F}\x{AE6}-\x{AEF}\x{B66}-\x{B6F}\x{BE6}-\x{BEF}",
    r"\x{C66}-\x{C6F}\x{CE6}-\x{CEF}\x{D66}-\x{D6F}\x{DE6}-\x{DEF}\x{E50}-\x{E59}",
    r"\x{ED0}-\x{ED9}\x{F20}-\x{F29}\x{1040}-\x{1049}\x{1090}-\x{1099}",
    r"\x{17E0}-\x{17E9}\x{1810}-\x{1819}\x{1946}-\x{194F}\x{19D0}-\x{19D9}",
    r"\x{1A80}-\x{1A89}\x{1A90}-\x{1A99}\x{1B50}-\x{1B59}\x{1BB0}-\x{1BB9}",
    r"\x{1C40}-\x{1C49}\x{1C50}-\x{1C59}\x{A620}-\x{A629}\x{A8D0}-\x{A8D9}",
    r"\x{A900}-\x{A909}\x{A9D0}-\x{A9D9}\x{A9F0}-\x{A9F9}\x{AA50}-\x{AA59}",
    r"\x{ABF0}-\x{ABF9}\x{FF10}-\x{FF19}\x{104A0}-\x{104A9}\x{10D30}-\x{10D39}",
    r"\x{10D40}-\x{10D49}\x{11066}-\x{1106F}\x{110F0}-\x{110F9}\x{11136}-\x{1113F}",
    r"\x{111D0}-\x{111D9}\x{112F0}-\x{112F9}\x{11450}-\x{11459}\x{114D0}-\x{114D9}",
    r"\x{11650}-\x{11659}\x{116C0}-\x{116C9}\x{116D0}-\x{116E3}\x{11730}-\x{11739}",
    r"\x{118E0}-\x{118E9}\x{11950}-\x{11959}\x{11BF0}-\x{11BF9}\x{11C50}-\x{11C59}",
    r"\x{11D50}-\x{11D59}\x{11DA0}-\x{11DA9}\x{11F50}-\x{11F59}\x{16130}-\x{16139}",
    r"\x{16A60}-\x{16A69}\x{16AC0}-\x{16AC9}\x{16B50}-\x{16B59}\x{16D70}-\x{16D79}",
    r"\x{1CCF0}-\x{1CCF9}\x{1D7CE}-\x{1D7FF}\x{1E140}-\x{1E149}\x{1E2F0}-\x{1E2F9}",
    r"\x{1E4F0}-\x{1E4F9}\x{1E5F1}-\x{1E5FA}\x{1E950}-\x{1E959}\x{1FBF0}-\x{1FBF9}",
);

/// `\s`: Unicode white space (the White_Space property).
const SPACE: &str = concat!(
    r"\x{9}-\x{D}\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}-\x{2029}",
    r"\x{202F}\x{205F}\x{3000}",
);

/// `\p{Han}`: the Han script (Script=Han, not Script_Extensions).
const HAN: &str = concat!(
    r"\x{2E80}-\x{2E99}\x{2E9B}-\x{2EF3}\x{2F00}-\x{2FD5}\x{3005}\x{3007}",
    r"\x{3021}-\x{3029}\x{3038}-\x{303B}\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}",
    r"\x{F900}-\x{FA6D}\x{FA70}-\x{FAD9}\x{16FE2}-\x{16FE3}\x{16FF0}-\x{16FF1}",
    r"\x{20000}-\x{2A6DF}\x{2A700}-\x{2B739}\x{2B740}-\x{2B81D}\x{2B820}-\x{2CEA1}",
    r"\x{2CEB0}-\x{2EBE0}\x{2EBF0}-\x{2EE5D}\x{2F800}-\x{2FA1D}\x{30000}-\x{3134A}",
    r"\x{31350}-\x{323AF}",
);

/// `pattern` with `\d`, `\s`, `\p{Han}` (and, outside brackets, `\D`, `\S`,
/// `\P{Han}`) spelled out as code point ranges; unchanged when it has none.
/// An escape or construct whose meaning needs other Unicode tables is an
/// error naming it.
pub(crate) fn expand(pattern: &str) -> Result<Cow<'_, str>, String> {
    if !pattern.contains('\\') && !pattern.contains("(?") && !pattern.contains('[') {
        return Ok(Cow::Borrowed(pattern));
    }
    let mut out = String::with_capacity(pattern.len() * 2);
    // Inside [...]; `class_start` while `]` would still be a literal.
    let (mut in_class, mut class_start) = (false, false);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    return Err("a pattern ends with a lone backslash".to_string());
                };
                let ranges = match e {
                    'd' | 'D' => DIGIT,
                    's' | 'S' => SPACE,
                    'p' | 'P' => {
                        let mut name = String::new();
                        if chars.peek() == Some(&'{') {
                            for n in chars.by_ref() {
                                name.push(n);
                                if n == '}' {
                                    break;
                                }
                            }
                        }
                        if name != "{Han}" {
                            return Err(format!("\\{e}{name} is not supported, only \\p{{Han}}"));
                        }
                        HAN
                    }
                    'w' | 'W' | 'b' | 'B' => {
                        return Err(format!("\\{e} needs Unicode word tables; spell it out"))
                    }
                    _ => {
                        out.push('\\');
                        out.push(e);
                        continue;
                    }
                };
                let negated = e.is_ascii_uppercase();
                match (in_class, negated) {
                    (true, false) => out.push_str(ranges),
                    (true, true) => {
                        return Err(format!("\\{e} inside brackets is not supported"));
                    }
                    (false, _) => {
                        out.push_str(if negated { "[^" } else { "[" });
                        out.push_str(ranges);
                        out.push(']');
                    }
                }
            }
            '[' if in_class => {
                return Err("nested classes ([a[b]], [[:alpha:]]) are not supported".to_string())
            }
            '[' => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                class_start = true;
            }
            ']' if in_class && !at_class_start => {
                in_class = false;
                out.push(']');
            }
            '(' if !in_class && chars.peek() == Some(&'?') => {
                out.push('(');
                out.push(chars.next().unwrap_or('?'));
                // Flags: (?i), (?iu:...); names and non-capturing groups pass.
                let flags: String = chars
                    .clone()
                    .take_while(|f| f.is_ascii_alphabetic() || *f == '-')
                    .collect();
                if !flags.starts_with('P') && flags.contains(['i', 'u']) {
                    return Err(format!("the flags (?{flags}) are not supported"));
                }
            }
            _ => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code point as a one-char haystack (surrogates have none).
    fn every_char() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    #[test]
    fn classes_match_the_unicode_tables_of_regex() {
        for (class, unicode) in [
            (r"\d", r"\d"),
            (r"\s", r"\s"),
            (r"\p{Han}", r"\p{Han}"),
            (r"[^\d年]", r"[^\d年]"),
            (r"[\p{Han}\s]", r"[\p{Han}\s]"),
        ] {
            let expanded = expand(class).unwrap_or_else(|e| panic!("{class}: {e}"));
            let ours = regex_lite::Regex::new(&format!("^{expanded}$"))
                .unwrap_or_else(|e| panic!("{class}: {e}"));
            let theirs = regex_full::Regex::new(&format!("^{unicode}$"))
                .unwrap_or_else(|e| panic!("{unicode}: {e}"));
            let mut buf = [0u8; 4];
            for c in every_char() {
                let s = c.encode_utf8(&mut buf);
                assert_eq!(
                    ours.is_match(s),
                    theirs.is_match(s),
                    "{class} on U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn plain_patterns_are_left_alone() {
        assert!(matches!(expand("年|月"), Ok(Cow::Borrowed("年|月"))));
        assert_eq!(
            expand(r"\(\s*\)").as_deref(),
            Ok(&*format!(r"\([{SPACE}]*\)"))
        );
        assert_eq!(expand(r"[\]】〕)]").as_deref(), Ok(r"[\]】〕)]"));
        assert_eq!(expand(r"[]a]").as_deref(), Ok(r"[]a]"));
        assert_eq!(expand(r"(?P<y>\#{1,6})").as_deref(), Ok(r"(?P<y>\#{1,6})"));
        assert_eq!(expand(r"(?:a)").as_deref(), Ok(r"(?:a)"));
    }

    #[test]
    fn table_dependent_constructs_are_refused() {
        for p in [
            r"\w",
            r"\b",
            r"\p{L}",
            r"\pL",
            r"(?i)a",
            r"[\D]",
            r"[a[b]]",
            r"[[:alpha:]]",
            "\\",
        ] {
            assert!(expand(p).is_err(), "{p}");
        }
    }
}
