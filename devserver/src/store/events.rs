//! Provisioning events: the compact form every writer uses ([`EventSpec`]), and the log of
//! events that happened while the app ran ([`EventLog`]): job steps per row, and sync runs
//! per integration (a run is one record, rendered as an event on every row it read, so a
//! sync of 100,000 rows costs one entry, not 100,000).
//!
//! Seeded history (what happened before the app started) is not stored: the seed derives it
//! from the seeded row on request.

use std::collections::HashMap;

use contract::{
    AttributeChange, EventJob, EventOutcome, EventTrigger, ProvisioningEvent,
    ProvisioningEventAttributes, ProvisioningState, Resource, StateFamily, TriggerKind,
};

use super::row::{Failure, UserRow};
use crate::ids::{hash, uuid};
use crate::time::rfc3339;

/// Live events kept per row; older ones are dropped (a demo left running for days must not
/// grow without bound).
const PER_ROW: usize = 1_000;
/// Salt of live event ids (distinct from every seeded id).
const LIVE_SALT: u64 = 0x11fe;
/// Salt of sync event ids.
const SYNC_SALT: u64 = 0x5c;

/// One event, before it gets an id.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSpec {
    /// When (Unix seconds).
    pub at: i64,
    /// The job.
    pub job: EventJob,
    /// How far it got.
    pub outcome: EventOutcome,
    /// State before, if it changed.
    pub from: Option<ProvisioningState>,
    /// State after, if it changed.
    pub to: Option<ProvisioningState>,
    /// What started the job.
    pub trigger: EventTrigger,
    /// Attributes pushed to the app.
    pub changes: Vec<AttributeChange>,
    /// The failure, for a failed job.
    pub failure: Option<Failure>,
    /// The app's request id.
    pub app_request_id: Option<String>,
    /// How long the step took.
    pub duration_ms: Option<u64>,
}

impl EventSpec {
    /// An event with no state change, changes or error.
    pub fn new(at: i64, job: EventJob, outcome: EventOutcome, trigger: EventTrigger) -> Self {
        EventSpec {
            at,
            job,
            outcome,
            from: None,
            to: None,
            trigger,
            changes: Vec::new(),
            failure: None,
            app_request_id: None,
            duration_ms: None,
        }
    }

    /// The row's state moved `from` → `to`.
    pub fn moved(mut self, from: &ProvisioningState, to: &ProvisioningState) -> Self {
        self.from = Some(from.clone());
        self.to = Some(to.clone());
        self
    }

    /// One attribute pushed to the app.
    pub fn change(mut self, attribute: &str, from: Option<&str>, to: Option<&str>) -> Self {
        self.changes.push(AttributeChange {
            attribute: attribute.into(),
            from: from.map(Into::into),
            to: to.map(Into::into),
        });
        self
    }

    /// The app answered: its request id (derived from `h`) and the time taken.
    pub fn answered(mut self, h: u64) -> Self {
        self.app_request_id = Some(format!("scim-req-{:06x}", h & 0xff_ffff));
        self.duration_ms = Some(200 + (h >> 24) % 4_000);
        self
    }

    /// The job failed this way.
    pub fn failed(mut self, failure: Failure) -> Self {
        self.failure = Some(failure);
        self
    }

    /// The wire event with this id.
    pub fn render(&self, id: String) -> ProvisioningEvent {
        Resource {
            id,
            kind: "provisioning_event".into(),
            attributes: ProvisioningEventAttributes {
                occurred_at: rfc3339(self.at),
                job: self.job.clone(),
                outcome: self.outcome.clone(),
                from_state: self.from.clone(),
                to_state: self.to.clone(),
                trigger: self.trigger.clone(),
                changes: self.changes.clone(),
                error: self.failure.map(Failure::last_error),
                app_request_id: self.app_request_id.clone(),
                duration_ms: self.duration_ms,
            },
        }
    }
}

/// The job a state belongs to (a resting state: an update).
pub fn job_of(state: &ProvisioningState) -> EventJob {
    match state.family() {
        StateFamily::Provisioning => EventJob::Provision,
        StateFamily::Delete => EventJob::Delete,
        StateFamily::Update | StateFamily::None => EventJob::Update,
    }
}

/// A trigger of this kind with no details.
pub fn trigger(kind: TriggerKind) -> EventTrigger {
    EventTrigger {
        kind,
        ..EventTrigger::default()
    }
}

/// An event of the IdP (`okta`, `entra_id`…) with its own event id.
pub fn idp_trigger(idp: &str, event_id: String) -> EventTrigger {
    EventTrigger {
        kind: TriggerKind::IdpEvent,
        idp: Some(idp.into()),
        upstream_event_id: Some(event_id),
        actor_display_name: None,
    }
}

/// An admin's action (`Admin` or `Retry`) by name.
pub fn by_admin(kind: TriggerKind, name: &str) -> EventTrigger {
    EventTrigger {
        kind,
        actor_display_name: Some(name.into()),
        ..EventTrigger::default()
    }
}

