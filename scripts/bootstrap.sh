#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already there.
# Only package registries are used (crates.io, npm, PyPI, Debian): nothing else is reachable.
# Usage: scripts/bootstrap.sh [build|test]   (test also installs Chromium and schemathesis)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}
TRUNK_VERSION=0.21.14
# Trunk ships lto="fat" + codegen-units=1: a long single-threaded link on 2 cores. The tools only
# orchestrate the build, so a faster-to-compile profile costs nothing that matters.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=2 cargo install "$@"
}
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  step "cargo install trunk $TRUNK_VERSION (7-10 min on a cold machine)"
  # 0.22.x needs a newer rustc than this machine has: pin exactly.
  fast_install trunk --version "=$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock exactly.
wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ]]; then
  step "cargo install wasm-bindgen-cli $wb (2-3 min)"
  fast_install wasm-bindgen-cli --version "=$wb" --locked \
    || fast_install wasm-bindgen-cli --version "=$wb"
fi

# wasm-opt (binaryen 132), terser (minifies the JS glue), axe-core and typescript (tsc checks embed.d.ts against a typed host)
# come from npm, pinned in tools/package-lock.json.
if [[ ! -x tools/node_modules/.bin/wasm-opt || ! -x tools/node_modules/.bin/terser \
      || ! -f tools/node_modules/axe-core/axe.min.js ]] \
   || ! cmp -s tools/package-lock.json tools/node_modules/.package-lock.json.stamp 2>/dev/null; then
  step "npm ci (binaryen 132, terser, axe-core, typescript)"
  (cd tools && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.package-lock.json.stamp)
fi

step "cargo fetch --locked"
cargo fetch --locked >/dev/null

[[ $mode == test ]] || exit 0

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

# `make bench` (bench/size.py) measures brotli -q 11 with the CLI.
if ! command -v brotli >/dev/null; then
  step "apt-get install brotli"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends brotli >/dev/null
fi

venv=${VENV:-$PWD/.venv}
if [[ ! -x $venv/bin/schemathesis ]] || ! cmp -s tools/requirements.txt "$venv/requirements.stamp" 2>/dev/null; then
  step "python venv with schemathesis ($venv)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r tools/requirements.txt
  cp tools/requirements.txt "$venv/requirements.stamp"
fi
