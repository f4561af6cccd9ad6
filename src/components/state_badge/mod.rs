//! The provisioning-state badge: icon + colour + text (never colour
//! alone), one icon shape per family.

use contract::ProvisioningState;
use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use crate::model::cells::state_badge;

/// A badge for one provisioning state; an unknown state shows its raw value.
///
/// Not reactive: the table's state cell is one effect that rebuilds the badge in place on a
/// change (same elements, changed attributes and text). A table of 1,000 rows makes 1,000
/// badges, and each effect costs an allocation to build and to drop.
#[component]
pub fn StateBadge(
    /// The state to show.
    state: ProvisioningState,
) -> impl IntoView {
    let badge = state_badge(&state);
    view! {
        <span class=badge.class data-state=badge.data_state>
            <Icon kind=IconKind::Badge(badge.icon) class="state-badge__icon"/>
            <span class="state-badge__label">{badge.label}</span>
        </span>
    }
}
