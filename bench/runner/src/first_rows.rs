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

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::cdp::cdp;
use testkit::{Session, UI_TIMEOUT};

use crate::{median, Rng};

const VANILLA_JS: &str = include_str!("../../table/vanilla.js");
const PAGE_HTML: &str = include_str!("../../first-rows/index.html");
const PAGE_JS: &str = include_str!("../../first-rows/first-rows.js");
const LEPTOS_PAGE_HTML: &str = include_str!("../../first-rows/leptos-page.html");
const LEPTOS_PAGE_JS: &str = include_str!("../../first-rows/leptos-page.js");

/// Installed before the page's own scripts on every navigation.
const OBSERVER: &str = "(() => {
  const seen = () => {
    if (window.__firstRows === undefined && document.querySelector('tbody tr[data-row-id]')) {
      window.__firstRows = performance.now();
      window.__firstRowsCount = document.querySelectorAll('tbody tr[data-row-id]').length;
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(seen);
  obs.observe(document, { childList: true, subtree: true });
  window.__longTasks = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  window.__loaf = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__loaf.push(e);
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) {}
})();";

/// The tab's URL in the benchmark: the 100,000-row integration, page size 100.
pub fn tab_path() -> String {
    format!(
        "/integrations/{}/users?size=100",
        devserver::seed::GLOBEX_ID
    )
}

/// Copies the files at the top of `dist` (the bundle, no examples/) into a fresh temp dir.
pub fn copy_dist(dist: &Path, tag: &str) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("idlcm-bench-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    std::fs::create_dir_all(&dst).expect("create the bench dist");
    for entry in std::fs::read_dir(dist).expect("read dist").flatten() {
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            let name = entry.file_name();
            if !name.to_string_lossy().ends_with(".br") {
                std::fs::copy(entry.path(), dst.join(&name)).expect("copy a dist file");
            }
        }
    }
    assert!(
        dst.join("index.html").is_file(),
        "{}: no index.html",
        dist.display()
    );
    dst
}

/// `brotli -q 11` of every file in `dir` and its subfolders (`NAME.br` next to `NAME`).
fn precompress(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += precompress(&path);
        } else if path.extension().is_none_or(|e| e != "br") {
            let ok = std::process::Command::new("brotli")
                .args(["-q", "11", "-k", "-f"])
                .arg(&path)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(
                ok,
                "brotli -q 11 {} (bootstrap installs brotli)",
                path.display()
            );
            n += 1;
        }
    }
    n
}

async fn start(dist: &Path) -> Session {
    crate::bench_session(dist, false, Duration::from_secs(120)).await
}

/// The table shell, stylesheets and API URL of the tab, from one (untimed) load.
async fn capture(dist: &Path) -> (String, String, String) {
    let s = start(dist).await;
    s.goto(&tab_path()).await;
    s.wait_for("tbody tr[data-row-id]").await;
    let v = s
        .js(
            "const scroller = document.querySelector('.users-table__scroller').cloneNode(true);
             scroller.querySelector('tbody').textContent = '';
             const t = scroller.querySelector('table');
             t.classList.remove('users-table--busy');
             t.removeAttribute('aria-busy');
             const api = performance.getEntriesByType('resource').map(e => new URL(e.name))
               .find(u => u.pathname.endsWith('/users') && u.search);
             return {
               table: scroller.outerHTML.replace(/<!--[^]*?-->/g, ''),
               styles: Array.from(document.querySelectorAll('link[rel=stylesheet]'), l => l.outerHTML).join('\\n  '),
               api: api ? api.pathname + api.search : null,
             };",
            vec![],
        )
        .await;
    s.close().await;
    let get = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("capture: no {k}: {v}"))
            .to_owned()
    };
    (get("table"), get("styles"), get("api"))
}

fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Milestones of a load (ms from navigation start), to see where the time goes.
const MILESTONES: [&str; 7] = [
    "DOMContentLoaded",
    "wasm response end",
    "config.json response end",
    "first API request start",
    "list request start",
    "list response end",
    "of the time from there to the first rows: in long tasks (≥ 50 ms)",
];

