//! CSV export end to end: the real download of the current view (all pages), formula
//! neutralisation and RFC 4180 quoting, Cancel stopping the requests, an error never leaving a
//! partial file, the 100,000-row integration without freezing the page, and axe with the
//! progress shown. The API (fetched page by page from the test) is the oracle.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{click, http, Session, UI_TIMEOUT};
use devserver::seed::{
    CHARLIE_ROW_ID, CONTENTZILLA_ID, GLOBEX_ID, GLOBEX_USERS, RACHEL_ROW_ID, ROSS_ROW_ID,
};

const HEADER: [&str; 7] = [
    "User",
    "Email",
    "Username in app",
    "App access",
    "Active in app",
    "Upstream user ID",
    "Provisioning state",
];

fn admin() -> devserver::Config {
    devserver::Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults: true,
        ..Default::default()
    }
}

/// Today's local date as the file name has it (the browser and the test share the clock and
/// the time zone).
fn today() -> String {
    let out = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .expect("run date");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Waits until exactly one complete file (no `.crdownload`) is in the download directory and
/// its size has settled; returns its path.
async fn wait_for_download(s: &Session, timeout: Duration) -> PathBuf {
    let deadline = Instant::now() + timeout;
    let mut last_size = None;
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(&s.downloads)
            .expect("read the download directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        let partial = files
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "crdownload"));
        if let [one] = files.as_slice() {
            if !partial {
                let size = std::fs::metadata(one).map(|m| m.len()).ok();
                if size.is_some() && size == last_size {
                    return one.clone();
                }
                last_size = size;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no complete download within {timeout:?}; the directory holds {files:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every file in the download directory.
fn downloaded_files(s: &Session) -> Vec<PathBuf> {
    std::fs::read_dir(&s.downloads)
        .expect("read the download directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect()
}

/// Parses a downloaded CSV strictly: UTF-8 with a BOM, RFC 4180 (the `csv` crate), every
/// record as long as the header.
fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "the file does not start with a UTF-8 BOM: {:?}",
        &bytes[..bytes.len().min(16)]
    );
    std::str::from_utf8(bytes).expect("the file is UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| {
            r.expect("a well-formed CSV record")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The apostrophe rule, written again independently of the app.
fn neutralised(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// What the file must hold for one API row (the table's values, see the header).
fn expected_record(row: &Value) -> Vec<String> {
    let a = &row["attributes"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let (name, email) = if a["user"].is_null() {
        (String::new(), String::new())
    } else {
        let email = text(&a["user"]["email"]);
        let display = text(&a["user"]["displayName"]);
        let name = if display.trim().is_empty() {
            email.clone()
        } else {
            display
        };
        (name, email)
    };
    let roles = a["appAccess"]
        .as_array()
        .expect("appAccess is an array")
        .iter()
        .map(|r| text(&r["displayName"]))
        .collect::<Vec<_>>()
        .join("; ");
    let active = match a["activeInApp"].as_bool() {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Unknown",
    };
    let state = contract::ProvisioningState::from(a["provisioningState"].as_str().unwrap_or(""));
    [
        name,
        email,
        text(&a["usernameInApp"]),
        roles,
        active.to_owned(),
        text(&a["upstreamUserId"]),
        state.label().to_owned(),
    ]
    .iter()
    .map(|c| neutralised(c))
    .collect()
}

/// Every row of a list, fetched page by page (size 100) through the API as an Admin.
async fn api_all_rows(s: &Session, integration: &str, api_query: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let body = s
            .api(&format!(
                "/api/v1/integrations/{integration}/users?page%5Bsize%5D=100&page%5Bnumber%5D={page}{api_query}"
            ))
            .await;
        let data = body["data"].as_array().expect("data").clone();
        let total_pages = body["meta"]["page"]["totalPages"]
            .as_u64()
            .expect("totalPages");
        rows.extend(data);
        if page >= total_pages {
            return rows;
        }
        page += 1;
    }
}

/// The export requests (page size 100) the server has logged, as page numbers in order.
async fn export_pages_requested(s: &Session) -> Vec<u64> {
    let (status, body) = http(&s.server, "GET", "/dev/requests", None).await;
    assert_eq!(status, 200, "GET /dev/requests: {body}");
    let log: Value = serde_json::from_str(&body).expect("request log JSON");
    log["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter(|r| r["route"] == "users")
        .filter_map(|r| r["uri"].as_str())
        .filter(|u| u.contains("page%5Bsize%5D=100"))
        .filter_map(|u| {
            u.split('&')
                .chain(u.split('?'))
                .find_map(|p| p.strip_prefix("page%5Bnumber%5D="))
                .and_then(|n| n.split('&').next())
                .and_then(|n| n.parse().ok())
        })
        .collect()
}

/// The export of a filtered, sorted view spanning several pages holds exactly the API's rows
/// for that query, in order, field by field, under the table's header; named after the app and
/// today's date.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_downloads_the_filtered_sorted_view_across_pages() {
    let s = Session::start(admin()).await;
    // Failed accounts of Globex, matched only, by username descending: 35 pages of 100.
    s.goto(&format!(
        "/integrations/{GLOBEX_ID}/users?state=provisioning_failed,update_failed&matched=true&sort=-usernameInApp"
    ))
    .await;
    s.wait_for("tr[data-row-id]").await;
    let expected = api_all_rows(
        &s,
        GLOBEX_ID,
        "&sort=-usernameInApp&filter%5BprovisioningState%5D=provisioning_failed,update_failed\
         &filter%5Bmatched%5D=true",
    )
    .await;
    assert!(
        expected.len() > 100,
        "the view must span several export pages, it has {} rows",
        expected.len()
    );
    // The oracle's own requests are not the app's.
    let (status, body) = http(&s.server, "DELETE", "/dev/requests", None).await;
    assert_eq!(status, 200, "{body}");

    click(&s, "#export-csv").await;
    let file = wait_for_download(&s, UI_TIMEOUT).await;
    s.wait_for("[data-export=\"done\"]").await;
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, format!("Figma-users-{}.csv", today()));

    let records = parse_csv(&std::fs::read(&file).expect("read the file"));
    assert_eq!(records[0], HEADER.map(String::from).to_vec(), "header row");
    let data = &records[1..];
    assert_eq!(data.len(), expected.len(), "one record per API row");
    for (i, (got, row)) in data.iter().zip(&expected).enumerate() {
        assert_eq!(
            *got,
            expected_record(row),
            "record {i} (API row {}) differs",
            row["id"]
        );
    }
    // Several pages were asked for, at the largest size, and nothing else.
    let pages = export_pages_requested(&s).await;
    let wanted: Vec<u64> = (1..=expected.len().div_ceil(100) as u64).collect();
    assert_eq!(pages, wanted, "export requests");
    s.wait_for_text(&format!("saved as {name}")).await;
    s.close().await;
}

/// Formula starts get an apostrophe, quotes/commas/newlines are RFC 4180 quoted and round-trip,
/// and non-ASCII text stays UTF-8.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_neutralises_formulas_and_quotes_rfc_4180() {
    let s = Session::start(admin()).await;
    let server = &s.server;
    let set = |uid: &str, body: Value| {
        let path = format!("/dev/users/{CONTENTZILLA_ID}/{uid}");
        async move {
            let (status, text) = http(server, "PUT", &path, Some(body)).await;
            assert_eq!(status, 200, "PUT {path}: {text}");
        }
    };
    set(
        RACHEL_ROW_ID,
        json!({"usernameInApp": "=1+1", "upstreamUserId": "+SUM(A1)",
               "user": {"displayName": "-2", "email": "@cmd"}}),
    )
    .await;
    set(
        CHARLIE_ROW_ID,
        json!({"usernameInApp": "\tx", "upstreamUserId": "\rx"}),
    )
    .await;
    let tricky = "Say \"hi\", then\r\nnew line; Zoë 日本";
    set(
        ROSS_ROW_ID,
        json!({"usernameInApp": tricky, "upstreamUserId": "a,b"}),
    )
    .await;

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.wait_for("tr[data-row-id]").await;
    click(&s, "#export-csv").await;
    let file = wait_for_download(&s, UI_TIMEOUT).await;
    assert_eq!(
        file.file_name().unwrap().to_string_lossy(),
        format!("Asana-users-{}.csv", today())
    );
    let bytes = std::fs::read(&file).expect("read the file");
    let records = parse_csv(&bytes);
    let expected = api_all_rows(&s, CONTENTZILLA_ID, "&sort=user").await;
    assert_eq!(records.len(), expected.len() + 1);
    let find = |username: &str| {
        records
            .iter()
            .find(|r| r[2] == username)
            .unwrap_or_else(|| panic!("no record with username {username:?}"))
            .clone()
    };
    let rachel = find("'=1+1");
    assert_eq!(rachel[0], "'-2");
    assert_eq!(rachel[1], "'@cmd");
    assert_eq!(rachel[5], "'+SUM(A1)");
    let charlie = find("'\tx");
    assert_eq!(charlie[5], "'\rx");
    let ross = find(tricky);
    assert_eq!(ross[5], "a,b");
    // The raw bytes: the field is quoted with its quotes doubled.
    let raw = String::from_utf8(bytes).unwrap();
    assert!(
        raw.contains("\"Say \"\"hi\"\", then\r\nnew line; Zoë 日本\""),
        "the tricky field is not RFC 4180 quoted"
    );
    assert!(raw.contains(",\"'\rx\","), "a CR start is quoted");
    for (got, row) in records[1..].iter().zip(&expected) {
        assert_eq!(*got, expected_record(row), "API row {}", row["id"]);
    }
    s.close().await;
}

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
    click(&s, "#export-csv").await;
    // The first page arrives, the second is asked for.
    let bar = s.wait_for("[role=\"progressbar\"][aria-valuenow]").await;
    assert_eq!(
        bar.attr("aria-valuemax").await.unwrap().as_deref(),
        Some(GLOBEX_USERS.to_string().as_str())
    );
    s.wait_for_text("100 of 100,000 users").await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while export_pages_requested(&s).await.len() < 2 {
        assert!(Instant::now() < deadline, "page 2 was never asked for");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
    let cancel_reachable = s
        .js(
            "const b = document.getElementById('export-csv-cancel');\
             return !!b && b.tabIndex >= 0 && !b.disabled && b.tagName === 'BUTTON'",
            vec![],
        )
        .await;
    assert_eq!(cancel_reachable, json!(true));
    let before = export_pages_requested(&s).await;
    click(&s, "#export-csv-cancel").await;
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
    let at_cancel = export_pages_requested(&s).await;
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
    let after = export_pages_requested(&s).await;
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
        downloaded_files(&s).is_empty(),
        "a cancelled export downloaded {:?}",
        downloaded_files(&s)
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
        &s,
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
    click(&s, "#export-csv").await;
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
        downloaded_files(&s).is_empty(),
        "{:?}",
        downloaded_files(&s)
    );

    s.clear_faults().await;
    click(&s, "#export-csv-retry").await;
    let file = wait_for_download(&s, UI_TIMEOUT).await;
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
    click(&s, "#export-csv").await;
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
            break wait_for_download(&s, UI_TIMEOUT).await;
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
