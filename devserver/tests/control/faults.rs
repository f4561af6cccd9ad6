//! Fault rules through `/dev/faults`: off without `--faults`, the request log, status faults
//! with times, routes and variants, the rule list, latency, hang and drop.

use std::time::{Duration, Instant};

use devserver::seed::{CONTENTZILLA_ID, RACHEL_ROW_ID};
use devserver::Config;
use serde_json::json;
use testkit::api::*;

#[tokio::test]
async fn control_endpoints_are_404_without_faults() {
    let s = server(Config::default()).await;
    for (m, p) in [
        (Method::GET, "/dev/faults"),
        (Method::PUT, "/dev/faults"),
        (Method::DELETE, "/dev/faults"),
        (Method::POST, "/dev/simulator"),
        (Method::POST, "/dev/simulator/step"),
        (Method::POST, "/dev/reset"),
        (Method::GET, "/dev/csp-reports"),
        (Method::GET, "/dev/requests"),
        (Method::DELETE, "/dev/requests"),
    ] {
        let a = s
            .control(m, p, Some(json!({"route": "users", "kind": "status"})))
            .await;
        assert_eq!(a.status, 404, "{p}");
    }
    let a = s
        .try_put_user(CONTENTZILLA_ID, RACHEL_ROW_ID, json!({}))
        .await;
    assert_eq!(a.status, 404);
}

#[tokio::test]
async fn the_request_log_counts_api_requests_per_route_on_arrival() {
    let s = faults_server().await;
    // Even a request held by fault latency counts: it is logged when it arrives.
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 50, "times": 1}))
        .await;
    assert_eq!(s.get("getMe", "/me").await.status, 200);
    for q in ["page%5Bsize%5D=100", "page%5Bnumber%5D=2"] {
        assert_eq!(
            s.get("listIntegrationUsers", &cz_users(q)).await.status,
            200
        );
    }
    let log = s.control(Method::GET, "/dev/requests", None).await;
    assert_eq!(log.status, 200);
    assert_eq!(log.json["count"], 3);
    assert_eq!(log.json["byRoute"], json!({"me": 1, "users": 2}));
    let requests = log.json["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0]["route"], "me");
    assert_eq!(requests[1]["method"], "GET");
    assert_eq!(requests[1]["seq"], 2);
    assert!(
        requests[1]["uri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{CONTENTZILLA_ID}/users?page%5Bsize%5D=100")),
        "{}",
        requests[1]
    );
    // Control requests and static files are not API requests.
    let again = s.control(Method::GET, "/dev/requests", None).await;
    assert_eq!(again.json["count"], 3);

    let cleared = s.control(Method::DELETE, "/dev/requests", None).await;
    assert_eq!(cleared.status, 200);
    assert_eq!(cleared.json["count"], 0);
    assert_eq!(cleared.json["requests"], json!([]));
    assert_eq!(
        s.get("listIntegrationUsers", &cz_users("")).await.status,
        200
    );
    let log = s.control(Method::GET, "/dev/requests", None).await;
    assert_eq!(log.json["byRoute"], json!({"users": 1}));
    assert_eq!(log.json["requests"][0]["seq"], 1);
}

