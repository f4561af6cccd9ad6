//! Deterministic seeded data: the same seed gives the same integrations, rows and ids on every
//! start. Ids are UUID-formatted strings derived from a small hash of the seed, except the
//! well-known ones below that tests and docs name directly.

use std::sync::{Arc, Mutex, OnceLock};

use contract::{MeAttributes, ProvisioningState, Resource, Single, Workspace, WorkspaceRole};
use serde_json::{Map, Value};

use crate::store::{
    Catalog, ErrorDef, Failure, Grant, IntegrationRec, Person, RoleDef, Store, UserRow, UserTable,
    Via,
};
use crate::time::days_from_civil;

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

/// Failure kinds, indexed by [`Failure::kind`].
pub const ERRORS: &[ErrorDef] = &[
    ErrorDef {
        code: "NotEnoughSeats",
        message: "No seats are left in the app's plan to add this user.",
        user_action: Some("add_licenses"),
        retryable: true,
    },
    ErrorDef {
        code: "UnderpermissionedAccount",
        message: "The service account lacks permission to change roles.",
        user_action: Some("grant_permissions"),
        retryable: true,
    },
    ErrorDef {
        code: "BadCredentials",
        message: "The app rejected the stored credentials of the service account.",
        user_action: Some("review_credentials"),
        retryable: true,
    },
    ErrorDef {
        code: "RateLimited",
        message: "The app throttled the request (HTTP 429 upstream).",
        user_action: None,
        retryable: true,
    },
    ErrorDef {
        code: "UserAlreadyExists",
        message: "An account with this email already exists in the app and is not managed by this integration.",
        user_action: Some("link_account"),
        retryable: false,
    },
    ErrorDef {
        code: "UpstreamTimeout",
        message: "The app did not answer within 30 seconds.",
        user_action: None,
        retryable: true,
    },
    ErrorDef {
        code: "OwnerCannotBeRemoved",
        message: "The organization owner cannot be removed; transfer ownership first.",
        user_action: Some("transfer_ownership"),
        retryable: false,
    },
];

const P_MEMBER: &[&str] = &[
    "Create projects and tasks",
    "Comment on tasks",
    "Join public teams",
];
const P_ADMIN: &[&str] = &[
    "Manage members and guests",
    "Change workspace settings",
    "Export data",
    "View admin console",
];

static ASANA: Catalog = Catalog {
    roles: &[
        RoleDef {
            id: "MEMBER",
            display: "Member",
            group: "primary",
            description: "Can create and join projects and teams.",
            ranking: 10,
            permissions: P_MEMBER,
        },
        RoleDef {
            id: "ADMIN",
            display: "Admin",
            group: "primary",
            description: "Manages members, teams and settings of the organization.",
            ranking: 80,
            permissions: P_ADMIN,
        },
        RoleDef {
            id: "BILLING",
            display: "Billing admin",
            group: "secondary",
            description: "Manages the plan, seats and invoices.",
            ranking: 50,
            permissions: &["View invoices", "Change the plan", "Buy seats"],
        },
        RoleDef {
            id: "GUEST",
            display: "Guest",
            group: "primary",
            description: "Sees only the projects and tasks shared with them.",
            ranking: 1,
            permissions: &["View shared projects", "Comment on shared tasks"],
        },
        RoleDef {
            id: "WORKSPACE_ADMIN",
            display: "Workspace admin",
            group: "secondary",
            description: "Administers one workspace of the organization.",
            ranking: 60,
            permissions: &["Manage workspace members", "Archive projects"],
        },
        RoleDef {
            id: "PROJECT_OWNER",
            display: "Project owner",
            group: "secondary",
            description: "Owns projects and decides who can edit them.",
            ranking: 30,
            permissions: &[
                "Edit project settings",
                "Add project members",
                "Delete projects",
            ],
        },
        RoleDef {
            id: "PORTFOLIO_EDITOR",
            display: "Portfolio editor",
            group: "secondary",
            description: "Edits portfolios and their status updates.",
            ranking: 25,
            permissions: &["Edit portfolios", "Post status updates"],
        },
        RoleDef {
            id: "GOAL_OWNER",
            display: "Goal owner",
            group: "secondary",
            description: "Sets and tracks company goals.",
            ranking: 20,
            permissions: &["Create goals", "Update goal progress"],
        },
        RoleDef {
            id: "SUPER_ADMIN",
            display: "Super admin",
            group: "primary",
            description: "Full control over the organization, including security settings.",
            ranking: 100,
            permissions: &[
                "Everything an Admin can do",
                "Manage SAML and SCIM",
                "Delete the organization",
            ],
        },
        RoleDef {
            id: "COMMENTER",
            display: "Commenter",
            group: "secondary",
            description: "Can comment but not edit.",
            ranking: 5,
            permissions: &["Comment on tasks"],
        },
    ],
    groups: &[
        "asana-admins",
        "Engineering",
        "Marketing-All",
        "Finance",
        "Contractors",
    ],
};

