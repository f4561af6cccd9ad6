//! One end-to-end session: the real dev server (in-process, its own port) and a browser on it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::browser::Browser;
use crate::client::DevClient;
use crate::eventually::{eventually, seen, UI_TIMEOUT};
use crate::paths::{dist_dir, repo_root, screenshot_dir};
use crate::users_tab::UsersTab;

/// Where a session's browser comes from, and where it goes at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lease {
    /// Borrowed from the pool, made fresh, given back by `close` (tests).
    Pooled,
    /// Started for this session alone and ended with it (measurements).
    Own,
}

/// A running dev server + browser.
pub struct Session {
    /// The WebDriver client.
    pub browser: Client,
    /// The dev server.
    pub server: devserver::Running,
    /// A client for the dev server (API oracle, `/dev` control).
    pub dev: DevClient,
    /// Where this session's downloads land (empty at start).
    pub downloads: PathBuf,
    lease: Option<Browser>,
    kind: Lease,
}

impl Session {
    /// Starts the dev server with `config` (serving `dist/` unless `config.dist` names another
    /// bundle) and takes a fresh browser from the pool.
    pub async fn start(config: devserver::Config) -> Session {
        Session::start_with(config, Lease::Pooled).await
    }

    /// [`Session::start`] with the browser from where `lease` says.
    pub async fn start_with(mut config: devserver::Config, lease: Lease) -> Session {
        if config.dist.is_none() {
            config.dist = Some(dist_dir());
        }
        let server = devserver::spawn(config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("start the dev server");
        let mut browser = match lease {
            Lease::Pooled => Browser::checkout().await,
            Lease::Own => Browser::launch().await,
        };
        browser.visits(&server.url());
        Session {
            browser: browser.client.clone(),
            dev: DevClient::for_server(&server),
            downloads: browser.downloads.clone(),
            server,
            lease: Some(browser),
            kind: lease,
        }
    }

    /// The Users tab of this session's page.
    pub fn tab(&self) -> UsersTab<'_> {
        UsersTab::new(self)
    }

    /// Absolute URL of a path on the dev server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    /// Navigates to a path on the dev server.
    pub async fn goto(&self, path: &str) {
        self.browser.goto(&self.url(path)).await.expect("navigate");
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.wait_for_within(UI_TIMEOUT, css).await
    }

