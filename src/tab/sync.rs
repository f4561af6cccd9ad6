//! Sync now: `POST …/sync` starts a sync of the whole integration; the integration's polls
//! (`live.rs`, which keep going while a sync runs) then say how it goes until it ends, and the
//! header shows the new Last synced time. A 409 means one already runs: the tab watches that
//! one. Other errors are said in words (docs/ARCHITECTURE.md, Errors to UI).

use leptos::prelude::*;

use super::live::Live;
use crate::api::{may_have_started, start_sync, sync_error_text, AbortHandle, ApiConfig, ApiError};
use crate::model::sync::{sync_view, SyncAsk, SyncControl, SyncInfo, SyncPhase, SyncView};

/// The Sync now controller's public face.
#[derive(Clone, Copy)]
pub struct Syncer {
    /// The button and its live status.
    pub view: Memo<SyncView>,
    /// Why the last press failed, in words.
    pub error: RwSignal<Option<String>>,
    /// When the integration last synced (RFC 3339 as it came), kept current by polls.
    pub last_synced: Signal<Option<String>>,
    /// Starts a sync (ignored while one runs).
    pub start: Callback<()>,
}

/// Sync now for the tab's integration; the request in flight is aborted when the caller's
/// owner is cleaned up.
pub fn use_sync(config: ApiConfig, integration_id: Signal<String>, live: Live) -> Syncer {
    let ask = RwSignal::new(SyncAsk::None);
    let error = RwSignal::new(None::<String>);
    // Hold `Rc`s (token provider, abort controller): local storage, not `Send`.
    let config = StoredValue::new_local(config);
    let in_flight = StoredValue::new_local(None::<AbortHandle>);
    on_cleanup(move || {
        if let Some(Some(a)) = in_flight.try_update_value(Option::take) {
            a.abort();
        }
    });
    let view = Memo::new(move |_| {
        live.sync
            .with(|s| sync_view(s.as_ref().unwrap_or(&SyncInfo::default()), ask.get()))
    });
    // A watched sync ended: what went wrong while starting it ("already running", "may have
    // started") is no longer true.
    Effect::new(move |was_running: Option<bool>| {
        let running = live
            .sync
            .with(|s| s.as_ref().is_some_and(|s| s.phase() == SyncPhase::Running));
        if was_running == Some(true) && !running && ask.get_untracked() == SyncAsk::Watching {
            error.set(None);
        }
        running
    });
    let start = Callback::new(move |()| {
        if view.get_untracked().control == SyncControl::Busy {
            return;
        }
        let abort = AbortHandle::new();
        if let Some(old) = in_flight
            .try_update_value(|a| a.replace(abort.clone()))
            .flatten()
        {
            old.abort();
        }
        ask.set(SyncAsk::Sending);
        error.set(None);
        let id = integration_id.get_untracked();
        let config = config.get_value();
        leptos::task::spawn_local(async move {
            let result = start_sync(&config, &id, &abort).await;
            if abort.is_aborted() {
                return;
            }
            let next = match result {
                Ok(answer) => {
                    let _ = live
                        .sync
                        .try_set(Some(SyncInfo::of(&answer.data.attributes)));
                    SyncAsk::Watching
                }
                Err(ApiError::Aborted) => return,
                Err(e) => {
                    let _ = error.try_set(sync_error_text(&e));
                    if matches!(e, ApiError::Conflict { .. }) {
                        // One runs already: show it running and watch it end.
                        let _ = live.sync.try_update(|s| {
                            *s = Some(s.clone().unwrap_or_default().running());
                        });
                        SyncAsk::Watching
                    } else if may_have_started(&e) {
                        live.refresh();
                        SyncAsk::Watching
                    } else {
                        SyncAsk::None
                    }
                }
            };
            let _ = ask.try_set(next);
        });
    });
    Syncer {
        view,
        error,
        last_synced: Signal::derive(move || {
            live.sync
                .with(|s| s.as_ref().and_then(|s| s.last_synced_at.clone()))
        }),
        start,
    }
}
