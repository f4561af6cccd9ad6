//! The Users tab as a page object: what a test does to the tab and reads from it, by name,
//! so the selectors live in one place.

use std::time::Duration;

use fantoccini::elements::Element;
use serde_json::json;

use crate::client::{api_users, ids_of};
use crate::eventually::{eventually, seen, UI_TIMEOUT};
use crate::session::{strings, Session};

/// `/integrations/{Contentzilla}/users{query}`: the tab's page for the seeded integration most
/// tests use (`query` starts with `?` or is empty).
pub fn users_page(query: &str) -> String {
    format!(
        "/integrations/{}/users{query}",
        devserver::seed::CONTENTZILLA_ID
    )
}

/// The Users tab on a session's page.
#[derive(Clone, Copy)]
pub struct UsersTab<'a> {
    pub(crate) s: &'a Session,
}

impl<'a> UsersTab<'a> {
    /// The tab on `s`'s page.
    pub fn new(s: &'a Session) -> UsersTab<'a> {
        UsersTab { s }
    }

    /// Opens the tab of the seeded integration at `query` (the tab's URL query) and waits for
    /// the first row. Resource timing is made large enough for minutes of polling (it keeps 250
    /// entries by default), so request counts stay true.
    pub async fn open(&self, query: &str) {
        self.open_within(UI_TIMEOUT, query).await;
    }

    /// [`UsersTab::open`], waiting up to `timeout` for the first row (a debug bundle's load).
    pub async fn open_within(&self, timeout: Duration, query: &str) {
        self.s.goto(&users_page(query)).await;
        self.wait_first_row_within(timeout).await;
        self.s
            .js("performance.setResourceTimingBufferSize(100000)", vec![])
            .await;
    }

    /// Waits up to `timeout` for the table's first row, whichever it is (after a reload, say).
    pub async fn wait_first_row_within(&self, timeout: Duration) {
        self.s.wait_for_within(timeout, "tr[data-row-id]").await;
    }

    /// Opens the tab at its default view and waits until it has polled once.
    pub async fn open_polling(&self) {
        self.open("").await;
        self.wait_list_requests(self.list_requests().await, 1, "polling")
            .await;
    }

    /// Makes the page believe it is hidden (`true`: polls pause) or shown again (`false`: it
    /// polls at once), through `visibilityState` and a `visibilitychange` event.
    pub async fn set_hidden(&self, hidden: bool) {
        let state = if hidden { "hidden" } else { "visible" };
        self.s
            .js(
                "Object.defineProperty(document, 'visibilityState', {value: arguments[0], configurable: true}); \
                 document.dispatchEvent(new Event('visibilitychange'));",
                vec![json!(state)],
            )
            .await;
    }

    /// The `data-row-id`s of the table rows, in DOM order.
    pub async fn row_ids(&self) -> Vec<String> {
        self.row_ids_in("").await
    }

    /// The row ids of the tab inside `container` (a CSS selector; `""` for the whole page).
    pub async fn row_ids_in(&self, container: &str) -> Vec<String> {
        let ids = self
            .s
            .js(
                "return Array.from(document.querySelectorAll((arguments[0] + ' tr[data-row-id]').trim()))\
                 .map(r => r.getAttribute('data-row-id'))",
                vec![json!(container)],
            )
            .await;
        strings(&ids)
    }

    /// Waits until the table shows exactly `expected` rows in that order.
    pub async fn wait_rows(&self, expected: &[String], what: &str) {
        self.wait_rows_in("", expected, what).await;
    }

    /// [`UsersTab::wait_rows`] for the tab inside `container`.
    pub async fn wait_rows_in(&self, container: &str, expected: &[String], what: &str) {
        eventually(format!("{what}: the API's rows {expected:?}"), || async {
            let rows = self.row_ids_in(container).await;
            seen(rows == expected, format!("{container} shows {rows:?}"))
        })
        .await
    }

    /// The rows of the API's first page for the default view (what the tab shows first).
    pub async fn api_first_page(&self) -> Vec<serde_json::Value> {
        self.s.api(&api_users("")).await["data"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Asks the API for `api_query` (the API's query, `?…` or empty) and waits until the table
    /// shows exactly its rows; returns them.
    pub async fn expect_rows(&self, api_query: &str, what: &str) -> Vec<String> {
        let expected = ids_of(&self.s.api(&api_users(api_query)).await);
        self.wait_rows(&expected, what).await;
        expected
    }

    /// Waits for the status panel `data-status=STATUS` and returns its text.
    pub async fn wait_status(&self, status: &str) -> String {
        let panel = self
            .s
            .wait_for(&format!("[data-status=\"{status}\"]"))
            .await;
        panel.text().await.unwrap_or_default()
    }

    /// Waits for the status panel `status` (an error state that replaces the table) and asserts
    /// the tab did not crash and no table row is shown with the panel; returns its text.
    pub async fn wait_panel(&self, status: &str) -> String {
        self.s
            .until_js(
                &format!("the {status} panel"),
                &format!("return !!document.querySelector('[data-status=\"{status}\"]')"),
            )
            .await;
        let text = self.wait_status(status).await;
        self.assert_not_crashed(status).await;
        assert!(
            self.row_ids().await.is_empty(),
            "rows are still shown under the {status} panel"
        );
        text
    }

    /// After the fault is lifted: Retry (if the panel has one) or a reload brings the table
    /// back, equal to the API's answer for `api_query`.
    pub async fn recovers(&self, what: &str, api_query: &str) {
        self.s.clear_faults().await;
        let has_retry = self
            .s
            .js("return !!document.getElementById('users-retry')", vec![])
            .await
            == json!(true);
        if has_retry {
            self.s.click("#users-retry").await;
        } else {
            self.s.browser.refresh().await.expect("reload");
        }
        self.expect_rows(api_query, &format!("after {what}")).await;
        self.assert_not_crashed(what).await;
    }

    /// How many list requests the page has made (resource timing entries; see
    /// [`UsersTab::open`] for why they are all kept).
    pub async fn list_requests(&self) -> u64 {
        self.s.requests_to("/users?").await
    }

    /// Waits until the page has made `n` more list requests than `from`; returns the count.
    pub async fn wait_list_requests(&self, from: u64, n: u64, what: &str) -> u64 {
        eventually(
            format!("{what}: {n} more list requests than {from}"),
            || async {
                let now = self.list_requests().await;
                if now >= from + n {
                    Ok(now)
                } else {
                    Err(format!("{now} list requests"))
                }
            },
        )
        .await
    }

    /// Asserts the panic hook's crash panel is not on the page (a panic would otherwise hide
    /// behind a panel that looks right); `what` names the state for the message.
    pub async fn assert_not_crashed(&self, what: &str) {
        let crashed = self
            .s
            .js(
                "return !!document.querySelector('[data-status=crashed]')",
                vec![],
            )
            .await;
        assert_eq!(
            crashed,
            json!(false),
            "{what}: the tab panicked (crash panel shown)"
        );
    }

    /// Types into the search box (the debounced server-side search).
    pub async fn search(&self, text: &str) {
        let search: Element = self.s.wait_for("#users-search").await;
        search.send_keys(text).await.expect("type a search");
    }

    /// Clicks the sort button of `field` (`user`, `provisioningState`, …).
    pub async fn sort_by(&self, field: &str) {
        self.s.click(&format!("#sort-{field}")).await;
    }

    /// The visible text of row `id` (`""` when it is not shown).
    pub async fn row_text(&self, id: &str) -> String {
        self.s
            .js_text(
                "const r = document.querySelector(`tr[data-row-id=\"${arguments[0]}\"]`); \
                 return r ? r.innerText : ''",
                vec![json!(id)],
            )
            .await
    }

    /// Waits until row `id` shows `text`.
    pub async fn wait_row_text(&self, id: &str, text: &str) {
        eventually(format!("row {id} to show {text:?}"), || async {
            let shown = self.row_text(id).await;
            seen(shown.contains(text), format!("{shown:?}"))
        })
        .await
    }

    /// The state badge row `id` shows (its `data-state`; `""` without one).
    pub async fn shown_state(&self, id: &str) -> String {
        self.s
            .js_text(
                "const b = document.querySelector(`tr[data-row-id=\"${arguments[0]}\"] .state-badge`); \
                 return b ? b.getAttribute('data-state') : ''",
                vec![json!(id)],
            )
            .await
    }

    /// Waits until row `id` shows the state badge `want`.
    pub async fn wait_shown_state(&self, id: &str, want: &str) {
        eventually(format!("row {id} to show {want:?}"), || async {
            let got = self.shown_state(id).await;
            seen(got == want, format!("{got:?}"))
        })
        .await
    }

    /// The "Failures by cause" panel of the tab.
    pub fn causes(&self) -> crate::causes_panel::CausesPanel<'a> {
        crate::causes_panel::CausesPanel::new(self.s)
    }

    /// Opens the drawer of row `id` by its name button.
    pub async fn open_drawer(&self, id: &str) {
        self.s
            .click(&format!("tr[data-row-id=\"{id}\"] th button"))
            .await;
        self.wait_drawer(true).await;
    }

    /// Whether a drawer (dialog) is open.
    pub async fn drawer_open(&self) -> bool {
        self.s
            .js("return !!document.querySelector('[role=dialog]')", vec![])
            .await
            == json!(true)
    }

    /// Waits until the drawer is open (`true`) or closed (`false`).
    pub async fn wait_drawer(&self, open: bool) {
        eventually(format!("the drawer open={open}"), || async {
            let now = self.drawer_open().await;
            seen(now == open, format!("open={now}"))
        })
        .await
    }
}

/// How the tab names an API row: the user's display name, else the username in the app.
pub fn row_label(row: &serde_json::Value) -> String {
    let a = &row["attributes"];
    a["user"]["displayName"]
        .as_str()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| a["usernameInApp"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Asserts an error panel's `text` names a request id and no credential; `what` names the
/// state for the message.
pub fn assert_request_id_shown(text: &str, what: &str) {
    let id = text
        .split("Request ID:")
        .nth(1)
        .map(str::trim)
        .unwrap_or_default();
    assert!(!id.is_empty(), "{what}: no request id in {text:?}");
    for secret in ["Bearer", "Authorization", "Cookie", "session="] {
        assert!(!text.contains(secret), "{what}: {secret} shown in {text:?}");
    }
}
