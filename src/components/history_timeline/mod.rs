//! The drawer's History section: a heading and an ordered list of events, newest first, with
//! "Load older" below, and its loading, empty and error states.

mod entry;

pub use entry::HistoryEntry;

use leptos::prelude::*;

use crate::components::ids::scoped;
use crate::model::format::thousands;
use crate::model::history::{HistoryLoad, HistoryProblem, OlderLoad, Timeline};

/// What the section shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Loading,
    Failed(HistoryProblem),
    Empty,
    List,
}

/// The History section of one account.
#[component]
pub fn HistoryTimeline(
    /// The events shown, newest first.
    #[prop(into)]
    timeline: Signal<Timeline>,
    /// The newest page: loading, shown, or why not.
    #[prop(into)]
    load: Signal<HistoryLoad>,
    /// "Load older": idle, loading, or why the last try failed.
    #[prop(into)]
    older: Signal<OlderLoad>,
    /// The clock the relative times are read against (ms since the epoch).
    #[prop(into)]
    now: Signal<f64>,
    /// Asks for the next older page.
    on_load_older: Callback<()>,
    /// Loads the history again (the error state's Retry).
    on_retry: Callback<()>,
) -> impl IntoView {
    let heading = scoped("user-history-heading");
    let count = Signal::derive(move || {
        timeline.with(|t| EventCount {
            shown: t.events.len() as u64,
            total: t.total,
        })
    });
    // A Memo: the button must not be rebuilt (and lose focus) when a poll adds events.
    let more = Memo::new(move |_| timeline.with(|t| t.next_page.is_some()));
    // What the section shows; the list is built once and then only gains entries.
    let phase = Memo::new(move |_| match load.get() {
        HistoryLoad::Ready if timeline.with(|t| t.events.is_empty()) => Phase::Empty,
        HistoryLoad::Ready => Phase::List,
        HistoryLoad::Loading => Phase::Loading,
        HistoryLoad::Failed(p) => Phase::Failed(p),
    });
    let body = move || {
        match phase.get() {
        Phase::Loading => view! {
            <p class="history__status" data-status="history-loading" role="status">"Loading history…"</p>
        }
        .into_any(),
        Phase::Failed(problem) => view! {
            <div class="history__status" data-status="history-error">
                <p class="history__status-title">"Couldn't load the history"</p>
                {problem_view(problem)}
                <button type="button" class="button" on:click=move |_| on_retry.run(())>"Retry"</button>
            </div>
        }
        .into_any(),
        Phase::Empty => view! {
            <p class="history__status" data-status="history-empty">"No events recorded for this account yet."</p>
        }
        .into_any(),
        Phase::List => view! {
            <ol class="history__list" aria-labelledby=scoped("user-history-heading")>
                <For
                    each=move || timeline.with(|t| t.events.clone())
                    key=|e| e.id.clone()
                    children=move |e| view! { <HistoryEntry event=e now=now/> }
                />
            </ol>
            {older_view(count, more, older, on_load_older)}
        }
        .into_any(),
    }
    };
    let labelled_by = heading.clone();
    view! {
        <section class="history" aria-labelledby=labelled_by>
            <h3 class="history__heading" id=heading>"History"</h3>
            {body}
        </section>
    }
}

/// How many events the list shows, of how many the account has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EventCount {
    shown: u64,
    total: u64,
}

/// "Showing n of N events", and "Load older" while there are more.
fn older_view(
    count: Signal<EventCount>,
    more: Memo<bool>,
    older: Signal<OlderLoad>,
    on_load_older: Callback<()>,
) -> impl IntoView {
    let count = move || {
        let EventCount { shown, total } = count.get();
        let total = total.max(shown);
        let noun = if total == 1 { "event" } else { "events" };
        format!(
            "Showing {} of {} {noun}",
            thousands(shown),
            thousands(total)
        )
    };
    let busy = move || older.with(|o| *o == OlderLoad::Loading);
    view! {
        <div class="history__more">
            <p class="history__count" role="status">{count}</p>
            {move || more.get().then(|| view! {
                <button
                    type="button"
                    class="button"
                    id=scoped("user-history-older")
                    aria-disabled=move || busy().then_some("true")
                    on:click=move |_| if !busy() { on_load_older.run(()) }
                >
                    {move || if busy() { "Loading older…" } else { "Load older" }}
                </button>
            })}
            {move || match older.get() {
                OlderLoad::Failed(p) => Some(view! {
                    <div class="history__older-error" data-status="history-older-error">
                        <p>"Couldn't load older events."</p>
                        {problem_view(p)}
                    </div>
                }),
                _ => None,
            }}
        </div>
    }
}

/// The reason in words, and the request id when there is one.
fn problem_view(p: HistoryProblem) -> impl IntoView {
    view! {
        <p>{p.message}</p>
        {p.request_id.map(|id| view! { <p class="status-panel__request-id">"Request ID: "{id}</p> })}
    }
}
