//! The built SPA (`--dist`): files with their MIME types, `index.html` for every other
//! non-API path, long caching only for content-hashed names.
//!
//! A page in a folder of its own (`dist/examples/html-host/index.html`) is an SPA of its own:
//! unknown paths under that folder get its `index.html`, not the root one, so a host page's
//! router base (`/examples/html-host/users?…`) reloads the host.
//!
//! A `NAME.br` next to a file (written by `make bench` part 3, brotli -q 11) is sent instead of
//! it, with `Content-Encoding: br`, to a client that accepts br; without one, the response
//! compression layer compresses on the fly as before.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// Whether a file name carries a content hash (`name-0123abcd….ext`, as Trunk writes).
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    // wasm-bindgen appends `_bg` after the hash.
    let stem = name.split('.').next().unwrap_or("").trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut res = next.run(req).await;
    let value = if hashed && res.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// The `index.html` that answers an unknown path: the one in the deepest folder of the path
/// that has one, else the root's.
pub fn spa_index(dist: &Path, path: &str) -> std::path::PathBuf {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    for n in (1..segments.len()).rev() {
        let candidate = segments[..n]
            .iter()
            .fold(dist.to_path_buf(), |p, s| p.join(s))
            .join("index.html");
        if candidate.is_file() {
            return candidate;
        }
    }
    dist.join("index.html")
}

/// Whether a path names a file (its last segment has an extension) rather than an app route.
fn is_file_path(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
}

/// The fallback router serving `dist`.
pub fn router(dist: &Path) -> Router {
    let root = dist.to_path_buf();
    let index = tower::service_fn(move |req: Request| {
        let path = req.uri().path().to_owned();
        let file = spa_index(&root, &path);
        async move {
            // A missing file (`/config.json`, `/x.js`) is a 404, not the app's page: a client
            // probing for an optional file must not get HTML.
            if is_file_path(&path) {
                return Ok::<_, std::convert::Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            let res =
                tower::ServiceExt::oneshot(ServeFile::new(file).precompressed_br(), req).await?;
            Ok(res.into_response())
        }
    });
    Router::new()
        .fallback_service(ServeDir::new(dist).precompressed_br().fallback(index))
        .layer(axum::middleware::from_fn(cache_headers))
}

/// The fallback when no `--dist` is given.
pub async fn no_dist() -> Response {
    (
        StatusCode::NOT_FOUND,
        "devserver: no --dist given; the API is at /api/v1\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_pages_answer_their_own_paths() {
        let dir = std::env::temp_dir().join(format!("devserver-spa-{}", std::process::id()));
        let host = dir.join("examples").join("html-host");
        std::fs::create_dir_all(&host).unwrap();
        std::fs::write(dir.join("index.html"), "root").unwrap();
        std::fs::write(host.join("index.html"), "host").unwrap();
        let pick = |p: &str| super::spa_index(&dir, p);
        assert_eq!(pick("/integrations/x/users"), dir.join("index.html"));
        assert_eq!(pick("/examples/html-host/users"), host.join("index.html"));
        assert_eq!(pick("/examples/html-host/a/b?c"), host.join("index.html"));
        assert_eq!(pick("/examples/../index.html"), dir.join("index.html"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_files_are_not_routes() {
        assert!(super::is_file_path("/config.json"));
        assert!(super::is_file_path("/examples/html-host/extra.css"));
        assert!(!super::is_file_path("/integrations/d538/users"));
        assert!(!super::is_file_path("/"));
    }

    #[test]
    fn hashed_names() {
        assert!(super::is_hashed("/idlcm-users-4f2a9c1b0d3e5f67_bg.wasm"));
        assert!(super::is_hashed("/style-0123456789abcdef.css"));
        assert!(!super::is_hashed("/index.html"));
        assert!(!super::is_hashed("/my-app.js"));
    }
}
