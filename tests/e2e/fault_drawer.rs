//! The fault matrix in the drawer: the account vanishes, the job can't be retried, 200 roles.

use serde_json::{json, Value};

use devserver::seed::{RACHEL_ROW_ID, ROSS_ROW_ID};
use testkit::fixtures::fast_timeout_admin;
use testkit::{users_page, Session};

/// The drawer: the account vanishes, the job can't be retried, 200 roles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_handles_gone_accounts_conflicts_and_many_roles() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;

    // 404 on the drawer's user: "This user no longer exists", and the list refreshes.
    let first = s.tab().row_ids().await;
    let (open_id, other_id) = (first[0].clone(), first[1].clone());
    s.put_user(
        &other_id,
        json!({"usernameInApp": "renamed-while-you-looked"}),
    )
    .await;
    s.fault(json!({"route": "user", "kind": "status", "status": 404, "times": 1}))
        .await;
    s.click(&format!("tr[data-row-id=\"{open_id}\"] th button"))
        .await;
    let text = s.tab().wait_status("not-found").await;
    assert!(text.contains("This user no longer exists"), "{text}");
    s.wait_for("[role=dialog] [data-status=not-found]").await;
    // The list was fetched again: the change made on the server shows.
    s.wait_for_text("renamed-while-you-looked").await;
    s.dev.reset().await;

    // 409 on retry: "can no longer be retried", the list refreshes.
    s.goto(&users_page(&format!("?user={RACHEL_ROW_ID}"))).await;
    s.wait_for("#user-details-retry").await;
    s.fault(json!({"route": "retry", "kind": "status", "status": 409, "times": 1}))
        .await;
    s.click("#user-details-retry").await;
    s.wait_for_text("This job can no longer be retried").await;

    // The drawer's user is deleted while it is open: the next fetch (after a retry) says so.
    s.fault(json!({"route": "retry", "kind": "status", "status": 404}))
        .await;
    s.fault(json!({"route": "user", "kind": "status", "status": 404}))
        .await;
    s.click("#user-details-retry").await;
    let text = s.tab().wait_status("not-found").await;
    assert!(text.contains("This user no longer exists"), "{text}");
    s.dev.reset().await;

    // 200 roles on one account: "first +199" in the cell, 200 roles in the drawer.
    let roles: Vec<Value> = (0..200)
        .map(|i| {
            json!({"id": format!("R{i}"), "value": format!("R{i}"),
                        "displayName": format!("Role number {i}"), "group": "primary"})
        })
        .collect();
    s.put_user(ROSS_ROW_ID, json!({"appAccess": roles})).await;
    s.goto(&users_page("?q=Ross%20Geller")).await;
    let cell = s
        .wait_for(&format!("tr[data-row-id=\"{ROSS_ROW_ID}\"] .roles-cell"))
        .await;
    let text = cell.text().await.unwrap();
    assert!(text.contains("Role number 0"), "{text}");
    assert!(text.contains("+199"), "{text}");
    s.click(&format!(
        "tr[data-row-id=\"{ROSS_ROW_ID}\"] .roles-cell__more"
    ))
    .await;
    s.until_js("200 roles in the drawer", "return document.querySelectorAll('[role=dialog] .role-list > .role-list__item').length === 200")
    .await;

    s.close().await;
}
