//! The table while its first page loads.

use contract::SortKey;
use leptos::prelude::*;

use super::frame::{TableFrame, TableHead};
use crate::model::columns::{Column, ColumnSet};
use crate::model::view::skeleton_split;

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
    /// The shown columns (the seed's six by default).
    #[prop(optional)]
    columns: ColumnSet,
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
                    colspan=(columns.shown().count() + 1).to_string()
                    style:block-size=format!("calc({spacer} * var(--idl-row-height))")
                ></td>
            </tr>
        }
    });
    view! {
        <div data-status="loading" class="users-table__loading">
            <TableFrame caption="App users (loading)" busy=Signal::stored(true) columns=columns>
                <TableHead sort=sort columns=columns/>
                // One animation per row, not per block: 600 of them at 100 rows made the first
                // style pass ~120 ms longer (bench/RESULTS.md §3).
                <tbody>
                    {(0..drawn)
                        .map(|_| view! {
                            <tr class="users-table__row users-table__row--skeleton skeleton-pulse" aria-hidden="true">
                                <td class="users-table__cell users-table__cell--check"></td>
                                {columns.shown().map(skeleton_cell).collect_view()}
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

/// A placeholder cell shaped like what `column` holds.
fn skeleton_cell(column: Column) -> impl IntoView {
    let block = match column {
        Column::ActiveInApp => "skeleton skeleton--pill",
        Column::AppAccess | Column::ProvisioningState | Column::LastSynced => {
            "skeleton skeleton--short"
        }
        Column::User | Column::Username | Column::UpstreamUserId => "skeleton skeleton--text",
    };
    view! {
        <td class=format!("users-table__cell users-table__cell--{}", column.key())>
            {(column == Column::User).then(|| view! { <span class="skeleton skeleton--avatar"></span> })}
            <span class=block></span>
        </td>
    }
}
