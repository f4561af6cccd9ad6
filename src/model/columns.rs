//! The table's columns and which of them are shown: the column chooser's model and the form it
//! is remembered in (a browser's `localStorage`). No DOM, unit-tested natively.

use contract::SortField;

/// A column of the users table (after the checkbox), in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The matched user (name and email).
    User,
    /// The account's username in the app.
    Username,
    /// Roles in the app.
    AppAccess,
    /// Active in the app.
    ActiveInApp,
    /// The IdP's user id.
    UpstreamUserId,
    /// When a job or a sync last read the account.
    LastSynced,
    /// The provisioning state (last: its failure tip opens towards the table).
    ProvisioningState,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 7] = [
        Column::User,
        Column::Username,
        Column::AppAccess,
        Column::ActiveInApp,
        Column::UpstreamUserId,
        Column::LastSynced,
        Column::ProvisioningState,
    ];

    /// The header's text.
    pub fn label(self) -> &'static str {
        match self {
            Column::User => "User",
            Column::Username => "Username in app",
            Column::AppAccess => "App access",
            Column::ActiveInApp => "Active in app",
            Column::UpstreamUserId => "Upstream user ID",
            Column::LastSynced => "Last synced",
            Column::ProvisioningState => "Provisioning state",
        }
    }

    /// A short stable name: the cells' class (`users-table__cell--{key}`) and the key it is
    /// remembered under.
    pub fn key(self) -> &'static str {
        match self {
            Column::User => "user",
            Column::Username => "username",
            Column::AppAccess => "access",
            Column::ActiveInApp => "active",
            Column::UpstreamUserId => "upstream",
            Column::LastSynced => "synced",
            Column::ProvisioningState => "state",
        }
    }

    /// What its header sorts by, if it sorts.
    pub fn sort_field(self) -> Option<SortField> {
        match self {
            Column::User => Some(SortField::User),
            Column::Username => Some(SortField::UsernameInApp),
            Column::AppAccess => None,
            Column::ActiveInApp => Some(SortField::ActiveInApp),
            Column::UpstreamUserId => Some(SortField::UpstreamUserId),
            Column::LastSynced => Some(SortField::LastSyncedAt),
            Column::ProvisioningState => Some(SortField::ProvisioningState),
        }
    }

    /// Always shown: User and Username in app name the row (one of them is its row header and
    /// opens the drawer), so neither can be hidden.
    pub fn is_fixed(self) -> bool {
        matches!(self, Column::User | Column::Username)
    }

    /// Shown until the user decides otherwise: the six columns of the original table.
    pub fn shown_by_default(self) -> bool {
        self != Column::LastSynced
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Which columns are shown. The fixed ones always are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ColumnSet {
    bits: u8,
}

impl Default for ColumnSet {
    /// The six columns of the original table; Last synced hidden.
    fn default() -> Self {
        Column::ALL
            .into_iter()
            .fold(ColumnSet { bits: 0 }, |set, c| {
                set.with(c, c.shown_by_default())
            })
    }
}

/// The `localStorage` key the choice is kept under (one per browser and origin; it holds only
/// column names and flags, nothing about anyone).
pub const STORAGE_KEY: &str = "idlcm-users.columns";

impl ColumnSet {
    /// Whether `column` is shown.
    pub fn shows(self, column: Column) -> bool {
        column.is_fixed() || self.bits & column.bit() != 0
    }

    /// The same set with `column` shown or not (a fixed column stays shown).
    pub fn with(self, column: Column, shown: bool) -> ColumnSet {
        let bits = if shown || column.is_fixed() {
            self.bits | column.bit()
        } else {
            self.bits & !column.bit()
        };
        ColumnSet { bits }
    }

    /// The same set with `column` flipped.
    pub fn toggled(self, column: Column) -> ColumnSet {
        self.with(column, !self.shows(column))
    }

    /// The shown columns, in table order.
    pub fn shown(self) -> impl Iterator<Item = Column> {
        Column::ALL.into_iter().filter(move |c| self.shows(*c))
    }

    /// The stored form: `access=1,active=0,…` for every column that can be hidden. Each column
    /// is named, so a column added later starts at its default for people who chose before.
    pub fn to_storage(self) -> String {
        Column::ALL
            .into_iter()
            .filter(|c| !c.is_fixed())
            .map(|c| format!("{}={}", c.key(), u8::from(self.shows(c))))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored form leniently: a missing, unknown or malformed entry keeps the
    /// default (a corrupt value or one from another version never breaks the table).
    pub fn from_storage(stored: Option<&str>) -> ColumnSet {
        let mut set = ColumnSet::default();
        // Far longer than any value we write: not ours; ignore it rather than parse it.
        let Some(text) = stored.filter(|t| t.len() <= 1_000) else {
            return set;
        };
        for entry in text.split(',') {
            let Some((key, value)) = entry.split_once('=') else {
                continue;
            };
            let Some(column) = Column::ALL.into_iter().find(|c| c.key() == key.trim()) else {
                continue;
            };
            match value.trim() {
                "1" => set = set.with(column, true),
                "0" => set = set.with(column, false),
                _ => {}
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_columns_are_on_by_default_and_last_synced_is_off() {
        let d = ColumnSet::default();
        let shown: Vec<_> = d.shown().map(Column::label).collect();
        assert_eq!(
            shown,
            [
                "User",
                "Username in app",
                "App access",
                "Active in app",
                "Upstream user ID",
                "Provisioning state"
            ]
        );
        assert!(!d.shows(Column::LastSynced));
    }

    #[test]
    fn toggling_shows_and_hides_but_never_the_fixed_columns() {
        let d = ColumnSet::default();
        let with_synced = d.toggled(Column::LastSynced);
        assert!(with_synced.shows(Column::LastSynced));
        assert_eq!(with_synced.toggled(Column::LastSynced), d);
        let no_access = d.toggled(Column::AppAccess);
        assert!(!no_access.shows(Column::AppAccess));
        assert!(d.toggled(Column::User).shows(Column::User));
        assert!(d.with(Column::Username, false).shows(Column::Username));
    }

    #[test]
    fn the_stored_form_round_trips() {
        let set = ColumnSet::default()
            .toggled(Column::LastSynced)
            .toggled(Column::UpstreamUserId);
        let stored = set.to_storage();
        assert_eq!(
            stored, "access=1,active=1,upstream=0,synced=1,state=1",
            "only the columns that can be hidden, by name"
        );
        assert_eq!(ColumnSet::from_storage(Some(&stored)), set);
    }

    #[test]
    fn a_missing_or_corrupt_value_keeps_the_defaults() {
        let d = ColumnSet::default();
        assert_eq!(ColumnSet::from_storage(None), d);
        for junk in [
            "",
            "{not json",
            "synced=yes,access=2",
            "=,==,,",
            "user=0,username=0",
            "🙂=1",
        ] {
            assert_eq!(ColumnSet::from_storage(Some(junk)), d, "{junk:?}");
        }
        let huge = "synced=1,".repeat(200);
        assert_eq!(ColumnSet::from_storage(Some(&huge)), d);
    }

    #[test]
    fn unknown_entries_are_skipped_and_known_ones_still_read() {
        let set = ColumnSet::from_storage(Some("future=1, synced = 1 ,state=0,access"));
        assert!(set.shows(Column::LastSynced));
        assert!(!set.shows(Column::ProvisioningState));
        assert!(set.shows(Column::AppAccess));
    }

    #[test]
    fn sortable_columns_name_their_sort() {
        assert_eq!(
            Column::LastSynced.sort_field(),
            Some(SortField::LastSyncedAt)
        );
        assert_eq!(Column::AppAccess.sort_field(), None);
    }
}
