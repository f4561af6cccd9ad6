#!/usr/bin/env python3
"""Size of every asset the tab loads: raw, gzip -9 and brotli -q 11, per asset and in total.

Builds nothing: reads a Trunk dist dir (default dist/). Starts at index.html and follows what
the page loads: <script src>, <link href> (stylesheets, modulepreload, preload), the ES module
imports of every JS file (static `import … from`, `import(…)`, `new URL(…, import.meta.url)`,
the `module_or_path` the loader passes to init) and CSS `url(…)` / `@import`.

Usage: bench/size.py [DIST] [--results FILE]
  --results FILE  write the machine header and this table into FILE (overwrites it), so that
                  `make bench` can append the other sections.
gzip is Python's gzip at level 9 (mtime 0); brotli is the `brotli` CLI at -q 11 (Debian's
`brotli` package; scripts/bootstrap.sh installs it).
"""
import datetime
import gzip
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys

GOAL_BROTLI = 100 * 1024


def usage() -> None:
    sys.exit(__doc__)


args = sys.argv[1:]
results = None
if "--results" in args:
    i = args.index("--results")
    if i + 1 >= len(args):
        usage()
    results = pathlib.Path(args[i + 1])
    del args[i : i + 2]
if len(args) > 1 or any(a.startswith("-") for a in args):
    usage()
dist = pathlib.Path(args[0] if args else "dist").resolve()
index = dist / "index.html"
if not index.is_file():
    sys.exit(f"size: {index} not found (run `make dist` or pass the dist dir)")
if not shutil.which("brotli"):
    sys.exit("size: the `brotli` CLI is missing (scripts/bootstrap.sh installs it)")

