//! One user's details with roles, and retrying a failed job (CSRF guard, conflicts).

use devserver::seed::{
    CHARLIE_ROW_ID, CONTENTZILLA_ID, GLOBEX_ID, GUNTHER_ROW_ID, RACHEL_ROW_ID, ROSS_ROW_ID,
};
use devserver::Config;
use testkit::api::*;

#[tokio::test]
async fn user_details_with_roles() {
    let s = server(Config::default()).await;
    let a = s.cz_user(ROSS_ROW_ID).await;
    assert_eq!(a.status, 200);
    let roles = a.json["data"]["attributes"]["appAccess"]
        .as_array()
        .unwrap();
    assert_eq!(roles.len(), 6);
    assert!(roles
        .iter()
        .all(|r| r["description"].is_string() && r["permissions"].is_array()));
    assert!(roles
        .iter()
        .any(|r| r["grantedVia"]["type"] == "idp_group" && r["grantedVia"]["name"].is_string()));
    assert!(roles
        .iter()
        .any(|r| r["grantedVia"]["type"] == "individual"));
    assert!(a.json["data"]["attributes"]["dynamicFields"].is_object());
    let c = s.cz_user(CHARLIE_ROW_ID).await;
    assert!(c.json["data"]["attributes"]["user"].is_null());
    for path in [
        format!("/integrations/{CONTENTZILLA_ID}/users/00000000-0000-4000-8000-000000000000"),
        format!("/integrations/{GLOBEX_ID}/users/{ROSS_ROW_ID}"),
        format!("/integrations/00000000-0000-4000-8000-000000000000/users/{ROSS_ROW_ID}"),
    ] {
        let n = s.get("getIntegrationUser", &path).await;
        assert_eq!(n.status, 404, "{path}");
    }
}

#[tokio::test]
async fn retry_moves_failed_rows_and_guards_csrf_and_conflicts() {
    let s = server(Config::default()).await;
    let retry = |row: &str| format!("/integrations/{CONTENTZILLA_ID}/users/{row}/retry");
    let etag_before = s
        .get("listIntegrationUsers", &cz_users("search=rachel"))
        .await
        .header("etag")
        .unwrap()
        .to_owned();

    // Cookie without X-Requested-With: CSRF.
    let a = s
        .cookie_post(
            "retryIntegrationUser",
            &retry(RACHEL_ROW_ID),
            CsrfHeader::Omitted,
        )
        .await;
    assert_eq!(a.status, 403);
    assert_eq!(a.error()["code"], "csrf");
    // With it: queued.
    let a = s
        .cookie_post(
            "retryIntegrationUser",
            &retry(RACHEL_ROW_ID),
            CsrfHeader::Sent,
        )
        .await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(
        a.json["data"]["attributes"]["provisioningState"],
        "update_awaiting"
    );
    assert_eq!(a.json["data"]["attributes"]["canRetry"], false);
    // Again: no longer failed.
    let b = s
        .admin_op("retryIntegrationUser", Method::POST, &retry(RACHEL_ROW_ID))
        .await;
    assert_eq!(b.status, 409);
    assert_eq!(b.error()["code"], "conflict");
    // Failed but not retryable, and a resting row.
    for row in [GUNTHER_ROW_ID, CHARLIE_ROW_ID] {
        let c = s
            .admin_op("retryIntegrationUser", Method::POST, &retry(row))
            .await;
        assert_eq!(c.status, 409, "{row}");
    }
    let n = s
        .admin_op(
            "retryIntegrationUser",
            Method::POST,
            &retry("00000000-0000-4000-8000-000000000000"),
        )
        .await;
    assert_eq!(n.status, 404);
    // The list shows the change and its ETag moved.
    let l = s
        .get("listIntegrationUsers", &cz_users("search=rachel"))
        .await;
    assert_eq!(
        l.json["data"][0]["attributes"]["provisioningState"],
        "update_awaiting"
    );
    assert_ne!(l.header("etag").unwrap(), etag_before);
    // A bearer request needs no CSRF header: retry every other retryable failed row.
    let failed = all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed",
        100,
    )
    .await;
    for r in failed
        .iter()
        .filter(|r| r["attributes"]["canRetry"] == true)
    {
        let a = s
            .admin_op(
                "retryIntegrationUser",
                Method::POST,
                &retry(r["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(a.status, 202);
        let from = r["attributes"]["provisioningState"].as_str().unwrap();
        assert_eq!(
            a.json["data"]["attributes"]["provisioningState"],
            from.replace("_failed", "_awaiting")
        );
    }
}
