//! Headless Chromium through chromedriver, shared between tests.
//!
//! Starting Chromium is most of what a short end-to-end test costs, so a test borrows a browser
//! from a pool ([`Browser::checkout`]) and gives it back when it ends; the pool grows to as many
//! browsers as tests run at once. Each checkout makes the browser fresh for its test: a new tab
//! (no history, no page of the last test still polling), no cookies (they are per host, not per
//! port: every test's dev server is on 127.0.0.1), no cache, no storage of the origins the last
//! test used, and a download directory of its own.
//!
//! The WebDriver clients live on a runtime of the kit's own: each `#[tokio::test]` has its own
//! runtime, which ends with the test, and a client's connection task must outlive it. Commands
//! go through a channel, so any test's runtime can use the client.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use crate::eventually::eventually_within;

/// The Chromium flags of every session: those of `webdriver.json` (the component tests) and a
/// fixed window size, so layouts measure the same everywhere.
const CHROMIUM_ARGS: [&str; 10] = [
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
];

/// One Chromium, driven by its own chromedriver.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// Where the browser saves downloads for the current test (empty at checkout).
    pub downloads: PathBuf,
    driver: Child,
    profile: PathBuf,
    /// Origins the current test loaded pages from: their storage is cleared for the next one.
    origins: Vec<String>,
    /// Checkouts so far (names the download directory of each).
    uses: usize,
}

/// Idle browsers, ready for the next test.
static POOL: Mutex<Vec<Browser>> = Mutex::new(Vec::new());
/// Every browser's chromedriver pid and profile, idle or not: what the exit hook ends.
static LIVE: Mutex<Vec<(u32, PathBuf)>> = Mutex::new(Vec::new());

