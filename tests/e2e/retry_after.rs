//! GET retries that listen to the server: a 503's `Retry-After` is waited for (not the fixed
//! backoff), and one beyond the client's cap (10 s) is not waited for at all: the error panel
//! shows at once. Through the dev server's fault endpoint.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use testkit::fixtures::fast_timeout_admin;
use testkit::{api_users, ids_of, users_page, Session};

/// The timing entries of the list requests for a page size, in start order (ms).
async fn list_timings(s: &Session, size: u32) -> Vec<(f64, f64)> {
    let v = s
        .js(
            "return performance.getEntriesByType('resource') \
             .filter(e => e.name.includes('/users?') && e.name.includes('page%5Bsize%5D=' + arguments[0])) \
             .map(e => [e.startTime, e.responseEnd])",
            vec![json!(size)],
        )
        .await;
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

fn error_panel_shown() -> &'static str {
    "return !!document.querySelector('[data-status=\"error\"]')"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_retry_after_is_waited_for_and_one_beyond_the_cap_is_not() {
    let s = Session::start(fast_timeout_admin()).await;
    let tab = s.tab();
    tab.open("").await;

    // A 503 that asks for 2 s, once: the retry comes after 2 s (plus at most a quarter of
    // jitter), not after the 300 ms backoff step, and the rows show with no error panel.
    // The oracle first: the fault rule would answer it.
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=100")).await);
    s.fault(
        json!({"route": "users", "kind": "status", "status": 503, "retryAfter": 2, "times": 1}),
    )
    .await;
    s.goto(&users_page("?size=100")).await;
    tab.wait_rows(&expected, "the retry after the 503's Retry-After")
        .await;
    assert_eq!(
        s.js(error_panel_shown(), vec![]).await,
        Value::Bool(false),
        "an error panel under the rows"
    );
    let timings = list_timings(&s, 100).await;
    // The 503 and its retry (a live-update poll may follow them).
    assert!(timings.len() >= 2, "the 503 and one retry: {timings:?}");
    let waited = timings[1].0 - timings[0].1;
    // At least Retry-After's 2 s (the fixed backoff step would be 300 ms), and well under the
    // client's 10 s cap. The jitter's exact bound (at most +25 %) is the unit tests' to check
    // (src/api/backoff.rs): on a loaded machine a browser timer can fire a second late.
    assert!(
        (1_950.0..10_000.0).contains(&waited),
        "the retry waited {waited} ms after the 503, not Retry-After's 2 s"
    );
    tab.assert_not_crashed("503 with Retry-After").await;

    // A 503 that asks for 30 s, more than the client holds a request: no retry, the
    // unavailable panel at once (the fixed backoff alone would take 3.9 s to give up).
    s.fault(json!({"route": "users", "kind": "status", "status": 503, "retryAfter": 30}))
        .await;
    let started = Instant::now();
    s.goto(&users_page("?size=25")).await;
    let text = tab.wait_status("error").await;
    let shown_after = started.elapsed();
    assert!(
        text.contains("The service is unavailable"),
        "the panel says: {text}"
    );
    assert!(
        shown_after < Duration::from_millis(3_000),
        "the panel took {shown_after:?}: the client waited for a Retry-After beyond its cap"
    );
    // Still one request a second later: nothing was scheduled behind the panel.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(
        list_timings(&s, 25).await.len(),
        1,
        "a retry was sent for a Retry-After beyond the cap"
    );
    s.clear_faults().await;
    let expected = ids_of(&s.api(&api_users("")).await);
    s.click("#users-retry").await;
    tab.wait_rows(&expected, "Retry after the outage").await;
    s.close().await;
}

/// `Retry-After` as an HTTP date (RFC 9110's other form), 3 s ahead: the retry waits for that
/// moment (whole seconds, so between 2 and 3 s), not the 300 ms backoff step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_retry_after_as_an_http_date_is_waited_for() {
    let s = Session::start(fast_timeout_admin()).await;
    let tab = s.tab();
    tab.open("").await;
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=50")).await);
    s.fault(
        json!({"route": "users", "kind": "status", "status": 503, "retryAfter": 3,
                   "retryAfterForm": "date", "times": 1}),
    )
    .await;
    s.goto(&users_page("?size=50")).await;
    tab.wait_rows(&expected, "the retry at the 503's Retry-After date")
        .await;
    let timings = list_timings(&s, 50).await;
    assert!(timings.len() >= 2, "the 503 and one retry: {timings:?}");
    let waited = timings[1].0 - timings[0].1;
    assert!(
        (1_900.0..10_000.0).contains(&waited),
        "the retry waited {waited} ms after the 503, not until Retry-After's date (2-3 s)"
    );
    s.close().await;
}
