//! The tab's view state — search, filters, sort, page and the open drawer — and how to change
//! it, provided in context so the toolbar, chips, quick filters, pager and drawer read and
//! write it themselves. The URL is the single source of truth (docs/ARCHITECTURE.md, Data
//! flow); with [`UrlState::Internal`] a signal stands in for it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;

use super::UrlState;
use crate::model::UsersQuery;

/// How a new view state enters the browser history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryMode {
    /// A new entry: the user changed the view, Back undoes it.
    Push,
    /// In place of the current entry: the tab corrected the view (a refused filter, a page
    /// past the end), and Back must not return to the broken one.
    Replace,
}

/// The view state and its writers; `Copy`, so any component can hold it.
#[derive(Clone, Copy)]
pub struct ViewState {
    /// The view as it is now.
    pub query: Memo<UsersQuery>,
    /// The part of it that selects the rows (no open drawer): the list refetches on this.
    pub list_key: Memo<UsersQuery>,
    /// Why the tab just reset a filter the API refused; cleared by the user's next change.
    pub notice: RwSignal<Option<String>>,
    /// Where the tab keeps the state.
    pub url_state: UrlState,
    go: Callback<(UsersQuery, HistoryMode)>,
}

impl ViewState {
    /// Reads the state from the URL (through the router) or keeps it in memory.
    pub fn new(url_state: UrlState) -> Self {
        let (query, go) = match url_state {
            UrlState::Router => in_url(),
            UrlState::Internal => in_memory(),
        };
        ViewState {
            query,
            list_key: Memo::new(move |_| query.with(UsersQuery::list_key)),
            notice: RwSignal::new(None),
            url_state,
            go,
        }
    }

    /// Sets the view state with the given history mode.
    pub fn go(&self, q: UsersQuery, mode: HistoryMode) {
        self.go.run((q, mode));
    }

    /// A user's change: drops any old validation notice and pushes a history entry.
    pub fn change(&self, q: UsersQuery) {
        self.notice.set(None);
        self.go(q, HistoryMode::Push);
    }

    /// A user's change computed from the current state (see [`ViewState::change`]).
    pub fn edit(&self, f: impl FnOnce(&UsersQuery) -> UsersQuery) {
        self.change(self.query.with_untracked(f));
    }

    /// A callback that applies a user's change made from a value (a page, a search text).
    pub fn editor<T: 'static>(self, f: fn(&UsersQuery, T) -> UsersQuery) -> Callback<T> {
        Callback::new(move |v: T| self.edit(|q| f(q, v)))
    }

    /// One part of the view state, as a signal.
    pub fn read<T: Send + Sync + 'static>(self, f: fn(&UsersQuery) -> T) -> Signal<T> {
        Signal::derive(move || self.query.with(f))
    }
}

/// Makes `view` the view state of the components below.
pub fn provide_view_state(view: ViewState) {
    provide_context(view);
}

/// The view state provided above; outside a tab (a component mounted alone) a fresh in-memory
/// one, so nothing panics.
pub fn use_view_state() -> ViewState {
    use_context::<ViewState>().unwrap_or_else(|| ViewState::new(UrlState::Internal))
}

/// The state in the URL query; writes are relative (`?…`), so any router base works.
fn in_url() -> (Memo<UsersQuery>, Callback<(UsersQuery, HistoryMode)>) {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|m| UsersQuery::from_pairs(m.latest_values().map(|(k, v)| (k.as_ref(), v))))
    });
    let navigate = SendWrapper::new(use_navigate());
    let go = Callback::new(move |(q, mode): (UsersQuery, HistoryMode)| {
        // An empty string resolves to the current path without a query.
        (*navigate)(
            &q.to_url_search(),
            NavigateOptions {
                replace: mode == HistoryMode::Replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    (query, go)
}

/// The state in a signal; there is no history to push to.
fn in_memory() -> (Memo<UsersQuery>, Callback<(UsersQuery, HistoryMode)>) {
    let state = RwSignal::new(UsersQuery::default());
    let query = Memo::new(move |_| state.get());
    let go = Callback::new(move |(q, _mode): (UsersQuery, HistoryMode)| state.set(q));
    (query, go)
}
