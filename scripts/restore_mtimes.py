#!/usr/bin/env python3
"""Gives unchanged files of a fresh clone back the mtimes they had in the previous CI run.

Cargo decides what to rebuild by file mtimes. A fresh `git clone` stamps every file "now", so
with a warm target dir every workspace crate was rebuilt anyway (≈ 10 of the 15 warm minutes on
2 cores). This keeps a manifest in the CI cache: path → (blob hash, mtime). A file whose content
is the same as last time gets its old mtime back; a changed or new file keeps "now", so exactly
the crates that changed rebuild. Content, not dates, decides: safe across merges and re-runs of
older commits.

Usage: restore_mtimes.py <manifest.json>   (run at the top of the checkout)
"""

import json
import os
import subprocess
import sys


def main() -> None:
    manifest_path = sys.argv[1]
    try:
        with open(manifest_path, encoding="utf-8") as f:
            previous = json.load(f)
    except (OSError, ValueError):
        previous = {}
    # `git ls-files -s`: "<mode> <blob> <stage>\t<path>" for every tracked file.
    listing = subprocess.run(
        ["git", "ls-files", "-s", "-z"], check=True, capture_output=True
    ).stdout.decode("utf-8", "surrogateescape")
    current = {}
    restored = 0
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        blob = meta.split()[1]
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        old = previous.get(path)
        if old and old[0] == blob:
            os.utime(path, ns=(old[1], old[1]))
            restored += 1
        current[path] = [blob, os.stat(path).st_mtime_ns]
    tmp = manifest_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(current, f)
    os.replace(tmp, manifest_path)
    print(f"restore_mtimes: {restored} of {len(current)} files unchanged since the last run")


if __name__ == "__main__":
    main()
