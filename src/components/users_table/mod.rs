//! The users table: native `<table>` with a caption, sortable header buttons, a row header per
//! row, a checkbox column, and rows keyed by id whose cells read per-row signals.

mod deferred_drop;
mod interned;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::components::ids::{scoped, IdScope};
use contract::{SortDirection, SortField, SortKey};
use leptos::either::Either;
use leptos::prelude::*;

use super::active_pill::ActivePill;
use super::copy_button::CopyButton;
use super::icons::{Icon, IconKind};
use super::roles_cell::{focus_current_target, RolesCell};
use super::state_badge::StateBadge;
use super::user_cell::UserCell;
use crate::model::failure::failure_summary;
use crate::model::view::{account_label, skeleton_split};
use crate::model::UserRow;
use deferred_drop::DeferDrop;

/// Id of the scroll container (also the focus target of last resort).
pub const SCROLLER_ID: &str = "users-table-scroller";
const CAPTION_ID: &str = "users-table-caption";

/// The columns after the checkbox, in order, with their sort field when sortable.
const COLUMNS: [(&str, Option<SortField>, &str); 6] = [
    ("User", Some(SortField::User), "user"),
    (
        "Username in app",
        Some(SortField::UsernameInApp),
        "username",
    ),
    ("App access", None, "access"),
    ("Active in app", Some(SortField::ActiveInApp), "active"),
    (
        "Upstream user ID",
        Some(SortField::UpstreamUserId),
        "upstream",
    ),
    (
        "Provisioning state",
        Some(SortField::ProvisioningState),
        "state",
    ),
];

/// The header row. `interactive = false` renders the same boxes without controls (skeleton).
#[component]
fn TableHead(
    #[prop(into)] sort: Signal<SortKey>,
    #[prop(optional)] on_sort: Option<Callback<SortField>>,
    #[prop(optional)] select_all: Option<AnyView>,
) -> impl IntoView {
    let interactive = on_sort.is_some();
    view! {
        <thead>
            <tr>
                <td class="users-table__head users-table__cell--check">{select_all}</td>
                {COLUMNS
                    .into_iter()
                    .map(|(label, field, class)| {
                        let th_class = format!("users-table__head users-table__cell--{class}");
                        match (field, on_sort) {
                            (Some(field), Some(cb)) if interactive => {
                                let is_sorted = move || sort.get().field == field;
                                let aria_sort = move || {
                                    let s = sort.get();
                                    (s.field == field).then_some(match s.direction {
                                        SortDirection::Ascending => "ascending",
                                        SortDirection::Descending => "descending",
                                    })
                                };
                                view! {
                                    <th scope="col" class=th_class aria-sort=aria_sort>
                                        <button
                                            type="button"
                                            class="sort-button"
                                            class:sort-button--active=is_sorted
                                            id=scoped(&format!("sort-{}", field.as_str()))
                                            on:click=move |_| cb.run(field)
                                        >
                                            {label}
                                            {move || {
                                                let s = sort.get();
                                                let kind = if s.field != field {
                                                    IconKind::SortNone
                                                } else if s.direction == SortDirection::Ascending {
                                                    IconKind::SortAsc
                                                } else {
                                                    IconKind::SortDesc
                                                };
                                                view! { <Icon kind=kind class="sort-button__icon"/> }
                                            }}
                                        </button>
                                    </th>
                                }
                                .into_any()
                            }
                            _ => view! { <th scope="col" class=th_class>{label}</th> }.into_any(),
                        }
                    })
                    .collect_view()}
            </tr>
        </thead>
    }
}

/// The scroll container + table shell shared by the table and its skeleton.
#[component]
fn TableFrame(
    #[prop(into)] caption: Signal<String>,
    #[prop(into, optional)] busy: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <div
            class="users-table__scroller"
            id=scoped(SCROLLER_ID)
            tabindex="0"
            role="region"
            aria-labelledby=scoped(CAPTION_ID)
        >
            <table
                class="users-table"
                class:users-table--busy=move || busy.try_get().unwrap_or(false)
                aria-busy=move || busy.try_get().unwrap_or(false).then_some("true")
            >
                // try_get (here and for `busy`): the tab derives `caption` inside a view closure; when that closure is
                // replaced (an integration error swaps the whole tab for a panel) this effect
                // may run once more after the derived signal is gone. Reading it then must not
                // panic (it did: faults::server_errors…).
                <caption class="visually-hidden" id=scoped(CAPTION_ID)>{move || caption.try_get()}</caption>
                {children()}
            </table>
        </div>
    }
}

