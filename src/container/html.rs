//! HTML → plain text, keeping the page's main content.
//!
//! Government sites wrap a report in menus, breadcrumbs, share and print
//! bars, lists of related links and footers. This module:
//!
//! 1. **Tokenizes** the page with a small hand-written, non-recursive
//!    tokenizer (comments, CDATA, doctype, quoted attributes containing `>`,
//!    a literal `<` in text, unclosed tags and raw-text elements such as
//!    `<script>`) and builds the element tree with HTML's usual implied end
//!    tags (`<p>` closed by a block, `<li>` by the next `<li>`, table cells…)
//!    on an explicit stack, so 100,000 nested elements cost no recursion.
//! 2. **Scores** every block element by its *dense text*: the non-link chars
//!    of paragraphs that are long (≥ 25 chars) and punctuated like prose
//!    (`，。；`…). The main content is the deepest element holding at least
//!    70% of the page's dense text; text around it joins only when it is
//!    small (a title, a date line). Inside and around it, boilerplate is
//!    dropped when it holds little dense text: `nav`, `header`, `footer`,
//!    `aside`, `form`, elements whose class or id says menu, breadcrumb,
//!    share, related, footer…, hidden elements, blocks made mostly of links,
//!    print/share/font-size widgets and copyright footers (版权所有, ICP备,
//!    网站标识码…). When no element stands out, all body text is kept.
//! 3. **Writes** the text: block elements become line breaks, table cells
//!    are separated by tabs, inline elements just contribute their text,
//!    white space collapses (except in `<pre>`), entities are decoded.
//!
//! Both passes run the same tokenizer and tree builder, so the tree is never
//! stored beyond one small record per block element. Time is linear in the
//! size of the page. Every output char maps back to the HTML source: copied
//! chars to themselves, a decoded entity to its `&`, an inserted line break
//! to the tag that caused it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::decode::find;
use crate::offsets::{Mapped, MappedWriter};

/// Converts an HTML page to plain text (its main content), with a map back
/// into the HTML. Never fails: the worst page gives all of its text.
///
/// A web archive (.mht/.mhtml, as saved by browsers and Word) is unwrapped
/// first: the page is its first `text/html` part, decoded from
/// quoted-printable or base64 and from its charset. The chars of such a page
/// all map to the start of that part in the archive.
pub fn to_text(source: &str) -> Mapped {
    if let Some((part_start, html)) = unwrap_mhtml(source) {
        let inner = page_to_text(&html);
        let mut w = MappedWriter::new(source.chars().count());
        let at = source[..part_start].chars().count();
        w.synth(at, &inner.text);
        return w.finish();
    }
    page_to_text(source)
}

/// [`to_text`] for an HTML page proper.
fn page_to_text(source: &str) -> Mapped {
    let mut stats = Stats::new(source);
    Builder::new(source).run(&mut stats);
    let plan = stats.plan();
    let out = emit(source, &plan);
    if out.text.chars().any(|c| !c.is_whitespace()) {
        return out;
    }
    // The choice removed everything (a page that is all links, say): keep
    // all the visible text rather than nothing.
    emit(source, &Plan::keep_all(plan.dropped.len()))
}

// ---------------------------------------------------------------------------
// Web archives (MHTML)

/// True when `text` starts like a MIME multipart message (a web archive).
/// Its first line must be a header field, which settles a report's text at
/// its first char instead of after a search for a blank line.
pub(crate) fn looks_like_mhtml(text: &str) -> bool {
    starts_with_header_field(
        text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'),
    ) && mime_header_end(text).is_some_and(|end| {
        let h = text[..end].to_ascii_lowercase();
        h.contains("mime-version:") && h.contains("multipart/")
    })
}

/// True when `text` starts with a header field's name and colon (RFC 5322:
/// one or more printable ASCII chars other than the colon, then `:`).
fn starts_with_header_field(text: &str) -> bool {
    let name = text
        .bytes()
        .take_while(|&b| b.is_ascii_graphic() && b != b':')
        .count();
    name > 0 && text.as_bytes().get(name) == Some(&b':')
}

