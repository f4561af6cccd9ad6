//! Failures by cause above the table: one line per cause with the API's counts, Show as a
//! filter chip in the URL (and a deep link back to it), Retry N with its alertdialog, the rows
//! flipping at once and a report of what was queued and skipped (a 409 and a 429 included), and
//! hostile data in the groups shown as text.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use devserver::seed::{GUNTHER_ROW_ID, RACHEL_ROW_ID};
use testkit::causes_panel::api_failures;
use testkit::fixtures::fast_poll_admin;
use testkit::{admin, api_users, ids_of, users_page, Session};

/// The codes of the API's groups, in order.
fn codes_of(groups: &Value) -> Vec<String> {
    groups["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|g| g["attributes"]["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn causes_panel_lists_every_cause_with_the_api_counts() {
    let s = Session::start(admin()).await;
    let groups = s.api(&api_failures()).await;
    let codes = codes_of(&groups);
    assert!(codes.len() >= 2, "the seed has several causes: {groups}");
    s.tab().open("").await;
    let panel = s.tab().causes();
    // The biggest causes first; the rest behind "Show all".
    panel.wait_codes(&codes[..3], "the folded panel").await;
    let fold = ".failure-causes__fold";
    assert_eq!(
        s.text_of(fold).await,
        format!("Show all {} causes", codes.len())
    );
    assert_eq!(s.attribute(fold, "aria-expanded").await, json!("false"));
    panel.expand().await;
    panel.wait_codes(&codes, "the seeded failures").await;
    assert_eq!(s.attribute(fold, "aria-expanded").await, json!("true"));
    let failed = groups["meta"]["failed"].as_u64().unwrap();
    let text = panel.text().await;
    assert!(
        text.contains(&format!("{failed} failed accounts, {} causes", codes.len())),
        "{text}"
    );
    for g in groups["data"].as_array().unwrap() {
        let a = &g["attributes"];
        let code = a["code"].as_str().unwrap();
        let line = panel.line_text(code).await;
        let n = a["count"].as_u64().unwrap();
        let count = format!("{n} {}", if n == 1 { "account" } else { "accounts" });
        assert!(line.contains(&count), "{code}: {count} missing in {line:?}");
        for (state, label) in [
            ("provisioning_failed", "Provisioning failed"),
            ("update_failed", "Update failed"),
            ("delete_failed", "Delete failed"),
        ] {
            let k = a["byProvisioningState"][state].as_u64().unwrap_or(0);
            let shown = line.contains(&format!("{label}: {k}"));
            assert_eq!(shown, k > 0, "{code}: {label} {k} in {line:?}");
        }
        let retry = format!("Retry {}", a["retryable"].as_u64().unwrap());
        assert!(line.contains(&retry), "{code}: {retry} missing in {line:?}");
    }
    // Known causes read in words, with the fix.
    let line = panel.line_text("BadCredentials").await;
    assert!(line.contains("Credentials rejected by the app"), "{line}");
    assert!(
        line.contains("Fix: Update the integration's credentials"),
        "{line}"
    );
    // Never a reassuring summary next to failures.
    s.assert_js(
        "no settled line while accounts failed",
        "return !!document.querySelector('[data-status=settled]')",
        json!(false),
    )
    .await;
    s.assert_accessible("the tab with the failures panel").await;
    s.screenshot("users-tab-failure-causes").await;
    s.close().await;
}

#[tokio::test]
async fn show_sets_the_chip_and_the_url_and_a_deep_link_restores_it() {
    let s = Session::start(admin()).await;
    let expected = ids_of(
        &s.api(&api_users("?filter%5BerrorCode%5D=BadCredentials"))
            .await,
    );
    assert_eq!(expected.len(), 2, "the seed's BadCredentials rows");
    // Another filter first: Show replaces it, so the cause's accounts are all shown.
    s.tab().open("?state=onboarded").await;
    s.tab().causes().show("BadCredentials").await;
    s.wait_for_query(&["errorCode=BadCredentials"], &["state="])
        .await;
    s.tab().wait_rows(&expected, "Show BadCredentials").await;
    s.wait_for_text("Cause: Credentials rejected by the app")
        .await;
    // Every row shown has that error, as the API says.
    for id in &expected {
        let row = s
            .api(&format!(
                "/api/v1/integrations/{}/users/{id}",
                devserver::seed::CONTENTZILLA_ID
            ))
            .await;
        assert_eq!(
            row["data"]["attributes"]["lastError"]["code"],
            "BadCredentials"
        );
    }
    // A deep link, in the tab's spelling and in the API's.
    for link in [
        "?errorCode=BadCredentials",
        "?filter%5BerrorCode%5D=BadCredentials",
    ] {
        s.goto(&users_page(link)).await;
        s.tab().wait_rows(&expected, link).await;
        s.wait_for_text("Cause: Credentials rejected by the app")
            .await;
    }
    // The chip removes the filter.
    s.click("[aria-label='Remove filter Cause: Credentials rejected by the app']")
        .await;
    s.wait_for_query(&[], &["errorCode"]).await;
    s.tab().expect_rows("", "the chip removed").await;
    s.close().await;
}

#[tokio::test]
async fn retry_per_cause_confirms_flips_at_once_and_reports_queued_skipped_and_refused() {
    let s = Session::start(fast_poll_admin()).await;
    let panel = s.tab().causes();
    // Every seeded row on one page, so all of a cause's rows are on screen.
    s.tab().open("?size=50").await;
    panel.expand().await;
    panel
        .wait_codes(&codes_of(&s.api(&api_failures()).await), "seeded")
        .await;

    // Both retryable: nothing cannot be retried.
    let text = panel.ask_retry("UnderpermissionedAccount").await;
    assert!(text.contains("Retry 2 failed jobs?"), "{text}");
    assert!(text.contains("2 will be retried"), "{text}");
    assert!(!text.contains("cannot be retried"), "{text}");
    s.wait_js(
        "focus on Cancel",
        "return document.activeElement.id",
        vec![],
        json!("confirm-dialog-cancel"),
    )
    .await;
    s.press(&Key::Escape.to_string()).await;
    s.until_js(
        "Esc closes the dialog",
        "return !document.querySelector('[role=alertdialog]')",
    )
    .await;
    assert_eq!(s.server_state(RACHEL_ROW_ID).await, "update_failed");

    // A slow answer: the rows flip before it.
    s.fault(json!({"route": "failures_retry", "kind": "latency", "latencyMs": 1500, "times": 1}))
        .await;
    panel.ask_retry("UnderpermissionedAccount").await;
    s.click("#confirm-dialog-confirm").await;
    let clicked = Instant::now();
    s.tab()
        .wait_shown_state(RACHEL_ROW_ID, "update_awaiting")
        .await;
    assert!(
        clicked.elapsed() < Duration::from_millis(1400),
        "the rows flipped only after the answer ({:?})",
        clicked.elapsed()
    );
    let report = panel.wait_report("cause-retry-ok").await;
    assert!(
        report.contains("Service account lacks permission: 2 jobs queued again."),
        "{report}"
    );
    assert_eq!(s.server_state(RACHEL_ROW_ID).await, "update_awaiting");
    // The polls bring the groups up to date: the cause is gone.
    s.until_js(
        "the retried cause leaves the panel",
        "return !document.querySelector('.cause-line[data-code=UnderpermissionedAccount]')",
    )
    .await;

    // One retryable, one not: the dialog says so, the report names the skipped account.
    let text = panel.ask_retry("BadCredentials").await;
    assert!(text.contains("Retry 1 failed job?"), "{text}");
    assert!(text.contains("1 will be retried"), "{text}");
    assert!(
        text.contains("1 cannot be retried and is left as it is."),
        "{text}"
    );
    s.assert_accessible("the retry-per-cause dialog").await;
    s.screenshot("users-tab-cause-retry-dialog").await;
    s.click("#confirm-dialog-confirm").await;
    let report = panel.wait_report("cause-retry-problems").await;
    assert!(
        report.contains("Credentials rejected by the app: 1 job queued again, 1 skipped."),
        "{report}"
    );
    assert!(report.contains("Not retried: Gunther Central."), "{report}");
    assert_eq!(s.tab().shown_state(GUNTHER_ROW_ID).await, "delete_failed");

    // Refused: a 409 puts the rows back and says why; a 429 says when to try again.
    for (rule, words) in [
        (
            json!({"route": "failures_retry", "kind": "status", "status": 409, "times": 1}),
            "No free seats in the app: these jobs can no longer be retried.",
        ),
        (
            json!({"route": "failures_retry", "kind": "status", "status": 429, "retryAfter": 7, "times": 1}),
            "Too many requests. Try again in 7 s.",
        ),
    ] {
        s.fault(rule).await;
        panel.ask_retry("NotEnoughSeats").await;
        s.click("#confirm-dialog-confirm").await;
        let report = panel.wait_report("cause-retry-problems").await;
        assert!(report.contains(words), "{report}");
        let chandler = ids_of(
            &s.api(&api_users("?filter%5BerrorCode%5D=NotEnoughSeats"))
                .await,
        );
        for id in &chandler {
            s.tab().wait_shown_state(id, "provisioning_failed").await;
        }
        panel.dismiss_report().await;
    }
    s.close().await;
}

#[tokio::test]
async fn hostile_cause_data_is_shown_as_text() {
    let s = Session::start(admin()).await;
    let img = "<img src=x onerror=window.__xss=1>";
    s.fault(json!({"route": "failures", "kind": "body", "body": {
        "data": [
            {"id": "g1", "type": "failure_group", "attributes": {
                "code": format!("Quota{img}"), "message": format!("Message {img}"),
                "userAction": format!("call_{img}"), "count": 2, "retryable": 1,
                "byProvisioningState": {"update_failed": 1, "quarantined_failed": 1, "xFuture": {"a": 1}}}},
            {"id": "QuotaExploded", "type": "failure_group", "attributes": {"count": 1}},
            {"id": "g3", "type": "failure_group", "attributes": {}}
        ],
        "meta": {}}}))
    .await;
    s.tab().open("").await;
    let panel = s.tab().causes();
    panel
        .wait_codes(
            &[format!("Quota{img}"), "QuotaExploded".to_owned()],
            "hostile groups",
        )
        .await;
    let line = panel.line_text(&format!("Quota{img}")).await;
    for shown in [
        format!("Quota{img}"),
        format!("Message {img}"),
        format!("Fix: call_{img}"),
        "Update failed: 1, quarantined_failed: 1".to_owned(),
    ] {
        assert!(line.contains(&shown), "{shown:?} missing in {line:?}");
    }
    // An unknown code with nothing else is its own name; a group with nothing failed is left out.
    let bare = panel.line_text("QuotaExploded").await;
    assert!(
        bare.contains("QuotaExploded") && bare.contains("1 account"),
        "{bare}"
    );
    s.assert_js(
        "a payload became markup or ran",
        "return window.__xss !== undefined || !!document.querySelector('.failure-causes img')",
        json!(false),
    )
    .await;
    s.tab().assert_not_crashed("hostile causes").await;
    s.close().await;
}