static FIGMA: Catalog = Catalog {
    roles: &[
        RoleDef {
            id: "VIEWER",
            display: "Viewer",
            group: "primary",
            description: "Views and comments on files.",
            ranking: 1,
            permissions: &["View files", "Comment"],
        },
        RoleDef {
            id: "EDITOR",
            display: "Editor",
            group: "primary",
            description: "Creates and edits design files.",
            ranking: 20,
            permissions: &["Edit files", "Create projects"],
        },
        RoleDef {
            id: "ADMIN",
            display: "Admin",
            group: "primary",
            description: "Manages the organization's members and settings.",
            ranking: 80,
            permissions: P_ADMIN,
        },
        RoleDef {
            id: "DEV_MODE",
            display: "Dev Mode seat",
            group: "secondary",
            description: "Inspects designs and exports code.",
            ranking: 10,
            permissions: &["Inspect", "Export assets"],
        },
        RoleDef {
            id: "FIGJAM",
            display: "FigJam editor",
            group: "secondary",
            description: "Edits FigJam boards.",
            ranking: 10,
            permissions: &["Edit boards"],
        },
        RoleDef {
            id: "BILLING",
            display: "Billing admin",
            group: "secondary",
            description: "Manages seats and invoices.",
            ranking: 50,
            permissions: &["View invoices", "Buy seats"],
        },
    ],
    groups: &["figma-designers", "Product", "Engineering", "All-Staff"],
};

static GENERIC: Catalog = Catalog {
    roles: &[
        RoleDef {
            id: "USER",
            display: "User",
            group: "primary",
            description: "Regular access.",
            ranking: 10,
            permissions: P_MEMBER,
        },
        RoleDef {
            id: "ADMIN",
            display: "Admin",
            group: "primary",
            description: "Administers the account.",
            ranking: 80,
            permissions: P_ADMIN,
        },
        RoleDef {
            id: "VIEWER",
            display: "Read-only",
            group: "primary",
            description: "Reads, never writes.",
            ranking: 1,
            permissions: &["View"],
        },
        RoleDef {
            id: "BILLING",
            display: "Billing admin",
            group: "secondary",
            description: "Manages the subscription.",
            ranking: 50,
            permissions: &["View invoices"],
        },
    ],
    groups: &["All-Staff", "IT", "Support"],
};

/// splitmix64: a tiny, good-enough mixer for deterministic pseudo-random choices.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of the seed and some parts.
pub fn hash(seed: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(mix(seed), |a, p| mix(a ^ p))
}

