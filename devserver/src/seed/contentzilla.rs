//! Contentzilla Global: about 40 hand-made rows covering every state, with the well-known ids
//! that tests and docs name.

use contract::ProvisioningState;

use super::{synced_at, t, CHARLIE_ROW_ID, GUNTHER_ROW_ID, RACHEL_ROW_ID, ROSS_ROW_ID};
use crate::ids::{hash, okta_id, uuid};
use crate::store::{Failure, Grant, Person, UserRow, Via};

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

/// The Contentzilla rows for `seed`.
pub fn contentzilla_rows(seed: u64) -> Vec<UserRow> {
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
                last_synced_at: synced_at(&c.state, changed, hash(seed, &[6, i])),
                sim_steps: 0,
                hay: "".into(),
                overrides: None,
            };
            row.refresh_hay();
            row
        })
        .collect()
}
