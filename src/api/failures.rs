//! Failures grouped by cause: `GET …/failures` (conditional, for the live polls) and
//! `POST …/failures/{code}/retry`, and what each error of the retry means in words.

use contract::{BulkRetryResponse, FailureGroupList};
use gloo_net::http::Method;

use super::client::{integration_path, request_conditional, request_json};
use super::{AbortHandle, ApiConfig, ApiError, Conditional};
use crate::model::causes::CauseRetryOutcome;
use crate::model::query::path_segment;

/// `…/integrations/{id}/failures`.
pub fn failures_path(base: &str, integration_id: &str) -> String {
    format!("{}/failures", integration_path(base, integration_id))
}

/// `…/integrations/{id}/failures/{code}/retry`, the code encoded as a path segment (codes are
/// opaque text).
pub fn failure_retry_path(base: &str, integration_id: &str, code: &str) -> String {
    format!(
        "{}/{}/retry",
        failures_path(base, integration_id),
        path_segment(code)
    )
}

/// `GET …/failures` with `If-None-Match: etag` (polling): 304 costs no body.
pub async fn list_failures_if_changed(
    config: &ApiConfig,
    integration_id: &str,
    etag: Option<&str>,
    abort: &AbortHandle,
) -> Result<Conditional<FailureGroupList>, ApiError> {
    let url = failures_path(&config.base_url, integration_id);
    request_conditional(config, Method::GET, &url, etag, abort).await
}

/// `POST …/failures/{code}/retry`: queue again every retryable failed job with this cause.
/// Never retried automatically (a state change).
pub async fn retry_failure_group(
    config: &ApiConfig,
    integration_id: &str,
    code: &str,
    abort: &AbortHandle,
) -> Result<BulkRetryResponse, ApiError> {
    let url = failure_retry_path(&config.base_url, integration_id, code);
    request_json(config, Method::POST, &url, abort).await
}

/// What the answer of a retry per cause means for the report (docs/ARCHITECTURE.md, Errors
/// to UI: a retry POST).
pub fn cause_retry_outcome(answer: &Result<BulkRetryResponse, ApiError>) -> CauseRetryOutcome {
    let words = match answer {
        Ok(r) => {
            return CauseRetryOutcome::Done {
                queued: r.meta.queued,
                skipped: r.meta.skipped,
            }
        }
        Err(ApiError::Conflict { .. }) => return CauseRetryOutcome::NoLongerRetryable,
        Err(ApiError::Forbidden { .. }) => {
            "You don't have permission to retry these jobs.".to_owned()
        }
        Err(ApiError::NotFound) => "The app has no failures with this cause any more.".to_owned(),
        Err(ApiError::RateLimited {
            retry_after_secs: Some(s),
        }) => format!("Too many requests. Try again in {s} s."),
        Err(ApiError::RateLimited { .. }) => "Too many requests. Try again shortly.".to_owned(),
        Err(ApiError::Unauthorized) => "Your session has expired. Sign in again.".to_owned(),
        Err(e) => match e.request_id() {
            Some(id) => format!("{e}. Request ID: {id}"),
            None => format!("{e}."),
        },
    };
    CauseRetryOutcome::Failed(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::BulkRetryMeta;

    #[test]
    fn paths_encode_the_code() {
        assert_eq!(
            failures_path("/api/v1/", "i"),
            "/api/v1/integrations/i/failures"
        );
        assert_eq!(
            failure_retry_path("/api/v1", "i", "Bad/Code?x"),
            "/api/v1/integrations/i/failures/Bad%2FCode%3Fx/retry"
        );
    }

    #[test]
    fn every_answer_has_words() {
        let ok = Ok(BulkRetryResponse {
            meta: BulkRetryMeta {
                queued: 1,
                skipped: 1,
            },
        });
        assert_eq!(
            cause_retry_outcome(&ok),
            CauseRetryOutcome::Done {
                queued: 1,
                skipped: 1
            }
        );
        let err = |e: ApiError| cause_retry_outcome(&Err(e));
        assert_eq!(
            err(ApiError::Conflict {
                message: "m".into()
            }),
            CauseRetryOutcome::NoLongerRetryable
        );
        let words = |e: ApiError| match err(e) {
            CauseRetryOutcome::Failed(w) => w,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            words(ApiError::Forbidden {
                required_roles: vec![]
            }),
            "You don't have permission to retry these jobs."
        );
        assert_eq!(
            words(ApiError::RateLimited {
                retry_after_secs: Some(7)
            }),
            "Too many requests. Try again in 7 s."
        );
        assert_eq!(words(ApiError::Network), "Network error.");
        assert_eq!(
            words(ApiError::Server {
                status: 500,
                request_id: Some("req-9".into())
            }),
            "The server failed (HTTP 500). Request ID: req-9"
        );
    }
}
