//! The drawer's History: the account's newest events, older ones page by page, and new ones
//! while the account is moving.
//!
//! * The newest page loads when the drawer opens (and again for another account); "Load
//!   older" appends the next page, and the timeline drops events it already shows.
//! * While the account is awaiting or ongoing (and for two intervals after, to catch the last
//!   event of its job), the newest page is asked again every `poll_interval_ms` with the last
//!   `ETag` as `If-None-Match`. A 304, or a 200 with nothing new, touches no signal, so no DOM
//!   (docs/ARCHITECTURE.md, Data flow: live polling). A failed poll is retried by a later one,
//!   with the same backoff as the table's polls.
//! * Every request has its `AbortHandle`: a new account aborts the old account's requests,
//!   and so does closing the drawer (`on_cleanup`).

use leptos::prelude::*;

use super::live::document_hidden;
use crate::api::{
    list_user_events, newest_user_events_if_changed, use_api_config, AbortHandle, ApiConfig,
    ApiError, Conditional,
};
use crate::model::history::{HistoryLoad, HistoryProblem, OlderLoad, Timeline};
use crate::model::live::backoff_ms;

/// What the History section shows and what it can do.
#[derive(Clone, Copy)]
pub struct History {
    /// The events shown, newest first.
    pub timeline: RwSignal<Timeline>,
    /// The newest page: loading, shown, or why not.
    pub load: RwSignal<HistoryLoad>,
    /// "Load older": idle, loading, or why the last try failed.
    pub older: RwSignal<OlderLoad>,
    /// The clock the relative times are read against (ms since the epoch); it moves every
    /// 20 s, not on every poll, so the times are rewritten only when their words may change.
    pub now: RwSignal<f64>,
    /// Asks for the next older page.
    pub load_older: Callback<()>,
    /// Loads the history again from the newest page (the error state's Retry).
    pub reload: Callback<()>,
}

struct Inner {
    config: ApiConfig,
    integration_id: Signal<String>,
    user_id: Signal<String>,
    moving: Signal<bool>,
    generation: u64,
    etag: Option<String>,
    interval_ms: u32,
    next_due: f64,
    watch_until: f64,
    failures: u32,
    polling: bool,
    newest: Option<AbortHandle>,
    older: Option<AbortHandle>,
    timer: Option<gloo_timers::callback::Interval>,
}

impl Inner {
    /// Aborts every request in flight and starts a new generation: late answers are dropped.
    fn abort_all(&mut self) {
        self.generation += 1;
        for h in [self.newest.take(), self.older.take()]
            .into_iter()
            .flatten()
        {
            h.abort();
        }
        self.polling = false;
    }
}

/// How often the relative times are recomputed.
const CLOCK_MS: f64 = 20_000.0;

/// The signals and the context the requests write, `Copy` for the timer and the tasks.
#[derive(Clone, Copy)]
struct State {
    ctx: StoredValue<Inner, LocalStorage>,
    timeline: RwSignal<Timeline>,
    load: RwSignal<HistoryLoad>,
    older: RwSignal<OlderLoad>,
    now: RwSignal<f64>,
}

/// The history of `user_id`, polled while `moving` says its job is awaiting or ongoing.
pub fn use_history(
    integration_id: Signal<String>,
    user_id: Signal<String>,
    moving: Signal<bool>,
) -> History {
    let config = use_api_config();
    let interval_ms = config.poll_interval_ms.max(1);
    let state = State {
        ctx: StoredValue::new_local(Inner {
            config,
            integration_id,
            user_id,
            moving,
            generation: 0,
            etag: None,
            interval_ms,
            next_due: 0.0,
            watch_until: 0.0,
            failures: 0,
            polling: false,
            newest: None,
            older: None,
            timer: None,
        }),
        timeline: RwSignal::new(Timeline::default()),
        load: RwSignal::new(HistoryLoad::Loading),
        older: RwSignal::new(OlderLoad::Idle),
        now: RwSignal::new(js_sys::Date::now()),
    };
    let timer =
        gloo_timers::callback::Interval::new((interval_ms / 2).clamp(50, 1_000), move || {
            state.tick()
        });
    state.ctx.update_value(|c| c.timer = Some(timer));
    // Another account in the same drawer: start over.
    Effect::new(move |_| {
        integration_id.track();
        user_id.track();
        state.load_newest();
    });
    on_cleanup(move || {
        let _ = state.ctx.try_update_value(|c| {
            c.abort_all();
            if let Some(t) = c.timer.take() {
                t.cancel();
            }
        });
    });
    History {
        timeline: state.timeline,
        load: state.load,
        older: state.older,
        now: state.now,
        load_older: Callback::new(move |()| state.load_older()),
        reload: Callback::new(move |()| state.load_newest()),
    }
}

fn problem(e: &ApiError) -> HistoryProblem {
    HistoryProblem {
        message: format!("{e}."),
        request_id: e.request_id().map(str::to_owned),
    }
}

/// What one request needs, taken from the context as it starts.
struct Request {
    config: ApiConfig,
    integration: String,
    user: String,
    /// The generation it belongs to: its answer counts only while that is current.
    generation: u64,
    abort: AbortHandle,
}

