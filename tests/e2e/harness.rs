//! One end-to-end session: the real dev server (in-process, its own port), chromedriver on a
//! free port, and a fresh headless Chromium profile. Everything is torn down on `close`.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long a test waits for the UI to reach a state before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// The repository root (this package's directory) at run time. `cargo test` sets
/// CARGO_MANIFEST_DIR for the test process too; the compile-time value is only the fallback. It
/// matters in CI: with the warm cache a test binary built in an earlier checkout is reused, and
/// `env!` would point it at that checkout's files.
pub fn repo_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The release bundle the tests load (`make test` builds it first).
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("IDLCM_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: build it first with `make dist` (make test does)",
        dir.display()
    );
    dir
}

/// Where screenshots go: `target/screenshots` of the repository, whatever CARGO_TARGET_DIR is.
pub fn screenshot_dir() -> PathBuf {
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// Copies the folder `src` into `dst` (created), recursively: how a test puts an example next to
/// the dist it serves.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("create dir");
    for entry in std::fs::read_dir(src).expect("read dir").flatten() {
        let to = dst.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A running dev server + browser.
pub struct Session {
    /// The WebDriver client.
    pub browser: Client,
    /// The dev server.
    pub server: devserver::Running,
    /// Where this browser saves downloads (inside its profile; empty at start).
    pub downloads: PathBuf,
    driver: tokio::process::Child,
    profile: PathBuf,
    _guard: ProfileGuard,
}

impl Session {
    /// Starts the dev server with `config` (serving `dist/` unless `config.dist` names another
    /// bundle, fault control on) and a browser.
    pub async fn start(mut config: devserver::Config) -> Session {
        if config.dist.is_none() {
            config.dist = Some(dist_dir());
        }
        let server = devserver::spawn(config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("start the dev server");

        let port = free_port();
        let driver = tokio::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver (make test installs it)");
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(15);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let profile =
            std::env::temp_dir().join(format!("idlcm-e2e-{}-{}", std::process::id(), free_port()));
        let downloads = profile.join("downloads");
        std::fs::create_dir_all(&downloads).expect("create the download directory");
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
        ]
        .map(str::to_owned)
        .into();
        args.push(format!("--user-data-dir={}", profile.display()));
        // Extra Chromium arguments, one per line (a diagnostic, e.g. the bench's
        // `--js-flags=--no-opt` A/B run; unset in tests).
        if let Ok(extra) = std::env::var("E2E_CHROME_ARGS") {
            args.extend(extra.lines().filter(|l| !l.is_empty()).map(str::to_owned));
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": args,
                // Downloads land in a directory of this session, without a prompt.
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                },
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let browser = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&webdriver)
            .await
            .expect("open a Chromium session");
        Session {
            browser,
            server,
            downloads,
            driver,
            _guard: ProfileGuard(profile.clone()),
            profile,
        }
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
        self.browser
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css:?} within {UI_TIMEOUT:?}: {e}"))
    }

    /// Waits until the page's visible text contains `text`.
    pub async fn wait_for_text(&self, text: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let body = self.body_text().await;
            if body.contains(text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "text {text:?} did not appear; the page shows:\n{body}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page's visible text.
    pub async fn body_text(&self) -> String {
        self.js(
            "return document.body ? document.body.innerText : ''",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.browser
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
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
            .browser
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: 'tag',
                       values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } })
                     .then(r => done(r.violations.map(v =>
                        v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => [n.target, 
                          n.any.concat(n.all, n.none).map(c => c.message + ' ' + JSON.stringify((c.relatedNodes || []).map(r => r.target)))])))))
                     .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await
            .expect("run axe");
        result
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
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
        let url = self.url("/dev/csp-reports");
        self.js(
            "return fetch(arguments[0]).then(r => r.json())",
            vec![Value::String(url)],
        )
        .await
    }

    /// Ends the browser session, chromedriver and the dev server.
    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.driver.kill().await;
        self.server.shutdown().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A test that panics never reaches `close()`: chromedriver dies with the process (kill on
/// drop), but the Chromium it started would keep running. Its profile dir names it uniquely.
struct ProfileGuard(PathBuf);

impl Drop for ProfileGuard {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = std::process::Command::new("pkill")
                .arg("-f")
                .arg(format!("user-data-dir={}", self.0.display()))
                .status();
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A minimal HTTP/1.1 request to the dev server from the test process (control endpoints,
/// API oracles): returns the status and the body.
pub async fn http(
    server: &devserver::Running,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Authorization: Bearer dev-workspace_admin\r\nContent-Type: application/json\r\n\
         Accept-Encoding: identity\r\nContent-Length: {len}\r\n\r\n{payload}",
        addr = server.addr,
        len = payload.len()
    );
    let mut stream = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connect to the dev server");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    (
        status,
        if chunked {
            dechunk(body)
        } else {
            body.to_owned()
        },
    )
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

impl Session {
    /// Adds a fault rule on the dev server (`PUT /dev/faults`).
    pub async fn fault(&self, rule: Value) {
        let (status, body) = http(&self.server, "PUT", "/dev/faults", Some(rule)).await;
        assert!(
            (200..300).contains(&status),
            "PUT /dev/faults: {status} {body}"
        );
    }

    /// Removes every fault rule.
    pub async fn clear_faults(&self) {
        let (status, body) = http(&self.server, "DELETE", "/dev/faults", None).await;
        assert!(
            (200..300).contains(&status),
            "DELETE /dev/faults: {status} {body}"
        );
    }

    /// GETs an API path (e.g. `/api/v1/integrations/…/users?…`) as an Admin and parses the JSON.
    pub async fn api(&self, path: &str) -> Value {
        let (status, body) = http(&self.server, "GET", path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// The `data-row-id`s of the table rows, in DOM order.
    pub async fn row_ids(&self) -> Vec<String> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll('tr[data-row-id]'))\
                 .map(r => r.getAttribute('data-row-id'))",
                vec![],
            )
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until the table shows exactly `expected` rows in that order.
    pub async fn wait_for_rows(&self, expected: &[String], what: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let rows = self.row_ids().await;
            if rows == expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: the table shows {rows:?}, the API answers {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the status panel `data-status=STATUS` and returns its text.
    pub async fn wait_for_status(&self, status: &str) -> String {
        let el = self.wait_for(&format!("[data-status=\"{status}\"]")).await;
        el.text().await.unwrap_or_default()
    }

    /// The current URL's query string (without `?`).
    pub async fn query_string(&self) -> String {
        self.browser
            .current_url()
            .await
            .map(|u| u.query().unwrap_or_default().to_owned())
            .unwrap_or_default()
    }
}

/// The row ids of an API list answer, in order.
pub fn ids_of(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A copy of the release dist (in a temp dir named after `tag` and this process) whose
/// index.html carries `<meta name=NAME content=CONTENT>`: how a test sets the client's
/// runtime settings (timeout, poll interval) without another build.
pub fn dist_with_meta(tag: &str, name: &str, content: &str) -> PathBuf {
    let src = dist_dir();
    let dst = std::env::temp_dir().join(format!("idlcm-e2e-{tag}-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    std::fs::create_dir_all(&dst).expect("create the test dist");
    for entry in std::fs::read_dir(&src).expect("read dist") {
        let entry = entry.expect("dist entry");
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            std::fs::copy(entry.path(), dst.join(entry.file_name())).expect("copy dist file");
        }
    }
    let index = dst.join("index.html");
    let html = std::fs::read_to_string(&index).expect("read index.html");
    let meta = format!("<meta name={name} content={content}>");
    // Release minification drops `<head>`: put it before the title.
    let html = html.replacen("<title>", &format!("{meta}<title>"), 1);
    assert!(html.contains(&meta), "index.html has no <title>");
    std::fs::write(&index, html).expect("write index.html");
    dst
}

/// `/api/v1/integrations/{Contentzilla}/users{query}`: the seeded integration most tests use.
pub fn api_users(query: &str) -> String {
    format!(
        "/api/v1/integrations/{}/users{query}",
        devserver::seed::CONTENTZILLA_ID
    )
}

/// Waits for `css` and clicks it.
pub async fn click(s: &Session, css: &str) {
    s.wait_for(css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Merges `attributes` over a Contentzilla row (`PUT /dev/users/…`).
pub async fn put_user(s: &Session, user_id: &str, attributes: Value) {
    let path = format!("/dev/users/{}/{user_id}", devserver::seed::CONTENTZILLA_ID);
    let (status, body) = http(&s.server, "PUT", &path, Some(attributes)).await;
    assert_eq!(status, 200, "PUT {path}: {body}");
}
