//! Browser tests of the presentational components, mounted alone with plain props
//! (`cargo test --target wasm32-unknown-unknown --test components`).

#![cfg(target_arch = "wasm32")]

use contract::{IntegrationUser, MatchedUser, ProvisioningState, Role};
use idlcm_users::components::{ActivePill, Drawer, RolesCell, StateBadge, UserCell, UsersTable};
use idlcm_users::model::RowStore;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the body, with the given class (the tab's root class for CSS).
fn container() -> web_sys::HtmlElement {
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    el.set_class_name("idlcm-users");
    document().body().unwrap().append_child(&el).unwrap();
    el
}

fn q(root: &web_sys::Element, css: &str) -> web_sys::HtmlElement {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css} in {}", root.outer_html()))
        .unchecked_into()
}

fn text(el: &web_sys::Element) -> String {
    el.text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn tick() {
    leptos::task::tick().await;
    // Effects may schedule one more round.
    leptos::task::tick().await;
}

fn active() -> Option<web_sys::Element> {
    document().active_element()
}

fn key(target: &web_sys::EventTarget, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn badge_for_every_state_and_an_unknown_one() {
    let cases: Vec<(ProvisioningState, &str, &str)> = vec![
        (
            ProvisioningState::ProvisioningAwaiting,
            "Provisioning awaiting",
            "awaiting",
        ),
        (
            ProvisioningState::ProvisioningOngoing,
            "Provisioning ongoing",
            "ongoing",
        ),
        (
            ProvisioningState::ProvisioningFailed,
            "Provisioning failed",
            "failed",
        ),
        (ProvisioningState::Onboarded, "Onboarded", "onboarded"),
        (
            ProvisioningState::UpdateAwaiting,
            "Update awaiting",
            "awaiting",
        ),
        (
            ProvisioningState::UpdateOngoing,
            "Update ongoing",
            "ongoing",
        ),
        (ProvisioningState::UpdateFailed, "Update failed", "failed"),
        (
            ProvisioningState::DeleteAwaiting,
            "Delete awaiting",
            "awaiting",
        ),
        (
            ProvisioningState::DeleteOngoing,
            "Delete ongoing",
            "ongoing",
        ),
        (ProvisioningState::DeleteFailed, "Delete failed", "failed"),
        (ProvisioningState::Deleted, "Deleted", "deleted"),
        (
            ProvisioningState::from("quarantined"),
            "quarantined",
            "unknown",
        ),
    ];
    let mut icon_shapes = std::collections::HashMap::new();
    for (state, label, tone) in cases {
        let root = container();
        let wire = state.as_str().to_owned();
        let s = state.clone();
        let _h = leptos::mount::mount_to(
            root.clone(),
            move || view! { <StateBadge state=s.clone()/> },
        );
        tick().await;
        let badge = q(&root, ".state-badge");
        assert_eq!(text(&badge), label);
        assert_eq!(
            badge.class_name(),
            format!("state-badge state-badge--{tone}")
        );
        assert_eq!(
            badge.get_attribute("data-state").as_deref(),
            Some(wire.as_str())
        );
        let svg = q(&badge, "svg");
        assert_eq!(svg.get_attribute("aria-hidden").as_deref(), Some("true"));
        // One icon shape per family: same tone, same drawing.
        let shape = svg.inner_html();
        let prev = icon_shapes.insert(tone, shape.clone());
        if let Some(prev) = prev {
            assert_eq!(prev, shape, "{tone} icons differ");
        }
        root.remove();
    }
    assert_eq!(icon_shapes.len(), 6, "six distinct families incl. unknown");
    let distinct: HashSet<_> = icon_shapes.values().collect();
    assert_eq!(distinct.len(), 6, "every family has its own icon");
}

#[wasm_bindgen_test]
async fn badge_follows_its_signal() {
    let root = container();
    let state = RwSignal::new(ProvisioningState::UpdateFailed);
    // The badge is plain; the table's cell is the effect that rebuilds it in place.
    let _h = leptos::mount::mount_to(
        root.clone(),
        move || move || view! { <StateBadge state=state.get()/> },
    );
    tick().await;
    state.set(ProvisioningState::UpdateAwaiting);
    tick().await;
    let badge = q(&root, ".state-badge");
    assert_eq!(text(&badge), "Update awaiting");
    assert_eq!(
        badge.get_attribute("data-state").as_deref(),
        Some("update_awaiting")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn icons_are_separate_clones_and_follow_a_kind_change() {
    use idlcm_users::components::{Icon, IconKind};
    let root = container();
    let kind = RwSignal::new(IconKind::SortAsc);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <p class="a"><Icon kind=IconKind::Copy/></p>
            <p class="b"><Icon kind=IconKind::Copy/></p>
            <p class="c"><Icon kind=IconKind::Copy class="extra"/></p>
            <p class="d">{move || view! { <Icon kind=kind.get()/> }}</p>
        }
    });
    tick().await;
    let (a, b, c) = (q(&root, ".a svg"), q(&root, ".b svg"), q(&root, ".c svg"));
    // Two uses are two elements, not one node moved around.
    assert!(!a.is_same_node(Some(&b)));
    assert_eq!(a.outer_html(), b.outer_html());
    assert_eq!(a.get_attribute("class").as_deref(), Some("idl-icon "));
    assert_eq!(a.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(a.child_element_count(), 2, "{}", a.outer_html());
    assert_eq!(c.get_attribute("class").as_deref(), Some("idl-icon extra"));
    assert_eq!(c.inner_html(), a.inner_html());

    let path = |el: &web_sys::HtmlElement| q(el, "path").get_attribute("d");
    let asc = path(&q(&root, ".d svg"));
    kind.set(IconKind::SortDesc);
    tick().await;
    assert_eq!(root.query_selector_all(".d svg").unwrap().length(), 1);
    let desc = path(&q(&root, ".d svg"));
    assert_ne!(asc, desc);
    kind.set(IconKind::SortAsc);
    tick().await;
    assert_eq!(path(&q(&root, ".d svg")), asc);
    root.remove();
}

fn role(name: &str) -> Role {
    Role {
        id: name.to_uppercase(),
        value: None,
        display_name: name.into(),
        group: None,
    }
}

#[wasm_bindgen_test]
async fn roles_cell_with_zero_one_and_many_roles() {
    for (roles, expected_text, has_button) in [
        (vec![], "No roles", false),
        (vec![role("Member")], "Member", false),
        (
            vec![role("Admin"), role("Billing"), role("Guest")],
            "Admin+2",
            true,
        ),
    ] {
        let root = container();
        let opened = RwSignal::new(0);
        let r = roles.clone();
        let _h = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <RolesCell
                    roles=r.clone()
                    holder="Rachel Green".to_string()
                    on_show_all=Callback::new(move |()| opened.update(|n| *n += 1))
                />
            }
        });
        tick().await;
        let cell = q(&root, ".roles-cell");
        let visible: String = {
            // The visually hidden part of the button is for screen readers only.
            let clone: web_sys::Element = cell.clone_node_with_deep(true).unwrap().unchecked_into();
            if let Some(h) = clone.query_selector(".visually-hidden").unwrap() {
                h.remove();
            }
            text(&clone)
        };
        assert_eq!(visible, expected_text);
        let button = root.query_selector("button").unwrap();
        assert_eq!(button.is_some(), has_button);
        if let Some(b) = button {
            let b: web_sys::HtmlElement = b.unchecked_into();
            assert_eq!(
                text(&b),
                "+2 more roles: show all 3 roles of Rachel Green",
                "the accessible name includes the visible text"
            );
            b.click();
            tick().await;
            assert_eq!(opened.get_untracked(), 1);
        }
        root.remove();
    }
}