/// A version-4-shaped UUID string from a hash.
pub fn uuid(seed: u64, parts: &[u64]) -> String {
    let a = hash(seed, parts);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        8 | ((b >> 62) & 3),
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

fn okta_id(seed: u64, parts: &[u64]) -> Box<str> {
    const ALPHA: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut h = hash(seed, parts);
    let mut s = String::from("00u");
    for i in 0..17 {
        if i == 12 {
            h = mix(h);
        }
        s.push(ALPHA[(h % 36) as usize] as char);
        h /= 36;
    }
    s.into()
}

const fn t(y: i64, m: i64, d: i64, h: i64) -> i64 {
    days_from_civil(y, m, d) + h * 3600
}

use ProvisioningState as S;

/// One hand-made Contentzilla row.
struct Cz {
    first: &'static str,
    last: &'static str,
    username: &'static str,
    matched: bool,
    active: Option<bool>,
    upstream: bool,
    roles: &'static [(u16, u16)],
    state: S,
    err: Option<u8>,
    retry: bool,
}

const fn cz(
    first: &'static str,
    last: &'static str,
    username: &'static str,
    active: Option<bool>,
    roles: &'static [(u16, u16)],
    state: S,
) -> Cz {
    Cz {
        first,
        last,
        username,
        matched: true,
        active,
        upstream: true,
        roles,
        state,
        err: None,
        retry: false,
    }
}

const fn failed(mut c: Cz, err: u8, retry: bool) -> Cz {
    c.err = Some(err);
    c.retry = retry;
    c
}

const fn unmatched(mut c: Cz) -> Cz {
    c.matched = false;
    c.upstream = false;
    c
}

const fn no_upstream(mut c: Cz) -> Cz {
    c.upstream = false;
    c
}

// Roles are (role index, 0 = individual or 1 + IdP group index).
const MEMBER: &[(u16, u16)] = &[(0, 0)];
const MEMBER_G: &[(u16, u16)] = &[(0, 3)];
const GUEST: &[(u16, u16)] = &[(3, 5)];
const NONE: &[(u16, u16)] = &[];

#[rustfmt::skip]
const CONTENTZILLA: &[Cz] = &[
    failed(cz("Rachel", "Green", "rach@contentzilla.com", Some(true), MEMBER, S::UpdateFailed), 1, true),
    unmatched(cz("", "", "charlie@contentzilla.com", Some(true), &[(0, 0), (2, 4)], S::Onboarded)),
    cz("Ross", "Geller", "ross.geller@contentzilla.com", Some(true), &[(0, 2), (1, 1), (5, 0), (6, 0), (7, 0), (4, 1)], S::Onboarded),
    cz("Monica", "Geller", "monica@contentzilla.com", Some(true), &[(1, 1), (2, 4)], S::Onboarded),
    failed(cz("Chandler", "Bing", "chandler.bing@contentzilla.com", None, MEMBER, S::ProvisioningFailed), 0, true),
    cz("Joey", "Tribbiani", "joey@contentzilla.com", None, NONE, S::ProvisioningAwaiting),
    cz("Phoebe", "Buffay", "regina.phalange@contentzilla.com", Some(false), &[(0, 0), (9, 3)], S::ProvisioningOngoing),
    failed(cz("Gunther", "Central", "gunther@contentzilla.com", Some(true), GUEST, S::DeleteFailed), 2, false),
    cz("Janice", "Hosenstein", "janice@contentzilla.com", Some(true), MEMBER, S::DeleteAwaiting),
    cz("Mike", "Hannigan", "mike.hannigan@contentzilla.com", Some(true), MEMBER_G, S::DeleteOngoing),
    cz("Richard", "Burke", "richard@contentzilla.com", Some(false), NONE, S::Deleted),
    cz("Emily", "Waltham", "emily@contentzilla.com", Some(true), &[(0, 0), (5, 0)], S::UpdateAwaiting),
    cz("Carol", "Willick", "carol@contentzilla.com", Some(true), MEMBER, S::UpdateOngoing),
    failed(cz("Susan", "Bunch", "susan@contentzilla.com", None, MEMBER_G, S::ProvisioningFailed), 3, true),
    cz("Ben", "Geller", "ben@contentzilla.com", None, GUEST, S::Onboarded),
    no_upstream(cz("Emma", "Geller-Green", "emma@contentzilla.com", Some(true), MEMBER, S::Onboarded)),
    failed(cz("Frank", "Buffay", "frank.jr@contentzilla.com", Some(true), &[(0, 0), (5, 0)], S::UpdateFailed), 5, true),
    failed(cz("Ursula", "Buffay", "ursula@contentzilla.com", Some(true), &[(8, 0)], S::DeleteFailed), 6, false),
    cz("Jack", "Geller", "jack@contentzilla.com", Some(true), &[(0, 2), (5, 0), (6, 0), (7, 0), (9, 0)], S::Onboarded),
    cz("Judy", "Geller", "judy@contentzilla.com", Some(true), MEMBER, S::Onboarded),
    cz("Mark", "Robinson", "mark@contentzilla.com", Some(true), MEMBER_G, S::Onboarded),
    failed(cz("Tag", "Jones", "tag@contentzilla.com", None, MEMBER, S::ProvisioningFailed), 4, false),
    cz("Paolo", "Moretti", "paolo@contentzilla.com", Some(false), NONE, S::Deleted),
    cz("Kathy", "Miller", "kathy@contentzilla.com", Some(false), MEMBER, S::Onboarded),
    cz("Julie", "Hayes", "julie@contentzilla.com", Some(true), MEMBER, S::Onboarded),
    cz("Pete", "Becker", "pete.becker@contentzilla.com", Some(true), &[(1, 1), (4, 1), (2, 4), (8, 0), (5, 0)], S::Onboarded),
    cz("David", "Nolan", "david@contentzilla.com", Some(true), MEMBER, S::Onboarded),
    cz("Eddie", "Menuek", "eddie@contentzilla.com", Some(true), MEMBER, S::UpdateAwaiting),
    cz("Barry", "Farber", "barry@contentzilla.com", None, MEMBER, S::ProvisioningAwaiting),
    cz("Mindy", "Hunter", "mindy@contentzilla.com", None, MEMBER_G, S::ProvisioningOngoing),
    cz("Estelle", "Leonard", "estelle@contentzilla.com", None, MEMBER, S::Onboarded),
    cz("Terry", "Taylor", "terry@contentzilla.com", Some(true), &[(2, 4)], S::Onboarded),
    failed(cz("Joshua", "Burgin", "joshua@contentzilla.com", Some(true), &[(0, 0), (6, 0)], S::UpdateFailed), 1, true),
    cz("Elizabeth", "Stevens", "elizabeth@contentzilla.com", Some(true), MEMBER, S::Onboarded),
    cz("Gavin", "Mitchell", "gavin@contentzilla.com", Some(true), &[(0, 0), (7, 0)], S::Onboarded),
    cz("Amy", "Green", "amy@contentzilla.com", Some(true), GUEST, S::DeleteAwaiting),
    cz("Jill", "Green", "jill@contentzilla.com", Some(true), GUEST, S::Onboarded),
    unmatched(cz("", "", "svc-asana-bot@contentzilla.com", Some(true), &[(1, 0)], S::Onboarded)),
    unmatched(cz("", "", "printer-3rd-floor@contentzilla.com", Some(false), NONE, S::Onboarded)),
    failed(unmatched(cz("", "", "temp.contractor@contentzilla.com", None, GUEST, S::ProvisioningFailed)), 2, true),
    unmatched(cz("", "", "old.intern@contentzilla.com", Some(false), NONE, S::Deleted)),
    unmatched(cz("", "", "ops-shared@contentzilla.com", Some(true), MEMBER, S::UpdateOngoing)),
];

fn contentzilla_rows(seed: u64) -> Vec<UserRow> {
    let created = t(2025, 11, 2, 10);
    CONTENTZILLA
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let i = i as u64;
            let id: Box<str> = match i {
                0 => RACHEL_ROW_ID.into(),
                1 => CHARLIE_ROW_ID.into(),
                2 => ROSS_ROW_ID.into(),
                7 => GUNTHER_ROW_ID.into(),
                _ => uuid(seed, &[1, i]).into(),
            };
            let changed = t(2025, 12, 1, 8) + (hash(seed, &[2, i]) % (80 * 86_400)) as i64;
            let user = c.matched.then(|| {
                Box::new(Person {
                    id: uuid(seed, &[3, i]).into(),
                    first: c.first.into(),
                    last: c.last.into(),
                    display: format!("{} {}", c.first, c.last).into(),
                    email: format!("{}.{}@contentzilla.com", c.first, c.last)
                        .to_lowercase()
                        .replace(' ', "")
                        .into(),
                })
            });
            let mut row = UserRow {
                id,
                user,
                username_in_app: c.username.into(),
                roles: c
                    .roles
                    .iter()
                    .map(|&(role, via)| Grant {
                        role,
                        via: if via == 0 {
                            Via::Individual
                        } else {
                            Via::Group(via - 1)
                        },
                        assigned_at: created
                            + (hash(seed, &[4, i, role as u64]) % 2_000_000) as i64,
                    })
                    .collect(),
                active_in_app: c.active,
                upstream_user_id: if i == 0 {
                    Some("00u1fergtbh543213ed".into())
                } else if c.upstream {
                    Some(okta_id(seed, &[5, i]))
                } else {
                    None
                },
                state: c.state.clone(),
                state_updated_at: changed,
                failure: c.err.map(|kind| Failure { kind, at: changed }),
                can_retry: c.retry,
                created_at: created + i as i64 * 37,
                updated_at: changed,
                sim_steps: 0,
                hay: "".into(),
                overrides: None,
            };
            row.refresh_hay();
            row
        })
        .collect()
}

