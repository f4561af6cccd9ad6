//! Faults that change an answer's shape: malformed JSON, HTML and empty bodies, unknown enum
//! values and extra fields, on first and revalidating requests.

use devserver::seed::{CONTENTZILLA_ID, RACHEL_ROW_ID};
use serde_json::{json, Value};
use testkit::api::*;
use testkit::api_users;

/// Sets `rule` and reads the Contentzilla users list raw (a faulted answer breaks the contract
/// on purpose, so it is not validated).
async fn users_after(s: &Server, rule: Value) -> Answer {
    s.fault(rule).await;
    s.admin_get(&api_users("")).await
}

#[tokio::test]
async fn malformed_html_and_empty_bodies() {
    let s = faults_server().await;
    let a = users_after(
        &s,
        json!({"route": "users", "kind": "malformed_json", "times": 1}),
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(serde_json::from_str::<Value>(&a.text).is_err());

    let a = users_after(&s, json!({"route": "users", "kind": "html", "times": 1})).await;
    assert_eq!(a.status, 502);
    assert!(a.header("content-type").unwrap().starts_with("text/html"));
    assert!(a.text.contains("<h1>"));
    let a = users_after(
        &s,
        json!({"route": "users", "kind": "html", "status": 200, "times": 1}),
    )
    .await;
    assert_eq!(a.status, 200);

    s.fault(json!({"route": "integration", "kind": "empty_body", "times": 1}))
        .await;
    let a = s
        .admin_get(&format!("/api/v1/integrations/{CONTENTZILLA_ID}"))
        .await;
    assert_eq!(a.status, 200);
    assert!(a.text.is_empty());

    s.fault(json!({"route": "me", "kind": "body", "body": {"data": {"weird": true}}, "times": 1}))
        .await;
    let a = s.admin_get("/api/v1/me").await;
    assert_eq!(a.json, json!({"data": {"weird": true}}));
}

#[tokio::test]
async fn shape_faults_rewrite_real_answers() {
    let s = faults_server().await;
    let a = users_after(
        &s,
        json!({"route": "users", "kind": "data_not_array", "times": 1}),
    )
    .await;
    assert!(a.json["data"].is_object());
    assert!(a.json["data"]["items"].is_array());

    let a = users_after(
        &s,
        json!({"route": "users", "kind": "unknown_enums", "times": 1}),
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
        .admin_get(&format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}"
        ))
        .await;
    assert_eq!(
        a.json["data"]["attributes"]["appAccess"][0]["grantedVia"]["type"],
        "scim_magic"
    );

    s.fault(json!({"route": "me", "kind": "unknown_enums", "times": 1}))
        .await;
    let a = s.admin_get("/api/v1/me").await;
    assert_eq!(a.json["data"]["attributes"]["role"], "workspace_auditor");

    s.fault(json!({"route": "*", "kind": "extra_fields", "times": 2}))
        .await;
    let a = s.admin_get(&format!("/api/v1{}", cz_users(""))).await;
    assert!(a.json["xFutureField"].is_object());
    assert!(a.json["data"][0]["attributes"]["xFutureField"].is_object());
    validate("listIntegrationUsers", 200, &a.json);
    let a = s
        .admin_get(&format!("/api/v1/integrations/{CONTENTZILLA_ID}"))
        .await;
    assert!(a.json["data"]["attributes"]["userStats"]["xFutureField"].is_object());
}

/// A browser revalidating from its HTTP cache sends If-None-Match; a body-shape fault must still
/// rewrite a full answer instead of passing the 304 through.
#[tokio::test]
async fn shape_faults_apply_to_revalidating_requests() {
    let s = faults_server().await;
    let path = format!("/api/v1{}", cz_users(""));
    let first = s.admin_get(&path).await;
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
