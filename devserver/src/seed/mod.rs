//! Deterministic seeded data: the same seed gives the same integrations, rows and ids on every
//! start. Ids are UUID-formatted strings derived from a small hash of the seed, except the
//! well-known ones below that tests and docs name directly.

mod contentzilla;
mod fillers;
mod generated;
mod history;

use std::sync::{Arc, Mutex, OnceLock};

use contract::{MeAttributes, Resource, Single, Workspace, WorkspaceRole};

use crate::catalog::{Catalog, ASANA, FIGMA, GENERIC};
use crate::ids::{hash, uuid};
use crate::locks::lock;
use crate::store::{IntegrationRec, Store, UserRow, UserTable};
use crate::time::days_from_civil;
use contentzilla::contentzilla_rows;
use fillers::FILLERS;
use generated::generated_rows;
pub use history::{has_long_history, seeded_history, LONG_HISTORY_ROW_IDS};

/// "Contentzilla Global" on Asana: ~40 hand-made rows covering every state (the contract
/// example's integration id).
pub const CONTENTZILLA_ID: &str = "d538422e-b135-4ee0-8393-54eecbcb4a07";
/// "Globex Directory" on Figma: exactly [`GLOBEX_USERS`] rows, for scale.
pub const GLOBEX_ID: &str = "5b0c6f3e-1d2a-4f8b-9c7e-2a4b6c8d0e1f";
/// "Initech Sandbox": an integration with no users yet.
pub const EMPTY_ID: &str = "7c3e9a1b-4d5f-4a6b-8c9d-0e1f2a3b4c5d";
/// Rows in the Globex integration.
pub const GLOBEX_USERS: usize = 100_000;
/// Integrations in total (so the list pages at size 25).
pub const INTEGRATIONS: usize = 33;
/// Rachel Green's row in Contentzilla: `update_failed`, `canRetry: true`.
pub const RACHEL_ROW_ID: &str = "3f1c2b8e-5a0d-4c3e-9e2f-1b7d6a5c4e01";
/// Charlie's unmatched row in Contentzilla: `onboarded`, two roles.
pub const CHARLIE_ROW_ID: &str = "9b8a7c6d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
/// Gunther Central's row in Contentzilla: `delete_failed`, `canRetry: false`.
pub const GUNTHER_ROW_ID: &str = "0c4d2e6f-8a1b-4c3d-9e5f-7a9b1c3d5e7f";
/// Ross Geller's row in Contentzilla: `onboarded`, six roles.
pub const ROSS_ROW_ID: &str = "2a6e4c8d-1f3b-4d5a-8e7c-9b1d3f5a7c9e";
/// The workspace every persona belongs to.
pub const WORKSPACE_ID: &str = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b";

/// A seeded row's last sync: never for an account not yet created in the app, else a while
/// after its last change (a job or the nightly sync read it then).
fn synced_at(state: &contract::ProvisioningState, changed: i64, h: u64) -> Option<i64> {
    use contract::ProvisioningState as S;
    match state {
        S::ProvisioningAwaiting | S::ProvisioningOngoing | S::ProvisioningFailed => None,
        _ => Some(changed + (h % (3 * 86_400)) as i64),
    }
}

/// Unix seconds of a UTC date and hour.
const fn t(y: i64, m: i64, d: i64, h: i64) -> i64 {
    days_from_civil(y, m, d) + h * 3600
}

// Private, called with literal data from `build` only; a parameter struct would just repeat
// the names.
#[allow(clippy::too_many_arguments)]
fn integration(
    id: String,
    label: &str,
    app: (&'static str, &'static str),
    idp: &'static str,
    status: &'static str,
    created_at: i64,
    catalog: &'static Catalog,
    rows: Vec<UserRow>,
    seed: u64,
    tag: u64,
) -> IntegrationRec {
    IntegrationRec {
        id: id.into(),
        label: label.into(),
        application: app.0,
        application_display_name: app.1,
        business_id: Some(
            format!("{}", 1_000_000_000 + hash(seed, &[tag, 7]) % 8_999_999_999).into(),
        ),
        scim_gateway_id: Some(uuid(seed, &[tag, 8]).into()),
        idp,
        status,
        last_synced_at: Some(t(2026, 2, 18, 9) - (hash(seed, &[tag, 9]) % 86_400) as i64),
        created_at,
        updated_at: created_at + 86_400,
        catalog,
        users: UserTable::new(rows),
    }
}

