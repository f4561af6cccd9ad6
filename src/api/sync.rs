//! `POST …/sync`: start a sync of the whole integration (the header's Sync now), and what each
//! way it can fail says to the admin (docs/ARCHITECTURE.md, Errors to UI).

use contract::IntegrationResponse;
use gloo_net::http::Method;

use super::client::{integration_path, request_json, AbortHandle};
use super::error::ApiError;
use super::ApiConfig;

/// `POST /integrations/{id}/sync`: 202 with the integration as it is now (`in_progress`).
/// Never retried automatically: a second attempt could start a second sync.
pub async fn start_sync(
    config: &ApiConfig,
    integration_id: &str,
    abort: &AbortHandle,
) -> Result<IntegrationResponse, ApiError> {
    let url = format!(
        "{}/sync",
        integration_path(&config.base_url, integration_id)
    );
    request_json(config, Method::POST, &url, abort).await
}

/// What a failed `POST …/sync` means, in words; `None` when there is nothing to say (we
/// cancelled it).
pub fn sync_error_text(error: &ApiError) -> Option<String> {
    let text = match error {
        ApiError::Aborted => return None,
        ApiError::Conflict { .. } => "A sync is already running.".to_owned(),
        ApiError::Unauthorized => {
            "Your session has expired. Sign in again to start a sync.".to_owned()
        }
        ApiError::Forbidden { .. } => {
            "You don't have permission to sync this integration.".to_owned()
        }
        ApiError::NotFound => "This integration no longer exists.".to_owned(),
        ApiError::RateLimited { retry_after_secs } => match retry_after_secs {
            Some(secs) => format!("Too many requests. Try again in {secs} seconds."),
            None => "Too many requests. Try again in a moment.".to_owned(),
        },
        ApiError::Validation { message, .. } => format!("The sync was refused: {message}"),
        ApiError::Server { status, .. } => {
            format!("The server failed to start the sync (HTTP {status}). Try again later.")
        }
        ApiError::Unavailable { .. } => {
            "The service is unavailable. Try again in a few minutes.".to_owned()
        }
        ApiError::Network => {
            "Can't reach the server. Check your connection and try again.".to_owned()
        }
        // The request may have arrived: the next poll tells whether a sync runs.
        ApiError::Timeout => {
            "The server took too long to answer. The sync may have started.".to_owned()
        }
        ApiError::UnexpectedResponse { status, .. } if (200..300).contains(status) => {
            format!(
                "The server's answer could not be read (HTTP {status}). The sync may have started."
            )
        }
        ApiError::UnexpectedResponse { status, .. } => {
            format!("The server sent an unexpected response (HTTP {status}).")
        }
    };
    Some(match error.request_id() {
        Some(id) => format!("{text} Request ID: {id}"),
        None => text,
    })
}

/// Whether the sync may have started even though the answer was not a clean 202: the tab
/// then polls to learn the truth.
pub fn may_have_started(error: &ApiError) -> bool {
    match error {
        ApiError::Timeout => true,
        ApiError::UnexpectedResponse { status, .. } => (200..300).contains(status),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error_from_response;

    fn words(status: u16, body: &str) -> String {
        sync_error_text(&error_from_response(status, body, None, Some("req-7"))).unwrap()
    }

    #[test]
    fn a_conflict_says_a_sync_is_already_running() {
        let body =
            r#"{"errors":[{"code":"conflict","title":"Conflict","detail":"Busy","status":"409"}]}"#;
        assert_eq!(words(409, body), "A sync is already running.");
    }

    #[test]
    fn every_other_error_is_explained_in_words() {
        let forbidden = r#"{"errors":[{"code":"forbidden","title":"T","status":"403"}]}"#;
        assert_eq!(
            words(403, forbidden),
            "You don't have permission to sync this integration."
        );
        let limited = sync_error_text(&ApiError::RateLimited {
            retry_after_secs: Some(7),
        });
        assert_eq!(
            limited.as_deref(),
            Some("Too many requests. Try again in 7 seconds.")
        );
        assert_eq!(
            words(500, "<html>oops</html>"),
            "The server failed to start the sync (HTTP 500). Try again later. Request ID: req-7"
        );
        assert_eq!(
            sync_error_text(&ApiError::Network).as_deref(),
            Some("Can't reach the server. Check your connection and try again.")
        );
        assert_eq!(
            words(418, "<p>teapot</p>"),
            "The server sent an unexpected response (HTTP 418). Request ID: req-7"
        );
        assert_eq!(sync_error_text(&ApiError::Aborted), None);
    }

    #[test]
    fn an_unreadable_success_or_a_timeout_may_have_started_a_sync() {
        let odd = crate::api::decode_success::<IntegrationResponse>(202, "{\"data\": 1}", None)
            .unwrap_err();
        assert!(may_have_started(&odd));
        assert!(sync_error_text(&odd).unwrap().contains("may have started"));
        assert!(may_have_started(&ApiError::Timeout));
        assert!(!may_have_started(&ApiError::Network));
        assert!(!may_have_started(&ApiError::Conflict {
            message: String::new()
        }));
    }
}
