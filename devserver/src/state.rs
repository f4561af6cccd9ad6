//! Shared state of one running app.

use std::ops::Deref;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLock};

use crate::store::Store;
use crate::{faults, ratelimit, seed, simulator, upstream, Config};

/// Everything the handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The state behind [`AppState`].
pub struct Inner {
    /// How the app was started.
    pub config: Config,
    /// The data.
    pub store: RwLock<Store>,
    /// Fault rules, applied in order.
    pub faults: Mutex<Vec<faults::FaultRule>>,
    /// Simulator switches.
    pub sim: simulator::SimControl,
    /// Per-client token buckets.
    pub limiter: ratelimit::Limiter,
    /// CSP violation reports received.
    pub csp_reports: Mutex<Vec<serde_json::Value>>,
    /// Count of CSP reports (the list keeps only the last 200).
    pub csp_count: AtomicU64,
    /// Request counter, part of request ids.
    pub request_seq: AtomicU64,
    /// API requests seen (with `--faults`): what `GET /dev/requests` reports, so a test can
    /// prove that a client stopped asking (e.g. after Cancel).
    pub requests: Mutex<crate::faults::RequestLog>,
    /// The proxy target in `--upstream` mode.
    pub upstream: Option<upstream::Upstream>,
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
        let store = if config.upstream.is_some() {
            Store::default()
        } else {
            seed::seeded(config.seed)
        };
        let upstream = config.upstream.as_deref().map(upstream::Upstream::new);
        let state = AppState(Arc::new(Inner {
            sim: simulator::SimControl::new(config.simulate, config.sim_tick_ms),
            limiter: ratelimit::Limiter::new(config.rate_limit),
            config,
            store: RwLock::new(store),
            faults: Mutex::new(Vec::new()),
            csp_reports: Mutex::new(Vec::new()),
            csp_count: AtomicU64::new(0),
            request_seq: AtomicU64::new(0),
            requests: Mutex::new(crate::faults::RequestLog::default()),
            upstream,
        }));
        if state.config.simulate && tokio::runtime::Handle::try_current().is_ok() {
            simulator::ensure_loop(&state);
        }
        state
    }

    /// Reads the store. A panic elsewhere must not poison every later request, so a poisoned
    /// lock is taken over as it is (writers never leave the store half-changed in a way that
    /// breaks reading).
    pub fn read_store(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the store (see [`AppState::read_store`] about poisoning).
    pub fn write_store(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
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
            let _ = t.query(&crate::store::UsersQuery {
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

    /// A weak handle, for background tasks that must not keep the app alive.
    pub fn downgrade(&self) -> std::sync::Weak<Inner> {
        Arc::downgrade(&self.0)
    }

    /// Back from a weak handle.
    pub fn upgrade(w: &std::sync::Weak<Inner>) -> Option<AppState> {
        w.upgrade().map(AppState)
    }
}
