//! The column chooser: the seed's six columns by default; Last synced shown on demand, with
//! its relative time and the absolute one on hover and focus, sortable; a hidden column is
//! gone for screen readers too; the choice survives a reload (localStorage), a corrupt stored
//! value means the defaults, and odd lastSyncedAt values are shown as they came.

use fantoccini::key::Key;
use serde_json::{json, Value};

use devserver::seed::{CHARLIE_ROW_ID, RACHEL_ROW_ID, ROSS_ROW_ID};
use testkit::{admin, api_users, ids_of, Session};

const SEED: [&str; 6] = ["user", "username", "access", "active", "upstream", "state"];
const WITH_SYNCED: [&str; 7] = [
    "user", "username", "access", "active", "upstream", "synced", "state",
];
const STORAGE: &str = "return localStorage.getItem('idlcm-users.columns')";

/// The Last synced cell of row `id`: its `<time datetime>` (`null` without one) and its text.
async fn synced_cell(s: &Session, id: &str) -> Value {
    s.js(
        "const c = document.querySelector(`tr[data-row-id=\"${arguments[0]}\"] .users-table__cell--synced`); \
         const t = c && c.querySelector('time'); \
         return c ? [t ? t.getAttribute('datetime') : null, c.textContent] : null",
        vec![json!(id)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chooser_shows_last_synced_sorts_by_it_and_remembers_the_choice() {
    let s = Session::start(admin()).await;
    let tab = s.tab();
    tab.open("").await;
    tab.wait_columns(&SEED).await;

    // By keyboard: Enter opens, Space ticks Last synced, Esc closes back to the button.
    s.wait_for("#column-chooser-button").await;
    s.js(
        "document.getElementById('column-chooser-button').focus()",
        vec![],
    )
    .await;
    s.press(&Key::Enter.to_string()).await;
    s.wait_for("#column-chooser-panel:not([hidden])").await;
    s.assert_js(
        "the fixed columns cannot be hidden",
        "return [document.getElementById('column-user').disabled, \
                 document.getElementById('column-username').disabled, \
                 document.getElementById('column-synced').checked]",
        json!([true, true, false]),
    )
    .await;
    s.js("document.getElementById('column-synced').focus()", vec![])
        .await;
    s.press(" ").await;
    tab.wait_columns(&WITH_SYNCED).await;
    s.assert_accessible("the column chooser open").await;
    s.press(&Key::Escape.to_string()).await;
    s.wait_for("#column-chooser-panel[hidden]").await;
    assert_eq!(s.active_id().await, "column-chooser-button");
    assert_eq!(
        s.js(STORAGE, vec![]).await,
        json!("access=1,active=1,upstream=1,synced=1,state=1")
    );

    // Each row's cell holds the API's time in a <time datetime>, relative, absolute in its tip.
    let api = s.api(&api_users("")).await;
    let first = &api["data"][0];
    let id = first["id"].as_str().expect("an id");
    let iso = first["attributes"]["lastSyncedAt"]
        .as_str()
        .expect("a time");
    let cell = synced_cell(&s, id).await;
    assert_eq!(cell[0], json!(iso), "{cell}");
    let text = cell[1].as_str().unwrap_or_default();
    assert!(text.contains(" ago") || text.contains("just now"), "{text}");
    assert!(
        text.contains("20"),
        "the absolute time (a year) in {text:?}"
    );
    // The tip is shown on keyboard focus in the row.
    s.js(
        "document.querySelector(`tr[data-row-id=\"${arguments[0]}\"] input`).focus()",
        vec![json!(id)],
    )
    .await;
    s.assert_js(
        "the tip is visible with focus in the row",
        "const t = document.querySelector('tr:focus-within .rel-time__tip'); \
         return !!t && t.getBoundingClientRect().width > 1",
        json!(true),
    )
    .await;

    // Sortable through the sort model: the URL and the API's order.
    tab.sort_by("lastSyncedAt").await;
    s.wait_for_query(&["sort=lastSyncedAt"], &[]).await;
    tab.expect_rows("?sort=lastSyncedAt", "sort lastSyncedAt")
        .await;
    tab.sort_by("lastSyncedAt").await;
    s.wait_for_query(&["sort=-lastSyncedAt"], &[]).await;
    tab.expect_rows("?sort=-lastSyncedAt", "sort -lastSyncedAt")
        .await;

    // Hide App access: its cells are not in the page at all (nor for screen readers).
    tab.open_column_chooser().await;
    tab.toggle_column("access").await;
    tab.wait_columns(&["user", "username", "active", "upstream", "synced", "state"])
        .await;
    s.assert_js(
        "no App access cell is left",
        "return document.querySelectorAll('.users-table__cell--access').length",
        json!(0),
    )
    .await;

    // The choice survives a reload.
    s.browser.refresh().await.expect("reload");
    s.wait_for("tr[data-row-id]").await;
    tab.wait_columns(&["user", "username", "active", "upstream", "synced", "state"])
        .await;
    tab.open_column_chooser().await;
    s.assert_js(
        "the boxes say what is shown",
        "return [document.getElementById('column-access').checked, \
                 document.getElementById('column-synced').checked]",
        json!([false, true]),
    )
    .await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_stored_choice_means_the_defaults() {
    let s = Session::start(admin()).await;
    let tab = s.tab();
    tab.open("").await;
    for junk in ["{\"columns\": [1,2]}", "access=maybe,,=", "\u{0}\u{ffff}"] {
        s.js(
            "localStorage.setItem('idlcm-users.columns', arguments[0])",
            vec![json!(junk)],
        )
        .await;
        s.browser.refresh().await.expect("reload");
        s.wait_for("tr[data-row-id]").await;
        tab.wait_columns(&SEED).await;
        tab.assert_not_crashed(junk).await;
    }
    s.close().await;
}

/// Missing, empty, unreadable and hostile lastSyncedAt values: "Never" or the value as text,
/// never a `<time>` that lies, never markup, never a crash.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_last_synced_values_are_tolerated() {
    let s = Session::start(admin()).await;
    let xss = "<img src=x onerror=window.__xss=1>";
    s.put_user(RACHEL_ROW_ID, json!({"lastSyncedAt": null}))
        .await;
    s.put_user(ROSS_ROW_ID, json!({"lastSyncedAt": "not a date"}))
        .await;
    s.put_user(CHARLIE_ROW_ID, json!({"lastSyncedAt": xss}))
        .await;
    let tab = s.tab();
    tab.open("?size=100").await;
    tab.open_column_chooser().await;
    tab.toggle_column("synced").await;
    tab.wait_columns(&WITH_SYNCED).await;
    let ids = ids_of(&s.api(&api_users("?page%5Bsize%5D=100")).await);
    for (id, want) in [
        (RACHEL_ROW_ID, json!([null, "Never"])),
        (ROSS_ROW_ID, json!([null, "not a date"])),
        (CHARLIE_ROW_ID, json!([null, xss])),
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} is on the page");
        assert_eq!(synced_cell(&s, id).await, want, "row {id}");
    }
    s.assert_js(
        "no script ran and no image was made",
        "return [window.__xss === undefined, \
                 !document.querySelector('.users-table__cell--synced img')]",
        json!([true, true]),
    )
    .await;
    tab.assert_not_crashed("odd lastSyncedAt values").await;
    s.assert_accessible("the Last synced column with odd values")
        .await;
    s.close().await;
}
