//! Sync now in the header: a press shows "Syncing…" with the live status until the sync ends,
//! then the new Last synced time; the button is disabled while a sync runs, also one found
//! running as the page loads; a second sync while one runs says so (409); every other refusal
//! is explained in words. On the release dist that polls every 400 ms.

use serde_json::json;

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::{fast_poll_admin, POLL_MS};
use testkit::sync_now::SyncShown;
use testkit::Session;

/// A session whose syncs run for `ms`.
async fn session(ms: u64) -> Session {
    Session::start(devserver::Config {
        sync_ms: ms,
        ..fast_poll_admin()
    })
    .await
}

/// The integration's `lastSyncedAt` and `status` as the server has them.
async fn server_sync(s: &Session) -> (String, String) {
    let i = s
        .api(&format!("/api/v1/integrations/{CONTENTZILLA_ID}"))
        .await;
    let a = &i["data"]["attributes"];
    let text = |k: &str| a[k].as_str().unwrap_or_default().to_owned();
    (text("lastSyncedAt"), text("status"))
}

fn ready(shown: &SyncShown) -> bool {
    shown.label == "Sync now" && !shown.busy
}

fn syncing(shown: &SyncShown) -> bool {
    shown.label == "Syncing…" && shown.busy
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_now_shows_syncing_then_the_new_last_synced_time() {
    let s = session(4_000).await;
    let tab = s.tab();
    tab.open("").await;
    let (before, status) = server_sync(&s).await;
    assert_eq!(status, "up_to_date");
    tab.wait_header_synced(&before).await;
    let idle = tab.wait_sync("ready", ready).await;
    assert_eq!(idle.error, "");

    tab.press_sync().await;
    let running = tab.wait_sync("syncing", syncing).await;
    assert!(
        ["Starting a sync…", "In progress"].contains(&running.status.as_str()),
        "{running:?}"
    );
    tab.wait_sync("the live status", |s| {
        syncing(s) && s.status == "In progress"
    })
    .await;
    assert_eq!(server_sync(&s).await.1, "in_progress");
    // A press while it runs sends nothing: the button says it is disabled.
    tab.press_sync().await;
    assert_eq!(tab.sync_shown().await.error, "");
    assert_eq!(
        s.dev.request_log().await["byRoute"]["sync"],
        json!(1),
        "one POST …/sync"
    );
    s.assert_accessible("Sync now while syncing").await;

    let done = tab
        .wait_sync("finished", |s| ready(s) && s.status == "Sync finished")
        .await;
    assert_eq!(done.error, "");
    let (after, status) = server_sync(&s).await;
    assert_eq!(status, "up_to_date");
    assert!(after > before, "{after} after {before}");
    tab.wait_header_synced(&after).await;
    let (text, _) = tab.header_synced().await;
    assert_eq!(text, "Last synced: just now");
    s.close().await;
}

/// A sync already running as the page loads keeps the button disabled until it ends; a press
/// the page makes while a sync it has not heard of runs gets the 409 and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_already_running_disables_the_button_and_a_second_one_says_so() {
    // 8 s: a page that loads slowly on a busy machine must still find the sync running (with
    // 3 s, a loaded CI machine saw it end before the first paint).
    let s = session(8_000).await;
    let tab = s.tab();
    assert_eq!(s.dev.start_sync(CONTENTZILLA_ID).await.status, 202);
    tab.open("").await;
    let shown = tab.wait_sync("syncing as it loads", syncing).await;
    assert_eq!(shown.status, "In progress");
    assert_eq!(shown.error, "");
    tab.wait_sync("ready after the sync", ready).await;
    let (after, _) = server_sync(&s).await;
    tab.wait_header_synced(&after).await;

    // The page stops polling (hidden), so it cannot know of the sync started meanwhile.
    tab.set_hidden(true).await;
    // A poll in flight may still land.
    tokio::time::sleep(std::time::Duration::from_millis(2 * POLL_MS)).await;
    assert_eq!(s.dev.start_sync(CONTENTZILLA_ID).await.status, 202);
    assert!(ready(&tab.sync_shown().await));
    tab.press_sync().await;
    let refused = tab
        .wait_sync("the conflict", |s| s.error == "A sync is already running.")
        .await;
    assert!(syncing(&refused), "{refused:?}");
    s.assert_js(
        "the error is an alert",
        "return document.getElementById('sync-now-error').getAttribute('role')",
        json!("alert"),
    )
    .await;
    // Shown again, the page polls and watches that sync end; the conflict no longer holds.
    tab.set_hidden(false).await;
    let done = tab
        .wait_sync("the other sync ended", |s| ready(s) && s.error.is_empty())
        .await;
    assert_eq!(done.status, "Sync finished");
    s.close().await;
}

/// Every other way `POST …/sync` can fail is said in words, and the button is offered again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_syncs_are_explained_in_words() {
    let s = session(1_000).await;
    let tab = s.tab();
    tab.open("").await;
    let cases = [
        (
            json!({"route": "sync", "kind": "status", "status": 403 }),
            "You don't have permission to sync this integration.",
        ),
        (
            json!({"route": "sync", "kind": "status", "status": 429, "retryAfter": 7 }),
            "Too many requests. Try again in 7 seconds.",
        ),
        (
            json!({"route": "sync", "kind": "status", "status": 500 }),
            "The server failed to start the sync (HTTP 500). Try again later. Request ID: ",
        ),
        (
            json!({"route": "sync", "kind": "drop" }),
            "Can't reach the server. Check your connection and try again.",
        ),
        (
            json!({"route": "sync", "kind": "html", "status": 502 }),
            "The server failed to start the sync (HTTP 502). Try again later.",
        ),
    ];
    // Each rule holds until cleared: Chromium sends a POST again once when a kept-alive
    // connection drops, so a one-shot `drop` would let the sync through.
    for (rule, words) in cases {
        s.clear_faults().await;
        s.fault(rule.clone()).await;
        tab.press_sync().await;
        let shown = tab
            .wait_sync(&format!("the words for {rule}"), |s| {
                s.error.starts_with(words)
            })
            .await;
        assert!(ready(&shown), "{rule}: {shown:?}");
        assert!(!shown.error.contains('<'), "{rule}: {shown:?}");
        tab.assert_not_crashed(&rule.to_string()).await;
    }
    // An unreadable 2xx may have started a sync: said so, and the polls tell the truth.
    s.clear_faults().await;
    s.fault(json!({"route": "sync", "kind": "malformed_json"}))
        .await;
    tab.press_sync().await;
    let odd = tab
        .wait_sync("an unreadable answer", |s| {
            s.error.contains("may have started")
        })
        .await;
    assert!(
        odd.error
            .starts_with("The server's answer could not be read (HTTP"),
        "{odd:?}"
    );
    s.close().await;
}
