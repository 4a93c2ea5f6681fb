//! Generated code must compile, not only match its snapshot: every front-end fixture and every construct
//! fixture goes through the whole pipeline into one scratch crate (beside the generated crate's own
//! dependencies and lock file), which must pass `cargo clippy -D warnings`; then the round trips the
//! construct fixtures list run against the generated types, as that crate's tests.

use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::project::{all_endpoints, generate_spec, module_source, runtime_source};

#[test]
fn every_fixture_generates_code_that_compiles_cleanly_and_round_trips() {
    let root = docgen_tests::root();
    let scratch = root.join("target/fixture-crate");
    let _ = std::fs::remove_dir_all(scratch.join("src"));
    let _ = std::fs::remove_dir_all(scratch.join("tests"));
    std::fs::create_dir_all(scratch.join("src")).expect("scratch crate");
    std::fs::create_dir_all(scratch.join("tests")).expect("scratch crate tests");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("generated manifest");
    let manifest = manifest.replace("name = \"vendor-apis\"", "name = \"fixture-crate\"") + "\n[workspace]\n";
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy lock file");
    std::fs::write(scratch.join("src/runtime.rs"), runtime_source()).expect("write runtime");

    let mut lib = String::from("pub mod runtime;\n");
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
            let document = SourceFile::new(path.display().to_string(), std::fs::read_to_string(&path).expect("read"));
            let mut diags = Diagnostics::new();
            let Some(derived) = docgen::derive::derive_openapi(&document, &mut diags) else { continue };
            let endpoints = all_endpoints(&derived.openapi, &document);
            let spec = generate_spec(&module, &module, &endpoints, &document, &mut diags).expect("generates");
            let source = module_source(&spec).expect("renders");
            std::fs::write(scratch.join(format!("src/{module}.rs")), source).expect("write module");
            lib.push_str(&format!("pub mod {module};\n"));
            modules += 1;
        }
    }
    let mut constructs = Vec::new();
    for path in crate::constructs::fixture_paths() {
        let (spec, _) = crate::constructs::generate(&path);
        let source = module_source(&spec).expect("renders");
        std::fs::write(scratch.join(format!("src/{}.rs", spec.module)), source).expect("write module");
        lib.push_str(&format!("pub mod {};\n", spec.module));
        modules += 1;
        constructs.push(spec);
    }
    std::fs::write(scratch.join("src/lib.rs"), lib).expect("write lib");
    std::fs::write(scratch.join("tests/roundtrip.rs"), crate::constructs::roundtrip_tests(&constructs))
        .expect("write round trips");
    assert!(modules >= 34, "modules: {modules}");

    let target = root.join("target/fixture-crate-target");
    let output = xtask::scratch_cargo("clippy", &scratch, &target)
        .args(["--quiet", "--all-features", "--", "-D", "warnings"])
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generated fixture code does not compile cleanly:\n{stderr}");

    // The round trips need only the types: build without the server feature (less to compile).
    let output = xtask::scratch_cargo("test", &scratch, &target)
        .args(["--quiet", "--no-default-features", "--test", "roundtrip"])
        .output()
        .expect("run cargo test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "round trips of the construct fixtures fail:\n{stdout}\n{stderr}");
}
