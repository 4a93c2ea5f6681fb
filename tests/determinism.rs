//! Generating twice gives equal bytes, whatever the order of the specs in the manifest.

use docgen_tests::support::{self, Diagnostics};
use xtask::codegen::generate_entries;

#[test]
fn generating_twice_gives_equal_bytes() {
    let first = docgen_tests::generation().files;
    let second = docgen_tests::generation().files;
    assert_eq!(first, second);
}

#[test]
fn spec_order_does_not_change_the_output() {
    let root = docgen_tests::root();
    let mut entries = support::manifest_entries();
    assert!(entries.len() >= 2, "the manifest lists several specs");
    let forward = generate_entries(&root, &entries, Diagnostics::new()).expect("generate").files;
    entries.reverse();
    for entry in &mut entries {
        entry.endpoints.reverse();
    }
    let backward = generate_entries(&root, &entries, Diagnostics::new()).expect("generate").files;
    assert_eq!(forward, backward);
}

#[test]
fn no_absolute_paths_or_timestamps_in_output() {
    let root = docgen_tests::root();
    let root = root.to_string_lossy();
    for file in docgen_tests::generation().files {
        assert!(!file.contents.contains(root.as_ref()), "{} mentions the absolute path {root}", file.path);
    }
}
