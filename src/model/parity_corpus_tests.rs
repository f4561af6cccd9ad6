//! The inputs of the decoder parity test (`tests/decode_parity.rs`, in a browser): the answers
//! the fuzz test feeds the decoders (the same generator, `arb_case`), the valid answers as they
//! are, arbitrary `config.json` texts, and hand-written edge cases where `JSON.parse` alone and
//! serde_json would differ. Written as a JSON array of strings to the file
//! `DECODE_PARITY_CORPUS` names; `make test` writes it before the browser test compiles it in.

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use super::fuzz_tests::{arb_case, arb_json, valid_answers};

/// A valid page of accounts with its first account's attribute `field` set to `value` (raw
/// JSON text, so numbers and escapes stay exactly as written).
fn in_account(field: &str, value: &str) -> String {
    const MARK: &str = "__edge_case__";
    let mut page = valid_answers().swap_remove(0);
    page["data"][0]["attributes"][field] = Value::from(MARK);
    page.to_string().replace(&format!("\"{MARK}\""), value)
}

/// Texts on which a naive `JSON.parse` decoder and serde_json part ways: numbers (integer or
/// float, past 2^53, past 64 bits, out of range), lone surrogates, structs written as arrays,
/// odd nesting and keys. `src/api/json` explains how each is kept.
fn edge_cases() -> Vec<String> {
    let mut cases: Vec<String> = [
        ("canRetry", "1"),
        ("activeInApp", "0"),
        ("usernameInApp", r#""\ud800""#),
        ("usernameInApp", r#""\udc00 tail""#),
        ("usernameInApp", r#""\ud83d\ude00""#),
        ("user", "[]"),
        ("user", r#"["u1", "Ann", null, "Ann B", "ann@x"]"#),
        (
            "user",
            r#"["u1", "Ann", null, "Ann B", "ann@x", null, "extra"]"#,
        ),
        ("appAccess", r#"[["R1", "R1", "Role 1", null, null, 3]]"#),
        (
            "appAccess",
            r#"[{"id": "R", "ranking": -9223372036854775808}]"#,
        ),
        (
            "appAccess",
            r#"[{"id": "R", "ranking": 9223372036854775808}]"#,
        ),
        ("appAccess", r#"[{"id": "R", "ranking": 9007199254740993}]"#),
        ("appAccess", r#"[{"id": "R", "ranking": 2.0}]"#),
        ("appAccess", r#"[{"id": "R", "ranking": -0}]"#),
        (
            "dynamicFields",
            r#"{"a": 1.0, "b": 1, "c": -1, "d": 1e2, "e": 1.5E-3}"#,
        ),
        (
            "dynamicFields",
            r#"{"big": 18446744073709551615, "bigger": 18446744073709551616}"#,
        ),
        (
            "dynamicFields",
            r#"{"neg": -9223372036854775809, "zero": -0, "negzero": -0.0}"#,
        ),
        ("dynamicFields", r#"{"huge": 1e400}"#),
        // serde_json without `float_roundtrip` read this one unit in the last place off.
        ("dynamicFields", r#"{"f": -3.930727338221518e-110}"#),
        (
            "dynamicFields",
            r#"{"__proto__": {"x": 1}, "constructor": 2, "toString": 3}"#,
        ),
        (
            "dynamicFields",
            r#"{"1": "a", "0": "b", "b": "c", "a": "d"}"#,
        ),
        ("dynamicFields", "[]"),
        ("lastError", r#"["NotEnoughSeats"]"#),
    ]
    .iter()
    .map(|(field, value)| in_account(field, value))
    .collect();
    let meta = |page: &str| {
        format!(r#"{{"data": [], "links": {{"self": "/x"}}, "meta": {{"page": {page}}}}}"#)
    };
    for page in [
        r#"{"number": 1, "size": 25, "total": 0, "totalPages": 0}"#,
        r#"{"number": 1.0, "size": 25, "total": 0, "totalPages": 0}"#,
        r#"{"number": 1e0, "size": 25, "total": 0, "totalPages": 0}"#,
        r#"{"number": 1, "size": 25, "total": 18446744073709551615, "totalPages": 0}"#,
        r#"{"number": 1, "size": 25, "total": 18446744073709551616, "totalPages": 0}"#,
        r#"{"number": 1, "size": 25, "total": 9007199254740993, "totalPages": 0}"#,
        r#"{"number": 1, "size": 25, "total": -1, "totalPages": 0}"#,
        r#"{"number": 1, "size": 25, "total": -0, "totalPages": 0}"#,
        "[1, 25, 100, 0, 0]",
        "[1, 25]",
        "[1, 25, 100, 0, 0, 9]",
        "[]",
        "null",
    ] {
        cases.push(meta(page));
    }
    cases.extend(
        [
            r#"{"data": [], "links": [], "meta": {"page": [1, 25, 100, 0, 0]}}"#,
            r#"[[], {"self": "/x"}, [[1, 25, 100, 0, 0]]]"#,
            r#"{"data": {"id": "i", "type": "integration", "attributes": {"label": "L",
                "userStats": {"byProvisioningState": {"onboarded": 2, "a": 2.0, "b": 1e1,
                "c": 9007199254740993, "d": -1, "e": null}}}}}"#,
            r#"{"errors": [{"code": "x", "status": 429.0}, {"status": "  503 "}, {"status": 1e2}]}"#,
            r#"{"errors": [{"code": "x", "meta": {"requestId": "r", "retryAfterSeconds": 3.0}}]}"#,
            r#"{"meta": {"queued": 3, "skipped": 1.5}}"#,
            r#"{"meta": {"queued": 3, "skipped": 1}}"#,
            r#"{"\ud800key": 1, "meta": {"queued": 3, "skipped": 1}}"#,
            r#"{"data": [], "meta": {"failed": 9007199254740993}}"#,
            "\u{feff}{}",
            " \n\t{}\r\n ",
            "{} x",
            "",
            "nul",
            "[1,]",
            "{\"a\":1,}",
            "1.5",
            "18446744073709551616",
            r#""text""#,
            r#"{"apiBaseUrl": "https://api.example", "timeoutMs": 1.0, "pollIntervalMs": "5000"}"#,
            r#"{"apiBaseUrl": null, "auth": "cookie-cross-origin", "timeoutMs": 18446744073709551615}"#,
            r#"{"apiBaseUrl": 1}"#,
            r#"[{"apiBaseUrl": "x"}]"#,
            // Known to differ (bench/size-analysis.md): serde rejects a struct field given
            // twice, JSON.parse keeps the last; serde_json stops at 128 levels of nesting.
            r#"{"meta": {"queued": 1, "queued": 2}}"#,
        ]
        .map(str::to_owned),
    );
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    cases.push(in_account(
        "dynamicFields",
        &format!("{{\"x\": {}}}", deep(126)),
    ));
    cases.push(in_account(
        "dynamicFields",
        &format!("{{\"x\": {}}}", deep(140)),
    ));
    cases.push(in_account("someFutureField", &deep(140)));
    cases
}

#[test]
#[ignore = "writes the corpus of tests/decode_parity.rs; `make test` runs it"]
fn write_decode_parity_corpus() {
    let path = std::env::var("DECODE_PARITY_CORPUS")
        .expect("DECODE_PARITY_CORPUS names the file to write");
    let cases: usize = std::env::var("DECODE_PARITY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000);
    let mut runner = TestRunner::new(Config::default());
    let answers = arb_case();
    let configs = arb_json();
    let mut texts: Vec<String> = valid_answers().iter().map(Value::to_string).collect();
    for _ in 0..cases {
        let (_, body, _, _) = answers.new_tree(&mut runner).expect("a case").current();
        texts.push(body);
    }
    for _ in 0..cases / 10 {
        texts.push(
            configs
                .new_tree(&mut runner)
                .expect("a tree")
                .current()
                .to_string(),
        );
    }
    texts.extend(edge_cases());
    let corpus = serde_json::to_string(&texts).expect("strings serialise");
    std::fs::write(&path, corpus).expect("the corpus file is writable");
    eprintln!("{} texts written to {path}", texts.len());
}
