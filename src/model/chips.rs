//! The active filters of a query as removable chips, and the query without one of them.

use contract::ProvisioningState;

use super::failure::cause_name;
use super::UsersQuery;

/// One active filter, as a chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterChip {
    /// Stable key (`q`, `state:onboarded`, `code:BadCredentials`, `matched`, `active`).
    pub key: String,
    /// What the chip says, e.g. "State: Update failed".
    pub text: String,
}

/// The chips for a query's active filters: search, each state, each cause, matching, activity.
pub fn filter_chips(q: &UsersQuery) -> Vec<FilterChip> {
    let mut chips = Vec::new();
    if !q.search.is_empty() {
        chips.push(FilterChip {
            key: "q".into(),
            text: format!("Search: {}", q.search),
        });
    }
    for s in &q.states {
        chips.push(FilterChip {
            key: format!("state:{}", s.as_str()),
            text: format!("State: {}", s.label()),
        });
    }
    for code in &q.error_codes {
        chips.push(FilterChip {
            key: format!("code:{code}"),
            text: format!("Cause: {}", cause_name(code)),
        });
    }
    let tri_state = [
        ("matched", q.matched, "Matched users", "Unmatched accounts"),
        ("active", q.active, "Active in app", "Inactive in app"),
    ];
    for (key, value, yes, no) in tri_state {
        if let Some(v) = value {
            chips.push(FilterChip {
                key: key.into(),
                text: if v { yes } else { no }.into(),
            });
        }
    }
    chips
}

/// The query without the filter a chip stands for; an unknown key changes nothing.
pub fn remove_chip(q: &UsersQuery, key: &str) -> UsersQuery {
    match key {
        "q" => q.with_search(""),
        "matched" => q.with_matched(None),
        "active" => q.with_active(None),
        k => match (k.strip_prefix("state:"), k.strip_prefix("code:")) {
            (Some(s), _) => q.with_state_toggled(&ProvisioningState::from(s)),
            (_, Some(code)) => q.without_error_code(code),
            _ => q.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> UsersQuery {
        UsersQuery::from_pairs([
            ("q", "ann"),
            ("state", "onboarded,update_failed"),
            ("errorCode", "BadCredentials,Quota<b>"),
            ("matched", "false"),
            ("active", "true"),
            ("page", "3"),
        ])
    }

    #[test]
    fn no_filters_no_chips() {
        assert!(filter_chips(&UsersQuery::default()).is_empty());
    }

    #[test]
    fn each_filter_has_a_chip_in_toolbar_order() {
        let chips = filter_chips(&query());
        let keys: Vec<&str> = chips.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "q",
                "state:onboarded",
                "state:update_failed",
                "code:BadCredentials",
                "code:Quota<b>",
                "matched",
                "active"
            ]
        );
        assert_eq!(chips[0].text, "Search: ann");
        assert_eq!(chips[2].text, "State: Update failed");
        assert_eq!(chips[3].text, "Cause: Credentials rejected by the app");
        // An unknown code is shown as it is.
        assert_eq!(chips[4].text, "Cause: Quota<b>");
        assert_eq!(chips[5].text, "Unmatched accounts");
        assert_eq!(chips[6].text, "Active in app");
    }

    #[test]
    fn the_other_tri_state_values_read_differently() {
        let q = UsersQuery::from_pairs([("matched", "true"), ("active", "false")]);
        let texts: Vec<String> = filter_chips(&q).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["Matched users", "Inactive in app"]);
    }

    #[test]
    fn removing_a_chip_drops_only_its_filter_and_the_page() {
        let q = query();
        for chip in filter_chips(&q) {
            let without = remove_chip(&q, &chip.key);
            let left = filter_chips(&without);
            assert!(!left.contains(&chip), "{} still there", chip.key);
            assert_eq!(left.len(), filter_chips(&q).len() - 1, "{}", chip.key);
            assert_eq!(
                without.page, 1,
                "{}: a filter change goes to page 1",
                chip.key
            );
        }
    }

    #[test]
    fn an_unknown_key_changes_nothing() {
        let q = query();
        assert_eq!(remove_chip(&q, "nonsense"), q);
        assert_eq!(remove_chip(&q, ""), q);
    }
}
