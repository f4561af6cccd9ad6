//! "Updated N s ago", a Refresh button, a small non-blocking banner while polling fails or is
//! rate limited (with a countdown), and the polite live region announcing what a poll changed.

use crate::components::ids::scoped;
use leptos::prelude::*;

use crate::model::live::{live_banner, updated_ago, LiveState};

/// The live-update status of the table.
#[component]
pub fn LiveStatus(
    /// When the data was last fetched (ms since the epoch); `None` before the first answer.
    #[prop(into)]
    last_updated: Signal<Option<f64>>,
    /// The current time (ms since the epoch), ticking about once a second.
    #[prop(into)]
    now: Signal<f64>,
    /// Errors and pauses.
    #[prop(into)]
    state: Signal<LiveState>,
    /// The last change summary ("2 accounts onboarded, 1 failed").
    #[prop(into)]
    announcement: Signal<String>,
    /// Whether a refresh is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// Refresh now.
    on_refresh: Callback<()>,
) -> impl IntoView {
    // Memos: the clock ticks every second, the text changes only when it reads differently.
    let ago = Signal::derive(move || {
        last_updated
            .get()
            .map(|t| updated_ago(now.get() - t))
            .unwrap_or_default()
    });
    // The clock is read only while there is a countdown to show.
    let banner = Memo::new(move |_| {
        let state = state.get();
        if state == LiveState::Ok {
            None
        } else {
            live_banner(&state, now.get())
        }
    });
    view! {
        <div class="live-status">
            <p class="live-status__ago" id=scoped("users-updated")>{move || ago.get()}</p>
            <button
                type="button"
                class="button live-status__refresh"
                id=scoped("users-refresh")
                aria-disabled=move || busy.get().then_some("true")
                on:click=move |_| {
                    if !busy.get_untracked() {
                        on_refresh.run(())
                    }
                }
            >
                "Refresh"
            </button>
            {move || banner.get().map(|(status, text)| view! {
                <p class="live-status__banner" data-status=status>{text}</p>
            })}
            <p class="visually-hidden" role="status" id=scoped("users-live-summary")>{move || announcement.get()}</p>
        </div>
    }
}
