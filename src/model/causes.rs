//! Failures grouped by cause (`GET …/failures`), the pure part: one line per cause in plain
//! words with its count, the failed states its accounts are in and the fix; what the retry's
//! confirm dialog and its report say.
//!
//! Tolerant of what the API may send: a missing code falls back to the group's id, unknown
//! codes and states are shown as they are, counts that disagree are made consistent, and a
//! group with nothing failed is left out.

use contract::{FailureGroupList, ProvisioningState};

use super::failure::{cause_name, code_explanation, suggested_action};
use super::format::thousands;
use super::query::MAX_ERROR_CODE_CHARS;
use super::UsersQuery;

/// Accounts of a cause in one state.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateCount {
    /// The state (a failed one, or a value this build does not know).
    pub state: ProvisioningState,
    /// Accounts in it.
    pub count: u64,
}

/// One line of the panel: a cause and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CauseLine {
    /// The error code, as the API spells it (the filter and the retry use it).
    pub code: String,
    /// The cause's short name: its title when known, else the code as it is.
    pub name: String,
    /// What went wrong, in a sentence (known codes), else the API's message.
    pub explanation: Option<String>,
    /// The suggested fix, in words.
    pub fix: Option<String>,
    /// Failed accounts with this cause.
    pub count: u64,
    /// How many of them can be retried (never more than `count`).
    pub retryable: u64,
    /// The states they are in, contract order first, then unknown ones as they are.
    pub states: Vec<StateCount>,
}

/// The panel's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Causes {
    /// One line per cause, largest first (the API's order).
    pub lines: Vec<CauseLine>,
    /// Failed accounts in all causes.
    pub failed: u64,
}

impl CauseLine {
    /// Whether Show and Retry can name this cause to the API (a code it accepts).
    pub fn actionable(&self) -> bool {
        !self.code.is_empty() && self.code.chars().count() <= MAX_ERROR_CODE_CHARS
    }

    /// Failed accounts of this cause that a retry leaves alone.
    pub fn not_retryable(&self) -> u64 {
        self.count - self.retryable
    }
}

