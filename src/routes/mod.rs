//! The standalone single-page app: router, the integrations list and the Users tab page.

mod integration_users;
mod integrations;

pub use integration_users::IntegrationUsersPage;
pub use integrations::IntegrationsPage;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Redirect, Route, Router};
use leptos_router::path;
use leptos_router::NavigateOptions;

use crate::api::{provide_api_config, ApiConfig};
use crate::components::{PanelStatus, StatusPanel};

/// The standalone app. `base` is the path it is served under ("" at the root); every in-app
/// link is relative, so the same build works under any base.
#[component]
pub fn App(
    /// Router base path ("" at the root, else `/a/b`).
    #[prop(optional, into)]
    base: String,
    /// API config (default: `/api/v1`, session cookie, the page's `<meta>` overrides — see
    /// [`ApiConfig::from_page`]).
    #[prop(optional)]
    config: Option<ApiConfig>,
) -> impl IntoView {
    provide_api_config(config.unwrap_or_else(ApiConfig::from_page));
    view! {
        <Router base=base>
            <main class="idlcm-users idlcm-app">
                <FlatRoutes fallback=|| view! {
                    <StatusPanel status=PanelStatus::NotFound title="Page not found"
                        message="There is nothing at this address."/>
                }>
                    <Route
                        path=path!("/")
                        view=|| view! {
                            <Redirect
                                path="integrations"
                                options=NavigateOptions { replace: true, ..Default::default() }
                            />
                        }
                    />
                    <Route path=path!("/integrations") view=IntegrationsPage/>
                    <Route path=path!("/integrations/:integration_id/users") view=IntegrationUsersPage/>
                </FlatRoutes>
            </main>
        </Router>
    }
}
