//! Inline SVG icons built with `view!` (no `inner_html`, no files to load). All are decorative:
//! `aria-hidden="true"`, `focusable="false"`; the text next to them carries the meaning.
//!
//! Each icon (kind + class) is built once, then every use is a deep clone of it: one DOM call
//! instead of ~25 (3–4 elements, ~20 attributes). A table row has two icons; building them
//! element by element was about half of the row's DOM calls (bench/RESULTS.md §1).

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use wasm_bindgen::JsCast;

use crate::model::view::BadgeIcon;

/// Which icon to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IconKind {
    /// A provisioning-state badge icon.
    Badge(BadgeIcon),
    /// Magnifier (search box).
    Search,
    /// Chevron down (closed disclosure).
    ChevronDown,
    /// Chevron up (open disclosure).
    ChevronUp,
    /// Chevron left (back link, previous page).
    ChevronLeft,
    /// Chevron right (next page).
    ChevronRight,
    /// Up and down arrows: a sortable column not sorted.
    SortNone,
    /// Arrow up: sorted ascending.
    SortAsc,
    /// Arrow down: sorted descending.
    SortDesc,
    /// Two sheets: copy.
    Copy,
    /// A cross: close, remove.
    Close,
    /// A generic app tile, when the app has no usable icon.
    App,
    /// A circular arrow: retry a job.
    Retry,
}

/// An inline 16×16 SVG icon coloured with `currentColor`.
#[component]
pub fn Icon(
    /// The icon.
    kind: IconKind,
    /// Extra classes (e.g. the spinning sync arrows).
    #[prop(optional, into)]
    class: String,
) -> impl IntoView {
    IconView { kind, class }
}

