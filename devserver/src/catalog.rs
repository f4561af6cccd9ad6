//! What the external apps know: each app's role catalogue and IdP groups, and the failure kinds
//! a provisioning job can end with. Static data, shared by the store, the seed and the
//! simulator.

/// A role the external app knows.
#[derive(Debug)]
pub struct RoleDef {
    /// Role id (also its value in the app).
    pub id: &'static str,
    /// Name to show.
    pub display: &'static str,
    /// `primary` or `secondary`.
    pub group: &'static str,
    /// What the role is for.
    pub description: &'static str,
    /// Higher means more privilege.
    pub ranking: i64,
    /// Human-readable permissions.
    pub permissions: &'static [&'static str],
}

/// An app's role catalogue and the IdP groups that grant its roles.
#[derive(Debug)]
pub struct Catalog {
    /// Roles, indexed by a grant's role index.
    pub roles: &'static [RoleDef],
    /// IdP group names, indexed by a group grant's index.
    pub groups: &'static [&'static str],
}

/// A failure kind a job can end with.
#[derive(Debug)]
pub struct ErrorDef {
    /// Opaque code, e.g. `NotEnoughSeats`.
    pub code: &'static str,
    /// Plain-text explanation.
    pub message: &'static str,
    /// What an admin can do.
    pub user_action: Option<&'static str>,
    /// Whether the API will retry a row that failed this way.
    pub retryable: bool,
}

/// Failure kinds; a row's failure names one by its index here.
pub const ERRORS: &[ErrorDef] = &[
    ErrorDef {
        code: "NotEnoughSeats",
        message: "No seats are left in the app's plan to add this user.",
        user_action: Some("add_licenses"),
        retryable: true,
    },
    ErrorDef {
        code: "UnderpermissionedAccount",
        message: "The service account lacks permission to change roles.",
        user_action: Some("grant_permissions"),
        retryable: true,
    },
    ErrorDef {
        code: "BadCredentials",
        message: "The app rejected the stored credentials of the service account.",
        user_action: Some("review_credentials"),
        retryable: true,
    },
    ErrorDef {
        code: "RateLimited",
        message: "The app throttled the request (HTTP 429 upstream).",
        user_action: None,
        retryable: true,
    },
    ErrorDef {
        code: "UserAlreadyExists",
        message: "An account with this email already exists in the app and is not managed by this integration.",
        user_action: Some("link_account"),
        retryable: false,
    },
    ErrorDef {
        code: "UpstreamTimeout",
        message: "The app did not answer within 30 seconds.",
        user_action: None,
        retryable: true,
    },
    ErrorDef {
        code: "OwnerCannotBeRemoved",
        message: "The organization owner cannot be removed; transfer ownership first.",
        user_action: Some("transfer_ownership"),
        retryable: false,
    },
];

const P_MEMBER: &[&str] = &[
    "Create projects and tasks",
    "Comment on tasks",
    "Join public teams",
];
const P_ADMIN: &[&str] = &[
    "Manage members and guests",
    "Change workspace settings",
    "Export data",
    "View admin console",
];

/// The roles and IdP groups of Asana.
pub static ASANA: Catalog = Catalog {
    roles: &[
        RoleDef {
            id: "MEMBER",
            display: "Member",
            group: "primary",
            description: "Can create and join projects and teams.",
            ranking: 10,
            permissions: P_MEMBER,
        },
        RoleDef {
            id: "ADMIN",
            display: "Admin",
            group: "primary",
            description: "Manages members, teams and settings of the organization.",
            ranking: 80,
            permissions: P_ADMIN,
        },
        RoleDef {
            id: "BILLING",
            display: "Billing admin",
            group: "secondary",
            description: "Manages the plan, seats and invoices.",
            ranking: 50,
            permissions: &["View invoices", "Change the plan", "Buy seats"],
        },
        RoleDef {
            id: "GUEST",
            display: "Guest",
            group: "primary",
            description: "Sees only the projects and tasks shared with them.",
            ranking: 1,
            permissions: &["View shared projects", "Comment on shared tasks"],
        },
        RoleDef {
            id: "WORKSPACE_ADMIN",
            display: "Workspace admin",
            group: "secondary",
            description: "Administers one workspace of the organization.",
            ranking: 60,
            permissions: &["Manage workspace members", "Archive projects"],
        },
        RoleDef {
            id: "PROJECT_OWNER",
            display: "Project owner",
            group: "secondary",
            description: "Owns projects and decides who can edit them.",
            ranking: 30,
            permissions: &[
                "Edit project settings",
                "Add project members",
                "Delete projects",
            ],
        },
        RoleDef {
            id: "PORTFOLIO_EDITOR",
            display: "Portfolio editor",
            group: "secondary",
            description: "Edits portfolios and their status updates.",
            ranking: 25,
            permissions: &["Edit portfolios", "Post status updates"],
        },
        RoleDef {
            id: "GOAL_OWNER",
            display: "Goal owner",
            group: "secondary",
            description: "Sets and tracks company goals.",
            ranking: 20,
            permissions: &["Create goals", "Update goal progress"],
        },
        RoleDef {
            id: "SUPER_ADMIN",
            display: "Super admin",
            group: "primary",
            description: "Full control over the organization, including security settings.",
            ranking: 100,
            permissions: &[
                "Everything an Admin can do",
                "Manage SAML and SCIM",
                "Delete the organization",
            ],
        },
        RoleDef {
            id: "COMMENTER",
            display: "Commenter",
            group: "secondary",
            description: "Can comment but not edit.",
            ranking: 5,
            permissions: &["Comment on tasks"],
        },
    ],
    groups: &[
        "asana-admins",
        "Engineering",
        "Marketing-All",
        "Finance",
        "Contractors",
    ],
};

