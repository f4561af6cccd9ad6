//! The standalone single-page app: the integrations list and the Users tab at their own URLs.

fn main() {
    // Panics go to the console with a message instead of "unreachable executed", and the page
    // shows a "Something went wrong — reload" panel instead of freezing.
    idlcm_users::crash::install();
    leptos::mount::mount_to_body(|| leptos::view! { <idlcm_users::routes::App/> });
}
