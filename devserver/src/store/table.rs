//! An integration's rows and the list query over them (filter, sort, page). Rows are shared
//! copy-on-write (`Arc`), so a fresh app or a reset clones pointers, not 100,000 rows. Sorted
//! orders and filter columns are cached per table and dropped only for what a change can
//! affect.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use contract::{ProvisioningState, SortDirection, SortField, SortKey, UserStats};

use super::row::UserRow;
use crate::catalog;
use crate::locks::lock;

/// Cached derived data of a table; replaced whenever the rows change.
#[derive(Debug, Default)]
pub(super) struct TableCache {
    sorts: Mutex<HashMap<SortKey, Arc<Vec<u32>>>>,
    stats: OnceLock<UserStats>,
    columns: OnceLock<Columns>,
    hay: OnceLock<Arc<Hay>>,
    /// The failure groups (see `failures.rs`).
    pub(super) failures: OnceLock<Arc<contract::FailureGroupList>>,
}

/// Filter fields as dense columns: scanning 100k rows through these stays in cache, where
/// chasing each row's heap data does not.
#[derive(Debug)]
struct Columns {
    /// `ProvisioningState::rank()` (11 = unknown).
    rank: Vec<u8>,
    /// 0 = false, 1 = true, 2 = null.
    active: Vec<u8>,
    matched: Vec<bool>,
    /// The failure kind of a row in a failed state; [`NO_ERROR`] otherwise.
    error: Vec<u8>,
}

/// The error column of a row that is not failed.
const NO_ERROR: u8 = u8::MAX;

/// Every row's search text in one buffer, so a search is one SIMD substring scan.
#[derive(Debug)]
struct Hay {
    text: Vec<u8>,
    /// Start of row i's text; one extra entry marks the end.
    starts: Vec<u32>,
}

impl Hay {
    fn build(rows: &[UserRow]) -> Hay {
        let mut text = Vec::with_capacity(rows.iter().map(|r| r.hay.len() + 1).sum());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        for r in rows {
            starts.push(text.len() as u32);
            text.extend_from_slice(r.hay.as_bytes());
            text.push(0);
        }
        starts.push(text.len() as u32);
        Hay { text, starts }
    }

    /// Which rows contain `needle` (wholly inside one row's text).
    fn matches(&self, needle: &[u8]) -> Vec<bool> {
        let n = self.starts.len() - 1;
        let mut hit = vec![false; n];
        let finder = memchr::memmem::Finder::new(needle);
        let mut pos = 0usize;
        while let Some(off) = finder.find(&self.text[pos..]) {
            let p = pos + off;
            let row = self.starts.partition_point(|&s| s as usize <= p) - 1;
            let end = self.starts[row + 1] as usize - 1;
            if p + needle.len() <= end {
                hit[row] = true;
                // One hit per row is enough: go on at the next row.
                pos = end + 1;
            } else {
                pos = p + 1;
            }
        }
        hit
    }
}

/// An integration's accounts, shared copy-on-write.
#[derive(Debug, Clone, Default)]
pub struct UserTable {
    rows: Arc<Vec<UserRow>>,
    pub(super) cache: Arc<TableCache>,
}

/// Which cached sort orders survive a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only the provisioning state and timestamps changed.
    State,
    /// Anything may have changed.
    Any,
}

impl UserTable {
    /// A table over these rows.
    pub fn new(rows: Vec<UserRow>) -> Self {
        UserTable {
            rows: Arc::new(rows),
            cache: Arc::default(),
        }
    }

    /// The rows.
    pub fn rows(&self) -> &[UserRow] {
        &self.rows
    }

