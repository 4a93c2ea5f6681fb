//! The generator's layers as its integration tests use them (`mod support;` in each), one helper each: files
//! in memory derived together, generated (derive, normalise, lower) into a spec, a manifest entry generated;
//! and inputs written for the `docgen` binary. The tests reach the library through these, so a change of its
//! module paths is made here alone. Each test uses some of them (hence the `allow`).
#![allow(dead_code, unused_imports)]

use std::path::PathBuf;
use std::process::Command;

pub use docgen::derive::page::site_pages;
pub use docgen::derive::{Derived, FrontEnd};
pub use docgen::diagnostic::{Diagnostics, SourceFile};
pub use docgen::manifest::{EndpointEntry, PaginationOverride, SpecEntry};
pub use docgen::project::{module_source, openapi_source};
pub use docgen::SpecOutput;

/// Files in memory, `(path, text)` each.
pub fn files(files: &[(&str, &str)]) -> Vec<SourceFile> {
    files.iter().map(|(path, text)| SourceFile::new(*path, *text)).collect()
}

/// The OpenAPI document derived from `documents` read together; `None` when they yield none (an error in
/// the diagnostics says why).
pub fn derived(documents: &[SourceFile]) -> (Option<Derived>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let derived = docgen::derive::derive_documents(documents, &mut diags);
    (derived, diags)
}

/// The spec of every operation `documents` define, through the pipeline as the CLI runs it (derive,
/// normalise, lower); `None` when the documents have errors (all in the diagnostics).
pub fn spec(documents: &[SourceFile], module: &str, title: &str) -> (Option<SpecOutput>, Diagnostics) {
    let request = docgen::project::SpecRequest { module, title, source: None, endpoints: None, pagination: &[] };
    let mut diags = Diagnostics::new();
    let spec = docgen::project::generate_documents_observed(&request, documents, &mut diags, &mut |_| {});
    (spec, diags)
}

/// The OpenAPI document derived from one document, and every operation of it as the endpoints to generate.
pub fn derived_with_endpoints(document: &SourceFile, diags: &mut Diagnostics) -> (Derived, Vec<EndpointEntry>) {
    let derived = docgen::derive::derive_openapi(document, diags).expect("derives");
    let endpoints = docgen::project::all_endpoints(&derived.openapi, document);
    (derived, endpoints)
}

/// The spec (module `m`) of every operation of one document, with the manifest's statements about
/// pagination: derive, normalise and lower, as for a manifest entry; `None` when the document has errors.
pub fn document_spec(
    document: &SourceFile,
    pagination: &[PaginationOverride],
    diags: &mut Diagnostics,
) -> Option<SpecOutput> {
    let (_, endpoints) = derived_with_endpoints(document, diags);
    docgen::project::generate_spec_with("m", "M", &endpoints, pagination, document, diags)
}

/// The entries of a manifest (`specs.toml`) and its diagnostics.
pub fn manifest_entries(manifest: &SourceFile) -> (Vec<SpecEntry>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let entries = docgen::manifest::parse_manifest(manifest, &mut diags);
    (entries, diags)
}

/// A manifest entry's spec from its documents (read in the order given), without the entry's overlays; the
/// headers name the documents under `specs/`.
pub fn entry_spec(entry: &SpecEntry, documents: &[SourceFile]) -> (Option<SpecOutput>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let spec = docgen::generate_entry(entry, documents, "specs", &mut diags);
    (spec, diags)
}

/// The `docgen` binary built for these tests.
pub fn docgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
}

/// `contents` written as `name` in a scratch folder of this test binary (`docgen-<test>-<pid>` under the
/// temporary folder); its path.
pub fn scratch_file(test: &str, name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("docgen-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write input");
    path
}
