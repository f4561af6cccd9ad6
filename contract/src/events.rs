//! Wire types of contract 1.1: an account's provisioning history (`…/users/{id}/events`),
//! failures grouped by cause (`…/failures`) and the answer of a retry per cause. They follow
//! the crate's tolerance rules: unknown fields ignored, unknown enum strings kept as they
//! are, optional and nullable fields defaulted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{LastError, Page, ProvisioningState, Resource};

wire_enum! {
    /// The job an event belongs to.
    EventJob, Unknown {
        /// Creating the account in the app.
        Provision = "provision",
        /// Pushing changed attributes or roles.
        Update = "update",
        /// Removing the account from the app.
        Delete = "delete",
        /// Reading the account during a sync of the integration.
        Sync = "sync",
    }
}

wire_enum! {
    /// How far the job got at this event.
    EventOutcome, Unknown {
        /// The job was queued.
        Queued = "queued",
        /// The job started.
        Started = "started",
        /// The job finished well.
        Succeeded = "succeeded",
        /// The job failed (see the event's `error`).
        Failed = "failed",
        /// The job had nothing to do, or could not be queued.
        Skipped = "skipped",
    }
}

wire_enum! {
    /// What started a job.
    TriggerKind, Unknown {
        /// An event from the IdP (a user was assigned, changed, unassigned).
        IdpEvent = "idp_event",
        /// An admin acted in the product.
        Admin = "admin",
        /// The scheduled sync.
        Schedule = "schedule",
        /// An admin's retry of a failed job.
        Retry = "retry",
        /// The system itself (e.g. an automatic retry).
        System = "system",
    }
}

impl Default for TriggerKind {
    /// A trigger the answer did not name: an unknown, empty kind (shown as it is).
    fn default() -> Self {
        TriggerKind::Unknown(String::new())
    }
}

/// What started the job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventTrigger {
    /// `idp_event | admin | schedule | retry | system`, or a value kept as it is.
    #[serde(default)]
    pub kind: TriggerKind,
    /// `okta | entra_id | …`, for `idp_event`.
    #[serde(default)]
    pub idp: Option<String>,
    /// The IdP's own id of the event (Okta System Log event id, Entra change id).
    #[serde(default)]
    pub upstream_event_id: Option<String>,
    /// The admin who acted, for `admin` and `retry`.
    #[serde(default)]
    pub actor_display_name: Option<String>,
}

/// One attribute a job pushed to the app, values as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttributeChange {
    /// The attribute's name.
    #[serde(default)]
    pub attribute: String,
    /// The value before; `None` when it was not set.
    #[serde(default)]
    pub from: Option<String>,
    /// The value after; `None` when it was removed.
    #[serde(default)]
    pub to: Option<String>,
}

/// Attributes of one provisioning event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningEventAttributes {
    /// When it happened (RFC 3339).
    #[serde(default)]
    pub occurred_at: String,
    /// The job.
    pub job: EventJob,
    /// How far the job got.
    pub outcome: EventOutcome,
    /// The account's state before the event, if it changed.
    #[serde(default)]
    pub from_state: Option<ProvisioningState>,
    /// The account's state after the event, if it changed.
    #[serde(default)]
    pub to_state: Option<ProvisioningState>,
    /// What started the job.
    #[serde(default)]
    pub trigger: EventTrigger,
    /// The attributes pushed to the app; may be empty.
    #[serde(default)]
    pub changes: Vec<AttributeChange>,
    /// Why the job failed, for a failure.
    #[serde(default)]
    pub error: Option<LastError>,
    /// The app's id of the request (for the app vendor's support).
    #[serde(default)]
    pub app_request_id: Option<String>,
    /// How long the step took.
    #[serde(default)]
    pub duration_ms: Option<u64>,
}

/// One event of an account's provisioning history (`type: provisioning_event`).
pub type ProvisioningEvent = Resource<ProvisioningEventAttributes>;
/// `GET …/users/{id}/events` answer: one page, newest first.
pub type ProvisioningEventList = Page<ProvisioningEvent>;

/// Attributes of a failure group: the failed rows that share one `lastError.code`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureGroupAttributes {
    /// The shared error code.
    #[serde(default)]
    pub code: String,
    /// The message of the group's latest failure; plain text.
    #[serde(default)]
    pub message: Option<String>,
    /// What an admin can do, e.g. `add_licenses`.
    #[serde(default)]
    pub user_action: Option<String>,
    /// Failed rows with this code.
    #[serde(default)]
    pub count: u64,
    /// How many of them can be retried.
    #[serde(default)]
    pub retryable: u64,
    /// Rows per failed state (the three `*_failed` keys); entries that are not counts are
    /// skipped.
    #[serde(default, deserialize_with = "crate::counts_skipping_unknown")]
    pub by_provisioning_state: BTreeMap<String, u64>,
    /// The group's oldest failure (RFC 3339).
    #[serde(default)]
    pub first_seen_at: Option<String>,
    /// The group's latest failure (RFC 3339).
    #[serde(default)]
    pub last_seen_at: Option<String>,
}

impl FailureGroupAttributes {
    /// Rows of the group in one state (0 when the key is missing).
    pub fn count_in(&self, state: &ProvisioningState) -> u64 {
        self.by_provisioning_state
            .get(state.as_str())
            .copied()
            .unwrap_or(0)
    }
}