    /// Mutable rows; drops the cached data `change` can affect.
    pub fn rows_mut(&mut self, change: Change) -> &mut Vec<UserRow> {
        let hay = OnceLock::new();
        if change == Change::State {
            if let Some(h) = self.cache.hay.get() {
                let _ = hay.set(h.clone());
            }
        }
        let keep: HashMap<SortKey, Arc<Vec<u32>>> = match change {
            Change::Any => HashMap::new(),
            Change::State => lock(&self.cache.sorts)
                .iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.field,
                        SortField::ProvisioningState
                            | SortField::UpdatedAt
                            | SortField::LastSyncedAt
                    )
                })
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
        };
        self.cache = Arc::new(TableCache {
            sorts: Mutex::new(keep),
            stats: OnceLock::new(),
            columns: OnceLock::new(),
            hay,
            failures: OnceLock::new(),
        });
        Arc::make_mut(&mut self.rows)
    }

    /// Unfiltered counts, all 11 states always present.
    pub fn stats(&self) -> UserStats {
        self.cache
            .stats
            .get_or_init(|| {
                let mut by: BTreeMap<String, u64> = ProvisioningState::KNOWN
                    .iter()
                    .map(|s| (s.as_str().to_owned(), 0))
                    .collect();
                let mut s = UserStats::default();
                for r in self.rows.iter() {
                    s.total += 1;
                    if r.user.is_some() {
                        s.matched += 1;
                    } else {
                        s.unmatched += 1;
                    }
                    if r.active_in_app == Some(true) {
                        s.active_in_app += 1;
                    }
                    *by.entry(r.state.as_str().to_owned()).or_default() += 1;
                }
                s.by_provisioning_state = by;
                s
            })
            .clone()
    }

    /// Row indexes in `key` order (cached).
    pub fn order(&self, key: SortKey) -> Arc<Vec<u32>> {
        if let Some(o) = lock(&self.cache.sorts).get(&key) {
            return o.clone();
        }
        // Computed outside the lock: a slow sort must not block readers of other keys.
        let o = Arc::new(compute_order(&self.rows, key));
        lock(&self.cache.sorts).insert(key, o.clone());
        o
    }

    /// Runs a list query: the page's row indexes and the number of matching rows.
    pub fn query(&self, q: &ListQuery) -> (Vec<u32>, u64) {
        let order = self.order(q.sort);
        let offset = q.page.saturating_sub(1).saturating_mul(q.size);
        let filtered = q.states.is_some()
            || q.active.is_some()
            || q.matched.is_some()
            || q.error_codes.is_some();
        if !filtered && q.search.is_none() {
            let total = order.len() as u64;
            let start = offset.min(total) as usize;
            let end = offset.saturating_add(q.size).min(total) as usize;
            return (order[start..end].to_vec(), total);
        }
        let cols = self.cache.columns.get_or_init(|| Columns {
            rank: self.rows.iter().map(|r| r.state.rank() as u8).collect(),
            active: self
                .rows
                .iter()
                .map(|r| match r.active_in_app {
                    Some(false) => 0,
                    Some(true) => 1,
                    None => 2,
                })
                .collect(),
            matched: self.rows.iter().map(|r| r.user.is_some()).collect(),
            error: self
                .rows
                .iter()
                .map(|r| match r.failure {
                    Some(f) if r.state.phase() == contract::StatePhase::Failed => f.kind,
                    _ => NO_ERROR,
                })
                .collect(),
        });
        // Codes the catalogue does not know match no row.
        let error_mask: Option<u32> = q.error_codes.as_ref().map(|codes| {
            codes
                .iter()
                .filter_map(|c| catalog::error_kind(c))
                .fold(0, |m, k| m | 1 << k)
        });
        let hits = q.search.as_deref().map(|s| {
            self.cache
                .hay
                .get_or_init(|| Arc::new(Hay::build(&self.rows)))
                .matches(s.as_bytes())
        });
        let state_mask: Option<u32> = q
            .states
            .as_ref()
            .map(|v| v.iter().fold(0, |m, s| m | 1 << s.rank()));
        let active = q.active.map(u8::from);
        let mut total = 0u64;
        let mut page = Vec::with_capacity(q.size.min(100) as usize);
        for &i in order.iter() {
            let iu = i as usize;
            if let Some(m) = state_mask {
                if m & (1 << cols.rank[iu]) == 0 {
                    continue;
                }
            }
            if active.is_some_and(|a| cols.active[iu] != a) {
                continue;
            }
            if q.matched.is_some_and(|m| cols.matched[iu] != m) {
                continue;
            }
            if let Some(m) = error_mask {
                let e = cols.error[iu];
                if e == NO_ERROR || m & (1 << e) == 0 {
                    continue;
                }
            }
            if hits.as_ref().is_some_and(|h| !h[iu]) {
                continue;
            }
            if total >= offset && total < offset.saturating_add(q.size) {
                page.push(i);
            }
            total += 1;
        }
        (page, total)
    }
}

/// Orders `a` before `b` by a key where `None` goes last in both directions.
fn cmp_opt<T: Ord>(a: Option<&T>, b: Option<&T>, desc: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Some(x), Some(y)) => {
            if desc {
                y.cmp(x)
            } else {
                x.cmp(y)
            }
        }
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}

/// Row indexes ordered by `key` (nulls last either way), ties by id ascending. Keys are
/// computed once and sorted next to the id: comparing through the rows (and lower-casing in
/// the comparator) was 10× slower, and far worse in debug builds.
fn sorted_by<'a, K: Ord>(
    rows: &'a [UserRow],
    desc: bool,
    key: impl Fn(&'a UserRow) -> Option<K>,
) -> Vec<u32> {
    let mut v: Vec<(Option<K>, &str, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (key(r), &*r.id, i as u32))
        .collect();
    v.sort_unstable_by(|a, b| cmp_opt(a.0.as_ref(), b.0.as_ref(), desc).then_with(|| a.1.cmp(b.1)));
    v.into_iter().map(|t| t.2).collect()
}

fn compute_order(rows: &[UserRow], key: SortKey) -> Vec<u32> {
    let desc = key.direction == SortDirection::Descending;
    match key.field {
        SortField::User => sorted_by(rows, desc, |r| {
            r.user.as_ref().map(|p| p.display.to_lowercase())
        }),
        SortField::UsernameInApp => {
            sorted_by(rows, desc, |r| Some(r.username_in_app.to_lowercase()))
        }
        SortField::ActiveInApp => sorted_by(rows, desc, |r| r.active_in_app),
        SortField::UpstreamUserId => sorted_by(rows, desc, |r| r.upstream_user_id.as_deref()),
        SortField::ProvisioningState => sorted_by(rows, desc, |r| Some(r.state.rank())),
        SortField::UpdatedAt => sorted_by(rows, desc, |r| Some(r.updated_at)),
        SortField::LastSyncedAt => sorted_by(rows, desc, |r| r.last_synced_at),
    }
}

/// A validated users-list query.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    /// Page number, from 1.
    pub page: u64,
    /// Page size, 1..=100.
    pub size: u64,
    /// Sort key.
    pub sort: SortKey,
    /// Any-of state filter.
    pub states: Option<Vec<ProvisioningState>>,
    /// `filter[activeInApp]`.
    pub active: Option<bool>,
    /// `filter[matched]`.
    pub matched: Option<bool>,
    /// Lower-cased, trimmed search text.
    pub search: Option<String>,
    /// `filter[errorCode]`: any-of, exact codes; selects failed rows only.
    pub error_codes: Option<Vec<String>>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            page: 1,
            size: u64::from(contract::DEFAULT_PAGE_SIZE),
            sort: SortKey::default(),
            states: None,
            active: None,
            matched: None,
            search: None,
            error_codes: None,
        }
    }
}
