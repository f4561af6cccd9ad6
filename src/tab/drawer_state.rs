//! Which account's drawer is open. It lives in the view state (`user`), so a link opens it and
//! Back closes it.

use leptos::prelude::*;

use super::view_state::{HistoryMode, ViewState};
use super::UrlState;

/// The open drawer and how to open and close it.
#[derive(Clone, Copy)]
pub struct OpenDrawer {
    /// The account whose drawer is open.
    pub user: Memo<Option<String>>,
    /// Opened from a failed badge: the drawer shows the error first.
    pub at_error: RwSignal<bool>,
    /// Opens the drawer for an account.
    pub open: Callback<String>,
    /// Opens the drawer at an account's last error.
    pub show_error: Callback<String>,
    /// Closes the drawer.
    pub close: Callback<()>,
}

/// The drawer's state over `view`.
pub fn use_open_drawer(view: ViewState) -> OpenDrawer {
    let user = Memo::new(move |_| view.query.with(|q| q.user.clone()));
    let at_error = RwSignal::new(false);
    let opened_here = StoredValue::new(false);
    let open = Callback::new(move |id: String| {
        at_error.set(false);
        opened_here.set_value(true);
        view.go(
            view.query.get_untracked().with_user(Some(id)),
            HistoryMode::Push,
        );
    });
    let show_error = Callback::new(move |id: String| {
        open.run(id);
        at_error.set(true);
    });
    let close = Callback::new(move |()| {
        at_error.set(false);
        if view.url_state == UrlState::Router && opened_here.get_value() {
            // We pushed the entry that opened it: going back keeps history tidy.
            opened_here.set_value(false);
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                if h.back().is_ok() {
                    return;
                }
            }
        }
        // Opened from a link: closing is a step of its own, so Back reopens it.
        view.go(
            view.query.get_untracked().with_user(None),
            HistoryMode::Push,
        );
    });
    OpenDrawer {
        user,
        at_error,
        open,
        show_error,
        close,
    }
}
