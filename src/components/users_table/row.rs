//! One row of the users table, its cells reading the row's own signals.

use std::collections::HashSet;

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::active_pill::ActivePill;
use crate::components::copy_button::CopyButton;
use crate::components::icons::{Icon, IconKind};
use crate::components::ids::scoped;
use crate::components::relative_time::{RelativeTime, TipFocus};
use crate::components::roles_cell::{focus_current_target, RolesCell};
use crate::components::state_badge::StateBadge;
use crate::components::user_cell::UserCell;
use crate::model::cells;
use crate::model::columns::{Column, ColumnSet};
use crate::model::format::{format_datetime, time_shown, TimeShown};
use crate::model::view::account_label;
use crate::model::UserRow;

/// One row. Its cells read the row's own signals, so a changed field updates one cell.
///
/// Creating and dropping rows is where the table loses to hand-written DOM code
/// (bench/RESULTS.md §1), so a row has few reactive nodes: each cell is one effect over the
/// fields it shows, and a rerun rebuilds the cell in place (tachys diffs the new attributes and
/// text against the DOM), rather than an effect per attribute.
#[component]
pub fn UserRowView(
    /// The row.
    row: UserRow,
    /// Selected row ids.
    selected: RwSignal<HashSet<String>>,
    /// Open the drawer for this row.
    on_open: Callback<String>,
    /// Open the drawer at this row's last error.
    on_show_error: Callback<String>,
    /// Retry this row's failed job.
    on_retry: Option<Callback<String>>,
    /// The shown columns (the seed's six by default).
    #[prop(optional)]
    columns: ColumnSet,
    /// The clock (ms since the epoch) of the Last synced column; by default the time the row
    /// was made.
    #[prop(optional, into)]
    now: Option<Signal<f64>>,
) -> impl IntoView {
    let id = row.id.to_string();
    let user: Signal<Option<contract::MatchedUser>> = Signal::from(row.user.clone());
    let username: Signal<String> = Signal::from(row.username_in_app.clone());
    let label = Memo::new(move |_| {
        let username = username.get();
        user.with(|u: &Option<contract::MatchedUser>| {
            account_label(u.as_ref().map(|u| u.display_name.as_str()), &username)
        })
    });
    let open = {
        let id = id.clone();
        Callback::new(move |()| on_open.run(id.clone()))
    };
    let checked = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            selected.update(|s| {
                if !s.remove(&id) {
                    s.insert(id.clone());
                }
            })
        }
    };
    let shows = |c: Column| columns.shows(c);
    let access = shows(Column::AppAccess).then(|| {
        view! {
            <td role="cell" class="users-table__cell users-table__cell--access">
                <RolesCell roles=row.app_access.clone() holder=label on_show_all=open/>
            </td>
        }
    });
    let active = shows(Column::ActiveInApp).then(|| {
        view! {
            <td role="cell" class="users-table__cell users-table__cell--active">
                <ActivePill active=row.active_in_app.clone()/>
            </td>
        }
    });
    let upstream = shows(Column::UpstreamUserId).then(|| {
        let upstream: Signal<Option<String>> = Signal::from(row.upstream_user_id.clone());
        view! {
            <td role="cell" class="users-table__cell users-table__cell--upstream">
                {upstream_cell(upstream, label)}
            </td>
        }
    });
    let state = shows(Column::ProvisioningState).then(|| {
        let cell = state_cell(StateCell {
            id: id.clone(),
            row: &row,
            label,
            on_show_error,
            on_retry,
        });
        view! { <td role="cell" class="users-table__cell users-table__cell--state">{cell}</td> }
    });
    // Last synced sits before the state: one branch or the other, so that a hidden column
    // leaves no placeholder node in the row.
    let synced_and_state = if shows(Column::LastSynced) {
        let synced: Signal<Option<String>> = Signal::from(row.last_synced_at.clone());
        let now = now.unwrap_or_else(|| Signal::stored(js_sys::Date::now()));
        Either::Left(view! {
            <td role="cell" class="users-table__cell users-table__cell--synced">
                {synced_cell(synced, now)}
            </td>
            {state}
        })
    } else {
        Either::Right(state)
    };
    let user_view = user_cells(user, username, open);

    view! {
        <tr role="row" class="users-table__row" data-row-id=id>
            <td role="cell" class="users-table__cell users-table__cell--check">
                <input
                    type="checkbox"
                    class="users-table__checkbox"
                    aria-label=move || format!("Select {}", label.get())
                    prop:checked=checked
                    on:change=toggle
                />
            </td>
            // The User and Username cells swap their row-header role together: one effect.
            {user_view}
            {access}
            {active}
            {upstream}
            {synced_and_state}
        </tr>
    }
}

