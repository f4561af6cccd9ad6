//! Every answer the UI distinguishes, and the mapping from an HTTP status and body. Which panel,
//! notice or banner each one becomes: docs/ARCHITECTURE.md, Errors to UI.

use contract::ErrorBody;

use super::json::{self, Wire};

/// Why a request did not give the data asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 401: no valid session or token.
    #[error("Your session has expired")]
    Unauthorized,
    /// 403: the workspace role may not see this (or the CSRF guard refused).
    #[error("You don't have access to this integration")]
    Forbidden {
        /// `meta.requiredRoles` wire values, when the API says.
        required_roles: Vec<String>,
    },
    /// 404: no such integration or account.
    #[error("Not found")]
    NotFound,
    /// 400 `validation_error`: a query parameter is malformed.
    #[error("{message}")]
    Validation {
        /// The offending parameter (`meta.loc`'s last element), e.g. `filter[matched]`.
        parameter: Option<String>,
        /// What is wrong, for the inline message.
        message: String,
    },
    /// 409: e.g. the job can no longer be retried.
    #[error("{message}")]
    Conflict {
        /// The API's explanation.
        message: String,
    },
    /// 429: throttled.
    #[error("Too many requests")]
    RateLimited {
        /// `Retry-After` (header, else `meta.retryAfterSeconds`).
        retry_after_secs: Option<u64>,
    },
    /// 5xx (other than 503), or a non-JSON 5xx page from a proxy.
    #[error("The server failed (HTTP {status})")]
    Server {
        /// The HTTP status.
        status: u16,
        /// `meta.requestId`, for support.
        request_id: Option<String>,
    },
    /// 503: maintenance or an upstream outage.
    #[error("The service is unavailable")]
    Unavailable {
        /// `Retry-After`, when given.
        retry_after_secs: Option<u64>,
        /// `meta.requestId`, for support.
        request_id: Option<String>,
    },
    /// The request never got an answer (offline, DNS, CORS, connection reset).
    #[error("Network error")]
    Network,
    /// No answer within the timeout; the request was aborted.
    #[error("The request timed out")]
    Timeout,
    /// An answer this client cannot read: a malformed 2xx body, or an unexpected status with a
    /// non-JSON body (an HTML page from a proxy).
    #[error("Unexpected response (HTTP {status})")]
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
        /// `meta.requestId` or the `X-Request-Id` header, when any.
        request_id: Option<String>,
    },
    /// Cancelled by us (a newer query replaced it, or the view went away): show nothing.
    #[error("Cancelled")]
    Aborted,
}

impl ApiError {
    /// Whether a GET should be tried again automatically (5xx, network, timeout).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Server { .. }
                | ApiError::Unavailable { .. }
                | ApiError::Network
                | ApiError::Timeout
        )
    }

    /// The request id to quote to support, when the server gave one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Server { request_id, .. }
            | ApiError::Unavailable { request_id, .. }
            | ApiError::UnexpectedResponse { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

fn parse_secs(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok()
}

/// Maps a non-2xx answer to an [`ApiError`]. The status decides; the body adds details. A body
/// that is not an error document (an HTML page from a proxy) keeps the status: 401 stays
/// "expired", 5xx is a server error, anything else is an unexpected response.
pub fn error_from_response(
    status: u16,
    body: &str,
    retry_after_header: Option<&str>,
    request_id_header: Option<&str>,
) -> ApiError {
    let parsed: Option<ErrorBody> = json::decode::<ErrorBody>(body)
        .ok()
        .filter(|b| !b.errors.is_empty());
    let first = parsed.as_ref().and_then(|b| b.errors.first());
    let request_id = first
        .and_then(|e| e.request_id())
        .or(request_id_header)
        .map(str::to_owned);
    let retry_after = retry_after_header.and_then(parse_secs).or_else(|| {
        first
            .and_then(|e| e.meta.get("retryAfterSeconds"))
            .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(parse_secs)))
    });

    let Some(err) = first else {
        return match status {
            401 => ApiError::Unauthorized,
            503 => ApiError::Unavailable {
                retry_after_secs: retry_after,
                request_id,
            },
            500..=599 => ApiError::Server { status, request_id },
            _ => ApiError::UnexpectedResponse { status, request_id },
        };
    };

    match status {
        400 => ApiError::Validation {
            parameter: err.parameter().map(str::to_owned),
            message: err
                .detail
                .clone()
                .filter(|d| !d.trim().is_empty())
                .or_else(|| Some(err.title.clone()).filter(|t| !t.trim().is_empty()))
                .unwrap_or_else(|| "A filter value was not accepted".to_owned()),
        },
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden {
            required_roles: err
                .meta
                .get("requiredRoles")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        },
        404 => ApiError::NotFound,
        409 => ApiError::Conflict {
            message: err
                .detail
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| "This job can no longer be retried".to_owned()),
        },
        429 => ApiError::RateLimited {
            retry_after_secs: retry_after,
        },
        503 => ApiError::Unavailable {
            retry_after_secs: retry_after,
            request_id,
        },
        500..=599 => ApiError::Server { status, request_id },
        _ => ApiError::UnexpectedResponse { status, request_id },
    }
}