/// The roles and IdP groups of Figma.
pub static FIGMA: Catalog = Catalog {
    roles: &[
        RoleDef {
            id: "VIEWER",
            display: "Viewer",
            group: "primary",
            description: "Views and comments on files.",
            ranking: 1,
            permissions: &["View files", "Comment"],
        },
        RoleDef {
            id: "EDITOR",
            display: "Editor",
            group: "primary",
            description: "Creates and edits design files.",
            ranking: 20,
            permissions: &["Edit files", "Create projects"],
        },
        RoleDef {
            id: "ADMIN",
            display: "Admin",
            group: "primary",
            description: "Manages the organization's members and settings.",
            ranking: 80,
            permissions: P_ADMIN,
        },
        RoleDef {
            id: "DEV_MODE",
            display: "Dev Mode seat",
            group: "secondary",
            description: "Inspects designs and exports code.",
            ranking: 10,
            permissions: &["Inspect", "Export assets"],
        },
        RoleDef {
            id: "FIGJAM",
            display: "FigJam editor",
            group: "secondary",
            description: "Edits FigJam boards.",
            ranking: 10,
            permissions: &["Edit boards"],
        },
        RoleDef {
            id: "BILLING",
            display: "Billing admin",
            group: "secondary",
            description: "Manages seats and invoices.",
            ranking: 50,
            permissions: &["View invoices", "Buy seats"],
        },
    ],
    groups: &["figma-designers", "Product", "Engineering", "All-Staff"],
};

/// The roles and IdP groups of Any other app (Slack, GitHub…).
pub static GENERIC: Catalog = Catalog {
    roles: &[
        RoleDef {
            id: "USER",
            display: "User",
            group: "primary",
            description: "Regular access.",
            ranking: 10,
            permissions: P_MEMBER,
        },
        RoleDef {
            id: "ADMIN",
            display: "Admin",
            group: "primary",
            description: "Administers the account.",
            ranking: 80,
            permissions: P_ADMIN,
        },
        RoleDef {
            id: "VIEWER",
            display: "Read-only",
            group: "primary",
            description: "Reads, never writes.",
            ranking: 1,
            permissions: &["View"],
        },
        RoleDef {
            id: "BILLING",
            display: "Billing admin",
            group: "secondary",
            description: "Manages the subscription.",
            ranking: 50,
            permissions: &["View invoices"],
        },
    ],
    groups: &["All-Staff", "IT", "Support"],
};

/// Failure kinds that fit a provisioning job (indexes into [`ERRORS`]).
pub const PROVISION_ERRORS: &[u8] = &[0, 2, 3, 4, 5];
/// Failure kinds that fit an update job.
pub const UPDATE_ERRORS: &[u8] = &[1, 3, 5];
/// Failure kinds that fit a removal job.
pub const DELETE_ERRORS: &[u8] = &[2, 3, 6];

/// The failure kind with this index; an index out of range (never made by this crate) reads
/// as the last kind rather than panicking a request.
pub fn error(kind: u8) -> &'static ErrorDef {
    ERRORS
        .get(kind as usize)
        .unwrap_or(&ERRORS[ERRORS.len() - 1])
}

/// The index of the failure kind with this code.
pub fn error_kind(code: &str) -> Option<u8> {
    ERRORS.iter().position(|e| e.code == code).map(|i| i as u8)
}

/// Departments people move between (the `department` attribute).
pub const DEPARTMENTS: &[&str] = &[
    "Marketing",
    "Engineering",
    "Sales",
    "Finance",
    "Design",
    "Support",
];

/// Job titles (the `title` attribute).
pub const TITLES: &[&str] = &[
    "Editor",
    "Manager",
    "Analyst",
    "Engineer",
    "Coordinator",
    "Director",
];
