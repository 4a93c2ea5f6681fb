//! One reviewed snapshot per listed endpoint: its request type, response enum, trait method and every
//! type they reach, exactly as generated (the same code is compiled as part of `generated/`).

use docgen_tests::support::endpoint_excerpt;

#[test]
fn endpoint_snapshots() {
    let generation = docgen_tests::generation();
    let mut seen = 0;
    for spec in &generation.specs {
        for (index, op) in spec.api.operations.iter().enumerate() {
            let text = endpoint_excerpt(&spec.api, index).expect("excerpt renders");
            let name = format!("{}__{}", spec.module, op.fn_name.trim_start_matches("r#"));
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name, text);
            });
            seen += 1;
        }
    }
    let listed: usize = generation.specs.iter().map(|s| s.api.operations.len()).sum();
    assert_eq!(seen, listed);
    assert!(seen >= 2);
}

/// `cargo xtask codegen --list`: one tab-separated line per listed endpoint, type paths from the crate
/// root. The HTTP tests import these same paths, so the snapshot cannot drift from what compiles.
#[test]
fn endpoint_list() {
    let lines = xtask::codegen::list(&docgen_tests::generation());
    assert_eq!(lines.len(), 5, "one line per listed endpoint");
    for line in &lines {
        assert_eq!(line.split('\t').count(), 6, "six tab-separated columns: {line}");
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("endpoint_list", lines.join("\n"));
    });
}
