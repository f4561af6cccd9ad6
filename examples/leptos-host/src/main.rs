//! Acme Admin: a Leptos host app whose integration page has its own tabs (Settings · Users ·
//! Entitlements · Activity) as nested routes; the Users tab is `idlcm_users::UsersTab`.
//!
//! The app is served under `/examples/leptos-host/` (`<Router base>`), and every link is
//! relative, so the host's links and the tab's own (`?q=…&sort=…`) work under any base.

use idlcm_users::{ApiConfig, Auth, UrlState, UsersTab};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router base="/examples/leptos-host">
            <header class="host-header">
                <A href="integrations" attr:class="host-brand">"Acme Admin"</A>
                <span class="host-user">"Taylor Simone · Admin"</span>
            </header>
            <div class="host-body">
            <aside class="host-sidebar">
                <nav class="host-nav" aria-label="Acme Admin">
                    <A href="integrations">"Integrations"</A>
                    <A href="reports">"Reports"</A>
                </nav>
            </aside>
            <main class="host-main">
                <Routes fallback=|| view! { <h1>"Page not found"</h1> }>
                    // Redirect navigates from the current URL, which here ends in "/": a
                    // relative "integrations" would give "…//integrations". A leading "/" is
                    // resolved against the router's base.
                    <Route path=path!("/") view=|| view! { <Redirect path="/integrations"/> }/>
                    <Route path=path!("/integrations") view=Integrations/>
                    <Route path=path!("/reports") view=|| placeholder("Reports")/>
                    <ParentRoute path=path!("/integrations/:id") view=Integration>
                        <Route path=path!("") view=|| view! { <Redirect path="users"/> }/>
                        <Route path=path!("settings") view=|| placeholder("Settings")/>
                        <Route path=path!("users") view=Users/>
                        <Route path=path!("entitlements") view=|| placeholder("Entitlements")/>
                        <Route path=path!("activity") view=|| placeholder("Activity")/>
                    </ParentRoute>
                </Routes>
            </main>
            </div>
        </Router>
    }
}

/// The host's list of integrations. This one borrows the tab's own list page (its links are
/// relative: `integrations/{id}/users`); a real host would list them its own way.
#[component]
fn Integrations() -> impl IntoView {
    view! {
        <div class="idlcm-users">
            <idlcm_users::routes::IntegrationsPage/>
        </div>
    }
}

/// The integration page: the host's heading and tabs, then the open tab.
#[component]
fn Integration() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <h1>"Integration"</h1>
        <p class="host-id">"ID: " {id}</p>
        <nav aria-label="Integration sections">
            <ul class="host-tabs">
                <li><A href="settings">"Settings"</A></li>
                <li><A href="users">"Users"</A></li>
                <li><A href="entitlements">"Entitlements"</A></li>
                <li><A href="activity">"Activity"</A></li>
            </ul>
        </nav>
        <Outlet/>
    }
}

/// The Users tab: its search, filters, sort, page and open drawer live in this route's query
/// (`…/users?q=…`), so links, reloads and Back/Forward keep them.
#[component]
fn Users() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    // The host's own session cookie (the default, spelled out).
    let config = ApiConfig::from_page().with_auth(Auth::SameOriginCookie);
    view! {
        <UsersTab integration_id=id config=config url_state=UrlState::Router show_header=false/>
    }
}

/// The host's other tabs and pages.
fn placeholder(title: &'static str) -> impl IntoView {
    view! {
        <h2>{title}</h2>
        <p>{format!("{title} of Acme Admin (a placeholder in this example).")}</p>
    }
}
