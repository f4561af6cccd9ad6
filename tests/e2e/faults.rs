//! The fault matrix (issue 6, DESIGN §7): every way a real API fails, injected by the dev
//! server, and for each the specific UI state, that nothing stale or wrong is shown (no rows
//! under an error panel), and that the tab is usable again once the fault is lifted.
//!
//! The bundle is a copy of the release dist whose `index.html` carries
//! `<meta name="idlcm-timeout-ms" content="2000">` (read by `ApiConfig::from_page`), so a hung
//! request times out in 2 s instead of 15 s: four attempts (3 automatic retries, 0.3 + 0.9 +
//! 2.7 s backoff) end in ~12 s.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{api_users, dist_with_meta, http, ids_of, put_user, Session, UI_TIMEOUT};
use devserver::seed::{CONTENTZILLA_ID, RACHEL_ROW_ID, ROSS_ROW_ID};

/// The client timeout of the test bundle.
pub const TIMEOUT_MS: u64 = 2_000;

/// The release dist with the short timeout meta tag (built once per test process).
pub fn fast_timeout_dist() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| dist_with_meta("timeout", "idlcm-timeout-ms", &TIMEOUT_MS.to_string()))
        .clone()
}

/// An Admin session with fault control, on the short-timeout bundle.
pub fn config() -> devserver::Config {
    devserver::Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults: true,
        dist: Some(fast_timeout_dist()),
        ..Default::default()
    }
}

pub fn users_page(query: &str) -> String {
    format!("/integrations/{CONTENTZILLA_ID}/users{query}")
}

/// Clears every fault rule and the data overrides.
pub async fn reset(s: &Session) {
    s.clear_faults().await;
    let (status, body) = http(&s.server, "POST", "/dev/reset", None).await;
    assert_eq!(status, 200, "POST /dev/reset: {body}");
}

