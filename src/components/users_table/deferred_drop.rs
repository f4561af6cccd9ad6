//! [`DeferDrop`]: a view whose state, once the view is replaced, is dropped in a later task.
//!
//! When a page of rows is replaced wholesale (another page, a filter, clearing), the old
//! `<tbody>` leaves the document in one DOM operation, but dropping its rows' view state — each
//! element handle, attribute, event listener and render effect of every row — took about half
//! of "clear" in the benchmark (bench/RESULTS.md §1, CPU profile of clear at 1,000 rows). None of
//! that is visible: the rows are already detached. So the state is parked and dropped in a
//! `setTimeout(0)` task, after the swap's own task, which lets the browser show the new rows
//! first. Hand-written DOM code gets the same for free: its detached rows are garbage collected
//! later.
//!
//! Safe because a parked state is detached and its rows' signals are no longer written (the
//! row store dropped them); its effects could only rerun on an outside signal (the selection),
//! which they read without touching the rows' disposed arena values.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::any_view::{AnyViewState, AnyViewWithAttrs};
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

thread_local! {
    /// Replaced views' states waiting to be dropped.
    static PARKED: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
    /// A drop task is already scheduled.
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Parks `state` and makes sure a task drops everything parked.
fn park(state: Box<dyn Any>) {
    PARKED.with_borrow_mut(|p| p.push(state));
    if !SCHEDULED.replace(true) {
        set_timeout(drop_parked, Duration::ZERO);
    }
}

/// Drops the parked states (outside the borrow: a drop may park more).
fn drop_parked() {
    SCHEDULED.set(false);
    let parked = PARKED.with_borrow_mut(std::mem::take);
    drop(parked);
}

/// A view (type-erased) whose state is dropped in a later task once it is replaced.
pub struct DeferDrop(pub AnyView);

/// [`DeferDrop`]'s mounted state: the inner state, parked on drop.
pub struct DeferDropState(Option<AnyViewState>);

impl Drop for DeferDropState {
    fn drop(&mut self) {
        if let Some(state) = self.0.take() {
            park(Box::new(state));
        }
    }
}

impl Mountable for DeferDropState {
    fn unmount(&mut self) {
        if let Some(s) = self.0.as_mut() {
            s.unmount();
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        if let Some(s) = self.0.as_mut() {
            s.mount(parent, marker);
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0.as_ref().is_some_and(|s| s.insert_before_this(child))
    }

    fn elements(&self) -> Vec<Element> {
        self.0.as_ref().map(|s| s.elements()).unwrap_or_default()
    }
}

impl Render for DeferDrop {
    type State = DeferDropState;

    fn build(self) -> Self::State {
        DeferDropState(Some(self.0.build()))
    }

    fn rebuild(self, state: &mut Self::State) {
        match state.0.as_mut() {
            Some(s) => self.0.rebuild(s),
            None => state.0 = Some(self.0.build()),
        }
    }
}

impl AddAnyAttr for DeferDrop {
    type Output<SomeNewAttr: Attribute> = AnyViewWithAttrs;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self.0.add_any_attr(attr)
    }
}

impl RenderHtml for DeferDrop {
    type AsyncOutput = AnyView;
    type Owned = AnyView;
    const MIN_LENGTH: usize = AnyView::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    fn resolve(self) -> impl Future<Output = Self::AsyncOutput> + Send {
        self.0.resolve()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        DeferDropState(Some(self.0.hydrate::<FROM_SERVER>(cursor, position)))
    }

    fn into_owned(self) -> Self::Owned {
        self.0
    }
}
