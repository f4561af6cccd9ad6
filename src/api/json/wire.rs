//! [`FromJson`] for the answers the tab reads. Each mirrors the type's `Deserialize` in
//! `contract`: the same fields in the same order (an array is read by position), the same
//! defaults, and the same required fields.

use std::collections::BTreeMap;

use contract::{
    AttributeChange, BulkRetryMeta, BulkRetryResponse, ErrorBody, ErrorObject, EventJob,
    EventOutcome, EventTrigger, FailureGroupAttributes, FailureGroupList, FailureMeta, GrantedVia,
    GrantedViaType, IntegrationAttributes, IntegrationUserAttributes, LastError, Links, ListMeta,
    MatchedUser, MeAttributes, Page, PageMeta, ProvisioningEventAttributes, ProvisioningState,
    Resource, Role, RoleDetail, Single, TriggerKind, UserStats, Workspace, WorkspaceRole,
};
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;

use super::parse::{kind, Kind};
use super::{Fields, FromJson, Invalid};
use crate::api::{ConfigFile, RuntimeConfig};

/// Reads a struct (`impl<T> Type<T>` for one generic over a readable type): `$body` builds
/// it from the fields `$f`.
macro_rules! read_struct {
    (impl<$g:ident> $ty:ty, |$f:ident| $body:expr) => {
        impl<$g: FromJson> FromJson for $ty {
            fn from_json(v: &JsValue) -> Result<Self, Invalid> {
                Fields::read(v, |$f| Ok($body))
            }
        }
    };
    ($ty:ty, |$f:ident| $body:expr) => {
        impl FromJson for $ty {
            fn from_json(v: &JsValue) -> Result<Self, Invalid> {
                Fields::read(v, |$f| Ok($body))
            }
        }
    };
}

/// The contract's string enums: any string, unknown ones kept.
macro_rules! from_string {
    ($($ty:ty),+) => {$(
        impl FromJson for $ty {
            fn from_json(v: &JsValue) -> Result<Self, Invalid> {
                String::from_json(v).map(<$ty>::from)
            }
        }
    )+};
}

from_string!(
    ProvisioningState,
    WorkspaceRole,
    GrantedViaType,
    EventJob,
    EventOutcome,
    TriggerKind
);

read_struct!(impl<A> Resource<A>, |f| Resource {
    id: f.required("id")?,
    kind: f.required("type")?,
    attributes: f.required("attributes")?,
});

read_struct!(impl<T> Single<T>, |f| Single {
    data: f.required("data")?,
});

read_struct!(impl<T> Page<T>, |f| Page {
    data: f.required("data")?,
    links: f.or_default("links")?,
    meta: f.required("meta")?,
});

read_struct!(Links, |f| Links {
    self_: f.or_default("self")?,
    first: f.or_default("first")?,
    previous: f.or_default("previous")?,
    next: f.or_default("next")?,
    last: f.or_default("last")?,
});

read_struct!(ListMeta, |f| ListMeta {
    page: f.required("page")?,
});

read_struct!(PageMeta, |f| PageMeta {
    number: f.required("number")?,
    size: f.required("size")?,
    max_size: f.or_else("maxSize", || u64::from(contract::MAX_PAGE_SIZE))?,
    total: f.required("total")?,
    total_pages: f.required("totalPages")?,
});

read_struct!(Workspace, |f| Workspace {
    id: f.or_default("id")?,
    name: f.or_default("name")?,
    display_name: f.or_default("displayName")?,
});

read_struct!(MeAttributes, |f| MeAttributes {
    first_name: f.or_default("firstName")?,
    last_name: f.or_default("lastName")?,
    email: f.or_default("email")?,
    role: f.required("role")?,
    status: f.or_default("status")?,
    is_guest: f.or_default("isGuest")?,
    workspace: f.or_default("workspace")?,
});

/// `byProvisioningState`: a map of counts, read by the contract's own rule.
#[derive(Default)]
struct Counts(BTreeMap<String, u64>);

impl FromJson for Counts {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        let raw = Option::<Map<String, Value>>::from_json(v)?;
        Ok(Counts(contract::counts_from_values(
            raw.map(|m| m.into_iter().collect()),
        )))
    }
}

read_struct!(UserStats, |f| UserStats {
    total: f.or_default("total")?,
    matched: f.or_default("matched")?,
    unmatched: f.or_default("unmatched")?,
    active_in_app: f.or_default("activeInApp")?,
    by_provisioning_state: f.or_default::<Counts>("byProvisioningState")?.0,
});

read_struct!(IntegrationAttributes, |f| IntegrationAttributes {
    label: f.required("label")?,
    application: f.or_default("application")?,
    application_display_name: f.or_default("applicationDisplayName")?,
    application_icon_url: f.or_default("applicationIconUrl")?,
    business_id: f.or_default("businessId")?,
    scim_gateway_id: f.or_default("scimGatewayId")?,
    idp: f.or_default("idp")?,
    status: f.or_default("status")?,
    last_synced_at: f.or_default("lastSyncedAt")?,
    created_at: f.or_default("createdAt")?,
    updated_at: f.or_default("updatedAt")?,
    user_stats: f.or_default("userStats")?,
});

