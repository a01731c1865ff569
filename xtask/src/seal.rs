//! After Trunk: the page's Content-Security-Policy, and the single file.
//!
//! [`seal_dist`] adds a CSP to `dist/index.html` that lets the page run only
//! its own loader (by hash), its own glue and wasm, a worker from a `blob:`
//! URL (the extraction worker) and its own `<style>` (by hash): no outside
//! scripts, styles, fonts or images, no connections but to its own wasm.
//!
//! [`single_file`] inlines the glue and the wasm (base64) into one
//! `zhengbao.html` whose CSP allows no connection at all (`default-src
//! 'none'`): it works opened from disk, from a USB stick, or served from any
//! path.

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::steps::{Error, Result};

/// The single-file boot code, appended to the wasm-bindgen glue (made a
/// classic script by [`classic_glue`]) in one inline script (`#zb-boot`). On
/// the page it decodes the inlined wasm and starts the app; the app starts
/// its extraction worker from this same text (a classic worker: Chromium
/// refuses module workers on file:// pages), where it waits for the page's
/// compiled module instead.
const BOOT: &str = r#"
if (typeof document === "undefined") {
  self.onmessage = function (e) { self.onmessage = null; __wbg_init({ module_or_path: e.data }); };
} else {
  const zbStart = function () {
    performance.mark("zhengbao-boot");
    const text = document.getElementById("zb-wasm").textContent.trim();
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    __wbg_init({ module_or_path: bytes });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", zbStart);
  else zbStart();
}
"#;

/// The wasm-bindgen glue (an ES module) as a classic script: no `export`s,
/// and `import.meta.url` (used only when no wasm is given) replaced. Refuses
/// glue that imports other files (inline JS snippets): they could not be
/// inlined.
pub fn classic_glue(glue: &str) -> Result<String> {
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("import ") {
            return Err(Error(format!(
                "the glue imports another file and cannot be inlined: {trimmed}"
            )));
        }
        if trimmed.starts_with("export {") {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        out.push_str(&line.replace("import.meta.url", "self.location.href"));
        out.push('\n');
    }
    Ok(out)
}

/// The CSP source of an inline element's text: `'sha256-…'`.
pub fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy. `scripts` and `styles` are hash sources; `own_files` allows
/// loading the glue and wasm from the page's own origin (Trunk's dist/).
pub fn policy(scripts: &[String], styles: &[String], own_files: bool) -> String {
    let own = if own_files { "'self' " } else { "" };
    let connect = if own_files {
        "; connect-src 'self'"
    } else {
        ""
    };
    // A module worker's imports count as worker loads: with own files the
    // worker imports the glue from 'self'.
    format!(
        "default-src 'none'; script-src {own}{} 'wasm-unsafe-eval'; style-src {}; worker-src {own}blob:; img-src data:{connect}; base-uri 'none'; form-action 'none'",
        scripts.join(" "),
        styles.join(" ")
    )
}

/// The text between the first `open` and the next `close`, with the byte
/// range of the whole element.
fn element<'a>(html: &'a str, open: &str, close: &str) -> Option<(&'a str, usize, usize)> {
    let start = html.find(open)?;
    let body = start + open.len();
    let end = body + html[body..].find(close)?;
    Some((&html[body..end], start, end + close.len()))
}

/// The value of `attr="…"` inside the first tag starting with `tag`.
fn attribute<'a>(html: &'a str, tag: &str, attr: &str) -> Option<&'a str> {
    let start = html.find(tag)?;
    let end = start + html[start..].find('>')?;
    let tag = &html[start..end];
    let key = format!("{attr}=\"");
    let value = tag.find(&key)? + key.len();
    let len = tag[value..].find('"')?;
    Some(&tag[value..value + len])
}

/// Removes the first tag starting with `tag` (up to its `>`).
fn remove_tag(html: &mut String, tag: &str) {
    if let Some(start) = html.find(tag) {
        if let Some(len) = html[start..].find('>') {
            html.replace_range(start..start + len + 1, "");
        }
    }
}

/// Inserts the CSP meta right after `<meta charset…>` (before any script).
fn insert_policy(html: &mut String, policy: &str) -> Result {
    let charset = html
        .find("<meta charset")
        .ok_or("dist/index.html has no <meta charset>")?;
    let at = charset + html[charset..].find('>').ok_or("unclosed <meta charset")? + 1;
    html.insert_str(
        at,
        &format!("\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />"),
    );
    Ok(())
}

