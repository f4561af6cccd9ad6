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
                <button
                    type="button"
                    class="pager__button"
                    id=scoped("users-page-prev")
                    aria-label="Previous page"
                    disabled=move || !has_prev()
                    on:click=move |_| {
                        let p = page.get_untracked().saturating_sub(1).max(1);
                        go_to.run(u32::try_from(p).unwrap_or(1));
                    }
                >
                    <Icon kind=IconKind::ChevronLeft/>
                </button>
                <button
                    type="button"
                    class="pager__button"
                    id=scoped("users-page-next")
                    aria-label="Next page"
                    disabled=move || !has_next()
                    on:click=move |_| {
                        let p = page.get_untracked().saturating_add(1);
                        go_to.run(u32::try_from(p).unwrap_or(u32::MAX));
                    }
                >
                    <Icon kind=IconKind::ChevronRight/>
                </button>
            </div>
        </div>
    }
}
