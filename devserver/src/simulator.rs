//! The provisioning simulator: awaiting rows start, run, then finish (onboarded / deleted, or
//! failed with a realistic error). Every choice is a hash of the seed, the row and the step
//! number, so a sequence of steps gives the same data every time.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use contract::{EventOutcome, ProvisioningState as S, StatePhase, TriggerKind};
use serde::Serialize;

use crate::catalog::{DELETE_ERRORS, DEPARTMENTS, PROVISION_ERRORS, UPDATE_ERRORS};
use crate::ids::hash;
use crate::seed::CONTENTZILLA_ID;
use crate::store::{
    idp_event_id, idp_trigger, job_of, trigger, Change, EventLog, EventSpec, SharedStore, UserRow,
};
use crate::time;

/// The simulator of one app: its switches and the store it moves; cheap to clone.
#[derive(Clone)]
pub struct Simulator {
    control: Arc<SimControl>,
    store: SharedStore,
    seed: u64,
}

/// Run/stop switch, speed and step counter.
struct SimControl {
    running: AtomicBool,
    tick_ms: AtomicU64,
    steps: AtomicU64,
    loop_started: AtomicBool,
}

/// What one step changed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// Step number (from 1 after a reset).
    pub step: u64,
    /// Rows changed.
    pub changed: usize,
    /// The first 200 changes.
    pub changes: Vec<Transition>,
}

/// One row's state change.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// Integration id.
    pub integration_id: String,
    /// Row id.
    pub user_id: String,
    /// State before.
    pub from: String,
    /// State after.
    pub to: String,
}

/// Simulator status for `GET/POST /dev/simulator`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimStatus {
    /// Whether steps run on a timer.
    pub running: bool,
    /// Milliseconds between steps.
    pub tick_ms: u64,
    /// Steps done since start or reset.
    pub steps: u64,
}

impl Simulator {
    /// A simulator of `store`, running or not; choices are hashes of `seed`.
    pub fn new(store: SharedStore, seed: u64, running: bool, tick_ms: u64) -> Self {
        Simulator {
            control: Arc::new(SimControl {
                running: AtomicBool::new(running),
                tick_ms: AtomicU64::new(tick_ms.max(10)),
                steps: AtomicU64::new(0),
                loop_started: AtomicBool::new(false),
            }),
            store,
            seed,
        }
    }

    /// Starts or stops the timer; changes the speed.
    pub fn set(&self, running: Option<bool>, tick_ms: Option<u64>) {
        if let Some(t) = tick_ms {
            self.control.tick_ms.store(t.max(10), Ordering::Relaxed);
        }
        if let Some(r) = running {
            self.control.running.store(r, Ordering::Relaxed);
        }
    }

    /// Back to step 0 (after a reset).
    pub fn reset_steps(&self) {
        self.control.steps.store(0, Ordering::Relaxed);
    }

    /// Current status.
    pub fn status(&self) -> SimStatus {
        let c = &self.control;
        SimStatus {
            running: c.running.load(Ordering::Relaxed),
            tick_ms: c.tick_ms.load(Ordering::Relaxed),
            steps: c.steps.load(Ordering::Relaxed),
        }
    }

    /// Starts the timer task once (a tokio runtime must be running); it holds the store
    /// weakly and ends when the app is gone.
    pub fn ensure_loop(&self) {
        if self.control.loop_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = self.store.downgrade();
        let control = self.control.clone();
        let seed = self.seed;
        tokio::spawn(async move {
            loop {
                let tick = control.tick_ms.load(Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(tick)).await;
                let Some(store) = weak.upgrade() else {
                    return;
                };
                if control.running.load(Ordering::Relaxed) {
                    step(&control, &store, seed);
                }
            }
        });
    }

    /// One step, now.
    pub fn step(&self) -> StepReport {
        step(&self.control, &self.store, self.seed)
    }
}

