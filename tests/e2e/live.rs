//! Live updates (issue 4): rows change without a reload, only the changed rows' DOM is touched,
//! unchanged polls cost a 304 and no DOM mutation, polling stops when idle or hidden, 429 pauses
//! with a countdown and resumes.
//!
//! The bundle is a copy of the release dist whose `index.html` carries
//! `<meta name="idlcm-poll-ms" content="400">` (read by `ApiConfig::from_page`): polls every
//! 400 ms instead of 5 s, with no rebuild.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{api_users, dist_with_meta, http, ids_of, put_user, Session, UI_TIMEOUT};
use devserver::seed::CONTENTZILLA_ID;

/// The poll interval of the test bundle.
const POLL_MS: u64 = 400;

/// The release dist with the short poll interval (built once per test process).
pub fn fast_poll_dist() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| dist_with_meta("live", "idlcm-poll-ms", &POLL_MS.to_string()))
        .clone()
}

/// Admin, faults on, the fast-poll bundle (shared with tests/e2e/retry.rs).
pub fn config() -> devserver::Config {
    devserver::Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults: true,
        dist: Some(fast_poll_dist()),
        ..Default::default()
    }
}

async fn open_tab(s: &Session) {
    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users"))
        .await;
    s.wait_for("tr[data-row-id]").await;
    // Resource timing keeps 250 entries by default: enough for seconds of polling only.
    s.js("performance.setResourceTimingBufferSize(100000)", vec![])
        .await;
}

/// How many list requests the page has made (resource timing entries).
async fn list_requests(s: &Session) -> u64 {
    s.js(
        "return performance.getEntriesByType('resource')\
         .filter(e => e.name.includes('/users?')).length",
        vec![],
    )
    .await
    .as_u64()
    .unwrap_or(0)
}

