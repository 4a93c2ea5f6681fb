//! One reviewed snapshot per listed endpoint: its request type, response enum, trait method and every
//! type they reach, exactly as generated (the same code is compiled as part of `generated/`).

use docgen::project::endpoint_excerpt;

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
