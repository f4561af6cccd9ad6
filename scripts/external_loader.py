#!/usr/bin/env python3
"""Trunk post_build hook: move Trunk's inline module loader into its own file.

Trunk 0.21 puts `<script type="module">import init … </script>` inline in index.html; the tab's
strict CSP (`script-src 'self'`) forbids inline scripts. This writes the script to
`loader-<hash>.js` in the staging dir and references it with `src` and an SRI hash instead.
"""
import base64
import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
if not public_url.endswith("/"):
    public_url += "/"
html_path = staging / "index.html"
html = html_path.read_text(encoding="utf-8")

# Release builds minify the HTML, so the attribute may be unquoted: type=module.
INLINE = re.compile(r'<script\s+type=["\']?module["\']?(?![^>]*\bsrc=)([^>]*)>(.*?)</script>', re.S)
matches = list(INLINE.finditer(html))
if not matches:
    sys.exit("external_loader: no inline module script found in index.html")


def external(m: re.Match) -> str:
    body = m.group(2).strip() + "\n"
    digest = hashlib.sha256(body.encode()).digest()
    name = f"loader-{digest.hex()[:16]}.js"
    (staging / name).write_text(body, encoding="utf-8")
    sri = "sha256-" + base64.b64encode(digest).decode()
    return f'<script type="module" src="{public_url}{name}" integrity="{sri}" crossorigin="anonymous"></script>'


html = INLINE.sub(external, html)
html_path.write_text(html, encoding="utf-8")
print(f"external_loader: moved {len(matches)} inline module script(s) to files")
