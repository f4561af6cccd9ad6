//! Fault injection for tests (only with `--faults`): rules switched at run time through
//! `PUT /dev/faults`, applied per API route to the next N requests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{ApiError, RetryAfterForm, Variant};
use crate::locks::lock;
use crate::request_log::RequestLog;

/// The fault rules of an app and its request log; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct FaultRules(Arc<Faults>);

#[derive(Default)]
struct Faults {
    /// Whether the app runs with `--faults`: without it rules are never applied and no
    /// request is logged.
    enabled: bool,
    rules: Mutex<Vec<FaultRule>>,
    requests: Mutex<RequestLog>,
}

impl FaultRules {
    /// Rules for an app with (`enabled`) or without `--faults`.
    pub fn new(enabled: bool) -> Self {
        FaultRules(Arc::new(Faults {
            enabled,
            ..Faults::default()
        }))
    }

    /// Whether the app runs with `--faults`.
    pub fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// The rules, in the order they apply.
    pub fn list(&self) -> Vec<FaultRule> {
        lock(&self.0.rules).clone()
    }

    /// Adds a rule at the end and gives it the next id.
    pub fn add(&self, mut rule: FaultRule) -> FaultRule {
        let mut rules = lock(&self.0.rules);
        rule.id = rules.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        rules.push(rule.clone());
        rule
    }

    /// Removes every rule.
    pub fn clear(&self) {
        lock(&self.0.rules).clear();
    }

    /// The request log as JSON (see [`RequestLog::to_json`]).
    pub fn requests_json(&self) -> Value {
        lock(&self.0.requests).to_json()
    }

    /// Starts the request log afresh; answers the empty log.
    pub fn clear_requests(&self) -> Value {
        let mut log = lock(&self.0.requests);
        *log = RequestLog::default();
        log.to_json()
    }

    /// Takes the first rule for `route`, counting down `times`.
    fn take(&self, route: &str) -> Option<FaultRule> {
        let mut rules = lock(&self.0.rules);
        let pos = rules
            .iter()
            .position(|r| r.route == "*" || r.route == route)?;
        let rule = rules[pos].clone();
        if let Some(t) = &mut rules[pos].times {
            *t = t.saturating_sub(1);
            if *t == 0 {
                rules.remove(pos);
            }
        }
        Some(rule)
    }
}

/// Route names a rule can target (`*` = all).
pub const ROUTES: &[&str] = &[
    "me",
    "integrations",
    "integration",
    "users",
    "user",
    "retry",
    "events",
    "failures",
    "failures_retry",
    "sync",
    "*",
];

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer `status` with an error body (see `variant`, `body`).
    Status,
    /// Wait `latencyMs`, then answer normally.
    Latency,
    /// Never answer; drop the connection after `hangMs` (default 120 s).
    Hang,
    /// Close the connection without an answer.
    Drop,
    /// A truncated JSON body.
    MalformedJson,
    /// An HTML error page (default status 502).
    Html,
    /// No body at all.
    EmptyBody,
    /// `data` is not what the contract says (object instead of array, or the reverse).
    DataNotArray,
    /// Enum values the contract does not list.
    UnknownEnums,
    /// Unknown fields on every object.
    ExtraFields,
    /// `body` as the JSON answer, with `status` (default 200).
    Body,
}

/// One fault rule, as sent to `PUT /dev/faults`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Assigned by the server.
    #[serde(default)]
    pub id: u64,
    /// A name of [`ROUTES`]: `me`, `integrations`, `integration`, `users`, `user`, `retry`,
    /// `events`, `failures`, `failures_retry`, `sync`, or `*` for all.
    #[serde(default = "any_route")]
    pub route: String,
    /// What to do.
    pub kind: FaultKind,
    /// Status for `status`, `html`, `empty_body`, `malformed_json`, `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Apply to the next N matching requests only; absent = until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Delay before anything else (any kind).
    #[serde(default)]
    pub latency_ms: u64,
    /// How long `hang` holds the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hang_ms: Option<u64>,
    /// Error body spelling for `status`: `standard`, `numeric_status`, `capitalised_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// `Retry-After` seconds for `status` 429/503.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// How `Retry-After` is spelled: `seconds` (default) or `date` (an HTTP date).
    #[serde(default)]
    pub retry_after_form: RetryAfterForm,
    /// A JSON body to send instead (`status` and `body` kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

