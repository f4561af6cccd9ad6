//! contract/openapi.yaml must stay identical to the shared copy (../shared/api/openapi.yaml
//! when the repository sits next to shared/).

#[test]
fn contract_matches_the_shared_copy() {
    let root = testkit::paths::repo_root();
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
