//! `make bench-speed-floor`: the plainest Leptos table that shows the production rows' DOM.
//!
//! A keyed `<For>` over rows whose cells are static markup written from the API data, with one
//! signal and one effect per row: the state cell, the only field the bench's updates change. No
//! event listeners (the vanilla table has none either), no per-cell effects, no generation swap
//! or deferred drop. It answers "how close to vanilla can Leptos 0.8 get on this DOM at all?":
//! the production table cannot create rows with less framework work than this. It is a bench
//! fixture, not a table: other field changes are ignored. The runner checks its rows' DOM equal
//! to the vanilla rows'.

use std::collections::HashMap;
use std::sync::Arc;

use contract::{IntegrationUser, IntegrationUserList, ProvisioningState, StatePhase};
use idlcm_users::api::decode_success;
use idlcm_users::components::{Icon, IconKind, StateBadge};
use idlcm_users::model::failure::failure_summary;
use idlcm_users::model::view::{avatar_tone, initials, role_name};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// One row: its wire data (static) and its state (the one reactive field).
#[derive(Clone)]
struct FloorRow {
    id: Arc<str>,
    user: Arc<IntegrationUser>,
    state: ArcRwSignal<ProvisioningState>,
}

/// The rows in order, and by id.
#[derive(Clone, Default)]
pub struct FloorStore {
    rows: ArcRwSignal<Vec<FloorRow>>,
}

impl FloorStore {
    /// Applies a page: known rows update their state, new rows are made, the order is the page's.
    pub fn patch_json(&self, json: &str) -> Result<(), String> {
        let page: IntegrationUserList =
            decode_success(200, json, None).map_err(|e| format!("{e:?}"))?;
        let old: HashMap<Arc<str>, FloorRow> = self
            .rows
            .with_untracked(|r| r.iter().map(|r| (r.id.clone(), r.clone())).collect());
        let mut same_order = old.len() == page.data.len();
        let next: Vec<FloorRow> = page
            .data
            .into_iter()
            .enumerate()
            .map(|(i, u)| match old.get(u.id.as_str()) {
                Some(row) => {
                    let state = u.attributes.provisioning_state.clone();
                    if row.state.with_untracked(|s| *s != state) {
                        row.state.set(state);
                    }
                    same_order = same_order && self.rows.with_untracked(|r| r[i].id == row.id);
                    row.clone()
                }
                None => {
                    same_order = false;
                    FloorRow {
                        id: Arc::from(u.id.as_str()),
                        state: ArcRwSignal::new(u.attributes.provisioning_state.clone()),
                        user: Arc::new(u),
                    }
                }
            })
            .collect();
        if !same_order {
            self.rows.set(next);
        }
        Ok(())
    }

    /// No rows.
    pub fn clear(&self) {
        self.rows.set(Vec::new());
    }
}

/// Puts `window.__mountFloor(tbody)` on the page: it mounts the floor table's rows into that
/// `tbody` (a copy of the table shell) and returns its ops, `{ create, update1, update10th,
/// replace, clear }`, each taking a pre-stringified API page as `window.__bench`'s do.
pub fn expose_mount_floor() {
    let mount_floor =
        Closure::<dyn Fn(web_sys::HtmlElement) -> JsValue>::new(|tbody: web_sys::HtmlElement| {
            let store = FloorStore::default();
            let rows = store.clone();
            leptos::mount::mount_to(tbody, move || floor_rows(rows.clone())).forget();
            let api = js_sys::Object::new();
            for name in ["create", "update1", "update10th", "replace"] {
                let store = store.clone();
                let op =
                    Closure::<dyn Fn(String) -> Result<(), JsValue>>::new(move |json: String| {
                        store.patch_json(&json).map_err(|e| JsValue::from_str(&e))
                    });
                let _ = js_sys::Reflect::set(&api, &name.into(), op.as_ref());
                op.forget();
            }
            let clear = Closure::<dyn Fn()>::new(move || store.clear());
            let _ = js_sys::Reflect::set(&api, &"clear".into(), clear.as_ref());
            clear.forget();
            api.into()
        });
    let _ = js_sys::Reflect::set(&window(), &"__mountFloor".into(), mount_floor.as_ref());
    mount_floor.forget();
}

/// The table body's rows.
pub fn floor_rows(store: FloorStore) -> impl IntoView {
    let rows = store.rows;
    view! { <For each=move || rows.get() key=|r| r.id.clone() let:row>{floor_row(row)}</For> }
}

