//! Size floor 1 (bench/size-floor): the smallest Leptos 0.8 CSR app that is still an app — one
//! component, one signal, one button. Its shipped size is what the framework costs before the
//! tab adds a single feature. No panic hook, no CSS: only the framework.

use leptos::prelude::*;

/// A counter: one signal, read in the text and written by the button.
#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0u32);
    view! {
        <button on:click=move |_| set_count.update(|n| *n += 1)>
            "Clicked " {count} " times"
        </button>
    }
}

fn main() {
    leptos::mount::mount_to_body(Counter);
}
