//! The standalone single-page app: the integrations list and the Users tab at their own URLs.

fn main() {
    // Panics go to the console with a message instead of "unreachable executed".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| leptos::view! { <idlcm_users::routes::App/> });
}
