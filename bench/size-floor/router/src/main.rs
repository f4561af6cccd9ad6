//! Size floor 2 (bench/size-floor): floor 1 plus leptos_router with two routes and links between
//! them. The tab routes with leptos_router, so this is the floor of a routed Leptos app.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// Route `/`: floor 1's counter.
#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0u32);
    view! {
        <button on:click=move |_| set_count.update(|n| *n += 1)>
            "Clicked " {count} " times"
        </button>
    }
}

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
                <A href="/">"Counter"</A>
                " "
                <A href="/about">"About"</A>
            </nav>
            <main>
                <Routes fallback=|| "Not found.">
                    <Route path=path!("/") view=Counter/>
                    <Route path=path!("/about") view=About/>
                </Routes>
            </main>
        </Router>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