read_struct!(MatchedUser, |f| MatchedUser {
    id: f.or_default("id")?,
    first_name: f.or_default("firstName")?,
    last_name: f.or_default("lastName")?,
    display_name: f.or_default("displayName")?,
    email: f.or_default("email")?,
    avatar_url: f.or_default("avatarUrl")?,
});

read_struct!(Role, |f| Role {
    id: f.or_default("id")?,
    value: f.or_default("value")?,
    display_name: f.or_default("displayName")?,
    group: f.or_default("group")?,
});

// All of a role's fields sit at one level on the wire (contract's `RoleDetailWire`).
read_struct!(RoleDetail, |f| RoleDetail {
    role: Role {
        id: f.or_default("id")?,
        value: f.or_default("value")?,
        display_name: f.or_default("displayName")?,
        group: f.or_default("group")?,
    },
    description: f.or_default("description")?,
    ranking: f.or_default("ranking")?,
    permissions: f.or_default("permissions")?,
    granted_via: f.or_default("grantedVia")?,
    assigned_at: f.or_default("assignedAt")?,
});

read_struct!(GrantedVia, |f| GrantedVia {
    kind: f.or_default("type")?,
    name: f.or_default("name")?,
});

read_struct!(LastError, |f| LastError {
    code: f.or_default("code")?,
    message: f.or_default("message")?,
    user_action: f.or_default("userAction")?,
    occurred_at: f.or_default("occurredAt")?,
});

read_struct!(impl<R> IntegrationUserAttributes<R>, |f| IntegrationUserAttributes {
        user: f.or_default("user")?,
        username_in_app: f.or_default("usernameInApp")?,
        app_access: f.or_default("appAccess")?,
        active_in_app: f.or_default("activeInApp")?,
        upstream_user_id: f.or_default("upstreamUserId")?,
        provisioning_state: f.required("provisioningState")?,
        provisioning_state_updated_at: f.or_default("provisioningStateUpdatedAt")?,
        last_error: f.or_default("lastError")?,
        can_retry: f.or_default("canRetry")?,
        created_at: f.or_default("createdAt")?,
        updated_at: f.or_default("updatedAt")?,
        last_synced_at: f.or_default("lastSyncedAt")?,
        dynamic_fields: f.or_default("dynamicFields")?,
});

read_struct!(EventTrigger, |f| EventTrigger {
    kind: f.or_default("kind")?,
    idp: f.or_default("idp")?,
    upstream_event_id: f.or_default("upstreamEventId")?,
    actor_display_name: f.or_default("actorDisplayName")?,
});

read_struct!(AttributeChange, |f| AttributeChange {
    attribute: f.or_default("attribute")?,
    from: f.or_default("from")?,
    to: f.or_default("to")?,
});

read_struct!(ProvisioningEventAttributes, |f| {
    ProvisioningEventAttributes {
        occurred_at: f.or_default("occurredAt")?,
        job: f.required("job")?,
        outcome: f.required("outcome")?,
        from_state: f.or_default("fromState")?,
        to_state: f.or_default("toState")?,
        trigger: f.or_default("trigger")?,
        changes: f.or_default("changes")?,
        error: f.or_default("error")?,
        app_request_id: f.or_default("appRequestId")?,
        duration_ms: f.or_default("durationMs")?,
    }
});

read_struct!(FailureGroupAttributes, |f| FailureGroupAttributes {
    code: f.or_default("code")?,
    message: f.or_default("message")?,
    user_action: f.or_default("userAction")?,
    count: f.or_default("count")?,
    retryable: f.or_default("retryable")?,
    by_provisioning_state: f.or_default::<Counts>("byProvisioningState")?.0,
    first_seen_at: f.or_default("firstSeenAt")?,
    last_seen_at: f.or_default("lastSeenAt")?,
});

read_struct!(FailureMeta, |f| FailureMeta {
    failed: f.or_default("failed")?,
});

read_struct!(FailureGroupList, |f| FailureGroupList {
    data: f.or_default("data")?,
    meta: f.or_default("meta")?,
});

read_struct!(BulkRetryMeta, |f| BulkRetryMeta {
    queued: f.or_default("queued")?,
    skipped: f.or_default("skipped")?,
});

read_struct!(BulkRetryResponse, |f| BulkRetryResponse {
    meta: f.or_default("meta")?,
});

read_struct!(ErrorBody, |f| ErrorBody {
    errors: f.or_default("errors")?,
});

/// `errors[].status`: any JSON value, read by the contract's own rule.
#[derive(Default)]
struct Status(Option<u16>);

impl FromJson for Status {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        Ok(Status(contract::status_from_value(Value::from_json(v)?)))
    }
}

read_struct!(ErrorObject, |f| ErrorObject {
    code: f.or_default("code")?,
    title: f.or_default("title")?,
    detail: f.or_default("detail")?,
    status: f.or_default::<Status>("status")?.0,
    meta: f.or_default("meta")?,
});

read_struct!(RuntimeConfig, |f| RuntimeConfig {
    api_base_url: f.or_default("apiBaseUrl")?,
    auth: f.or_default("auth")?,
    base_path: f.or_default("basePath")?,
    timeout_ms: f.or_default("timeoutMs")?,
    poll_interval_ms: f.or_default("pollIntervalMs")?,
});

impl FromJson for ConfigFile {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        if !matches!(kind(v), Kind::Object(_)) {
            return Err(Invalid);
        }
        RuntimeConfig::from_json(v).map(ConfigFile)
    }
}
