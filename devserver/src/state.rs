//! Shared state of one running app, and the parts of it that extractors and middleware take
//! on their own (through axum's `FromRef`), so they never name [`AppState`].

use std::ops::Deref;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use axum::extract::FromRef;

use crate::auth::AutoLogin;
use crate::faults::FaultRules;
use crate::middleware::RequestIds;
use crate::ratelimit::Limiter;
use crate::simulator::Simulator;
use crate::store::{ListQuery, SharedStore, Store};
use crate::sync::Syncer;
use crate::upstream::UpstreamTarget;
use crate::{seed, Config};

/// Everything the handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The state behind [`AppState`].
pub struct Inner {
    /// How the app was started.
    pub config: Config,
    /// The data.
    pub store: SharedStore,
    /// The data as seeded: what seeded histories are derived from (shared copy-on-write with
    /// the seed's cache, so it costs no copy).
    pub baseline: Store,
    /// Starts syncs.
    pub syncer: Syncer,
    /// Fault rules and the request log (`--faults`).
    pub faults: FaultRules,
    /// The provisioning simulator.
    pub sim: Simulator,
    /// Per-client token buckets.
    pub limiter: Limiter,
    /// CSP violation reports received.
    pub csp_reports: Mutex<Vec<serde_json::Value>>,
    /// Count of CSP reports (the list keeps only the last 200).
    pub csp_count: AtomicU64,
    /// Request counter, part of request ids.
    pub request_ids: RequestIds,
    /// The proxy target in `--upstream` mode.
    pub upstream: UpstreamTarget,
    /// Who a request without credentials is (`--auto-login`).
    pub auto_login: AutoLogin,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// A fresh state with the seeded data; starts the simulator loop when asked to and a
    /// tokio runtime is there to run it.
    pub fn new(config: Config) -> Self {
        let baseline = if config.upstream.is_some() {
            Store::default()
        } else {
            seed::seeded(config.seed)
        };
        let store = SharedStore::new(baseline.clone());
        let state = AppState(Arc::new(Inner {
            sim: Simulator::new(
                store.clone(),
                config.seed,
                config.simulate,
                config.sim_tick_ms,
            ),
            limiter: Limiter::new(config.rate_limit),
            faults: FaultRules::new(config.faults),
            syncer: Syncer::new(store.clone(), Duration::from_millis(config.sync_ms)),
            baseline,
            upstream: UpstreamTarget::new(config.upstream.as_deref()),
            auto_login: AutoLogin(config.auto_login.clone()),
            config,
            store,
            csp_reports: Mutex::new(Vec::new()),
            csp_count: AtomicU64::new(0),
            request_ids: RequestIds::default(),
        }));
        if state.config.simulate && tokio::runtime::Handle::try_current().is_ok() {
            state.sim.ensure_loop();
        }
        state
    }

    /// Reads the store (a poisoned lock is taken over: see `locks`).
    pub fn read_store(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read()
    }

    /// Writes the store.
    pub fn write_store(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write()
    }

    /// Computes every sort order and the filter columns of every integration now, so no
    /// real request pays for sorting 100,000 rows (≈1 s of CPU in release; run it off the
    /// request path). Orders computed while the simulator swaps a table's cache are lost;
    /// requests then compute them again.
    pub fn warm_up(&self) {
        let n = self.read_store().integrations.len();
        for k in 0..n {
            // A shared copy taken under a short lock; sorting happens outside it, so no writer
            // (and no reader queued behind a writer) waits for the warm-up.
            let Some(t) = self
                .read_store()
                .integrations
                .get(k)
                .map(|i| i.users.clone())
            else {
                break;
            };
            let _ = t.query(&ListQuery {
                active: Some(true),
                ..Default::default()
            });
            for field in contract::SortField::ALL {
                for direction in [
                    contract::SortDirection::Ascending,
                    contract::SortDirection::Descending,
                ] {
                    let _ = t.order(contract::SortKey { field, direction });
                }
            }
        }
    }
}

/// Lets an extractor or handler take one shared part of [`AppState`] (`State<Limiter>`, …):
/// `FromRef` for each part, a clone of the field.
macro_rules! state_parts {
    ($($part:ty => $field:ident),+ $(,)?) => {
        $(
            impl FromRef<AppState> for $part {
                fn from_ref(s: &AppState) -> Self {
                    s.$field.clone()
                }
            }
        )+
    };
}

state_parts! {
    Limiter => limiter,
    FaultRules => faults,
    RequestIds => request_ids,
    UpstreamTarget => upstream,
    AutoLogin => auto_login,
    SharedStore => store,
}
