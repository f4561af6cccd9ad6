//! One app account (a row of the Users tab) and the changes it goes through: a state move,
//! a retry, a dev override. The row keeps itself consistent (search text, stale overrides).

use contract::ProvisioningState;
use serde_json::{Map, Value};

/// The Cerby user matched with an app account.
#[derive(Debug, Clone)]
pub struct Person {
    /// Workspace user id.
    pub id: Box<str>,
    /// Given name.
    pub first: Box<str>,
    /// Family name.
    pub last: Box<str>,
    /// Name to show.
    pub display: Box<str>,
    /// Email address.
    pub email: Box<str>,
}

/// How a role was granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Directly.
    Individual,
    /// Through the IdP group with this index in [`Catalog::groups`].
    Group(u16),
}

/// One role held by an account.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    /// Index into [`Catalog::roles`].
    pub role: u16,
    /// How it was granted.
    pub via: Via,
    /// When (Unix seconds).
    pub assigned_at: i64,
}

/// A failed job: index into the error catalogue and when it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// Index into [`crate::catalog::ERRORS`].
    pub kind: u8,
    /// Unix seconds.
    pub at: i64,
}

/// One app account (a row of the Users tab).
#[derive(Debug, Clone)]
pub struct UserRow {
    /// Row id (UUID).
    pub id: Box<str>,
    /// Matched Cerby user; `None` = unmatched.
    pub user: Option<Box<Person>>,
    /// Username in the app.
    pub username_in_app: Box<str>,
    /// Roles held.
    pub roles: Box<[Grant]>,
    /// Active in the app; `None` = the app does not say.
    pub active_in_app: Option<bool>,
    /// The IdP's id.
    pub upstream_user_id: Option<Box<str>>,
    /// Provisioning state.
    pub state: ProvisioningState,
    /// When the state changed (Unix seconds).
    pub state_updated_at: i64,
    /// Why the last job failed.
    pub failure: Option<Failure>,
    /// Whether a retry is allowed.
    pub can_retry: bool,
    /// Creation (Unix seconds).
    pub created_at: i64,
    /// Last change (Unix seconds).
    pub updated_at: i64,
    /// When a job or a sync last read or wrote the account (Unix seconds); `None` = never.
    pub last_synced_at: Option<i64>,
    /// Simulator steps spent in the current state.
    pub sim_steps: u8,
    /// Lower-cased search text: display name, email, username, upstream id.
    pub hay: Box<str>,
    /// Raw attributes written through `PUT /dev/users/…`, merged over the rendered row.
    pub overrides: Option<Box<Map<String, Value>>>,
}

impl UserRow {
    /// Recomputes [`UserRow::hay`] after a field it covers changed.
    pub fn refresh_hay(&mut self) {
        // \u{1} between fields so a search never matches across two of them.
        let mut s = String::new();
        if let Some(p) = &self.user {
            s.push_str(&p.display);
            s.push('\u{1}');
            s.push_str(&p.email);
        }
        s.push('\u{1}');
        s.push_str(&self.username_in_app);
        s.push('\u{1}');
        if let Some(u) = &self.upstream_user_id {
            s.push_str(u);
        }
        self.hay = s.to_lowercase().into_boxed_str();
    }

    /// Moves the row to a state at `now`, bumping its timestamps.
    pub fn move_to(&mut self, state: ProvisioningState, now: i64) {
        // The job moved on: an override of what the state machine owns is stale now, and would
        // otherwise keep showing the old state over the new one.
        if let Some(o) = self.overrides.as_mut() {
            for key in [
                "provisioningState",
                "provisioningStateUpdatedAt",
                "canRetry",
                "lastError",
                "updatedAt",
            ] {
                o.remove(key);
            }
        }
        self.state = state;
        self.state_updated_at = now;
        self.updated_at = now;
        self.sim_steps = 0;
    }

    /// Queues the job again: the row moves to `target` (its awaiting state) and forgets the
    /// failure.
    pub fn requeue(&mut self, target: ProvisioningState, now: i64) {
        self.move_to(target, now);
        self.failure = None;
        self.can_retry = false;
    }

    /// Moves a running job on: to its next state, ending failed with `failure` (retryable as
    /// the failure kind says) or well (the app now says whether the account is active).
    pub fn advance(&mut self, next: ProvisioningState, failure: Option<u8>, now: i64) {
        self.move_to(next, now);
        self.failure = failure.map(|kind| Failure { kind, at: now });
        self.can_retry = failure.is_some_and(|k| crate::catalog::error(k).retryable);
        match self.state {
            ProvisioningState::Onboarded if self.active_in_app.is_none() => {
                self.active_in_app = Some(true)
            }
            ProvisioningState::Deleted => self.active_in_app = Some(false),
            _ => {}
        }
    }

    /// A sync read the account at `now`.
    pub fn mark_synced(&mut self, now: i64) {
        self.last_synced_at = Some(now);
    }

    /// What a retry of this row would queue: the awaiting state, or why it cannot.
    pub fn retry_target(&self) -> Result<ProvisioningState, RetryRefusal> {
        match (self.state.retry_target(), self.can_retry) {
            (Some(t), true) => Ok(t),
            (Some(_), false) => Err(RetryRefusal::NotRetryable),
            (None, _) => Err(RetryRefusal::NotFailed),
        }
    }

    /// Writes the attributes of an override into the typed row where they fit (so search,
    /// sort and filters see them) and keeps the whole JSON to merge over the rendered row.
    pub fn apply_override(&mut self, o: Map<String, Value>) {
        let row = self;
        if let Some(v) = o.get("usernameInApp").and_then(Value::as_str) {
            row.username_in_app = v.into();
        }
        match o.get("upstreamUserId") {
            Some(Value::String(s)) => row.upstream_user_id = Some(s.as_str().into()),
            Some(Value::Null) => row.upstream_user_id = None,
            _ => {}
        }
        match o.get("activeInApp") {
            Some(Value::Bool(b)) => row.active_in_app = Some(*b),
            Some(Value::Null) => row.active_in_app = None,
            _ => {}
        }
        if let Some(s) = o.get("provisioningState").and_then(Value::as_str) {
            row.state = ProvisioningState::from(s);
        }
        if let Some(b) = o.get("canRetry").and_then(Value::as_bool) {
            row.can_retry = b;
        }
        match o.get("user") {
            Some(Value::Null) => row.user = None,
            Some(Value::Object(u)) => {
                let s = |k: &str| u.get(k).and_then(Value::as_str).map(Box::<str>::from);
                let base = row.user.take().map(|p| *p).unwrap_or(Person {
                    id: row.id.clone(),
                    first: "".into(),
                    last: "".into(),
                    display: "".into(),
                    email: "".into(),
                });
                row.user = Some(Box::new(Person {
                    id: s("id").unwrap_or(base.id),
                    first: s("firstName").unwrap_or(base.first),
                    last: s("lastName").unwrap_or(base.last),
                    display: s("displayName").unwrap_or(base.display),
                    email: s("email").unwrap_or(base.email),
                }));
            }
            _ => {}
        }
        row.refresh_hay();
        let merged = match row.overrides.take() {
            Some(mut m) => {
                m.extend(o);
                m
            }
            None => Box::new(o),
        };
        row.overrides = Some(merged);
    }
}

/// Why a row cannot be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryRefusal {
    /// It failed, but the failure is not one a retry can fix.
    NotRetryable,
    /// It is not in a failed state.
    NotFailed,
}