const MILESTONES_JS: &str = "const r = performance.getEntriesByType('resource');
  const find = (f) => r.find(e => f(new URL(e.name)));
  const nav = performance.getEntriesByType('navigation')[0];
  const wasm = find(u => u.pathname.endsWith('_bg.wasm'));
  const config = find(u => u.pathname.endsWith('/config.json'));
  const api = r.filter(e => new URL(e.name).pathname.startsWith('/api/'));
  const list = find(u => u.pathname.endsWith('/users') && u.search);
  return [nav ? nav.domContentLoadedEventEnd : null,
          wasm ? wasm.responseEnd : null, config ? config.responseEnd : null,
          api.length ? Math.min(...api.map(e => e.startTime)) : null,
          list ? list.startTime : null, list ? list.responseEnd : null,
          list ? window.__longTasks.reduce((sum, [start, d]) =>
            sum + Math.max(0, Math.min(start + d, window.__firstRows) - Math.max(start, list.responseEnd)), 0) : null];";

/// One cold load of `path`: navigation start → first row, how many rows came at once, and the
/// milestones.
async fn load(s: &Session, path: &str) -> (f64, u64, Vec<Option<f64>>) {
    s.browser.goto("about:blank").await.expect("about:blank");
    s.goto(path).await;
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let v = s
            .js(
                "return [window.__firstRows === undefined ? null : window.__firstRows,
                         window.__firstRowsCount || 0,
                         document.body ? (document.body.dataset.benchError || null) : null]",
                vec![],
            )
            .await;
        assert!(v[2].is_null(), "{path}: {}", v[2]);
        if let Some(t) = v[0].as_f64() {
            let m = s.js(MILESTONES_JS, vec![]).await;
            let m = (0..MILESTONES.len()).map(|i| m[i].as_f64()).collect();
            if std::env::var_os("BENCH_TRACE").is_some() {
                let r = s
                    .js(
                        "return performance.getEntriesByType('resource').map(e =>
                           [new URL(e.name).pathname.slice(-40), Math.round(e.startTime), Math.round(e.responseEnd)].join(' '))",
                        vec![],
                    )
                    .await;
                let long = s.js("return window.__longTasks.map(([s, d]) => `${Math.round(s)}+${Math.round(d)}`)", vec![]).await;
                let loaf = s
                    .js(
                        "const r = Math.round; return window.__loaf.map(e =>
                           `${r(e.startTime)}+${r(e.duration)} (style/layout from ${r(e.styleAndLayoutStart)}, render ${r(e.renderStart)}; scripts: ` +
                           e.scripts.map(x => `${x.invoker || x.invokerType} ${r(x.duration)} ms`).join(', ') + ')')",
                        vec![],
                    )
                    .await;
                eprintln!("{path}: long animation frames {loaf}");
                eprintln!("{path}: first rows {t:.0} ms; long tasks {long}; resources: {r}");
            }
            return (t, v[1].as_u64().unwrap_or(0), m);
        }
        assert!(
            Instant::now() < deadline,
            "{path}: no row within {:?}: {}",
            UI_TIMEOUT,
            s.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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

/// Writes the vanilla page (`first-rows/`) into `dir`, a copy of the tab's dist, after one
/// untimed load of the tab captured its table shell, stylesheets and API URL.
async fn write_vanilla_page(dir: &Path) -> (String, String, String) {
    let (table, styles, api) = capture(dir).await;
    let page = dir.join("first-rows");
    std::fs::create_dir_all(&page).expect("create first-rows/");
    let html = PAGE_HTML
        .replace("{{API}}", &attr_escape(&api))
        .replace("{{STYLES}}", &styles)
        .replace("{{TABLE}}", &table);
    std::fs::write(page.join("index.html"), html).expect("write first-rows/index.html");
    std::fs::write(page.join("vanilla.js"), VANILLA_JS).expect("write vanilla.js");
    std::fs::write(page.join("first-rows.js"), PAGE_JS).expect("write first-rows.js");
    (table, styles, api)
}

/// The size of the tab's precompressed wasm in `dir`.
fn wasm_br_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read dist")
        .flatten()
        .find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("idlcm-users-") && name.ends_with("_bg.wasm.br")
        })
        .and_then(|e| e.metadata().ok())
        .map(|m| m.len())
        .expect("a precompressed wasm")
}

