//! Generated routers over real HTTP, for what no bundled spec has: typed response headers, query parameter
//! styles, path parameters, non-JSON bodies. Each fixture is generated into a scratch crate
//! (`target/served-crate`, beside the generated crate's dependencies and lock file), and that crate's own
//! tests (`tests/fixtures/served/*_test.rs`, sharing `tests/fixtures/served/http.rs`) serve the generated
//! routers on 127.0.0.1 and send raw HTTP/1.1 requests, so nothing between the test and the router rewrites
//! the wire form; `client_roundtrip_test.rs` then sends every fixture's requests through its generated client
//! (built with the `client` feature), so what the client writes is checked against what the router reads.

use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::project::{all_endpoints, generate_spec, module_source, runtime_source};

/// `(module, fixture, its test in tests/fixtures/served/, whether the fixture must generate without warnings)`.
const SERVED: &[(&str, &str, &str, bool)] = &[
    ("response_headers", "tests/fixtures/served/response_headers.yaml", "response_headers_test.rs", true),
    // The warnings of the construct fixtures are in their snapshots (`tests/snapshots/constructs/`).
    ("query_styles", "tests/fixtures/constructs/query_styles.yaml", "query_styles_test.rs", false),
    ("path_parameters", "tests/fixtures/constructs/path_parameters.yaml", "path_parameters_test.rs", true),
    ("non_json_bodies", "tests/fixtures/constructs/non_json_bodies.yaml", "non_json_bodies_test.rs", false),
    // Its `broken` example is not valid, which is a warning.
    ("mock_prefer", "tests/fixtures/served/mock_prefer.yaml", "mock_prefer_test.rs", false),
];

/// Tests of the scratch crate that use several fixtures: each fixture's client against its router.
const CROSS_FIXTURE_TESTS: &[&str] = &["client_roundtrip_test.rs"];

/// How many tests the scratch crate's test files hold in all: a test file that stops running shows.
const EXPECTED_TESTS: usize = 24;

#[test]
fn served_fixtures_over_http() {
    let root = docgen_tests::root();
    let scratch = root.join("target/served-crate");
    let _ = std::fs::remove_dir_all(scratch.join("src"));
    let _ = std::fs::remove_dir_all(scratch.join("tests"));
    std::fs::create_dir_all(scratch.join("src")).expect("scratch crate");
    std::fs::create_dir_all(scratch.join("tests/common")).expect("scratch tests");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("generated manifest");
    let manifest = manifest.replace("name = \"vendor-apis\"", "name = \"served-crate\"")
        + "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\n[workspace]\n";
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy lock file");
    std::fs::write(scratch.join("src/runtime.rs"), runtime_source()).expect("write runtime");
    let served = root.join("tests/fixtures/served");
    std::fs::copy(served.join("http.rs"), scratch.join("tests/common/mod.rs")).expect("copy http helper");

    let mut lib = String::from("pub mod runtime;\n");
    let mut test_names = Vec::new();
    for (module, fixture, test, clean) in SERVED {
        let document =
            SourceFile::new((*fixture).to_owned(), std::fs::read_to_string(root.join(fixture)).expect("read fixture"));
        let mut diags = Diagnostics::new();
        let derived = docgen::derive::derive_openapi(&document, &mut diags).expect("derives");
        let endpoints = all_endpoints(&derived.openapi, &document);
        let spec = generate_spec(module, module, &endpoints, &document, &mut diags)
            .unwrap_or_else(|| panic!("{fixture} generates: {diags:?}"));
        let warnings: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
        assert!(!clean || warnings.is_empty(), "{fixture} is clean: {warnings:#?}");
        std::fs::write(scratch.join(format!("src/{module}.rs")), module_source(&spec).expect("renders"))
            .expect("write module");
        lib.push_str(&format!("pub mod {module};\n"));
        let name = test.trim_end_matches(".rs");
        std::fs::copy(served.join(test), scratch.join(format!("tests/{name}.rs"))).expect("copy test");
        test_names.push(name);
    }
    std::fs::write(scratch.join("src/lib.rs"), lib).expect("write lib");
    for test in CROSS_FIXTURE_TESTS {
        let name = test.trim_end_matches(".rs");
        std::fs::copy(served.join(test), scratch.join(format!("tests/{name}.rs"))).expect("copy test");
        test_names.push(name);
    }

    let mut command = xtask::scratch_cargo("test", &scratch, &root.join("target/fixture-crate-target"));
    command.args(["--quiet", "--no-fail-fast", "--features", "client"]);
    for name in &test_names {
        command.args(["--test", name]);
    }
    let output = command.output().expect("run cargo test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the served fixtures fail:\n{stdout}\n{stderr}");
    let passed: usize = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, EXPECTED_TESTS, "every HTTP test ran:\n{stdout}");
}
