//! The Users tab's header, Sync now and Last synced, in the page object: the button's text
//! and state, its status line and error, and the header's time.

use serde_json::{json, Value};

use crate::eventually::{eventually, seen};
use crate::users_tab::UsersTab;

/// Where the Sync now control stands, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncShown {
    /// The button's text ("Sync now", "Syncing…").
    pub label: String,
    /// Whether the button says it is disabled (`aria-disabled="true"`).
    pub busy: bool,
    /// The status line beside it.
    pub status: String,
    /// The error line (`""` without one).
    pub error: String,
}

impl UsersTab<'_> {
    /// The Sync now control as shown now.
    pub async fn sync_shown(&self) -> SyncShown {
        let v: Value = self
            .s
            .js(
                "const b = document.getElementById('sync-now'); \
                 const t = (id) => { const e = document.getElementById(id); return e ? e.textContent.trim() : ''; }; \
                 return b ? [b.textContent.trim(), b.getAttribute('aria-disabled') === 'true', \
                             t('sync-now-status'), t('sync-now-error')] : null",
                vec![],
            )
            .await;
        let text = |i: usize| v[i].as_str().unwrap_or_default().to_owned();
        assert!(!v.is_null(), "no Sync now button on the page");
        SyncShown {
            label: text(0),
            busy: v[1] == json!(true),
            status: text(2),
            error: text(3),
        }
    }

    /// Waits until the Sync now control passes `check`; returns what it showed.
    pub async fn wait_sync(&self, what: &str, check: impl Fn(&SyncShown) -> bool) -> SyncShown {
        eventually(format!("Sync now: {what}"), || async {
            let shown = self.sync_shown().await;
            if check(&shown) {
                Ok(shown)
            } else {
                Err(format!("{shown:?}"))
            }
        })
        .await
    }

    /// Presses Sync now.
    pub async fn press_sync(&self) {
        self.s.click("#sync-now").await;
    }

    /// The header's "Last synced" line as it reads without its tip ("Last synced: 5 min ago"),
    /// and its `<time datetime>` (`""` without one).
    pub async fn header_synced(&self) -> (String, String) {
        let v = self
            .s
            .js(
                "const p = document.querySelector('.integration-header__synced'); \
                 if (!p) return ['', '']; \
                 const t = p.querySelector('time'); \
                 const c = p.cloneNode(true); \
                 c.querySelectorAll('.rel-time__tip').forEach(e => e.remove()); \
                 return [c.textContent.replace(/\\s+/g, ' ').trim(), t ? t.getAttribute('datetime') : '']",
                vec![],
            )
            .await;
        let text = |i: usize| v[i].as_str().unwrap_or_default().to_owned();
        (text(0), text(1))
    }

    /// Waits until the header's time is `datetime`.
    pub async fn wait_header_synced(&self, datetime: &str) {
        eventually(
            format!("the header's Last synced at {datetime}"),
            || async {
                let (text, shown) = self.header_synced().await;
                seen(shown == datetime, format!("{text:?} ({shown})"))
            },
        )
        .await
    }
}
