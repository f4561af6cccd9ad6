//! The drawer's History: paging to the oldest event without duplicates, new events appearing
//! while the drawer is open (and nothing redrawn on a 304), axe, its empty and error states,
//! and hostile events shown as text.

use std::time::Duration;

use serde_json::{json, Value};

use devserver::seed::RACHEL_ROW_ID;
use testkit::fixtures::{fast_poll_admin, fast_timeout_admin, POLL_MS};
use testkit::{admin, eventually, seen, Session};

/// The tab searched down to Rachel Green, whose seeded history is long enough to page.
const RACHEL_ONLY: &str = "?q=Rachel%20Green";

/// Rachel Green's seeded events (more than 100): newest first, "Load older" to the oldest, no duplicates,
/// and axe finds nothing wrong with the History open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_pages_newest_first_to_the_oldest_without_duplicates() {
    let s = Session::start(admin()).await;
    let expected = s.tab().api_event_ids(RACHEL_ROW_ID).await;
    let total = expected.len();
    assert!(
        (101..=150).contains(&total),
        "Rachel's seeded history: {total} events"
    );
    s.tab().open(RACHEL_ONLY).await;
    s.tab().open_drawer(RACHEL_ROW_ID).await;
    assert_eq!(s.tab().wait_history().await, "list");

    let first = s.tab().history_ids().await;
    assert_eq!(first, expected[..50], "the newest page, newest first");
    let text = s.tab().history_text().await;
    assert!(
        text.contains(&format!("Showing 50 of {total} events")),
        "{text}"
    );
    s.assert_accessible("the drawer with the History open")
        .await;

    let mut shown = first;
    let mut clicks = 0;
    while s.tab().history_has_older().await {
        shown = s.tab().load_older_history().await;
        clicks += 1;
        assert!(clicks <= 3, "Load older never ends: {} shown", shown.len());
    }
    assert_eq!(clicks, 2, "{total} events at 50 a page");
    assert_eq!(shown, expected, "every event once, newest first");
    let text = s.tab().history_text().await;
    assert!(
        text.contains(&format!("Showing {total} of {total} events")),
        "{text}"
    );
    // The seeded chain reads in words: an IdP event with its id, a retry by a named admin.
    assert!(text.contains("Okta event okta-evt-"), "{text}");
    assert!(text.contains("Retried by "), "{text}");
    assert!(text.contains("Provisioning succeeded"), "{text}");
    s.assert_accessible("the History with every event shown")
        .await;
    s.close().await;
}

/// A retry while the drawer is open: the account moves, the History polls and shows the new
/// events on top without rebuilding the old ones; while nothing changes the polls answer 304
/// and the list is not touched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_shows_new_events_live_while_the_account_moves() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open(RACHEL_ONLY).await;
    s.tab().open_drawer(RACHEL_ROW_ID).await;
    assert_eq!(s.tab().wait_history().await, "list");
    let before = s.tab().history_ids().await;
    // Mark the old newest entry's element: it must survive the new events.
    s.js(
        "document.querySelector('[role=dialog] .history__list > li').__old = true",
        vec![],
    )
    .await;
    // Rachel's failed update is retried elsewhere (another admin, the API).
    s.tab().retry_elsewhere(RACHEL_ROW_ID).await;
    let newest = s.tab().wait_newest_history("Retried by").await;
    assert!(!before.contains(&newest), "the new event is new");
    let text = s.tab().history_entry_text(&newest).await;
    assert!(text.contains("Update queued"), "{text}");
    let ids = s.tab().history_ids().await;
    assert_eq!(ids[1..], before[..], "new events on top, the old ones kept");
    s.assert_js(
        "the old entries were kept, not rebuilt",
        "return Array.from(document.querySelectorAll('[role=dialog] .history__list > li')).some(li => li.__old)",
        json!(true),
    )
    .await;

    // The account still awaits: polls go on, answered 304, and nothing in the list changes.
    s.tab().watch_history_mutations().await;
    let polls = s.requests_to("/events?").await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 6)).await;
    let more = s.requests_to("/events?").await - polls;
    assert!(more >= 3, "only {more} polls of the history in 6 intervals");
    assert_eq!(
        s.tab().history_mutations().await,
        0,
        "the list changed on unchanged polls"
    );

    // The job starts: its event appears on top.
    eventually("the retried job to start", || async {
        s.dev.simulator_step().await;
        let state = s.server_state(RACHEL_ROW_ID).await;
        seen(state != "update_awaiting", state)
    })
    .await;
    s.tab().wait_newest_history("Update started").await;
    s.close().await;
}

