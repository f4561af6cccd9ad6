//! Live updates: while the integration has awaiting or ongoing accounts or a sync runs, or right
//! after a retry, refetch the integration and the current page every `poll_interval_ms`.
//!
//! * Polls do not go through the list resource: no `<Transition>` pending state, no busy class,
//!   nothing re-rendered. The answer is patched into the row signals, so an unchanged poll
//!   touches no DOM and a changed row only its own cells.
//! * Conditional GETs: the last `ETag` per URL is sent as `If-None-Match`; a 304 is "unchanged".
//! * A one-second clock drives everything: it skips polls while the document is hidden, and
//!   `visibilitychange` to visible polls at once.
//! * Errors back off (interval, ×2 per failure, capped at 60 s); a 429 pauses until
//!   `Retry-After`; the banner says so with a countdown.

use std::collections::HashMap;

use contract::{PageMeta, ProvisioningState, UserStats};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{
    get_integration_if_changed, list_users_if_changed, AbortHandle, ApiConfig, ApiError,
    Conditional,
};
use crate::model::live::{backoff_ms, change_summary, has_work, LiveState};
use crate::model::sync::{SyncInfo, SyncPhase};
use crate::model::{RowField, RowStore, UsersQuery};

/// The live-update controller's public face: signals for the view and the actions.
#[derive(Clone, Copy)]
pub struct Live {
    /// The integration's latest counts (from its resource, then from polls).
    pub stats: RwSignal<Option<UserStats>>,
    /// When the table was last known current (ms since the epoch).
    pub last_updated: RwSignal<Option<f64>>,
    /// The clock (ms since the epoch), ticking while the tab is mounted.
    pub now: RwSignal<f64>,
    /// Errors and pauses, for the banner.
    pub state: RwSignal<LiveState>,
    /// The last change summary, for the polite live region.
    pub announcement: RwSignal<String>,
    /// Whether a poll is running.
    pub busy: RwSignal<bool>,
    /// The integration's sync status and last sync time (from its resource, then from polls
    /// and Sync now). Polling goes on while a sync runs.
    pub sync: RwSignal<Option<SyncInfo>>,
    ctx: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    config: ApiConfig,
    store: RowStore,
    integration_id: Signal<String>,
    list_key: Memo<UsersQuery>,
    outcome: RwSignal<Option<Result<PageMeta, ApiError>>>,
    interval_ms: u32,
    next_due: f64,
    failures: u32,
    force: bool,
    /// Retry requests are in flight: a poll now could answer with the rows as they were
    /// before and undo the flip to awaiting.
    held: bool,
    boost_until: f64,
    integration_etag: Option<String>,
    page_etags: HashMap<String, String>,
    abort: Option<AbortHandle>,
    timer: Option<gloo_timers::callback::Interval>,
    on_visibility: Option<Closure<dyn Fn()>>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `document.visibilityState == "hidden"`, read as a property so a test can override it.
pub(super) fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| js_sys::Reflect::get(&d, &"visibilityState".into()).ok())
        .and_then(|v| v.as_string())
        .is_some_and(|s| s == "hidden")
}

