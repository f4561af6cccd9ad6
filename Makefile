# idlcm-users — the two commands a newcomer needs: `make run` and `make test`.
# Every target installs what it needs first (scripts/bootstrap.sh, idempotent).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tools/node_modules/.bin:$(PATH)
# Where the Python venv for schemathesis lives (CI points it at a cache outside the clone).
export VENV ?= $(CURDIR)/.venv
ADDR ?= 127.0.0.1:8080
CARGO_TARGET := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
# Tests at once per test binary. The end-to-end tests mostly wait on the browser and the
# simulator, so 4 on 2 cores cut the suite's wall time; each test thread borrows a pooled
# Chromium (tests/kit/src/browser.rs) instead of starting its own.
TEST_THREADS ?= 4
# examples/leptos-host's Trunk build: outside the source tree, a debug build (no wasm-opt) that
# reuses the debug wasm32 deps of the component tests.
LEPTOS_HOST_DIST := $(CARGO_TARGET)/leptos-host-dist
# The tab built with the test-only `panic-trigger` feature (debug, never released) for the e2e
# crash-panel test. Built before the e2e tests start: built inside the test (its fallback), the
# compile ran alongside the other e2e tests and starved their browsers of the 2 cores (an
# export test then missed its 20 s deadline in CI).
PANIC_DIST := $(CARGO_TARGET)/e2e-dist-panic-trigger
# Where the end-to-end tests find the bundles they serve (tests/kit/src/fixtures.rs).
E2E_ENV := IDLCM_DIST=$(CURDIR)/dist IDLCM_LEPTOS_HOST_DIST="$(LEPTOS_HOST_DIST)" IDLCM_PANIC_DIST="$(PANIC_DIST)"
# The decoder parity test's inputs (src/model/parity_corpus_tests.rs writes them, new each run).
PARITY_CORPUS := $(CARGO_TARGET)/decode-parity-corpus.json
# make bench part 1: the release bench/table bundle (production rows + vanilla.js), its own dist.
BENCH_TABLE_DIST := $(CARGO_TARGET)/bench-table-dist

step = @printf '\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: tools tools-build
tools: ## Install everything the build and the tests need (skips what is there)
	@scripts/bootstrap.sh test
tools-build:
	@scripts/bootstrap.sh build

.PHONY: dist
dist: tools-build ## Build the release bundle into dist/
	$(call step,trunk build --release)
	scripts/cached_trunk.sh dist dist -- --release

.PHONY: panic-dist
panic-dist: tools-build ## Build the tab with the test-only panic trigger (debug) for the e2e crash-panel test
	$(call step,trunk build --features panic-trigger (debug, e2e only))
	@# index.html's data-cargo-features wins over trunk's --features: build from a copy that asks for both.
	sed 's/data-cargo-features="embed"/data-cargo-features="embed panic-trigger"/' index.html > .panic-index.html
	scripts/cached_trunk.sh panic "$(PANIC_DIST)" -- .panic-index.html --dist "$(PANIC_DIST)"

.PHONY: leptos-host
leptos-host: tools-build ## Build examples/leptos-host (debug) into $(CARGO_TARGET)/leptos-host-dist
	$(call step,trunk build examples/leptos-host (debug))
	scripts/cached_trunk.sh leptos-host "$(LEPTOS_HOST_DIST)" examples/leptos-host -- --dist "$(LEPTOS_HOST_DIST)"

