//! Wire types of the Cerby-style IdLCM API described in `contract/openapi.yaml`.
//!
//! One definition serves the wasm client and the native dev server, so this crate depends on
//! serde only. The types follow the contract's tolerance rules:
//! * unknown JSON fields are ignored (no `deny_unknown_fields` anywhere);
//! * unknown enum strings are kept as `Unknown(String)` and shown as they are;
//! * optional fields default when missing;
//! * `errors[].status` may be a string or a number, `errors[].code` any case.

#![warn(missing_docs)]

#[macro_use]
mod enums;
mod error;
mod events;
mod query;

pub use enums::{GrantedViaType, ProvisioningState, StateFamily, StatePhase, WorkspaceRole};
pub use error::{status_from_value, ErrorBody, ErrorObject};
pub use events::{
    AttributeChange, BulkRetryMeta, BulkRetryResponse, EventJob, EventOutcome, EventTrigger,
    FailureGroup, FailureGroupAttributes, FailureGroupList, FailureMeta, ProvisioningEvent,
    ProvisioningEventAttributes, ProvisioningEventList, TriggerKind,
};
pub use query::{SortDirection, SortField, SortKey};

use serde::{Deserialize, Serialize};

/// The base path every operation lives under.
pub const API_BASE: &str = "/api/v1";
/// Largest `page[size]` the API accepts.
pub const MAX_PAGE_SIZE: u32 = 100;
/// `page[size]` when the query gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// A JSON:API-like resource: `{ id, type, attributes }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource<A> {
    /// The resource id (a UUID for every resource of this API).
    pub id: String,
    /// The resource type (`user`, `integration`, `integration_user`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The resource's fields.
    pub attributes: A,
}

/// An answer holding one resource: `{ data }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Single<T> {
    /// The resource.
    pub data: T,
}

/// An answer holding one page of resources: `{ data, links, meta }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The page's resources.
    pub data: Vec<T>,
    /// Links to this page and its neighbours.
    #[serde(default)]
    pub links: Links,
    /// Paging figures.
    pub meta: ListMeta,
}

/// `links` of a list answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    /// This page.
    #[serde(rename = "self", default)]
    pub self_: String,
    /// The first page.
    #[serde(default)]
    pub first: Option<String>,
    /// The page before, if any.
    #[serde(default)]
    pub previous: Option<String>,
    /// The page after, if any.
    #[serde(default)]
    pub next: Option<String>,
    /// The last page.
    #[serde(default)]
    pub last: Option<String>,
}

/// `meta` of a list answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListMeta {
    /// Paging figures.
    pub page: PageMeta,
}

/// `meta.page` of a list answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageMeta {
    /// The page number, from 1.
    pub number: u64,
    /// The page size asked for.
    pub size: u64,
    /// Largest page size the API accepts (100).
    #[serde(default = "default_max_size")]
    pub max_size: u64,
    /// Rows matching the filters.
    pub total: u64,
    /// Pages at this size.
    pub total_pages: u64,
}

fn default_max_size() -> u64 {
    u64::from(MAX_PAGE_SIZE)
}

/// A workspace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    /// Workspace id.
    #[serde(default)]
    pub id: String,
    /// Short name.
    #[serde(default)]
    pub name: String,
    /// Name to show.
    #[serde(default)]
    pub display_name: String,
}

/// `GET /me` attributes: the signed-in user and their workspace role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeAttributes {
    /// Given name.
    #[serde(default)]
    pub first_name: String,
    /// Family name.
    #[serde(default)]
    pub last_name: String,
    /// Email address.
    #[serde(default)]
    pub email: String,
    /// Workspace role: decides access to the Users tab.
    pub role: WorkspaceRole,
    /// `live | pending | disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Whether the user is a guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_guest: Option<bool>,
    /// The workspace.
    #[serde(default)]
    pub workspace: Workspace,
}

/// `GET /me` answer.
pub type MeResponse = Single<Resource<MeAttributes>>;

/// Per-integration user counts (unfiltered).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserStats {
    /// All accounts.
    #[serde(default)]
    pub total: u64,
    /// Accounts matched to a workspace user.
    #[serde(default)]
    pub matched: u64,
    /// Accounts with no matched user.
    #[serde(default)]
    pub unmatched: u64,
    /// Accounts active in the app.
    #[serde(default)]
    pub active_in_app: u64,
    /// Count per provisioning state wire value; the API always sends all 11 keys. An entry
    /// whose value is not a count (a field added by a newer API) is skipped, not fatal.
    #[serde(default, deserialize_with = "counts_skipping_unknown")]
    pub by_provisioning_state: std::collections::BTreeMap<String, u64>,
}

