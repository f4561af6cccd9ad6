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

/// Milliseconds since the Unix epoch of an RFC 3339 time (`2026-02-18T09:12:44.5Z`,
/// `…+02:00`); `None` for anything else, so a bad value is shown as it came.
pub fn parse_rfc3339_ms(text: &str) -> Option<f64> {
    let b = text.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0i64, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day);
    if !valid || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if sep(at, b".") {
        // Milliseconds from the first three digits of the fraction (integer maths: a float
        // parser would cost the wasm 4 KB for this).
        at += 1;
        let mut scale = 100;
        while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
            millis += i64::from(d - b'0') * scale;
            scale /= 10;
            at += 1;
        }
    }
    let offset_min = match b.get(at) {
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if at + 6 == b.len() && sep(at + 3, b":") => {
            let m = num(at + 1, 2)? * 60 + num(at + 4, 2)?;
            if sign == b'-' {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_min * 60;
    Some((secs * 1_000 + millis) as f64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "just now", "3 minutes ago", "2 days ago", "1 year ago" for a time `then_ms` seen at
/// `now_ms`. A time a little ahead of the clock (skew) is "just now"; further ahead, "in the
/// future".
pub fn relative_time(then_ms: f64, now_ms: f64) -> String {
    let secs = (now_ms - then_ms) / 1_000.0;
    if secs < -60.0 {
        return "in the future".to_owned();
    }
    if secs.is_nan() || secs < 45.0 {
        return "just now".to_owned();
    }
    let (n, unit) = match secs {
        s if s < 90.0 => (1.0, "minute"),
        s if s < 3_600.0 => ((s / 60.0).round(), "minute"),
        s if s < 86_400.0 => ((s / 3_600.0).floor(), "hour"),
        s if s < 30.0 * 86_400.0 => ((s / 86_400.0).floor(), "day"),
        s if s < 365.0 * 86_400.0 => ((s / (30.0 * 86_400.0)).floor(), "month"),
        s => ((s / (365.0 * 86_400.0)).floor(), "year"),
    };
    let n = n.max(1.0) as u64;
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{plural} ago")
}

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
