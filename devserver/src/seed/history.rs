//! Seeded provisioning histories: what happened to an account before the app started,
//! derived from the seeded row on request (never stored, so 100,000 rows cost nothing until
//! someone opens one).
//!
//! Each history reads like a real one: the account was provisioned (queued, started,
//! succeeded) after an IdP event; later IdP events changed attributes (department, title,
//! roles) and were pushed as updates; some updates failed and an admin retried them; the
//! nightly sync read the account; and the last job ends in the row's current state at the
//! row's `provisioningStateUpdatedAt`, with the row's error if it failed.

use contract::{
    EventJob, EventOutcome as O, ProvisioningEvent, ProvisioningState as S, StateFamily,
    StatePhase, TriggerKind,
};

use super::{RACHEL_ROW_ID, ROSS_ROW_ID};
use crate::catalog::{self, DEPARTMENTS, TITLES, UPDATE_ERRORS};
use crate::ids::{hash, mix, uuid};
use crate::store::{
    by_admin, idp_event_id, idp_trigger, job_of, trigger, EventSpec, Failure, IntegrationRec,
    UserRow,
};

/// Rows whose history is long enough to page (more than 100 events): Rachel Green and Ross
/// Geller in Contentzilla, and about one generated row in 1,000 elsewhere.
pub const LONG_HISTORY_ROW_IDS: [&str; 2] = [RACHEL_ROW_ID, ROSS_ROW_ID];

/// Admins who retry jobs in seeded histories.
const ADMINS: &[&str] = &[
    "Ada Admin",
    "Olivia Owner",
    "Sam Superadmin",
    "Priya Patel",
    "Marcus Chen",
];
/// Salt of seeded event ids.
const ID_SALT: u64 = 0x4157;

/// A stable hash of a row id.
fn row_hash(id: &str) -> u64 {
    id.bytes().fold(0x9e37, |a, b| mix(a ^ u64::from(b)))
}

/// Whether this row's seeded history pages (more than 100 events).
pub fn has_long_history(row: &UserRow) -> bool {
    LONG_HISTORY_ROW_IDS.contains(&&*row.id) || row_hash(&row.id).is_multiple_of(1000)
}

/// Writes one job's events (queued, started, then the end) into a plan.
struct Planner<'a> {
    seed: u64,
    h: u64,
    idp: &'a str,
    out: Vec<EventSpec>,
    dept: usize,
    title: usize,
}

