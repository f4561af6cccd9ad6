//! `make bench` part 3: time to first rows on a cold load. The real tab's release bundle, every
//! file brotli -q 11 precompressed next to it (`NAME.br`, served by the dev server when the
//! browser accepts br), over loopback, the browser's cache off (CDP
//! `Network.setCacheDisabled`), against a vanilla page (bench/first-rows) in the same dist
//! that fetches the same API page and renders the same table (bench/table/vanilla.js) in the
//! tab's table shell with the tab's CSS.
//!
//! Time: `performance.now()` (from navigation start) when the first `tbody tr[data-row-id]`
//! exists, seen by a MutationObserver installed before any of the page's scripts
//! (`Page.addScriptToEvaluateOnNewDocument`).

mod conditions;
mod floor;
mod load;
mod pages;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use serde_json::json;

use crate::cdp::cdp;
use crate::{median, Rng};

use conditions::{Cache, Conditions};
pub use floor::run_floor;
use load::{load, MILESTONES, OBSERVER};
pub use pages::copy_dist;
use pages::{precompress, start, wasm_br_size, write_vanilla_page};

/// The tab's URL in the benchmark: the 100,000-row integration, page size 100.
pub fn tab_path() -> String {
    format!(
        "/integrations/{}/users?size=100",
        devserver::seed::GLOBEX_ID
    )
}

/// One page of a first-rows run.
struct Page {
    /// Its name in the log (`leptos`, `vanilla`, …).
    name: &'static str,
    /// What it is, in the report's first column.
    label: &'static str,
    /// Its short name in ratios and the milestones' header.
    short: &'static str,
    /// Its path on the dev server.
    path: String,
}

/// What the loads of a run measured.
struct Measured {
    /// Per page: each round's median ms to first rows.
    med: Vec<Vec<f64>>,
    /// Per page: per milestone, every measured load's value.
    milestones: Vec<Vec<Vec<f64>>>,
    /// Per page: each round's ratio to the vanilla page's median.
    ratios: Vec<Vec<f64>>,
    browser: String,
    /// How the tab's wasm came over the wire.
    encoding: String,
    rounds: u64,
    reps: u64,
    warmup: u64,
    seed: u64,
}

impl Measured {
    /// How many loads, in what order: for the method line.
    fn loads(&self) -> String {
        format!(
            "{} rounds, each a fresh dev server + Chromium profile; {} warm-up loads of each page, then {} of each in shuffled order (seed {})",
            self.rounds, self.warmup, self.reps, self.seed
        )
    }
}

/// Ends a section: its method line and the [`report`], printed and appended to `results`.
fn finish(mut out: String, method: &str, pages: &[Page], m: &Measured, results: Option<&Path>) {
    let _ = writeln!(out, "- method: {method}\n");
    report(&mut out, pages, m);
    crate::emit(&out, results);
}

