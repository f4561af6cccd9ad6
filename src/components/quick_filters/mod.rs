//! Per-phase counts above the table as one-click filters: "3 failed · 5 in progress ·
//! 2 awaiting", failures first; a calm line only when nothing failed or moves.

use crate::components::ids::scoped;
use contract::{ProvisioningState, UserStats};
use leptos::prelude::*;

use crate::model::quick_filters::{is_active, quick_filters, settled_summary, QuickFilter};

/// The quick filters for an integration's counts.
#[component]
pub fn QuickFilters(
    /// The integration's counts; `None` while loading.
    #[prop(into)]
    stats: Signal<Option<UserStats>>,
    /// The state filter in effect.
    #[prop(into)]
    states: Signal<Vec<ProvisioningState>>,
    /// A count was clicked: filter to these states (empty: clear the state filter).
    on_filter: Callback<Vec<ProvisioningState>>,
) -> impl IntoView {
    let filters = Memo::new(move |_| stats.with(|s| s.as_ref().map(quick_filters)));
    let settled = Memo::new(move |_| stats.with(|s| s.as_ref().and_then(settled_summary)));
    view! {
        <div class="quick-filters" role="group" aria-label="Provisioning summary" id=scoped("users-quick-filters")>
            {move || {
                filters
                    .get()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|f: QuickFilter| {
                        let tone = match f.phase {
                            contract::StatePhase::Failed => "danger",
                            contract::StatePhase::Ongoing => "info",
                            _ => "neutral",
                        };
                        let id = scoped(&format!("quick-filter-{}", f.phase.label().to_lowercase().replace(' ', "-")));
                        let pressed = {
                            let f = f.clone();
                            move || states.with(|s| is_active(&f, s))
                        };
                        let target = f.states.clone();
                        let click = {
                            let pressed = pressed.clone();
                            move |_| {
                                // A second click on the active count clears it.
                                on_filter.run(if pressed() { Vec::new() } else { target.clone() })
                            }
                        };
                        view! {
                            <button
                                type="button"
                                class=format!("quick-filter quick-filter--{tone}")
                                id=id
                                aria-pressed=move || if pressed() { "true" } else { "false" }
                                on:click=click
                            >
                                {f.label.clone()}
                            </button>
                        }
                    })
                    .collect_view()
            }}
            {move || settled.get().map(|text| view! {
                <p class="quick-filters__settled" data-status="settled">{text}</p>
            })}
        </div>
    }
}