fn rachel() -> MatchedUser {
    MatchedUser {
        id: "a439".into(),
        first_name: Some("Rachel".into()),
        last_name: Some("Green".into()),
        display_name: "Rachel Green".into(),
        email: "rachel@contentzilla.com".into(),
        avatar_url: Some("javascript:alert(1)".into()),
    }
}

#[wasm_bindgen_test]
async fn user_cell_matched_and_unmatched() {
    let root = container();
    let user = RwSignal::new(Some(rachel()));
    // The cell is plain; the table's cell is the effect that rebuilds it in place.
    let _h = leptos::mount::mount_to(
        root.clone(),
        move || move || view! { <UserCell user=user.get()/> },
    );
    tick().await;
    assert_eq!(text(&q(&root, ".user-avatar")), "RG");
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "unsafe avatar URL is never used"
    );
    assert_eq!(text(&q(&root, ".user-cell__name")), "Rachel Green");
    assert_eq!(
        text(&q(&root, ".user-cell__email")),
        "rachel@contentzilla.com"
    );

    user.set(None);
    tick().await;
    let cell = q(&root, ".user-cell");
    assert!(cell.class_list().contains("user-cell--unmatched"));
    assert_eq!(text(&q(&root, ".user-cell__unknown")), "Unknown user");
    assert!(!text(&cell).contains("Rachel"), "never another user's data");
    root.remove();
}

