//! The in-memory data: integrations and their app accounts, the list query (filter, sort,
//! page) and the conversions to the wire types of the `contract` crate.
//!
//! Rows are kept compactly (roles and errors are indexes into static catalogues) and shared
//! copy-on-write (`Arc`), so a fresh app or a reset clones pointers, not 100,000 rows. Sorted
//! orders are cached per sort key and dropped only for the keys a change can affect.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use contract::{
    GrantedVia, GrantedViaType, IntegrationAttributes, LastError, MatchedUser, ProvisioningState,
    Resource, Role, RoleDetail, SortDirection, SortField, SortKey, UserStats,
};
use serde_json::{Map, Value};

use crate::time::rfc3339;

/// A role the external app knows.
#[derive(Debug)]
pub struct RoleDef {
    /// Role id (also its value in the app).
    pub id: &'static str,
    /// Name to show.
    pub display: &'static str,
    /// `primary` or `secondary`.
    pub group: &'static str,
    /// What the role is for.
    pub description: &'static str,
    /// Higher means more privilege.
    pub ranking: i64,
    /// Human-readable permissions.
    pub permissions: &'static [&'static str],
}

/// An app's role catalogue and the IdP groups that grant its roles.
#[derive(Debug)]
pub struct Catalog {
    /// Roles, indexed by [`Grant::role`].
    pub roles: &'static [RoleDef],
    /// IdP group names, indexed by [`Via::Group`].
    pub groups: &'static [&'static str],
}

/// A failure kind a job can end with.
#[derive(Debug)]
pub struct ErrorDef {
    /// Opaque code, e.g. `NotEnoughSeats`.
    pub code: &'static str,
    /// Plain-text explanation.
    pub message: &'static str,
    /// What an admin can do.
    pub user_action: Option<&'static str>,
    /// Whether the API will retry a row that failed this way.
    pub retryable: bool,
}

/// The Cerby user matched with an app account.
#[derive(Debug, Clone)]
pub struct Person {
    /// Workspace user id.
    pub id: Box<str>,
    /// Given name.
    pub first: Box<str>,
    /// Family name.
    pub last: Box<str>,
    /// Name to show.
    pub display: Box<str>,
    /// Email address.
    pub email: Box<str>,
}

/// How a role was granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Directly.
    Individual,
    /// Through the IdP group with this index in [`Catalog::groups`].
    Group(u16),
}

/// One role held by an account.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    /// Index into [`Catalog::roles`].
    pub role: u16,
    /// How it was granted.
    pub via: Via,
    /// When (Unix seconds).
    pub assigned_at: i64,
}

/// A failed job: index into the error catalogue and when it happened.
#[derive(Debug, Clone, Copy)]
pub struct Failure {
    /// Index into [`crate::seed::ERRORS`].
    pub kind: u8,
    /// Unix seconds.
    pub at: i64,
}

/// One app account (a row of the Users tab).
#[derive(Debug, Clone)]
pub struct UserRow {
    /// Row id (UUID).
    pub id: Box<str>,
    /// Matched Cerby user; `None` = unmatched.
    pub user: Option<Box<Person>>,
    /// Username in the app.
    pub username_in_app: Box<str>,
    /// Roles held.
    pub roles: Box<[Grant]>,
    /// Active in the app; `None` = the app does not say.
    pub active_in_app: Option<bool>,
    /// The IdP's id.
    pub upstream_user_id: Option<Box<str>>,
    /// Provisioning state.
    pub state: ProvisioningState,
    /// When the state changed (Unix seconds).
    pub state_updated_at: i64,
    /// Why the last job failed.
    pub failure: Option<Failure>,
    /// Whether a retry is allowed.
    pub can_retry: bool,
    /// Creation (Unix seconds).
    pub created_at: i64,
    /// Last change (Unix seconds).
    pub updated_at: i64,
    /// Simulator steps spent in the current state.
    pub sim_steps: u8,
    /// Lower-cased search text: display name, email, username, upstream id.
    pub hay: Box<str>,
    /// Raw attributes written through `PUT /dev/users/…`, merged over the rendered row.
    pub overrides: Option<Box<Map<String, Value>>>,
}