/// Waits until the page has made `n` more list requests than `from`.
async fn wait_requests(s: &Session, from: u64, n: u64, what: &str) -> u64 {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let now = list_requests(s).await;
        if now >= from + n {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {now} list requests, expected at least {}",
            from + n
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn row_text(s: &Session, id: &str) -> String {
    s.js(
        "const r = document.querySelector(`tr[data-row-id=\"${arguments[0]}\"]`); \
         return r ? r.innerText : ''",
        vec![json!(id)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn wait_row_text(s: &Session, id: &str, text: &str) {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let t = row_text(s, id).await;
        if t.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "row {id} never showed {text:?}; it shows {t:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn live_summary(s: &Session) -> String {
    s.js(
        "const e = document.getElementById('users-live-summary'); return e ? e.textContent : ''",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
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
    s.js("return window.__muts", vec![])
        .await
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn live_rows_move_without_reload_and_the_change_is_announced() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    let page = first_page(&s).await;
    let ids = ids_of(&page);
    let id = ids.first().expect("a first row").clone();
    let before = state_of(&page, &id);

    put_user(
        &s,
        &id,
        json!({"provisioningState": "provisioning_awaiting"}),
    )
    .await;
    wait_row_text(&s, &id, "Provisioning awaiting").await;
    put_user(
        &s,
        &id,
        json!({"provisioningState": "provisioning_ongoing"}),
    )
    .await;
    wait_row_text(&s, &id, "Provisioning ongoing").await;
    put_user(&s, &id, json!({"provisioningState": "onboarded"})).await;
    wait_row_text(&s, &id, "Onboarded").await;
    // Same page, no reload: the rows are the API's, in order.
    s.wait_for_rows(&ids, "after live updates").await;

    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let summary = live_summary(&s).await;
        if summary.contains("onboarded") || before == "onboarded" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the live region says {summary:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        s.body_text().await.contains("Updated"),
        "no 'Updated … ago' text"
    );
    s.assert_accessible("the tab with live updates").await;
    s.close().await;
}

#[tokio::test]
async fn live_simulator_steps_show_up_without_reload() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    let mut changed_on_page = None;
    for _ in 0..20 {
        let (status, body) = http(&s.server, "POST", "/dev/simulator/step", None).await;
        assert_eq!(status, 200, "step: {body}");
        let page = first_page(&s).await;
        let step: Value = serde_json::from_str(&body).expect("step JSON");
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
    wait_row_text(&s, &id, &label).await;
    s.close().await;
}

#[tokio::test]
async fn live_unchanged_polls_mutate_nothing_and_a_change_only_its_row() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    let page = first_page(&s).await;
    let ids = ids_of(&page);
    // Let the first poll (no ETag yet, a full answer identical to the page) pass.
    let n = wait_requests(&s, list_requests(&s).await, 1, "first poll").await;
    observe_table(&s).await;
    // Three unchanged polls: 304s, nothing touched.
    wait_requests(&s, n, 3, "unchanged polls").await;
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
    put_user(&s, &a, json!({"provisioningState": target(&a)})).await;
    put_user(&s, &b, json!({"provisioningState": target(&b)})).await;
    let label = |id: &str| {
        contract::ProvisioningState::from(target(id))
            .label()
            .to_owned()
    };
    wait_row_text(&s, &a, &label(&a)).await;
    wait_row_text(&s, &b, &label(&b)).await;
    let n = list_requests(&s).await;
    wait_requests(&s, n, 2, "polls after the change").await;
    let muts = mutations(&s).await;
    assert!(!muts.is_empty(), "the changed rows were not touched");
    let stray: Vec<&String> = muts.iter().filter(|m| **m != a && **m != b).collect();
    assert!(
        stray.is_empty(),
        "mutations outside the changed rows {a} and {b}: {stray:?}"
    );
    s.close().await;
}

#[tokio::test]
async fn live_polling_pauses_while_hidden_and_refreshes_when_shown() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    wait_requests(&s, list_requests(&s).await, 1, "polling").await;
    s.js(
        "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true}); \
         document.dispatchEvent(new Event('visibilitychange'));",
        vec![],
    )
    .await;
    // A poll in flight may still land.
    tokio::time::sleep(Duration::from_millis(POLL_MS)).await;
    let hidden_from = list_requests(&s).await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 6)).await;
    assert_eq!(
        list_requests(&s).await,
        hidden_from,
        "polled while the document was hidden"
    );
    s.js(
        "Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true}); \
         document.dispatchEvent(new Event('visibilitychange'));",
        vec![],
    )
    .await;
    // At once, not after an interval.
    let t = Instant::now();
    wait_requests(&s, hidden_from, 1, "refresh when shown").await;
    assert!(
        t.elapsed() < Duration::from_millis(POLL_MS * 3),
        "the refresh on show took {:?}",
        t.elapsed()
    );
    s.close().await;
}

#[tokio::test]
async fn live_polling_stops_when_nothing_moves() {
    let s = Session::start(config()).await;
    // Settle every job of Contentzilla: nothing awaits or runs.
    let all = s.api(&api_users("?page%5Bsize%5D=100")).await;
    for row in all["data"].as_array().expect("rows") {
        let st = row["attributes"]["provisioningState"]
            .as_str()
            .unwrap_or_default();
        if st.ends_with("_awaiting") || st.ends_with("_ongoing") {
            let id = row["id"].as_str().expect("id");
            put_user(&s, id, json!({"provisioningState": "onboarded"})).await;
        }
    }
    open_tab(&s).await;
    let start = list_requests(&s).await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 6)).await;
    assert_eq!(list_requests(&s).await, start, "polled an idle integration");
    // Refresh still works by hand.
    s.wait_for("#users-refresh")
        .await
        .click()
        .await
        .expect("click Refresh");
    wait_requests(&s, start, 1, "Refresh").await;
    s.close().await;
}

