//! Focus helpers shared by the modal surfaces (drawer, confirm dialog): where focus is, moving
//! it in once an element is attached, keeping Tab inside a panel (WAI-ARIA APG dialogs), and
//! showing a `<dialog>` in the top layer; and whether focus leaves a disclosure panel.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev::KeyboardEvent;
use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;

/// What can take focus inside a panel, in DOM order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The element that has focus now.
pub fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Focuses `el` now if it is in the document, else retries on the next animation frames (a
/// view built before it is attached, e.g. inside a pending Transition).
pub fn focus_when_connected(el: web_sys::HtmlElement, tries: u8) {
    if el.is_connected() {
        let _ = el.focus();
    } else if tries > 0 {
        request_animation_frame(move || focus_when_connected(el, tries - 1));
    }
}

/// Keeps Tab and Shift+Tab inside `panel`: from the last focusable element to the first and
/// back, and from outside the panel into it.
pub fn trap_tab(panel: &web_sys::Element, ev: &KeyboardEvent) {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = active_element();
    let at = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let inside = active
        .as_ref()
        .is_some_and(|a| panel.contains(Some(a.unchecked_ref())));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Focuses `opener` again if it is still in the page (not the body); `false` when it could not.
pub fn restore_focus(opener: Option<web_sys::Element>) -> bool {
    opener
        .filter(|el| el.is_connected() && el.tag_name() != "BODY")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|el| el.focus().is_ok())
        .unwrap_or(false)
}

/// Whether a `focusout` from inside `root` leaves it (Tab away, a click elsewhere): what closes
/// a disclosure panel (the state filter, the column chooser) like a native menu.
pub fn focus_leaves(root: Option<web_sys::Node>, ev: &leptos::ev::FocusEvent) -> bool {
    match (root, ev.related_target()) {
        (Some(root), Some(next)) => !next
            .dyn_ref::<web_sys::Node>()
            .is_some_and(|n| root.contains(Some(n))),
        _ => true,
    }
}

/// Runs `f` once `el` is in the document (now, or on one of the next `tries` animation frames).
pub fn when_connected(el: web_sys::Element, tries: u8, f: impl FnOnce(web_sys::Element) + 'static) {
    if el.is_connected() {
        f(el);
    } else if tries > 0 {
        request_animation_frame(move || when_connected(el, tries - 1, f));
    }
}

/// The handlers [`use_modal`] returns, for the surface's elements.
pub struct ModalEvents {
    /// The panel's `keydown`: Tab and Shift+Tab stay inside it; Esc closes a surface that is
    /// not a modal `<dialog>` (a modal one closes through its `cancel` event).
    pub on_keydown: Rc<dyn Fn(KeyboardEvent)>,
    /// The `<dialog>`'s `cancel` (Esc, or the platform's close request): the owner closes the
    /// surface by unmounting it, so the browser's own close is prevented.
    pub on_cancel: Rc<dyn Fn(web_sys::Event)>,
}

/// What every modal surface (the drawer, the confirm dialog) does, set up under the caller's
/// owner: remember the opener and give focus back on close (or call `on_focus_lost` when it is
/// gone); when `dialog` is given, show it with `showModal()` once attached (the top layer makes
/// the rest of the page inert, without writing to the host page's elements); focus
/// `first_focus`. `on_escape` runs at most once per mount.
pub fn use_modal(
    dialog: Option<leptos::prelude::NodeRef<leptos::html::Dialog>>,
    panel: leptos::prelude::NodeRef<leptos::html::Div>,
    first_focus: leptos::prelude::NodeRef<leptos::html::Button>,
    on_escape: leptos::prelude::Callback<()>,
    on_focus_lost: Option<leptos::prelude::Callback<()>>,
) -> ModalEvents {
    use leptos::prelude::*;

    // Whatever had focus when the surface mounted is what opened it.
    let opener = send_wrapper::SendWrapper::new(active_element());
    // The <dialog> once shown: closed before focus goes back, since the page under an open
    // modal dialog is inert and cannot take focus.
    let shown =
        send_wrapper::SendWrapper::new(Rc::new(RefCell::new(None::<web_sys::HtmlDialogElement>)));
    let shown_on_cleanup = send_wrapper::SendWrapper::new(Rc::clone(&shown));
    on_cleanup(move || {
        if let Some(dialog) = shown_on_cleanup.borrow_mut().take() {
            dialog.close();
        }
        if !restore_focus(opener.take()) {
            if let Some(cb) = on_focus_lost {
                cb.run(());
            }
        }
    });
    // Once: a late event after the surface is gone (its owner disposed) does nothing.
    let escaped = StoredValue::new(false);
    let escape = move || {
        if escaped.try_get_value() == Some(false) {
            escaped.set_value(true);
            on_escape.run(());
        }
    };
    if let Some(dialog) = dialog {
        Effect::new(move |_| {
            if let Some(el) = dialog.get() {
                let shown = Rc::clone(&shown);
                when_connected(el.into(), 10, move |el| {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlDialogElement>() {
                        if !el.open() && el.show_modal().is_err() {
                            // Not modal-able here (e.g. a popover ancestor): shown in place.
                            el.set_open(true);
                        }
                        *shown.borrow_mut() = Some(el);
                    }
                });
            }
        });
    }
    // Built before it is attached (a deep link, inside a pending Transition), it focuses on the
    // next frames instead.
    Effect::new(move |_| {
        if let Some(button) = first_focus.get() {
            focus_when_connected(button.unchecked_into(), 10);
        }
    });
    let modal = dialog.is_some();
    let on_keydown = Rc::new(move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" if !modal => {
            ev.prevent_default();
            ev.stop_propagation();
            escape();
        }
        "Tab" => {
            if let Some(panel) = panel.get_untracked() {
                trap_tab(&panel, &ev);
            }
        }
        _ => {}
    });
    let on_cancel = Rc::new(move |ev: web_sys::Event| {
        // The owner unmounts the dialog; a dialog the browser closed itself (a `cancel` it
        // would not let us prevent) closes the same way.
        ev.prevent_default();
        escape();
    });
    ModalEvents {
        on_keydown,
        on_cancel,
    }
}
