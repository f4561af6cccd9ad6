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
        &crate::harness::repo_root().join("examples/html-host"),
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

    // Tab A's drawer is modal: while open, the rest of the page (the host's links and tab B
    // included) is inert; closing it leaves nothing inert.
    s.js(
        "const b = document.querySelector('#tab-a tr[data-row-id] th button'); b.focus(); b.click()",
        vec![],
    )
    .await;
    s.wait_for("#tab-a .drawer__panel[role=dialog][aria-modal=true]")
        .await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while js_value(
        &s,
        "return !!document.getElementById('host-about').closest('[inert]') && \
                !!document.getElementById('tab-b').closest('[inert]') && \
                !document.querySelector('#tab-a .drawer__panel').closest('[inert]')",
    )
    .await
        != json!(true)
    {
        assert!(
            Instant::now() < deadline,
            "the page around the modal drawer is not inert"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    s.js(
        "document.querySelector('#tab-a .drawer__panel').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
        vec![],
    )
    .await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while js_value(
        &s,
        "return document.querySelectorAll('[inert], #tab-a .drawer__panel').length",
    )
    .await
        != json!(0)
    {
        assert!(
            Instant::now() < deadline,
            "inert or the drawer left after Esc"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

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
        js_value(
            &s,
            "return document.querySelectorAll('.drawer__backdrop').length"
        )
        .await,
        json!(0)
    );
    s.js(
        "document.querySelector('#tab-b .drawer__panel').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
        vec![],
    )
    .await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while js_value(
        &s,
        "return !!document.querySelector('#tab-b .drawer__panel')",
    )
    .await
        == json!(true)
    {
        assert!(Instant::now() < deadline, "Esc did not close the panel");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        js_value(
            &s,
            "return document.activeElement === document.querySelector('#tab-b tr[data-row-id] th button')"
        )
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

    // Tab B keeps its in-memory sort if the browser restored the page from its back/forward
    // cache, or starts over if it loaded it again: either is right, anything else is not.
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let b = rows_in(&s, "#tab-b").await;
        if b == sorted || b == globex {
            break;
        }
        if Instant::now() >= deadline {
            let text = js_value(&s, "return document.getElementById('tab-b').innerText").await;
            panic!("tab B after Back: {b:?}: {text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Errors name the request id, never the token: a 500 and a 401 in tab B.
    s.fault(json!({"route": "integration", "kind": "status", "status": 500}))
        .await;
    s.js(
        &format!("window.hostTabs[1].update({{integrationId: '{CONTENTZILLA_ID}'}})"),
        vec![],
    )
    .await;
    let text = s.wait_for_status("error").await;
    assert!(text.contains("Request ID"), "{text}");
    s.clear_faults().await;
    s.fault(json!({"route": "integration", "kind": "status", "status": 401}))
        .await;
    s.js(
        &format!("window.hostTabs[1].update({{integrationId: '{GLOBEX_ID}'}})"),
        vec![],
    )
    .await;
    s.wait_for_status("expired").await;
    s.clear_faults().await;
    let leaks = js_value(
        &s,
        "const t = 'dev-workspace_admin'; const out = []; \
         if (document.documentElement.outerHTML.includes(t)) out.push('DOM'); \
         for (const l of window.__console) if (l.includes(t)) out.push('console: ' + l); \
         return out;",
    )
    .await;
    assert_eq!(leaks, json!([]), "the token leaked into an error: {leaks}");

    // Unmount: no node, no interval, no request afterwards.
    let before = js_value(
        &s,
        "return window.__console.filter(l => l.includes('panick')).length",
    )
    .await;
    let panics = js_value(
        &s,
        "return window.__console.filter(l => l.includes('panick')).join('\\n').slice(0, 20000)",
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
    let left = js_value(
        &s,
        "return document.getElementById('tab-a').childNodes.length + \
                document.getElementById('tab-b').childNodes.length + \
                document.querySelectorAll('.idlcm-users').length",
    )
    .await;
    let what = js_value(
        &s,
        "return [...document.getElementById('tab-a').childNodes, ...document.getElementById('tab-b').childNodes,            ...document.querySelectorAll('.idlcm-users')].map(n => n.nodeName + ':' + (n.outerHTML || n.textContent).slice(0, 200))",
    )
    .await;
    let console = js_value(
        &s,
        "return window.__console.filter(l => l.includes('panick')).join('\\n').slice(0, 9000)",
    )
    .await;
    assert_eq!(
        left,
        json!(0),
        "nodes left after unmount: {what}\n{console}"
    );
    assert_eq!(js_value(&s, "return window.__intervals()").await, json!(0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = list_requests(&s).await;
    tokio::time::sleep(Duration::from_millis(400 * 4)).await;
    assert_eq!(list_requests(&s).await, after, "requests after unmount");
    s.close().await;
}

/// Element rules a careless host might have: every property the tab's look depends on.
const HOSTILE_CSS: &str = r#"
* { font-family: "Comic Sans MS", cursive; color: #f0f; box-sizing: content-box;
    line-height: 3; letter-spacing: 2px; }
table { border-collapse: separate; border-spacing: 9px; border: 5px solid red; font-size: 30px;
        width: 50%; }
td, th { padding: 25px; border: 3px dotted lime; text-align: right; vertical-align: bottom;
         background: yellow; font-weight: 900; }
button { padding: 20px; border: 4px solid blue; background: orange; font-size: 24px;
         text-transform: uppercase; border-radius: 0; margin: 7px; }
input, select { padding: 15px; border: 6px double green; font-size: 22px; background: pink;
                margin: 9px; }
a { color: red; text-decoration: line-through; }
p, h1, h2, h3, ul, li, dl, dd, dt { margin: 40px; padding: 11px; }
span { padding: 3px; font-style: italic; }
"#;

/// Computed styles of the first element matching each selector inside `#tab-a`.
async fn tab_styles(s: &Session) -> Value {
    s.js(
        "const props = ['font-family','font-size','font-weight','font-style','line-height', \
           'letter-spacing','color','background-color','box-sizing','text-align','text-transform', \
           'text-decoration-line','border-collapse','border-top-width','border-top-style', \
           'border-top-color','border-left-width','padding-top','padding-left','margin-top', \
           'margin-left','width','vertical-align','border-radius']; \
         const out = {}; \
         for (const sel of arguments[0]) { \
           const e = document.querySelector('#tab-a ' + sel); \
           if (!e) { out[sel] = null; continue; } \
           const cs = getComputedStyle(e); const v = {}; \
           for (const p of props) v[p] = cs.getPropertyValue(p); out[sel] = v; } \
         return out;",
        vec![json!([
            ".users-card",
            ".users-card__title",
            ".users-card__subtitle",
            "table.users-table",
            "thead th",
            ".sort-button",
            "tbody tr td",
            "tbody tr th",
            ".user-cell__name",
            ".state-badge",
            ".state-badge__label",
            ".active-pill",
            ".upstream-id__value",
            "input[type=search]",
            "select",
            ".toolbar-button",
            "#users-refresh",
            ".quick-filter",
            ".pager__summary",
            ".pager__button",
            ".integration-header__label",
            ".integration-header__app",
        ])],
    )
    .await
}

/// Where two style snapshots differ: `selector property: before → after`.
fn style_diff(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (sel, props) in before.as_object().into_iter().flatten() {
        let Some(props) = props.as_object() else {
            out.push(format!("{sel}: missing"));
            continue;
        };
        for (p, v) in props {
            let w = &after[sel][p];
            if w != v {
                out.push(format!("{sel} {p}: {v} -> {w}"));
            }
        }
    }
    out
}

#[tokio::test]
async fn html_host_hostile_stylesheet_leaves_the_tab_alone_and_tokens_restyle_it() {
    let cz_users = format!("{HOST}/users?second={GLOBEX_ID}");
    // Reference look: the host without hostile rules.
    let s = Session::start(config(host_dist("plain", None))).await;
    s.goto(&cz_users).await;
    s.wait_for("#tab-a tr[data-row-id]").await;
    s.wait_for("#tab-a .quick-filter").await;
    let reference = tab_styles(&s).await;
    for (sel, v) in reference.as_object().expect("styles") {
        assert!(
            !v.is_null(),
            "no {sel} in the tab: the snapshot would prove nothing"
        );
    }
    // The tab's CSS styles nothing of the host: the host's elements look the same on a host
    // page without the tab.
    let host_look = "const out = {}; for (const sel of ['body', '.host-header', '.host-nav a', 'h1', '#host-page-text']) { \
         const cs = getComputedStyle(document.querySelector(sel)); \
         out[sel] = [cs.fontFamily, cs.fontSize, cs.color, cs.backgroundColor, cs.margin, cs.padding, cs.lineHeight, cs.boxSizing]; } \
         return out;";
    let with_tab = s.js(host_look, vec![]).await;
    s.goto(&format!("{HOST}/about")).await;
    s.wait_for_text("The host's own page").await;
    let without_tab = s.js(host_look, vec![]).await;
    assert_eq!(
        with_tab, without_tab,
        "the tab's CSS changed the host's look"
    );

    // A host token changes the tab: the failed tone follows --idl-tone-danger.
    s.goto(&cz_users).await;
    let badge = "#tab-a .state-badge--failed";
    s.wait_for(badge).await;
    s.js(
        "document.querySelector('#tab-a .idlcm-users').style.setProperty('--idl-tone-danger', 'rgb(1, 2, 3)')",
        vec![],
    )
    .await;
    assert_eq!(
        s.js(
            "return getComputedStyle(document.querySelector(arguments[0])).color",
            vec![json!(badge)]
        )
        .await,
        json!("rgb(1, 2, 3)")
    );
    // Dark theme and compact density from the host: the card's background and the row height
    // change (the tokens do the work).
    let look = "const c = getComputedStyle(document.querySelector('#tab-a .users-card')); \
                const r = document.querySelector('#tab-a tbody tr').getBoundingClientRect(); \
                return [c.backgroundColor, Math.round(r.height)]";
    let light = s.js(look, vec![]).await;
    s.js(
        "window.hostTabs[0].update({theme: 'dark', density: 'compact'})",
        vec![],
    )
    .await;
    let deadline = Instant::now() + UI_TIMEOUT;
    let dark = loop {
        let v = s.js(look, vec![]).await;
        if v[0] != light[0] {
            break v;
        }
        assert!(
            Instant::now() < deadline,
            "the dark theme did not apply: {v}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(light[0], json!("rgb(255, 255, 255)"), "{light}");
    assert_eq!(dark[0], json!("rgb(24, 29, 34)"), "{dark}");
    assert!(
        dark[1].as_f64().unwrap_or(0.0) < light[1].as_f64().unwrap_or(0.0),
        "compact rows are not shorter: {light} vs {dark}"
    );
    s.close().await;

    // The same page with the hostile stylesheet: the tab looks exactly the same.
    let s = Session::start(config(host_dist("hostile", Some(HOSTILE_CSS)))).await;
    s.goto(&cz_users).await;
    s.wait_for("#tab-a tr[data-row-id]").await;
    s.wait_for("#tab-a .quick-filter").await;
    // The hostile rules are in force on the host's own elements (else this proves nothing).
    assert_eq!(
        s.js(
            "return getComputedStyle(document.getElementById('host-title')).color",
            vec![]
        )
        .await,
        json!("rgb(255, 0, 255)")
    );
    let hostile = tab_styles(&s).await;
    let diff = style_diff(&reference, &hostile);
    assert!(
        diff.is_empty(),
        "the host's element rules reached the tab:\n{}",
        diff.join("\n")
    );
    s.close().await;
}
