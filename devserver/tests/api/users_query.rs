//! Bad list queries are 400s that say where; paging past the end and at scale.

use devserver::seed::{EMPTY_ID, GLOBEX_ID, GLOBEX_USERS};
use devserver::Config;
use serde_json::json;
use testkit::api::*;

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