impl Planner<'_> {
    fn next(&mut self) -> u64 {
        self.h = mix(self.h);
        self.h
    }

    fn idp_event(&mut self) -> contract::EventTrigger {
        let h = hash(self.seed, &[self.next()]);
        idp_trigger(self.idp, idp_event_id(self.idp, h))
    }

    fn admin(&mut self) -> &'static str {
        ADMINS[(self.next() % ADMINS.len() as u64) as usize]
    }

    /// Queued and started events of a job at `at`, moving the row into `awaiting`, then
    /// `ongoing`; stops early when `until` is reached.
    fn begin(
        &mut self,
        at: i64,
        awaiting: &S,
        ongoing: &S,
        from: Option<&S>,
        why: contract::EventTrigger,
        until: StatePhase,
    ) -> bool {
        let job = job_of(awaiting);
        let mut queued = EventSpec::new(at, job.clone(), O::Queued, why.clone());
        queued.to = Some(awaiting.clone());
        queued.from = from.cloned();
        self.out.push(queued);
        if until == StatePhase::Awaiting {
            return false;
        }
        let started = EventSpec::new(at + 20 + (self.next() % 60) as i64, job, O::Started, why)
            .moved(awaiting, ongoing);
        self.out.push(started);
        until != StatePhase::Ongoing
    }

    /// The end event of a job: success into `done`, or failure into `failed`.
    fn end(
        &mut self,
        at: i64,
        ongoing: &S,
        to: &S,
        why: contract::EventTrigger,
        f: Option<Failure>,
    ) {
        let outcome = if f.is_some() { O::Failed } else { O::Succeeded };
        let h = self.next();
        let mut e = EventSpec::new(at + 1 + (h % 4) as i64, job_of(ongoing), outcome, why)
            .moved(ongoing, to)
            .answered(h);
        e.failure = f;
        self.out.push(e);
    }

    /// An attribute change the IdP sent: department, title or roles.
    fn attribute_change(&mut self, e: EventSpec, roles: bool) -> EventSpec {
        let pick = self.next();
        if roles {
            return e.change("roles", Some("Member"), Some("Member, Project owner"));
        }
        if pick.is_multiple_of(2) {
            let from = DEPARTMENTS[self.dept];
            self.dept = (self.dept + 1 + (pick >> 8) as usize % 5) % DEPARTMENTS.len();
            e.change("department", Some(from), Some(DEPARTMENTS[self.dept]))
        } else {
            let from = TITLES[self.title];
            self.title = (self.title + 1 + (pick >> 8) as usize % 5) % TITLES.len();
            e.change("title", Some(from), Some(TITLES[self.title]))
        }
    }

    /// One update pushed after an IdP event; `fail` makes it fail once, then an admin
    /// retries it.
    fn update_cycle(&mut self, at: i64, fail: Option<u8>) {
        let why = self.idp_event();
        self.begin(
            at,
            &S::UpdateAwaiting,
            &S::UpdateOngoing,
            Some(&S::Onboarded),
            why.clone(),
            StatePhase::Onboarded,
        );
        let queued_at = self.out.len() - 2;
        let q = self.out[queued_at].clone();
        self.out[queued_at] = self.attribute_change(q, false);
        let started_at = self.out[queued_at + 1].at;
        match fail {
            None => {
                self.end(started_at, &S::UpdateOngoing, &S::Onboarded, why, None);
                let changes = self.out[queued_at].changes.clone();
                self.out.last_mut().expect("just pushed").changes = changes;
            }
            Some(kind) => {
                let f = Failure {
                    kind,
                    at: started_at + 2,
                };
                self.end(
                    started_at,
                    &S::UpdateOngoing,
                    &S::UpdateFailed,
                    why,
                    Some(f),
                );
                let retry_at = started_at + 3_600 + (self.next() % 20_000) as i64;
                let who = by_admin(TriggerKind::Retry, self.admin());
                self.begin(
                    retry_at,
                    &S::UpdateAwaiting,
                    &S::UpdateOngoing,
                    Some(&S::UpdateFailed),
                    who.clone(),
                    StatePhase::Onboarded,
                );
                let at = self.out.last().expect("just pushed").at;
                self.end(at, &S::UpdateOngoing, &S::Onboarded, who, None);
            }
        }
    }
}

