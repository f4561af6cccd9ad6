//! Embedding in a Leptos app: `examples/leptos-host` renders `UsersTab` as the Users tab of its
//! own integration page, a nested route under `<Router base="/examples/leptos-host">`.
//!
//! The bundle is a copy of the release dist with the example's own (debug) build under
//! `/examples/leptos-host/` (as `make run` serves it), a short poll interval, and a probe file
//! (test-only; the CSP blocks inline scripts) that records CSP violation events.

use std::time::Duration;

use serde_json::{json, Value};

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::{admin_on, leptos_host_dist, LEPTOS_HOST};
use testkit::paths::repo_root;
use testkit::{api_users, eventually, ids_of, seen, Session};

fn users_path(query: &str) -> String {
    format!("{LEPTOS_HOST}/integrations/{CONTENTZILLA_ID}/users{query}")
}

async fn wait_for_url(s: &Session, path: &str, query_parts: &[&str]) {
    let what = format!("the URL {path} with {query_parts:?} in its query");
    eventually(what, || async {
        let url = s.browser.current_url().await.unwrap();
        let q = url.query().unwrap_or("");
        seen(
            url.path() == path && query_parts.iter().all(|p| q.contains(p)),
            url,
        )
    })
    .await
}

/// Set before a click on a link: still there afterwards only if the router navigated on the
/// client (a full page load starts a new `window`).
async fn mark_page(s: &Session) {
    s.js("window.__samePage = true", vec![]).await;
}

async fn assert_same_page(s: &Session, what: &str) {
    assert_eq!(
        s.js("return window.__samePage === true", vec![]).await,
        json!(true),
        "{what}: the page was loaded again instead of a client-side navigation"
    );
}

async fn tabs_mounted(s: &Session) -> Value {
    s.js(
        "return document.querySelectorAll('.idlcm-users').length",
        vec![],
    )
    .await
}

async fn search_value(s: &Session) -> Value {
    s.js(
        "const i = document.querySelector('.idlcm-users input[type=search]'); \
         return i ? i.value : null",
        vec![],
    )
    .await
}

