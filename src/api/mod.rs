//! Typed client of the IdLCM API (`contract/openapi.yaml`): one function per operation, every
//! answer mapped to [`ApiError`], every request abortable and bounded by a timeout.

mod client;
mod error;

pub use client::{
    get_integration, get_me, get_user, integration_path, list_integrations, list_users, retry_user,
    user_path, users_list_path, AbortHandle,
};
pub use error::{decode_success, error_from_response, ApiError};

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// How requests authenticate.
#[derive(Clone, Default)]
pub enum Auth {
    /// The web app's session cookie (`credentials: same-origin`). The default.
    #[default]
    SameOriginCookie,
    /// A token the host holds, asked for before every request and sent only in the
    /// `Authorization: Bearer …` header — never in a URL, storage or a log.
    Bearer(Rc<dyn Fn() -> Option<String>>),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a token.
        match self {
            Auth::SameOriginCookie => f.write_str("SameOriginCookie"),
            Auth::Bearer(_) => f.write_str("Bearer(<provider>)"),
        }
    }
}

/// Where the API is and how to talk to it.
#[derive(Clone, Debug)]
pub struct ApiConfig {
    /// Base of every path, `/api/v1` by default (same origin).
    pub base_url: String,
    /// Cookie or bearer token.
    pub auth: Auth,
    /// Per-attempt timeout; the request is aborted after it.
    pub timeout_ms: u32,
    /// Waits before each automatic retry of a failed GET (5xx, network, timeout); its length is
    /// the number of retries. Tests shorten it.
    pub retry_delays_ms: Vec<u32>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            base_url: contract::API_BASE.to_owned(),
            auth: Auth::SameOriginCookie,
            timeout_ms: 15_000,
            retry_delays_ms: vec![300, 900, 2_700],
        }
    }
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