/// Builds the whole seeded store (no caching: see [`seeded`]).
pub fn build(seed: u64) -> Store {
    let mut list = Vec::with_capacity(INTEGRATIONS);
    let mut cz = integration(
        CONTENTZILLA_ID.into(),
        "Contentzilla Global",
        ("asana", "Asana"),
        "okta",
        "up_to_date",
        t(2026, 2, 10, 12),
        &ASANA,
        contentzilla_rows(seed),
        seed,
        100,
    );
    cz.business_id = Some("1234567890".into());
    list.push(cz);
    list.push(integration(
        GLOBEX_ID.into(),
        "Globex Directory",
        ("figma", "Figma"),
        "entra_id",
        "up_to_date",
        t(2026, 1, 20, 12),
        &FIGMA,
        generated_rows(seed, 200, GLOBEX_USERS, "globex.com", &FIGMA),
        seed,
        200,
    ));
    let mut empty = integration(
        EMPTY_ID.into(),
        "Initech Sandbox",
        ("slack", "Slack"),
        "okta",
        "under_validation",
        t(2026, 2, 1, 12),
        &GENERIC,
        Vec::new(),
        seed,
        300,
    );
    empty.last_synced_at = None;
    empty.business_id = None;
    empty.scim_gateway_id = None;
    list.push(empty);
    for (k, (label, app, app_name, idp, status)) in FILLERS.iter().enumerate() {
        let tag = 400 + k as u64;
        let n = (hash(seed, &[tag, 10]) % 26) as usize;
        let catalog = if *app == "figma" {
            &FIGMA
        } else if *app == "asana" {
            &ASANA
        } else {
            &GENERIC
        };
        list.push(integration(
            uuid(seed, &[tag, 11]),
            label,
            (app, app_name),
            idp,
            status,
            t(2025, 12, 31, 12) - k as i64 * 5 * 86_400,
            catalog,
            generated_rows(seed, tag, n, "contentzilla.com", catalog),
            seed,
            tag,
        ));
    }
    Store::new(list)
}

/// The seeded store for `seed`, built once per process and then shared copy-on-write (so
/// each test's app and every reset cost a clone of pointers).
pub fn seeded(seed: u64) -> Store {
    type Cache = Mutex<Vec<(u64, Arc<Store>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some((_, s)) = lock(cache).iter().find(|(k, _)| *k == seed) {
        return (**s).clone();
    }
    let s = Arc::new(build(seed));
    let mut c = lock(cache);
    if c.len() > 4 {
        c.remove(0);
    }
    c.push((seed, s.clone()));
    (*s).clone()
}

/// The display name of a persona (who a retry or a sync names as its actor).
pub fn persona_name(role: &WorkspaceRole) -> String {
    let a = me(role).data.attributes;
    format!("{} {}", a.first_name, a.last_name)
}

/// `GET /me` for a persona.
pub fn me(role: &WorkspaceRole) -> contract::MeResponse {
    let (first, last) = match role {
        WorkspaceRole::Owner => ("Olivia", "Owner"),
        WorkspaceRole::SuperAdmin => ("Sam", "Superadmin"),
        WorkspaceRole::Admin => ("Ada", "Admin"),
        WorkspaceRole::User => ("Uma", "User"),
        WorkspaceRole::LoginOnly => ("Lou", "Loginonly"),
        WorkspaceRole::GuestAdmin => ("Gale", "Guestadmin"),
        WorkspaceRole::GuestUser => ("Gus", "Guest"),
        WorkspaceRole::Unknown(_) => ("Una", "Known"),
    };
    let guest = matches!(role, WorkspaceRole::GuestAdmin | WorkspaceRole::GuestUser);
    Single {
        data: Resource {
            id: uuid(
                0,
                &[
                    900,
                    WorkspaceRole::KNOWN
                        .iter()
                        .position(|r| r == role)
                        .unwrap_or(99) as u64,
                ],
            ),
            kind: "user".into(),
            attributes: MeAttributes {
                first_name: first.into(),
                last_name: last.into(),
                email: format!("{}.{}@contentzilla.com", first, last).to_lowercase(),
                role: role.clone(),
                status: Some("live".into()),
                is_guest: Some(guest),
                workspace: Workspace {
                    id: WORKSPACE_ID.into(),
                    name: "contentzilla".into(),
                    display_name: "Contentzilla".into(),
                },
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_complete() {
        let a = build(42);
        let b = build(42);
        assert_eq!(a.integrations.len(), INTEGRATIONS);
        assert_eq!(&*a.integrations[0].id, CONTENTZILLA_ID);
        let cz = a.get(CONTENTZILLA_ID).unwrap();
        let stats = cz.users.stats();
        assert_eq!(stats.by_provisioning_state.len(), 11);
        assert!(stats.by_provisioning_state.values().all(|&n| n > 0));
        assert_eq!(a.get(GLOBEX_ID).unwrap().users.rows().len(), GLOBEX_USERS);
        assert_eq!(a.get(EMPTY_ID).unwrap().users.rows().len(), 0);
        for (x, y) in a.integrations.iter().zip(&b.integrations) {
            assert_eq!(x.id, y.id);
            assert_eq!(x.users.rows().len(), y.users.rows().len());
        }
        let ids: std::collections::HashSet<_> = a
            .get(GLOBEX_ID)
            .unwrap()
            .users
            .rows()
            .iter()
            .map(|r| r.id.clone())
            .collect();
        assert_eq!(ids.len(), GLOBEX_USERS);
    }
}
