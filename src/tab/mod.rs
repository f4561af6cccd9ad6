//! The Users tab: the controller that owns the data (resources, row store, URL state) and
//! composes the presentational components.
//!
//! Data flow (DESIGN §3): the URL query is the single source of truth for search, filters,
//! sort, paging and the open drawer. A `LocalResource` fetches the page for the list part of the
//! query inside a `<Transition>`; its future patches the keyed [`RowStore`] only if it is still
//! the latest request for the current query, so an old answer is never shown. A change of query
//! aborts the request in flight (resources do not cancel, leptos#4434).

mod export;
mod live;
mod retry;

use std::collections::HashSet;

use crate::components::ids::scoped;
use contract::{IntegrationResponse, PageMeta, ProvisioningState, SortField, WorkspaceRole};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;

use crate::api::{
    eager, get_integration, get_me, get_user, list_users, provide_api_config, use_api_config,
    AbortHandle, ApiConfig, ApiError,
};
use crate::components::{
    BulkBar, ConfirmDialog, Drawer, FilterChip, FilterChips, IntegrationHeader,
    IntegrationHeaderSkeleton, LiveStatus, Pager, PanelStatus, QuickFilters, RetryReport,
    SearchBox, StateFilter, StatusPanel, TriStateSelect, UserDetails, UsersTable,
    UsersTableSkeleton,
};
use crate::model::retry::{retryable, RetryCandidate, RetryOutcome};
use crate::model::view::users_count;
use crate::model::{RowStore, UsersQuery};

/// Where the tab keeps its view state: search, filters, sort, page and the open drawer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlState {
    /// In the URL query, through the `leptos_router` `<Router>` above the tab (any base): links
    /// and Back/Forward work, and the tab writes only relative URLs (`?…`). One instance per
    /// page may own the URL.
    #[default]
    Router,
    /// In memory: the URL is left alone and no router is needed (a host that owns the URL, or a
    /// second instance on the page).
    Internal,
}

/// How the roles drawer sits in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DrawerMode {
    /// A modal dialog over a backdrop (the default).
    #[default]
    Modal,
    /// A non-modal panel (`role="region"`), for hosts that cannot make the rest of the page
    /// inert; Esc still closes it and focus returns to the opener.
    Panel,
}

/// The colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// The system's (`prefers-color-scheme`).
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// How dense the table and controls are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Density {
    /// The default spacing.
    #[default]
    Comfortable,
    /// Shorter rows and tighter spacing.
    Compact,
}

/// The root element's classes for a theme and density: every style of the tab hangs off
/// `idlcm-users`, the modifiers only change tokens.
pub fn root_class(theme: Theme, density: Density) -> String {
    let mut class = String::from("idlcm-users users-tab");
    match theme {
        Theme::System => {}
        Theme::Light => class.push_str(" idlcm-users--light"),
        Theme::Dark => class.push_str(" idlcm-users--dark"),
    }
    if density == Density::Compact {
        class.push_str(" idlcm-users--compact");
    }
    class
}

