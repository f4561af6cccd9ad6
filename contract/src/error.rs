//! The `errors` body every non-2xx answer carries, decoded leniently.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `{ "errors": [ … ] }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// At least one error in a well-formed body; an empty list is tolerated.
    #[serde(default)]
    pub errors: Vec<ErrorObject>,
}

/// One error of an error body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// `validation_error | unauthorized | forbidden | …` in any case; compare with
    /// [`ErrorObject::code_is`].
    #[serde(default)]
    pub code: String,
    /// Short summary.
    #[serde(default)]
    pub title: String,
    /// Longer explanation.
    #[serde(default)]
    pub detail: Option<String>,
    /// The HTTP status, sent as a string; a number is accepted too.
    #[serde(
        default,
        deserialize_with = "status_from_string_or_number",
        serialize_with = "status_as_string"
    )]
    pub status: Option<u16>,
    /// `requestId`, `retryAfterSeconds`, `requiredRoles`, `loc`/`msg`/`type`…
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
}

impl ErrorObject {
    /// Case-insensitive comparison of `code` (the contract allows any case).
    pub fn code_is(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
    }

    /// `meta.requestId`, when present and a string.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.get("requestId").and_then(|v| v.as_str())
    }

    /// `meta.loc` of a validation error as its last string element (the parameter name).
    pub fn parameter(&self) -> Option<&str> {
        self.meta
            .get("loc")
            .and_then(|v| v.as_array())
            .and_then(|a| a.last())
            .and_then(|v| v.as_str())
    }
}

fn status_from_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    // Anything unparseable becomes None rather than failing the whole body.
    Ok(status_from_value(serde_json::Value::deserialize(d)?))
}

/// The rule behind `errors[].status`: a number or a numeric string, else `None`. Public so a
/// decoder other than serde applies the same rule.
pub fn status_from_value(v: serde_json::Value) -> Option<u16> {
    match v {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn status_as_string<S: Serializer>(v: &Option<u16>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(n) => s.serialize_str(&n.to_string()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_as_number_or_string_and_code_in_any_case() {
        let b: ErrorBody = serde_json::from_str(
            r#"{"errors":[{"code":"Forbidden","title":"F","status":403},
                          {"code":"x","title":"y","status":"429","meta":{"requestId":"r-1"}},
                          {"code":"x","title":"y","status":{"odd":true}}]}"#,
        )
        .unwrap();
        assert!(b.errors[0].code_is("forbidden"));
        assert_eq!(b.errors[0].status, Some(403));
        assert_eq!(b.errors[1].status, Some(429));
        assert_eq!(b.errors[1].request_id(), Some("r-1"));
        assert_eq!(b.errors[2].status, None);
        let v = serde_json::to_value(&b.errors[1]).unwrap();
        assert_eq!(v["status"], "429");
    }
}
