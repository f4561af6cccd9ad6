//! The Users tab driven like a person would: typing, clicking, keyboard, Back/Forward, reload.
//! After each action the URL holds the view and the rows equal the API's answer for it.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

use crate::harness::{api_users, click, ids_of, Session, UI_TIMEOUT};
use devserver::seed::CONTENTZILLA_ID;

fn admin() -> devserver::Config {
    devserver::Config {
        auto_login: Some(contract::WorkspaceRole::Admin),
        faults: true,
        ..Default::default()
    }
}

async fn open_tab(s: &Session, query: &str) {
    s.goto(&format!("/integrations/{CONTENTZILLA_ID}/users{query}"))
        .await;
    s.wait_for("tr[data-row-id]").await;
}

/// Waits until the URL's query contains every one of `parts` and none of `absent`.
async fn wait_for_query(s: &Session, parts: &[&str], absent: &[&str]) {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let q = s.query_string().await;
        if parts.iter().all(|p| q.contains(p)) && !absent.iter().any(|p| q.contains(p)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "URL query {q:?} should contain {parts:?} and not {absent:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn expect_rows(s: &Session, api_query: &str, what: &str) -> Vec<String> {
    let expected = ids_of(&s.api(&api_users(api_query)).await);
    s.wait_for_rows(&expected, what).await;
    expected
}

async fn active_label(s: &Session) -> String {
    s.js(
        "const a = document.activeElement; \
         return a ? (a.getAttribute('aria-label') || a.id || a.textContent.trim()) : ''",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn dialog_open(s: &Session) -> bool {
    s.js("return !!document.querySelector('[role=dialog]')", vec![])
        .await
        == json!(true)
}

async fn wait_dialog(s: &Session, open: bool) {
    let deadline = Instant::now() + UI_TIMEOUT;
    while dialog_open(s).await != open {
        assert!(Instant::now() < deadline, "drawer should be open={open}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_sort_and_pages_by_interaction_with_back_forward_and_reload() {
    let s = Session::start(admin()).await;
    open_tab(&s, "?page=2").await;

    // Typing a search (debounced, server-side) goes back to page 1.
    let search = s.wait_for("#users-search").await;
    search.send_keys("geller").await.unwrap();
    wait_for_query(&s, &["q=geller"], &["page=2"]).await;
    let geller = expect_rows(&s, "?search=geller", "search geller").await;

    // A state filter from the "Filter by state" menu.
    click(&s, "#state-filter-button").await;
    click(&s, "#state-filter-onboarded").await;
    wait_for_query(&s, &["q=geller", "state=onboarded"], &[]).await;
    expect_rows(
        &s,
        "?search=geller&filter%5BprovisioningState%5D=onboarded",
        "geller + onboarded",
    )
    .await;
    s.assert_accessible("the open state filter menu").await;
    // Close the menu with Escape before going on.
    s.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();

    // "Clear all" removes every filter and the search.
    let clear = s
        .browser
        .find(Locator::XPath("//button[normalize-space(.)='Clear all']"))
        .await
        .expect("a Clear all button while filters are active");
    clear.click().await.unwrap();
    wait_for_query(&s, &[], &["q=", "state="]).await;
    expect_rows(&s, "", "after Clear all").await;

    // Matched / active selects.
    s.wait_for("#matched-filter")
        .await
        .select_by_value("false")
        .await
        .unwrap();
    wait_for_query(&s, &["matched=false"], &[]).await;
    expect_rows(&s, "?filter%5Bmatched%5D=false", "unmatched").await;
    s.wait_for("#matched-filter")
        .await
        .select_by_value("")
        .await
        .unwrap();
    s.wait_for("#active-filter")
        .await
        .select_by_value("true")
        .await
        .unwrap();
    wait_for_query(&s, &["active=true"], &["matched="]).await;
    expect_rows(&s, "?filter%5BactiveInApp%5D=true", "active").await;
    s.wait_for("#active-filter")
        .await
        .select_by_value("")
        .await
        .unwrap();
    wait_for_query(&s, &[], &["active="]).await;

    // Sort: User toggles to descending; Provisioning state ascending then descending.
    click(&s, "#sort-user").await;
    wait_for_query(&s, &["sort=-user"], &[]).await;
    expect_rows(&s, "?sort=-user", "sort -user").await;
    let th = s.wait_for("th[aria-sort]").await;
    assert_eq!(
        th.attr("aria-sort").await.unwrap().as_deref(),
        Some("descending")
    );
    click(&s, "#sort-provisioningState").await;
    wait_for_query(&s, &["sort=provisioningState"], &[]).await;
    expect_rows(&s, "?sort=provisioningState", "sort state").await;
    click(&s, "#sort-provisioningState").await;
    wait_for_query(&s, &["sort=-provisioningState"], &[]).await;
    let by_state_desc = expect_rows(&s, "?sort=-provisioningState", "sort -state").await;
    assert_eq!(
        s.js(
            "return document.querySelectorAll('th[aria-sort]').length",
            vec![]
        )
        .await,
        json!(1),
        "aria-sort only on the sorted column"
    );

    // Pages and page size.
    click(&s, "#users-page-next").await;
    wait_for_query(&s, &["page=2"], &[]).await;
    let page2 = expect_rows(&s, "?sort=-provisioningState&page%5Bnumber%5D=2", "page 2").await;
    click(&s, "#users-page-prev").await;
    wait_for_query(&s, &[], &["page=2"]).await;
    s.wait_for_rows(&by_state_desc, "back to page 1").await;
    s.wait_for("#users-page-size")
        .await
        .select_by_value("50")
        .await
        .unwrap();
    wait_for_query(&s, &["size=50"], &[]).await;
    expect_rows(&s, "?sort=-provisioningState&page%5Bsize%5D=50", "size 50").await;

    // Back steps through the views, Forward returns.
    s.browser.back().await.unwrap();
    s.wait_for_rows(&by_state_desc, "Back to size 25").await;
    s.browser.back().await.unwrap();
    s.wait_for_rows(&page2, "Back to page 2").await;
    s.browser.forward().await.unwrap();
    s.wait_for_rows(&by_state_desc, "Forward to page 1").await;

    // Reload keeps the view; a copied link reproduces it.
    s.browser.refresh().await.unwrap();
    s.wait_for_rows(&by_state_desc, "after reload").await;
    let url = s.browser.current_url().await.unwrap();
    s.goto("/integrations").await;
    s.browser.goto(url.as_str()).await.unwrap();
    s.wait_for_rows(&by_state_desc, "copied link").await;
    let _ = geller;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_by_mouse_and_by_keyboard_returns_focus() {
    let s = Session::start(admin()).await;
    open_tab(&s, "?size=100").await;

    // Focus inside a row shows its truncated username in full (hover has the title).
    s.js(
        "document.querySelector('tr[data-row-id] input[type=checkbox]').focus()",
        vec![],
    )
    .await;
    let white_space = s
        .js(
            "return getComputedStyle(document.querySelector('tr[data-row-id] .truncate')).whiteSpace",
            vec![],
        )
        .await;
    assert_eq!(white_space, json!("normal"), "focus un-truncates the row");

    // Mouse: the name button opens it, Close closes it, focus returns to the trigger.
    let trigger = s
        .wait_for("tr[data-row-id] button[aria-label^='Show details of']")
        .await;
    let label = trigger
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap_or_default();
    trigger.click().await.unwrap();
    wait_dialog(&s, true).await;
    wait_for_query(&s, &["user="], &[]).await;
    let close = s
        .wait_for("[role=dialog] button[aria-label^='Close']")
        .await;
    close.click().await.unwrap();
    wait_dialog(&s, false).await;
    wait_for_query(&s, &[], &["user="]).await;
    assert_eq!(
        active_label(&s).await,
        label,
        "focus returns to the trigger"
    );

    // Keyboard: Enter on a "+N" roles button opens it; Tab and Shift+Tab stay inside; Esc closes.
    let more = s.wait_for(".roles-cell__more").await;
    let more_label = more
        .attr("aria-label")
        .await
        .unwrap()
        .or(more.text().await.ok())
        .unwrap_or_default();
    s.js(
        "document.querySelector('.roles-cell__more').focus()",
        vec![],
    )
    .await;
    s.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_dialog(&s, true).await;
    let inside =
        "return !!(document.activeElement && document.activeElement.closest('[role=dialog]'))";
    let deadline = Instant::now() + UI_TIMEOUT;
    while s.js(inside, vec![]).await != json!(true) {
        assert!(Instant::now() < deadline, "focus moves into the drawer");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for _ in 0..12 {
        s.browser
            .active_element()
            .await
            .unwrap()
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
        assert_eq!(
            s.js(inside, vec![]).await,
            json!(true),
            "Tab stays in the drawer"
        );
    }
    for _ in 0..12 {
        let shift_tab = format!("{}{}", Key::Shift, Key::Tab);
        s.browser
            .active_element()
            .await
            .unwrap()
            .send_keys(&shift_tab)
            .await
            .unwrap();
        assert_eq!(
            s.js(inside, vec![]).await,
            json!(true),
            "Shift+Tab stays in the drawer"
        );
    }
    s.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    wait_dialog(&s, false).await;
    let focused = s
        .js(
            "return document.activeElement === document.querySelector('.roles-cell__more')",
            vec![],
        )
        .await;
    assert_eq!(focused, json!(true), "focus returns to {more_label:?}");

    // The backdrop closes it too.
    click(&s, ".roles-cell__more").await;
    wait_dialog(&s, true).await;
    s.js(
        "const b = document.querySelector('.drawer__backdrop, [data-drawer-backdrop]'); \
         if (b) b.click();",
        vec![],
    )
    .await;
    wait_dialog(&s, false).await;
    s.close().await;
}

/// A slow answer for an old search never replaces the rows of the newer one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_old_response_never_shows_stale_rows() {
    let s = Session::start(admin()).await;
    open_tab(&s, "").await;
    let rachel = ids_of(&s.api(&api_users("?search=rachel")).await);
    let geller = ids_of(&s.api(&api_users("?search=geller")).await);
    assert!(!rachel.is_empty() && !geller.is_empty());
    assert!(
        rachel.iter().all(|r| !geller.contains(r)),
        "disjoint result sets"
    );

    // The next list request takes 4 s; the one after it is fast.
    s.fault(json!({"route": "users", "kind": "latency", "latencyMs": 4000, "times": 1}))
        .await;
    let search = s.wait_for("#users-search").await;
    search.send_keys("rachel").await.unwrap();
    wait_for_query(&s, &["q=rachel"], &[]).await;
    tokio::time::sleep(Duration::from_millis(700)).await; // the slow request is in flight
    search.clear().await.unwrap();
    search.send_keys("geller").await.unwrap();
    s.wait_for_rows(&geller, "the newer search").await;
    // Watch past the moment the slow answer arrives: the rachel rows never appear.
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        let rows = s.row_ids().await;
        assert_eq!(rows, geller, "stale rows of the old query were shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.close().await;
}
