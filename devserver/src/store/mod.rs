//! The in-memory data: integrations and their app accounts, the list query and the
//! conversions to the wire types of the `contract` crate.
//!
//! Rows are kept compactly (roles and errors are indexes into the static catalogues of
//! [`crate::catalog`]).

mod events;
mod failures;
mod row;
mod table;
mod wire;

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub use events::{
    by_admin, idp_event_id, idp_trigger, job_of, trigger, EventLog, EventSpec, SyncRun,
};
pub use row::{Failure, Grant, Person, RetryRefusal, UserRow, Via};
pub use table::{Change, ListQuery, UserTable};

use crate::catalog::Catalog;
use crate::locks;

/// An IdLCM integration.
#[derive(Debug, Clone)]
pub struct IntegrationRec {
    /// Integration id (UUID).
    pub id: Box<str>,
    /// Name.
    pub label: Box<str>,
    /// Catalogue key of the app.
    pub application: &'static str,
    /// App name to show.
    pub application_display_name: &'static str,
    /// Business / tenant id.
    pub business_id: Option<Box<str>>,
    /// SCIM gateway id.
    pub scim_gateway_id: Option<Box<str>>,
    /// `okta`, `entra_id`…
    pub idp: &'static str,
    /// Integration status.
    pub status: &'static str,
    /// Last sync.
    pub last_synced_at: Option<i64>,
    /// Creation.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// The app's roles.
    pub catalog: &'static Catalog,
    /// Accounts.
    pub users: UserTable,
}

/// Every integration, newest first.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// Integrations in list order (newest first).
    pub integrations: Vec<IntegrationRec>,
    index: HashMap<Box<str>, usize>,
    /// What happened while the app ran (a reset starts it afresh).
    pub events: EventLog,
}

impl Store {
    /// A store over these integrations, sorted newest first.
    pub fn new(mut integrations: Vec<IntegrationRec>) -> Self {
        integrations.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        let index = integrations
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Store {
            integrations,
            index,
            events: EventLog::default(),
        }
    }

    /// Position of an integration by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// An integration by id.
    pub fn get(&self, id: &str) -> Option<&IntegrationRec> {
        self.position(id).map(|i| &self.integrations[i])
    }

    /// An integration by id, mutable.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut IntegrationRec> {
        self.position(id).map(|i| &mut self.integrations[i])
    }

    /// An integration by id and the event log, both mutable (a change and its event are
    /// written under one lock).
    pub fn get_mut_with_events(
        &mut self,
        id: &str,
    ) -> Option<(&mut IntegrationRec, &mut EventLog)> {
        let i = self.position(id)?;
        Some((&mut self.integrations[i], &mut self.events))
    }
}

/// The store of a running app, shared by handlers and background tasks; cheap to clone.
#[derive(Clone, Default)]
pub struct SharedStore(Arc<RwLock<Store>>);

impl SharedStore {
    /// A shared store over `store`.
    pub fn new(store: Store) -> Self {
        SharedStore(Arc::new(RwLock::new(store)))
    }

    /// Reads the store (see [`crate::locks`] about poisoning).
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        locks::read(&self.0)
    }

    /// Writes the store.
    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        locks::write(&self.0)
    }

    /// A handle that does not keep the store alive, for background tasks.
    pub fn downgrade(&self) -> WeakStore {
        WeakStore(Arc::downgrade(&self.0))
    }
}

/// A weak [`SharedStore`]: background tasks end when the app is gone.
#[derive(Clone)]
pub struct WeakStore(std::sync::Weak<RwLock<Store>>);

impl WeakStore {
    /// The store, while the app is alive.
    pub fn upgrade(&self) -> Option<SharedStore> {
        self.0.upgrade().map(SharedStore)
    }
}
