//! Transport: gloo-net `fetch` with an `AbortController` per attempt, a timeout that aborts,
//! bounded retries for GETs (backoff, the server's `Retry-After`, jitter: `backoff.rs`), and
//! tolerant decoding (body read as text first).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::json::Wire;
use contract::{
    IntegrationList, IntegrationResponse, IntegrationUserDetail, IntegrationUserDetailResponse,
    IntegrationUserList, IntegrationUserResponse, MeResponse, Page, Single,
};
use gloo_net::http::{Method, RequestBuilder};

use super::backoff::{next_attempt, NextAttempt, RetryAfter};
use super::error::{decode_success, error_from_response, ApiError};
use super::{ApiConfig, Auth};
use crate::model::query::path_segment;
use crate::model::urlenc::join_pairs;
use crate::model::UsersQuery;

/// Cancels one logical request, including its pending retries. Cloning shares it.
#[derive(Clone, Default)]
pub struct AbortHandle {
    inner: Rc<AbortInner>,
}

#[derive(Default)]
struct AbortInner {
    aborted: Cell<bool>,
    controller: RefCell<Option<web_sys::AbortController>>,
}

impl AbortHandle {
    /// A handle that is not aborted.
    pub fn new() -> Self {
        Self::default()
    }

    /// Aborts the attempt in flight and any retry still to come.
    pub fn abort(&self) {
        self.inner.aborted.set(true);
        if let Some(c) = self.inner.controller.borrow_mut().take() {
            c.abort();
        }
    }

    /// Whether [`AbortHandle::abort`] was called.
    pub fn is_aborted(&self) -> bool {
        self.inner.aborted.get()
    }
}

/// `…/integrations/{id}`.
pub fn integration_path(base: &str, integration_id: &str) -> String {
    format!(
        "{}/integrations/{}",
        base.trim_end_matches('/'),
        path_segment(integration_id)
    )
}

/// `…/integrations/{id}/users?…` for a query.
pub fn users_list_path(base: &str, integration_id: &str, query: &UsersQuery) -> String {
    format!(
        "{}/users?{}",
        integration_path(base, integration_id),
        query.to_api_query()
    )
}

/// `…/integrations/{id}/users/{userId}`.
pub fn user_path(base: &str, integration_id: &str, user_id: &str) -> String {
    format!(
        "{}/users/{}",
        integration_path(base, integration_id),
        path_segment(user_id)
    )
}

struct RawAnswer {
    status: u16,
    body: String,
    retry_after: Option<String>,
    request_id: Option<String>,
    etag: Option<String>,
}

