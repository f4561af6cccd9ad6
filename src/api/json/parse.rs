//! `JSON.parse` with a reviver that keeps what serde_json would see (the module comment of
//! `super` lists each case), and the kind of each value it built.

use js_sys::{Array, BigInt, JsString, Number, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::Invalid;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_with_context(
        text: &str,
        reviver: &mut dyn FnMut(JsValue, JsValue, JsValue) -> JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// `JSON.parse` with the reviver that keeps what serde sees (see the module comment).
pub fn parse(text: &str) -> Result<JsValue, Invalid> {
    BAD_KEYS.set(false);
    if !needs_reviver(text) {
        // The common answer: the reviver would return every value as it is, and calling it
        // for each value costs more than the whole parse (bench/size-analysis.md §2e).
        return js_sys::JSON::parse(text).map_err(|_| Invalid);
    }
    let mut bad_key = false;
    let mut reviver = |key: JsValue, value: JsValue, context: JsValue| {
        bad_key |= !well_formed(&key);
        if let Some(n) = value.as_f64() {
            if !n.is_finite() {
                return poison();
            }
            let source = Reflect::get(&context, &JsValue::from_str("source"))
                .ok()
                .and_then(|s| s.as_string());
            return match source {
                // serde_json reads `-0` as the float -0.0.
                Some(src)
                    if src != "-0" && src.bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
                {
                    if Number::is_safe_integer(&value) {
                        value
                    } else if fits_64_bits(&src) {
                        BigInt::new(&JsValue::from_str(&src)).map_or(value, Into::into)
                    } else {
                        // Past 64 bits an integer is a float for serde_json too.
                        boxed(&value)
                    }
                }
                Some(_) => boxed(&value),
                None => value,
            };
        }
        if well_formed(&value) {
            value
        } else {
            poison()
        }
    };
    let parsed = parse_with_context(text, &mut reviver).map_err(|_| Invalid)?;
    BAD_KEYS.set(bad_key);
    Ok(parsed)
}

/// Whether `text` holds anything the reviver changes: outside strings, a number that is not
/// a short integer (a fraction, an exponent, `-0`, 16 digits or more); inside strings, a `\u`
/// escape of a surrogate (a lone one is what the reviver catches; raw text is valid UTF-8).
fn needs_reviver(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut in_string = false;
    let mut digits = 0usize;
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        if in_string {
            match c {
                b'\\' => {
                    let escape = bytes.get(i + 1..i + 4).unwrap_or_default();
                    if let [b'u', b'd' | b'D', x] = escape {
                        if matches!(x, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F') {
                            return true;
                        }
                    }
                    i += 2;
                    continue;
                }
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                b'0'..=b'9' => {
                    digits += 1;
                    if digits >= 16 {
                        return true;
                    }
                }
                b'.' | b'e' | b'E' if digits > 0 => return true,
                b'-' if bytes.get(i + 1) == Some(&b'0') => return true,
                b'"' => {
                    in_string = true;
                    digits = 0;
                }
                _ => digits = 0,
            }
        }
        i += 1;
    }
    false
}

thread_local! {
    /// Whether the last parse met a key with a lone surrogate: objects are then checked as
    /// they are read (serde rejects such a key where it reads it, and skips it inside a value
    /// it ignores).
    static BAD_KEYS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What the reviver puts in place of a value serde could not read (`1e400`, a string with a
/// lone surrogate): ignoring it is fine, reading it is [`Invalid`], as with serde.
fn poison() -> JsValue {
    JsValue::symbol(None)
}

/// The keys of an object being read, when the last parse met a bad one.
pub(super) fn keys_readable(o: &Object) -> Result<(), Invalid> {
    if BAD_KEYS.get() && !Object::keys(o).iter().all(|k| well_formed(&k)) {
        return Err(Invalid);
    }
    Ok(())
}

/// `new Number(n)`: a float literal, told apart from a primitive (integer) number.
#[allow(deprecated)] // `Number::from` makes a primitive, which is the point to avoid here.
fn boxed(n: &JsValue) -> JsValue {
    Number::new(n).into()
}

/// A string with no lone surrogate (anything that is not a string passes).
fn well_formed(v: &JsValue) -> bool {
    thread_local! {
        // `isWellFormed` is one call; engines before 2023 lack it and get the slow check.
        static NATIVE: bool = Reflect::has(
            &Object::get_prototype_of(&JsValue::from_str("")),
            &JsValue::from_str("isWellFormed"),
        )
        .unwrap_or(false);
    }
    v.dyn_ref::<JsString>().is_none_or(|s| {
        if NATIVE.with(|n| *n) {
            s.is_well_formed()
        } else {
            s.is_valid_utf16()
        }
    })
}

/// Whether an integer literal fits `u64` or `i64`, as serde_json reads it.
fn fits_64_bits(src: &str) -> bool {
    src.parse::<u64>().is_ok() || src.parse::<i64>().is_ok()
}

/// What a parsed value is, as serde_json would see it.
pub(super) enum Kind {
    Null,
    Bool(bool),
    /// An integer literal that fits 2^53 (or any number, without source access).
    Number(f64),
    /// An integer literal past 2^53 that fits 64 bits.
    Big(BigInt),
    /// A float literal (boxed by the reviver).
    Float(f64),
    Str(String),
    Array(Array),
    Object(Object),
    /// A value serde could not read (see [`poison`]).
    Poison,
}

pub(super) fn kind(v: &JsValue) -> Kind {
    if v.is_null() || v.is_undefined() {
        Kind::Null
    } else if v.is_symbol() {
        Kind::Poison
    } else if let Some(b) = v.as_bool() {
        Kind::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Kind::Number(n)
    } else if let Some(s) = v.as_string() {
        Kind::Str(s)
    } else if let Some(b) = v.dyn_ref::<BigInt>() {
        Kind::Big(b.clone())
    } else if Array::is_array(v) {
        Kind::Array(v.clone().unchecked_into())
    } else if v.is_instance_of::<Number>() {
        Kind::Float(v.unchecked_ref::<Number>().value_of())
    } else {
        Kind::Object(v.clone().unchecked_into())
    }
}
