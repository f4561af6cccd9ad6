//! Element ids that stay unique with several tabs on one page (two integrations side by side).
//!
//! Each mounted tab takes the lowest free slot: slot 0 keeps the plain ids (`users-search`),
//! slot n prefixes them (`idl2-users-search`). A page with one tab — the standalone app, most
//! hosts — therefore sees stable ids, and labels, `aria-controls` and the like always point
//! inside their own tab.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

/// The id prefix of the tab being rendered.
#[derive(Clone, Debug)]
struct IdPrefix(Arc<str>);

static SLOTS: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());

/// Gives the tab rendered under the current owner its slot (released when the owner is
/// cleaned up) and makes [`scoped`] prefix its ids.
pub fn provide_id_scope() {
    let slot = {
        let mut used = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        let free = (0..).find(|n| !used.contains(n)).unwrap_or(0);
        used.insert(free);
        free
    };
    let prefix = if slot == 0 {
        String::new()
    } else {
        format!("idl{}-", slot + 1)
    };
    provide_context(IdPrefix(Arc::from(prefix)));
    on_cleanup(move || {
        SLOTS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&slot);
    });
}

/// The id scope in effect, carried into an owner that does not descend from the tab's (the
/// users table's bodies: `users_table::deferred_drop`).
#[derive(Clone, Debug)]
pub struct IdScope(Option<IdPrefix>);

impl IdScope {
    /// The scope under the current owner.
    pub fn current() -> Self {
        IdScope(use_context::<IdPrefix>())
    }

    /// Makes this the scope under the current owner.
    pub fn provide(&self) {
        if let Some(prefix) = &self.0 {
            provide_context(prefix.clone());
        }
    }
}

/// `base` as an element id of this tab (prefixed when another tab holds slot 0).
pub fn scoped(base: &str) -> String {
    match use_context::<IdPrefix>() {
        Some(IdPrefix(p)) if !p.is_empty() => format!("{p}{base}"),
        _ => base.to_owned(),
    }
}