impl Live {
    /// Starts live updates for the tab; they stop when the calling owner is cleaned up.
    pub fn start(
        config: ApiConfig,
        store: RowStore,
        integration_id: Signal<String>,
        list_key: Memo<UsersQuery>,
        outcome: RwSignal<Option<Result<PageMeta, ApiError>>>,
    ) -> Live {
        let interval_ms = config.poll_interval_ms.max(1);
        let now = now_ms();
        let live = Live {
            stats: RwSignal::new(None),
            last_updated: RwSignal::new(None),
            now: RwSignal::new(now),
            state: RwSignal::new(LiveState::Ok),
            announcement: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            sync: RwSignal::new(None),
            ctx: StoredValue::new_local(Inner {
                config,
                store,
                integration_id,
                list_key,
                outcome,
                interval_ms,
                next_due: now + f64::from(interval_ms),
                failures: 0,
                force: false,
                held: false,
                boost_until: 0.0,
                integration_etag: None,
                page_etags: HashMap::new(),
                abort: None,
                timer: None,
                on_visibility: None,
            }),
        };
        let period = (interval_ms / 2).clamp(50, 1_000);
        let timer = gloo_timers::callback::Interval::new(period, move || live.tick());
        let on_visibility = Closure::<dyn Fn()>::new(move || {
            if !document_hidden() {
                live.refresh();
            }
        });
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        live.ctx.update_value(|c| {
            c.timer = Some(timer);
            c.on_visibility = Some(on_visibility);
        });
        on_cleanup(move || {
            let _ = live.ctx.try_update_value(|c| {
                if let Some(t) = c.timer.take() {
                    t.cancel();
                }
                if let Some(a) = c.abort.take() {
                    a.abort();
                }
                if let Some(cb) = c.on_visibility.take() {
                    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                        let _ = doc.remove_event_listener_with_callback(
                            "visibilitychange",
                            cb.as_ref().unchecked_ref(),
                        );
                    }
                }
            });
        });
        live
    }

    /// The list resource showed a fresh page: the next poll is one interval away.
    pub fn mark_loaded(&self) {
        let now = now_ms();
        let _ = self.last_updated.try_set(Some(now));
        let _ = self.ctx.try_update_value(|c| {
            c.next_due = now + f64::from(c.interval_ms);
        });
    }

    /// Poll now (the Refresh button, the document shown again).
    pub fn refresh(&self) {
        let _ = self.ctx.try_update_value(|c| c.force = true);
        self.tick();
    }

    /// Retries are being sent: no poll until [`Live::after_retry`], and the one in flight is
    /// dropped (its answer may predate them).
    pub fn hold(&self) {
        let _ = self.ctx.try_update_value(|c| {
            c.held = true;
            if let Some(old) = c.abort.take() {
                old.abort();
            }
        });
    }

    /// A retry was queued: poll now and keep polling for a while even if the counts look idle.
    pub fn after_retry(&self) {
        let now = now_ms();
        let _ = self.ctx.try_update_value(|c| {
            c.held = false;
            c.boost_until = now + 3.0 * f64::from(c.interval_ms);
        });
        self.refresh();
    }

    fn tick(&self) {
        let now = now_ms();
        if self.now.try_set(now).is_some() {
            // Disposed.
            return;
        }
        if document_hidden()
            || self.busy.get_untracked()
            || self.ctx.try_with_value(|c| c.held).unwrap_or(false)
        {
            return;
        }
        if let LiveState::RateLimited { until } = self.state.get_untracked() {
            if now < until {
                return;
            }
        }
        let active = self
            .stats
            .with_untracked(|s| s.as_ref().is_some_and(has_work))
            || self
                .sync
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.phase() == SyncPhase::Running));
        let due = self
            .ctx
            .try_with_value(|c| {
                let loaded = c.outcome.with_untracked(|o| matches!(o, Some(Ok(_))));
                loaded && (c.force || ((active || now < c.boost_until) && now >= c.next_due))
            })
            .unwrap_or(false);
        if due {
            let live = *self;
            leptos::task::spawn_local(async move { live.poll().await });
        }
    }

    async fn poll(self) {
        let Some((config, store, id, key, integration_etag, abort)) =
            self.ctx.try_update_value(|c| {
                c.force = false;
                if let Some(old) = c.abort.take() {
                    old.abort();
                }
                let abort = AbortHandle::new();
                c.abort = Some(abort.clone());
                let mut config = c.config.clone();
                // A poll is retried by the next poll, not by the client's backoff.
                config.retry_delays_ms.clear();
                (
                    config,
                    c.store.clone(),
                    c.integration_id.get_untracked(),
                    c.list_key.get_untracked(),
                    c.integration_etag.clone(),
                    abort,
                )
            })
        else {
            return;
        };
        self.busy.set(true);
        let result = self
            .poll_once(&config, &store, &id, &key, integration_etag, &abort)
            .await;
        let now = now_ms();
        let _ = self.busy.try_set(false);
        let _ = self.ctx.try_update_value(|c| {
            let interval = c.interval_ms;
            match result {
                Ok(()) => {
                    c.failures = 0;
                    c.next_due = now + f64::from(interval);
                    let _ = self.last_updated.try_set(Some(now));
                    if self.state.get_untracked() != LiveState::Ok {
                        let _ = self.state.try_set(LiveState::Ok);
                    }
                }
                Err(ApiError::Aborted) => {}
                Err(ApiError::RateLimited { retry_after_secs }) => {
                    let secs = retry_after_secs.unwrap_or(u64::from(interval / 1_000).max(5));
                    let until = now + (secs.min(3_600) as f64) * 1_000.0;
                    c.next_due = until;
                    // The clock ticks once a second: without this the countdown could start
                    // from a stale "now" and show one second more than Retry-After.
                    let _ = self.now.try_set(now);
                    let _ = self.state.try_set(LiveState::RateLimited { until });
                }
                Err(
                    e @ (ApiError::Unauthorized | ApiError::Forbidden { .. } | ApiError::NotFound),
                ) => {
                    // A poll cannot fix these, and the rows on screen are no longer the user's
                    // to see: stop, and let the tab show the panel for it (session expired, no
                    // access, gone) instead of the old rows.
                    c.next_due = f64::INFINITY;
                    let _ = self.state.try_set(LiveState::Error { retry_at: None });
                    let _ = c.outcome.try_set(Some(Err(e)));
                }
                Err(_) => {
                    c.failures = c.failures.saturating_add(1);
                    c.next_due = now + f64::from(backoff_ms(interval, c.failures));
                    let _ = self.state.try_set(LiveState::Error {
                        retry_at: Some(c.next_due),
                    });
                }
            }
        });
    }

    async fn poll_once(
        &self,
        config: &ApiConfig,
        store: &RowStore,
        id: &str,
        key: &UsersQuery,
        integration_etag: Option<String>,
        abort: &AbortHandle,
    ) -> Result<(), ApiError> {
        match get_integration_if_changed(config, id, integration_etag.as_deref(), abort).await? {
            Conditional::NotModified => {}
            Conditional::Modified { value, etag } => {
                let sync = SyncInfo::of(&value.data.attributes);
                if self.sync.with_untracked(|s| s.as_ref() != Some(&sync)) {
                    let _ = self.sync.try_set(Some(sync));
                }
                let stats = value.data.attributes.user_stats;
                if self.stats.with_untracked(|s| s.as_ref() != Some(&stats)) {
                    let _ = self.stats.try_set(Some(stats));
                }
                let _ = self.ctx.try_update_value(|c| c.integration_etag = etag);
            }
        }
        let url = key.to_api_query();
        let tag = self
            .ctx
            .try_with_value(|c| c.page_etags.get(&url).cloned())
            .flatten();
        let answer = list_users_if_changed(config, id, key, tag.as_deref(), abort).await?;
        let Conditional::Modified { value, etag } = answer else {
            return Ok(());
        };
        // The view moved on while we waited: this answer is for another query.
        let current = self
            .ctx
            .try_with_value(|c| {
                c.list_key.try_get_untracked().as_ref() == Some(key)
                    && c.integration_id.try_get_untracked().as_deref() == Some(id)
            })
            .unwrap_or(false);
        if !current {
            return Err(ApiError::Aborted);
        }
        let report = store.patch(&value.data);
        let new_states: Vec<ProvisioningState> = report
            .changed
            .iter()
            .filter(|(_, fields)| fields.contains(&RowField::ProvisioningState))
            .filter_map(|(id, _)| store.get(id).map(|r| r.provisioning_state.get_untracked()))
            .collect();
        let summary = change_summary(&new_states);
        if !summary.is_empty() {
            let _ = self.announcement.try_set(summary);
        }
        let meta = value.meta.page;
        let _ = self.ctx.try_update_value(|c| {
            if c.outcome
                .with_untracked(|o| !matches!(o, Some(Ok(m)) if *m == meta))
            {
                c.outcome.set(Some(Ok(meta)));
            }
            if let Some(etag) = etag {
                if c.page_etags.len() > 64 {
                    c.page_etags.clear();
                }
                c.page_etags.insert(url, etag);
            }
        });
        Ok(())
    }
}