const FIRST: &[&str] = &[
    "Ada", "Alan", "Ana", "Arjun", "Ben", "Bianca", "Carlos", "Chen", "Chloe", "Dana", "David",
    "Elena", "Emeka", "Eva", "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jade",
    "Jamal", "Jonas", "Kai", "Kenji", "Lara", "Leo", "Lina", "Luca", "Maya", "Mei", "Milan",
    "Nadia", "Nia", "Noah", "Omar", "Olga", "Pablo", "Priya", "Quinn", "Rafael", "Rosa", "Sami",
    "Sara", "Sofia", "Tariq", "Tess", "Uma", "Victor", "Wen", "Xavier", "Yara", "Yusuf", "Zoe",
    "Zeynep", "Björn", "Zoë", "Łukasz", "Renée",
];
const LAST: &[&str] = &[
    "Abe",
    "Adeyemi",
    "Almeida",
    "Andersson",
    "Baker",
    "Banerjee",
    "Becker",
    "Castro",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Gupta",
    "Haddad",
    "Hansen",
    "Ivanova",
    "Jensen",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Müller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Smith",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Usman",
    "Varga",
    "Wagner",
    "Wang",
    "Weber",
    "Wilson",
    "Xu",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zimmer",
    "O'Brien",
    "García-López",
    "de la Cruz",
    "Ødegaard",
];

fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'ö' | 'ø' | 'Ø' => Some('o'),
            'ë' | 'é' => Some('e'),
            'ü' => Some('u'),
            'Ł' | 'ł' => Some('l'),
            _ => None,
        })
        .collect()
}

/// Generated rows for a large or filler integration.
fn generated_rows(seed: u64, tag: u64, n: usize, domain: &str, catalog: &Catalog) -> Vec<UserRow> {
    let created0 = t(2025, 6, 1, 9);
    (0..n)
        .map(|i| {
            let i64_ = i as u64;
            let h = hash(seed, &[tag, i64_]);
            let f = FIRST[(h % FIRST.len() as u64) as usize];
            let l = LAST[((h >> 8) % LAST.len() as u64) as usize];
            let serial = i / (FIRST.len() * 7);
            let local = if serial == 0 {
                format!("{}.{}", ascii_slug(f), ascii_slug(l))
            } else {
                format!("{}.{}{}", ascii_slug(f), ascii_slug(l), serial)
            };
            let r = (h >> 16) % 1000;
            let (state, failure) = match r {
                0..=819 => (S::Onboarded, None),
                820..=839 => (S::UpdateAwaiting, None),
                840..=849 => (S::UpdateOngoing, None),
                850..=864 => (S::UpdateFailed, Some(1 + (h >> 40) % 2)),
                865..=879 => (S::ProvisioningAwaiting, None),
                880..=889 => (S::ProvisioningOngoing, None),
                890..=909 => (S::ProvisioningFailed, Some((h >> 40) % 6)),
                910..=919 => (S::DeleteAwaiting, None),
                920..=924 => (S::DeleteOngoing, None),
                925..=934 => (S::DeleteFailed, Some(2 + 4 * ((h >> 40) % 2))),
                _ => (S::Deleted, None),
            };
            let matched = (h >> 26) % 100 >= 5;
            let active = match (&state, (h >> 33) % 50) {
                (S::Deleted, _) => Some(false),
                (_, 0) => None,
                (_, 1..=4) => Some(false),
                _ => Some(true),
            };
            let nroles = match (h >> 36) % 20 {
                0 => 0,
                1..=12 => 1,
                13..=17 => 2,
                18 => 3,
                _ => 5,
            }
            .min(catalog.roles.len());
            let first_role = ((h >> 44) % catalog.roles.len() as u64) as usize;
            let created = created0 + (i as i64) * 97 + (h % 3600) as i64;
            let changed = created + ((h >> 20) % (200 * 86_400)) as i64;
            let roles = (0..nroles)
                .map(|k| Grant {
                    role: ((first_role + k) % catalog.roles.len()) as u16,
                    via: if (h >> (50 + k)) & 1 == 0 {
                        Via::Individual
                    } else {
                        Via::Group(((h >> 56) % catalog.groups.len() as u64) as u16)
                    },
                    assigned_at: created + k as i64 * 600,
                })
                .collect();
            let mut row = UserRow {
                id: uuid(seed, &[tag, i64_, 1]).into(),
                user: matched.then(|| {
                    Box::new(Person {
                        id: uuid(seed, &[tag, i64_, 2]).into(),
                        first: f.into(),
                        last: l.into(),
                        display: format!("{f} {l}").into(),
                        email: format!("{local}@{domain}").into(),
                    })
                }),
                username_in_app: format!("{local}@{domain}").into(),
                roles,
                active_in_app: active,
                upstream_user_id: ((h >> 29) % 100 >= 3).then(|| okta_id(seed, &[tag, i64_, 3])),
                state,
                state_updated_at: changed,
                failure: failure.map(|k| Failure {
                    kind: k as u8,
                    at: changed,
                }),
                can_retry: failure.is_some_and(|k| ERRORS[k as usize].retryable),
                created_at: created,
                updated_at: changed,
                sim_steps: 0,
                hay: "".into(),
                overrides: None,
            };
            row.refresh_hay();
            row
        })
        .collect()
}