/// The seeded history of `row` (as seeded) in `integ`, newest first.
pub fn seeded_history(seed: u64, integ: &IntegrationRec, row: &UserRow) -> Vec<ProvisioningEvent> {
    let h0 = hash(seed, &[row_hash(&row.id)]);
    let mut p = Planner {
        seed,
        h: h0,
        idp: integ.idp,
        out: Vec::new(),
        dept: (h0 % DEPARTMENTS.len() as u64) as usize,
        title: ((h0 >> 8) % TITLES.len() as u64) as usize,
    };
    let (start, end) = (row.created_at, row.state_updated_at.max(row.created_at));
    let family = row.state.family();
    let phase = row.state.phase();
    let first_role = row
        .roles
        .first()
        .map(|g| integ.catalog.roles[g.role as usize].display);

    // Provisioning: the account's first job, after the IdP assigned the user to the app.
    let why = p.idp_event();
    if family == StateFamily::Provisioning {
        if phase == StatePhase::Failed && h0.is_multiple_of(3) {
            // An earlier attempt failed too, and an admin retried it.
            p.begin(
                start,
                &S::ProvisioningAwaiting,
                &S::ProvisioningOngoing,
                None,
                why.clone(),
                StatePhase::Failed,
            );
            let at = p.out.last().expect("just pushed").at;
            let kind = row.failure.map_or(3, |f| f.kind);
            p.end(
                at,
                &S::ProvisioningOngoing,
                &S::ProvisioningFailed,
                why,
                Some(Failure { kind, at: at + 2 }),
            );
            let who = by_admin(TriggerKind::Retry, p.admin());
            let retry_at = start + (end - start) / 2;
            p.begin(
                retry_at,
                &S::ProvisioningAwaiting,
                &S::ProvisioningOngoing,
                Some(&S::ProvisioningFailed),
                who.clone(),
                phase,
            );
            p.end(
                end,
                &S::ProvisioningOngoing,
                &S::ProvisioningFailed,
                who,
                row.failure,
            );
        } else if p.begin(
            start,
            &S::ProvisioningAwaiting,
            &S::ProvisioningOngoing,
            None,
            why.clone(),
            phase,
        ) {
            p.end(
                end,
                &S::ProvisioningOngoing,
                &S::ProvisioningFailed,
                why,
                row.failure,
            );
        }
        return finish(seed, p.out, row, end);
    }
    p.begin(
        start,
        &S::ProvisioningAwaiting,
        &S::ProvisioningOngoing,
        None,
        why.clone(),
        StatePhase::Onboarded,
    );
    let at = p.out.last().expect("just pushed").at;
    p.end(at, &S::ProvisioningOngoing, &S::Onboarded, why, None);
    let last = p.out.last_mut().expect("just pushed");
    *last = last
        .clone()
        .change("userName", None, Some(&row.username_in_app))
        .change("department", None, Some(DEPARTMENTS[p.dept]))
        .change("title", None, Some(TITLES[p.title]));
    if let Some(role) = first_role {
        *last = last.clone().change("roles", None, Some(role));
    }

    // Later life: updates after IdP events, a failure now and then, nightly syncs.
    let cycles: i64 = if has_long_history(row) {
        40
    } else {
        (h0 >> 20) as i64 % 4
    };
    let span = (end - start).max(1);
    for i in 0..cycles {
        let at = start + span * (i + 1) / (cycles + 2);
        match p.next() % 8 {
            6 => {
                let kind = UPDATE_ERRORS[(p.next() % UPDATE_ERRORS.len() as u64) as usize];
                let kind = if catalog::error(kind).retryable {
                    kind
                } else {
                    3
                };
                p.update_cycle(at, Some(kind));
            }
            7 => p.out.push(EventSpec::new(
                at,
                EventJob::Sync,
                O::Succeeded,
                trigger(TriggerKind::Schedule),
            )),
            _ => p.update_cycle(at, None),
        }
    }

    // The last job: it leaves the row as it is now.
    let (awaiting, ongoing, rest) = match family {
        StateFamily::Delete => (S::DeleteAwaiting, S::DeleteOngoing, S::Deleted),
        _ if row.state == S::Deleted => (S::DeleteAwaiting, S::DeleteOngoing, S::Deleted),
        _ => (S::UpdateAwaiting, S::UpdateOngoing, S::Onboarded),
    };
    let until = if row.state == S::Deleted {
        StatePhase::Deleted
    } else {
        phase
    };
    let why = p.idp_event();
    let queued_at = end - 120;
    if p.begin(
        queued_at,
        &awaiting,
        &ongoing,
        Some(&S::Onboarded),
        why.clone(),
        until,
    ) {
        let to = if phase == StatePhase::Failed {
            row.state.clone()
        } else {
            rest
        };
        p.end(
            end,
            &ongoing,
            &to,
            why,
            row.failure.filter(|_| phase == StatePhase::Failed),
        );
    }
    let roles = row.failure.is_some_and(|f| f.kind == 1);
    let idx = p
        .out
        .iter()
        .rposition(|e| e.outcome == O::Queued)
        .expect("a job was queued");
    let q = p.out[idx].clone();
    p.out[idx] = if awaiting == S::UpdateAwaiting {
        p.attribute_change(q, roles)
    } else {
        q.change("active", Some("true"), Some("false"))
    };
    // The job's end names what it pushed (or failed to push), like its queued event.
    let changes = p.out[idx].changes.clone();
    if let Some(end) = p.out.get_mut(idx + 2) {
        end.changes = changes;
    }
    finish(seed, p.out, row, end)
}

