//! `make bench-first-rows-floor`: the tab and the vanilla page of part 3 next to two Leptos
//! pages that start their API request from JS, to see where the tab's time goes.

use std::path::Path;
use std::time::Instant;

use super::pages::{add_bundle, attr_escape, precompress, write_vanilla_page};
use super::{copy_dist, finish, measure_section, tab_page, vanilla_page, Conditions, Page};
use crate::Rng;

const LEPTOS_PAGE_HTML: &str = include_str!("../../../first-rows/leptos-page.html");
const LEPTOS_PAGE_JS: &str = include_str!("../../../first-rows/leptos-page.js");

/// `make bench-first-rows-floor`: where the tab's time to first rows goes. The tab and the
/// vanilla page as in part 3, and two Leptos pages that fetch the API page as the vanilla page
/// does (at once, from JS) and render it once their wasm has started: the bench/table bundle
/// with the production `UsersTable` (no router, no `GET /me`, no header or toolbar), and the
/// floor bundle (the plainest Leptos table, nothing else).
pub async fn run_floor(
    dist: &Path,
    rows_bundle: &Path,
    floor_bundle: &Path,
    results: Option<&Path>,
) {
    let started = crate::now_utc();
    let load_start = crate::load();
    let t_start = Instant::now();
    let mut rng = Rng(crate::seed());

    let dir = copy_dist(dist, "first-rows-floor");
    let (table, styles, api) = write_vanilla_page(&dir).await;
    for (impl_name, bundle, body) in [
        (
            "rows",
            rows_bundle,
            "<div id=\"leptos-root\"></div>".to_owned(),
        ),
        ("floor", floor_bundle, table),
    ] {
        let loader = add_bundle(&dir, bundle);
        let page = dir.join(format!("first-rows-{impl_name}"));
        std::fs::create_dir_all(&page).expect("create a page folder");
        let html = LEPTOS_PAGE_HTML
            .replace("{{API}}", &attr_escape(&api))
            .replace("{{IMPL}}", impl_name)
            .replace("{{STYLES}}", &styles)
            .replace("{{LOADER}}", &loader)
            .replace("{{BODY}}", &body);
        std::fs::write(page.join("index.html"), html).expect("write a page");
        std::fs::write(page.join("leptos-page.js"), LEPTOS_PAGE_JS).expect("write leptos-page.js");
    }
    let t = Instant::now();
    let files = precompress(&dir);
    let br = |prefix: &str| {
        std::fs::read_dir(&dir)
            .expect("read dir")
            .flatten()
            .find(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(prefix) && n.ends_with("_bg.wasm.br")
            })
            .and_then(|e| e.metadata().ok())
            .map_or(0, |m| m.len())
    };
    let sizes = format!(
        "wasm brotli -q 11: the tab {} B, the bench/table bundle {} B, the floor bundle {} B",
        br("idlcm-users-"),
        br("bench-table-"),
        br("first-rows-floor-")
    );
    eprintln!(
        "first rows floor: {files} files brotli -q 11 in {:.1} s; {sizes}",
        t.elapsed().as_secs_f64()
    );
    let pages = [
        tab_page(),
        Page {
            name: "rows",
            label: "production UsersTable alone (bench/table bundle)",
            short: "UsersTable alone",
            path: "/first-rows-rows/index.html".to_owned(),
        },
        Page {
            name: "floor",
            label: "floor: the plainest Leptos table (first-rows-floor bundle)",
            short: "floor",
            path: "/first-rows-floor/index.html".to_owned(),
        },
        vanilla_page(),
    ];
    let (m, out) = measure_section(
        (&dir, Conditions::LOOPBACK_COLD),
        &pages,
        &mut rng,
        (
            "Time to first rows: the tab, its table alone, the floor (goal 3)",
            "first-rows-floor",
        ),
        (&started, t_start, &load_start),
    )
    .await;
    let method = format!(
        "part 3's (bench/README.md) with two more pages in the same shuffled sequence. `rows` and `floor` are Leptos pages that start the API request from JS as the vanilla page does (bench/first-rows/leptos-page.js: same URL, same headers) and hand the text to their wasm once Trunk's loader has started it: `rows` = the bench/table bundle (part 1's: the production `UsersTable` over the production `RowStore`, mounted by its main; no router, no `GET /me`, no header, toolbar or placeholder rows); `floor` = bench/table's `first-rows-floor` bundle (only `floor.rs`, the plainest Leptos table with the same DOM, and the tab's decoding of the page) in the tab's table shell. {sizes}. Every file brotli -q 11, served as `.br` ({}). {}; ratios to the vanilla page of the same round, median over rounds",
        m.encoding,
        m.loads()
    );
    let _ = std::fs::remove_dir_all(&dir);
    finish(out, &method, &pages, &m, results);
}
