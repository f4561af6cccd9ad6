//! Embedding (issue 5): the plain HTML host (`examples/html-host`) mounts two tabs through
//! `embed.js` + `mount()`, under the strict CSP, with a token provider.
//!
//! The bundle is a copy of the release dist with the example under `/examples/html-host/`
//! (as `make run` serves it), a short poll interval, and a probe script (test-only) that records
//! CSP violation events, console output and live `setInterval`s.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{copy_dir, dist_dir, ids_of, Session, UI_TIMEOUT};
use devserver::seed::{CONTENTZILLA_ID, GLOBEX_ID};

const HOST: &str = "/examples/html-host";
const TOKEN: &str = "dev-workspace_admin";

const PROBE: &str = r#"// Test probe, not part of the example.
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(e.violatedDirective + " " + e.blockedURI));
window.__console = [];
for (const k of ["log", "info", "warn", "error", "debug"]) {
  const orig = console[k];
  console[k] = (...a) => { window.__console.push(a.map(String).join(" ")); orig.apply(console, a); };
}
const live = new Set();
const si = window.setInterval.bind(window), ci = window.clearInterval.bind(window);
window.setInterval = (...a) => { const id = si(...a); live.add(id); return id; };
window.clearInterval = (id) => { live.delete(id); ci(id); };
window.__intervals = () => live.size;
"#;

/// dist + the html host (+ `extra_css`, a stylesheet the host page links, when given).
fn host_dist(tag: &str, extra_css: Option<&str>) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("idlcm-e2e-host-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(&dist_dir(), &dst);
    let host = dst.join("examples/html-host");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/html-host"),
        &host,
    );
    std::fs::write(host.join("probe.js"), PROBE).expect("write probe");
    let mut head = format!(
        "<meta name=\"idlcm-poll-ms\" content=\"400\">\n  \
         <script src=\"{HOST}/probe.js\"></script>\n  "
    );
    if let Some(css) = extra_css {
        std::fs::write(host.join("extra.css"), css).expect("write css");
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{HOST}/extra.css\">\n  "
        ));
    }
    let index = host.join("index.html");
    let html = std::fs::read_to_string(&index).expect("read host index");
    let marker = "<script type=\"module\"";
    assert!(
        html.contains(marker),
        "the host page loads host.js as a module"
    );
    std::fs::write(&index, html.replacen(marker, &format!("{head}{marker}"), 1))
        .expect("write host index");
    dst
}

fn config(dist: PathBuf) -> devserver::Config {
    devserver::Config {
        // No auto-login and no cookie: only the host's bearer token gets data.
        auto_login: None,
        faults: true,
        dist: Some(dist),
        ..Default::default()
    }
}

async fn rows_in(s: &Session, container: &str) -> Vec<String> {
    s.js(
        "return Array.from(document.querySelectorAll(arguments[0] + ' tr[data-row-id]'))\
         .map(r => r.getAttribute('data-row-id'))",
        vec![json!(container)],
    )
    .await
    .as_array()
    .map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    })
    .unwrap_or_default()
}

