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
//! The view is built under an [`Owner`] of its own, with no parent (so not the effect that
//! swaps bodies, whose rerun would dispose it, nor the table's, whose list of children would
//! keep a reference per page for as long as the table lives); the contexts it needs are
//! provided on it again. That owner is cleaned up only after the state is dropped. So while a
//! state is parked, its rows' signals, memos and callbacks are all still there: if one of its
//! effects reruns (a retry answer writing a row that just left the page, a selection change),
//! it reads live values and writes to detached nodes, and never meets a disposed value, which
//! would panic.

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
    static PARKED: RefCell<Vec<Parked>> = const { RefCell::new(Vec::new()) };
    /// A drop task is already scheduled.
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Parks `parked` and makes sure a task drops everything parked.
fn park(parked: Parked) {
    PARKED.with_borrow_mut(|p| p.push(parked));
    if !SCHEDULED.replace(true) {
        set_timeout(drop_parked, Duration::ZERO);
    }
}

/// Drops the parked states, each before its owners are cleaned up (outside the borrow: a drop
/// may park more).
fn drop_parked() {
    SCHEDULED.set(false);
    let parked = PARKED.with_borrow_mut(std::mem::take);
    drop(parked);
}

/// A view (type-erased) whose state is dropped in a later task once it is replaced, and the
/// owner it was made under.
pub struct DeferDrop {
    view: AnyView,
    owner: Owner,
}

impl DeferDrop {
    /// Makes the view with `make` under a new owner without a parent, after `provide` has
    /// provided the contexts the view needs on it.
    pub fn new<V: IntoView + 'static>(provide: impl FnOnce(), make: impl FnOnce() -> V) -> Self {
        let owner = parentless_owner();
        let view = owner.with(|| {
            provide();
            make().into_any()
        });
        DeferDrop { view, owner }
    }
}

/// A new owner that no other owner lists as a child (`Owner::new` takes the current owner as
/// its parent, so the current one is unset around it).
fn parentless_owner() -> Owner {
    let current = Owner::current();
    if let Some(c) = current.clone() {
        c.unset();
    }
    let owner = Owner::new();
    if let Some(c) = current {
        c.set();
    }
    owner
}

/// A state and the owners of what it shows, dropped in that order (empty: nothing to do).
#[derive(Default)]
struct Parked {
    state: Option<AnyViewState>,
    owners: Vec<Owner>,
}

impl Drop for Parked {
    fn drop(&mut self) {
        drop(self.state.take());
        for owner in self.owners.drain(..) {
            owner.cleanup();
        }
    }
}

/// [`DeferDrop`]'s mounted state: the inner state and its owners, parked on drop.
pub struct DeferDropState(Parked);

impl Drop for DeferDropState {
    fn drop(&mut self) {
        park(std::mem::take(&mut self.0));
    }
}

impl Mountable for DeferDropState {
    fn unmount(&mut self) {
        if let Some(s) = self.0.state.as_mut() {
            s.unmount();
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        if let Some(s) = self.0.state.as_mut() {
            s.mount(parent, marker);
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0
            .state
            .as_ref()
            .is_some_and(|s| s.insert_before_this(child))
    }

    fn elements(&self) -> Vec<Element> {
        self.0
            .state
            .as_ref()
            .map(|s| s.elements())
            .unwrap_or_default()
    }
}

impl Render for DeferDrop {
    type State = DeferDropState;

    fn build(self) -> Self::State {
        let state = self.owner.with(|| self.view.build());
        DeferDropState(Parked {
            state: Some(state),
            owners: vec![self.owner],
        })
    }

    fn rebuild(self, state: &mut Self::State) {
        // In place (a keyed list keeps some rows): the old owner's rows may stay, so both
        // owners live as long as the state.
        let DeferDrop { view, owner } = self;
        owner.with(|| match state.0.state.as_mut() {
            Some(s) => view.rebuild(s),
            None => state.0.state = Some(view.build()),
        });
        state.0.owners.push(owner);
    }
}

impl AddAnyAttr for DeferDrop {
    type Output<SomeNewAttr: Attribute> = AnyViewWithAttrs;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self.view.add_any_attr(attr)
    }
}

impl RenderHtml for DeferDrop {
    type AsyncOutput = AnyView;
    type Owned = AnyView;
    const MIN_LENGTH: usize = AnyView::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.view.dry_resolve();
    }

    fn resolve(self) -> impl Future<Output = Self::AsyncOutput> + Send {
        self.view.resolve()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.view
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        let state = self
            .owner
            .with(|| self.view.hydrate::<FROM_SERVER>(cursor, position));
        DeferDropState(Parked {
            state: Some(state),
            owners: vec![self.owner],
        })
    }

    fn into_owned(self) -> Self::Owned {
        self.view
    }
}
