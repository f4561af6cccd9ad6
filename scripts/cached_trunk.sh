#!/usr/bin/env bash
# Runs a Trunk build only when its inputs changed since the last one with the same name:
#   scripts/cached_trunk.sh NAME DIST [DIR] -- TRUNK_ARGS...
# NAME names the bundle (dist, panic, leptos-host), DIST is where it must end up, DIR is where
# Trunk runs (default: the repository root). The key hashes every file the build reads (the
# tab's sources and styles, the manifests and lock file, the build scripts, the examples), the
# Trunk arguments and the tool versions. A hit copies the stored bundle to DIST.
#
# Why: Trunk has no up-to-date check. Even with cargo's output warm, a release build runs
# wasm-bindgen and wasm-opt -Oz twice again (about a minute on 2 cores), and a warm CI run
# builds three bundles. Bundles are kept in $DIST_CACHE (default: target/dist-cache), one per
# name.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1 dist=$2
shift 2
dir=.
if [[ $1 != -- ]]; then dir=$1; shift; fi
[[ $1 == -- ]] || { echo "usage: $0 NAME DIST [DIR] -- TRUNK_ARGS..." >&2; exit 2; }
shift
cache=${DIST_CACHE:-${CARGO_TARGET_DIR:-$PWD/target}/dist-cache}
mkdir -p "$cache"

key=$(
  {
    printf '%s\n' "$name" "$dir" "$*"
    trunk --version; wasm-bindgen --version; wasm-opt --version
    find src style public contract scripts examples index.html Trunk.toml Cargo.toml Cargo.lock tools/package-lock.json \
      -type f ! -path 'style/bundle/*' ! -path '*/target/*' ! -path '*/dist/*' ! -path '*/__pycache__/*' -print0 \
      | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-32
)
stored="$cache/$name-$key"
if [[ -f $stored/index.html ]]; then
  echo "cached_trunk: $name is unchanged since its last build (inputs $key): reusing it"
else
  (cd "$dir" && trunk build "$@")
  rm -rf "$cache/$name-"*
  mkdir -p "$stored"
  # Trunk writes to the --dist it was given, or to its configured dist (relative to DIR).
  cp -R "$dist/." "$stored/"
  exit 0
fi
rm -rf "$dist"
mkdir -p "$dist"
cp -R "$stored/." "$dist/"
