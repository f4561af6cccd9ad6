//! The standalone single-page app: the integrations list and the Users tab at their own URLs.
//!
//! The same bundle embeds the tab in other pages: `embed.js` (written next to `index.html` by
//! `scripts/external_loader.py`) marks the page as a host before it starts the wasm, and the
//! host calls `mount` (src/embed.rs) itself.

fn main() {
    // Panics go to the console with a message instead of "unreachable executed", and the page
    // shows a "Something went wrong — reload" panel instead of freezing.
    idlcm_users::crash::install();
    if embedded() {
        return;
    }
    leptos::mount::mount_to_body(|| leptos::view! { <idlcm_users::routes::App/> });
}

/// Whether a host page loaded the bundle through `embed.js` (`window.__idlcmEmbed`).
fn embedded() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__idlcmEmbed".into()).ok())
        .is_some_and(|v| v.is_truthy())
}