/// The runtime the WebDriver clients' connection tasks run on, for the whole process.
fn driver_runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("webdriver")
            .enable_all()
            .build()
            .expect("start the WebDriver runtime")
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Browser {
    /// A browser for one test: an idle one from the pool made fresh, or a new one.
    pub async fn checkout() -> Browser {
        let idle = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut browser = match idle {
            Some(browser) => browser,
            None => Browser::launch().await,
        };
        browser.fresh().await;
        browser
    }

    /// Gives the browser back to the pool for the next test, on a blank page (the test's page
    /// stops polling its server now, not when the next test starts).
    pub async fn release(self) {
        if self.client.goto("about:blank").await.is_err() {
            return; // dropped: the browser is ended
        }
        POOL.lock().unwrap_or_else(|e| e.into_inner()).push(self);
    }

    /// Starts chromedriver and a Chromium of its own (with a fresh profile), not from the
    /// pool: for measurements that want a browser nothing else ran in. Ended on drop.
    pub async fn launch() -> Browser {
        static EXIT_HOOK: Once = Once::new();
        EXIT_HOOK.call_once(|| {
            // SAFETY: registers a plain `extern "C" fn()` with the C library.
            unsafe { libc::atexit(end_every_browser) };
        });
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (make test installs it)");
        static LAUNCHED: AtomicUsize = AtomicUsize::new(0);
        let profile = std::env::temp_dir().join(format!(
            "idlcm-e2e-{}-browser-{}",
            std::process::id(),
            LAUNCHED.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&profile);
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((driver.id(), profile.clone()));
        eventually_within(
            Duration::from_secs(15),
            "chromedriver to listen",
            || async {
                tokio::net::TcpStream::connect(("127.0.0.1", port))
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        )
        .await;

        let downloads = profile.join("downloads");
        std::fs::create_dir_all(&downloads).expect("create the download directory");
        let mut args: Vec<String> = CHROMIUM_ARGS.map(str::to_owned).into();
        args.push(format!("--user-data-dir={}", profile.display()));
        // Extra Chromium arguments, one per line (a diagnostic, e.g. the bench's
        // `--js-flags=--no-opt` A/B run; unset in tests).
        if let Ok(extra) = std::env::var("E2E_CHROME_ARGS") {
            args.extend(extra.lines().filter(|l| !l.is_empty()).map(str::to_owned));
        }
        let mut caps = serde_json::Map::new();
        // Scripts may run 120 s, not chromedriver's 30: axe over the History's 120 events (5,300
        // elements) took 10 s on a quiet 2-core machine and over 30 s during a cold `make test`.
        caps.insert("timeouts".into(), json!({ "script": 120_000 }));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": args,
                // Downloads land in a directory of this browser, without a prompt.
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                },
            }),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let client = driver_runtime()
            .spawn(async move {
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps)
                    .connect(&webdriver)
                    .await
            })
            .await
            .expect("the WebDriver runtime runs")
            .expect("open a Chromium session");
        Browser {
            client,
            downloads,
            driver,
            profile,
            origins: Vec::new(),
            uses: 0,
        }
    }

    /// Notes that the test loads pages from `origin` (`http://127.0.0.1:PORT`).
    pub fn visits(&mut self, origin: &str) {
        if !self.origins.iter().any(|o| o == origin) {
            self.origins.push(origin.to_owned());
        }
    }

    /// Nothing of an earlier test is left: a new tab in place of every old one, no cookies, no
    /// cache, no storage, an empty download directory of this checkout.
    async fn fresh(&mut self) {
        let old = self.client.windows().await.expect("list the windows");
        let tab = self.client.new_window(true).await.expect("open a tab");
        for handle in old {
            self.client
                .switch_to_window(handle)
                .await
                .expect("switch to an old tab");
            self.client.close_window().await.expect("close an old tab");
        }
        self.client
            .switch_to_window(tab.handle)
            .await
            .expect("switch to the new tab");
        cdp(&self.client, "Network.clearBrowserCookies", json!({})).await;
        cdp(&self.client, "Network.clearBrowserCache", json!({})).await;
        for origin in std::mem::take(&mut self.origins) {
            cdp(
                &self.client,
                "Storage.clearDataForOrigin",
                json!({ "origin": origin, "storageTypes": "all" }),
            )
            .await;
        }
        self.uses += 1;
        self.downloads = self.profile.join(format!("downloads-{}", self.uses));
        std::fs::create_dir_all(&self.downloads).expect("create the download directory");
        cdp(
            &self.client,
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": self.downloads.display().to_string() }),
        )
        .await;
    }
}

impl Drop for Browser {
    /// A browser that is not given back (its test failed, or it was the caller's own) ends with
    /// its chromedriver.
    fn drop(&mut self) {
        end(self.driver.id(), &self.profile);
        let _ = self.driver.wait();
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(pid, _)| *pid != self.driver.id());
    }
}

/// Ends a chromedriver and the Chromium it started: the browser first (chromedriver's child;
/// its own helper processes follow it), then the driver, then the profile.
fn end(driver: u32, profile: &std::path::Path) {
    let driver_pid = driver.to_string();
    let _ = Command::new("pkill")
        .args(["-TERM", "-P", &driver_pid])
        .status();
    // The profile is removed once the browser has let go of it (it writes there on its way out).
    for _ in 0..40 {
        let browser_left = Command::new("pgrep")
            .args(["-P", &driver_pid])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !browser_left {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // SAFETY: a signal to our own child process by its pid.
    unsafe { libc::kill(driver as libc::pid_t, libc::SIGKILL) };
    let _ = std::fs::remove_dir_all(profile);
}

/// The exit hook: pooled browsers outlive every test, so the process ends them when it exits.
extern "C" fn end_every_browser() {
    if let Ok(live) = LIVE.try_lock() {
        for (pid, profile) in live.iter() {
            end(*pid, profile);
        }
    }
}

#[derive(Debug)]
struct CdpCommand {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

/// Runs the Chrome DevTools Protocol command `cmd` with `params` in the current tab, through
/// chromedriver's `goog/cdp/execute` (the same session, no second connection to the browser),
/// and returns its result.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    client
        .issue_cmd(CdpCommand {
            cmd: cmd.to_owned(),
            params,
        })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
}
