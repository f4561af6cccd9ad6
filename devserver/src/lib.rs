//! The embedded default API of the Users tab: the Cerby-style contract (`contract/openapi.yaml`)
//! over seeded, deterministic data, with a provisioning simulator, fault injection for tests,
//! an optional proxy to a real API, and static serving of the built SPA.
//!
//! Library first so tests (here and in the tab's end-to-end suite) run it in-process:
//! [`spawn`] for real HTTP, [`app`] for `tower::ServiceExt::oneshot`.

#![warn(missing_docs)]

// Modules depend one way only, in these layers (each uses only layers before it):
// ids, locks, time, error, request_log → catalog → store → seed → auth, faults, middleware, ratelimit,
// upstream, simulator, sync → state → query, handlers, control, static_files → server, cli.
mod auth;
pub mod catalog;
pub mod cli;
mod control;
mod error;
mod faults;
mod handlers;
mod ids;
mod locks;
mod middleware;
mod query;
mod ratelimit;
mod request_log;
pub mod seed;
mod server;
mod simulator;
mod state;
mod static_files;
pub mod store;
mod sync;
mod time;
mod upstream;

use std::net::SocketAddr;
use std::path::PathBuf;

pub use server::Running;
pub use state::AppState;

/// How the dev server runs. `Config::default()` is what tests want: seeded data that stays
/// still, no faults, no rate limit, no auto-login.
#[derive(Debug, Clone)]
pub struct Config {
    /// Serve this directory (the Trunk `dist/`) with SPA fallback.
    pub dist: Option<PathBuf>,
    /// Start the provisioning simulator at once.
    pub simulate: bool,
    /// Milliseconds between simulator steps.
    pub sim_tick_ms: u64,
    /// Enable the `/dev/*` control endpoints (faults, simulator, reset, row overrides).
    pub faults: bool,
    /// Requests per second per client (token bucket); 0 = off.
    pub rate_limit: u32,
    /// Treat requests with neither cookie nor token as this persona.
    pub auto_login: Option<contract::WorkspaceRole>,
    /// The CSP `frame-ancestors` value.
    pub frame_ancestors: String,
    /// Forward `/api/v1/*` to this base URL instead of serving seeded data; the bearer token
    /// comes from the `IDLCM_UPSTREAM_TOKEN` environment variable.
    pub upstream: Option<String>,
    /// Seed of the generated data and of the simulator.
    pub seed: u64,
    /// How long a sync (`POST …/sync`) runs, in milliseconds.
    pub sync_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dist: None,
            simulate: false,
            sim_tick_ms: 1000,
            faults: false,
            rate_limit: 0,
            auto_login: None,
            frame_ancestors: "'self'".to_owned(),
            upstream: None,
            seed: 42,
            sync_ms: 1500,
        }
    }
}

/// The whole application as a router (API, dev endpoints, static files, every layer).
/// Starts the simulator task when `config.simulate` is set and a tokio runtime is running.
pub fn app(config: Config) -> axum::Router {
    server::router(AppState::new(config))
}

/// Binds `addr` (port 0 picks a free port), serves [`app`] on a tokio task and returns at once.
pub async fn spawn(config: Config, addr: SocketAddr) -> std::io::Result<Running> {
    server::spawn(config, addr).await
}

/// The users-list operation in-process (validation, filter, sort, page, JSON) for
/// benchmarks: the body of `GET /api/v1/integrations/{id}/users?{query}`, or the HTTP status
/// of the error.
pub fn list_users_json(
    state: &AppState,
    integration_id: &str,
    raw_query: Option<&str>,
) -> Result<Vec<u8>, u16> {
    handlers::list_users_body(state, integration_id, raw_query).map_err(|e| e.status.as_u16())
}
