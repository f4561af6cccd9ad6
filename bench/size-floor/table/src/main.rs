//! Size floor 3 (bench/size-floor): floor 2 plus roughly the smallest app that does what the
//! tab's first screen does (users.rs: gloo-net fetch, serde_json decoding, keyed `<For>` table
//! with reactive cells) on route `/`. Only its size is measured; it does render (checked by
//! hand in headless Chromium over a static users.json).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

mod users;

use users::Users;

/// Route `/about`: a second, static page.
#[component]
fn About() -> impl IntoView {
    view! { <p>"The second route."</p> }
}

/// The router, two links and the two routes.
#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <nav>
                <A href="/">"Users"</A>
                " "
                <A href="/about">"About"</A>
            </nav>
            <main>
                <Routes fallback=|| "Not found.">
                    <Route path=path!("/") view=Users/>
                    <Route path=path!("/about") view=About/>
                </Routes>
            </main>
        </Router>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
