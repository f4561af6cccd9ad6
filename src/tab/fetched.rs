//! One resource shape for every fetch a view waits on.
//!
//! Each `LocalResource<T>` puts its own copy of the async machinery in the wasm, per answer
//! type (2.1–3.7 KB brotli each, `bench/wasm_crates.py --match`). `Fetched<T>` keeps the answer
//! in a typed signal and waits on a `LocalResource<()>` — the users list's type — so that
//! machinery is in the wasm once (bench/size-analysis.md §2e).

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;

/// A fetch a view waits on, and its last answer.
pub struct Fetched<T: 'static> {
    /// Resolves when an answer is in: a `<Transition>` that reads [`Fetched::get`] waits on it.
    resource: LocalResource<()>,
    /// The last answer, `None` until the first.
    answer: RwSignal<Option<Result<T, ApiError>>, LocalStorage>,
}

impl<T> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Fetched<T> {}

impl<T: Clone + 'static> Fetched<T> {
    /// Runs `fetch` now, and again whenever a signal it reads changes.
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let answer = RwSignal::new_local(None);
        let resource = LocalResource::new(move || {
            let pending = fetch();
            async move {
                let value = pending.await;
                // try_: the view may be gone by the time the answer comes.
                answer.try_set(Some(value));
            }
        });
        Fetched { resource, answer }
    }

    /// The last answer, tracked; `None` until the first (a `<Transition>` then waits). While
    /// a refetch runs, the previous answer.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.resource.get()?;
        self.answer.get()
    }

    /// [`Fetched::get`], untracked.
    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        self.answer.get_untracked()
    }

    /// Whether the last answer is a 429, and its wait (tracked).
    pub fn rate_limited(&self) -> Option<Option<u64>> {
        self.answer.with(|a| match a {
            Some(Err(ApiError::RateLimited { retry_after_secs })) => Some(*retry_after_secs),
            _ => None,
        })
    }

    /// Whether the last answer is still a 429 (untracked; `None` once the view is gone).
    pub fn still_rate_limited(&self) -> Option<bool> {
        self.answer
            .try_with_untracked(|a| matches!(a, Some(Err(ApiError::RateLimited { .. }))))
    }

    /// Fetches again.
    pub fn refetch(&self) {
        self.resource.refetch();
    }
}