/// (label, app key, app name, idp, status) of the filler integrations.
const FILLERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Contentzilla Marketing",
        "slack",
        "Slack",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Engineering",
        "github",
        "GitHub",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Sales",
        "salesforce",
        "Salesforce",
        "okta",
        "in_progress",
    ),
    (
        "Contentzilla Design",
        "figma",
        "Figma",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Support",
        "zendesk",
        "Zendesk",
        "entra_id",
        "up_to_date",
    ),
    (
        "Contentzilla Finance",
        "netsuite",
        "NetSuite",
        "entra_id",
        "validated",
    ),
    (
        "Contentzilla HR",
        "bamboohr",
        "BambooHR",
        "okta",
        "up_to_date",
    ),
    ("Contentzilla Video", "zoom", "Zoom", "okta", "retrying"),
    (
        "Contentzilla Files",
        "dropbox",
        "Dropbox",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Wiki",
        "notion",
        "Notion",
        "entra_id",
        "up_to_date",
    ),
    ("Contentzilla Tickets", "jira", "Jira", "okta", "failed"),
    (
        "Contentzilla Docs",
        "confluence",
        "Confluence",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Boards",
        "miro",
        "Miro",
        "okta",
        "under_review",
    ),
    (
        "Contentzilla CRM",
        "hubspot",
        "HubSpot",
        "entra_id",
        "up_to_date",
    ),
    (
        "Contentzilla Social",
        "hootsuite",
        "Hootsuite",
        "okta",
        "validation_failed",
    ),
    (
        "Contentzilla Ads",
        "google_ads",
        "Google Ads",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Analytics",
        "mixpanel",
        "Mixpanel",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Storage",
        "box",
        "Box",
        "entra_id",
        "up_to_date",
    ),
    (
        "Contentzilla Legal",
        "docusign",
        "DocuSign",
        "okta",
        "validating",
    ),
    ("Contentzilla Brand", "canva", "Canva", "okta", "up_to_date"),
    (
        "Contentzilla Video Edit",
        "frameio",
        "Frame.io",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Payroll",
        "gusto",
        "Gusto",
        "entra_id",
        "under_validation",
    ),
    (
        "Contentzilla Calendar",
        "calendly",
        "Calendly",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Passwords",
        "onepassword",
        "1Password",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Forms",
        "typeform",
        "Typeform",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Email",
        "mailchimp",
        "Mailchimp",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Monitoring",
        "datadog",
        "Datadog",
        "entra_id",
        "in_progress",
    ),
    (
        "Contentzilla Cloud",
        "aws",
        "AWS IAM Identity Center",
        "okta",
        "up_to_date",
    ),
    (
        "Contentzilla Chat EMEA",
        "slack",
        "Slack",
        "entra_id",
        "up_to_date",
    ),
    (
        "Contentzilla Tasks EMEA",
        "asana",
        "Asana",
        "entra_id",
        "up_to_date",
    ),
];

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
    if let Some((_, s)) = cache.lock().unwrap().iter().find(|(k, _)| *k == seed) {
        return (**s).clone();
    }
    let s = Arc::new(build(seed));
    let mut c = cache.lock().unwrap();
    if c.len() > 4 {
        c.remove(0);
    }
    c.push((seed, s.clone()));
    (*s).clone()
}

/// App-specific attributes of a row for the drawer, derived from the row (never stored).
pub fn dynamic_fields(integ: &IntegrationRec, r: &UserRow) -> Map<String, Value> {
    const DEPTS: &[&str] = &[
        "Marketing",
        "Engineering",
        "Sales",
        "Finance",
        "Design",
        "Support",
    ];
    const TITLES: &[&str] = &[
        "Editor",
        "Manager",
        "Analyst",
        "Engineer",
        "Coordinator",
        "Director",
    ];
    let h = r.id.bytes().fold(0u64, |a, b| mix(a ^ u64::from(b)));
    let mut m = Map::new();
    m.insert("department".into(), DEPTS[(h % 6) as usize].into());
    m.insert("title".into(), TITLES[((h >> 8) % 6) as usize].into());
    m.insert(
        "licenseType".into(),
        (if r.roles.is_empty() { "none" } else { "full" }).into(),
    );
    m.insert(
        "lastLoginAt".into(),
        crate::time::rfc3339(r.updated_at - ((h >> 16) % 86_400) as i64).into(),
    );
    m.insert("tenant".into(), integ.business_id.as_deref().into());
    m
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
