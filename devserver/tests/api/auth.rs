//! Who may call what: personas by bearer and cookie, 401s with WWW-Authenticate, 403s for
//! non-admins, the cookie login flow and auto-login.

use devserver::seed::{CONTENTZILLA_ID, RACHEL_ROW_ID};
use devserver::Config;
use serde_json::json;
use testkit::api::*;

const ROLES: &[&str] = &[
    "workspace_owner",
    "workspace_super_admin",
    "workspace_admin",
    "workspace_user",
    "workspace_login_only",
    "workspace_guest_admin",
    "workspace_guest_user",
];
const ADMINS: &[&str] = &[
    "workspace_owner",
    "workspace_super_admin",
    "workspace_admin",
];

#[tokio::test]
async fn me_answers_for_every_persona_by_bearer_and_cookie() {
    let s = server(Config::default()).await;
    for role in ROLES {
        for auth in [Auth::bearer(role), Auth::cookie(role)] {
            let a = s.get_as("getMe", "/me", &auth).await;
            assert_eq!(a.status, 200);
            assert_eq!(a.json["data"]["attributes"]["role"], *role);
        }
    }
}

#[tokio::test]
async fn missing_or_bad_credentials_are_401_with_www_authenticate() {
    let s = server(Config::default()).await;
    let cases = [
        Auth::None,
        Auth::Bearer("nope".into()),
        Auth::Bearer("dev-workspace_auditor".into()),
        Auth::Cookie("forged".into()),
    ];
    for auth in cases {
        for (op, path) in [
            ("getMe", "/me".to_owned()),
            ("listIntegrations", "/integrations".to_owned()),
            ("getIntegration", format!("/integrations/{CONTENTZILLA_ID}")),
            ("listIntegrationUsers", cz_users("")),
            (
                "getIntegrationUser",
                format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}"),
            ),
        ] {
            let a = s.get_as(op, &path, &auth).await;
            assert_eq!(a.status, 401, "{op} {auth:?}");
            assert_eq!(a.error()["code"], "unauthorized");
            assert_eq!(
                a.header("www-authenticate"),
                Some("Bearer error=\"invalid_token\"")
            );
        }
    }
    let a = s
        .send(
            Method::GET,
            "/api/v1/me",
            &Auth::None,
            &[("authorization", "Basic Zm9vOmJhcg==")],
            None,
        )
        .await;
    assert_eq!(a.status, 401);
}

#[tokio::test]
async fn non_admins_get_403_on_every_integration_endpoint() {
    let s = server(Config::default()).await;
    for role in ROLES.iter().filter(|r| !ADMINS.contains(r)) {
        let auth = Auth::bearer(role);
        for (op, method, path) in [
            ("listIntegrations", Method::GET, "/integrations".to_owned()),
            (
                "getIntegration",
                Method::GET,
                format!("/integrations/{CONTENTZILLA_ID}"),
            ),
            ("listIntegrationUsers", Method::GET, cz_users("")),
            (
                "getIntegrationUser",
                Method::GET,
                format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}"),
            ),
            (
                "retryIntegrationUser",
                Method::POST,
                format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry"),
            ),
        ] {
            let a = s.op(op, method, &path, &auth, &[]).await;
            assert_eq!(a.status, 403, "{role} {op}");
            assert_eq!(a.error()["code"], "forbidden");
            assert_eq!(a.error()["meta"]["requiredRoles"], json!(ADMINS));
        }
    }
    for role in ADMINS {
        let a = s
            .get_as("listIntegrations", "/integrations", &Auth::bearer(role))
            .await;
        assert_eq!(a.status, 200);
    }
}

#[tokio::test]
async fn cookie_login_flow_and_logout() {
    let s = server(Config::default()).await;
    let a = s
        .control(
            Method::GET,
            "/dev/login?role=workspace_owner&next=/integrations/x?tab=users",
            None,
        )
        .await;
    assert_eq!(a.status, 303);
    assert_eq!(a.header("location"), Some("/integrations/x?tab=users"));
    let cookie = a.header("set-cookie").unwrap().to_owned();
    assert!(cookie.starts_with("session=dev-workspace_owner"));
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/")
    );
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("session=");
    let me = s.get_as("getMe", "/me", &Auth::Cookie(value.into())).await;
    assert_eq!(me.json["data"]["attributes"]["role"], "workspace_owner");

    for bad in [
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
    ] {
        let a = s
            .control(
                Method::GET,
                &format!("/dev/login?role=workspace_user&next={}", urlencode(bad)),
                None,
            )
            .await;
        assert_eq!(a.header("location"), Some("/"), "{bad}");
    }
    let a = s
        .control(Method::GET, "/dev/login?role=workspace_auditor", None)
        .await;
    assert_eq!(a.status, 400);
    let a = s.control(Method::GET, "/dev/login", None).await;
    assert_eq!(a.status, 400);

    let a = s.control(Method::GET, "/dev/logout", None).await;
    assert_eq!(a.status, 303);
    assert!(a.header("set-cookie").unwrap().contains("Max-Age=0"));
}

fn urlencode(s: &str) -> String {
    form_urlencoded_byte(s)
}

fn form_urlencoded_byte(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn auto_login_applies_only_without_credentials() {
    let s = server(Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        ..Config::default()
    })
    .await;
    let a = s.get_as("getMe", "/me", &Auth::None).await;
    assert_eq!(a.json["data"]["attributes"]["role"], "workspace_admin");
    let a = s
        .get_as("listIntegrations", "/integrations", &Auth::None)
        .await;
    assert_eq!(a.status, 200);
    // An explicit cookie wins; an unknown one is an expired session.
    let a = s
        .get_as(
            "listIntegrations",
            "/integrations",
            &Auth::cookie("workspace_user"),
        )
        .await;
    assert_eq!(a.status, 403);
    let a = s
        .get_as("getMe", "/me", &Auth::Cookie("expired".into()))
        .await;
    assert_eq!(a.status, 401);
}
