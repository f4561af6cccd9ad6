//! `/integrations/{integrationId}/users`: the integration's tabs with the Users tab open.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::tab::UsersTab;

/// The Users tab as a page of its own.
#[component]
pub fn IntegrationUsersPage() -> impl IntoView {
    let params = use_params_map();
    let integration_id =
        Signal::derive(move || params.with(|p| p.get("integration_id").unwrap_or_default()));
    view! {
        <div class="page page--integration">
            // Relative: from …/integrations/{id}/users, two levels up is the list, whatever
            // the router base.
            <UsersTab
                integration_id=integration_id
                back_href="../../integrations"
                below_header=|| view! { <IntegrationTabs/> }
            />
        </div>
    }
}

/// Settings · Users · Entitlements · Activity (Figure 1); only Users exists in this app.
#[component]
fn IntegrationTabs() -> impl IntoView {
    view! {
        <nav class="integration-tabs" aria-label="Integration sections">
            <ul class="integration-tabs__list">
                <li><span class="integration-tabs__item integration-tabs__item--unavailable">"Settings"</span></li>
                <li><a class="integration-tabs__item integration-tabs__item--current" href="users" aria-current="page">"Users"</a></li>
                <li><span class="integration-tabs__item integration-tabs__item--unavailable">"Entitlements"</span></li>
                <li><span class="integration-tabs__item integration-tabs__item--unavailable">"Activity"</span></li>
            </ul>
        </nav>
    }
}