/// The end of a MIME header block at the start of `text` (the offset of the
/// blank line), looked for in the first 64 KB.
fn mime_header_end(text: &str) -> Option<usize> {
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    let crlf = find(head, b"\r\n\r\n");
    let lf = find(head, b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The value of header `name` (lower-case, with the colon) in a lower-cased,
/// unfolded header block: up to `;` or the end of the line.
fn header<'h>(headers: &'h str, name: &str) -> Option<&'h str> {
    let start = headers.find(name)? + name.len();
    let rest = &headers[start..];
    let end = rest.find([';', '\n', '\r']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// The value of parameter `name` (lower-case, with `=`) anywhere in a header
/// block, without quotes. Case is kept from `original`.
fn param<'h>(lower: &str, original: &'h str, name: &str) -> Option<&'h str> {
    let start = lower.find(name)? + name.len();
    let rest = original.get(start..)?;
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(['"', '\'', ';', '\r', '\n', ' ', '\t'])
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The page inside a web archive: the byte offset of its part's body in
/// `source`, and the decoded HTML. `None` when `source` is not an archive
/// or has no HTML part.
fn unwrap_mhtml(source: &str) -> Option<(usize, String)> {
    if !looks_like_mhtml(source) {
        return None;
    }
    let head_end = mime_header_end(source)?;
    let unfold = |h: &str| {
        h.replace("\r\n", "\n")
            .replace("\n ", " ")
            .replace("\n\t", " ")
    };
    let top = unfold(&source[..head_end]);
    let boundary = param(&top.to_ascii_lowercase(), &top, "boundary=")?.to_string();
    if boundary.is_empty() {
        return None;
    }
    let delim = format!("--{boundary}");
    let b = source.as_bytes();
    let mut pos = head_end;
    while let Some(off) = find(&b[pos..], delim.as_bytes()) {
        let part = pos + off + delim.len();
        if b[part..].starts_with(b"--") {
            return None; // the closing delimiter
        }
        let end = find(&b[part..], delim.as_bytes()).map_or(b.len(), |k| part + k);
        let body = &source[part..end];
        pos = end;
        let Some(h_end) = mime_header_end(body) else {
            continue;
        };
        let headers = unfold(&body[..h_end]);
        let lower = headers.to_ascii_lowercase();
        if header(&lower, "content-type:").is_none_or(|t| t != "text/html") {
            continue;
        }
        let skip = if body[h_end..].starts_with("\r\n\r\n") {
            4
        } else {
            2
        };
        let start = part + h_end + skip;
        let data = source.get(start..end)?.as_bytes();
        let bytes = match header(&lower, "content-transfer-encoding:") {
            Some("quoted-printable") => quoted_printable(data),
            Some("base64") => base64(data),
            _ => data.to_vec(),
        };
        let label = param(&lower, &headers, "charset=").unwrap_or("");
        let html = match crate::decode::decode_labelled(label, &bytes) {
            Some(text) => text,
            None => crate::decode::decode(&bytes)
                .map(|d| d.text)
                .unwrap_or_default(),
        };
        return Some((start, html));
    }
    None
}

/// Decodes quoted-printable (RFC 2045): `=XX` is a byte, `=` at the end of
/// a line joins it to the next.
fn quoted_printable(data: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] == b'=' {
            match (data.get(i + 1), data.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i += 3;
                    continue;
                }
                (Some(b'\n'), _) => {
                    i += 2;
                    continue;
                }
                (Some(&h), Some(&l)) => {
                    if let (Some(h), Some(l)) = (hex(h), hex(l)) {
                        out.push(h << 4 | l);
                        i += 3;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push(data[i]);
        i += 1;
    }
    out
}

/// Decodes base64, skipping white space and stopping at padding or at any
/// other char.
fn base64(data: &[u8]) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in data {
        if c.is_ascii_whitespace() {
            continue;
        }
        let Some(v) = val(c) else { break };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Element kinds

/// Starts and ends a line (and a paragraph, for scoring).
const BLOCK: u16 = 1;
/// Has no content and no end tag.
const VOID: u16 = 1 << 1;
/// Content never shown (script, style, form controls, head…).
const HARD: u16 = 1 << 2;
/// Page furniture (nav, header, footer, aside, form, menu): dropped unless
/// it holds the content.
const SOFT: u16 = 1 << 3;
/// Content is raw text up to the end tag (script, style, title, textarea…).
const RAW: u16 = 1 << 4;
/// White space is kept.
const PRE: u16 = 1 << 5;
/// A link: its text is link text.
const LINK: u16 = 1 << 6;
/// A table cell: separated from its neighbours by a tab, not a line break.
const CELL: u16 = 1 << 7;
/// Starting it closes an open `<p>`.
const CLOSES_P: u16 = 1 << 8;
/// Class, id or role says it is boilerplate (set from attributes).
const NEG: u16 = 1 << 9;
/// Hidden by `style="display:none"` or the `hidden` attribute.
const HIDDEN: u16 = 1 << 10;
/// h1–h6.
const HEADING: u16 = 1 << 11;
/// The `<body>` element.
const BODY: u16 = 1 << 12;

/// Elements that need a record of their own for scoring.
const TRACKED: u16 = BLOCK | LINK | HARD | SOFT | NEG | HIDDEN;

const FLOW: u16 = BLOCK | CLOSES_P;

/// Known tags, in the order of the tag ids below; unknown tags are inline.
const TAGS: &[(&str, u16)] = &[
    ("#root", BLOCK),
    ("html", BLOCK),
    ("head", HARD),
    ("body", BLOCK | BODY),
    ("p", FLOW),
    ("li", FLOW),
    ("ul", FLOW),
    ("ol", FLOW),
    ("dl", FLOW),
    ("dt", FLOW),
    ("dd", FLOW),
    ("table", FLOW),
    ("caption", BLOCK),
    ("thead", BLOCK),
    ("tbody", BLOCK),
    ("tfoot", BLOCK),
    ("tr", BLOCK),
    ("td", BLOCK | CELL),
    ("th", BLOCK | CELL),
    ("a", LINK),
    ("br", VOID),
    ("option", HARD),
    ("optgroup", HARD),
    ("button", HARD),
    ("template", HARD),
    ("object", HARD),
    ("select", HARD),
    ("h1", FLOW | HEADING),
    ("h2", FLOW | HEADING),
    ("h3", FLOW | HEADING),
    ("h4", FLOW | HEADING),
    ("h5", FLOW | HEADING),
    ("h6", FLOW | HEADING),
    ("div", FLOW),
    ("section", FLOW),
    ("article", FLOW),
    ("main", FLOW),
    ("blockquote", FLOW),
    ("center", FLOW),
    ("address", FLOW),
    ("details", FLOW),
    ("summary", BLOCK),
    ("dir", FLOW),
    ("fieldset", FLOW),
    ("figure", FLOW),
    ("figcaption", FLOW),
    ("hgroup", FLOW),
    ("legend", BLOCK),
    ("pre", FLOW | PRE),
    ("listing", FLOW | PRE),
    ("hr", FLOW | VOID),
    ("nav", FLOW | SOFT),
    ("header", FLOW | SOFT),
    ("footer", FLOW | SOFT),
    ("aside", FLOW | SOFT),
    ("menu", FLOW | SOFT),
    ("form", FLOW | SOFT),
    ("title", HARD | RAW),
    ("script", HARD | RAW),
    ("style", HARD | RAW),
    ("noscript", HARD | RAW),
    ("textarea", HARD | RAW),
    ("iframe", HARD | RAW),
    ("noembed", HARD | RAW),
    ("noframes", HARD | RAW),
    ("xmp", HARD | RAW),
    ("svg", HARD),
    ("math", HARD),
    ("canvas", HARD),
    ("video", HARD),
    ("audio", HARD),
    ("map", HARD),
    ("applet", HARD),
    ("datalist", HARD),
    ("dialog", HARD | BLOCK),
    ("frameset", HARD),
    ("input", HARD | VOID),
    ("embed", HARD | VOID),
    ("keygen", HARD | VOID),
    ("img", VOID),
    ("area", VOID),
    ("base", VOID),
    ("col", VOID),
    ("link", VOID),
    ("meta", VOID),
    ("param", VOID),
    ("source", VOID),
    ("track", VOID),
    ("wbr", VOID),
    ("frame", VOID),
    ("basefont", VOID),
    ("bgsound", VOID),
];

const ROOT: u32 = 0;
const HTML: u32 = 1;
const HEAD: u32 = 2;
const BODY_TAG: u32 = 3;
const P: u32 = 4;
const LI: u32 = 5;
const UL: u32 = 6;
const OL: u32 = 7;
const DL: u32 = 8;
const DT: u32 = 9;
const DD: u32 = 10;
const TABLE: u32 = 11;
const CAPTION: u32 = 12;
const THEAD: u32 = 13;
const TBODY: u32 = 14;
const TFOOT: u32 = 15;
const TR: u32 = 16;
const TD: u32 = 17;
const TH: u32 = 18;
const A: u32 = 19;
const BR: u32 = 20;
const OPTION: u32 = 21;
const OPTGROUP: u32 = 22;
const BUTTON: u32 = 23;
const TEMPLATE: u32 = 24;
const OBJECT: u32 = 25;
const SELECT: u32 = 26;

/// Tags that may stand in `<head>`; any other start tag ends the head.
const HEAD_CONTENT: &[&str] = &[
    "title", "meta", "link", "style", "script", "base", "noscript", "template", "basefont",
    "bgsound",
];

/// Elements an end tag does not reach across (a stray `</div>` inside a
/// table cell does not close the cell's table).
const SCOPE: &[u32] = &[TABLE, TD, TH, CAPTION, TEMPLATE, BUTTON, OBJECT, SELECT];

/// The most elements given a record; past it elements are handled as
/// inline (their text counts for the enclosing recorded element), which
/// bounds memory on absurd inputs.
const MAX_RECORDS: u32 = 1 << 21;

/// No element record.
const NONE: u32 = u32::MAX;

/// Unknown tags (custom elements, `<o:p>`, `<font>`…) share this many ids,
/// chosen by a hash of the name. They only matter for matching end tags, and
/// a shared id keeps memory and time bounded on pages with millions of
/// distinct made-up tag names.
const UNKNOWN_IDS: u32 = 4096;

/// FNV-1a, for tag names.
fn fnv(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A [`Hasher`] for the table of known tags (short ASCII keys).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

// ---------------------------------------------------------------------------
// Tokenizer and tree builder

/// One open element.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Tag id.
    tag: u32,
    /// Kind flags (from the tag and its attributes).
    flags: u16,
    /// Index of its record, or [`NONE`].
    el: u32,
}

/// What the tree builder reports, in document order. Every `open` gets a
/// matching `close`, properly nested; `at` is the byte offset of the tag
/// (or of the end of the input).
trait Sink {
    fn open(&mut self, e: &Entry, at: usize);
    fn close(&mut self, e: &Entry, at: usize);
    /// Text in `start..end` (bytes); `raw` text (CDATA) has no entities.
    fn text(&mut self, start: usize, end: usize, raw: bool);
    /// A forced line break (`<br>`, a stray `</p>`).
    fn brk(&mut self, at: usize);
}

/// A piece of markup found at a `<`.
enum Markup {
    /// Something skipped: comment, doctype, processing instruction.
    Skip {
        end: usize,
    },
    /// `<![CDATA[…]]>`: its content is text.
    Cdata {
        start: usize,
        stop: usize,
        end: usize,
    },
    Start {
        name: (usize, usize),
        flags: u16,
        self_closing: bool,
        end: usize,
    },
    End {
        name: (usize, usize),
        end: usize,
    },
}

struct Builder<'a> {
    b: &'a [u8],
    /// Ids of the known tags.
    names: HashMap<&'static [u8], u32, BuildHasherDefault<Fnv>>,
    tag_flags: Vec<u16>,
    stack: Vec<Entry>,
    /// For each tag id, the stack positions of its open elements.
    open_pos: Vec<Vec<u32>>,
    /// Stack positions of open block elements.
    block_pos: Vec<u32>,
    next_el: u32,
    name_buf: Vec<u8>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Builder<'a> {
        let mut names = HashMap::default();
        for (i, (name, _)) in TAGS.iter().enumerate() {
            names.insert(name.as_bytes(), i as u32);
        }
        let ids = TAGS.len() + UNKNOWN_IDS as usize;
        let mut tag_flags: Vec<u16> = TAGS.iter().map(|t| t.1).collect();
        tag_flags.resize(ids, 0);
        Builder {
            b: src.as_bytes(),
            names,
            tag_flags,
            stack: Vec::new(),
            open_pos: vec![Vec::new(); ids],
            block_pos: Vec::new(),
            next_el: 0,
            name_buf: Vec::new(),
        }
    }

    fn run<S: Sink>(mut self, sink: &mut S) {
        self.push(ROOT, BLOCK, 0, sink);
        let n = self.b.len();
        let (mut pos, mut text_start) = (0, 0);
        while pos < n {
            let Some(off) = self.b[pos..].iter().position(|&c| c == b'<') else {
                break;
            };
            let lt = pos + off;
            let Some(m) = self.scan(lt) else {
                pos = lt + 1; // a literal '<'
                continue;
            };
            self.text(text_start, lt, sink);
            pos = match m {
                Markup::Skip { end } => end,
                Markup::Cdata { start, stop, end } => {
                    if start < stop {
                        sink.text(start, stop, true);
                    }
                    end
                }
                Markup::Start {
                    name,
                    flags,
                    self_closing,
                    end,
                } => {
                    self.start_tag(name, flags, self_closing, lt, sink);
                    if flags & RAW != 0 && !self_closing && self.top_is(name) {
                        self.raw_end(name, end)
                    } else {
                        end
                    }
                }
                Markup::End { name, end } => {
                    self.end_tag(name, lt, sink);
                    end
                }
            };
            text_start = pos;
        }
        self.text(text_start, n, sink);
        self.close_to(1, n, sink);
        if let Some(root) = self.stack.pop() {
            sink.close(&root, n);
        }
    }

    /// True when the element just opened (named by `name`) is on top.
    fn top_is(&mut self, name: (usize, usize)) -> bool {
        let id = self.tag_id(name);
        self.stack.last().is_some_and(|e| e.tag == id)
    }

    fn text<S: Sink>(&mut self, start: usize, end: usize, sink: &mut S) {
        if start >= end {
            return;
        }
        if let Some(h) = self.nearest(HEAD) {
            if self.b[start..end].iter().any(|c| !c.is_ascii_whitespace()) {
                self.close_to(h, start, sink);
            }
        }
        sink.text(start, end, false);
    }

    /// The id of the tag named by the bytes `name` (lower-cased).
    fn tag_id(&mut self, (s, e): (usize, usize)) -> u32 {
        self.name_buf.clear();
        self.name_buf
            .extend(self.b[s..e].iter().map(u8::to_ascii_lowercase));
        if let Some(&id) = self.names.get(self.name_buf.as_slice()) {
            return id;
        }
        TAGS.len() as u32 + fnv(&self.name_buf) % UNKNOWN_IDS
    }
    fn nearest(&self, tag: u32) -> Option<u32> {
        self.open_pos
            .get(tag as usize)
            .and_then(|v| v.last().copied())
    }

    fn nearest_any(&self, tags: &[u32]) -> Option<u32> {
        tags.iter().filter_map(|&t| self.nearest(t)).max()
    }

    /// The nearest open element with `tag` that no scope boundary hides.
    fn in_scope(&self, tag: u32, scope: &[u32]) -> Option<u32> {
        let p = self.nearest(tag)?;
        match self.nearest_any(scope) {
            Some(s) if s > p => None,
            _ => Some(p),
        }
    }

    fn push<S: Sink>(&mut self, tag: u32, flags: u16, at: usize, sink: &mut S) {
        let tracked = (flags & TRACKED != 0 || tag == ROOT) && self.next_el < MAX_RECORDS;
        let el = if tracked {
            self.next_el += 1;
            self.next_el - 1
        } else {
            NONE
        };
        let e = Entry { tag, flags, el };
        let depth = self.stack.len() as u32;
        self.stack.push(e);
        if let Some(v) = self.open_pos.get_mut(tag as usize) {
            v.push(depth);
        }
        if flags & BLOCK != 0 {
            self.block_pos.push(depth);
        }
        sink.open(&e, at);
    }

    /// Closes the elements at stack positions `pos` and above.
    fn close_to<S: Sink>(&mut self, pos: u32, at: usize, sink: &mut S) {
        let pos = pos.max(1) as usize;
        while self.stack.len() > pos {
            let Some(e) = self.stack.pop() else { break };
            if let Some(v) = self.open_pos.get_mut(e.tag as usize) {
                v.pop();
            }
            if e.flags & BLOCK != 0 {
                self.block_pos.pop();
            }
            sink.close(&e, at);
        }
    }

    fn start_tag<S: Sink>(
        &mut self,
        name: (usize, usize),
        attr_flags: u16,
        self_closing: bool,
        at: usize,
        sink: &mut S,
    ) {
        let tag = self.tag_id(name);
        let flags = self.tag_flags.get(tag as usize).copied().unwrap_or(0) | attr_flags;
        let head_content = HEAD_CONTENT
            .iter()
            .any(|n| n.as_bytes() == self.name_buf.as_slice());
        if let Some(h) = self.nearest(HEAD) {
            if !head_content {
                self.close_to(h, at, sink);
            }
        }
        if matches!(tag, HTML | BODY_TAG | HEAD)
            && (self.nearest(tag).is_some() || self.nearest(BODY_TAG).is_some())
        {
            return; // a second <html> or <body>, or a late <head>
        }
        if flags & CLOSES_P != 0 {
            if let Some(p) = self.in_scope(P, SCOPE) {
                self.close_to(p, at, sink);
            }
        }
        match tag {
            LI => {
                if let Some(l) = self.in_scope(LI, &[UL, OL, TABLE, TD, TH]) {
                    self.close_to(l, at, sink);
                }
            }
            DT | DD => {
                if let Some(d) = self.nearest_any(&[DT, DD]) {
                    if self.nearest(DL).is_none_or(|dl| d > dl) {
                        self.close_to(d, at, sink);
                    }
                }
            }
            TR => {
                if let Some(r) = self.in_scope(TR, &[TABLE]) {
                    self.close_to(r, at, sink);
                }
            }
            TD | TH => {
                if let Some(c) = self.nearest_any(&[TD, TH]) {
                    if self.nearest_any(&[TR, TABLE]).is_none_or(|r| c > r) {
                        self.close_to(c, at, sink);
                    }
                }
            }
            THEAD | TBODY | TFOOT => {
                if let Some(s) = self.nearest_any(&[THEAD, TBODY, TFOOT]) {
                    if self.nearest(TABLE).is_none_or(|t| s > t) {
                        self.close_to(s, at, sink);
                    }
                }
            }
            OPTION | OPTGROUP if self.stack.last().is_some_and(|e| e.tag == OPTION) => {
                let top = self.stack.len() as u32 - 1;
                self.close_to(top, at, sink);
            }
            A => {
                if let Some(a) = self.in_scope(A, SCOPE) {
                    self.close_to(a, at, sink);
                }
            }
            _ => {}
        }
        if flags & HEADING != 0 && self.stack.last().is_some_and(|e| e.flags & HEADING != 0) {
            let top = self.stack.len() as u32 - 1;
            self.close_to(top, at, sink);
        }
        if tag == BR {
            sink.brk(at);
            return;
        }
        self.push(tag, flags, at, sink);
        if flags & VOID != 0 || self_closing {
            let top = self.stack.len() as u32 - 1;
            self.close_to(top, at, sink);
        }
    }

    fn end_tag<S: Sink>(&mut self, name: (usize, usize), at: usize, sink: &mut S) {
        let tag = self.tag_id(name);
        let flags = self.tag_flags.get(tag as usize).copied().unwrap_or(0);
        let target = match tag {
            BR => {
                sink.brk(at);
                return;
            }
            P => match self.in_scope(P, SCOPE) {
                Some(p) => Some(p),
                None => {
                    sink.brk(at);
                    return;
                }
            },
            HTML | BODY_TAG | ROOT => None,
            TABLE => self.nearest(TABLE),
            TR | THEAD | TBODY | TFOOT | CAPTION => self.in_scope(tag, &[TABLE]),
            TD | TH => self.in_scope(tag, &[TABLE, TR]),
            LI => self.in_scope(LI, &[UL, OL, TABLE, TD, TH]),
            A => self.in_scope(A, SCOPE),
            _ if flags & !(VOID | LINK) != 0 => self.in_scope(tag, SCOPE),
            _ => {
                // Inline formatting (span, font, b…): closes only across
                // other inline elements, never across a block.
                let p = self.nearest(tag);
                match (p, self.block_pos.last()) {
                    (Some(p), Some(&blk)) if p > blk => Some(p),
                    (Some(p), None) => Some(p),
                    _ => None,
                }
            }
        };
        if let Some(p) = target {
            self.close_to(p, at, sink);
        }
    }

    /// Where the content of a raw-text element (started by the tag ending
    /// at `from`) ends: at its end tag, or at the end of the input.
    fn raw_end(&self, (s, e): (usize, usize), from: usize) -> usize {
        let name = &self.b[s..e];
        let mut p = from;
        while let Some(off) = find(&self.b[p..], b"</") {
            let i = p + off;
            let after = i + 2 + name.len();
            if self
                .b
                .get(i + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && self
                    .b
                    .get(after)
                    .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            {
                return i;
            }
            p = i + 2;
        }
        self.b.len()
    }

    /// Reads the markup at the `<` at `lt`, or `None` when the `<` is text.
    fn scan(&self, lt: usize) -> Option<Markup> {
        let b = self.b;
        let n = b.len();
        let next = *b.get(lt + 1)?;
        let to_gt = |from: usize| {
            b[from.min(n)..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(n, |k| from + k + 1)
        };
        if next == b'!' {
            if b[lt..].starts_with(b"<!--") {
                let end = find(&b[lt + 2..], b"-->").map_or(n, |k| lt + 2 + k + 3);
                return Some(Markup::Skip { end });
            }
            if b.get(lt..lt + 9)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"<![CDATA["))
            {
                let start = lt + 9;
                let (stop, end) =
                    find(&b[start..], b"]]>").map_or((n, n), |k| (start + k, start + k + 3));
                return Some(Markup::Cdata { start, stop, end });
            }
            return Some(Markup::Skip { end: to_gt(lt + 2) });
        }
        if next == b'?' {
            return Some(Markup::Skip { end: to_gt(lt + 2) });
        }
        if next == b'/' {
            let c = *b.get(lt + 2)?;
            if c == b'>' {
                return Some(Markup::Skip { end: lt + 3 });
            }
            if !c.is_ascii_alphabetic() {
                return Some(Markup::Skip { end: to_gt(lt + 2) });
            }
            let name = self.name_at(lt + 2);
            let (_, _, end) = self.attributes(name.1);
            return Some(Markup::End { name, end });
        }
        if !next.is_ascii_alphabetic() {
            return None;
        }
        let name = self.name_at(lt + 1);
        let (flags, self_closing, end) = self.attributes(name.1);
        Some(Markup::Start {
            name,
            flags,
            self_closing,
            end,
        })
    }

    /// The tag name starting at `s`: up to white space, `/` or `>`.
    fn name_at(&self, s: usize) -> (usize, usize) {
        let e = self.b[s..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            .map_or(self.b.len(), |k| s + k);
        (s, e)
    }

    /// Reads attributes from `i` to the tag's `>`: the flags they imply,
    /// whether the tag is self-closing, and the offset after the tag. A tag
    /// cut off by the end of the input swallows the rest.
    fn attributes(&self, mut i: usize) -> (u16, bool, usize) {
        let b = self.b;
        let n = b.len();
        let mut flags = 0;
        let mut hints = Hints::default();
        loop {
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= n {
                return (flags | hints.flags(), false, n);
            }
            match b[i] {
                b'>' => return (flags | hints.flags(), false, i + 1),
                b'/' => {
                    if b.get(i + 1) == Some(&b'>') {
                        return (flags | hints.flags(), true, i + 2);
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let ns = i;
            while i < n
                && !b[i].is_ascii_whitespace()
                && b[i] != b'/'
                && b[i] != b'>'
                && !(b[i] == b'=' && i > ns)
            {
                i += 1;
            }
            let name = &b[ns..i];
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value: &[u8] = b"";
            if i < n && b[i] == b'=' {
                i += 1;
                while i < n && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < n && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let Some(k) = b[i + 1..].iter().position(|&c| c == q) else {
                        return (0, false, n);
                    };
                    value = &b[i + 1..i + 1 + k];
                    i += k + 2;
                } else {
                    let vs = i;
                    while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = &b[vs..i];
                }
            }
            if name.eq_ignore_ascii_case(b"class") || name.eq_ignore_ascii_case(b"id") {
                hints.add(value);
            } else if name.eq_ignore_ascii_case(b"style") {
                if style_hides(value) {
                    flags |= HIDDEN;
                }
            } else if name.eq_ignore_ascii_case(b"hidden") {
                flags |= HIDDEN;
            } else if name.eq_ignore_ascii_case(b"role") && role_is_furniture(value) {
                flags |= NEG;
            }
        }
    }
}

/// What class and id values say about an element.
#[derive(Debug, Default)]
struct Hints {
    neg: bool,
    pos: bool,
}

/// Class/id words of page furniture.
const NEG_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "submenu",
    "topmenu",
    "footer",
    "foot",
    "bottom",
    "header",
    "head",
    "top",
    "topbar",
    "sidebar",
    "side",
    "aside",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "position",
    "location",
    "path",
    "dqwz",
    "share",
    "bdshare",
    "print",
    "tools",
    "tool",
    "toolbar",
    "related",
    "relate",
    "xgxw",
    "xgwz",
    "xglj",
    "recommend",
    "comment",
    "comments",
    "copyright",
    "banner",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sponsor",
    "social",
    "login",
    "search",
    "qrcode",
    "ewm",
    "erweima",
    "links",
    "friendlink",
    "yqlj",
    "hot",
    "rank",
    "tags",
    "pager",
    "pagination",
    "prevnext",
    "fenxiang",
    "dayin",
    "guanbi",
    "widget",
    "popup",
    "modal",
    "cookie",
];

/// Fragments that mark furniture even inside a longer class name.
const NEG_PARTS: &[&str] = &[
    "breadcrumb",
    "copyright",
    "footer",
    "sidebar",
    "navbar",
    "share",
    "comment",
    "related",
    "recommend",
    "toolbar",
    "qrcode",
    "friendlink",
    "advert",
];

/// Class/id words of main content.
const POS_WORDS: &[&str] = &[
    "content", "article", "main", "detail", "details", "zoom", "editor", "trs", "text", "body",
    "con", "zw", "zhengwen", "wenzhang", "neirong", "post", "entry", "story", "news",
];

impl Hints {
    fn add(&mut self, value: &[u8]) {
        let lower = value.to_ascii_lowercase();
        if NEG_PARTS
            .iter()
            .any(|p| find(&lower, p.as_bytes()).is_some())
        {
            self.neg = true;
        }
        // Words: split at anything but letters, and at a lower→upper step.
        let mut word = String::new();
        let mut prev_lower = false;
        for &c in value.iter().chain(std::iter::once(&b' ')) {
            let boundary = !c.is_ascii_alphabetic() || (prev_lower && c.is_ascii_uppercase());
            if boundary && !word.is_empty() {
                self.word(&word);
                word.clear();
            }
            if c.is_ascii_alphabetic() {
                word.push(c.to_ascii_lowercase() as char);
            }
            prev_lower = c.is_ascii_lowercase();
        }
    }

    fn word(&mut self, w: &str) {
        if NEG_WORDS.contains(&w) {
            self.neg = true;
        }
        if POS_WORDS.contains(&w) {
            self.pos = true;
        }
    }

    fn flags(&self) -> u16 {
        if self.neg && !self.pos {
            NEG
        } else {
            0
        }
    }
}

/// True for a `style` value that hides the element.
fn style_hides(value: &[u8]) -> bool {
    let compact: Vec<u8> = value
        .iter()
        .filter(|c| !c.is_ascii_whitespace())
        .map(u8::to_ascii_lowercase)
        .collect();
    find(&compact, b"display:none").is_some() || find(&compact, b"visibility:hidden").is_some()
}

/// True for ARIA roles of page furniture.
fn role_is_furniture(value: &[u8]) -> bool {
    const ROLES: &[&[u8]] = &[
        b"navigation",
        b"banner",
        b"contentinfo",
        b"complementary",
        b"search",
        b"menu",
        b"menubar",
        b"dialog",
        b"alert",
    ];
    ROLES.contains(&value.to_ascii_lowercase().as_slice())
}

// ---------------------------------------------------------------------------
// Entities

/// Decodes the character reference at the start of `s` (which starts with
/// `&`): the char and the reference's length in bytes.
fn entity(s: &[u8]) -> Option<(char, usize)> {
    if s.get(1) == Some(&b'#') {
        let (hex, start) = match s.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let digits = s[start.min(s.len())..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let mut v: u32 = 0;
        for &c in &s[start..start + digits] {
            let d = (c as char).to_digit(16).unwrap_or(0);
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d)
                .min(0x11_0000);
        }
        let mut len = start + digits;
        if s.get(len) == Some(&b';') {
            len += 1;
        }
        return Some((numeric_char(v), len));
    }
    let name_len = s[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count()
        .min(32);
    let name = std::str::from_utf8(&s[1..1 + name_len]).ok()?;
    if s.get(1 + name_len) == Some(&b';') {
        if let Some(c) = named_entity(name) {
            return Some((c, name_len + 2));
        }
    }
    // Legacy references without ';' (&nbsp followed by text, &amp …).
    for legacy in [
        "nbsp", "amp", "lt", "gt", "quot", "copy", "reg", "AMP", "LT", "GT", "QUOT",
    ] {
        if name.starts_with(legacy) {
            return named_entity(legacy).map(|c| (c, legacy.len() + 1));
        }
    }
    None
}

/// A numeric reference's char, with HTML's repairs (C1 controls read as
/// windows-1252, invalid values as U+FFFD).
fn numeric_char(v: u32) -> char {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = match v {
        0 => 0xFFFD,
        0x80..=0x9F => CP1252[(v - 0x80) as usize],
        _ => v,
    };
    char::from_u32(v).unwrap_or('\u{FFFD}')
}

/// The named character references the converter knows (the common ones of
/// Chinese pages, typography and Latin letters used in pinyin).
fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "nbsp" => '\u{A0}',
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "bdquo" => '„',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "permil" => '‰',
        "copy" | "COPY" => '©',
        "reg" | "REG" => '®',
        "trade" => '™',
        "sect" => '§',
        "para" => '¶',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "shy" => '\u{AD}',
        "yen" => '¥',
        "euro" => '€',
        "pound" => '£',
        "cent" => '¢',
        "curren" => '¤',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "infin" => '∞',
        "minus" => '−',
        "radic" => '√',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "prime" => '′',
        "Prime" => '″',
        "dagger" => '†',
        "Dagger" => '‡',
        "loz" => '◊',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordm" => 'º',
        "ordf" => 'ª',
        "not" => '¬',
        "brvbar" => '¦',
        "macr" => '¯',
        "acute" => '´',
        "uml" => '¨',
        "cedil" => '¸',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "Omega" => 'Ω',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "igrave" => 'ì',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ouml" => 'ö',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "szlig" => 'ß',
        _ => return None,
    };
    Some(c)
}

// ---------------------------------------------------------------------------
// Pass 1: statistics

/// A record of one block-level (or otherwise notable) element. Counts are
/// the element's own at first and its whole subtree's after propagation.
#[derive(Debug, Clone, Default)]
struct El {
    parent: u32,
    flags: u16,
    /// Some text in the subtree.
    has_text: bool,
    /// Some text that is not a print/share/font-size widget word.
    non_widget: bool,
    /// Non-blank chars.
    chars: u32,
    /// Non-blank chars inside links.
    link: u32,
    /// Non-link chars of dense (long, punctuated) paragraphs.
    dense: u32,
    /// Chars of paragraphs that carry a footer keyword (版权所有, ICP备…).
    footer: u32,
    /// Non-blank chars directly in this element (not in recorded children).
    own: u32,
}

/// The paragraph being read (text between two block boundaries).
#[derive(Debug, Default)]
struct Para {
    chars: u32,
    link: u32,
    punct: u32,
    footer: bool,
}

struct Stats<'a> {
    src: &'a str,
    els: Vec<El>,
    /// Open recorded elements.
    open: Vec<u32>,
    /// Open recorded block elements.
    blocks: Vec<u32>,
    hard: u32,
    link: u32,
    para: Para,
    body: Option<u32>,
}

impl<'a> Stats<'a> {
    fn new(src: &'a str) -> Stats<'a> {
        Stats {
            src,
            els: Vec::new(),
            open: Vec::new(),
            blocks: Vec::new(),
            hard: 0,
            link: 0,
            para: Para::default(),
            body: None,
        }
    }

    /// Ends the current paragraph, crediting its block.
    fn flush(&mut self) {
        let p = std::mem::take(&mut self.para);
        if p.chars == 0 {
            return;
        }
        let Some(&blk) = self.blocks.last() else {
            return;
        };
        let Some(el) = self.els.get_mut(blk as usize) else {
            return;
        };
        let own = p.chars.saturating_sub(p.link);
        if p.footer {
            el.footer = el.footer.saturating_add(p.chars);
        } else if own >= 25 && p.punct >= 1 && u64::from(p.link) * 10 <= u64::from(p.chars) * 3 {
            el.dense = el.dense.saturating_add(own);
        }
    }
}

impl Sink for Stats<'_> {
    fn open(&mut self, e: &Entry, _at: usize) {
        if e.flags & HARD != 0 {
            self.hard += 1;
        }
        if e.flags & LINK != 0 {
            self.link += 1;
        }
        if e.flags & BLOCK != 0 {
            self.flush();
        }
        if e.el == NONE {
            return;
        }
        let parent = self.open.last().copied().unwrap_or(NONE);
        self.els.push(El {
            parent,
            flags: e.flags,
            ..El::default()
        });
        self.open.push(e.el);
        if e.flags & BLOCK != 0 {
            self.blocks.push(e.el);
        }
        if e.flags & BODY != 0 && self.body.is_none() {
            self.body = Some(e.el);
        }
    }

    fn close(&mut self, e: &Entry, _at: usize) {
        if e.flags & BLOCK != 0 {
            self.flush();
        }
        if e.el != NONE {
            self.open.pop();
            if e.flags & BLOCK != 0 {
                self.blocks.pop();
            }
        }
        if e.flags & HARD != 0 {
            self.hard = self.hard.saturating_sub(1);
        }
        if e.flags & LINK != 0 {
            self.link = self.link.saturating_sub(1);
        }
    }

    fn text(&mut self, start: usize, end: usize, raw: bool) {
        if self.hard > 0 {
            return;
        }
        let run = &self.src[start..end];
        let (mut chars, mut punct) = (0u32, 0u32);
        for_each_char(run, raw, |c, _, _| {
            if !c.is_whitespace() {
                chars = chars.saturating_add(1);
                if matches!(
                    c,
                    '，' | '。' | '；' | '！' | '？' | '、' | ',' | ';' | '!' | '?'
                ) {
                    punct = punct.saturating_add(1);
                }
            }
        });
        if chars == 0 {
            return;
        }
        let footer = has_footer_keyword(run);
        let p = &mut self.para;
        p.chars = p.chars.saturating_add(chars);
        p.punct = p.punct.saturating_add(punct);
        p.footer |= footer;
        if self.link > 0 {
            p.link = p.link.saturating_add(chars);
        }
        let Some(&cur) = self.open.last() else { return };
        let Some(el) = self.els.get_mut(cur as usize) else {
            return;
        };
        el.chars = el.chars.saturating_add(chars);
        el.own = el.own.saturating_add(chars);
        if self.link > 0 {
            el.link = el.link.saturating_add(chars);
        }
        el.has_text = true;
        if !is_widget_text(run) {
            el.non_widget = true;
        }
    }

    fn brk(&mut self, _at: usize) {
        self.flush();
    }
}

/// Keywords of site footers.
const FOOTER_KEYWORDS: &[&str] = &[
    "版权所有",
    "版權所有",
    "版权声明",
    "Copyright",
    "COPYRIGHT",
    "copyright",
    "©",
    "&copy;",
    "ICP备",
    "ICP證",
    "ICP证",
    "网站标识码",
    "網站標識碼",
    "公网安备",
    "公網安備",
    "主办单位",
    "主辦單位",
    "承办单位",
    "主办：",
    "主办:",
    "承办：",
    "承办:",
    "技术支持",
    "技術支持",
    "网站地图",
    "联系我们",
    "建议使用",
    "分辨率",
    "备案号",
    "维护单位",
];

fn has_footer_keyword(run: &str) -> bool {
    FOOTER_KEYWORDS.iter().any(|k| run.contains(k))
}

/// Words of print, share, font-size and related-links widgets.
const WIDGET_WORDS: &[&str] = &[
    "打印本页",
    "打印此页",
    "打印",
    "列印",
    "关闭窗口",
    "关闭本页",
    "关闭",
    "關閉",
    "字号",
    "字號",
    "字体",
    "默认",
    "放大",
    "缩小",
    "大",
    "中",
    "小",
    "分享到",
    "分享",
    "收藏",
    "返回顶部",
    "返回頂部",
    "返回",
    "顶部",
    "相关新闻",
    "相關新聞",
    "相关链接",
    "相關鏈接",
    "相关阅读",
    "相關閱讀",
    "相关文章",
    "相關文章",
    "相关文件",
    "相关稿件",
    "相关信息",
    "相关报道",
    "推荐阅读",
    "推薦閱讀",
    "延伸阅读",
    "热点新闻",
    "热门文章",
    "上一篇",
    "下一篇",
    "微信",
    "微博",
    "新浪微博",
    "腾讯微博",
    "QQ空间",
    "QQ",
    "【",
    "】",
];

/// True when a text run is made only of widget words, punctuation and
/// white space (or entities).
fn is_widget_text(run: &str) -> bool {
    let mut rest = run;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() || "[]()（）:：|/·•»«>-_,，".contains(c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '&' {
            if let Some((_, len)) = entity(rest.as_bytes()) {
                rest = &rest[len..];
                continue;
            }
        }
        match WIDGET_WORDS.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => rest = &rest[w.len()..],
            None => return false,
        }
    }
    true
}

