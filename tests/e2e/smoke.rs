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

    // Nothing the page did violated the CSP (the server collects report-uri reports).
    let reports = s.csp_reports().await;
    assert_eq!(
        reports.as_array().map(Vec::len),
        Some(0),
        "CSP violations: {reports}"
    );
    s.close().await;
}
