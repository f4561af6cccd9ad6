//! A confirmation with the WAI-ARIA APG alert dialog behaviour: `role="alertdialog"`,
//! `aria-modal`, labelled by its title and described by its message; focus starts on the least
//! destructive action (Cancel), Tab wraps, Esc cancels, and focus returns to the opener.
//!
//! It is a `<dialog>` shown with `showModal()`: the browser's top layer makes the rest of the
//! page inert without touching the host's elements, and Esc arrives as its `cancel` event. The
//! `<dialog>` is only the top-layer container (`role="none"`): the panel is the alert dialog.
//!
//! Mount it only while open (e.g. inside `<Show>`).

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::components::ids::scoped;
use leptos::html;
use leptos::prelude::*;

use super::focus::use_modal;

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

    let dialog_ref = NodeRef::<html::Dialog>::new();
    let events = use_modal(Some(dialog_ref), panel_ref, cancel_ref, on_cancel, None);
    let (on_keydown, on_cancel_event) = (events.on_keydown, events.on_cancel);

    view! {
        <dialog
            class="confirm-dialog"
            role="none"
            node_ref=dialog_ref
            on:cancel=move |ev| on_cancel_event(ev)
        >
            // A click outside does not answer the question: only the buttons and Esc do.
            <div class="confirm-dialog__backdrop"></div>
            <div
                class="confirm-dialog__panel"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby=title_id.clone()
                aria-describedby=message_id.clone()
                node_ref=panel_ref
                on:keydown=move |ev| on_keydown(ev)
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
        </dialog>
    }
}
