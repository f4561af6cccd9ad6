//! The tab's first requests, started together: `GET /me` (unless the host passed the role),
//! the integration and the first page of users leave as the tab starts, not one after the
//! other (docs/ARCHITECTURE.md, Data flow: start-up). Nothing of the integration renders
//! until the role allows it; the integration and list hooks take these answers on their first
//! run instead of asking again.

use std::future::Future;
use std::pin::Pin;

use contract::{IntegrationResponse, IntegrationUserList};
use leptos::prelude::*;

use super::fetched::Fetched;
use super::view_state::ViewState;
use crate::api::{eager, get_integration, list_users, AbortHandle, ApiConfig, ApiError};
use crate::model::UsersQuery;

/// A request's answer, still to come.
pub type Answer<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// A request already on its way, for the hook that would have made it.
pub struct Started<K, T> {
    /// What it asks for (the integration's id, or the list key and id).
    pub asks_for: K,
    /// Aborts it, when it is not wanted after all.
    pub handle: AbortHandle,
    /// Its answer.
    pub answer: Answer<T>,
}

/// The list key and integration a first page was requested for.
pub type ListTarget = (UsersQuery, String);

/// The integration and the first page, started before the role is known; each is taken once.
#[derive(Clone, Copy)]
pub struct FirstRequests {
    integration: StoredValue<Option<Started<String, IntegrationResponse>>, LocalStorage>,
    list: StoredValue<Option<Started<ListTarget, IntegrationUserList>>, LocalStorage>,
}

impl FirstRequests {
    /// Sends both requests now, for the view state's current list key.
    pub fn send(config: &ApiConfig, integration_id: Signal<String>, view: ViewState) -> Self {
        let id = integration_id.get_untracked();
        let key = view.list_key.get_untracked();
        let integration = {
            let handle = AbortHandle::new();
            let (config, for_id, abort) = (config.clone(), id.clone(), handle.clone());
            let answer: Answer<IntegrationResponse> = Box::pin(eager(async move {
                get_integration(&config, &for_id, &abort).await
            }));
            Started {
                asks_for: id.clone(),
                handle,
                answer,
            }
        };
        let list = {
            let handle = AbortHandle::new();
            let (config, abort, target) = (config.clone(), handle.clone(), (key, id));
            let (key, id) = target.clone();
            let answer: Answer<IntegrationUserList> = Box::pin(eager(async move {
                list_users(&config, &id, &key, &abort).await
            }));
            Started {
                asks_for: target,
                handle,
                answer,
            }
        };
        FirstRequests {
            integration: StoredValue::new_local(Some(integration)),
            list: StoredValue::new_local(Some(list)),
        }
    }

    /// The integration request, if it was for `id` (else it is aborted and `None`).
    pub fn take_integration(&self, id: &str) -> Option<Started<String, IntegrationResponse>> {
        take_if(self.integration, |asks_for| asks_for == id)
    }

    /// The first page, if it was for this key and integration (else it is aborted and `None`).
    pub fn take_list(
        &self,
        key: &UsersQuery,
        id: &str,
    ) -> Option<Started<ListTarget, IntegrationUserList>> {
        take_if(self.list, |(k, i)| k == key && i == id)
    }

    /// The role may not see users: neither answer is wanted.
    pub fn discard(&self) {
        take_if(self.integration, |_| false);
        take_if(self.list, |_| false);
    }
}

/// Takes the request out of its slot; keeps it only if `wanted`, else aborts it.
fn take_if<K: 'static, T: 'static>(
    slot: StoredValue<Option<Started<K, T>>, LocalStorage>,
    wanted: impl FnOnce(&K) -> bool,
) -> Option<Started<K, T>> {
    let started = slot.try_update_value(Option::take).flatten()?;
    if wanted(&started.asks_for) {
        Some(started)
    } else {
        started.handle.abort();
        None
    }
}

/// The longest automatic wait after a 429, whatever `Retry-After` says.
pub const MAX_RATE_LIMIT_WAIT_SECS: u64 = 300;
/// The wait after a 429 without `Retry-After`.
pub const DEFAULT_RATE_LIMIT_WAIT_SECS: u64 = 5;

/// How long to wait after a 429 before the one automatic retry, in milliseconds.
pub fn rate_limit_wait_ms(retry_after_secs: Option<u64>) -> u32 {
    let secs = retry_after_secs
        .unwrap_or(DEFAULT_RATE_LIMIT_WAIT_SECS)
        .min(MAX_RATE_LIMIT_WAIT_SECS);
    // At most 300 s: fits in u32 milliseconds.
    u32::try_from(secs * 1_000).unwrap_or(u32::MAX)
}

/// After a 429 from a start-up request (`/me`, the integration), asks once more when the
/// server allows it, as the list does; a second 429 stays on screen with its Retry button.
pub fn retry_once_after_rate_limit<T: Clone + 'static>(fetched: Fetched<T>) {
    let retried = StoredValue::new(false);
    Effect::new(move |_| {
        let wait = fetched.rate_limited().map(rate_limit_wait_ms);
        if wait.is_none() || retried.get_value() {
            return;
        }
        retried.set_value(true);
        let wait = wait.unwrap_or_default();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(wait).await;
            // Still rate limited (nobody pressed Retry meanwhile), and the tab is still there.
            if fetched.still_rate_limited() == Some(true) {
                fetched.refetch();
            }
        });
    });
}
