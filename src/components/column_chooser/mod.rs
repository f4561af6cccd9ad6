//! "Columns": a disclosure (`components::disclosure`: keyboard and closing) with a checkbox per
//! column that shows or hides it; Space toggles a box.

use leptos::prelude::*;

use super::disclosure::{Disclosure, DisclosureOption};
use super::ids::scoped;
use crate::model::columns::{Column, ColumnSet};

/// The column chooser of the toolbar.
#[component]
pub fn ColumnChooser(
    /// The columns shown now.
    #[prop(into)]
    columns: Signal<ColumnSet>,
    /// Shows or hides a column.
    on_toggle: Callback<Column>,
) -> impl IntoView {
    view! {
        <Disclosure name="column-chooser" label="Columns">
        <fieldset class="disclosure__group column-chooser__group">
            <legend class="disclosure__legend">"Show columns"</legend>
            {Column::ALL
                .into_iter()
                .map(|column| {
                    view! {
                        <DisclosureOption
                            id=scoped(&format!("column-{}", column.key()))
                            value=column.key()
                            class="column-chooser__option"
                            // User and Username in app name the row: always shown.
                            disabled=column.is_fixed()
                            checked=Signal::derive(move || columns.with(|c| c.shows(column)))
                            on_change=Callback::new(move |()| on_toggle.run(column))
                        >
                            {column.label()}
                        </DisclosureOption>
                    }
                })
                .collect_view()}
        </fieldset>
        </Disclosure>
    }
}
