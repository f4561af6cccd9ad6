//! The table's shell, shared by the table and its loading skeleton: the scroll container with
//! the caption, and the header row of the shown columns with their sort buttons.

use contract::{SortDirection, SortField, SortKey};
use leptos::prelude::*;

use crate::components::icons::{Icon, IconKind};
use crate::components::ids::scoped;
use crate::model::columns::{Column, ColumnSet};

use super::SCROLLER_ID;

const CAPTION_ID: &str = "users-table-caption";

/// The header row of the shown columns. `interactive = false` renders the same boxes without
/// controls (skeleton).
#[component]
pub(super) fn TableHead(
    #[prop(into)] sort: Signal<SortKey>,
    #[prop(optional)] on_sort: Option<Callback<SortField>>,
    #[prop(optional)] select_all: Option<AnyView>,
    columns: ColumnSet,
) -> impl IntoView {
    let interactive = on_sort.is_some();
    view! {
        <thead role="rowgroup">
            <tr role="row">
                <td role="cell" class="users-table__head users-table__cell--check">{select_all}</td>
                {columns
                    .shown()
                    .map(|column| {
                        let (label, field) = (column.label(), column.sort_field());
                        let th_class = format!("users-table__head users-table__cell--{}", column.key());
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
                                    <th scope="col" role="columnheader" class=th_class aria-sort=aria_sort>
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
                            _ => view! { <th scope="col" role="columnheader" class=th_class>{label}</th> }.into_any(),
                        }
                    })
                    .collect_view()}
            </tr>
        </thead>
    }
}

/// The scroll container + table shell shared by the table and its skeleton.
#[component]
pub(super) fn TableFrame(
    #[prop(into)] caption: Signal<String>,
    #[prop(into, optional)] busy: Signal<bool>,
    /// The shown columns (the narrow layouts place Last synced when it is shown).
    columns: ColumnSet,
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
            // Explicit roles throughout: below 56rem of the tab's width the rows are CSS grid
            // boxes (users_table.css), and a browser may then drop the implicit table roles.
            <table
                role="table"
                class="users-table"
                class:users-table--synced=columns.shows(Column::LastSynced)
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
