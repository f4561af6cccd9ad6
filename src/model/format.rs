//! Dates in the user's locale and time zone, and counts grouped the way the user's locale
//! groups digits (both through the browser's `Intl`; native builds, which have no `Intl`, fall
//! back to the value as it came and to comma grouping).

/// Formats an RFC 3339 time as e.g. "November 10, 2021 at 12:48 PM" in the browser's locale
/// and time zone; an unparseable value is shown as it came.
#[cfg(target_arch = "wasm32")]
pub fn format_datetime(iso: &str) -> String {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    let options = js_sys::Object::new();
    // Setting plain properties cannot fail on a fresh object; a failure only loses a style.
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format();
    format
        .call1(&JsValue::NULL, &date)
        .ok()
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
