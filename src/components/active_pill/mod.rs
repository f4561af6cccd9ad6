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
    // One effect per pill (one per row), rebuilt in place when the value changes.
    move || {
        let (label, modifier) = active_pill(active.get());
        view! { <span class=format!("active-pill active-pill--{modifier}")>{label}</span> }
    }
}