/// The IdP's id of one of its events, in that IdP's style.
pub fn idp_event_id(idp: &str, h: u64) -> String {
    match idp {
        "okta" => format!("okta-evt-{:012x}", h & 0xffff_ffff_ffff),
        "entra_id" => format!("entra-chg-{}", uuid(h, &[1])),
        other => format!("{other}-evt-{:08x}", h & 0xffff_ffff),
    }
}

/// One sync run of an integration: it read every row.
#[derive(Debug, Clone)]
pub struct SyncRun {
    /// Order among live records.
    pub seq: u64,
    /// Start (Unix seconds).
    pub started: i64,
    /// End (Unix seconds).
    pub finished: i64,
    /// Who started it.
    pub actor: String,
}

/// What happened while the app ran.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    by_row: HashMap<Box<str>, Vec<(u64, EventSpec)>>,
    syncs: HashMap<Box<str>, Vec<SyncRun>>,
    seq: u64,
}

impl EventLog {
    /// Records an event of a row. Its time never goes before the row's previous live event,
    /// so the history reads in order even when a step is stamped with a nudged clock.
    pub fn record(&mut self, row_id: &str, mut spec: EventSpec) {
        self.seq += 1;
        let list = self.by_row.entry(row_id.into()).or_default();
        if let Some((_, last)) = list.last() {
            spec.at = spec.at.max(last.at);
        }
        if list.len() >= PER_ROW {
            list.remove(0);
        }
        list.push((self.seq, spec));
    }

    /// The trigger of the row's last queued live job: what a later step of that job names.
    pub fn last_trigger(&self, row_id: &str) -> Option<EventTrigger> {
        self.by_row
            .get(row_id)?
            .iter()
            .rev()
            .find(|(_, e)| e.outcome == EventOutcome::Queued)
            .map(|(_, e)| e.trigger.clone())
    }

    /// Records a finished sync run of an integration.
    pub fn record_sync(&mut self, integration_id: &str, started: i64, finished: i64, actor: &str) {
        self.seq += 1;
        let runs = self.syncs.entry(integration_id.into()).or_default();
        if runs.len() >= PER_ROW {
            runs.remove(0);
        }
        runs.push(SyncRun {
            seq: self.seq,
            started,
            finished,
            actor: actor.into(),
        });
    }

    /// The live events of a row (its own and the syncs that read it), in no set order.
    pub fn of_row(&self, integration_id: &str, row: &UserRow) -> Vec<ProvisioningEvent> {
        let own = self.by_row.get(&*row.id).into_iter().flatten();
        let mut out: Vec<ProvisioningEvent> = own
            .map(|(seq, spec)| spec.render(uuid(LIVE_SALT, &[*seq])))
            .collect();
        let row_hash = row.id.bytes().fold(0, |a, b| hash(a, &[u64::from(b)]));
        for run in self.syncs.get(integration_id).into_iter().flatten() {
            let spec = EventSpec {
                duration_ms: Some((run.finished - run.started).max(0) as u64 * 1000),
                ..EventSpec::new(
                    run.finished,
                    EventJob::Sync,
                    EventOutcome::Succeeded,
                    by_admin(TriggerKind::Admin, &run.actor),
                )
            };
            out.push(spec.render(uuid(SYNC_SALT, &[run.seq, row_hash])));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_times_never_go_back_and_the_log_is_bounded() {
        let mut log = EventLog::default();
        let t = trigger(TriggerKind::System);
        log.record(
            "r",
            EventSpec::new(100, EventJob::Update, EventOutcome::Queued, t.clone()),
        );
        log.record(
            "r",
            EventSpec::new(90, EventJob::Update, EventOutcome::Started, t.clone()),
        );
        let list = &log.by_row["r"];
        assert_eq!((list[0].1.at, list[1].1.at), (100, 100));
        for i in 0..PER_ROW as i64 + 5 {
            log.record(
                "s",
                EventSpec::new(i, EventJob::Update, EventOutcome::Queued, t.clone()),
            );
        }
        assert_eq!(log.by_row["s"].len(), PER_ROW);
        assert_eq!(log.by_row["s"][0].1.at, 5);
    }

    #[test]
    fn rendering_names_the_error_and_the_request() {
        let e = EventSpec::new(
            0,
            EventJob::Provision,
            EventOutcome::Failed,
            idp_trigger("okta", idp_event_id("okta", 0xabc)),
        )
        .moved(
            &ProvisioningState::ProvisioningOngoing,
            &ProvisioningState::ProvisioningFailed,
        )
        .failed(Failure { kind: 0, at: 0 })
        .answered(0x1234)
        .render("id".into());
        let a = &e.attributes;
        assert_eq!(a.error.as_ref().unwrap().code, "NotEnoughSeats");
        assert_eq!(a.app_request_id.as_deref(), Some("scim-req-001234"));
        assert_eq!(
            a.trigger.upstream_event_id.as_deref(),
            Some("okta-evt-000000000abc")
        );
        assert_eq!(a.occurred_at, "1970-01-01T00:00:00Z");
    }
}