fn any_route() -> String {
    "*".into()
}

impl FaultRule {
    /// Checks the fields that serde cannot.
    pub fn check(&self) -> Result<(), String> {
        if !ROUTES.contains(&self.route.as_str()) {
            return Err(format!("route must be one of {ROUTES:?}"));
        }
        if let Some(s) = self.status {
            StatusCode::from_u16(s).map_err(|_| format!("bad status {s}"))?;
        }
        match self.variant.as_deref() {
            None
            | Some("standard" | "numeric_status" | "capitalised_code" | "capitalized_code") => {
                Ok(())
            }
            Some(v) => Err(format!("unknown variant {v}")),
        }
    }
}

/// Marker on a response that the server must close the connection without answering.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

fn dropped() -> Response {
    let mut res = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    res.extensions_mut().insert(DropConnection);
    res
}

/// The fault route name of an API route pattern.
fn route_name(pattern: &str) -> &'static str {
    let rest = pattern.trim_start_matches("/api/v1");
    match rest {
        "/me" => "me",
        "/integrations" => "integrations",
        _ if rest.contains("/failures/") && rest.ends_with("/retry") => "failures_retry",
        _ if rest.ends_with("/failures") => "failures",
        _ if rest.ends_with("/sync") => "sync",
        _ if rest.ends_with("/events") => "events",
        _ if rest.ends_with("/retry") => "retry",
        _ if rest.ends_with("/users") => "users",
        _ if rest.contains("/users/") => "user",
        _ => "integration",
    }
}

fn status_or(rule: &FaultRule, default: StatusCode) -> StatusCode {
    rule.status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(default)
}

fn raw(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut res = Response::new(body.into());
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

/// Middleware (route layer of the API) applying the first matching rule.
pub async fn inject(State(faults): State<FaultRules>, req: Request, next: Next) -> Response {
    if !faults.enabled() {
        return next.run(req).await;
    }
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| route_name(m.as_str()))
        .unwrap_or("*");
    lock(&faults.0.requests).record(route, req.method().as_str(), &req.uri().to_string());
    let Some(rule) = faults.take(route) else {
        return next.run(req).await;
    };
    if rule.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(rule.latency_ms)).await;
    }
    match rule.kind {
        FaultKind::Latency => next.run(req).await,
        FaultKind::Status => {
            let mut e = ApiError::for_status(status_or(&rule, StatusCode::INTERNAL_SERVER_ERROR));
            e.variant = match rule.variant.as_deref() {
                Some("numeric_status") => Variant::NumericStatus,
                Some("capitalised_code" | "capitalized_code") => Variant::CapitalisedCode,
                _ => Variant::Standard,
            };
            if rule.retry_after.is_some() {
                e.retry_after = rule.retry_after;
            }
            e.retry_after_form = rule.retry_after_form;
            e.body = rule.body.clone();
            e.into_response()
        }
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_millis(rule.hang_ms.unwrap_or(120_000))).await;
            dropped()
        }
        FaultKind::Drop => dropped(),
        FaultKind::MalformedJson => raw(
            status_or(&rule, StatusCode::OK),
            "application/json",
            r#"{"data": [{"id": "3f1c2b8e-5a0d-4c3e-9e2f-1b7d6a5c4e01", "type": "integration_user", "attributes": {"user": {"displayName": "Rach"#,
        ),
        FaultKind::Html => raw(
            status_or(&rule, StatusCode::BAD_GATEWAY),
            "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The proxy could not reach the API.</p><script>window.__injected = true</script><img src=x onerror=\"window.__injected = true\"></body></html>",
        ),
        FaultKind::EmptyBody => raw(status_or(&rule, StatusCode::OK), "application/json", Body::empty()),
        FaultKind::Body => raw(
            status_or(&rule, StatusCode::OK),
            "application/json",
            serde_json::to_vec(rule.body.as_ref().unwrap_or(&json!({}))).unwrap_or_default(),
        ),
        FaultKind::DataNotArray | FaultKind::UnknownEnums | FaultKind::ExtraFields => {
            // A revalidating browser (its HTTP cache sends If-None-Match) would get a 304 with
            // no body to rewrite, and the fault would silently not happen.
            let mut req = req;
            req.headers_mut().remove(header::IF_NONE_MATCH);
            let res = next.run(req).await;
            transform(res, rule.kind).await
        }
    }
}

