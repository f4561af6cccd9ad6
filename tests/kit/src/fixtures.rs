//! The bundles tests serve besides the release dist: test copies with a setting changed, the
//! example hosts with a probe script, the build with the panic trigger. Each is made once per
//! test process and shared by every test that serves it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::paths::{copy_dir, dist_dir, dist_with_meta, repo_root, scratch_dir, target_dir};

/// The client timeout (ms) of [`fast_timeout_dist`]: a hung request times out in 2 s instead of
/// 15 s, so four attempts (3 automatic retries, 0.3 + 0.9 + 2.7 s backoff) end in ~12 s.
pub const TIMEOUT_MS: u64 = 2_000;

/// The poll interval (ms) of [`fast_poll_dist`] and the host pages: 400 ms instead of 5 s.
pub const POLL_MS: u64 = 400;

/// Where the plain HTML host is served (as `make run` serves it).
pub const HTML_HOST: &str = "/examples/html-host";

/// Where the Leptos host is served.
pub const LEPTOS_HOST: &str = "/examples/leptos-host";

/// The release dist with `<meta name="idlcm-timeout-ms" content="2000">`.
pub fn fast_timeout_dist() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| dist_with_meta("timeout", "idlcm-timeout-ms", &TIMEOUT_MS.to_string()))
        .clone()
}

/// The release dist with `<meta name="idlcm-poll-ms" content="400">`.
pub fn fast_poll_dist() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| dist_with_meta("live", "idlcm-poll-ms", &POLL_MS.to_string()))
        .clone()
}

/// An Admin session with fault control on `dist`.
pub fn admin_on(dist: PathBuf) -> devserver::Config {
    devserver::Config {
        dist: Some(dist),
        ..crate::admin()
    }
}

/// An Admin session with fault control on [`fast_timeout_dist`].
pub fn fast_timeout_admin() -> devserver::Config {
    admin_on(fast_timeout_dist())
}

/// An Admin session with fault control on [`fast_poll_dist`].
pub fn fast_poll_admin() -> devserver::Config {
    admin_on(fast_poll_dist())
}

/// A copy of the release dist with one more file next to `index.html` (e.g. `config.json`).
pub fn dist_with_file(tag: &str, name: &str, content: &str) -> PathBuf {
    let dst = scratch_dir(&format!("{tag}-file"));
    copy_dir(&dist_dir(), &dst);
    std::fs::write(dst.join(name), content).expect("write the extra file");
    dst
}

/// The html host's test probe (not part of the example): records CSP violation events, console
/// output and live `setInterval`s.
const HTML_HOST_PROBE: &str = r#"// Test probe, not part of the example.
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(e.violatedDirective + " " + e.blockedURI));
window.__console = [];
for (const k of ["log", "info", "warn", "error", "debug"]) {
  const orig = console[k];
  console[k] = (...a) => { window.__console.push(a.map(String).join(" ")); orig.apply(console, a); };
}
const live = new Set();
const si = window.setInterval.bind(window), ci = window.clearInterval.bind(window);
window.setInterval = (...a) => { const id = si(...a); live.add(id); return id; };
window.clearInterval = (id) => { live.delete(id); ci(id); };
window.__intervals = () => live.size;
"#;

/// The Leptos host's test probe: records CSP violation events.
const LEPTOS_HOST_PROBE: &str = r#"// Test probe, not part of the example.
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"#;

/// The release dist + `examples/html-host` under [`HTML_HOST`], with the probe, a 400 ms poll
/// interval and (when given) `extra_css`, a stylesheet the host page links.
pub fn html_host_dist(tag: &str, extra_css: Option<&str>) -> PathBuf {
    let dst = scratch_dir(&format!("host-{tag}"));
    copy_dir(&dist_dir(), &dst);
    let host = dst.join("examples/html-host");
    copy_dir(&repo_root().join("examples/html-host"), &host);
    let mut head = String::new();
    if let Some(css) = extra_css {
        std::fs::write(host.join("extra.css"), css).expect("write css");
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{HTML_HOST}/extra.css\">\n  "
        ));
    }
    add_probe(&host, HTML_HOST, HTML_HOST_PROBE, &head);
    dst
}

/// The dev server for a host page: faults on, no auto-login and no cookie, so only the host's
/// bearer token gets data.
pub fn host_config(dist: PathBuf) -> devserver::Config {
    devserver::Config {
        auto_login: None,
        faults: true,
        dist: Some(dist),
        ..Default::default()
    }
}

/// The example's Trunk build (`make test` builds it and sets `IDLCM_LEPTOS_HOST_DIST`).
fn leptos_host_build() -> PathBuf {
    let dir = std::env::var_os("IDLCM_LEPTOS_HOST_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("leptos-host-dist"));
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: build it with `make leptos-host` (make test does) and set \
         IDLCM_LEPTOS_HOST_DIST",
        dir.display()
    );
    dir
}

/// The release dist + the Leptos host under [`LEPTOS_HOST`], with its probe and a 400 ms poll
/// interval in the host's page.
pub fn leptos_host_dist() -> PathBuf {
    let dst = scratch_dir("leptos-host");
    copy_dir(&dist_dir(), &dst);
    let host = dst.join("examples/leptos-host");
    let _ = std::fs::remove_dir_all(&host);
    copy_dir(&leptos_host_build(), &host);
    add_probe(&host, LEPTOS_HOST, LEPTOS_HOST_PROBE, "");
    dst
}

/// Writes `probe` as `probe.js` into the host folder `host` (served at `served_at`) and puts
/// the poll interval, the probe and `extra_head` before the page's module loader, so the probe
/// listens from the start.
fn add_probe(host: &Path, served_at: &str, probe: &str, extra_head: &str) {
    std::fs::write(host.join("probe.js"), probe).expect("write probe");
    let index = host.join("index.html");
    let html = std::fs::read_to_string(&index).expect("read host index");
    let marker = "<script type=\"module\"";
    assert!(html.contains(marker), "the host page has no module loader");
    let head = format!(
        "<meta name=\"idlcm-poll-ms\" content=\"{POLL_MS}\">\n  \
         <script src=\"{served_at}/probe.js\"></script>\n  {extra_head}"
    );
    std::fs::write(&index, html.replacen(marker, &format!("{head}{marker}"), 1))
        .expect("write host index");
}

/// A dist built with the `panic-trigger` feature (`IDLCM_PANIC_DIST`, else built here with
/// Trunk into target/e2e-dist-panic-trigger). A debug build: the trigger must never be in a
/// release bundle, and a debug build reuses the wasm dependencies the component tests build
/// (no LTO, no wasm-opt: seconds when warm, not minutes).
pub fn panic_dist() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(d) = std::env::var_os("IDLCM_PANIC_DIST") {
            return PathBuf::from(d);
        }
        let root = repo_root();
        let out = root.join("target/e2e-dist-panic-trigger");
        let _ = dist_dir(); // the normal dist must exist too (tools installed)
        let status = std::process::Command::new("trunk")
            .current_dir(&root)
            .args(["build", "--features", "panic-trigger", "--dist"])
            .arg(&out)
            .status()
            .expect("run trunk (make tools installs it)");
        assert!(
            status.success(),
            "trunk build --features panic-trigger failed"
        );
        out
    })
    .clone()
}