/// Calls `f(char, char offset in run, decoded?)` for each char of a text
/// run, decoding entities unless `raw`. The offset of a decoded char is the
/// offset of its `&`; `decoded` tells whether it was an entity.
fn for_each_char(run: &str, raw: bool, mut f: impl FnMut(char, usize, bool)) {
    let b = run.as_bytes();
    let mut i = 0;
    let mut ci = 0;
    while i < b.len() {
        if !raw && b[i] == b'&' {
            if let Some((c, len)) = entity(&b[i..]) {
                f(c, ci, true);
                i += len;
                ci += len; // references are ASCII
                continue;
            }
        }
        let c = run[i..].chars().next().unwrap_or('\u{FFFD}');
        f(c, ci, false);
        i += c.len_utf8();
        ci += 1;
    }
}

// ---------------------------------------------------------------------------
// The choice of content

/// What to write: the element whose text is kept, and the elements dropped.
struct Plan {
    /// Record index of the kept element (0 = the whole page).
    main: u32,
    /// Dropped elements, by record index.
    dropped: Vec<bool>,
}

impl Plan {
    /// Keep everything visible.
    fn keep_all(n: usize) -> Plan {
        Plan {
            main: 0,
            dropped: vec![false; n],
        }
    }
}

impl Stats<'_> {
    fn plan(mut self) -> Plan {
        let n = self.els.len();
        if n == 0 {
            return Plan::keep_all(0);
        }
        // Subtree totals.
        for i in (1..n).rev() {
            let c = self.els[i].clone();
            let Some(p) = self.els.get_mut(c.parent as usize) else {
                continue;
            };
            p.chars = p.chars.saturating_add(c.chars);
            p.link = p.link.saturating_add(c.link);
            p.dense = p.dense.saturating_add(c.dense);
            p.footer = p.footer.saturating_add(c.footer);
            p.has_text |= c.has_text;
            p.non_widget |= c.non_widget;
        }
        let els = &self.els;
        let body = self.body.unwrap_or(0);
        let total_dense = els[body as usize].dense;
        let body_plain = els[body as usize]
            .chars
            .saturating_sub(els[body as usize].link);

        // Children lists, in document order.
        let mut first_child = vec![NONE; n];
        let mut next_sibling = vec![NONE; n];
        for i in (1..n).rev() {
            let p = els[i].parent as usize;
            if p < n {
                next_sibling[i] = first_child[p];
                first_child[p] = i as u32;
            }
        }

        // The deepest element holding 70% of the dense text.
        let mut main = body;
        if total_dense > 0 {
            'descend: loop {
                let mut c = first_child[main as usize];
                while c != NONE {
                    if u64::from(els[c as usize].dense) * 10 >= u64::from(total_dense) * 7 {
                        main = c;
                        continue 'descend;
                    }
                    c = next_sibling[c as usize];
                }
                break;
            }
        }
        let mut protected = vec![false; n];
        let mut a = main;
        while (a as usize) < n {
            protected[a as usize] = true;
            a = els[a as usize].parent;
        }

        let dropped: Vec<bool> = (0..n)
            .map(|i| {
                let e = &els[i];
                if e.flags & HARD != 0 {
                    return true;
                }
                if protected[i] {
                    return false;
                }
                let small = u64::from(e.dense) * 10 <= u64::from(total_dense) * 3
                    && (total_dense > 0
                        || u64::from(e.chars.saturating_sub(e.link)) * 2 <= u64::from(body_plain));
                if !small {
                    return false;
                }
                let furniture = e.flags & (SOFT | NEG | HIDDEN) != 0;
                let link_dense = e.flags & BLOCK != 0
                    && e.chars > 0
                    && u64::from(e.link) * 2 > u64::from(e.chars);
                let widget = e.has_text && !e.non_widget && e.chars <= 200;
                let footer = e.footer > 0 && u64::from(e.footer) * 2 >= u64::from(e.chars);
                furniture || link_dense || widget || footer
            })
            .collect();

        // Chars that survive the drops, per subtree.
        let mut kept: Vec<u64> = els.iter().map(|e| u64::from(e.own)).collect();
        for i in (1..n).rev() {
            let p = els[i].parent as usize;
            if p < n && !dropped[i] {
                kept[p] += kept[i];
            }
        }
        // Let small surroundings (a title, a date line) join the content.
        let budget = kept[main as usize] / 10 + 100;
        let mut extra = 0;
        let mut top = main;
        while top != body && top != 0 {
            let p = els[top as usize].parent;
            if p as usize >= n {
                break;
            }
            let add = kept[p as usize].saturating_sub(kept[top as usize]);
            // The other cells of a layout table's row are columns beside
            // the content (menus, contact boxes), not its title.
            if extra + add > budget || (els[top as usize].flags & CELL != 0 && add > 0) {
                break;
            }
            extra += add;
            top = p;
        }
        self.els.clear();
        Plan { main: top, dropped }
    }
}

