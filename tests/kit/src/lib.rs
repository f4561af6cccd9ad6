//! The test kit: everything the end-to-end tests (`tests/e2e`), the dev server's tests
//! (`devserver/tests`) and the bench runner (`bench/runner`) share, written once.
//!
//! - [`client`]: a dev-server client on reqwest (API calls as a persona, `/dev` control).
//! - [`api`]: a dev server in the test process with that client, and every JSON answer checked
//!   against `contract/openapi.yaml`.
//! - [`browser`]: headless Chromium through chromedriver, pooled across tests with fresh state.
//! - [`session`]: one end-to-end session: a dev server and a browser on it.
//! - [`eventually()`]: the one poller; its timeout message says what it waited for.
//! - [`users_tab`]: the Users tab as a page object (open, rows, search, sort, the drawer; the
//!   header's Sync now in [`sync_now`], the column chooser in `columns`);
//!   [`causes_panel`]: its "Failures by cause" panel.
//! - [`history`]: the drawer's History section, the same page object's part for it.
//! - [`export`]: oracles for the CSV export (the downloaded file, the rows it must hold).
//! - [`fixtures`]: the bundles tests serve besides the release dist (test settings, hosts).
//! - [`paths`]: where the repository, the bundles and screenshots are; test copies of a dist.
#![cfg(not(target_arch = "wasm32"))]

pub mod api;
pub mod browser;
pub mod causes_panel;
pub mod client;
mod columns;
mod eventually;
pub mod export;
pub mod fixtures;
pub mod history;
pub mod paths;
pub mod session;
pub mod sync_now;
pub mod users_tab;

pub use client::{api_users, ids_of, Answer, Auth, DevClient};
pub use eventually::{eventually, eventually_within, seen, UI_TIMEOUT};
pub use session::Session;
pub use users_tab::{users_page, UsersTab};

/// A dev server configuration for an Admin, with the `/dev` control endpoints on: what most
/// tests start from (`..admin()` to change the rest).
pub fn admin() -> devserver::Config {
    devserver::Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults: true,
        ..Default::default()
    }
}
