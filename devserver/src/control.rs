//! `/dev/*` control endpoints for tests (only with `--faults`; 404 otherwise) and the CSP
//! report sink.

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::faults::FaultRule;
use crate::locks::lock;
use crate::state::AppState;
use crate::store::Change;
use crate::{seed, simulator};

/// Hides the control endpoints unless the app runs with `--faults`.
pub async fn gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.faults.enabled() {
        next.run(req).await
    } else {
        ApiError::not_found("Control endpoints need --faults.").into_response()
    }
}

fn bad_request(msg: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "validation_error",
        "Validation error",
        msg,
    )
}

fn parse<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| bad_request(e.to_string()))
}

/// `GET /dev/faults`.
pub async fn list_faults(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "faults": state.faults.list() }))
}

/// `PUT /dev/faults`: adds a rule (JSON [`FaultRule`]); answers the rule with its id.
pub async fn add_fault(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<FaultRule>, ApiError> {
    let rule: FaultRule = parse(&body)?;
    rule.check().map_err(bad_request)?;
    Ok(Json(state.faults.add(rule)))
}

/// `DELETE /dev/faults`: clears every rule.
pub async fn clear_faults(State(state): State<AppState>) -> Json<Value> {
    state.faults.clear();
    Json(json!({ "faults": [] }))
}

/// Body of `POST /dev/simulator`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SimSwitch {
    running: Option<bool>,
    tick_ms: Option<u64>,
}

/// `GET /dev/simulator`.
pub async fn sim_status(State(state): State<AppState>) -> Json<simulator::SimStatus> {
    Json(state.sim.status())
}

/// `POST /dev/simulator` `{"running": true, "tickMs": 200}`.
pub async fn sim_set(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<simulator::SimStatus>, ApiError> {
    let s: SimSwitch = parse(&body)?;
    state.sim.set(s.running, s.tick_ms);
    state.sim.ensure_loop();
    Ok(Json(state.sim.status()))
}

/// `POST /dev/simulator/step`: one step, now.
pub async fn sim_step(State(state): State<AppState>) -> Json<simulator::StepReport> {
    Json(state.sim.step())
}

/// `POST /dev/reset`: the seeded data again (faults and simulator switch are kept).
pub async fn reset(State(state): State<AppState>) -> Json<Value> {
    *state.write_store() = seed::seeded(state.config.seed);
    state.sim.reset_steps();
    Json(json!({ "reset": true, "seed": state.config.seed }))
}

/// `PUT /dev/users/{integrationId}/{userId}`: merges a JSON object over the row's attributes.
pub async fn override_user(
    State(state): State<AppState>,
    Path((id, uid)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let o: Map<String, Value> = parse(&body)?;
    let mut store = state.write_store();
    let rec = store
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found("No such integration."))?;
    let pos = rec
        .users
        .rows()
        .iter()
        .position(|r| *r.id == *uid)
        .ok_or_else(|| ApiError::not_found("No such user account."))?;
    let row = &mut rec.users.rows_mut(Change::Any)[pos];
    row.apply_override(o);
    row.updated_at = crate::time::now().max(row.updated_at + 1);
    Ok(Json(
        json!({ "data": rec.user_wire(&rec.users.rows()[pos]) }),
    ))
}

/// `GET /dev/requests`: the API requests received (count, per route, the last 2,000).
pub async fn list_requests(State(state): State<AppState>) -> Json<Value> {
    Json(state.faults.requests_json())
}

/// `DELETE /dev/requests`: starts the request log afresh.
pub async fn clear_requests(State(state): State<AppState>) -> Json<Value> {
    Json(state.faults.clear_requests())
}

/// `GET /dev/csp-reports`.
pub async fn csp_reports(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "count": state.csp_count.load(Ordering::Relaxed),
        "reports": *lock(&state.csp_reports),
    }))
}

/// `POST /csp-report`: logs and keeps a CSP violation report (any JSON, or text).
pub async fn csp_report(State(state): State<AppState>, body: Bytes) -> StatusCode {
    let body = &body[..body.len().min(64 * 1024)];
    let v: Value = serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
    tracing::warn!(target: "devserver::csp", report = %v, "CSP violation");
    state.csp_count.fetch_add(1, Ordering::Relaxed);
    let mut list = lock(&state.csp_reports);
    if list.len() >= 200 {
        list.remove(0);
    }
    list.push(v);
    StatusCode::NO_CONTENT
}
