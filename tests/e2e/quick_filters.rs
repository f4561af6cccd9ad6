//! Quick filters: per-phase counts, failures first, one click filters.

use serde_json::json;

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::fast_poll_admin;
use testkit::{api_users, ids_of, Session};

#[tokio::test]
async fn quick_filters_put_failures_first_and_filter_in_one_click() {
    let s = Session::start(fast_poll_admin()).await;
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
        s.text_of("#quick-filter-in-progress").await,
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

    s.click("#quick-filter-failed").await;
    let expected = ids_of(
        &s.api(&api_users(
            "?filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed",
        ))
        .await,
    );
    s.tab()
        .wait_rows(&expected, "the failed quick filter")
        .await;
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
    s.click("#quick-filter-failed").await;
    let all = ids_of(&s.api(&api_users("")).await);
    s.tab().wait_rows(&all, "the quick filter cleared").await;
    assert!(!s.query_string().await.contains("state="));
    s.close().await;
}
