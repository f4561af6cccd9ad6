//! The fault matrix, the errors that replace the table: every way a real API fails, injected by
//! the dev server, and for each the specific UI state, that nothing stale or wrong is shown (no
//! rows under an error panel), and that the tab is usable again once the fault is lifted.
//!
//! The bundle is a copy of the release dist whose `index.html` carries
//! `<meta name="idlcm-timeout-ms" content="2000">` (read by `ApiConfig::from_page`), so a hung
//! request times out in 2 s instead of 15 s: four attempts (3 automatic retries, 0.3 + 0.9 +
//! 2.7 s backoff) end in ~12 s.

use std::time::Duration;

use serde_json::json;

use testkit::fixtures::fast_timeout_admin;
use testkit::users_tab::assert_request_id_shown;
use testkit::{api_users, ids_of, users_page, Session};

/// Access and lookup errors that replace the whole tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_errors_replace_the_tab_and_recover() {
    let s = Session::start(fast_timeout_admin()).await;

    // 401 at load (on /me): "session expired" + a sign-in action, no table.
    s.fault(json!({"route": "me", "kind": "status", "status": 401}))
        .await;
    s.goto(&users_page("")).await;
    let text = s.tab().wait_panel("expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    s.wait_for("[data-status=expired] a[href]").await;
    // No retry loop: the panel stays, no request is repeated on its own.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    s.tab().wait_panel("expired").await;
    s.clear_faults().await;
    s.wait_for("[data-status=expired] a[href]")
        .await
        .click()
        .await
        .expect("sign in again");
    let expected = ids_of(&s.api(&api_users("")).await);
    s.tab().wait_rows(&expected, "after signing in again").await;

    // 403 on the integration, error code capitalised: "You don't have access".
    s.fault(
        json!({"route": "integration", "kind": "status", "status": 403,
                   "variant": "capitalised_code"}),
    )
    .await;
    s.browser.refresh().await.unwrap();
    let text = s.tab().wait_panel("no-access").await;
    assert!(
        text.contains("You don't have access to this integration"),
        "{text}"
    );
    s.tab().recovers("403", "").await;

    // 403 on the list alone is as final as on the integration.
    s.fault(json!({"route": "users", "kind": "status", "status": 403}))
        .await;
    s.browser.refresh().await.unwrap();
    s.tab().wait_panel("no-access").await;
    s.tab().recovers("403 on the list", "").await;

    // 404 integration.
    s.goto("/integrations/00000000-0000-4000-8000-000000000000/users")
        .await;
    let text = s.tab().wait_panel("not-found").await;
    assert!(text.contains("Integration not found"), "{text}");
    s.wait_for("[data-status=not-found] a[href]").await;
    s.tab().open("").await;

    // An unknown workspace role on /me: no access, and no integration request is needed.
    s.fault(json!({"route": "me", "kind": "unknown_enums"}))
        .await;
    s.browser.refresh().await.unwrap();
    let text = s.tab().wait_panel("no-access").await;
    assert!(text.contains("workspace_auditor"), "the raw role: {text}");
    s.tab().recovers("unknown role", "").await;

    // 401 mid-session, after a search: the tab says so instead of showing the old rows.
    s.fault(json!({"route": "users", "kind": "status", "status": 401}))
        .await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("green").await.unwrap();
    let text = s.tab().wait_panel("expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    s.clear_faults().await;
    s.click("[data-status=expired] a[href]").await;
    let expected = ids_of(&s.api(&api_users("?search=green")).await);
    s.tab()
        .wait_rows(&expected, "search after signing in again")
        .await;

    s.close().await;
}

/// 5xx answers: retried, then an error panel with the request id and a working Retry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_show_the_request_id_and_retry_works() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;
    let cases = [
        // 500 with a request id.
        (
            json!({"route": "users", "kind": "status", "status": 500}),
            "The server failed (HTTP 500)",
        ),
        // 500 with a numeric `status` in the error body.
        (
            json!({"route": "users", "kind": "status", "status": 500, "variant": "numeric_status"}),
            "The server failed (HTTP 500)",
        ),
        // 502.
        (
            json!({"route": "users", "kind": "status", "status": 502}),
            "The server failed (HTTP 502)",
        ),
        // 503 (with its Retry-After).
        (
            json!({"route": "users", "kind": "status", "status": 503}),
            "The service is unavailable",
        ),
        // 504.
        (
            json!({"route": "users", "kind": "status", "status": 504}),
            "The server failed (HTTP 504)",
        ),
        // 500 on the integration: the whole tab's panel, Retry reloads both.
        (
            json!({"route": "integration", "kind": "status", "status": 500}),
            "The server failed (HTTP 500)",
        ),
    ];
    for (i, (rule, title)) in cases.into_iter().enumerate() {
        let what = format!("case {i}: {rule}");
        eprintln!("faults::unreadable: {what}");
        s.fault(rule).await;
        // A new page size: a fresh request that meets the fault.
        s.goto(&users_page(&format!(
            "?size={}",
            [100, 25, 50, 100, 25, 50][i]
        )))
        .await;
        let text = s.tab().wait_panel("error").await;
        assert!(text.contains(title), "{what}: {text}");
        assert_request_id_shown(&text, &what);
        s.clear_faults().await;
        s.click("#users-retry").await;
        s.wait_for("tr[data-row-id]").await;
    }
    s.close().await;
}

/// Answers the client cannot read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_answers_are_errors_not_garbage() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;
    let cases = [
        // Malformed JSON with 200.
        (
            json!({"route": "users", "kind": "malformed_json"}),
            "unexpected response (HTTP 200)",
        ),
        // An HTML page with 200.
        (
            json!({"route": "users", "kind": "html", "status": 200}),
            "unexpected response (HTTP 200)",
        ),
        // An HTML page with 502 (a proxy's).
        (
            json!({"route": "users", "kind": "html", "status": 502}),
            "The server failed (HTTP 502)",
        ),
        // An empty body with 200.
        (
            json!({"route": "users", "kind": "empty_body", "status": 200}),
            "unexpected response (HTTP 200)",
        ),
        // `data` not an array.
        (
            json!({"route": "users", "kind": "data_not_array"}),
            "unexpected response (HTTP 200)",
        ),
        // A dropped connection (no answer at all), retried, then "can't reach".
        (
            json!({"route": "users", "kind": "drop"}),
            "Can't reach the server",
        ),
        // An HTML page instead of the integration.
        (
            json!({"route": "integration", "kind": "html", "status": 200}),
            "unexpected response (HTTP 200)",
        ),
    ];
    for (i, (rule, expected)) in cases.into_iter().enumerate() {
        let what = format!("case {i}: {rule}");
        eprintln!("faults::unreadable: {what}");
        s.fault(rule).await;
        // Another page size each time: a fresh request that meets the fault.
        s.goto(&users_page(&format!("?size={}", [100, 50][i % 2])))
            .await;
        let text = s.tab().wait_panel("error").await;
        assert!(text.contains(expected), "{what}: {text}");
        // The HTML page's script and onerror image never run: it is never parsed as HTML.
        assert_eq!(
            s.js("return window.__injected === undefined", vec![]).await,
            json!(true),
            "{what}: the HTML page's script ran"
        );
        assert!(!text.contains("502 Bad Gateway"), "{what}: raw body shown");
        s.tab()
            .recovers(&what, &format!("?page%5Bsize%5D={}", [100, 50][i % 2]))
            .await;
    }
    s.close().await;
}
