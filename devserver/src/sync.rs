//! `POST …/sync`: a sync of a whole integration that runs for a while on a task. The
//! integration is `in_progress` meanwhile; at the end it is `up_to_date`, and it and every
//! row it read get a new `lastSyncedAt`, and the run is logged as an event on each row.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::locks::lock;
use crate::store::{Change, SharedStore, WeakStore};
use crate::time;

/// Why a sync did not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncRefusal {
    /// No integration with this id.
    NotFound,
    /// A sync of this integration runs already.
    AlreadyRunning,
}

/// Starts syncs and knows which run; cheap to clone.
#[derive(Clone)]
pub struct Syncer {
    store: SharedStore,
    duration: Duration,
    running: Arc<Mutex<HashSet<String>>>,
}

impl Syncer {
    /// Syncs of `store` that take `duration`.
    pub fn new(store: SharedStore, duration: Duration) -> Self {
        Syncer {
            store,
            duration,
            running: Arc::default(),
        }
    }

    /// Starts a sync of an integration for `actor`; answers the integration as it is now
    /// (`in_progress`). Needs a tokio runtime.
    pub fn start(&self, id: &str, actor: String) -> Result<contract::Integration, SyncRefusal> {
        let started = time::now();
        let wire = {
            let mut store = self.store.write();
            let rec = store.get_mut(id).ok_or(SyncRefusal::NotFound)?;
            // Checked under the store lock, so two requests at once cannot both start.
            if !lock(&self.running).insert(id.to_owned()) {
                return Err(SyncRefusal::AlreadyRunning);
            }
            rec.status = "in_progress";
            rec.updated_at = started.max(rec.updated_at);
            rec.to_wire()
        };
        let job = Finish {
            store: self.store.downgrade(),
            running: self.running.clone(),
            id: id.to_owned(),
            started,
            actor,
        };
        let duration = self.duration;
        tokio::spawn(async move {
            tokio::time::sleep(duration).await;
            job.run();
        });
        Ok(wire)
    }
}

/// The end of one sync run.
struct Finish {
    store: WeakStore,
    running: Arc<Mutex<HashSet<String>>>,
    id: String,
    started: i64,
    actor: String,
}

impl Finish {
    fn run(self) {
        if let Some(store) = self.store.upgrade() {
            let mut store = store.write();
            let now = time::now().max(self.started);
            if let Some((rec, events)) = store.get_mut_with_events(&self.id) {
                rec.status = "up_to_date";
                rec.last_synced_at = Some(now);
                rec.updated_at = now.max(rec.updated_at);
                for row in rec.users.rows_mut(Change::State) {
                    row.mark_synced(now);
                }
                events.record_sync(&self.id, self.started, now, &self.actor);
            }
        }
        lock(&self.running).remove(&self.id);
    }
}
