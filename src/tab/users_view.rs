//! The tab once access is known to be allowed: the integration and its counts, the list, live
//! updates, retries, and the card that shows them.

use contract::{IntegrationResponse, UserStats};
use leptos::prelude::*;

use super::columns::use_columns;
use super::drawer_state::{use_open_drawer, OpenDrawer};
use super::failure_causes::{
    use_failure_causes, FailureCauses, FailureCausesInput, FailureCausesView,
};
use super::fetched::Fetched;
use super::live::Live;
use super::panels::{error_panel, is_fatal};
use super::retry::Retrier;
use super::selection::{use_selection, RetryConfirm, Selection, SelectionBar};
use super::start::{retry_once_after_rate_limit, Answer, FirstRequests};
use super::sync::{use_sync, Syncer};
use super::table_region::{RowActions, TableRegion};
use super::toolbar::{UsersToolbar, ViewFilterChips, ViewQuickFilters};
use super::user_drawer::UserDrawer;
use super::users_list::{use_users_list, UsersList, UsersListInput};
use super::view_state::{use_view_state, ViewState};
use super::DrawerMode;
use crate::api::{eager, get_integration, use_api_config, AbortHandle};
use crate::components::ids::scoped;
use crate::components::UsersTableSkeleton;
use crate::components::{HeadingLevel, IntegrationHeader, IntegrationHeaderSkeleton, SyncNow};
use crate::model::sync::SyncInfo;
use crate::model::view::users_count;
use crate::model::{RowStore, UsersQuery};

/// The integration: its header, app name and first counts.
type Integration = Fetched<IntegrationResponse>;

/// The tab once access is known to be allowed.
#[component]
pub fn UsersView(
    /// The integration's id.
    integration_id: Signal<String>,
    /// The integrations list, for back links.
    back_href: Option<String>,
    /// Whether to draw the integration header.
    show_header: bool,
    /// Drawn between the header and the card.
    below_header: Option<ViewFn>,
    /// The view state (made by the tab, which requested the first page for it).
    view: ViewState,
    /// The integration and first page, already requested as the tab started.
    first: FirstRequests,
    /// How the drawer sits in the page.
    drawer: DrawerMode,
) -> impl IntoView {
    let config = use_api_config();
    let integration = use_integration(integration_id, first);
    retry_once_after_rate_limit(integration);
    let store = RowStore::new();
    let outcome = RwSignal::new(None);
    // Live updates: polls patch the store and the counts while jobs move.
    let live = Live::start(
        config.clone(),
        store.clone(),
        integration_id,
        view.list_key,
        outcome,
    );
    provide_context(live);
    let retrier = Retrier::new(config.clone(), store.clone(), integration_id, live);
    provide_context(retrier);
    // The counts and the sync status: the integration resource's, then each poll's.
    Effect::new(move |_| {
        if let Some(Ok(i)) = integration.get() {
            live.sync.set(Some(SyncInfo::of(&i.data.attributes)));
            live.stats.set(Some(i.data.attributes.user_stats));
        }
    });
    let sync = use_sync(config.clone(), integration_id, live);
    let stats = Signal::derive(move || live.stats.get());
    let list = use_users_list(UsersListInput {
        config,
        integration_id,
        view,
        store: store.clone(),
        live,
        outcome,
        first,
    });
    let fatal = Memo::new(move |_| {
        match integration.get() {
            Some(Err(e)) => return Some(e),
            None => return None,
            Some(Ok(_)) => {}
        }
        match outcome.get() {
            Some(Err(e)) if is_fatal(&e) => Some(e),
            _ => None,
        }
    });
    let selection = use_selection(retrier);
    let causes = use_failure_causes(FailureCausesInput {
        config: use_api_config(),
        integration_id,
        store: store.clone(),
        live,
        view,
    });
    let open_drawer = use_open_drawer(view);
    let app_name = Signal::derive(move || {
        integration
            .get()
            .and_then(Result::ok)
            .map(|i| i.data.attributes.application_display_name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "app".to_owned())
    });
    let retry_all = Callback::new(move |()| {
        integration.refetch();
        list.refetch();
    });
    let back = StoredValue::new(back_href);

    view! {
        <Show
            when=move || fatal.get().is_none()
            // The inner closure keeps the panel in step when one fatal error follows another
            // (a 500, then a 401 on Retry): `Show` re-runs its fallback only when `when` flips.
            fallback=move || {
                // try_: this closure can run once more while the tab is being disposed.
                move || {
                    fatal.try_get().flatten().map(|e| {
                        error_panel(&e, back.try_get_value().flatten(), retry_all, HeadingLevel::H2)
                    })
                }
            }
        >
            {show_header.then(|| header(integration, back, sync, live))}
            {below_header.as_ref().map(ViewFn::run)}
            <UsersCard
                integration_id=integration_id
                store=store.clone()
                list=list
                stats=stats
                app_name=app_name
                live=live
                retrier=retrier
                selection=selection
                causes=causes
                open_drawer=open_drawer
                back_href=back.get_value()
                drawer=drawer
            />
        </Show>
    }
}