/// The icon's markup, built element by element: the prototype that [`IconView`] clones, and
/// what it renders outside the browser.
fn icon_markup(kind: IconKind, class: &str) -> impl IntoView {
    let class = format!("idl-icon {class}");
    let body = match kind {
        IconKind::Badge(BadgeIcon::Clock) => view! {
            <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
        }
        .into_any(),
        IconKind::Badge(BadgeIcon::Sync) => view! {
            <path d="M13 6.5A5 5 0 0 0 4 4.6M3 9.5A5 5 0 0 0 12 11.4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
            <path d="M13.5 2.5v4h-4M2.5 13.5v-4h4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::Badge(BadgeIcon::Error) => view! {
            <circle cx="8" cy="8" r="7" fill="currentColor"/>
            <path class="idl-icon__knockout" d="M8 4.25v4.5" fill="none" stroke-width="1.75" stroke-linecap="round"/>
            <circle class="idl-icon__knockout-fill" cx="8" cy="11.4" r="1.05"/>
        }
        .into_any(),
        IconKind::Badge(BadgeIcon::Check) => view! {
            <circle cx="8" cy="8" r="7" fill="currentColor"/>
            <path class="idl-icon__knockout" d="M4.75 8.25l2.1 2.1 4.4-4.6" fill="none" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::Badge(BadgeIcon::Minus) => view! {
            <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path d="M5 8h6" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round"/>
        }
        .into_any(),
        IconKind::Badge(BadgeIcon::Question) => view! {
            <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path d="M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
            <circle cx="8" cy="11.6" r=".9" fill="currentColor"/>
        }
        .into_any(),
        IconKind::Search => view! {
            <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path d="M10.5 10.5L14 14" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
        }
        .into_any(),
        IconKind::ChevronDown => view! {
            <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::ChevronUp => view! {
            <path d="M4 10l4-4 4 4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::ChevronLeft => view! {
            <path d="M10 4L6 8l4 4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::ChevronRight => view! {
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::SortNone => view! {
            <path d="M5 13V3M2.75 5.25L5 3l2.25 2.25M11 3v10M8.75 10.75L11 13l2.25-2.25" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::SortAsc => view! {
            <path d="M8 13V3M4.5 6.5L8 3l3.5 3.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::SortDesc => view! {
            <path d="M8 3v10M4.5 9.5L8 13l3.5-3.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
        IconKind::Copy => view! {
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.3"/>
            <path d="M3.5 10.5h-.25A1.25 1.25 0 0 1 2 9.25v-6A1.25 1.25 0 0 1 3.25 2h6a1.25 1.25 0 0 1 1.25 1.25v.25" fill="none" stroke="currentColor" stroke-width="1.3"/>
        }
        .into_any(),
        IconKind::Close => view! {
            <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
        }
        .into_any(),
        IconKind::App => view! {
            <rect x="2" y="2" width="5" height="5" rx="1" fill="currentColor"/>
            <rect x="9" y="2" width="5" height="5" rx="1" fill="currentColor"/>
            <rect x="2" y="9" width="5" height="5" rx="1" fill="currentColor"/>
            <rect x="9" y="9" width="5" height="5" rx="2.5" fill="currentColor"/>
        }
        .into_any(),
        IconKind::Retry => view! {
            <path d="M13 8a5 5 0 1 1-1.5-3.55" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
            <path d="M12 1.75v3h-3" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>
        }
        .into_any(),
    };
    view! {
        <svg class=class viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            {body}
        </svg>
    }
}

thread_local! {
    /// One built `<svg>` per kind and class, never attached: the source of every clone. By
    /// kind, then class, so a lookup (twice per table row) needs no owned key.
    static PROTOTYPES: RefCell<HashMap<IconKind, HashMap<String, Element>>> =
        RefCell::new(HashMap::new());
}

/// A deep clone of the prototype of (`kind`, `class`), built on first use.
fn clone_icon(kind: IconKind, class: &str) -> Option<Element> {
    let cached = PROTOTYPES.with_borrow(|p| p.get(&kind).and_then(|c| c.get(class)).cloned());
    let proto = match cached {
        Some(p) => p,
        None => {
            let built = icon_markup(kind, class).into_view().build();
            let el = built.elements().into_iter().next()?;
            // Dropping the built state leaves the element as it is (nothing is attached).
            PROTOTYPES.with_borrow_mut(|p| {
                p.entry(kind)
                    .or_default()
                    .insert(class.to_owned(), el.clone())
            });
            el
        }
    };
    proto.clone_node_with_deep(true).ok()?.dyn_into().ok()
}

/// The view [`Icon`] returns: a clone of the icon's prototype.
pub struct IconView {
    kind: IconKind,
    class: String,
}

/// A mounted [`IconView`]: its element (none only if the DOM refused to make one: icons are
/// decorative), and what it shows (to skip an unchanged rebuild).
pub struct IconViewState {
    el: Option<Element>,
    kind: IconKind,
    class: String,
}

impl Mountable for IconViewState {
    fn unmount(&mut self) {
        if let Some(el) = self.el.as_mut() {
            el.unmount();
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        if let Some(el) = self.el.as_mut() {
            el.mount(parent, marker);
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.el
            .as_ref()
            .is_some_and(|el| el.insert_before_this(child))
    }

    fn elements(&self) -> Vec<Element> {
        self.el.iter().cloned().collect()
    }
}

impl Render for IconView {
    type State = IconViewState;

    fn build(self) -> Self::State {
        IconViewState {
            el: clone_icon(self.kind, &self.class),
            kind: self.kind,
            class: self.class,
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        if state.kind == self.kind && state.class == self.class {
            return;
        }
        let el = clone_icon(self.kind, &self.class);
        match (&state.el, &el) {
            (Some(old), Some(new)) => {
                let _ = old.replace_with_with_node_1(new);
            }
            (Some(old), None) => old.remove(),
            // Nothing to replace: the old icon was never made.
            (None, _) => {}
        }
        *state = IconViewState {
            el,
            kind: self.kind,
            class: self.class,
        };
    }
}

impl AddAnyAttr for IconView {
    type Output<SomeNewAttr: Attribute> = IconView;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        // Icons take no spread attributes (their class is a prop).
        self
    }
}

impl RenderHtml for IconView {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        icon_markup(self.kind, &self.class)
            .into_view()
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        let el = icon_markup(self.kind, &self.class)
            .into_view()
            .hydrate::<FROM_SERVER>(cursor, position)
            .elements()
            .into_iter()
            .next();
        IconViewState {
            el,
            kind: self.kind,
            class: self.class,
        }
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