#[wasm_bindgen_test]
async fn active_pill_three_ways() {
    for (value, label, class) in [
        (Some(true), "Yes", "active-pill--yes"),
        (Some(false), "No", "active-pill--no"),
        (None, "Unknown", "active-pill--unknown"),
    ] {
        let root = container();
        let _h =
            leptos::mount::mount_to(root.clone(), move || view! { <ActivePill active=value/> });
        tick().await;
        let pill = q(&root, ".active-pill");
        assert_eq!(text(&pill), label);
        assert!(pill.class_list().contains(class));
        root.remove();
    }
}

/// Mounts a trigger button and a drawer shown while `open`; returns (root, open, closes).
fn drawer_fixture(
    with_fallback: bool,
) -> (
    web_sys::HtmlElement,
    RwSignal<bool>,
    RwSignal<u32>,
    RwSignal<u32>,
) {
    let root = container();
    let open = RwSignal::new(false);
    let closes = RwSignal::new(0u32);
    let fallbacks = RwSignal::new(0u32);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <button id="trigger" on:click=move |_| open.set(true)>"Open"</button>
            <Show when=move || open.get()>
                <Drawer
                    title="Rachel Green".to_string()
                    on_close=Callback::new(move |()| {
                        closes.update(|n| *n += 1);
                        open.set(false);
                    })
                    on_focus_fallback=Callback::new(move |()| {
                        if with_fallback {
                            fallbacks.update(|n| *n += 1)
                        }
                    })
                >
                    <a href="#x" id="first-link">"A link"</a>
                    <button id="last-button">"Last"</button>
                </Drawer>
            </Show>
        }
    });
    handle.forget();
    (root, open, closes, fallbacks)
}

