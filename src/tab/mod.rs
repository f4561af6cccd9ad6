//! The Users tab: the controller that owns the data (resources, row store, URL state) and
//! composes the presentational components.
//!
//! Data flow (docs/ARCHITECTURE.md, Data flow): the view state — search, filters, sort, paging
//! and the open drawer — lives in the URL ([`view_state`]). The list hook ([`users_list`])
//! fetches the page for it inside a `<Transition>` and patches the keyed row store only with
//! the answer to the latest request; live updates ([`live`]) and retries ([`retry`]) patch the
//! same rows. The components under `tab/` read the view state from context and hand plain
//! props to the presentational ones in `components/`.

mod columns;
mod drawer_state;
mod export;
mod failure_causes;
mod fetched;
mod history;
mod live;
mod panels;
mod retry;
mod selection;
mod start;
mod sync;
mod table_region;
mod toolbar;
mod user_drawer;
mod users_list;
mod users_view;
mod view_state;

use leptos::prelude::*;

use contract::WorkspaceRole;

use crate::api::{eager, get_me, provide_api_config, use_api_config, AbortHandle, ApiConfig};
use crate::components::{HeadingLevel, PanelStatus, StatusPanel};
use panels::{error_panel, no_access_panel};
use start::{retry_once_after_rate_limit, FirstRequests};
use users_view::UsersView;
use view_state::{provide_view_state, ViewState};

pub use crate::components::DrawerMode;
/// For the standalone pages' own fetches (`routes/`).
pub(crate) use fetched::Fetched;

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
    /// The user's workspace role, when the host already knows it: the tab then skips `GET /me`.
    /// The API still decides: a 403 from the integration shows the no-access panel.
    /// (`role=Some(…)`: an `Option`, so a host can pass what it may or may not know.)
    #[prop(optional_no_strip)]
    role: Option<WorkspaceRole>,
) -> impl IntoView {
    if let Some(config) = config {
        provide_api_config(config);
    }
    crate::components::ids::provide_id_scope();
    let config = use_api_config();
    let view = ViewState::new(url_state);
    provide_view_state(view);
    // The integration and the first page leave now, with `/me` (docs/ARCHITECTURE.md, Data
    // flow: start-up); the API answers 403 to a role that may not see them, and nothing of
    // them renders until the role allows it.
    let first = FirstRequests::send(&config, integration_id, view);
    let back = StoredValue::new(back_href);
    // What the tab shows once the role is known.
    let for_role = move |role: WorkspaceRole| {
        if role.can_view_integration_users() {
            view! {
                <UsersView
                    integration_id=integration_id
                    back_href=back.get_value()
                    show_header=show_header
                    below_header=below_header.clone()
                    view=view
                    first=first
                    drawer=drawer
                />
            }
            .into_any()
        } else {
            first.discard();
            no_access_panel(Some(&role), &[]).into_any()
        }
    };
    let body = match role {
        // The host said who the user is: no `/me`.
        Some(role) => for_role(role),
        None => {
            let me = use_me(config);
            view! {
                <Transition fallback=|| view! { <StatusPanel status=PanelStatus::Loading title="Loading…"/> }>
                    {move || {
                        me.get().map(|answer| match answer {
                            Ok(role) => for_role(role),
                            Err(e) => error_panel(&e, back.get_value(), Callback::new(move |()| me.refetch()), HeadingLevel::H2)
                                .into_any(),
                        })
                    }}
                </Transition>
            }
            .into_any()
        }
    };

    view! { <div class=move || root_class(theme.get(), density.get())>{body}</div> }
}

/// The user's workspace role from `GET /me`, asked at once; a 429 is asked again once.
fn use_me(config: ApiConfig) -> Fetched<WorkspaceRole> {
    let me = Fetched::new(move || {
        let config = config.clone();
        // Requested now, not after the loading panel is built (api::eager).
        eager(async move {
            get_me(&config, &AbortHandle::new())
                .await
                .map(|me| me.data.attributes.role)
        })
    });
    retry_once_after_rate_limit(me);
    me
}
