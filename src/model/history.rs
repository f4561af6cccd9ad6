//! An account's provisioning history in words: when (relative time), what (job and outcome),
//! why (the trigger), what changed and why it failed; and the timeline that pages of events
//! are merged into without duplicates. Unknown enum values are shown as they came, and missing
//! fields read as "not given", never as an error.

use std::collections::HashSet;

use contract::{
    AttributeChange, EventJob, EventOutcome, EventTrigger, LastError, ProvisioningEvent,
    ProvisioningEventList, TriggerKind,
};

use super::failure::code_explanation;

/// The job and how far it got, e.g. "Update failed", "Provisioning queued"; unknown values as
/// they came ("reconcile deferred").
pub fn event_summary(job: &EventJob, outcome: &EventOutcome) -> String {
    let job = match job {
        EventJob::Provision => "Provisioning",
        EventJob::Update => "Update",
        EventJob::Delete => "Removal",
        EventJob::Sync => "Sync",
        EventJob::Unknown(raw) if raw.trim().is_empty() => "Job",
        EventJob::Unknown(raw) => raw.as_str(),
    };
    let outcome = match outcome {
        EventOutcome::Queued => "queued",
        EventOutcome::Started => "started",
        EventOutcome::Succeeded => "succeeded",
        EventOutcome::Failed => "failed",
        EventOutcome::Skipped => "skipped",
        EventOutcome::Unknown(raw) if raw.trim().is_empty() => "(no outcome given)",
        EventOutcome::Unknown(raw) => raw.as_str(),
    };
    format!("{job} {outcome}")
}

/// Which of the outcomes an entry shows, for its tone (`data-outcome`).
pub fn outcome_tone(outcome: &EventOutcome) -> &'static str {
    match outcome {
        EventOutcome::Succeeded => "succeeded",
        EventOutcome::Failed => "failed",
        EventOutcome::Queued | EventOutcome::Started => "moving",
        EventOutcome::Skipped => "skipped",
        EventOutcome::Unknown(_) => "unknown",
    }
}

/// What started a job, in words, and the id worth copying (an IdP's event id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerText {
    /// E.g. "Okta event okta-evt-8f3a2c", "Retried by Ada Admin", "Scheduled sync".
    pub text: String,
    /// The upstream event id, for the copy button.
    pub copy: Option<String>,
}

/// A text field that is there and not blank, trimmed.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The trigger in words; an unknown kind is shown as it came.
pub fn trigger_text(trigger: &EventTrigger) -> TriggerText {
    let actor = given(&trigger.actor_display_name).unwrap_or("an admin");
    let copy = given(&trigger.upstream_event_id).map(str::to_owned);
    let text = match &trigger.kind {
        TriggerKind::IdpEvent => {
            let idp = match given(&trigger.idp) {
                Some(i) if i.eq_ignore_ascii_case("okta") => "Okta",
                Some(i) if i.eq_ignore_ascii_case("entra_id") => "Entra ID",
                Some(i) => i,
                None => "IdP",
            };
            match &copy {
                Some(id) => format!("{idp} event {id}"),
                None => format!("{idp} event"),
            }
        }
        TriggerKind::Admin => format!("By {actor}"),
        TriggerKind::Retry => format!("Retried by {actor}"),
        TriggerKind::Schedule => "Scheduled sync".to_owned(),
        TriggerKind::System => "Automatically, by the system".to_owned(),
        TriggerKind::Unknown(raw) if raw.trim().is_empty() => "Not given".to_owned(),
        TriggerKind::Unknown(raw) => raw.clone(),
    };
    TriggerText { text, copy }
}

/// One changed attribute as text: "department: Sales → Marketing".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeText {
    /// The attribute's name ("(unnamed)" when missing).
    pub attribute: String,
    /// The value before ("not set" when it had none).
    pub from: String,
    /// The value after ("removed" when it has none).
    pub to: String,
}

/// A change in words.
pub fn change_text(change: &AttributeChange) -> ChangeText {
    let attribute = match change.attribute.trim() {
        "" => "(unnamed)".to_owned(),
        a => a.to_owned(),
    };
    ChangeText {
        attribute,
        from: change.from.clone().unwrap_or_else(|| "not set".to_owned()),
        to: change.to.clone().unwrap_or_else(|| "removed".to_owned()),
    }
}

/// Why a job failed in plain words: the known code's sentence, else the API's message, else
/// the code as it came.
pub fn error_words(error: &LastError) -> String {
    let message = error.message.as_deref().map(str::trim);
    match (code_explanation(&error.code), message) {
        (Some(known), _) => known.to_owned(),
        (None, Some(m)) if !m.is_empty() => m.to_owned(),
        _ if !error.code.trim().is_empty() => error.code.trim().to_owned(),
        _ => "The app gave no reason.".to_owned(),
    }
}

/// The events shown, newest first, without duplicates, and where the older ones continue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// The events, newest first.
    pub events: Vec<ProvisioningEvent>,
    /// The page "Load older" asks for; `None` when the oldest event is shown.
    pub next_page: Option<u64>,
    /// All events of the account, as the last answer counted them.
    pub total: u64,
    ids: HashSet<String>,
}

impl Timeline {
    /// The timeline of a first page.
    pub fn from_first(page: ProvisioningEventList) -> Timeline {
        let mut t = Timeline::default();
        t.add_older(page);
        t
    }

    /// Appends an older page; events already shown are skipped (newer events shift the pages
    /// the server cuts, so a page may repeat the end of the one before). Returns how many were
    /// new.
    pub fn add_older(&mut self, page: ProvisioningEventList) -> usize {
        self.total = page.meta.page.total;
        let more = !page.data.is_empty()
            && (page.links.next.is_some() || page.meta.page.number < page.meta.page.total_pages);
        self.next_page = more.then_some(page.meta.page.number.max(1) + 1);
        let fresh = self.unseen(page.data);
        let n = fresh.len();
        self.events.extend(fresh);
        n
    }

    /// Puts the events of a fresh first page that are not shown yet on top, keeping their
    /// order. Returns how many were new; 0 means nothing to redraw.
    pub fn add_newer(&mut self, page: ProvisioningEventList) -> usize {
        let total = page.meta.page.total;
        let fresh = self.unseen(page.data);
        let n = fresh.len();
        if n > 0 {
            self.events.splice(0..0, fresh);
        }
        self.total = total.max(self.events.len() as u64);
        n
    }

    fn unseen(&mut self, events: Vec<ProvisioningEvent>) -> Vec<ProvisioningEvent> {
        events
            .into_iter()
            .filter(|e| self.ids.insert(e.id.clone()))
            .collect()
    }
}

/// Why the history (or its older part) could not be shown, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryProblem {
    /// What went wrong, a sentence.
    pub message: String,
    /// The request id to quote to support, when the server gave one.
    pub request_id: Option<String>,
}

/// How far the newest page got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryLoad {
    /// Asking for it.
    Loading,
    /// Shown (it may be empty).
    Ready,
    /// The request failed.
    Failed(HistoryProblem),
}

/// Where "Load older" stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OlderLoad {
    /// Nothing asked, or the last page came.
    Idle,
    /// Asking for the next older page.
    Loading,
    /// The last try failed; the button tries again.
    Failed(HistoryProblem),
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
