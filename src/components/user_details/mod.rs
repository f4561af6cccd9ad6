//! The drawer's content: the account summary, the last error of a failed job, and every role
//! with its description, permissions, how it was granted and when.

use crate::components::ids::scoped;
use contract::{IntegrationUserDetail, LastError, RoleDetail, StatePhase};
use leptos::prelude::*;

use super::active_pill::ActivePill;
use super::focus::focus_when_connected;
use super::state_badge::StateBadge;
use super::user_cell::UserCell;
use crate::model::failure::{code_explanation, suggested_action};
use crate::model::format::format_datetime;
use crate::model::view::{account_label, granted_via_label, role_name};

/// One account's details. Every text is rendered as text, never as HTML.
#[component]
pub fn UserDetails(
    /// The account, roles expanded.
    detail: IntegrationUserDetail,
    /// Retry the failed job (shown when the API allows it).
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
    /// Retry in progress / its outcome message.
    #[prop(optional, into)]
    retry_message: Option<Signal<Option<String>>>,
    /// Scroll to the last error and focus it once shown (the failed badge opened the drawer).
    #[prop(optional)]
    focus_error: bool,
) -> impl IntoView {
    let a = detail.attributes;
    let name = account_label(
        a.user.as_ref().map(|u| u.display_name.as_str()),
        &a.username_in_app,
    );
    let error_ref = NodeRef::<leptos::html::Section>::new();
    if focus_error {
        Effect::new(move |_| {
            if let Some(section) = error_ref.get() {
                // Focusing scrolls it into view; retried on the next frames until attached.
                focus_when_connected(section, 10);
            }
        });
    }
    let state = a.provisioning_state.clone();
    let failed = state.phase() == StatePhase::Failed;
    let description = state.description();
    let changed = a
        .provisioning_state_updated_at
        .as_deref()
        .map(format_datetime);
    let last_error = a.last_error.clone().filter(|_| failed);
    let can_retry = a.can_retry && failed;
    let roles = a.app_access.clone();
    let role_count = roles.len();
    let upstream = a
        .upstream_user_id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "--".to_owned());

    view! {
        <div class="user-details">
            <section class="user-details__section" aria-labelledby=scoped("user-details-account")>
                <h3 class="user-details__heading" id=scoped("user-details-account")>"Account"</h3>
                <div class="user-details__who"><UserCell user=a.user.clone()/></div>
                <dl class="user-details__facts">
                    <div><dt>"Username in app"</dt><dd class="user-details__wrap">{a.username_in_app.clone()}</dd></div>
                    <div><dt>"Active in app"</dt><dd><ActivePill active=a.active_in_app/></dd></div>
                    <div><dt>"Upstream user ID"</dt><dd class="user-details__mono">{upstream}</dd></div>
                    <div>
                        <dt>"Provisioning state"</dt>
                        <dd>
                            <StateBadge state=state.clone()/>
                            <span class="user-details__hint">{description}</span>
                        </dd>
                    </div>
                    {changed.map(|c| view! { <div><dt>"State changed"</dt><dd>{c}</dd></div> })}
                </dl>
            </section>

            {last_error.map(|e| last_error_section(e, error_ref))}

            {on_retry.filter(|_| can_retry).map(|cb| view! {
                <div class="user-details__actions">
                    <button
                        type="button"
                        class="button button--primary"
                        id=scoped("user-details-retry")
                        aria-label=format!("Retry job for {name}")
                        on:click=move |_| cb.run(())
                    >
                        "Retry job"
                    </button>
                    <p class="user-details__retry-message" role="status">
                        {move || retry_message.and_then(|m| m.get()).unwrap_or_default()}
                    </p>
                </div>
            })}

            <section class="user-details__section" aria-labelledby=scoped("user-details-roles")>
                <h3 class="user-details__heading" id=scoped("user-details-roles")>
                    {format!("App access ({role_count} {})", if role_count == 1 { "role" } else { "roles" })}
                </h3>
                {if roles.is_empty() {
                    view! { <p class="user-details__empty">"No roles"</p> }.into_any()
                } else {
                    view! {
                        <ul class="role-list">
                            {roles.into_iter().map(|r| view! { <RoleItem role=r/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
        </div>
    }
}

/// The last error of a failed job; focusable from script only, as the failed badge opens the
/// drawer here.
fn last_error_section(e: LastError, error_ref: NodeRef<leptos::html::Section>) -> impl IntoView {
    let action = e
        .user_action
        .as_deref()
        .map(suggested_action)
        .filter(|s| !s.is_empty());
    let when = e.occurred_at.as_deref().map(format_datetime);
    let meaning = code_explanation(&e.code);
    view! {
        <section
            class="user-details__section user-details__error"
            aria-labelledby=scoped("user-details-error")
            id=scoped("user-details-error-section")
            tabindex="-1"
            node_ref=error_ref
        >
            <h3 class="user-details__heading" id=scoped("user-details-error")>"Last error"</h3>
            <dl class="user-details__facts">
                <div><dt>"Code"</dt><dd class="user-details__mono">{e.code.clone()}</dd></div>
                {meaning.map(|m| view! { <div><dt>"What happened"</dt><dd>{m}</dd></div> })}
                {e.message.clone().map(|m| view! { <div><dt>"Message"</dt><dd>{m}</dd></div> })}
                {action.map(|a| view! { <div><dt>"Suggested action"</dt><dd>{a}</dd></div> })}
                {when.map(|w| view! { <div><dt>"Occurred"</dt><dd>{w}</dd></div> })}
            </dl>
        </section>
    }
}

/// One role with its details.
#[component]
fn RoleItem(role: RoleDetail) -> impl IntoView {
    let name = role_name(&role.role);
    let via = granted_via_label(role.granted_via.as_ref());
    let assigned = role
        .assigned_at
        .as_deref()
        .map(format_datetime)
        .unwrap_or_else(|| "Not reported".to_owned());
    let description = role.description.clone().filter(|d| !d.trim().is_empty());
    let permissions = role.permissions.clone();
    view! {
        <li class="role-list__item">
            <h4 class="role-list__name">{name}</h4>
            {description.map(|d| view! { <p class="role-list__description">{d}</p> })}
            <dl class="user-details__facts user-details__facts--compact">
                <div><dt>"Granted via"</dt><dd>{via}</dd></div>
                <div><dt>"Assigned"</dt><dd>{assigned}</dd></div>
                <div>
                    <dt>"Permissions"</dt>
                    <dd>
                        {if permissions.is_empty() {
                            view! { <span>"Not reported by the app"</span> }.into_any()
                        } else {
                            view! {
                                <ul class="role-list__permissions">
                                    {permissions.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }}
                    </dd>
                </div>
            </dl>
        </li>
    }
}
