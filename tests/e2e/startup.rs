//! Start-up: the tab asks for `/me`, the integration and the first page at once, so a slow
//! `/me` does not hold the rows back by a round trip.

use serde_json::json;

use devserver::seed::CONTENTZILLA_ID;
use testkit::{admin, users_page, Session};

/// `/me` held for 1.5 s: the integration and list requests leave while it is still pending,
/// and the rows appear once it answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_me_does_not_delay_the_list_request() {
    let s = Session::start(admin()).await;
    s.fault(json!({"route": "me", "kind": "latency", "latencyMs": 1500, "times": 1}))
        .await;
    s.goto(&users_page("")).await;
    s.wait_for("tr[data-row-id]").await;
    let timing = s
        .js(
            "const r = performance.getEntriesByType('resource');
             const path = (e) => new URL(e.name).pathname;
             const me = r.find(e => path(e).endsWith('/api/v1/me'));
             const integration = r.find(e => path(e).endsWith(arguments[0]));
             const list = r.find(e => path(e).endsWith(arguments[0] + '/users'));
             return me && integration && list
               ? { meEnd: me.responseEnd, meStart: me.startTime,
                   integration: integration.startTime, list: list.startTime }
               : null;",
            vec![json!(CONTENTZILLA_ID)],
        )
        .await;
    let at = |k: &str| {
        timing[k]
            .as_f64()
            .unwrap_or_else(|| panic!("no {k} in the resource timing: {timing}"))
    };
    assert!(
        at("meEnd") - at("meStart") >= 1400.0,
        "the fault held /me: {timing}"
    );
    for request in ["integration", "list"] {
        assert!(
            at(request) < at("meEnd") - 1000.0,
            "the {request} request left only after /me answered: {timing}"
        );
    }
    s.close().await;
}
