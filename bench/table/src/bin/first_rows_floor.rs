//! `make bench-first-rows-floor` (bench/README.md): the least a Leptos page must load and run to
//! show the first rows. Only the floor table (`floor.rs`: the plainest Leptos table with the
//! production rows' DOM) and the tab's decoding of an API page, nothing else of the tab: no
//! router, no `GET /me`, no header, toolbar or placeholder rows. The page's script
//! (bench/first-rows/leptos-page.js) fetches the API page itself and hands it over once the
//! wasm has started.

#[path = "../floor.rs"]
mod floor;

fn main() {
    floor::expose_mount_floor();
}
