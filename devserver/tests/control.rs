//! Fault injection, the simulator, reset and row overrides through the `/dev` control API.

mod common;

use std::time::{Duration, Instant};

use common::*;
use devserver::seed::{CONTENTZILLA_ID, GUNTHER_ROW_ID, RACHEL_ROW_ID};
use devserver::Config;
use reqwest::Method;
use serde_json::{json, Value};

fn cz_users(query: &str) -> String {
    users_path(CONTENTZILLA_ID, query)
}

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
        .control(
            Method::PUT,
            &format!("/dev/users/{CONTENTZILLA_ID}/{RACHEL_ROW_ID}"),
            Some(json!({})),
        )
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
    let a = s
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await;
    assert_eq!(a.status, 503);
    assert_eq!(a.error()["code"], "service_unavailable");
    assert_eq!(a.header("retry-after"), Some("7"));

    s.fault(json!({"route": "me", "kind": "status", "status": 429, "times": 1}))
        .await;
    let a = s.get("getMe", "/me").await;
    assert_eq!(a.status, 429);
    assert!(a.header("retry-after").unwrap().parse::<u64>().is_ok());

    s.fault(json!({"route": "*", "kind": "status", "status": 500, "variant": "numeric_status", "times": 1})).await;
    let a = s
        .send(Method::GET, "/api/v1/me", &Auth::admin(), &[], None)
        .await;
    assert_eq!(a.error()["status"], 500);
    validate("getMe", 500, &a.json);

    s.fault(json!({"route": "*", "kind": "status", "status": 403, "variant": "capitalised_code", "times": 1})).await;
    let a = s
        .send(
            Method::GET,
            "/api/v1/integrations",
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 403);
    assert_eq!(a.error()["code"], "Forbidden");

    s.fault(json!({"route": "retry", "kind": "status", "status": 500, "body": {"errors": [{"code": "x", "title": "<b>bold</b>", "status": "500"}]}, "times": 1})).await;
    let a = s
        .send(
            Method::POST,
            &format!("/api/v1/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry"),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 500);
    assert_eq!(a.error()["title"], "<b>bold</b>");
    // The retry did not happen.
    let r = s
        .get(
            "getIntegrationUser",
            &format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}"),
        )
        .await;
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
        .client
        .get(s.url(&format!("/api/v1{}", cz_users(""))))
        .bearer_auth("dev-workspace_admin")
        .timeout(Duration::from_millis(400))
        .send()
        .await;
    assert!(r.unwrap_err().is_timeout());

    s.fault(json!({"route": "me", "kind": "drop", "times": 1}))
        .await;
    let r = s
        .client
        .get(s.url("/api/v1/me"))
        .bearer_auth("dev-workspace_admin")
        .send()
        .await;
    let e = r.expect_err("no answer at all");
    assert!(!e.is_timeout() && e.status().is_none(), "{e:?}");
    // The server still answers afterwards.
    assert_eq!(s.get("getMe", "/me").await.status, 200);
}

