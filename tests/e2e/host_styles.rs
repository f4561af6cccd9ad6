//! Embedding and styles: a host's hostile element rules leave the tab's look alone, the tab's CSS
//! leaves the host's look alone, and the host's design tokens (theme, density, tones) restyle it.

use serde_json::{json, Value};

use devserver::seed::GLOBEX_ID;
use testkit::fixtures::{host_config, html_host_dist, HTML_HOST};
use testkit::{eventually, Session};

/// Element rules a careless host might have: every property the tab's look depends on.
const HOSTILE_CSS: &str = r#"
* { font-family: "Comic Sans MS", cursive; color: #f0f; box-sizing: content-box;
    line-height: 3; letter-spacing: 2px; }
table { border-collapse: separate; border-spacing: 9px; border: 5px solid red; font-size: 30px;
        width: 50%; }
td, th { padding: 25px; border: 3px dotted lime; text-align: right; vertical-align: bottom;
         background: yellow; font-weight: 900; }
button { padding: 20px; border: 4px solid blue; background: orange; font-size: 24px;
         text-transform: uppercase; border-radius: 0; margin: 7px; }
input, select { padding: 15px; border: 6px double green; font-size: 22px; background: pink;
                margin: 9px; }
a { color: red; text-decoration: line-through; }
p, h1, h2, h3, ul, li, dl, dd, dt { margin: 40px; padding: 11px; }
span { padding: 3px; font-style: italic; }
"#;

/// Computed styles of the first element matching each selector inside `#tab-a`.
async fn tab_styles(s: &Session) -> Value {
    s.js(
        "const props = ['font-family','font-size','font-weight','font-style','line-height', \
           'letter-spacing','color','background-color','box-sizing','text-align','text-transform', \
           'text-decoration-line','border-collapse','border-top-width','border-top-style', \
           'border-top-color','border-left-width','padding-top','padding-left','margin-top', \
           'margin-left','width','vertical-align','border-radius']; \
         const out = {}; \
         for (const sel of arguments[0]) { \
           const e = document.querySelector('#tab-a ' + sel); \
           if (!e) { out[sel] = null; continue; } \
           const cs = getComputedStyle(e); const v = {}; \
           for (const p of props) v[p] = cs.getPropertyValue(p); out[sel] = v; } \
         return out;",
        vec![json!([
            ".users-card",
            ".users-card__title",
            ".users-card__subtitle",
            "table.users-table",
            "thead th",
            ".sort-button",
            "tbody tr td",
            "tbody tr th",
            ".user-cell__name",
            ".state-badge",
            ".state-badge__label",
            ".active-pill",
            ".upstream-id__value",
            "input[type=search]",
            "select",
            ".toolbar-button",
            "#users-refresh",
            ".quick-filter",
            ".pager__summary",
            ".pager__button",
            ".integration-header__label",
            ".integration-header__app",
        ])],
    )
    .await
}

/// Where two style snapshots differ: `selector property: before → after`.
fn style_diff(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (sel, props) in before.as_object().into_iter().flatten() {
        let Some(props) = props.as_object() else {
            out.push(format!("{sel}: missing"));
            continue;
        };
        for (p, v) in props {
            let w = &after[sel][p];
            if w != v {
                out.push(format!("{sel} {p}: {v} -> {w}"));
            }
        }
    }
    out
}

#[tokio::test]
async fn html_host_hostile_stylesheet_leaves_the_tab_alone_and_tokens_restyle_it() {
    let cz_users = format!("{HTML_HOST}/users?second={GLOBEX_ID}");
    // Reference look: the host without hostile rules.
    let s = Session::start(host_config(html_host_dist("plain", None))).await;
    s.goto(&cz_users).await;
    s.wait_for("#tab-a tr[data-row-id]").await;
    s.wait_for("#tab-a .quick-filter").await;
    let reference = tab_styles(&s).await;
    for (sel, v) in reference.as_object().expect("styles") {
        assert!(
            !v.is_null(),
            "no {sel} in the tab: the snapshot would prove nothing"
        );
    }
    // The tab's CSS styles nothing of the host: the host's elements look the same on a host
    // page without the tab.
    let host_look = "const out = {}; for (const sel of ['body', '.host-header', '.host-nav a', 'h1', '#host-page-text']) { \
         const cs = getComputedStyle(document.querySelector(sel)); \
         out[sel] = [cs.fontFamily, cs.fontSize, cs.color, cs.backgroundColor, cs.margin, cs.padding, cs.lineHeight, cs.boxSizing]; } \
         return out;";
    let with_tab = s.js(host_look, vec![]).await;
    s.goto(&format!("{HTML_HOST}/about")).await;
    s.wait_for_text("The host's own page").await;
    let without_tab = s.js(host_look, vec![]).await;
    assert_eq!(
        with_tab, without_tab,
        "the tab's CSS changed the host's look"
    );

    // A host token changes the tab: the failed tone follows --idl-tone-danger.
    s.goto(&cz_users).await;
    let badge = "#tab-a .state-badge--failed";
    s.wait_for(badge).await;
    s.js(
        "document.querySelector('#tab-a .idlcm-users').style.setProperty('--idl-tone-danger', 'rgb(1, 2, 3)')",
        vec![],
    )
    .await;
    assert_eq!(
        s.js(
            "return getComputedStyle(document.querySelector(arguments[0])).color",
            vec![json!(badge)]
        )
        .await,
        json!("rgb(1, 2, 3)")
    );
    // Dark theme and compact density from the host: the card's background and the row height
    // change (the tokens do the work).
    let look = "const c = getComputedStyle(document.querySelector('#tab-a .users-card')); \
                const r = document.querySelector('#tab-a tbody tr').getBoundingClientRect(); \
                return [c.backgroundColor, Math.round(r.height)]";
    let light = s.js(look, vec![]).await;
    s.js(
        "window.hostTabs[0].update({theme: 'dark', density: 'compact'})",
        vec![],
    )
    .await;
    let dark = eventually("the dark theme to apply", || async {
        let v = s.js(look, vec![]).await;
        if v[0] != light[0] {
            Ok(v)
        } else {
            Err(v.to_string())
        }
    })
    .await;
    assert_eq!(light[0], json!("rgb(255, 255, 255)"), "{light}");
    assert_eq!(dark[0], json!("rgb(24, 29, 34)"), "{dark}");
    assert!(
        dark[1].as_f64().unwrap_or(0.0) < light[1].as_f64().unwrap_or(0.0),
        "compact rows are not shorter: {light} vs {dark}"
    );
    s.close().await;

    // The same page with the hostile stylesheet: the tab looks exactly the same.
    let s = Session::start(host_config(html_host_dist("hostile", Some(HOSTILE_CSS)))).await;
    s.goto(&cz_users).await;
    s.wait_for("#tab-a tr[data-row-id]").await;
    s.wait_for("#tab-a .quick-filter").await;
    // The hostile rules are in force on the host's own elements (else this proves nothing).
    assert_eq!(
        s.js(
            "return getComputedStyle(document.getElementById('host-title')).color",
            vec![]
        )
        .await,
        json!("rgb(255, 0, 255)")
    );
    let hostile = tab_styles(&s).await;
    let diff = style_diff(&reference, &hostile);
    assert!(
        diff.is_empty(),
        "the host's element rules reached the tab:\n{}",
        diff.join("\n")
    );
    s.close().await;
}