/// The users table for one page of rows.
#[component]
pub fn UsersTable(
    /// The rows, in order.
    #[prop(into)]
    rows: Signal<Vec<UserRow>>,
    /// The sort in effect.
    #[prop(into)]
    sort: Signal<SortKey>,
    /// A header button was pressed.
    on_sort: Callback<SortField>,
    /// Selected row ids (kept across pages).
    selected: RwSignal<HashSet<String>>,
    /// Open the drawer for a row id.
    on_open: Callback<String>,
    /// Open the drawer at the last error of a failed row (its badge was pressed); by default
    /// the same as `on_open`.
    #[prop(optional)]
    on_show_error: Option<Callback<String>>,
    /// Retry a failed row's job (the row's Retry button, shown when the API allows it).
    #[prop(optional)]
    on_retry: Option<Callback<String>>,
    /// A refetch is under way: rows dim, `aria-busy` is set.
    #[prop(into)]
    busy: Signal<bool>,
    /// The table's caption (visually hidden).
    #[prop(into)]
    caption: Signal<String>,
    /// [`RowStore::generation`](crate::model::RowStore::generation): when it moves, the rows
    /// were replaced wholesale and the body is rebuilt off-document and swapped in at once.
    #[prop(optional, into)]
    generation: Option<Signal<u64>>,
) -> impl IntoView {
    interned::intern_row_strings();
    let page_ids =
        Memo::new(move |_| rows.with(|r| r.iter().map(|r| r.id.to_string()).collect::<Vec<_>>()));
    let selected_on_page = Memo::new(move |_| {
        let ids = page_ids.get();
        selected.with(|s| ids.iter().filter(|id| s.contains(*id)).count())
    });
    let all = move || {
        let n = page_ids.with(Vec::len);
        n > 0 && selected_on_page.get() == n
    };
    let some = move || {
        let k = selected_on_page.get();
        k > 0 && k < page_ids.with(Vec::len)
    };
    let select_all = view! {
        <input
            type="checkbox"
            id=scoped("users-select-all")
            class="users-table__checkbox"
            aria-label="Select all users on this page"
            prop:checked=all
            prop:indeterminate=some
            on:change=move |_| {
                let ids = page_ids.get_untracked();
                let everything = all();
                selected.update(|s| {
                    for id in ids {
                        if everything {
                            s.remove(&id);
                        } else {
                            s.insert(id);
                        }
                    }
                });
            }
        />
    }
    .into_any();

    let generation = generation.unwrap_or_else(|| Signal::stored(0));
    let body = move || {
        // A replaced body's state lives on until `DeferDrop` drops it, and its `For` still
        // listens to `rows`: once the generation has moved on it must see its own rows again
        // (no change, and it stops listening), not diff the new page into the detached body.
        let built_for = generation.get_untracked();
        let shown = Arc::new(Mutex::new(Vec::new()));
        let each = move || {
            let Ok(mut shown) = shown.lock() else {
                return Vec::new();
            };
            if generation.try_get_untracked() == Some(built_for) {
                *shown = rows.try_get().unwrap_or_default();
            }
            shown.clone()
        };
        view! {
            <tbody>
                <For each=each key=|r| r.id.clone() let:row>
                    <UserRowView
                        row=row
                        selected=selected
                        on_open=on_open
                        on_show_error=on_show_error.unwrap_or(on_open)
                        on_retry=on_retry
                    />
                </For>
            </tbody>
        }
    };
    // Alternating branches make tachys build the new body detached, insert it and remove the
    // old one (two DOM operations); the old rows' views are dropped without touching the DOM,
    // in a later task (`DeferDrop`). The same branch would rebuild in place, i.e. diff row by
    // row.
    // Each body's rows live under an owner of their own (with the tab's id scope): swapping
    // bodies does not dispose the old rows before `DeferDrop` drops their state.
    let id_scope = IdScope::current();
    let swapped_body = move || {
        let scope = id_scope.clone();
        let body = DeferDrop::new(move || scope.provide(), body);
        if generation.get().is_multiple_of(2) {
            Either::Left(body)
        } else {
            Either::Right(body)
        }
    };

    view! {
        <TableFrame caption=caption busy=busy>
            <TableHead sort=sort on_sort=on_sort select_all=select_all/>
            {swapped_body}
        </TableFrame>
    }
}

