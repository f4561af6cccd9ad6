//! The tab fits where it lives: at 1440, 1280, 1024, 768 and 390 px, light and dark, in every
//! state (table, drawer, state filter, column chooser, the Last synced column, no results,
//! error, no access, a 10,000-character name)
//! and in both example hosts, the page never scrolls sideways, the seed columns are visible
//! where they must be (a 1024 px window, a 960 px host slot), no interactive element overlaps
//! another and no focus outline is clipped. Every combination is saved as a screenshot in
//! `target/screenshots/layout/` for a person to look at.

use serde_json::{json, Value};

use devserver::seed::CONTENTZILLA_ID;
use testkit::browser::cdp;
use testkit::fixtures::{
    admin_on, host_config, html_host_dist, leptos_host_dist, HTML_HOST, LEPTOS_HOST,
};
use testkit::paths::screenshot_dir;
use testkit::{admin, users_page, Session};

/// The window widths every state is checked at.
const WIDTHS: [u32; 5] = [1440, 1280, 1024, 768, 390];
/// Every seed column must be visible from this window width up (standalone).
const ALL_COLUMNS_FROM: u32 = 1024;
/// The check that runs in the page (returns the problems it found).
const CHECK: &str = include_str!("layout_check.js");

/// The colour scheme the browser asks for.
#[derive(Debug, Clone, Copy)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }
}