// ---------------------------------------------------------------------------
// Pass 2: writing the text

/// White space seen since the last char written.
#[derive(Debug, Clone, Copy)]
struct Ws {
    src: usize,
    /// The run starts with a plain space that can be copied as is.
    space: bool,
    /// The run holds a line break (dropped between two CJK chars).
    newline: bool,
}

struct Emit<'a> {
    src: &'a str,
    plan: &'a Plan,
    w: MappedWriter,
    pos: CharPos,
    active: bool,
    skip: u32,
    pre: u32,
    pre_start: bool,
    line_has_text: bool,
    /// A line break or tab to write before the next char.
    pending: Option<(usize, char)>,
    ws: Option<Ws>,
    last: char,
}

fn emit(src: &str, plan: &Plan) -> Mapped {
    let mut e = Emit {
        src,
        plan,
        w: MappedWriter::new(src.chars().count()),
        pos: CharPos::default(),
        active: plan.main == 0,
        skip: 0,
        pre: 0,
        pre_start: false,
        line_has_text: false,
        pending: None,
        ws: None,
        last: '\n',
    };
    Builder::new(src).run(&mut e);
    e.w.finish()
}

impl Emit<'_> {
    fn dropped(&self, e: &Entry) -> bool {
        e.flags & HARD != 0
            || (e.el != NONE
                && self
                    .plan
                    .dropped
                    .get(e.el as usize)
                    .copied()
                    .unwrap_or(false))
    }

    fn boundary(&mut self, at: usize, sep: char) {
        if self.line_has_text {
            let src = self.pos.at(self.src, at);
            match self.pending {
                Some((_, '\n')) => {}
                _ => self.pending = Some((src, sep)),
            }
            self.ws = None;
        }
    }

    fn flush_pending(&mut self) {
        if let Some((src, c)) = self.pending.take() {
            self.w.synth(src, c.encode_utf8(&mut [0; 4]));
            self.line_has_text = c != '\n';
            self.ws = None;
        }
    }

    fn put(&mut self, c: char, src: usize, copied: bool) {
        let write = |w: &mut MappedWriter, c: char| {
            if copied {
                w.copy_char(src, c);
            } else {
                w.synth(src, c.encode_utf8(&mut [0; 4]));
            }
        };
        if self.pre > 0 {
            if c == '\r' {
                return;
            }
            let first = std::mem::take(&mut self.pre_start);
            if first && c == '\n' {
                return;
            }
            self.flush_pending();
            write(&mut self.w, c);
            self.line_has_text = c != '\n';
            self.last = c;
            return;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
            if self.line_has_text {
                let nl = matches!(c, '\n' | '\r');
                match &mut self.ws {
                    Some(ws) => ws.newline |= nl,
                    None => {
                        self.ws = Some(Ws {
                            src,
                            space: copied && c == ' ',
                            newline: nl,
                        })
                    }
                }
            }
            return;
        }
        self.flush_pending();
        if let Some(ws) = self.ws.take() {
            if self.line_has_text && !(ws.newline && is_wide(self.last) && is_wide(c)) {
                if ws.space {
                    self.w.copy_char(ws.src, ' ');
                } else {
                    self.w.synth(ws.src, " ");
                }
            }
        }
        write(&mut self.w, c);
        self.line_has_text = true;
        self.last = c;
    }
}