/// Rewrites a JSON answer for the body-shape faults.
async fn transform(res: Response, kind: FaultKind) -> Response {
    if res.extensions().get::<ApiError>().is_some() || res.status() == StatusCode::NOT_MODIFIED {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 << 20).await else {
        return dropped();
    };
    let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    match kind {
        FaultKind::DataNotArray => {
            if let Some(d) = v.get_mut("data") {
                *d = match d.take() {
                    Value::Array(items) => json!({ "items": items }),
                    other => json!([other]),
                };
            }
        }
        FaultKind::UnknownEnums => unknown_enums(&mut v, None),
        _ => extra_fields(&mut v),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    Response::from_parts(
        parts,
        Body::from(serde_json::to_vec(&v).unwrap_or_default()),
    )
}

fn unknown_enums(v: &mut Value, parent: Option<&str>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                match (k.as_str(), parent, &*val) {
                    ("provisioningState", _, Value::String(_)) => *val = "quarantined".into(),
                    ("group", _, Value::String(_)) => *val = "tertiary".into(),
                    ("type", Some("grantedVia"), _) => *val = "scim_magic".into(),
                    ("role", _, Value::String(_)) => *val = "workspace_auditor".into(),
                    ("fromState" | "toState", _, Value::String(_)) => *val = "quarantined".into(),
                    ("job", _, Value::String(_)) => *val = "reconcile".into(),
                    ("outcome", _, Value::String(_)) => *val = "deferred".into(),
                    ("kind", Some("trigger"), _) => *val = "webhook".into(),
                    ("status", _, Value::String(s)) if s.parse::<u16>().is_err() => {
                        *val = "hibernating".into()
                    }
                    _ => unknown_enums(val, Some(k)),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| unknown_enums(x, parent)),
        _ => {}
    }
}

fn extra_fields(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.values_mut().for_each(extra_fields);
            m.insert(
                "xFutureField".into(),
                json!({"nested": [1, "two", null], "note": "ignore me"}),
            );
        }
        Value::Array(a) => a.iter_mut().for_each(extra_fields),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_names_follow_patterns() {
        assert_eq!(route_name("/api/v1/me"), "me");
        assert_eq!(route_name("/api/v1/integrations"), "integrations");
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}"),
            "integration"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/users"),
            "users"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/users/{user_id}"),
            "user"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/users/{user_id}/retry"),
            "retry"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/users/{user_id}/events"),
            "events"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/failures"),
            "failures"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/failures/{error_code}/retry"),
            "failures_retry"
        );
        assert_eq!(
            route_name("/api/v1/integrations/{integration_id}/sync"),
            "sync"
        );
    }

    #[test]
    fn unknown_enums_reach_nested_values() {
        let mut v = json!({"data": {"attributes": {"provisioningState": "onboarded",
            "appAccess": [{"group": "primary", "grantedVia": {"type": "individual"}}]}}});
        unknown_enums(&mut v, None);
        assert_eq!(v["data"]["attributes"]["provisioningState"], "quarantined");
        assert_eq!(v["data"]["attributes"]["appAccess"][0]["group"], "tertiary");
        assert_eq!(
            v["data"]["attributes"]["appAccess"][0]["grantedVia"]["type"],
            "scim_magic"
        );
    }
}
