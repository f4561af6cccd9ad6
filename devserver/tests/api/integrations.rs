//! The integrations list (pages, search, links) and an integration's details (ETag, 404).

use devserver::seed::{CONTENTZILLA_ID, EMPTY_ID, GLOBEX_ID};
use devserver::Config;
use serde_json::json;
use testkit::api::*;

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
    let a = s.contentzilla().await;
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
        let b = s.get_if_none_match("getIntegration", &path, &inm).await;
        assert_eq!(b.status, 304, "{inm}");
        assert!(b.text.is_empty());
        assert_eq!(b.header("etag"), Some(etag.as_str()));
    }
    let c = s
        .get_if_none_match("getIntegration", &path, "\"other\"")
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
