//! Retrying failed jobs from a row, the drawer, or a selection.
//!
//! * The rows flip to their `*_awaiting` state at once; the API's answer (202, the row as it
//!   is now) then patches them. A row whose request failed goes back to what it was.
//! * Requests run one after another: a bulk retry of a page must not trip the API's rate
//!   limit, and every row gets its own outcome (409 → "can no longer be retried").
//! * Afterwards live updates poll at once and keep polling for a while, so the admin watches
//!   the rows go awaiting → ongoing → onboarded or failed.
//!
//! Selected rows on other pages are remembered with their signals when selected, so the bulk
//! bar can still count and name them after the page changes.

use std::collections::{HashMap, HashSet};

use contract::ProvisioningState;
use leptos::prelude::*;

use super::live::Live;
use crate::api::{retry_user, AbortHandle, ApiConfig, ApiError};
use crate::model::retry::{retry_report, RetryCandidate, RetryOutcome, RetryResult};
use crate::model::{RowStore, UserRow};

/// A flipped row and what it showed before: its state and `canRetry`.
type Before = (UserRow, ProvisioningState, bool);

/// The retry controller: its state for the view, and the actions.
#[derive(Clone, Copy)]
pub struct Retrier {
    /// A retry is running.
    pub busy: RwSignal<bool>,
    /// The last retry's `(summary, problems)`.
    pub report: RwSignal<Option<(String, Vec<String>)>>,
    ctx: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    config: ApiConfig,
    store: RowStore,
    integration_id: Signal<String>,
    live: Live,
    /// Selected rows, by id, as last seen on a page.
    known: HashMap<String, UserRow>,
}

impl Retrier {
    /// A controller for the tab's rows.
    pub fn new(
        config: ApiConfig,
        store: RowStore,
        integration_id: Signal<String>,
        live: Live,
    ) -> Self {
        Retrier {
            busy: RwSignal::new(false),
            report: RwSignal::new(None),
            ctx: StoredValue::new_local(Inner {
                config,
                store,
                integration_id,
                live,
                known: HashMap::new(),
            }),
        }
    }

    /// Keeps the remembered rows in step with the selection: rows selected on this page are
    /// remembered, deselected ones forgotten.
    pub fn remember(&self, selected: &HashSet<String>) {
        self.ctx.update_value(|c| {
            c.known.retain(|id, _| selected.contains(id));
            for id in selected {
                if let Some(row) = c.store.get(id) {
                    // The page's row object wins: it is the one polls patch.
                    c.known.insert(id.clone(), row);
                }
            }
        });
    }

    fn row(&self, id: &str) -> Option<UserRow> {
        self.ctx
            .try_with_value(|c| c.store.get(id).or_else(|| c.known.get(id).cloned()))
            .flatten()
    }

    /// The selected rows as candidates, reading their signals (tracked: a poll that changes a
    /// row's state updates the count). Ids never seen are left out.
    pub fn candidates(&self, selected: &HashSet<String>) -> Vec<RetryCandidate> {
        let mut ids: Vec<&String> = selected.iter().collect();
        // Stable order for the dialog: the page's order first, then the rest by id.
        let order: HashMap<String, usize> = self
            .ctx
            .try_with_value(|c| {
                c.store.rows.with(|rows| {
                    rows.iter()
                        .enumerate()
                        .map(|(i, r)| (r.id.to_string(), i))
                        .collect()
                })
            })
            .unwrap_or_default();
        ids.sort_by(|a, b| {
            let key = |id: &String| order.get(id).copied().unwrap_or(usize::MAX);
            key(a).cmp(&key(b)).then_with(|| a.cmp(b))
        });
        ids.into_iter()
            .filter_map(|id| {
                let row = self.row(id)?;
                let label = row
                    .user
                    .with(|u| u.as_ref().map(|u| u.display_name.trim().to_owned()))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| row.username_in_app.get());
                Some(RetryCandidate {
                    id: id.clone(),
                    label,
                    state: row.provisioning_state.get(),
                    can_retry: row.can_retry.get(),
                })
            })
            .collect()
    }

    /// Retries these rows' jobs one after another and reports every outcome; returns the
    /// results (the drawer shows its own row's).
    pub async fn retry(&self, candidates: Vec<RetryCandidate>) -> Vec<RetryResult> {
        let Some((config, integration_id, live)) = self
            .ctx
            .try_with_value(|c| (c.config.clone(), c.integration_id.get_untracked(), c.live))
        else {
            return Vec::new();
        };
        let _ = self.busy.try_set(true);
        let _ = self.report.try_set(None);
        live.hold();
        // Flip first: the admin sees every row queued at once.
        let flipped: Vec<(RetryCandidate, Option<Before>)> = candidates
            .into_iter()
            .map(|c| {
                let before = self.row(&c.id).and_then(|row| {
                    let state = row.provisioning_state.get_untracked();
                    let target = state.retry_target()?;
                    let can = row.can_retry.get_untracked();
                    row.provisioning_state.set(target);
                    row.can_retry.set(false);
                    Some((row, state, can))
                });
                (c, before)
            })
            .collect();
        let mut results = Vec::with_capacity(flipped.len());
        for (candidate, before) in flipped {
            let answer =
                retry_user(&config, &integration_id, &candidate.id, &AbortHandle::new()).await;
            let outcome = match answer {
                Ok(resp) => {
                    if let Some((row, _, _)) = &before {
                        row.patch(&resp.data);
                    }
                    RetryOutcome::Queued
                }
                Err(e) => {
                    // Not queued: show the row as it was until the next poll says otherwise.
                    if let Some((row, state, can)) = &before {
                        row.provisioning_state.set(state.clone());
                        row.can_retry.set(*can);
                    }
                    match e {
                        ApiError::Conflict { .. } => RetryOutcome::NoLongerRetryable,
                        other => RetryOutcome::Failed(format!("{other}.")),
                    }
                }
            };
            results.push(RetryResult {
                label: candidate.label,
                outcome,
            });
        }
        let _ = self.report.try_set(Some(retry_report(&results)));
        let _ = self.busy.try_set(false);
        // Watch them move (and fetch the truth for the rows that did not queue).
        live.after_retry();
        results
    }
}