HTML_REFS = [
    re.compile(r"<script\b[^>]*?\bsrc=[\"']?([^\"' >]+)", re.I),
    re.compile(r"<link\b[^>]*?\bhref=[\"']?([^\"' >]+)", re.I),
    re.compile(r"<img\b[^>]*?\bsrc=[\"']?([^\"' >]+)", re.I),
]
# wasm-bindgen's default `new URL('x_bg.wasm', import.meta.url)` is a fallback the loader
# overrides with module_or_path: counted only if present, never reported missing.
JS_OPTIONAL = re.compile(r"""new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url""")
JS_REFS = [
    re.compile(r"""\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?['"]([^'"]+)['"]"""),
    re.compile(r"""\bimport\(\s*['"]([^'"]+)['"]\s*\)"""),
    re.compile(r"""module_or_path\s*:\s*['"]([^'"]+)['"]"""),
]
CSS_REFS = [
    re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)"""),
    re.compile(r"""@import\s+['"]([^'"]+)['"]"""),
]


def resolve(ref: str, base: pathlib.Path) -> pathlib.Path | None:
    ref = ref.split("#")[0].split("?")[0]
    if not ref or re.match(r"^(data:|https?:|//)", ref):
        return None
    p = (dist / ref.lstrip("/")) if ref.startswith("/") else (base.parent / ref)
    p = p.resolve()
    return p if p.is_file() and dist in p.parents else None


def refs(path: pathlib.Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    kind = path.suffix.lower()
    pats = HTML_REFS if kind == ".html" else JS_REFS if kind in (".js", ".mjs") else CSS_REFS if kind == ".css" else []
    return [m.group(1) for pat in pats for m in pat.finditer(text)]


order: list[pathlib.Path] = []
seen: set[pathlib.Path] = set()
todo = [index.resolve()]
missing: list[str] = []
while todo:
    p = todo.pop(0)
    if p in seen:
        continue
    seen.add(p)
    order.append(p)
    if p.suffix == ".js":
        for m in JS_OPTIONAL.finditer(p.read_text(encoding="utf-8", errors="replace")):
            q = resolve(m.group(1), p)
            if q is not None:
                todo.append(q)
    for r in refs(p):
        q = resolve(r, p)
        if q is None:
            if not re.match(r"^(data:|https?:|//)", r):
                missing.append(f"{r} (from {p.name})")
            continue
        todo.append(q)


def brotli_size(data: bytes) -> int:
    out = subprocess.run(["brotli", "-q", "11", "-c"], input=data, capture_output=True, check=True)
    return len(out.stdout)


rows = []
for p in order:
    data = p.read_bytes()
    rows.append((p.relative_to(dist).as_posix(), len(data), len(gzip.compress(data, 9, mtime=0)), brotli_size(data)))


def kind(name: str) -> str:
    return {"wasm": "wasm", "js": "JS", "css": "CSS", "html": "HTML"}.get(name.rsplit(".", 1)[-1], "other")


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


lines = ["| asset | raw KB | gzip -9 KB | brotli -q 11 KB |", "|---|---:|---:|---:|"]
for name, raw, gz, br in sorted(rows, key=lambda r: -r[3]):
    lines.append(f"| `{name}` | {kb(raw)} | {kb(gz)} | {kb(br)} |")
for k in ("wasm", "JS", "CSS", "HTML", "other"):
    sel = [r for r in rows if kind(r[0]) == k]
    if sel:
        lines.append(
            f"| *all {k} ({len(sel)} file{'s' if len(sel) > 1 else ''})* | {kb(sum(r[1] for r in sel))} | "
            f"{kb(sum(r[2] for r in sel))} | {kb(sum(r[3] for r in sel))} |"
        )
tot = [sum(r[i] for r in rows) for i in (1, 2, 3)]
lines.append(f"| **total ({len(rows)} files)** | **{kb(tot[0])}** | **{kb(tot[1])}** | **{kb(tot[2])}** |")
verdict = "met" if tot[2] <= GOAL_BROTLI else f"NOT met: {tot[2] / GOAL_BROTLI:.2f}× the goal"
summary = f"Goal ≤ 100 KB brotli in total: {verdict}. KB = 1,024 bytes; each file compressed on its own."
notes = []
if missing:
    notes.append("Referenced but not in the dist dir (not counted): " + ", ".join(f"`{m}`" for m in missing))
wasm_rows = [r for r in rows if r[0].endswith(".wasm")]
if wasm_rows and wasm_rows[0][1] > 3 * 1024 * 1024:
    notes.append("**The wasm is over 3 MB: this dist looks like a debug build** (`make dist` builds release).")

table = "\n".join(lines)
print(f"Assets loaded by {index}:\n")
print(table)
print()
print(summary)
for n in notes:
    print(n)

if results:

    def cmd(*argv: str) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"

    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = cmd("chromium", "--version") or cmd("chromium-browser", "--version") or "not installed"
    commit = cmd("git", "rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if cmd("git", "status", "--porcelain", "--untracked-files=no") else ""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        "# Benchmark results",
        "",
        "Written by `make bench`. Ratios against baselines from the same run where there is one.",
        "",
        f"- date: {now}",
        f"- commit: `{commit}`{dirty}",
        f"- machine: {os.cpu_count()} CPUs (`nproc` {cmd('nproc')}), {cpu}, {platform.system()} {platform.release()}",
        f"- load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        f"- browser: {chromium}",
        f"- rustc: {cmd('rustc', '--version')}",
        "",
        "## 2. Size of every asset the tab loads",
        "",
        f"From `{os.path.relpath(dist)}/index.html`.",
        "",
        table,
        "",
        summary,
    ]
    for n in notes:
        header += ["", n]
    # The by-crate breakdown is a manual analysis (bench/wasm_crates.py on a build with names):
    # carried into every report so a rerun does not lose it.
    analysis = pathlib.Path(__file__).with_name("size-analysis.md")
    if analysis.is_file():
        header += ["", analysis.read_text(encoding="utf-8").rstrip()]
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text("\n".join(header) + "\n", encoding="utf-8")
    print(f"\nwrote {results}")