/// The loading and empty states, the error state with its request id and Retry, and Load
/// older's error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_shows_loading_empty_and_error_states_in_words() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open(RACHEL_ONLY).await;
    // A slow answer: the section says it is loading, then shows the list.
    s.fault(json!({"route": "events", "kind": "latency", "latencyMs": 1500, "times": 1}))
        .await;
    s.tab().open_drawer(RACHEL_ROW_ID).await;
    s.wait_for("[role=dialog] section.history [data-status=history-loading]")
        .await;
    assert_eq!(s.tab().wait_history().await, "list");
    s.press(&char::from(fantoccini::key::Key::Escape).to_string())
        .await;
    s.tab().wait_drawer(false).await;

    s.fault(json!({"route": "events", "kind": "body", "times": 1,
                   "body": {"data": [], "links": {"self": "x"},
                            "meta": {"page": {"number": 1, "size": 50, "total": 0, "totalPages": 0}}}}))
        .await;
    s.tab().open_drawer(RACHEL_ROW_ID).await;
    assert_eq!(s.tab().wait_history().await, "history-empty");
    let text = s.tab().history_text().await;
    assert!(text.contains("No events recorded"), "{text}");
    s.press(&char::from(fantoccini::key::Key::Escape).to_string())
        .await;
    s.tab().wait_drawer(false).await;

    s.fault(json!({"route": "events", "kind": "status", "status": 500}))
        .await;
    s.tab().open_drawer(RACHEL_ROW_ID).await;
    assert_eq!(s.tab().wait_history().await, "history-error");
    let text = s.tab().history_text().await;
    assert!(text.contains("Couldn't load the history"), "{text}");
    assert!(text.contains("The server failed (HTTP 500)."), "{text}");
    testkit::users_tab::assert_request_id_shown(&text, "the History's error");
    s.assert_accessible("the History's error state").await;
    s.clear_faults().await;
    s.click("[role=dialog] section.history [data-status=history-error] button")
        .await;
    assert_eq!(s.tab().wait_history().await, "list");

    // Load older fails: said in words under the list, and the button tries again.
    s.fault(json!({"route": "events", "kind": "status", "status": 404}))
        .await;
    s.click("[role=dialog] section.history #user-history-older")
        .await;
    s.wait_for("[role=dialog] [data-status=history-older-error]")
        .await;
    let text = s.tab().history_text().await;
    assert!(text.contains("Couldn't load older events."), "{text}");
    s.clear_faults().await;
    let ids = s.tab().load_older_history().await;
    assert_eq!(ids.len(), 100);
    s.close().await;
}

/// Every payload sets `window.__xss` if it ever runs.
const IMG: &str = "<img src=x onerror=window.__xss=1>";
const SCRIPT: &str = "\"><script>window.__xss=1</script>";
const SVG: &str = "<svg onload=window.__xss=1><circle r=1 /></svg>";

fn hostile_events() -> Value {
    let event = |id: &str, attributes: Value| json!({"id": id, "type": "provisioning_event", "attributes": attributes});
    json!({
        "data": [
            event("ev-xss", json!({
                "occurredAt": "2026-02-18T09:12:44Z", "job": "update", "outcome": "failed",
                "fromState": "update_ongoing", "toState": "update_failed",
                "trigger": {"kind": "idp_event", "idp": SCRIPT, "upstreamEventId": IMG,
                            "actorDisplayName": SVG},
                "changes": [{"attribute": IMG, "from": SCRIPT, "to": SVG},
                            {"attribute": "title", "from": null}],
                "error": {"code": IMG, "message": SCRIPT, "userAction": SVG},
                "appRequestId": SCRIPT, "xFutureField": {"a": [1]}})),
            event("ev-unknown", json!({
                "occurredAt": "yesterday-ish", "job": "reconcile", "outcome": "deferred",
                "fromState": "quarantined", "toState": IMG,
                "trigger": {"kind": "webhook", "actorDisplayName": IMG}})),
            event("ev-bare", json!({"job": "sync", "outcome": "succeeded"})),
            event("ev-trigger", json!({"job": "delete", "outcome": "queued",
                                       "trigger": {"kind": SVG}, "occurredAt": IMG})),
        ],
        "links": {"self": "x"},
        "meta": {"page": {"number": 1, "size": 50, "total": 4, "totalPages": 1}}
    })
}

/// XSS payloads in every text field of an event show as text; unknown jobs, outcomes, states
/// and trigger kinds show as they came; missing fields are tolerated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_shows_hostile_events_as_text() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open(RACHEL_ONLY).await;
    s.fault(json!({"route": "events", "kind": "body", "body": hostile_events()}))
        .await;
    s.tab().open_drawer(RACHEL_ROW_ID).await;
    assert_eq!(s.tab().wait_history().await, "list");
    assert_eq!(
        s.tab().history_ids().await,
        ["ev-xss", "ev-unknown", "ev-bare", "ev-trigger"]
    );
    let xss = s.tab().history_entry_text("ev-xss").await;
    for shown in [
        format!("{SCRIPT} event {IMG}"),
        IMG.to_owned(),
        SCRIPT.to_owned(),
        SVG.to_owned(),
        "Update failed".to_owned(),
    ] {
        assert!(xss.contains(&shown), "{shown:?} not in {xss:?}");
    }
    assert!(xss.contains("not set"), "a missing value: {xss}");
    assert!(xss.contains("removed"), "a missing value: {xss}");
    let unknown = s.tab().history_entry_text("ev-unknown").await;
    for shown in [
        "reconcile deferred",
        "webhook",
        "yesterday-ish",
        "quarantined",
        IMG,
    ] {
        assert!(unknown.contains(shown), "{shown:?} not in {unknown:?}");
    }
    let bare = s.tab().history_entry_text("ev-bare").await;
    for shown in ["Sync succeeded", "Time not given", "Not given"] {
        assert!(bare.contains(shown), "{shown:?} not in {bare:?}");
    }
    let trigger = s.tab().history_entry_text("ev-trigger").await;
    assert!(trigger.contains(SVG), "{trigger}");
    assert!(trigger.contains(IMG), "the bad time as it came: {trigger}");
    s.assert_js(
        "a payload became markup or ran",
        "return window.__xss !== undefined || !!document.querySelector('svg[onload], img[onerror], script:not([src])')",
        json!(false),
    )
    .await;
    s.tab().assert_not_crashed("hostile events").await;
    s.close().await;
}
