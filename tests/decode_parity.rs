//! serde_json and `JSON.parse` (`src/api/json`) give the same result on every text of the
//! parity corpus: the fuzz generator's answers, `config.json` texts and hand-written edge
//! cases (`src/model/parity_corpus_tests.rs` writes it; `make test` runs both).
//!
//! `DECODE_PARITY_CORPUS=<file> cargo test --target wasm32-unknown-unknown --test decode_parity`

#![cfg(target_arch = "wasm32")]

use contract::{
    BulkRetryResponse, ErrorBody, FailureGroupList, IntegrationList, IntegrationResponse,
    IntegrationUserDetail, MeResponse, Page, ProvisioningEventList, Single,
};
use idlcm_users::api::json::{decode_with_json_parse, decode_with_serde, Wire};
use idlcm_users::api::{ConfigFile, RuntimeConfig};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CORPUS: &str = include_str!(env!("DECODE_PARITY_CORPUS"));

/// Texts known to decode differently, and why (bench/size-analysis.md).
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    r#"{"meta": {"queued": 1, "queued": 2}}"#,
    "a struct field given twice: serde rejects it, JSON.parse keeps the last",
)];

/// One type's results by both decoders, as text; a difference is a failure message.
fn compare<T: Wire + std::fmt::Debug>(name: &str, text: &str, ok: &mut usize) -> Option<String> {
    let serde = format!("{:?}", decode_with_serde::<T>(text));
    let js = format!("{:?}", decode_with_json_parse::<T>(text));
    if serde.starts_with("Ok") {
        *ok += 1;
    }
    (serde != js).then(|| {
        // Where the two first part, with some context.
        let at = serde
            .chars()
            .zip(js.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let around =
            |s: &str| -> String { s.chars().skip(at.saturating_sub(80)).take(200).collect() };
        let input: String = text.chars().take(200).collect();
        format!(
            "{name} on {input}…:\n  serde:      …{}\n  JSON.parse: …{}",
            around(&serde),
            around(&js)
        )
    })
}

/// What `RuntimeConfig::parse` makes of a decoded `config.json`.
fn config_with<E>(decoded: Result<ConfigFile, E>) -> RuntimeConfig {
    decoded.map_or_else(|_| RuntimeConfig::default(), |c| c.0)
}

#[wasm_bindgen_test]
fn serde_and_json_parse_agree_on_every_text_of_the_corpus() {
    let texts: Vec<String> = serde_json::from_str(CORPUS).expect("the corpus is a JSON array");
    let mut differences = Vec::new();
    let mut decoded = 0;
    for text in &texts {
        let found = [
            compare::<Page<IntegrationUserDetail>>("users page", text, &mut decoded),
            compare::<Single<IntegrationUserDetail>>("account", text, &mut decoded),
            compare::<MeResponse>("me", text, &mut decoded),
            compare::<IntegrationResponse>("integration", text, &mut decoded),
            compare::<IntegrationList>("integrations", text, &mut decoded),
            compare::<ProvisioningEventList>("events", text, &mut decoded),
            compare::<FailureGroupList>("failures", text, &mut decoded),
            compare::<BulkRetryResponse>("bulk retry", text, &mut decoded),
            compare::<ErrorBody>("error body", text, &mut decoded),
        ];
        let config = (
            config_with(decode_with_serde::<ConfigFile>(text)),
            config_with(decode_with_json_parse::<ConfigFile>(text)),
        );
        let config = (config.0 != config.1).then(|| format!("config on {text}: {config:?}"));
        let found: Vec<String> = found.into_iter().flatten().chain(config).collect();
        match KNOWN_DIFFERENCES.iter().find(|(known, _)| known == text) {
            Some((_, why)) => assert!(!found.is_empty(), "no longer differs ({why}): {text}"),
            None => differences.extend(found),
        }
    }
    console_log!(
        "{} texts, {decoded} successful decodes, {} differences",
        texts.len(),
        differences.len()
    );
    assert!(
        texts.len() > 1_000 && decoded > 1_000,
        "the corpus reaches the decoders"
    );
    assert!(
        differences.is_empty(),
        "{} differences; the first:\n{}",
        differences.len(),
        differences[..differences.len().min(8)].join("\n")
    );
}
