//! The provisioning-state badge: icon + colour + text (never colour
//! alone), one icon shape per family.

use contract::ProvisioningState;
use leptos::prelude::*;

use super::icons::{Icon, IconKind};
use crate::model::view::{badge_class, badge_icon, badge_label};

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
    let kind = IconKind::Badge(badge_icon(&state));
    view! {
        <span class=badge_class(&state) data-state=state.as_str().to_owned()>
            <Icon kind=kind class="state-badge__icon"/>
            <span class="state-badge__label">{badge_label(&state)}</span>
        </span>
    }
}
