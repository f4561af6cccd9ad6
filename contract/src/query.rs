//! The `sort` parameter of the users list, shared by the client (URL state) and the server.

/// A column the users list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortField {
    /// Matched user's display name; unmatched rows last in both directions.
    User,
    /// Username in the app.
    UsernameInApp,
    /// Active in app.
    ActiveInApp,
    /// Upstream (IdP) user id.
    UpstreamUserId,
    /// Provisioning state rank.
    ProvisioningState,
    /// Last change.
    UpdatedAt,
    /// Last sync that read the account; never-synced rows last in both directions.
    LastSyncedAt,
}

impl SortField {
    /// Every field, in contract order.
    pub const ALL: [SortField; 7] = [
        SortField::User,
        SortField::UsernameInApp,
        SortField::ActiveInApp,
        SortField::UpstreamUserId,
        SortField::ProvisioningState,
        SortField::UpdatedAt,
        SortField::LastSyncedAt,
    ];

    /// The wire name (without direction).
    pub fn as_str(self) -> &'static str {
        match self {
            SortField::User => "user",
            SortField::UsernameInApp => "usernameInApp",
            SortField::ActiveInApp => "activeInApp",
            SortField::UpstreamUserId => "upstreamUserId",
            SortField::ProvisioningState => "provisioningState",
            SortField::UpdatedAt => "updatedAt",
            SortField::LastSyncedAt => "lastSyncedAt",
        }
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDirection {
    /// A→Z, low→high.
    #[default]
    Ascending,
    /// Z→A, high→low (a leading `-` on the wire).
    Descending,
}

/// A `sort` value: field and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortKey {
    /// The column.
    pub field: SortField,
    /// The direction.
    pub direction: SortDirection,
}

impl Default for SortKey {
    /// The contract's default: `user`.
    fn default() -> Self {
        SortKey {
            field: SortField::User,
            direction: SortDirection::Ascending,
        }
    }
}

impl SortKey {
    /// Parses `user`, `-provisioningState`…; `None` for anything the contract does not list.
    pub fn parse(s: &str) -> Option<SortKey> {
        let (direction, name) = match s.strip_prefix('-') {
            Some(rest) => (SortDirection::Descending, rest),
            None => (SortDirection::Ascending, s),
        };
        let field = SortField::ALL.into_iter().find(|f| f.as_str() == name)?;
        Some(SortKey { field, direction })
    }

    /// The wire value.
    pub fn to_param(self) -> String {
        match self.direction {
            SortDirection::Ascending => self.field.as_str().to_owned(),
            SortDirection::Descending => format!("-{}", self.field.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_contract_value_and_rejects_others() {
        for f in SortField::ALL {
            for p in [f.as_str().to_owned(), format!("-{}", f.as_str())] {
                assert_eq!(SortKey::parse(&p).unwrap().to_param(), p);
            }
        }
        assert_eq!(SortKey::parse("--user"), None);
        assert_eq!(SortKey::parse("name"), None);
        assert_eq!(SortKey::parse(""), None);
    }
}
