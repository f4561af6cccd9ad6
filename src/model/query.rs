//! The view's query — search, filters, sort, page, page size, open drawer — and its two
//! spellings: the page URL (`q`, `state`, `errorCode`, `matched`, `active`, `sort`, `page`,
//! `size`, `user`) and the API query string (`search`, `filter[…]`, `sort`, `page[…]`).
//!
//! Parsing is total: an unknown or malformed URL value is dropped, never an error, so a pasted
//! link can never break the page.

use contract::{ProvisioningState, SortDirection, SortField, SortKey, DEFAULT_PAGE_SIZE};

use super::urlenc::{encode_component, join_pairs};

/// The page sizes the footer offers; any other `size` in the URL is ignored.
pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];
/// Longest search the API accepts (`maxLength: 200`).
pub const MAX_SEARCH_CHARS: usize = 200;
/// Largest page number accepted from a URL (beyond it the value is ignored).
const MAX_PAGE: u32 = 1_000_000;

/// URL parameter names, in the order they are written.
pub mod param {
    /// Search text.
    pub const SEARCH: &str = "q";
    /// Comma list of provisioning-state wire values.
    pub const STATE: &str = "state";
    /// Comma list of error codes (`lastError.code`): the failures of these causes.
    pub const ERROR_CODE: &str = "errorCode";
    /// `true` / `false`: matched to a workspace user.
    pub const MATCHED: &str = "matched";
    /// `true` / `false`: active in the app.
    pub const ACTIVE: &str = "active";
    /// Sort wire value, e.g. `-provisioningState`; absent means `user`.
    pub const SORT: &str = "sort";
    /// Page number from 1.
    pub const PAGE: &str = "page";
    /// Page size (25, 50, 100).
    pub const SIZE: &str = "size";
    /// Id of the account whose drawer is open.
    pub const USER: &str = "user";
}

/// Everything that decides what the Users table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersQuery {
    /// Trimmed search text; empty means no search.
    pub search: String,
    /// Known states to filter by, in contract rank order, without duplicates.
    pub states: Vec<ProvisioningState>,
    /// Error codes to filter by (failed rows with one of these causes), as given, without
    /// duplicates.
    pub error_codes: Vec<String>,
    /// `Some(true)`: only matched rows; `Some(false)`: only unmatched rows.
    pub matched: Option<bool>,
    /// `Some(true)`: only rows active in the app; `Some(false)`: only inactive ones.
    pub active: Option<bool>,
    /// Sort column and direction.
    pub sort: SortKey,
    /// Page number from 1.
    pub page: u32,
    /// Page size, one of [`PAGE_SIZES`].
    pub size: u32,
    /// The account whose drawer is open.
    pub user: Option<String>,
}

impl Default for UsersQuery {
    fn default() -> Self {
        UsersQuery {
            search: String::new(),
            states: Vec::new(),
            error_codes: Vec::new(),
            matched: None,
            active: None,
            sort: SortKey::default(),
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            user: None,
        }
    }
}

/// Trims and caps a search text to what the API accepts.
pub fn normalize_search(raw: &str) -> String {
    raw.trim().chars().take(MAX_SEARCH_CHARS).collect()
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Account ids go into a URL path: accept only a plain token (UUIDs and the like).
fn valid_user_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 128
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Known states from a comma list, deduplicated and in rank order; unknown values dropped.
pub fn parse_states(v: &str) -> Vec<ProvisioningState> {
    let mut states: Vec<ProvisioningState> = v
        .split(',')
        .map(|s| ProvisioningState::from(s.trim()))
        .filter(ProvisioningState::is_known)
        .collect();
    states.sort_by_key(ProvisioningState::rank);
    states.dedup();
    states
}

/// Longest error code the API accepts in `filter[errorCode]` (longer ones are a 400).
pub const MAX_ERROR_CODE_CHARS: usize = 100;

/// Error codes as a filter: trimmed, non-empty, at most [`MAX_ERROR_CODE_CHARS`] long, first
/// occurrence kept, at most 20. Codes are opaque: any other text is kept as it is.
fn clean_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in codes.into_iter().map(str::trim) {
        let fits = !c.is_empty() && c.chars().count() <= MAX_ERROR_CODE_CHARS;
        if fits && !out.iter().any(|k| k == c) && out.len() < 20 {
            out.push(c.to_owned());
        }
    }
    out
}

