//! Inline SVG icons built from a data table (no `inner_html`, no files to load). All are decorative:
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

/// One shape of an icon: its SVG tag and attributes.
struct Shape {
    tag: &'static str,
    attrs: &'static [(&'static str, &'static str)],
}

// The attributes most strokes share.
const LINE: (&str, &str) = ("fill", "none");
const INK: (&str, &str) = ("stroke", "currentColor");
const ROUND: (&str, &str) = ("stroke-linecap", "round");
const JOIN: (&str, &str) = ("stroke-linejoin", "round");
const FILLED: (&str, &str) = ("fill", "currentColor");

/// What each icon draws, as data: one builder walks it, where a `view!` tree per icon made
/// thirteen different view types (about 2 KB of wasm).
fn shapes(kind: IconKind) -> &'static [Shape] {
    match kind {
        IconKind::Badge(BadgeIcon::Clock) => &[
            Shape { tag: "circle", attrs: &[("cx", "8"), ("cy", "8"), ("r", "6.25"), LINE, INK, ("stroke-width", "1.5")] },
            Shape { tag: "path", attrs: &[("d", "M8 4.5V8l2.5 1.5"), LINE, INK, ("stroke-width", "1.5"), ROUND] },
        ],
        IconKind::Badge(BadgeIcon::Sync) => &[
            Shape { tag: "path", attrs: &[("d", "M13 6.5A5 5 0 0 0 4 4.6M3 9.5A5 5 0 0 0 12 11.4"), LINE, INK, ("stroke-width", "1.5"), ROUND] },
            Shape { tag: "path", attrs: &[("d", "M13.5 2.5v4h-4M2.5 13.5v-4h4"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] },
        ],
        IconKind::Badge(BadgeIcon::Error) => &[
            Shape { tag: "circle", attrs: &[("cx", "8"), ("cy", "8"), ("r", "7"), FILLED] },
            Shape { tag: "path", attrs: &[("class", "idl-icon__knockout"), ("d", "M8 4.25v4.5"), LINE, ("stroke-width", "1.75"), ROUND] },
            Shape { tag: "circle", attrs: &[("class", "idl-icon__knockout-fill"), ("cx", "8"), ("cy", "11.4"), ("r", "1.05")] },
        ],
        IconKind::Badge(BadgeIcon::Check) => &[
            Shape { tag: "circle", attrs: &[("cx", "8"), ("cy", "8"), ("r", "7"), FILLED] },
            Shape { tag: "path", attrs: &[("class", "idl-icon__knockout"), ("d", "M4.75 8.25l2.1 2.1 4.4-4.6"), LINE, ("stroke-width", "1.75"), ROUND, JOIN] },
        ],
        IconKind::Badge(BadgeIcon::Minus) => &[
            Shape { tag: "circle", attrs: &[("cx", "8"), ("cy", "8"), ("r", "6.25"), LINE, INK, ("stroke-width", "1.5")] },
            Shape { tag: "path", attrs: &[("d", "M5 8h6"), LINE, INK, ("stroke-width", "1.75"), ROUND] },
        ],
        IconKind::Badge(BadgeIcon::Question) => &[
            Shape { tag: "circle", attrs: &[("cx", "8"), ("cy", "8"), ("r", "6.25"), LINE, INK, ("stroke-width", "1.5")] },
            Shape { tag: "path", attrs: &[("d", "M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4"), LINE, INK, ("stroke-width", "1.5"), ROUND] },
            Shape { tag: "circle", attrs: &[("cx", "8"), ("cy", "11.6"), ("r", ".9"), FILLED] },
        ],
        IconKind::Search => &[
            Shape { tag: "circle", attrs: &[("cx", "7"), ("cy", "7"), ("r", "4.75"), LINE, INK, ("stroke-width", "1.5")] },
            Shape { tag: "path", attrs: &[("d", "M10.5 10.5L14 14"), LINE, INK, ("stroke-width", "1.5"), ROUND] },
        ],
        IconKind::ChevronDown => &[Shape { tag: "path", attrs: &[("d", "M4 6l4 4 4-4"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] }],
        IconKind::ChevronUp => &[Shape { tag: "path", attrs: &[("d", "M4 10l4-4 4 4"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] }],
        IconKind::ChevronLeft => &[Shape { tag: "path", attrs: &[("d", "M10 4L6 8l4 4"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] }],
        IconKind::ChevronRight => &[Shape { tag: "path", attrs: &[("d", "M6 4l4 4-4 4"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] }],
        IconKind::SortNone => &[Shape { tag: "path", attrs: &[("d", "M5 13V3M2.75 5.25L5 3l2.25 2.25M11 3v10M8.75 10.75L11 13l2.25-2.25"), LINE, INK, ("stroke-width", "1.3"), ROUND, JOIN] }],
        IconKind::SortAsc => &[Shape { tag: "path", attrs: &[("d", "M8 13V3M4.5 6.5L8 3l3.5 3.5"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] }],
        IconKind::SortDesc => &[Shape { tag: "path", attrs: &[("d", "M8 3v10M4.5 9.5L8 13l3.5-3.5"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] }],
        IconKind::Copy => &[
            Shape { tag: "rect", attrs: &[("x", "5.5"), ("y", "5.5"), ("width", "8"), ("height", "8"), ("rx", "1.5"), LINE, INK, ("stroke-width", "1.3")] },
            Shape { tag: "path", attrs: &[("d", "M3.5 10.5h-.25A1.25 1.25 0 0 1 2 9.25v-6A1.25 1.25 0 0 1 3.25 2h6a1.25 1.25 0 0 1 1.25 1.25v.25"), LINE, INK, ("stroke-width", "1.3")] },
        ],
        IconKind::Close => &[Shape { tag: "path", attrs: &[("d", "M4 4l8 8M12 4l-8 8"), LINE, INK, ("stroke-width", "1.5"), ROUND] }],
        IconKind::App => &[
            Shape { tag: "rect", attrs: &[("x", "2"), ("y", "2"), ("width", "5"), ("height", "5"), ("rx", "1"), FILLED] },
            Shape { tag: "rect", attrs: &[("x", "9"), ("y", "2"), ("width", "5"), ("height", "5"), ("rx", "1"), FILLED] },
            Shape { tag: "rect", attrs: &[("x", "2"), ("y", "9"), ("width", "5"), ("height", "5"), ("rx", "1"), FILLED] },
            Shape { tag: "rect", attrs: &[("x", "9"), ("y", "9"), ("width", "5"), ("height", "5"), ("rx", "2.5"), FILLED] },
        ],
        IconKind::Retry => &[
            Shape { tag: "path", attrs: &[("d", "M13 8a5 5 0 1 1-1.5-3.55"), LINE, INK, ("stroke-width", "1.5"), ROUND] },
            Shape { tag: "path", attrs: &[("d", "M12 1.75v3h-3"), LINE, INK, ("stroke-width", "1.5"), ROUND, JOIN] },
        ],
    }
}

/// The `<svg>` element's own attributes, after its class.
const SVG_ATTRS: [(&str, &str); 5] = [
    ("viewBox", "0 0 16 16"),
    ("width", "16"),
    ("height", "16"),
    ("aria-hidden", "true"),
    ("focusable", "false"),
];

/// The icon's markup as text: what it renders outside the browser.
fn icon_html(kind: IconKind, class: &str) -> String {
    let class = html_escape(&format!("idl-icon {class}"));
    let mut out = format!("<svg class=\"{class}\"");
    for (name, value) in SVG_ATTRS {
        out.push_str(&format!(" {name}=\"{value}\""));
    }
    out.push('>');
    for s in shapes(kind) {
        out.push_str(&format!("<{}", s.tag));
        for (name, value) in s.attrs {
            out.push_str(&format!(" {name}=\"{value}\""));
        }
        out.push_str(&format!("></{}>", s.tag));
    }
    out.push_str("</svg>");
    out
}

/// Escapes text for a double-quoted attribute.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

const SVG_NS: Option<&str> = Some("http://www.w3.org/2000/svg");

/// The icon's `<svg>` element, built from [`shapes`]: the prototype [`IconView`] clones.
fn build_icon(kind: IconKind, class: &str) -> Option<Element> {
    let doc = web_sys::window()?.document()?;
    let svg = doc.create_element_ns(SVG_NS, "svg").ok()?;
    svg.set_attribute("class", &format!("idl-icon {class}"))
        .ok()?;
    for (name, value) in SVG_ATTRS {
        svg.set_attribute(name, value).ok()?;
    }
    for s in shapes(kind) {
        let el = doc.create_element_ns(SVG_NS, s.tag).ok()?;
        for (name, value) in s.attrs {
            el.set_attribute(name, value).ok()?;
        }
        svg.append_child(&el).ok()?;
    }
    Some(svg)
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
            let el = build_icon(kind, class)?;
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
        let _ = (position, escape, mark_branches, extra_attrs);
        buf.push_str(&icon_html(self.kind, &self.class));
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> Self::State {
        // The crate renders in the browser only (`csr`): nothing is ever hydrated. A fresh
        // icon keeps the type's contract without walking server markup.
        self.build()
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
