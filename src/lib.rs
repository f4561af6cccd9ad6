//! The Users tab of an IdLCM integration: Leptos CSR, compiled to WebAssembly.

#![warn(missing_docs)]
// Data from the API must never panic the tab: no unwrap/expect/indexing/panic outside tests.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod api;
pub mod components;
pub mod crash;
#[cfg(feature = "embed")]
pub mod embed;
pub mod model;
pub mod routes;
pub mod tab;

pub use api::{ApiConfig, Auth};
pub use tab::{Density, DrawerMode, Theme, UrlState, UsersTab};
