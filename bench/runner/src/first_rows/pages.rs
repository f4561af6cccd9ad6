//! The pages a first-rows run loads: a copy of the tab's dist, the vanilla page written next to
//! it from one untimed load of the tab, other Trunk bundles added beside them, all precompressed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use testkit::Session;

use super::tab_path;

const VANILLA_JS: &str = include_str!("../../../table/vanilla.js");
const PAGE_HTML: &str = include_str!("../../../first-rows/index.html");
const PAGE_JS: &str = include_str!("../../../first-rows/first-rows.js");

/// Copies the files at the top of `dist` (the bundle, no examples/) into a fresh temp dir.
pub fn copy_dist(dist: &Path, tag: &str) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("idlcm-bench-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    std::fs::create_dir_all(&dst).expect("create the bench dist");
    for entry in std::fs::read_dir(dist).expect("read dist").flatten() {
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            let name = entry.file_name();
            if !name.to_string_lossy().ends_with(".br") {
                std::fs::copy(entry.path(), dst.join(&name)).expect("copy a dist file");
            }
        }
    }
    assert!(
        dst.join("index.html").is_file(),
        "{}: no index.html",
        dist.display()
    );
    dst
}

/// `brotli -q 11` of every file in `dir` and its subfolders (`NAME.br` next to `NAME`).
pub(super) fn precompress(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += precompress(&path);
        } else if path.extension().is_none_or(|e| e != "br") {
            let ok = std::process::Command::new("brotli")
                .args(["-q", "11", "-k", "-f"])
                .arg(&path)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(
                ok,
                "brotli -q 11 {} (bootstrap installs brotli)",
                path.display()
            );
            n += 1;
        }
    }
    n
}

pub(super) async fn start(dist: &Path) -> Session {
    crate::bench_session(dist, false, Duration::from_secs(120)).await
}

/// The table shell, stylesheets and API URL of the tab, from one (untimed) load.
async fn capture(dist: &Path) -> (String, String, String) {
    let s = start(dist).await;
    s.goto(&tab_path()).await;
    s.wait_for("tbody tr[data-row-id]").await;
    let v = s
        .js(
            "const scroller = document.querySelector('.users-table__scroller').cloneNode(true);
             scroller.querySelector('tbody').textContent = '';
             const t = scroller.querySelector('table');
             t.classList.remove('users-table--busy');
             t.removeAttribute('aria-busy');
             const api = performance.getEntriesByType('resource').map(e => new URL(e.name))
               .find(u => u.pathname.endsWith('/users') && u.search);
             return {
               table: scroller.outerHTML.replace(/<!--[^]*?-->/g, ''),
               styles: Array.from(document.querySelectorAll('link[rel=stylesheet]'), l => l.outerHTML).join('\\n  '),
               api: api ? api.pathname + api.search : null,
             };",
            vec![],
        )
        .await;
    s.close().await;
    let get = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("capture: no {k}: {v}"))
            .to_owned()
    };
    (get("table"), get("styles"), get("api"))
}

pub(super) fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Writes the vanilla page (`first-rows/`) into `dir`, a copy of the tab's dist, after one
/// untimed load of the tab captured its table shell, stylesheets and API URL.
pub(super) async fn write_vanilla_page(dir: &Path) -> (String, String, String) {
    let (table, styles, api) = capture(dir).await;
    let page = dir.join("first-rows");
    std::fs::create_dir_all(&page).expect("create first-rows/");
    let html = PAGE_HTML
        .replace("{{API}}", &attr_escape(&api))
        .replace("{{STYLES}}", &styles)
        .replace("{{TABLE}}", &table);
    std::fs::write(page.join("index.html"), html).expect("write first-rows/index.html");
    std::fs::write(page.join("vanilla.js"), VANILLA_JS).expect("write vanilla.js");
    std::fs::write(page.join("first-rows.js"), PAGE_JS).expect("write first-rows.js");
    (table, styles, api)
}

/// The size of the tab's precompressed wasm in `dir`.
pub(super) fn wasm_br_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read dist")
        .flatten()
        .find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("idlcm-users-") && name.ends_with("_bg.wasm.br")
        })
        .and_then(|e| e.metadata().ok())
        .map(|m| m.len())
        .expect("a precompressed wasm")
}

/// Copies a Trunk bundle's files (not its index.html) into `dir` and returns its loader tags:
/// the module script, the module preload and the wasm preload of its index.html.
pub(super) fn add_bundle(dir: &Path, bundle: &Path) -> String {
    for entry in std::fs::read_dir(bundle).expect("read a bundle").flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_file && name != "index.html" && !name.to_string_lossy().ends_with(".br") {
            std::fs::copy(entry.path(), dir.join(&name)).expect("copy a bundle file");
        }
    }
    let html = std::fs::read_to_string(bundle.join("index.html")).expect("the bundle's index.html");
    let tags = loader_tags(&html);
    assert!(
        tags.contains("type=\"module\"") || tags.contains("type=module"),
        "{}: no module script in index.html",
        bundle.display()
    );
    tags
}

/// The `<script type=module …></script>`, `<link … rel=modulepreload>` and wasm
/// `<link … rel=preload>` tags of a (minified) Trunk index.html, in order.
fn loader_tags(html: &str) -> String {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = if rest.starts_with("<script") {
            rest.find("</script>").map(|e| e + "</script>".len())
        } else {
            rest.find('>').map(|e| e + 1)
        };
        let Some(end) = end else { break };
        let tag = &rest[..end];
        let module = tag.starts_with("<script") && tag.contains("module");
        let preload = tag.starts_with("<link")
            && (tag.contains("modulepreload")
                || (tag.contains("preload") && tag.contains("_bg.wasm")));
        if module || preload {
            tags.push(tag.to_owned());
        }
        rest = &rest[end..];
    }
    tags.join("\n  ")
}
