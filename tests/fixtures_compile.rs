//! Generated code must compile, not only match its snapshot: every front-end fixture goes through the whole
//! pipeline into one scratch crate (beside the generated crate's own dependencies and lock file), which must
//! pass `cargo clippy -D warnings`.

use std::process::Command;

use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::project::{all_endpoints, generate_spec, module_source, runtime_source};

#[test]
fn every_fixture_generates_code_that_compiles_cleanly() {
    let root = docgen_tests::root();
    let scratch = root.join("target/fixture-crate");
    let _ = std::fs::remove_dir_all(scratch.join("src"));
    std::fs::create_dir_all(scratch.join("src")).expect("scratch crate");
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
    std::fs::write(scratch.join("src/lib.rs"), lib).expect("write lib");
    assert!(modules >= 20, "modules: {modules}");

    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--offline", "--all-features", "--", "-D", "warnings"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crate-target"))
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generated fixture code does not compile cleanly:\n{stderr}");
}
