//! The drawer for one account: fetches its details, shows loading and errors inside, retries
//! its job, and puts focus somewhere sensible when its opener is gone.

use std::collections::HashSet;

use contract::{IntegrationUserAttributes, IntegrationUserDetailResponse, RoleDetail, StatePhase};
use leptos::prelude::*;

use super::fetched::Fetched;
use super::history::use_history;
use super::retry::Retrier;
use crate::api::{get_user, use_api_config, AbortHandle, ApiError};
use crate::components::ids::scoped;
use crate::components::users_table::SCROLLER_ID;
use crate::components::{Drawer, DrawerMode, HistoryTimeline, UserDetails};
use crate::model::retry::{retryable, RetryCandidate, RetryOutcome};
use crate::model::view::account_label;
use crate::model::RowStore;

/// The details of one account, or why they are missing (`None` while loading).
type Detail = Fetched<IntegrationUserDetailResponse>;

/// The drawer for one account of the integration.
#[component]
pub fn UserDrawer(
    /// The integration's id.
    integration_id: Signal<String>,
    /// The account's id.
    user_id: Signal<String>,
    /// The page's rows: the title while the details load.
    store: RowStore,
    /// Opened from a failed badge: show the error first.
    at_error: RwSignal<bool>,
    /// Modal dialog or non-modal panel.
    mode: DrawerMode,
    /// Closes the drawer.
    on_close: Callback<()>,
    /// The account is gone (404): refresh the list.
    on_gone: Callback<()>,
) -> impl IntoView {
    let detail = use_user_detail(integration_id, user_id);
    let moving = account_moving(user_id, store.clone(), detail);
    let history = use_history(integration_id, user_id, moving);
    // A 404 means the row is gone: refresh the list once.
    Effect::new(move |_| {
        if let Some(Err(ApiError::NotFound)) = detail.get() {
            on_gone.run(());
        }
    });
    let title = Signal::derive(move || {
        if let Some(Ok(d)) = detail.get() {
            return detail_label(&d.data.attributes);
        }
        let id = user_id.get();
        store.rows.with(|_| ());
        store
            .get(&id)
            .map(|r| r.label_untracked())
            .unwrap_or_else(|| "User details".to_owned())
    });
    let retry_message = RwSignal::new(None::<String>);
    let on_retry = retry_this_user(user_id, detail, retry_message);
    let scroller = scoped(SCROLLER_ID);
    let on_focus_fallback = Callback::new(move |()| {
        let id = user_id.get_untracked();
        focus_row_or_table(&id, &scroller);
    });

    view! {
        <Drawer title=title on_close=on_close on_focus_fallback=on_focus_fallback mode=mode>
            <Transition fallback=|| view! {
                <div class="drawer-status" data-status="loading"><p>"Loading details…"</p></div>
            }>
                {move || detail.get().map(|answer| match answer {
                    Ok(d) => view! {
                        <UserDetails
                            detail=d.data
                            on_retry=on_retry
                            retry_message=retry_message
                            focus_error=at_error.get_untracked()
                        />
                    }
                    .into_any(),
                    Err(ApiError::NotFound) => view! {
                        <div class="drawer-status" data-status="not-found">
                            <p class="drawer-status__title">"This user no longer exists"</p>
                            <p>"The list has been refreshed."</p>
                        </div>
                    }
                    .into_any(),
                    Err(e) => {
                        let request_id = e.request_id().map(str::to_owned);
                        view! {
                            <div class="drawer-status" data-status="error">
                                <p class="drawer-status__title">"Couldn't load this user"</p>
                                <p>{format!("{e}.")}</p>
                                {request_id.map(|id| view! { <p class="status-panel__request-id">"Request ID: "{id}</p> })}
                                <button type="button" class="button" on:click=move |_| detail.refetch()>"Retry"</button>
                            </div>
                        }
                        .into_any()
                    }
                })}
            </Transition>
            <Show when=move || !matches!(detail.get(), Some(Err(ApiError::NotFound)))>
                <HistoryTimeline
                    timeline=history.timeline
                    load=history.load
                    older=history.older
                    now=history.now
                    on_load_older=history.load_older
                    on_retry=history.reload
                />
            </Show>
        </Drawer>
    }
}

