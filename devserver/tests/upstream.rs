//! `--upstream` mode: a second in-process dev server plays the real API.

use devserver::seed::{CONTENTZILLA_ID, RACHEL_ROW_ID};
use devserver::Config;
use testkit::api::*;

/// A dev server in `--upstream` mode in front of the API at `base`.
async fn proxy_to(base: &str) -> Server {
    server(Config {
        upstream: Some(base.to_owned()),
        ..Config::default()
    })
    .await
}

// One test function: the token comes from the process environment, so the cases run in
// order instead of racing on it.
#[tokio::test]
async fn forwards_the_api_with_the_token_from_the_environment() {
    let upstream = server(Config::default()).await;
    let base = format!("{}/api/v1", upstream.running.url());

    std::env::set_var("IDLCM_UPSTREAM_TOKEN", "dev-workspace_admin");
    let proxy = proxy_to(&base).await;
    // No local credentials needed: the proxy authenticates with the admin's token.
    let me = proxy.get_as("getMe", "/me", &Auth::None).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json["data"]["attributes"]["role"], "workspace_admin");
    let list = proxy
        .get_as(
            "listIntegrationUsers",
            &users_path(CONTENTZILLA_ID, "sort=-provisioningState&page%5Bsize%5D=5"),
            &Auth::None,
        )
        .await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json["meta"]["page"]["total"], 42);
    let direct = upstream
        .get(
            "listIntegrationUsers",
            &users_path(CONTENTZILLA_ID, "sort=-provisioningState&page%5Bsize%5D=5"),
        )
        .await;
    assert_eq!(list.json, direct.json);
    let etag = list.header("etag").unwrap().to_owned();
    let again = proxy
        .op(
            "listIntegrationUsers",
            Method::GET,
            &users_path(CONTENTZILLA_ID, "sort=-provisioningState&page%5Bsize%5D=5"),
            &Auth::None,
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(again.status, 304);
    // Errors pass through with their bodies; POST bodies and headers too.
    let nf = proxy
        .get_as("getIntegration", "/integrations/nope", &Auth::None)
        .await;
    assert_eq!(nf.status, 404);
    let retry = proxy
        .op(
            "retryIntegrationUser",
            Method::POST,
            &format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry"),
            &Auth::None,
            &[],
        )
        .await;
    assert_eq!(retry.status, 202);
    assert_eq!(
        retry.json["data"]["attributes"]["provisioningState"],
        "update_awaiting"
    );
    proxy.running.shutdown().await;

    // A token the upstream refuses: its 401 reaches the client.
    std::env::set_var("IDLCM_UPSTREAM_TOKEN", "expired");
    let proxy = proxy_to(&base).await;
    let me = proxy.get_as("getMe", "/me", &Auth::None).await;
    assert_eq!(me.status, 401);
    assert!(me.header("www-authenticate").is_some());
    proxy.running.shutdown().await;

    // Without a token the host's own Authorization goes through.
    std::env::remove_var("IDLCM_UPSTREAM_TOKEN");
    let proxy = proxy_to(&base).await;
    let me = proxy
        .get_as("getMe", "/me", &Auth::bearer("workspace_user"))
        .await;
    assert_eq!(me.json["data"]["attributes"]["role"], "workspace_user");

    // An unreachable upstream is a 503.
    upstream.running.shutdown().await;
    let down = proxy.admin_get("/api/v1/integrations").await;
    assert_eq!(down.status, 503);
    assert_eq!(down.error()["code"], "service_unavailable");
    validate("getIntegration", 503, &down.json);
}