async fn send_once(
    config: &ApiConfig,
    method: Method,
    url: &str,
    if_none_match: Option<&str>,
    abort: &AbortHandle,
) -> Result<RawAnswer, ApiError> {
    if abort.is_aborted() {
        return Err(ApiError::Aborted);
    }
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let signal = controller.signal();
    *abort.inner.controller.borrow_mut() = Some(controller.clone());

    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let timed_out = timed_out.clone();
        let controller = controller.clone();
        gloo_timers::callback::Timeout::new(config.timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let classify = |_: gloo_net::Error| {
        if abort.is_aborted() {
            ApiError::Aborted
        } else if timed_out.get() {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    };

    let mut builder = RequestBuilder::new(url)
        .method(method)
        .header("Accept", "application/json")
        // The CSRF guard of state-changing requests; harmless on GETs.
        .header("X-Requested-With", "XMLHttpRequest")
        .credentials(if matches!(config.auth, Auth::CrossOriginCookie) {
            web_sys::RequestCredentials::Include
        } else {
            web_sys::RequestCredentials::SameOrigin
        })
        .abort_signal(Some(&signal));
    if let Some(tag) = if_none_match {
        // Set by the page, the browser passes a 304 through instead of answering from its cache.
        builder = builder.header("If-None-Match", tag);
    }
    if let Auth::Bearer(token) = &config.auth {
        if let Some(token) = token() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
    }
    let request = builder.build().map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(classify)?;
    let status = response.status();
    let headers = response.headers();
    let retry_after = headers.get("retry-after");
    let request_id = headers.get("x-request-id");
    let etag = headers.get("etag");
    // Read as text, decode later: a broken body can never panic or throw.
    let body = response.text().await.map_err(classify)?;
    drop(timer);
    abort.inner.controller.borrow_mut().take();
    Ok(RawAnswer {
        status,
        body,
        retry_after,
        request_id,
        etag,
    })
}

/// One request, decoded (a 304 is no success here): the path every operation takes.
pub(super) async fn request_json<T: Wire>(
    config: &ApiConfig,
    method: Method,
    url: &str,
    abort: &AbortHandle,
) -> Result<T, ApiError> {
    match request_conditional(config, method, url, None, abort).await? {
        Conditional::Modified { value, .. } => Ok(value),
        // Only sent when asked with a tag: without one a 304 is not a success.
        Conditional::NotModified => Err(ApiError::UnexpectedResponse {
            status: 304,
            request_id: None,
        }),
    }
}

/// The answer to a conditional GET (`If-None-Match`).
#[derive(Debug, Clone, PartialEq)]
pub enum Conditional<T> {
    /// 304: the resource is as it was when it had the tag sent.
    NotModified,
    /// A new body, with its `ETag` when the server gave one.
    Modified {
        /// The decoded body.
        value: T,
        /// The answer's `ETag`.
        etag: Option<String>,
    },
}

/// One request with an optional `If-None-Match`, decoded: a 304 comes back as
/// [`Conditional::NotModified`].
pub(super) async fn request_conditional<T: Wire>(
    config: &ApiConfig,
    method: Method,
    url: &str,
    if_none_match: Option<&str>,
    abort: &AbortHandle,
) -> Result<Conditional<T>, ApiError> {
    // Only the decoding depends on `T`: each answer type adds a small wrapper to the wasm, not
    // another copy of the retry loop.
    match request_with_retries(config, method, url, if_none_match, abort).await? {
        None => Ok(Conditional::NotModified),
        Some(raw) => {
            decode_success(raw.status, &raw.body, raw.request_id.as_deref()).map(|value| {
                Conditional::Modified {
                    value,
                    etag: raw.etag,
                }
            })
        }
    }
}

/// The request with its retries: a 2xx answer (`None` for a 304 to a conditional request),
/// else the error of the last attempt. A 2xx body that does not decode is not retried, so
/// decoding can follow.
async fn request_with_retries(
    config: &ApiConfig,
    method: Method,
    url: &str,
    if_none_match: Option<&str>,
    abort: &AbortHandle,
) -> Result<Option<RawAnswer>, ApiError> {
    let retries = if method == Method::GET {
        config.retry_delays_ms.as_slice()
    } else {
        &[]
    };
    let mut attempt = 0;
    loop {
        let mut retry_after_ms = None;
        let result = match send_once(config, method.clone(), url, if_none_match, abort).await {
            Ok(raw) if raw.status == 304 && if_none_match.is_some() => Ok(None),
            Ok(raw) if (200..300).contains(&raw.status) => Ok(Some(raw)),
            Ok(raw) => {
                // Seconds or an HTTP date, as a wait from now: the retry below waits for it,
                // and the UI's countdown of a 429 shows it in whole seconds.
                retry_after_ms = raw
                    .retry_after
                    .as_deref()
                    .and_then(RetryAfter::parse)
                    .map(|r| r.wait_ms(js_sys::Date::now()));
                let retry_after_secs = retry_after_ms.map(|ms| ms.div_ceil(1_000).to_string());
                Err(error_from_response(
                    raw.status,
                    &raw.body,
                    retry_after_secs.as_deref(),
                    raw.request_id.as_deref(),
                ))
            }
            Err(e) => Err(e),
        };
        let next = match &result {
            // 429 is not retried here: the tab shows the wait and tries again after it.
            Err(e) if e.is_retryable() => {
                next_attempt(retries, attempt, retry_after_ms, js_sys::Math::random())
            }
            _ => NextAttempt::GiveUp,
        };
        match next {
            NextAttempt::After { ms } => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(ms).await;
                if abort.is_aborted() {
                    return Err(ApiError::Aborted);
                }
            }
            NextAttempt::GiveUp => return result,
        }
    }
}

/// `GET /me`: the signed-in user and their workspace role.
pub async fn get_me(config: &ApiConfig, abort: &AbortHandle) -> Result<MeResponse, ApiError> {
    let url = format!("{}/me", config.base_url.trim_end_matches('/'));
    request_json(config, Method::GET, &url, abort).await
}

/// `GET /integrations`: one page of integrations, optionally searched.
pub async fn list_integrations(
    config: &ApiConfig,
    search: &str,
    page: u32,
    size: u32,
    abort: &AbortHandle,
) -> Result<IntegrationList, ApiError> {
    let mut pairs = vec![
        ("page[number]", page.max(1).to_string()),
        (
            "page[size]",
            size.clamp(1, contract::MAX_PAGE_SIZE).to_string(),
        ),
    ];
    if !search.trim().is_empty() {
        pairs.push(("search", search.trim().to_owned()));
    }
    let url = format!(
        "{}/integrations?{}",
        config.base_url.trim_end_matches('/'),
        join_pairs(pairs)
    );
    request_json(config, Method::GET, &url, abort).await
}

/// `GET /integrations/{id}`: header data and user counts.
pub async fn get_integration(
    config: &ApiConfig,
    integration_id: &str,
    abort: &AbortHandle,
) -> Result<IntegrationResponse, ApiError> {
    let url = integration_path(&config.base_url, integration_id);
    request_json(config, Method::GET, &url, abort).await
}

/// `GET /integrations/{id}/users`: one page of the table.
pub async fn list_users(
    config: &ApiConfig,
    integration_id: &str,
    query: &UsersQuery,
    abort: &AbortHandle,
) -> Result<IntegrationUserList, ApiError> {
    let url = users_list_path(&config.base_url, integration_id, query);
    request_json(config, Method::GET, &url, abort)
        .await
        .map(plain_roles)
}

/// A page read with role details (the drawer's decoder: one instead of two in the wasm), as
/// table rows.
fn plain_roles(page: Page<IntegrationUserDetail>) -> IntegrationUserList {
    Page {
        data: page
            .data
            .into_iter()
            .map(IntegrationUserDetail::into_row)
            .collect(),
        links: page.links,
        meta: page.meta,
    }
}

/// `GET /integrations/{id}` with `If-None-Match: etag` (polling): 304 costs no body.
pub async fn get_integration_if_changed(
    config: &ApiConfig,
    integration_id: &str,
    etag: Option<&str>,
    abort: &AbortHandle,
) -> Result<Conditional<IntegrationResponse>, ApiError> {
    let url = integration_path(&config.base_url, integration_id);
    request_conditional(config, Method::GET, &url, etag, abort).await
}

/// `GET /integrations/{id}/users` with `If-None-Match: etag` (polling): 304 costs no body.
pub async fn list_users_if_changed(
    config: &ApiConfig,
    integration_id: &str,
    query: &UsersQuery,
    etag: Option<&str>,
    abort: &AbortHandle,
) -> Result<Conditional<IntegrationUserList>, ApiError> {
    let url = users_list_path(&config.base_url, integration_id, query);
    Ok(
        match request_conditional(config, Method::GET, &url, etag, abort).await? {
            Conditional::NotModified => Conditional::NotModified,
            Conditional::Modified { value, etag } => Conditional::Modified {
                value: plain_roles(value),
                etag,
            },
        },
    )
}

/// `GET /integrations/{id}/users/{userId}`: one account with role details (the drawer).
pub async fn get_user(
    config: &ApiConfig,
    integration_id: &str,
    user_id: &str,
    abort: &AbortHandle,
) -> Result<IntegrationUserDetailResponse, ApiError> {
    let url = user_path(&config.base_url, integration_id, user_id);
    request_json(config, Method::GET, &url, abort).await
}

/// `POST /integrations/{id}/users/{userId}/retry`: queue the failed job again. Never retried
/// automatically (not idempotent from the user's point of view).
pub async fn retry_user(
    config: &ApiConfig,
    integration_id: &str,
    user_id: &str,
    abort: &AbortHandle,
) -> Result<IntegrationUserResponse, ApiError> {
    let url = format!(
        "{}/retry",
        user_path(&config.base_url, integration_id, user_id)
    );
    let answer: Single<IntegrationUserDetail> =
        request_json(config, Method::POST, &url, abort).await?;
    Ok(Single {
        data: answer.data.into_row(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_ids_and_keep_the_base() {
        assert_eq!(
            integration_path("/api/v1/", "d538"),
            "/api/v1/integrations/d538"
        );
        assert_eq!(
            user_path("/api/v1", "a/b", "c?d"),
            "/api/v1/integrations/a%2Fb/users/c%3Fd"
        );
        assert_eq!(
            users_list_path("/api/v1", "i", &UsersQuery::default()),
            "/api/v1/integrations/i/users?page%5Bnumber%5D=1&page%5Bsize%5D=25&sort=user"
        );
    }
}