/// Waits until `script` (a JS expression body returning a boolean) is true.
pub async fn wait_js(s: &Session, script: &str, what: &str) {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        if s.js(script, vec![]).await == json!(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: never true: {script}\nthe page shows:\n{}",
            s.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The default first page as the API gives it.
pub async fn expected_first_page(s: &Session) -> Vec<String> {
    ids_of(&s.api(&api_users("")).await)
}

/// Opens the tab and waits for the first page.
pub async fn open_tab(s: &Session, query: &str) {
    s.goto(&users_page(query)).await;
    s.wait_for("tr[data-row-id]").await;
}

/// Waits for the panel `status` and asserts no table row is shown with it.
async fn panel(s: &Session, status: &str) -> String {
    wait_js(
        s,
        &format!("return !!document.querySelector('[data-status=\"{status}\"]')"),
        &format!("the {status} panel"),
    )
    .await;
    let text = s.wait_for_status(status).await;
    assert_not_crashed(s, status).await;
    assert!(
        s.row_ids().await.is_empty(),
        "rows are still shown under the {status} panel"
    );
    text
}

/// The panic hook's crash panel is not on the page (a panic would otherwise hide behind a
/// panel that looks right).
pub async fn assert_not_crashed(s: &Session, what: &str) {
    let crashed = s
        .js(
            "return !!document.querySelector('[data-status=crashed]')",
            vec![],
        )
        .await;
    assert_eq!(
        crashed,
        json!(false),
        "{what}: the tab panicked (crash panel shown)"
    );
}

/// After the fault is lifted: Retry (if the panel has one) or a reload brings the table back,
/// equal to the API's answer.
async fn recovers(s: &Session, what: &str, api_query: &str) {
    s.clear_faults().await;
    let has_retry = s
        .js("return !!document.getElementById('users-retry')", vec![])
        .await
        == json!(true);
    if has_retry {
        s.wait_for("#users-retry")
            .await
            .click()
            .await
            .expect("click Retry");
    } else {
        s.browser.refresh().await.expect("reload");
    }
    let expected = ids_of(&s.api(&api_users(api_query)).await);
    s.wait_for_rows(&expected, &format!("after {what}")).await;
    assert_not_crashed(s, what).await;
}

async fn request_id_shown(text: &str, what: &str) {
    let id = text
        .split("Request ID:")
        .nth(1)
        .map(str::trim)
        .unwrap_or_default();
    assert!(!id.is_empty(), "{what}: no request id in {text:?}");
    for secret in ["Bearer", "Authorization", "Cookie", "session="] {
        assert!(!text.contains(secret), "{what}: {secret} shown in {text:?}");
    }
}

/// Access and lookup errors that replace the whole tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_errors_replace_the_tab_and_recover() {
    let s = Session::start(config()).await;

    // 1. 401 at load (on /me): "session expired" + a sign-in action, no table.
    s.fault(json!({"route": "me", "kind": "status", "status": 401}))
        .await;
    s.goto(&users_page("")).await;
    let text = panel(&s, "expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    s.wait_for("[data-status=expired] a[href]").await;
    // No retry loop: the panel stays, no request is repeated on its own.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    panel(&s, "expired").await;
    s.clear_faults().await;
    s.wait_for("[data-status=expired] a[href]")
        .await
        .click()
        .await
        .expect("sign in again");
    let expected = expected_first_page(&s).await;
    s.wait_for_rows(&expected, "after signing in again").await;

    // 2. 403 on the integration, error code capitalised: "You don't have access".
    s.fault(
        json!({"route": "integration", "kind": "status", "status": 403,
                   "variant": "capitalised_code"}),
    )
    .await;
    s.browser.refresh().await.unwrap();
    let text = panel(&s, "no-access").await;
    assert!(
        text.contains("You don't have access to this integration"),
        "{text}"
    );
    recovers(&s, "403", "").await;

    // 3. 403 on the list alone is as final as on the integration.
    s.fault(json!({"route": "users", "kind": "status", "status": 403}))
        .await;
    s.browser.refresh().await.unwrap();
    panel(&s, "no-access").await;
    recovers(&s, "403 on the list", "").await;

    // 4. 404 integration.
    s.goto("/integrations/00000000-0000-4000-8000-000000000000/users")
        .await;
    let text = panel(&s, "not-found").await;
    assert!(text.contains("Integration not found"), "{text}");
    s.wait_for("[data-status=not-found] a[href]").await;
    open_tab(&s, "").await;

    // 5. An unknown workspace role on /me: no access, and no integration request is needed.
    s.fault(json!({"route": "me", "kind": "unknown_enums"}))
        .await;
    s.browser.refresh().await.unwrap();
    let text = panel(&s, "no-access").await;
    assert!(text.contains("workspace_auditor"), "the raw role: {text}");
    recovers(&s, "unknown role", "").await;

    // 6. 401 mid-session, after a search: the tab says so instead of showing the old rows.
    s.fault(json!({"route": "users", "kind": "status", "status": 401}))
        .await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("green").await.unwrap();
    let text = panel(&s, "expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    s.clear_faults().await;
    s.wait_for("[data-status=expired] a[href]")
        .await
        .click()
        .await
        .unwrap();
    let expected = ids_of(&s.api(&api_users("?search=green")).await);
    s.wait_for_rows(&expected, "search after signing in again")
        .await;

    s.close().await;
}

/// 5xx answers: retried, then an error panel with the request id and a working Retry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_show_the_request_id_and_retry_works() {
    let s = Session::start(config()).await;
    open_tab(&s, "").await;
    let cases = [
        // 7. 500 with a request id.
        (
            json!({"route": "users", "kind": "status", "status": 500}),
            "The server failed (HTTP 500)",
        ),
        // 8. 500 with a numeric `status` in the error body.
        (
            json!({"route": "users", "kind": "status", "status": 500, "variant": "numeric_status"}),
            "The server failed (HTTP 500)",
        ),
        // 9. 502.
        (
            json!({"route": "users", "kind": "status", "status": 502}),
            "The server failed (HTTP 502)",
        ),
        // 10. 503 (with its Retry-After).
        (
            json!({"route": "users", "kind": "status", "status": 503}),
            "The service is unavailable",
        ),
        // 11. 504.
        (
            json!({"route": "users", "kind": "status", "status": 504}),
            "The server failed (HTTP 504)",
        ),
        // 12. 500 on the integration: the whole tab's panel, Retry reloads both.
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
        let text = panel(&s, "error").await;
        assert!(text.contains(title), "{what}: {text}");
        request_id_shown(&text, &what).await;
        s.clear_faults().await;
        s.wait_for("#users-retry").await.click().await.unwrap();
        s.wait_for("tr[data-row-id]").await;
    }
    s.close().await;
}

/// Answers the client cannot read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_answers_are_errors_not_garbage() {
    let s = Session::start(config()).await;
    open_tab(&s, "").await;
    let cases = [
        // 13. Malformed JSON with 200.
        (
            json!({"route": "users", "kind": "malformed_json"}),
            "unexpected response (HTTP 200)",
        ),
        // 14. An HTML page with 200.
        (
            json!({"route": "users", "kind": "html", "status": 200}),
            "unexpected response (HTTP 200)",
        ),
        // 15. An HTML page with 502 (a proxy's).
        (
            json!({"route": "users", "kind": "html", "status": 502}),
            "The server failed (HTTP 502)",
        ),
        // 16. An empty body with 200.
        (
            json!({"route": "users", "kind": "empty_body", "status": 200}),
            "unexpected response (HTTP 200)",
        ),
        // 17. `data` not an array.
        (
            json!({"route": "users", "kind": "data_not_array"}),
            "unexpected response (HTTP 200)",
        ),
        // 18. A dropped connection (no answer at all), retried, then "can't reach".
        (
            json!({"route": "users", "kind": "drop"}),
            "Can't reach the server",
        ),
        // 19. An HTML page instead of the integration.
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
        let text = panel(&s, "error").await;
        assert!(text.contains(expected), "{what}: {text}");
        // The HTML page's script and onerror image never run: it is never parsed as HTML.
        assert_eq!(
            s.js("return window.__injected === undefined", vec![]).await,
            json!(true),
            "{what}: the HTML page's script ran"
        );
        assert!(!text.contains("502 Bad Gateway"), "{what}: raw body shown");
        recovers(&s, &what, &format!("?page%5Bsize%5D={}", [100, 50][i % 2])).await;
    }
    s.close().await;
}

/// Timeouts and throttling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hung_requests_time_out_and_throttling_retries_once() {
    let s = Session::start(config()).await;
    open_tab(&s, "").await;

    // 20. Every attempt hangs: the timeout fires (4 attempts × 2 s + backoff).
    s.fault(json!({"route": "users", "kind": "hang", "hangMs": 60_000}))
        .await;
    let started = Instant::now();
    s.goto(&users_page("?size=100")).await;
    let text = panel(&s, "error").await;
    assert!(
        text.contains("The server took too long to answer"),
        "{text}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(4 * TIMEOUT_MS),
        "gave up before the timeouts: {:?}",
        started.elapsed()
    );
    recovers(&s, "timeout", "?page%5Bsize%5D=100").await;

    // 22. 429 with Retry-After: a message with the wait, then one automatic retry.
    s.fault(
        json!({"route": "users", "kind": "status", "status": 429, "retryAfter": 2, "times": 1}),
    )
    .await;
    s.goto(&users_page("?size=100")).await;
    let text = panel(&s, "error").await;
    assert!(text.contains("Too many requests"), "{text}");
    assert!(text.contains("in 2 seconds"), "{text}");
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=100")).await);
    s.wait_for_rows(&expected, "the automatic retry after 429")
        .await;

    // 23. 429 without Retry-After (and without meta): the default wait, then one retry.
    s.fault(
        json!({"route": "users", "kind": "body", "status": 429, "times": 1,
                   "body": {"errors": [{"code": "rate_limited", "title": "Too many requests",
                                        "status": "429", "meta": {}}]}}),
    )
    .await;
    s.goto(&users_page("?size=25")).await;
    let text = panel(&s, "error").await;
    assert!(text.contains("in 5 seconds"), "{text}");
    let expected = expected_first_page(&s).await;
    s.wait_for_rows(&expected, "the automatic retry after a bare 429")
        .await;

    s.close().await;
}