fn counts_skipping_unknown<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, u64>, D::Error> {
    let raw = Option::<std::collections::BTreeMap<String, serde_json::Value>>::deserialize(d)?;
    Ok(counts_from_values(raw))
}

/// The rule behind `byProvisioningState`: `null` is no counts, and an entry whose value is not
/// a count is skipped. Public so a decoder other than serde applies the same rule.
pub fn counts_from_values(
    raw: Option<std::collections::BTreeMap<String, serde_json::Value>>,
) -> std::collections::BTreeMap<String, u64> {
    raw.unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.as_u64().map(|n| (k, n)))
        .collect()
}

impl UserStats {
    /// The count for one state (0 when the key is missing).
    pub fn count(&self, state: &ProvisioningState) -> u64 {
        self.by_provisioning_state
            .get(state.as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Accounts in any state of the given phase (awaiting, ongoing, failed…).
    pub fn count_phase(&self, phase: StatePhase) -> u64 {
        self.by_provisioning_state
            .iter()
            .filter(|(k, _)| ProvisioningState::from(k.as_str()).phase() == phase)
            .map(|(_, v)| *v)
            // Saturating: absurd counts from a server must not wrap to "no work" (or panic in a
            // debug build).
            .fold(0u64, u64::saturating_add)
    }
}

/// An integration's attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationAttributes {
    /// The integration's name.
    pub label: String,
    /// Catalog key of the external app, e.g. `asana`.
    #[serde(default)]
    pub application: String,
    /// App name to show.
    #[serde(default)]
    pub application_display_name: String,
    /// App icon; only http(s) or data:image URLs are ever used.
    #[serde(default)]
    pub application_icon_url: Option<String>,
    /// The app's business or tenant id.
    #[serde(default)]
    pub business_id: Option<String>,
    /// SCIM gateway id.
    #[serde(default)]
    pub scim_gateway_id: Option<String>,
    /// `okta | entra_id | …`.
    #[serde(default)]
    pub idp: String,
    /// Integration status string (kept as-is).
    #[serde(default)]
    pub status: String,
    /// Last sync time (RFC 3339).
    #[serde(default)]
    pub last_synced_at: Option<String>,
    /// Creation time (RFC 3339).
    #[serde(default)]
    pub created_at: String,
    /// Last change (RFC 3339).
    #[serde(default)]
    pub updated_at: String,
    /// User counts.
    #[serde(default)]
    pub user_stats: UserStats,
}

/// An integration resource.
pub type Integration = Resource<IntegrationAttributes>;
/// `GET /integrations/{id}` answer.
pub type IntegrationResponse = Single<Integration>;
/// `GET /integrations` answer.
pub type IntegrationList = Page<Integration>;

/// The workspace user matched with an app account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedUser {
    /// Workspace user id.
    #[serde(default)]
    pub id: String,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Name to show.
    #[serde(default)]
    pub display_name: String,
    /// Email address.
    #[serde(default)]
    pub email: String,
    /// Avatar image; only http(s) or data:image URLs are ever used.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// A role the account holds in the external app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    /// Role id.
    #[serde(default)]
    pub id: String,
    /// The role's value in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Name to show.
    #[serde(default)]
    pub display_name: String,
    /// `primary | secondary` (kept as-is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// How a role was granted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GrantedVia {
    /// `individual | idp_group | multiple | unknown`, or anything else.
    #[serde(rename = "type", default)]
    pub kind: GrantedViaType,
    /// The IdP group's name when granted through a group.
    #[serde(default)]
    pub name: Option<String>,
}

/// A role with the details the drawer shows. On the wire the role's own fields sit beside the
/// details (`flatten` when serialised); it is read through [`RoleDetailWire`], because
/// `flatten` on `Deserialize` buffers every field into serde's generic content type first,
/// which cost the browser build several KB of wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "RoleDetailWire")]
pub struct RoleDetail {
    /// The role itself.
    #[serde(flatten)]
    pub role: Role,
    /// What the role is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Higher means more privilege.
    #[serde(default)]
    pub ranking: Option<i64>,
    /// Human-readable permissions.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// How it was granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granted_via: Option<GrantedVia>,
    /// When it was assigned (RFC 3339).
    #[serde(default)]
    pub assigned_at: Option<String>,
}

/// [`RoleDetail`] as it is read: every field at one level.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleDetailWire {
    #[serde(default)]
    id: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    ranking: Option<i64>,
    #[serde(default)]
    permissions: Vec<String>,
    #[serde(default)]
    granted_via: Option<GrantedVia>,
    #[serde(default)]
    assigned_at: Option<String>,
}

