//! The table footer: "Page X of Y - N out of M users", previous / next, page size.

use crate::components::ids::scoped;
use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use crate::model::view::footer_text;
use crate::model::PAGE_SIZES;

/// Paging controls. Pages count from 1.
#[component]
pub fn Pager(
    /// Current page.
    #[prop(into)]
    page: Signal<u64>,
    /// Number of pages (0 when there are no rows).
    #[prop(into)]
    total_pages: Signal<u64>,
    /// Rows on this page.
    #[prop(into)]
    on_page: Signal<u64>,
    /// Rows matching the filters.
    #[prop(into)]
    total: Signal<u64>,
    /// Current page size.
    #[prop(into)]
    size: Signal<u32>,
    /// Go to a page.
    go_to: Callback<u32>,
    /// Choose a page size.
    set_size: Callback<u32>,
) -> impl IntoView {
    let has_prev = move || page.get() > 1;
    let has_next = move || page.get() < total_pages.get();
    view! {
        <div class="pager">
            <p class="pager__summary">
                {move || footer_text(page.get(), total_pages.get(), on_page.get(), total.get())}
            </p>
            <div class="pager__controls">
                <label class="pager__size-label" for=scoped("users-page-size")>"Rows per page"</label>
                <select
                    id=scoped("users-page-size")
                    class="pager__size"
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            set_size.run(n);
                        }
                    }
                >
                    {PAGE_SIZES
                        .iter()
                        .map(|n| {
                            let n = *n;
                            view! {
                                <option value=n.to_string() selected=move || size.get() == n>
                                    {n.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {step_button(Step::Previous, Signal::derive(has_prev), move || {
                    let p = page.get_untracked().saturating_sub(1).max(1);
                    go_to.run(u32::try_from(p).unwrap_or(1));
                })}
                {step_button(Step::Next, Signal::derive(has_next), move || {
                    let p = page.get_untracked().saturating_add(1);
                    go_to.run(u32::try_from(p).unwrap_or(u32::MAX));
                })}
            </div>
        </div>
    }
}

/// Which way a pager button steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Previous,
    Next,
}

/// The previous or next page button.
fn step_button(step: Step, enabled: Signal<bool>, on_click: impl Fn() + 'static) -> impl IntoView {
    let (id, label, icon) = match step {
        Step::Previous => ("users-page-prev", "Previous page", IconKind::ChevronLeft),
        Step::Next => ("users-page-next", "Next page", IconKind::ChevronRight),
    };
    view! {
        <button
            type="button"
            class="pager__button"
            id=scoped(id)
            aria-label=label
            disabled=move || !enabled.get()
            on:click=move |_| on_click()
        >
            <Icon kind=icon/>
        </button>
    }
}
