#!/usr/bin/env bash
# Property-based contract test: schemathesis against a fresh dev server, every operation of
# contract/openapi.yaml, default checks. Exits non-zero on any failure.
#
#   VENV=.venv devserver/schemathesis.sh [path/to/devserver-binary]
#
# The binary comes from $1, else $DEVSERVER_BIN, else `cargo build -p devserver`.
# Knobs: SCHEMATHESIS_MAX_EXAMPLES (default 75), SCHEMATHESIS_SEED (default 1).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${VENV:-$root/.venv}
st=$venv/bin/schemathesis
if [[ ! -x $st ]]; then
  echo "schemathesis.sh: $st not found; install it with" >&2
  echo "  python3 -m venv $venv && $venv/bin/pip install -r $root/tools/requirements.txt" >&2
  exit 2
fi

bin=${1:-${DEVSERVER_BIN:-}}
if [[ -z $bin ]]; then
  (cd "$root" && cargo build -q -p devserver)
  bin=${CARGO_TARGET_DIR:-$root/target}/debug/devserver
fi

log=$(mktemp)
# No --auto-login: schemathesis' ignored_auth check must see 401 without credentials, so the
# admin persona comes from a bearer token instead.
"$bin" --addr 127.0.0.1:0 >"$log" 2>/dev/null &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

# Port 0 picks a free port; the server prints the real one when it is ready.
url=
for _ in $(seq 1 300); do
  url=$(sed -n 's/^devserver listening on \(http:[^ ]*\)$/\1/p' "$log")
  [[ -n $url ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "schemathesis.sh: the dev server exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n $url ]] || { echo "schemathesis.sh: the dev server did not start" >&2; exit 1; }
echo "schemathesis.sh: dev server at $url"

# The hooks leave out one request the contract makes both valid and invalid (see the file).
PYTHONPATH="$root/devserver${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks \
"$st" run "$root/contract/openapi.yaml" \
  --url "$url/api/v1" \
  --header "Authorization: Bearer dev-workspace_admin" \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-75}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --workers 2 \
  --no-color
