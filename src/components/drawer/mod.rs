//! A side drawer with the WAI-ARIA APG modal dialog behaviour: `role="dialog"`,
//! `aria-modal="true"`, labelled by its title; focus moves in on open, Tab and Shift+Tab wrap,
//! Esc, the Close button and a backdrop click close it, and focus returns to the element that
//! opened it (or to a fallback the owner chooses, when that element is gone).
//!
//! Mount it only while open (e.g. inside `<Show>`): opening = mounting, closing = unmounting.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html;
use leptos::prelude::*;

use super::focus::use_modal;
use super::icons::{Icon, IconKind};

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// How the drawer sits in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DrawerMode {
    /// A modal dialog over a backdrop (the default).
    #[default]
    Modal,
    /// A non-modal panel (`role="region"`), for hosts that cannot make the rest of the page
    /// inert; Esc still closes it and focus returns to the opener.
    Panel,
}

/// The drawer shell: title bar with a Close button, and the children below.
#[component]
pub fn Drawer(
    /// The dialog's title (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Called by Esc, the Close button and a backdrop click; the owner unmounts the drawer.
    on_close: Callback<()>,
    /// Called on close when the element that opened the drawer is gone or was the page body;
    /// it should focus something sensible (e.g. the row).
    #[prop(optional)]
    on_focus_fallback: Option<Callback<()>>,
    /// Modal dialog (the default) or a non-modal `role="region"` panel, for hosts that cannot
    /// make the rest of the page inert (docs/ARCHITECTURE.md, Embedding).
    #[prop(optional)]
    mode: DrawerMode,
    /// The drawer's content.
    children: Children,
) -> impl IntoView {
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let title_id = format!("idl-drawer-title-{n}");
    let panel_ref = NodeRef::<html::Div>::new();
    let close_ref = NodeRef::<html::Button>::new();

    let root_ref = NodeRef::<html::Div>::new();
    let modal = mode == DrawerMode::Modal;
    let on_keydown = use_modal(
        root_ref,
        panel_ref,
        close_ref,
        modal,
        on_close,
        on_focus_fallback,
    );

    let (role, aria_modal) = if modal {
        ("dialog", Some("true"))
    } else {
        ("region", None)
    };
    view! {
        <div class="drawer" class:drawer--modal=modal node_ref=root_ref>
            {modal.then(|| view! {
                <div class="drawer__backdrop" on:click=move |_| on_close.run(())></div>
            })}
            <div
                class="drawer__panel"
                role=role
                aria-modal=aria_modal
                aria-labelledby=title_id.clone()
                node_ref=panel_ref
                on:keydown=on_keydown
            >
                <div class="drawer__header">
                    <h2 class="drawer__title" id=title_id.clone()>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="drawer__close"
                        aria-label="Close"
                        node_ref=close_ref
                        on:click=move |_| on_close.run(())
                    >
                        <Icon kind=IconKind::Close/>
                    </button>
                </div>
                // Focusable: its content may scroll, and keyboard users must be able to scroll it.
                <div class="drawer__body" tabindex="0">{children()}</div>
            </div>
        </div>
    }
}
