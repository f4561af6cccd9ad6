//! Query-string parsing and validation (400 `validation_error` with `meta.loc`), and the
//! `links` of list answers.

use contract::{Links, ProvisioningState, SortKey, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::error::ApiError;
use crate::store::ListQuery;

const NOT_INT: (&str, &str) = ("value is not a valid integer", "type_error.integer");
const NOT_ENUM: (&str, &str) = ("value is not a valid enumeration member", "type_error.enum");
const NOT_BOOL: (&str, &str) = ("value could not be parsed to a boolean", "type_error.bool");

/// Decoded `name=value` pairs of a raw query string.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes a raw query string.
    pub fn parse(raw: Option<&str>) -> Self {
        Params(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The one value of a parameter; a repeated parameter is a validation error.
    fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut it = self.0.iter().filter(|(k, _)| k == name);
        let first = it.next().map(|(_, v)| v.as_str());
        if it.next().is_some() {
            return Err(ApiError::validation(
                name,
                "expected a single value",
                "value_error.multiple",
            ));
        }
        Ok(first)
    }

    fn int(&self, name: &str, default: u64, max: Option<u64>) -> Result<u64, ApiError> {
        let Some(v) = self.one(name)? else {
            return Ok(default);
        };
        let err = |(m, t): (&str, &str)| ApiError::validation(name, m, t);
        let (neg, digits) = match v.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, v),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(NOT_INT));
        }
        // Digits that overflow u64 are still a valid (huge) integer.
        let n = digits.parse::<u64>().unwrap_or(u64::MAX);
        if neg || n < 1 {
            return Err(err((
                "ensure this value is greater than or equal to 1",
                "value_error.number.not_ge",
            )));
        }
        if let Some(max) = max {
            if n > max {
                return Err(ApiError::validation(
                    name,
                    &format!("ensure this value is less than or equal to {max}"),
                    "value_error.number.not_le",
                ));
            }
        }
        Ok(n)
    }

    fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.one(name)? {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::validation(name, NOT_BOOL.0, NOT_BOOL.1)),
        }
    }

    /// `search`: 1..=200 characters as sent; trimmed and lower-cased; blank = absent.
    fn search(&self) -> Result<Option<String>, ApiError> {
        let Some(v) = self.one("search")? else {
            return Ok(None);
        };
        let len = v.chars().count();
        if len == 0 {
            return Err(ApiError::validation(
                "search",
                "ensure this value has at least 1 characters",
                "value_error.any_str.min_length",
            ));
        }
        if len > 200 {
            return Err(ApiError::validation(
                "search",
                "ensure this value has at most 200 characters",
                "value_error.any_str.max_length",
            ));
        }
        let t = v.trim();
        Ok((!t.is_empty()).then(|| t.to_lowercase()))
    }

    /// Page number and size.
    pub fn page(&self) -> Result<(u64, u64), ApiError> {
        let number = self.int("page[number]", 1, None)?;
        let size = self.int(
            "page[size]",
            u64::from(DEFAULT_PAGE_SIZE),
            Some(u64::from(MAX_PAGE_SIZE)),
        )?;
        Ok((number, size))
    }

    /// The parameters other than paging, as sent, to carry into `links`.
    fn echo(&self, names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .filter_map(|n| self.0.iter().find(|(k, _)| k == n).cloned())
            .collect()
    }
}

/// A validated integrations-list query.
pub struct IntegrationsQuery {
    /// Page number.
    pub page: u64,
    /// Page size.
    pub size: u64,
    /// Lower-cased search text.
    pub search: Option<String>,
    /// Parameters to carry into links.
    pub echo: Vec<(String, String)>,
}

/// Parses `GET /integrations` parameters.
pub fn integrations_query(raw: Option<&str>) -> Result<IntegrationsQuery, ApiError> {
    let p = Params::parse(raw);
    let (page, size) = p.page()?;
    Ok(IntegrationsQuery {
        page,
        size,
        search: p.search()?,
        echo: p.echo(&["search"]),
    })
}