impl From<RoleDetailWire> for RoleDetail {
    fn from(w: RoleDetailWire) -> Self {
        RoleDetail {
            role: Role {
                id: w.id,
                value: w.value,
                display_name: w.display_name,
                group: w.group,
            },
            description: w.description,
            ranking: w.ranking,
            permissions: w.permissions,
            granted_via: w.granted_via,
            assigned_at: w.assigned_at,
        }
    }
}

/// Why the last provisioning job failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastError {
    /// Opaque code, e.g. `NotEnoughSeats`.
    #[serde(default)]
    pub code: String,
    /// Plain text, never HTML.
    #[serde(default)]
    pub message: Option<String>,
    /// What an admin can do, e.g. `add_licenses`.
    #[serde(default)]
    pub user_action: Option<String>,
    /// When it happened (RFC 3339).
    #[serde(default)]
    pub occurred_at: Option<String>,
}

/// Attributes of one app account (a row of the Users tab), generic over the role type so the
/// list (`Role`) and the drawer (`RoleDetail`) share one definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationUserAttributes<R = Role> {
    /// The matched workspace user; `None` for unmatched accounts.
    #[serde(default)]
    pub user: Option<MatchedUser>,
    /// The account's username in the app.
    #[serde(default)]
    pub username_in_app: String,
    /// Roles in the app; may be empty.
    #[serde(default = "Vec::new")]
    pub app_access: Vec<R>,
    /// `None` when the app does not say.
    #[serde(default)]
    pub active_in_app: Option<bool>,
    /// The IdP's id of the user (SCIM externalId).
    #[serde(default)]
    pub upstream_user_id: Option<String>,
    /// The provisioning state.
    pub provisioning_state: ProvisioningState,
    /// When the state last changed (RFC 3339).
    #[serde(default)]
    pub provisioning_state_updated_at: Option<String>,
    /// Why the last job failed.
    #[serde(default)]
    pub last_error: Option<LastError>,
    /// Whether the API will retry this failed row.
    #[serde(default)]
    pub can_retry: bool,
    /// Creation time (RFC 3339).
    #[serde(default)]
    pub created_at: String,
    /// Last change (RFC 3339).
    #[serde(default)]
    pub updated_at: String,
    /// When a job or a sync last read or wrote this account in the app (RFC 3339); `None` if
    /// never.
    #[serde(default)]
    pub last_synced_at: Option<String>,
    /// App-specific attributes (detail answer only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_fields: Option<serde_json::Map<String, serde_json::Value>>,
}

impl<R> IntegrationUserAttributes<R> {
    /// The same account with each role mapped by `f`. The browser reads every account with role
    /// details (one decoder for the list and the drawer instead of two) and keeps the plain
    /// role for the table.
    pub fn map_roles<S>(self, f: impl FnMut(R) -> S) -> IntegrationUserAttributes<S> {
        IntegrationUserAttributes {
            user: self.user,
            username_in_app: self.username_in_app,
            app_access: self.app_access.into_iter().map(f).collect(),
            active_in_app: self.active_in_app,
            upstream_user_id: self.upstream_user_id,
            provisioning_state: self.provisioning_state,
            provisioning_state_updated_at: self.provisioning_state_updated_at,
            last_error: self.last_error,
            can_retry: self.can_retry,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_synced_at: self.last_synced_at,
            dynamic_fields: self.dynamic_fields,
        }
    }
}

impl IntegrationUserDetail {
    /// The account as a table row: its roles without their details.
    pub fn into_row(self) -> IntegrationUser {
        Resource {
            id: self.id,
            kind: self.kind,
            attributes: self.attributes.map_roles(|r| r.role),
        }
    }
}

