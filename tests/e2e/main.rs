//! End-to-end tests: the release build served by the real dev server over real HTTP, driven in
//! headless Chromium through chromedriver. `make test` builds `dist/` and installs the browser.
//!
//! One module per behaviour; each uses the test kit (`tests/kit`: sessions, the dev-server
//! client, the poller, the Users tab page object) and nothing of another module.
#![cfg(not(target_arch = "wasm32"))]

mod columns;
mod export_file;
mod export_progress;
mod failure_causes;
mod fault_drawer;
mod fault_panels;
mod fault_timing;
mod history;
mod host_styles;
mod hostile;
mod html_host;
mod interactions;
mod layout;
mod leptos_host;
mod live_polling;
mod live_rows;
mod quick_filters;
mod retry_after;
mod retry_bulk;
mod retry_row;
mod smoke;
mod startup;
mod sync;
mod users_tab;
