//! One event of the timeline: when, what, why, what changed and the error, all as text.

use contract::ProvisioningEvent;
use leptos::prelude::*;

use crate::components::copy_button::CopyButton;
use crate::components::state_badge::StateBadge;
use crate::model::failure::suggested_action;
use crate::model::format::{format_datetime, parse_rfc3339_ms, relative_time};
use crate::model::history::{change_text, error_words, event_summary, outcome_tone, trigger_text};

/// One event as a list item (`<li>`, inside the timeline's `<ol>`). Not reactive but for its
/// relative time, which follows `now`.
#[component]
pub fn HistoryEntry(
    /// The event.
    event: ProvisioningEvent,
    /// The clock the relative time is read against (ms since the epoch).
    #[prop(into)]
    now: Signal<f64>,
) -> impl IntoView {
    let a = event.attributes;
    let summary = event_summary(&a.job, &a.outcome);
    let trigger = trigger_text(&a.trigger);
    let copy_label = format!("Copy upstream event ID of {summary}");
    let changes: Vec<_> = a.changes.iter().map(change_text).collect();
    let error = a.error.as_ref().map(|e| {
        let action = e.user_action.as_deref().map(suggested_action);
        (
            error_words(e),
            e.code.clone(),
            action.filter(|s| !s.is_empty()),
        )
    });
    let states = (a.from_state.clone(), a.to_state.clone());
    view! {
        <li class="history-entry" data-outcome=outcome_tone(&a.outcome) data-event-id=event.id>
            <div class="history-entry__head">
                <p class="history-entry__what">{summary}</p>
                {when_view(a.occurred_at, now)}
            </div>
            {state_change(states)}
            <dl class="history-entry__facts">
                <div>
                    <dt>"Why"</dt>
                    <dd class="history-entry__why">
                        <span class="history-entry__wrap">{trigger.text}</span>
                        {trigger.copy.map(|id| view! { <CopyButton value=id label=copy_label/> })}
                    </dd>
                </div>
                {(!changes.is_empty()).then(|| view! {
                    <div>
                        <dt>"Changed"</dt>
                        <dd>
                            <ul class="history-entry__changes">
                                {changes.into_iter().map(|c| view! {
                                    <li>
                                        <span class="history-entry__attr">{c.attribute}</span>": "
                                        <span class="history-entry__wrap">{c.from}</span>
                                        <span aria-hidden="true">" → "</span>
                                        <span class="visually-hidden">" changed to "</span>
                                        <span class="history-entry__wrap">{c.to}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </dd>
                    </div>
                })}
                {error.map(|(words, code, action)| view! {
                    <div class="history-entry__error">
                        <dt>"Error"</dt>
                        <dd>
                            <span class="history-entry__wrap">{words}</span>
                            " "<span class="history-entry__code">{code}</span>
                            {action.map(|a| view! { <span class="history-entry__hint">{a}</span> })}
                        </dd>
                    </div>
                })}
                {a.app_request_id.filter(|id| !id.trim().is_empty()).map(|id| view! {
                    <div>
                        <dt>"App request ID"</dt>
                        <dd class="history-entry__code">{id}</dd>
                    </div>
                })}
            </dl>
        </li>
    }
}

/// The relative time in a `<time>`, with the absolute time shown on hover and on keyboard
/// focus (and read with it); a time that does not parse is shown as it came.
fn when_view(occurred_at: String, now: Signal<f64>) -> impl IntoView {
    let Some(at) = parse_rfc3339_ms(&occurred_at) else {
        let shown = if occurred_at.trim().is_empty() {
            "Time not given".to_owned()
        } else {
            occurred_at
        };
        return view! { <span class="history-entry__when">{shown}</span> }.into_any();
    };
    let absolute = format_datetime(&occurred_at);
    view! {
        <time class="history-entry__when" datetime=occurred_at tabindex="0">
            <span>{move || relative_time(at, now.get())}</span>
            <span class="history-entry__absolute">{absolute}</span>
        </time>
    }
    .into_any()
}

/// "from → to" badges, for an event that changed the account's state.
fn state_change(
    states: (
        Option<contract::ProvisioningState>,
        Option<contract::ProvisioningState>,
    ),
) -> impl IntoView {
    let (from, to) = states;
    let has_from = from.is_some();
    (from.is_some() || to.is_some()).then(|| {
        view! {
            <p class="history-entry__states">
                {from.map(|s| view! {
                    <span class="visually-hidden">"From "</span>
                    <StateBadge state=s/>
                })}
                {to.map(|s| view! {
                    {has_from.then(|| view! {
                        <span class="history-entry__arrow" aria-hidden="true">"→"</span>
                        <span class="visually-hidden">" to "</span>
                    })}
                    <StateBadge state=s/>
                })}
            </p>
        }
    })
}