/// An app account as listed.
pub type IntegrationUser = Resource<IntegrationUserAttributes<Role>>;
/// An app account with role details (the drawer).
pub type IntegrationUserDetail = Resource<IntegrationUserAttributes<RoleDetail>>;
/// `GET …/users` answer.
pub type IntegrationUserList = Page<IntegrationUser>;
/// `POST …/retry` answer.
pub type IntegrationUserResponse = Single<IntegrationUser>;
/// `GET …/users/{id}` answer.
pub type IntegrationUserDetailResponse = Single<IntegrationUserDetail>;

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
      "data": [
        {"id": "3f1c", "type": "integration_user", "attributes": {
          "user": {"id": "a439", "firstName": "Rachel", "lastName": "Green",
                   "displayName": "Rachel Green", "email": "rachel@contentzilla.com", "avatarUrl": null},
          "usernameInApp": "rach@contentzilla.com",
          "appAccess": [{"id": "MEMBER", "value": "MEMBER", "displayName": "Member", "group": "primary"}],
          "activeInApp": true, "upstreamUserId": "00u1fergtbh543213ed",
          "provisioningState": "update_failed", "provisioningStateUpdatedAt": "2026-02-18T09:12:44Z",
          "lastError": {"code": "UnderpermissionedAccount", "message": "m", "userAction": "grant_permissions"},
          "canRetry": true, "createdAt": "2025-11-02T10:00:00Z", "updatedAt": "2026-02-18T09:12:44Z",
          "someFutureField": {"x": 1}}},
        {"id": "9b8a", "type": "integration_user", "attributes": {
          "user": null, "usernameInApp": "charlie@contentzilla.com", "appAccess": [],
          "activeInApp": null, "upstreamUserId": null, "provisioningState": "quarantined",
          "createdAt": "2025-11-02T10:00:00Z", "updatedAt": "2025-12-01T08:00:00Z"}}
      ],
      "links": {"self": "/x", "first": "/x", "previous": null, "next": null, "last": "/x"},
      "meta": {"page": {"number": 1, "size": 25, "maxSize": 100, "total": 2, "totalPages": 1}}
    }"#;

    #[test]
    fn phase_counts_saturate_instead_of_wrapping() {
        let stats: UserStats = serde_json::from_value(serde_json::json!({
            "total": 1, "matched": 0, "unmatched": 1, "activeInApp": 0,
            "byProvisioningState": {"update_awaiting": u64::MAX, "delete_awaiting": 5}
        }))
        .unwrap();
        assert_eq!(stats.count_phase(StatePhase::Awaiting), u64::MAX);
    }

    #[test]
    fn decodes_the_contract_example_with_unknown_fields_and_values() {
        let page: IntegrationUserList = serde_json::from_str(EXAMPLE).unwrap();
        assert_eq!(page.data.len(), 2);
        let first = &page.data[0].attributes;
        assert_eq!(first.provisioning_state, ProvisioningState::UpdateFailed);
        assert_eq!(first.user.as_ref().unwrap().display_name, "Rachel Green");
        let second = &page.data[1].attributes;
        assert!(second.user.is_none());
        assert_eq!(
            second.provisioning_state,
            ProvisioningState::Unknown("quarantined".into())
        );
        assert_eq!(second.active_in_app, None);
        assert!(!second.can_retry);
        assert_eq!(page.meta.page.total_pages, 1);
    }

    #[test]
    fn round_trips_nulls_the_contract_requires() {
        let page: IntegrationUserList = serde_json::from_str(EXAMPLE).unwrap();
        let v = serde_json::to_value(&page.data[1]).unwrap();
        let a = &v["attributes"];
        assert!(a["user"].is_null() && a.get("user").is_some());
        assert!(a["upstreamUserId"].is_null() && a.get("upstreamUserId").is_some());
        assert_eq!(a["provisioningState"], "quarantined");
    }

    #[test]
    fn role_detail_flattens_role() {
        let d: RoleDetail = serde_json::from_str(
            r#"{"id":"A","displayName":"Admin","group":"tertiary","permissions":["x"],
                "grantedVia":{"type":"scim_magic","name":null},"assignedAt":null}"#,
        )
        .unwrap();
        assert_eq!(d.role.display_name, "Admin");
        assert_eq!(d.role.group.as_deref(), Some("tertiary"));
        assert_eq!(
            d.granted_via.unwrap().kind,
            GrantedViaType::Other("scim_magic".into())
        );
    }

    #[test]
    fn user_stats_counts_phases() {
        let s: UserStats = serde_json::from_str(
            r#"{"total":6,"matched":3,"unmatched":3,"activeInApp":2,
               "byProvisioningState":{"update_failed":2,"delete_failed":1,"onboarded":3}}"#,
        )
        .unwrap();
        assert_eq!(s.count_phase(StatePhase::Failed), 3);
        assert_eq!(s.count(&ProvisioningState::Onboarded), 3);
        assert_eq!(s.count(&ProvisioningState::Deleted), 0);
    }

    #[test]
    fn user_stats_skip_entries_that_are_not_counts() {
        let s: UserStats = serde_json::from_str(
            r#"{"total":1,"byProvisioningState":{"onboarded":1,"xFutureField":{"nested":[1]}}}"#,
        )
        .unwrap();
        assert_eq!(s.count(&ProvisioningState::Onboarded), 1);
        assert_eq!(s.by_provisioning_state.len(), 1);
        let s: UserStats = serde_json::from_str(r#"{"byProvisioningState":null}"#).unwrap();
        assert!(s.by_provisioning_state.is_empty());
    }
}
