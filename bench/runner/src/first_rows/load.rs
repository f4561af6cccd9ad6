//! One timed load of a first-rows page: the observer installed before the page's scripts, and
//! the resource-timing milestones read once the first row exists.

use std::time::{Duration, Instant};

use testkit::{Session, UI_TIMEOUT};

/// Installed before the page's own scripts on every navigation.
pub(super) const OBSERVER: &str = "(() => {
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

/// Milestones of a load (ms from navigation start), to see where the time goes.
pub(super) const MILESTONES: [&str; 7] = [
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
pub(super) async fn load(s: &Session, path: &str) -> (f64, u64, Vec<Option<f64>>) {
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
