//! Contract 1.1 operations: an account's provisioning history, failures grouped by cause with
//! a retry per cause, and starting a sync.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::{
    BulkRetryMeta, BulkRetryResponse, ListMeta, Page, ProvisioningEvent, Single, StatePhase,
    API_BASE,
};

use super::{
    check_csrf, integration, json_with_etag, no_integration, no_user, page_meta, retry_event,
};
use crate::auth::Admin;
use crate::error::ApiError;
use crate::query::{links, Params};
use crate::state::AppState;
use crate::store::Change;
use crate::sync::SyncRefusal;
use crate::{catalog, seed, time};

/// `GET /integrations/{integrationId}/users/{integrationUserId}/events`: newest first, ties
/// by id descending.
pub async fn list_events(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    Path((id, uid)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (number, size) = Params::parse(raw.as_deref()).page()?;
    let (mut all, pos) = {
        let store = state.read_store();
        let rec = store.get(&id).ok_or_else(|| no_integration(&id))?;
        let pos = rec
            .users
            .rows()
            .iter()
            .position(|r| *r.id == *uid)
            .ok_or_else(no_user)?;
        (store.events.of_row(&id, &rec.users.rows()[pos]), pos)
    };
    // What happened before the app started comes from the row as seeded (rows keep their
    // places, so the same position holds the same account).
    if let Some(base) = state.baseline.get(&id) {
        if let Some(row) = base.users.rows().get(pos).filter(|r| *r.id == *uid) {
            all.extend(seed::seeded_history(state.config.seed, base, row));
        }
    }
    all.sort_by(|a, b| {
        b.attributes
            .occurred_at
            .cmp(&a.attributes.occurred_at)
            .then_with(|| b.id.cmp(&a.id))
    });
    let total = all.len() as u64;
    let (meta, total_pages) = page_meta(number, size, total);
    let start = number.saturating_sub(1).saturating_mul(size).min(total) as usize;
    let end = (start as u64).saturating_add(size).min(total) as usize;
    let data: Vec<ProvisioningEvent> = all.drain(start..end).collect();
    let page = Page {
        data,
        links: links(
            &format!("{API_BASE}/integrations/{id}/users/{uid}/events"),
            number,
            size,
            total_pages,
            &[],
        ),
        meta: ListMeta { page: meta },
    };
    json_with_etag(&headers, &page)
}

/// `GET /integrations/{integrationId}/failures`.
pub async fn list_failures(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let rec = integration(&state, &id)?;
    // Off the async workers: the first count of a 100,000-row table takes a while.
    let groups = tokio::task::spawn_blocking(move || rec.users.failure_groups())
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    json_with_etag(&headers, &*groups)
}

/// `POST /integrations/{integrationId}/failures/{errorCode}/retry`: queues every retryable
/// failed row with this code again; counts the others as skipped.
pub async fn retry_failures(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    headers: HeaderMap,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    check_csrf(&viewer, &headers)?;
    if code.chars().count() > 100 {
        // Longer than any code can be (the contract's limit): no such cause.
        return Err(ApiError::not_found("No failure cause with this code."));
    }
    let kind = catalog::error_kind(&code);
    let mut store = state.write_store();
    let (rec, events) = store
        .get_mut_with_events(&id)
        .ok_or_else(|| no_integration(&id))?;
    let mut queue = Vec::new();
    let mut skipped = 0u64;
    for (i, r) in rec.users.rows().iter().enumerate() {
        let same_cause = r.failure.is_some_and(|f| Some(f.kind) == kind);
        if !same_cause || r.state.phase() != StatePhase::Failed {
            continue;
        }
        match r.retry_target() {
            Ok(t) => queue.push((i, t)),
            Err(_) => skipped += 1,
        }
    }
    if !queue.is_empty() {
        let now = time::now();
        let rows = rec.users.rows_mut(Change::State);
        for (i, target) in &queue {
            let row = &mut rows[*i];
            let from = row.state.clone();
            let at = now.max(row.updated_at + 1);
            row.requeue(target.clone(), at);
            events.record(&row.id, retry_event(&viewer, row, &from, at));
        }
    }
    let body = BulkRetryResponse {
        meta: BulkRetryMeta {
            queued: queue.len() as u64,
            skipped,
        },
    };
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// `POST /integrations/{integrationId}/sync`: 202 with the integration `in_progress`, 409
/// while a sync of it runs.
pub async fn sync(
    State(state): State<AppState>,
    Admin(viewer): Admin,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    check_csrf(&viewer, &headers)?;
    match state.syncer.start(&id, seed::persona_name(&viewer.role)) {
        Ok(data) => Ok((StatusCode::ACCEPTED, Json(Single { data })).into_response()),
        Err(SyncRefusal::NotFound) => Err(no_integration(&id)),
        Err(SyncRefusal::AlreadyRunning) => Err(ApiError::conflict(
            "A sync of this integration is already running.",
        )),
    }
}