    /// [`Session::wait_for`] with a time limit of its own (a debug bundle's load).
    pub async fn wait_for_within(&self, timeout: Duration, css: &str) -> Element {
        self.browser
            .wait()
            .at_most(timeout)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css:?} within {timeout:?}: {e}"))
    }

    /// Waits for `css` and clicks it.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Sends `keys` (e.g. `Key::Escape.to_string()`) to the focused element.
    pub async fn press(&self, keys: &str) {
        self.browser
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("press {keys:?}: {e}"));
    }

    /// Waits until the page's visible text contains `text`.
    pub async fn wait_for_text(&self, text: &str) {
        eventually(format!("the text {text:?}"), || async {
            let body = self.body_text().await;
            seen(body.contains(text), format!("the page shows:\n{body}"))
        })
        .await
    }

    /// The page's visible text.
    pub async fn body_text(&self) -> String {
        self.js_text(
            "return document.body ? document.body.innerText : ''",
            vec![],
        )
        .await
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.browser
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs a script in the page and returns its value as text (`""` when it is not a string).
    pub async fn js_text(&self, script: &str, args: Vec<Value>) -> String {
        self.js(script, args)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The attribute `name` of the first element matching `css` (`null` when either is missing).
    pub async fn attribute(&self, css: &str, name: &str) -> Value {
        self.js(
            "const e = document.querySelector(arguments[0]); \
             return e ? e.getAttribute(arguments[1]) : null",
            vec![json!(css), json!(name)],
        )
        .await
    }

    /// The text content of the first element matching `css` (`""` when there is none).
    pub async fn text_of(&self, css: &str) -> String {
        self.js_text(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
            vec![json!(css)],
        )
        .await
    }

    /// The id of the focused element (`""` when none has one).
    pub async fn active_id(&self) -> String {
        self.js_text(
            "return document.activeElement ? document.activeElement.id : ''",
            vec![],
        )
        .await
    }

    /// Runs an asynchronous script (it calls `arguments[arguments.length - 1]` with its result).
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.browser
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until `script` (with `args`) returns `want`; `what` names the state awaited.
    pub async fn wait_js(&self, what: &str, script: &str, args: Vec<Value>, want: Value) {
        eventually(what, || async {
            let got = self.js(script, args.clone()).await;
            seen(got == want, format!("{got}, want {want}"))
        })
        .await
    }

    /// Panics unless `script` returns `want` now; `what` names the expectation.
    pub async fn assert_js(&self, what: &str, script: &str, want: Value) {
        let got = self.js(script, vec![]).await;
        assert_eq!(got, want, "{what}");
    }

    /// Waits until `script` returns true.
    pub async fn until_js(&self, what: &str, script: &str) {
        self.wait_js(what, script, vec![], json!(true)).await
    }

    /// How many resource-timing entries of the page have `fragment` in their URL (the page's
    /// requests, e.g. `/users?` for the list).
    pub async fn requests_to(&self, fragment: &str) -> u64 {
        self.js(
            "return performance.getEntriesByType('resource')\
             .filter(e => e.name.includes(arguments[0])).length",
            vec![json!(fragment)],
        )
        .await
        .as_u64()
        .unwrap_or(0)
    }

    /// The current URL's query string (without `?`).
    pub async fn query_string(&self) -> String {
        self.browser
            .current_url()
            .await
            .map(|u| u.query().unwrap_or_default().to_owned())
            .unwrap_or_default()
    }

    /// Waits until the URL's query contains every one of `parts` and none of `absent`.
    pub async fn wait_for_query(&self, parts: &[&str], absent: &[&str]) {
        let what = format!("a URL query with {parts:?} and without {absent:?}");
        eventually(what, || async {
            let q = self.query_string().await;
            let done = parts.iter().all(|p| q.contains(p)) && !absent.iter().any(|p| q.contains(p));
            seen(done, format!("{q:?}"))
        })
        .await
    }

    /// Runs axe-core (from tools/node_modules) on the page for WCAG 2.0/2.1/2.2 A and AA and
    /// returns the violations as `id: help (targets)` lines.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe_path = repo_root().join("tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe_path)
            .unwrap_or_else(|e| panic!("{}: {e} (make test installs it)", axe_path.display()));
        // WebDriver scripts are not subject to the page's CSP, so axe can be evaluated here.
        self.js(&source, vec![]).await;
        let result = self
            .js_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: 'tag',
                       values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } })
                     .then(r => done(r.violations.map(v =>
                        v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => [n.target, 
                          n.any.concat(n.all, n.none).map(c => c.message + ' ' + JSON.stringify((c.relatedNodes || []).map(r => r.target)))])))))
                     .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await;
        strings(&result)
    }

    /// Asserts axe-core finds no violation; `what` names the state for the message.
    pub async fn assert_accessible(&self, what: &str) {
        let v = self.axe_violations().await;
        assert!(v.is_empty(), "axe violations in {what}:\n{}", v.join("\n"));
    }

    /// Saves a PNG screenshot as `target/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.browser.screenshot().await.expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
    }

    /// The CSP violations the dev server received as reports.
    pub async fn csp_reports(&self) -> Value {
        self.dev.api("/dev/csp-reports").await
    }

    /// Adds a fault rule on the dev server (`PUT /dev/faults`).
    pub async fn fault(&self, rule: Value) {
        self.dev.fault(rule).await;
    }

    /// Removes every fault rule.
    pub async fn clear_faults(&self) {
        self.dev.clear_faults().await;
    }

    /// GETs an API path as an Admin and parses the JSON.
    pub async fn api(&self, path: &str) -> Value {
        self.dev.api(path).await
    }

    /// Merges `attributes` over a Contentzilla row (`PUT /dev/users/…`).
    pub async fn put_user(&self, user_id: &str, attributes: Value) {
        self.dev
            .put_user(devserver::seed::CONTENTZILLA_ID, user_id, attributes)
            .await;
    }

    /// The provisioning state the server holds for Contentzilla's row `id`.
    pub async fn server_state(&self, id: &str) -> String {
        let path = format!(
            "/api/v1/integrations/{}/users/{id}",
            devserver::seed::CONTENTZILLA_ID
        );
        self.api(&path).await["data"]["attributes"]["provisioningState"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Makes Contentzilla's row `id` failed in `state`, retryable by the API or not, with a
    /// known error (no free seat).
    pub async fn make_failed(&self, id: &str, state: &str, can_retry: bool) {
        self.put_user(
            id,
            json!({
                "provisioningState": state,
                "canRetry": can_retry,
                "lastError": {"code": "NotEnoughSeats", "message": "No seats left.",
                              "userAction": "add_licenses", "occurredAt": "2026-11-28T10:00:00Z"}
            }),
        )
        .await;
    }

    /// Ends the session: the browser goes back to the pool (or ends, if it was its own) and the
    /// dev server stops.
    pub async fn close(mut self) {
        if let Some(browser) = self.lease.take() {
            match self.kind {
                Lease::Pooled => browser.release().await,
                Lease::Own => {
                    let _ = browser.client.clone().close().await;
                }
            }
        }
        self.server.shutdown().await;
    }
}

/// The strings of a JSON array (nothing for anything else).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