impl Sink for Emit<'_> {
    fn open(&mut self, e: &Entry, at: usize) {
        if e.el == self.plan.main && e.el != NONE {
            self.active = true;
        }
        if self.skip > 0 || self.dropped(e) {
            self.skip += 1;
            return;
        }
        if !self.active {
            return;
        }
        if e.flags & CELL != 0 {
            self.boundary(at, '\t');
        } else if e.flags & BLOCK != 0 {
            self.boundary(at, '\n');
        }
        if e.flags & PRE != 0 {
            self.pre += 1;
            self.pre_start = true;
        }
    }

    fn close(&mut self, e: &Entry, at: usize) {
        if self.skip > 0 {
            self.skip -= 1;
        } else if self.active {
            if e.flags & BLOCK != 0 && e.flags & CELL == 0 {
                self.boundary(at, '\n');
            }
            if e.flags & PRE != 0 {
                self.pre = self.pre.saturating_sub(1);
            }
        }
        if e.el == self.plan.main && e.el != NONE && e.el != 0 {
            self.active = false;
        }
    }

    fn text(&mut self, start: usize, end: usize, raw: bool) {
        if !self.active || self.skip > 0 {
            return;
        }
        let base = self.pos.at(self.src, start);
        let src = self.src;
        let run = &src[start..end];
        for_each_char(run, raw, |c, off, decoded| {
            self.put(c, base + off, !decoded)
        });
    }

    fn brk(&mut self, at: usize) {
        if !self.active || self.skip > 0 || self.w.is_empty() {
            return;
        }
        let src = self.pos.at(self.src, at);
        // Written before the next char, so trailing breaks add nothing.
        self.flush_pending();
        self.pending = Some((src, '\n'));
        self.line_has_text = false;
        self.ws = None;
    }
}

