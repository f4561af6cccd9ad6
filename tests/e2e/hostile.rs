//! Hostile and unexpected data: XSS payloads in every text field of every endpoint, URLs that
//! must never reach `src`/`href`, unknown enum values, missing and extra fields, huge, RTL and
//! combining text — all shown as text, nothing runs, the page stays usable. And the crash
//! panel for a panic that should never happen.

use std::time::Duration;

use serde_json::{json, Value};

use devserver::seed::{CHARLIE_ROW_ID, RACHEL_ROW_ID, ROSS_ROW_ID};
use testkit::fixtures::{admin_on, fast_timeout_admin, panic_dist};
use testkit::{api_users, ids_of, users_page, Session};

/// Every payload sets `window.__xss` if it ever runs.
const IMG: &str = "<img src=x onerror=window.__xss=1>";
const SCRIPT: &str = "\"><script>window.__xss=1</script>";
const SVG: &str = "<svg onload=window.__xss=1><circle r=1 /></svg>";
const CSS: &str = "</style><style>*{display:none!important}</style><div style=\"background:url(javascript:window.__xss=1)\">";
const JS_URL: &str = "javascript:window.__xss=1";
const DATA_HTML: &str = "data:text/html,<script>window.__xss=1</script>";

fn payload(n: usize) -> String {
    [IMG, SCRIPT, SVG, CSS][n % 4].to_owned()
}

/// The page's text contains the payloads as text, no script ran, and every `src`/`href` is
/// http(s), a data:image, or a relative link of the app.
async fn assert_inert(s: &Session, what: &str) {
    s.assert_js(
        &format!("{what}: a payload became markup or ran"),
        "return window.__xss !== undefined || !!document.querySelector('svg[onload], img[onerror], [style*=javascript], script:not([src])')",
        json!(false),
    )
    .await;
    let bad = s
        .js(
            r#"const bad = [];
               for (const el of document.querySelectorAll('[src], [href], [srcset], [xlink\\:href], [action], [formaction]')) {
                 for (const attr of ['src', 'href', 'srcset', 'xlink:href', 'action', 'formaction']) {
                   const raw = el.getAttribute(attr);
                   if (raw === null) continue;
                   const v = raw.trim().toLowerCase();
                   let ok;
                   if (attr === 'src') ok = v.startsWith('https://') || v.startsWith('http://') || v.startsWith('data:image/') || (el.tagName === 'SCRIPT' && !v.includes(':'));
                   else if (attr === 'href') ok = !/^[a-z][a-z0-9+.-]*:/.test(v) || v.startsWith('https://') || v.startsWith('http://');
                   else ok = false;
                   if (!ok) bad.push(el.tagName + ' ' + attr + '=' + raw);
                 }
               }
               return bad;"#,
            vec![],
        )
        .await;
    assert_eq!(bad, json!([]), "{what}: unsafe URLs in the DOM");
}