fn floor_row(row: FloorRow) -> impl IntoView {
    let a = &row.user.attributes;
    let username = a.username_in_app.clone();
    let label = a
        .user
        .as_ref()
        .map(|u| u.display_name.trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| username.clone());
    let user_cells = match a.user.clone() {
        Some(u) => {
            let name = if u.display_name.trim().is_empty() {
                u.email.clone()
            } else {
                u.display_name.clone()
            };
            let tone = avatar_tone(if u.email.is_empty() {
                &u.display_name
            } else {
                &u.email
            });
            Either::Left(view! {
                <th scope="row" class="users-table__cell users-table__cell--user">
                    <span class="user-cell">
                        <span class=format!("user-avatar user-avatar--tone-{tone}") aria-hidden="true">
                            {initials(&u)}
                        </span>
                        <span class="user-cell__text">
                            <button
                                type="button"
                                class="user-cell__name user-cell__name--button"
                                aria-label=format!("Show details of {name}")
                            >
                                {name.clone()}
                            </button>
                            <span class="user-cell__email" title=u.email.clone()>{u.email.clone()}</span>
                        </span>
                    </span>
                </th>
                <td class="users-table__cell users-table__cell--username">
                    <span class="truncate" title=username.clone()>{username.clone()}</span>
                </td>
            })
        }
        None => Either::Right(view! {
            <td class="users-table__cell users-table__cell--user">
                <span class="user-cell user-cell--unmatched">
                    <span class="user-avatar user-avatar--unknown" aria-hidden="true">"?"</span>
                    <span class="user-cell__unknown">"Unknown user"</span>
                </span>
            </td>
            <th scope="row" class="users-table__cell users-table__cell--username">
                <button
                    type="button"
                    class="row-open truncate"
                    title=username.clone()
                    aria-label=format!("Show details of {username}")
                >
                    {username.clone()}
                </button>
            </th>
        }),
    };
    let roles = &a.app_access;
    let roles_view = match roles.len() {
        0 => EitherOf3::A(view! { <span class="roles-cell roles-cell--none">"No roles"</span> }),
        1 => {
            let first = role_name(&roles[0]);
            EitherOf3::B(view! {
                <span class="roles-cell">
                    <span class="roles-cell__name" title=first.clone()>{first.clone()}</span>
                </span>
            })
        }
        n => {
            let first = role_name(&roles[0]);
            EitherOf3::C(view! {
                <span class="roles-cell">
                    <span class="roles-cell__name" title=first.clone()>{first.clone()}</span>
                    <button type="button" class="roles-cell__more">
                        {format!("+{}", n - 1)}
                        <span class="visually-hidden">
                            {format!(" more roles: show all {n} roles of {label}")}
                        </span>
                    </button>
                </span>
            })
        }
    };
    let (pill_text, pill_class) = match a.active_in_app {
        Some(true) => ("Yes", "active-pill active-pill--yes"),
        Some(false) => ("No", "active-pill active-pill--no"),
        None => ("Unknown", "active-pill active-pill--unknown"),
    };
    let upstream = match a.upstream_user_id.clone().filter(|v| !v.is_empty()) {
        Some(v) => {
            let copy = format!("Copy upstream user ID of {label}");
            Either::Left(view! {
                <span class="upstream-id">
                    <span class="upstream-id__value truncate" title=v.clone()>{v.clone()}</span>
                    <span class="copy-button">
                        <button type="button" class="copy-button__button" aria-label=copy.clone() title=copy>
                            <Icon kind=IconKind::Copy/>
                        </button>
                        <span class="copy-button__status" role="status"></span>
                    </span>
                </span>
            })
        }
        None => Either::Right(view! {
            <span class="upstream-id upstream-id--none">
                <span aria-hidden="true">"--"</span>
                <span class="visually-hidden">"None"</span>
            </span>
        }),
    };
    let check_label = format!("Select {label}");
    let state = row.state.clone();
    let id = row.id.clone();
    let user = row.user.clone();
    let state_cell = move || {
        let s = state.get();
        if s.phase() == StatePhase::Failed {
            let tip = format!("failure-tip-{id}");
            let summary = failure_summary(user.attributes.last_error.as_ref());
            Either::Left(view! {
                <span class="state-cell">
                    <span class="failure-tip">
                        <button type="button" class="state-button" aria-describedby=tip.clone()>
                            <StateBadge state=s/>
                            <span class="visually-hidden">{format!(": show the error for {label}")}</span>
                        </button>
                        <span class="failure-tip__text" role="tooltip" id=tip>{summary}</span>
                    </span>
                </span>
            })
        } else {
            Either::Right(view! { <StateBadge state=s/> })
        }
    };
    view! {
        <tr class="users-table__row" data-row-id=row.id.to_string()>
            <td class="users-table__cell users-table__cell--check">
                <input type="checkbox" class="users-table__checkbox" aria-label=check_label/>
            </td>
            {user_cells}
            <td class="users-table__cell users-table__cell--access">{roles_view}</td>
            <td class="users-table__cell users-table__cell--active">
                <span class=pill_class>{pill_text}</span>
            </td>
            <td class="users-table__cell users-table__cell--upstream">{upstream}</td>
            <td class="users-table__cell users-table__cell--state">{state_cell}</td>
        </tr>
    }
}