impl UserRow {
    /// Recomputes [`UserRow::hay`] after a field it covers changed.
    pub fn refresh_hay(&mut self) {
        // \u{1} between fields so a search never matches across two of them.
        let mut s = String::new();
        if let Some(p) = &self.user {
            s.push_str(&p.display);
            s.push('\u{1}');
            s.push_str(&p.email);
        }
        s.push('\u{1}');
        s.push_str(&self.username_in_app);
        s.push('\u{1}');
        if let Some(u) = &self.upstream_user_id {
            s.push_str(u);
        }
        self.hay = s.to_lowercase().into_boxed_str();
    }
}

/// Cached derived data of a table; replaced whenever the rows change.
#[derive(Debug, Default)]
struct TableCache {
    sorts: Mutex<HashMap<SortKey, Arc<Vec<u32>>>>,
    stats: OnceLock<UserStats>,
    columns: OnceLock<Columns>,
    hay: OnceLock<Arc<Hay>>,
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
}

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
    cache: Arc<TableCache>,
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
            Change::State => self
                .cache
                .sorts
                .lock()
                .unwrap()
                .iter()
                .filter(|(k, _)| {
                    !matches!(k.field, SortField::ProvisioningState | SortField::UpdatedAt)
                })
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
        };
        self.cache = Arc::new(TableCache {
            sorts: Mutex::new(keep),
            stats: OnceLock::new(),
            columns: OnceLock::new(),
            hay,
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
        if let Some(o) = self.cache.sorts.lock().unwrap().get(&key) {
            return o.clone();
        }
        // Computed outside the lock: a slow sort must not block readers of other keys.
        let o = Arc::new(compute_order(&self.rows, key));
        self.cache.sorts.lock().unwrap().insert(key, o.clone());
        o
    }

    /// Runs a list query: the page's row indexes and the number of matching rows.
    pub fn query(&self, q: &UsersQuery) -> (Vec<u32>, u64) {
        let order = self.order(q.sort);
        let offset = q.page.saturating_sub(1).saturating_mul(q.size);
        let filtered = q.states.is_some() || q.active.is_some() || q.matched.is_some();
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
    }
}

/// A validated users-list query.
#[derive(Debug, Clone, PartialEq)]
pub struct UsersQuery {
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
}

impl Default for UsersQuery {
    fn default() -> Self {
        UsersQuery {
            page: 1,
            size: u64::from(contract::DEFAULT_PAGE_SIZE),
            sort: SortKey::default(),
            states: None,
            active: None,
            matched: None,
            search: None,
        }
    }
}

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

impl IntegrationRec {
    /// The wire resource, with fresh user counts.
    pub fn to_wire(&self) -> contract::Integration {
        Resource {
            id: self.id.to_string(),
            kind: "integration".into(),
            attributes: IntegrationAttributes {
                label: self.label.to_string(),
                application: self.application.into(),
                application_display_name: self.application_display_name.into(),
                application_icon_url: None,
                business_id: self.business_id.as_deref().map(Into::into),
                scim_gateway_id: self.scim_gateway_id.as_deref().map(Into::into),
                idp: self.idp.into(),
                status: self.status.into(),
                last_synced_at: self.last_synced_at.map(rfc3339),
                created_at: rfc3339(self.created_at),
                updated_at: rfc3339(self.updated_at),
                user_stats: self.users.stats(),
            },
        }
    }

    fn role(&self, g: &Grant) -> Role {
        let d = &self.catalog.roles[g.role as usize];
        Role {
            id: d.id.into(),
            value: Some(d.id.into()),
            display_name: d.display.into(),
            group: Some(d.group.into()),
        }
    }

    fn attributes<R>(&self, r: &UserRow, roles: Vec<R>) -> contract::IntegrationUserAttributes<R> {
        contract::IntegrationUserAttributes {
            user: r.user.as_ref().map(|p| MatchedUser {
                id: p.id.to_string(),
                first_name: Some(p.first.to_string()),
                last_name: Some(p.last.to_string()),
                display_name: p.display.to_string(),
                email: p.email.to_string(),
                avatar_url: None,
            }),
            username_in_app: r.username_in_app.to_string(),
            app_access: roles,
            active_in_app: r.active_in_app,
            upstream_user_id: r.upstream_user_id.as_deref().map(Into::into),
            provisioning_state: r.state.clone(),
            provisioning_state_updated_at: Some(rfc3339(r.state_updated_at)),
            last_error: r.failure.map(|f| {
                let e = &crate::seed::ERRORS[f.kind as usize];
                LastError {
                    code: e.code.into(),
                    message: Some(e.message.into()),
                    user_action: e.user_action.map(Into::into),
                    occurred_at: Some(rfc3339(f.at)),
                }
            }),
            can_retry: r.can_retry,
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            dynamic_fields: None,
        }
    }

