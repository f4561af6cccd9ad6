//! The provisioning-state badge: icon + colour + text (DESIGN §4), one icon shape per family.

use contract::ProvisioningState;
use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use crate::model::view::{badge_class, badge_icon, badge_label};

/// A badge for one provisioning state; an unknown state shows its raw value.
#[component]
pub fn StateBadge(
    /// The state to show.
    #[prop(into)]
    state: Signal<ProvisioningState>,
) -> impl IntoView {
    let icon = Memo::new(move |_| badge_icon(&state.read()));
    view! {
        <span
            class=move || badge_class(&state.read())
            data-state=move || state.read().as_str().to_owned()
        >
            {move || {
                let kind = IconKind::Badge(icon.get());
                view! { <Icon kind=kind class="state-badge__icon"/> }
            }}
            <span class="state-badge__label">{move || badge_label(&state.read())}</span>
        </span>
    }
}
