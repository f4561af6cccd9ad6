//! Reading a struct's fields the way serde's derives do, and the nesting limit serde_json
//! keeps.

use std::cell::Cell;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::parse::{keys_readable, kind, Kind};
use super::{FromJson, Invalid};

#[wasm_bindgen]
extern "C" {
    /// `o[name]`. The names are the contract's, interned (`enable-interning`): passing one
    /// hands over a JS string made once instead of decoding it again for every object.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn get_field(o: &Object, name: &str) -> JsValue;
}

thread_local! {
    /// Containers being read, one inside the other.
    static DEPTH: Cell<u8> = const { Cell::new(0) };
}

/// One level of nesting being read (a struct, a list, a map). serde_json stops at the 128th
/// level it reads (levels it skips do not count), so this does too.
pub(super) struct Level(());

impl Level {
    /// Enters a level; the 128th is [`Invalid`].
    pub(super) fn enter() -> Result<Level, Invalid> {
        DEPTH.with(|d| {
            if d.get() >= 127 {
                return Err(Invalid);
            }
            d.set(d.get() + 1);
            Ok(Level(()))
        })
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// The fields of a struct being read. serde's derives read a struct from a JSON object by
/// name *or* from a JSON array by position (the declaration order), so both are kept.
pub(super) struct Fields {
    shape: Shape,
    _level: Level,
}

enum Shape {
    /// `{ … }`: each field by its name.
    Named(Object),
    /// `[ … ]`: the fields in declaration order; `next` is the next one's index.
    Positional { items: Array, next: u32 },
}

impl Fields {
    /// Reads a struct from `v`, an object or an array: `build` takes its fields, then an
    /// array must have no items left over, as in serde_json.
    pub(super) fn read<T>(
        v: &JsValue,
        build: impl FnOnce(&mut Fields) -> Result<T, Invalid>,
    ) -> Result<T, Invalid> {
        let mut fields = Fields::of(v)?;
        let value = build(&mut fields)?;
        fields.end()?;
        Ok(value)
    }

    /// The fields of `v`, which must be an object or an array.
    fn of(v: &JsValue) -> Result<Fields, Invalid> {
        let shape = match kind(v) {
            Kind::Object(o) => {
                keys_readable(&o)?;
                Shape::Named(o)
            }
            Kind::Array(items) => Shape::Positional { items, next: 0 },
            _ => return Err(Invalid),
        };
        Ok(Fields {
            shape,
            _level: Level::enter()?,
        })
    }

    /// The next field's raw value; `None` when it is missing.
    fn take(&mut self, name: &str) -> Option<JsValue> {
        match &mut self.shape {
            Shape::Named(o) => {
                let v = get_field(o, wasm_bindgen::intern(name));
                (!v.is_undefined()).then_some(v)
            }
            Shape::Positional { items, next } => {
                let i = *next;
                *next += 1;
                (i < items.length()).then(|| items.get(i))
            }
        }
    }

    /// A field with `#[serde(default)]`.
    pub(super) fn or_default<T: FromJson + Default>(&mut self, name: &str) -> Result<T, Invalid> {
        self.or_else(name, T::default)
    }

    /// A field with a default of its own.
    pub(super) fn or_else<T: FromJson>(
        &mut self,
        name: &str,
        default: impl FnOnce() -> T,
    ) -> Result<T, Invalid> {
        self.take(name)
            .map_or_else(|| Ok(default()), |v| T::from_json(&v))
    }

    /// A field with no default: missing is an error.
    pub(super) fn required<T: FromJson>(&mut self, name: &str) -> Result<T, Invalid> {
        T::from_json(&self.take(name).ok_or(Invalid)?)
    }

    /// Ends the struct: an array with more items than fields is an error, as in serde_json.
    fn end(self) -> Result<(), Invalid> {
        match self.shape {
            Shape::Positional { items, next } if next < items.length() => Err(Invalid),
            _ => Ok(()),
        }
    }
}
