//! The Users tab's column chooser in the page object: open it, flip a column, read which
//! columns the table shows.

use serde_json::json;

use crate::eventually::{eventually, seen};
use crate::session::strings;
use crate::users_tab::UsersTab;

impl UsersTab<'_> {
    /// Opens the column chooser (its panel shown).
    pub async fn open_column_chooser(&self) {
        if self
            .s
            .js(
                "return document.getElementById('column-chooser-panel').hidden",
                vec![],
            )
            .await
            == json!(true)
        {
            self.s.click("#column-chooser-button").await;
        }
        self.s.wait_for("#column-chooser-panel:not([hidden])").await;
    }

    /// Clicks the chooser's box for the column `key` (`synced`, `access`, …); the chooser must
    /// be open.
    pub async fn toggle_column(&self, key: &str) {
        self.s.click(&format!("#column-{key}")).await;
    }

    /// The keys of the columns the table's header shows, in order (`user`, `username`, …).
    pub async fn shown_columns(&self) -> Vec<String> {
        let keys = self
            .s
            .js(
                "return Array.from(document.querySelectorAll('.users-table thead th'))\
                 .map(th => (th.className.match(/users-table__cell--([a-z]+)/) || [])[1] || '')",
                vec![],
            )
            .await;
        strings(&keys)
    }

    /// Waits until the table's header shows exactly the columns `keys`, in order.
    pub async fn wait_columns(&self, keys: &[&str]) {
        eventually(format!("the columns {keys:?}"), || async {
            let shown = self.shown_columns().await;
            seen(shown == keys, format!("{shown:?}"))
        })
        .await
    }
}