#[tokio::test]
async fn malformed_html_and_empty_bodies() {
    let s = faults_server().await;
    s.fault(json!({"route": "users", "kind": "malformed_json", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1{}", cz_users("")),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(serde_json::from_str::<Value>(&a.text).is_err());

    s.fault(json!({"route": "users", "kind": "html", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1{}", cz_users("")),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 502);
    assert!(a.header("content-type").unwrap().starts_with("text/html"));
    assert!(a.text.contains("<h1>"));
    s.fault(json!({"route": "users", "kind": "html", "status": 200, "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1{}", cz_users("")),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 200);

    s.fault(json!({"route": "integration", "kind": "empty_body", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1/integrations/{CONTENTZILLA_ID}"),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    assert!(a.text.is_empty());

    s.fault(json!({"route": "me", "kind": "body", "body": {"data": {"weird": true}}, "times": 1}))
        .await;
    let a = s
        .send(Method::GET, "/api/v1/me", &Auth::admin(), &[], None)
        .await;
    assert_eq!(a.json, json!({"data": {"weird": true}}));
}

#[tokio::test]
async fn shape_faults_rewrite_real_answers() {
    let s = faults_server().await;
    s.fault(json!({"route": "users", "kind": "data_not_array", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1{}", cz_users("")),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert!(a.json["data"].is_object());
    assert!(a.json["data"]["items"].is_array());

    s.fault(json!({"route": "users", "kind": "unknown_enums", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1{}", cz_users("")),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    let rows = a.json["data"].as_array().unwrap();
    assert!(rows
        .iter()
        .all(|r| r["attributes"]["provisioningState"] == "quarantined"));
    assert!(rows
        .iter()
        .flat_map(|r| r["attributes"]["appAccess"].as_array().unwrap())
        .all(|r| r["group"] == "tertiary"));
    // Still valid: the contract allows unknown strings.
    validate("listIntegrationUsers", 200, &a.json);

    s.fault(json!({"route": "user", "kind": "unknown_enums", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}"),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert_eq!(
        a.json["data"]["attributes"]["appAccess"][0]["grantedVia"]["type"],
        "scim_magic"
    );

    s.fault(json!({"route": "me", "kind": "unknown_enums", "times": 1}))
        .await;
    let a = s
        .send(Method::GET, "/api/v1/me", &Auth::admin(), &[], None)
        .await;
    assert_eq!(a.json["data"]["attributes"]["role"], "workspace_auditor");

    s.fault(json!({"route": "*", "kind": "extra_fields", "times": 2}))
        .await;
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1{}", cz_users("")),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert!(a.json["xFutureField"].is_object());
    assert!(a.json["data"][0]["attributes"]["xFutureField"].is_object());
    validate("listIntegrationUsers", 200, &a.json);
    let a = s
        .send(
            Method::GET,
            &format!("/api/v1/integrations/{CONTENTZILLA_ID}"),
            &Auth::admin(),
            &[],
            None,
        )
        .await;
    assert!(a.json["data"]["attributes"]["userStats"]["xFutureField"].is_object());
}

async fn state_of(s: &Server, row: &str) -> String {
    let a = s
        .get(
            "getIntegrationUser",
            &format!("/integrations/{CONTENTZILLA_ID}/users/{row}"),
        )
        .await;
    a.json["data"]["attributes"]["provisioningState"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn states(s: &Server) -> Vec<(String, String)> {
    all_rows(s, CONTENTZILLA_ID, "sort=usernameInApp", 100)
        .await
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["attributes"]["provisioningState"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn simulator_steps_move_rows_deterministically_and_reset_restores() {
    let s = faults_server().await;
    let initial = states(&s).await;
    let joey = initial
        .iter()
        .find(|(_, st)| st == "provisioning_awaiting")
        .unwrap()
        .0
        .clone();
    let mut seen = vec!["provisioning_awaiting".to_owned()];
    for _ in 0..8 {
        let r = s.control(Method::POST, "/dev/simulator/step", None).await;
        assert_eq!(r.status, 200);
        assert!(r.json["step"].as_u64().unwrap() >= 1);
        let st = state_of(&s, &joey).await;
        if seen.last() != Some(&st) {
            seen.push(st);
        }
    }
    assert_eq!(seen[1], "provisioning_ongoing", "{seen:?}");
    assert!(
        ["onboarded", "provisioning_failed"].contains(&seen[2].as_str()),
        "{seen:?}"
    );
    let after = states(&s).await;
    assert!(after.iter().all(|(_, st)| !st.ends_with("_ongoing")
        || st == "update_ongoing"
        || st == "provisioning_ongoing"
        || st == "delete_ongoing"));
    // Failed rows coming out of the simulator carry an error.
    for r in all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed",
        100,
    )
    .await
    {
        assert!(r["attributes"]["lastError"]["code"].is_string());
    }

    // The same steps from a fresh app give the same states.
    let t = faults_server().await;
    for _ in 0..8 {
        t.control(Method::POST, "/dev/simulator/step", None).await;
    }
    assert_eq!(states(&t).await, after);

    // Retry puts a row back in the simulator's queue.
    let a = s
        .op(
            "retryIntegrationUser",
            Method::POST,
            &format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry"),
            &Auth::admin(),
            &[],
        )
        .await;
    if a.status == 202 {
        for _ in 0..8 {
            s.control(Method::POST, "/dev/simulator/step", None).await;
        }
        let st = state_of(&s, RACHEL_ROW_ID).await;
        assert!(
            ["onboarded", "update_failed"].contains(&st.as_str()),
            "{st}"
        );
    }

    let r = s.control(Method::POST, "/dev/reset", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(states(&s).await, initial);
    assert_eq!(
        s.control(Method::GET, "/dev/simulator", None).await.json["steps"],
        0
    );
}

#[tokio::test]
async fn simulator_timer_runs_when_switched_on() {
    let s = faults_server().await;
    let etag = s
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    let r = s
        .control(
            Method::POST,
            "/dev/simulator",
            Some(json!({"running": true, "tickMs": 20})),
        )
        .await;
    assert_eq!(
        r.json,
        json!({"running": true, "tickMs": 20, "steps": r.json["steps"]})
    );
    // The first step copies the 100k-row table (copy-on-write), slow in debug builds: poll.
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.control(Method::GET, "/dev/simulator", None).await.json["steps"]
        .as_u64()
        .unwrap()
        < 3
    {
        assert!(Instant::now() < deadline, "the timer does not step");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = s
        .control(
            Method::POST,
            "/dev/simulator",
            Some(json!({"running": false})),
        )
        .await;
    assert!(!r.json["running"].as_bool().unwrap());
    let now = s
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await;
    assert_ne!(now.header("etag").unwrap(), etag, "counts moved");
    assert_eq!(
        s.control(Method::POST, "/dev/simulator", Some(json!({"speed": 2})))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn simulate_flag_moves_data_without_any_control_call() {
    let s = server(Config {
        simulate: true,
        sim_tick_ms: 20,
        ..Config::default()
    })
    .await;
    let before = s
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let after = s
            .get(
                "getIntegration",
                &format!("/integrations/{CONTENTZILLA_ID}"),
            )
            .await;
        if before.json["data"]["attributes"]["userStats"]
            != after.json["data"]["attributes"]["userStats"]
        {
            break;
        }
        assert!(Instant::now() < deadline, "--simulate moves the data");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Without --simulate the data stays still.
    let still = server(Config::default()).await;
    let a = still
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let b = still
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await;
    assert_eq!(a.header("etag"), b.header("etag"));
}

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
    let n = s
        .control(
            Method::PUT,
            &format!("/dev/users/{CONTENTZILLA_ID}/nope"),
            Some(json!({})),
        )
        .await;
    assert_eq!(n.status, 404);
    let b = s
        .control(
            Method::PUT,
            &format!("/dev/users/{CONTENTZILLA_ID}/{GUNTHER_ROW_ID}"),
            Some(json!([1])),
        )
        .await;
    assert_eq!(b.status, 400);
    s.control(Method::POST, "/dev/reset", None).await;
    let l = s
        .get("listIntegrationUsers", &cz_users("search=onerror"))
        .await;
    assert_eq!(l.json["meta"]["page"]["total"], 0);
}

/// A browser revalidating from its HTTP cache sends If-None-Match; a body-shape fault must still
/// rewrite a full answer instead of passing the 304 through.
#[tokio::test]
async fn shape_faults_apply_to_revalidating_requests() {
    let s = faults_server().await;
    let path = format!("/api/v1{}", cz_users(""));
    let first = s.send(Method::GET, &path, &Auth::admin(), &[], None).await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    s.fault(json!({"route": "users", "kind": "data_not_array", "times": 1}))
        .await;
    let a = s
        .send(
            Method::GET,
            &path,
            &Auth::admin(),
            &[("if-none-match", etag.as_str())],
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    assert!(a.json["data"].is_object(), "the fault rewrote the body");
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
