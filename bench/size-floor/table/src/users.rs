//! The table part of the size floor (bench/size-floor): fetch a JSON list with gloo-net, decode
//! it with serde_json into a struct of eight fields, show it in a keyed `<For>` table whose rows
//! have reactive cells (a selection highlight and a selected mark). Shared by floor-table (with
//! the router) and floor-table-norouter (without), so the two differ only by the router.

use leptos::prelude::*;
use serde::Deserialize;

/// One row of the list, about the shape of the tab's user rows.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct User {
    id: String,
    email: String,
    display_name: String,
    state: String,
    roles: Vec<String>,
    active: bool,
    created_at: String,
    last_login: Option<String>,
}

/// `GET /users.json`, decoded with serde_json.
async fn fetch_users() -> Result<Vec<User>, String> {
    let response = gloo_net::http::Request::get("/users.json")
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let body = response.text().await.map_err(|e| e.to_string())?;
    serde_json::from_str(&body).map_err(|e| e.to_string())
}

/// One row: static cells plus two that follow the selection.
#[component]
fn Row(user: User, selected: RwSignal<Option<String>>) -> impl IntoView {
    let id = user.id.clone();
    let is_selected = Memo::new(move |_| selected.with(|s| s.as_deref() == Some(id.as_str())));
    let id = user.id.clone();
    view! {
        <tr class:selected=move || is_selected.get() on:click=move |_| selected.set(Some(id.clone()))>
            <td>{move || if is_selected.get() { "✓" } else { "" }}</td>
            <td>{user.display_name}</td>
            <td>{user.email}</td>
            <td>{user.state}</td>
            <td>{user.roles.join(", ")}</td>
            <td>{if user.active { "active" } else { "inactive" }}</td>
            <td>{user.created_at}</td>
            <td>{user.last_login.unwrap_or_default()}</td>
        </tr>
    }
}

/// The fetched list as a keyed table, with a status line.
#[component]
pub fn Users() -> impl IntoView {
    let users = LocalResource::new(fetch_users);
    let selected = RwSignal::new(None::<String>);
    let rows = move || users.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <p>
            {move || match users.get() {
                None => "Loading…".to_string(),
                Some(Ok(list)) => format!("{} users", list.len()),
                Some(Err(e)) => e,
            }}
        </p>
        <table>
            <tbody>
                <For each=rows key=|u| u.id.clone() let:user>
                    <Row user selected/>
                </For>
            </tbody>
        </table>
    }
}
