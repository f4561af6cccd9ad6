//! Dates in the user's locale and time zone (through the browser's `Intl`), and counts with
//! thousands separators.

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

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
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