    /// A row as listed (`IntegrationUser`), overrides merged.
    pub fn user_wire(&self, r: &UserRow) -> Value {
        let roles = r.roles.iter().map(|g| self.role(g)).collect();
        let res = Resource {
            id: r.id.to_string(),
            kind: "integration_user".into(),
            attributes: self.attributes(r, roles),
        };
        with_overrides(serde_json::to_value(res).unwrap_or(Value::Null), r)
    }

    /// A row with role details and dynamic fields (`IntegrationUserDetail`), overrides merged.
    pub fn user_detail_wire(&self, r: &UserRow) -> Value {
        let roles = r
            .roles
            .iter()
            .map(|g| {
                let d = &self.catalog.roles[g.role as usize];
                RoleDetail {
                    role: self.role(g),
                    description: Some(d.description.into()),
                    ranking: Some(d.ranking),
                    permissions: d.permissions.iter().map(|p| (*p).into()).collect(),
                    granted_via: Some(match g.via {
                        Via::Individual => GrantedVia {
                            kind: GrantedViaType::Individual,
                            name: None,
                        },
                        Via::Group(i) => GrantedVia {
                            kind: GrantedViaType::IdpGroup,
                            name: Some(self.catalog.groups[i as usize].into()),
                        },
                    }),
                    assigned_at: Some(rfc3339(g.assigned_at)),
                }
            })
            .collect();
        let mut attrs = self.attributes(r, roles);
        attrs.dynamic_fields = Some(crate::seed::dynamic_fields(self, r));
        let res = Resource {
            id: r.id.to_string(),
            kind: "integration_user".into(),
            attributes: attrs,
        };
        with_overrides(serde_json::to_value(res).unwrap_or(Value::Null), r)
    }
}

fn with_overrides(mut v: Value, r: &UserRow) -> Value {
    if let (Some(o), Some(attrs)) = (&r.overrides, v.get_mut("attributes")) {
        if let Some(a) = attrs.as_object_mut() {
            for (k, val) in o.iter() {
                a.insert(k.clone(), val.clone());
            }
        }
    }
    v
}

/// Every integration, newest first.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// Integrations in list order (newest first).
    pub integrations: Vec<IntegrationRec>,
    index: HashMap<Box<str>, usize>,
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
}

/// Writes the attributes of an override into the typed row where they fit (so search, sort
/// and filters see them) and keeps the whole JSON to merge over the rendered row.
pub fn apply_override(row: &mut UserRow, o: Map<String, Value>) {
    if let Some(v) = o.get("usernameInApp").and_then(Value::as_str) {
        row.username_in_app = v.into();
    }
    match o.get("upstreamUserId") {
        Some(Value::String(s)) => row.upstream_user_id = Some(s.as_str().into()),
        Some(Value::Null) => row.upstream_user_id = None,
        _ => {}
    }
    match o.get("activeInApp") {
        Some(Value::Bool(b)) => row.active_in_app = Some(*b),
        Some(Value::Null) => row.active_in_app = None,
        _ => {}
    }
    if let Some(s) = o.get("provisioningState").and_then(Value::as_str) {
        row.state = ProvisioningState::from(s);
    }
    if let Some(b) = o.get("canRetry").and_then(Value::as_bool) {
        row.can_retry = b;
    }
    match o.get("user") {
        Some(Value::Null) => row.user = None,
        Some(Value::Object(u)) => {
            let s = |k: &str| u.get(k).and_then(Value::as_str).map(Box::<str>::from);
            let base = row.user.take().map(|p| *p).unwrap_or(Person {
                id: row.id.clone(),
                first: "".into(),
                last: "".into(),
                display: "".into(),
                email: "".into(),
            });
            row.user = Some(Box::new(Person {
                id: s("id").unwrap_or(base.id),
                first: s("firstName").unwrap_or(base.first),
                last: s("lastName").unwrap_or(base.last),
                display: s("displayName").unwrap_or(base.display),
                email: s("email").unwrap_or(base.email),
            }));
        }
        _ => {}
    }
    row.refresh_hay();
    let merged = match row.overrides.take() {
        Some(mut m) => {
            m.extend(o);
            m
        }
        None => Box::new(o),
    };
    row.overrides = Some(merged);
}
