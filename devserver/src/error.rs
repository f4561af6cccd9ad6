//! Error answers: `{"errors":[{code,title,detail,status,meta:{requestId,…}}]}`.
//!
//! Handlers return an [`ApiError`]; its response carries the error as an extension and the
//! request-id middleware renders the body, so every error gets `meta.requestId` without
//! threading the id through each handler.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// How an error body is spelled (fault injection exercises the client's tolerance).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Variant {
    /// `"status": "500"`, lower-case code: what the contract shows.
    #[default]
    Standard,
    /// `"status": 500`.
    NumericStatus,
    /// `"code": "Internal_error"`.
    CapitalisedCode,
}

/// An error answer (boxed: it travels in `Result`s on every hot path).
#[derive(Debug, Clone)]
pub struct ApiError(Box<ErrorData>);

impl std::ops::Deref for ApiError {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

/// The fields of an [`ApiError`].
#[derive(Debug, Clone)]
pub struct ErrorData {
    /// HTTP status.
    pub status: StatusCode,
    /// `validation_error`, `unauthorized`…
    pub code: String,
    /// Short summary.
    pub title: String,
    /// Longer text.
    pub detail: Option<String>,
    /// Extra members of `meta` (requestId is added when rendered).
    pub meta: Map<String, Value>,
    /// `Retry-After` seconds (also `meta.retryAfterSeconds`).
    pub retry_after: Option<u64>,
    /// How the `Retry-After` header spells it.
    pub retry_after_form: RetryAfterForm,
    /// Spelling of the body.
    pub variant: Variant,
    /// A whole body to send instead (fault injection).
    pub body: Option<Value>,
}

/// The two spellings of `Retry-After` (RFC 9110): delay-seconds, or an HTTP date that many
/// seconds from now (whole seconds: the wait a client computes is up to a second shorter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetryAfterForm {
    /// `Retry-After: 2`.
    #[default]
    Seconds,
    /// `Retry-After: Wed, 02 Dec 2026 16:20:02 GMT`.
    #[serde(rename = "date")]
    HttpDate,
}

impl ApiError {
    /// An error with the given status, code, title and detail.
    pub fn new(status: StatusCode, code: &str, title: &str, detail: impl Into<String>) -> Self {
        ApiError(Box::new(ErrorData {
            status,
            code: code.into(),
            title: title.into(),
            detail: Some(detail.into()),
            meta: Map::new(),
            retry_after: None,
            retry_after_form: RetryAfterForm::Seconds,
            variant: Variant::Standard,
            body: None,
        }))
    }

    /// 400 `validation_error` for a query parameter, with `meta.loc`, `msg` and `type`.
    pub fn validation(param: &str, msg: &str, kind: &str) -> Self {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "Validation error",
            msg,
        );
        e.meta.insert("loc".into(), json!(["query", param]));
        e.meta.insert("msg".into(), msg.into());
        e.meta.insert("type".into(), kind.into());
        e
    }

    /// 401 `unauthorized`.
    pub fn unauthorized() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "Your session has expired or the access token is not valid.",
        )
    }

    /// 403 `forbidden` with `meta.requiredRoles`.
    pub fn forbidden() -> Self {
        let mut e = ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Forbidden",
            "User does not have permission to perform this action.",
        );
        let roles: Vec<&str> = contract::WorkspaceRole::VIEWERS
            .iter()
            .map(|r| r.as_str())
            .collect();
        e.meta.insert("requiredRoles".into(), json!(roles));
        e
    }

    /// 403 `csrf`.
    pub fn csrf() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "Cross-site request refused",
            "Requests authenticated by a session cookie must send X-Requested-With: XMLHttpRequest.",
        )
    }

    /// 404 `not_found`.
    pub fn not_found(detail: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found", detail)
    }

    /// 409 `conflict`.
    pub fn conflict(detail: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    /// 429 `rate_limited` with `Retry-After`.
    pub fn rate_limited(secs: u64) -> Self {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests",
            format!("Rate limit exceeded; retry in {secs} s."),
        );
        e.retry_after = Some(secs);
        e
    }

    /// 500 `internal_error`.
    pub fn internal(detail: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Internal error",
            detail,
        )
    }

    /// 503 `service_unavailable`.
    pub fn unavailable(detail: impl Into<String>, retry_after: Option<u64>) -> Self {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "Service unavailable",
            detail,
        );
        e.retry_after = retry_after;
        e
    }

    /// The usual error for a status (fault injection picks statuses freely).
    pub fn for_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ApiError::validation(
                "page[size]",
                "value is not a valid integer",
                "type_error.integer",
            ),
            401 => ApiError::unauthorized(),
            403 => ApiError::forbidden(),
            404 => ApiError::not_found("No such resource."),
            409 => ApiError::conflict("The row cannot be retried in its current state."),
            429 => ApiError::rate_limited(2),
            503 => ApiError::unavailable("The service is down for maintenance.", Some(3)),
            500 => ApiError::internal("Something went wrong on our side."),
            _ => {
                let mut e = ApiError::internal(format!("Injected failure ({status})."));
                e.status = status;
                e
            }
        }
    }

    /// The JSON body for this error.
    pub fn render(&self, request_id: &str) -> Value {
        if let Some(b) = &self.body {
            return b.clone();
        }
        let mut meta = self.meta.clone();
        meta.insert("requestId".into(), request_id.into());
        if let Some(s) = self.retry_after {
            meta.insert("retryAfterSeconds".into(), s.into());
        }
        let status: Value = match self.variant {
            Variant::NumericStatus => self.status.as_u16().into(),
            _ => self.status.as_u16().to_string().into(),
        };
        let code = match self.variant {
            Variant::CapitalisedCode => {
                let mut c = self.code.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
            _ => self.code.clone(),
        };
        json!({"errors": [{
            "code": code,
            "title": self.title,
            "detail": self.detail,
            "status": status,
            "meta": meta,
        }]})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = self.status;
        let h = res.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        if let Some(s) = self.retry_after {
            let value = match self.retry_after_form {
                RetryAfterForm::Seconds => HeaderValue::from(s),
                RetryAfterForm::HttpDate => {
                    let at = std::time::SystemTime::now() + std::time::Duration::from_secs(s);
                    HeaderValue::from_str(&httpdate::fmt_http_date(at))
                        .unwrap_or_else(|_| HeaderValue::from(s))
                }
            };
            h.insert(header::RETRY_AFTER, value);
        }
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        res.extensions_mut().insert(self);
        res
    }
}