#[tokio::test]
async fn status_faults_with_times_routes_and_variants() {
    let s = faults_server().await;
    s.fault(json!({"route": "users", "kind": "status", "status": 500, "times": 2}))
        .await;
    // Other routes are untouched.
    assert_eq!(s.get("getMe", "/me").await.status, 200);
    for _ in 0..2 {
        let a = s.get("listIntegrationUsers", &cz_users("")).await;
        assert_eq!(a.status, 500);
        assert_eq!(a.error()["code"], "internal_error");
    }
    assert_eq!(
        s.get("listIntegrationUsers", &cz_users("")).await.status,
        200
    );
    assert_eq!(
        s.control(Method::GET, "/dev/faults", None).await.json["faults"],
        json!([])
    );

    s.fault(json!({"route": "integration", "kind": "status", "status": 503, "retryAfter": 7, "times": 1})).await;
    let a = s.contentzilla().await;
    assert_eq!(a.status, 503);
    assert_eq!(a.error()["code"], "service_unavailable");
    assert_eq!(a.header("retry-after"), Some("7"));

    s.fault(json!({"route": "me", "kind": "status", "status": 429, "times": 1}))
        .await;
    let a = s.get("getMe", "/me").await;
    assert_eq!(a.status, 429);
    assert!(a.header("retry-after").unwrap().parse::<u64>().is_ok());

    s.fault(json!({"route": "*", "kind": "status", "status": 500, "variant": "numeric_status", "times": 1})).await;
    let a = s.admin_get("/api/v1/me").await;
    assert_eq!(a.error()["status"], 500);
    validate("getMe", 500, &a.json);

    s.fault(json!({"route": "*", "kind": "status", "status": 403, "variant": "capitalised_code", "times": 1})).await;
    let a = s.admin_get("/api/v1/integrations").await;
    assert_eq!(a.status, 403);
    assert_eq!(a.error()["code"], "Forbidden");

    s.fault(json!({"route": "retry", "kind": "status", "status": 500, "body": {"errors": [{"code": "x", "title": "<b>bold</b>", "status": "500"}]}, "times": 1})).await;
    let a = s
        .as_admin(
            Method::POST,
            &format!("/api/v1/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry"),
        )
        .await;
    assert_eq!(a.status, 500);
    assert_eq!(a.error()["title"], "<b>bold</b>");
    // The retry did not happen.
    let r = s.cz_user(RACHEL_ROW_ID).await;
    assert_eq!(
        r.json["data"]["attributes"]["provisioningState"],
        "update_failed"
    );
}

#[tokio::test]
async fn rule_list_clear_and_bad_rules() {
    let s = faults_server().await;
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 1}))
        .await;
    s.fault(json!({"kind": "html"})).await;
    let l = s.control(Method::GET, "/dev/faults", None).await;
    let rules = l.json["faults"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[1]["route"], "*");
    assert_eq!(rules[0]["id"], 1);
    assert_eq!(
        s.control(Method::DELETE, "/dev/faults", None).await.status,
        200
    );
    assert_eq!(
        s.control(Method::GET, "/dev/faults", None).await.json["faults"],
        json!([])
    );
    for bad in [
        json!({"route": "nope", "kind": "status"}),
        json!({"route": "users", "kind": "explode"}),
        json!({"route": "users"}),
        json!({"route": "users", "kind": "status", "status": 1000}),
        json!({"route": "users", "kind": "status", "colour": "red"}),
    ] {
        let a = s
            .control(Method::PUT, "/dev/faults", Some(bad.clone()))
            .await;
        assert_eq!(a.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let s = faults_server().await;
    s.fault(json!({"route": "me", "kind": "latency", "latencyMs": 300, "times": 1}))
        .await;
    let t = Instant::now();
    assert_eq!(s.get("getMe", "/me").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    s.get("getMe", "/me").await;
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn hang_and_drop_never_answer() {
    let s = faults_server().await;
    s.fault(json!({"route": "users", "kind": "hang", "hangMs": 5000, "times": 1}))
        .await;
    let r = s
        .http
        .get(s.url(&format!("/api/v1{}", cz_users(""))))
        .bearer_auth("dev-workspace_admin")
        .timeout(Duration::from_millis(400))
        .send()
        .await;
    assert!(r.unwrap_err().is_timeout());

    s.fault(json!({"route": "me", "kind": "drop", "times": 1}))
        .await;
    let r = s
        .http
        .get(s.url("/api/v1/me"))
        .bearer_auth("dev-workspace_admin")
        .send()
        .await;
    let e = r.expect_err("no answer at all");
    assert!(!e.is_timeout() && e.status().is_none(), "{e:?}");
    // The server still answers afterwards.
    assert_eq!(s.get("getMe", "/me").await.status, 200);
}