#[wasm_bindgen_test]
async fn drawer_moves_focus_in_wraps_tab_closes_on_escape_and_returns_focus() {
    let (root, open, closes, _) = drawer_fixture(false);
    let trigger = q(&root, "#trigger");
    trigger.focus().unwrap();
    trigger.click();
    tick().await;
    assert!(open.get_untracked());

    let dialog = q(&root, "[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = document().get_element_by_id(&title_id).unwrap();
    assert_eq!(text(&title), "Rachel Green");

    // Focus moved in (to the Close button, the first control).
    let close = q(&dialog, ".drawer__close");
    assert_eq!(active(), Some(close.clone().unchecked_into()));

    // Tab on the last control wraps to the first; Shift+Tab on the first wraps to the last.
    let last = q(&dialog, "#last-button");
    last.focus().unwrap();
    key(&last, "Tab", false);
    assert_eq!(active(), Some(close.clone().unchecked_into()));
    key(&close, "Tab", true);
    assert_eq!(active(), Some(last.clone().unchecked_into()));

    // Modal in the top layer: a <dialog> shown with showModal(); nothing on the page was made
    // inert by hand.
    let modal = q(&root, "dialog.drawer");
    assert!(
        modal.matches(":modal").unwrap(),
        "not shown with showModal()"
    );
    assert!(document().query_selector("[inert]").unwrap().is_none());

    // A keydown alone does not close a modal <dialog>: Esc reaches it as the dialog's `cancel`
    // event (which a synthetic keydown does not cause). Cancel closes, focus returns to the
    // trigger.
    key(&last, "Escape", false);
    tick().await;
    assert_eq!(closes.get_untracked(), 0);
    let cancel = web_sys::Event::new("cancel").unwrap();
    modal.dispatch_event(&cancel).unwrap();
    modal.dispatch_event(&cancel).unwrap();
    tick().await;
    assert_eq!(closes.get_untracked(), 1, "closed once per cancel burst");
    assert!(root.query_selector("[role=dialog]").unwrap().is_none());
    assert_eq!(active(), Some(trigger.clone().unchecked_into()));
    root.remove();
}

#[wasm_bindgen_test]
async fn drawer_closes_from_button_and_backdrop_and_falls_back_when_trigger_is_gone() {
    let (root, open, closes, fallbacks) = drawer_fixture(true);
    let trigger = q(&root, "#trigger");
    trigger.focus().unwrap();
    trigger.click();
    tick().await;
    q(&root, ".drawer__close").click();
    tick().await;
    assert_eq!(closes.get_untracked(), 1);
    assert_eq!(active(), Some(trigger.clone().unchecked_into()));

    trigger.click();
    tick().await;
    q(&root, ".drawer__backdrop").click();
    tick().await;
    assert_eq!(closes.get_untracked(), 2);

    // The opener disappears while the drawer is open: the owner's fallback runs.
    trigger.focus().unwrap();
    trigger.click();
    tick().await;
    trigger.remove();
    open.set(false);
    tick().await;
    assert_eq!(fallbacks.get_untracked(), 1);
    root.remove();
}

fn page(rows: &[(&str, &str, Option<&str>)]) -> Vec<IntegrationUser> {
    let data: Vec<serde_json::Value> = rows
        .iter()
        .map(|(id, state, name)| {
            let user = name.map(|n| {
                serde_json::json!({"id": format!("u-{id}"), "displayName": n, "email": format!("{id}@x.com")})
            });
            serde_json::json!({"id": id, "type": "integration_user", "attributes": {
                "user": user, "usernameInApp": format!("{id}@app"),
                "appAccess": [{"id": "M", "displayName": "Member"}, {"id": "A", "displayName": "Admin"}],
                "activeInApp": true, "upstreamUserId": format!("00u{id}"), "provisioningState": state,
                "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}})
        })
        .collect();
    serde_json::from_value(serde_json::Value::Array(data)).unwrap()
}

type Observed = Rc<RefCell<Vec<web_sys::MutationRecord>>>;

/// Records every DOM mutation under `root` (delivered or still queued).
fn observe(
    root: &web_sys::Element,
) -> (
    web_sys::MutationObserver,
    Observed,
    Closure<dyn FnMut(js_sys::Array)>,
) {
    let seen: Observed = Rc::new(RefCell::new(Vec::new()));
    let c = seen.clone();
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
        for r in records.iter() {
            c.borrow_mut().push(r.unchecked_into());
        }
    });
    let observer = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_subtree(true);
    init.set_child_list(true);
    init.set_attributes(true);
    init.set_character_data(true);
    observer.observe_with_options(root, &init).unwrap();
    (observer, seen, cb)
}

/// A `UsersTable` over `store`'s rows, and its generation when `swap` (another page swaps the
/// body, as in the tab; else a generation that never moves, as when none is given).
fn users_table(store: &RowStore, selected: RwSignal<HashSet<String>>, swap: bool) -> impl IntoView {
    let generation = if swap {
        Signal::from(store.generation.clone())
    } else {
        Signal::stored(0)
    };
    view! {
        <UsersTable
            rows=store.rows.clone()
            generation=generation
            sort=contract::SortKey::default()
            on_sort=Callback::new(|_| ())
            selected=selected
            on_open=Callback::new(|_: String| ())
            busy=false
            caption="App users".to_string()
        />
    }
}

/// Mounts [`users_table`] into `root`.
fn mount_table(
    root: &web_sys::HtmlElement,
    store: &RowStore,
    selected: RwSignal<HashSet<String>>,
    swap: bool,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    let store = store.clone();
    leptos::mount::mount_to(root.clone(), move || users_table(&store, selected, swap))
}

#[wasm_bindgen_test]
async fn patching_identical_data_touches_no_dom_and_a_change_touches_only_its_cell() {
    let root = container();
    let store = RowStore::new();
    let first = page(&[
        ("a", "onboarded", Some("Ann Lee")),
        ("b", "update_failed", None),
    ]);
    store.patch(&first);
    let selected = RwSignal::new(HashSet::new());
    let _h = mount_table(&root, &store, selected, false);
    tick().await;
    assert_eq!(
        root.query_selector_all("tr[data-row-id]").unwrap().length(),
        2
    );
    // Row headers: the user for a matched row, the app username for an unmatched one.
    let header = q(&root, "[data-row-id=a] th[scope=row]");
    assert_eq!(text(&q(&header, ".user-cell__name")), "Ann Lee");
    assert_eq!(
        q(&header, "button").get_attribute("aria-label").as_deref(),
        Some("Show details of Ann Lee")
    );
    assert_eq!(text(&q(&root, "[data-row-id=b] th[scope=row]")), "b@app");
    assert_eq!(
        q(&root, "[data-row-id=b] th[scope=row] button")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Show details of b@app")
    );

    let (observer, seen, _cb) = observe(&root);
    let flush = |seen: &Observed| {
        for r in observer.take_records().iter() {
            seen.borrow_mut().push(r.unchecked_into());
        }
        std::mem::take(&mut *seen.borrow_mut())
    };
    let report = store.patch(&page(&[
        ("a", "onboarded", Some("Ann Lee")),
        ("b", "update_failed", None),
    ]));
    assert!(report.is_noop());
    tick().await;
    assert_eq!(
        flush(&seen).len(),
        0,
        "an unchanged page must not touch the DOM"
    );

    let b_row = q(&root, "[data-row-id=b]");
    store.patch(&page(&[
        ("a", "onboarded", Some("Ann Lee")),
        ("b", "update_awaiting", None),
    ]));
    tick().await;
    let records = flush(&seen);
    assert!(!records.is_empty());
    for r in records {
        let target: web_sys::Node = r.target().unwrap();
        let badge_cell = q(&b_row, ".users-table__cell--state");
        assert!(
            badge_cell.contains(Some(&target)),
            "only the state cell of row b changed"
        );
    }
    assert_eq!(
        q(&b_row, ".state-badge")
            .get_attribute("data-state")
            .as_deref(),
        Some("update_awaiting")
    );
    // The row element itself survived (keyed by id, not by state).
    assert!(b_row.is_connected());
    observer.disconnect();

    // Select all on the page, then one row off: "N selected" logic lives in the set.
    q(&root, "#users-select-all").click();
    tick().await;
    assert_eq!(selected.get_untracked().len(), 2);
    q(&root, "[data-row-id=a] input[type=checkbox]").click();
    tick().await;
    assert_eq!(selected.get_untracked().len(), 1);
    root.remove();
}

/// Waits for one macrotask (`setTimeout(0)`): what `DeferDrop` waits for.
async fn macrotask() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn another_page_swaps_the_body_and_the_old_rows_are_dropped_later_untouched() {
    let root = container();
    let store = RowStore::new();
    store.patch(&page(&[
        ("a", "onboarded", Some("Ann Lee")),
        ("b", "update_failed", None),
    ]));
    let selected = RwSignal::new(HashSet::new());
    let _h = mount_table(&root, &store, selected, true);
    tick().await;
    let ids = |el: &web_sys::Element| -> Vec<String> {
        let rows = el.query_selector_all("tr[data-row-id]").unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .filter_map(|n| {
                n.unchecked_into::<web_sys::Element>()
                    .get_attribute("data-row-id")
            })
            .collect()
    };
    let old_body = q(&root, "tbody");
    let old_checkbox = q(&old_body, "[data-row-id=a] input[type=checkbox]");
    assert_eq!(ids(&old_body), ["a", "b"]);
    // A retry holds its rows across requests and may write one after it left the page.
    let old_b = store.get("b").unwrap();

    // No row kept: the generation moves and a new body replaces the old one.
    store.patch(&page(&[
        ("c", "onboarded", None),
        ("d", "delete_failed", Some("Dee Roe")),
        ("e", "provisioning_awaiting", None),
    ]));
    tick().await;
    assert_eq!(root.query_selector_all("tbody").unwrap().length(), 1);
    let new_body = q(&root, "tbody");
    assert!(!new_body.is_same_node(Some(&old_body)));
    assert_eq!(ids(&new_body), ["c", "d", "e"]);
    assert!(!old_body.is_connected());
    // The detached body's `For` must not have diffed the new page into it.
    assert_eq!(ids(&old_body), ["a", "b"]);
    // Writing a row that just left (its state not dropped yet) reruns its cells against live
    // values (a disposed one would panic and kill the tab), and only in the detached body.
    let old_b_state = || q(&old_body, "[data-row-id=b] .state-badge").get_attribute("data-state");
    old_b.username_in_app.set("b-renamed@app".to_owned());
    old_b
        .provisioning_state
        .set(ProvisioningState::DeleteFailed);
    tick().await;
    assert_eq!(old_b_state().as_deref(), Some("delete_failed"));
    assert_eq!(ids(&new_body), ["c", "d", "e"]);

    // A task later the old rows' state is dropped: their listeners are gone, and writing a
    // row reaches nothing.
    macrotask().await;
    old_b.provisioning_state.set(ProvisioningState::Onboarded);
    tick().await;
    assert_eq!(old_b_state().as_deref(), Some("delete_failed"));
    old_checkbox.click();
    tick().await;
    assert!(
        selected.get_untracked().is_empty(),
        "a dropped row's checkbox must not select"
    );
    // The live rows still work.
    q(&root, "[data-row-id=d] input[type=checkbox]").click();
    tick().await;
    assert_eq!(
        selected.get_untracked().into_iter().collect::<Vec<_>>(),
        ["d"]
    );

    // Clearing swaps in an empty body.
    store.patch(&[]);
    tick().await;
    assert_eq!(
        root.query_selector_all("tr[data-row-id]").unwrap().length(),
        0
    );
    assert_eq!(root.query_selector_all("tbody").unwrap().length(), 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_second_tab_prefixes_row_ids_in_every_body() {
    use idlcm_users::components::ids::provide_id_scope;
    let root = container();
    let store = RowStore::new();
    store.patch(&page(&[("a", "update_failed", None)]));
    let table_store = store.clone();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        // One tab holds the plain ids; the table belongs to a second one.
        provide_id_scope();
        let second = Owner::new();
        let keep = second.clone();
        on_cleanup(move || keep.cleanup());
        second.with(|| {
            provide_id_scope();
            users_table(&table_store, RwSignal::new(HashSet::new()), true)
        })
    });
    tick().await;
    let tip = |id: &str| q(&root, &format!("[data-row-id={id}] .failure-tip__text")).id();
    assert_eq!(tip("a"), "idl2-failure-tip-a");
    // The next page's body has an owner of its own: the scope must come along.
    store.patch(&page(&[("b", "delete_failed", None)]));
    tick().await;
    assert_eq!(tip("b"), "idl2-failure-tip-b");
    root.remove();
}

#[wasm_bindgen_test]
async fn state_filter_lists_states_by_phase_with_counts_and_toggles() {
    use idlcm_users::components::StateFilter;
    let root = container();
    let stats: contract::UserStats = serde_json::from_value(serde_json::json!({
        "total": 5, "matched": 4, "unmatched": 1, "activeInApp": 3,
        "byProvisioningState": {"update_failed": 2, "onboarded": 3}
    }))
    .unwrap();
    let selected = RwSignal::new(vec![ProvisioningState::UpdateFailed]);
    let toggled = RwSignal::new(Vec::<String>::new());
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <button id="outside">"Elsewhere"</button>
            <StateFilter
                stats=Some(stats.clone())
                selected=selected
                on_toggle=Callback::new(move |s: ProvisioningState| {
                    toggled.update(|t| t.push(s.as_str().to_owned()))
                })
            />
        }
    });
    tick().await;
    let button = q(&root, "#state-filter-button");
    let panel = q(&root, "#state-filter-panel");
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(panel.hidden());
    button.click();
    tick().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(!panel.hidden());
    let legends: Vec<String> = (0..5)
        .map(|i| {
            let l = panel.query_selector_all("legend").unwrap().item(i).unwrap();
            text(l.unchecked_ref())
        })
        .collect();
    assert_eq!(
        legends,
        ["Failed", "In progress", "Awaiting", "Onboarded", "Deleted"]
    );
    assert_eq!(
        panel
            .query_selector_all("input[type=checkbox]")
            .unwrap()
            .length(),
        11
    );
    assert_eq!(
        text(&q(&panel, "label[for=state-filter-update_failed]")),
        "Update failed (2)"
    );
    assert_eq!(
        text(&q(&panel, "label[for=state-filter-deleted]")),
        "Deleted (0)"
    );
    let checked: web_sys::HtmlInputElement =
        q(&panel, "#state-filter-update_failed").unchecked_into();
    assert!(checked.checked());
    q(&panel, "#state-filter-deleted").click();
    tick().await;
    assert_eq!(toggled.get_untracked(), vec!["deleted".to_string()]);
    // Esc closes and gives focus back to the button.
    let cb = q(&panel, "#state-filter-deleted");
    cb.focus().unwrap();
    key(&cb, "Escape", false);
    tick().await;
    assert!(panel.hidden());
    assert_eq!(active(), Some(button.clone().unchecked_into()));
    root.remove();
}

