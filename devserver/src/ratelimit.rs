//! Token-bucket rate limiting per client (credential, else address): 429 `rate_limited`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::client_key;
use crate::error::ApiError;
use crate::locks::lock;

struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Buckets of `rate` tokens, refilled at `rate` per second; rate 0 = off. Cheap to clone (the
/// buckets are shared).
#[derive(Clone)]
pub struct Limiter {
    rate: u32,
    buckets: Arc<Mutex<HashMap<String, Bucket>>>,
}

impl Limiter {
    /// A limiter for `rate` requests per second per client.
    pub fn new(rate: u32) -> Self {
        Limiter {
            rate,
            buckets: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Takes a token for `key`, or says how many whole seconds to wait for one.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        if self.rate == 0 {
            return Ok(());
        }
        let rate = f64::from(self.rate);
        let now = Instant::now();
        let mut map = lock(&self.buckets);
        if map.len() > 10_000 {
            // Forget idle clients rather than grow without bound.
            map.retain(|_, b| now.duration_since(b.last).as_secs() < 60);
        }
        let b = map.entry(key.to_owned()).or_insert(Bucket {
            tokens: rate,
            last: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * rate).min(rate);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// Middleware applying the limiter to API requests.
pub async fn limit(State(limiter): State<Limiter>, req: Request, next: Next) -> Response {
    if limiter.rate > 0 {
        let key = client_key(req.headers())
            .or_else(|| {
                req.extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| format!("ip:{}", c.0.ip()))
            })
            .unwrap_or_else(|| "anonymous".into());
        if let Err(secs) = limiter.check(&key) {
            return ApiError::rate_limited(secs).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_refuses() {
        let l = Limiter::new(3);
        for _ in 0..3 {
            assert!(l.check("a").is_ok());
        }
        assert_eq!(l.check("a"), Err(1));
        assert!(l.check("b").is_ok());
        assert!(Limiter::new(0).check("a").is_ok());
    }
}
