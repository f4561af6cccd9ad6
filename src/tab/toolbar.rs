//! The controls above the table, wired to the view state in context: quick filters, the
//! toolbar (search, state filter, matching, activity, columns, export, live status) and the
//! active filter chips. Each reads and writes [`ViewState`] itself.

use contract::{ProvisioningState, UserStats};
use leptos::prelude::*;

use super::columns::Columns;
use super::export::ExportButton;
use super::live::Live;
use super::view_state::{use_view_state, ViewState};
use crate::components::{
    ColumnChooser, FilterChips, LiveStatus, QuickFilters, SearchBox, StateFilter, TriStateSelect,
};
use crate::model::chips::{filter_chips, remove_chip};
use crate::model::UsersQuery;

/// The one-click state filters above the toolbar.
#[component]
pub fn ViewQuickFilters(
    /// The integration's counts per state.
    stats: Signal<Option<UserStats>>,
) -> impl IntoView {
    let view = use_view_state();
    view! {
        <QuickFilters
            stats=stats
            states=view.read(|q| q.states.clone())
            on_filter=view.editor(|q, states: Vec<ProvisioningState>| q.with_states(&states))
        />
    }
}

/// The toolbar: search, the state filter, matching and activity selects, export, live status.
#[component]
pub fn UsersToolbar(
    /// The integration's id (for the export).
    integration_id: Signal<String>,
    /// The integration's counts per state.
    stats: Signal<Option<UserStats>>,
    /// The app's display name (for the export's file name).
    app_name: Signal<String>,
    /// Live updates: the status and the Refresh button.
    live: Live,
    /// The shown columns, for the column chooser.
    columns: Columns,
) -> impl IntoView {
    let view: ViewState = use_view_state();
    view! {
        <div class="toolbar">
            <SearchBox
                value=view.read(|q| q.search.clone())
                on_search=view.editor(|q, text: String| q.with_search(&text))
            />
            <StateFilter
                stats=stats
                selected=view.read(|q| q.states.clone())
                on_toggle=view.editor(|q, s: ProvisioningState| q.with_state_toggled(&s))
            />
            <TriStateSelect
                id="matched-filter"
                label="Matching"
                any_text="All accounts"
                true_text="Matched users"
                false_text="Unmatched accounts"
                value=view.read(|q| q.matched)
                on_change=view.editor(UsersQuery::with_matched)
            />
            <TriStateSelect
                id="active-filter"
                label="Active in app"
                any_text="Any"
                true_text="Active"
                false_text="Inactive"
                value=view.read(|q| q.active)
                on_change=view.editor(UsersQuery::with_active)
            />
            <ColumnChooser columns=columns.shown on_toggle=columns.toggle/>
            <ExportButton integration_id=integration_id list_key=view.list_key app_name=app_name/>
            <LiveStatus
                last_updated=live.last_updated
                now=live.now
                state=live.state
                announcement=live.announcement
                busy=live.busy
                on_refresh=Callback::new(move |()| live.refresh())
            />
        </div>
    }
}

/// The active filters of the list as removable chips, and "Clear all".
#[component]
pub fn ViewFilterChips() -> impl IntoView {
    let view = use_view_state();
    let chips = Signal::derive(move || view.list_key.with(filter_chips));
    view! {
        <FilterChips
            chips=chips
            on_remove=view.editor(|q, key: String| remove_chip(q, &key))
            on_clear=Callback::new(move |()| view.edit(UsersQuery::cleared))
        />
    }
}