impl State {
    /// A new request, aborting the one before it in the same slot; `None` once the drawer is
    /// gone.
    fn begin(&self, older: bool) -> Option<Request> {
        self.ctx.try_update_value(|c| {
            let h = AbortHandle::new();
            let slot = if older { &mut c.older } else { &mut c.newest };
            if let Some(old) = slot.replace(h.clone()) {
                old.abort();
            }
            Request {
                config: c.config.clone(),
                integration: c.integration_id.get_untracked(),
                user: c.user_id.get_untracked(),
                generation: c.generation,
                abort: h,
            }
        })
    }

    fn current(&self, generation: u64) -> bool {
        self.ctx.try_with_value(|c| c.generation == generation) == Some(true)
    }

    /// Shows the newest page, from scratch.
    fn load_newest(&self) {
        let _ = self.ctx.try_update_value(|c| {
            c.abort_all();
            c.etag = None;
            c.failures = 0;
        });
        let _ = self.load.try_set(HistoryLoad::Loading);
        let _ = self.older.try_set(OlderLoad::Idle);
        let _ = self.timeline.try_set(Timeline::default());
        let Some(r) = self.begin(false) else {
            return;
        };
        let state = *self;
        leptos::task::spawn_local(async move {
            let answer =
                newest_user_events_if_changed(&r.config, &r.integration, &r.user, None, &r.abort)
                    .await;
            if !state.current(r.generation) {
                return;
            }
            match answer {
                Ok(Conditional::Modified { value, etag }) => {
                    let _ = state.ctx.try_update_value(|c| {
                        c.etag = etag;
                        c.next_due = js_sys::Date::now() + f64::from(c.interval_ms);
                    });
                    let _ = state.timeline.try_set(Timeline::from_first(value));
                    let _ = state.load.try_set(HistoryLoad::Ready);
                }
                // Not asked conditionally: a 304 here is a broken proxy; ask again later.
                Ok(Conditional::NotModified) => {
                    let e = ApiError::UnexpectedResponse {
                        status: 304,
                        request_id: None,
                    };
                    let _ = state.load.try_set(HistoryLoad::Failed(problem(&e)));
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    let _ = state.load.try_set(HistoryLoad::Failed(problem(&e)));
                }
            }
        });
    }

    /// Appends the next older page, if there is one and none is being asked for.
    fn load_older(&self) {
        let page = self.timeline.try_with_untracked(|t| t.next_page).flatten();
        let loading = self.older.try_get_untracked() == Some(OlderLoad::Loading);
        let (Some(page), false) = (page, loading) else {
            return;
        };
        let Some(r) = self.begin(true) else {
            return;
        };
        let _ = self.older.try_set(OlderLoad::Loading);
        let state = *self;
        leptos::task::spawn_local(async move {
            let answer = list_user_events(&r.config, &r.integration, &r.user, page, &r.abort).await;
            if !state.current(r.generation) {
                return;
            }
            match answer {
                Ok(older) => {
                    state.timeline.update(|t| {
                        t.add_older(older);
                    });
                    let _ = state.older.try_set(OlderLoad::Idle);
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    let _ = state.older.try_set(OlderLoad::Failed(problem(&e)));
                }
            }
        });
    }

    /// The timer: moves the clock, and polls when the account moves (or just stopped).
    fn tick(&self) {
        let now = js_sys::Date::now();
        if self
            .now
            .try_get_untracked()
            .is_some_and(|t| now - t >= CLOCK_MS)
        {
            self.now.set(now);
        }
        let due = self.ctx.try_update_value(|c| {
            if c.moving.try_get_untracked() == Some(true) {
                c.watch_until = now + 2.0 * f64::from(c.interval_ms);
            }
            let due = !c.polling && now < c.watch_until && now >= c.next_due;
            if due {
                c.polling = true;
            }
            due
        });
        let ready = self.load.try_with_untracked(|l| *l == HistoryLoad::Ready) == Some(true);
        if due == Some(true) {
            if ready && !document_hidden() {
                self.poll();
            } else {
                let _ = self.ctx.try_update_value(|c| c.polling = false);
            }
        }
    }

    /// Asks for the newest page if it changed; puts new events on top.
    fn poll(&self) {
        let Some(mut r) = self.begin(false) else {
            return;
        };
        // A poll is retried by the next poll, not by the client's backoff.
        r.config.retry_delays_ms.clear();
        let etag = self.ctx.try_with_value(|c| c.etag.clone()).flatten();
        let state = *self;
        leptos::task::spawn_local(async move {
            let answer = newest_user_events_if_changed(
                &r.config,
                &r.integration,
                &r.user,
                etag.as_deref(),
                &r.abort,
            )
            .await;
            if !state.current(r.generation) {
                return;
            }
            let now = js_sys::Date::now();
            let ok = answer.is_ok();
            if let Ok(Conditional::Modified { value, etag }) = answer {
                let _ = state.ctx.try_update_value(|c| c.etag = etag);
                state.timeline.maybe_update(|t| t.add_newer(value) > 0);
            }
            let _ = state.ctx.try_update_value(|c| {
                c.polling = false;
                c.failures = if ok { 0 } else { c.failures.saturating_add(1) };
                c.next_due = now + f64::from(backoff_ms(c.interval_ms, c.failures));
            });
        });
    }
}
