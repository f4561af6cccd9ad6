//! Minimal percent-encoding (the `encodeURIComponent` set), so building URLs needs no extra crate.

/// Encodes everything except `A-Z a-z 0-9 - _ . ! ~ * ' ( )`, like `encodeURIComponent`.
pub fn encode_component(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(char::from(b)),
            _ => {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Joins `(key, value)` pairs into `k=v&k=v`, encoding both sides.
pub fn join_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode_component("page[number]"), "page%5Bnumber%5D");
        assert_eq!(encode_component("-user_x.y~"), "-user_x.y~");
        assert_eq!(
            join_pairs([("q", "x y".to_string()), ("a", "1".into())]),
            "q=x%20y&a=1"
        );
    }
}
