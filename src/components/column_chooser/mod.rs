//! "Columns": a disclosure (`components::disclosure`: keyboard and closing) with a checkbox per
//! column that shows or hides it; Space toggles a box.

use leptos::prelude::*;

use super::disclosure::Disclosure;
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
                    let id = scoped(&format!("column-{}", column.key()));
                    view! {
                        <div class="disclosure__option column-chooser__option">
                            <input
                                type="checkbox"
                                id=id.clone()
                                value=column.key()
                                // User and Username in app name the row: always shown.
                                disabled=column.is_fixed()
                                prop:checked=move || columns.with(|c| c.shows(column))
                                on:change=move |_| on_toggle.run(column)
                            />
                            <label for=id>{column.label()}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        </Disclosure>
    }
}
