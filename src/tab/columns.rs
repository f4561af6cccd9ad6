//! Which columns the table shows: the column chooser's choice, remembered per browser in
//! `localStorage` (only column names and flags; a missing, corrupt or unreadable value means
//! the defaults, and storage that refuses writes only loses the memory, never the choice).

use leptos::prelude::*;

use crate::model::columns::{Column, ColumnSet, STORAGE_KEY};

/// The shown columns and the chooser's action.
#[derive(Clone, Copy)]
pub struct Columns {
    /// The columns shown now.
    pub shown: RwSignal<ColumnSet>,
    /// Shows or hides a column, and remembers the choice.
    pub toggle: Callback<Column>,
}

/// The column choice, read from this browser's storage once.
pub fn use_columns() -> Columns {
    let shown = RwSignal::new(ColumnSet::from_storage(read_stored().as_deref()));
    let toggle = Callback::new(move |column: Column| {
        let next = shown.get_untracked().toggled(column);
        shown.set(next);
        write_stored(&next.to_storage());
    });
    Columns { shown, toggle }
}

/// `localStorage`, when the page may use it (a sandboxed frame or a privacy setting may deny
/// it: then nothing is remembered).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read_stored() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

fn write_stored(value: &str) {
    if let Some(s) = storage() {
        // Full or refused: the choice still holds for this page.
        let _ = s.set_item(STORAGE_KEY, value);
    }
}
