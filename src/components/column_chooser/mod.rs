//! "Columns": a disclosure button and a panel of checkboxes that show or hide the table's
//! columns. Keyboard: the button opens it (Enter, Space), Tab moves through the boxes, Space
//! toggles, Esc closes and gives focus back to the button; leaving it closes it.

use leptos::prelude::*;

use super::focus::focus_leaves;
use super::icons::{Icon, IconKind};
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
    let open = RwSignal::new(false);
    let button_ref = NodeRef::<leptos::html::Button>::new();
    let root_ref = NodeRef::<leptos::html::Div>::new();
    let close_and_refocus = move || {
        open.set(false);
        if let Some(b) = button_ref.get_untracked() {
            let _ = b.focus();
        }
    };
    view! {
        <div
            class="column-chooser"
            node_ref=root_ref
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                if focus_leaves(root_ref.get_untracked().map(Into::into), &ev) {
                    open.set(false);
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    close_and_refocus();
                }
            }
        >
            <button
                type="button"
                id=scoped("column-chooser-button")
                class="toolbar-button column-chooser__button"
                aria-expanded=move || open.get().to_string()
                aria-controls=scoped("column-chooser-panel")
                node_ref=button_ref
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Columns"
                {move || if open.get() {
                    view! { <Icon kind=IconKind::ChevronUp/> }
                } else {
                    view! { <Icon kind=IconKind::ChevronDown/> }
                }}
            </button>
            <div
                id=scoped("column-chooser-panel")
                class="column-chooser__panel"
                tabindex="-1"
                hidden=move || !open.get()
            >
                <fieldset class="column-chooser__group">
                    <legend class="column-chooser__legend">"Show columns"</legend>
                    {Column::ALL
                        .into_iter()
                        .map(|column| {
                            let id = scoped(&format!("column-{}", column.key()));
                            view! {
                                <div class="column-chooser__option">
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
            </div>
        </div>
    }
}