/// Chars between which a source line break is dropped rather than turned
/// into a space (CSS's segment break rule for East Asian text).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x303F | 0x3040..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
}

/// Converts byte offsets of a text to char offsets, moving forward only.
#[derive(Debug, Default)]
struct CharPos {
    byte: usize,
    chr: usize,
}

impl CharPos {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        if byte < self.byte {
            self.byte = 0;
            self.chr = 0;
        }
        let skipped = &text.as_bytes()[self.byte..byte];
        self.chr += skipped.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.chr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html).text
    }

    /// The source char each output char maps to.
    fn sources(html: &str) -> Vec<(char, char)> {
        let m = to_text(html);
        let src: Vec<char> = html.chars().collect();
        m.text
            .chars()
            .enumerate()
            .map(|(i, c)| (c, src[m.map.to_source(i)]))
            .collect()
    }

    #[test]
    fn tag_ids_match_the_table() {
        for (id, name) in [
            (ROOT, "#root"),
            (HTML, "html"),
            (HEAD, "head"),
            (BODY_TAG, "body"),
            (P, "p"),
            (LI, "li"),
            (UL, "ul"),
            (OL, "ol"),
            (DL, "dl"),
            (DT, "dt"),
            (DD, "dd"),
            (TABLE, "table"),
            (CAPTION, "caption"),
            (THEAD, "thead"),
            (TBODY, "tbody"),
            (TFOOT, "tfoot"),
            (TR, "tr"),
            (TD, "td"),
            (TH, "th"),
            (A, "a"),
            (BR, "br"),
            (OPTION, "option"),
            (OPTGROUP, "optgroup"),
            (BUTTON, "button"),
            (TEMPLATE, "template"),
            (OBJECT, "object"),
            (SELECT, "select"),
        ] {
            assert_eq!(TAGS[id as usize].0, name);
        }
    }

    #[test]
    fn blocks_make_lines_and_inline_text_joins() {
        assert_eq!(
            text("<p>一、<b>总体</b>要求</p><p>第二段</p>"),
            "一、总体要求\n第二段"
        );
        assert_eq!(text("<div>甲<br>乙<br/><br>丙</div>"), "甲\n乙\n\n丙");
        assert_eq!(text("<ul><li>一<li>二</ul>后"), "一\n二\n后");
        assert_eq!(text("<h1>标题</h1>正文<hr>尾"), "标题\n正文\n尾");
        assert_eq!(
            text("<table><tr><td>指标<td>目标</tr><tr><td>GDP</td><td>7%</td></tr></table>"),
            "指标\t目标\nGDP\t7%"
        );
    }

    #[test]
    fn white_space_collapses_except_in_pre() {
        assert_eq!(text("<p>  a \n\t b  </p>"), "a b");
        assert_eq!(text("<pre>\n a  b\n  c</pre>"), " a  b\n  c");
        // A source line break between CJK chars is not a space.
        assert_eq!(text("<p>经济\n  发展 质量</p>"), "经济发展 质量");
        assert_eq!(text("<p>GDP\n增长</p>"), "GDP 增长");
    }

    #[test]
    fn entities_are_decoded_and_map_to_their_ampersand() {
        assert_eq!(
            text("<p>&ldquo;十四五&rdquo;&nbsp;A&amp;B &lt;x&gt; &#20013;&#x56FD; &mdash;&hellip;&middot;&times;&deg;</p>"),
            "“十四五”\u{A0}A&B <x> 中国 —…·×°"
        );
        assert_eq!(
            text("<p>&nbspx &amp b &unknown; &#0; &#150;</p>"),
            "\u{A0}x & b &unknown; \u{FFFD} –"
        );
        let s = sources("<p>a&amp;b</p>");
        assert_eq!(s, vec![('a', 'a'), ('&', '&'), ('b', 'b')]);
    }

    #[test]
    fn offsets_point_into_the_html() {
        let html = "<p>报告</p>\n<p>第二&gt;行</p>";
        let m = to_text(html);
        assert_eq!(m.text, "报告\n第二>行");
        let src: Vec<char> = html.chars().collect();
        assert_eq!(src[m.map.to_source(0)], '报');
        assert_eq!(src[m.map.to_source(1)], '告');
        assert_eq!(src[m.map.to_source(2)], '<'); // the line break stands for </p>
        assert_eq!(m.map.to_source(3), 13); // '第'
        assert_eq!(src[m.map.to_source(5)], '&');
        assert_eq!(src[m.map.to_source(6)], '行');
        assert_eq!(m.map.out_len(), m.text.chars().count());
    }

    #[test]
    fn scripts_styles_comments_and_odd_markup() {
        let html = "<!DOCTYPE html><html><head><title>标题</title><style>p{}</style>\
            <script>if (a<b && c>d) { x = \"</p>\"; }</script></head><body>\
            <!-- 注释 <p>不要</p> --><p title=\"a>b\" data-x='c>d'>正文</p>\
            <p>1 < 2 and 3 <4</p><![CDATA[数据]]><p>末<?php echo 1 ?>尾</p>\
            <noscript>请开启</noscript><select><option>选项</select><button>按钮</button>\
            <svg><text>图</text></svg><textarea><p>框</p></textarea></body></html>";
        assert_eq!(text(html), "正文\n1 < 2 and 3 <4\n数据\n末尾");
    }

    #[test]
    fn unclosed_and_broken_tags_do_not_lose_text() {
        assert_eq!(text("<div><p>一<div>二<span>三"), "一\n二三");
        assert_eq!(text("<p>甲</span></div></td>乙</p>丙</p>"), "甲乙\n丙");
        assert_eq!(text("<p>尾<a href=\"x"), "尾");
        assert_eq!(text("<script>未完"), "");
        assert_eq!(text("文字 <"), "文字 <");
        assert_eq!(text("<p>a</p></>b<//x>c"), "a\nbc");
    }

    #[test]
    fn hundred_thousand_nested_elements() {
        let n = 100_000;
        let mut html = "<div>".repeat(n);
        html.push_str("深处");
        html.push_str(&"</div>".repeat(n));
        assert_eq!(text(&html), "深处");
        // Unclosed, with stray end tags that match nothing.
        let mut html = "<div><span>".repeat(n);
        html.push('字');
        html.push_str(&"</b></span>".repeat(n));
        assert_eq!(text(&html), "字");
        let html = "<a>x".repeat(n);
        assert_eq!(text(&html).chars().filter(|&c| c == 'x').count(), n);
    }

    #[test]
    fn hidden_elements_are_dropped() {
        let html = "<p>看得见<span style=\"display: none\">看不见</span>的</p><div hidden>藏</div>";
        assert_eq!(text(html), "看得见的");
    }

    const PARA: &str =
        "现在，我代表区人民政府向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。";

    #[test]
    fn main_content_is_chosen_over_page_furniture() {
        let body = (0..6)
            .map(|i| format!("<p>{i}{PARA}</p>"))
            .collect::<String>();
        let html = format!(
            "<html><head><title>报告</title></head><body>\
             <div class=\"top\"><a href=/>首页</a><a href=/a>政务公开</a><a href=/b>新闻中心</a></div>\
             <ul class=\"menu\"><li><a href=/c>领导信息</a></li><li><a href=/d>机构设置</a></li></ul>\
             <div class=\"position\">您当前的位置：<a href=/>首页</a> &gt; <a href=/x>政府工作报告</a></div>\
             <div class=\"wrap\"><div class=\"article\"><h1>2022年政府工作报告</h1>\
             <div class=\"info\">发布时间：2022-12-29 来源：区政府办</div>\
             <div class=\"content\">{body}</div>\
             <div class=\"bar\">【<a href=\"javascript:print()\">打印</a>】【<a>关闭</a>】</div>\
             <div class=\"xg\"><h3>相关新闻</h3><ul><li><a href=/n1>区长主持召开常务会议</a> 2022-12-01</li>\
             <li><a href=/n2>我区召开经济运行分析会</a> 2022-11-20</li></ul></div></div>\
             <div class=\"side\"><h3>热点</h3><a href=/h>某某新闻标题</a></div></div>\
             <div class=\"foot\"><p>版权所有：某某区人民政府办公室 地址：某某路1号</p><p>网站标识码：4201040001 鄂ICP备12345678号</p></div>\
             </body></html>"
        );
        let out = text(&html);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "2022年政府工作报告");
        assert_eq!(lines[1], "发布时间：2022-12-29 来源：区政府办");
        assert_eq!(lines.len(), 8, "{out}");
        assert!(lines[2..].iter().all(|l| l.ends_with(PARA)), "{out}");
    }

    #[test]
    fn without_dense_text_all_body_text_is_kept() {
        let html = "<body><div><p>短行一</p><p>短行二</p></div><div>短行三</div></body>";
        assert_eq!(text(html), "短行一\n短行二\n短行三");
        // A page of links only still gives its text.
        assert_eq!(
            text("<ul><li><a href=a>甲</a></li><li><a href=b>乙</a></li></ul>"),
            "甲\n乙"
        );
    }

    #[test]
    fn content_split_over_sibling_containers_is_kept_whole() {
        let part = |k: usize| {
            (0..3)
                .map(|i| format!("<p>{k}{i}{PARA}</p>"))
                .collect::<String>()
        };
        let html = format!(
            "<body><nav><a href=/>首页</a></nav><div class=\"page\">{}</div><div class=\"page\">{}</div>\
             <footer>版权所有</footer></body>",
            part(1),
            part(2)
        );
        let out = text(&html);
        assert_eq!(out.lines().count(), 6, "{out}");
        assert!(!out.contains("首页") && !out.contains("版权"));
    }

    #[test]
    fn furniture_holding_the_content_is_kept() {
        // Some sites wrap the whole page in a <form> (ASP.NET).
        let body = (0..4)
            .map(|i| format!("<p>{i}{PARA}</p>"))
            .collect::<String>();
        let html = format!("<body><form id=form1><div class=main>{body}</div></form></body>");
        assert_eq!(text(&html).lines().count(), 4);
    }

    #[test]
    fn old_table_layouts() {
        let body = (0..5)
            .map(|i| format!("{i}{PARA}<br>\n"))
            .collect::<String>();
        let html = format!(
            "<table width=1000><tr><td colspan=2><a href=/>首页</a> | <a href=/a>政务公开</a> | <a href=/b>办事服务</a></td></tr>\
             <tr><td width=200><table><tr><td><a href=/1>通知公告</a></td></tr><tr><td><a href=/2>政府文件</a></td></tr></table>\
             <p>联系电话：027-12345678</p></td>\
             <td><table><tr><td align=center><b>2022年政府工作报告</b></td></tr>\
             <tr><td id=zoom>{body}</td></tr>\
             <tr><td align=right>【<a href=#>打印本页</a>】【<a href=#>关闭窗口</a>】</td></tr></table></td></tr>\
             <tr><td colspan=2>版权所有：某某区人民政府 技术支持：某某公司<br>鄂ICP备05003308号</td></tr></table>"
        );
        let out = text(&html);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "2022年政府工作报告", "{out}");
        assert_eq!(lines.len(), 6, "{out}");
    }

    // A gb2312 part needs the legacy decoders: built in with `encodings`,
    // the host's otherwise (the web app's browser test covers that path).
    #[cfg(feature = "encodings")]
    #[test]
    fn web_archives_are_unwrapped() {
        let page = "<html><body><p>现在，我代表区人民政府向大会报告工作。</p></body></html>";
        let (gb, _, _) = encoding_rs::GB18030.encode(page);
        let qp: String = gb
            .iter()
            .map(|&b| {
                if b.is_ascii() && b != b'=' {
                    (b as char).to_string()
                } else {
                    format!("={b:02X}")
                }
            })
            .collect::<Vec<_>>()
            .chunks(20)
            .map(|c| c.concat())
            .collect::<Vec<_>>()
            .join("=\r\n");
        let mht = format!(
            "From: <Saved by Blink>\r\nSubject: =?utf-8?Q?report?=\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc\"\r\n\r\n\
             ------MultipartBoundary--abc\r\nContent-Type: text/html; charset=gb2312\r\n\
             Content-Transfer-Encoding: quoted-printable\r\nContent-Location: http://x/\r\n\r\n{qp}\r\n\
             ------MultipartBoundary--abc\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
             ------MultipartBoundary--abc--\r\n"
        );
        assert!(looks_like_mhtml(&mht));
        assert!(looks_like_mhtml(&format!("\u{FEFF}\r\n{mht}")));
        assert!(!looks_like_mhtml(&format!("政府工作报告\r\n{mht}")));
        assert!(!looks_like_mhtml(
            "MIME-Version 1.0\r\nContent-Type: multipart/related\r\n\r\n"
        ));
        assert!(starts_with_header_field("X-Note:"));
        assert!(!starts_with_header_field(":x") && !starts_with_header_field("a b: c"));
        let m = to_text(&mht);
        assert_eq!(m.text, "现在，我代表区人民政府向大会报告工作。");
        assert_eq!(m.map.src_len(), mht.chars().count());
        // Base64 parts too.
        assert_eq!(base64(b"5oql\r\n5ZGK"), "报告".as_bytes());
        assert_eq!(quoted_printable(b"a=3Db=\r\nc=\nd=zz"), b"a=bcd=zz");
    }

    #[test]
    fn widget_detection() {
        assert!(is_widget_text("【打印】【关闭窗口】"));
        assert!(is_widget_text(" 字号：大 中 小 &nbsp;"));
        assert!(is_widget_text("相关新闻："));
        assert!(!is_widget_text("发布日期:2017-01-23 15:45 打印"));
        assert!(!is_widget_text("中国"));
    }

    #[test]
    fn class_hints() {
        let flags = |v: &str| {
            let mut h = Hints::default();
            h.add(v.as_bytes());
            h.flags()
        };
        assert_eq!(flags("footer_box"), NEG);
        assert_eq!(flags("siteFooter"), NEG);
        assert_eq!(flags("bdsharebuttonbox"), NEG);
        assert_eq!(flags("nav-menu"), NEG);
        assert_eq!(flags("main-nav"), 0);
        assert_eq!(flags("TRS_Editor"), 0);
        assert_eq!(flags("content"), 0);
        assert_eq!(flags("header2"), NEG);
    }

    #[test]
    fn large_flat_page_is_fast_enough() {
        // Linear time: a few MB of markup in well under a second (release).
        let html = "<p>段落<b>加粗</b>&amp;<a href=\"#\">链接</a></p>\n".repeat(50_000);
        let out = text(&html);
        assert_eq!(out.lines().count(), 50_000);
    }
}
