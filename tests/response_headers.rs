//! Typed response headers over real HTTP. No bundled spec declares response headers, so a fixture
//! (`tests/fixtures/served/response_headers.yaml`) is generated into a scratch crate beside the generated
//! crate's dependencies, and a test inside it (`response_headers_test.rs`) serves the generated router and
//! its example-backed service on 127.0.0.1 and reads the raw answers.

use std::process::Command;

use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::project::{all_endpoints, generate_spec, module_source, runtime_source};

#[test]
fn typed_response_headers_over_http() {
    let root = docgen_tests::root();
    let fixtures = root.join("tests/fixtures/served");
    let scratch = root.join("target/headers-crate");
    let _ = std::fs::remove_dir_all(scratch.join("src"));
    std::fs::create_dir_all(scratch.join("src")).expect("scratch crate");
    std::fs::create_dir_all(scratch.join("tests")).expect("scratch tests");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("generated manifest");
    let manifest = manifest.replace("name = \"vendor-apis\"", "name = \"headers-crate\"")
        + "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\n[workspace]\n";
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy lock file");
    std::fs::write(scratch.join("src/runtime.rs"), runtime_source()).expect("write runtime");

    let path = fixtures.join("response_headers.yaml");
    let document = SourceFile::new(
        "tests/fixtures/served/response_headers.yaml".to_owned(),
        std::fs::read_to_string(&path).expect("read fixture"),
    );
    let mut diags = Diagnostics::new();
    let derived = docgen::derive::derive_openapi(&document, &mut diags).expect("derives");
    let endpoints = all_endpoints(&derived.openapi, &document);
    let spec = generate_spec("response_headers", "Response headers", &endpoints, &document, &mut diags)
        .unwrap_or_else(|| panic!("generates: {diags:?}"));
    let warnings: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "the fixture is clean: {warnings:#?}");
    std::fs::write(scratch.join("src/response_headers.rs"), module_source(&spec).expect("renders")).expect("write");
    std::fs::write(scratch.join("src/lib.rs"), "pub mod runtime;\npub mod response_headers;\n").expect("write lib");
    std::fs::copy(fixtures.join("response_headers_test.rs"), scratch.join("tests/served.rs")).expect("copy test");

    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--offline", "--test", "served"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crate-target"))
        .output()
        .expect("run cargo test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the served fixture fails:\n{stdout}\n{stderr}");
    assert!(stdout.contains("2 passed"), "both HTTP tests ran:\n{stdout}");
}
