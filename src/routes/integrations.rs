//! `/integrations`: the workspace's integrations, searchable and paged, each linking to its
//! Users tab.

use contract::{Integration, IntegrationList};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;

use crate::api::{list_integrations, use_api_config, AbortHandle, ApiError};
use crate::components::{HeadingLevel, Icon, IconKind, PanelStatus, SearchBox, StatusPanel};
use crate::model::format::format_datetime;
use crate::model::format::thousands;
use crate::model::query::path_segment;
use crate::model::urlenc::join_pairs;
use crate::model::view::users_count;
use crate::tab::Fetched;

const PAGE_SIZE: u32 = 25;

/// The integrations list.
#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let config = use_api_config();
    let query_map = use_query_map();
    let search = Memo::new(move |_| {
        query_map.with(|m| crate::model::query::normalize_search(m.get_str("q").unwrap_or("")))
    });
    let page = Memo::new(move |_| {
        query_map.with(|m| {
            m.get_str("page")
                .and_then(|p| p.parse::<u32>().ok())
                .filter(|p| (1..=1_000_000).contains(p))
                .unwrap_or(1)
        })
    });
    let navigate = SendWrapper::new(use_navigate());
    let go = Callback::new(move |(q, p): (String, u32)| {
        let mut pairs = Vec::new();
        if !q.is_empty() {
            pairs.push(("q", q));
        }
        if p > 1 {
            pairs.push(("page", p.to_string()));
        }
        let s = join_pairs(pairs);
        let url = if s.is_empty() { s } else { format!("?{s}") };
        (*navigate)(
            &url,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });

    let handle = StoredValue::new_local(AbortHandle::new());
    let list = Fetched::new(move || {
        let q = search.get();
        let p = page.get();
        let config = config.clone();
        let h = AbortHandle::new();
        handle.set_value(h.clone());
        async move { list_integrations(&config, &q, p, PAGE_SIZE, &h).await }
    });
    Effect::new(move |prev: Option<(String, u32)>| {
        let now = (search.get(), page.get());
        if prev.is_some_and(|p| p != now) {
            if let Some(h) = handle.try_get_value() {
                h.abort();
            }
        }
        now
    });
    let (pending, set_pending) = signal(false);

    view! {
        <div class="page page--integrations">
            <h1 class="page__title">"Integrations"</h1>
            <section class="users-card" aria-labelledby="integrations-card-title">
                <div class="users-card__head">
                    <h2 class="users-card__title" id="integrations-card-title">"IdLCM integrations"</h2>
                </div>
                <div class="toolbar">
                    <SearchBox
                        value=search
                        on_search=Callback::new(move |text: String| go.run((text, 1)))
                        id="integrations-search"
                        label="Search integrations"
                    />
                </div>
                <Transition
                    fallback=|| view! { <StatusPanel status=PanelStatus::Loading title="Loading integrations…" level=HeadingLevel::H3/> }
                    set_pending=set_pending
                >
                    {move || list.get().map(|answer| match answer {
                        Ok(l) => view! { <IntegrationsTable list=l busy=pending go=go search=search/> }.into_any(),
                        Err(ApiError::Unauthorized) => view! {
                            <StatusPanel status=PanelStatus::Expired title="Your session has expired"
                                message="Sign in again to continue." level=HeadingLevel::H3>
                                <a class="button button--primary" href="" rel="external">"Sign in again"</a>
                            </StatusPanel>
                        }.into_any(),
                        Err(ApiError::Forbidden { .. }) => view! {
                            <StatusPanel status=PanelStatus::NoAccess title="You don't have access to integrations"
                                message="Only a workspace Owner, Super Admin or Admin can see integrations." level=HeadingLevel::H3/>
                        }.into_any(),
                        Err(e) => view! {
                            <StatusPanel status=PanelStatus::Error title="Couldn't load integrations" message=format!("{e}.") level=HeadingLevel::H3>
                                <button type="button" class="button button--primary" on:click=move |_| list.refetch()>"Retry"</button>
                            </StatusPanel>
                        }.into_any(),
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn IntegrationsTable(
    list: IntegrationList,
    #[prop(into)] busy: Signal<bool>,
    go: Callback<(String, u32)>,
    search: Memo<String>,
) -> impl IntoView {
    let meta = list.meta.page;
    if list.data.is_empty() {
        let filtered = !search.get_untracked().is_empty();
        return view! {
            <StatusPanel
                status=if filtered { PanelStatus::NoMatch } else { PanelStatus::Empty }
                title=if filtered { "No integrations match" } else { "No integrations yet" }
                level=HeadingLevel::H3
            />
        }
        .into_any();
    }
    let rows = list
        .data
        .into_iter()
        .map(|i| view! { <IntegrationRow integration=i/> })
        .collect_view();
    let page = meta.number.max(1);
    let pages = meta.total_pages.max(1);
    view! {
        <div class="users-table__scroller" tabindex="0" role="region" aria-labelledby="integrations-caption">
            <table class="users-table" class:users-table--busy=move || busy.get()>
                <caption class="visually-hidden" id="integrations-caption">"Integrations"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="users-table__head">"Integration"</th>
                        <th scope="col" class="users-table__head">"App"</th>
                        <th scope="col" class="users-table__head">"Status"</th>
                        <th scope="col" class="users-table__head">"Users"</th>
                        <th scope="col" class="users-table__head">"Last synced"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="pager">
            <p class="pager__summary">{format!("Page {} of {} - {} integrations", thousands(page), thousands(pages), thousands(meta.total))}</p>
            <div class="pager__controls">
                <button type="button" class="pager__button" aria-label="Previous page" disabled={page <= 1}
                    on:click=move |_| go.run((search.get_untracked(), u32::try_from(page - 1).unwrap_or(1)))>
                    <Icon kind=IconKind::ChevronLeft/>
                </button>
                <button type="button" class="pager__button" aria-label="Next page" disabled={page >= pages}
                    on:click=move |_| go.run((search.get_untracked(), u32::try_from(page + 1).unwrap_or(1)))>
                    <Icon kind=IconKind::ChevronRight/>
                </button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn IntegrationRow(integration: Integration) -> impl IntoView {
    let a = integration.attributes;
    // Relative to /integrations: resolves under any router base.
    let href = format!("integrations/{}/users", path_segment(&integration.id));
    let synced = a
        .last_synced_at
        .as_deref()
        .map(format_datetime)
        .unwrap_or_else(|| "Never".into());
    view! {
        <tr class="users-table__row" data-integration-id=integration.id.clone()>
            <th scope="row" class="users-table__cell users-table__cell--user">
                <a class="integrations__link" href=href>{a.label.clone()}</a>
            </th>
            <td class="users-table__cell">{a.application_display_name.clone()}</td>
            <td class="users-table__cell">{a.status.replace('_', " ")}</td>
            <td class="users-table__cell">{users_count(a.user_stats.total)}</td>
            <td class="users-table__cell">{synced}</td>
        </tr>
    }
}
