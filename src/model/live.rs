//! Live updates, the pure part: when to poll, how long to back off after errors, and the
//! sentence the live region announces for what a poll changed. No DOM, unit-tested natively.

use contract::{ProvisioningState, StatePhase, UserStats};

/// Where live updates stand.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LiveState {
    /// Nothing failed (polling or idle).
    #[default]
    Ok,
    /// The last poll failed; the next one is at `retry_at` (ms since the epoch), or never
    /// (`None`: an error a poll cannot fix, such as an expired session).
    Error {
        /// When the next attempt runs.
        retry_at: Option<f64>,
    },
    /// 429: paused until `until` (ms since the epoch).
    RateLimited {
        /// When polling resumes.
        until: f64,
    },
}

/// The banner for a live state at `now` (ms since the epoch): its `data-status` and text with
/// a countdown in whole seconds; `None` while nothing failed.
pub fn live_banner(state: &LiveState, now: f64) -> Option<(&'static str, String)> {
    match *state {
        LiveState::Ok => None,
        LiveState::Error { retry_at: None } => {
            Some(("poll-error", "Couldn't refresh the list.".to_owned()))
        }
        LiveState::Error { retry_at: Some(at) } => Some((
            "poll-error",
            format!(
                "Couldn't refresh the list. Trying again in {} s.",
                seconds_until(at, now)
            ),
        )),
        LiveState::RateLimited { until } => Some((
            "poll-rate-limited",
            format!(
                "Too many requests. Updates resume in {} s.",
                seconds_until(until, now)
            ),
        )),
    }
}

fn seconds_until(at: f64, now: f64) -> u64 {
    ((at - now).max(0.0) / 1000.0).ceil() as u64
}

/// The longest wait between polls after repeated errors.
pub const MAX_BACKOFF_MS: u32 = 60_000;

/// Whether anything is moving: some account awaits or runs a job.
pub fn has_work(stats: &UserStats) -> bool {
    stats.count_phase(StatePhase::Awaiting) + stats.count_phase(StatePhase::Ongoing) > 0
}

/// The wait before the next poll after `failures` polls in a row failed: the interval, doubled
/// per failure (5 s, 10 s, 20 s … with the default), capped at [`MAX_BACKOFF_MS`].
pub fn backoff_ms(interval_ms: u32, failures: u32) -> u32 {
    if failures == 0 {
        return interval_ms;
    }
    let shift = (failures - 1).min(16);
    interval_ms
        .saturating_mul(1u32 << shift)
        .min(MAX_BACKOFF_MS.max(interval_ms))
}

/// "2 accounts onboarded, 1 failed" for the new states of the rows a poll changed; empty when
/// nothing worth saying changed. Failures come first when there are any.
pub fn change_summary(new_states: &[ProvisioningState]) -> String {
    let count = |p: StatePhase| new_states.iter().filter(|s| s.phase() == p).count();
    let parts: Vec<(usize, &str)> = [
        (count(StatePhase::Failed), "failed"),
        (count(StatePhase::Onboarded), "onboarded"),
        (count(StatePhase::Deleted), "deleted"),
        (count(StatePhase::Ongoing), "in progress"),
        (count(StatePhase::Awaiting), "awaiting"),
        (count(StatePhase::Unknown), "in another state"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, (n, what))| {
            if i == 0 {
                let noun = if *n == 1 { "account" } else { "accounts" };
                format!("{n} {noun} {what}")
            } else {
                format!("{n} {what}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Updated just now" / "Updated 12 s ago" / "Updated 3 min ago".
pub fn updated_ago(elapsed_ms: f64) -> String {
    let secs = (elapsed_ms.max(0.0) / 1000.0).floor() as u64;
    match secs {
        0..=4 => "Updated just now".to_owned(),
        5..=59 => format!("Updated {secs} s ago"),
        _ => format!("Updated {} min ago", secs / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProvisioningState::*;

    fn stats(pairs: &[(&str, u64)]) -> UserStats {
        UserStats {
            by_provisioning_state: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn work_means_awaiting_or_ongoing() {
        assert!(!has_work(&stats(&[("onboarded", 5), ("update_failed", 2)])));
        assert!(has_work(&stats(&[
            ("onboarded", 5),
            ("delete_awaiting", 1)
        ])));
        assert!(has_work(&stats(&[("provisioning_ongoing", 1)])));
        assert!(!has_work(&UserStats::default()));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let waits: Vec<u32> = (0..7).map(|f| backoff_ms(5_000, f)).collect();
        assert_eq!(
            waits,
            vec![5_000, 5_000, 10_000, 20_000, 40_000, 60_000, 60_000]
        );
        assert_eq!(backoff_ms(5_000, u32::MAX), 60_000);
        // A test interval below the cap still doubles.
        assert_eq!(backoff_ms(200, 3), 800);
        // An interval above the cap is never shortened by an error.
        assert_eq!(backoff_ms(90_000, 2), 90_000);
    }

    #[test]
    fn summary_names_failures_first_and_counts() {
        assert_eq!(change_summary(&[]), "");
        assert_eq!(
            change_summary(&[Onboarded, UpdateFailed, Onboarded]),
            "1 account failed, 2 onboarded"
        );
        assert_eq!(change_summary(&[Onboarded]), "1 account onboarded");
        assert_eq!(
            change_summary(&[ProvisioningOngoing, UpdateOngoing, DeleteAwaiting, Deleted]),
            "1 account deleted, 2 in progress, 1 awaiting"
        );
        assert_eq!(
            change_summary(&[Unknown("quarantined".into())]),
            "1 account in another state"
        );
    }

    #[test]
    fn ago_texts() {
        assert_eq!(updated_ago(-5.0), "Updated just now");
        assert_eq!(updated_ago(4_999.0), "Updated just now");
        assert_eq!(updated_ago(12_300.0), "Updated 12 s ago");
        assert_eq!(updated_ago(185_000.0), "Updated 3 min ago");
    }

    #[test]
    fn the_banner_counts_down_in_whole_seconds_and_goes_when_all_is_well() {
        assert_eq!(live_banner(&LiveState::Ok, 0.0), None);
        assert_eq!(
            live_banner(&LiveState::Error { retry_at: None }, 0.0),
            Some(("poll-error", "Couldn't refresh the list.".to_owned()))
        );
        assert_eq!(
            live_banner(
                &LiveState::Error {
                    retry_at: Some(10_500.0)
                },
                1_000.0
            ),
            Some((
                "poll-error",
                "Couldn't refresh the list. Trying again in 10 s.".to_owned()
            ))
        );
        assert_eq!(
            live_banner(&LiveState::RateLimited { until: 3_001.0 }, 1_000.0),
            Some((
                "poll-rate-limited",
                "Too many requests. Updates resume in 3 s.".to_owned()
            ))
        );
        // Past the time: 0, never negative.
        assert_eq!(
            live_banner(&LiveState::RateLimited { until: 0.0 }, 5_000.0).map(|b| b.1),
            Some("Too many requests. Updates resume in 0 s.".to_owned())
        );
    }
}
