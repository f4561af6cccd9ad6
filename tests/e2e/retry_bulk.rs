//! The bulk "Retry failed (k of N)" with its confirm dialog: selected failed rows flip to
//! awaiting at once, every row is reported (a 409 included), rows that are not retryable are
//! counted and left alone.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::json;

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::fast_poll_admin;
use testkit::users_tab::row_label;
use testkit::Session;

#[tokio::test]
async fn retry_bulk_confirms_flips_at_once_and_names_the_row_that_got_a_409() {
    let s = Session::start(fast_poll_admin()).await;
    let rows = s.tab().api_first_page().await;
    let pick: Vec<(String, String)> = rows
        .iter()
        .take(5)
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_owned(),
                row_label(r),
            )
        })
        .collect();
    assert_eq!(pick.len(), 5);
    let [a, b, c, d, e] = [0, 1, 2, 3, 4].map(|i| pick[i].clone());
    s.make_failed(&a.0, "provisioning_failed", true).await;
    s.make_failed(&b.0, "update_failed", true).await;
    s.make_failed(&c.0, "delete_failed", true).await;
    // Failed but the API will not retry it, and one that is not failed: counted, not retried.
    s.make_failed(&d.0, "update_failed", false).await;
    s.put_user(
        &e.0,
        json!({"provisioningState": "onboarded", "canRetry": false}),
    )
    .await;

    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.tab().wait_shown_state(&e.0, "onboarded").await;
    s.tab().wait_shown_state(&a.0, "provisioning_failed").await;
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
        s.click(&format!("tr[data-row-id=\"{id}\"] .users-table__checkbox"))
            .await;
    }
    s.wait_js(
        "bulk retry label",
        "return document.getElementById('users-bulk-retry').textContent",
        vec![],
        json!("Retry failed (3 of 5)"),
    )
    .await;
    assert_eq!(s.text_of("#users-selected-count").await, "5 selected");
    s.assert_accessible("the bulk bar").await;
    s.screenshot("users-tab-bulk-bar").await;

    // The confirm dialog: an APG alertdialog, focus on Cancel, Esc cancels and returns focus.
    s.click("#users-bulk-retry").await;
    let dialog = s.wait_for("[role=alertdialog]").await;
    assert_eq!(
        dialog.attr("aria-modal").await.unwrap().as_deref(),
        Some("true")
    );
    s.wait_js(
        "focus on Cancel",
        "return document.activeElement.id",
        vec![],
        json!("confirm-dialog-cancel"),
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
    // Modal: the rest of the page is inert (not clickable, not focusable) while it is open. The
    // point is the card's first visible one (the rows clicked above may have scrolled its top
    // out of view).
    assert_eq!(
        s.js(
            "const d = document.querySelector('[role=alertdialog]').closest('dialog'); \
             const r = document.querySelector('.users-card').getBoundingClientRect(); \
             const hit = document.elementFromPoint(Math.max(r.x, 0) + 5, Math.max(r.y, 0) + 5); \
             return !!d && d.matches(':modal') && d.contains(hit) && !document.querySelector('[inert]')",
            vec![]
        )
        .await,
        json!(true)
    );
    s.assert_accessible("the confirm dialog").await;
    s.screenshot("users-tab-confirm-retry").await;
    s.press(&Key::Escape.to_string()).await;
    s.wait_js(
        "Esc closes the dialog",
        "return !!document.querySelector('[role=alertdialog]')",
        vec![],
        json!(false),
    )
    .await;
    assert_eq!(s.active_id().await, "users-bulk-retry");
    assert_eq!(
        s.js("return document.querySelectorAll('[inert]').length", vec![])
            .await,
        json!(0),
        "inert left behind"
    );
    assert_eq!(s.server_state(&a.0).await, "provisioning_failed");

    // The API refuses the first one (409: say, another admin changed it meanwhile), and every
    // answer is slow: the flip to awaiting must show before any of them.
    s.fault(
        json!({"route": "retry", "kind": "status", "status": 409, "times": 1, "latencyMs": 1500}),
    )
    .await;
    s.fault(json!({"route": "retry", "kind": "latency", "latencyMs": 1500}))
        .await;
    s.click("#users-bulk-retry").await;
    s.click("#confirm-dialog-confirm").await;
    let flipped_by = Instant::now();
    s.tab()
        .wait_shown_state(&a.0, "provisioning_awaiting")
        .await;
    s.tab().wait_shown_state(&b.0, "update_awaiting").await;
    s.tab().wait_shown_state(&c.0, "delete_awaiting").await;
    assert!(
        flipped_by.elapsed() < Duration::from_millis(1400),
        "the rows flipped only after the answers ({:?})",
        flipped_by.elapsed()
    );
    // Not retried: the rows that were not retryable stay as they were.
    assert_eq!(s.tab().shown_state(&d.0).await, "update_failed");
    assert_eq!(s.tab().shown_state(&e.0).await, "onboarded");

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
    s.tab().wait_shown_state(&a.0, "provisioning_failed").await;
    assert_eq!(s.server_state(&a.0).await, "provisioning_failed");
    assert_eq!(s.server_state(&b.0).await, "update_awaiting");
    assert_eq!(s.server_state(&c.0).await, "delete_awaiting");
    s.tab().wait_shown_state(&b.0, "update_awaiting").await;
    s.tab().wait_shown_state(&c.0, "delete_awaiting").await;
    // Only the refused row is left to retry.
    s.wait_js(
        "bulk label after the retry",
        "return document.getElementById('users-bulk-retry').textContent",
        vec![],
        json!("Retry failed (1 of 5)"),
    )
    .await;
    s.click("#users-clear-selection").await;
    s.wait_js(
        "clear selection hides the bar",
        "return !!document.getElementById('users-bulk-retry')",
        vec![],
        json!(false),
    )
    .await;
    s.close().await;
}
