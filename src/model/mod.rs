//! Pure view-model logic: no DOM, unit-tested natively.

pub mod causes;
pub mod cells;
pub mod chips;
pub mod columns;
pub mod csv;
pub mod failure;
pub mod format;
#[cfg(test)]
mod fuzz_tests;
pub mod history;
pub mod live;
pub mod paging;
#[cfg(test)]
mod parity_corpus_tests;
pub mod query;
pub mod quick_filters;
pub mod retry;
pub mod rows;
pub mod sync;
pub mod urlenc;
pub mod view;

pub use query::{UsersQuery, PAGE_SIZES};
pub use rows::{PatchReport, RowField, RowStore, UserRow};
