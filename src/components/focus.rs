//! Focus helpers shared by the modal surfaces (drawer, confirm dialog): where focus is, moving
//! it in once an element is attached, and keeping Tab inside a panel (WAI-ARIA APG dialogs).

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

/// Makes everything in the page except `keep` (and its ancestors) inert, as a modal needs
/// ("the rest of the page is inert"); returns what it changed, for [`restore_inert`]. Elements
/// that were inert already are left alone.
pub fn make_others_inert(keep: &web_sys::Element) -> Vec<web_sys::Element> {
    let mut changed = Vec::new();
    let mut current = keep.clone();
    while let Some(parent) = current.parent_element() {
        let children = parent.children();
        for i in 0..children.length() {
            let Some(child) = children.item(i) else {
                continue;
            };
            let tag = child.tag_name();
            if child == current
                || child.has_attribute("inert")
                || tag.eq_ignore_ascii_case("script")
                || tag.eq_ignore_ascii_case("style")
                || tag.eq_ignore_ascii_case("link")
            {
                continue;
            }
            if child.set_attribute("inert", "").is_ok() {
                changed.push(child);
            }
        }
        if parent.tag_name().eq_ignore_ascii_case("body") {
            break;
        }
        current = parent;
    }
    changed
}

/// Undoes [`make_others_inert`].
pub fn restore_inert(changed: Vec<web_sys::Element>) {
    for el in changed {
        let _ = el.remove_attribute("inert");
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

/// What every modal surface (the drawer, the confirm dialog) does, set up under the caller's
/// owner: remember the opener and give focus back on close (or call `on_focus_lost` when it is
/// gone); focus `first_focus` once attached; when `inert_rest`, make the rest of the page inert
/// while open (undone before focus goes back: an inert element cannot take focus). Returns
/// the panel's keydown handler: Esc → `on_escape`, Tab kept inside `panel`.
pub fn use_modal(
    root: leptos::prelude::NodeRef<leptos::html::Div>,
    panel: leptos::prelude::NodeRef<leptos::html::Div>,
    first_focus: leptos::prelude::NodeRef<leptos::html::Button>,
    inert_rest: bool,
    on_escape: leptos::prelude::Callback<()>,
    on_focus_lost: Option<leptos::prelude::Callback<()>>,
) -> impl Fn(KeyboardEvent) + Clone + 'static {
    use leptos::prelude::*;

    let inert = StoredValue::new_local(Vec::<web_sys::Element>::new());
    // Whatever had focus when the surface mounted is what opened it.
    let opener = send_wrapper::SendWrapper::new(active_element());
    on_cleanup(move || {
        if let Some(changed) = inert.try_update_value(std::mem::take) {
            restore_inert(changed);
        }
        if !restore_focus(opener.take()) {
            if let Some(cb) = on_focus_lost {
                cb.run(());
            }
        }
    });
    if inert_rest {
        Effect::new(move |_| {
            if let Some(root) = root.get() {
                when_connected(root.into(), 10, move |root| {
                    let changed = make_others_inert(&root);
                    if inert.try_set_value(changed.clone()).is_some() {
                        // Already closed: undo at once.
                        restore_inert(changed);
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
    move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_escape.run(());
        }
        "Tab" => {
            if let Some(panel) = panel.get_untracked() {
                trap_tab(&panel, &ev);
            }
        }
        _ => {}
    }
}
