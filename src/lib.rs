//! The Users tab of an IdLCM integration: Leptos CSR, compiled to WebAssembly.

#![warn(missing_docs)]

pub mod api;
pub mod components;
pub mod model;
pub mod routes;
pub mod tab;

pub use tab::UsersTab;
