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
use crate::{harness, median, Rng};

const VANILLA_JS: &str = include_str!("../../table/vanilla.js");
const PAGE_HTML: &str = include_str!("../../first-rows/index.html");
const PAGE_JS: &str = include_str!("../../first-rows/first-rows.js");

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

async fn start(dist: &Path) -> harness::Session {
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
async fn load(s: &harness::Session, path: &str) -> (f64, u64, Vec<Option<f64>>) {
    s.browser.goto("about:blank").await.expect("about:blank");
    s.goto(path).await;
    let deadline = Instant::now() + harness::UI_TIMEOUT;
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
            harness::UI_TIMEOUT,
            s.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn run(dist: &Path, results: Option<&Path>) {
    let rounds = crate::env_num("BENCH_ROUNDS", 3).max(1);
    let reps = crate::env_num("BENCH_REPS", 10).max(1);
    let warmup = crate::env_num("BENCH_WARMUP", 3);
    let seed = crate::seed();
    let started = crate::now_utc();
    let load_start = crate::load();
    let t_start = Instant::now();
    let mut rng = Rng(seed);

    let dir = copy_dist(dist, "first-rows");
    let (table, styles, api) = capture(&dir).await;
    let page = dir.join("first-rows");
    std::fs::create_dir_all(&page).expect("create first-rows/");
    let html = PAGE_HTML
        .replace("{{API}}", &attr_escape(&api))
        .replace("{{STYLES}}", &styles)
        .replace("{{TABLE}}", &table);
    std::fs::write(page.join("index.html"), html).expect("write first-rows/index.html");
    std::fs::write(page.join("vanilla.js"), VANILLA_JS).expect("write vanilla.js");
    std::fs::write(page.join("first-rows.js"), PAGE_JS).expect("write first-rows.js");
    let t = Instant::now();
    let files = precompress(&dir);
    eprintln!(
        "first rows: {files} files brotli -q 11 in {:.1} s; API page {api}; {rounds} rounds, warm-up {warmup} + {reps} per page, seed {seed}",
        t.elapsed().as_secs_f64()
    );
    let wasm_br = std::fs::read_dir(&dir)
        .expect("read dist")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with("_bg.wasm.br"))
        .and_then(|e| e.metadata().ok())
        .map(|m| m.len())
        .expect("a precompressed wasm");

    let pages = [
        ("leptos", tab_path()),
        ("vanilla", "/first-rows/index.html".to_owned()),
    ];
    let mut med: [Vec<f64>; 2] = Default::default();
    let mut milestones: [Vec<Vec<f64>>; 2] = [
        vec![Vec::new(); MILESTONES.len()],
        vec![Vec::new(); MILESTONES.len()],
    ];
    let mut ratios = Vec::new();
    let mut browser = String::new();
    let mut encoding = String::new();
    for round in 1..=rounds {
        let s = start(&dir).await;
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
        if browser.is_empty() {
            browser = crate::user_agent(&s).await;
        }
        for _ in 0..warmup {
            for (_, path) in &pages {
                let _ = load(&s, path).await;
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
        if encoding.is_empty() {
            encoding = if encoded == wasm_br {
                format!("the wasm arrived as its brotli -q 11 file ({encoded} B over the wire, {} B decoded)", wire[1])
            } else {
                format!("the wasm arrived as {encoded} B, not its {wasm_br} B .br file (decoded {} B): NOT the precompressed file", wire[1])
            };
        }
        let mut order: Vec<usize> = (0..reps as usize * 2).map(|i| i % 2).collect();
        rng.shuffle(&mut order);
        let mut times: [Vec<f64>; 2] = Default::default();
        for which in order {
            let (ms, rows, m) = load(&s, &pages[which].1).await;
            assert_eq!(rows, 100, "{}: {rows} rows at once", pages[which].0);
            times[which].push(ms);
            for (i, t) in m.into_iter().enumerate() {
                if let Some(t) = t {
                    milestones[which][i].push(t);
                }
            }
        }
        let m = [median(&times[0]), median(&times[1])];
        let r = m[0] / m[1];
        eprintln!(
            "round {round}: first rows leptos {:.1} ms  vanilla {:.1} ms  ratio {r:.2}  (leptos {:?})",
            m[0],
            m[1],
            times[0].iter().map(|t| t.round()).collect::<Vec<_>>()
        );
        med[0].push(m[0]);
        med[1].push(m[1]);
        ratios.push(r);
        s.close().await;
    }
    let _ = std::fs::remove_dir_all(&dir);

    let r = median(&ratios);
    let mut out = crate::section_start(
        "3. Time to first rows (cold load)",
        "first-rows",
        &started,
        &format!("{:.0} s", t_start.elapsed().as_secs_f64()),
        &load_start,
        &browser,
    );
    let _ = writeln!(
        out,
        "- method: the tab at `{}` (API page `{api}`, 100 rows) vs `bench/first-rows` (fetches the same API page with the same headers and renders it with bench/table/vanilla.js into the tab's table shell, the tab's stylesheets); every file of the dist brotli -q 11 precompressed and served as `.br` by the dev server on loopback ({encoding}); cache disabled (CDP `Network.setCacheDisabled`), `about:blank` before each load; time = `performance.now()` when the first `tbody tr[data-row-id]` exists (a MutationObserver added by `Page.addScriptToEvaluateOnNewDocument`), i.e. from navigation start. {rounds} rounds, each a fresh dev server + Chromium profile; {warmup} warm-up loads of each page, then {reps} of each in shuffled order (seed {seed}); ratio = tab median / vanilla median of the same round, reported as the median over rounds\n",
        tab_path()
    );
    let per_round: Vec<String> = ratios.iter().map(|x| format!("{x:.2}")).collect();
    let _ = writeln!(
        out,
        "| page | median ms to first rows (median over rounds) | per round |"
    );
    let _ = writeln!(out, "|---|---:|---|");
    for (i, (name, _)) in pages.iter().enumerate() {
        let label = if i == 0 {
            "the tab (Leptos, wasm)"
        } else {
            "vanilla JS page"
        };
        let _ = writeln!(
            out,
            "| {label} (`{name}`) | {:.1} | {} |",
            median(&med[i]),
            med[i]
                .iter()
                .map(|x| format!("{x:.1}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nRatio tab / vanilla: **{r:.2}×** (per round {}; goal ≤ 1.5×: {}).",
        per_round.join(", "),
        if r <= 1.5 { "met" } else { "NOT met" }
    );
    let _ = writeln!(
        out,
        "\nWhere the time goes (median over every measured load, ms from navigation start, from resource timing, except the long-task row: ms of main-thread tasks ≥ 50 ms, PerformanceObserver `longtask`, between the list response and the first rows):\n"
    );
    let _ = writeln!(out, "| milestone | the tab | vanilla |");
    let _ = writeln!(out, "|---|---:|---:|");
    let cell = |v: &Vec<f64>| {
        if v.is_empty() {
            "–".to_owned()
        } else {
            format!("{:.1}", median(v))
        }
    };
    for (i, name) in MILESTONES.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {name} | {} | {} |",
            cell(&milestones[0][i]),
            cell(&milestones[1][i])
        );
    }
    let _ = writeln!(
        out,
        "| first rows in the DOM | {:.1} | {:.1} |",
        median(&med[0]),
        median(&med[1])
    );
    crate::emit(&out, results);
}
