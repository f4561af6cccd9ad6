//! Typed client of the IdLCM API (`contract/openapi.yaml`): one function per operation, every
//! answer mapped to [`ApiError`], every request abortable and bounded by a timeout.

mod backoff;
mod client;
mod eager;
mod error;
mod events;
mod failures;
pub mod json;
mod runtime_config;
#[cfg(test)]
mod secrets_tests;
mod sync;

pub use client::{
    get_integration, get_integration_if_changed, get_me, get_user, integration_path,
    list_integrations, list_users, list_users_if_changed, retry_user, user_path, users_list_path,
    AbortHandle, Conditional,
};
pub use eager::{eager, Eager};
pub use error::{decode_success, error_from_response, ApiError, ErrorText};
pub use events::{events_path, list_user_events, newest_user_events_if_changed, EVENTS_PAGE_SIZE};
pub use failures::{
    cause_retry_outcome, failure_retry_path, failures_path, list_failures_if_changed,
    retry_failure_group,
};
pub use runtime_config::{ConfigFile, RuntimeConfig};
pub use sync::{may_have_started, start_sync, sync_error_text};

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// How requests authenticate.
#[derive(Clone, Default)]
pub enum Auth {
    /// The web app's session cookie (`credentials: same-origin`). The default.
    #[default]
    SameOriginCookie,
    /// The session cookie sent to an API on another origin too (`credentials: include`; the
    /// API must allow it with CORS).
    CrossOriginCookie,
    /// A token the host holds, asked for before every request and sent only in the
    /// `Authorization: Bearer …` header — never in a URL, storage or a log.
    Bearer(Rc<dyn Fn() -> Option<String>>),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a token.
        match self {
            Auth::SameOriginCookie => f.write_str("SameOriginCookie"),
            Auth::CrossOriginCookie => f.write_str("CrossOriginCookie"),
            Auth::Bearer(_) => f.write_str("Bearer(<provider>)"),
        }
    }
}

/// Where the API is and how to talk to it.
///
/// Made with [`ApiConfig::from_page`] (or `Default`) and the `with_…` methods, so that a new
/// setting is not a breaking change:
///
/// ```
/// use idlcm_users::{ApiConfig, Auth};
/// let config = ApiConfig::from_page()
///     .with_base_url("https://idlcm.example.com/api/v1")
///     .with_auth(Auth::SameOriginCookie);
/// assert_eq!(config.base_url, "https://idlcm.example.com/api/v1");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiConfig {
    /// Base of every path, `/api/v1` by default (same origin).
    pub base_url: String,
    /// Cookie or bearer token.
    pub auth: Auth,
    /// Per-attempt timeout; the request is aborted after it.
    pub timeout_ms: u32,
    /// Backoff before each automatic retry of a failed GET (5xx, network, timeout); its length
    /// is the number of retries. A 503's `Retry-After` waits longer, jitter adds up to a
    /// quarter, and no wait exceeds 10 s (`api/backoff.rs`). Tests shorten it.
    pub retry_delays_ms: Vec<u32>,
    /// Live updates: how often the tab refetches while jobs are awaiting or ongoing
    /// (default 5 s). Tests shorten it.
    pub poll_interval_ms: u32,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            base_url: contract::API_BASE.to_owned(),
            auth: Auth::SameOriginCookie,
            timeout_ms: 15_000,
            retry_delays_ms: vec![300, 900, 2_700],
            poll_interval_ms: 5_000,
        }
    }
}

impl ApiConfig {
    /// The same config with another API base (`/api/v1` by default, same origin).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The same config with another way to authenticate.
    pub fn with_auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The default config, with what the page's `<meta>` tags override (the standalone app):
    /// `<meta name="idlcm-timeout-ms" content="2000">` sets [`ApiConfig::timeout_ms`]
    /// (1 ms – 10 min; anything else is ignored). The e2e tests use it so a hung request times
    /// out in seconds, not 15 s. `<meta name="idlcm-poll-ms" content="500">` sets
    /// [`ApiConfig::poll_interval_ms`] (same range). Natively (unit tests) there is no page: the
    /// default.
    pub fn from_page() -> Self {
        let mut config = ApiConfig::default();
        if let Some(ms) = page_meta("idlcm-poll-ms").and_then(|v| parse_timeout_ms(&v)) {
            config.poll_interval_ms = ms;
        }
        if let Some(ms) = page_meta("idlcm-timeout-ms").and_then(|v| parse_timeout_ms(&v)) {
            config.timeout_ms = ms;
        }
        config
    }
}

/// A timeout from a meta tag's content: a whole number of milliseconds, 1 ms – 10 min.
pub fn parse_timeout_ms(text: &str) -> Option<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|ms| (1..=600_000).contains(ms))
}

#[cfg(target_arch = "wasm32")]
fn page_meta(name: &str) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    // `name` is one of our constants, never data: safe in a selector.
    doc.query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??
        .get_attribute("content")
}

#[cfg(not(target_arch = "wasm32"))]
fn page_meta(_name: &str) -> Option<String> {
    None
}

/// The config as a context value: contexts must be `Send + Sync`, the token provider is an
/// `Rc`, and everything runs on the browser's one thread.
#[derive(Clone)]
struct ApiContext(SendWrapper<ApiConfig>);

/// Makes `config` the API config of every component below.
pub fn provide_api_config(config: ApiConfig) {
    provide_context(ApiContext(SendWrapper::new(config)));
}

/// The API config provided above, or the default (`/api/v1`, session cookie).
pub fn use_api_config() -> ApiConfig {
    use_context::<ApiContext>()
        .and_then(|c| c.0.valid().then(|| (*c.0).clone()))
        .unwrap_or_default()
}