/// The panel's lines for an answer of `GET …/failures`.
pub fn causes(list: &FailureGroupList) -> Causes {
    let mut lines: Vec<CauseLine> = Vec::new();
    for group in &list.data {
        let a = &group.attributes;
        let code = Some(a.code.trim())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| group.id.trim())
            .to_owned();
        let mut states: Vec<StateCount> = a
            .by_provisioning_state
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| StateCount {
                state: ProvisioningState::from(k.as_str()),
                count: *n,
            })
            .collect();
        states.sort_by(|x, y| {
            (x.state.rank(), x.state.as_str()).cmp(&(y.state.rank(), y.state.as_str()))
        });
        let in_states = states.iter().fold(0u64, |s, c| s.saturating_add(c.count));
        let count = a.count.max(in_states);
        if count == 0 || lines.iter().any(|l| l.code == code) {
            continue;
        }
        let message = a
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        lines.push(CauseLine {
            name: cause_name(&code),
            explanation: code_explanation(&code)
                .map(str::to_owned)
                .or(message.map(str::to_owned)),
            fix: a
                .user_action
                .as_deref()
                .map(suggested_action)
                .filter(|f| !f.is_empty()),
            count,
            retryable: a.retryable.min(count),
            states,
            code,
        });
    }
    let sum = lines.iter().fold(0u64, |s, l| s.saturating_add(l.count));
    Causes {
        failed: list.meta.failed.max(sum),
        lines,
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// "9 failed accounts, 7 causes".
pub fn causes_summary(c: &Causes) -> String {
    format!(
        "{}, {}",
        plural(c.failed, "failed account", "failed accounts"),
        plural(c.lines.len() as u64, "cause", "causes")
    )
}

/// "2 accounts".
pub fn count_text(line: &CauseLine) -> String {
    plural(line.count, "account", "accounts")
}

/// "Update failed: 2, Delete failed: 1" (unknown states as they are).
pub fn states_text(line: &CauseLine) -> String {
    line.states
        .iter()
        .map(|s| format!("{}: {}", s.state.label(), thousands(s.count)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lines shown before "Show all N causes": the biggest causes, and the table stays in view.
pub const FOLDED_LINES: usize = 3;

/// The fold button's text: "Show all 7 causes", or "Show fewer causes" once unfolded.
pub fn fold_label(total: usize, expanded: bool) -> String {
    if expanded {
        "Show fewer causes".to_owned()
    } else {
        format!("Show all {total} causes")
    }
}

/// "Retry 2": the line's retry button.
pub fn retry_label(line: &CauseLine) -> String {
    format!("Retry {}", thousands(line.retryable))
}

/// The query that shows a cause's accounts: only this error code, other filters cleared (a
/// state or search filter could hide them), sort and page size kept.
pub fn show_cause(q: &UsersQuery, code: &str) -> UsersQuery {
    q.cleared().with_error_codes(&[code.to_owned()])
}

/// Whether the view shows exactly this cause.
pub fn is_shown(q: &UsersQuery, code: &str) -> bool {
    q.error_codes.len() == 1 && q.error_codes.iter().all(|c| c == code)
}

/// What the confirm dialog of a retry per cause says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryDialogText {
    /// The question (the dialog's name).
    pub title: String,
    /// The confirming button.
    pub confirm: String,
    /// The message, one paragraph each: how many are retried, how many cannot be.
    pub paragraphs: Vec<String>,
}

/// The confirm dialog for retrying a cause's jobs.
pub fn retry_dialog(line: &CauseLine) -> RetryDialogText {
    let n = line.retryable;
    let jobs = if n == 1 { "job" } else { "jobs" };
    let mut paragraphs = vec![
        format!(
            "{} failed with this cause: {}.",
            count_text(line),
            line.name
        ),
        format!(
            "{} will be retried: queued again to run in the next minutes.",
            thousands(n)
        ),
    ];
    let cannot = line.not_retryable();
    if cannot > 0 {
        let (verb, left) = if cannot == 1 {
            ("cannot be retried and is", "it is")
        } else {
            ("cannot be retried and are", "they are")
        };
        paragraphs.push(format!("{} {verb} left as {left}.", thousands(cannot)));
    }
    RetryDialogText {
        title: format!("Retry {} failed {jobs}?", thousands(n)),
        confirm: format!("Retry {} {jobs}", thousands(n)),
        paragraphs,
    }
}

/// What a retry per cause came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CauseRetryOutcome {
    /// 202: `queued` jobs queued again, `skipped` failed accounts left (not retryable).
    Done {
        /// Jobs queued again.
        queued: u64,
        /// Failed accounts with the code that cannot be retried.
        skipped: u64,
    },
    /// 409: the jobs changed meanwhile and can no longer be retried.
    NoLongerRetryable,
    /// Any other error, in words.
    Failed(String),
}

/// Whether a report is good news or needs a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTone {
    /// Everything asked for was done.
    Done,
    /// Something was skipped or refused.
    Problem,
}

/// The report after a retry per cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CauseReport {
    /// Good news or not.
    pub tone: ReportTone,
    /// One line.
    pub summary: String,
    /// Why something was not retried, one line each.
    pub details: Vec<String>,
}

