//! Where things are: the repository, the bundles the tests serve, screenshots; and test copies
//! of a dist with one setting changed.

use std::path::{Path, PathBuf};

/// The repository root at run time. `cargo test` sets CARGO_MANIFEST_DIR for the test process
/// (the package under test: the root or `devserver/`); the compile-time value is only the
/// fallback. It matters in CI: with the warm cache a test binary built in an earlier checkout is
/// reused, and `env!` would point it at that checkout's files.
pub fn repo_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .ancestors()
        .find(|dir| dir.join("contract/openapi.yaml").is_file())
        .map(Path::to_path_buf)
        .unwrap_or(manifest)
}

/// The release bundle the tests load (`make test` builds it first; `IDLCM_DIST` overrides).
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

/// The Cargo target directory (`CARGO_TARGET_DIR`, else the repository's `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Where screenshots go: `target/screenshots` of the repository, whatever CARGO_TARGET_DIR is.
pub fn screenshot_dir() -> PathBuf {
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// A fresh directory in the temp dir named after `tag` and this process (removed first).
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idlcm-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
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

/// A copy of the release dist (see [`scratch_dir`]) whose index.html carries
/// `<meta name=NAME content=CONTENT>`: how a test sets the client's runtime settings (timeout,
/// poll interval) without another build.
pub fn dist_with_meta(tag: &str, name: &str, content: &str) -> PathBuf {
    let dst = scratch_dir(&format!("{tag}-dist"));
    for entry in std::fs::read_dir(dist_dir()).expect("read dist") {
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
