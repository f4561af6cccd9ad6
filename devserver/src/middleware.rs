//! Cross-cutting layers: request ids, the access log, error bodies, API cache headers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ApiError;
use crate::ids;

/// The request counter of an app, part of its request ids; cheap to clone.
#[derive(Clone, Default)]
pub struct RequestIds(Arc<AtomicU64>);

fn process_salt() -> u64 {
    // Distinct per process so ids from two servers (e.g. proxy and upstream) never collide.
    static SALT: OnceLock<u64> = OnceLock::new();
    *SALT.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(7)
            ^ u64::from(std::process::id())
    })
}

/// Gives every request an id, renders pending error bodies with it, sets `X-Request-Id`,
/// and logs one line per request (method, path, status, time; never headers or cookies).
pub async fn request_id(State(seq): State<RequestIds>, req: Request, next: Next) -> Response {
    let n = seq.0.fetch_add(1, Ordering::Relaxed);
    let id = ids::uuid(process_salt(), &[n]);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let mut res = next.run(req).await;
    if res.status() == StatusCode::METHOD_NOT_ALLOWED && path.starts_with("/api/") {
        // axum answers 405 with an empty body; the contract wants an error body everywhere.
        let allow = res.headers().get(header::ALLOW).cloned();
        let e = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method not allowed",
            format!("{method} is not supported on this path."),
        );
        res = axum::response::IntoResponse::into_response(e);
        if let Some(a) = allow {
            res.headers_mut().insert(header::ALLOW, a);
        }
    }
    if let Some(e) = res.extensions_mut().remove::<ApiError>() {
        let body = serde_json::to_vec(&e.render(&id)).unwrap_or_default();
        res.headers_mut().remove(header::CONTENT_LENGTH);
        *res.body_mut() = Body::from(body);
    }
    // A proxied answer keeps the upstream's id: it is the one its error body and logs name.
    if !res.headers().contains_key("x-request-id") {
        if let Ok(v) = HeaderValue::from_str(&id) {
            res.headers_mut().insert("x-request-id", v);
        }
    }
    tracing::info!(
        target: "devserver::access",
        request_id = %id,
        %method,
        path = %path,
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    res
}

/// `Cache-Control: no-cache, private` on API answers: always revalidate (ETag), never shared.
pub async fn api_cache_control(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, private"),
    );
    res
}