/// 400 on a filter, and answers that arrive out of order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_filter_is_reset_and_old_answers_never_win() {
    let s = Session::start(config()).await;
    open_tab(&s, "").await;

    // 24. 400 validation_error naming the filter: inline message, that filter reset.
    s.fault(
        json!({"route": "users", "kind": "status", "status": 400, "times": 1,
                   "body": {"errors": [{"code": "validation_error", "status": "400",
                       "title": "Invalid query", "detail": "Input should be a valid boolean",
                       "meta": {"loc": ["query", "filter[matched]"]}}]}}),
    )
    .await;
    s.goto(&users_page("?matched=false&q=a")).await;
    let text = s.wait_for_status("validation").await;
    assert!(text.contains("Input should be a valid boolean"), "{text}");
    assert!(text.contains("The filter was reset"), "{text}");
    wait_js(
        &s,
        "return !location.search.includes('matched=') && location.search.includes('q=a')",
        "matched reset, search kept",
    )
    .await;
    let expected = ids_of(&s.api(&api_users("?search=a")).await);
    s.wait_for_rows(&expected, "after the reset").await;

    // 25. Out of order: the first answer is slow, the next query's answer comes first; the
    // slow one arrives later and must not replace it.
    open_tab(&s, "").await;
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 2_500, "times": 1}))
        .await;
    s.goto(&users_page("?sort=-user")).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("ross").await.unwrap();
    let expected = ids_of(&s.api(&api_users("?sort=-user&search=ross")).await);
    s.wait_for_rows(&expected, "the newer query").await;
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    assert_eq!(
        s.row_ids().await,
        expected,
        "the slow old answer replaced the new one"
    );

    s.close().await;
}

