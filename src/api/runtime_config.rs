//! Runtime settings of the standalone build: an optional `config.json` next to `index.html`,
//! read once at start, so one `dist/` can be pointed at any API without a rebuild.
//!
//! ```json
//! { "apiBaseUrl": "https://idlcm.example.com/api/v1", "auth": "cookie",
//!   "basePath": "/admin/idlcm", "timeoutMs": 15000, "pollIntervalMs": 5000 }
//! ```
//!
//! Every field is optional; a missing file or one that is not a JSON object means the
//! same-origin defaults. Unknown fields are ignored (a newer file works with an older build).

use serde::Deserialize;

use super::{parse_timeout_ms, ApiConfig, Auth};

/// The fields of `config.json`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RuntimeConfig {
    /// Base of every API path (`/api/v1` by default); another origin needs CORS there.
    pub api_base_url: Option<String>,
    /// `"cookie"` (the session cookie, sent to the same origin only: the default) or
    /// `"cookie-cross-origin"` (the cookie is sent to the API's origin too).
    pub auth: Option<String>,
    /// The path the app is served under, e.g. `/admin/idlcm` (default: the root).
    pub base_path: Option<String>,
    /// Per-request timeout in ms (1 – 600000).
    pub timeout_ms: Option<serde_json::Value>,
    /// Live-update interval in ms (1 – 600000).
    pub poll_interval_ms: Option<serde_json::Value>,
}

/// `config.json` as read: a JSON object, else unreadable. serde would read a struct from an
/// array too; the file's rule is an object or the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigFile(pub RuntimeConfig);

impl<'de> Deserialize<'de> for ConfigFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if !v.is_object() {
            return Err(serde::de::Error::custom("config.json is not an object"));
        }
        serde_json::from_value(v)
            .map(ConfigFile)
            .map_err(serde::de::Error::custom)
    }
}

impl RuntimeConfig {
    /// Reads `config.json`'s text with the decoder answers use ([`super::json::decode`]);
    /// anything unreadable is the defaults.
    pub fn parse(text: &str) -> RuntimeConfig {
        super::json::decode::<ConfigFile>(text).map_or_else(|_| RuntimeConfig::default(), |c| c.0)
    }

    /// `base` with what the file sets.
    pub fn apply(&self, mut base: ApiConfig) -> ApiConfig {
        if let Some(url) = self.api_base_url.as_deref().map(str::trim) {
            if !url.is_empty() {
                base.base_url = url.trim_end_matches('/').to_owned();
            }
        }
        if self.auth.as_deref() == Some("cookie-cross-origin") {
            base.auth = Auth::CrossOriginCookie;
        }
        let ms = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .and_then(|v| {
                    v.as_u64()
                        .map(|n| n.to_string())
                        .or(v.as_str().map(str::to_owned))
                })
                .and_then(|s| parse_timeout_ms(&s))
        };
        if let Some(t) = ms(&self.timeout_ms) {
            base.timeout_ms = t;
        }
        if let Some(p) = ms(&self.poll_interval_ms) {
            base.poll_interval_ms = p;
        }
        base
    }

    /// The router base: `""` for the root, else `/a/b` (leading slash, no trailing one).
    pub fn router_base(&self) -> String {
        let path = self
            .base_path
            .as_deref()
            .unwrap_or("")
            .trim()
            .trim_matches('/');
        if path.is_empty() {
            String::new()
        } else {
            format!("/{path}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_broken_files_are_the_defaults() {
        for text in ["", "<!doctype html>", "[1]", "null", "{\"apiBaseUrl\": 3}"] {
            let c = RuntimeConfig::parse(text);
            assert_eq!(c, RuntimeConfig::default(), "{text}");
            let api = c.apply(ApiConfig::default());
            assert_eq!(api.base_url, "/api/v1");
            assert!(matches!(api.auth, Auth::SameOriginCookie));
        }
    }

    #[test]
    fn fields_override_the_defaults() {
        let c = RuntimeConfig::parse(
            r#"{"apiBaseUrl": "https://api.example.com/v1/", "auth": "cookie-cross-origin",
                "basePath": "admin/idlcm/", "timeoutMs": 2000, "pollIntervalMs": "750",
                "future": true}"#,
        );
        let api = c.apply(ApiConfig::default());
        assert_eq!(api.base_url, "https://api.example.com/v1");
        assert!(matches!(api.auth, Auth::CrossOriginCookie));
        assert_eq!(api.timeout_ms, 2000);
        assert_eq!(api.poll_interval_ms, 750);
        assert_eq!(c.router_base(), "/admin/idlcm");
        assert_eq!(RuntimeConfig::default().router_base(), "");
        // Out of range: ignored.
        let c = RuntimeConfig::parse(r#"{"timeoutMs": 0, "pollIntervalMs": 99999999}"#);
        let api = c.apply(ApiConfig::default());
        assert_eq!(api.timeout_ms, 15_000);
        assert_eq!(api.poll_interval_ms, 5_000);
    }
}
