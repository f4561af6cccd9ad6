//! Failures by cause: the panel's data and its actions.
//!
//! * The groups follow the live polls: every time a poll (or a fresh page) brings the table up
//!   to date, `GET …/failures` is asked again with the last `ETag`; a 304 changes nothing and
//!   touches no DOM. While the counts say nothing failed, nothing is asked and the panel is
//!   empty, so it can never disagree with the summary above it.
//! * Show puts the cause's error code in the view state (the URL), where it is a chip.
//! * Retry asks first (the dialog), then flips the cause's retryable rows on screen to their
//!   `*_awaiting` state at once, sends `POST …/failures/{code}/retry`, puts the rows back if it
//!   failed, and reports what was queued and what was skipped.

use contract::{ProvisioningState, StatePhase};
use leptos::prelude::*;

use super::live::Live;
use super::view_state::ViewState;
use crate::api::{
    cause_retry_outcome, list_failures_if_changed, retry_failure_group, AbortHandle, ApiConfig,
    Conditional,
};
use crate::components::{CauseRetryDialog, FailureCausesPanel};
use crate::model::causes::{cause_report, causes, show_cause, CauseLine, CauseReport, Causes};
use crate::model::{RowStore, UserRow};

/// What the hook needs from the tab.
pub struct FailureCausesInput {
    /// API base and auth.
    pub config: ApiConfig,
    /// The integration's id.
    pub integration_id: Signal<String>,
    /// The rows on screen (flipped by a retry).
    pub store: RowStore,
    /// Live updates: their counts and their polls drive the refetch.
    pub live: Live,
    /// The view state, for Show.
    pub view: ViewState,
}

/// The panel's state and actions.
#[derive(Clone, Copy)]
pub struct FailureCauses {
    /// The causes, as last answered.
    pub causes: RwSignal<Causes>,
    /// Why the causes could not be loaded, in words; the last ones stay shown.
    pub load_error: RwSignal<Option<String>>,
    /// The cause the confirm dialog asks about; `Some` while it is open.
    pub confirming: RwSignal<Option<CauseLine>>,
    /// The code of the cause being retried.
    pub retrying: RwSignal<Option<String>>,
    /// The last retry's report.
    pub report: RwSignal<Option<CauseReport>>,
    /// Show a cause's accounts (its code).
    pub show: Callback<String>,
    ctx: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    config: ApiConfig,
    integration_id: Signal<String>,
    store: RowStore,
    live: Live,
    /// The integration the tag and causes belong to.
    for_id: String,
    etag: Option<String>,
    abort: Option<AbortHandle>,
}

/// The failures of the tab's integration by cause, kept current with the live polls.
pub fn use_failure_causes(input: FailureCausesInput) -> FailureCauses {
    let FailureCausesInput {
        mut config,
        integration_id,
        store,
        live,
        view,
    } = input;
    // Asked again with every poll: the next poll is the retry.
    config.retry_delays_ms.clear();
    let this = FailureCauses {
        causes: RwSignal::new(Causes::default()),
        load_error: RwSignal::new(None),
        confirming: RwSignal::new(None),
        retrying: RwSignal::new(None),
        report: RwSignal::new(None),
        show: Callback::new(move |code: String| view.edit(|q| show_cause(q, &code))),
        ctx: StoredValue::new_local(Inner {
            config,
            integration_id,
            store,
            live,
            for_id: String::new(),
            etag: None,
            abort: None,
        }),
    };
    Effect::new(move |_| {
        // A poll or a fresh page brought the table up to date.
        live.last_updated.track();
        let failed = live
            .stats
            .with(|s| s.as_ref().map(|s| s.count_phase(StatePhase::Failed)));
        let id = integration_id.get();
        match failed {
            None => {}
            Some(0) => this.clear(&id),
            Some(_) => this.refresh(id),
        }
    });
    on_cleanup(move || {
        let _ = this.ctx.try_update_value(|c| {
            if let Some(a) = c.abort.take() {
                a.abort();
            }
        });
    });
    this
}

impl FailureCauses {
    /// Retry pressed for a cause (its code): opens the confirm dialog when the cause has jobs
    /// to retry and no retry runs.
    pub fn ask_retry(&self, code: &str) {
        let line = self
            .causes
            .with_untracked(|c| c.lines.iter().find(|l| l.code == code).cloned());
        if self.retrying.get_untracked().is_none() {
            self.confirming
                .set(line.filter(|l| l.retryable > 0 && l.actionable()));
        }
    }

