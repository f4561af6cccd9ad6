//! The integration header (Figure 1): back link, app icon and name, integration label, ID and
//! "Last synced" in the user's locale and time zone.

use contract::IntegrationResponse;
use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use crate::model::format::format_datetime;
use crate::model::view::safe_image_url;

/// The header of the integration details page.
#[component]
pub fn IntegrationHeader(
    /// The integration.
    integration: IntegrationResponse,
    /// Where "Back to integrations" goes (a relative URL); no link when `None`.
    #[prop(default = None)]
    back_href: Option<String>,
) -> impl IntoView {
    let a = integration.data.attributes;
    let icon = safe_image_url(a.application_icon_url.as_deref());
    let app_name = if a.application_display_name.trim().is_empty() {
        a.application.clone()
    } else {
        a.application_display_name.clone()
    };
    // The first date a page formats loads the browser's locale data: ~25 ms of a cold load,
    // on the way to the first rows (CDP profile, `new Intl.DateTimeFormat`). The header shows
    // at once and the time follows as soon as the page is idle.
    let synced = RwSignal::new(None::<String>);
    match a.last_synced_at.clone() {
        Some(iso) => {
            let format = move || {
                let _ = synced.try_set(Some(format_datetime(&iso)));
            };
            // Safari has no requestIdleCallback: there, right after the current work.
            if request_idle_callback_with_handle(format.clone()).is_err() {
                set_timeout(format, std::time::Duration::ZERO);
            }
        }
        None => synced.set(Some("never".to_owned())),
    }
    view! {
        <header class="integration-header">
            <div class="integration-header__bar">
                {back_href.map(|href| view! {
                    <a class="integration-header__back" href=href>
                        <Icon kind=IconKind::ChevronLeft/>
                        "Integrations"
                    </a>
                })}
                <p class="integration-header__synced">
                    {move || synced.get().map(|when| format!("Last synced: {when}"))}
                </p>
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