/// XSS payloads in every text field of the list, the drawer, the integration and /me.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xss_payloads_are_text_everywhere() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;

    // List rows (overrides drive both the list and the detail endpoint).
    let hostile_roles: Vec<Value> = (0..3)
        .map(|i| {
            json!({"id": payload(i), "value": payload(i + 1), "displayName": payload(i + 2),
                        "group": payload(i + 3)})
        })
        .collect();
    for (n, id) in [RACHEL_ROW_ID, ROSS_ROW_ID, CHARLIE_ROW_ID]
        .into_iter()
        .enumerate()
    {
        let avatar = [JS_URL, DATA_HTML, " JaVaScRiPt:window.__xss=1"][n];
        s.put_user(
            id,
            json!({
                "user": {"id": payload(n), "firstName": payload(n + 1), "lastName": payload(n + 2),
                         "displayName": format!("Hostile {n} {}", payload(n)),
                         "email": payload(n + 3),
                         "avatarUrl": avatar},
                "usernameInApp": payload(n + 1),
                "upstreamUserId": payload(n + 2),
                "provisioningState": payload(n + 3),
                "appAccess": hostile_roles,
                "lastError": {"code": payload(n), "message": payload(n + 1),
                              "userAction": payload(n + 2), "occurredAt": payload(n + 3)},
                "canRetry": true,
                "updatedAt": payload(n),
            }),
        )
        .await;
    }
    // The integration header and /me through `body` faults.
    s.fault(
        json!({"route": "integration", "kind": "body", "body": {"data": {
        "id": devserver::seed::CONTENTZILLA_ID, "type": "integration", "attributes": {
            "label": format!("Label {IMG}"), "application": SCRIPT,
            "applicationDisplayName": format!("App {SVG}"), "applicationIconUrl": JS_URL,
            "businessId": CSS, "idp": IMG, "status": SCRIPT, "lastSyncedAt": SVG,
            "createdAt": IMG, "updatedAt": IMG,
            "userStats": {"total": 42, "byProvisioningState": {IMG: 3, "onboarded": 10}}}}}}),
    )
    .await;
    s.fault(
        json!({"route": "me", "kind": "body", "body": {"data": {"id": IMG, "type": "user",
        "attributes": {"firstName": IMG, "lastName": SCRIPT, "email": SVG,
                       "role": "workspace_admin",
                       "workspace": {"id": IMG, "name": SCRIPT, "displayName": CSS}}}}}),
    )
    .await;

    s.goto(&users_page("?q=Hostile")).await;
    s.wait_for_text("Hostile 0 <img src=x onerror=window.__xss=1>")
        .await;
    s.wait_for_text("Label <img src=x onerror").await;
    s.wait_for_text("App <svg onload").await;
    // An unknown provisioning state is shown raw, as text.
    s.until_js("the raw unknown state as the badge's text", &format!(
            "return Array.from(document.querySelectorAll('[data-state]')).some(e => e.getAttribute('data-state') === {0} && e.textContent.includes({0}))",
            json!(IMG)
        ))
    .await;
    assert_inert(&s, "the list").await;

    // The drawer of each hostile row, and the state filter menu with a hostile state count.
    for id in [RACHEL_ROW_ID, ROSS_ROW_ID, CHARLIE_ROW_ID] {
        s.goto(&users_page(&format!("?q=Hostile&user={id}"))).await;
        s.wait_for("[role=dialog] .role-list__item").await;
        assert_inert(&s, &format!("the drawer of {id}")).await;
    }
    s.goto(&users_page("?q=Hostile")).await;
    s.wait_for("tr[data-row-id]").await;
    s.click("#state-filter-button").await;
    assert_inert(&s, "the state filter menu").await;

    // The error bodies too: a 500 whose detail and request id are payloads.
    s.fault(
        json!({"route": "users", "kind": "status", "status": 500, "body": {"errors": [{
        "code": IMG, "title": SCRIPT, "detail": SVG, "status": "500",
        "meta": {"requestId": IMG}}]}}),
    )
    .await;
    s.goto(&users_page("?size=100")).await;
    let text = s.tab().wait_status("error").await;
    assert!(text.contains(IMG), "the request id, as text: {text}");
    assert_inert(&s, "the error panel").await;
    s.dev.reset().await;
    s.close().await;
}

/// Unknown enum values everywhere, extra fields, missing optional fields.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_values_missing_and_extra_fields_are_tolerated() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;

    // Unknown provisioningState / role group / grantedVia.type: raw values, no crash.
    s.fault(json!({"route": "users", "kind": "unknown_enums"}))
        .await;
    s.fault(json!({"route": "user", "kind": "unknown_enums"}))
        .await;
    s.goto(&users_page("?size=100")).await;
    s.until_js("the raw unknown state in a badge", "return Array.from(document.querySelectorAll('[data-state=quarantined]')).some(b => b.textContent.trim() === 'quarantined')")
    .await;
    s.goto(&users_page(&format!("?size=100&user={ROSS_ROW_ID}")))
        .await;
    s.wait_for("[role=dialog] .role-list__item").await;
    s.wait_for_text("scim_magic").await;
    s.dev.reset().await;

    // Extra unknown fields on every object: the page renders as normal.
    s.fault(json!({"route": "*", "kind": "extra_fields"})).await;
    s.goto(&users_page("")).await;
    let expected = ids_of(&s.api(&api_users("")).await);
    s.tab().wait_rows(&expected, "extra fields").await;
    s.dev.reset().await;

    // Every optional field missing.
    s.fault(json!({"route": "users", "kind": "body", "body": {
        "data": [
            {"id": "bare-1", "type": "integration_user", "attributes": {"provisioningState": "onboarded"}},
            {"id": "bare-2", "type": "integration_user", "attributes": {"provisioningState": "update_failed", "user": {"email": "only@mail.example"}}},
        ],
        "meta": {"page": {"number": 1, "size": 25, "total": 2, "totalPages": 1}}}}))
        .await;
    s.goto(&users_page("?size=25&q=x")).await;
    s.tab()
        .wait_rows(&["bare-1".to_owned(), "bare-2".to_owned()], "bare rows")
        .await;
    let text = s.body_text().await;
    assert!(text.contains("No roles"), "{text}");
    assert!(
        text.contains("Unknown"),
        "activeInApp missing → Unknown: {text}"
    );
    assert!(text.contains("only@mail.example"), "{text}");
    s.close().await;
}

