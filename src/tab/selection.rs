//! Selected rows and retrying their jobs: the bulk bar, the confirm dialog, the row's own
//! Retry button and the report of the last retry.

use std::collections::HashSet;

use leptos::prelude::*;

use super::retry::Retrier;
use crate::components::{BulkBar, ConfirmDialog, RetryReport};
use crate::model::retry::{retryable, skipped_note, RetryCandidate};

/// The selection and the retry actions on it.
#[derive(Clone, Copy)]
pub struct Selection {
    /// Selected row ids (kept across pages).
    pub selected: RwSignal<HashSet<String>>,
    /// The selected rows whose job can be retried.
    pub to_retry: Memo<Vec<RetryCandidate>>,
    /// The rows the confirm dialog asks about; `Some` while it is open.
    pub confirming: RwSignal<Option<Vec<RetryCandidate>>>,
    /// Retries these rows' jobs.
    pub retry_rows: Callback<Vec<RetryCandidate>>,
    /// Retries one row's job (its Retry button), if it can be retried.
    pub retry_one: Callback<String>,
}

/// The selection of the tab's table, remembered through `retrier` so it spans pages.
pub fn use_selection(retrier: Retrier) -> Selection {
    let selected = RwSignal::new(HashSet::<String>::new());
    // Selected rows are remembered with their signals, so a selection spans pages.
    Effect::new(move |_| selected.with(|s| retrier.remember(s)));
    let candidates = Memo::new(move |_| selected.with(|s| retrier.candidates(s)));
    let to_retry = Memo::new(move |_| candidates.with(|c| retryable(c)));
    let confirming = RwSignal::new(None::<Vec<RetryCandidate>>);
    let retry_rows = Callback::new(move |rows: Vec<RetryCandidate>| {
        leptos::task::spawn_local(async move {
            retrier.retry(rows).await;
        });
    });
    let retry_one = Callback::new(move |id: String| {
        let one: HashSet<String> = std::iter::once(id).collect();
        let rows = retryable(&retrier.candidates(&one));
        if !rows.is_empty() {
            retry_rows.run(rows);
        }
    });
    Selection {
        selected,
        to_retry,
        confirming,
        retry_rows,
        retry_one,
    }
}

/// The bulk bar while rows are selected, and the report of the last retry.
#[component]
pub fn SelectionBar(selection: Selection, retrier: Retrier) -> impl IntoView {
    let Selection {
        selected,
        to_retry,
        confirming,
        ..
    } = selection;
    view! {
        <Show when=move || selected.with(|s| !s.is_empty())>
            <BulkBar
                selected=Signal::derive(move || selected.with(HashSet::len))
                retryable=Signal::derive(move || to_retry.with(Vec::len))
                busy=retrier.busy
                on_retry=Callback::new(move |()| confirming.set(Some(to_retry.get_untracked())))
                on_clear=Callback::new(move |()| selected.set(HashSet::new()))
            />
        </Show>
        <RetryReport report=retrier.report on_dismiss=Callback::new(move |()| retrier.report.set(None))/>
    }
}

/// "Retry N failed jobs?" with the accounts' names, while [`Selection::confirming`] is set.
#[component]
pub fn RetryConfirm(selection: Selection) -> impl IntoView {
    let Selection {
        selected,
        confirming,
        retry_rows,
        ..
    } = selection;
    move || {
        confirming.get().map(|rows| {
            let n = rows.len();
            let jobs = if n == 1 { "job" } else { "jobs" };
            let skipped = selected.with_untracked(HashSet::len).saturating_sub(n);
            let names = rows.iter().map(|r| r.label.clone()).collect::<Vec<_>>();
            view! {
                <ConfirmDialog
                    title=format!("Retry {n} failed {jobs}?")
                    confirm_label=format!("Retry {n} {jobs}")
                    on_confirm=Callback::new(move |()| {
                        confirming.set(None);
                        retry_rows.run(rows.clone());
                    })
                    on_cancel=Callback::new(move |()| confirming.set(None))
                >
                    <p>"These accounts' jobs are queued again and run in the next minutes:"</p>
                    <ul class="confirm-dialog__list">
                        {names.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                    </ul>
                    {(skipped > 0).then(|| view! { <p>{skipped_note(skipped)}</p> })}
                </ConfirmDialog>
            }
        })
    }
}