/// One row. Its cells read the row's own signals, so a changed field updates one cell.
///
/// Creating and dropping rows is where the table loses to hand-written DOM code (bench §1), so a
/// row has few reactive nodes: each cell is one effect over the fields it shows, and a rerun
/// rebuilds the cell in place (tachys diffs the new attributes and text against the DOM), rather
/// than an effect per attribute.
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
    let upstream: Signal<Option<String>> = Signal::from(row.upstream_user_id.clone());
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
    let row_id = id.clone();
    // Only a failed row needs these: made when its state cell is.
    let failure_tip = move |state: contract::ProvisioningState| {
        let tip_id = scoped(&format!("failure-tip-{row_id}"));
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
                        {move || last_error.with(|e| failure_summary(e.as_ref()))}
                    </span>
                </span>
                {retry_button.clone()}
            </span>
        }
    };

    view! {
        <tr class="users-table__row" data-row-id=id>
            <td class="users-table__cell users-table__cell--check">
                <input
                    type="checkbox"
                    class="users-table__checkbox"
                    aria-label=move || format!("Select {}", label.get())
                    prop:checked=checked
                    on:change=toggle
                />
            </td>
            // The User and Username cells swap their row-header role together: one effect.
            {move || {
                let name = username.get();
                let title = name.clone();
                match user.get() {
                    Some(matched) => Either::Left(view! {
                        <th scope="row" class="users-table__cell users-table__cell--user">
                            <UserCell user=Some(matched) on_open=open/>
                        </th>
                        <td class="users-table__cell users-table__cell--username">
                            <span class="truncate" title=title>{name}</span>
                        </td>
                    }),
                    // Unmatched: the app username names the row.
                    None => {
                        let aria = format!("Show details of {name}");
                        Either::Right(view! {
                            <td class="users-table__cell users-table__cell--user">
                                <UserCell user=None/>
                            </td>
                            <th scope="row" class="users-table__cell users-table__cell--username">
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
            }}
            <td class="users-table__cell users-table__cell--access">
                <RolesCell roles=row.app_access.clone() holder=label on_show_all=open/>
            </td>
            <td class="users-table__cell users-table__cell--active">
                <ActivePill active=row.active_in_app.clone()/>
            </td>
            <td class="users-table__cell users-table__cell--upstream">
                {move || match upstream.get() {
                    Some(v) if !v.is_empty() => Either::Left(view! {
                        <span class="upstream-id">
                            <span class="upstream-id__value truncate" title=v.clone()>{v.clone()}</span>
                            <CopyButton
                                label=format!("Copy upstream user ID of {}", label.get())
                                value=v
                            />
                        </span>
                    }),
                    _ => Either::Right(view! {
                        <span class="upstream-id upstream-id--none">
                            <span aria-hidden="true">"--"</span>
                            <span class="visually-hidden">"None"</span>
                        </span>
                    }),
                }}
            </td>
            <td class="users-table__cell users-table__cell--state">
                {move || {
                    let state = state.get();
                    if state.phase() == contract::StatePhase::Failed {
                        Either::Left(failure_tip(state))
                    } else {
                        Either::Right(view! { <StateBadge state=state/> })
                    }
                }}
            </td>
        </tr>
    }
}

/// Placeholder rows of the same height as real ones, under the same header: the first load
/// does not shift the layout. Only a scroller's worth of rows is drawn; one empty spacer row
/// keeps the height of the rest ([`skeleton_split`]).
#[component]
pub fn UsersTableSkeleton(
    /// How many rows the page will have.
    rows: usize,
    /// The sort in effect (the header looks the same as when loaded).
    #[prop(into)]
    sort: Signal<SortKey>,
) -> impl IntoView {
    let viewport = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let (drawn, spacer) = skeleton_split(rows, viewport);
    let spacer = (spacer > 0).then(|| {
        view! {
            <tr class="users-table__spacer" aria-hidden="true">
                <td
                    colspan="7"
                    style:block-size=format!("calc({spacer} * var(--idl-row-height))")
                ></td>
            </tr>
        }
    });
    view! {
        <div data-status="loading" class="users-table__loading">
            <TableFrame caption="App users (loading)" busy=Signal::stored(true)>
                <TableHead sort=sort/>
                // One animation per row, not per block: 600 of them at 100 rows made the first
                // style pass ~120 ms longer (bench/RESULTS.md §3).
                <tbody>
                    {(0..drawn)
                        .map(|_| view! {
                            <tr class="users-table__row users-table__row--skeleton skeleton-pulse" aria-hidden="true">
                                <td class="users-table__cell users-table__cell--check"></td>
                                <td class="users-table__cell">
                                    <span class="skeleton skeleton--avatar"></span>
                                    <span class="skeleton skeleton--text"></span>
                                </td>
                                <td class="users-table__cell"><span class="skeleton skeleton--text"></span></td>
                                <td class="users-table__cell"><span class="skeleton skeleton--short"></span></td>
                                <td class="users-table__cell"><span class="skeleton skeleton--pill"></span></td>
                                <td class="users-table__cell"><span class="skeleton skeleton--text"></span></td>
                                <td class="users-table__cell"><span class="skeleton skeleton--short"></span></td>
                            </tr>
                        })
                        .collect_view()}
                    {spacer}
                </tbody>
            </TableFrame>
            <p class="visually-hidden" role="status">"Loading users"</p>
        </div>
    }
}
