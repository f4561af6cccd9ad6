//! The area under the toolbar: the table and its pager, or the panel that stands in for them
//! (no users yet, none match, an error the table can show).

use std::collections::HashSet;

use contract::{PageMeta, SortField};
use leptos::prelude::*;

use super::panels::error_panel;
use super::users_list::ListOutcome;
use super::view_state::use_view_state;
use crate::api::ApiError;
use crate::components::ids::scoped;
use crate::components::{HeadingLevel, Pager, PanelStatus, StatusPanel, UsersTable};
use crate::model::columns::ColumnSet;
use crate::model::{RowStore, UserRow, UsersQuery};

/// What the area under the toolbar shows.
#[derive(Debug, Clone, PartialEq)]
enum Region {
    Table,
    Empty,
    NoMatch,
    Error(ApiError),
}

/// What the table does when a row is used.
#[derive(Clone, Copy)]
pub struct RowActions {
    /// Open the drawer for a row id.
    pub open: Callback<String>,
    /// Open the drawer at a failed row's error.
    pub show_error: Callback<String>,
    /// Retry a failed row's job.
    pub retry: Callback<String>,
}

/// The table with its pager, or the panel in its place.
#[component]
pub fn TableRegion(
    /// The page's rows.
    store: RowStore,
    /// The list's last answer.
    outcome: RwSignal<ListOutcome>,
    /// Selected row ids.
    selected: RwSignal<HashSet<String>>,
    /// Row buttons.
    actions: RowActions,
    /// A refetch is under way.
    busy: ReadSignal<bool>,
    /// The app's display name, for the caption.
    app_name: Signal<String>,
    /// Retry the list (the error panel's button).
    retry: Callback<()>,
    /// The integrations list, for the not-found panel.
    back_href: Option<String>,
    /// The shown columns: a new choice builds a new table.
    columns: RwSignal<ColumnSet>,
    /// The clock of the Last synced column.
    #[prop(into)]
    now: Signal<f64>,
) -> impl IntoView {
    let view = use_view_state();
    let rows: Signal<Vec<UserRow>> = Signal::from(store.rows.clone());
    let generation: Signal<u64> = Signal::from(store.generation.clone());
    let region = Memo::new(move |_| match outcome.get() {
        None => Region::Table,
        Some(Ok(meta)) => {
            if meta.total == 0 && rows.with(Vec::is_empty) {
                if view.list_key.with(UsersQuery::has_filters) {
                    Region::NoMatch
                } else {
                    Region::Empty
                }
            } else {
                Region::Table
            }
        }
        Some(Err(e)) => Region::Error(e),
    });
    let back = StoredValue::new(back_href);
    move || match region.get() {
        Region::Table => view! {
            <UsersTable
                rows=rows
                generation=generation
                sort=view.read(|q| q.sort)
                on_sort=view.editor(|q, f: SortField| q.with_sort_toggled(f))
                selected=selected
                on_open=actions.open
                on_show_error=actions.show_error
                on_retry=actions.retry
                busy=busy
                caption=Signal::derive(move || format!("App users of {}", app_name.get()))
                columns=columns.get()
                now=now
            />
            <ViewPager outcome=outcome rows=rows/>
        }
        .into_any(),
        Region::Empty => view! {
            <StatusPanel
                status=PanelStatus::Empty
                title="No users yet"
                message="When people get an account in this app, they show up here."
                level=HeadingLevel::H3
            />
        }
        .into_any(),
        Region::NoMatch => view! {
            <StatusPanel
                status=PanelStatus::NoMatch
                title="No users match"
                message="Try another search, or clear the filters."
                level=HeadingLevel::H3
            >
                <button
                    type="button"
                    class="button button--primary"
                    id=scoped("users-clear-filters")
                    on:click=move |_| view.edit(UsersQuery::cleared)
                >
                    "Clear filters"
                </button>
            </StatusPanel>
        }
        .into_any(),
        Region::Error(e) => error_panel(&e, back.get_value(), retry, HeadingLevel::H3).into_any(),
    }
}

/// The pager under the table, on the view state's page and size.
#[component]
fn ViewPager(outcome: RwSignal<ListOutcome>, rows: Signal<Vec<UserRow>>) -> impl IntoView {
    let view = use_view_state();
    let meta = Memo::new(move |_| match outcome.get() {
        Some(Ok(m)) => m,
        _ => PageMeta::default(),
    });
    view! {
        <Pager
            page=Signal::derive(move || meta.get().number.max(1))
            total_pages=Signal::derive(move || meta.get().total_pages)
            on_page=Signal::derive(move || rows.with(|r| r.len() as u64))
            total=Signal::derive(move || meta.get().total)
            size=view.read(|q| q.size)
            go_to=view.editor(UsersQuery::with_page)
            set_size=view.editor(UsersQuery::with_size)
        />
    }
}
