//! The server around the API: headers and 405, the rate limit, CSP reports, deterministic
//! seed data, graceful shutdown, the router in process.

use devserver::seed::{CONTENTZILLA_ID, GLOBEX_ID, GLOBEX_USERS};
use devserver::Config;
use serde_json::{json, Value};
use testkit::api::*;

#[tokio::test]
async fn api_headers_and_405() {
    let s = server(Config::default()).await;
    let a = s.get("getMe", "/me").await;
    assert_eq!(a.header("cache-control"), Some("no-cache, private"));
    assert!(a.header("x-request-id").unwrap().len() >= 16);
    assert_hardening_headers(&a);
    let b = s.as_admin(Method::DELETE, "/api/v1/me").await;
    assert_eq!(b.status, 405);
    assert_eq!(b.error()["status"], "405");
    assert!(b.header("allow").is_some());
    let c = s.admin_get("/api/v1/nothing-here").await;
    assert_eq!(c.status, 404);
    assert_eq!(c.error()["code"], "not_found");
    assert_eq!(
        c.error()["meta"]["requestId"],
        c.header("x-request-id").unwrap()
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let s = server(Config {
        rate_limit: 3,
        ..Config::default()
    })
    .await;
    let mut limited = None;
    for _ in 0..6 {
        let a = s.get("getMe", "/me").await;
        if a.status == 429 {
            limited = Some(a);
            break;
        }
    }
    let a = limited.expect("the fourth quick request is throttled");
    assert_eq!(a.error()["code"], "rate_limited");
    let secs: u64 = a
        .header("retry-after")
        .unwrap()
        .parse()
        .expect("integer seconds");
    assert!(secs >= 1);
    assert_eq!(a.error()["meta"]["retryAfterSeconds"], secs);
    // Another client has its own bucket.
    let b = s
        .get_as("getMe", "/me", &Auth::bearer("workspace_owner"))
        .await;
    assert_eq!(b.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(s.get("getMe", "/me").await.status, 200);
}

#[tokio::test]
async fn csp_reports_are_counted() {
    let s = faults_server().await;
    let a = s
        .send(
            Method::POST,
            "/csp-report",
            &Auth::None,
            &[],
            Some(json!({"csp-report": {"violated-directive": "script-src"}})),
        )
        .await;
    assert_eq!(a.status, 204);
    let r = s.control(Method::GET, "/dev/csp-reports", None).await;
    assert_eq!(r.json["count"], 1);
    assert_eq!(
        r.json["reports"][0]["csp-report"]["violated-directive"],
        "script-src"
    );
}

#[tokio::test]
async fn seeded_data_is_deterministic() {
    let a = server(Config::default()).await;
    let b = server(Config::default()).await;
    let page = users_path(
        GLOBEX_ID,
        "page%5Bnumber%5D=400&page%5Bsize%5D=100&sort=-upstreamUserId",
    );
    let x = a.get("listIntegrationUsers", &page).await;
    let y = b.get("listIntegrationUsers", &page).await;
    assert_eq!(x.json["data"].as_array().unwrap().len(), 100);
    assert_eq!(x.json, y.json);
    let c = server(Config {
        seed: 7,
        ..Config::default()
    })
    .await;
    let z = c
        .get(
            "listIntegrationUsers",
            &users_path(GLOBEX_ID, "page%5Bsize%5D=5"),
        )
        .await;
    let w = a
        .get(
            "listIntegrationUsers",
            &users_path(GLOBEX_ID, "page%5Bsize%5D=5"),
        )
        .await;
    assert_ne!(z.json["data"], w.json["data"]);
    assert_eq!(z.json["meta"]["page"]["total"], GLOBEX_USERS);
}

#[tokio::test]
async fn graceful_shutdown_frees_the_port() {
    let s = server(Config::default()).await;
    let addr = s.running.addr;
    assert_eq!(s.get("getMe", "/me").await.status, 200);
    s.running.shutdown().await;
    let again = devserver::spawn(Config::default(), addr)
        .await
        .expect("the port is free again");
    again.shutdown().await;
}

#[tokio::test]
async fn app_router_works_in_process_with_oneshot() {
    use tower::ServiceExt;
    let app = devserver::app(Config::default());
    let req = axum::http::Request::get(format!("/api/v1/integrations/{CONTENTZILLA_ID}"))
        .header("authorization", "Bearer dev-workspace_owner")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("etag"));
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    validate("getIntegration", 200, &v);
}
