//! The foundation works end to end: the SPA loads under the strict CSP and renders API data.

use crate::harness::Session;
use devserver::seed::CONTENTZILLA_ID;

fn admin() -> devserver::Config {
    devserver::Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults: true,
        ..Default::default()
    }
}

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
    let deadline = std::time::Instant::now() + crate::harness::UI_TIMEOUT;
    loop {
        let reports = s.csp_reports().await;
        if reports["count"].as_u64().unwrap_or(0) >= 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "an inline script was not reported: {reports}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        s.js("return window.__inline === undefined", vec![]).await,
        true,
        "the CSP must block inline scripts"
    );
    s.close().await;
}
