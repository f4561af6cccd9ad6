//! Failures grouped by cause, computed from the rows as they are now (cached with the table,
//! so they follow every change).

use std::collections::BTreeMap;
use std::sync::Arc;

use contract::{
    FailureGroup, FailureGroupAttributes, FailureGroupList, FailureMeta, ProvisioningState,
    Resource, StatePhase,
};

use super::table::UserTable;
use crate::catalog;
use crate::time::rfc3339;

/// One group while counting.
#[derive(Default)]
struct Tally {
    count: u64,
    retryable: u64,
    by_state: BTreeMap<String, u64>,
    first: i64,
    last: i64,
}

impl UserTable {
    /// One group per error code among the rows in a failed state, largest first, ties by
    /// code.
    pub fn failure_groups(&self) -> Arc<FailureGroupList> {
        self.cache
            .failures
            .get_or_init(|| Arc::new(group(self)))
            .clone()
    }
}

fn group(table: &UserTable) -> FailureGroupList {
    let mut tallies: BTreeMap<u8, Tally> = BTreeMap::new();
    for r in table.rows() {
        let Some(f) = r.failure else { continue };
        if r.state.phase() != StatePhase::Failed {
            continue;
        }
        let t = tallies.entry(f.kind).or_insert_with(|| Tally {
            by_state: [
                ProvisioningState::ProvisioningFailed,
                ProvisioningState::UpdateFailed,
                ProvisioningState::DeleteFailed,
            ]
            .iter()
            .map(|s| (s.as_str().to_owned(), 0))
            .collect(),
            first: i64::MAX,
            last: i64::MIN,
            ..Tally::default()
        });
        t.count += 1;
        t.retryable += u64::from(r.can_retry);
        *t.by_state.entry(r.state.as_str().to_owned()).or_default() += 1;
        t.first = t.first.min(f.at);
        t.last = t.last.max(f.at);
    }
    let mut data: Vec<FailureGroup> = tallies
        .into_iter()
        .map(|(kind, t)| {
            let e = catalog::error(kind);
            Resource {
                id: e.code.into(),
                kind: "failure_group".into(),
                attributes: FailureGroupAttributes {
                    code: e.code.into(),
                    message: Some(e.message.into()),
                    user_action: e.user_action.map(Into::into),
                    count: t.count,
                    retryable: t.retryable,
                    by_provisioning_state: t.by_state,
                    first_seen_at: Some(rfc3339(t.first)),
                    last_seen_at: Some(rfc3339(t.last)),
                },
            }
        })
        .collect();
    data.sort_by(|a, b| {
        b.attributes
            .count
            .cmp(&a.attributes.count)
            .then_with(|| a.attributes.code.cmp(&b.attributes.code))
    });
    let failed = data.iter().map(|g| g.attributes.count).sum();
    FailureGroupList {
        data,
        meta: FailureMeta { failed },
    }
}
