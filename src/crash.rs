//! The last line of defence: if anything panics anyway, the page says so instead of freezing.
//!
//! Release builds use `panic = "abort"`: a panic traps the wasm instance right after the panic
//! hook returns, and Leptos is dead from then on. So the hook itself draws the panel, with
//! plain DOM calls (web-sys), never through Leptos: a fixed overlay with
//! `data-status="crashed"`, "Something went wrong", and a Reload link (a plain `<a href="">`,
//! which needs no wasm to work). The panic message goes to the console (through
//! `console_error_panic_hook`), never to the page.
//!
//! Testing it: with the cargo feature `panic-trigger`, [`install`] also puts
//! `window.__idlcmPanic()` on the page, which panics inside wasm. The normal build has no
//! such function, so a real user cannot hit it; the e2e test builds a dist of its own with the
//! feature (tests/e2e/hostile.rs).

/// The panel's element id.
pub const CRASH_PANEL_ID: &str = "idlcm-crashed";

/// Sets the panic hook (console message + crash panel). Call once, first thing in `main`.
pub fn install() {
    #[cfg(target_arch = "wasm32")]
    {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_panel();
        }));
        #[cfg(feature = "panic-trigger")]
        expose_trigger();
    }
}

/// Draws the crash panel over the page (once). Safe to call from the panic hook: it never
/// panics itself (every DOM call's failure is ignored).
#[cfg(target_arch = "wasm32")]
pub fn show_panel() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id(CRASH_PANEL_ID).is_some() {
        return;
    }
    let Some(body) = doc.body() else {
        return;
    };
    let make = |tag: &str, class: &str, text: Option<&str>| {
        let el = doc.create_element(tag).ok()?;
        el.set_class_name(class);
        if let Some(t) = text {
            el.set_text_content(Some(t));
        }
        Some(el)
    };
    let Some(panel) = make("div", "idlcm-users crash-panel", None) else {
        return;
    };
    panel.set_id(CRASH_PANEL_ID);
    let _ = panel.set_attribute("data-status", "crashed");
    let _ = panel.set_attribute("role", "alert");
    let parts = [
        make("h2", "crash-panel__title", Some("Something went wrong")),
        make(
            "p",
            "crash-panel__message",
            Some("The page stopped working. Reload it to continue; nothing you saved is lost."),
        ),
        make(
            "a",
            "button button--primary crash-panel__reload",
            Some("Reload"),
        ),
    ];
    for part in parts.into_iter().flatten() {
        if part.tag_name().eq_ignore_ascii_case("a") {
            // An empty href is the current URL: the browser reloads it, no wasm needed.
            let _ = part.set_attribute("href", "");
            // The router handles same-origin link clicks itself (and would only "navigate" to
            // this very URL): rel=external leaves the click to the browser, which reloads.
            let _ = part.set_attribute("rel", "external");
            let _ = part.set_attribute("id", "idlcm-crash-reload");
        }
        let _ = panel.append_child(&part);
    }
    let _ = body.append_child(&panel);
}

#[cfg(all(target_arch = "wasm32", feature = "panic-trigger"))]
fn expose_trigger() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    #[allow(clippy::panic)]
    let trigger = Closure::<dyn Fn()>::new(|| panic!("panic-trigger: a test asked for a panic"));
    let _ = js_sys::Reflect::set(
        &window,
        &wasm_bindgen::JsValue::from_str("__idlcmPanic"),
        trigger.as_ref().unchecked_ref(),
    );
    trigger.forget();
}
