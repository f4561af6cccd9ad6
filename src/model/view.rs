//! Pure presentation rules: initials, avatar tone, safe image URLs, the roles summary, badge
//! tone and icon per state, pill labels, footer text. Components only render what these say.

use super::format::thousands;
use contract::{GrantedVia, GrantedViaType, MatchedUser, ProvisioningState, Role, StatePhase};

/// Up to two initials for an avatar: given + family name, else the first and last words of the
/// display name, else the first letter of the email; `?` when nothing is usable.
pub fn initials(user: &MatchedUser) -> String {
    fn first_alnum(s: &str) -> Option<char> {
        s.chars().find(|c| c.is_alphanumeric())
    }
    let given = user.first_name.as_deref().and_then(first_alnum);
    let family = user.last_name.as_deref().and_then(first_alnum);
    let picked: Vec<char> = match (given, family) {
        (Some(g), Some(f)) => vec![g, f],
        _ => {
            let words: Vec<&str> = user.display_name.split_whitespace().collect();
            match (words.first(), words.last()) {
                (Some(a), Some(b)) if words.len() > 1 => [first_alnum(a), first_alnum(b)]
                    .into_iter()
                    .flatten()
                    .collect(),
                (Some(a), _) => first_alnum(a).into_iter().collect(),
                _ => first_alnum(&user.email).into_iter().collect(),
            }
        }
    };
    let s: String = picked.into_iter().flat_map(char::to_uppercase).collect();
    if s.is_empty() {
        "?".to_owned()
    } else {
        s
    }
}

/// Number of avatar colour classes (`user-avatar--tone-0` …); all pass 4.5:1 with white text.
pub const AVATAR_TONES: u32 = 6;

/// A stable colour class index for a person (FNV-1a of the key), so avatars keep their colour.
pub fn avatar_tone(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % AVATAR_TONES
}

/// An image URL the CSP allows and that cannot run script: `https://`, `http://` or
/// `data:image/…` only; anything else (`javascript:`, relative, blank) gives `None`.
pub fn safe_image_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    if url
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return None;
    }
    let lower = url.get(..11).unwrap_or(url).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") && url.len() > 8)
        || (lower.starts_with("http://") && url.len() > 7)
        || lower.starts_with("data:image/");
    ok.then(|| url.to_owned())
}

/// What the App access cell shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSummary {
    /// No roles: "No roles".
    None,
    /// One role: its name.
    One(String),
    /// Several: the first role's name and how many more ("+N").
    Many {
        /// Name of the first role.
        first: String,
        /// How many more roles there are.
        more: usize,
    },
}

/// A role's name, falling back to its value and then its id when the name is blank.
pub fn role_name(role: &Role) -> String {
    [
        Some(role.display_name.as_str()),
        role.value.as_deref(),
        Some(role.id.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .find(|s| !s.is_empty())
    .unwrap_or("Unnamed role")
    .to_owned()
}

/// Summarises the roles for the table cell.
pub fn role_summary(roles: &[Role]) -> RoleSummary {
    match roles {
        [] => RoleSummary::None,
        [one] => RoleSummary::One(role_name(one)),
        [first, rest @ ..] => RoleSummary::Many {
            first: role_name(first),
            more: rest.len(),
        },
    }
}

/// The badge's icon: one shape per family of states, so a state never rests on colour alone
/// (icon, colour and text together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BadgeIcon {
    /// Queued.
    Clock,
    /// Running.
    Sync,
    /// Failed.
    Error,
    /// Onboarded.
    Check,
    /// Deleted.
    Minus,
    /// Unknown state.
    Question,
}

/// The badge's tone: the CSS modifier and colour (`state-badge--failed`…).
pub fn badge_tone(state: &ProvisioningState) -> &'static str {
    match state.phase() {
        StatePhase::Awaiting => "awaiting",
        StatePhase::Ongoing => "ongoing",
        StatePhase::Failed => "failed",
        StatePhase::Onboarded => "onboarded",
        StatePhase::Deleted => "deleted",
        StatePhase::Unknown => "unknown",
    }
}

