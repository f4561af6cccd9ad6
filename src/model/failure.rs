//! A failed job in plain words: what the API's opaque `lastError.code` and `userAction` mean
//! for an admin. Unknown codes are shown as they are: a newer API must not be hidden.

use contract::LastError;

/// A sentence for a known error code, `None` for one this build does not know.
pub fn code_explanation(code: &str) -> Option<&'static str> {
    // Codes are opaque strings; compare without case so `notEnoughSeats` still reads well.
    let known: &[(&str, &str)] = &[
        ("NotEnoughSeats", "The app's plan has no free seat for this account."),
        (
            "UnderpermissionedAccount",
            "The integration's service account may not make this change in the app.",
        ),
        (
            "BadCredentials",
            "The app no longer accepts the integration's stored credentials.",
        ),
        ("RateLimited", "The app was throttling requests when the job ran."),
        (
            "UserAlreadyExists",
            "An account with this email already exists in the app and is not managed by this integration.",
        ),
        ("UpstreamTimeout", "The app did not answer in time."),
        (
            "OwnerCannotBeRemoved",
            "The app's owner account cannot be removed.",
        ),
    ];
    known
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(code.trim()))
        .map(|(_, v)| *v)
}

/// A short name for a known error code (a cause's heading, a filter chip), `None` for one
/// this build does not know (shown as it is).
pub fn code_title(code: &str) -> Option<&'static str> {
    let known: &[(&str, &str)] = &[
        ("NotEnoughSeats", "No free seats in the app"),
        (
            "UnderpermissionedAccount",
            "Service account lacks permission",
        ),
        ("BadCredentials", "Credentials rejected by the app"),
        ("RateLimited", "The app throttled requests"),
        ("UserAlreadyExists", "Account already exists in the app"),
        ("UpstreamTimeout", "The app did not answer in time"),
        ("OwnerCannotBeRemoved", "The app's owner cannot be removed"),
    ];
    known
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(code.trim()))
        .map(|(_, v)| *v)
}

/// The name a cause is shown by: its title when known, else the code as it is (a blank one
/// says so).
pub fn cause_name(code: &str) -> String {
    match code_title(code) {
        Some(t) => t.to_owned(),
        None if code.trim().is_empty() => "Unnamed error".to_owned(),
        None => code.trim().to_owned(),
    }
}

/// What an admin can do, for a known `userAction`; an unknown one is shown as it is.
pub fn suggested_action(action: &str) -> String {
    let known: &[(&str, &str)] = &[
        ("add_licenses", "Add seats to the app's plan, then retry."),
        (
            "grant_permissions",
            "Give the service account the permission in the app, then retry.",
        ),
        (
            "review_credentials",
            "Update the integration's credentials in Settings, then retry.",
        ),
        (
            "link_account",
            "Link the existing app account to this user, or remove it in the app.",
        ),
        (
            "transfer_ownership",
            "Transfer ownership of the app to another account first.",
        ),
        ("retry", "Retry the job."),
        ("contact_support", "Contact support with the request ID."),
    ];
    let action = action.trim();
    known
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(action))
        .map_or_else(|| action.to_owned(), |(_, v)| (*v).to_owned())
}

/// The failure reason in one line, for the failed badge's tooltip and accessible description:
/// the explanation (or the API's message, or the raw code) and the suggested action.
pub fn failure_summary(error: Option<&LastError>) -> String {
    let Some(e) = error else {
        return "The job failed; the app gave no reason.".to_owned();
    };
    let message = e
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let reason = match (code_explanation(&e.code), message) {
        (Some(known), _) => known.to_owned(),
        (None, Some(m)) => m.to_owned(),
        (None, None) if !e.code.trim().is_empty() => e.code.trim().to_owned(),
        (None, None) => "The app gave no reason.".to_owned(),
    };
    let action = e
        .user_action
        .as_deref()
        .map(suggested_action)
        .filter(|a| !a.is_empty());
    match action {
        Some(a) => format!("{reason} {a}"),
        None => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: &str, message: Option<&str>, action: Option<&str>) -> LastError {
        LastError {
            code: code.to_owned(),
            message: message.map(str::to_owned),
            user_action: action.map(str::to_owned),
            occurred_at: None,
        }
    }

    #[test]
    fn known_codes_read_as_sentences() {
        assert_eq!(
            failure_summary(Some(&err("NotEnoughSeats", Some("x"), Some("add_licenses")))),
            "The app's plan has no free seat for this account. Add seats to the app's plan, then retry."
        );
        assert!(code_explanation("notenoughseats").is_some());
    }

    #[test]
    fn unknown_codes_and_actions_are_shown_as_they_are() {
        assert_eq!(code_explanation("QuotaExploded"), None);
        assert_eq!(
            failure_summary(Some(&err("QuotaExploded", None, Some("call_bob")))),
            "QuotaExploded call_bob"
        );
        // The API's own message beats the bare code.
        assert_eq!(
            failure_summary(Some(&err("QuotaExploded", Some("Quota hit."), None))),
            "Quota hit."
        );
        assert_eq!(
            suggested_action(" add_licenses "),
            "Add seats to the app's plan, then retry."
        );
    }

    #[test]
    fn causes_have_a_short_name_or_their_code() {
        assert_eq!(
            cause_name("badcredentials"),
            "Credentials rejected by the app"
        );
        assert_eq!(cause_name(" QuotaExploded "), "QuotaExploded");
        assert_eq!(cause_name(""), "Unnamed error");
        assert_eq!(code_title("<img src=x>"), None);
    }

    #[test]
    fn missing_reason_still_says_something() {
        assert_eq!(
            failure_summary(None),
            "The job failed; the app gave no reason."
        );
        assert_eq!(
            failure_summary(Some(&err("  ", Some(" "), None))),
            "The app gave no reason."
        );
    }
}
