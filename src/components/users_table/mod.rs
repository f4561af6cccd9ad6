//! The users table: native `<table>` with a caption, sortable header buttons, a row header per
//! row, a checkbox column, and rows keyed by id whose cells read per-row signals.

mod deferred_drop;
mod frame;
mod interned;
mod row;
mod skeleton;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::components::ids::{scoped, IdScope};
use contract::{SortField, SortKey};
use leptos::either::Either;
use leptos::prelude::*;

use crate::model::columns::ColumnSet;
use crate::model::UserRow;
use deferred_drop::DeferDrop;
use frame::{TableFrame, TableHead};
pub use row::UserRowView;
pub use skeleton::UsersTableSkeleton;

/// Id of the scroll container (also the focus target of last resort).
pub const SCROLLER_ID: &str = "users-table-scroller";

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
    /// The shown columns (the seed's six by default). A plain value: the tab builds a new
    /// table when the choice changes, so a row holds no effect for a column it does not show.
    #[prop(optional)]
    columns: ColumnSet,
    /// The clock (ms since the epoch) the Last synced column counts from.
    #[prop(optional, into)]
    now: Option<Signal<f64>>,
) -> impl IntoView {
    interned::intern_row_strings();
    let now = now.unwrap_or_else(|| Signal::stored(js_sys::Date::now()));
    let select_all_box = select_all(rows, selected);

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
            <tbody role="rowgroup">
                <For each=each key=|r| r.id.clone() let:row>
                    <UserRowView
                        row=row
                        selected=selected
                        on_open=on_open
                        on_show_error=on_show_error.unwrap_or(on_open)
                        on_retry=on_retry
                        columns=columns
                        now=now
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
        <TableFrame caption=caption busy=busy columns=columns>
            <TableHead sort=sort on_sort=on_sort select_all=select_all_box columns=columns/>
            {swapped_body}
        </TableFrame>
    }
}

/// The header's checkbox: checked when every row of the page is selected, indeterminate when
/// some are; it selects or clears the page's rows.
fn select_all(rows: Signal<Vec<UserRow>>, selected: RwSignal<HashSet<String>>) -> AnyView {
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
    view! {
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
    .into_any()
}
