//! Retrying failed jobs: which selected rows can be retried, and how to report what happened
//! to each — nothing is silently dropped.

use contract::{ProvisioningState, StatePhase};

/// A selected row, as the bulk bar sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryCandidate {
    /// The account id.
    pub id: String,
    /// The name the row is known by.
    pub label: String,
    /// Its state when last seen.
    pub state: ProvisioningState,
    /// Whether the API said it will retry the row.
    pub can_retry: bool,
}

impl RetryCandidate {
    /// Failed and retryable: what "Retry failed" acts on.
    pub fn is_retryable(&self) -> bool {
        self.can_retry && self.state.phase() == StatePhase::Failed
    }
}

/// The rows of a selection that "Retry failed" will act on, in selection order.
pub fn retryable(selection: &[RetryCandidate]) -> Vec<RetryCandidate> {
    selection
        .iter()
        .filter(|c| c.is_retryable())
        .cloned()
        .collect()
}

/// "Retry failed (3 of 5)".
pub fn bulk_retry_label(retryable: usize, selected: usize) -> String {
    format!("Retry failed ({retryable} of {selected})")
}

/// What one retry request came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryOutcome {
    /// 202: queued again.
    Queued,
    /// 409: the row left its failed state, or the API will not retry it any more.
    NoLongerRetryable,
    /// Any other error, in words.
    Failed(String),
}

/// One row's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryResult {
    /// The row's name.
    pub label: String,
    /// What happened.
    pub outcome: RetryOutcome,
}

/// The words for a set of retry results: a summary line, then one line per row that did not
/// queue (every such row is named).
pub fn retry_report(results: &[RetryResult]) -> (String, Vec<String>) {
    let queued = results
        .iter()
        .filter(|r| r.outcome == RetryOutcome::Queued)
        .count();
    let total = results.len();
    let jobs = |n: usize| if n == 1 { "job" } else { "jobs" };
    let summary = if queued == total {
        format!("{queued} {} queued again.", jobs(queued))
    } else if queued == 0 {
        if total == 1 {
            "The job could not be retried.".to_owned()
        } else {
            format!("None of the {total} jobs could be retried.")
        }
    } else {
        format!(
            "{queued} of {total} {} queued again; {} could not be retried.",
            jobs(total),
            total - queued
        )
    };
    let problems = results
        .iter()
        .filter_map(|r| match &r.outcome {
            RetryOutcome::Queued => None,
            RetryOutcome::NoLongerRetryable => {
                Some(format!("{}: can no longer be retried.", r.label))
            }
            RetryOutcome::Failed(why) => Some(format!("{}: {why}", r.label)),
        })
        .collect();
    (summary, problems)
}

/// What the confirm dialog says about the `skipped` selected rows it leaves alone (not failed,
/// or not retryable).
pub fn skipped_note(skipped: usize) -> String {
    let one = skipped == 1;
    format!(
        "{skipped} selected {} not failed or cannot be retried, and {} left as {}.",
        if one { "account is" } else { "accounts are" },
        if one { "is" } else { "are" },
        if one { "it is" } else { "they are" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: &str, state: ProvisioningState, can_retry: bool) -> RetryCandidate {
        RetryCandidate {
            id: id.to_owned(),
            label: format!("User {id}"),
            state,
            can_retry,
        }
    }

    #[test]
    fn only_failed_retryable_rows_are_retried() {
        let sel = vec![
            cand("a", ProvisioningState::ProvisioningFailed, true),
            cand("b", ProvisioningState::UpdateFailed, false),
            cand("c", ProvisioningState::Onboarded, true),
            cand("d", ProvisioningState::DeleteFailed, true),
            cand("e", ProvisioningState::Unknown("weird_failed".into()), true),
        ];
        let r = retryable(&sel);
        assert_eq!(
            r.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["a", "d"]
        );
        assert_eq!(
            bulk_retry_label(r.len(), sel.len()),
            "Retry failed (2 of 5)"
        );
    }

    #[test]
    fn every_row_that_did_not_queue_is_named() {
        let res = |l: &str, o: RetryOutcome| RetryResult {
            label: l.to_owned(),
            outcome: o,
        };
        let (summary, problems) = retry_report(&[
            res("Ann", RetryOutcome::Queued),
            res("Bob", RetryOutcome::NoLongerRetryable),
            res(
                "Cy",
                RetryOutcome::Failed("The server failed (HTTP 500).".into()),
            ),
        ]);
        assert_eq!(summary, "1 of 3 jobs queued again; 2 could not be retried.");
        assert_eq!(
            problems,
            [
                "Bob: can no longer be retried.",
                "Cy: The server failed (HTTP 500)."
            ]
        );
        assert_eq!(
            retry_report(&[res("Ann", RetryOutcome::Queued)]).0,
            "1 job queued again."
        );
        assert_eq!(
            retry_report(&[res("Bob", RetryOutcome::NoLongerRetryable)]).0,
            "The job could not be retried."
        );
        assert_eq!(
            retry_report(&[
                res("Bob", RetryOutcome::NoLongerRetryable),
                res("Cy", RetryOutcome::NoLongerRetryable)
            ])
            .0,
            "None of the 2 jobs could be retried."
        );
    }

    #[test]
    fn the_skipped_note_agrees_in_number() {
        assert_eq!(
            skipped_note(1),
            "1 selected account is not failed or cannot be retried, and is left as it is."
        );
        assert_eq!(
            skipped_note(3),
            "3 selected accounts are not failed or cannot be retried, and are left as they are."
        );
    }
}