/// The account's details; a new account aborts the request for the old one, and so does
/// closing the drawer.
fn use_user_detail(integration_id: Signal<String>, user_id: Signal<String>) -> Detail {
    let config = use_api_config();
    let handle = StoredValue::new_local(AbortHandle::new());
    let detail = Fetched::new(move || {
        let id = integration_id.get();
        let user = user_id.get();
        let h = AbortHandle::new();
        if let Some(old) = handle.try_get_value() {
            old.abort();
        }
        handle.set_value(h.clone());
        let config = config.clone();
        async move { get_user(&config, &id, &user, &h).await }
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_get_value() {
            h.abort();
        }
    });
    detail
}

/// Whether the account's job is awaiting or ongoing: from its row when the page shows it (the
/// tab's polls keep that current), else from its details.
fn account_moving(user_id: Signal<String>, store: RowStore, detail: Detail) -> Signal<bool> {
    Signal::derive(move || {
        let id = user_id.get();
        store.rows.with(|_| ());
        let state = match store.get(&id) {
            Some(row) => row.provisioning_state.get(),
            None => match detail.get() {
                Some(Ok(d)) => d.data.attributes.provisioning_state,
                _ => return false,
            },
        };
        matches!(state.phase(), StatePhase::Awaiting | StatePhase::Ongoing)
    })
}

/// The name of the account the details are about.
fn detail_label(a: &IntegrationUserAttributes<RoleDetail>) -> String {
    account_label(
        a.user.as_ref().map(|u| u.display_name.as_str()),
        &a.username_in_app,
    )
}

/// The drawer's Retry: retries this account's job through the tab's [`Retrier`] and says how it
/// went in `message`, then reloads the details.
fn retry_this_user(
    user_id: Signal<String>,
    detail: Detail,
    message: RwSignal<Option<String>>,
) -> Callback<()> {
    let retrier = use_context::<Retrier>();
    Callback::new(move |()| {
        let Some(retrier) = retrier else {
            return;
        };
        let user = user_id.get_untracked();
        let one: HashSet<String> = std::iter::once(user.clone()).collect();
        let mut rows = retrier.candidates(&one);
        if rows.is_empty() {
            // Not on this page (a deep link): the details say what the row is.
            if let Some(Ok(d)) = detail.get_untracked() {
                let a = d.data.attributes;
                rows.push(RetryCandidate {
                    id: user,
                    label: detail_label(&a),
                    state: a.provisioning_state,
                    can_retry: a.can_retry,
                });
            }
        }
        let rows = retryable(&rows);
        message.set(Some("Retrying…".to_owned()));
        leptos::task::spawn_local(async move {
            let results = retrier.retry(rows).await;
            let text = match results.first().map(|r| &r.outcome) {
                Some(RetryOutcome::Queued) => "The job was queued again.".to_owned(),
                Some(RetryOutcome::NoLongerRetryable) => {
                    "This job can no longer be retried.".to_owned()
                }
                Some(RetryOutcome::Failed(why)) => why.clone(),
                None => "This job cannot be retried now.".to_owned(),
            };
            let _ = message.try_set(Some(text));
            detail.refetch();
        });
    })
}

/// Focus for when the drawer's opener is gone: the row's own button, else the table.
fn focus_row_or_table(row_id: &str, scroller_id: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Ids are validated to [A-Za-z0-9_-] (UsersQuery), so they are safe inside the selector.
    let selector = format!("[data-row-id=\"{row_id}\"] th button");
    let target = doc
        .query_selector(&selector)
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id(scroller_id));
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