/// Cold loads of `pages` (the tab first, the vanilla page among them): warm-up, then `reps` of
/// each in one shuffled order per round, a fresh dev server + Chromium profile per round.
async fn measure(dir: &Path, pages: &[Page], rng: &mut Rng) -> Measured {
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
        cdp(&s.browser, "Network.enable", json!({})).await;
        cdp(
            &s.browser,
            "Network.setCacheDisabled",
            json!({ "cacheDisabled": true }),
        )
        .await;
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
        assert!(
            wire[2].as_u64().unwrap_or(0) > 0,
            "the wasm came from a cache despite Network.setCacheDisabled: {wire}"
        );
        if m.encoding.is_empty() {
            m.encoding = if encoded == wasm_br {
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

/// [`measure`]s `pages` over `dir` (removed after), then starts the report's section:
/// `(title, command)`, and `(started, t_start, load_start)` of the run.
async fn measure_section(
    dir: PathBuf,
    pages: &[Page],
    rng: &mut Rng,
    (title, command): (&str, &str),
    (started, t_start, load_start): (&str, Instant, &str),
) -> (Measured, String) {
    let m = measure(&dir, pages, rng).await;
    let _ = std::fs::remove_dir_all(&dir);
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

/// `make bench` part 3: the tab against the vanilla page.
pub async fn run(dist: &Path, results: Option<&Path>) {
    let started = crate::now_utc();
    let load_start = crate::load();
    let t_start = Instant::now();
    let mut rng = Rng(crate::seed());

    let dir = copy_dist(dist, "first-rows");
    let (_, _, api) = write_vanilla_page(&dir).await;
    let t = Instant::now();
    let files = precompress(&dir);
    eprintln!(
        "first rows: {files} files brotli -q 11 in {:.1} s; API page {api}",
        t.elapsed().as_secs_f64()
    );
    let pages = [tab_page(), vanilla_page()];
    let (m, out) = measure_section(
        dir,
        &pages,
        &mut rng,
        ("3. Time to first rows (cold load)", "first-rows"),
        (&started, t_start, &load_start),
    )
    .await;
    let method = format!(
        "the tab at `{}` (API page `{api}`, 100 rows) vs `bench/first-rows` (fetches the same API page with the same headers and renders it with bench/table/vanilla.js into the tab's table shell, the tab's stylesheets); every file of the dist brotli -q 11 precompressed and served as `.br` by the dev server on loopback ({}); cache disabled (CDP `Network.setCacheDisabled`), `about:blank` before each load; time = `performance.now()` when the first `tbody tr[data-row-id]` exists (a MutationObserver added by `Page.addScriptToEvaluateOnNewDocument`), i.e. from navigation start. {}; ratio = tab median / vanilla median of the same round, reported as the median over rounds",
        tab_path(),
        m.encoding,
        m.loads()
    );
    finish(out, &method, &pages, &m, results);
}

/// Copies a Trunk bundle's files (not its index.html) into `dir` and returns its loader tags:
/// the module script, the module preload and the wasm preload of its index.html.
fn add_bundle(dir: &Path, bundle: &Path) -> String {
    for entry in std::fs::read_dir(bundle).expect("read a bundle").flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_file && name != "index.html" && !name.to_string_lossy().ends_with(".br") {
            std::fs::copy(entry.path(), dir.join(&name)).expect("copy a bundle file");
        }
    }
    let html = std::fs::read_to_string(bundle.join("index.html")).expect("the bundle's index.html");
    let tags = loader_tags(&html);
    assert!(
        tags.contains("type=\"module\"") || tags.contains("type=module"),
        "{}: no module script in index.html",
        bundle.display()
    );
    tags
}

/// The `<script type=module …></script>`, `<link … rel=modulepreload>` and wasm
/// `<link … rel=preload>` tags of a (minified) Trunk index.html, in order.
fn loader_tags(html: &str) -> String {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = if rest.starts_with("<script") {
            rest.find("</script>").map(|e| e + "</script>".len())
        } else {
            rest.find('>').map(|e| e + 1)
        };
        let Some(end) = end else { break };
        let tag = &rest[..end];
        let module = tag.starts_with("<script") && tag.contains("module");
        let preload = tag.starts_with("<link")
            && (tag.contains("modulepreload")
                || (tag.contains("preload") && tag.contains("_bg.wasm")));
        if module || preload {
            tags.push(tag.to_owned());
        }
        rest = &rest[end..];
    }
    tags.join("\n  ")
}

/// `make bench-first-rows-floor`: where the tab's time to first rows goes. The tab and the
/// vanilla page as in part 3, and two Leptos pages that fetch the API page as the vanilla page
/// does (at once, from JS) and render it once their wasm has started: the bench/table bundle
/// with the production `UsersTable` (no router, no `GET /me`, no header or toolbar), and the
/// floor bundle (the plainest Leptos table, nothing else).
pub async fn run_floor(
    dist: &Path,
    rows_bundle: &Path,
    floor_bundle: &Path,
    results: Option<&Path>,
) {
    let started = crate::now_utc();
    let load_start = crate::load();
    let t_start = Instant::now();
    let mut rng = Rng(crate::seed());

    let dir = copy_dist(dist, "first-rows-floor");
    let (table, styles, api) = write_vanilla_page(&dir).await;
    for (impl_name, bundle, body) in [
        (
            "rows",
            rows_bundle,
            "<div id=\"leptos-root\"></div>".to_owned(),
        ),
        ("floor", floor_bundle, table),
    ] {
        let loader = add_bundle(&dir, bundle);
        let page = dir.join(format!("first-rows-{impl_name}"));
        std::fs::create_dir_all(&page).expect("create a page folder");
        let html = LEPTOS_PAGE_HTML
            .replace("{{API}}", &attr_escape(&api))
            .replace("{{IMPL}}", impl_name)
            .replace("{{STYLES}}", &styles)
            .replace("{{LOADER}}", &loader)
            .replace("{{BODY}}", &body);
        std::fs::write(page.join("index.html"), html).expect("write a page");
        std::fs::write(page.join("leptos-page.js"), LEPTOS_PAGE_JS).expect("write leptos-page.js");
    }
    let t = Instant::now();
    let files = precompress(&dir);
    let br = |prefix: &str| {
        std::fs::read_dir(&dir)
            .expect("read dir")
            .flatten()
            .find(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(prefix) && n.ends_with("_bg.wasm.br")
            })
            .and_then(|e| e.metadata().ok())
            .map_or(0, |m| m.len())
    };
    let sizes = format!(
        "wasm brotli -q 11: the tab {} B, the bench/table bundle {} B, the floor bundle {} B",
        br("idlcm-users-"),
        br("bench-table-"),
        br("first-rows-floor-")
    );
    eprintln!(
        "first rows floor: {files} files brotli -q 11 in {:.1} s; {sizes}",
        t.elapsed().as_secs_f64()
    );
    let pages = [
        tab_page(),
        Page {
            name: "rows",
            label: "production UsersTable alone (bench/table bundle)",
            short: "UsersTable alone",
            path: "/first-rows-rows/index.html".to_owned(),
        },
        Page {
            name: "floor",
            label: "floor: the plainest Leptos table (first-rows-floor bundle)",
            short: "floor",
            path: "/first-rows-floor/index.html".to_owned(),
        },
        vanilla_page(),
    ];
    let (m, out) = measure_section(
        dir,
        &pages,
        &mut rng,
        (
            "Time to first rows: the tab, its table alone, the floor (goal 3)",
            "first-rows-floor",
        ),
        (&started, t_start, &load_start),
    )
    .await;
    let method = format!(
        "part 3's (bench/README.md) with two more pages in the same shuffled sequence. `rows` and `floor` are Leptos pages that start the API request from JS as the vanilla page does (bench/first-rows/leptos-page.js: same URL, same headers) and hand the text to their wasm once Trunk's loader has started it: `rows` = the bench/table bundle (part 1's: the production `UsersTable` over the production `RowStore`, mounted by its main; no router, no `GET /me`, no header, toolbar or placeholder rows); `floor` = bench/table's `first-rows-floor` bundle (only `floor.rs`, the plainest Leptos table with the same DOM, and the tab's decoding of the page) in the tab's table shell. {sizes}. Every file brotli -q 11, served as `.br` ({}). {}; ratios to the vanilla page of the same round, median over rounds",
        m.encoding,
        m.loads()
    );
    finish(out, &method, &pages, &m, results);
}