/// The hash of every `<style>` element's text.
fn style_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some((text, _, end)) = element(rest, "<style>", "</style>") {
        hashes.push(hash_source(text));
        rest = &rest[end..];
    }
    hashes
}

/// Trunk's inline loader: `<script type="module">…</script>`.
const LOADER_OPEN: &str = "<script type=\"module\">";

/// Adds the CSP to Trunk's index.html (in place). Idempotent.
pub fn seal_dist_html(html: &str) -> Result<String> {
    if html.contains("Content-Security-Policy") {
        return Ok(html.to_string());
    }
    let (loader, _, _) = element(html, LOADER_OPEN, "</script>")
        .ok_or("dist/index.html has no inline module loader: did Trunk change?")?;
    let policy = policy(&[hash_source(loader)], &style_hashes(html), true);
    let mut html = html.to_string();
    insert_policy(&mut html, &policy)?;
    Ok(html)
}

/// A text inside a `<script>` data block must not end it early or open an
/// HTML comment there.
fn check_inline(what: &str, text: &str) -> Result {
    let lower = text.to_ascii_lowercase();
    if lower.contains("</script") || lower.contains("<!--") {
        return Err(Error(format!(
            "{what} contains </script or <!-- and cannot be inlined"
        )));
    }
    Ok(())
}

/// Builds the single file from Trunk's index.html, glue and wasm, with the
/// sample reports (name, text) inlined as `<script type="text/plain"
/// data-sample="NAME">` data blocks, which the app reads instead of
/// fetching `samples/NAME`.
pub fn single_file_html(
    html: &str,
    glue: &str,
    wasm: &[u8],
    samples: &[(String, String)],
) -> Result<String> {
    if !glue.contains("async function __wbg_init(") {
        return Err(Error::from(
            "the wasm-bindgen glue has no __wbg_init: did wasm-bindgen change?",
        ));
    }
    let boot = format!("{}\n{BOOT}", classic_glue(glue)?);
    check_inline("the glue", &boot)?;
    let mut html = html.to_string();
    // Trunk's loader, its preload links and any earlier policy go.
    if let Some((_, start, end)) = element(&html, LOADER_OPEN, "</script>") {
        html.replace_range(start..end, "");
    }
    remove_tag(&mut html, "<link rel=\"modulepreload\"");
    remove_tag(&mut html, "<link rel=\"preload\"");
    remove_tag(&mut html, "<meta http-equiv=\"Content-Security-Policy\"");
    let policy = policy(&[hash_source(&boot)], &style_hashes(&html), false);
    insert_policy(&mut html, &policy)?;
    let wasm = base64::engine::general_purpose::STANDARD.encode(wasm);
    let mut scripts = String::new();
    for (name, text) in samples {
        check_inline(name, text)?;
        if name.contains(['"', '<', '>', '&']) {
            return Err(Error(format!(
                "sample name {name:?} cannot be an attribute"
            )));
        }
        scripts.push_str(&format!(
            "<script type=\"text/plain\" data-sample=\"{name}\">{text}</script>\n"
        ));
    }
    scripts.push_str(&format!(
        "<script type=\"application/octet-stream\" id=\"zb-wasm\">{wasm}</script>\n<script id=\"zb-boot\">{boot}</script>\n"
    ));
    let at = html
        .find("</head>")
        .ok_or("dist/index.html has no </head>")?;
    html.insert_str(at, &scripts);
    Ok(html)
}

/// Seals dist/index.html and writes dist/zhengbao.html; returns the single
/// file's path.
pub fn seal(dist: &Path) -> Result<std::path::PathBuf> {
    let index = dist.join("index.html");
    let read =
        |p: &Path| std::fs::read(p).map_err(|e| Error(format!("cannot read {}: {e}", p.display())));
    let html = String::from_utf8(read(&index)?).map_err(|_| "dist/index.html is not UTF-8")?;
    let glue_href = attribute(&html, "<link rel=\"modulepreload\"", "href")
        .ok_or("dist/index.html has no modulepreload link to the glue")?;
    let wasm_href = attribute(&html, "<link rel=\"preload\"", "href")
        .ok_or("dist/index.html has no preload link to the wasm")?;
    let file = |href: &str| dist.join(href.trim_start_matches("./").trim_start_matches('/'));
    let glue = String::from_utf8(read(&file(glue_href))?).map_err(|_| "the glue is not UTF-8")?;
    let wasm = read(&file(wasm_href))?;
    let samples = read_samples(&dist.join("samples"))?;
    let single = single_file_html(&html, &glue, &wasm, &samples)?;
    let sealed = seal_dist_html(&html)?;
    let write = |p: &Path, text: &str| {
        std::fs::write(p, text).map_err(|e| Error(format!("cannot write {}: {e}", p.display())))
    };
    write(&index, &sealed)?;
    let out = dist.join("zhengbao.html");
    write(&out, &single)?;
    Ok(out)
}

