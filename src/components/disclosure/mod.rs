//! A toolbar disclosure: a button that opens a panel of options below it, closed like a native
//! menu. Keyboard: the button opens it (Enter, Space), Tab moves through the panel, Esc closes
//! it and gives focus back to the button; leaving it (Tab away, a click elsewhere) closes it.
//! The state filter and the column chooser are two of them.

use leptos::prelude::*;

use super::focus::focus_leaves;
use super::icons::{Icon, IconKind};
use super::ids::scoped;

/// A disclosure button and its panel. `name` gives the root its class (`name`), the button
/// `name__button` and id `name-button`, and the panel `name__panel` and id `name-panel`, beside
/// the shared `disclosure…` classes.
#[component]
pub fn Disclosure(
    /// The class and id prefix, e.g. `state-filter`.
    name: &'static str,
    /// The button's text.
    label: &'static str,
    /// Shown after the label, e.g. how many options are on.
    #[prop(optional, into)]
    badge: Option<ViewFn>,
    /// The panel's options.
    children: Children,
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
    let panel_id = scoped(&format!("{name}-panel"));
    view! {
        <div
            class=format!("disclosure {name}")
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
                id=scoped(&format!("{name}-button"))
                class=format!("toolbar-button {name}__button")
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone()
                node_ref=button_ref
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
                {badge.map(|b| b.run())}
                {move || if open.get() {
                    view! { <Icon kind=IconKind::ChevronUp/> }
                } else {
                    view! { <Icon kind=IconKind::ChevronDown/> }
                }}
            </button>
            <div
                id=panel_id
                class=format!("disclosure__panel {name}__panel")
                tabindex="-1"
                hidden=move || !open.get()
            >
                {children()}
            </div>
        </div>
    }
}

/// One checkbox of a disclosure panel, with its label: the row the state filter and the column
/// chooser both list.
#[component]
pub fn DisclosureOption(
    /// The checkbox's id (already scoped).
    id: String,
    /// The checkbox's value.
    #[prop(into)]
    value: String,
    /// A class for the row besides `disclosure__option`.
    #[prop(optional)]
    class: &'static str,
    /// Whether the box is fixed.
    #[prop(optional)]
    disabled: bool,
    /// Whether the box is ticked.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called when the box is ticked or cleared.
    on_change: Callback<()>,
    /// The label's content.
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() {
        "disclosure__option".to_owned()
    } else {
        format!("disclosure__option {class}")
    };
    view! {
        <div class=class>
            <input
                type="checkbox"
                id=id.clone()
                value=value
                disabled=disabled
                prop:checked=move || checked.get()
                on:change=move |_| on_change.run(())
            />
            <label for=id>{children()}</label>
        </div>
    }
}