/// The heading and message of the panel that shows an error with a Retry button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorText {
    /// The panel's heading.
    pub title: String,
    /// What happened and what to do.
    pub message: String,
}

impl ApiError {
    /// What the error panel says about this error.
    pub fn panel_text(&self) -> ErrorText {
        let (title, message) = match self {
            ApiError::RateLimited { retry_after_secs } => (
                "Too many requests",
                format!(
                    "The server asked us to slow down. Trying again in {} seconds.",
                    retry_after_secs.unwrap_or(5)
                ),
            ),
            ApiError::Timeout => (
                "The server took too long to answer",
                "Check your connection and try again.".to_owned(),
            ),
            ApiError::Network => (
                "Can't reach the server",
                "Check your connection and try again.".to_owned(),
            ),
            ApiError::UnexpectedResponse { status, .. } => (
                "Something went wrong",
                format!("The server sent an unexpected response (HTTP {status})."),
            ),
            ApiError::Unavailable { .. } => (
                "The service is unavailable",
                "It may be under maintenance. Try again in a few minutes.".to_owned(),
            ),
            e => ("Something went wrong", format!("{e}.")),
        };
        ErrorText {
            title: title.to_owned(),
            message,
        }
    }
}

/// Decodes a 2xx body; anything malformed is [`ApiError::UnexpectedResponse`], never a panic.
pub fn decode_success<T: Wire>(
    status: u16,
    body: &str,
    request_id_header: Option<&str>,
) -> Result<T, ApiError> {
    json::decode(body).map_err(|_| ApiError::UnexpectedResponse {
        status,
        request_id: request_id_header.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::IntegrationResponse;

    fn map(status: u16, body: &str) -> ApiError {
        error_from_response(status, body, None, None)
    }

    fn body(code: &str, status: &str, meta: &str) -> String {
        format!(
            r#"{{"errors":[{{"code":"{code}","title":"T","detail":"D","status":{status},"meta":{meta}}}]}}"#
        )
    }

    #[test]
    fn maps_every_contract_error() {
        assert_eq!(
            map(401, &body("unauthorized", "\"401\"", "{}")),
            ApiError::Unauthorized
        );
        assert_eq!(
            map(
                403,
                &body(
                    "Forbidden",
                    "403",
                    r#"{"requiredRoles":["workspace_owner","workspace_admin"]}"#
                )
            ),
            ApiError::Forbidden {
                required_roles: vec!["workspace_owner".into(), "workspace_admin".into()]
            }
        );
        assert_eq!(
            map(404, &body("NOT_FOUND", "\"404\"", "{}")),
            ApiError::NotFound
        );
        assert_eq!(
            map(
                400,
                &body(
                    "validation_error",
                    "\"400\"",
                    r#"{"loc":["query","filter[matched]"]}"#
                )
            ),
            ApiError::Validation {
                parameter: Some("filter[matched]".into()),
                message: "D".into()
            }
        );
        assert_eq!(
            map(409, &body("conflict", "\"409\"", "{}")),
            ApiError::Conflict {
                message: "D".into()
            }
        );
        assert_eq!(
            map(
                429,
                &body("rate_limited", "\"429\"", r#"{"retryAfterSeconds":7}"#)
            ),
            ApiError::RateLimited {
                retry_after_secs: Some(7)
            }
        );
        assert_eq!(
            error_from_response(429, &body("rate_limited", "429", "{}"), Some(" 3 "), None),
            ApiError::RateLimited {
                retry_after_secs: Some(3)
            }
        );
        assert_eq!(
            map(
                500,
                &body("internal_error", "\"500\"", r#"{"requestId":"req-9"}"#)
            ),
            ApiError::Server {
                status: 500,
                request_id: Some("req-9".into())
            }
        );
        assert_eq!(
            map(503, &body("service_unavailable", "503", "{}")),
            ApiError::Unavailable {
                retry_after_secs: None,
                request_id: None
            }
        );
    }

    #[test]
    fn non_json_bodies_keep_the_status() {
        let html = "<html><body>Bad gateway</body></html>";
        assert_eq!(
            map(502, html),
            ApiError::Server {
                status: 502,
                request_id: None
            }
        );
        assert_eq!(map(401, html), ApiError::Unauthorized);
        assert_eq!(
            map(418, html),
            ApiError::UnexpectedResponse {
                status: 418,
                request_id: None
            }
        );
        assert_eq!(
            error_from_response(500, "", None, Some("hdr-1")),
            ApiError::Server {
                status: 500,
                request_id: Some("hdr-1".into())
            }
        );
        // An empty errors list is not an error document either.
        assert_eq!(
            map(403, r#"{"errors":[]}"#),
            ApiError::UnexpectedResponse {
                status: 403,
                request_id: None
            }
        );
    }

    #[test]
    fn malformed_success_bodies_are_unexpected_responses() {
        let r: Result<IntegrationResponse, _> = decode_success(200, "<html>", Some("r1"));
        assert_eq!(
            r,
            Err(ApiError::UnexpectedResponse {
                status: 200,
                request_id: Some("r1".into())
            })
        );
        let r: Result<IntegrationResponse, _> = decode_success(200, r#"{"data":{"id":1}}"#, None);
        assert!(matches!(r, Err(ApiError::UnexpectedResponse { .. })));
    }

    #[test]
    fn retryable_errors() {
        assert!(ApiError::Network.is_retryable());
        assert!(ApiError::Timeout.is_retryable());
        assert!(ApiError::Server {
            status: 500,
            request_id: None
        }
        .is_retryable());
        assert!(!ApiError::Unauthorized.is_retryable());
        assert!(!ApiError::Aborted.is_retryable());
        assert!(!ApiError::RateLimited {
            retry_after_secs: None
        }
        .is_retryable());
        assert!(!ApiError::UnexpectedResponse {
            status: 200,
            request_id: None
        }
        .is_retryable());
    }

    #[test]
    fn each_retryable_error_has_its_own_panel_text() {
        let text = |e: ApiError| {
            let t = e.panel_text();
            (t.title, t.message)
        };
        assert_eq!(
            text(ApiError::RateLimited {
                retry_after_secs: Some(7)
            }),
            (
                "Too many requests".to_owned(),
                "The server asked us to slow down. Trying again in 7 seconds.".to_owned()
            )
        );
        assert_eq!(
            text(ApiError::RateLimited {
                retry_after_secs: None
            })
            .1,
            "The server asked us to slow down. Trying again in 5 seconds."
        );
        assert_eq!(
            text(ApiError::Timeout).0,
            "The server took too long to answer"
        );
        assert_eq!(text(ApiError::Network).0, "Can't reach the server");
        assert_eq!(
            text(ApiError::UnexpectedResponse {
                status: 418,
                request_id: None
            })
            .1,
            "The server sent an unexpected response (HTTP 418)."
        );
        assert_eq!(
            text(ApiError::Unavailable {
                retry_after_secs: None,
                request_id: None
            })
            .0,
            "The service is unavailable"
        );
        let server = ApiError::Server {
            status: 500,
            request_id: None,
        };
        assert_eq!(
            text(server.clone()),
            ("Something went wrong".to_owned(), format!("{server}."))
        );
    }
}
