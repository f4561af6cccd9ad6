"""The SRI hashes of index.html's tags, for the post-build steps that change a file Trunk has
already hashed (scripts/minify_glue.py, scripts/shrink_wasm.py)."""
import base64
import hashlib
import re


def rewrite(html: str, name: str, body: bytes) -> str:
    """`html` with the `integrity` of every `<link>`/`<script>` tag that names the file `name`
    recomputed for `body`, in the algorithm the tag already uses. Exits when no tag names it:
    the file would then load without its hash being checked, or not at all."""

    def sri(algorithm: str) -> str:
        return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, body).digest()).decode()}"

    def rehash(tag: re.Match) -> str:
        text = tag.group(0)
        if name not in text:
            return text
        return re.sub(
            r'integrity=(["\']?)(sha256|sha384|sha512)-[^"\' >]+\1',
            lambda m: f"integrity={m.group(1)}{sri(m.group(2))}{m.group(1)}",
            text,
        )

    new_html = re.sub(r"<(?:link|script)\b[^>]*>", rehash, html)
    if new_html == html:
        raise SystemExit(f"no integrity attribute names {name} in index.html")
    return new_html