/// The words for a retry per cause of `name`; `skipped_names` are the accounts on screen that
/// could not be retried (named when they are all of the skipped ones).
pub fn cause_report(
    name: &str,
    outcome: &CauseRetryOutcome,
    skipped_names: &[String],
) -> CauseReport {
    let problem = |summary: String, details: Vec<String>| CauseReport {
        tone: ReportTone::Problem,
        summary,
        details,
    };
    match outcome {
        CauseRetryOutcome::Done { queued, skipped } => {
            let jobs = plural(*queued, "job", "jobs");
            if *skipped == 0 {
                let summary = if *queued == 0 {
                    format!("{name}: nothing to retry; no account has this error now.")
                } else {
                    format!("{name}: {jobs} queued again.")
                };
                return CauseReport {
                    tone: ReportTone::Done,
                    summary,
                    details: Vec::new(),
                };
            }
            let mut details = vec![format!(
                "Skipped: {} cannot be retried until the cause is fixed.",
                plural(*skipped, "account", "accounts")
            )];
            if !skipped_names.is_empty() && skipped_names.len() as u64 == *skipped {
                details.push(format!("Not retried: {}.", skipped_names.join(", ")));
            }
            problem(
                format!(
                    "{name}: {jobs} queued again, {} skipped.",
                    thousands(*skipped)
                ),
                details,
            )
        }
        CauseRetryOutcome::NoLongerRetryable => problem(
            format!("{name}: these jobs can no longer be retried."),
            vec!["They changed meanwhile; the list shows them as they are now.".to_owned()],
        ),
        CauseRetryOutcome::Failed(why) => problem(
            format!("{name}: the jobs could not be retried."),
            vec![why.clone()],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{FailureGroup, FailureGroupAttributes, FailureMeta};

    fn group(code: &str, count: u64, retryable: u64, states: &[(&str, u64)]) -> FailureGroup {
        FailureGroup {
            id: code.to_owned(),
            kind: "failure_group".to_owned(),
            attributes: FailureGroupAttributes {
                code: code.to_owned(),
                message: Some("The API's message.".to_owned()),
                user_action: Some("review_credentials".to_owned()),
                count,
                retryable,
                by_provisioning_state: states.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect(),
                first_seen_at: None,
                last_seen_at: None,
            },
        }
    }

    fn list(groups: Vec<FailureGroup>, failed: u64) -> FailureGroupList {
        FailureGroupList {
            data: groups,
            meta: FailureMeta { failed },
        }
    }

    #[test]
    fn a_known_cause_reads_in_words_with_its_states_and_fix() {
        let c = causes(&list(
            vec![group(
                "BadCredentials",
                2,
                1,
                &[
                    ("provisioning_failed", 0),
                    ("update_failed", 1),
                    ("delete_failed", 1),
                ],
            )],
            2,
        ));
        let line = &c.lines[0];
        assert_eq!(line.name, "Credentials rejected by the app");
        assert_eq!(
            line.explanation.as_deref(),
            Some("The app no longer accepts the integration's stored credentials.")
        );
        assert_eq!(
            line.fix.as_deref(),
            Some("Update the integration's credentials in Settings, then retry.")
        );
        assert_eq!(states_text(line), "Update failed: 1, Delete failed: 1");
        assert_eq!(
            (count_text(line), retry_label(line)),
            ("2 accounts".into(), "Retry 1".into())
        );
        assert_eq!(causes_summary(&c), "2 failed accounts, 1 cause");
        assert!(line.actionable());
    }

    #[test]
    fn unknown_codes_states_and_missing_fields_are_tolerated() {
        let mut g = group("", 0, 9, &[("quarantined_failed", 3), ("update_failed", 1)]);
        g.id = "Quota<img src=x>".to_owned();
        g.attributes.user_action = None;
        let mut bare = group("", 0, 0, &[]);
        bare.id = String::new();
        bare.attributes.count = 1;
        bare.attributes.message = None;
        let c = causes(&list(vec![g, bare, group("Gone", 0, 0, &[])], 0));
        assert_eq!(c.lines.len(), 2, "a group with nothing failed is left out");
        let line = &c.lines[0];
        // The id stands in for a missing code; the count follows the states; retryable ≤ count.
        assert_eq!(
            (line.code.as_str(), line.name.as_str()),
            ("Quota<img src=x>", "Quota<img src=x>")
        );
        assert_eq!(
            (line.count, line.retryable, line.not_retryable()),
            (4, 4, 0)
        );
        assert_eq!(states_text(line), "Update failed: 1, quarantined_failed: 3");
        assert_eq!(line.explanation.as_deref(), Some("The API's message."));
        assert_eq!(line.fix, None);
        let bare = &c.lines[1];
        assert_eq!(
            (bare.name.as_str(), bare.actionable()),
            ("Unnamed error", false)
        );
        assert_eq!(c.failed, 5, "meta.failed is never below the lines' sum");
        assert!(!CauseLine {
            code: "x".repeat(101),
            ..bare.clone()
        }
        .actionable());
    }

    #[test]
    fn the_fold_names_how_many_causes_there_are() {
        assert_eq!(fold_label(7, false), "Show all 7 causes");
        assert_eq!(fold_label(7, true), "Show fewer causes");
    }

    #[test]
    fn show_filters_to_the_cause_alone() {
        let q = UsersQuery::from_pairs([
            ("q", "ann"),
            ("state", "onboarded"),
            ("sort", "-user"),
            ("size", "50"),
        ]);
        let shown = show_cause(&q, "BadCredentials");
        assert_eq!(
            shown.to_url_search(),
            "?errorCode=BadCredentials&sort=-user&size=50"
        );
        assert!(is_shown(&shown, "BadCredentials"));
        assert!(!is_shown(&shown, "NotEnoughSeats"));
        assert!(!is_shown(&q, "BadCredentials"));
    }

    #[test]
    fn the_dialog_says_how_many_are_retried_and_how_many_cannot_be() {
        let c = causes(&list(
            vec![group("BadCredentials", 2, 1, &[("update_failed", 2)])],
            2,
        ));
        let d = retry_dialog(&c.lines[0]);
        assert_eq!(d.title, "Retry 1 failed job?");
        assert_eq!(d.confirm, "Retry 1 job");
        assert_eq!(
            d.paragraphs,
            [
                "2 accounts failed with this cause: Credentials rejected by the app.",
                "1 will be retried: queued again to run in the next minutes.",
                "1 cannot be retried and is left as it is.",
            ]
        );
        let all = causes(&list(vec![group("NotEnoughSeats", 3, 3, &[])], 3));
        let d = retry_dialog(&all.lines[0]);
        assert_eq!(
            (d.title.as_str(), d.paragraphs.len()),
            ("Retry 3 failed jobs?", 2)
        );
        let some = causes(&list(vec![group("X", 4, 1, &[])], 4));
        assert_eq!(
            retry_dialog(&some.lines[0]).paragraphs[2],
            "3 cannot be retried and are left as they are."
        );
    }

    #[test]
    fn reports_say_what_was_queued_and_what_was_skipped_and_why() {
        let done = |queued, skipped| CauseRetryOutcome::Done { queued, skipped };
        let r = cause_report("Bad", &done(2, 0), &[]);
        assert_eq!(
            (r.tone, r.summary.as_str()),
            (ReportTone::Done, "Bad: 2 jobs queued again.")
        );
        let r = cause_report("Bad", &done(1, 1), &["Gunther Central".to_owned()]);
        assert_eq!(r.tone, ReportTone::Problem);
        assert_eq!(r.summary, "Bad: 1 job queued again, 1 skipped.");
        assert_eq!(
            r.details,
            [
                "Skipped: 1 account cannot be retried until the cause is fixed.",
                "Not retried: Gunther Central.",
            ]
        );
        // Names are given only when they are all of the skipped ones.
        assert_eq!(
            cause_report("Bad", &done(0, 2), &["A".to_owned()])
                .details
                .len(),
            1
        );
        assert_eq!(
            cause_report("Bad", &done(0, 0), &[]).summary,
            "Bad: nothing to retry; no account has this error now."
        );
        let r = cause_report("Bad", &CauseRetryOutcome::NoLongerRetryable, &[]);
        assert_eq!(r.summary, "Bad: these jobs can no longer be retried.");
        let r = cause_report(
            "Bad",
            &CauseRetryOutcome::Failed("Network error.".into()),
            &[],
        );
        assert_eq!(
            (r.tone, r.details),
            (ReportTone::Problem, vec!["Network error.".to_owned()])
        );
    }
}
