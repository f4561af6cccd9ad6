//! Dates in the user's locale and time zone, and counts grouped the way the user's locale
//! groups digits (both through the browser's `Intl`; native builds, which have no `Intl`, fall
//! back to the value as it came and to comma grouping); times relative to now ("5 min ago"),
//! the same in both.

/// Formats an RFC 3339 time as e.g. "November 10, 2021 at 12:48 PM" in the browser's locale
/// and time zone; an unparseable value is shown as it came.
#[cfg(target_arch = "wasm32")]
pub fn format_datetime(iso: &str) -> String {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    thread_local! {
        // One formatter for the page's life: a table of "Last synced" cells formats a time
        // per row, and building a formatter costs far more than formatting.
        static FORMAT: js_sys::Function = {
            let options = js_sys::Object::new();
            // Setting plain properties cannot fail on a fresh object; a failure only loses a
            // style.
            let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
            let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
        };
    }
    FORMAT
        .with(|f| f.call1(&JsValue::NULL, &date).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.to_owned())
}

/// Native builds (unit tests) have no `Intl`: the value as it came.
#[cfg(not(target_arch = "wasm32"))]
pub fn format_datetime(iso: &str) -> String {
    iso.to_owned()
}

/// A count grouped by the user's locale: `1234567` → "1,234,567" (en), "1.234.567" (de),
/// "12,34,567" (hi-IN). Every count the tab shows goes through here, so the pager, the quick
/// filters, the export and the integrations list agree.
#[cfg(target_arch = "wasm32")]
pub fn thousands(n: u64) -> String {
    use wasm_bindgen::JsValue;
    // Above 2^53 an f64 loses digits: group those by hand rather than show a wrong count.
    if n > (1u64 << 53) {
        return comma_grouped(n);
    }
    thread_local! {
        // One formatter for the page's life: building one costs far more than formatting.
        static FORMAT: js_sys::Function =
            js_sys::Intl::NumberFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).format();
    }
    FORMAT
        .with(|f| f.call1(&JsValue::NULL, &JsValue::from_f64(n as f64)).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| comma_grouped(n))
}

/// Native builds (unit tests) have no `Intl`: grouped by commas, as in English.
#[cfg(not(target_arch = "wasm32"))]
pub fn thousands(n: u64) -> String {
    comma_grouped(n)
}

