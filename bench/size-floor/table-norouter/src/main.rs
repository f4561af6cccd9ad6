//! Size floor 3 without the router (bench/size-floor): floor 3's table part, mounted directly.
//! Against floor 3 (the same table under leptos_router) it isolates the router's cost in an app
//! that also fetches, decodes and renders a keyed table.

#[path = "../../table/src/users.rs"]
mod users;

fn main() {
    leptos::mount::mount_to_body(users::Users);
}
