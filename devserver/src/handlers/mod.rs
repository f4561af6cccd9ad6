//! The API operations of `contract/openapi.yaml` over the seeded store: integrations,
//! their accounts and the single retry here; history, failures and sync in [`activity`].

mod activity;

pub use activity::{list_events, list_failures, retry_failures, sync};

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::{ListMeta, Page, PageMeta, Single, API_BASE, MAX_PAGE_SIZE};
use serde_json::Value;

use crate::auth::{Admin, Signed, Source, Viewer};
use crate::error::ApiError;
use crate::query::{integrations_query, links, users_query};
use crate::state::AppState;
use crate::store::{by_admin, Change, EventSpec, IntegrationRec, RetryRefusal, UserRow};
use crate::{seed, time};

/// FNV-1a: a stable, fast body hash for ETags.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `If-None-Match` names `etag` (weak comparison, lists, `*`).
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// `value` as a 200 JSON answer with an ETag, or 304 when the client has it already.
fn json_with_etag(
    headers: &HeaderMap,
    value: &impl serde::Serialize,
) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(with_etag(headers, body))
}

/// A 200 JSON answer (already serialised) with an ETag, or 304 when the client has it already.
fn with_etag(headers: &HeaderMap, body: Vec<u8>) -> Response {
    let etag = format!("\"{:016x}\"", fnv(&body));
    let etag_value = HeaderValue::from_str(&etag).expect("hex is a valid header value");
    if matches_etag(headers, &etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, etag_value);
        return res;
    }
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::ETAG, etag_value);
    res
}

fn page_meta(number: u64, size: u64, total: u64) -> (PageMeta, u64) {
    let total_pages = total.div_ceil(size);
    (
        PageMeta {
            number,
            size,
            max_size: u64::from(MAX_PAGE_SIZE),
            total,
            total_pages,
        },
        total_pages,
    )
}

/// `GET /me`.
pub async fn get_me(Signed(v): Signed) -> Json<contract::MeResponse> {
    Json(seed::me(&v.role))
}

/// `GET /integrations`.
pub async fn list_integrations(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let q = integrations_query(raw.as_deref())?;
    // Cheap copies (the rows are shared), so user counts are computed outside the lock.
    let hits: Vec<_> = state
        .read_store()
        .integrations
        .iter()
        .filter(|i| match &q.search {
            None => true,
            Some(s) => [&*i.label, i.application_display_name, i.application]
                .iter()
                .any(|f| f.to_lowercase().contains(s.as_str())),
        })
        .cloned()
        .collect();
    let total = hits.len() as u64;
    let (meta, total_pages) = page_meta(q.page, q.size, total);
    let start = q.page.saturating_sub(1).saturating_mul(q.size).min(total) as usize;
    let end = (start as u64 + q.size).min(total) as usize;
    let data = hits[start..end].iter().map(|i| i.to_wire()).collect();
    let page = Page {
        data,
        links: links(
            &format!("{API_BASE}/integrations"),
            q.page,
            q.size,
            total_pages,
            &q.echo,
        ),
        meta: ListMeta { page: meta },
    };
    json_with_etag(&headers, &page)
}

/// `GET /integrations/{integrationId}`.
pub async fn get_integration(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let rec = integration(&state, &id)?;
    json_with_etag(
        &headers,
        &Single {
            data: rec.to_wire(),
        },
    )
}

/// A copy of an integration (its rows are shared, not copied): work on it happens outside the
/// store lock, so a long sort never holds readers up behind a waiting writer.
fn integration(state: &AppState, id: &str) -> Result<IntegrationRec, ApiError> {
    state
        .read_store()
        .get(id)
        .cloned()
        .ok_or_else(|| no_integration(id))
}

fn no_integration(_id: &str) -> ApiError {
    ApiError::not_found("No integration with this id in the workspace.")
}

fn no_user() -> ApiError {
    ApiError::not_found("No user account with this id in the integration.")
}

