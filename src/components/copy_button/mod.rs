//! A button that copies a value to the clipboard and says "Copied" (visibly and to screen
//! readers) for two seconds.

use leptos::prelude::*;

use super::icons::{Icon, IconKind};

/// What the last copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Copies `value`; `label` is the button's accessible name ("Copy upstream user ID of …").
/// Both are plain values: the table's cell rebuilds the button in place when either changes
/// (one effect for the cell, not one per attribute).
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    value: String,
    /// Accessible name of the button.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let on_click = move |_| {
        let text = value.clone();
        leptos::task::spawn_local(async move {
            let ok = write_clipboard(&text).await;
            state.set(if ok {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            gloo_timers::future::TimeoutFuture::new(2_000).await;
            // The row may be gone by now: try_set ignores a disposed signal.
            let _ = state.try_set(CopyState::Idle);
        });
    };
    view! {
        <span class="copy-button">
            <button
                type="button"
                class="copy-button__button"
                aria-label=label.clone()
                title=label
                on:click=on_click
            >
                <Icon kind=IconKind::Copy/>
            </button>
            <span class="copy-button__status" role="status">
                {move || match state.get() {
                    CopyState::Idle => "",
                    CopyState::Copied => "Copied",
                    CopyState::Failed => "Copy failed",
                }}
            </span>
        </span>
    }
}

/// Writes to the clipboard; `false` when the browser refuses (no permission, insecure page).
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
