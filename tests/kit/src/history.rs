//! The drawer's History section, as part of the Users tab page object: its entries, "Load
//! older", its states, and the API's own list of an account's events to compare them with.

use serde_json::{json, Value};

use crate::eventually::{eventually, seen};
use crate::session::strings;
use crate::users_tab::UsersTab;

/// The entries of the open drawer's History, in DOM order.
const ENTRIES: &str = "[role=dialog] .history__list > li.history-entry";

/// `/api/v1/integrations/{Contentzilla}/users/{user}/events{query}`.
pub fn api_events(user_id: &str, query: &str) -> String {
    format!(
        "/api/v1/integrations/{}/users/{user_id}/events{query}",
        devserver::seed::CONTENTZILLA_ID
    )
}

impl UsersTab<'_> {
    /// Retries `user_id`'s failed job through the API as the Admin, as another admin would
    /// while this page looks on.
    pub async fn retry_elsewhere(&self, user_id: &str) {
        let path = format!(
            "/api/v1/integrations/{}/users/{user_id}/retry",
            devserver::seed::CONTENTZILLA_ID
        );
        self.s
            .dev
            .as_admin(reqwest::Method::POST, &path)
            .await
            .expect_success("retry through the API");
    }

    /// Every event id of `user_id` as the API lists them, newest first (all pages of 100).
    pub async fn api_event_ids(&self, user_id: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for page in 1.. {
            let query = format!("?page%5Bnumber%5D={page}&page%5Bsize%5D=100");
            let answer = self.s.api(&api_events(user_id, &query)).await;
            let data = answer["data"].as_array().cloned().unwrap_or_default();
            if data.is_empty() {
                break;
            }
            ids.extend(
                data.iter()
                    .filter_map(|e| e["id"].as_str().map(str::to_owned)),
            );
        }
        ids
    }

    /// Waits until the History section has settled: its list, its empty state or its error.
    /// Returns the `data-status` of the state (`list` for the list).
    pub async fn wait_history(&self) -> String {
        eventually("the History section to load", || async {
            let state = self
                .s
                .js_text(
                    "const s = document.querySelector('[role=dialog] section.history'); \
                     if (!s) return ''; \
                     if (s.querySelector('.history__list')) return 'list'; \
                     const st = s.querySelector('[data-status]'); \
                     return st ? st.getAttribute('data-status') : ''",
                    vec![],
                )
                .await;
            if state.is_empty() || state == "history-loading" {
                Err(format!("state {state:?}"))
            } else {
                Ok(state)
            }
        })
        .await
    }

    /// The event ids the History shows, in DOM order.
    pub async fn history_ids(&self) -> Vec<String> {
        let ids = self
            .s
            .js(
                &format!(
                    "return Array.from(document.querySelectorAll('{ENTRIES}'))\
                     .map(li => li.getAttribute('data-event-id'))"
                ),
                vec![],
            )
            .await;
        strings(&ids)
    }

    /// The visible text of the History entry of event `id` (`""` when it is not shown).
    pub async fn history_entry_text(&self, id: &str) -> String {
        self.s
            .js_text(
                "const li = Array.from(document.querySelectorAll(arguments[1]))\
                 .find(li => li.getAttribute('data-event-id') === arguments[0]); \
                 return li ? li.textContent : ''",
                vec![json!(id), json!(ENTRIES)],
            )
            .await
    }

    /// The text of the whole History section.
    pub async fn history_text(&self) -> String {
        self.s
            .js_text(
                "const s = document.querySelector('[role=dialog] section.history'); \
                 return s ? s.textContent : ''",
                vec![],
            )
            .await
    }

    /// Whether "Load older" is shown.
    pub async fn history_has_older(&self) -> bool {
        self.s
            .js(
                "return !!document.querySelector('[role=dialog] section.history #user-history-older')",
                vec![],
            )
            .await
            == json!(true)
    }

    /// Clicks "Load older" and waits until more entries are shown; returns the ids.
    pub async fn load_older_history(&self) -> Vec<String> {
        let before = self.history_ids().await.len();
        self.s
            .click("[role=dialog] section.history #user-history-older")
            .await;
        eventually("older events below the shown ones", || async {
            let ids = self.history_ids().await;
            if ids.len() > before {
                Ok(ids)
            } else {
                Err(format!("{} entries", ids.len()))
            }
        })
        .await
    }

    /// Waits until the newest History entry's text contains `text`; returns its id.
    pub async fn wait_newest_history(&self, text: &str) -> String {
        eventually(format!("a newest History entry with {text:?}"), || async {
            let ids = self.history_ids().await;
            let Some(first) = ids.first() else {
                return Err("no entries".to_owned());
            };
            let shown = self.history_entry_text(first).await;
            seen(shown.contains(text), format!("{first}: {shown:?}"))?;
            Ok(first.clone())
        })
        .await
    }

    /// Starts counting DOM mutations inside the History list (a `MutationObserver` on the
    /// subtree: nodes, text and attributes); read them with [`UsersTab::history_mutations`].
    pub async fn watch_history_mutations(&self) {
        self.s
            .js(
                "window.__historyMutations = 0; \
                 const list = document.querySelector('[role=dialog] .history__list'); \
                 window.__historyObserver = new MutationObserver(r => { window.__historyMutations += r.length; }); \
                 window.__historyObserver.observe(list, {subtree: true, childList: true, characterData: true, attributes: true});",
                vec![],
            )
            .await;
    }

    /// The mutations counted since [`UsersTab::watch_history_mutations`].
    pub async fn history_mutations(&self) -> u64 {
        let v: Value = self
            .s
            .js("return window.__historyMutations || 0", vec![])
            .await;
        v.as_u64().unwrap_or(0)
    }
}
