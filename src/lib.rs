//! The Users tab of an IdLCM integration: Leptos CSR, compiled to WebAssembly.
//!
//! In a Leptos app, mount [`UsersTab`] under a `leptos_router` `<Router>` (any base: the tab's
//! state lives in the URL query) and link the tab's stylesheet (see the README, "Use it in your
//! app"). Any other page uses `embed.js` and `mount(element, options)` instead: the `embed`
//! feature, which the standalone build turns on.
//!
//! ```no_run
//! use idlcm_users::{ApiConfig, Auth, UsersTab};
//! use leptos::prelude::*;
//! use leptos_router::components::Router;
//!
//! /// The page that shows one integration's users.
//! #[component]
//! fn Users() -> impl IntoView {
//!     // Made inside the component: a bearer token provider is not `Send`.
//!     let config = ApiConfig::from_page().with_auth(Auth::SameOriginCookie);
//!     let id = String::from("d538422e-0000-4000-8000-000000000000");
//!     view! { <UsersTab integration_id=id config=config/> }
//! }
//!
//! leptos::mount::mount_to_body(|| view! { <Router><Users/></Router> });
//! ```

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

// Internals, public only for the standalone app (src/main.rs), the example host, the benches
// and the component tests: not part of the API a host depends on.
#[doc(hidden)]
pub mod api;
#[doc(hidden)]
pub mod components;
#[doc(hidden)]
pub mod crash;
#[cfg(feature = "embed")]
pub mod embed;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod routes;
mod tab;

pub use api::{ApiConfig, Auth};
pub use contract::WorkspaceRole;
#[cfg(feature = "embed")]
pub use embed::{mount, TabHandle};
pub use tab::{Density, DrawerMode, Theme, UrlState, UsersTab};
