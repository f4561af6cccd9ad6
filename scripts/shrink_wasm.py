#!/usr/bin/env python3
"""Trunk post_build hook (release only): optimise the wasm ourselves, without the exports of
`wasm-streams` that nothing calls, and keep its SRI.

leptos turns on server_fn's `browser` feature, which brings `wasm-streams`, whose
`#[wasm_bindgen]` types (IntoUnderlyingSource, …Sink, …ByteSource) are exported from the wasm
whether or not anything uses them; as exports they are roots that no optimiser may remove. The
tab has no server functions, so nothing calls them. Here `wasm-metadce` (binaryen, pinned in
tools/package-lock.json) drops those exports and the code only they reach, then `wasm-opt -Oz
-Oz` optimises as Trunk would have (index.html turns Trunk's own wasm-opt off: running
`wasm-metadce` after it and optimising a second time cost more than it saved). The JS glue keeps
its classes for them; their methods would only reach the wasm if something created one.

Release builds only: debug builds are never optimised. It rewrites the SRI hash of every tag of
index.html that names the wasm, in the algorithm the tag already uses.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import sri  # scripts/sri.py, beside this file
from wasm_format import leb  # scripts/wasm_format.py

if os.environ.get("TRUNK_PROFILE") != "release":
    sys.exit(0)

staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
html_path = staging / "index.html"
html = html_path.read_text(encoding="utf-8")
bin_dir = pathlib.Path(__file__).resolve().parent.parent / "tools/node_modules/.bin"

wasms = sorted(staging.glob("*_bg.wasm"))
if len(wasms) != 1:
    sys.exit(f"shrink_wasm: expected one *_bg.wasm in the staging dir, found {wasms}")
wasm = wasms[0]
# The features wasm-bindgen's output uses; with them wasm-opt gives the same bytes as Trunk's run.
FEATURES = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
]
UNUSED = "intounderlying"  # wasm-streams' exported types and their methods


def exports(data: bytes) -> list[str]:
    """The names in the wasm's export section."""
    i, names = 8, []
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        if sid == 7:
            n, j = leb(data, i)
            for _ in range(n):
                ln, j = leb(data, j)
                names.append(data[j : j + ln].decode())
                j += ln + 1  # the name, then the export's kind byte
                _, j = leb(data, j)
        i += size
    return names


def run(tool: str, *args: str) -> None:
    exe = bin_dir / tool
    if not exe.is_file():
        sys.exit(f"shrink_wasm: {exe} is missing (scripts/bootstrap.sh installs it)")
    subprocess.run([str(exe), *args], check=True, stdout=subprocess.DEVNULL)


before = wasm.stat().st_size
names = exports(wasm.read_bytes())
dropped = [n for n in names if UNUSED in n]
graph = [
    {"name": f"export:{n}", "export": n, **({} if UNUSED in n else {"root": True})}
    for n in names
]
with tempfile.TemporaryDirectory() as tmp:
    graph_file = pathlib.Path(tmp) / "graph.json"
    graph_file.write_text(json.dumps(graph))
    pruned = pathlib.Path(tmp) / "pruned.wasm"
    run("wasm-metadce", str(wasm), "--graph-file", str(graph_file), *FEATURES, "-o", str(pruned))
    run("wasm-opt", str(pruned), "-Oz", "-Oz", *FEATURES, "-o", str(wasm))
body = wasm.read_bytes()
new_html = sri.rewrite(html, wasm.name, body)
html_path.write_text(new_html, encoding="utf-8")
print(f"shrink_wasm: {wasm.name} {before} -> {len(body)} bytes; dropped {len(dropped)} exports")