/// Parses `GET /integrations/{id}/users` parameters; also returns those to carry into links.
pub fn users_query(raw: Option<&str>) -> Result<(ListQuery, Vec<(String, String)>), ApiError> {
    let p = Params::parse(raw);
    let (page, size) = p.page()?;
    let sort = match p.one("sort")? {
        None => SortKey::default(),
        Some(s) => {
            SortKey::parse(s).ok_or_else(|| ApiError::validation("sort", NOT_ENUM.0, NOT_ENUM.1))?
        }
    };
    let states = match p.one("filter[provisioningState]")? {
        // An empty list (what `explode: false` makes of []) filters nothing.
        None | Some("") => None,
        Some(v) => {
            let mut out = Vec::new();
            for s in v.split(',') {
                let st = ProvisioningState::from(s);
                if !st.is_known() {
                    return Err(ApiError::validation(
                        "filter[provisioningState]",
                        NOT_ENUM.0,
                        NOT_ENUM.1,
                    ));
                }
                if !out.contains(&st) {
                    out.push(st);
                }
            }
            Some(out)
        }
    };
    let error_codes = match p.one("filter[errorCode]")? {
        None | Some("") => None,
        Some(v) => {
            // A code may itself hold a comma (the list form cannot tell), so pieces are
            // matched as they come and empty ones skipped; no piece of a valid code is
            // longer than 100 characters.
            let mut out: Vec<String> = Vec::new();
            for c in v.split(',').filter(|c| !c.is_empty()) {
                if c.chars().count() > 100 {
                    return Err(ApiError::validation(
                        "filter[errorCode]",
                        "ensure this value has at most 100 characters",
                        "value_error.any_str.max_length",
                    ));
                }
                if !out.iter().any(|o| o == c) {
                    out.push(c.to_owned());
                }
            }
            Some(out)
        }
    };
    let q = ListQuery {
        page,
        size,
        sort,
        states,
        active: p.bool("filter[activeInApp]")?,
        matched: p.bool("filter[matched]")?,
        search: p.search()?,
        error_codes,
    };
    let echo = p.echo(&[
        "sort",
        "filter[provisioningState]",
        "filter[activeInApp]",
        "filter[matched]",
        "filter[errorCode]",
        "search",
    ]);
    Ok((q, echo))
}

/// `links` for page `number` of `total_pages`, every other parameter kept.
pub fn links(
    path: &str,
    number: u64,
    size: u64,
    total_pages: u64,
    echo: &[(String, String)],
) -> Links {
    let url = |n: u64| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("page[number]", &n.to_string());
        s.append_pair("page[size]", &size.to_string());
        for (k, v) in echo {
            s.append_pair(k, v);
        }
        format!("{path}?{}", s.finish())
    };
    let last = total_pages.max(1);
    Links {
        self_: url(number),
        first: Some(url(1)),
        previous: (number > 1).then(|| url(number - 1)),
        next: (number < total_pages).then(|| url(number + 1)),
        last: Some(url(last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_encode_brackets_like_the_contract_example() {
        let l = links("/api/v1/x/users", 1, 25, 1, &[]);
        assert_eq!(
            l.self_,
            "/api/v1/x/users?page%5Bnumber%5D=1&page%5Bsize%5D=25"
        );
        assert_eq!(l.previous, None);
        assert_eq!(l.next, None);
    }

    #[test]
    fn validation_names_the_parameter() {
        let e = users_query(Some("page%5Bsize%5D=101")).err().unwrap();
        assert_eq!(e.meta["loc"], serde_json::json!(["query", "page[size]"]));
        let e = users_query(Some("filter[provisioningState]=onboarded,quarantined"))
            .err()
            .unwrap();
        assert_eq!(e.meta["type"], "type_error.enum");
        assert!(users_query(Some("search=%20%20"))
            .unwrap()
            .0
            .search
            .is_none());
        assert!(users_query(Some("page[number]=99999999999999999999999")).is_ok());
        assert!(users_query(Some("page[number]=1&page[number]=2")).is_err());
    }

    #[test]
    fn error_codes_split_dedupe_and_skip_empty_pieces() {
        let q = users_query(Some("filter%5BerrorCode%5D=A,,B,A")).unwrap().0;
        assert_eq!(q.error_codes, Some(vec!["A".to_owned(), "B".to_owned()]));
        let none = users_query(Some("filter%5BerrorCode%5D=")).unwrap().0;
        assert_eq!(none.error_codes, None);
        let long = format!("filter%5BerrorCode%5D={}", "x".repeat(101));
        assert!(users_query(Some(&long)).is_err());
    }
}
