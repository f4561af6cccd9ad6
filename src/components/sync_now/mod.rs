//! The header's Sync now control: the button ("Sync now", or "Syncing…" and disabled while a
//! sync runs), the live status beside it, and why the last press failed. Presentational: the
//! request and the polling live in `tab/sync.rs`.

use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use super::ids::scoped;
use crate::model::sync::{SyncControl, SyncView};
use crate::model::view::BadgeIcon;

/// Id of the Sync now button.
pub const BUTTON_ID: &str = "sync-now";

/// The Sync now button, its status line and its error.
#[component]
pub fn SyncNow(
    /// The button and the live status.
    #[prop(into)]
    view: Signal<SyncView>,
    /// Why the last press failed, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Starts a sync.
    on_sync: Callback<()>,
) -> impl IntoView {
    let control = move || view.with(|v| v.control);
    let busy = move || control() == SyncControl::Busy;
    view! {
        <div class="sync-now">
            <button
                type="button"
                class="button sync-now__button"
                id=scoped(BUTTON_ID)
                // aria-disabled rather than disabled: a disabled button drops keyboard focus.
                aria-disabled=move || busy().then_some("true")
                aria-describedby=scoped("sync-now-status")
                on:click=move |_| {
                    if !busy() {
                        on_sync.run(());
                    }
                }
            >
                <Icon kind=IconKind::Badge(BadgeIcon::Sync) class="sync-now__icon"/>
                {move || control().label()}
            </button>
            <p class="sync-now__status" role="status" id=scoped("sync-now-status")>
                {move || view.with(|v| v.status.clone())}
            </p>
            {move || error.get().map(|text| view! {
                <p class="sync-now__error" role="alert" id=scoped("sync-now-error")>{text}</p>
            })}
        </div>
    }
}
