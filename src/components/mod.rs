//! Presentational components, one folder each with its CSS beside it. They take plain props and
//! signals, fetch nothing, and can be mounted alone (tests/components.rs).

pub mod active_pill;
pub mod bulk_bar;
pub mod column_chooser;
pub mod confirm_dialog;
pub mod copy_button;
pub mod drawer;
pub mod export_csv;
pub mod focus;
pub mod icons;
pub mod ids;
pub mod integration_header;
pub mod live_status;
pub mod pager;
pub mod quick_filters;
pub mod relative_time;
pub mod roles_cell;
pub mod state_badge;
pub mod status_panel;
pub mod sync_now;
pub mod toolbar;
pub mod user_cell;
pub mod user_details;
pub mod users_table;

pub use active_pill::ActivePill;
pub use bulk_bar::{BulkBar, RetryReport};
pub use column_chooser::ColumnChooser;
pub use confirm_dialog::ConfirmDialog;
pub use copy_button::CopyButton;
pub use drawer::{Drawer, DrawerMode};
pub use export_csv::ExportCsv;
pub use icons::{Icon, IconKind};
pub use integration_header::{IntegrationHeader, IntegrationHeaderSkeleton};
pub use live_status::LiveStatus;
pub use pager::Pager;
pub use quick_filters::QuickFilters;
pub use relative_time::{RelativeTime, TipFocus};
pub use roles_cell::RolesCell;
pub use state_badge::StateBadge;
pub use status_panel::{HeadingLevel, PanelStatus, StatusPanel};
pub use sync_now::SyncNow;
pub use toolbar::{FilterChip, FilterChips, SearchBox, StateFilter, TriStateSelect};
pub use user_cell::{Avatar, UserCell};
pub use user_details::UserDetails;
pub use users_table::{UserRowView, UsersTable, UsersTableSkeleton};
