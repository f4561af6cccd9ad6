//! End-to-end tests: the release build served by the real dev server over real HTTP, driven in
//! headless Chromium through chromedriver. `make test` builds `dist/` and installs the browser.
#![cfg(not(target_arch = "wasm32"))]

mod export;
mod faults;
mod harness;
mod hostile;
mod hosts;
mod interactions;
mod leptos_host;
mod live;
mod retry;
mod retry_after;
mod smoke;
mod users_tab;
