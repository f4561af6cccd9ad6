//! `--upstream URL`: forwards `/api/v1/*` to a real Cerby-style API with the bearer token from
//! `IDLCM_UPSTREAM_TOKEN`, so the standalone tab can show an admin's own workspace.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The environment variable holding the upstream bearer token.
pub const TOKEN_ENV: &str = "IDLCM_UPSTREAM_TOKEN";

/// Request headers passed on (never cookies: the local session is not the upstream's).
const FORWARD: &[HeaderName] = &[
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
    header::CONTENT_TYPE,
    header::IF_NONE_MATCH,
];

/// Response headers passed back.
const BACK: &[HeaderName] = &[
    header::CONTENT_TYPE,
    header::ETAG,
    header::RETRY_AFTER,
    header::WWW_AUTHENTICATE,
    header::LOCATION,
];

/// The proxy target.
pub struct Upstream {
    base: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl Upstream {
    /// A proxy to `base` (the API root, e.g. `https://example.cerby.com/api/v1`).
    pub fn new(base: &str) -> Self {
        Upstream {
            base: base.trim_end_matches('/').to_owned(),
            token: std::env::var(TOKEN_ENV).ok().filter(|t| !t.is_empty()),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a plain reqwest client builds"),
        }
    }
}

/// The proxy target of an app, if it runs with `--upstream`; cheap to clone.
#[derive(Clone, Default)]
pub struct UpstreamTarget(pub Option<Arc<Upstream>>);

impl UpstreamTarget {
    /// The target for `--upstream base`, or none.
    pub fn new(base: Option<&str>) -> Self {
        UpstreamTarget(base.map(|b| Arc::new(Upstream::new(b))))
    }

    /// Whether API requests go to a real API.
    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }
}

/// Forwards one API request.
pub async fn proxy(State(target): State<UpstreamTarget>, req: Request) -> Response {
    let Some(up) = target.0.as_deref() else {
        return ApiError::internal("no upstream configured").into_response();
    };
    let path = req
        .uri()
        .path()
        .strip_prefix(contract::API_BASE)
        .unwrap_or("");
    let mut url = format!("{}{}", up.base, path);
    if let Some(q) = req.uri().query() {
        url.push('?');
        url.push_str(q);
    }
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "validation_error",
            "Body too large",
            "Request bodies are limited to 1 MiB.",
        )
        .into_response();
    };
    let mut out = up.client.request(parts.method.clone(), &url).body(body);
    for h in FORWARD {
        if let Some(v) = parts.headers.get(h) {
            out = out.header(h, v);
        }
    }
    if let Some(v) = parts.headers.get("x-requested-with") {
        out = out.header("x-requested-with", v);
    }
    // The admin's token, else whatever the host app sent.
    match (&up.token, parts.headers.get(header::AUTHORIZATION)) {
        (Some(t), _) => out = out.bearer_auth(t),
        (None, Some(a)) => out = out.header(header::AUTHORIZATION, a),
        (None, None) => {}
    }
    let res = match out.send().await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(target: "devserver::upstream", error = %e, "upstream unreachable");
            return ApiError::unavailable("The upstream API could not be reached.", Some(5))
                .into_response();
        }
    };
    let status = res.status();
    let mut headers = axum::http::HeaderMap::new();
    for h in BACK {
        if let Some(v) = res.headers().get(h) {
            headers.insert(h.clone(), v.clone());
        }
    }
    if let Some(v) = res.headers().get("x-request-id").cloned() {
        headers.insert("x-request-id", v);
    }
    let bytes = match res.bytes().await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::unavailable("The upstream API answer was cut off.", Some(5))
                .into_response()
        }
    };
    let mut out = Response::new(Body::from(bytes));
    *out.status_mut() = status;
    *out.headers_mut() = headers;
    if !out.headers().contains_key(header::CONTENT_TYPE) {
        out.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
    }
    out
}