/// Loads of `pages` (the tab first, the vanilla page among them) under `conditions`: warm-up,
/// then `reps` of each in one shuffled order per round, a fresh dev server + Chromium profile per
/// round.
async fn measure(dir: &Path, pages: &[Page], rng: &mut Rng, conditions: Conditions) -> Measured {
    let rounds = crate::env_num("BENCH_ROUNDS", 3).max(1);
    let reps = crate::env_num("BENCH_REPS", 10).max(1);
    let warmup = crate::env_num("BENCH_WARMUP", 3);
    let vanilla = pages
        .iter()
        .position(|p| p.name == "vanilla")
        .expect("a vanilla page");
    let wasm_br = wasm_br_size(dir);
    let n = pages.len();
    let mut m = Measured {
        med: vec![Vec::new(); n],
        milestones: vec![vec![Vec::new(); MILESTONES.len()]; n],
        ratios: vec![Vec::new(); n],
        browser: String::new(),
        encoding: String::new(),
        rounds,
        reps,
        warmup,
        seed: rng.0,
    };
    for round in 1..=rounds {
        let s = start(dir).await;
        conditions.apply(&s).await;
        cdp(&s.browser, "Page.enable", json!({})).await;
        cdp(
            &s.browser,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": OBSERVER }),
        )
        .await;
        if m.browser.is_empty() {
            m.browser = crate::user_agent(&s).await;
        }
        for _ in 0..warmup {
            for p in pages {
                let _ = load(&s, &p.path).await;
            }
        }
        // How the wasm came over the wire: the precompressed file's size means br -q 11.
        s.goto(&tab_path()).await;
        s.wait_for("tbody tr[data-row-id]").await;
        let wire = s
            .js(
                "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('_bg.wasm'));
                 return e ? [e.encodedBodySize, e.decodedBodySize, e.transferSize] : null",
                vec![],
            )
            .await;
        let encoded = wire[0].as_u64().unwrap_or(0);
        let transferred = wire[2].as_u64().unwrap_or(0);
        match conditions.cache {
            Cache::Cold => assert!(
                transferred > 0,
                "the wasm came from a cache despite Network.setCacheDisabled: {wire}"
            ),
            Cache::Warm => assert_eq!(
                transferred, 0,
                "the wasm did not come from the warm HTTP cache: {wire}"
            ),
        }
        if m.encoding.is_empty() {
            m.encoding = if conditions.cache == Cache::Warm {
                format!("the wasm came from the HTTP cache (0 B over the wire, its .br file is {wasm_br} B)")
            } else if encoded == wasm_br {
                format!("the wasm arrived as its brotli -q 11 file ({encoded} B over the wire, {} B decoded)", wire[1])
            } else {
                format!("the wasm arrived as {encoded} B, not its {wasm_br} B .br file (decoded {} B): NOT the precompressed file", wire[1])
            };
        }
        let mut order: Vec<usize> = (0..reps as usize * n).map(|i| i % n).collect();
        rng.shuffle(&mut order);
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); n];
        for which in order {
            let (ms, rows, ms_at) = load(&s, &pages[which].path).await;
            assert_eq!(rows, 100, "{}: {rows} rows at once", pages[which].name);
            times[which].push(ms);
            for (i, t) in ms_at.into_iter().enumerate() {
                if let Some(t) = t {
                    m.milestones[which][i].push(t);
                }
            }
        }
        let meds: Vec<f64> = times.iter().map(|t| median(t)).collect();
        let line: Vec<String> = pages
            .iter()
            .zip(&meds)
            .map(|(p, t)| format!("{} {t:.1} ms", p.name))
            .collect();
        eprintln!("round {round}: first rows {}", line.join("  "));
        for i in 0..n {
            m.med[i].push(meds[i]);
            m.ratios[i].push(meds[i] / meds[vanilla]);
        }
        s.close().await;
    }
    m
}