#[tokio::test]
async fn live_errors_back_off_with_a_banner() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    wait_requests(&s, list_requests(&s).await, 1, "polling").await;
    s.fault(json!({"route": "users", "kind": "status", "status": 500}))
        .await;
    let banner = s.wait_for("[data-status=\"poll-error\"]").await;
    let text = banner.text().await.unwrap_or_default();
    assert!(text.contains("Trying again in"), "banner: {text:?}");
    assert!(
        !s.row_ids().await.is_empty(),
        "rows vanished under the banner"
    );
    // Backing off: 400, 800, 1600 ms … — in 2 s at most 3 more attempts, not 5.
    let from = list_requests(&s).await;
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    let attempts = list_requests(&s).await - from;
    assert!(attempts <= 3, "{attempts} attempts in 2 s: no backoff");
    s.clear_faults().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while s
        .js(
            "return !!document.querySelector('[data-status=\"poll-error\"]')",
            vec![],
        )
        .await
        == json!(true)
    {
        assert!(Instant::now() < deadline, "the error banner stayed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.close().await;
}

#[tokio::test]
async fn live_429_while_polling_counts_down_then_resumes() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    wait_requests(&s, list_requests(&s).await, 1, "polling").await;
    s.fault(
        json!({"route": "users", "kind": "status", "status": 429, "retryAfter": 4, "times": 1}),
    )
    .await;
    let banner = s.wait_for("[data-status=\"poll-rate-limited\"]").await;
    let text = banner.text().await.unwrap_or_default();
    assert!(
        text.contains("Too many requests. Updates resume in"),
        "banner: {text:?}"
    );
    let first: u64 = text
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    assert!(
        (1..=4).contains(&first),
        "countdown starts at {first}: {text:?}"
    );
    assert!(
        !s.row_ids().await.is_empty(),
        "rows vanished under the banner"
    );
    // Count only requests that start after the banner showed: the 429's own timing entry may
    // land in the buffer later than the banner on a loaded machine.
    let banner_at = s
        .js("return performance.now()", vec![])
        .await
        .as_f64()
        .unwrap_or(0.0);
    let started_since = "return performance.getEntriesByType('resource')\
         .filter(e => e.name.includes('/users?') && e.startTime > arguments[0]).length";
    // The countdown ticks down while nothing is sent.
    let deadline = Instant::now() + Duration::from_millis(2_500);
    let mut lower = false;
    while Instant::now() < deadline {
        let now = banner.text().await.unwrap_or_default();
        let n: u64 = now
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(first);
        lower |= n < first;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(lower, "the countdown never went down from {first}");
    assert_eq!(
        s.js(started_since, vec![json!(banner_at)]).await,
        json!(0),
        "polled during the Retry-After pause"
    );
    // Then polling resumes by itself and the banner goes.
    wait_requests(&s, list_requests(&s).await, 1, "resume after Retry-After").await;
    let deadline = Instant::now() + UI_TIMEOUT;
    while s
        .js(
            "return !!document.querySelector('[data-status=\"poll-rate-limited\"]')",
            vec![],
        )
        .await
        == json!(true)
    {
        assert!(Instant::now() < deadline, "the 429 banner stayed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.close().await;
}

#[tokio::test]
async fn live_401_while_polling_shows_session_expired_not_the_old_rows() {
    let s = Session::start(config()).await;
    open_tab(&s).await;
    wait_requests(&s, list_requests(&s).await, 1, "polling").await;
    s.fault(json!({"route": "users", "kind": "status", "status": 401}))
        .await;
    let text = s.wait_for_status("expired").await;
    assert!(text.contains("Your session has expired"), "{text}");
    assert!(
        s.row_ids().await.is_empty(),
        "old rows still shown after the session expired"
    );
    // Polling stopped: no request hammers the API with a dead session.
    let from = list_requests(&s).await;
    tokio::time::sleep(Duration::from_millis(POLL_MS * 4)).await;
    assert_eq!(list_requests(&s).await, from, "kept polling after a 401");
    s.close().await;
}
