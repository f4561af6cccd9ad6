//! The Users tab end to end: URL state → API query → rows, states, drawer, access, faults.
//! The API is the oracle: for a view, the table must show exactly the rows the API returns for
//! the same query, in the same order.

use serde_json::json;

use devserver::seed::{CONTENTZILLA_ID, EMPTY_ID};
use testkit::{admin, api_users, ids_of, users_page, Session};

fn config(role: Option<contract::WorkspaceRole>) -> devserver::Config {
    devserver::Config {
        auto_login: role,
        ..admin()
    }
}

/// Each view in the URL shows the rows the API returns for the same query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_state_selects_search_filters_sort_and_pages() {
    let s = Session::start(admin()).await;
    let cases = [
        ("", "?sort=user&page%5Bnumber%5D=1&page%5Bsize%5D=25"),
        ("?q=geller", "?search=geller"),
        ("?q=CONTENTZILLA", "?search=CONTENTZILLA"),
        (
            "?state=update_failed,delete_failed,provisioning_failed",
            "?filter%5BprovisioningState%5D=update_failed,delete_failed,provisioning_failed",
        ),
        (
            "?state=onboarded",
            "?filter%5BprovisioningState%5D=onboarded",
        ),
        ("?matched=false", "?filter%5Bmatched%5D=false"),
        (
            "?matched=true&active=false",
            "?filter%5Bmatched%5D=true&filter%5BactiveInApp%5D=false",
        ),
        ("?sort=-user", "?sort=-user"),
        ("?sort=provisioningState", "?sort=provisioningState"),
        ("?sort=-provisioningState", "?sort=-provisioningState"),
        ("?sort=usernameInApp", "?sort=usernameInApp"),
        ("?sort=-upstreamUserId", "?sort=-upstreamUserId"),
        ("?sort=activeInApp", "?sort=activeInApp"),
        ("?size=50", "?page%5Bsize%5D=50"),
        ("?size=100", "?page%5Bsize%5D=100"),
        ("?page=2", "?page%5Bnumber%5D=2"),
        (
            "?page=2&size=25&sort=-user",
            "?page%5Bnumber%5D=2&page%5Bsize%5D=25&sort=-user",
        ),
    ];
    for (ui, api) in cases {
        let expected = ids_of(&s.api(&api_users(api)).await);
        assert!(!expected.is_empty(), "{ui}: the seed should give rows");
        s.goto(&users_page(ui)).await;
        s.tab().wait_rows(&expected, ui).await;
    }
    // The footer states the totals.
    let all = s.api(&api_users("")).await;
    let total = all["meta"]["page"]["total"].as_u64().unwrap();
    s.goto(&users_page("")).await;
    s.wait_for_text(&format!("out of {total} users")).await;
    s.close().await;
}

/// Seeded integration: every one of the 11 states is shown as a badge; unmatched rows say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loaded_table_shows_every_state_badge_and_is_accessible() {
    let s = Session::start(admin()).await;
    s.goto(&users_page("?size=100")).await;
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=100")).await);
    s.tab().wait_rows(&expected, "all rows").await;
    for state in contract::ProvisioningState::KNOWN {
        s.wait_for(&format!("[data-state=\"{}\"]", state.as_str()))
            .await;
        s.wait_for_text(state.label()).await;
    }
    s.wait_for_text("Unknown user").await;
    s.wait_for_text("No roles").await;
    // "Last synced" reads relative to now in a <time datetime>; its absolute time (hover and
    // focus) is formatted once the page is idle (integration_header): it must come, in the
    // browser's own long date + short time.
    let integration = s
        .api(&format!(
            "/api/v1/integrations/{}",
            devserver::seed::CONTENTZILLA_ID
        ))
        .await;
    let iso = integration["data"]["attributes"]["lastSyncedAt"]
        .as_str()
        .expect("the seeded integration has a lastSyncedAt");
    let when = s
        .js(
            "return new Intl.DateTimeFormat([], { dateStyle: 'long', timeStyle: 'short' })
               .format(new Date(arguments[0]))",
            vec![iso.into()],
        )
        .await;
    let when = when.as_str().expect("a formatted date");
    assert!(when.contains("20"), "{when}");
    s.tab().wait_header_synced(iso).await;
    let (text, _) = s.tab().header_synced().await;
    assert!(
        text.starts_with("Last synced: ") && text.ends_with(" ago"),
        "{text:?}"
    );
    s.wait_js(
        "the absolute time in the header's tip",
        "const t = document.querySelector('.integration-header__synced .rel-time__tip'); \
         return t ? t.textContent : ''",
        vec![],
        when.into(),
    )
    .await;
    s.screenshot("users-tab-loaded").await;
    s.assert_accessible("the loaded table").await;
    s.goto(&users_page("?q=rachel")).await;
    s.wait_for_text("Rachel Green").await;
    s.close().await;
}

