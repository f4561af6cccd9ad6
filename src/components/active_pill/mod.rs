//! The "Active in app" pill: Yes (green) / No (grey) / Unknown.

use leptos::prelude::*;

use crate::model::view::active_pill;

/// A pill for `activeInApp`; `None` (the app does not say) shows "Unknown".
#[component]
pub fn ActivePill(
    /// The value to show.
    #[prop(into)]
    active: Signal<Option<bool>>,
) -> impl IntoView {
    let pill = Memo::new(move |_| active_pill(active.get()));
    view! {
        <span class=move || format!("active-pill active-pill--{}", pill.get().1)>
            {move || pill.get().0}
        </span>
    }
}