/// The Users tab of one integration. With [`UrlState::Router`] (the default) it needs a
/// `leptos_router` `<Router>` above it (any base): its state lives in the URL query and it
/// writes only relative URLs.
#[component]
pub fn UsersTab(
    /// The integration's id.
    #[prop(into)]
    integration_id: Signal<String>,
    /// API base and auth; by default the one provided above, else `/api/v1` with the session
    /// cookie.
    #[prop(optional)]
    config: Option<ApiConfig>,
    /// Relative URL of the integrations list, for the header's back link.
    #[prop(optional, into)]
    back_href: Option<String>,
    /// Whether to draw the integration header (a host page may have its own).
    #[prop(default = true)]
    show_header: bool,
    /// Drawn between the header and the card (the standalone page's section tabs).
    #[prop(optional, into)]
    below_header: Option<ViewFn>,
    /// Whether the URL holds the view state (default) or the tab keeps it in memory.
    #[prop(optional)]
    url_state: UrlState,
    /// Modal drawer (default) or a non-modal panel.
    #[prop(optional)]
    drawer: DrawerMode,
    /// Colour scheme (default: the system's).
    #[prop(optional, into)]
    theme: Signal<Theme>,
    /// Density (default: comfortable).
    #[prop(optional, into)]
    density: Signal<Density>,
) -> impl IntoView {
    if let Some(config) = config {
        provide_api_config(config);
    }
    crate::components::ids::provide_id_scope();
    let config = use_api_config();
    // `GET /me` first: a role that may not see users never triggers an integration request.
    let me = LocalResource::new({
        let config = config.clone();
        move || {
            let config = config.clone();
            // Requested now, not after the loading panel is built (api::eager).
            eager(async move { get_me(&config, &AbortHandle::new()).await })
        }
    });
    let back = StoredValue::new(back_href);

    view! {
        <div class=move || root_class(theme.get(), density.get())>
            <Transition fallback=|| view! { <StatusPanel status=PanelStatus::Loading title="Loading…"/> }>
                {move || {
                    me.get()
                        .map(|answer| match answer {
                            Ok(me) => {
                                let role = me.data.attributes.role;
                                if role.can_view_integration_users() {
                                    view! {
                                        <UsersView
                                            integration_id=integration_id
                                            back_href=back.get_value()
                                            show_header=show_header
                                            below_header=below_header.clone()
                                            url_state=url_state
                                            drawer=drawer
                                        />
                                    }
                                    .into_any()
                                } else {
                                    no_access_panel(Some(&role), &[]).into_any()
                                }
                            }
                            Err(e) => error_panel(&e, back.get_value(), Callback::new(move |()| me.refetch()), 2)
                                .into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

/// "You don't have access" and why: which roles may.
fn no_access_panel(role: Option<&WorkspaceRole>, required: &[String]) -> impl IntoView {
    let allowed: Vec<String> = if required.is_empty() {
        WorkspaceRole::VIEWERS
            .iter()
            .map(|r| r.label().to_owned())
            .collect()
    } else {
        required
            .iter()
            .map(|r| WorkspaceRole::from(r.as_str()).label().to_owned())
            .collect()
    };
    let allowed = match allowed.as_slice() {
        [] => "an administrator".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    };
    let yours = role
        .map(|r| format!(" Your workspace role is {}.", r.label()))
        .unwrap_or_default();
    view! {
        <StatusPanel
            status=PanelStatus::NoAccess
            title="You don't have access to this integration"
            message=format!(
                "Only a workspace {allowed} can see an integration's users.{yours} Ask a workspace owner for access."
            )
        />
    }
}

/// The panel for an error that stops the whole tab (or the table, at `level` 3).
fn error_panel(
    e: &ApiError,
    back_href: Option<String>,
    retry: Callback<()>,
    level: u8,
) -> impl IntoView {
    match e {
        ApiError::Unauthorized => view! {
            <StatusPanel
                status=PanelStatus::Expired
                title="Your session has expired"
                message="Sign in again to continue where you left off."
                level=level
            >
                // rel=external: the router must not handle it; the browser reloads the page,
                // which sends the user through sign-in.
                <a class="button button--primary" href="" rel="external">"Sign in again"</a>
            </StatusPanel>
        }
        .into_any(),
        ApiError::Forbidden { required_roles } => no_access_panel(None, required_roles).into_any(),
        ApiError::NotFound => view! {
            <StatusPanel
                status=PanelStatus::NotFound
                title="Integration not found"
                message="It may have been deleted, or the link is incomplete."
                level=level
            >
                {back_href.map(|href| view! { <a class="button" href=href>"Back to integrations"</a> })}
            </StatusPanel>
        }
        .into_any(),
        other => {
            let (title, message) = match other {
                ApiError::RateLimited { retry_after_secs } => (
                    "Too many requests".to_owned(),
                    format!(
                        "The server asked us to slow down. Trying again in {} seconds.",
                        retry_after_secs.unwrap_or(5)
                    ),
                ),
                ApiError::Timeout => (
                    "The server took too long to answer".to_owned(),
                    "Check your connection and try again.".to_owned(),
                ),
                ApiError::Network => (
                    "Can't reach the server".to_owned(),
                    "Check your connection and try again.".to_owned(),
                ),
                ApiError::UnexpectedResponse { status, .. } => (
                    "Something went wrong".to_owned(),
                    format!("The server sent an unexpected response (HTTP {status})."),
                ),
                ApiError::Unavailable { .. } => (
                    "The service is unavailable".to_owned(),
                    "It may be under maintenance. Try again in a few minutes.".to_owned(),
                ),
                e => ("Something went wrong".to_owned(), format!("{e}.")),
            };
            let request_id = other.request_id().map(str::to_owned);
            view! {
                <StatusPanel status=PanelStatus::Error title=title message=message level=level>
                    <button type="button" class="button button--primary" id=scoped("users-retry") on:click=move |_| retry.run(())>
                        "Retry"
                    </button>
                    {request_id.map(|id| view! {
                        <p class="status-panel__request-id">"Request ID: "<span>{id}</span></p>
                    })}
                </StatusPanel>
            }
            .into_any()
        }
    }
}

/// Errors that replace the whole tab rather than the table.
fn is_fatal(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::Unauthorized | ApiError::Forbidden { .. } | ApiError::NotFound
    )
}

/// What the area under the toolbar shows.
#[derive(Debug, Clone, PartialEq)]
enum Region {
    Table,
    Empty,
    NoMatch,
    Error(ApiError),
}

/// The tab once access is known to be allowed.
#[component]
fn UsersView(
    integration_id: Signal<String>,
    back_href: Option<String>,
    show_header: bool,
    below_header: Option<ViewFn>,
    url_state: UrlState,
    drawer: DrawerMode,
) -> impl IntoView {
    let config = use_api_config();
    let (query, go) = view_state(url_state);
    let list_key = Memo::new(move |_| query.with(UsersQuery::list_key));
    let validation_notice = RwSignal::new(None::<String>);
    // A user's change: drop any old validation notice, push a history entry.
    let change = Callback::new(move |q: UsersQuery| {
        validation_notice.set(None);
        go.run((q, false));
    });

    // Integration header + counts.
    let integration = LocalResource::new({
        let config = config.clone();
        move || {
            let id = integration_id.get();
            let config = config.clone();
            // Requested now, not after the first view is built (api::eager).
            eager(async move { get_integration(&config, &id, &AbortHandle::new()).await })
        }
    });

    // The list.
    let store = RowStore::new();
    let outcome = RwSignal::new(None::<Result<PageMeta, ApiError>>);
    // Live updates (issue 4): polls patch the store and the counts while jobs move.
    let live = live::Live::start(
        config.clone(),
        store.clone(),
        integration_id,
        list_key,
        outcome,
    );
    provide_context(live);
    let retrier = retry::Retrier::new(config.clone(), store.clone(), integration_id, live);
    provide_context(retrier);
    // The counts: the integration resource's, then each poll's.
    Effect::new(move |_| {
        if let Some(Ok(i)) = integration.get() {
            let s: IntegrationResponse = i;
            live.stats.set(Some(s.data.attributes.user_stats));
        }
    });
    let stats = Signal::derive(move || live.stats.get());
    let generation = StoredValue::new(0u64);
    let inflight = StoredValue::new_local(None::<(UsersQuery, String, AbortHandle)>);
    // Bumped to refetch from inside the fetcher (the automatic retry after a 429).
    let refresh = RwSignal::new(0u32);
    let list = LocalResource::new({
        let config = config.clone();
        let store = store.clone();
        move || {
            let key = list_key.get();
            let id = integration_id.get();
            refresh.track();
            generation.update_value(|g| *g += 1);
            let my_generation = generation.get_value();
            let handle = AbortHandle::new();
            inflight.set_value(Some((key.clone(), id.clone(), handle.clone())));
            let store = store.clone();
            // Requested now, not after the first view is built (api::eager).
            let answer = eager({
                let (config, id, key) = (config.clone(), id.clone(), key.clone());
                async move { list_users(&config, &id, &key, &handle).await }
            });
            async move {
                let answer = answer.await;
                // Only the latest request for the query now in the URL may change the view.
                let current = generation.try_get_value() == Some(my_generation)
                    && list_key.try_get_untracked().as_ref() == Some(&key)
                    && integration_id.try_get_untracked().as_ref() == Some(&id);
                if !current {
                    return;
                }
                match answer {
                    Err(ApiError::Aborted) => {}
                    Ok(page) => {
                        let meta = page.meta.page;
                        if page.data.is_empty() && meta.total > 0 && key.page > 1 {
                            // Past the last page (a stale link): go to the last one.
                            let last = u32::try_from(meta.total_pages.max(1)).unwrap_or(1);
                            go.run((
                                key.with_page(last).with_user(query.get_untracked().user),
                                true,
                            ));
                            return;
                        }
                        store.patch(&page.data);
                        outcome.set(Some(Ok(meta)));
                        live.mark_loaded();
                    }
                    Err(ApiError::Validation { parameter, message }) => {
                        // Reset the filter the API refused and say so.
                        validation_notice.set(Some(format!("{message}. The filter was reset.")));
                        let fixed = query
                            .get_untracked()
                            .without_parameter(parameter.as_deref());
                        go.run((fixed, true));
                    }
                    Err(e) => {
                        if let ApiError::RateLimited { retry_after_secs } = &e {
                            // One automatic retry once the server allows it.
                            let wait = retry_after_secs.unwrap_or(5).min(300) as u32 * 1_000;
                            leptos::task::spawn_local(async move {
                                gloo_timers::future::TimeoutFuture::new(wait).await;
                                if let Some(Some(Err(ApiError::RateLimited { .. }))) =
                                    outcome.try_get_untracked()
                                {
                                    refresh.update(|n| *n = n.wrapping_add(1));
                                }
                            });
                        }
                        outcome.set(Some(Err(e)));
                    }
                }
            }
        }
    });

    // A new query aborts the request still running for an old one.
    Effect::new(move |_| {
        let key = list_key.get();
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
    let rows: Signal<Vec<crate::model::UserRow>> = Signal::from(store.rows.clone());
    let generation: Signal<u64> = Signal::from(store.generation.clone());
    let shared_store = StoredValue::new(store.clone());
    let region = Memo::new(move |_| match outcome.get() {
        None => Region::Table,
        Some(Ok(meta)) => {
            if meta.total == 0 && rows.with(Vec::is_empty) {
                if list_key.with(UsersQuery::has_filters) {
                    Region::NoMatch
                } else {
                    Region::Empty
                }
            } else {
                Region::Table
            }
        }
        Some(Err(e)) => Region::Error(e),
    });
    let meta = Memo::new(move |_| match outcome.get() {
        Some(Ok(m)) => m,
        _ => PageMeta::default(),
    });

    let (pending, set_pending) = signal(false);
    let selected = RwSignal::new(HashSet::<String>::new());
    // Selected rows are remembered with their signals, so a selection spans pages.
    Effect::new(move |_| selected.with(|s| retrier.remember(s)));
    let candidates = Memo::new(move |_| selected.with(|s| retrier.candidates(s)));
    let to_retry = Memo::new(move |_| candidates.with(|c| retryable(c)));
    // The rows the confirm dialog asks about; `Some` while it is open.
    let confirming = RwSignal::new(None::<Vec<RetryCandidate>>);
    let retry_rows = Callback::new(move |rows: Vec<RetryCandidate>| {
        leptos::task::spawn_local(async move {
            retrier.retry(rows).await;
        });
    });
    let retry_one = Callback::new(move |id: String| {
        let one: HashSet<String> = std::iter::once(id).collect();
        let rows = retryable(&retrier.candidates(&one));
        if !rows.is_empty() {
            retry_rows.run(rows);
        }
    });
    // The failed badge opens the drawer at the error.
    let at_error = RwSignal::new(false);
    let app_name = Signal::derive(move || {
        integration
            .get()
            .and_then(Result::ok)
            .map(|i| i.data.attributes.application_display_name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "app".to_owned())
    });

    // Drawer: open state in the URL (`user`), so a link opens it and Back closes it.
    let open_user = Memo::new(move |_| query.with(|q| q.user.clone()));
    let opened_here = StoredValue::new(false);
    let open = Callback::new(move |id: String| {
        at_error.set(false);
        opened_here.set_value(true);
        go.run((query.get_untracked().with_user(Some(id)), false));
    });
    let close = Callback::new(move |()| {
        at_error.set(false);
        if url_state == UrlState::Router && opened_here.get_value() {
            // We pushed the entry that opened it: going back keeps history tidy.
            opened_here.set_value(false);
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                if h.back().is_ok() {
                    return;
                }
            }
        }
        // Opened from a link: closing is a step of its own, so Back reopens it.
        go.run((query.get_untracked().with_user(None), false));
    });

    let retry_list = Callback::new(move |()| list.refetch());
    let retry_all = Callback::new(move |()| {
        integration.refetch();
        list.refetch();
    });

    let chips = Memo::new(move |_| filter_chips(&list_key.get()));
    // As many placeholder rows as the first page will have, when the counts are known: the
    // table keeps its height when the rows arrive.
    let skeleton_rows = move || {
        let size = u64::from(query.with_untracked(|q| q.size));
        let expected = match stats.get_untracked() {
            Some(s) if !query.with_untracked(UsersQuery::has_filters) => s.total.min(size),
            _ => size,
        };
        usize::try_from(expected.max(1)).unwrap_or(1)
    };
    let sort = Signal::derive(move || query.with(|q| q.sort));

    let back = StoredValue::new(back_href);
    let table_region = move || {
        match region.get() {
        Region::Table => view! {
            <UsersTable
                rows=rows
                generation=generation
                sort=sort
                on_sort=Callback::new(move |f: SortField| change.run(query.get_untracked().with_sort_toggled(f)))
                selected=selected
                on_open=open
                on_show_error=Callback::new(move |id: String| {
                    open.run(id);
                    at_error.set(true);
                })
                on_retry=retry_one
                busy=pending
                caption=Signal::derive(move || format!("App users of {}", app_name.get()))
            />
            <Pager
                page=Signal::derive(move || meta.get().number.max(1))
                total_pages=Signal::derive(move || meta.get().total_pages)
                on_page=Signal::derive(move || rows.with(|r| r.len() as u64))
                total=Signal::derive(move || meta.get().total)
                size=Signal::derive(move || query.with(|q| q.size))
                go_to=Callback::new(move |p: u32| change.run(query.get_untracked().with_page(p)))
                set_size=Callback::new(move |s: u32| change.run(query.get_untracked().with_size(s)))
            />
        }
        .into_any(),
        Region::Empty => view! {
            <StatusPanel
                status=PanelStatus::Empty
                title="No users yet"
                message="When people get an account in this app, they show up here."
                level=3
            />
        }
        .into_any(),
        Region::NoMatch => view! {
            <StatusPanel
                status=PanelStatus::NoMatch
                title="No users match"
                message="Try another search, or clear the filters."
                level=3
            >
                <button
                    type="button"
                    class="button button--primary"
                    id=scoped("users-clear-filters")
                    on:click=move |_| change.run(query.get_untracked().cleared())
                >
                    "Clear filters"
                </button>
            </StatusPanel>
        }
        .into_any(),
        Region::Error(e) => error_panel(&e, back.get_value(), retry_list, 3).into_any(),
    }
    };

    view! {
        <Show
            when=move || fatal.get().is_none()
            // The inner closure keeps the panel in step when one fatal error follows another
            // (a 500, then a 401 on Retry): `Show` re-runs its fallback only when `when` flips.
            fallback=move || {
                // try_: this closure can run once more while the tab is being disposed.
                move || {
                    fatal
                        .try_get()
                        .flatten()
                        .map(|e| error_panel(&e, back.try_get_value().flatten(), retry_all, 2))
                }
            }
        >
            {show_header.then(|| view! {
                {move || match integration.get() {
                    Some(Ok(i)) => view! { <IntegrationHeader integration=i back_href=back.get_value()/> }.into_any(),
                    _ => view! { <IntegrationHeaderSkeleton/> }.into_any(),
                }}
            })}
            {below_header.as_ref().map(ViewFn::run)}
            <section class="users-card" aria-labelledby=scoped("users-card-title")>
                <div class="users-card__head">
                    <h2 class="users-card__title" id=scoped("users-card-title")>"App users"</h2>
                    <p class="users-card__subtitle">
                        {move || format!("Manage and protect your {} users through Cerby.", app_name.get())}
                    </p>
                </div>
                <QuickFilters
                    stats=stats
                    states=Signal::derive(move || query.with(|q| q.states.clone()))
                    on_filter=Callback::new(move |states: Vec<ProvisioningState>| {
                        change.run(query.get_untracked().with_states(&states))
                    })
                />
                <div class="toolbar">
                    <SearchBox
                        value=Signal::derive(move || query.with(|q| q.search.clone()))
                        on_search=Callback::new(move |text: String| change.run(query.get_untracked().with_search(&text)))
                    />
                    <StateFilter
                        stats=stats
                        selected=Signal::derive(move || query.with(|q| q.states.clone()))
                        on_toggle=Callback::new(move |s: ProvisioningState| {
                            change.run(query.get_untracked().with_state_toggled(&s))
                        })
                    />
                    <TriStateSelect
                        id="matched-filter"
                        label="Matching"
                        any_text="All accounts"
                        true_text="Matched users"
                        false_text="Unmatched accounts"
                        value=Signal::derive(move || query.with(|q| q.matched))
                        on_change=Callback::new(move |v| change.run(query.get_untracked().with_matched(v)))
                    />
                    <TriStateSelect
                        id="active-filter"
                        label="Active in app"
                        any_text="Any"
                        true_text="Active"
                        false_text="Inactive"
                        value=Signal::derive(move || query.with(|q| q.active))
                        on_change=Callback::new(move |v| change.run(query.get_untracked().with_active(v)))
                    />
                    <export::ExportButton integration_id=integration_id list_key=list_key app_name=app_name/>
                    <LiveStatus
                        last_updated=live.last_updated
                        now=live.now
                        state=live.state
                        announcement=live.announcement
                        busy=live.busy
                        on_refresh=Callback::new(move |()| live.refresh())
                    />
                </div>
                <Show when=move || selected.with(|s| !s.is_empty())>
                    <BulkBar
                        selected=Signal::derive(move || selected.with(HashSet::len))
                        retryable=Signal::derive(move || to_retry.with(Vec::len))
                        busy=retrier.busy
                        on_retry=Callback::new(move |()| confirming.set(Some(to_retry.get_untracked())))
                        on_clear=Callback::new(move |()| selected.set(HashSet::new()))
                    />
                </Show>
                <RetryReport report=retrier.report on_dismiss=Callback::new(move |()| retrier.report.set(None))/>
                <FilterChips
                    chips=chips
                    on_remove=Callback::new(move |key: String| {
                        change.run(remove_chip(&query.get_untracked(), &key))
                    })
                    on_clear=Callback::new(move |()| change.run(query.get_untracked().cleared()))
                />
                {move || validation_notice.get().map(|m| view! {
                    <p class="users-card__notice" role="alert" data-status="validation">{m}</p>
                })}
                <div class="users-card__body">
                    <div class="users-card__progress" class:users-card__progress--on=move || pending.get() aria-hidden="true"></div>
                    <Transition
                        fallback=move || view! { <UsersTableSkeleton rows=skeleton_rows() sort=sort/> }
                        set_pending=set_pending
                    >
                        // Reading the resource ties the Transition to it; the table itself
                        // reads only the row store, so a refetch never rebuilds it.
                        {move || list.get().map(|_| ())}
                        {table_region}
                    </Transition>
                </div>
                <p class="visually-hidden" role="status" id=scoped("users-result-count")>
                    {move || match outcome.get() {
                        Some(Ok(m)) => users_count(m.total),
                        _ => String::new(),
                    }}
                </p>
            </section>
            <Show when=move || open_user.get().is_some()>
                <UserDrawer
                    integration_id=integration_id
                    user_id=Signal::derive(move || open_user.get().unwrap_or_default())
                    store=shared_store.get_value()
                    at_error=at_error
                    modal=drawer == DrawerMode::Modal
                    on_close=close
                    on_gone=retry_list
                />
            </Show>
            {move || confirming.get().map(|rows| {
                let n = rows.len();
                let jobs = if n == 1 { "job" } else { "jobs" };
                let skipped = selected.with_untracked(HashSet::len).saturating_sub(n);
                let names = rows.iter().map(|r| r.label.clone()).collect::<Vec<_>>();
                view! {
                    <ConfirmDialog
                        title=format!("Retry {n} failed {jobs}?")
                        confirm_label=format!("Retry {n} {jobs}")
                        on_confirm=Callback::new(move |()| {
                            confirming.set(None);
                            retry_rows.run(rows.clone());
                        })
                        on_cancel=Callback::new(move |()| confirming.set(None))
                    >
                        <p>"These accounts' jobs are queued again and run in the next minutes:"</p>
                        <ul class="confirm-dialog__list">
                            {names.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                        </ul>
                        {(skipped > 0).then(|| view! {
                            <p>{format!(
                                "{skipped} selected {} not failed or cannot be retried, and {} left as {}.",
                                if skipped == 1 { "account is" } else { "accounts are" },
                                if skipped == 1 { "is" } else { "are" },
                                if skipped == 1 { "it is" } else { "they are" },
                            )}</p>
                        })}
                    </ConfirmDialog>
                }
            })}
        </Show>
    }
}

/// The view state and how to change it: `(query, go(query, replace))`. In the URL through the
/// router, or in a signal.
fn view_state(url_state: UrlState) -> (Memo<UsersQuery>, Callback<(UsersQuery, bool)>) {
    match url_state {
        UrlState::Router => {
            let query_map = use_query_map();
            let query = Memo::new(move |_| {
                query_map.with(|m| {
                    UsersQuery::from_pairs(m.latest_values().map(|(k, v)| (k.as_ref(), v)))
                })
            });
            let navigate = SendWrapper::new(use_navigate());
            // Writes a query into the URL (relative: only `?…`, so any router base works).
            let go = Callback::new(move |(q, replace): (UsersQuery, bool)| {
                let search = q.to_url_search();
                // An empty string resolves to the current path without a query.
                (*navigate)(
                    &search,
                    NavigateOptions {
                        replace,
                        scroll: false,
                        ..Default::default()
                    },
                );
            });
            (query, go)
        }
        UrlState::Internal => {
            let state = RwSignal::new(UsersQuery::default());
            let query = Memo::new(move |_| state.get());
            let go = Callback::new(move |(q, _replace): (UsersQuery, bool)| state.set(q));
            (query, go)
        }
    }
}

/// The chips for a query's active filters.
fn filter_chips(q: &UsersQuery) -> Vec<FilterChip> {
    let mut chips = Vec::new();
    if !q.search.is_empty() {
        chips.push(FilterChip {
            key: "q".into(),
            text: format!("Search: {}", q.search),
        });
    }
    for s in &q.states {
        chips.push(FilterChip {
            key: format!("state:{}", s.as_str()),
            text: format!("State: {}", s.label()),
        });
    }
    if let Some(m) = q.matched {
        chips.push(FilterChip {
            key: "matched".into(),
            text: if m {
                "Matched users"
            } else {
                "Unmatched accounts"
            }
            .into(),
        });
    }
    if let Some(a) = q.active {
        chips.push(FilterChip {
            key: "active".into(),
            text: if a {
                "Active in app"
            } else {
                "Inactive in app"
            }
            .into(),
        });
    }
    chips
}

/// The query without the filter a chip stands for.
fn remove_chip(q: &UsersQuery, key: &str) -> UsersQuery {
    match key {
        "q" => q.with_search(""),
        "matched" => q.with_matched(None),
        "active" => q.with_active(None),
        k => match k.strip_prefix("state:") {
            Some(s) => q.with_state_toggled(&ProvisioningState::from(s)),
            None => q.clone(),
        },
    }
}

/// The drawer for one account: fetches its details, shows loading and errors inside.
#[component]
fn UserDrawer(
    integration_id: Signal<String>,
    user_id: Signal<String>,
    store: RowStore,
    /// Opened from a failed badge: show the error first.
    at_error: RwSignal<bool>,
    /// Modal dialog or non-modal panel.
    modal: bool,
    on_close: Callback<()>,
    /// The account is gone (404): refresh the list.
    on_gone: Callback<()>,
) -> impl IntoView {
    let config = use_api_config();
    let handle = StoredValue::new_local(AbortHandle::new());
    let detail = LocalResource::new({
        let config = config.clone();
        move || {
            let id = integration_id.get();
            let user = user_id.get();
            let h = AbortHandle::new();
            if let Some(old) = handle.try_get_value() {
                old.abort();
            }
            handle.set_value(h.clone());
            let config = config.clone();
            async move { get_user(&config, &id, &user, &h).await }
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_get_value() {
            h.abort();
        }
    });
    // A 404 means the row is gone: refresh the list once.
    Effect::new(move |_| {
        if let Some(Err(ApiError::NotFound)) = detail.get() {
            on_gone.run(());
        }
    });

    let title = Signal::derive({
        let store = store.clone();
        move || {
            if let Some(Ok(d)) = detail.get() {
                let a = d.data.attributes;
                return a
                    .user
                    .map(|u| u.display_name)
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or(a.username_in_app);
            }
            let id = user_id.get();
            store.rows.with(|_| ());
            store
                .get(&id)
                .map(|r| r.label_untracked())
                .unwrap_or_else(|| "User details".to_owned())
        }
    });

    let retry_message = RwSignal::new(None::<String>);
    let retrier = use_context::<retry::Retrier>();
    let on_retry = Callback::new(move |()| {
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
                    label: a
                        .user
                        .map(|u| u.display_name)
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or(a.username_in_app),
                    state: a.provisioning_state,
                    can_retry: a.can_retry,
                });
            }
        }
        let rows = retryable(&rows);
        retry_message.set(Some("Retrying…".to_owned()));
        leptos::task::spawn_local(async move {
            let results = retrier.retry(rows).await;
            let message = match results.first().map(|r| &r.outcome) {
                Some(RetryOutcome::Queued) => "The job was queued again.".to_owned(),
                Some(RetryOutcome::NoLongerRetryable) => {
                    "This job can no longer be retried.".to_owned()
                }
                Some(RetryOutcome::Failed(why)) => why.clone(),
                None => "This job cannot be retried now.".to_owned(),
            };
            let _ = retry_message.try_set(Some(message));
            detail.refetch();
        });
    });

    let scroller = crate::components::ids::scoped(crate::components::users_table::SCROLLER_ID);
    let on_focus_fallback = Callback::new(move |()| {
        let id = user_id.get_untracked();
        focus_row_or_table(&id, &scroller);
    });

    view! {
        <Drawer title=title on_close=on_close on_focus_fallback=on_focus_fallback modal=modal>
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
        </Drawer>
    }
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