#[tokio::test]
async fn leptos_host_shows_the_users_tab_under_its_nested_route() {
    let dist = leptos_host_dist();
    let s = Session::start(admin_on(dist.clone())).await;
    // The host's home redirects to its integrations (under the router's base).
    s.goto(&format!("{LEPTOS_HOST}/")).await;
    wait_for_url(&s, &format!("{LEPTOS_HOST}/integrations"), &[]).await;
    s.wait_for("a.integrations__link").await;

    s.goto(&users_path("")).await;
    s.js("performance.setResourceTimingBufferSize(100000)", vec![])
        .await;

    // The tab's rows are the API's, inside the host's page under its own tabs.
    let all = ids_of(&s.api(&api_users("")).await);
    assert!(!all.is_empty(), "the seeded integration has users");
    s.tab().wait_rows(&all, "the Users tab in the host").await;
    let layout = s
        .js(
            "const tabs = document.querySelector('main.host-main nav[aria-label=\"Integration sections\"]'); \
             const tab = document.querySelector('main.host-main .idlcm-users'); \
             const current = tabs && tabs.querySelector('a[aria-current=page]'); \
             return { after_tabs: !!(tabs && tab && (tabs.compareDocumentPosition(tab) & 4)), \
                      current: current && current.textContent.trim(), \
                      rows_in_tab: tab ? tab.querySelectorAll('tr[data-row-id]').length : 0, \
                      header: document.querySelectorAll('.idlcm-users .integration-header').length, \
                      host_title: document.querySelector('h1') && document.querySelector('h1').textContent }",
            vec![],
        )
        .await;
    assert_eq!(
        layout,
        json!({"after_tabs": true, "current": "Users", "rows_in_tab": all.len(),
               "header": 0, "host_title": "Integration"}),
        "the tab sits in the host's Users tab, without its own header"
    );
    s.assert_accessible("the Leptos host's Users tab").await;

    // The tab's URL state works under the nested route: sort, then search, both in the query
    // of …/users.
    let by_username = ids_of(&s.api(&api_users("?sort=usernameInApp")).await);
    assert_ne!(by_username, all, "sorting by username changes the order");
    s.click("button[id$=sort-usernameInApp]").await;
    wait_for_url(&s, &users_path(""), &["sort=usernameInApp"]).await;
    s.tab().wait_rows(&by_username, "sorted by username").await;
    let searched = ids_of(&s.api(&api_users("?search=Rachel&sort=usernameInApp")).await);
    assert!(
        !searched.is_empty() && searched.len() < all.len(),
        "the search narrows the list: {searched:?}"
    );
    s.wait_for(".idlcm-users input[type=search]")
        .await
        .send_keys("Rachel")
        .await
        .unwrap();
    wait_for_url(&s, &users_path(""), &["q=Rachel", "sort=usernameInApp"]).await;
    s.tab().wait_rows(&searched, "searched and sorted").await;

    // A reload keeps the view (the dev server answers the host's index.html for the nested
    // path).
    s.browser.refresh().await.unwrap();
    s.tab().wait_rows(&searched, "after reload").await;
    wait_for_url(&s, &users_path(""), &["q=Rachel", "sort=usernameInApp"]).await;
    assert_eq!(search_value(&s).await, json!("Rachel"));

    // The host's Settings tab: a client-side navigation that unmounts the Users tab (no node
    // left, no request afterwards: its polling stopped).
    mark_page(&s).await;
    s.click("nav[aria-label=\"Integration sections\"] a[href$=\"/settings\"]")
        .await;
    wait_for_url(
        &s,
        &format!("{LEPTOS_HOST}/integrations/{CONTENTZILLA_ID}/settings"),
        &[],
    )
    .await;
    s.wait_for_text("Settings of Acme Admin").await;
    assert_same_page(&s, "host tab Settings").await;
    assert_eq!(tabs_mounted(&s).await, json!(0), "the Users tab unmounted");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let requests = s.requests_to("/api/").await;
    tokio::time::sleep(Duration::from_millis(400 * 4)).await;
    assert_eq!(
        s.requests_to("/api/").await,
        requests,
        "requests after the tab unmounted"
    );
    s.assert_accessible("the host's Settings tab").await;

    // Back mounts the tab again with its state from the URL; Forward leaves it, Back returns.
    s.browser.back().await.unwrap();
    wait_for_url(&s, &users_path(""), &["q=Rachel", "sort=usernameInApp"]).await;
    s.tab().wait_rows(&searched, "Back to Users").await;
    assert_eq!(search_value(&s).await, json!("Rachel"));
    assert_same_page(&s, "Back").await;
    s.browser.forward().await.unwrap();
    s.wait_for_text("Settings of Acme Admin").await;
    assert_eq!(
        tabs_mounted(&s).await,
        json!(0),
        "Forward unmounted the tab"
    );
    s.browser.back().await.unwrap();
    s.tab().wait_rows(&searched, "Back to Users again").await;
    assert_same_page(&s, "Back and Forward").await;
    assert_eq!(tabs_mounted(&s).await, json!(1), "one Users tab");

    // The host's own nav: Reports, then Integrations and the integration's link (the tab's
    // list, relative links) back to a fresh Users tab; all on the client.
    s.click("nav.host-nav a[href$=\"/reports\"]").await;
    wait_for_url(&s, &format!("{LEPTOS_HOST}/reports"), &[]).await;
    s.wait_for_text("Reports of Acme Admin").await;
    assert_eq!(tabs_mounted(&s).await, json!(0), "no tab on Reports");
    s.click("nav.host-nav a[href$=\"/integrations\"]").await;
    wait_for_url(&s, &format!("{LEPTOS_HOST}/integrations"), &[]).await;
    s.click(&format!(
        "a.integrations__link[href$=\"{CONTENTZILLA_ID}/users\"]"
    ))
    .await;
    wait_for_url(&s, &users_path(""), &[]).await;
    s.tab()
        .wait_rows(&all, "the integration's link from the list")
        .await;
    assert_eq!(s.query_string().await, "", "a fresh tab has an empty query");
    assert_same_page(&s, "host nav").await;

    // No CSP violation, as events on the page or reports to the server...
    assert_eq!(s.js("return window.__csp", vec![]).await, json!([]));
    let reports = s.csp_reports().await;
    assert_eq!(reports["count"], 0, "CSP reports: {reports}");
    // ...and the listener does see one: an inline script is refused.
    s.js(
        "const x = document.createElement('script'); x.textContent = 'window.__inline = 1'; \
         document.head.append(x);",
        vec![],
    )
    .await;
    eventually(
        "a securitypolicyviolation event for an inline script",
        || async {
            let csp = s.js("return window.__csp", vec![]).await;
            seen(csp.as_array().is_some_and(|a| !a.is_empty()), csp)
        },
    )
    .await;
    assert_eq!(s.js("return window.__inline", vec![]).await, json!(null));
    s.close().await;
    let _ = std::fs::remove_dir_all(&dist);
}

/// The Leptos host and the table benchmark link every stylesheet the tab's own `index.html`
/// links (a new component's CSS must reach them too), in the same order.
#[test]
fn leptos_host_links_every_stylesheet_of_the_tab() {
    let root = repo_root();
    let css = |path: &str, prefix: &str| -> Vec<String> {
        std::fs::read_to_string(root.join(path))
            .expect("read index.html")
            .lines()
            .filter_map(|l| l.split("rel=\"css\" href=\"").nth(1))
            .filter_map(|rest| rest.split('"').next())
            .filter_map(|href| href.strip_prefix(prefix).map(str::to_owned))
            .collect()
    };
    let tab = css("index.html", "");
    assert!(tab.len() > 10, "{tab:?}");
    // The Leptos host and the table benchmark load the tab's CSS from its sources.
    for page in ["examples/leptos-host/index.html", "bench/table/index.html"] {
        assert_eq!(css(page, "../../"), tab, "{page} must link the tab's CSS");
    }
}
