//! The users list: the default page in the contract's shape, every sort both ways with the id
//! tie-breaker, filters and search.

use devserver::seed::{CHARLIE_ROW_ID, CONTENTZILLA_ID, RACHEL_ROW_ID};
use devserver::Config;
use serde_json::{json, Value};
use testkit::api::*;

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

/// `x` against `y` in the sort's direction.
fn directed<T: Ord>(x: T, y: T, desc: bool) -> std::cmp::Ordering {
    if desc {
        y.cmp(&x)
    } else {
        x.cmp(&y)
    }
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
                        (Some(x), Some(y)) => directed(x, y, desc),
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
                        directed(x, y, desc)
                    }
                    "usernameInApp" => {
                        let (x, y) = (
                            a[field].as_str().unwrap().to_lowercase(),
                            b[field].as_str().unwrap().to_lowercase(),
                        );
                        directed(x, y, desc)
                    }
                    "updatedAt" => {
                        let (x, y) = (a[field].as_str().unwrap(), b[field].as_str().unwrap());
                        directed(x, y, desc)
                    }
                    "activeInApp" => match (a[field].as_bool(), b[field].as_bool()) {
                        (Some(x), Some(y)) => directed(x, y, desc),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => panic!("{sort}: nulls last"),
                        (None, None) => std::cmp::Ordering::Equal,
                    },
                    _ => match (a[field].as_str(), b[field].as_str()) {
                        (Some(x), Some(y)) => directed(x, y, desc),
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
