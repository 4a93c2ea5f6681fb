//! Generated code must compile, not only match its snapshot: every front-end fixture and every construct
//! fixture goes through the whole pipeline into one scratch crate (beside the generated crate's own
//! dependencies and lock file), which must pass `cargo clippy -D warnings`; then the round trips the
//! construct fixtures list run against the generated types, as that crate's tests.

use docgen_tests::support::{self, module_source, ScratchCrate};

#[test]
fn every_fixture_generates_code_that_compiles_cleanly_and_round_trips() {
    let root = docgen_tests::root();
    let scratch = ScratchCrate::new("fixture-crate");
    let mut modules = 0;
    for folder in ["example_pages", "mdx_components", "reference_tables"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/fixtures").join(folder))
            .expect("fixtures")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem").to_owned();
            let module = format!("{folder}_{stem}");
            let document = support::document(&path);
            // A fixture no front-end reads (its snapshot holds the error) has no module.
            if support::derived(std::slice::from_ref(&document)).0.is_none() {
                continue;
            }
            let (spec, diags) = support::spec(&[document], &module, &module);
            let spec = spec.unwrap_or_else(|| panic!("{} generates: {diags}", path.display()));
            scratch.add_module(&module, &module_source(&spec).expect("renders"));
            modules += 1;
        }
    }
    let mut constructs = Vec::new();
    for path in crate::constructs::fixture_paths() {
        let (spec, _) = crate::constructs::generate(&path);
        scratch.add_module(&spec.module, &module_source(&spec).expect("renders"));
        modules += 1;
        constructs.push(spec);
    }
    scratch.write("tests/roundtrip.rs", &crate::constructs::roundtrip_tests(&constructs));
    assert!(modules >= 34, "modules: {modules}");

    let output = scratch
        .cargo("clippy")
        .args(["--quiet", "--all-features", "--", "-D", "warnings"])
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generated fixture code does not compile cleanly:\n{stderr}");

    // The round trips need only the types: build without the server feature (less to compile).
    let output = scratch
        .cargo("test")
        .args(["--quiet", "--no-default-features", "--test", "roundtrip"])
        .output()
        .expect("run cargo test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "round trips of the construct fixtures fail:\n{stdout}\n{stderr}");
}
