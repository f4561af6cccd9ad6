//! String enums of the contract. Each keeps any value it does not know in a catch-all variant,
//! so a newer API never breaks decoding (contract tolerance rule).

use serde::{Deserialize, Serialize};

/// Defines a wire enum with known snake_case values plus a catch-all variant holding the raw
/// string; serde goes through `String` so decoding never fails on a new value.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $other:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this build does not know, kept verbatim.
            $other(String),
        }

        impl $name {
            /// Every known value, in contract order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::$other(s) => s,
                }
            }

            /// Whether this is a value the contract lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::$other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::$other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match $name::from(s.as_str()) {
                    $name::$other(_) => $name::$other(s),
                    known => known,
                }
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                match v {
                    $name::$other(s) => s,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// Where an app account is in its provisioning life cycle. Variant order is the contract's
    /// rank order (the `provisioningState` sort).
    ProvisioningState, Unknown {
        /// The provisioning job is queued.
        ProvisioningAwaiting = "provisioning_awaiting",
        /// The provisioning job runs.
        ProvisioningOngoing = "provisioning_ongoing",
        /// The provisioning job failed.
        ProvisioningFailed = "provisioning_failed",
        /// The account exists in the app.
        Onboarded = "onboarded",
        /// The update job is queued.
        UpdateAwaiting = "update_awaiting",
        /// The update job runs.
        UpdateOngoing = "update_ongoing",
        /// The update job failed.
        UpdateFailed = "update_failed",
        /// The deprovisioning job is queued.
        DeleteAwaiting = "delete_awaiting",
        /// The deprovisioning job runs.
        DeleteOngoing = "delete_ongoing",
        /// The deprovisioning job failed.
        DeleteFailed = "delete_failed",
        /// The account was removed from the app.
        Deleted = "deleted",
    }
}

/// Which job a state belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateFamily {
    /// Creating the account.
    Provisioning,
    /// Changing the account.
    Update,
    /// Removing the account.
    Delete,
    /// A resting state (onboarded, deleted) or an unknown one.
    None,
}

/// Where a job stands: what the badge tone, icon and the state filter groups follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatePhase {
    /// A job failed: needs an admin.
    Failed,
    /// A job runs.
    Ongoing,
    /// A job is queued.
    Awaiting,
    /// The account exists.
    Onboarded,
    /// The account was removed.
    Deleted,
    /// A state this build does not know.
    Unknown,
}

impl StatePhase {
    /// Phases in the order the UI lists them: failures first.
    pub const ALL: [StatePhase; 5] = [
        StatePhase::Failed,
        StatePhase::Ongoing,
        StatePhase::Awaiting,
        StatePhase::Onboarded,
        StatePhase::Deleted,
    ];

    /// Group heading for filters and summaries.
    pub fn label(self) -> &'static str {
        match self {
            StatePhase::Failed => "Failed",
            StatePhase::Ongoing => "In progress",
            StatePhase::Awaiting => "Awaiting",
            StatePhase::Onboarded => "Onboarded",
            StatePhase::Deleted => "Deleted",
            StatePhase::Unknown => "Unknown",
        }
    }

    /// The states of this phase.
    pub fn states(self) -> impl Iterator<Item = &'static ProvisioningState> {
        ProvisioningState::KNOWN
            .iter()
            .filter(move |s| s.phase() == self)
    }
}

impl ProvisioningState {
    /// Position in the contract's rank order; unknown values rank after every known one.
    pub fn rank(&self) -> usize {
        Self::KNOWN
            .iter()
            .position(|s| s == self)
            .unwrap_or(Self::KNOWN.len())
    }

    /// The job this state belongs to.
    pub fn family(&self) -> StateFamily {
        use ProvisioningState::*;
        match self {
            ProvisioningAwaiting | ProvisioningOngoing | ProvisioningFailed => {
                StateFamily::Provisioning
            }
            UpdateAwaiting | UpdateOngoing | UpdateFailed => StateFamily::Update,
            DeleteAwaiting | DeleteOngoing | DeleteFailed => StateFamily::Delete,
            Onboarded | Deleted | Unknown(_) => StateFamily::None,
        }
    }

    /// Where the job stands.
    pub fn phase(&self) -> StatePhase {
        use ProvisioningState::*;
        match self {
            ProvisioningAwaiting | UpdateAwaiting | DeleteAwaiting => StatePhase::Awaiting,
            ProvisioningOngoing | UpdateOngoing | DeleteOngoing => StatePhase::Ongoing,
            ProvisioningFailed | UpdateFailed | DeleteFailed => StatePhase::Failed,
            Onboarded => StatePhase::Onboarded,
            Deleted => StatePhase::Deleted,
            Unknown(_) => StatePhase::Unknown,
        }
    }