.PHONY: run
run: dist leptos-host ## Build and serve the tab with seeded data at http://127.0.0.1:8080
	$(call step,the example hosts under dist/examples/)
	rm -rf dist/examples && mkdir -p dist/examples
	cp -R examples/html-host dist/examples/html-host
	cp -R "$(LEPTOS_HOST_DIST)" dist/examples/leptos-host
	$(call step,cargo build --release -p devserver)
	cargo build --release -p devserver
	$(call step,serving http://$(ADDR)/ (signed in as an Admin; Ctrl-C stops))
	@echo "Personas: http://$(ADDR)/dev/login?role=workspace_user (no access), ?role=workspace_owner …"
	@echo "Hosts: http://$(ADDR)/examples/html-host/users  http://$(ADDR)/examples/leptos-host/"
	exec "$(CARGO_TARGET)/release/devserver" --addr $(ADDR) --dist dist --simulate --auto-login workspace_admin

.PHONY: test
test: tools dist leptos-host panic-dist ## Run every test: native unit + API, schemathesis, wasm component, end-to-end
	$(call step,cargo fmt --check)
	cargo fmt --all --check
	$(call step,cargo clippy (native + wasm) -D warnings)
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --features embed -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p leptos-host --bins -- -D warnings
	$(call step,embed.d.ts: a TypeScript host compiles against it (tsc --noEmit))
	tsc -p examples/ts-host
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p idlcm-users --features embed
	$(call step,the wasm build has no tokio / axum / hyper)
	@! cargo tree --locked --target wasm32-unknown-unknown -p idlcm-users -e normal --prefix none \
	  | grep -E '^(tokio|axum|hyper|mio) ' || { echo "native server crates leak into the wasm build"; exit 1; }
	$(call step,native tests: contract, dev server API, tab model, end-to-end in headless Chromium)
	$(E2E_ENV) cargo test --workspace --locked -- --test-threads=$(TEST_THREADS)
	$(call step,wasm component tests in headless Chromium + schemathesis against the dev server (at once))
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-wasm test-schema

# The loop while working on the tab: only the end-to-end suite, on the bundles `make test` uses.
.PHONY: end-to-end
end-to-end: tools dist leptos-host panic-dist ## Only the end-to-end tests (headless Chromium)
	$(E2E_ENV) cargo test --locked --test e2e -- --test-threads=$(TEST_THREADS)

# The last two suites share nothing (a browser vs a Python client on their own ports): make test
# runs them side by side, each one's output kept together.
.PHONY: test-wasm test-schema
# The runner gives a whole browser suite 20 s by default; the parity corpus alone took 8 s of a
# debug build while the schema suite ran beside it, so a slower machine gets room.
test-wasm: export WASM_BINDGEN_TEST_TIMEOUT = 180
test-wasm:
	cargo test --locked --target wasm32-unknown-unknown --test components
	DECODE_PARITY_CORPUS="$(PARITY_CORPUS)" cargo test --locked --lib write_decode_parity_corpus -- --ignored
	DECODE_PARITY_CORPUS="$(PARITY_CORPUS)" cargo test --locked --target wasm32-unknown-unknown --test decode_parity
test-schema:
	cargo build --locked -p devserver
	DEVSERVER_BIN="$(CARGO_TARGET)/debug/devserver" devserver/schemathesis.sh

# Part 1's page (and the speed floor's): the release bench/table bundle + vanilla.js, bench.js.
.PHONY: bench-table-bundle
bench-table-bundle: tools
	$(call step,build the bench/table bundle)
	cd bench/table && trunk build --release --dist "$(BENCH_TABLE_DIST)"
	cp bench/table/vanilla.js bench/table/bench.js "$(BENCH_TABLE_DIST)/"

.PHONY: bench
bench: tools dist bench-table-bundle ## Benchmarks (ratios against baselines in the same run) -> bench/RESULTS.md
	$(call step,build the runners first (nothing compiles while measuring))
	cargo build --locked --release -p bench-runner -p devserver --bin bench-runner --bin devserver-bench
	@date +%s > "$(CARGO_TARGET)/.bench-start"
	$(call step,2. size of every asset the tab loads (raw / gzip -9 / brotli -q 11))
	python3 bench/size.py dist --results bench/RESULTS.md
	$(call step,1. table ops: production rows vs vanilla JS (headless Chromium))
	"$(CARGO_TARGET)/release/bench-runner" "$(BENCH_TABLE_DIST)" --results bench/RESULTS.md
	$(call step,3. time to first rows: the tab vs a vanilla page (cold load; brotli; loopback))
	"$(CARGO_TARGET)/release/bench-runner" first-rows dist --results bench/RESULTS.md
	$(call step,4. polling cost: DOM mutations and time per poll (page size 100))
	"$(CARGO_TARGET)/release/bench-runner" polling dist --results bench/RESULTS.md
	$(call step,5. memory: wasm / DOM / listeners / JS heap over polls and drawer cycles)
	"$(CARGO_TARGET)/release/bench-runner" memory dist --results bench/RESULTS.md
	$(call step,6. dev server list-operation latencies)
	"$(CARGO_TARGET)/release/devserver-bench" | tee bench/.devserver-bench.txt
	@{ printf '\n## 6. Dev server list-operation latencies\n\n`devserver-bench`, release build.\n\n```\n'; \
	  cat bench/.devserver-bench.txt; printf '```\n'; } >> bench/RESULTS.md
	@rm -f bench/.devserver-bench.txt
	@{ printf '\n'; cat bench/optimisations.md; } >> bench/RESULTS.md
	@echo "measuring took $$(( $$(date +%s) - $$(cat "$(CARGO_TARGET)/.bench-start") )) s (builds excluded)" \
	  | tee -a bench/RESULTS.md
	@echo "wrote bench/RESULTS.md"

# Which of the tab's modules costs what (bench/wasm_crates.py --by module): the release wasm built
# with v0 symbol mangling, which keeps generic arguments in function names, so framework code
# instantiated for a closure of, say, tab::users_view is charged to that module. Its own target
# dir (the flags differ from the shipped build's; RUSTFLAGS replaces .cargo/config.toml's list,
# hence erase_components again), then wasm-bindgen and `wasm-opt -Oz -Oz -g` as Trunk does, names
# kept. A one-off look, not part of `make bench`.
SIZE_MODULES := $(CARGO_TARGET)/size-modules
.PHONY: bench-size-modules
bench-size-modules: tools ## Wasm code by project module, raw and brotli (bench/wasm_crates.py)
	$(call step,release wasm with v0 symbol names)
	RUSTFLAGS="--cfg erase_components -C symbol-mangling-version=v0" cargo build --locked --release \
	  --target wasm32-unknown-unknown --features embed --bin idlcm-users --target-dir "$(SIZE_MODULES)"
	rm -rf "$(SIZE_MODULES)/bindgen"
	wasm-bindgen --target web --keep-debug --out-dir "$(SIZE_MODULES)/bindgen" \
	  "$(SIZE_MODULES)/wasm32-unknown-unknown/release/idlcm-users.wasm"
	wasm-opt "$(SIZE_MODULES)/bindgen/idlcm-users_bg.wasm" -Oz -Oz -g --enable-bulk-memory \
	  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
	  --enable-reference-types -o "$(SIZE_MODULES)/named.wasm"
	python3 bench/wasm_crates.py "$(SIZE_MODULES)/named.wasm" 40 --by module --brotli

# How much of the 100 KB size goal Leptos 0.8 itself takes. Builds the tiny apps of its own
# workspace (bench/size-floor) with the tab's settings and prints their sizes next to dist/'s
# (hence `dist`; `tools` installs brotli). Separate from `make bench` and `make test`: it is a
# one-off measurement, and each app is a release build.
.PHONY: bench-size-floor
bench-size-floor: tools dist ## Size floor of Leptos 0.8 on the tab's settings (bench/size-floor)
	$(call step,bench/size-floor/measure.sh)
	bench/size-floor/measure.sh

# How close to vanilla Leptos 0.8 gets on the table's DOM at all. Part 1's cells with
# the plainest Leptos table (bench/table/src/floor.rs: static cells, one signal per row, no
# listeners) in place of the production one, into bench/speed-floor.md. Separate from `make
# bench` (which must stay under 10 minutes); same bundle and runner.
.PHONY: bench-speed-floor
bench-speed-floor: tools bench-table-bundle ## Speed floor: the plainest Leptos table vs vanilla (bench/speed-floor.md)
	$(call step,build the runner)
	cargo build --locked --release -p bench-runner --bin bench-runner
	$(call step,speed floor (bench-runner speed-floor))
	@printf '# Speed floor of Leptos 0.8 on the table\n\nWritten by `make bench-speed-floor`; see bench/README.md.\n' > bench/speed-floor.md
	"$(CARGO_TARGET)/release/bench-runner" speed-floor "$(BENCH_TABLE_DIST)" --results bench/speed-floor.md

# Where the tab's time to first rows goes. Part 3's tab and vanilla pages next
# to two Leptos pages that get the API page as early as the vanilla one: the production table
# alone (the bench/table bundle) and the plainest Leptos table (bench/table's first-rows-floor
# bundle), into bench/first-rows-floor.md. Separate from `make bench`, like the speed floor.
FLOOR_DIST := $(CARGO_TARGET)/first-rows-floor-dist
.PHONY: bench-first-rows-floor
bench-first-rows-floor: tools dist bench-table-bundle ## Time to first rows: the tab, its table alone, the floor (bench/first-rows-floor.md)
	$(call step,build the first-rows floor bundle)
	cd bench/table && trunk build first-rows-floor.html --release --dist "$(FLOOR_DIST)"
	$(call step,build the runner)
	cargo build --locked --release -p bench-runner --bin bench-runner
	$(call step,first rows floor (bench-runner first-rows-floor))
	@printf '# Time to first rows: the tab, its table alone, the floor\n\nWritten by `make bench-first-rows-floor`; see bench/README.md.\n' > bench/first-rows-floor.md
	"$(CARGO_TARGET)/release/bench-runner" first-rows-floor dist "$(BENCH_TABLE_DIST)" "$(FLOOR_DIST)" --results bench/first-rows-floor.md

.PHONY: lint
lint: tools-build ## fmt + clippy on native and wasm targets
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --features embed -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p leptos-host --bins -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p idlcm-users --features embed

.PHONY: clean
clean: ## Remove build outputs (keeps installed tools)
	rm -rf dist target