/// The report: per page the median over rounds, the ratios to the vanilla page and the
/// milestones.
fn report(out: &mut String, pages: &[Page], m: &Measured) {
    let _ = writeln!(
        out,
        "| page | median ms to first rows (median over rounds) | per round |"
    );
    let _ = writeln!(out, "|---|---:|---|");
    for (i, p) in pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {:.1} | {} |",
            p.label,
            p.name,
            median(&m.med[i]),
            m.med[i]
                .iter()
                .map(|x| format!("{x:.1}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(out);
    for (i, p) in pages.iter().enumerate() {
        if p.name == "vanilla" {
            continue;
        }
        let r = median(&m.ratios[i]);
        let per_round: Vec<String> = m.ratios[i].iter().map(|x| format!("{x:.2}")).collect();
        let _ = writeln!(
            out,
            "Ratio {} / vanilla: **{r:.2}×** (per round {}; goal ≤ 1.5×: {}).",
            p.short,
            per_round.join(", "),
            if r <= 1.5 { "met" } else { "NOT met" }
        );
    }
    let _ = writeln!(
        out,
        "\nWhere the time goes (median over every measured load, ms from navigation start, from resource timing, except the long-task row: ms of main-thread tasks ≥ 50 ms, PerformanceObserver `longtask`, between the list response and the first rows):\n"
    );
    let shorts: Vec<&str> = pages.iter().map(|p| p.short).collect();
    let _ = writeln!(out, "| milestone | {} |", shorts.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(pages.len()));
    let cell = |v: &Vec<f64>| {
        if v.is_empty() {
            "–".to_owned()
        } else {
            format!("{:.1}", median(v))
        }
    };
    for (k, name) in MILESTONES.iter().enumerate() {
        let cells: Vec<String> = (0..pages.len())
            .map(|i| cell(&m.milestones[i][k]))
            .collect();
        let _ = writeln!(out, "| {name} | {} |", cells.join(" | "));
    }
    let cells: Vec<String> = (0..pages.len())
        .map(|i| format!("{:.1}", median(&m.med[i])))
        .collect();
    let _ = writeln!(out, "| first rows in the DOM | {} |", cells.join(" | "));
}

/// The tab, at part 3's URL.
fn tab_page() -> Page {
    Page {
        name: "leptos",
        label: "the tab (Leptos, wasm)",
        short: "the tab",
        path: tab_path(),
    }
}

/// The vanilla page (`bench/first-rows`), written by [`write_vanilla_page`].
fn vanilla_page() -> Page {
    Page {
        name: "vanilla",
        label: "vanilla JS page",
        short: "vanilla",
        path: "/first-rows/index.html".to_owned(),
    }
}

/// [`measure`]s `pages` over `dir` under `conditions`, then starts the report's section:
/// `(title, command)`, and `(started, t_start, load_start)` of the run.
async fn measure_section(
    (dir, conditions): (&Path, Conditions),
    pages: &[Page],
    rng: &mut Rng,
    (title, command): (&str, &str),
    (started, t_start, load_start): (&str, Instant, &str),
) -> (Measured, String) {
    let m = measure(dir, pages, rng, conditions).await;
    let out = crate::section_start(
        title,
        command,
        started,
        &format!("{:.0} s", t_start.elapsed().as_secs_f64()),
        load_start,
        &m.browser,
    );
    (m, out)
}

/// `make bench` part 3: the tab against the vanilla page, on loopback with the cache off, then
/// over a throttled link with a cold and with a warm cache.
pub async fn run(dist: &Path, results: Option<&Path>) {
    let dir = copy_dist(dist, "first-rows");
    let (_, _, api) = write_vanilla_page(&dir).await;
    let t = Instant::now();
    let files = precompress(&dir);
    eprintln!(
        "first rows: {files} files brotli -q 11 in {:.1} s; API page {api}",
        t.elapsed().as_secs_f64()
    );
    let pages = [tab_page(), vanilla_page()];
    for (conditions, title) in [
        (
            Conditions::LOOPBACK_COLD,
            "3. Time to first rows (cold load)",
        ),
        (
            Conditions::THROTTLED_COLD,
            "3b. Time to first rows, throttled link, cold cache",
        ),
        (
            Conditions::THROTTLED_WARM,
            "3c. Time to first rows, throttled link, warm cache",
        ),
    ] {
        let started = crate::now_utc();
        let load_start = crate::load();
        let t_start = Instant::now();
        let mut rng = Rng(crate::seed());
        let (m, out) = measure_section(
            (&dir, conditions),
            &pages,
            &mut rng,
            (title, "first-rows"),
            (&started, t_start, &load_start),
        )
        .await;
        let method = format!(
            "the tab at `{}` (API page `{api}`, 100 rows) vs `bench/first-rows` (fetches the same API page with the same headers and renders it with bench/table/vanilla.js into the tab's table shell, the tab's stylesheets); every file of the dist brotli -q 11 precompressed and served as `.br` by the dev server ({}); {}; `about:blank` before each load; time = `performance.now()` when the first `tbody tr[data-row-id]` exists (a MutationObserver added by `Page.addScriptToEvaluateOnNewDocument`), i.e. from navigation start. {}; ratio = tab median / vanilla median of the same round, reported as the median over rounds",
            tab_path(),
            m.encoding,
            conditions.describe(),
            m.loads()
        );
        finish(out, &method, &pages, &m, results);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
