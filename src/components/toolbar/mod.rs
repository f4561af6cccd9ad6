//! The toolbar above the table: debounced search, the "Filter by state" disclosure with counts,
//! matched / active selects, and the active filters as removable chips.

use crate::components::ids::scoped;
use contract::{ProvisioningState, StatePhase, UserStats};
use leptos::prelude::*;

use super::disclosure::{Disclosure, DisclosureOption};
use super::icons::{Icon, IconKind};
/// The chip data lives with its logic in the model; re-exported for the component's users.
pub use crate::model::chips::FilterChip;

/// How long typing must pause before a search is sent.
pub const SEARCH_DEBOUNCE_MS: u32 = 300;

/// "Search by user or email", sent after a pause in typing. Follows `value` when it changes
/// from outside (Back, Clear all) unless the text was typed here.
#[component]
pub fn SearchBox(
    /// The search in effect (from the URL).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the text once typing pauses.
    on_search: Callback<String>,
    /// The input's id.
    #[prop(default = "users-search")]
    id: &'static str,
    /// Label and placeholder.
    #[prop(default = "Search by user or email")]
    label: &'static str,
) -> impl IntoView {
    let draft = RwSignal::new(value.get_untracked());
    let last_sent = StoredValue::new(value.get_untracked());
    let timer: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage> =
        StoredValue::new_local(None);

    // An outside change (Back, Clear all) shows in the box; our own echo does not clobber
    // what is being typed.
    Effect::new(move |_| {
        let v = value.get();
        if v != last_sent.get_value() {
            last_sent.set_value(v.clone());
            draft.set(v);
        }
    });

    let schedule = move |text: String| {
        let t = gloo_timers::callback::Timeout::new(SEARCH_DEBOUNCE_MS, move || {
            let trimmed = text.trim().to_owned();
            if trimmed != last_sent.get_value() {
                last_sent.set_value(trimmed.clone());
                on_search.run(trimmed);
            }
        });
        // Replacing the old timeout drops (cancels) it.
        timer.update_value(|slot| *slot = Some(t));
    };
    on_cleanup(move || {
        timer.update_value(|slot| {
            if let Some(t) = slot.take() {
                t.cancel();
            }
        })
    });

    let id = scoped(id);
    view! {
        <div class="search-box" role="search">
            <label class="visually-hidden" for=id.clone()>{label}</label>
            <Icon kind=IconKind::Search class="search-box__icon"/>
            <input
                id=id
                class="search-box__input"
                type="search"
                placeholder=label
                autocomplete="off"
                spellcheck="false"
                maxlength="200"
                prop:value=move || draft.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.set(text.clone());
                    schedule(text);
                }
            />
        </div>
    }
}

/// The "Filter by state" disclosure: a checkbox per state, grouped by phase, with counts.
#[component]
pub fn StateFilter(
    /// Counts per state (unfiltered).
    #[prop(into)]
    stats: Signal<Option<UserStats>>,
    /// States selected now.
    #[prop(into)]
    selected: Signal<Vec<ProvisioningState>>,
    /// Adds or removes a state.
    on_toggle: Callback<ProvisioningState>,
) -> impl IntoView {
    let badge = move || {
        let n = selected.with(Vec::len);
        (n > 0).then(|| view! { <span class="state-filter__count">{format!("({n})")}</span> })
    };
    view! {
        <Disclosure name="state-filter" label="Filter by state" badge=badge>
                {StatePhase::ALL
                    .into_iter()
                    .map(|phase| {
                        view! {
                            <fieldset class="disclosure__group">
                                <legend class="disclosure__legend">{phase.label()}</legend>
                                {phase
                                    .states()
                                    .map(|state| {
                                        let s_checked = state.clone();
                                        let s_toggle = state.clone();
                                        let s_count = state.clone();
                                        view! {
                                            <DisclosureOption
                                                id=scoped(&format!("state-filter-{}", state.as_str()))
                                                value=state.as_str()
                                                checked=Signal::derive(move || {
                                                    selected.with(|s| s.contains(&s_checked))
                                                })
                                                on_change=Callback::new(move |()| on_toggle.run(s_toggle.clone()))
                                            >
                                                {state.label().to_owned()}
                                                <span class="state-filter__n">
                                                    {move || {
                                                        stats
                                                            .with(|s| s.as_ref().map(|s| s.count(&s_count)))
                                                            .map(|n| format!(" ({n})"))
                                                            .unwrap_or_default()
                                                    }}
                                                </span>
                                            </DisclosureOption>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                        }
                    })
                    .collect_view()}
        </Disclosure>
    }
}

/// A labelled select for a yes/no/any filter (matched, active).
#[component]
pub fn TriStateSelect(
    /// The select's id.
    id: &'static str,
    /// Its visible label.
    label: &'static str,
    /// Text of the "no filter" option.
    any_text: &'static str,
    /// Text of the `true` option.
    true_text: &'static str,
    /// Text of the `false` option.
    false_text: &'static str,
    /// The value in effect.
    #[prop(into)]
    value: Signal<Option<bool>>,
    /// Called with the new value.
    on_change: Callback<Option<bool>>,
) -> impl IntoView {
    let id = scoped(id);
    view! {
        <div class="tri-select">
            <label class="tri-select__label" for=id.clone()>{label}</label>
            <select
                id=id
                class="tri-select__select"
                on:change=move |ev| {
                    let v = match event_target_value(&ev).as_str() {
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => None,
                    };
                    on_change.run(v);
                }
            >
                <option value="" selected=move || value.get().is_none()>{any_text}</option>
                <option value="true" selected=move || value.get() == Some(true)>{true_text}</option>
                <option value="false" selected=move || value.get() == Some(false)>{false_text}</option>
            </select>
        </div>
    }
}

/// The active filters as removable chips, plus "Clear all".
#[component]
pub fn FilterChips(
    /// Active filters.
    #[prop(into)]
    chips: Signal<Vec<FilterChip>>,
    /// Removes one (by key).
    on_remove: Callback<String>,
    /// Removes all.
    on_clear: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || chips.with(|c| !c.is_empty())>
            <ul class="filter-chips" aria-label="Active filters">
                <For each=move || chips.get() key=|c| c.key.clone() let:chip>
                    <li class="filter-chips__item">
                        <button
                            type="button"
                            class="filter-chip"
                            aria-label=format!("Remove filter {}", chip.text)
                            on:click={
                                let key = chip.key.clone();
                                move |_| on_remove.run(key.clone())
                            }
                        >
                            <span>{chip.text.clone()}</span>
                            <Icon kind=IconKind::Close/>
                        </button>
                    </li>
                </For>
                <li class="filter-chips__item">
                    <button type="button" class="filter-chips__clear" on:click=move |_| on_clear.run(())>
                        "Clear all"
                    </button>
                </li>
            </ul>
        </Show>
    }
}
