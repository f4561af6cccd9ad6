//! Embedding: the plain HTML host (`examples/html-host`) mounts two tabs through `embed.js` +
//! `mount()`, under the strict CSP, with a token provider; the token goes nowhere but the
//! Authorization header, and unmounting leaves nothing behind.
//!
//! The bundle is a copy of the release dist with the example under `/examples/html-host/`
//! (as `make run` serves it), a short poll interval, and a probe script (test-only) that records
//! CSP violation events, console output and live `setInterval`s
//! (`testkit::fixtures::html_host_dist`).

use std::time::Duration;

use serde_json::json;

use devserver::seed::{CONTENTZILLA_ID, GLOBEX_ID};
use testkit::fixtures::{host_config, html_host_dist, HTML_HOST};
use testkit::{eventually, ids_of, seen, Session};

/// The bearer token the host's provider hands out (the dev server's Admin token).
const TOKEN: &str = "dev-workspace_admin";

/// Where on the page `arguments[0]` shows up: resource URLs, the location, both storages, the
/// cookie, the console (the probe records it), the DOM.
const LEAK_SCAN: &str = "const t = arguments[0]; if (!t) return ['no text to look for']; \
     const out = []; \
     for (const e of performance.getEntriesByType('resource')) if (e.name.includes(t)) out.push(e.name); \
     if (location.href.includes(t)) out.push(location.href); \
     for (const st of [localStorage, sessionStorage]) for (let i = 0; i < st.length; i++) { \
       const k = st.key(i); if (k.includes(t) || (st.getItem(k) || '').includes(t)) out.push(k); } \
     if (document.cookie.includes(t)) out.push('cookie'); \
     for (const l of window.__console) if (l.includes(t)) out.push('console: ' + l); \
     if (document.documentElement.outerHTML.includes(t)) out.push('DOM'); \
     return out;";

