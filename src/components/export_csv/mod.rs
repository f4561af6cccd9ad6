//! The "Export CSV" control: the button, and while an export runs a progress bar
//! ("2,300 of 10,000 users") with Cancel; afterwards what happened, with Retry and Close after an
//! error. Presentational: the page loop lives in `tab/export.rs` and reports an
//! [`ExportStatus`]. A polite live region announces start, finish, cancel and error.

use leptos::html;
use leptos::prelude::*;

use super::ids::scoped;

use crate::model::csv::{progress_percent, progress_text, ExportStatus};

/// Id of the Export CSV button.
pub const BUTTON_ID: &str = "export-csv";

/// The export button and its status.
#[component]
pub fn ExportCsv(
    /// Where the export stands.
    #[prop(into)]
    status: Signal<ExportStatus>,
    /// Starts an export (also Retry after an error).
    on_start: Callback<()>,
    /// Stops the export in flight.
    on_cancel: Callback<()>,
    /// Closes the error or result message.
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let button = NodeRef::<html::Button>::new();
    let running = Signal::derive(move || status.with(ExportStatus::is_running));
    // Cancel, Close and Retry disappear when pressed: focus goes back to the button rather
    // than to the document.
    let refocus = move || {
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    // The run ended by itself (done, failed) while focus was on Cancel: that button is gone,
    // so focus would fall to the document. Bring it back to the export button.
    Effect::new(move |was_running: Option<bool>| {
        let now = running.get();
        if was_running == Some(true) && !now {
            let lost = web_sys::window()
                .and_then(|w| w.document())
                .map(|d| {
                    d.active_element().is_none() || d.active_element() == d.body().map(Into::into)
                })
                .unwrap_or(false);
            if lost {
                refocus();
            }
        }
        now
    });
    let cancel = move |_| {
        on_cancel.run(());
        refocus();
    };
    let dismiss = move |_| {
        on_dismiss.run(());
        refocus();
    };
    let retry = move |_| {
        on_start.run(());
        refocus();
    };

    view! {
        <div class="export-csv">
            <button
                type="button"
                class="toolbar-button export-csv__button"
                id=scoped(BUTTON_ID)
                node_ref=button
                // aria-disabled rather than disabled: a disabled button drops keyboard focus.
                aria-disabled=move || running.get().then_some("true")
                on:click=move |_| {
                    if !running.get_untracked() {
                        on_start.run(());
                    }
                }
            >
                "Export CSV"
            </button>
            <p class="visually-hidden" role="status" id=scoped("export-csv-live")>
                {move || status.with(ExportStatus::announcement)}
            </p>
            {move || match status.get() {
                ExportStatus::Idle => None,
                ExportStatus::Running { done, total } => Some(
                    view! { <ExportProgress done=done total=total on_cancel=cancel/> }.into_any(),
                ),
                // Done and Cancelled: one sentence (one view type, less wasm).
                done_or_cancelled @ (ExportStatus::Done { .. } | ExportStatus::Cancelled) => {
                    let kind = if done_or_cancelled == ExportStatus::Cancelled {
                        "cancelled"
                    } else {
                        "done"
                    };
                    Some(
                        view! {
                            <div class="export-csv__panel" data-export=kind>
                                <p class="export-csv__text">{done_or_cancelled.announcement()}</p>
                            </div>
                        }
                        .into_any(),
                    )
                }
                ExportStatus::Failed { message } => Some(
                    view! {
                        <div class="export-csv__panel export-csv__panel--error" data-export="failed">
                            <p class="export-csv__text">
                                <strong>"Export failed. "</strong>
                                {message}
                                " Nothing was downloaded."
                            </p>
                            <button type="button" class="button button--primary" id=scoped("export-csv-retry") on:click=retry>
                                "Retry export"
                            </button>
                            <button type="button" class="button" id=scoped("export-csv-close") on:click=dismiss>
                                "Close"
                            </button>
                        </div>
                    }
                    .into_any(),
                ),
            }}
        </div>
    }
}

/// The bar, its text and Cancel. The bar's width is a CSS custom property set through the CSSOM:
/// a `style` attribute would break the strict CSP (`style-src 'self'`).
#[component]
fn ExportProgress(
    done: u64,
    total: Option<u64>,
    on_cancel: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let bar = NodeRef::<html::Div>::new();
    let percent = total.map(|t| progress_percent(done, t));
    Effect::new(move |_| {
        if let (Some(el), Some(p)) = (bar.get(), percent.as_deref()) {
            let _ = web_sys::HtmlElement::style(&el).set_property("--progress", p);
        }
    });
    let text = total
        .map(|t| progress_text(done, t))
        .unwrap_or_else(|| "Preparing…".to_owned());
    view! {
        <div class="export-csv__panel" data-export="running">
            <div
                class="export-csv__bar"
                class:export-csv__bar--indeterminate=total.is_none()
                node_ref=bar
                role="progressbar"
                aria-label="CSV export progress"
                aria-valuemin="0"
                aria-valuemax=total.map(|t| t.to_string())
                aria-valuenow=total.map(|_| done.to_string())
                aria-valuetext=text.clone()
            >
                <div class="export-csv__fill"></div>
            </div>
            <p class="export-csv__text" id=scoped("export-csv-progress")>{text}</p>
            <button type="button" class="button" id=scoped("export-csv-cancel") on:click=on_cancel>
                "Cancel export"
            </button>
        </div>
    }
}