/// The list operation without HTTP: validation, query, JSON body. Public through
/// [`crate::list_users_json`] for the benchmark.
pub fn list_users_body(state: &AppState, id: &str, raw: Option<&str>) -> Result<Vec<u8>, ApiError> {
    let (q, echo) = users_query(raw)?;
    let page = {
        let rec = integration(state, id)?;
        let (idx, total) = rec.users.query(&q);
        let rows = rec.users.rows();
        let data: Vec<Value> = idx
            .iter()
            .map(|&i| rec.user_wire(&rows[i as usize]))
            .collect();
        let (meta, total_pages) = page_meta(q.page, q.size, total);
        Page {
            data,
            links: links(
                &format!("{API_BASE}/integrations/{id}/users"),
                q.page,
                q.size,
                total_pages,
                &echo,
            ),
            meta: ListMeta { page: meta },
        }
    };
    serde_json::to_vec(&page).map_err(|e| ApiError::internal(e.to_string()))
}

/// `GET /integrations/{integrationId}/users`.
pub async fn list_users(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    // Off the async workers: a first sort of 100k rows must not stall other requests.
    let body = tokio::task::spawn_blocking(move || list_users_body(&state, &id, raw.as_deref()))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))??;
    Ok(with_etag(&headers, body))
}

/// `GET /integrations/{integrationId}/users/{integrationUserId}`.
pub async fn get_user(
    State(state): State<AppState>,
    _: Admin,
    Path((id, uid)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let rec = integration(&state, &id)?;
    let row = rec
        .users
        .rows()
        .iter()
        .find(|r| *r.id == *uid)
        .ok_or_else(no_user)?;
    Ok(Json(
        serde_json::json!({ "data": rec.user_detail_wire(row) }),
    ))
}

/// `POST /integrations/{integrationId}/users/{integrationUserId}/retry`.
pub async fn retry(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    headers: HeaderMap,
    Path((id, uid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    check_csrf(&viewer, &headers)?;
    let mut store = state.write_store();
    let (rec, events) = store
        .get_mut_with_events(&id)
        .ok_or_else(|| no_integration(&id))?;
    let pos = rec
        .users
        .rows()
        .iter()
        .position(|r| *r.id == *uid)
        .ok_or_else(no_user)?;
    let row = &rec.users.rows()[pos];
    let target = match row.retry_target() {
        Ok(t) => t,
        Err(RetryRefusal::NotRetryable) => {
            return Err(ApiError::conflict("This job cannot be retried."))
        }
        Err(RetryRefusal::NotFailed) => {
            return Err(ApiError::conflict(format!(
                "Only failed jobs can be retried; the account is {}.",
                row.state
            )))
        }
    };
    let now = time::now().max(row.updated_at + 1);
    let row = &mut rec.users.rows_mut(Change::State)[pos];
    let from = row.state.clone();
    row.requeue(target, now);
    events.record(&row.id, retry_event(&viewer, row, &from, now));
    let body = serde_json::json!({ "data": rec.user_wire(&rec.users.rows()[pos]) });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// Refuses a state change a cross-site form could have sent: cookie (and auto-login, which
/// stands for a browser session) requests need the header such a form cannot send; bearer
/// requests are not sent by browsers on their own.
fn check_csrf(viewer: &Viewer, headers: &HeaderMap) -> Result<(), ApiError> {
    if viewer.source == Source::Bearer {
        return Ok(());
    }
    let xrw = headers
        .get("x-requested-with")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("XMLHttpRequest"));
    if xrw {
        Ok(())
    } else {
        Err(ApiError::csrf())
    }
}

/// The event of an admin's retry: the job queued again, by name.
fn retry_event(
    viewer: &Viewer,
    row: &UserRow,
    from: &contract::ProvisioningState,
    at: i64,
) -> EventSpec {
    let who = by_admin(
        contract::TriggerKind::Retry,
        &seed::persona_name(&viewer.role),
    );
    EventSpec::new(
        at,
        crate::store::job_of(&row.state),
        contract::EventOutcome::Queued,
        who,
    )
    .moved(from, &row.state)
}

/// Any unknown `/api/...` path.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("No such API path.")
}