/// The badge's icon for a state.
pub fn badge_icon(state: &ProvisioningState) -> BadgeIcon {
    match state.phase() {
        StatePhase::Awaiting => BadgeIcon::Clock,
        StatePhase::Ongoing => BadgeIcon::Sync,
        StatePhase::Failed => BadgeIcon::Error,
        StatePhase::Onboarded => BadgeIcon::Check,
        StatePhase::Deleted => BadgeIcon::Minus,
        StatePhase::Unknown => BadgeIcon::Question,
    }
}

/// The badge's class list.
pub fn badge_class(state: &ProvisioningState) -> String {
    format!("state-badge state-badge--{}", badge_tone(state))
}

/// The badge's visible text: the sentence-case label, or the raw value if unknown (an empty
/// raw value still shows something).
pub fn badge_label(state: &ProvisioningState) -> String {
    let label = state.label().trim();
    if label.is_empty() {
        "Unknown state".to_owned()
    } else {
        label.to_owned()
    }
}

/// The Active in app pill: text and CSS modifier.
pub fn active_pill(active: Option<bool>) -> (&'static str, &'static str) {
    match active {
        Some(true) => ("Yes", "yes"),
        Some(false) => ("No", "no"),
        None => ("Unknown", "unknown"),
    }
}

/// How a role was granted, as a sentence fragment.
pub fn granted_via_label(via: Option<&GrantedVia>) -> String {
    let Some(via) = via else {
        return "Not reported by the app".to_owned();
    };
    let group = via.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    match (&via.kind, group) {
        (GrantedViaType::Individual, _) => "Individual assignment".to_owned(),
        (GrantedViaType::IdpGroup, Some(g)) => format!("IdP group \u{201c}{g}\u{201d}"),
        (GrantedViaType::IdpGroup, None) => "IdP group".to_owned(),
        (GrantedViaType::Multiple, Some(g)) => format!("Several sources, incl. {g}"),
        (GrantedViaType::Multiple, None) => "Several sources".to_owned(),
        (GrantedViaType::Undetermined, _) => "Not reported by the app".to_owned(),
        (GrantedViaType::Other(raw), _) => raw.clone(),
    }
}

