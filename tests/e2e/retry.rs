//! Failure details and retry (issue 4): the failed badge explains itself and opens the drawer
//! at the error; a row's Retry and the bulk "Retry failed (k of N)" with its confirm dialog flip
//! rows to awaiting at once, report every row (a 409 included), and polling then shows the rows
//! move. Quick filters: per-phase counts, failures first, one click filters.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::harness::{api_users, click, http, ids_of, put_user, Session, UI_TIMEOUT};
use crate::live::config;
use devserver::seed::CONTENTZILLA_ID;

/// Makes a row failed (and retryable or not) with a known error.
async fn make_failed(s: &Session, id: &str, state: &str, can_retry: bool) {
    put_user(
        s,
        id,
        json!({
            "provisioningState": state,
            "canRetry": can_retry,
            "lastError": {"code": "NotEnoughSeats", "message": "No seats left.",
                          "userAction": "add_licenses", "occurredAt": "2026-11-28T10:00:00Z"}
        }),
    )
    .await;
}

/// The server's state of a row.
async fn server_state(s: &Session, id: &str) -> String {
    let v = s
        .api(&format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users/{id}"
        ))
        .await;
    v["data"]["attributes"]["provisioningState"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The badge state a row shows.
async fn shown_state(s: &Session, id: &str) -> String {
    s.js(
        "const b = document.querySelector(`tr[data-row-id=\"${arguments[0]}\"] .state-badge`); \
         return b ? b.getAttribute('data-state') : ''",
        vec![json!(id)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Waits until `script` (a JS expression's body returning a value) returns `want`.
async fn wait_js(s: &Session, script: &str, args: Vec<Value>, want: Value, what: &str) {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let got = s.js(script, args.clone()).await;
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: got {got}, want {want}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_shown_state(s: &Session, id: &str, want: &str) {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let got = shown_state(s, id).await;
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "row {id} shows {got:?}, expected {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

async fn text_of(s: &Session, css: &str) -> String {
    s.js(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
        vec![json!(css)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn active_id(s: &Session) -> String {
    s.js(
        "return document.activeElement ? document.activeElement.id : ''",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// The first page's rows from the API, as the tab shows them by default.
async fn first_page(s: &Session) -> Vec<Value> {
    s.api(&api_users("")).await["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn label_of(row: &Value) -> String {
    let a = &row["attributes"];
    a["user"]["displayName"]
        .as_str()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| a["usernameInApp"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn retry_failed_badge_explains_and_a_row_retry_is_watched_to_the_end() {
    let s = Session::start(config()).await;
    // A known failed row on the first page, whatever the seed put there. Its name sorts it, so
    // it stays on page 1.
    let rows = first_page(&s).await;
    let row = rows.get(1).expect("a second row").clone();
    let id = row["id"].as_str().expect("id").to_owned();
    let label = label_of(&row);
    make_failed(&s, &id, "update_failed", true).await;

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    wait_shown_state(&s, &id, "update_failed").await;

    // The reason, in plain words, is the badge's description and shows on keyboard focus.
    let button = format!("tr[data-row-id=\"{id}\"] .state-button");
    let tip = text_of(&s, &format!("#failure-tip-{id}")).await;
    assert!(
        tip.contains("no free seat") && tip.contains("Add seats"),
        "tooltip: {tip:?}"
    );
    assert_eq!(
        s.js(
            "return document.querySelector(arguments[0]).getAttribute('aria-describedby')",
            vec![json!(button)],
        )
        .await,
        json!(format!("failure-tip-{id}"))
    );
    let visibility = "return getComputedStyle(document.getElementById(arguments[0])).visibility";
    let tip_id = json!(format!("failure-tip-{id}"));
    assert_eq!(
        s.js(visibility, vec![tip_id.clone()]).await,
        json!("hidden")
    );
    s.js(
        "document.querySelector(arguments[0]).focus()",
        vec![json!(button)],
    )
    .await;
    wait_js(
        &s,
        visibility,
        vec![tip_id],
        json!("visible"),
        "tooltip on focus",
    )
    .await;

    // The badge opens the drawer at the error: focus lands on it, the code is explained.
    click(&s, &button).await;
    wait_js(
        &s,
        "return document.activeElement ? document.activeElement.id : ''",
        vec![],
        json!("user-details-error-section"),
        "focus on the error",
    )
    .await;
    let error = text_of(&s, "#user-details-error-section").await;
    assert!(error.contains("NotEnoughSeats"), "{error}");
    assert!(error.contains("no free seat"), "{error}");
    assert!(error.contains("Add seats to the app's plan"), "{error}");
    assert_eq!(
        s.js(
            "return document.getElementById('user-details-retry').getAttribute('aria-label')",
            vec![]
        )
        .await,
        json!(format!("Retry job for {label}"))
    );
    s.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    wait_js(
        &s,
        "return !!document.querySelector('[role=dialog]')",
        vec![],
        json!(false),
        "drawer closed",
    )
    .await;

    // The row's own Retry, labelled with the row's name.
    let retry = format!("tr[data-row-id=\"{id}\"] .row-retry");
    assert_eq!(
        s.js(
            "return document.querySelector(arguments[0]).getAttribute('aria-label')",
            vec![json!(retry)],
        )
        .await,
        json!(format!("Retry job for {label}"))
    );
    // The simulator is off: the row stays awaiting until we step it.
    click(&s, &retry).await;
    wait_shown_state(&s, &id, "update_awaiting").await;
    assert_eq!(server_state(&s, &id).await, "update_awaiting");
    s.wait_for("#users-retry-report [data-status=retry-ok]")
        .await;
    s.screenshot("users-tab-row-retried").await;
    assert!(text_of(&s, "#users-retry-report")
        .await
        .contains("1 job queued again."));
    // No Retry button on a row that is not failed.
    assert_eq!(
        s.js(
            "return !!document.querySelector(arguments[0])",
            vec![json!(retry)]
        )
        .await,
        json!(false)
    );

    // Polling follows the job to its end without a reload.
    let mut seen = vec!["update_awaiting".to_owned()];
    for _ in 0..40 {
        let (status, body) = http(&s.server, "POST", "/dev/simulator/step", None).await;
        assert_eq!(status, 200, "{body}");
        let now = server_state(&s, &id).await;
        wait_shown_state(&s, &id, &now).await;
        if seen.last() != Some(&now) {
            seen.push(now.clone());
        }
        if now == "onboarded" || now == "update_failed" {
            break;
        }
    }
    assert!(
        seen.iter().any(|st| st == "update_ongoing"),
        "never showed ongoing: {seen:?}"
    );
    let last = seen.last().cloned().unwrap_or_default();
    assert!(
        last == "onboarded" || last == "update_failed",
        "the job did not end: {seen:?}"
    );
    s.close().await;
}

#[tokio::test]
async fn retry_bulk_confirms_flips_at_once_and_names_the_row_that_got_a_409() {
    let s = Session::start(config()).await;
    let rows = first_page(&s).await;
    let pick: Vec<(String, String)> = rows
        .iter()
        .take(5)
        .map(|r| (r["id"].as_str().unwrap_or_default().to_owned(), label_of(r)))
        .collect();
    assert_eq!(pick.len(), 5);
    let [a, b, c, d, e] = [0, 1, 2, 3, 4].map(|i| pick[i].clone());
    make_failed(&s, &a.0, "provisioning_failed", true).await;
    make_failed(&s, &b.0, "update_failed", true).await;
    make_failed(&s, &c.0, "delete_failed", true).await;
    // Failed but the API will not retry it, and one that is not failed: counted, not retried.
    make_failed(&s, &d.0, "update_failed", false).await;
    put_user(
        &s,
        &e.0,
        json!({"provisioningState": "onboarded", "canRetry": false}),
    )
    .await;

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    wait_shown_state(&s, &e.0, "onboarded").await;
    wait_shown_state(&s, &a.0, "provisioning_failed").await;
    assert_eq!(
        s.js(
            "return !!document.getElementById('users-bulk-retry')",
            vec![]
        )
        .await,
        json!(false),
        "the bulk bar shows only with a selection"
    );
    for (id, _) in [&a, &b, &c, &d, &e] {
        click(
            &s,
            &format!("tr[data-row-id=\"{id}\"] .users-table__checkbox"),
        )
        .await;
    }
    wait_js(
        &s,
        "return document.getElementById('users-bulk-retry').textContent",
        vec![],
        json!("Retry failed (3 of 5)"),
        "bulk retry label",
    )
    .await;
    assert_eq!(text_of(&s, "#users-selected-count").await, "5 selected");
    s.assert_accessible("the bulk bar").await;
    s.screenshot("users-tab-bulk-bar").await;

    // The confirm dialog: an APG alertdialog, focus on Cancel, Esc cancels and returns focus.
    click(&s, "#users-bulk-retry").await;
    let dialog = s.wait_for("[role=alertdialog]").await;
    assert_eq!(
        dialog.attr("aria-modal").await.unwrap().as_deref(),
        Some("true")
    );
    wait_js(
        &s,
        "return document.activeElement.id",
        vec![],
        json!("confirm-dialog-cancel"),
        "focus on Cancel",
    )
    .await;
    let text = dialog.text().await.unwrap();
    for name in [&a.1, &b.1, &c.1] {
        assert!(text.contains(name.as_str()), "{name} missing from {text:?}");
    }
    assert!(!text.contains(d.1.as_str()), "{text}");
    assert!(
        text.contains("2 selected accounts are not failed"),
        "{text}"
    );
    // Modal: the rest of the page is inert (not clickable, not focusable) while it is open.
    assert_eq!(
        s.js(
            "return !!document.querySelector('.users-card').closest('[inert]') && \
                    !document.querySelector('[role=alertdialog]').closest('[inert]')",
            vec![]
        )
        .await,
        json!(true)
    );
    s.assert_accessible("the confirm dialog").await;
    s.screenshot("users-tab-confirm-retry").await;
    s.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    wait_js(
        &s,
        "return !!document.querySelector('[role=alertdialog]')",
        vec![],
        json!(false),
        "Esc closes the dialog",
    )
    .await;
    assert_eq!(active_id(&s).await, "users-bulk-retry");
    assert_eq!(
        s.js("return document.querySelectorAll('[inert]').length", vec![])
            .await,
        json!(0),
        "inert left behind"
    );
    assert_eq!(server_state(&s, &a.0).await, "provisioning_failed");

    // The API refuses the first one (409: say, another admin changed it meanwhile), and every
    // answer is slow: the flip to awaiting must show before any of them.
    s.fault(
        json!({"route": "retry", "kind": "status", "status": 409, "times": 1, "latencyMs": 1500}),
    )
    .await;
    s.fault(json!({"route": "retry", "kind": "latency", "latencyMs": 1500}))
        .await;
    click(&s, "#users-bulk-retry").await;
    click(&s, "#confirm-dialog-confirm").await;
    let flipped_by = Instant::now();
    wait_shown_state(&s, &a.0, "provisioning_awaiting").await;
    wait_shown_state(&s, &b.0, "update_awaiting").await;
    wait_shown_state(&s, &c.0, "delete_awaiting").await;
    assert!(
        flipped_by.elapsed() < Duration::from_millis(1400),
        "the rows flipped only after the answers ({:?})",
        flipped_by.elapsed()
    );
    // Not retried: the rows that were not retryable stay as they were.
    assert_eq!(shown_state(&s, &d.0).await, "update_failed");
    assert_eq!(shown_state(&s, &e.0).await, "onboarded");

    let report = s
        .wait_for("#users-retry-report [data-status=retry-problems]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        report.contains("2 of 3 jobs queued again; 1 could not be retried."),
        "{report}"
    );
    assert!(
        report.contains(&format!("{}: can no longer be retried.", a.1)),
        "{report}"
    );
    s.clear_faults().await;
    // The 409 row is back to what it was; the others are queued on the server too.
    wait_shown_state(&s, &a.0, "provisioning_failed").await;
    assert_eq!(server_state(&s, &a.0).await, "provisioning_failed");
    assert_eq!(server_state(&s, &b.0).await, "update_awaiting");
    assert_eq!(server_state(&s, &c.0).await, "delete_awaiting");
    wait_shown_state(&s, &b.0, "update_awaiting").await;
    wait_shown_state(&s, &c.0, "delete_awaiting").await;
    // Only the refused row is left to retry.
    wait_js(
        &s,
        "return document.getElementById('users-bulk-retry').textContent",
        vec![],
        json!("Retry failed (1 of 5)"),
        "bulk label after the retry",
    )
    .await;
    click(&s, "#users-clear-selection").await;
    wait_js(
        &s,
        "return !!document.getElementById('users-bulk-retry')",
        vec![],
        json!(false),
        "clear selection hides the bar",
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn quick_filters_put_failures_first_and_filter_in_one_click() {
    let s = Session::start(config()).await;
    let integration = s
        .api(&format!("/api/v1/integrations/{CONTENTZILLA_ID}"))
        .await;
    let counts = &integration["data"]["attributes"]["userStats"]["byProvisioningState"];
    let sum = |states: &[&str]| -> u64 {
        states
            .iter()
            .map(|k| counts[*k].as_u64().unwrap_or(0))
            .sum()
    };
    let failed = sum(&["provisioning_failed", "update_failed", "delete_failed"]);
    let ongoing = sum(&["provisioning_ongoing", "update_ongoing", "delete_ongoing"]);
    assert!(
        failed > 0 && ongoing > 0,
        "the seed has failures and jobs running"
    );

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.wait_for("tr[data-row-id]").await;
    let first = s
        .wait_for("#users-quick-filters button")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first, format!("{failed} failed"));
    assert_eq!(
        text_of(&s, "#quick-filter-in-progress").await,
        format!("{ongoing} in progress")
    );
    // Never a reassuring line next to a failure.
    assert_eq!(
        s.js(
            "return !!document.querySelector('[data-status=settled]')",
            vec![]
        )
        .await,
        json!(false)
    );

    click(&s, "#quick-filter-failed").await;
    let expected = ids_of(
        &s.api(&api_users(
            "?filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed",
        ))
        .await,
    );
    s.wait_for_rows(&expected, "the failed quick filter").await;
    let q = s.query_string().await;
    assert!(
        q.contains("state=provisioning_failed%2Cupdate_failed%2Cdelete_failed")
            || q.contains("state=provisioning_failed,update_failed,delete_failed"),
        "URL: {q}"
    );
    assert_eq!(
        s.js(
            "return document.getElementById('quick-filter-failed').getAttribute('aria-pressed')",
            vec![]
        )
        .await,
        json!("true")
    );
    // Again: the filter is cleared.
    click(&s, "#quick-filter-failed").await;
    let all = ids_of(&s.api(&api_users("")).await);
    s.wait_for_rows(&all, "the quick filter cleared").await;
    assert!(!s.query_string().await.contains("state="));
    s.close().await;
}
