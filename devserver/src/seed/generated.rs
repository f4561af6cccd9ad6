//! Generated rows: believable names, usernames, roles and a realistic spread of states, for
//! the 100,000-row integration and the small filler integrations.

use contract::ProvisioningState as S;

use super::{synced_at, t};
use crate::catalog::{Catalog, ERRORS};
use crate::ids::{hash, mix, okta_id, uuid};
use crate::store::{Failure, Grant, Person, UserRow, Via};

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
pub fn generated_rows(
    seed: u64,
    tag: u64,
    n: usize,
    domain: &str,
    catalog: &Catalog,
) -> Vec<UserRow> {
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
            let synced = synced_at(&state, changed, mix(h));
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
                last_synced_at: synced,
                sim_steps: 0,
                hay: "".into(),
                overrides: None,
            };
            row.refresh_hay();
            row
        })
        .collect()
}
