//! The integration header (Figure 1): back link, app icon and name, integration label, ID,
//! "Last synced" relative to now (the absolute time in the user's locale and time zone on hover
//! and focus), and the header's action (Sync now).

use contract::IntegrationResponse;
use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use super::relative_time::{RelativeTime, TipFocus};
use crate::model::format::{format_datetime, time_shown};
use crate::model::view::safe_image_url;

/// The header of the integration details page.
#[component]
pub fn IntegrationHeader(
    /// The integration.
    integration: IntegrationResponse,
    /// Where "Back to integrations" goes (a relative URL); no link when `None`.
    #[prop(default = None)]
    back_href: Option<String>,
    /// When the integration last synced, kept current by polls and syncs (RFC 3339 as it
    /// came); by default the integration's own.
    #[prop(optional, into)]
    last_synced: Option<Signal<Option<String>>>,
    /// The clock (ms since the epoch) the relative time counts from.
    #[prop(optional, into)]
    now: Option<Signal<f64>>,
    /// The header's action, at the end of its main row (Sync now).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let a = integration.data.attributes;
    let icon = safe_image_url(a.application_icon_url.as_deref());
    let app_name = if a.application_display_name.trim().is_empty() {
        a.application.clone()
    } else {
        a.application_display_name.clone()
    };
    let last_synced = last_synced.unwrap_or_else(|| Signal::stored(a.last_synced_at.clone()));
    let now = now.unwrap_or_else(|| Signal::stored(js_sys::Date::now()));
    // The first date a page formats loads the browser's locale data: ~25 ms of a cold load,
    // on the way to the first rows (CDP profile, `new Intl.DateTimeFormat`). The relative time
    // needs none and shows at once; the absolute one follows as soon as the page is idle.
    let idle = RwSignal::new(false);
    let after_idle = move || {
        let _ = idle.try_set(true);
    };
    // Safari has no requestIdleCallback: there, right after the current work.
    if request_idle_callback_with_handle(after_idle).is_err() {
        set_timeout(after_idle, std::time::Duration::ZERO);
    }
    let absolute = Signal::derive(move || {
        if idle.get() {
            last_synced.with(|t| t.as_deref().map(format_datetime))
        } else {
            None
        }
    });
    let synced = move || {
        let shown = last_synced.with(|t| time_shown(t.as_deref(), now.get()));
        view! { <RelativeTime shown=shown absolute=absolute.get() focus=TipFocus::Own never="never"/> }
    };
    view! {
        <header class="integration-header">
            <div class="integration-header__bar">
                {back_href.map(|href| view! {
                    <a class="integration-header__back" href=href>
                        <Icon kind=IconKind::ChevronLeft/>
                        "Integrations"
                    </a>
                })}
                <p class="integration-header__synced">"Last synced: " {synced}</p>
            </div>
            <div class="integration-header__main">
                <span class="integration-header__logo">
                    {match icon {
                        Some(src) => view! { <img src=src alt="" width="40" height="40" referrerpolicy="no-referrer"/> }.into_any(),
                        None => view! { <Icon kind=IconKind::App/> }.into_any(),
                    }}
                </span>
                <div class="integration-header__text">
                    <p class="integration-header__app">{app_name}</p>
                    <h1 class="integration-header__label">{a.label.clone()}</h1>
                    {a.business_id.clone().filter(|b| !b.is_empty()).map(|b| view! {
                        <p class="integration-header__id">{format!("ID {b}")}</p>
                    })}
                </div>
                {children.map(|c| c())}
            </div>
        </header>
    }
}

/// Placeholder of the header's size while the integration loads.
#[component]
pub fn IntegrationHeaderSkeleton() -> impl IntoView {
    view! {
        <header class="integration-header" aria-hidden="true">
            <div class="integration-header__bar"><span class="skeleton skeleton--text skeleton-pulse"></span></div>
            <div class="integration-header__main">
                <span class="integration-header__logo"></span>
                <div class="integration-header__text">
                    <span class="skeleton skeleton--short skeleton-pulse"></span>
                    <span class="skeleton skeleton--text skeleton-pulse"></span>
                </div>
            </div>
        </header>
    }
}
