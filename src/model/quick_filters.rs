//! The one-click summary above the table: "3 failed · 5 in progress · 2 awaiting", failures
//! first, each a filter. Never a reassuring summary while anything has failed.

use contract::{ProvisioningState, StatePhase, UserStats};

use super::format::thousands;

/// One clickable count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickFilter {
    /// The phase it filters to.
    pub phase: StatePhase,
    /// Accounts in that phase.
    pub count: u64,
    /// "3 failed".
    pub label: String,
    /// The states the filter selects.
    pub states: Vec<ProvisioningState>,
}

/// The phases that need attention or are moving, in the order shown.
const SHOWN: [StatePhase; 3] = [
    StatePhase::Failed,
    StatePhase::Ongoing,
    StatePhase::Awaiting,
];

fn phase_word(phase: StatePhase) -> &'static str {
    match phase {
        StatePhase::Failed => "failed",
        StatePhase::Ongoing => "in progress",
        StatePhase::Awaiting => "awaiting",
        StatePhase::Onboarded => "onboarded",
        StatePhase::Deleted => "deleted",
        StatePhase::Unknown => "in an unknown state",
    }
}

/// The quick filters for these counts: failed, in progress and awaiting, each only when
/// non-zero, failures first.
pub fn quick_filters(stats: &UserStats) -> Vec<QuickFilter> {
    SHOWN
        .iter()
        .filter_map(|&phase| {
            let count = stats.count_phase(phase);
            (count > 0).then(|| QuickFilter {
                phase,
                count,
                label: format!("{} {}", thousands(count), phase_word(phase)),
                states: phase.states().cloned().collect(),
            })
        })
        .collect()
}

/// The calm line shown when nothing has failed, moves or waits; `None` otherwise, so a
/// reassuring message can never sit next to a failure.
pub fn settled_summary(stats: &UserStats) -> Option<String> {
    if SHOWN.iter().any(|&p| stats.count_phase(p) > 0) {
        return None;
    }
    Some(match stats.total {
        0 => "No accounts yet".to_owned(),
        1 => "The account is settled".to_owned(),
        n => format!("All {} accounts are settled", thousands(n)),
    })
}

/// Whether the current state filter is exactly this quick filter.
pub fn is_active(filter: &QuickFilter, states: &[ProvisioningState]) -> bool {
    !states.is_empty()
        && states.len() == filter.states.len()
        && filter.states.iter().all(|s| states.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(pairs: &[(&str, u64)]) -> UserStats {
        UserStats {
            total: pairs.iter().map(|(_, n)| n).sum(),
            by_provisioning_state: pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn failures_come_first_and_zero_counts_are_left_out() {
        let s = stats(&[
            ("provisioning_awaiting", 2),
            ("update_ongoing", 4),
            ("provisioning_ongoing", 1),
            ("delete_failed", 1),
            ("update_failed", 2),
            ("onboarded", 40),
        ]);
        let q = quick_filters(&s);
        let labels: Vec<&str> = q.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["3 failed", "5 in progress", "2 awaiting"]);
        assert_eq!(q.first().map(|f| f.states.len()), Some(3));
        assert_eq!(settled_summary(&s), None);
    }

    #[test]
    fn settled_only_when_nothing_failed_or_moves() {
        let s = stats(&[("onboarded", 1200), ("deleted", 3)]);
        assert!(quick_filters(&s).is_empty());
        assert_eq!(
            settled_summary(&s).as_deref(),
            Some("All 1,203 accounts are settled")
        );
        assert_eq!(
            settled_summary(&stats(&[("update_failed", 1), ("onboarded", 5)])),
            None
        );
    }

    #[test]
    fn active_means_exactly_the_phase() {
        let s = stats(&[("update_failed", 2)]);
        let f = quick_filters(&s).remove(0);
        let mut states = f.states.clone();
        assert!(is_active(&f, &states));
        states.pop();
        assert!(!is_active(&f, &states));
        assert!(!is_active(&f, &[]));
    }
}
