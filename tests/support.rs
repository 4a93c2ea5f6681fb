//! The generator's layers as the end-to-end tests use them, one helper each: a document read, derived,
//! normalised, generated (derive, normalise, lower) into a spec, rendered; and the scratch crate generated
//! modules are compiled in. The tests reach the pipeline through these, so a change of the generator's module
//! paths is made here alone.

use std::path::{Path, PathBuf};
use std::process::Command;

pub use docgen::derive::{Derived, FrontEnd};
pub use docgen::diagnostic::{Diagnostics, SourceFile};
pub use docgen::manifest::SpecEntry;
// `endpoint_excerpt`: an endpoint's surface, as the endpoint snapshots show it; `sample`: the example sampler
// and checker of the generated mocks, as the mock tests check their answers.
pub use docgen::lower::sample;
pub use docgen::project::{endpoint_excerpt, module_source, openapi_source, runtime_source};
pub use docgen::SpecOutput;
use openapiv3::OpenAPI;

/// A file of the repository (a path from the root, or an absolute one under it), named by its path from the
/// root as diagnostics and generated headers show it (`tests/fixtures/constructs/enums.yaml`).
pub fn document(path: impl AsRef<Path>) -> SourceFile {
    let root = crate::root();
    let path = path.as_ref();
    let relative = path.strip_prefix(&root).unwrap_or(path);
    let text = std::fs::read_to_string(root.join(relative))
        .unwrap_or_else(|error| panic!("read {}: {error}", relative.display()));
    SourceFile::new(relative.display().to_string(), text)
}

/// The OpenAPI document derived from `documents` read together; `None` when they yield none (an error in
/// the diagnostics says why).
pub fn derived(documents: &[SourceFile]) -> (Option<Derived>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let derived = docgen::derive::derive_documents(documents, &mut diags);
    (derived, diags)
}

/// A document derived, then normalised for every operation it defines: the front-end that read it and the
/// normalised document (`None` when normalising fails), or `None` when nothing was derived.
pub fn normalised(document: &SourceFile) -> (Option<(FrontEnd, Option<OpenAPI>)>, Diagnostics) {
    let (derived, mut diags) = derived(std::slice::from_ref(document));
    let normalised = derived.map(|derived| {
        let endpoints = docgen::project::all_endpoints(&derived.openapi, document);
        let openapi =
            docgen::normalise::normalise(derived.openapi, &endpoints, document, &derived.source_map, &mut diags);
        (derived.front_end, openapi)
    });
    (normalised, diags)
}

/// The spec of every operation `documents` define, through the pipeline as the CLI runs it (derive,
/// normalise, lower); `None` when the documents have errors (all in the diagnostics).
pub fn spec(documents: &[SourceFile], module: &str, title: &str) -> (Option<SpecOutput>, Diagnostics) {
    let request = docgen::project::SpecRequest { module, title, source: None, endpoints: None, pagination: &[] };
    let mut diags = Diagnostics::new();
    let spec = docgen::project::generate_documents_observed(&request, documents, &mut diags, &mut |_| {});
    (spec, diags)
}

/// A manifest entry's spec from its documents (read in the order given), without the entry's overlays; the
/// headers name the documents under `specs/`.
pub fn entry_spec(entry: &SpecEntry, documents: &[SourceFile]) -> (Option<SpecOutput>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let spec = docgen::generate_entry(entry, documents, "specs", &mut diags);
    (spec, diags)
}

/// The entries of the committed manifest, `specs/specs.toml`, in its order; it reads without errors.
pub fn manifest_entries() -> Vec<SpecEntry> {
    let text = std::fs::read_to_string(crate::root().join("specs/specs.toml")).expect("read specs/specs.toml");
    let mut diags = Diagnostics::new();
    let entries = docgen::manifest::parse_manifest(&SourceFile::new("specs/specs.toml", text), &mut diags);
    assert!(!diags.has_errors(), "{diags}");
    entries
}

/// `cargo <subcommand>` in a crate outside the workspace, building into the folder every such crate shares
/// (`target/fixture-crate-target`), with the workspace's locked versions.
pub fn scratch_cargo(subcommand: &str, crate_dir: &Path) -> Command {
    xtask::scratch_cargo(subcommand, crate_dir, &crate::root().join("target/fixture-crate-target"))
}

/// A crate under `target/<name>` that generated modules are compiled in: the generated crate's manifest (its
/// own workspace) and lock file, so its dependencies are the generated crate's at their locked versions, and
/// the runtime module. Its `src/` and `tests/` start empty but for the runtime.
pub struct ScratchCrate {
    pub dir: PathBuf,
}

impl ScratchCrate {
    /// The crate, its manifest the generated crate's.
    pub fn new(name: &str) -> ScratchCrate {
        ScratchCrate::with_manifest(name, "")
    }

    /// The crate, `extra` added to its manifest (`[dev-dependencies]`).
    pub fn with_manifest(name: &str, extra: &str) -> ScratchCrate {
        let manifest = std::fs::read_to_string(crate::root().join("generated/Cargo.toml")).expect("generated manifest");
        let manifest = manifest.replace("name = \"vendor-apis\"", &format!("name = \"{name}\"")) + extra;
        let scratch = ScratchCrate::with_cargo_toml(name, &manifest);
        scratch.write("src/runtime.rs", &runtime_source());
        scratch.write("src/lib.rs", "pub mod runtime;\n");
        scratch
    }

    /// The crate, `cargo_toml` its manifest (made its own workspace), with the workspace's lock file; its
    /// `src/` and `tests/` start empty.
    pub fn with_cargo_toml(name: &str, cargo_toml: &str) -> ScratchCrate {
        let root = crate::root();
        let dir = root.join("target").join(name);
        for folder in ["src", "tests"] {
            let _ = std::fs::remove_dir_all(dir.join(folder));
        }
        std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
        std::fs::write(dir.join("Cargo.toml"), format!("{cargo_toml}\n[workspace]\n")).expect("write manifest");
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock file");
        ScratchCrate { dir }
    }

    /// Adds the module `src/<name>.rs`, declared in `lib.rs`.
    pub fn add_module(&self, name: &str, source: &str) {
        use std::io::Write as _;
        self.write(&format!("src/{name}.rs"), source);
        let mut lib = std::fs::OpenOptions::new().append(true).open(self.dir.join("src/lib.rs")).expect("open lib");
        writeln!(lib, "pub mod {name};").expect("write lib");
    }

    /// Writes a file of the crate (`tests/roundtrip.rs`), making its folder.
    pub fn write(&self, path: &str, contents: &str) {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("scratch crate folder");
        std::fs::write(&path, contents).unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
    }

    /// Copies a file into the crate (`tests/common/mod.rs`), making its folder.
    pub fn copy(&self, from: &Path, path: &str) {
        let to = self.dir.join(path);
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("scratch crate folder");
        std::fs::copy(from, &to).unwrap_or_else(|error| panic!("copy {}: {error}", from.display()));
    }

    /// `cargo <subcommand>` in the crate ([`scratch_cargo`]).
    pub fn cargo(&self, subcommand: &str) -> Command {
        scratch_cargo(subcommand, &self.dir)
    }
}
