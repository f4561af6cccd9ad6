//! A confirmation with the WAI-ARIA APG alert dialog behaviour: `role="alertdialog"`,
//! `aria-modal`, labelled by its title and described by its message; focus starts on the least
//! destructive action (Cancel), Tab wraps, Esc cancels, and focus returns to the opener.
//!
//! Mount it only while open (e.g. inside `<Show>`).

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::components::ids::scoped;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::focus::{
    active_element, focus_when_connected, make_others_inert, restore_focus, restore_inert,
    trap_tab, when_connected,
};

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// A modal question with Cancel and one confirming action.
#[component]
pub fn ConfirmDialog(
    /// The question (the dialog's accessible name).
    #[prop(into)]
    title: String,
    /// The confirming button's text, e.g. "Retry 3 jobs".
    #[prop(into)]
    confirm_label: String,
    /// Confirmed; the owner unmounts the dialog.
    on_confirm: Callback<()>,
    /// Cancel or Esc; the owner unmounts the dialog.
    on_cancel: Callback<()>,
    /// The message (the dialog's accessible description).
    children: Children,
) -> impl IntoView {
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let title_id = format!("idl-confirm-title-{n}");
    let message_id = format!("idl-confirm-message-{n}");
    let panel_ref = NodeRef::<html::Div>::new();
    let cancel_ref = NodeRef::<html::Button>::new();

    let root_ref = NodeRef::<html::Div>::new();
    // The rest of the page is inert while a modal is open; undone on close, before focus
    // goes back (an inert element cannot take focus).
    let inert = StoredValue::new_local(Vec::<web_sys::Element>::new());
    let opener = SendWrapper::new(active_element());
    on_cleanup(move || {
        if let Some(changed) = inert.try_update_value(std::mem::take) {
            restore_inert(changed);
        }
        restore_focus(opener.take());
    });
    Effect::new(move |_| {
        if let Some(root) = root_ref.get() {
            when_connected(root.into(), 10, move |root| {
                let changed = make_others_inert(&root);
                if inert.try_set_value(changed.clone()).is_some() {
                    restore_inert(changed);
                }
            });
        }
    });
    Effect::new(move |_| {
        if let Some(button) = cancel_ref.get() {
            focus_when_connected(button.unchecked_into(), 10);
        }
    });

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_cancel.run(());
        }
        "Tab" => {
            if let Some(panel) = panel_ref.get_untracked() {
                trap_tab(&panel, &ev);
            }
        }
        _ => {}
    };

    view! {
        <div class="confirm-dialog" node_ref=root_ref>
            // A click outside does not answer the question: only the buttons and Esc do.
            <div class="confirm-dialog__backdrop"></div>
            <div
                class="confirm-dialog__panel"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby=title_id.clone()
                aria-describedby=message_id.clone()
                node_ref=panel_ref
                on:keydown=on_keydown
            >
                <h2 class="confirm-dialog__title" id=title_id.clone()>{title}</h2>
                <div class="confirm-dialog__message" id=message_id.clone()>{children()}</div>
                <div class="confirm-dialog__actions">
                    <button
                        type="button"
                        class="button"
                        id=scoped("confirm-dialog-cancel")
                        node_ref=cancel_ref
                        on:click=move |_| on_cancel.run(())
                    >
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class="button button--primary"
                        id=scoped("confirm-dialog-confirm")
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm_label}
                    </button>
                </div>
            </div>
        </div>
    }
}