/// One failure group (`type: failure_group`, `id` = the code).
pub type FailureGroup = Resource<FailureGroupAttributes>;

/// `meta` of the failure groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureMeta {
    /// Failed rows in all groups.
    #[serde(default)]
    pub failed: u64,
}

/// `GET …/failures` answer: largest group first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FailureGroupList {
    /// The groups.
    #[serde(default)]
    pub data: Vec<FailureGroup>,
    /// Totals.
    #[serde(default)]
    pub meta: FailureMeta,
}

/// `meta` of a retry per cause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRetryMeta {
    /// Jobs queued again.
    #[serde(default)]
    pub queued: u64,
    /// Failed rows with the code that could not be retried.
    #[serde(default)]
    pub skipped: u64,
}

/// `POST …/failures/{code}/retry` answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRetryResponse {
    /// What was queued and what was skipped.
    #[serde(default)]
    pub meta: BulkRetryMeta,
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"id": "6a1e", "type": "provisioning_event", "attributes": {
        "occurredAt": "2026-02-18T09:12:44Z", "job": "update", "outcome": "failed",
        "fromState": "update_ongoing", "toState": "update_failed",
        "trigger": {"kind": "idp_event", "idp": "okta", "upstreamEventId": "okta-evt-8f3a2c", "actorDisplayName": null},
        "changes": [{"attribute": "department", "from": "Sales", "to": "Marketing"}],
        "error": {"code": "UnderpermissionedAccount", "message": "m", "userAction": "grant_permissions",
                  "occurredAt": "2026-02-18T09:12:44Z"},
        "appRequestId": "scim-req-77c1", "durationMs": 1840, "xFutureField": [1]}}"#;

    #[test]
    fn decodes_the_contract_event_example_and_round_trips() {
        let e: ProvisioningEvent = serde_json::from_str(EVENT).unwrap();
        let a = &e.attributes;
        assert_eq!(a.job, EventJob::Update);
        assert_eq!(a.outcome, EventOutcome::Failed);
        assert_eq!(a.to_state, Some(ProvisioningState::UpdateFailed));
        assert_eq!(a.trigger.kind, TriggerKind::IdpEvent);
        assert_eq!(
            a.trigger.upstream_event_id.as_deref(),
            Some("okta-evt-8f3a2c")
        );
        assert_eq!(a.changes[0].from.as_deref(), Some("Sales"));
        assert_eq!(a.error.as_ref().unwrap().code, "UnderpermissionedAccount");
        assert_eq!(a.duration_ms, Some(1840));
        let back: ProvisioningEvent =
            serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn unknown_values_are_kept_and_missing_fields_tolerated() {
        let e: ProvisioningEvent = serde_json::from_str(
            r#"{"id": "x", "type": "provisioning_event", "attributes": {
                "job": "reconcile", "outcome": "deferred", "toState": "quarantined",
                "trigger": {"kind": "webhook"}}}"#,
        )
        .unwrap();
        let a = &e.attributes;
        assert_eq!(a.job, EventJob::Unknown("reconcile".into()));
        assert_eq!(a.outcome.as_str(), "deferred");
        assert_eq!(
            a.to_state,
            Some(ProvisioningState::Unknown("quarantined".into()))
        );
        assert_eq!(a.trigger.kind.as_str(), "webhook");
        assert!(a.changes.is_empty() && a.error.is_none() && a.from_state.is_none());
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["attributes"]["job"], "reconcile");
        assert_eq!(v["attributes"]["trigger"]["kind"], "webhook");
        let no_trigger: ProvisioningEventAttributes =
            serde_json::from_str(r#"{"job": "sync", "outcome": "succeeded"}"#).unwrap();
        assert_eq!(no_trigger.trigger.kind.as_str(), "");
    }

    #[test]
    fn failure_groups_decode_tolerantly_and_round_trip() {
        let l: FailureGroupList = serde_json::from_str(
            r#"{"data": [{"id": "NotEnoughSeats", "type": "failure_group", "attributes": {
                "code": "NotEnoughSeats", "message": "No seats.", "userAction": "add_licenses",
                "count": 4, "retryable": 3,
                "byProvisioningState": {"provisioning_failed": 4, "update_failed": 0,
                                        "delete_failed": 0, "xFuture": {"a": 1}},
                "firstSeenAt": null, "lastSeenAt": "2026-02-18T09:00:00Z"}}],
                "meta": {"failed": 4}}"#,
        )
        .unwrap();
        let g = &l.data[0].attributes;
        assert_eq!((g.count, g.retryable, l.meta.failed), (4, 3, 4));
        assert_eq!(g.count_in(&ProvisioningState::ProvisioningFailed), 4);
        assert_eq!(g.by_provisioning_state.len(), 3);
        let back: FailureGroupList =
            serde_json::from_value(serde_json::to_value(&l).unwrap()).unwrap();
        assert_eq!(back, l);
        let empty: FailureGroupList = serde_json::from_str("{}").unwrap();
        assert!(empty.data.is_empty());
    }

    #[test]
    fn bulk_retry_round_trips() {
        let r: BulkRetryResponse =
            serde_json::from_str(r#"{"meta": {"queued": 3, "skipped": 1}}"#).unwrap();
        assert_eq!((r.meta.queued, r.meta.skipped), (3, 1));
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"meta":{"queued":3,"skipped":1}}"#
        );
    }
}
