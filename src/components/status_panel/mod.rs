//! Full-width panels for the states that replace the table: loading, no access, session
//! expired, not found, error, empty, no match. Each root carries `data-status` for tests.

use leptos::prelude::*;

/// The panel kinds and their `data-status` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelStatus {
    /// `loading`.
    Loading,
    /// `no-access`.
    NoAccess,
    /// `expired`.
    Expired,
    /// `not-found`.
    NotFound,
    /// `error`.
    Error,
    /// `empty`.
    Empty,
    /// `no-match`.
    NoMatch,
}

impl PanelStatus {
    /// The `data-status` value.
    pub fn as_str(self) -> &'static str {
        match self {
            PanelStatus::Loading => "loading",
            PanelStatus::NoAccess => "no-access",
            PanelStatus::Expired => "expired",
            PanelStatus::NotFound => "not-found",
            PanelStatus::Error => "error",
            PanelStatus::Empty => "empty",
            PanelStatus::NoMatch => "no-match",
        }
    }
}

/// The level of a panel's heading, after the page's own headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeadingLevel {
    /// `<h2>`: a panel in place of the whole tab.
    #[default]
    H2,
    /// `<h3>`: a panel inside the users card, under its `<h2>`.
    H3,
}

/// A titled message with optional actions below it.
#[component]
pub fn StatusPanel(
    /// Which state this is.
    status: PanelStatus,
    /// The headline.
    #[prop(into)]
    title: String,
    /// What happened and what to do.
    #[prop(optional, into)]
    message: Option<String>,
    /// Heading level: [`HeadingLevel::H2`] for full-page panels (the default), `H3` inside
    /// the users card.
    #[prop(optional)]
    level: HeadingLevel,
    /// Buttons or links.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let heading = match level {
        HeadingLevel::H3 => view! { <h3 class="status-panel__title">{title}</h3> }.into_any(),
        HeadingLevel::H2 => view! { <h2 class="status-panel__title">{title}</h2> }.into_any(),
    };
    view! {
        <section
            class=format!("status-panel status-panel--{}", status.as_str())
            data-status=status.as_str()
        >
            {heading}
            {message.map(|m| view! { <p class="status-panel__message">{m}</p> })}
            {children.map(|c| view! { <div class="status-panel__actions">{c()}</div> })}
        </section>
    }
}
