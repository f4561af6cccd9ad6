//! The built SPA (`--dist`): files with their MIME types, `index.html` for every other
//! non-API path, long caching only for content-hashed names.

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

/// The fallback router serving `dist`.
pub fn router(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"));
    Router::new()
        .fallback_service(ServeDir::new(dist).fallback(index))
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
    fn hashed_names() {
        assert!(super::is_hashed("/idlcm-users-4f2a9c1b0d3e5f67_bg.wasm"));
        assert!(super::is_hashed("/style-0123456789abcdef.css"));
        assert!(!super::is_hashed("/index.html"));
        assert!(!super::is_hashed("/my-app.js"));
    }
}
