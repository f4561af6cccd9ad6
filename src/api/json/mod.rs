//! Decoding answers with the browser's own `JSON.parse` and typed reads of what it built,
//! instead of serde_json's parser and the contract's `Deserialize` derives: a size lever
//! (docs/ARCHITECTURE.md, "Decisions"). Every read follows serde's rules for the same type, so
//! both decoders give the same result on every answer; `tests/decode_parity.rs` holds them to
//! it over the fuzz corpus.
//!
//! What `JSON.parse` alone would lose, and how it is kept:
//! * integer or float: serde rejects `1.0` where it wants a count. A reviver reads each
//!   number's source text (`context.source`) and boxes float literals (`new Number(…)`), so a
//!   primitive number is always an integer literal;
//! * integers above 2^53: the reviver keeps them exact as a `BigInt`;
//! * `-0` is the float -0.0 for serde_json: boxed too;
//! * `1e400` (serde: out of range) and strings with a lone surrogate (serde: invalid escape)
//!   are replaced by a poison value: reading one is [`Invalid`], skipping it (an unknown
//!   field) is fine, as with serde. A key with a lone surrogate makes the object that holds it
//!   unreadable the same way.
//!
//! Two differences remain, both outside what a server sends: a struct field given twice (serde
//! rejects the answer, `JSON.parse` keeps the last), and engines without `context.source`
//! (JSON.parse source text access, 2023 on), where numbers are read as they came (`1.0` is
//! then a count of 1).

mod fields;
mod parse;
mod wire;

use js_sys::{Object, Reflect};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;

use fields::Fields;
use fields::Level;
pub use parse::parse;
use parse::{keys_readable, kind, Kind};

/// The text is not JSON, or not the type asked for (serde would have said so too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

/// A type read from what `JSON.parse` built, by the rules serde's `Deserialize` follows.
pub trait FromJson: Sized {
    /// Reads `v`; anything serde would reject is [`Invalid`].
    fn from_json(v: &JsValue) -> Result<Self, Invalid>;
}

/// A type both decoders can read: every answer type of the tab.
pub trait Wire: DeserializeOwned + FromJson {}

impl<T: DeserializeOwned + FromJson> Wire for T {}

/// Decodes `text` with the decoder this build ships: `JSON.parse` in the browser (23 KB less
/// brotli wasm than serde_json: bench/size-analysis.md), serde_json natively (the fuzz and
/// unit tests, which the parity test ties to the browser's decoder).
#[cfg(target_arch = "wasm32")]
pub fn decode<T: Wire>(text: &str) -> Result<T, Invalid> {
    decode_with_json_parse(text)
}

/// Decodes `text` with the decoder this build ships: serde_json natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode<T: Wire>(text: &str) -> Result<T, Invalid> {
    decode_with_serde(text)
}

/// Decodes `text` with serde_json and the contract's `Deserialize` derives.
pub fn decode_with_serde<T: DeserializeOwned>(text: &str) -> Result<T, Invalid> {
    serde_json::from_str(text).map_err(|_| Invalid)
}

/// Decodes `text` with `JSON.parse` and [`FromJson`] (a browser only).
pub fn decode_with_json_parse<T: FromJson>(text: &str) -> Result<T, Invalid> {
    T::from_json(&parse(text)?)
}

impl FromJson for String {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        v.as_string().ok_or(Invalid)
    }
}

impl FromJson for bool {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        v.as_bool().ok_or(Invalid)
    }
}

impl FromJson for u64 {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        match kind(v) {
            // Safe integers only (the reviver boxes the rest), so the cast is exact.
            Kind::Number(n) if n >= 0.0 && n.fract() == 0.0 => Ok(n as u64),
            Kind::Big(b) => u64::try_from(JsValue::from(b)).map_err(|_| Invalid),
            _ => Err(Invalid),
        }
    }
}

impl FromJson for i64 {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        match kind(v) {
            Kind::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                Ok(n as i64)
            }
            Kind::Big(b) => i64::try_from(JsValue::from(b)).map_err(|_| Invalid),
            _ => Err(Invalid),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        if v.is_null() {
            Ok(None)
        } else {
            T::from_json(v).map(Some)
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        match kind(v) {
            Kind::Array(a) => {
                let _level = Level::enter()?;
                a.iter().map(|item| T::from_json(&item)).collect()
            }
            _ => Err(Invalid),
        }
    }
}

impl FromJson for Value {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        Ok(match kind(v) {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(b),
            Kind::Number(n) if n.fract() != 0.0 => float(n)?,
            // serde_json: a non-negative integer is a u64, a negative one an i64.
            Kind::Number(n) if n >= 0.0 => Value::from(n as u64),
            Kind::Number(n) => Value::from(n as i64),
            Kind::Big(b) => {
                let b = JsValue::from(b);
                match u64::try_from(b.clone()) {
                    Ok(n) => Value::from(n),
                    Err(_) => Value::from(i64::try_from(b).map_err(|_| Invalid)?),
                }
            }
            Kind::Float(n) => float(n)?,
            Kind::Str(s) => Value::String(s),
            Kind::Array(a) => Value::Array({
                let _level = Level::enter()?;
                a.iter()
                    .map(|item| Value::from_json(&item))
                    .collect::<Result<_, _>>()?
            }),
            Kind::Object(o) => Value::Object(object_entries(&o)?),
            Kind::Poison => return Err(Invalid),
        })
    }
}

fn float(n: f64) -> Result<Value, Invalid> {
    serde_json::Number::from_f64(n)
        .map(Value::Number)
        .ok_or(Invalid)
}

/// Every own property of a plain object, as serde_json's map.
fn object_entries(o: &Object) -> Result<Map<String, Value>, Invalid> {
    keys_readable(o)?;
    let _level = Level::enter()?;
    Object::keys(o)
        .iter()
        .map(|k| {
            let value = Reflect::get(o, &k).map_err(|_| Invalid)?;
            Ok((k.as_string().ok_or(Invalid)?, Value::from_json(&value)?))
        })
        .collect()
}

impl FromJson for Map<String, Value> {
    fn from_json(v: &JsValue) -> Result<Self, Invalid> {
        match kind(v) {
            Kind::Object(o) => object_entries(&o),
            _ => Err(Invalid),
        }
    }
}
