//! contract/openapi.yaml must stay identical to the shared copy (../shared/api/openapi.yaml
//! when the repository sits next to shared/).

use std::path::Path;

#[test]
fn contract_matches_the_shared_copy() {
    // Run time, not `env!`: a warm CI cache reuses a binary built in an earlier checkout.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf());
    let root = manifest.join("..");
    let shared = root.join("../shared/api/openapi.yaml");
    if !shared.exists() {
        println!(
            "note: {} not found; skipping the comparison",
            shared.display()
        );
        return;
    }
    let ours = std::fs::read(root.join("contract/openapi.yaml")).expect("contract/openapi.yaml");
    let theirs = std::fs::read(&shared).expect("shared openapi.yaml");
    assert!(
        ours == theirs,
        "contract/openapi.yaml differs from {}",
        shared.display()
    );
}
