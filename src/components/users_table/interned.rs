//! The strings every row hands to the DOM, interned once.
//!
//! Each `setAttribute`/`createTextNode` from wasm copies the string out of linear memory and
//! decodes it with a `TextDecoder`; a row sets ~55 attributes, so creating 100 rows spent ~12 %
//! of its time in that decoding (bench/RESULTS.md, Chromium profile). With wasm-bindgen's
//! `enable-interning` feature, a string passed to JS is first looked up in a cache filled by
//! [`wasm_bindgen::intern`]: a hit passes a handle to the JS string made once. Only the
//! repeated, static strings are worth it (names, class lists, fixed values); per-row text
//! (names, ids) is not interned. A string missing here costs speed, never correctness.

/// Attribute names and the fixed values and classes of a row and its cells. Not the icons':
/// a row's `<svg>`s are clones of one built per kind (`components::icons`), so their attributes
/// never cross from wasm per row.
#[cfg(target_arch = "wasm32")]
const ROW_STRINGS: &[&str] = &[
    // Attribute names.
    "class",
    "title",
    "type",
    "aria-hidden",
    "aria-label",
    "aria-describedby",
    "scope",
    "role",
    "id",
    "data-row-id",
    "data-state",
    "tabindex",
    "width",
    "height",
    // Fixed values.
    "true",
    "false",
    "button",
    "checkbox",
    "row",
    "status",
    "",
    "--",
    "None",
    "Retry",
    // Classes.
    "users-table__row",
    "users-table__checkbox",
    "users-table__cell users-table__cell--check",
    "users-table__cell users-table__cell--user",
    "users-table__cell users-table__cell--username",
    "users-table__cell users-table__cell--access",
    "users-table__cell users-table__cell--active",
    "users-table__cell users-table__cell--upstream",
    "users-table__cell users-table__cell--state",
    "users-table__cell users-table__cell--synced",
    "datetime",
    "rel-time",
    "rel-time__text",
    "rel-time__tip",
    "rel-time rel-time--never",
    "Never",
    "user-cell",
    "user-cell__text",
    "user-cell__name user-cell__name--button",
    "user-cell__name",
    "user-cell__email",
    "truncate",
    "row-open truncate",
    "roles-cell",
    "roles-cell__name",
    "roles-cell__more",
    "visually-hidden",
    "upstream-id",
    "upstream-id upstream-id--none",
    "upstream-id__value truncate",
    "copy-button",
    "copy-button__button",
    "copy-button__status",
    "state-badge__label",
    "state-cell",
    "failure-tip",
    "state-button",
    "failure-tip__text",
    "row-retry",
];

/// Interns [`ROW_STRINGS`] and the per-state and per-value variants, once per page.
pub fn intern_row_strings() {
    // Native builds (unit tests) have no JS strings to cache.
    #[cfg(target_arch = "wasm32")]
    {
        use crate::model::view::{active_pill, badge_class, badge_label, AVATAR_TONES};
        use contract::ProvisioningState;
        use std::cell::Cell;
        thread_local!(static DONE: Cell<bool> = const { Cell::new(false) });
        if DONE.with(|d| d.replace(true)) {
            return;
        }
        for s in ROW_STRINGS {
            wasm_bindgen::intern(s);
        }
        for state in ProvisioningState::KNOWN {
            wasm_bindgen::intern(state.as_str());
            wasm_bindgen::intern(&badge_class(state));
            wasm_bindgen::intern(&badge_label(state));
        }
        for active in [Some(true), Some(false), None] {
            let (label, modifier) = active_pill(active);
            wasm_bindgen::intern(label);
            wasm_bindgen::intern(&format!("active-pill active-pill--{modifier}"));
        }
        for tone in 0..AVATAR_TONES {
            wasm_bindgen::intern(&format!("user-avatar user-avatar--tone-{tone}"));
        }
    }
}
