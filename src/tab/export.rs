//! The CSV export's page loop: the table's query (search, filters, sort) fetched page by page
//! at the API's largest page size, each page's CSV text kept as one JS string (the decoded page
//! is dropped at once), one `Blob` built at the end and handed to the browser as a download.
//! Memory stays at one page plus the output; the event loop runs between pages so the page
//! keeps painting and Cancel keeps working. Nothing is downloaded unless every page arrived.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{list_users, use_api_config, AbortHandle, ApiConfig, ApiError};
use crate::components::export_csv::ExportCsv;
use crate::model::csv::{
    file_name, header_csv, page_csv, CsvEncoder, ExportStatus, EXPORT_PAGE_SIZE, MIME_TYPE,
};
use crate::model::UsersQuery;

/// How often one page may wait out a 429 before the export gives up.
const RATE_LIMIT_WAITS: u32 = 3;
/// Longest wait for one 429 (the server's `Retry-After`, capped).
const RATE_LIMIT_MAX_WAIT_S: u64 = 60;
/// How long the object URL outlives the click: the browser reads the blob asynchronously, so
/// revoking it at once could cancel the download.
const REVOKE_AFTER_MS: u32 = 60_000;

/// The Export CSV control of the toolbar, wired to the page loop.
#[component]
pub fn ExportButton(
    /// The integration whose accounts are exported.
    integration_id: Signal<String>,
    /// The table's list query (the export takes its search, filters and sort).
    #[prop(into)]
    list_key: Signal<UsersQuery>,
    /// The app's display name, for the file name.
    app_name: Signal<String>,
) -> impl IntoView {
    // Both hold `Rc`s (bearer-token provider, abort controller): local storage, not `Send`.
    let config = StoredValue::new_local(use_api_config());
    let handle = StoredValue::new_local(None::<AbortHandle>);
    let status = RwSignal::new(ExportStatus::Idle);

    let start = Callback::new(move |()| {
        if status.get_untracked().is_running() {
            return;
        }
        let abort = AbortHandle::new();
        handle.set_value(Some(abort.clone()));
        status.set(ExportStatus::Running {
            done: 0,
            total: None,
        });
        // The query as it is now: later changes of the table do not change this file.
        let key = list_key.get_untracked();
        let id = integration_id.get_untracked();
        let name = dated_file_name(&app_name.get_untracked());
        let config = config.get_value();
        leptos::task::spawn_local(async move {
            let result = fetch_all(&config, &id, &key, &abort, status).await;
            if abort.is_aborted() {
                // Cancel already said so; a late answer must not overwrite it.
                return;
            }
            let next = match result {
                Ok((parts, rows)) => match download(&parts, &name) {
                    Ok(()) => ExportStatus::Done { rows, file: name },
                    Err(e) => ExportStatus::Failed {
                        message: e.message().to_owned(),
                    },
                },
                Err(ApiError::Aborted) => ExportStatus::Cancelled,
                Err(e) => ExportStatus::Failed {
                    message: match e.request_id() {
                        Some(id) => format!("{e}. Request ID: {id}."),
                        None => format!("{e}."),
                    },
                },
            };
            let _ = status.try_set(next);
        });
    });
    let cancel = Callback::new(move |()| {
        if let Some(h) = handle.get_value() {
            h.abort();
        }
        if status.get_untracked().is_running() {
            status.set(ExportStatus::Cancelled);
        }
    });
    // Leaving the tab stops the export: no orphan requests, no surprise download.
    on_cleanup(move || {
        if let Some(Some(h)) = handle.try_get_value() {
            h.abort();
        }
    });

    view! {
        <ExportCsv
            status=status
            on_start=start
            on_cancel=cancel
            on_dismiss=Callback::new(move |()| status.set(ExportStatus::Idle))
        />
    }
}

/// The file name with today's local date.
fn dated_file_name(app_name: &str) -> String {
    let now = js_sys::Date::new_0();
    file_name(
        app_name,
        i32::try_from(now.get_full_year()).unwrap_or(1970),
        now.get_month() + 1,
        now.get_date(),
    )
}

/// Every page of `key` at [`EXPORT_PAGE_SIZE`], as Blob parts (header first), and the number of
/// rows. Reports progress into `status` after each page.
async fn fetch_all(
    config: &ApiConfig,
    integration_id: &str,
    key: &UsersQuery,
    abort: &AbortHandle,
    status: RwSignal<ExportStatus>,
) -> Result<(js_sys::Array, u64), ApiError> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(&header_csv()));
    let mut encoder = CsvEncoder::new();
    let mut page = 1u32;
    let mut done = 0u64;
    let mut waits = 0u32;
    loop {
        let query = key.export_page(page, EXPORT_PAGE_SIZE);
        let list = match list_users(config, integration_id, &query, abort).await {
            Ok(list) => list,
            Err(ApiError::RateLimited { retry_after_secs }) if waits < RATE_LIMIT_WAITS => {
                // The server asked to slow down: wait as long as it says, then the same page.
                waits += 1;
                let secs = retry_after_secs.unwrap_or(5).min(RATE_LIMIT_MAX_WAIT_S);
                TimeoutFuture::new(u32::try_from(secs * 1_000).unwrap_or(5_000)).await;
                if abort.is_aborted() {
                    return Err(ApiError::Aborted);
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        if abort.is_aborted() {
            return Err(ApiError::Aborted);
        }
        waits = 0;
        let meta = list.meta.page;
        parts.push(&JsValue::from_str(&page_csv(&mut encoder, &list.data)));
        done += list.data.len() as u64;
        let _ = status.try_set(ExportStatus::Running {
            done,
            total: Some(meta.total.max(done)),
        });
        if list.data.is_empty() || u64::from(page) >= meta.total_pages {
            return Ok((parts, done));
        }
        page += 1;
        // Back to the event loop before the next request: the page paints the progress and
        // handles input (Cancel) even when answers come back instantly.
        TimeoutFuture::new(0).await;
        if abort.is_aborted() {
            return Err(ApiError::Aborted);
        }
    }
}

/// Why the browser did not take the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownloadError {
    /// The `Blob` could not be built (out of memory, or the parts were refused).
    Blob,
    /// No object URL for the blob.
    ObjectUrl,
    /// No document to make the link in.
    Link,
}

impl DownloadError {
    /// What the export says. The steps differ for a developer, not for the user: the file did
    /// not reach the browser's downloads either way.
    pub fn message(self) -> &'static str {
        "The browser did not accept the file."
    }
}

/// Builds one Blob from the parts and saves it through an `<a download>` with an object URL,
/// revoked a minute later. `Err` says which step the browser refused.
fn download(parts: &js_sys::Array, name: &str) -> Result<(), DownloadError> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(MIME_TYPE);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &options)
        .map_err(|_| DownloadError::Blob)?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| DownloadError::ObjectUrl)?;
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(DownloadError::Link)?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    leptos::task::spawn_local(async move {
        TimeoutFuture::new(REVOKE_AFTER_MS).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}
