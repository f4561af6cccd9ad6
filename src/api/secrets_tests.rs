//! The bearer token never leaks into what can be logged or shown: the config's `Debug`, error
//! messages, or the URLs the client builds. The token only ever goes into the `Authorization`
//! header, set in `api::client::send_once`, which runs in the browser only: the e2e hosts test
//! checks that part (see docs/ARCHITECTURE.md, Embedding).
//!
//! `cargo test --lib secrets_tests` runs these alone.

use std::rc::Rc;

use crate::api::{
    error_from_response, integration_path, user_path, users_list_path, ApiConfig, ApiError, Auth,
    RuntimeConfig,
};
use crate::model::UsersQuery;

const TOKEN: &str = "s3cr3t-t0ken-value";

fn config() -> ApiConfig {
    ApiConfig {
        auth: Auth::Bearer(Rc::new(|| Some(TOKEN.to_owned()))),
        ..ApiConfig::default()
    }
}

#[test]
fn debug_output_of_the_config_never_has_the_token() {
    let c = config();
    let shown = format!("{c:?} {:?} {:#?}", c.auth, c);
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("Bearer(<provider>)"), "{shown}");
}

#[test]
fn urls_never_carry_the_token() {
    let c = config();
    let q = UsersQuery::from_pairs([("q", "x"), ("state", "onboarded"), ("user", "abc")]);
    for url in [
        integration_path(&c.base_url, "i"),
        users_list_path(&c.base_url, "i", &q),
        user_path(&c.base_url, "i", "u"),
    ] {
        assert!(!url.contains(TOKEN), "{url}");
        assert!(!url.to_ascii_lowercase().contains("token"), "{url}");
        assert!(!url.to_ascii_lowercase().contains("authorization"), "{url}");
    }
}

#[test]
fn error_messages_show_the_request_id_never_headers() {
    // Even a server that echoes the request's headers into its error body does not get them
    // shown: messages are built from the status and fixed texts, plus the request id.
    let echo = format!(
        r#"{{"errors":[{{"code":"x","title":"Authorization: Bearer {TOKEN}","detail":"Cookie: session={TOKEN}","status":"500","meta":{{"requestId":"req-42","headers":{{"authorization":"Bearer {TOKEN}"}}}}}}]}}"#
    );
    for status in [400u16, 401, 403, 404, 409, 429, 500, 502, 503, 504, 418] {
        let e = error_from_response(status, &echo, Some("1"), Some("hdr-id"));
        let shown = format!("{e} {e:?}");
        // 400 and 409 quote the API's `detail` (a validation or conflict message, by design);
        // every other kind uses fixed texts only.
        if !matches!(e, ApiError::Validation { .. } | ApiError::Conflict { .. }) {
            assert!(!shown.contains(TOKEN), "{status}: {shown}");
        }
        if status >= 500 {
            assert_eq!(e.request_id(), Some("req-42"), "{status}");
        }
    }
}

#[test]
fn config_json_cannot_carry_a_token() {
    // A static file is no place for a token: whatever `config.json` says, the standalone build
    // authenticates with the session cookie, and the token it names shows up nowhere.
    for text in [
        format!(r#"{{"auth":"bearer","token":"{TOKEN}"}}"#),
        format!(r#"{{"auth":"Bearer {TOKEN}","apiBaseUrl":"/api/v1"}}"#),
        format!(r#"{{"auth":{{"token":"{TOKEN}"}},"bearerToken":"{TOKEN}"}}"#),
    ] {
        let config = RuntimeConfig::parse(&text).apply(ApiConfig::default());
        assert!(
            matches!(config.auth, Auth::SameOriginCookie),
            "{text}: {:?}",
            config.auth
        );
        let shown = format!("{config:?}");
        assert!(!shown.contains(TOKEN), "{text}: {shown}");
    }
}
