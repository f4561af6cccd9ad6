//! When a failed GET is tried again: the backoff schedule, the server's `Retry-After` (in
//! seconds or as an HTTP date), jitter and a cap. Pure, so the schedule is unit-tested
//! natively; `client.rs` feeds it the clock and a random number.

use crate::model::format::days_from_civil;

/// A `Retry-After` header value (RFC 9110 §10.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Delta-seconds: wait this long.
    Seconds(u64),
    /// An HTTP date: wait until then. Milliseconds since the Unix epoch.
    At {
        /// The instant, in ms since 1970-01-01T00:00:00Z.
        unix_ms: i64,
    },
}

impl RetryAfter {
    /// Reads the header; anything else than delta-seconds or an HTTP date (IMF-fixdate, or the
    /// obsolete RFC 850 and asctime forms a recipient must still accept) is `None`.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // More digits than a u64 holds is "a very long time": the cap turns it down anyway.
            return Some(RetryAfter::Seconds(value.parse().unwrap_or(u64::MAX)));
        }
        parse_http_date(value).map(|unix_ms| RetryAfter::At { unix_ms })
    }

    /// How long to wait from `now_unix_ms` (a date in the past means no wait).
    pub fn wait_ms(self, now_unix_ms: f64) -> u64 {
        match self {
            RetryAfter::Seconds(s) => s.saturating_mul(1_000),
            RetryAfter::At { unix_ms } => {
                let left = unix_ms as f64 - now_unix_ms;
                if left.is_finite() && left > 0.0 {
                    left.ceil() as u64
                } else {
                    0
                }
            }
        }
    }
}

/// The longest the client holds a request before its next attempt. A server that asks for a
/// longer wait gets its error shown at once (with the wait, when the UI tells it) instead of a
/// spinner that turns for minutes.
pub const MAX_RETRY_WAIT_MS: u64 = 10_000;

/// Each wait is stretched by up to this fraction, never shortened: clients that failed
/// together do not come back together, and `Retry-After` stays a minimum.
pub const JITTER: f64 = 0.25;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextAttempt {
    /// Try again after this many milliseconds.
    After {
        /// The wait.
        ms: u32,
    },
    /// No retry: the error is the answer.
    GiveUp,
}

