//! The foundation works end to end: the SPA loads under the strict CSP and renders API data.

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::dist_with_file;
use testkit::{admin, eventually, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_build_renders_api_data_under_the_strict_csp() {
    let s = Session::start(admin()).await;

    // `/` goes to the integrations list, which shows the seeded integration.
    s.goto("/").await;
    s.wait_for_text("Contentzilla Global").await;
    let url = s.browser.current_url().await.unwrap();
    assert_eq!(url.path(), "/integrations");

    // The Users tab of that integration renders rows from the API.
    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.wait_for("tr[data-row-id]").await;
    let page = s
        .api(&format!("/api/v1/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    let first = page["data"][0]["attributes"]["user"]["displayName"]
        .as_str()
        .expect("the first row (sorted by user) is a matched user");
    s.wait_for_text(first).await;

    // Nothing the page did violated the CSP (the server collects report-uri reports; give a
    // late report a moment to arrive).
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let reports = s.csp_reports().await;
    assert_eq!(reports["count"], 0, "CSP violations: {reports}");

    // Control: an inline script IS blocked and reported, so the zero above means something.
    s.js(
        "const e = document.createElement('script'); e.textContent = 'window.__inline = 1'; \
         document.head.appendChild(e);",
        vec![],
    )
    .await;
    eventually("a report of the inline script", || async {
        let reports = s.csp_reports().await;
        testkit::seen(reports["count"].as_u64().unwrap_or(0) >= 1, reports)
    })
    .await;
    assert_eq!(
        s.js("return window.__inline === undefined", vec![]).await,
        true,
        "the CSP must block inline scripts"
    );
    s.close().await;
}

/// The router: an unknown path shows the not-found panel, and links and the browser's history
/// move between the flat routes without a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_show_not_found_and_history_moves_between_routes() {
    let s = Session::start(admin()).await;
    s.goto("/no/such/page").await;
    s.wait_for_text("Page not found").await;

    s.goto("/integrations").await;
    s.wait_for_text("Contentzilla Global").await;
    // Mark the document: a reload would lose it.
    s.js("window.__sameDocument = true", vec![]).await;
    s.click(&format!("a[href$='{CONTENTZILLA_ID}/users']"))
        .await;
    s.wait_for("tr[data-row-id]").await;
    s.browser.back().await.expect("history back");
    s.wait_for_text("Contentzilla Global").await;
    assert_eq!(
        s.browser.current_url().await.unwrap().path(),
        "/integrations"
    );
    s.browser.forward().await.expect("history forward");
    s.wait_for("tr[data-row-id]").await;
    s.assert_js(
        "the same document after link, back and forward",
        "return window.__sameDocument === true",
        serde_json::Value::Bool(true),
    )
    .await;
    s.close().await;
}

/// A copy of the release dist with a `config.json` next to `index.html`.
fn dist_with_config(tag: &str, json: &str) -> std::path::PathBuf {
    dist_with_file(&format!("config-{tag}"), "config.json", json)
}

#[tokio::test]
async fn config_json_sets_the_api_base_and_the_base_path_without_a_rebuild() {
    // The API base from config.json: every request goes there (here: nowhere, so the tab says
    // it cannot load, instead of silently using /api/v1).
    let s = Session::start(devserver::Config {
        dist: Some(dist_with_config(
            "api",
            r#"{"apiBaseUrl": "/elsewhere/v1"}"#,
        )),
        ..admin()
    })
    .await;
    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.wait_for("[data-status]:not([data-status=loading])").await;
    let names = s
        .js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)\
             .filter(p => p.includes('/v1/'))",
            vec![],
        )
        .await;
    let names = names.as_array().cloned().unwrap_or_default();
    assert!(
        !names.is_empty(),
        "no API request; page: {:?}; resources: {}",
        s.body_text().await,
        s.js(
            "return performance.getEntriesByType('resource').map(e => e.name)",
            vec![]
        )
        .await
    );
    assert!(
        names
            .iter()
            .all(|p| p.as_str().unwrap_or("").starts_with("/elsewhere/v1/")),
        "requests outside the configured base: {names:?}"
    );
    s.close().await;

    // A base path: the app lives under /admin/idlcm, its links stay under it.
    let s = Session::start(devserver::Config {
        dist: Some(dist_with_config(
            "base",
            r#"{"basePath": "/admin/idlcm/", "pollIntervalMs": 400, "unknownField": 1}"#,
        )),
        ..admin()
    })
    .await;
    s.goto("/admin/idlcm/integrations").await;
    s.wait_for_text("Contentzilla Global").await;
    let href = s
        .js(
            "const a = [...document.querySelectorAll('a')].find(a => a.textContent.includes('Contentzilla Global')); \
             return a ? new URL(a.href).pathname : ''",
            vec![],
        )
        .await;
    assert_eq!(
        href,
        serde_json::json!(format!("/admin/idlcm/integrations/{CONTENTZILLA_ID}/users"))
    );
    s.goto(&format!(
        "/admin/idlcm/integrations/{CONTENTZILLA_ID}/users"
    ))
    .await;
    s.wait_for("tr[data-row-id]").await;
    s.close().await;
}
