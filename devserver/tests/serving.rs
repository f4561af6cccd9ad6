//! Static serving of dist/ (MIME types, SPA fallback, caching, compression) and the security
//! headers on every answer.

use devserver::Config;
use testkit::api::*;

const CSP_START: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors ";

/// A dev server serving the fixture dist.
async fn dist_server() -> Server {
    server(Config {
        dist: Some(dist()),
        ..Config::default()
    })
    .await
}

fn dist() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("devserver-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><html><body><script type=\"module\" src=\"/app-0123456789abcdef.js\"></script></body></html>").unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 7) as u8))
        .collect();
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), wasm).unwrap();
    std::fs::write(
        dir.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(50),
    )
    .unwrap();
    std::fs::write(
        dir.join("style-fedcba9876543210.css"),
        ".a { color: red }\n".repeat(50),
    )
    .unwrap();
    dir
}

fn plain_client() -> reqwest::Client {
    // No automatic decompression: the test looks at Content-Encoding itself.
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .no_proxy()
        .build()
        .unwrap()
}

#[tokio::test]
async fn serves_dist_with_spa_fallback_caching_and_headers() {
    let s = dist_server().await;
    for path in [
        "/",
        "/integrations/d538422e-b135-4ee0-8393-54eecbcb4a07/users",
        "/some/deep/link?x=1",
    ] {
        let a = s.anon_get(path).await;
        assert_eq!(a.status, 200, "{path}");
        assert!(
            a.header("content-type").unwrap().starts_with("text/html"),
            "{path}"
        );
        assert!(a.text.contains("<!DOCTYPE html>"));
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{path}");
        assert!(a
            .header("content-security-policy")
            .unwrap()
            .starts_with(CSP_START));
        assert!(a
            .header("content-security-policy")
            .unwrap()
            .ends_with("frame-ancestors 'self'; report-uri /csp-report"));
        assert_hardening_headers(&a);
    }
    let w = s.anon_get("/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(w.header("content-type"), Some("application/wasm"));
    assert_eq!(
        w.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let j = s.anon_get("/app-0123456789abcdef.js").await;
    assert!(j.header("content-type").unwrap().contains("javascript"));
    let c = s.anon_get("/style-fedcba9876543210.css").await;
    assert!(c.header("content-type").unwrap().starts_with("text/css"));
    // API and dev paths never fall back to the SPA.
    let a = s.admin_get("/api/v1/unknown").await;
    assert_eq!(a.status, 404);
    assert_eq!(a.error()["code"], "not_found");
    let d = s.anon_get("/dev/unknown").await;
    assert_eq!(d.status, 404);
    assert!(d
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let api = s.get("getMe", "/me").await;
    assert!(api.header("content-security-policy").is_some());
}

#[tokio::test]
async fn compresses_wasm_and_json_with_brotli_and_gzip() {
    let s = dist_server().await;
    let c = plain_client();
    for (enc, path) in [
        ("br", "/app-0123456789abcdef_bg.wasm"),
        ("gzip", "/app-0123456789abcdef_bg.wasm"),
        ("br", "/api/v1/integrations"),
        ("gzip", "/app-0123456789abcdef.js"),
    ] {
        let r = c
            .get(s.url(path))
            .header("accept-encoding", enc)
            .bearer_auth("dev-workspace_admin")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["content-encoding"], enc, "{path}");
        let body = r.bytes().await.unwrap();
        assert!(body.len() < 20_000, "{path} compressed");
    }
    let r = c
        .get(s.url("/app-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap().len(), 20_008);
}

#[tokio::test]
async fn serves_a_precompressed_br_file_when_br_is_accepted() {
    let dir = dist();
    let dist = dir.join("precompressed");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><p>plain").unwrap();
    std::fs::write(dist.join("index.html.br"), b"not really brotli").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "export {};\n").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.br"), b"precompressed js").unwrap();
    let s = server(Config {
        dist: Some(dist),
        ..Config::default()
    })
    .await;
    let c = plain_client();
    for path in ["/app-0123456789abcdef.js", "/", "/integrations/x/users"] {
        let r = c
            .get(s.url(path))
            .header("accept-encoding", "gzip, deflate, br")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["content-encoding"], "br", "{path}");
        let js = path.ends_with(".js");
        let body = r.bytes().await.unwrap();
        assert_eq!(
            &body[..],
            if js {
                &b"precompressed js"[..]
            } else {
                &b"not really brotli"[..]
            },
            "{path}: the .br file as is"
        );
    }
    // Without br: the plain file.
    let r = c
        .get(s.url("/app-0123456789abcdef.js"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap(), "export {};\n");
}

#[tokio::test]
async fn frame_ancestors_is_configurable_and_no_dist_is_a_plain_404() {
    let s = server(Config {
        frame_ancestors: "https://host.example".into(),
        ..Config::default()
    })
    .await;
    let a = s.anon_get("/").await;
    assert_eq!(a.status, 404);
    assert!(a
        .header("content-security-policy")
        .unwrap()
        .contains("; frame-ancestors https://host.example; report-uri /csp-report"));
}
