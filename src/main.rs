//! The standalone single-page app: the integrations list and the Users tab at their own URLs.
//!
//! It reads an optional `config.json` next to `index.html` first (API base URL, auth mode, base
//! path: `idlcm_users::api::RuntimeConfig`), so one build serves any deployment.
//!
//! The same bundle embeds the tab in other pages: `embed.js` (written next to `index.html` by
//! `scripts/external_loader.py`) marks the page as a host before it starts the wasm, and the
//! host calls `mount` (src/embed.rs) itself.

use idlcm_users::api::{ApiConfig, RuntimeConfig};

fn main() {
    // Panics go to the console with a message instead of "unreachable executed", and the page
    // shows a "Something went wrong — reload" panel instead of freezing.
    idlcm_users::crash::install();
    if embedded() {
        return;
    }
    // wasm-bindgen-futures, not leptos::task: Leptos's executor starts with the first mount.
    wasm_bindgen_futures::spawn_local(async {
        let runtime = load_runtime_config().await;
        let config = runtime.apply(ApiConfig::from_page());
        let base = runtime.router_base();
        leptos::mount::mount_to_body(move || {
            leptos::view! { <idlcm_users::routes::App base=base config=config/> }
        });
    });
}

/// Whether a host page loaded the bundle through `embed.js` (`window.__idlcmEmbed`).
fn embedded() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__idlcmEmbed".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// `config.json` from the folder the app's files are served from (where the loader script
/// is, whatever the page's path); absent, unreadable or slow (2 s) means the defaults.
async fn load_runtime_config() -> RuntimeConfig {
    let Ok(controller) = web_sys::AbortController::new() else {
        return RuntimeConfig::default();
    };
    let signal = controller.signal();
    let _timeout = gloo_timers::callback::Timeout::new(2_000, move || controller.abort());
    let request = gloo_net::http::Request::get(&config_url())
        .header("Accept", "application/json")
        .abort_signal(Some(&signal))
        .build();
    let Ok(request) = request else {
        return RuntimeConfig::default();
    };
    match request.send().await {
        Ok(r) if r.ok() => r
            .text()
            .await
            .map(|text| RuntimeConfig::parse(&text))
            .unwrap_or_default(),
        _ => RuntimeConfig::default(),
    }
}

fn config_url() -> String {
    let dir = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("script[type=module][src]").ok().flatten())
        .and_then(|s| s.get_attribute("src"))
        .and_then(|src| src.rsplit_once('/').map(|(dir, _)| format!("{dir}/")))
        .unwrap_or_else(|| "/".to_owned());
    format!("{dir}config.json")
}
