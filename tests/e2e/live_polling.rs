//! Live polling: it pauses while hidden and refreshes when shown, stops when nothing moves,
//! backs off on errors with a banner, pauses with a countdown on a 429 and stops on a 401. On
//! the release dist that polls every 400 ms (`testkit::fixtures::POLL_MS`).

use std::time::{Duration, Instant};

use serde_json::json;

use testkit::fixtures::{fast_poll_admin, POLL_MS};
use testkit::{api_users, eventually_within, seen, Session};

#[tokio::test]
async fn live_polling_pauses_while_hidden_and_refreshes_when_shown() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open_polling().await;
    s.tab().set_hidden(true).await;
    // A poll in flight may still land.
    tokio::time::sleep(Duration::from_millis(POLL_MS)).await;
    let hidden_from = s.tab().list_requests().await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 6)).await;
    assert_eq!(
        s.tab().list_requests().await,
        hidden_from,
        "polled while the document was hidden"
    );
    s.tab().set_hidden(false).await;
    // At once, not after an interval.
    let t = Instant::now();
    s.tab()
        .wait_list_requests(hidden_from, 1, "refresh when shown")
        .await;
    assert!(
        t.elapsed() < Duration::from_millis(POLL_MS * 3),
        "the refresh on show took {:?}",
        t.elapsed()
    );
    s.close().await;
}

#[tokio::test]
async fn live_polling_stops_when_nothing_moves() {
    let s = Session::start(fast_poll_admin()).await;
    // Settle every job of Contentzilla: nothing awaits or runs.
    let all = s.api(&api_users("?page%5Bsize%5D=100")).await;
    for row in all["data"].as_array().expect("rows") {
        let st = row["attributes"]["provisioningState"]
            .as_str()
            .unwrap_or_default();
        if st.ends_with("_awaiting") || st.ends_with("_ongoing") {
            let id = row["id"].as_str().expect("id");
            s.put_user(id, json!({"provisioningState": "onboarded"}))
                .await;
        }
    }
    s.tab().open("").await;
    let start = s.tab().list_requests().await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 6)).await;
    assert_eq!(
        s.tab().list_requests().await,
        start,
        "polled an idle integration"
    );
    // Refresh still works by hand.
    s.click("#users-refresh").await;
    s.tab().wait_list_requests(start, 1, "Refresh").await;
    s.close().await;
}

#[tokio::test]
async fn live_errors_back_off_with_a_banner() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open_polling().await;
    s.fault(json!({"route": "users", "kind": "status", "status": 500}))
        .await;
    let banner = s.wait_for("[data-status=\"poll-error\"]").await;
    let text = banner.text().await.unwrap_or_default();
    assert!(text.contains("Trying again in"), "banner: {text:?}");
    assert!(
        !s.tab().row_ids().await.is_empty(),
        "rows vanished under the banner"
    );
    // Backing off: 400, 800, 1600 ms … — in 2 s at most 3 more attempts, not 5.
    let from = s.tab().list_requests().await;
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    let attempts = s.tab().list_requests().await - from;
    assert!(attempts <= 3, "{attempts} attempts in 2 s: no backoff");
    s.clear_faults().await;
    eventually_within(
        Duration::from_secs(30),
        "the error banner to go",
        || async {
            let shown = s
                .js(
                    "return !!document.querySelector('[data-status=\"poll-error\"]')",
                    vec![],
                )
                .await;
            seen(shown == json!(false), "the error banner stayed")
        },
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn live_429_while_polling_counts_down_then_resumes() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open_polling().await;
    s.fault(
        json!({"route": "users", "kind": "status", "status": 429, "retryAfter": 4, "times": 1}),
    )
    .await;
    let banner = s.wait_for("[data-status=\"poll-rate-limited\"]").await;
    let text = banner.text().await.unwrap_or_default();
    assert!(
        text.contains("Too many requests. Updates resume in"),
        "banner: {text:?}"
    );
    let first: u64 = text
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    assert!(
        (1..=4).contains(&first),
        "countdown starts at {first}: {text:?}"
    );
    assert!(
        !s.tab().row_ids().await.is_empty(),
        "rows vanished under the banner"
    );
    // Count only requests that start after the banner showed: the 429's own timing entry may
    // land in the buffer later than the banner on a loaded machine.
    let banner_at = s
        .js("return performance.now()", vec![])
        .await
        .as_f64()
        .unwrap_or(0.0);
    let started_since = "return performance.getEntriesByType('resource')\
         .filter(e => e.name.includes('/users?') && e.startTime > arguments[0]).length";
    // The countdown ticks down while nothing is sent.
    let deadline = Instant::now() + Duration::from_millis(2_500);
    let mut lower = false;
    while Instant::now() < deadline {
        let now = banner.text().await.unwrap_or_default();
        let n: u64 = now
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(first);
        lower |= n < first;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(lower, "the countdown never went down from {first}");
    assert_eq!(
        s.js(started_since, vec![json!(banner_at)]).await,
        json!(0),
        "polled during the Retry-After pause"
    );
    // Then polling resumes by itself and the banner goes.
    s.tab()
        .wait_list_requests(s.tab().list_requests().await, 1, "resume after Retry-After")
        .await;
    s.until_js(
        "the 429 banner to go",
        "return !document.querySelector('[data-status=\"poll-rate-limited\"]')",
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn live_401_while_polling_shows_session_expired_not_the_old_rows() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open_polling().await;
    s.fault(json!({"route": "users", "kind": "status", "status": 401}))
        .await;
    let text = s.tab().wait_status("expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    assert!(
        s.tab().row_ids().await.is_empty(),
        "old rows still shown after the session expired"
    );
    // Polling stopped: no request hammers the API with a dead session.
    let from = s.tab().list_requests().await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 4)).await;
    assert_eq!(
        s.tab().list_requests().await,
        from,
        "kept polling after a 401"
    );
    s.close().await;
}
