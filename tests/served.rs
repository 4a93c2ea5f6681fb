//! Generated routers over real HTTP, for what no bundled spec has: typed response headers, query parameter
//! styles, path parameters, non-JSON bodies. Each fixture is generated into a scratch crate
//! (`target/served-crate`, beside the generated crate's dependencies and lock file), and that crate's own
//! tests (`tests/fixtures/served/*_test.rs`, sharing `tests/fixtures/served/http.rs`) serve the generated
//! routers on 127.0.0.1 and send raw HTTP/1.1 requests, so nothing between the test and the router rewrites
//! the wire form; `client_roundtrip_test.rs` then sends every fixture's requests through its generated client
//! (built with the `client` feature), so what the client writes is checked against what the router reads.

use docgen_tests::support::{self, module_source, ScratchCrate};

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
    let scratch = ScratchCrate::with_manifest(
        "served-crate",
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
    );
    let served = root.join("tests/fixtures/served");
    scratch.copy(&served.join("http.rs"), "tests/common/mod.rs");

    let mut test_names = Vec::new();
    for (module, fixture, test, clean) in SERVED {
        let (spec, diags) = support::spec(&[support::document(fixture)], module, module);
        let spec = spec.unwrap_or_else(|| panic!("{fixture} generates: {diags:?}"));
        let warnings: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
        assert!(!clean || warnings.is_empty(), "{fixture} is clean: {warnings:#?}");
        scratch.add_module(module, &module_source(&spec).expect("renders"));
        let name = test.trim_end_matches(".rs");
        scratch.copy(&served.join(test), &format!("tests/{name}.rs"));
        test_names.push(name);
    }
    for test in CROSS_FIXTURE_TESTS {
        let name = test.trim_end_matches(".rs");
        scratch.copy(&served.join(test), &format!("tests/{name}.rs"));
        test_names.push(name);
    }

    let mut command = scratch.cargo("test");
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