/// The wait before retry number `attempt` (0 for the first retry) of a retryable failure.
/// `schedule` is the backoff (`ApiConfig::retry_delays_ms`; its length is the number of
/// retries), `retry_after_ms` the server's `Retry-After` as a wait, `jitter` a random number
/// in `[0, 1)`. The wait is the longer of the backoff step and `Retry-After`, stretched by the
/// jitter and capped at [`MAX_RETRY_WAIT_MS`]; a `Retry-After` beyond the cap gives up.
pub fn next_attempt(
    schedule: &[u32],
    attempt: usize,
    retry_after_ms: Option<u64>,
    jitter: f64,
) -> NextAttempt {
    let Some(&step) = schedule.get(attempt) else {
        return NextAttempt::GiveUp;
    };
    if retry_after_ms.is_some_and(|ms| ms > MAX_RETRY_WAIT_MS) {
        return NextAttempt::GiveUp;
    }
    let floor = u64::from(step).max(retry_after_ms.unwrap_or(0));
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let stretched = floor as f64 * (1.0 + JITTER * jitter);
    let ms = (stretched.round() as u64).min(MAX_RETRY_WAIT_MS.max(u64::from(step)));
    NextAttempt::After {
        ms: u32::try_from(ms).unwrap_or(u32::MAX),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An HTTP date in ms since the Unix epoch. The weekday is not checked (it adds nothing).
fn parse_http_date(value: &str) -> Option<i64> {
    // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" and RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT"
    // have a comma after the weekday; asctime "Sun Nov  6 08:49:37 1994" has none.
    let dated = value
        .split_once(',')
        .map(|(_, rest)| rest.replace('-', " "));
    let parts: Vec<&str> = dated
        .as_deref()
        .unwrap_or(value)
        .split_whitespace()
        .collect();
    let (day, month, year, time) = match (dated.is_some(), parts.as_slice()) {
        (true, [day, month, year, time, "GMT"]) => (*day, *month, *year, *time),
        (false, [_weekday, month, day, time, year]) => (*day, *month, *year, *time),
        _ => return None,
    };
    let day: u32 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = match year.len() {
        // RFC 850's two-digit year: 70–99 are 19xx (the Unix epoch's century), the rest 20xx.
        2 => match year.parse::<i64>().ok()? {
            yy @ 70.. => 1900 + yy,
            yy => 2000 + yy,
        },
        4 => year.parse().ok()?,
        _ => return None,
    };
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some()
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..61).contains(&s)
    {
        return None;
    }
    let days = days_from_civil(year, i64::from(month), i64::from(day));
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1994-11-06T08:49:37Z, the RFC's example date.
    const RFC_EXAMPLE_MS: i64 = 784_111_777_000;

    #[test]
    fn reads_seconds_and_all_three_date_forms() {
        assert_eq!(RetryAfter::parse("120"), Some(RetryAfter::Seconds(120)));
        assert_eq!(RetryAfter::parse(" 0 "), Some(RetryAfter::Seconds(0)));
        let at = Some(RetryAfter::At {
            unix_ms: RFC_EXAMPLE_MS,
        });
        assert_eq!(RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"), at);
        assert_eq!(RetryAfter::parse("Sunday, 06-Nov-94 08:49:37 GMT"), at);
        assert_eq!(
            RetryAfter::parse("Monday, 06-Nov-28 08:49:37 GMT"),
            RetryAfter::parse("Mon, 06 Nov 2028 08:49:37 GMT")
        );
        assert_eq!(RetryAfter::parse("Sun Nov  6 08:49:37 1994"), at);
        assert_eq!(
            RetryAfter::parse("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(RetryAfter::At { unix_ms: 0 })
        );
        assert_eq!(
            RetryAfter::parse("Tue, 29 Feb 2028 23:59:60 GMT"),
            Some(RetryAfter::At {
                unix_ms: 1_835_481_600_000
            })
        );
    }

    #[test]
    fn rejects_what_is_neither() {
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:01 GMT",
        ] {
            assert_eq!(RetryAfter::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            RetryAfter::parse("99999999999999999999999"),
            Some(RetryAfter::Seconds(u64::MAX))
        );
    }

    #[test]
    fn a_date_is_a_wait_from_now_and_a_past_one_none() {
        let at = RetryAfter::At {
            unix_ms: RFC_EXAMPLE_MS,
        };
        assert_eq!(at.wait_ms(RFC_EXAMPLE_MS as f64 - 2_500.0), 2_500);
        assert_eq!(at.wait_ms(RFC_EXAMPLE_MS as f64 - 0.4), 1);
        assert_eq!(at.wait_ms(RFC_EXAMPLE_MS as f64 + 1.0), 0);
        assert_eq!(at.wait_ms(f64::NAN), 0);
        assert_eq!(RetryAfter::Seconds(3).wait_ms(12.0), 3_000);
        assert_eq!(RetryAfter::Seconds(u64::MAX).wait_ms(0.0), u64::MAX);
    }

    const SCHEDULE: [u32; 3] = [300, 900, 2_700];

    #[test]
    fn without_retry_after_the_backoff_steps_with_jitter_only_later() {
        assert_eq!(
            next_attempt(&SCHEDULE, 0, None, 0.0),
            NextAttempt::After { ms: 300 }
        );
        assert_eq!(
            next_attempt(&SCHEDULE, 1, None, 0.5),
            NextAttempt::After { ms: 1_013 }
        );
        assert_eq!(
            next_attempt(&SCHEDULE, 2, None, 0.999_999),
            NextAttempt::After { ms: 3_375 }
        );
        assert_eq!(next_attempt(&SCHEDULE, 3, None, 0.0), NextAttempt::GiveUp);
        assert_eq!(next_attempt(&[], 0, None, 0.0), NextAttempt::GiveUp);
        // A jitter out of range is clamped, not trusted.
        assert_eq!(
            next_attempt(&SCHEDULE, 0, None, 7.0),
            NextAttempt::After { ms: 375 }
        );
        assert_eq!(
            next_attempt(&SCHEDULE, 0, None, f64::NAN),
            NextAttempt::After { ms: 300 }
        );
    }

    #[test]
    fn retry_after_is_a_minimum_and_beyond_the_cap_gives_up() {
        // Longer than the step: the server's wait, plus jitter.
        assert_eq!(
            next_attempt(&SCHEDULE, 0, Some(3_000), 0.0),
            NextAttempt::After { ms: 3_000 }
        );
        assert_eq!(
            next_attempt(&SCHEDULE, 0, Some(3_000), 0.5),
            NextAttempt::After { ms: 3_375 }
        );
        // Shorter than the step: the step.
        assert_eq!(
            next_attempt(&SCHEDULE, 2, Some(1_000), 0.0),
            NextAttempt::After { ms: 2_700 }
        );
        // At the cap the jitter cannot push it over; beyond it, no retry.
        assert_eq!(
            next_attempt(&SCHEDULE, 0, Some(MAX_RETRY_WAIT_MS), 0.9),
            NextAttempt::After {
                ms: MAX_RETRY_WAIT_MS as u32
            }
        );
        assert_eq!(
            next_attempt(&SCHEDULE, 0, Some(MAX_RETRY_WAIT_MS + 1), 0.0),
            NextAttempt::GiveUp
        );
        assert_eq!(
            next_attempt(&SCHEDULE, 0, Some(u64::MAX), 0.0),
            NextAttempt::GiveUp
        );
        // No retries left: Retry-After does not add one.
        assert_eq!(
            next_attempt(&SCHEDULE, 3, Some(10), 0.0),
            NextAttempt::GiveUp
        );
    }
}
