#!/usr/bin/env python3
"""Trunk post_build hook (release only): minify wasm-bindgen's JS glue and keep its SRI.

Trunk's own minifier cannot parse the glue, so release builds shipped it as written: 64 KB raw,
about 2 KB more brotli than minified. This runs terser (from tools/node_modules, pinned in
tools/package-lock.json) on it as an ES module, which keeps its exports and `import.meta.url`,
then writes the new SRI hash into every tag of index.html that names the file, in the hash
algorithm the tag already uses. The file keeps its name: Trunk's hash names the build, it is
not checked against the content.

It runs before scripts/external_loader.py in the same hook (Trunk starts a stage's hooks at once,
and both rewrite index.html).
Debug builds are left as they are, for readable stack traces.
"""
import os
import pathlib
import re
import subprocess
import sys

import sri  # scripts/sri.py, beside this file

if os.environ.get("TRUNK_PROFILE") != "release":
    sys.exit(0)

staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
html_path = staging / "index.html"
html = html_path.read_text(encoding="utf-8")

# The glue is the module Trunk preloads: `<link … href=/NAME.js … rel=modulepreload>`.
glue_names = sorted(
    {
        pathlib.PurePosixPath(href.group(1)).name
        for tag in re.findall(r"<link\b[^>]*>", html)
        if "modulepreload" in tag
        for href in [re.search(r'\bhref=["\']?([^"\' >]+\.js)', tag)]
        if href
    }
)
if len(glue_names) != 1:
    sys.exit(f"minify_glue: expected one modulepreload .js in index.html, found {glue_names}")
glue = staging / glue_names[0]

terser = pathlib.Path(__file__).resolve().parent.parent / "tools/node_modules/.bin/terser"
if not terser.is_file():
    sys.exit(f"minify_glue: {terser} is missing (scripts/bootstrap.sh installs it)")
before = glue.stat().st_size
subprocess.run(
    [str(terser), str(glue), "--module", "--compress", "--mangle", "--ecma", "2020", "-o", str(glue)],
    check=True,
)
body = glue.read_bytes()
new_html = sri.rewrite(html, glue.name, body)
html_path.write_text(new_html, encoding="utf-8")
print(f"minify_glue: {glue.name} {before} -> {len(body)} bytes, SRI updated")
