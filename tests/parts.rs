//! A spec's module with fewer parts (`emit = [...]` in the manifest, `docgen rust --emit`): two bundled
//! specs, each written with every allowed set of parts into one generated crate (`project::crate_files`),
//! which must pass `cargo clippy -D warnings` with every feature and with none. The texts hold the parts
//! asked for and no other, the crate's `mock_router` lists only the modules that have a mock, and lowering
//! builds no mock values for a module without a mock.

use docgen::ir::Parts;
use docgen::project::{crate_files_for, CrateInfo, SpecOptions, SpecRequest};
use docgen_tests::support::{self, Diagnostics, ScratchCrate, SpecOutput};

/// Every allowed set of parts, with the suffix of its module's name.
const SETS: [(&str, Parts); 4] = [
    ("types", Parts { server: false, mock: false, client: false }),
    ("client", Parts { server: false, mock: false, client: true }),
    ("server", Parts { server: true, mock: false, client: false }),
    ("mock", Parts { server: true, mock: true, client: false }),
];

fn spec_with(module: &str, document_name: &str, parts: Parts) -> SpecOutput {
    let document = support::document(format!("specs/{document_name}"));
    let request = SpecRequest { module, title: module, source: None, endpoints: None, pagination: &[] };
    let options = SpecOptions { parts, ..SpecOptions::default() };
    let mut diags = Diagnostics::new();
    let spec = docgen::project::generate_documents_with(
        &request,
        &options,
        std::slice::from_ref(&document),
        &mut diags,
        &mut |_| {},
    );
    spec.unwrap_or_else(|| panic!("{document_name} generates: {diags}"))
}

#[test]
fn each_set_of_parts_writes_those_parts_and_compiles() {
    let mut specs = Vec::new();
    for (module, document) in
        [("wassist", "wassist.get-api-v1-conversations.md"), ("vectara", "vectara.list-conversations.md")]
    {
        for (suffix, parts) in SETS {
            specs.push(spec_with(&format!("{module}_{suffix}"), document, parts));
        }
    }
    for spec in &specs {
        let parts = spec.api.parts;
        let text = support::module_source(spec).expect("the module renders");
        let has = |needle: &str| text.contains(needle);
        assert_eq!(has("\nmod server {"), parts.server, "{}: server", spec.module);
        assert_eq!(has("\npub mod mock {"), parts.mock, "{}: mock", spec.module);
        assert_eq!(has("\npub mod client {"), parts.client, "{}: client", spec.module);
        assert!(has("pub struct"), "{}: the types are always written", spec.module);
        // The mock's values are built only for a module that has a mock.
        let values = spec.api.operations.iter().flat_map(|op| &op.responses).any(|case| case.dynamic.is_some());
        assert_eq!(values, parts.mock, "{}: mock values", spec.module);
    }

    let info = CrateInfo { name: "parts-crate", generated_by: "docgen codegen", manifest: "specs.toml" };
    let (files, specs) = crate_files_for(specs, &info).expect("the crate's files");
    let lib = &files.iter().find(|file| file.path == "src/lib.rs").expect("lib.rs").contents;
    for spec in &specs {
        let arm = format!("\"{}\" =>", spec.module);
        assert_eq!(lib.contains(&arm), spec.api.parts.mock, "mock_router and {}:\n{lib}", spec.module);
    }
    let manifest = &files.iter().find(|file| file.path == "Cargo.toml").expect("Cargo.toml").contents;
    let scratch = ScratchCrate::with_cargo_toml("parts-crate", manifest);
    for file in &files {
        if file.path != "Cargo.toml" {
            scratch.write(&file.path, &file.contents);
        }
    }
    for features in [["--all-features", ""], ["--no-default-features", ""]] {
        let output = scratch
            .cargo("clippy")
            .args(["--quiet", "--all-targets"])
            .args(features.iter().filter(|f| !f.is_empty()))
            .args(["--", "-D", "warnings"])
            .output()
            .expect("run cargo clippy");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "modules with fewer parts do not compile ({features:?}):\n{stderr}");
    }
}

#[test]
fn a_list_of_parts_is_checked() {
    assert_eq!(Parts::from_names(["types", "client"]), Ok(Parts { server: false, mock: false, client: true }));
    assert_eq!(Parts::from_names(["server", "mock", "client"]), Ok(Parts::ALL));
    assert_eq!(Parts::ALL.names(), ["types", "server", "mock", "client"]);
    assert_eq!(Parts::from_names(["client"]).map(Parts::names), Ok(vec!["types", "client"]));
    let fault = |names: &[&str]| Parts::from_names(names.iter().copied()).unwrap_err();
    assert_eq!(fault(&["types", "mock"]).0, 1);
    assert!(fault(&["types", "mock"]).1.contains("`mock` needs `server`"));
    assert_eq!(fault(&["client", "clients"]).0, 1);
    assert!(fault(&["client", "clients"]).1.contains("`clients` is not a part of a module"));
    assert_eq!(fault(&["client", "types", "client"]), (2, "`client` is listed twice".to_owned()));
}
