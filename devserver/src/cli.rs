//! Command-line flags of the `devserver` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use contract::WorkspaceRole;

use crate::Config;

/// The dev server of the Users tab: the Cerby-style API over seeded data, a provisioning
/// simulator, fault injection for tests, and the built SPA.
#[derive(Debug, Parser)]
#[command(name = "devserver", version)]
pub struct Cli {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Serve this directory (Trunk's dist/) with SPA fallback to index.html.
    #[arg(long)]
    pub dist: Option<PathBuf>,
    /// Run the provisioning simulator (rows move through their states).
    #[arg(long)]
    pub simulate: bool,
    /// Milliseconds between simulator steps.
    #[arg(long, default_value_t = 1000)]
    pub sim_tick_ms: u64,
    /// Simulator speed multiplier (2 = twice as fast); overrides --sim-tick-ms.
    #[arg(long)]
    pub sim_speed: Option<f64>,
    /// Enable fault injection and the /dev control endpoints (for tests).
    #[arg(long)]
    pub faults: bool,
    /// Requests per second per client before 429 (token bucket); 0 = off.
    #[arg(long, default_value_t = 0)]
    pub rate_limit: u32,
    /// Treat requests without cookie or token as this persona (e.g. workspace_admin).
    #[arg(long, value_parser = parse_role)]
    pub auto_login: Option<WorkspaceRole>,
    /// CSP frame-ancestors value (who may embed the tab).
    #[arg(long, default_value = "'self'")]
    pub frame_ancestors: String,
    /// Forward /api/v1/* to this API root instead of seeded data (token from
    /// IDLCM_UPSTREAM_TOKEN).
    #[arg(long)]
    pub upstream: Option<String>,
    /// Seed of the generated data and the simulator.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// How long a sync started with the Sync button runs, in milliseconds.
    #[arg(long, default_value_t = 3000)]
    pub sync_ms: u64,
}

fn parse_role(s: &str) -> Result<WorkspaceRole, String> {
    let r = WorkspaceRole::from(s);
    if r.is_known() {
        Ok(r)
    } else {
        let all: Vec<&str> = WorkspaceRole::KNOWN.iter().map(|r| r.as_str()).collect();
        Err(format!("unknown role; one of {}", all.join(", ")))
    }
}

impl Cli {
    /// The library configuration these flags describe.
    pub fn config(&self) -> Config {
        let sim_tick_ms = match self.sim_speed {
            Some(x) if x > 0.0 => ((1000.0 / x).round() as u64).max(10),
            _ => self.sim_tick_ms,
        };
        Config {
            dist: self.dist.clone(),
            simulate: self.simulate,
            sim_tick_ms,
            faults: self.faults,
            rate_limit: self.rate_limit,
            auto_login: self.auto_login.clone(),
            frame_ancestors: self.frame_ancestors.clone(),
            upstream: self.upstream.clone(),
            seed: self.seed,
            sync_ms: self.sync_ms,
        }
    }
}