async fn wait_rows_in(s: &Session, container: &str, expected: &[String], what: &str) {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let rows = rows_in(s, container).await;
        if rows == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {container} shows {rows:?}, the API answers {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn js_value(s: &Session, script: &str) -> Value {
    s.js(script, vec![]).await
}

async fn list_requests(s: &Session) -> u64 {
    js_value(
        s,
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/')).length",
    )
    .await
    .as_u64()
    .unwrap_or(0)
}

#[tokio::test]
async fn html_host_two_tabs_with_a_token_provider_under_the_strict_csp() {
    let s = Session::start(config(host_dist("main", None))).await;
    s.goto(&format!("{HOST}/users")).await;
    s.js("performance.setResourceTimingBufferSize(100000)", vec![])
        .await;
    let cz = ids_of(
        &s.api(&format!("/api/v1/integrations/{CONTENTZILLA_ID}/users"))
            .await,
    );
    let globex = ids_of(
        &s.api(&format!("/api/v1/integrations/{GLOBEX_ID}/users"))
            .await,
    );
    wait_rows_in(&s, "#tab-a", &cz, "tab A").await;
    wait_rows_in(&s, "#tab-b", &globex, "tab B").await;

    // The token provider was asked, and its token went only into the Authorization header:
    // the server answered (no cookie, no auto-login), nothing on the page holds it.
    let calls = js_value(&s, "return window.hostTokenCalls").await;
    assert!(calls.as_u64().unwrap_or(0) >= 2, "provider calls: {calls}");
    let leaks = js_value(
        &s,
        "const t = arguments[0] || 'dev-workspace_admin'; const out = []; \
         for (const e of performance.getEntriesByType('resource')) if (e.name.includes(t)) out.push(e.name); \
         if (location.href.includes(t)) out.push(location.href); \
         for (const st of [localStorage, sessionStorage]) for (let i = 0; i < st.length; i++) { \
           const k = st.key(i); if (k.includes(t) || (st.getItem(k) || '').includes(t)) out.push(k); } \
         if (document.cookie.includes(t)) out.push('cookie'); \
         for (const l of window.__console) if (l.includes(t)) out.push('console: ' + l); \
         if (document.documentElement.outerHTML.includes(t)) out.push('DOM'); \
         return out;",
    )
    .await;
    assert_eq!(leaks, json!([]), "the token leaked into {leaks}");
    let _ = TOKEN;

    // Two tabs, no shared ids: the second tab's ids are prefixed.
    let dupes = js_value(
        &s,
        "const seen = new Map(); for (const e of document.querySelectorAll('[id]')) \
           seen.set(e.id, (seen.get(e.id) || 0) + 1); \
         return [...seen].filter(([, n]) => n > 1).map(([id]) => id);",
    )
    .await;
    assert_eq!(dupes, json!([]), "duplicate ids");

    // Tab A's state lives in the URL under its base path; tab B's does not touch the URL.
    s.js(
        "const i = document.querySelector('#tab-a input[type=search]'); i.focus(); \
         i.value = 'Rachel'; i.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![],
    )
    .await;
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let url = s.browser.current_url().await.unwrap();
        if url.path() == format!("{HOST}/users") && url.query().unwrap_or("").contains("q=Rachel") {
            break;
        }
        assert!(Instant::now() < deadline, "URL after search: {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let filtered = ids_of(
        &s.api(&format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users?search=Rachel"
        ))
        .await,
    );
    wait_rows_in(&s, "#tab-a", &filtered, "tab A searched").await;
    assert_eq!(
        rows_in(&s, "#tab-b").await,
        globex,
        "tab B changed with tab A's search"
    );
    // Tab B's sort stays inside tab B.
    s.js(
        "document.querySelector('#tab-b button[id$=sort-usernameInApp]').click()",
        vec![],
    )
    .await;
    let sorted = ids_of(
        &s.api(&format!(
            "/api/v1/integrations/{GLOBEX_ID}/users?sort=usernameInApp"
        ))
        .await,
    );
    wait_rows_in(&s, "#tab-b", &sorted, "tab B sorted").await;
    let url = s.browser.current_url().await.unwrap();
    assert!(
        !url.query().unwrap_or("").contains("sort"),
        "tab B wrote the URL: {url}"
    );
    s.assert_accessible("the html host with two tabs").await;

    // The host's own link is not hijacked: a real navigation to the host's page...
    s.js("document.getElementById('host-about').click()", vec![])
        .await;
    s.wait_for_text("The host's own page").await;
    assert_eq!(
        s.browser.current_url().await.unwrap().path(),
        format!("{HOST}/about")
    );
    // ...and the host's Back brings the tabs back with tab A's search from the URL.
    s.browser.back().await.unwrap();
    wait_rows_in(&s, "#tab-a", &filtered, "tab A after Back").await;
    let q = js_value(
        &s,
        "return document.querySelector('#tab-a input[type=search]').value",
    )
    .await;
    assert_eq!(q, json!("Rachel"));

    // Zero CSP violations on the host page (events and reports).
    assert_eq!(js_value(&s, "return window.__csp").await, json!([]));
    let reports = s.csp_reports().await;
    assert_eq!(reports["count"], 0, "CSP reports: {reports}");

    // Unmount: no node, no interval, no request afterwards.
    // Tab B keeps its in-memory sort if the browser restored the page from its back/forward
    // cache, or starts over if it loaded it again: either is right, anything else is not.
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let b = rows_in(&s, "#tab-b").await;
        if b == sorted || b == globex {
            break;
        }
        assert!(Instant::now() < deadline, "tab B after Back: {b:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.js("document.getElementById('host-unmount').click()", vec![])
        .await;
    let left = js_value(
        &s,
        "return document.getElementById('tab-a').childNodes.length + \
                document.getElementById('tab-b').childNodes.length + \
                document.querySelectorAll('.idlcm-users').length",
    )
    .await;
    assert_eq!(left, json!(0), "nodes left after unmount");
    assert_eq!(js_value(&s, "return window.__intervals()").await, json!(0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = list_requests(&s).await;
    tokio::time::sleep(Duration::from_millis(400 * 4)).await;
    assert_eq!(list_requests(&s).await, after, "requests after unmount");
    s.close().await;
}
