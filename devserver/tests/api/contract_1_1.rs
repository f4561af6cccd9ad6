//! Contract 1.1 over real HTTP: provisioning history, failures by cause, retry per cause,
//! sync, `lastSyncedAt` and `filter[errorCode]`; every answer validated against the contract.

use std::time::{Duration, Instant};

use devserver::seed::{CONTENTZILLA_ID, GLOBEX_ID, RACHEL_ROW_ID, ROSS_ROW_ID};
use devserver::Config;
use serde_json::{json, Value};
use testkit::api::*;

fn events(row: &str, query: &str) -> String {
    format!("/integrations/{CONTENTZILLA_ID}/users/{row}/events?{query}")
}

fn failures() -> String {
    format!("/integrations/{CONTENTZILLA_ID}/failures")
}

fn cause_retry(code: &str) -> String {
    format!("/integrations/{CONTENTZILLA_ID}/failures/{code}/retry")
}

fn times(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["attributes"]["occurredAt"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_long_history_pages_newest_first_with_etag() {
    let s = server(Config::default()).await;
    let op = "listIntegrationUserEvents";
    let p1 = s.get(op, &events(RACHEL_ROW_ID, "")).await;
    assert_eq!(p1.status, 200, "{}", p1.text);
    let meta = &p1.json["meta"]["page"];
    assert!(meta["total"].as_u64().unwrap() > 100, "{meta}");
    assert_eq!(meta["size"], 25);
    assert!(p1.json["links"]["next"].is_string());
    let newest = &p1.json["data"][0]["attributes"];
    assert_eq!(newest["outcome"], "failed");
    assert_eq!(newest["toState"], "update_failed");
    assert_eq!(newest["error"]["code"], "UnderpermissionedAccount");
    assert!(newest["appRequestId"].is_string());
    let t1 = times(&p1.json);
    assert!(t1.windows(2).all(|w| w[0] >= w[1]), "newest first: {t1:?}");
    // The next page goes on where the first stopped.
    let next = p1.json["links"]["next"].as_str().unwrap();
    let p2 = s.get(op, next.trim_start_matches("/api/v1")).await;
    let t2 = times(&p2.json);
    assert_eq!(t2.len(), 25);
    assert!(t1.last().unwrap() >= &t2[0]);
    // The oldest event is the provisioning being queued after an IdP event.
    let last = meta["totalPages"].as_u64().unwrap();
    let pl = s
        .get(
            op,
            &events(RACHEL_ROW_ID, &format!("page%5Bnumber%5D={last}")),
        )
        .await;
    let oldest = pl.json["data"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(oldest["attributes"]["job"], "provision");
    assert_eq!(oldest["attributes"]["outcome"], "queued");
    assert_eq!(oldest["attributes"]["trigger"]["kind"], "idp_event");
    assert!(oldest["attributes"]["trigger"]["upstreamEventId"]
        .as_str()
        .unwrap()
        .starts_with("okta-evt-"));
    // ETag and 304.
    let etag = p1.header("etag").unwrap().to_owned();
    let again = s
        .get_if_none_match(op, &events(RACHEL_ROW_ID, ""), &etag)
        .await;
    assert_eq!(again.status, 304);
    // Past the last page: empty; unknown account or integration: 404; no admin: 403.
    let past = s
        .get(op, &events(RACHEL_ROW_ID, "page%5Bnumber%5D=999"))
        .await;
    assert_eq!(past.status, 200);
    assert_eq!(past.json["data"], json!([]));
    let nobody = "00000000-0000-4000-8000-000000000000";
    assert_eq!(s.get(op, &events(nobody, "")).await.status, 404);
    let other = format!("/integrations/{nobody}/users/{RACHEL_ROW_ID}/events");
    assert_eq!(s.get(op, &other).await.status, 404);
    let user = s
        .op(
            op,
            Method::GET,
            &events(RACHEL_ROW_ID, ""),
            &Auth::bearer("workspace_user"),
            &[],
        )
        .await;
    assert_eq!(user.status, 403);
}

#[tokio::test]
async fn a_retry_is_written_to_the_history_by_name() {
    let s = server(Config::default()).await;
    let op = "listIntegrationUserEvents";
    let before = s.get(op, &events(RACHEL_ROW_ID, "")).await;
    let retry = format!("/integrations/{CONTENTZILLA_ID}/users/{RACHEL_ROW_ID}/retry");
    let a = s
        .admin_op("retryIntegrationUser", Method::POST, &retry)
        .await;
    assert_eq!(a.status, 202);
    let after = s.get(op, &events(RACHEL_ROW_ID, "")).await;
    assert_ne!(after.header("etag"), before.header("etag"));
    assert_eq!(
        after.json["meta"]["page"]["total"].as_u64().unwrap(),
        before.json["meta"]["page"]["total"].as_u64().unwrap() + 1
    );
    let e = &after.json["data"][0]["attributes"];
    assert_eq!(e["outcome"], "queued");
    assert_eq!(e["job"], "update");
    assert_eq!(e["fromState"], "update_failed");
    assert_eq!(e["toState"], "update_awaiting");
    assert_eq!(e["trigger"]["kind"], "retry");
    assert_eq!(e["trigger"]["actorDisplayName"], "Ada Admin");
}

#[tokio::test]
async fn failures_group_by_cause_and_retry_per_cause() {
    let s = server(Config::default()).await;
    let f = s.get("listFailureGroups", &failures()).await;
    assert_eq!(f.status, 200, "{}", f.text);
    assert_eq!(f.json["meta"]["failed"], 9);
    let groups = f.json["data"].as_array().unwrap();
    let key = |g: &Value| {
        (
            -g["attributes"]["count"].as_i64().unwrap(),
            g["attributes"]["code"].as_str().unwrap().to_owned(),
        )
    };
    assert!(groups.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
    let sum: u64 = groups
        .iter()
        .map(|g| g["attributes"]["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 9);
    let bad = groups.iter().find(|g| g["id"] == "BadCredentials").unwrap();
    assert_eq!(bad["attributes"]["count"], 2);
    assert_eq!(bad["attributes"]["retryable"], 1);
    assert_eq!(
        bad["attributes"]["byProvisioningState"],
        json!({"provisioning_failed": 1, "update_failed": 0, "delete_failed": 1})
    );
    let etag = f.header("etag").unwrap().to_owned();
    let same = s
        .get_if_none_match("listFailureGroups", &failures(), &etag)
        .await;
    assert_eq!(same.status, 304);

    // The list filters by cause: failed rows only, any of the codes.
    let rows = all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5BerrorCode%5D=BadCredentials",
        100,
    )
    .await;
    assert_eq!(rows.len(), 2);
    let two = all_rows(
        &s,
        CONTENTZILLA_ID,
        "filter%5BerrorCode%5D=UnderpermissionedAccount,NotEnoughSeats",
        100,
    )
    .await;
    assert_eq!(two.len(), 3);
    assert!(two.iter().all(|r| r["attributes"]["lastError"]["code"]
        .as_str()
        .is_some_and(|c| c == "UnderpermissionedAccount" || c == "NotEnoughSeats")));
    assert!(
        all_rows(&s, CONTENTZILLA_ID, "filter%5BerrorCode%5D=Nope", 100)
            .await
            .is_empty()
    );
    let op = "listIntegrationUsers";
    let long = "x".repeat(101);
    let bad_filter = s
        .get(
            op,
            &users_path(CONTENTZILLA_ID, &format!("filter%5BerrorCode%5D={long}")),
        )
        .await;
    assert_eq!(bad_filter.status, 400);

    // Retry per cause: the CSRF rule of the single retry, then one queued, one skipped.
    let op = "retryFailureGroup";
    let csrf = s
        .cookie_post(op, &cause_retry("BadCredentials"), CsrfHeader::Omitted)
        .await;
    assert_eq!(csrf.status, 403);
    assert_eq!(csrf.error()["code"], "csrf");
    let r = s
        .cookie_post(op, &cause_retry("BadCredentials"), CsrfHeader::Sent)
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.json, json!({"meta": {"queued": 1, "skipped": 1}}));
    let again = s
        .admin_op(op, Method::POST, &cause_retry("BadCredentials"))
        .await;
    assert_eq!(again.json, json!({"meta": {"queued": 0, "skipped": 1}}));
    let unknown = s
        .admin_op(op, Method::POST, &cause_retry("NoSuchCode"))
        .await;
    assert_eq!(unknown.status, 202);
    assert_eq!(unknown.json, json!({"meta": {"queued": 0, "skipped": 0}}));
    let nobody = "/integrations/00000000-0000-4000-8000-000000000000/failures/X/retry";
    let missing = s.op(op, Method::POST, nobody, &Auth::admin(), &[]).await;
    assert_eq!(missing.status, 404);

    // The groups follow at once.
    let f2 = s.get("listFailureGroups", &failures()).await;
    assert_ne!(f2.header("etag").unwrap(), etag);
    assert_eq!(f2.json["meta"]["failed"], 8);
    let bad = f2.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "BadCredentials")
        .unwrap()
        .clone();
    assert_eq!(bad["attributes"]["count"], 1);
    assert_eq!(bad["attributes"]["retryable"], 0);
}

#[tokio::test]
async fn last_synced_sorts_with_never_synced_rows_last_both_ways() {
    let s = server(Config::default()).await;
    for sort in ["lastSyncedAt", "-lastSyncedAt"] {
        let rows = all_rows(&s, CONTENTZILLA_ID, &format!("sort={sort}"), 100).await;
        let values: Vec<Option<&str>> = rows
            .iter()
            .map(|r| r["attributes"]["lastSyncedAt"].as_str())
            .collect();
        let first_null = values.iter().position(Option::is_none).unwrap();
        assert!(first_null > 0, "{sort}: some rows were synced");
        assert!(values[first_null..].iter().all(Option::is_none), "{sort}");
        let synced: Vec<&str> = values[..first_null].iter().map(|v| v.unwrap()).collect();
        let ordered = if sort.starts_with('-') {
            synced.windows(2).all(|w| w[0] >= w[1])
        } else {
            synced.windows(2).all(|w| w[0] <= w[1])
        };
        assert!(ordered, "{sort}: {synced:?}");
    }
}

#[tokio::test]
async fn sync_runs_then_stamps_the_integration_and_every_row() {
    let s = server(Config {
        sync_ms: 300,
        ..Config::default()
    })
    .await;
    let path = format!("/integrations/{CONTENTZILLA_ID}/sync");
    let before = s.contentzilla().await;
    let old = before.json["data"]["attributes"]["lastSyncedAt"]
        .as_str()
        .unwrap()
        .to_owned();
    let csrf = s
        .cookie_post("syncIntegration", &path, CsrfHeader::Omitted)
        .await;
    assert_eq!(csrf.status, 403);
    let a = s.admin_op("syncIntegration", Method::POST, &path).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.json["data"]["attributes"]["status"], "in_progress");
    let busy = s.admin_op("syncIntegration", Method::POST, &path).await;
    assert_eq!(busy.status, 409);
    assert_eq!(busy.error()["code"], "conflict");
    let missing = s
        .admin_op(
            "syncIntegration",
            Method::POST,
            "/integrations/00000000-0000-4000-8000-000000000000/sync",
        )
        .await;
    assert_eq!(missing.status, 404);

    let deadline = Instant::now() + Duration::from_secs(10);
    let done = loop {
        let i = s.contentzilla().await;
        if i.json["data"]["attributes"]["status"] == "up_to_date" {
            break i;
        }
        assert!(
            Instant::now() < deadline,
            "the sync never ended: {}",
            i.text
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let synced = done.json["data"]["attributes"]["lastSyncedAt"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(synced > old, "{synced} after {old}");
    let rows = all_rows(&s, CONTENTZILLA_ID, "", 100).await;
    assert!(rows
        .iter()
        .all(|r| r["attributes"]["lastSyncedAt"].as_str() == Some(synced.as_str())));
    // The run is in every row's history, by the admin who started it.
    let h = s
        .get("listIntegrationUserEvents", &events(ROSS_ROW_ID, ""))
        .await;
    let e = &h.json["data"][0]["attributes"];
    assert_eq!(e["job"], "sync");
    assert_eq!(e["outcome"], "succeeded");
    assert_eq!(e["occurredAt"], synced.as_str());
    assert_eq!(e["trigger"]["actorDisplayName"], "Ada Admin");
    // And a new sync may start.
    let next = s.admin_op("syncIntegration", Method::POST, &path).await;
    assert_eq!(next.status, 202);
}

#[tokio::test]
async fn simulator_steps_write_events() {
    let s = faults_server().await;
    let step = s.control(Method::POST, "/dev/simulator/step", None).await;
    let change = step.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["integrationId"] == CONTENTZILLA_ID)
        .expect("Contentzilla moves every step")
        .clone();
    let row = change["userId"].as_str().unwrap();
    let h = s.get("listIntegrationUserEvents", &events(row, "")).await;
    let e = &h.json["data"][0]["attributes"];
    assert_eq!(e["fromState"], change["from"]);
    assert_eq!(e["toState"], change["to"]);
}

#[tokio::test]
async fn faults_reach_the_new_operations() {
    let s = faults_server().await;
    for (route, op, method, path) in [
        (
            "events",
            "listIntegrationUserEvents",
            Method::GET,
            events(RACHEL_ROW_ID, ""),
        ),
        ("failures", "listFailureGroups", Method::GET, failures()),
        (
            "failures_retry",
            "retryFailureGroup",
            Method::POST,
            cause_retry("BadCredentials"),
        ),
        (
            "sync",
            "syncIntegration",
            Method::POST,
            format!("/integrations/{GLOBEX_ID}/sync"),
        ),
    ] {
        s.fault(json!({"route": route, "kind": "status", "status": 500, "times": 1}))
            .await;
        let a = s.op(op, method.clone(), &path, &Auth::admin(), &[]).await;
        assert_eq!(a.status, 500, "{route}");
        let b = s.op(op, method, &path, &Auth::admin(), &[]).await;
        assert!(b.status.is_success(), "{route}: {}", b.text);
    }
}
