//! Failures by cause, above the table: one line per cause (what went wrong in words, how many
//! accounts, the failed states they are in, the fix) with Show and Retry N; the confirm dialog
//! of a retry per cause and the report of the last one. Every API text is shown as text.

use leptos::prelude::*;

use super::confirm_dialog::ConfirmDialog;
use crate::components::ids::scoped;
use crate::model::causes::{
    causes_summary, count_text, fold_label, retry_dialog, retry_label, states_text, CauseLine,
    CauseReport, Causes, ReportTone, FOLDED_LINES,
};

/// The panel: shown while any cause has failed accounts (or the causes could not be read),
/// with the report of the last retry per cause below it.
#[component]
pub fn FailureCausesPanel(
    /// The causes.
    #[prop(into)]
    causes: Signal<Causes>,
    /// Why they could not be loaded, in words.
    #[prop(into)]
    load_error: Signal<Option<String>>,
    /// The code of the cause being retried.
    #[prop(into)]
    retrying: Signal<Option<String>>,
    /// The last retry's report.
    #[prop(into)]
    report: Signal<Option<CauseReport>>,
    /// Show pressed (the cause's code).
    on_show: Callback<String>,
    /// Retry pressed (the cause's code).
    on_retry: Callback<String>,
    /// The report's Dismiss pressed.
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let visible = move || causes.with(|c| !c.lines.is_empty()) || load_error.with(Option::is_some);
    let expanded = RwSignal::new(false);
    let total = move || causes.with(|c| c.lines.len());
    let shown = move || {
        let n = if expanded.get() {
            usize::MAX
        } else {
            FOLDED_LINES
        };
        causes.with(|c| c.lines.iter().take(n).cloned().collect::<Vec<_>>())
    };
    view! {
        <Show when=visible>
            <section class="failure-causes" aria-labelledby=scoped("failure-causes-title") id=scoped("failure-causes")>
                <h3 class="failure-causes__title" id=scoped("failure-causes-title")>"Failures by cause"</h3>
                <p class="failure-causes__summary">{move || causes.with(causes_summary)}</p>
                {move || load_error.get().map(|w| view! { <p class="failure-causes__error" data-status="causes-error">{w}</p> })}
                <ul class="failure-causes__list" id=scoped("failure-causes-list")>
                    // Keyed by the whole line: a changed line is drawn again, the others stay.
                    <For each=shown key=|l| l.clone() let:line>
                        {
                            let code = line.code.clone();
                            let busy = Signal::derive(move || retrying.with(|r| r.as_deref() == Some(code.as_str())));
                            view! { <CauseLineView line=line busy=busy on_show=on_show on_retry=on_retry/> }
                        }
                    </For>
                </ul>
                <Show when=move || { total() > FOLDED_LINES }>
                    <button
                        type="button"
                        class="button failure-causes__fold"
                        aria-expanded=move || expanded.get().to_string()
                        aria-controls=scoped("failure-causes-list")
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >
                        {move || fold_label(total(), expanded.get())}
                    </button>
                </Show>
            </section>
        </Show>
        // Always in the page: a report added later is announced.
        <div class="failure-causes-report-region" role="status" id=scoped("failure-causes-report")>
            {move || report.get().map(|r| {
                let problem = r.tone == ReportTone::Problem;
                view! {
                    <div class="retry-report" class:retry-report--problem=problem data-status=if problem { "cause-retry-problems" } else { "cause-retry-ok" }>
                        <p class="retry-report__summary">{r.summary}</p>
                        {(!r.details.is_empty()).then(|| view! {
                            <ul class="retry-report__problems">
                                {r.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                            </ul>
                        })}
                        <button type="button" class="button retry-report__dismiss" on:click=move |_| on_dismiss.run(())>"Dismiss"</button>
                    </div>
                }
            })}
        </div>
    }
}

/// One cause: its name and count, why, the failed states, the fix, Show and Retry N.
#[component]
pub fn CauseLineView(
    /// The cause.
    line: CauseLine,
    /// Its retry is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// Show pressed (the code).
    on_show: Callback<String>,
    /// Retry pressed (the code).
    on_retry: Callback<String>,
) -> impl IntoView {
    let can_act = line.actionable();
    let cannot_retry = line.retryable == 0 || !can_act;
    let disabled = move || cannot_retry || busy.get();
    let (show_code, retry_code) = (line.code.clone(), line.code.clone());
    let retry_text = retry_label(&line);
    let states = states_text(&line);
    view! {
        <li class="cause-line" data-code=line.code.clone()>
            <div class="cause-line__text">
                <p class="cause-line__head">
                    <span class="cause-line__name">{line.name.clone()}</span>
                    " "
                    <span class="cause-line__count">{count_text(&line)}</span>
                    {(!states.is_empty()).then(|| view! { " " <span class="cause-line__states">{states}</span> })}
                </p>
                {(line.explanation.is_some() || line.fix.is_some()).then(|| view! {
                    <p class="cause-line__why">
                        {line.explanation.clone()}
                        {line.fix.clone().map(|f| view! { " " <span class="cause-line__fix">"Fix: " {f}</span> })}
                    </p>
                })}
            </div>
            <div class="cause-line__actions">
                <button
                    type="button"
                    class="button cause-line__show"
                    aria-disabled=(!can_act).then_some("true")
                    on:click=move |_| if can_act { on_show.run(show_code.clone()) }
                >
                    "Show"
                    <span class="visually-hidden">{format!(" accounts: {}", line.name)}</span>
                </button>
                <button
                    type="button"
                    class="button button--primary cause-line__retry"
                    aria-disabled=move || disabled().then_some("true")
                    on:click=move |_| if !disabled() { on_retry.run(retry_code.clone()) }
                >
                    {move || if busy.get() { "Retrying…".to_owned() } else { retry_text.clone() }}
                    <span class="visually-hidden">{format!(": {}", line.name)}</span>
                </button>
            </div>
        </li>
    }
}

/// "Retry N failed jobs?" for a cause: how many are retried and how many cannot be. Mount it
/// only while open.
#[component]
pub fn CauseRetryDialog(
    /// The cause.
    line: CauseLine,
    /// Confirmed.
    on_confirm: Callback<()>,
    /// Cancel or Esc.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let text = retry_dialog(&line);
    view! {
        <ConfirmDialog title=text.title confirm_label=text.confirm on_confirm=on_confirm on_cancel=on_cancel>
            {text.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            {line.fix.map(|f| view! { <p>"Fix: " {f}</p> })}
        </ConfirmDialog>
    }
}