fn cause_line(retryable: u64) -> idlcm_users::model::causes::CauseLine {
    use idlcm_users::model::causes::{CauseLine, StateCount};
    CauseLine {
        code: "BadCredentials".to_owned(),
        name: "Credentials rejected <b>".to_owned(),
        explanation: Some("The app no longer accepts the credentials.".to_owned()),
        fix: Some("Update them, then retry.".to_owned()),
        count: 2,
        retryable,
        states: vec![
            StateCount {
                state: ProvisioningState::UpdateFailed,
                count: 1,
            },
            StateCount {
                state: ProvisioningState::from("quarantined_failed"),
                count: 1,
            },
        ],
    }
}

#[wasm_bindgen_test]
async fn cause_line_shows_the_cause_in_words_and_its_actions_send_the_code() {
    use idlcm_users::components::CauseLineView;
    let root = container();
    let shown = RwSignal::new(Vec::<String>::new());
    let retried = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let on_show = Callback::new(move |c: String| shown.update(|v| v.push(c)));
    let on_retry = Callback::new(move |c: String| retried.update(|v| v.push(c)));
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ul>
                <CauseLineView line=cause_line(1) busy=busy on_show=on_show on_retry=on_retry/>
                <CauseLineView line=cause_line(0) busy=false on_show=on_show on_retry=on_retry/>
            </ul>
        }
    });
    tick().await;
    let lines = root.query_selector_all(".cause-line").unwrap();
    let first: web_sys::Element = lines.get(0).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("data-code").as_deref(),
        Some("BadCredentials")
    );
    let t = text(&first);
    for part in [
        "Credentials rejected <b> 2 accounts",
        "The app no longer accepts the credentials.",
        "Update failed: 1, quarantined_failed: 1",
        "Fix: Update them, then retry.",
    ] {
        assert!(t.contains(part), "{part:?} in {t:?}");
    }
    assert!(
        first.query_selector("b").unwrap().is_none(),
        "a name became markup"
    );
    // The visible text starts each button's name (label in name), and names the cause.
    let retry = q(&first, ".cause-line__retry");
    assert_eq!(text(&retry), "Retry 1: Credentials rejected <b>");
    q(&first, ".cause-line__show").click();
    retry.click();
    assert_eq!(shown.get_untracked(), ["BadCredentials"]);
    assert_eq!(retried.get_untracked(), ["BadCredentials"]);
    // While its retry runs, and when nothing can be retried, Retry does nothing.
    busy.set(true);
    tick().await;
    assert_eq!(
        retry.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(text(&retry).starts_with("Retrying…"));
    retry.click();
    let second: web_sys::Element = lines.get(1).unwrap().unchecked_into();
    let none = q(&second, ".cause-line__retry");
    assert_eq!(none.get_attribute("aria-disabled").as_deref(), Some("true"));
    none.click();
    assert_eq!(retried.with_untracked(Vec::len), 1);
    root.remove();
}