/// The integration header with Sync now, or its placeholder until the integration is known.
fn header(
    integration: Integration,
    back: StoredValue<Option<String>>,
    sync: Syncer,
    live: Live,
) -> impl IntoView {
    move || match integration.get() {
        Some(Ok(i)) => view! {
            <IntegrationHeader
                integration=i
                back_href=back.get_value()
                last_synced=sync.last_synced
                now=live.now
            >
                <SyncNow view=sync.view error=sync.error on_sync=sync.start/>
            </IntegrationHeader>
        }
        .into_any(),
        _ => view! { <IntegrationHeaderSkeleton/> }.into_any(),
    }
}

/// The integration: the request the tab started, then a fresh one for each refetch.
fn use_integration(integration_id: Signal<String>, first: FirstRequests) -> Integration {
    let config = use_api_config();
    Fetched::new(move || {
        let id = integration_id.get();
        if let Some(started) = first.take_integration(&id) {
            return started.answer;
        }
        let config = config.clone();
        // Requested now, not after the first view is built (api::eager).
        let answer: Answer<_> = Box::pin(eager(async move {
            get_integration(&config, &id, &AbortHandle::new()).await
        }));
        answer
    })
}

/// The users card: title, filters, toolbar, selection, the table region and the drawer.
#[component]
fn UsersCard(
    integration_id: Signal<String>,
    store: RowStore,
    list: UsersList,
    stats: Signal<Option<UserStats>>,
    app_name: Signal<String>,
    live: Live,
    retrier: Retrier,
    selection: Selection,
    causes: FailureCauses,
    open_drawer: OpenDrawer,
    back_href: Option<String>,
    drawer: DrawerMode,
) -> impl IntoView {
    let view = use_view_state();
    let columns = use_columns();
    // The Last synced cells count in whole minutes: their clock moves once a minute, not with
    // every tick.
    let minute = Memo::new(move |_| (live.now.get() / 60_000.0).floor() * 60_000.0);
    let (pending, set_pending) = signal(false);
    // As many placeholder rows as the first page will have, when the counts are known: the
    // table keeps its height when the rows arrive.
    let skeleton_rows = move || {
        let size = u64::from(view.query.with_untracked(|q| q.size));
        let expected = match stats.get_untracked() {
            Some(s) if !view.query.with_untracked(UsersQuery::has_filters) => s.total.min(size),
            _ => size,
        };
        usize::try_from(expected.max(1)).unwrap_or(1)
    };
    let sort = view.read(|q| q.sort);
    let retry_list = Callback::new(move |()| list.refetch());
    let actions = RowActions {
        open: open_drawer.open,
        show_error: open_drawer.show_error,
        retry: selection.retry_one,
    };
    let drawer_store = StoredValue::new(store.clone());

    view! {
        <section class="users-card" aria-labelledby=scoped("users-card-title")>
            <div class="users-card__head">
                <h2 class="users-card__title" id=scoped("users-card-title")>"App users"</h2>
                <p class="users-card__subtitle">
                    {move || format!("Manage and protect your {} users through Cerby.", app_name.get())}
                </p>
            </div>
            <ViewQuickFilters stats=stats/>
            <FailureCausesView causes=causes/>
            <UsersToolbar integration_id=integration_id stats=stats app_name=app_name live=live columns=columns/>
            <SelectionBar selection=selection retrier=retrier/>
            <ViewFilterChips/>
            {move || view.notice.get().map(|m| view! {
                <p class="users-card__notice" role="alert" data-status="validation">{m}</p>
            })}
            <div class="users-card__body">
                <div class="users-card__progress" class:users-card__progress--on=move || pending.get() aria-hidden="true"></div>
                <Transition
                    fallback=move || view! {
                        <UsersTableSkeleton rows=skeleton_rows() sort=sort columns=columns.shown.get_untracked()/>
                    }
                    set_pending=set_pending
                >
                    // Reading the resource ties the Transition to it; the table itself
                    // reads only the row store, so a refetch never rebuilds it.
                    {move || list.resource.get().map(|_| ())}
                    <TableRegion
                        store=store.clone()
                        outcome=list.outcome
                        selected=selection.selected
                        actions=actions
                        busy=pending
                        app_name=app_name
                        retry=retry_list
                        back_href=back_href.clone()
                        columns=columns.shown
                        now=minute
                    />
                </Transition>
            </div>
            <p class="visually-hidden" role="status" id=scoped("users-result-count")>
                {move || match list.outcome.get() {
                    Some(Ok(m)) => users_count(m.total),
                    _ => String::new(),
                }}
            </p>
        </section>
        <Show when=move || open_drawer.user.get().is_some()>
            <UserDrawer
                integration_id=integration_id
                user_id=Signal::derive(move || open_drawer.user.get().unwrap_or_default())
                store=drawer_store.get_value()
                at_error=open_drawer.at_error
                mode=drawer
                on_close=open_drawer.close
                on_gone=retry_list
            />
        </Show>
        <RetryConfirm selection=selection/>
    }
}
