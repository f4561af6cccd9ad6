//! CSV export, while it runs: Cancel stops the requests and saves nothing, an error mid-export
//! never leaves a partial file and Retry exports everything, 100,000 rows keep the page
//! responsive, and axe with the progress shown.

use std::time::{Duration, Instant};

use serde_json::json;

use devserver::seed::{GLOBEX_ID, GLOBEX_USERS};
use testkit::export::{
    api_all_rows, downloaded_files, export_pages_requested, parse_csv, wait_for_download, HEADER,
};
use testkit::{admin, eventually, seen, Session, UI_TIMEOUT};

/// Cancel aborts the export: no request after it reaches the server, the UI says "cancelled"
/// and is idle again, and nothing is downloaded. axe finds nothing wrong with the progress shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_the_requests_and_downloads_nothing() {
    let s = Session::start(admin()).await;
    s.goto(&format!("/integrations/{GLOBEX_ID}/users")).await;
    s.wait_for("tr[data-row-id]").await;
    // Every list answer now takes 1.5 s: Cancel lands while a page is in flight.
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 1500}))
        .await;
    s.click("#export-csv").await;
    // The first page arrives, the second is asked for.
    let bar = s.wait_for("[role=\"progressbar\"][aria-valuenow]").await;
    assert_eq!(
        bar.attr("aria-valuemax").await.unwrap().as_deref(),
        Some(GLOBEX_USERS.to_string().as_str())
    );
    s.wait_for_text("100 of 100,000 users").await;
    eventually("the export to ask for page 2", || async {
        let pages = export_pages_requested(&s.dev).await;
        seen(pages.len() >= 2, format!("pages {pages:?}"))
    })
    .await;
    s.assert_accessible("the tab with the export progress shown")
        .await;
    s.screenshot("export-progress").await;
    // The bar's width comes from a custom property set through the CSSOM (a style attribute
    // would be blocked by the CSP): it matches aria-valuenow, and nothing was reported.
    let bar = s
        .js(
            "const b = document.querySelector('[role=progressbar]');\
             return [Number(b.getAttribute('aria-valuenow')),\
                     getComputedStyle(b).getPropertyValue('--progress').trim(),\
                     b.querySelector('.export-csv__fill').getBoundingClientRect().width]",
            vec![],
        )
        .await;
    let done = bar[0].as_u64().expect("aria-valuenow");
    let percent: f64 = bar[1]
        .as_str()
        .and_then(|p| p.strip_suffix('%'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("--progress is not a percentage: {bar}"));
    assert!(done >= 100, "{bar}");
    assert_eq!((percent * 1000.0).round() as u64, done, "{bar}");
    assert!(
        bar[2].as_f64().unwrap_or(0.0) > 0.0,
        "the fill has no width: {bar}"
    );
    let reports = s.csp_reports().await;
    assert_eq!(reports["count"], 0, "CSP violations: {reports}");
    // Keyboard: Cancel is a real button reachable with Tab from the export button.
    s.assert_js(
        "Cancel is a focusable button",
        "const b = document.getElementById('export-csv-cancel');\
         return !!b && b.tabIndex >= 0 && !b.disabled && b.tagName === 'BUTTON'",
        json!(true),
    )
    .await;
    let before = export_pages_requested(&s.dev).await;
    s.click("#export-csv-cancel").await;
    let text = s
        .wait_for("[data-export=\"cancelled\"]")
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("cancelled"), "{text}");
    // What was asked for by the time Cancel took effect (the UI says so). Taken before the
    // click, this raced with the export: a page asked for between that snapshot and the click
    // counted as "after Cancel" (seen once in CI with 4 tests on 2 cores).
    let at_cancel = export_pages_requested(&s.dev).await;
    let live = s
        .js(
            "return document.getElementById('export-csv-live').textContent",
            vec![],
        )
        .await;
    assert!(
        live.as_str().unwrap_or_default().contains("cancelled"),
        "live region: {live}"
    );
    // Idle again: the button works, the progress is gone, focus is back on the button.
    let idle = s
        .js(
            "return [!document.querySelector('[role=progressbar]'),\
                     document.getElementById('export-csv').getAttribute('aria-disabled'),\
                     document.activeElement && document.activeElement.id]",
            vec![],
        )
        .await;
    assert_eq!(idle, json!([true, null, "export-csv"]));
    // Longer than two more answers would take: nothing more arrives.
    tokio::time::sleep(Duration::from_millis(4_000)).await;
    let after = export_pages_requested(&s.dev).await;
    assert_eq!(
        after, at_cancel,
        "requests reached the server after Cancel (before the click: {before:?})"
    );
    // How many pages were asked for before Cancel depends on the load (the axe run above takes
    // seconds on a busy box; with 4 tests at once on 2 cores it let a 4th page start): what
    // this test needs is that Cancel came mid-export, with most pages never asked for.
    assert!(
        before.len() < GLOBEX_USERS.div_ceil(100) / 2,
        "the export was mostly done before Cancel: {before:?}"
    );
    assert!(
        downloaded_files(&s.downloads).is_empty(),
        "a cancelled export downloaded {:?}",
        downloaded_files(&s.downloads)
    );
    s.clear_faults().await;
    s.close().await;
}

