//! The pipeline over the construct fixtures (`tests/fixtures/constructs`), through the library's public API:
//! lowering builds the same IR wherever it builds samples, strict entries turn warnings into errors, and every
//! module written parses as Rust.

use std::path::{Path, PathBuf};

use docgen::lower::{self, Sampling, SpecInfo};
use docgen::project::{self, SpecRequest};
use docgen::{Diagnostics, Severity, SourceFile};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs")
}

/// The construct fixtures, in name order.
fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<_> =
        std::fs::read_dir(fixtures()).expect("the construct fixtures").flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
}

/// Samples built on another thread land where they would have been built here: mock bodies in their
/// response cases, request examples in their bodies, with the same diagnostics.
#[test]
fn samples_built_elsewhere_are_put_in_their_places() {
    let (mut mocks, mut examples) = (0, 0);
    for path in fixture_paths() {
        let document = SourceFile::new(path.display().to_string(), std::fs::read_to_string(&path).expect("read"));
        let mut diags = Diagnostics::new();
        let Some(derived) = docgen::derive::derive_openapi(&document, &mut diags) else { continue };
        let endpoints = project::all_endpoints(&derived.openapi, &document);
        let source_map = derived.source_map;
        let Some(api) = docgen::normalise::normalise(derived.openapi, &endpoints, &document, &source_map, &mut diags)
        else {
            continue;
        };
        let spec = SpecInfo {
            module: "fixture",
            title: "Fixture",
            file: &document,
            source: &document.path,
            source_map: &source_map,
        };
        let (mut here, mut elsewhere) = (diags.clone(), diags);
        let inline = lower::lower_with_sampling(&api, &spec, &mut here, Sampling::Here);
        let threaded = lower::lower_with_sampling(&api, &spec, &mut elsewhere, Sampling::Elsewhere);
        assert!(inline == threaded, "{}: the IRs differ", path.display());
        assert_eq!(here.to_string(), elsewhere.to_string(), "{}", path.display());
        let operations = &threaded.operations;
        mocks += operations.iter().flat_map(|op| &op.responses).filter(|case| case.mock.is_some()).count();
        examples += operations.iter().filter(|op| op.body.as_ref().is_some_and(|b| b.example.is_some())).count();
    }
    assert!(mocks >= 20 && examples >= 4, "{mocks} mock bodies and {examples} request examples");
}

/// A manifest entry with `strict = true` is not generated while any warning is about it; every warning
/// is an error then. Without it, the same entry generates with warnings.
#[test]
fn a_strict_entry_turns_warnings_into_errors() {
    let path = fixtures().join("dangling_refs.yaml");
    let document = SourceFile::new("dangling_refs.yaml", std::fs::read_to_string(path).expect("the fixture"));
    let manifest =
        "[[spec]]\nmodule = \"d\"\ntitle = \"D\"\ndocument = \"dangling_refs.yaml\"\nendpoints = [\"POST /notes\"]\n";
    for strict in [false, true] {
        let text = if strict { format!("{manifest}strict = true\n") } else { manifest.to_owned() };
        let mut diags = Diagnostics::new();
        let entries = docgen::manifest::parse_manifest(&SourceFile::new("specs.toml", text), &mut diags);
        let spec = docgen::generate_entry(&entries[0], std::slice::from_ref(&document), "specs", &mut diags);
        let severities: Vec<_> = diags.iter().map(|d| d.severity).collect();
        assert_eq!(severities.len(), 2, "{diags}");
        if strict {
            assert!(spec.is_none());
            assert!(severities.iter().all(|s| *s == Severity::Error), "{diags}");
        } else {
            assert!(spec.is_some());
            assert!(!diags.has_errors(), "{diags}");
        }
    }
}

/// Every module render writes is a Rust file. Each construct fixture's module, and each operation's
/// excerpt, is parsed by `syn`; and the module is the same when formatted on two threads
/// ([`project::spec_sources`]).
#[test]
fn emitted_modules_parse_as_rust_files() {
    let mut modules = 0;
    for path in fixture_paths() {
        let text = std::fs::read_to_string(&path).expect("a fixture");
        let document = SourceFile::new(path.display().to_string(), text);
        let request =
            SpecRequest { module: "fixture", title: "Fixture", source: None, endpoints: None, pagination: &[] };
        let mut diags = Diagnostics::new();
        let Some(spec) = project::generate_spec_observed(&request, &document, &mut diags, &mut |_| {}) else {
            continue;
        };
        let module = project::module_source(&spec).expect("renders");
        if let Err(error) = syn::parse_file(&module) {
            panic!("{}: the module does not parse: {error}", path.display());
        }
        // Formatted on two threads, the texts are the same.
        let (parallel, openapi) = project::spec_sources(&spec).expect("renders");
        assert!(parallel == module, "{}: the module written in parts differs", path.display());
        assert_eq!(openapi, project::openapi_source(&spec).expect("renders"), "{}", path.display());
        for index in 0..spec.api.operations.len() {
            let excerpt = project::endpoint_excerpt(&spec.api, index).expect("an excerpt");
            assert!(syn::parse_file(&excerpt).is_ok(), "{}: excerpt {index} does not parse", path.display());
        }
        modules += 1;
    }
    assert!(modules >= 15, "only {modules} construct fixtures generated a module");
}
