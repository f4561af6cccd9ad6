//! What an admin can do with the selected rows ("3 selected · Retry failed (2 of 3) · Clear"),
//! and the report of the last retry, naming every row that did not queue.

use crate::components::ids::scoped;
use leptos::prelude::*;

use crate::model::retry::bulk_retry_label;

/// The bar shown while rows are selected.
#[component]
pub fn BulkBar(
    /// Selected rows (across pages).
    #[prop(into)]
    selected: Signal<usize>,
    /// How many of them are failed and retryable.
    #[prop(into)]
    retryable: Signal<usize>,
    /// A retry is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// "Retry failed" pressed (the owner asks for confirmation).
    on_retry: Callback<()>,
    /// "Clear selection" pressed.
    on_clear: Callback<()>,
) -> impl IntoView {
    let disabled = move || retryable.get() == 0 || busy.get();
    view! {
        <div class="bulk-bar" role="group" aria-label="Selected users">
            <p class="bulk-bar__count" id=scoped("users-selected-count")>
                {move || format!("{} selected", selected.get())}
            </p>
            <button
                type="button"
                class="button button--primary bulk-bar__retry"
                id=scoped("users-bulk-retry")
                // aria-disabled keeps it focusable, so the count in its name can still be read.
                aria-disabled=move || disabled().then_some("true")
                on:click=move |_| {
                    if !disabled() {
                        on_retry.run(())
                    }
                }
            >
                {move || bulk_retry_label(retryable.get(), selected.get())}
            </button>
            <button
                type="button"
                class="button bulk-bar__clear"
                id=scoped("users-clear-selection")
                on:click=move |_| on_clear.run(())
            >
                "Clear selection"
            </button>
        </div>
    }
}

/// The outcome of the last retry: a summary and one line per row that did not queue.
#[component]
pub fn RetryReport(
    /// `(summary, problems)`, or `None` when there is nothing to report.
    #[prop(into)]
    report: Signal<Option<(String, Vec<String>)>>,
    /// Dismiss pressed.
    on_dismiss: Callback<()>,
) -> impl IntoView {
    view! {
        // The live region is always in the page: content added to it later is announced.
        <div class="retry-report-region" role="status" id=scoped("users-retry-report")>
            {move || report.get().map(|(summary, problems)| {
                let failed = !problems.is_empty();
                view! {
                    <div class="retry-report" class:retry-report--problem=failed data-status=if failed { "retry-problems" } else { "retry-ok" }>
                        <p class="retry-report__summary">{summary}</p>
                        {failed.then(|| view! {
                            <ul class="retry-report__problems">
                                {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                            </ul>
                        })}
                        <button type="button" class="button retry-report__dismiss" id=scoped("users-retry-report-dismiss") on:click=move |_| on_dismiss.run(())>
                            "Dismiss"
                        </button>
                    </div>
                }
            })}
        </div>
    }
}
