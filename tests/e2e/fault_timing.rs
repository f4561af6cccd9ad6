//! The fault matrix in time: hung requests, throttling, a rejected filter, answers out of order
//! (on the release dist with a 2 s client timeout, see `testkit::fixtures::TIMEOUT_MS`).

use std::time::{Duration, Instant};

use serde_json::json;

use testkit::fixtures::{fast_timeout_admin, TIMEOUT_MS};
use testkit::{admin, api_users, ids_of, users_page, Session};

/// Timeouts and throttling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hung_requests_time_out_and_throttling_retries_once() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;

    // Every attempt hangs: the timeout fires (4 attempts × 2 s + backoff).
    s.fault(json!({"route": "users", "kind": "hang", "hangMs": 60_000}))
        .await;
    let started = Instant::now();
    s.goto(&users_page("?size=100")).await;
    let text = s.tab().wait_panel("error").await;
    assert!(
        text.contains("The server took too long to answer"),
        "{text}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(4 * TIMEOUT_MS),
        "gave up before the timeouts: {:?}",
        started.elapsed()
    );
    s.tab().recovers("timeout", "?page%5Bsize%5D=100").await;

    // 429 with Retry-After: a message with the wait, then one automatic retry.
    s.fault(
        json!({"route": "users", "kind": "status", "status": 429, "retryAfter": 2, "times": 1}),
    )
    .await;
    s.goto(&users_page("?size=100")).await;
    let text = s.tab().wait_panel("error").await;
    assert!(text.contains("Too many requests"), "{text}");
    assert!(text.contains("in 2 seconds"), "{text}");
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=100")).await);
    s.tab()
        .wait_rows(&expected, "the automatic retry after 429")
        .await;

    // 429 without Retry-After (and without meta): the default wait, then one retry.
    s.fault(
        json!({"route": "users", "kind": "body", "status": 429, "times": 1,
                   "body": {"errors": [{"code": "rate_limited", "title": "Too many requests",
                                        "status": "429", "meta": {}}]}}),
    )
    .await;
    s.goto(&users_page("?size=25")).await;
    let text = s.tab().wait_panel("error").await;
    assert!(text.contains("in 5 seconds"), "{text}");
    let expected = ids_of(&s.api(&api_users("")).await);
    s.tab()
        .wait_rows(&expected, "the automatic retry after a bare 429")
        .await;

    s.close().await;
}

/// 400 on a filter, and answers that arrive out of order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_filter_is_reset_and_old_answers_never_win() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;

    // 400 validation_error naming the filter: inline message, that filter reset.
    s.fault(
        json!({"route": "users", "kind": "status", "status": 400, "times": 1,
                   "body": {"errors": [{"code": "validation_error", "status": "400",
                       "title": "Invalid query", "detail": "Input should be a valid boolean",
                       "meta": {"loc": ["query", "filter[matched]"]}}]}}),
    )
    .await;
    s.goto(&users_page("?matched=false&q=a")).await;
    let text = s.tab().wait_status("validation").await;
    assert!(text.contains("Input should be a valid boolean"), "{text}");
    assert!(text.contains("The filter was reset"), "{text}");
    s.until_js(
        "matched reset, search kept",
        "return !location.search.includes('matched=') && location.search.includes('q=a')",
    )
    .await;
    let expected = ids_of(&s.api(&api_users("?search=a")).await);
    s.tab().wait_rows(&expected, "after the reset").await;

    // Out of order: the first answer is slow, the next query's answer comes first; the
    // slow one arrives later and must not replace it.
    s.tab().open("").await;
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 2_500, "times": 1}))
        .await;
    s.goto(&users_page("?sort=-user")).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("ross").await.unwrap();
    let expected = ids_of(&s.api(&api_users("?sort=-user&search=ross")).await);
    s.tab().wait_rows(&expected, "the newer query").await;
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    assert_eq!(
        s.tab().row_ids().await,
        expected,
        "the slow old answer replaced the new one"
    );

    s.close().await;
}

/// One request hangs (with the normal 15 s client timeout); the next query is not blocked
/// behind it: its rows come long before the hung request could have timed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_request_does_not_block_the_next_query() {
    let s = Session::start(admin()).await;
    s.tab().open("").await;
    s.fault(json!({"route": "users", "kind": "hang", "hangMs": 60_000, "times": 1}))
        .await;
    let started = Instant::now();
    s.goto(&users_page("?size=50")).await;
    s.wait_for("[data-status=loading], .users-card__progress--on, tr[data-row-id]")
        .await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("geller").await.unwrap();
    let expected = ids_of(&s.api(&api_users("?page%5Bsize%5D=50&search=geller")).await);
    s.tab()
        .wait_rows(&expected, "the query after a hung one")
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the new query waited for the hung one (15 s timeout): {:?}",
        started.elapsed()
    );
    s.tab().assert_not_crashed("after the hung request").await;
    s.close().await;
}
