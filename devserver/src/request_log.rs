//! The API requests the server received (with `--faults`), so a test can prove that a
//! client stopped asking (e.g. after Cancel).

use serde::Serialize;
use serde_json::{json, Value};

/// How many recent requests [`RequestLog`] keeps.
pub const REQUEST_LOG_LEN: usize = 2_000;

/// The API requests the server received (with `--faults`): a count per fault route and the
/// last [`REQUEST_LOG_LEN`] requests, recorded on arrival (before any fault latency), so a
/// request the client aborts while it waits still counts.
#[derive(Debug, Default)]
pub struct RequestLog {
    /// Requests since start (or the last clear), all routes.
    pub count: u64,
    /// Requests per route name (`users`, `integration`, …).
    pub by_route: std::collections::BTreeMap<&'static str, u64>,
    /// The most recent requests, oldest first.
    pub recent: std::collections::VecDeque<LoggedRequest>,
}

/// One request of the [`RequestLog`].
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Arrival order from 1.
    pub seq: u64,
    /// Fault route name.
    pub route: &'static str,
    /// HTTP method.
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
}

impl RequestLog {
    /// Counts one request and keeps it among the recent ones.
    pub fn record(&mut self, route: &'static str, method: &str, uri: &str) {
        self.count += 1;
        *self.by_route.entry(route).or_insert(0) += 1;
        if self.recent.len() >= REQUEST_LOG_LEN {
            self.recent.pop_front();
        }
        self.recent.push_back(LoggedRequest {
            seq: self.count,
            route,
            method: method.to_owned(),
            uri: uri.to_owned(),
        });
    }

    /// The log as JSON: `{"count", "byRoute", "requests": [{seq, route, method, uri}…]}`.
    pub fn to_json(&self) -> Value {
        json!({ "count": self.count, "byRoute": self.by_route, "requests": self.recent })
    }
}
