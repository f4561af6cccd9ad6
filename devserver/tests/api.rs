//! The contract's operations over real HTTP, every answer validated against the contract.

mod common;

use common::*;
use devserver::seed::{
    CHARLIE_ROW_ID, CONTENTZILLA_ID, EMPTY_ID, GLOBEX_ID, GLOBEX_USERS, GUNTHER_ROW_ID,
    RACHEL_ROW_ID, ROSS_ROW_ID,
};
use devserver::Config;
use reqwest::Method;
use serde_json::{json, Value};

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

fn cz_users(query: &str) -> String {
    users_path(CONTENTZILLA_ID, query)
}

#[tokio::test]
async fn me_answers_for_every_persona_by_bearer_and_cookie() {
    let s = server(Config::default()).await;
    for role in ROLES {
        for auth in [Auth::bearer(role), Auth::cookie(role)] {
            let a = s.op("getMe", Method::GET, "/me", &auth, &[]).await;
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
            let a = s.op(op, Method::GET, &path, &auth, &[]).await;
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
            .op(
                "listIntegrations",
                Method::GET,
                "/integrations",
                &Auth::bearer(role),
                &[],
            )
            .await;
        assert_eq!(a.status, 200);
    }
}

#[tokio::test]
async fn cookie_login_flow_and_logout() {
    let s = server(Config::default()).await;
    let a = s
        .send(
            Method::GET,
            "/dev/login?role=workspace_owner&next=/integrations/x?tab=users",
            &Auth::None,
            &[],
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
    let me = s
        .op(
            "getMe",
            Method::GET,
            "/me",
            &Auth::Cookie(value.into()),
            &[],
        )
        .await;
    assert_eq!(me.json["data"]["attributes"]["role"], "workspace_owner");

    for bad in [
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
    ] {
        let a = s
            .send(
                Method::GET,
                &format!("/dev/login?role=workspace_user&next={}", urlencode(bad)),
                &Auth::None,
                &[],
                None,
            )
            .await;
        assert_eq!(a.header("location"), Some("/"), "{bad}");
    }
    let a = s
        .send(
            Method::GET,
            "/dev/login?role=workspace_auditor",
            &Auth::None,
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 400);
    let a = s
        .send(Method::GET, "/dev/login", &Auth::None, &[], None)
        .await;
    assert_eq!(a.status, 400);

    let a = s
        .send(Method::GET, "/dev/logout", &Auth::None, &[], None)
        .await;
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
    let a = s.op("getMe", Method::GET, "/me", &Auth::None, &[]).await;
    assert_eq!(a.json["data"]["attributes"]["role"], "workspace_admin");
    let a = s
        .op(
            "listIntegrations",
            Method::GET,
            "/integrations",
            &Auth::None,
            &[],
        )
        .await;
    assert_eq!(a.status, 200);
    // An explicit cookie wins; an unknown one is an expired session.
    let a = s
        .op(
            "listIntegrations",
            Method::GET,
            "/integrations",
            &Auth::cookie("workspace_user"),
            &[],
        )
        .await;
    assert_eq!(a.status, 403);
    let a = s
        .op(
            "getMe",
            Method::GET,
            "/me",
            &Auth::Cookie("expired".into()),
            &[],
        )
        .await;
    assert_eq!(a.status, 401);
}

#[tokio::test]
async fn integrations_list_pages_searches_and_links() {
    let s = server(Config::default()).await;
    let a = s.get("listIntegrations", "/integrations").await;
    let meta = &a.json["meta"]["page"];
    assert_eq!(meta["number"], 1);
    assert_eq!(meta["size"], 25);
    assert_eq!(meta["maxSize"], 100);
    let total = meta["total"].as_u64().unwrap();
    assert!(total >= 30);
    assert_eq!(meta["totalPages"], total.div_ceil(25));
    let data = a.json["data"].as_array().unwrap();
    assert_eq!(data.len(), 25);
    assert_eq!(data[0]["id"], CONTENTZILLA_ID);
    assert_eq!(data[0]["attributes"]["label"], "Contentzilla Global");
    assert_eq!(data[0]["attributes"]["businessId"], "1234567890");
    let created: Vec<&str> = data
        .iter()
        .map(|d| d["attributes"]["createdAt"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(
        a.json["links"]["self"],
        "/api/v1/integrations?page%5Bnumber%5D=1&page%5Bsize%5D=25"
    );
    assert!(a.json["links"]["previous"].is_null());
    let next = a.json["links"]["next"]
        .as_str()
        .unwrap()
        .trim_start_matches("/api/v1")
        .to_owned();
    let b = s.get("listIntegrations", &next).await;
    assert_eq!(b.json["data"].as_array().unwrap().len() as u64, total - 25);
    assert!(b.json["links"]["next"].is_null());
    assert!(b.json["links"]["previous"].is_string());

    let g = s
        .get("listIntegrations", "/integrations?search=%20GLOBEX%20")
        .await;
    assert_eq!(g.json["meta"]["page"]["total"], 1);
    assert_eq!(g.json["data"][0]["id"], GLOBEX_ID);
    assert!(g.json["links"]["self"]
        .as_str()
        .unwrap()
        .contains("search="));
    let f = s
        .get("listIntegrations", "/integrations?search=figma")
        .await;
    assert!(f.json["data"].as_array().unwrap().iter().all(|d| {
        let a = &d["attributes"];
        a["applicationDisplayName"] == "Figma"
            || a["label"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("figma")
    }));
    let empty = s
        .get("listIntegrations", "/integrations?page%5Bnumber%5D=9")
        .await;
    assert_eq!(empty.status, 200);
    assert!(empty.json["data"].as_array().unwrap().is_empty());
    for (q, loc) in [
        ("page%5Bsize%5D=101", "page[size]"),
        ("page%5Bnumber%5D=0", "page[number]"),
        ("page%5Bnumber%5D=x", "page[number]"),
        ("search=", "search"),
    ] {
        let e = s
            .get("listIntegrations", &format!("/integrations?{q}"))
            .await;
        assert_eq!(e.status, 400, "{q}");
        assert_eq!(e.error()["meta"]["loc"], json!(["query", loc]));
    }
}

#[tokio::test]
async fn integration_details_etag_and_404() {
    let s = server(Config::default()).await;
    let a = s
        .get(
            "getIntegration",
            &format!("/integrations/{CONTENTZILLA_ID}"),
        )
        .await;
    assert_eq!(a.status, 200);
    let stats = &a.json["data"]["attributes"]["userStats"];
    let by = stats["byProvisioningState"].as_object().unwrap();
    assert_eq!(by.len(), 11);
    assert!(
        by.values().all(|n| n.as_u64().unwrap() > 0),
        "every state is seeded"
    );
    assert_eq!(
        stats["total"],
        stats["matched"].as_u64().unwrap() + stats["unmatched"].as_u64().unwrap()
    );
    let etag = a.header("etag").unwrap().to_owned();
    assert_eq!(a.header("cache-control"), Some("no-cache, private"));
    let path = format!("/integrations/{CONTENTZILLA_ID}");
    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"zzz\", {etag}"),
        "*".into(),
    ] {
        let b = s
            .op(
                "getIntegration",
                Method::GET,
                &path,
                &Auth::admin(),
                &[("if-none-match", &inm)],
            )
            .await;
        assert_eq!(b.status, 304, "{inm}");
        assert!(b.text.is_empty());
        assert_eq!(b.header("etag"), Some(etag.as_str()));
    }
    let c = s
        .op(
            "getIntegration",
            Method::GET,
            &path,
            &Auth::admin(),
            &[("if-none-match", "\"other\"")],
        )
        .await;
    assert_eq!(c.status, 200);

    let e = s
        .get("getIntegration", &format!("/integrations/{EMPTY_ID}"))
        .await;
    assert_eq!(e.json["data"]["attributes"]["userStats"]["total"], 0);
    assert_eq!(
        e.json["data"]["attributes"]["userStats"]["byProvisioningState"]
            .as_object()
            .unwrap()
            .len(),
        11
    );
    for id in [
        "00000000-0000-4000-8000-000000000000",
        "not-a-uuid",
        "%3Cscript%3E",
    ] {
        let n = s
            .get("getIntegration", &format!("/integrations/{id}"))
            .await;
        assert_eq!(n.status, 404);
        assert_eq!(n.error()["code"], "not_found");
        let n = s.get("listIntegrationUsers", &users_path(id, "")).await;
        assert_eq!(n.status, 404);
    }
}

#[tokio::test]
async fn users_list_default_page_matches_the_contract_example_shape() {
    let s = server(Config::default()).await;
    let a = s.get("listIntegrationUsers", &cz_users("")).await;
    assert_eq!(
        a.json["meta"]["page"],
        json!({"number": 1, "size": 25, "maxSize": 100, "total": 42, "totalPages": 2})
    );
    assert_eq!(
        a.json["links"]["self"],
        format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users?page%5Bnumber%5D=1&page%5Bsize%5D=25"
        )
    );
    assert!(a.json["links"]["previous"].is_null());
    assert_eq!(
        a.json["links"]["last"],
        format!(
            "/api/v1/integrations/{CONTENTZILLA_ID}/users?page%5Bnumber%5D=2&page%5Bsize%5D=25"
        )
    );
    assert!(a.header("etag").is_some());
    let rows = all_rows(&s, CONTENTZILLA_ID, "", 100).await;
    let rachel = rows.iter().find(|r| r["id"] == RACHEL_ROW_ID).unwrap();
    assert_eq!(rachel["attributes"]["user"]["displayName"], "Rachel Green");
    assert_eq!(rachel["attributes"]["provisioningState"], "update_failed");
    assert_eq!(
        rachel["attributes"]["lastError"]["code"],
        "UnderpermissionedAccount"
    );
    assert_eq!(rachel["attributes"]["canRetry"], true);
    let charlie = rows.iter().find(|r| r["id"] == CHARLIE_ROW_ID).unwrap();
    assert!(charlie["attributes"]["user"].is_null());
    assert!(charlie["attributes"]["upstreamUserId"].is_null());
    // The variety the tab must render.
    let attrs: Vec<&Value> = rows.iter().map(|r| &r["attributes"]).collect();
    assert!(attrs.iter().any(|a| a["activeInApp"].is_null()));
    assert!(attrs.iter().any(|a| a["activeInApp"] == false));
    assert!(attrs
        .iter()
        .any(|a| a["appAccess"].as_array().unwrap().is_empty()));
    assert!(attrs
        .iter()
        .any(|a| a["appAccess"].as_array().unwrap().len() >= 5));
    let failed: Vec<_> = attrs
        .iter()
        .filter(|a| {
            a["provisioningState"]
                .as_str()
                .unwrap()
                .ends_with("_failed")
        })
        .collect();
    assert!(failed.iter().all(|a| a["lastError"]["code"].is_string()));
    assert!(failed.iter().any(|a| a["canRetry"] == false));
    assert!(failed.iter().filter(|a| a["canRetry"] == true).count() > failed.len() / 2);
}

fn name(r: &Value) -> Option<String> {
    r["attributes"]["user"]["displayName"]
        .as_str()
        .map(str::to_lowercase)
}

fn rank(s: &str) -> usize {
    contract::ProvisioningState::from(s).rank()
}

#[tokio::test]
async fn every_sort_both_ways_with_id_tie_breaker_and_stable_pages() {
    let s = server(Config::default()).await;
    for field in [
        "user",
        "usernameInApp",
        "activeInApp",
        "upstreamUserId",
        "provisioningState",
        "updatedAt",
    ] {
        for desc in [false, true] {
            let sort = if desc {
                format!("-{field}")
            } else {
                field.to_owned()
            };
            let full = all_rows(&s, CONTENTZILLA_ID, &format!("sort={sort}"), 100).await;
            assert_eq!(full.len(), 42);
            // Small pages give the same order: pagination is stable.
            let paged = all_rows(&s, CONTENTZILLA_ID, &format!("sort={sort}"), 7).await;
            let ids = |v: &[Value]| v.iter().map(|r| r["id"].clone()).collect::<Vec<_>>();
            assert_eq!(ids(&full), ids(&paged), "{sort}");
            for w in full.windows(2) {
                let (a, b) = (&w[0]["attributes"], &w[1]["attributes"]);
                let ord = match field {
                    "user" => match (name(&w[0]), name(&w[1])) {
                        (Some(x), Some(y)) => {
                            if desc {
                                y.cmp(&x)
                            } else {
                                x.cmp(&y)
                            }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => {
                            panic!("{sort}: unmatched rows come last in both directions")
                        }
                        (None, None) => std::cmp::Ordering::Equal,
                    },
                    "provisioningState" => {
                        let (x, y) = (
                            rank(a[field].as_str().unwrap()),
                            rank(b[field].as_str().unwrap()),
                        );
                        if desc {
                            y.cmp(&x)
                        } else {
                            x.cmp(&y)
                        }
                    }
                    "usernameInApp" => {
                        let (x, y) = (
                            a[field].as_str().unwrap().to_lowercase(),
                            b[field].as_str().unwrap().to_lowercase(),
                        );
                        if desc {
                            y.cmp(&x)
                        } else {
                            x.cmp(&y)
                        }
                    }
                    "updatedAt" => {
                        let (x, y) = (a[field].as_str().unwrap(), b[field].as_str().unwrap());
                        if desc {
                            y.cmp(x)
                        } else {
                            x.cmp(y)
                        }
                    }
                    "activeInApp" => match (a[field].as_bool(), b[field].as_bool()) {
                        (Some(x), Some(y)) => {
                            if desc {
                                y.cmp(&x)
                            } else {
                                x.cmp(&y)
                            }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => panic!("{sort}: nulls last"),
                        (None, None) => std::cmp::Ordering::Equal,
                    },
                    _ => match (a[field].as_str(), b[field].as_str()) {
                        (Some(x), Some(y)) => {
                            if desc {
                                y.cmp(x)
                            } else {
                                x.cmp(y)
                            }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => panic!("{sort}: nulls last"),
                        (None, None) => std::cmp::Ordering::Equal,
                    },
                };
                assert_ne!(ord, std::cmp::Ordering::Greater, "{sort} out of order");
                if ord == std::cmp::Ordering::Equal {
                    assert!(
                        w[0]["id"].as_str() < w[1]["id"].as_str(),
                        "{sort}: ties broken by id"
                    );
                }
            }
        }
    }
    // Default sort is `user`.
    let d = all_rows(&s, CONTENTZILLA_ID, "", 100).await;
    let u = all_rows(&s, CONTENTZILLA_ID, "sort=user", 100).await;
    assert_eq!(d, u);
}

#[tokio::test]
async fn filters_and_search() {
    let s = server(Config::default()).await;
    let rows = all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed",
        100,
    )
    .await;
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["attributes"]["provisioningState"]
        .as_str()
        .unwrap()
        .ends_with("_failed")));
    let all = all_rows(&s, CONTENTZILLA_ID, "", 100).await;
    let failed_count = all
        .iter()
        .filter(|r| {
            r["attributes"]["provisioningState"]
                .as_str()
                .unwrap()
                .ends_with("_failed")
        })
        .count();
    assert_eq!(rows.len(), failed_count);

    for (q, check) in [
        (
            "filter%5BactiveInApp%5D=true",
            Box::new(|r: &Value| r["attributes"]["activeInApp"] == true)
                as Box<dyn Fn(&Value) -> bool>,
        ),
        (
            "filter%5BactiveInApp%5D=false",
            Box::new(|r: &Value| r["attributes"]["activeInApp"] == false),
        ),
        (
            "filter%5Bmatched%5D=false",
            Box::new(|r: &Value| r["attributes"]["user"].is_null()),
        ),
        (
            "filter%5Bmatched%5D=true",
            Box::new(|r: &Value| r["attributes"]["user"].is_object()),
        ),
    ] {
        let rows = all_rows(&s, CONTENTZILLA_ID, q, 100).await;
        assert!(!rows.is_empty(), "{q}");
        assert!(rows.iter().all(&check), "{q}");
        let expected = all.iter().filter(|r| check(r)).count();
        assert_eq!(rows.len(), expected, "{q}");
    }
    // Combined filters are AND.
    let rows = all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5Bmatched%5D=false&filter%5BprovisioningState%5D=onboarded",
        100,
    )
    .await;
    assert!(rows.iter().all(|r| r["attributes"]["user"].is_null()
        && r["attributes"]["provisioningState"] == "onboarded"));
    assert_eq!(rows.len(), 3);

    for (q, expect) in [
        ("search=%20%20RACHEL%20", RACHEL_ROW_ID),
        ("search=regina.PHALANGE", ""),
        ("search=00u1fergtbh", RACHEL_ROW_ID),
        ("search=rachel.green%40contentzilla", RACHEL_ROW_ID),
        ("search=charlie%40", CHARLIE_ROW_ID),
    ] {
        let a = s.get("listIntegrationUsers", &cz_users(q)).await;
        assert_eq!(a.json["meta"]["page"]["total"], 1, "{q}");
        if !expect.is_empty() {
            assert_eq!(a.json["data"][0]["id"], expect, "{q}");
        }
        assert!(a.json["links"]["self"]
            .as_str()
            .unwrap()
            .contains("search="));
    }
    let a = s
        .get(
            "listIntegrationUsers",
            &cz_users("search=geller&filter%5BprovisioningState%5D=onboarded"),
        )
        .await;
    assert_eq!(a.json["meta"]["page"]["total"], 6, "{}", a.text);
    // Blank after trimming = no search.
    let a = s
        .get("listIntegrationUsers", &cz_users("search=%20%20%20"))
        .await;
    assert_eq!(a.json["meta"]["page"]["total"], 42);
    let a = s
        .get("listIntegrationUsers", &cz_users("search=nobody-has-this"))
        .await;
    assert_eq!(
        a.json["meta"]["page"],
        json!({"number": 1, "size": 25, "maxSize": 100, "total": 0, "totalPages": 0})
    );
    assert!(a.json["links"]["next"].is_null());
    // An empty state list filters nothing.
    let a = s
        .get(
            "listIntegrationUsers",
            &cz_users("filter%5BprovisioningState%5D="),
        )
        .await;
    assert_eq!(a.json["meta"]["page"]["total"], 42);
}

#[tokio::test]
async fn bad_query_values_are_400_with_loc() {
    let s = server(Config::default()).await;
    let long = "x".repeat(201);
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "page%5Bnumber%5D=0".into(),
            "page[number]",
            "value_error.number.not_ge",
        ),
        (
            "page%5Bnumber%5D=-3".into(),
            "page[number]",
            "value_error.number.not_ge",
        ),
        (
            "page%5Bnumber%5D=1.5".into(),
            "page[number]",
            "type_error.integer",
        ),
        (
            "page%5Bnumber%5D=abc".into(),
            "page[number]",
            "type_error.integer",
        ),
        (
            "page%5Bnumber%5D=".into(),
            "page[number]",
            "type_error.integer",
        ),
        (
            "page%5Bsize%5D=0".into(),
            "page[size]",
            "value_error.number.not_ge",
        ),
        (
            "page%5Bsize%5D=101".into(),
            "page[size]",
            "value_error.number.not_le",
        ),
        (
            "page%5Bsize%5D=1e2".into(),
            "page[size]",
            "type_error.integer",
        ),
        (
            "page%5Bsize%5D=1&page%5Bsize%5D=2".into(),
            "page[size]",
            "value_error.multiple",
        ),
        ("sort=name".into(), "sort", "type_error.enum"),
        ("sort=--user".into(), "sort", "type_error.enum"),
        ("sort=User".into(), "sort", "type_error.enum"),
        (
            "filter%5BprovisioningState%5D=quarantined".into(),
            "filter[provisioningState]",
            "type_error.enum",
        ),
        (
            "filter%5BprovisioningState%5D=onboarded,".into(),
            "filter[provisioningState]",
            "type_error.enum",
        ),
        (
            "filter%5BactiveInApp%5D=yes".into(),
            "filter[activeInApp]",
            "type_error.bool",
        ),
        (
            "filter%5Bmatched%5D=1".into(),
            "filter[matched]",
            "type_error.bool",
        ),
        ("search=".into(), "search", "value_error.any_str.min_length"),
        (
            format!("search={long}"),
            "search",
            "value_error.any_str.max_length",
        ),
    ];
    for (q, loc, kind) in cases {
        let a = s.get("listIntegrationUsers", &cz_users(&q)).await;
        assert_eq!(a.status, 400, "{q}");
        let e = a.error();
        assert_eq!(e["code"], "validation_error");
        assert_eq!(e["meta"]["loc"], json!(["query", loc]), "{q}");
        assert_eq!(e["meta"]["type"], kind, "{q}");
        assert!(e["meta"]["msg"].is_string());
    }
    // 200 characters is fine, and a huge page number is just past the end.
    let ok = s
        .get(
            "listIntegrationUsers",
            &cz_users(&format!("search={}", "x".repeat(200))),
        )
        .await;
    assert_eq!(ok.status, 200);
    let far = s
        .get(
            "listIntegrationUsers",
            &cz_users("page%5Bnumber%5D=99999999999999999999"),
        )
        .await;
    assert_eq!(far.status, 200);
    assert!(far.json["data"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn paging_past_the_end_and_at_scale() {
    let s = server(Config::default()).await;
    let a = s
        .get("listIntegrationUsers", &cz_users("page%5Bnumber%5D=3"))
        .await;
    assert_eq!(a.status, 200);
    assert!(a.json["data"].as_array().unwrap().is_empty());
    assert_eq!(a.json["meta"]["page"]["total"], 42);
    assert!(a.json["links"]["next"].is_null());

    let g = s
        .get(
            "listIntegrationUsers",
            &users_path(GLOBEX_ID, "page%5Bnumber%5D=1000&page%5Bsize%5D=100"),
        )
        .await;
    assert_eq!(g.json["meta"]["page"]["total"], GLOBEX_USERS);
    assert_eq!(g.json["meta"]["page"]["totalPages"], 1000);
    assert_eq!(g.json["data"].as_array().unwrap().len(), 100);
    assert!(g.json["links"]["next"].is_null());
    assert!(g.json["links"]["previous"]
        .as_str()
        .unwrap()
        .contains("page%5Bnumber%5D=999"));
    let g = s
        .get("listIntegrationUsers", &users_path(GLOBEX_ID, "sort=-provisioningState&filter%5BprovisioningState%5D=provisioning_failed,update_failed,delete_failed&search=an"))
        .await;
    assert_eq!(g.status, 200);
    assert!(g.json["meta"]["page"]["total"].as_u64().unwrap() > 100);

    let e = s
        .get("listIntegrationUsers", &users_path(EMPTY_ID, ""))
        .await;
    assert_eq!(e.json["meta"]["page"]["total"], 0);
    assert_eq!(e.json["meta"]["page"]["totalPages"], 0);
    assert!(e.json["data"].as_array().unwrap().is_empty());
    assert!(e.json["links"]["next"].is_null() && e.json["links"]["previous"].is_null());
}

#[tokio::test]
async fn user_details_with_roles() {
    let s = server(Config::default()).await;
    let a = s
        .get(
            "getIntegrationUser",
            &format!("/integrations/{CONTENTZILLA_ID}/users/{ROSS_ROW_ID}"),
        )
        .await;
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
    let c = s
        .get(
            "getIntegrationUser",
            &format!("/integrations/{CONTENTZILLA_ID}/users/{CHARLIE_ROW_ID}"),
        )
        .await;
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
        .op(
            "retryIntegrationUser",
            Method::POST,
            &retry(RACHEL_ROW_ID),
            &Auth::cookie("workspace_admin"),
            &[],
        )
        .await;
    assert_eq!(a.status, 403);
    assert_eq!(a.error()["code"], "csrf");
    // With it: queued.
    let xrw = [("x-requested-with", "XMLHttpRequest")];
    let a = s
        .op(
            "retryIntegrationUser",
            Method::POST,
            &retry(RACHEL_ROW_ID),
            &Auth::cookie("workspace_admin"),
            &xrw,
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
        .op(
            "retryIntegrationUser",
            Method::POST,
            &retry(RACHEL_ROW_ID),
            &Auth::admin(),
            &[],
        )
        .await;
    assert_eq!(b.status, 409);
    assert_eq!(b.error()["code"], "conflict");
    // Failed but not retryable, and a resting row.
    for row in [GUNTHER_ROW_ID, CHARLIE_ROW_ID] {
        let c = s
            .op(
                "retryIntegrationUser",
                Method::POST,
                &retry(row),
                &Auth::admin(),
                &[],
            )
            .await;
        assert_eq!(c.status, 409, "{row}");
    }
    let n = s
        .op(
            "retryIntegrationUser",
            Method::POST,
            &retry("00000000-0000-4000-8000-000000000000"),
            &Auth::admin(),
            &[],
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
            .op(
                "retryIntegrationUser",
                Method::POST,
                &retry(r["id"].as_str().unwrap()),
                &Auth::admin(),
                &[],
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

#[tokio::test]
async fn api_headers_and_405() {
    let s = server(Config::default()).await;
    let a = s.get("getMe", "/me").await;
    assert_eq!(a.header("cache-control"), Some("no-cache, private"));
    assert!(a.header("x-request-id").unwrap().len() >= 16);
    assert!(a
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'self'"));
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(a.header("referrer-policy"), Some("no-referrer"));
    let b = s
        .send(Method::DELETE, "/api/v1/me", &Auth::admin(), &[], None)
        .await;
    assert_eq!(b.status, 405);
    assert_eq!(b.error()["status"], "405");
    assert!(b.header("allow").is_some());
    let c = s
        .send(
            Method::GET,
            "/api/v1/nothing-here",
            &Auth::admin(),
            &[],
            None,
        )
        .await;
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
        .op(
            "getMe",
            Method::GET,
            "/me",
            &Auth::bearer("workspace_owner"),
            &[],
        )
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
