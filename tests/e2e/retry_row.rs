//! Failure details and a row's retry: the failed badge explains itself and opens the drawer at
//! the error; the row's Retry flips it to awaiting at once, and polling then shows the job move
//! to its end (the simulator is stepped by the test).

use fantoccini::key::Key;
use serde_json::json;

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::fast_poll_admin;
use testkit::users_tab::row_label;
use testkit::Session;

#[tokio::test]
async fn retry_failed_badge_explains_and_a_row_retry_is_watched_to_the_end() {
    let s = Session::start(fast_poll_admin()).await;
    // A known failed row on the first page, whatever the seed put there. Its name sorts it, so
    // it stays on page 1.
    let rows = s.tab().api_first_page().await;
    let row = rows.get(1).expect("a second row").clone();
    let id = row["id"].as_str().expect("id").to_owned();
    let label = row_label(&row);
    s.make_failed(&id, "update_failed", true).await;

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.tab().wait_shown_state(&id, "update_failed").await;

    // The reason, in plain words, is the badge's description and shows on keyboard focus.
    let button = format!("tr[data-row-id=\"{id}\"] .state-button");
    let tip = s.text_of(&format!("#failure-tip-{id}")).await;
    assert!(
        tip.contains("no free seat") && tip.contains("Add seats"),
        "tooltip: {tip:?}"
    );
    assert_eq!(
        s.attribute(&button, "aria-describedby").await,
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
    s.wait_js(
        "tooltip on focus",
        visibility,
        vec![tip_id],
        json!("visible"),
    )
    .await;

    // The badge opens the drawer at the error: focus lands on it, the code is explained.
    s.click(&button).await;
    s.wait_js(
        "focus on the error",
        "return document.activeElement ? document.activeElement.id : ''",
        vec![],
        json!("user-details-error-section"),
    )
    .await;
    let error = s.text_of("#user-details-error-section").await;
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
    s.press(&Key::Escape.to_string()).await;
    s.wait_js(
        "drawer closed",
        "return !!document.querySelector('[role=dialog]')",
        vec![],
        json!(false),
    )
    .await;

    // The row's own Retry, labelled with the row's name.
    let retry = format!("tr[data-row-id=\"{id}\"] .row-retry");
    assert_eq!(
        s.attribute(&retry, "aria-label").await,
        json!(format!("Retry job for {label}"))
    );
    // The simulator is off: the row stays awaiting until we step it.
    s.click(&retry).await;
    s.tab().wait_shown_state(&id, "update_awaiting").await;
    assert_eq!(s.server_state(&id).await, "update_awaiting");
    s.wait_for("#users-retry-report [data-status=retry-ok]")
        .await;
    s.screenshot("users-tab-row-retried").await;
    assert!(s
        .text_of("#users-retry-report")
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
        s.dev.simulator_step().await;
        let now = s.server_state(&id).await;
        s.tab().wait_shown_state(&id, &now).await;
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