/// The User and Username cells: whichever names the row is its row header, so both are built
/// by one effect.
fn user_cells(
    user: Signal<Option<contract::MatchedUser>>,
    username: Signal<String>,
    open: Callback<()>,
) -> impl IntoView {
    move || {
        let name = username.get();
        let title = name.clone();
        match user.get() {
            Some(matched) => Either::Left(view! {
                <th scope="row" role="rowheader" class="users-table__cell users-table__cell--user">
                    <UserCell user=Some(matched) on_open=open/>
                </th>
                <td role="cell" class="users-table__cell users-table__cell--username">
                    <span class="truncate" title=title>{name}</span>
                </td>
            }),
            // Unmatched: the app username names the row.
            None => {
                let aria = format!("Show details of {name}");
                Either::Right(view! {
                    <td role="cell" class="users-table__cell users-table__cell--user">
                        <UserCell user=None/>
                    </td>
                    <th scope="row" role="rowheader" class="users-table__cell users-table__cell--username">
                        <button
                            type="button"
                            class="row-open truncate"
                            title=title
                            aria-label=aria
                            on:click=move |ev| {
                                focus_current_target(&ev);
                                open.run(());
                            }
                        >
                            {name}
                        </button>
                    </th>
                })
            }
        }
    }
}

/// The upstream user id with a copy button, or "None".
fn upstream_cell(upstream: Signal<Option<String>>, label: Memo<String>) -> impl IntoView {
    move || match upstream.with(|u| cells::upstream_cell(u.as_deref()).map(str::to_owned)) {
        Some(v) => Either::Left(view! {
            <span class="upstream-id">
                <span class="upstream-id__value truncate" title=v.clone()>{v.clone()}</span>
                <CopyButton
                    label=format!("Copy upstream user ID of {}", label.get())
                    value=v
                />
            </span>
        }),
        None => Either::Right(view! {
            <span class="upstream-id upstream-id--none">
                <span aria-hidden="true">"--"</span>
                <span class="visually-hidden">"None"</span>
            </span>
        }),
    }
}

/// When a job or a sync last read the account, relative to `now`; the absolute time on hover
/// and on focus in the row.
fn synced_cell(synced: Signal<Option<String>>, now: Signal<f64>) -> impl IntoView {
    move || {
        let shown = synced.with(|t| time_shown(t.as_deref(), now.get()));
        let absolute = match &shown {
            TimeShown::Readable { iso, .. } => Some(format_datetime(iso)),
            _ => None,
        };
        view! { <RelativeTime shown=shown absolute=absolute focus=TipFocus::Row never="Never"/> }
    }
}

/// What the state cell needs from its row.
struct StateCell<'a> {
    id: String,
    row: &'a UserRow,
    label: Memo<String>,
    on_show_error: Callback<String>,
    on_retry: Option<Callback<String>>,
}

/// The state badge; for a failed job a button with the error as its tooltip, and Retry when
/// the API allows it.
fn state_cell(cell: StateCell<'_>) -> impl IntoView {
    let StateCell {
        id,
        row,
        label,
        on_show_error,
        on_retry,
    } = cell;
    let state: Signal<contract::ProvisioningState> = Signal::from(row.provisioning_state.clone());
    let can_retry: Signal<bool> = Signal::from(row.can_retry.clone());
    let last_error: Signal<Option<contract::LastError>> = Signal::from(row.last_error.clone());
    let show_error = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            focus_current_target(&ev);
            on_show_error.run(id.clone());
        }
    };
    let retry_button = {
        let id = id.clone();
        move || {
            let id = id.clone();
            on_retry.filter(|_| can_retry.get()).map(move |cb| {
                view! {
                    <button
                        type="button"
                        class="row-retry"
                        aria-label=move || format!("Retry job for {}", label.get())
                        on:click=move |_| cb.run(id.clone())
                    >
                        <Icon kind=IconKind::Retry class="row-retry__icon"/>
                        "Retry"
                    </button>
                }
            })
        }
    };
    // Only a failed row needs these: made when its state cell is.
    let failure_tip = move |state: contract::ProvisioningState| {
        let tip_id = scoped(&format!("failure-tip-{id}"));
        let tip_state = state.clone();
        // A failed job needs an admin: the badge says why on hover and focus, and opens the
        // drawer at the error.
        view! {
            <span class="state-cell">
                <span class="failure-tip">
                    <button
                        type="button"
                        class="state-button"
                        aria-describedby=tip_id.clone()
                        on:click=show_error.clone()
                    >
                        <StateBadge state=state/>
                        <span class="visually-hidden">
                            {move || format!(": show the error for {}", label.get())}
                        </span>
                    </button>
                    <span class="failure-tip__text" role="tooltip" id=tip_id>
                        {move || last_error.with(|e| cells::failure_tip(&tip_state, e.as_ref()))}
                    </span>
                </span>
                {retry_button.clone()}
            </span>
        }
    };
    move || {
        let state = state.get();
        if state.phase() == contract::StatePhase::Failed {
            Either::Left(failure_tip(state))
        } else {
            Either::Right(view! { <StateBadge state=state/> })
        }
    }
}
