//! The Users tab driven like a person would: typing, clicking, keyboard, Back/Forward, reload.
//! After each action the URL holds the view and the rows equal the API's answer for it.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

use testkit::{admin, api_users, ids_of, Session};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_sort_and_pages_by_interaction_with_back_forward_and_reload() {
    let s = Session::start(admin()).await;
    s.tab().open("?page=2").await;

    // Typing a search (debounced, server-side) goes back to page 1.
    s.tab().search("geller").await;
    s.wait_for_query(&["q=geller"], &["page=2"]).await;
    let geller = s.tab().expect_rows("?search=geller", "search geller").await;

    // A state filter from the "Filter by state" menu.
    s.click("#state-filter-button").await;
    s.click("#state-filter-onboarded").await;
    s.wait_for_query(&["q=geller", "state=onboarded"], &[])
        .await;
    s.tab()
        .expect_rows(
            "?search=geller&filter%5BprovisioningState%5D=onboarded",
            "geller + onboarded",
        )
        .await;
    s.assert_accessible("the open state filter menu").await;
    // Close the menu with Escape before going on.
    s.press(&Key::Escape.to_string()).await;

    // "Clear all" removes every filter and the search.
    let clear = s
        .browser
        .find(Locator::XPath("//button[normalize-space(.)='Clear all']"))
        .await
        .expect("a Clear all button while filters are active");
    clear.click().await.unwrap();
    s.wait_for_query(&[], &["q=", "state="]).await;
    s.tab().expect_rows("", "after Clear all").await;

    // Matched / active selects.
    s.wait_for("#matched-filter")
        .await
        .select_by_value("false")
        .await
        .unwrap();
    s.wait_for_query(&["matched=false"], &[]).await;
    s.tab()
        .expect_rows("?filter%5Bmatched%5D=false", "unmatched")
        .await;
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
    s.wait_for_query(&["active=true"], &["matched="]).await;
    s.tab()
        .expect_rows("?filter%5BactiveInApp%5D=true", "active")
        .await;
    s.wait_for("#active-filter")
        .await
        .select_by_value("")
        .await
        .unwrap();
    s.wait_for_query(&[], &["active="]).await;

    // Sort: User toggles to descending; Provisioning state ascending then descending.
    s.tab().sort_by("user").await;
    s.wait_for_query(&["sort=-user"], &[]).await;
    s.tab().expect_rows("?sort=-user", "sort -user").await;
    let th = s.wait_for("th[aria-sort]").await;
    assert_eq!(
        th.attr("aria-sort").await.unwrap().as_deref(),
        Some("descending")
    );
    s.tab().sort_by("provisioningState").await;
    s.wait_for_query(&["sort=provisioningState"], &[]).await;
    s.tab()
        .expect_rows("?sort=provisioningState", "sort state")
        .await;
    s.tab().sort_by("provisioningState").await;
    s.wait_for_query(&["sort=-provisioningState"], &[]).await;
    let by_state_desc = s
        .tab()
        .expect_rows("?sort=-provisioningState", "sort -state")
        .await;
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
    s.click("#users-page-next").await;
    s.wait_for_query(&["page=2"], &[]).await;
    let page2 = s
        .tab()
        .expect_rows("?sort=-provisioningState&page%5Bnumber%5D=2", "page 2")
        .await;
    s.click("#users-page-prev").await;
    s.wait_for_query(&[], &["page=2"]).await;
    s.tab().wait_rows(&by_state_desc, "back to page 1").await;
    s.wait_for("#users-page-size")
        .await
        .select_by_value("50")
        .await
        .unwrap();
    s.wait_for_query(&["size=50"], &[]).await;
    s.tab()
        .expect_rows("?sort=-provisioningState&page%5Bsize%5D=50", "size 50")
        .await;

    // Back steps through the views, Forward returns.
    s.browser.back().await.unwrap();
    s.tab().wait_rows(&by_state_desc, "Back to size 25").await;
    s.browser.back().await.unwrap();
    s.tab().wait_rows(&page2, "Back to page 2").await;
    s.browser.forward().await.unwrap();
    s.tab().wait_rows(&by_state_desc, "Forward to page 1").await;

    // Reload keeps the view; a copied link reproduces it.
    s.browser.refresh().await.unwrap();
    s.tab().wait_rows(&by_state_desc, "after reload").await;
    let url = s.browser.current_url().await.unwrap();
    s.goto("/integrations").await;
    s.browser.goto(url.as_str()).await.unwrap();
    s.tab().wait_rows(&by_state_desc, "copied link").await;
    let _ = geller;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_by_mouse_and_by_keyboard_returns_focus() {
    let s = Session::start(admin()).await;
    s.tab().open("?size=100").await;

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
    s.tab().wait_drawer(true).await;
    s.wait_for_query(&["user="], &[]).await;
    let close = s
        .wait_for("[role=dialog] button[aria-label^='Close']")
        .await;
    close.click().await.unwrap();
    s.tab().wait_drawer(false).await;
    s.wait_for_query(&[], &["user="]).await;
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
    s.press(&Key::Enter.to_string()).await;
    s.tab().wait_drawer(true).await;
    let inside =
        "return !!(document.activeElement && document.activeElement.closest('[role=dialog]'))";
    s.until_js("focus moves into the drawer", inside).await;
    for _ in 0..12 {
        s.press(&Key::Tab.to_string()).await;
        assert_eq!(
            s.js(inside, vec![]).await,
            json!(true),
            "Tab stays in the drawer"
        );
    }
    for _ in 0..12 {
        let shift_tab = format!("{}{}", Key::Shift, Key::Tab);
        s.press(&shift_tab).await;
        assert_eq!(
            s.js(inside, vec![]).await,
            json!(true),
            "Shift+Tab stays in the drawer"
        );
    }
    s.press(&Key::Escape.to_string()).await;
    s.tab().wait_drawer(false).await;
    s.assert_js(
        &format!("focus returns to {more_label:?}"),
        "return document.activeElement === document.querySelector('.roles-cell__more')",
        json!(true),
    )
    .await;

    // The backdrop closes it too.
    s.click(".roles-cell__more").await;
    s.tab().wait_drawer(true).await;
    s.js(
        "const b = document.querySelector('.drawer__backdrop, [data-drawer-backdrop]'); \
         if (b) b.click();",
        vec![],
    )
    .await;
    s.tab().wait_drawer(false).await;
    s.close().await;
}

/// A slow answer for an old search never replaces the rows of the newer one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_old_response_never_shows_stale_rows() {
    let s = Session::start(admin()).await;
    s.tab().open("").await;
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
    s.wait_for_query(&["q=rachel"], &[]).await;
    tokio::time::sleep(Duration::from_millis(700)).await; // the slow request is in flight
    search.clear().await.unwrap();
    search.send_keys("geller").await.unwrap();
    s.tab().wait_rows(&geller, "the newer search").await;
    // Watch past the moment the slow answer arrives: the rachel rows never appear.
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        let rows = s.tab().row_ids().await;
        assert_eq!(rows, geller, "stale rows of the old query were shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.close().await;
}
