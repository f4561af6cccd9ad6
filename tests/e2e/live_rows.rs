//! Live updates: rows change without a reload and the change is announced, simulator steps show
//! up, only the changed rows' DOM is touched and unchanged polls (304s) mutate nothing. On the
//! release dist that polls every 400 ms (`testkit::fixtures::fast_poll_dist`).

use serde_json::{json, Value};

use devserver::seed::CONTENTZILLA_ID;
use testkit::fixtures::fast_poll_admin;
use testkit::session::strings;
use testkit::{api_users, eventually, ids_of, seen, Session};

/// The live region's text.
async fn live_summary(s: &Session) -> String {
    s.js_text(
        "const e = document.getElementById('users-live-summary'); return e ? e.textContent : ''",
        vec![],
    )
    .await
}

/// The first-page rows that are not in a resting state (awaiting or ongoing), from the API.
async fn first_page(s: &Session) -> Value {
    s.api(&api_users("")).await
}

fn state_of(page: &Value, id: &str) -> String {
    page["data"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["id"] == json!(id)))
        .and_then(|r| r["attributes"]["provisioningState"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Starts recording DOM mutations under the users table.
async fn observe_table(s: &Session) {
    s.js(
        "window.__muts = []; \
         const t = document.querySelector('table.users-table'); \
         window.__obs && window.__obs.disconnect(); \
         window.__obs = new MutationObserver(rs => { for (const r of rs) { \
            const n = r.target.nodeType === 1 ? r.target : r.target.parentElement; \
            const row = n && n.closest('tr[data-row-id]'); \
            window.__muts.push(row ? row.getAttribute('data-row-id') : ('outside:' + (n ? n.tagName + '.' + n.className : '?'))); } }); \
         window.__obs.observe(t, {subtree: true, childList: true, attributes: true, characterData: true});",
        vec![],
    )
    .await;
}

/// The rows the recorded mutations happened in (`outside:…` for anything not in a row).
async fn mutations(s: &Session) -> Vec<String> {
    strings(&s.js("return window.__muts", vec![]).await)
}

#[tokio::test]
async fn live_rows_move_without_reload_and_the_change_is_announced() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open("").await;
    let page = first_page(&s).await;
    let ids = ids_of(&page);
    let id = ids.first().expect("a first row").clone();
    let before = state_of(&page, &id);

    s.put_user(&id, json!({"provisioningState": "provisioning_awaiting"}))
        .await;
    s.tab().wait_row_text(&id, "Provisioning awaiting").await;
    s.put_user(&id, json!({"provisioningState": "provisioning_ongoing"}))
        .await;
    s.tab().wait_row_text(&id, "Provisioning ongoing").await;
    s.put_user(&id, json!({"provisioningState": "onboarded"}))
        .await;
    s.tab().wait_row_text(&id, "Onboarded").await;
    // Same page, no reload: the rows are the API's, in order.
    s.tab().wait_rows(&ids, "after live updates").await;

    eventually("the live region to announce the change", || async {
        let summary = live_summary(&s).await;
        let done = summary.contains("onboarded") || before == "onboarded";
        seen(done, format!("the live region says {summary:?}"))
    })
    .await;
    assert!(
        s.body_text().await.contains("Updated"),
        "no 'Updated … ago' text"
    );
    s.assert_accessible("the tab with live updates").await;
    s.close().await;
}

#[tokio::test]
async fn live_simulator_steps_show_up_without_reload() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open("").await;
    let mut changed_on_page = None;
    for _ in 0..20 {
        let step = s.dev.simulator_step().await;
        let page = first_page(&s).await;
        let hit = step["changes"].as_array().and_then(|c| {
            c.iter().find(|ch| {
                ch["integrationId"] == json!(CONTENTZILLA_ID)
                    && ids_of(&page).iter().any(|id| ch["userId"] == json!(id))
            })
        });
        if let Some(ch) = hit {
            changed_on_page = Some((
                ch["userId"].as_str().unwrap_or_default().to_owned(),
                state_of(&page, ch["userId"].as_str().unwrap_or_default()),
            ));
            break;
        }
    }
    let (id, state) = changed_on_page.expect("a simulator step changed a first-page row");
    let label = contract::ProvisioningState::from(state.as_str())
        .label()
        .to_owned();
    s.tab().wait_row_text(&id, &label).await;
    s.close().await;
}

#[tokio::test]
async fn live_unchanged_polls_mutate_nothing_and_a_change_only_its_row() {
    let s = Session::start(fast_poll_admin()).await;
    s.tab().open("").await;
    let page = first_page(&s).await;
    let ids = ids_of(&page);
    // Let the first poll (no ETag yet, a full answer identical to the page) pass.
    let n = s
        .tab()
        .wait_list_requests(s.tab().list_requests().await, 1, "first poll")
        .await;
    observe_table(&s).await;
    // Three unchanged polls: 304s, nothing touched.
    s.tab().wait_list_requests(n, 3, "unchanged polls").await;
    assert_eq!(mutations(&s).await, Vec::<String>::new(), "unchanged polls");

    // Change two rows: only their cells change.
    let (a, b) = (ids[1].clone(), ids[3].clone());
    let target = |id: &str| {
        if state_of(&page, id) == "update_ongoing" {
            "update_awaiting"
        } else {
            "update_ongoing"
        }
    };
    s.put_user(&a, json!({"provisioningState": target(&a)}))
        .await;
    s.put_user(&b, json!({"provisioningState": target(&b)}))
        .await;
    let label = |id: &str| {
        contract::ProvisioningState::from(target(id))
            .label()
            .to_owned()
    };
    s.tab().wait_row_text(&a, &label(&a)).await;
    s.tab().wait_row_text(&b, &label(&b)).await;
    let n = s.tab().list_requests().await;
    s.tab()
        .wait_list_requests(n, 2, "polls after the change")
        .await;
    let muts = mutations(&s).await;
    assert!(!muts.is_empty(), "the changed rows were not touched");
    let stray: Vec<&String> = muts.iter().filter(|m| **m != a && **m != b).collect();
    assert!(
        stray.is_empty(),
        "mutations outside the changed rows {a} and {b}: {stray:?}"
    );
    s.close().await;
}