/// A request failing for good mid-export shows the error with Retry and Close and saves no
/// partial file; Retry then exports the whole view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_mid_export_saves_nothing_and_retry_exports_everything() {
    let s = Session::start(admin()).await;
    s.goto(&format!(
        "/integrations/{GLOBEX_ID}/users?state=delete_failed"
    ))
    .await;
    s.wait_for("tr[data-row-id]").await;
    let expected = api_all_rows(
        &s.dev,
        GLOBEX_ID,
        "&sort=user&filter%5BprovisioningState%5D=delete_failed",
    )
    .await;
    assert!(expected.len() > 100, "{} rows", expected.len());
    // The first page answers; every later one fails (with the client's retries).
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 300, "times": 1}))
        .await;
    s.fault(json!({"route": "users", "kind": "status", "status": 500}))
        .await;
    s.click("#export-csv").await;
    let panel = s.wait_for("[data-export=\"failed\"]").await;
    let text = panel.text().await.unwrap();
    assert!(text.contains("Export failed"), "{text}");
    assert!(text.contains("Nothing was downloaded"), "{text}");
    assert!(text.contains("HTTP 500"), "{text}");
    assert!(text.contains("Request ID: "), "{text}");
    s.wait_for("#export-csv-retry").await;
    s.wait_for("#export-csv-close").await;
    s.assert_accessible("the tab with an export error").await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert!(
        downloaded_files(&s.downloads).is_empty(),
        "{:?}",
        downloaded_files(&s.downloads)
    );

    s.clear_faults().await;
    s.click("#export-csv-retry").await;
    let file = wait_for_download(&s.downloads, UI_TIMEOUT).await;
    let records = parse_csv(&std::fs::read(&file).unwrap());
    assert_eq!(records.len(), expected.len() + 1);
    s.close().await;
}

/// The 100,000-account integration exports completely while the page keeps painting:
/// requestAnimationFrame keeps firing throughout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "1,000 sequential requests to the in-process debug dev server: ~70 s on 2 shared \
            cores, too slow for every run; `cargo test --test e2e 100k -- --ignored`"]
async fn exporting_100k_rows_keeps_the_page_responsive() {
    let s = Session::start(admin()).await;
    s.goto(&format!("/integrations/{GLOBEX_ID}/users")).await;
    s.wait_for("tr[data-row-id]").await;
    // A frame counter and the longest gap between frames (WebDriver scripts are not subject
    // to the page's CSP).
    s.js(
        "window.__frames = 0; window.__maxGap = 0; window.__gaps = []; let last = performance.now();\
         (function tick(t) { window.__frames++;\
           if (t) { const gap = t - last; window.__maxGap = Math.max(window.__maxGap, gap);\
                    if (gap > 250) window.__gaps.push([Math.round(last), Math.round(gap)]); last = t; }\
           requestAnimationFrame(tick); })();",
        vec![],
    )
    .await;
    let started = Instant::now();
    s.click("#export-csv").await;
    s.wait_for("[role=\"progressbar\"]").await;
    s.js("window.__maxGap = 0; window.__gaps = []", vec![])
        .await;
    let mut samples = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(180);
    let file = loop {
        let frames = s.js("return window.__frames", vec![]).await;
        samples.push(frames.as_u64().unwrap_or(0));
        if s.js(
            "return !!document.querySelector('[data-export=\"done\"]')",
            vec![],
        )
        .await
            == json!(true)
        {
            break wait_for_download(&s.downloads, UI_TIMEOUT).await;
        }
        assert!(
            Instant::now() < deadline,
            "the export did not finish in 180 s"
        );
        tokio::time::sleep(Duration::from_millis(1_000)).await;
    };
    let elapsed = started.elapsed();
    let max_gap = s.js("return window.__maxGap", vec![]).await;
    let gaps = s
        .js(
            "return [window.__gaps, Math.round(performance.now())]",
            vec![],
        )
        .await;
    eprintln!(
        "100k export: {elapsed:?}, {} frame samples, longest frame gap {max_gap} ms; \
         gaps over 250 ms [start, ms] and now: {gaps}",
        samples.len()
    );
    // Every second of the export saw frames.
    for w in samples.windows(2) {
        assert!(
            w[1] > w[0],
            "no frame for a second during the export: {samples:?}"
        );
    }
    assert!(
        max_gap.as_f64().unwrap_or(f64::MAX) < 1_000.0,
        "a frame waited {max_gap} ms"
    );
    let records = parse_csv(&std::fs::read(&file).unwrap());
    assert_eq!(records.len(), GLOBEX_USERS + 1);
    assert_eq!(records[0], HEADER.map(String::from).to_vec());
    s.close().await;
}