/// Advances every integration by one step.
fn step(control: &SimControl, store: &SharedStore, seed: u64) -> StepReport {
    let n = control.steps.fetch_add(1, Ordering::SeqCst) + 1;
    let mut guard = store.write();
    let store = &mut *guard;
    let events = &mut store.events;
    let mut changes = Vec::new();
    let mut changed = 0;
    for (k, integ) in store.integrations.iter_mut().enumerate() {
        let k = k as u64;
        let mut moving: Vec<usize> = integ
            .users
            .rows()
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.state.phase(), StatePhase::Awaiting | StatePhase::Ongoing))
            .map(|(i, _)| i)
            .collect();
        // Keep Contentzilla moving forever: every step, queue a job on a resting row
        // (update or removal of an onboarded account, re-provisioning of a removed one, an
        // automatic retry of a failed one), so a running demo always shows motion.
        let mut queue: Option<(usize, S)> = None;
        if &*integ.id == CONTENTZILLA_ID && !integ.users.rows().is_empty() {
            let rows = integ.users.rows();
            let h = hash(seed, &[88, n]);
            let pick = (h % rows.len() as u64) as usize;
            let r = &rows[pick];
            queue = match &r.state {
                S::Onboarded if (h >> 32).is_multiple_of(5) => Some((pick, S::DeleteAwaiting)),
                S::Onboarded => Some((pick, S::UpdateAwaiting)),
                S::Deleted => Some((pick, S::ProvisioningAwaiting)),
                s if r.can_retry => s.retry_target().map(|t| (pick, t)),
                _ => None,
            };
        }
        if moving.is_empty() && queue.is_none() {
            continue;
        }
        let now = time::now();
        let id = integ.id.to_string();
        let idp = integ.idp;
        let rows = integ.users.rows_mut(Change::State);
        let mut record = |r: &UserRow, from: &S| {
            changed += 1;
            if changes.len() < 200 {
                changes.push(Transition {
                    integration_id: id.clone(),
                    user_id: r.id.to_string(),
                    from: from.to_string(),
                    to: r.state.to_string(),
                });
            }
        };
        for i in moving.drain(..) {
            let r = &mut rows[i];
            let h = hash(seed, &[77, k, i as u64, r.state.rank() as u64]);
            r.sim_steps = r.sim_steps.saturating_add(1);
            if u64::from(r.sim_steps) < 1 + h % 3 {
                continue;
            }
            let from = r.state.clone();
            let fate = hash(seed, &[78, k, i as u64, n]);
            let fails = fate % 100 < 20;
            let pick = |list: &[u8]| list[((fate >> 8) % list.len() as u64) as usize];
            let (next, failure) = match &r.state {
                S::ProvisioningAwaiting => (S::ProvisioningOngoing, None),
                S::UpdateAwaiting => (S::UpdateOngoing, None),
                S::DeleteAwaiting => (S::DeleteOngoing, None),
                S::ProvisioningOngoing if fails => {
                    (S::ProvisioningFailed, Some(pick(PROVISION_ERRORS)))
                }
                S::ProvisioningOngoing => (S::Onboarded, None),
                S::UpdateOngoing if fails => (S::UpdateFailed, Some(pick(UPDATE_ERRORS))),
                S::UpdateOngoing => (S::Onboarded, None),
                S::DeleteOngoing if fails => (S::DeleteFailed, Some(pick(DELETE_ERRORS))),
                S::DeleteOngoing => (S::Deleted, None),
                _ => continue,
            };
            let at = now.max(r.updated_at + 1);
            r.advance(next, failure, at);
            events.record(&r.id, step_event(events, r, &from, at, fate));
            record(r, &from);
        }
        if let Some((i, target)) = queue {
            let r = &mut rows[i];
            let from = r.state.clone();
            let at = now.max(r.updated_at + 1);
            r.requeue(target, at);
            let h = hash(seed, &[89, n]);
            events.record(&r.id, queue_event(idp, &from, &r.state, at, h));
            record(r, &from);
        }
    }
    StepReport {
        step: n,
        changed,
        changes,
    }
}

/// The event of a running job's step: started, or its end (with the app's answer).
fn step_event(events: &EventLog, r: &UserRow, from: &S, at: i64, h: u64) -> EventSpec {
    // The step belongs to the job that was queued; a job queued before the app started
    // (seeded) ran on the schedule.
    let why = events
        .last_trigger(&r.id)
        .unwrap_or_else(|| trigger(TriggerKind::Schedule));
    let outcome = match r.state.phase() {
        StatePhase::Ongoing => EventOutcome::Started,
        StatePhase::Failed => EventOutcome::Failed,
        _ => EventOutcome::Succeeded,
    };
    let started = outcome == EventOutcome::Started;
    let mut e = EventSpec::new(at, job_of(from), outcome, why).moved(from, &r.state);
    if !started {
        e = e.answered(h);
    }
    if let Some(f) = r.failure {
        e = e.failed(f);
    }
    e
}

/// The event of a job the simulator queued on a resting row: an IdP event (a changed
/// department, an unassignment, a new assignment), or the system's automatic retry.
fn queue_event(idp: &str, from: &S, to: &S, at: i64, h: u64) -> EventSpec {
    let why = idp_trigger(idp, idp_event_id(idp, h));
    let e = EventSpec::new(at, job_of(to), EventOutcome::Queued, why).moved(from, to);
    match (from, to) {
        (S::Onboarded, S::UpdateAwaiting) => {
            let a = (h >> 8) as usize % DEPARTMENTS.len();
            let b = (a + 1 + (h >> 16) as usize % (DEPARTMENTS.len() - 1)) % DEPARTMENTS.len();
            e.change("department", Some(DEPARTMENTS[a]), Some(DEPARTMENTS[b]))
        }
        (S::Onboarded, S::DeleteAwaiting) => e.change("active", Some("true"), Some("false")),
        (S::Deleted, S::ProvisioningAwaiting) => e.change("active", Some("false"), Some("true")),
        _ => EventSpec {
            trigger: trigger(TriggerKind::System),
            ..e
        },
    }
}
