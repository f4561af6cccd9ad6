//! The list of one page of users: a `LocalResource` over the view's list key that patches the
//! keyed [`RowStore`] only when its answer is still the latest for the current query, so an old
//! answer is never shown (docs/ARCHITECTURE.md, Data flow: request generations).
//!
//! * A change of query aborts the request in flight, and so does leaving the tab: resources do
//!   not cancel their futures (leptos#4434).
//! * A 429 is retried once, automatically, when the server's `Retry-After` has passed.
//! * A filter the API refuses (400 with a parameter) is reset, and the view says so.
//! * An empty page past the end of a non-empty list (a stale link) jumps to the last page.

use contract::PageMeta;
use leptos::prelude::*;

use super::live::Live;
use super::start::{rate_limit_wait_ms, Answer, FirstRequests};
use super::view_state::{HistoryMode, ViewState};
use crate::api::{eager, list_users, AbortHandle, ApiConfig, ApiError};
use crate::model::paging::past_last_page;
use crate::model::{RowStore, UsersQuery};

/// The last answer of the list: the page's counts, or why there are none (`None` before the
/// first answer).
pub type ListOutcome = Option<Result<PageMeta, ApiError>>;

/// The list's state and how to drive it.
#[derive(Clone, Copy)]
pub struct UsersList {
    /// The resource; reading it ties a `<Transition>` to the fetch. It resolves to `()`: the
    /// rows are in the row store and the counts in [`UsersList::outcome`].
    pub resource: LocalResource<()>,
    /// The last answer that was current when it arrived.
    pub outcome: RwSignal<ListOutcome>,
}

impl UsersList {
    /// Fetches the page again (Retry, a user that is gone).
    pub fn refetch(&self) {
        self.resource.refetch();
    }
}

/// What the list hook works with.
pub struct UsersListInput {
    /// API base and auth.
    pub config: ApiConfig,
    /// The integration whose users are listed.
    pub integration_id: Signal<String>,
    /// The view state: the list key to fetch, and where corrections go.
    pub view: ViewState,
    /// Where the rows go.
    pub store: RowStore,
    /// Told when a fresh page was shown, so it waits a full interval before polling.
    pub live: Live,
    /// Where the answer goes; shared with live updates, whose polls write it too.
    pub outcome: RwSignal<ListOutcome>,
    /// The first page, already requested as the tab started: the first run takes it.
    pub first: FirstRequests,
}

/// The page of users for the current view.
pub fn use_users_list(input: UsersListInput) -> UsersList {
    let UsersListInput {
        config,
        integration_id,
        view,
        store,
        live,
        outcome,
        first,
    } = input;
    let generation = StoredValue::new(0u64);
    let inflight = StoredValue::new_local(None::<(UsersQuery, String, AbortHandle)>);
    // Bumped to refetch from inside the fetcher (the automatic retry after a 429).
    let refresh = RwSignal::new(0u32);
    let resource = LocalResource::new(move || {
        let key = view.list_key.get();
        let id = integration_id.get();
        refresh.track();
        generation.update_value(|g| *g += 1);
        let my_generation = generation.get_value();
        let (handle, answer) = match first.take_list(&key, &id) {
            Some(started) => (started.handle, started.answer),
            None => {
                let handle = AbortHandle::new();
                // Requested now, not after the first view is built (api::eager).
                let answer: Answer<_> = Box::pin(eager({
                    let (config, id, key, handle) =
                        (config.clone(), id.clone(), key.clone(), handle.clone());
                    async move { list_users(&config, &id, &key, &handle).await }
                }));
                (handle, answer)
            }
        };
        inflight.set_value(Some((key.clone(), id.clone(), handle)));
        let store = store.clone();
        async move {
            let answer = answer.await;
            // Only the latest request for the query now in the URL may change the view.
            let current = generation.try_get_value() == Some(my_generation)
                && view.list_key.try_get_untracked().as_ref() == Some(&key)
                && integration_id.try_get_untracked().as_ref() == Some(&id);
            if !current {
                return;
            }
            match answer {
                Err(ApiError::Aborted) => {}
                Ok(page) => {
                    let meta = page.meta.page;
                    let past_end = past_last_page(key.page, page.data.len(), &meta);
                    if let Some(last) = past_end {
                        let user = view.query.get_untracked().user;
                        view.go(key.with_page(last).with_user(user), HistoryMode::Replace);
                        return;
                    }
                    store.patch(&page.data);
                    outcome.set(Some(Ok(meta)));
                    live.mark_loaded();
                }
                Err(ApiError::Validation { parameter, message }) => {
                    // Reset the filter the API refused and say so.
                    view.notice
                        .set(Some(format!("{message}. The filter was reset.")));
                    let fixed = view
                        .query
                        .get_untracked()
                        .without_parameter(parameter.as_deref());
                    view.go(fixed, HistoryMode::Replace);
                }
                Err(e) => {
                    if let ApiError::RateLimited { retry_after_secs } = &e {
                        retry_when_allowed(*retry_after_secs, outcome, refresh);
                    }
                    outcome.set(Some(Err(e)));
                }
            }
        }
    });
    abort_stale_requests(view, integration_id, inflight);
    UsersList { resource, outcome }
}

/// One automatic retry once the server allows it, unless something else answered meanwhile.
fn retry_when_allowed(
    retry_after_secs: Option<u64>,
    outcome: RwSignal<ListOutcome>,
    refresh: RwSignal<u32>,
) {
    let wait = rate_limit_wait_ms(retry_after_secs);
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(wait).await;
        if let Some(Some(Err(ApiError::RateLimited { .. }))) = outcome.try_get_untracked() {
            refresh.update(|n| *n = n.wrapping_add(1));
        }
    });
}

/// A new query aborts the request still running for an old one; leaving the tab aborts any.
fn abort_stale_requests(
    view: ViewState,
    integration_id: Signal<String>,
    inflight: StoredValue<Option<(UsersQuery, String, AbortHandle)>, LocalStorage>,
) {
    Effect::new(move |_| {
        let key = view.list_key.get();
        let id = integration_id.get();
        inflight.with_value(|f| {
            if let Some((k, i, h)) = f {
                if *k != key || *i != id {
                    h.abort();
                }
            }
        });
    });
    on_cleanup(move || {
        let _ = inflight.try_with_value(|f| {
            if let Some((_, _, h)) = f {
                h.abort();
            }
        });
    });
}