/// One History entry: the relative time in a `<time datetime>` that follows the clock, the
/// job and outcome in words with from → to badges, the trigger with its copy button, each
/// change and the error in plain words, all as text; an unknown trigger kind as it came.
#[wasm_bindgen_test]
async fn history_entry_says_when_what_why_what_changed_and_the_error() {
    use idlcm_users::components::HistoryEntry;
    let event: contract::ProvisioningEvent = serde_json::from_value(serde_json::json!({
        "id": "ev-1", "type": "provisioning_event", "attributes": {
            "occurredAt": "2026-02-18T09:12:44Z", "job": "update", "outcome": "failed",
            "fromState": "update_ongoing", "toState": "update_failed",
            "trigger": {"kind": "idp_event", "idp": "okta", "upstreamEventId": "okta-evt-8f3a2c"},
            "changes": [{"attribute": "department", "from": "<b>Sales</b>", "to": "Marketing"},
                        {"attribute": "title", "from": null, "to": "Lead"}],
            "error": {"code": "UnderpermissionedAccount", "message": "m"},
            "appRequestId": "scim-req-77c1"}}))
    .unwrap();
    let at = 1_771_405_964_000.0;
    let now = RwSignal::new(at + 3.0 * 60_000.0);
    let root = container();
    let e = event.clone();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <ol><HistoryEntry event=e.clone() now=now/></ol> }
    });
    tick().await;
    let li = q(&root, "ol > li.history-entry");
    assert_eq!(li.get_attribute("data-event-id").as_deref(), Some("ev-1"));
    assert_eq!(li.get_attribute("data-outcome").as_deref(), Some("failed"));
    assert_eq!(text(&q(&li, ".history-entry__what")), "Update failed");
    let time = q(&li, "time");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-02-18T09:12:44Z")
    );
    assert_eq!(
        time.tab_index(),
        0,
        "the absolute time shows on keyboard focus"
    );
    assert!(text(&time).starts_with("3 min ago"), "{}", text(&time));
    assert!(text(&q(&time, ".history-entry__absolute")).contains("2026"));
    now.set(at + 2.0 * 3_600_000.0);
    tick().await;
    assert!(text(&time).starts_with("2 h ago"), "{}", text(&time));
    let badges = li.query_selector_all(".state-badge").unwrap();
    assert_eq!(badges.length(), 2);
    let states: Vec<String> = (0..2)
        .map(|i| {
            let b: web_sys::Element = badges.item(i).unwrap().unchecked_into();
            b.get_attribute("data-state").unwrap_or_default()
        })
        .collect();
    assert_eq!(states, ["update_ongoing", "update_failed"]);
    let why = q(&li, ".history-entry__why");
    assert!(
        text(&why).starts_with("Okta event okta-evt-8f3a2c"),
        "{}",
        text(&why)
    );
    let copy = q(&why, "button");
    assert!(copy
        .get_attribute("aria-label")
        .unwrap_or_default()
        .starts_with("Copy upstream event ID"));
    let changes = q(&li, ".history-entry__changes");
    assert_eq!(changes.query_selector_all("li").unwrap().length(), 2);
    assert!(
        text(&changes).contains("department: <b>Sales</b>"),
        "{}",
        text(&changes)
    );
    assert!(
        changes.query_selector("b").unwrap().is_none(),
        "a value became markup"
    );
    assert!(
        text(&changes).contains("title: not set"),
        "{}",
        text(&changes)
    );
    let error = text(&q(&li, ".history-entry__error"));
    assert!(
        error.contains("The integration's service account may not make this change in the app."),
        "{error}"
    );
    assert!(error.contains("UnderpermissionedAccount"), "{error}");
    assert!(text(&li).contains("scim-req-77c1"));
    root.remove();

    // An unknown trigger kind is shown as it came; no time, no badges, no facts but "Why".
    let bare: contract::ProvisioningEvent = serde_json::from_value(serde_json::json!({
        "id": "ev-2", "type": "provisioning_event",
        "attributes": {"job": "reconcile", "outcome": "deferred", "trigger": {"kind": "webhook"}}}))
    .unwrap();
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! { <ol><HistoryEntry event=bare.clone() now=now/></ol> }
    });
    tick().await;
    let li = q(&root, "li.history-entry");
    assert_eq!(li.get_attribute("data-outcome").as_deref(), Some("unknown"));
    assert_eq!(text(&q(&li, ".history-entry__what")), "reconcile deferred");
    assert_eq!(text(&q(&li, ".history-entry__why")), "webhook");
    assert_eq!(text(&q(&li, ".history-entry__when")), "Time not given");
    assert!(li
        .query_selector("time, .state-badge, button")
        .unwrap()
        .is_none());
    root.remove();
}
