//! The wire form of the store's records: `contract` types rendered from compact rows, with
//! dev overrides merged over them.

use contract::{
    GrantedVia, GrantedViaType, IntegrationAttributes, LastError, MatchedUser, Resource, Role,
    RoleDetail,
};
use serde_json::{Map, Value};

use super::row::{Failure, Grant, UserRow, Via};
use super::IntegrationRec;
use crate::catalog;
use crate::ids::mix;
use crate::time::rfc3339;

impl IntegrationRec {
    /// The wire resource, with fresh user counts.
    pub fn to_wire(&self) -> contract::Integration {
        Resource {
            id: self.id.to_string(),
            kind: "integration".into(),
            attributes: IntegrationAttributes {
                label: self.label.to_string(),
                application: self.application.into(),
                application_display_name: self.application_display_name.into(),
                application_icon_url: None,
                business_id: self.business_id.as_deref().map(Into::into),
                scim_gateway_id: self.scim_gateway_id.as_deref().map(Into::into),
                idp: self.idp.into(),
                status: self.status.into(),
                last_synced_at: self.last_synced_at.map(rfc3339),
                created_at: rfc3339(self.created_at),
                updated_at: rfc3339(self.updated_at),
                user_stats: self.users.stats(),
            },
        }
    }

    fn role(&self, g: &Grant) -> Role {
        let d = &self.catalog.roles[g.role as usize];
        Role {
            id: d.id.into(),
            value: Some(d.id.into()),
            display_name: d.display.into(),
            group: Some(d.group.into()),
        }
    }

    fn attributes<R>(&self, r: &UserRow, roles: Vec<R>) -> contract::IntegrationUserAttributes<R> {
        contract::IntegrationUserAttributes {
            user: r.user.as_ref().map(|p| MatchedUser {
                id: p.id.to_string(),
                first_name: Some(p.first.to_string()),
                last_name: Some(p.last.to_string()),
                display_name: p.display.to_string(),
                email: p.email.to_string(),
                avatar_url: None,
            }),
            username_in_app: r.username_in_app.to_string(),
            app_access: roles,
            active_in_app: r.active_in_app,
            upstream_user_id: r.upstream_user_id.as_deref().map(Into::into),
            provisioning_state: r.state.clone(),
            provisioning_state_updated_at: Some(rfc3339(r.state_updated_at)),
            last_error: r.failure.map(Failure::last_error),
            can_retry: r.can_retry,
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            last_synced_at: r.last_synced_at.map(rfc3339),
            dynamic_fields: None,
        }
    }

    /// A row as listed (`IntegrationUser`), overrides merged.
    pub fn user_wire(&self, r: &UserRow) -> Value {
        let roles = r.roles.iter().map(|g| self.role(g)).collect();
        let res = Resource {
            id: r.id.to_string(),
            kind: "integration_user".into(),
            attributes: self.attributes(r, roles),
        };
        with_overrides(serde_json::to_value(res).unwrap_or(Value::Null), r)
    }

    /// A row with role details and dynamic fields (`IntegrationUserDetail`), overrides merged.
    pub fn user_detail_wire(&self, r: &UserRow) -> Value {
        let roles = r
            .roles
            .iter()
            .map(|g| {
                let d = &self.catalog.roles[g.role as usize];
                RoleDetail {
                    role: self.role(g),
                    description: Some(d.description.into()),
                    ranking: Some(d.ranking),
                    permissions: d.permissions.iter().map(|p| (*p).into()).collect(),
                    granted_via: Some(match g.via {
                        Via::Individual => GrantedVia {
                            kind: GrantedViaType::Individual,
                            name: None,
                        },
                        Via::Group(i) => GrantedVia {
                            kind: GrantedViaType::IdpGroup,
                            name: Some(self.catalog.groups[i as usize].into()),
                        },
                    }),
                    assigned_at: Some(rfc3339(g.assigned_at)),
                }
            })
            .collect();
        let mut attrs = self.attributes(r, roles);
        attrs.dynamic_fields = Some(dynamic_fields(self, r));
        let res = Resource {
            id: r.id.to_string(),
            kind: "integration_user".into(),
            attributes: attrs,
        };
        with_overrides(serde_json::to_value(res).unwrap_or(Value::Null), r)
    }
}

impl Failure {
    /// The wire form of a failure: its catalogue entry and when it happened (a row's
    /// `lastError`, an event's `error`).
    pub(super) fn last_error(self) -> LastError {
        let e = catalog::error(self.kind);
        LastError {
            code: e.code.into(),
            message: Some(e.message.into()),
            user_action: e.user_action.map(Into::into),
            occurred_at: Some(rfc3339(self.at)),
        }
    }
}

fn with_overrides(mut v: Value, r: &UserRow) -> Value {
    if let (Some(o), Some(attrs)) = (&r.overrides, v.get_mut("attributes")) {
        if let Some(a) = attrs.as_object_mut() {
            for (k, val) in o.iter() {
                a.insert(k.clone(), val.clone());
            }
        }
    }
    v
}

/// App-specific attributes of a row for the drawer, derived from the row (never stored).
fn dynamic_fields(integ: &IntegrationRec, r: &UserRow) -> Map<String, Value> {
    let h = r.id.bytes().fold(0u64, |a, b| mix(a ^ u64::from(b)));
    let mut m = Map::new();
    m.insert(
        "department".into(),
        catalog::DEPARTMENTS[(h % 6) as usize].into(),
    );
    m.insert(
        "title".into(),
        catalog::TITLES[((h >> 8) % 6) as usize].into(),
    );
    m.insert(
        "licenseType".into(),
        (if r.roles.is_empty() { "none" } else { "full" }).into(),
    );
    m.insert(
        "lastLoginAt".into(),
        rfc3339(r.updated_at - ((h >> 16) % 86_400) as i64).into(),
    );
    m.insert("tenant".into(), integ.business_id.as_deref().into());
    m
}
