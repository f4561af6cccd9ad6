//! The one poller of the kit: a check runs again until it passes or the time is up, and the
//! failure says what was awaited and what was seen last.

use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

/// How long a test waits for the UI (or the server) to reach a state before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// Between two checks: short enough to see a state that lasts a poll interval of the tab.
const INTERVAL: Duration = Duration::from_millis(50);

/// Runs `check` until it returns `Ok(value)` and returns that value; `Err(observation)` means
/// "not yet". After [`UI_TIMEOUT`] it panics with `what` and the last observation.
pub async fn eventually<T, F, Fut>(what: impl Display, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    eventually_within(UI_TIMEOUT, what, check).await
}

/// [`eventually`] with a time limit of its own (an export of 100,000 rows, a backoff).
pub async fn eventually_within<T, F, Fut>(timeout: Duration, what: impl Display, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        match check().await {
            Ok(value) => return value,
            Err(seen) if Instant::now() >= deadline => {
                panic!("timed out after {timeout:?} waiting for {what}; last seen: {seen}")
            }
            Err(_) => tokio::time::sleep(INTERVAL).await,
        }
    }
}

/// `Ok(())` when `done`, else the observation for the timeout message: the usual ending of a
/// check (`seen(rows == expected, format!("{rows:?}"))`).
pub fn seen(done: bool, observation: impl Display) -> Result<(), String> {
    if done {
        Ok(())
    } else {
        Err(observation.to_string())
    }
}
