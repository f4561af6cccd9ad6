//! `make bench` part 1 (bench/README.md): mounts the production `UsersTable` (and so
//! `UserRowView`) over the production `RowStore` into `#leptos-root`, and puts
//! `window.__bench = { create, update1, update10th, replace, clear }` on the page. Each op takes
//! a pre-stringified API page, decodes it as the tab does (`decode_success`) and patches the
//! store (`RowStore::patch`), exactly the path a fetched page takes in production.

mod floor;

use std::collections::HashSet;

use contract::{IntegrationUserList, SortKey};
use idlcm_users::api::decode_success;
use idlcm_users::components::UsersTable;
use idlcm_users::model::RowStore;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn patch_from(store: &RowStore, json: &str) -> Result<(), JsValue> {
    let page: IntegrationUserList =
        decode_success(200, json, None).map_err(|e| JsValue::from_str(&format!("{e:?}")))?;
    store.patch(&page.data);
    Ok(())
}

fn main() {
    idlcm_users::crash::install();
    let store = RowStore::new();
    let Some(root) = document()
        .get_element_by_id("leptos-root")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let rows = store.rows.clone();
    let generation = store.generation.clone();
    leptos::mount::mount_to(root, move || {
        view! {
            <UsersTable
                rows=Signal::from(rows)
                generation=Signal::from(generation)
                sort=SortKey::default()
                on_sort=Callback::new(|_| {})
                selected=RwSignal::new(HashSet::new())
                on_open=Callback::new(|_| {})
                busy=false
                caption="Users".to_owned()
            />
        }
    })
    .forget();

    let api = js_sys::Object::new();
    for name in ["create", "update1", "update10th", "replace"] {
        let store = store.clone();
        let op = Closure::<dyn Fn(String) -> Result<(), JsValue>>::new(move |json: String| {
            patch_from(&store, &json)
        });
        let _ = js_sys::Reflect::set(&api, &name.into(), op.as_ref());
        op.forget();
    }
    let clear = Closure::<dyn Fn()>::new(move || {
        store.patch(&[]);
    });
    let _ = js_sys::Reflect::set(&api, &"clear".into(), clear.as_ref());
    clear.forget();
    let _ = js_sys::Reflect::set(&window(), &"__bench".into(), &api);

    // `make bench-speed-floor`, `make bench-first-rows-floor`.
    floor::expose_mount_floor();
}