/// Gives every event a distinct second, the last one at `end` (the row's state time), and
/// an id; newest first.
fn finish(seed: u64, mut plan: Vec<EventSpec>, row: &UserRow, end: i64) -> Vec<ProvisioningEvent> {
    if let Some(last) = plan.last_mut() {
        last.at = end;
    }
    for i in (0..plan.len().saturating_sub(1)).rev() {
        plan[i].at = plan[i].at.min(plan[i + 1].at - 1);
    }
    let rh = row_hash(&row.id);
    plan.iter()
        .enumerate()
        .rev()
        .map(|(k, e)| e.render(uuid(seed ^ ID_SALT, &[rh, k as u64])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{build, CONTENTZILLA_ID, GLOBEX_ID};

    /// Checks one history against its row: newest first in distinct seconds, the newest
    /// event at the row's state time leaving the row in its state (with its error), the
    /// oldest the provisioning being queued.
    fn check(integ: &IntegrationRec, row: &UserRow) -> usize {
        let h = seeded_history(42, integ, row);
        assert!(!h.is_empty());
        for w in h.windows(2) {
            assert!(
                w[0].attributes.occurred_at > w[1].attributes.occurred_at,
                "{} not newest first",
                row.id
            );
        }
        let newest = &h[0].attributes;
        assert_eq!(
            newest.occurred_at,
            crate::time::rfc3339(row.state_updated_at)
        );
        assert_eq!(newest.to_state.as_ref(), Some(&row.state), "{}", row.id);
        assert_eq!(
            newest.error.as_ref().map(|e| e.code.as_str()),
            row.failure.map(|f| catalog::error(f.kind).code),
            "{}",
            row.id
        );
        let oldest = &h[h.len() - 1].attributes;
        assert_eq!(oldest.job, EventJob::Provision);
        assert_eq!(oldest.outcome, O::Queued);
        assert_eq!(oldest.trigger.kind, TriggerKind::IdpEvent);
        h.len()
    }

    #[test]
    fn every_contentzilla_history_ends_in_the_rows_state() {
        let store = build(42);
        let cz = store.get(CONTENTZILLA_ID).unwrap();
        for row in cz.users.rows() {
            check(cz, row);
        }
        let globex = store.get(GLOBEX_ID).unwrap();
        for row in globex.users.rows().iter().step_by(997) {
            check(globex, row);
        }
    }

    #[test]
    fn long_histories_page_and_read_like_real_ones() {
        let store = build(42);
        let cz = store.get(CONTENTZILLA_ID).unwrap();
        for id in LONG_HISTORY_ROW_IDS {
            let row = cz.users.rows().iter().find(|r| *r.id == *id).unwrap();
            assert!(check(cz, row) > 100, "{id} has a long history");
            let h = seeded_history(42, cz, row);
            let retried = h.iter().any(|e| {
                e.attributes.trigger.kind == TriggerKind::Retry
                    && e.attributes.trigger.actor_display_name.is_some()
            });
            assert!(retried, "an admin retried something for {id}");
            let okta = h.iter().any(|e| {
                e.attributes
                    .trigger
                    .upstream_event_id
                    .as_deref()
                    .is_some_and(|x| x.starts_with("okta-evt-"))
                    && !e.attributes.changes.is_empty()
            });
            assert!(okta, "IdP events with changes for {id}");
            let failed = h.iter().filter(|e| e.attributes.outcome == O::Failed);
            assert!(failed.clone().count() >= 1);
            assert!(failed
                .clone()
                .all(|e| e.attributes.error.is_some() && e.attributes.app_request_id.is_some()));
        }
        // Rachel's last job failed for lack of permission to change roles.
        let rachel = cz
            .users
            .rows()
            .iter()
            .find(|r| *r.id == *RACHEL_ROW_ID)
            .unwrap();
        let h = seeded_history(42, cz, rachel);
        assert_eq!(
            h[0].attributes.error.as_ref().unwrap().code,
            "UnderpermissionedAccount"
        );
        let queued = h
            .iter()
            .find(|e| e.attributes.outcome == O::Queued)
            .unwrap();
        assert_eq!(queued.attributes.changes[0].attribute, "roles");
    }

    #[test]
    fn histories_are_deterministic_with_unique_ids() {
        let store = build(42);
        let cz = store.get(CONTENTZILLA_ID).unwrap();
        let row = &cz.users.rows()[2];
        let a = seeded_history(42, cz, row);
        assert_eq!(a, seeded_history(42, cz, row));
        let ids: std::collections::HashSet<_> = a.iter().map(|e| &e.id).collect();
        assert_eq!(ids.len(), a.len());
    }
}
