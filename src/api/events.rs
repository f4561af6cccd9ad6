//! `GET …/users/{id}/events`: one account's provisioning history, newest first, paged like the
//! list; the first page also conditionally (`If-None-Match`), for the drawer's live updates.

use contract::ProvisioningEventList;
use gloo_net::http::Method;

use super::client::{request_conditional, request_json, user_path, AbortHandle, Conditional};
use super::{ApiConfig, ApiError};
use crate::model::urlenc::join_pairs;

/// Events per page the drawer asks for: three pages hold a long history of 133 events.
pub const EVENTS_PAGE_SIZE: u32 = 50;

/// `…/integrations/{id}/users/{userId}/events?page[number]=n&page[size]=s`.
pub fn events_path(base: &str, integration_id: &str, user_id: &str, page: u64) -> String {
    let pairs = vec![
        ("page[number]", page.max(1).to_string()),
        ("page[size]", EVENTS_PAGE_SIZE.to_string()),
    ];
    format!(
        "{}/events?{}",
        user_path(base, integration_id, user_id),
        join_pairs(pairs)
    )
}

/// One page of the account's events (`page` from 1).
pub async fn list_user_events(
    config: &ApiConfig,
    integration_id: &str,
    user_id: &str,
    page: u64,
    abort: &AbortHandle,
) -> Result<ProvisioningEventList, ApiError> {
    let url = events_path(&config.base_url, integration_id, user_id, page);
    request_json(config, Method::GET, &url, abort).await
}

/// The newest page with `If-None-Match: etag` (polling): a 304 costs no body.
pub async fn newest_user_events_if_changed(
    config: &ApiConfig,
    integration_id: &str,
    user_id: &str,
    etag: Option<&str>,
    abort: &AbortHandle,
) -> Result<Conditional<ProvisioningEventList>, ApiError> {
    let url = events_path(&config.base_url, integration_id, user_id, 1);
    request_conditional(config, Method::GET, &url, etag, abort).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_path_encodes_ids_and_pages() {
        assert_eq!(
            events_path("/api/v1/", "a/b", "c?d", 0),
            "/api/v1/integrations/a%2Fb/users/c%3Fd/events?page%5Bnumber%5D=1&page%5Bsize%5D=50"
        );
        assert!(events_path("/api/v1", "i", "u", 3).contains("page%5Bnumber%5D=3"));
    }
}
