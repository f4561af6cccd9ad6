//! Row overrides through `/dev/users`: hostile strings, and a state override that gives way
//! when the job moves.

use devserver::seed::{CONTENTZILLA_ID, GUNTHER_ROW_ID};
use serde_json::json;
use testkit::api::*;

#[tokio::test]
async fn row_overrides_carry_hostile_strings() {
    let s = faults_server().await;
    let xss = "<img src=x onerror=alert(1)>\u{202e}Ross";
    let a = s
        .control(
            Method::PUT,
            &format!("/dev/users/{CONTENTZILLA_ID}/{GUNTHER_ROW_ID}"),
            Some(json!({
                "user": {"id": "0c4d2e6f-8a1b-4c3d-9e5f-7a9b1c3d5e7f", "displayName": xss, "email": "\"><script>alert(1)</script>@x.com"},
                "usernameInApp": "javascript:alert(1)",
                "lastError": {"code": "<b>x</b>", "message": "<script>alert('m')</script>", "userAction": "review_credentials"}
            })),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let l = s
        .get("listIntegrationUsers", &cz_users("search=onerror"))
        .await;
    assert_eq!(l.json["meta"]["page"]["total"], 1);
    let attrs = &l.json["data"][0]["attributes"];
    assert_eq!(attrs["user"]["displayName"], xss);
    assert_eq!(attrs["usernameInApp"], "javascript:alert(1)");
    assert_eq!(attrs["lastError"]["message"], "<script>alert('m')</script>");
    let n = s.try_put_user(CONTENTZILLA_ID, "nope", json!({})).await;
    assert_eq!(n.status, 404);
    let b = s
        .try_put_user(CONTENTZILLA_ID, GUNTHER_ROW_ID, json!([1]))
        .await;
    assert_eq!(b.status, 400);
    s.control(Method::POST, "/dev/reset", None).await;
    let l = s
        .get("listIntegrationUsers", &cz_users("search=onerror"))
        .await;
    assert_eq!(l.json["meta"]["page"]["total"], 0);
}

/// An override of a row's state is what a test starts from, not a pin: once the job moves (a
/// retry here), the override no longer shows the old state, `canRetry` or `lastError`.
#[tokio::test]
async fn a_state_override_gives_way_when_the_job_moves() {
    let s = faults_server().await;
    let a = s
        .control(
            Method::PUT,
            &format!("/dev/users/{CONTENTZILLA_ID}/{GUNTHER_ROW_ID}"),
            Some(json!({
                "provisioningState": "delete_failed",
                "canRetry": true,
                "lastError": {"code": "NotEnoughSeats"},
                "usernameInApp": "kept"
            })),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let path = format!("/integrations/{CONTENTZILLA_ID}/users/{GUNTHER_ROW_ID}");
    let before = s.get("getIntegrationUser", &path).await;
    assert_eq!(
        before.json["data"]["attributes"]["provisioningState"],
        "delete_failed"
    );
    let r = s
        .op(
            "retryIntegrationUser",
            Method::POST,
            &format!("{path}/retry"),
            &Auth::admin(),
            &[("x-requested-with", "XMLHttpRequest")],
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let after = s.get("getIntegrationUser", &path).await;
    let attrs = &after.json["data"]["attributes"];
    assert_eq!(attrs["provisioningState"], "delete_awaiting");
    assert_eq!(attrs["canRetry"], false);
    assert!(attrs["lastError"].is_null(), "{attrs}");
    // Fields the state machine does not own stay overridden.
    assert_eq!(attrs["usernameInApp"], "kept");
}
