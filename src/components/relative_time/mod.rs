//! A time relative to now ("5 min ago") in a `<time datetime>`, with the absolute time (the
//! user's locale and time zone) in a tip on hover and keyboard focus. The tip is in the
//! accessibility tree all along, so a screen reader hears both.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::model::format::TimeShown;

/// Where keyboard focus shows the absolute time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TipFocus {
    /// The time is a tab stop of its own (a lone time, such as the header's); its tip opens
    /// below it.
    #[default]
    Own,
    /// Focus anywhere in its table row shows the tip (a table cell: no tab stop per row); the
    /// tip opens beside it, towards the table.
    Row,
}

/// A time as [`TimeShown`] says: relative with its tip, "never" text, or the value as it came.
#[component]
pub fn RelativeTime(
    /// What to show.
    shown: TimeShown,
    /// The absolute time for the tip; `None` leaves the tip out (not formatted yet).
    absolute: Option<String>,
    /// Where focus shows the tip.
    #[prop(optional)]
    focus: TipFocus,
    /// What a missing time reads as ("Never").
    never: &'static str,
) -> impl IntoView {
    match shown {
        TimeShown::Never => {
            EitherOf3::A(view! { <span class="rel-time rel-time--never">{never}</span> })
        }
        // Not a time: as it came, as text, and no datetime attribute that would lie.
        TimeShown::Unreadable(raw) => {
            let title = raw.clone();
            EitherOf3::B(
                view! { <span class="rel-time rel-time--raw truncate" title=title>{raw}</span> },
            )
        }
        TimeShown::Readable { iso, relative } => EitherOf3::C(view! {
            <time
                class="rel-time"
                class:rel-time--own=focus == TipFocus::Own
                datetime=iso
                tabindex=(focus == TipFocus::Own).then_some("0")
            >
                <span class="rel-time__text">{relative}</span>
                {absolute.map(|when| view! { " " <span class="rel-time__tip">{when}</span> })}
            </time>
        }),
    }
}