#[tokio::test]
async fn html_host_two_tabs_with_a_token_provider_under_the_strict_csp() {
    let s = Session::start(host_config(html_host_dist("main", None))).await;
    s.goto(&format!("{HTML_HOST}/users")).await;
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
    s.tab().wait_rows_in("#tab-a", &cz, "tab A").await;
    s.tab().wait_rows_in("#tab-b", &globex, "tab B").await;

    // The token provider was asked, and its token went only into the Authorization header:
    // the server answered (no cookie, no auto-login), nothing on the page holds it.
    let calls = s.js("return window.hostTokenCalls", vec![]).await;
    assert!(calls.as_u64().unwrap_or(0) >= 2, "provider calls: {calls}");
    let leaks = s.js(LEAK_SCAN, vec![json!(TOKEN)]).await;
    assert_eq!(leaks, json!([]), "the token leaked into {leaks}");
    // The scan finds what is there: a marker put where a leak could hide is reported.
    let marker = "leak-scan-marker";
    s.js(
        "sessionStorage.setItem('probe', arguments[0]); console.log(arguments[0]);",
        vec![json!(marker)],
    )
    .await;
    let found = s.js(LEAK_SCAN, vec![json!(marker)]).await;
    assert_eq!(
        found,
        json!(["probe", format!("console: {marker}")]),
        "the leak scan missed a planted marker"
    );
    s.js("sessionStorage.removeItem('probe')", vec![]).await;

    // Two tabs, no shared ids: the second tab's ids are prefixed.
    let dupes = s
        .js(
            "const seen = new Map(); for (const e of document.querySelectorAll('[id]')) \
           seen.set(e.id, (seen.get(e.id) || 0) + 1); \
         return [...seen].filter(([, n]) => n > 1).map(([id]) => id);",
            vec![],
        )
        .await;
    assert_eq!(dupes, json!([]), "duplicate ids");

    // Tab A's drawer is modal: while open, the rest of the page (the host's links and tab B
    // included) is inert; closing it leaves nothing inert.
    s.js(
        "const b = document.querySelector('#tab-a tr[data-row-id] th button'); b.focus(); b.click()",
        vec![],
    )
    .await;
    s.wait_for("#tab-a .drawer__panel[role=dialog][aria-modal=true]")
        .await;
    s.until_js(
        "the page around the modal drawer to be inert",
        "return !!document.getElementById('host-about').closest('[inert]') && \
                !!document.getElementById('tab-b').closest('[inert]') && \
                !document.querySelector('#tab-a .drawer__panel').closest('[inert]')",
    )
    .await;
    s.js(
        "document.querySelector('#tab-a .drawer__panel').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
        vec![],
    )
    .await;
    s.until_js(
        "no inert and no drawer left after Esc",
        "return document.querySelectorAll('[inert], #tab-a .drawer__panel').length === 0",
    )
    .await;

    // Tab B's drawer is the non-modal panel: a region, no backdrop, Esc closes it, focus
    // goes back to the row's button.
    s.js(
        "const b = document.querySelector('#tab-b tr[data-row-id] th button'); b.focus(); b.click()",
        vec![],
    )
    .await;
    let panel = s.wait_for("#tab-b .drawer__panel[role=region]").await;
    assert_eq!(panel.attr("aria-modal").await.unwrap(), None);
    assert_eq!(
        s.js(
            "return document.querySelectorAll('.drawer__backdrop').length",
            vec![]
        )
        .await,
        json!(0)
    );
    s.js(
        "document.querySelector('#tab-b .drawer__panel').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
        vec![],
    )
    .await;
    s.until_js(
        "Esc to close the panel",
        "return !document.querySelector('#tab-b .drawer__panel')",
    )
    .await;
    assert_eq!(
        s.js("return document.activeElement === document.querySelector('#tab-b tr[data-row-id] th button')", vec![])
        .await,
        json!(true),
        "focus did not return to the row"
    );
    let url = s.browser.current_url().await.unwrap();
    assert!(
        !url.query().unwrap_or("").contains("user="),
        "tab B's drawer wrote the URL: {url}"
    );

    // Tab A's state lives in the URL under its base path; tab B's does not touch the URL.
    s.js(
        "const i = document.querySelector('#tab-a input[type=search]'); i.focus(); \
         i.value = 'Rachel'; i.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![],
    )
    .await;
    eventually("the search in tab A's URL", || async {
        let url = s.browser.current_url().await.unwrap();
        let done = url.path() == format!("{HTML_HOST}/users")
            && url.query().unwrap_or("").contains("q=Rachel");
        seen(done, url)
    })
    .await;
    let filtered = ids_of(
        &s.api(&format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users?search=Rachel"
        ))
        .await,
    );
    s.tab()
        .wait_rows_in("#tab-a", &filtered, "tab A searched")
        .await;
    assert_eq!(
        s.tab().row_ids_in("#tab-b").await,
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
    s.tab()
        .wait_rows_in("#tab-b", &sorted, "tab B sorted")
        .await;
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
        format!("{HTML_HOST}/about")
    );
    // ...and the host's Back brings the tabs back with tab A's search from the URL.
    s.browser.back().await.unwrap();
    s.tab()
        .wait_rows_in("#tab-a", &filtered, "tab A after Back")
        .await;
    let q = s
        .js(
            "return document.querySelector('#tab-a input[type=search]').value",
            vec![],
        )
        .await;
    assert_eq!(q, json!("Rachel"));

    // Zero CSP violations on the host page (events and reports).
    assert_eq!(s.js("return window.__csp", vec![]).await, json!([]));
    let reports = s.csp_reports().await;
    assert_eq!(reports["count"], 0, "CSP reports: {reports}");

    // Tab B keeps its in-memory sort if the browser restored the page from its back/forward
    // cache, or starts over if it loaded it again: either is right, anything else is not.
    eventually("tab B after Back: sorted or as first loaded", || async {
        let b = s.tab().row_ids_in("#tab-b").await;
        if b == sorted || b == globex {
            return Ok(());
        }
        let text = s
            .js("return document.getElementById('tab-b').innerText", vec![])
            .await;
        Err(format!("{b:?}: {text}"))
    })
    .await;

    // Errors name the request id, never the token: a 500 and a 401 in tab B.
    s.fault(json!({"route": "integration", "kind": "status", "status": 500}))
        .await;
    s.js(
        &format!("window.hostTabs[1].update({{integrationId: '{CONTENTZILLA_ID}'}})"),
        vec![],
    )
    .await;
    let text = s.tab().wait_status("error").await;
    assert!(text.contains("Request ID"), "{text}");
    s.clear_faults().await;
    s.fault(json!({"route": "integration", "kind": "status", "status": 401}))
        .await;
    s.js(
        &format!("window.hostTabs[1].update({{integrationId: '{GLOBEX_ID}'}})"),
        vec![],
    )
    .await;
    s.tab().wait_status("expired").await;
    s.clear_faults().await;
    let leaks = s.js(LEAK_SCAN, vec![json!(TOKEN)]).await;
    assert_eq!(leaks, json!([]), "the token leaked into an error: {leaks}");

    // Unmount: no node, no interval, no request afterwards.
    let before = s
        .js(
            "return window.__console.filter(l => l.includes('panick')).length",
            vec![],
        )
        .await;
    let panics = s
        .js(
            "return window.__console.filter(l => l.includes('panick')).join('\\n').slice(0, 20000)",
            vec![],
        )
        .await;
    assert_eq!(
        before,
        json!(0),
        "a panic before unmount: {}",
        panics.as_str().unwrap_or("")
    );
    s.js("document.getElementById('host-unmount').click()", vec![])
        .await;
    let left = s
        .js(
            "return document.getElementById('tab-a').childNodes.length + \
                document.getElementById('tab-b').childNodes.length + \
                document.querySelectorAll('.idlcm-users').length",
            vec![],
        )
        .await;
    let what = s.js("return [...document.getElementById('tab-a').childNodes, ...document.getElementById('tab-b').childNodes,            ...document.querySelectorAll('.idlcm-users')].map(n => n.nodeName + ':' + (n.outerHTML || n.textContent).slice(0, 200))", vec![])
    .await;
    let console = s
        .js(
            "return window.__console.filter(l => l.includes('panick')).join('\\n').slice(0, 9000)",
            vec![],
        )
        .await;
    assert_eq!(
        left,
        json!(0),
        "nodes left after unmount: {what}\n{console}"
    );
    assert_eq!(s.js("return window.__intervals()", vec![]).await, json!(0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = s.requests_to("/api/").await;
    tokio::time::sleep(Duration::from_millis(400 * 4)).await;
    assert_eq!(
        s.requests_to("/api/").await,
        after,
        "requests after unmount"
    );
    s.close().await;
}