    /// The dialog was confirmed: its cause's jobs are retried.
    pub fn confirm(&self) {
        if let Some(line) = self.confirming.get_untracked() {
            self.confirming.set(None);
            self.retry(line);
        }
    }

    /// Nothing failed: no causes, and no request.
    fn clear(&self, id: &str) {
        let _ = self.ctx.try_update_value(|c| {
            c.for_id = id.to_owned();
            c.etag = None;
        });
        if self.causes.with_untracked(|c| *c != Causes::default()) {
            self.causes.set(Causes::default());
        }
        if self.load_error.with_untracked(Option::is_some) {
            self.load_error.set(None);
        }
    }

    /// Asks for the causes (conditionally); not while a retry runs, whose answer comes first.
    fn refresh(self, id: String) {
        if self.retrying.get_untracked().is_some() {
            return;
        }
        let Some((config, etag, abort)) = self.ctx.try_update_value(|c| {
            if c.for_id != id {
                c.for_id = id.clone();
                c.etag = None;
            }
            if let Some(old) = c.abort.take() {
                old.abort();
            }
            let abort = AbortHandle::new();
            c.abort = Some(abort.clone());
            (c.config.clone(), c.etag.clone(), abort)
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = list_failures_if_changed(&config, &id, etag.as_deref(), &abort).await;
            match answer {
                Ok(Conditional::NotModified) => {}
                Ok(Conditional::Modified { value, etag }) => {
                    let fresh = causes(&value);
                    if self.causes.try_with_untracked(|c| *c != fresh) == Some(true) {
                        self.causes.set(fresh);
                    }
                    let _ = self.ctx.try_update_value(|c| c.etag = etag);
                    let _ = self.load_error.try_set(None);
                }
                Err(crate::api::ApiError::Aborted) => {}
                Err(e) => {
                    let words = Some(format!("Couldn't load the failure causes: {e}."));
                    if self.load_error.try_with_untracked(|w| *w != words) == Some(true) {
                        self.load_error.set(words);
                    }
                }
            }
        });
    }

    /// Retries a cause's jobs: the rows flip at once, the answer is reported.
    fn retry(self, line: CauseLine) {
        let Some((config, id, store, live)) = self.ctx.try_with_value(|c| {
            (
                c.config.clone(),
                c.integration_id.get_untracked(),
                c.store.clone(),
                c.live,
            )
        }) else {
            return;
        };
        self.retrying.set(Some(line.code.clone()));
        self.report.set(None);
        // No poll may answer with the rows as they were before the retry.
        live.hold();
        let mut flipped: Vec<(UserRow, ProvisioningState)> = Vec::new();
        let mut skipped_names = Vec::new();
        for row in store.rows.get_untracked() {
            let same_cause = row.last_error.with_untracked(|e| {
                e.as_ref()
                    .is_some_and(|e| e.code.trim() == line.code.as_str())
            });
            let state = row.provisioning_state.get_untracked();
            let Some(target) = state.retry_target().filter(|_| same_cause) else {
                continue;
            };
            if row.can_retry.get_untracked() {
                row.provisioning_state.set(target);
                row.can_retry.set(false);
                flipped.push((row, state));
            } else {
                skipped_names.push(row.label_untracked());
            }
        }
        leptos::task::spawn_local(async move {
            let answer = retry_failure_group(&config, &id, &line.code, &AbortHandle::new()).await;
            let outcome = cause_retry_outcome(&answer);
            if answer.is_err() {
                // Not queued: show the rows as they were until the next poll says otherwise.
                for (row, state) in flipped {
                    row.provisioning_state.set(state);
                    row.can_retry.set(true);
                }
            }
            let _ = self
                .report
                .try_set(Some(cause_report(&line.name, &outcome, &skipped_names)));
            let _ = self.retrying.try_set(None);
            // Watch the rows move; the poll that follows asks for the causes again.
            live.after_retry();
        });
    }
}

/// The panel wired to the hook, and the confirm dialog while it is open.
#[component]
pub fn FailureCausesView(causes: FailureCauses) -> impl IntoView {
    let FailureCauses {
        confirming, report, ..
    } = causes;
    view! {
        <FailureCausesPanel
            causes=causes.causes
            load_error=causes.load_error
            retrying=causes.retrying
            report=report
            on_show=causes.show
            on_retry=Callback::new(move |code: String| causes.ask_retry(&code))
            on_dismiss=Callback::new(move |()| report.set(None))
        />
        {move || confirming.get().map(|line| view! {
            <CauseRetryDialog
                line=line
                on_confirm=Callback::new(move |()| causes.confirm())
                on_cancel=Callback::new(move |()| confirming.set(None))
            />
        })}
    }
}