/// The drawer: the account vanishes, the job can't be retried, 200 roles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_handles_gone_accounts_conflicts_and_many_roles() {
    let s = Session::start(config()).await;
    open_tab(&s, "").await;

    // 26. 404 on the drawer's user: "This user no longer exists", and the list refreshes.
    let first = s.row_ids().await;
    let (open_id, other_id) = (first[0].clone(), first[1].clone());
    put_user(
        &s,
        &other_id,
        json!({"usernameInApp": "renamed-while-you-looked"}),
    )
    .await;
    s.fault(json!({"route": "user", "kind": "status", "status": 404, "times": 1}))
        .await;
    s.wait_for(&format!("tr[data-row-id=\"{open_id}\"] th button"))
        .await
        .click()
        .await
        .unwrap();
    let text = s.wait_for_status("not-found").await;
    assert!(text.contains("This user no longer exists"), "{text}");
    s.wait_for("[role=dialog] [data-status=not-found]").await;
    // The list was fetched again: the change made on the server shows.
    s.wait_for_text("renamed-while-you-looked").await;
    reset(&s).await;

    // 27. 409 on retry: "can no longer be retried", the list refreshes.
    s.goto(&users_page(&format!("?user={RACHEL_ROW_ID}"))).await;
    s.wait_for("#user-details-retry").await;
    s.fault(json!({"route": "retry", "kind": "status", "status": 409, "times": 1}))
        .await;
    s.wait_for("#user-details-retry")
        .await
        .click()
        .await
        .unwrap();
    s.wait_for_text("This job can no longer be retried").await;

    // 28. The drawer's user is deleted while it is open: the next fetch (after a retry) says so.
    s.fault(json!({"route": "retry", "kind": "status", "status": 404}))
        .await;
    s.fault(json!({"route": "user", "kind": "status", "status": 404}))
        .await;
    s.wait_for("#user-details-retry")
        .await
        .click()
        .await
        .unwrap();
    let text = s.wait_for_status("not-found").await;
    assert!(text.contains("This user no longer exists"), "{text}");
    reset(&s).await;

    // 29. 200 roles on one account: "first +199" in the cell, 200 roles in the drawer.
    let roles: Vec<Value> = (0..200)
        .map(|i| {
            json!({"id": format!("R{i}"), "value": format!("R{i}"),
                        "displayName": format!("Role number {i}"), "group": "primary"})
        })
        .collect();
    put_user(&s, ROSS_ROW_ID, json!({"appAccess": roles})).await;
    s.goto(&users_page("?q=Ross%20Geller")).await;
    let cell = s
        .wait_for(&format!("tr[data-row-id=\"{ROSS_ROW_ID}\"] .roles-cell"))
        .await;
    let text = cell.text().await.unwrap();
    assert!(text.contains("Role number 0"), "{text}");
    assert!(text.contains("+199"), "{text}");
    s.wait_for(&format!(
        "tr[data-row-id=\"{ROSS_ROW_ID}\"] .roles-cell__more"
    ))
    .await
    .click()
    .await
    .unwrap();
    wait_js(
        &s,
        "return document.querySelectorAll('[role=dialog] .role-list > .role-list__item').length === 200",
        "200 roles in the drawer",
    )
    .await;

    s.close().await;
}

/// 21. One request hangs (with the normal 15 s client timeout); the next query is not blocked
/// behind it: its rows come long before the hung request could have timed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_request_does_not_block_the_next_query() {
    let s = Session::start(devserver::Config {
        dist: None,
        ..config()
    })
    .await;
    open_tab(&s, "").await;
    s.fault(json!({"route": "users", "kind": "hang", "hangMs": 60_000, "times": 1}))
        .await;
    let started = Instant::now();
    s.goto(&users_page("?size=50")).await;
    s.wait_for("[data-status=loading], .users-card__progress--on, tr[data-row-id]")
        .await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("geller").await.unwrap();
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=50&search=geller")).await);
    s.wait_for_rows(&expected, "the query after a hung one")
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the new query waited for the hung one (15 s timeout): {:?}",
        started.elapsed()
    );
    assert_not_crashed(&s, "after the hung request").await;
    s.close().await;
}