/// The sample reports Trunk copied to dist/samples/ (the .txt files), by
/// name.
fn read_samples(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error(format!(
            "{}: {e} (index.html copies tests/corpus there)",
            dir.display()
        ))
    })?;
    let mut samples = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error(format!("{}: {e}", path.display())))?;
        samples.push((name, text));
    }
    samples.sort();
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\" />\n    <title>t</title>\n<script type=\"module\">\nimport init from './app-1.js';\nawait init({ module_or_path: './app-1_bg.wasm' });\n</script>\n    <style>\n body { color: red; }\n</style>\n  <link rel=\"modulepreload\" href=\"./app-1.js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"./app-1_bg.wasm\" as=\"fetch\" type=\"application/wasm\"></head>\n  <body></body>\n</html>\n";
    const GLUE: &str = "let wasm;\nasync function __wbg_init(module_or_path) { return 1; }\nexport { __wbg_init as default };\n";

    #[test]
    fn hashes_are_base64_sha256() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn dist_policy_allows_the_loader_by_hash_and_own_files_only() {
        let sealed = seal_dist_html(TRUNK).unwrap_or_default();
        let loader = "\nimport init from './app-1.js';\nawait init({ module_or_path: './app-1_bg.wasm' });\n";
        assert!(sealed.contains(&hash_source(loader)));
        assert!(sealed.contains(&hash_source("\n body { color: red; }\n")));
        assert!(sealed.contains("default-src 'none'"));
        assert!(sealed.contains("connect-src 'self'"));
        assert!(!sealed.contains("unsafe-inline"));
        // Before the loader, so it governs it; sealing twice changes nothing.
        assert!(sealed.find("Content-Security-Policy") < sealed.find("<script"));
        assert_eq!(seal_dist_html(&sealed).ok(), Some(sealed));
    }

    #[test]
    fn single_file_inlines_everything_and_allows_no_connection() {
        let samples = vec![("a.txt".to_string(), "一、总体要求".to_string())];
        let html = single_file_html(TRUNK, GLUE, &[0, 97, 115, 109], &samples).unwrap_or_default();
        assert!(html
            .contains("<script type=\"text/plain\" data-sample=\"a.txt\">一、总体要求</script>"));
        assert!(!html.contains("app-1.js"), "no link to the glue file");
        assert!(!html.contains("app-1_bg.wasm"), "no link to the wasm file");
        assert!(!html.contains("connect-src"));
        assert!(!html.contains("'self'"));
        assert!(html.contains(
            "<script type=\"application/octet-stream\" id=\"zb-wasm\">AGFzbQ==</script>"
        ));
        let (boot, _, _) =
            element(&html, "<script id=\"zb-boot\">", "</script>").unwrap_or_default();
        assert!(boot.starts_with("let wasm;\nasync function __wbg_init("));
        assert!(!boot.contains("export"));
        assert!(html.contains(&hash_source(boot)));
        assert!(html.find("Content-Security-Policy") < html.find("<script"));
    }

    #[test]
    fn glue_becomes_a_classic_script() {
        let glue = "import { x } from './snippets/a.js';\n";
        assert!(classic_glue(glue).is_err());
        let glue = "export class A {}\nconst u = new URL('a.wasm', import.meta.url);\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(
            classic_glue(glue).ok().as_deref(),
            Some("class A {}\nconst u = new URL('a.wasm', self.location.href);\n")
        );
    }

    #[test]
    fn glue_that_cannot_be_inlined_is_refused() {
        assert!(single_file_html(TRUNK, "export default 1;", &[], &[]).is_err());
        let bad = format!("{GLUE}\nconst s = '</script>';");
        assert!(single_file_html(TRUNK, &bad, &[], &[]).is_err());
        let sample = vec![("a.txt".to_string(), "x</SCRIPT>y".to_string())];
        assert!(single_file_html(TRUNK, GLUE, &[], &sample).is_err());
    }
}