    /// Sentence-case label for the badge; an unknown state shows its raw value.
    pub fn label(&self) -> &str {
        use ProvisioningState::*;
        match self {
            ProvisioningAwaiting => "Provisioning awaiting",
            ProvisioningOngoing => "Provisioning ongoing",
            ProvisioningFailed => "Provisioning failed",
            Onboarded => "Onboarded",
            UpdateAwaiting => "Update awaiting",
            UpdateOngoing => "Update ongoing",
            UpdateFailed => "Update failed",
            DeleteAwaiting => "Delete awaiting",
            DeleteOngoing => "Delete ongoing",
            DeleteFailed => "Delete failed",
            Deleted => "Deleted",
            Unknown(raw) => raw,
        }
    }

    /// What the state means, from the contract.
    pub fn description(&self) -> &'static str {
        use ProvisioningState::*;
        match self {
            ProvisioningAwaiting => "The user provisioning job is queued and waiting to start",
            ProvisioningOngoing => "The user provisioning process is in progress",
            ProvisioningFailed => "The user provisioning process failed",
            Onboarded => "The user account was successfully created in the external app",
            UpdateAwaiting => "The user update job is queued and waiting to start",
            UpdateOngoing => "The user update process is in progress",
            UpdateFailed => "The user update process failed",
            DeleteAwaiting => "The user deprovisioning job is queued and waiting to start",
            DeleteOngoing => "The user deprovisioning process is in progress",
            DeleteFailed => "The user deprovisioning process failed",
            Deleted => "The user account was successfully removed from the external app",
            Unknown(_) => "A state this version of the tab does not know",
        }
    }

    /// The state a retry moves a failed row to (`*_failed` → `*_awaiting`).
    pub fn retry_target(&self) -> Option<ProvisioningState> {
        use ProvisioningState::*;
        match self {
            ProvisioningFailed => Some(ProvisioningAwaiting),
            UpdateFailed => Some(UpdateAwaiting),
            DeleteFailed => Some(DeleteAwaiting),
            _ => None,
        }
    }
}

wire_enum! {
    /// A workspace role, from `GET /me`.
    WorkspaceRole, Unknown {
        /// Owner.
        Owner = "workspace_owner",
        /// Super Admin.
        SuperAdmin = "workspace_super_admin",
        /// Admin.
        Admin = "workspace_admin",
        /// User.
        User = "workspace_user",
        /// Login-only user.
        LoginOnly = "workspace_login_only",
        /// Guest admin.
        GuestAdmin = "workspace_guest_admin",
        /// Guest user.
        GuestUser = "workspace_guest_user",
    }
}

impl WorkspaceRole {
    /// The roles that may read an integration's users.
    pub const VIEWERS: [WorkspaceRole; 3] = [
        WorkspaceRole::Owner,
        WorkspaceRole::SuperAdmin,
        WorkspaceRole::Admin,
    ];

    /// Owners, Super Admins and Admins may see the Users tab; unknown roles may not.
    pub fn can_view_integration_users(&self) -> bool {
        Self::VIEWERS.contains(self)
    }

    /// Name to show.
    pub fn label(&self) -> &str {
        match self {
            WorkspaceRole::Owner => "Owner",
            WorkspaceRole::SuperAdmin => "Super Admin",
            WorkspaceRole::Admin => "Admin",
            WorkspaceRole::User => "User",
            WorkspaceRole::LoginOnly => "Login-only user",
            WorkspaceRole::GuestAdmin => "Guest admin",
            WorkspaceRole::GuestUser => "Guest user",
            WorkspaceRole::Unknown(raw) => raw,
        }
    }
}

wire_enum! {
    /// How a role was granted.
    GrantedViaType, Other {
        /// Assigned to this user directly.
        Individual = "individual",
        /// Through an IdP group.
        IdpGroup = "idp_group",
        /// Through more than one path.
        Multiple = "multiple",
        /// The app does not say.
        Undetermined = "unknown",
    }
}

// wire_enum! fixes the derive list, so the default is written by hand.
#[allow(clippy::derivable_impls)]
impl Default for GrantedViaType {
    fn default() -> Self {
        GrantedViaType::Undetermined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_states_in_rank_order_with_phases() {
        assert_eq!(ProvisioningState::KNOWN.len(), 11);
        assert_eq!(ProvisioningState::Onboarded.rank(), 3);
        assert_eq!(ProvisioningState::from("x").rank(), 11);
        let failed: Vec<_> = StatePhase::Failed.states().collect();
        assert_eq!(failed.len(), 3);
        assert_eq!(
            ProvisioningState::DeleteFailed.retry_target(),
            Some(ProvisioningState::DeleteAwaiting)
        );
        assert_eq!(ProvisioningState::Onboarded.retry_target(), None);
    }

    #[test]
    fn unknown_values_survive_a_round_trip() {
        let s: ProvisioningState = serde_json::from_str("\"paused\"").unwrap();
        assert_eq!(s.label(), "paused");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"paused\"");
        let r: WorkspaceRole = serde_json::from_str("\"workspace_auditor\"").unwrap();
        assert!(!r.can_view_integration_users());
        assert!(WorkspaceRole::SuperAdmin.can_view_integration_users());
    }
}