/// `1234567` → `"1,234,567"`.
fn comma_grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An RFC 3339 time (`2026-11-28T10:00:00Z`, `…T10:00:00.123+02:00`) as milliseconds since the
/// Unix epoch; `None` for anything else (a time from the API is data: it may be anything).
/// Pure Rust rather than `Date.parse`, so the same rule holds in the unit tests and the browser.
pub fn parse_rfc3339_ms(text: &str) -> Option<f64> {
    let s = text.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let sep_ok = s.get(4) == Some(&b'-')
        && s.get(7) == Some(&b'-')
        && matches!(s.get(10), Some(b'T' | b't' | b' '))
        && s.get(13) == Some(&b':')
        && s.get(16) == Some(&b':');
    let in_range = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    if !sep_ok || !in_range {
        return None;
    }
    // Fractional seconds: any number of digits, kept to the millisecond. Integer digits only:
    // parsing a float would add the float parser and its tables to the wasm (~17 KB).
    let mut at = 19;
    let mut millis = 0;
    if s.get(at) == Some(&b'.') {
        let digits = s
            .get(at + 1..)?
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        for i in 0..3 {
            let d = if i < digits { num(at + 1 + i, 1)? } else { 0 };
            millis = millis * 10 + d;
        }
        at += 1 + digits;
    }
    let offset_min = match s.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_min * 60;
    Some((secs * 1000 + millis) as f64)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`); also
/// what `api::backoff` reads an HTTP date with.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// How long ago `then_ms` was at `now_ms` (both ms since the epoch), in words: "just now",
/// "5 min ago", "3 h ago", "2 days ago", "4 months ago", "1 year ago"; a time more than a
/// minute ahead (a skewed clock) reads "in 5 min". Shared by every relative time the tab shows.
pub fn relative_time(then_ms: f64, now_ms: f64) -> String {
    let diff = now_ms - then_ms;
    if !diff.is_finite() {
        return String::new();
    }
    let minutes = (diff.abs() / 60_000.0).floor() as u64;
    if minutes == 0 {
        return "just now".to_owned();
    }
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let span = match minutes {
        0..=59 => format!("{minutes} min"),
        60..=1_439 => format!("{} h", minutes / 60),
        1_440..=43_199 => plural(minutes / 1_440, "day", "days"),
        43_200..=525_599 => plural(minutes / 43_200, "month", "months"),
        _ => plural(minutes / 525_600, "year", "years"),
    };
    if diff < 0.0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// A time as the tab shows it: relative, with the value for `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeShown {
    /// No time (the API sent null or nothing).
    Never,
    /// A readable time.
    Readable {
        /// The value as it came, for `datetime` and the absolute time.
        iso: String,
        /// "5 min ago".
        relative: String,
    },
    /// Not a time: shown as it came, as text.
    Unreadable(String),
}

/// How to show `iso` at `now_ms` (ms since the epoch).
pub fn time_shown(iso: Option<&str>, now_ms: f64) -> TimeShown {
    match iso.map(str::trim) {
        None | Some("") => TimeShown::Never,
        Some(text) => match parse_rfc3339_ms(text) {
            Some(then) => TimeShown::Readable {
                iso: text.to_owned(),
                relative: relative_time(then, now_ms),
            },
            None => TimeShown::Unreadable(text.to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: f64 = 60_000.0;

    #[test]
    fn rfc3339_times_parse_to_epoch_milliseconds() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_rfc3339_ms("2021-11-10T12:48:00Z"),
            Some(1_636_548_480_000.0)
        );
        assert_eq!(
            parse_rfc3339_ms("2021-11-10T14:48:00.250+02:00"),
            Some(1_636_548_480_250.0)
        );
        assert_eq!(
            parse_rfc3339_ms(" 2024-02-29t00:00:00.123456-00:30 "),
            Some(1_709_166_600_123.0)
        );
    }

    #[test]
    fn anything_else_is_not_a_time() {
        for bad in [
            "",
            "never",
            "2021-11-10",
            "2021-11-10T12:48Z",
            "2021-13-10T12:48:00Z",
            "2023-02-29T00:00:00Z",
            "2021-11-10T24:00:00Z",
            "2021-11-10T12:48:00",
            "2021-11-10T12:48:00.Z",
            "2021-11-10T12:48:00+0200",
            "2021-11-10T12:48:00+24:00",
            "２０２１-11-10T12:48:00Z",
            "<svg onload=alert(1)>",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_000_000_000_000.0;
        assert_eq!(relative_time(now, now), "just now");
        assert_eq!(relative_time(now - 59_000.0, now), "just now");
        assert_eq!(relative_time(now + 30_000.0, now), "just now");
        assert_eq!(relative_time(now - 5.0 * MIN, now), "5 min ago");
        assert_eq!(relative_time(now - 61.0 * MIN, now), "1 h ago");
        assert_eq!(relative_time(now - 26.0 * 60.0 * MIN, now), "1 day ago");
        assert_eq!(relative_time(now - 3.0 * 1_440.0 * MIN, now), "3 days ago");
        assert_eq!(
            relative_time(now - 65.0 * 1_440.0 * MIN, now),
            "2 months ago"
        );
        assert_eq!(
            relative_time(now - 400.0 * 1_440.0 * MIN, now),
            "1 year ago"
        );
        assert_eq!(relative_time(now + 5.0 * MIN, now), "in 5 min");
        assert_eq!(relative_time(f64::NAN, now), "");
    }

    #[test]
    fn a_time_is_shown_relative_or_as_it_came() {
        let now = parse_rfc3339_ms("2026-11-28T10:05:00Z").unwrap();
        assert_eq!(time_shown(None, now), TimeShown::Never);
        assert_eq!(time_shown(Some("  "), now), TimeShown::Never);
        assert_eq!(
            time_shown(Some("2026-11-28T10:00:00Z"), now),
            TimeShown::Readable {
                iso: "2026-11-28T10:00:00Z".into(),
                relative: "5 min ago".into()
            }
        );
        assert_eq!(
            time_shown(Some("<img src=x>"), now),
            TimeShown::Unreadable("<img src=x>".into())
        );
    }
}