/// Sets the window size (CSS px) and the preferred colour scheme.
async fn emulate(s: &Session, width: u32, scheme: Scheme) {
    cdp(
        &s.browser,
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
    )
    .await;
    cdp(
        &s.browser,
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": scheme.as_str()}]}),
    )
    .await;
    // Two frames: the container queries and the layout settle.
    s.js_async(
        "const done = arguments[arguments.length - 1]; \
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    )
    .await;
}

/// Checks the page at every width, saves a screenshot of each, and returns what failed.
async fn check_widths(
    s: &Session,
    state: &str,
    root: &str,
    scheme: Scheme,
    columns_from: Option<u32>,
) -> Vec<String> {
    let dir = screenshot_dir().join("layout");
    std::fs::create_dir_all(&dir).expect("create the screenshot folder");
    let mut failures = Vec::new();
    for width in WIDTHS {
        emulate(s, width, scheme).await;
        let want_columns = columns_from.is_some_and(|from| width >= from);
        let problems = s.js(CHECK, vec![json!(root), json!(want_columns)]).await;
        let png = s.browser.screenshot().await.expect("screenshot");
        let name = format!("{state}-{}-{width}.png", scheme.as_str());
        std::fs::write(dir.join(&name), png).expect("write the screenshot");
        for p in problems.as_array().into_iter().flatten() {
            failures.push(format!(
                "{state}, {}, {width} px: {}",
                scheme.as_str(),
                text(p)
            ));
        }
    }
    failures
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// Every state of the standalone tab, at every width, in one scheme.
async fn standalone_states(scheme: Scheme) {
    let s = Session::start(admin()).await;
    let tab = s.tab();
    let root = ".users-tab";
    let mut failures = Vec::new();

    // The table.
    tab.open("").await;
    failures.extend(check_widths(&s, "table", root, scheme, Some(ALL_COLUMNS_FROM)).await);

    // The state filter open.
    s.click(".state-filter__button").await;
    s.wait_for(".state-filter__panel:not([hidden])").await;
    failures.extend(check_widths(&s, "state-filter", root, scheme, Some(ALL_COLUMNS_FROM)).await);

    // The column chooser open, then Last synced shown: the seed columns still fit.
    s.press(&fantoccini::key::Key::Escape.to_string()).await;
    tab.open_column_chooser().await;
    failures.extend(check_widths(&s, "column-chooser", root, scheme, Some(ALL_COLUMNS_FROM)).await);
    emulate(&s, WIDTHS[0], scheme).await;
    tab.toggle_column("synced").await;
    tab.open("").await;
    s.wait_for("thead .users-table__cell--synced").await;
    failures.extend(check_widths(&s, "last-synced", root, scheme, Some(ALL_COLUMNS_FROM)).await);
    emulate(&s, WIDTHS[0], scheme).await;
    tab.open_column_chooser().await;
    tab.toggle_column("synced").await;
    tab.wait_columns(&["user", "username", "access", "active", "upstream", "state"])
        .await;

    // The drawer open, on the first row.
    let first = tab.row_ids().await.into_iter().next().expect("a first row");
    tab.open(&format!("?user={first}")).await;
    tab.wait_drawer(true).await;
    failures.extend(check_widths(&s, "drawer", root, scheme, None).await);

    // No results.
    s.goto(&users_page("?q=no-such-account-anywhere")).await;
    tab.wait_panel("no-match").await;
    failures.extend(check_widths(&s, "no-results", root, scheme, None).await);

    // A 10,000-character name on the first row ("A…": it still sorts onto the first page).
    let long = format!("A{}", "W".repeat(9_999));
    s.put_user(
        &first,
        json!({"user": {"displayName": long, "email": format!("{long}@example.com")}}),
    )
    .await;
    tab.open("").await;
    s.wait_for(&format!("tr[data-row-id=\"{first}\"]")).await;
    failures.extend(check_widths(&s, "long-name", root, scheme, Some(ALL_COLUMNS_FROM)).await);

    // An error (the list answers 500 every time, after the client's own retries).
    s.fault(json!({"route": "users", "kind": "status", "status": 500}))
        .await;
    s.goto(&users_page("?page=2")).await;
    tab.wait_panel("error").await;
    failures.extend(check_widths(&s, "error", root, scheme, None).await);
    s.clear_faults().await;

    // No access (the API refuses the list).
    s.fault(json!({"route": "users", "kind": "status", "status": 403}))
        .await;
    s.goto(&users_page("?page=3")).await;
    tab.wait_panel("no-access").await;
    failures.extend(check_widths(&s, "no-access", root, scheme, None).await);

    // The integrations list.
    s.clear_faults().await;
    s.goto("/integrations").await;
    s.wait_for_text("Contentzilla Global").await;
    failures.extend(check_widths(&s, "integrations", ".idlcm-users", scheme, None).await);

    s.close().await;
    println!(
        "layout screenshots: {}",
        screenshot_dir().join("layout").display()
    );
    assert!(
        failures.is_empty(),
        "layout problems:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_fits_every_width_light() {
    standalone_states(Scheme::Light).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_fits_every_width_dark() {
    standalone_states(Scheme::Dark).await;
}

/// Both example hosts (a 240 px sidebar and a top bar around the tab), and the plain HTML host
/// with the tab in a 960 px slot: every seed column fits that slot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_hosts_fit_and_a_960_px_slot_shows_every_column() {
    let mut failures = Vec::new();

    let slot = "#tab-a { inline-size: 960px; max-inline-size: 100%; }";
    let s = Session::start(host_config(html_host_dist("layout", Some(slot)))).await;
    s.goto(&format!("{HTML_HOST}/users")).await;
    s.wait_for("#tab-a tr[data-row-id]").await;
    s.wait_for("#tab-b tr[data-row-id]").await;
    // The slot is 960 px wide from a 1280 px window up (240 px of sidebar, the host's padding).
    failures.extend(
        check_widths(
            &s,
            "html-host",
            "#tab-a .users-tab",
            Scheme::Light,
            Some(1280),
        )
        .await,
    );
    emulate(&s, 1440, Scheme::Light).await;
    let slot_width = s
        .js(
            "return document.querySelector('#tab-a').getBoundingClientRect().width",
            vec![],
        )
        .await;
    s.close().await;
    assert_eq!(slot_width, json!(960), "the host slot at a 1440 px window");

    let s = Session::start(admin_on(leptos_host_dist())).await;
    s.goto(&format!(
        "{LEPTOS_HOST}/integrations/{CONTENTZILLA_ID}/users"
    ))
    .await;
    s.wait_for("tr[data-row-id]").await;
    failures.extend(check_widths(&s, "leptos-host", ".users-tab", Scheme::Light, Some(1280)).await);
    s.close().await;

    assert!(
        failures.is_empty(),
        "layout problems:\n{}",
        failures.join("\n")
    );
}