/// Filtered and no-result views, and the empty integration.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtered_no_match_and_empty_states() {
    let s = Session::start(admin()).await;
    s.goto(&users_page("?state=update_failed")).await;
    let expected = ids_of(
        &s.api(&api_users("?filter%5BprovisioningState%5D=update_failed"))
            .await,
    );
    s.tab().wait_rows(&expected, "update_failed").await;
    s.assert_accessible("a filtered table").await;

    s.goto(&users_page("?q=zzzz-nobody-has-this")).await;
    let text = s.tab().wait_status("no-match").await;
    assert!(text.contains("No users match"), "{text}");
    assert!(s.tab().row_ids().await.is_empty());
    s.assert_accessible("no results").await;

    s.goto(&format!("/integrations/{EMPTY_ID}/users")).await;
    let text = s.tab().wait_status("empty").await;
    assert!(text.contains("No users yet"), "{text}");
    s.close().await;
}

/// A user who is not an Owner / Super Admin / Admin sees why, and no integration call is made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_admin_sees_no_access_and_nothing_of_the_integration() {
    let s = Session::start(config(Some(contract::WorkspaceRole::User))).await;
    s.goto(&users_page("")).await;
    let text = s.tab().wait_status("no-access").await;
    assert!(text.contains("You don't have access"), "{text}");
    assert!(
        text.contains("Admin"),
        "the panel says which roles may: {text}"
    );
    // The integration and its first page are asked for together with `/me` (one round trip
    // to first rows): the API refuses them (403) and nothing of them reaches the page.
    let calls = s
        .js(
            "return performance.getEntriesByType('resource')\
             .filter(e => e.name.includes('/api/v1/integrations'))\
             .map(e => e.responseStatus)",
            vec![],
        )
        .await;
    let statuses = calls.as_array().cloned().unwrap_or_default();
    assert!(
        statuses
            .iter()
            .all(|st| st == &json!(403) || st == &json!(0)),
        "integration requests a non-admin made must be refused (or aborted): {calls}"
    );
    let shown = s
        .js(
            "return ['.users-card', '.integration-header', 'table.users-table', 'tr[data-row-id]']\
             .filter(sel => document.querySelector(sel))",
            vec![],
        )
        .await;
    assert_eq!(shown, json!([]), "nothing of the integration renders");
    s.assert_accessible("no access").await;
    s.close().await;
}

/// No session → "Your session has expired"; an unknown integration → "Integration not found".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_session_and_unknown_integration() {
    let s = Session::start(config(None)).await;
    s.goto(&users_page("")).await;
    let text = s.tab().wait_status("expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    s.close().await;

    let s = Session::start(admin()).await;
    s.goto("/integrations/6c1c1d6e-0000-4000-8000-000000000000/users")
        .await;
    let text = s.tab().wait_status("not-found").await;
    assert!(text.contains("Integration not found"), "{text}");
    s.close().await;
}

/// A 500 (after the client's own retries) shows the error panel with the request id; Retry
/// recovers once the fault is lifted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_then_retry_recovers() {
    let s = Session::start(admin()).await;
    s.fault(json!({"route": "users", "kind": "status", "status": 500}))
        .await;
    s.goto(&users_page("")).await;
    let text = s.tab().wait_status("error").await;
    assert!(text.to_lowercase().contains("request id"), "{text}");
    s.assert_accessible("the error panel").await;
    s.clear_faults().await;
    let retry = s.wait_for("[data-status=\"error\"] button").await;
    retry.click().await.unwrap();
    let expected = ids_of(&s.api(&api_users("")).await);
    s.tab().wait_rows(&expected, "after Retry").await;
    s.close().await;
}

/// Deep link opens the drawer; Esc closes it and drops `user` from the URL; Back reopens it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_deep_link_escape_and_back() {
    let s = Session::start(admin()).await;
    let page = s.api(&api_users("?page%5Bsize%5D=100")).await;
    let many = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["attributes"]["appAccess"]
                .as_array()
                .is_some_and(|a| a.len() >= 5)
        })
        .expect("a seeded user with 5+ roles")
        .clone();
    let id = many["id"].as_str().unwrap();
    let detail = s
        .api(&format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users/{id}"
        ))
        .await;
    s.goto(&users_page(&format!("?size=100&user={id}"))).await;
    let dialog = s.wait_for("[role=\"dialog\"]").await;
    for role in detail["data"]["attributes"]["appAccess"]
        .as_array()
        .unwrap()
    {
        let name = role["displayName"].as_str().unwrap();
        s.wait_for_text(name).await;
    }
    assert_eq!(
        dialog.attr("aria-modal").await.unwrap().as_deref(),
        Some("true")
    );
    s.screenshot("users-tab-drawer").await;
    s.assert_accessible("the open drawer").await;

    // Focus is inside the drawer; Esc closes it.
    s.assert_js(
        "focus moved into the drawer",
        "return !!document.activeElement.closest('[role=dialog]')",
        json!(true),
    )
    .await;
    s.press(&fantoccini::key::Key::Escape.to_string()).await;
    s.until_js(
        "drawer closes on Esc",
        "return !document.querySelector('[role=dialog]')",
    )
    .await;
    assert!(
        !s.query_string().await.contains("user="),
        "Esc removes user= from the URL"
    );
    s.browser.back().await.unwrap();
    s.wait_for("[role=\"dialog\"]").await;
    s.close().await;
}
