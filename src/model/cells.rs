//! What each cell of a users-table row shows, decided from the row's field values.
//!
//! The table's row (`components::users_table::UserRowView`) is one effect per cell (see
//! docs/ARCHITECTURE.md, Decisions: few reactive nodes per row). Each effect reads the fields
//! its cell shows and asks the function here what to render. These functions are pure, so the
//! native tests and the fuzz target run exactly the rules the browser runs.

use contract::{LastError, MatchedUser, ProvisioningState, StatePhase};

use super::failure::failure_summary;
use super::view::{
    active_pill, avatar_tone, badge_class, badge_icon, badge_label, initials, safe_image_url,
    BadgeIcon,
};

/// The User cell of a matched account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedCell {
    /// The visible name: the display name, else the email.
    pub name: String,
    /// The email, shown under the name.
    pub email: String,
    /// The avatar's initials (used when there is no image, or it fails to load).
    pub initials: String,
    /// The avatar's colour class index (`user-avatar--tone-N`).
    pub tone: u32,
    /// The avatar image, only when its URL is safe to load.
    pub avatar_url: Option<String>,
}

/// The User cell: a matched person, or a muted "Unknown user" (never blank, never someone
/// else's data). An unmatched row is named by its app username, which is then its row header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserCellContent {
    /// A matched workspace user: the User cell is the row header.
    Matched(MatchedCell),
    /// No matched user: the Username cell is the row header.
    Unmatched,
}

/// The User cell for `user`.
pub fn user_cell(user: Option<&MatchedUser>) -> UserCellContent {
    let Some(u) = user else {
        return UserCellContent::Unmatched;
    };
    let name = if u.display_name.trim().is_empty() {
        u.email.clone()
    } else {
        u.display_name.clone()
    };
    // The colour follows the person, not the way their name is written today.
    let tone_key = if u.email.is_empty() {
        &u.display_name
    } else {
        &u.email
    };
    UserCellContent::Matched(MatchedCell {
        name,
        email: u.email.clone(),
        initials: initials(u),
        tone: avatar_tone(tone_key),
        avatar_url: safe_image_url(u.avatar_url.as_deref()),
    })
}

/// The Upstream user ID cell: the id with a copy button, or `None` for "--" (no id, or an
/// empty one).
pub fn upstream_cell(upstream_user_id: Option<&str>) -> Option<&str> {
    upstream_user_id.filter(|v| !v.is_empty())
}

/// The Active in app cell: `(text, CSS modifier)` of the pill.
pub fn active_cell(active_in_app: Option<bool>) -> (&'static str, &'static str) {
    active_pill(active_in_app)
}

/// The provisioning-state badge (`StateBadge`): icon, colour and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeContent {
    /// The badge's class list.
    pub class: String,
    /// The badge's icon.
    pub icon: BadgeIcon,
    /// The badge's text.
    pub label: String,
    /// The raw wire value (`data-state`).
    pub data_state: String,
}

/// The badge for a state; an unknown state shows its raw value.
pub fn state_badge(state: &ProvisioningState) -> BadgeContent {
    BadgeContent {
        class: badge_class(state),
        icon: badge_icon(state),
        label: badge_label(state),
        data_state: state.as_str().to_owned(),
    }
}

/// The tooltip of a failed row's badge, which says why the job failed; `None` for any state
/// that is not a failure (its badge is then plain, not a button that opens the drawer).
pub fn failure_tip(state: &ProvisioningState, last_error: Option<&LastError>) -> Option<String> {
    (state.phase() == StatePhase::Failed).then(|| failure_summary(last_error))
}

/// Whether the row's Retry button shows: a failed job the API will retry.
pub fn shows_retry(state: &ProvisioningState, can_retry: bool) -> bool {
    can_retry && state.phase() == StatePhase::Failed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(display: &str, email: &str) -> MatchedUser {
        MatchedUser {
            id: "u".into(),
            first_name: None,
            last_name: None,
            display_name: display.into(),
            email: email.into(),
            avatar_url: Some("javascript:alert(1)".into()),
        }
    }

    #[test]
    fn a_matched_user_shows_name_email_and_a_safe_avatar_only() {
        let UserCellContent::Matched(cell) = user_cell(Some(&person("", "zed@x.example"))) else {
            panic!("matched");
        };
        assert_eq!(cell.name, "zed@x.example", "no display name: the email");
        assert_eq!(cell.initials, "Z");
        assert_eq!(cell.tone, avatar_tone("zed@x.example"));
        assert_eq!(cell.avatar_url, None, "a javascript: URL is never loaded");
        assert_eq!(user_cell(None), UserCellContent::Unmatched);
    }

    #[test]
    fn upstream_and_active_cells() {
        assert_eq!(upstream_cell(Some("00u1")), Some("00u1"));
        assert_eq!(upstream_cell(Some("")), None);
        assert_eq!(upstream_cell(None), None);
        assert_eq!(active_cell(Some(false)), ("No", "no"));
    }

    #[test]
    fn only_a_failed_state_explains_itself_and_offers_retry() {
        let failed = ProvisioningState::UpdateFailed;
        let badge = state_badge(&failed);
        assert_eq!(badge.class, "state-badge state-badge--failed");
        assert_eq!(badge.data_state, "update_failed");
        assert_eq!(
            failure_tip(&failed, None).as_deref(),
            Some("The job failed; the app gave no reason.")
        );
        assert!(shows_retry(&failed, true));
        assert!(!shows_retry(&failed, false));
        let onboarded = ProvisioningState::Onboarded;
        assert_eq!(failure_tip(&onboarded, None), None);
        assert!(
            !shows_retry(&onboarded, true),
            "only failed rows are retried"
        );
        let unknown = state_badge(&ProvisioningState::from("quarantined"));
        assert_eq!(
            (unknown.label.as_str(), unknown.icon),
            ("quarantined", BadgeIcon::Question)
        );
    }
}