/// 10,000-character names and emails; RTL, emoji and combining characters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_and_international_text_keeps_the_layout() {
    let s = Session::start(fast_timeout_admin()).await;
    s.tab().open("").await;
    let first = s.tab().row_ids().await;
    let long = "W".repeat(10_000);
    s.put_user(
        &first[0],
        json!({"user": {"id": "u", "displayName": format!("Longname {long}"),
                        "email": format!("{}@example.com", "e".repeat(10_000))},
               "usernameInApp": long.clone(), "upstreamUserId": long.clone()}),
    )
    .await;
    let rtl = "\u{202e}שלום עולם مرحبا بالعالم";
    let emoji = "👩‍👩‍👧‍👦 🏳️‍🌈 Zoë";
    let combining = "Ame\u{301}lie Z\u{335}\u{31b}\u{357}a\u{336}\u{34c}l\u{334}g\u{337}o";
    s.put_user(
        &first[1],
        json!({"user": {"id": "u2", "displayName": format!("{rtl} {emoji} {combining}"),
                        "email": "intl@example.com"}}),
    )
    .await;
    // Sorting by user moves both rows: find each by a search.
    s.goto(&users_page("?q=intl%40example.com")).await;
    s.tab()
        .wait_rows(&[first[1].clone()], "the international row")
        .await;
    s.wait_for_text("שלום עולם").await;
    s.wait_for_text("👩‍👩‍👧‍👦").await;
    s.wait_for_text("Ame\u{301}lie").await;
    s.goto(&users_page("?q=Longname")).await;
    s.tab().wait_rows(&[first[0].clone()], "the huge row").await;

    // The long row does not blow up the layout: the page itself does not scroll sideways, and
    // the row stays a reasonable height.
    let metrics = s
        .js(
            "const row = document.querySelector(`tr[data-row-id=\"${arguments[0]}\"]`);
             return {pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
                     rowHeight: row.getBoundingClientRect().height};",
            vec![json!(first[0])],
        )
        .await;
    assert!(
        metrics["pageOverflow"].as_f64().unwrap_or(1e9) <= 1.0,
        "the page scrolls sideways: {metrics}"
    );
    assert!(
        metrics["rowHeight"].as_f64().unwrap_or(1e9) < 200.0,
        "the long row is too tall: {metrics}"
    );
    // Still responsive: without the search, the full page comes back.
    s.goto(&users_page("")).await;
    let expected = ids_of(&s.api(&api_users("")).await);
    s.tab().wait_rows(&expected, "after the huge row").await;
    s.dev.reset().await;
    s.close().await;
}

/// A panic (never from data — from the test-only trigger) shows the crash panel, drawn by
/// the panic hook itself, instead of a frozen page; its Reload link brings the tab back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_shows_the_crash_panel() {
    // The trigger lives only in a debug bundle: 12 MB of wasm, which took more than the UI's
    // 20 s to load again after the reload while the other suites ran beside it.
    const DEBUG_LOAD: Duration = Duration::from_secs(90);
    let s = Session::start(admin_on(panic_dist())).await;
    s.tab().open_within(DEBUG_LOAD, "").await;
    s.js(
        "setTimeout(() => { try { window.__idlcmPanic(); } catch (e) { window.__trap = String(e); } }, 0); return true",
        vec![],
    )
    .await;
    let text = s.tab().wait_status("crashed").await;
    assert!(text.contains("Something went wrong"), "{text}");
    s.until_js("the wasm trapped", "return window.__trap !== undefined")
        .await;
    s.click("[data-status=crashed] a[href]").await;
    s.tab().wait_first_row_within(DEBUG_LOAD).await;
    s.until_js(
        "the reload cleared the panel",
        "return !document.querySelector('[data-status=crashed]')",
    )
    .await;
    s.close().await;
}
