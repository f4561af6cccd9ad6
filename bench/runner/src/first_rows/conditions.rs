//! The network and cache a first-rows section loads its pages under: loopback with the cache
//! off (part 3's original measurement), and a throttled link (CDP network emulation) with a cold
//! and with a warm HTTP cache, which is closer to what a user on a real network sees.

use serde_json::json;
use testkit::Session;

use crate::cdp::cdp;

/// How the browser reaches the dev server.
#[derive(Clone, Copy)]
pub(super) enum Link {
    /// Loopback, unthrottled.
    Loopback,
    /// CDP `Network.emulateNetworkConditions`: `rtt_ms` added to every request, `mbit_s` down
    /// and up.
    Throttled { rtt_ms: u32, mbit_s: u32 },
}

/// Whether the browser's HTTP cache may serve the bundle.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Cache {
    /// `Network.setCacheDisabled`: every load fetches every file (a first visit).
    Cold,
    /// The cache on, filled by the warm-up loads (a returning visit): the hashed bundle files are
    /// `immutable`, so only the HTML and the API requests go to the server.
    Warm,
}

/// The conditions of one first-rows section.
#[derive(Clone, Copy)]
pub(super) struct Conditions {
    pub(super) link: Link,
    pub(super) cache: Cache,
}

/// About a fast home or office link: the throttled sections' setting.
const THROTTLED: Link = Link::Throttled {
    rtt_ms: 40,
    mbit_s: 10,
};

impl Conditions {
    /// Part 3's original: loopback, cache off.
    pub(super) const LOOPBACK_COLD: Self = Self {
        link: Link::Loopback,
        cache: Cache::Cold,
    };
    /// A first visit over a throttled link.
    pub(super) const THROTTLED_COLD: Self = Self {
        link: THROTTLED,
        cache: Cache::Cold,
    };
    /// A returning visit over a throttled link.
    pub(super) const THROTTLED_WARM: Self = Self {
        link: THROTTLED,
        cache: Cache::Warm,
    };

    /// Sets them on the session's page (they hold across its navigations).
    pub(super) async fn apply(self, s: &Session) {
        cdp(&s.browser, "Network.enable", json!({})).await;
        cdp(
            &s.browser,
            "Network.setCacheDisabled",
            json!({ "cacheDisabled": self.cache == Cache::Cold }),
        )
        .await;
        if let Link::Throttled { rtt_ms, mbit_s } = self.link {
            let bytes_per_s = f64::from(mbit_s) * 1_000_000.0 / 8.0;
            cdp(
                &s.browser,
                "Network.emulateNetworkConditions",
                json!({
                    "offline": false,
                    "latency": rtt_ms,
                    "downloadThroughput": bytes_per_s,
                    "uploadThroughput": bytes_per_s,
                }),
            )
            .await;
        }
    }

    /// For the method line.
    pub(super) fn describe(self) -> String {
        let link = match self.link {
            Link::Loopback => "loopback, unthrottled".to_owned(),
            Link::Throttled { rtt_ms, mbit_s } => format!(
                "CDP `Network.emulateNetworkConditions`: {rtt_ms} ms latency per request, {mbit_s} Mbit/s down and up"
            ),
        };
        let cache = match self.cache {
            Cache::Cold => "cache disabled (CDP `Network.setCacheDisabled`): every file fetched on every load",
            Cache::Warm => "HTTP cache on and filled by the warm-up loads (the hashed bundle files are `immutable`; the HTML and the API requests still go to the server)",
        };
        format!("{link}; {cache}")
    }
}
