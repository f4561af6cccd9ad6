//! The panels that stand in for the tab or its table: no access, and each API error
//! (docs/ARCHITECTURE.md, Errors to UI).

use contract::WorkspaceRole;
use leptos::prelude::*;

use crate::api::{ApiError, ErrorText};
use crate::components::ids::scoped;
use crate::components::{HeadingLevel, PanelStatus, StatusPanel};

/// "You don't have access" and why: which roles may (`required`, from a 403; else the roles
/// that may view users).
pub fn no_access_panel(role: Option<&WorkspaceRole>, required: &[String]) -> impl IntoView {
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

/// The panel for an error that stops the whole tab ([`HeadingLevel::H2`]) or the table (`H3`).
pub fn error_panel(
    e: &ApiError,
    back_href: Option<String>,
    retry: Callback<()>,
    level: HeadingLevel,
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
            let ErrorText { title, message } = other.panel_text();
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
pub fn is_fatal(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::Unauthorized | ApiError::Forbidden { .. } | ApiError::NotFound
    )
}