/// `add_licenses` → "Add licenses": snake-case action codes as a sentence.
pub fn humanize_code(code: &str) -> String {
    let spaced = code.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What names an account in labels and titles: the matched user's display name (trimmed),
/// else the account's username in the app.
pub fn account_label(display_name: Option<&str>, username_in_app: &str) -> String {
    display_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(username_in_app)
        .to_owned()
}

/// What names a matched user: the display name, else the email (a blank display name is
/// no name).
pub fn user_name(user: &MatchedUser) -> String {
    if user.display_name.trim().is_empty() {
        user.email.clone()
    } else {
        user.display_name.clone()
    }
}

/// "1 user", "42 users", "100,000 users" (grouped by the user's locale).
pub fn users_count(n: u64) -> String {
    if n == 1 {
        "1 user".to_owned()
    } else {
        format!("{} users", thousands(n))
    }
}

/// The footer: "Page X of Y - N out of M users", N being the rows on this page.
pub fn footer_text(page: u64, total_pages: u64, on_page: u64, total: u64) -> String {
    format!(
        "Page {} of {} - {} out of {}",
        thousands(page.max(1)),
        thousands(total_pages.max(1)),
        thousands(on_page),
        users_count(total)
    )
}

/// The smallest row height of any density (`--idl-row-height`, compact: 2.5rem at 16 px).
const MIN_ROW_HEIGHT_PX: f64 = 40.0;
/// The table scroller's share of the viewport (`--idl-table-max-height: 70vh`).
const SCROLLER_VIEWPORT_SHARE: f64 = 0.7;

/// How the loading table stands in for `expected` rows in a viewport `viewport_px` high:
/// `(drawn, spacer)` — placeholder rows to draw (enough to fill the scroller at the densest
/// row height, plus one) and the rows a single empty spacer row stands for, so the table keeps
/// the height of the page to come. Drawing every placeholder of a 100-row page cost a cold load
/// ~1,600 elements to build, style and lay out for rows nobody can see (bench/RESULTS.md §3).
pub fn skeleton_split(expected: usize, viewport_px: f64) -> (usize, usize) {
    let visible = if viewport_px.is_finite() && viewport_px > 0.0 {
        // Truncation is fine: the value is small and positive.
        (viewport_px * SCROLLER_VIEWPORT_SHARE / MIN_ROW_HEIGHT_PX).ceil() as usize + 1
    } else {
        // Unknown viewport: a large screen's worth.
        30
    };
    let drawn = expected.min(visible);
    (drawn, expected - drawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(first: Option<&str>, last: Option<&str>, display: &str, email: &str) -> MatchedUser {
        MatchedUser {
            id: "u".into(),
            first_name: first.map(Into::into),
            last_name: last.map(Into::into),
            display_name: display.into(),
            email: email.into(),
            avatar_url: None,
        }
    }

    #[test]
    fn initials_prefer_names_then_display_name_then_email() {
        assert_eq!(
            initials(&user(Some("leon"), Some("Tampos"), "x", "e")),
            "LT"
        );
        assert_eq!(initials(&user(None, None, "Rachel  Green ", "e")), "RG");
        assert_eq!(initials(&user(None, None, "Cher", "e")), "C");
        assert_eq!(initials(&user(None, None, "Anna Maria Smith", "e")), "AS");
        assert_eq!(initials(&user(None, None, "", "zed@x.com")), "Z");
        assert_eq!(initials(&user(Some(""), None, " ", "")), "?");
        assert_eq!(initials(&user(None, None, "élodie durand", "")), "ÉD");
    }

    #[test]
    fn avatar_tone_is_stable_and_in_range() {
        assert_eq!(avatar_tone("a@x"), avatar_tone("a@x"));
        assert!((0..AVATAR_TONES).contains(&avatar_tone("anything")));
    }

    #[test]
    fn only_http_https_and_data_image_urls_are_used() {
        assert!(safe_image_url(Some("https://cdn.x/a.png")).is_some());
        assert!(safe_image_url(Some("HTTP://cdn.x/a.png")).is_some());
        assert!(safe_image_url(Some("data:image/png;base64,AAA")).is_some());
        for bad in [
            "javascript:alert(1)",
            "/relative.png",
            "data:text/html,<b>",
            "https://",
            "",
            "https://x/\"onerror=",
            "vbscript:x",
        ] {
            assert_eq!(safe_image_url(Some(bad)), None, "{bad}");
        }
        assert_eq!(safe_image_url(None), None);
    }

    fn role(name: &str) -> Role {
        Role {
            id: "id".into(),
            value: None,
            display_name: name.into(),
            group: None,
        }
    }

    #[test]
    fn role_summary_zero_one_many() {
        assert_eq!(role_summary(&[]), RoleSummary::None);
        assert_eq!(
            role_summary(&[role("Member")]),
            RoleSummary::One("Member".into())
        );
        assert_eq!(
            role_summary(&[role("Admin"), role("B"), role("C")]),
            RoleSummary::Many {
                first: "Admin".into(),
                more: 2
            }
        );
        assert_eq!(role_name(&role(" ")), "id");
    }

    #[test]
    fn every_state_has_a_tone_icon_and_label() {
        use ProvisioningState as S;
        let cases = [
            (S::ProvisioningAwaiting, "awaiting", BadgeIcon::Clock),
            (S::UpdateAwaiting, "awaiting", BadgeIcon::Clock),
            (S::DeleteAwaiting, "awaiting", BadgeIcon::Clock),
            (S::ProvisioningOngoing, "ongoing", BadgeIcon::Sync),
            (S::UpdateOngoing, "ongoing", BadgeIcon::Sync),
            (S::DeleteOngoing, "ongoing", BadgeIcon::Sync),
            (S::ProvisioningFailed, "failed", BadgeIcon::Error),
            (S::UpdateFailed, "failed", BadgeIcon::Error),
            (S::DeleteFailed, "failed", BadgeIcon::Error),
            (S::Onboarded, "onboarded", BadgeIcon::Check),
            (S::Deleted, "deleted", BadgeIcon::Minus),
            (S::from("quarantined"), "unknown", BadgeIcon::Question),
        ];
        for (s, tone, icon) in cases {
            assert_eq!(badge_tone(&s), tone, "{s}");
            assert_eq!(badge_icon(&s), icon, "{s}");
            assert_eq!(badge_class(&s), format!("state-badge state-badge--{tone}"));
        }
        assert_eq!(badge_label(&S::from("quarantined")), "quarantined");
        assert_eq!(badge_label(&S::from("")), "Unknown state");
        assert_eq!(badge_label(&S::DeleteOngoing), "Delete ongoing");
    }

    #[test]
    fn pills_granted_via_and_footer() {
        assert_eq!(active_pill(Some(true)), ("Yes", "yes"));
        assert_eq!(active_pill(Some(false)), ("No", "no"));
        assert_eq!(active_pill(None), ("Unknown", "unknown"));
        let via = GrantedVia {
            kind: GrantedViaType::IdpGroup,
            name: Some("Eng".into()),
        };
        assert_eq!(
            granted_via_label(Some(&via)),
            "IdP group \u{201c}Eng\u{201d}"
        );
        assert_eq!(granted_via_label(None), "Not reported by the app");
        assert_eq!(humanize_code("add_licenses"), "Add licenses");
        assert_eq!(footer_text(1, 1, 1, 1), "Page 1 of 1 - 1 out of 1 user");
        assert_eq!(footer_text(2, 0, 0, 42), "Page 2 of 1 - 0 out of 42 users");
        assert_eq!(
            footer_text(1, 4_000, 25, 100_000),
            "Page 1 of 4,000 - 25 out of 100,000 users"
        );
    }

    #[test]
    fn skeleton_split_fills_the_scroller_and_keeps_the_height() {
        // 1,000 px viewport: 700 px of scroller / 40 px rows = 17.5 → 18, plus one.
        assert_eq!(skeleton_split(100, 1000.0), (19, 81));
        assert_eq!(skeleton_split(5, 1000.0), (5, 0));
        assert_eq!(skeleton_split(0, 1000.0), (0, 0));
        assert_eq!(skeleton_split(100, 0.0), (30, 70));
        assert_eq!(skeleton_split(100, f64::NAN), (30, 70));
        assert_eq!(skeleton_split(25, 2160.0), (25, 0));
    }

    #[test]
    fn an_account_is_named_by_its_display_name_else_its_username() {
        assert_eq!(account_label(Some("Ann Lee"), "alee"), "Ann Lee");
        assert_eq!(account_label(Some("  Ann Lee "), "alee"), "Ann Lee");
        assert_eq!(account_label(Some("   "), "alee"), "alee");
        assert_eq!(account_label(Some(""), "alee"), "alee");
        assert_eq!(account_label(None, "alee"), "alee");
    }

    #[test]
    fn a_user_is_named_by_the_display_name_else_the_email() {
        assert_eq!(
            user_name(&user(None, None, "Ann Lee", "ann@x.io")),
            "Ann Lee"
        );
        assert_eq!(user_name(&user(None, None, "  ", "ann@x.io")), "ann@x.io");
        assert_eq!(user_name(&user(None, None, "", "ann@x.io")), "ann@x.io");
    }
}