impl UsersQuery {
    /// Reads the URL's query pairs (already percent-decoded). Later duplicates win; anything
    /// invalid is ignored and leaves the default.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = UsersQuery::default();
        for (k, v) in pairs {
            match k {
                param::SEARCH => q.search = normalize_search(v),
                param::STATE => q.states = parse_states(v),
                // The API's own spelling is read too, so a link written by hand works.
                param::ERROR_CODE | "filter[errorCode]" => {
                    q.error_codes = clean_codes(v.split(','))
                }
                param::MATCHED => q.matched = parse_bool(v),
                param::ACTIVE => q.active = parse_bool(v),
                param::SORT => q.sort = SortKey::parse(v).unwrap_or_default(),
                param::PAGE => {
                    q.page = v
                        .parse::<u32>()
                        .ok()
                        .filter(|p| (1..=MAX_PAGE).contains(p))
                        .unwrap_or(1)
                }
                param::SIZE => {
                    q.size = v
                        .parse::<u32>()
                        .ok()
                        .filter(|s| PAGE_SIZES.contains(s))
                        .unwrap_or(DEFAULT_PAGE_SIZE)
                }
                param::USER => q.user = Some(v.to_owned()).filter(|v| valid_user_id(v)),
                _ => {}
            }
        }
        q
    }

    /// The URL parameters that differ from the defaults, in a fixed order.
    pub fn to_url_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.search.is_empty() {
            out.push((param::SEARCH, self.search.clone()));
        }
        if !self.states.is_empty() {
            out.push((param::STATE, self.states_csv()));
        }
        if !self.error_codes.is_empty() {
            out.push((param::ERROR_CODE, self.error_codes.join(",")));
        }
        if let Some(m) = self.matched {
            out.push((param::MATCHED, m.to_string()));
        }
        if let Some(a) = self.active {
            out.push((param::ACTIVE, a.to_string()));
        }
        if self.sort != SortKey::default() {
            out.push((param::SORT, self.sort.to_param()));
        }
        if self.page != 1 {
            out.push((param::PAGE, self.page.to_string()));
        }
        if self.size != DEFAULT_PAGE_SIZE {
            out.push((param::SIZE, self.size.to_string()));
        }
        if let Some(u) = &self.user {
            out.push((param::USER, u.clone()));
        }
        out
    }

    /// `?q=…&state=…` for the page URL, or `""` when everything is default. Commas stay
    /// readable in `state`.
    pub fn to_url_search(&self) -> String {
        let s = join_pairs(self.to_url_pairs()).replace("%2C", ",");
        if s.is_empty() {
            s
        } else {
            format!("?{s}")
        }
    }

    /// The API query string of `GET …/users` (without `?`). The drawer's `user` is not part
    /// of it, so opening the drawer does not refetch the list.
    pub fn to_api_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("page[number]", self.page.to_string()),
            ("page[size]", self.size.to_string()),
            ("sort", self.sort.to_param()),
        ];
        if !self.states.is_empty() {
            pairs.push(("filter[provisioningState]", self.states_csv()));
        }
        if let Some(a) = self.active {
            pairs.push(("filter[activeInApp]", a.to_string()));
        }
        if let Some(m) = self.matched {
            pairs.push(("filter[matched]", m.to_string()));
        }
        if !self.error_codes.is_empty() {
            pairs.push(("filter[errorCode]", self.error_codes.join(",")));
        }
        if !self.search.is_empty() {
            pairs.push(("search", self.search.clone()));
        }
        join_pairs(pairs)
    }

    /// The part of the query the list request depends on (everything but the drawer).
    pub fn list_key(&self) -> UsersQuery {
        UsersQuery {
            user: None,
            ..self.clone()
        }
    }

    /// Page `page` of this list at `size` rows (the CSV export's requests: same search,
    /// filters and sort as the table, so the file holds exactly what its pages show). The page
    /// size is not limited to [`PAGE_SIZES`]'s choices here, only to the API's maximum.
    pub fn export_page(&self, page: u32, size: u32) -> UsersQuery {
        UsersQuery {
            page: page.clamp(1, MAX_PAGE),
            size: size.clamp(1, contract::MAX_PAGE_SIZE),
            ..self.list_key()
        }
    }

    fn states_csv(&self) -> String {
        self.states
            .iter()
            .map(ProvisioningState::as_str)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Whether any search or filter narrows the list.
    pub fn has_filters(&self) -> bool {
        !self.search.is_empty()
            || !self.states.is_empty()
            || !self.error_codes.is_empty()
            || self.matched.is_some()
            || self.active.is_some()
    }

    /// The query with new search text, back on page 1.
    pub fn with_search(&self, raw: &str) -> Self {
        UsersQuery {
            search: normalize_search(raw),
            page: 1,
            ..self.clone()
        }
    }

    /// The query with a state added or removed, back on page 1.
    pub fn with_state_toggled(&self, state: &ProvisioningState) -> Self {
        let mut states = self.states.clone();
        if let Some(i) = states.iter().position(|s| s == state) {
            states.remove(i);
        } else if state.is_known() {
            states.push(state.clone());
            states.sort_by_key(ProvisioningState::rank);
        }
        UsersQuery {
            states,
            page: 1,
            ..self.clone()
        }
    }

    /// The query filtered to exactly these known states (rank order, no duplicates), back on
    /// page 1.
    pub fn with_states(&self, states: &[ProvisioningState]) -> Self {
        let mut states: Vec<ProvisioningState> =
            states.iter().filter(|s| s.is_known()).cloned().collect();
        states.sort_by_key(ProvisioningState::rank);
        states.dedup();
        UsersQuery {
            states,
            page: 1,
            ..self.clone()
        }
    }

    /// The query filtered to exactly these error codes (cleaned as a URL's), back on page 1.
    pub fn with_error_codes(&self, codes: &[String]) -> Self {
        UsersQuery {
            error_codes: clean_codes(codes.iter().map(String::as_str)),
            page: 1,
            ..self.clone()
        }
    }

    /// The query without one error code, back on page 1.
    pub fn without_error_code(&self, code: &str) -> Self {
        let left: Vec<String> = self
            .error_codes
            .iter()
            .filter(|c| *c != code)
            .cloned()
            .collect();
        self.with_error_codes(&left)
    }

    /// The query with a new matched filter, back on page 1.
    pub fn with_matched(&self, matched: Option<bool>) -> Self {
        UsersQuery {
            matched,
            page: 1,
            ..self.clone()
        }
    }

    /// The query with a new active filter, back on page 1.
    pub fn with_active(&self, active: Option<bool>) -> Self {
        UsersQuery {
            active,
            page: 1,
            ..self.clone()
        }
    }

    /// Without search and filters (sort and page size kept), back on page 1.
    pub fn cleared(&self) -> Self {
        UsersQuery {
            search: String::new(),
            states: Vec::new(),
            error_codes: Vec::new(),
            matched: None,
            active: None,
            page: 1,
            ..self.clone()
        }
    }

    /// Sorting by `field`: ascending first, then toggles the direction. Back on page 1.
    pub fn with_sort_toggled(&self, field: SortField) -> Self {
        let direction = if self.sort.field == field {
            match self.sort.direction {
                SortDirection::Ascending => SortDirection::Descending,
                SortDirection::Descending => SortDirection::Ascending,
            }
        } else {
            SortDirection::Ascending
        };
        UsersQuery {
            sort: SortKey { field, direction },
            page: 1,
            ..self.clone()
        }
    }

    /// Another page.
    pub fn with_page(&self, page: u32) -> Self {
        UsersQuery {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }

    /// Another page size, back on page 1; a size not offered is ignored.
    pub fn with_size(&self, size: u32) -> Self {
        if !PAGE_SIZES.contains(&size) {
            return self.clone();
        }
        UsersQuery {
            size,
            page: 1,
            ..self.clone()
        }
    }

    /// The drawer opened for `user`, or closed.
    pub fn with_user(&self, user: Option<String>) -> Self {
        UsersQuery {
            user: user.filter(|u| valid_user_id(u)),
            ..self.clone()
        }
    }

    /// Drops the filter a 400 `validation_error` named (`meta.loc`'s last element), back on
    /// page 1. Unknown names reset every filter, so the view can always recover.
    pub fn without_parameter(&self, parameter: Option<&str>) -> Self {
        let mut q = UsersQuery {
            page: 1,
            ..self.clone()
        };
        match parameter {
            Some("search") => q.search.clear(),
            Some("filter[provisioningState]") => q.states.clear(),
            Some("filter[activeInApp]") => q.active = None,
            Some("filter[matched]") => q.matched = None,
            Some("filter[errorCode]") => q.error_codes.clear(),
            Some("sort") => q.sort = SortKey::default(),
            Some("page[size]") => q.size = DEFAULT_PAGE_SIZE,
            Some("page[number]") => {}
            _ => {
                q = q.cleared();
                q.sort = SortKey::default();
                q.size = DEFAULT_PAGE_SIZE;
            }
        }
        q
    }
}

/// A path segment (an id) encoded for a URL path.
pub fn path_segment(id: &str) -> String {
    encode_component(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> UsersQuery {
        // Mirrors how the router hands pairs over: split and decoded per pair.
        let pairs: Vec<(String, String)> = s
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        UsersQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn default_query_has_an_empty_url_and_the_contract_api_defaults() {
        let q = UsersQuery::default();
        assert_eq!(q.to_url_search(), "");
        assert_eq!(
            q.to_api_query(),
            "page%5Bnumber%5D=1&page%5Bsize%5D=25&sort=user"
        );
        assert_eq!(parse(""), q);
    }

    #[test]
    fn url_round_trip_keeps_every_field() {
        let q = UsersQuery {
            search: "rachel green&co".into(),
            states: vec![
                ProvisioningState::ProvisioningFailed,
                ProvisioningState::UpdateFailed,
            ],
            error_codes: vec!["BadCredentials".into()],
            matched: Some(false),
            active: Some(true),
            sort: SortKey::parse("-provisioningState").unwrap(),
            page: 3,
            size: 50,
            user: Some("3f1c2b8e-5a0d".into()),
        };
        let url = q.to_url_search();
        assert_eq!(
            url,
            "?q=rachel%20green%26co&state=provisioning_failed,update_failed\
             &errorCode=BadCredentials&matched=false\
             &active=true&sort=-provisioningState&page=3&size=50&user=3f1c2b8e-5a0d"
        );
        assert_eq!(parse(&url), q);
    }

    #[test]
    fn api_query_spells_filters_the_contract_way_and_omits_the_drawer() {
        let q = parse("q=%20ann%20&state=deleted,onboarded&matched=true&active=false&sort=-user&page=2&size=100&user=abc");
        assert_eq!(
            q.to_api_query(),
            "page%5Bnumber%5D=2&page%5Bsize%5D=100&sort=-user\
             &filter%5BprovisioningState%5D=onboarded%2Cdeleted\
             &filter%5BactiveInApp%5D=false&filter%5Bmatched%5D=true&search=ann"
        );
        assert_eq!(q.list_key().user, None);
    }

    #[test]
    fn invalid_values_are_ignored_never_a_panic() {
        let q = parse(
            "state=bogus,onboarded,onboarded,&matched=yes&active=1&sort=name&page=-4\
             &size=33&user=../../etc&zzz=1&page=0",
        );
        assert_eq!(q.states, vec![ProvisioningState::Onboarded]);
        assert_eq!(q.matched, None);
        assert_eq!(q.active, None);
        assert_eq!(q.sort, SortKey::default());
        assert_eq!(q.page, 1);
        assert_eq!(q.size, 25);
        assert_eq!(q.user, None);
        assert_eq!(parse("page=99999999999999").page, 1);
        assert_eq!(parse(&format!("q={}", "x".repeat(500))).search.len(), 200);
        assert_eq!(parse("q=%20%20").search, "");
    }

    #[test]
    fn changing_a_filter_or_search_goes_back_to_page_one() {
        let q = parse("page=4");
        assert_eq!(q.with_search("x").page, 1);
        assert_eq!(q.with_state_toggled(&ProvisioningState::Deleted).page, 1);
        assert_eq!(q.with_matched(Some(true)).page, 1);
        assert_eq!(q.with_active(Some(false)).page, 1);
        assert_eq!(q.with_sort_toggled(SortField::User).page, 1);
        assert_eq!(q.with_size(50).page, 1);
        assert_eq!(q.with_size(51).page, 4);
        assert_eq!(q.with_user(Some("a".into())).page, 4);
    }

    #[test]
    fn export_pages_keep_filters_and_sort_and_drop_the_drawer() {
        let q = parse(
            "q=ann&state=deleted&active=true&sort=-provisioningState&page=3&size=25&user=abc",
        );
        let p = q.export_page(2, 100);
        assert_eq!(
            p.to_api_query(),
            "page%5Bnumber%5D=2&page%5Bsize%5D=100&sort=-provisioningState\
             &filter%5BprovisioningState%5D=deleted&filter%5BactiveInApp%5D=true&search=ann"
        );
        assert_eq!(p.user, None);
        assert_eq!(q.export_page(0, 500).size, 100);
        assert_eq!(q.export_page(0, 500).page, 1);
    }

    #[test]
    fn sort_toggles_direction_on_the_same_column() {
        let q = UsersQuery::default();
        let d = q.with_sort_toggled(SortField::User);
        assert_eq!(d.sort.to_param(), "-user");
        assert_eq!(d.with_sort_toggled(SortField::User).sort.to_param(), "user");
        let p = d.with_sort_toggled(SortField::ProvisioningState);
        assert_eq!(p.sort.to_param(), "provisioningState");
    }

    #[test]
    fn state_toggle_keeps_rank_order_and_refuses_unknown_states() {
        let q = UsersQuery::default()
            .with_state_toggled(&ProvisioningState::Deleted)
            .with_state_toggled(&ProvisioningState::ProvisioningAwaiting)
            .with_state_toggled(&ProvisioningState::from("weird"));
        assert_eq!(
            q.states,
            vec![
                ProvisioningState::ProvisioningAwaiting,
                ProvisioningState::Deleted
            ]
        );
        let q = q.with_state_toggled(&ProvisioningState::Deleted);
        assert_eq!(q.states, vec![ProvisioningState::ProvisioningAwaiting]);
    }

    #[test]
    fn validation_error_resets_only_the_named_filter() {
        let q = parse("q=a&state=deleted&matched=true&active=true&page=3");
        let r = q.without_parameter(Some("filter[provisioningState]"));
        assert!(r.states.is_empty());
        assert_eq!(r.search, "a");
        assert_eq!(r.page, 1);
        assert_eq!(q.without_parameter(Some("search")).search, "");
        assert_eq!(q.without_parameter(Some("filter[matched]")).matched, None);
        assert!(!q.without_parameter(None).has_filters());
    }

    #[test]
    fn error_codes_round_trip_and_reach_the_api_as_a_filter() {
        let q = parse("errorCode=BadCredentials,%20NotEnoughSeats%20,BadCredentials,&page=2");
        assert_eq!(q.error_codes, ["BadCredentials", "NotEnoughSeats"]);
        assert_eq!(q.page, 2);
        assert!(q.has_filters());
        assert_eq!(
            q.to_url_search(),
            "?errorCode=BadCredentials,NotEnoughSeats&page=2"
        );
        assert_eq!(parse(&q.to_url_search()), q);
        assert!(q
            .to_api_query()
            .ends_with("&filter%5BerrorCode%5D=BadCredentials%2CNotEnoughSeats"));
        // The API's spelling is read too; a code the API would refuse is dropped.
        let long = "x".repeat(101);
        let q = parse(&format!("filter%5BerrorCode%5D=Quota%3Cb%3E,{long}"));
        assert_eq!(q.error_codes, ["Quota<b>"]);
        assert_eq!(parse("errorCode=,%20,").error_codes, Vec::<String>::new());
    }

    #[test]
    fn error_code_changes_go_to_page_one_and_clear_with_the_filters() {
        let q = parse("errorCode=A,B&page=3&sort=-user");
        let one = q.without_error_code("A");
        assert_eq!(
            (one.error_codes.clone(), one.page),
            (vec!["B".to_owned()], 1)
        );
        assert_eq!(
            q.with_error_codes(&["C".into(), " ".into()]).error_codes,
            ["C"]
        );
        assert!(q.cleared().error_codes.is_empty());
        assert_eq!(q.cleared().sort.to_param(), "-user");
        let r = q.without_parameter(Some("filter[errorCode]"));
        assert!(r.error_codes.is_empty() && r.sort == q.sort);
    }
}
