#!/usr/bin/env bash
# The size floor of Leptos 0.8 on the tab's build settings (bench/size-analysis.md §2c).
#
# Builds the floor apps of this workspace with `trunk build --release` (the tab's profile,
# rustflags and wasm-opt flags) and prints one markdown table of what each ships, measured by
# bench/size.py (raw, gzip -9, brotli -q 11), next to the tab's own dist/ when there is one.
#
# Usage: bench/size-floor/measure.sh [APP …]     (default: hello router table table-norouter)
#   CARGO_TARGET_DIR  where cargo builds (default: the repo's target/); each app's dist goes to
#                     $CARGO_TARGET_DIR/size-floor-dist/APP.
#   TAB_DIST          the tab's dist to compare with (default: the repo's dist/, if it exists).
# `make bench-size-floor` runs it. Not part of `make bench` or `make test`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$repo/tools/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
out="$CARGO_TARGET_DIR/size-floor-dist"
tab_dist="${TAB_DIST:-$repo/dist}"
if [ "$#" -gt 0 ]; then apps=("$@"); else apps=(hello router table table-norouter); fi

cd "$here"
times=()
for app in "${apps[@]}"; do
  [ -f "$app/index.html" ] || { echo "measure.sh: no app $app (hello, router, table, table-norouter)" >&2; exit 2; }
  printf '\033[1m==> trunk build --release %s (load %s)\033[0m\n' "$app" "$(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s)
  trunk build "$app/index.html" --release --dist "$out/$app"
  times+=("$app=$(( $(date +%s) - start ))")
done

# One row per dist: size.py's "all wasm" and "total" rows, raw / gzip / brotli.
rows=()
for app in "${apps[@]}"; do rows+=("$app=$out/$app"); done
if [ -f "$tab_dist/index.html" ]; then rows+=("the tab ($(realpath --relative-to="$repo" "$tab_dist")/)=$tab_dist"); fi
python3 - "$repo/bench/size.py" "${times[@]/#/time:}" "${rows[@]}" <<'PY'
import re, subprocess, sys

size_py, args = sys.argv[1], sys.argv[2:]
times = dict(a[5:].split("=", 1) for a in args if a.startswith("time:"))
dists = [a.split("=", 1) for a in args if not a.startswith("time:")]

def cells(text, label):
    for line in text.splitlines():
        if label in line:
            return [c.strip().strip("*") for c in line.strip("|").split("|")[1:4]]
    sys.exit(f"measure.sh: no '{label}' row in size.py output:\n{text}")

print("\n| app | wasm raw KB | wasm gzip KB | wasm brotli KB | total raw KB | total gzip KB | "
      "total brotli KB | share of the 100 KB goal | build s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, dist in dists:
    text = subprocess.run([sys.executable, size_py, dist], check=True, capture_output=True, text=True).stdout
    wasm, total = cells(text, "*all wasm"), cells(text, "**total")
    files = re.search(r"total \((\d+) files?\)", text).group(1)
    share = f"{float(total[2].replace(',', '')) / 100:.0%}"
    print(f"| {name} ({files} files) | " + " | ".join(wasm + total) + f" | {share} | {times.get(name, '—')} |")
print("\nKB = 1,024 bytes, each file compressed on its own (bench/size.py); build s = wall clock of "
      "`trunk build --release` (— = not built by this run).")
PY
