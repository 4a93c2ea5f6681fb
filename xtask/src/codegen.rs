//! `cargo xtask codegen`: regenerates `generated/` from `specs/specs.toml` through the library's one writer
//! ([`docgen::codegen`], which `docgen codegen` uses for any repository), with this repository's layout.

use std::path::Path;

pub use docgen::codegen::{is_generated, list, Changes, Failure, Generation, Layout, Mode};
use docgen::diagnostic::Diagnostics;
use docgen::manifest::SpecEntry;

/// Where things are, relative to the repository root.
pub const SPECS_DIR: &str = "specs";
pub const MANIFEST: &str = "specs/specs.toml";
pub const GENERATED_DIR: &str = "generated";

/// This repository's layout: `specs/specs.toml`, the `vendor-apis` crate in `generated/`.
pub fn layout() -> Layout {
    Layout {
        manifest: MANIFEST.to_owned(),
        out: GENERATED_DIR.to_owned(),
        crate_name: "vendor-apis".to_owned(),
        command: docgen::render::DEFAULT_GENERATOR.to_owned(),
        target: docgen::ir::Target::Crate,
    }
}

/// Generates every file of `generated/` in memory from the manifest under `root`.
pub fn generate(root: &Path) -> Result<Generation, Failure> {
    docgen::codegen::generate(root, &layout())
}

/// Generates from given manifest entries (tests use this to reorder them).
pub fn generate_entries(root: &Path, entries: &[SpecEntry], diags: Diagnostics) -> Result<Generation, Failure> {
    docgen::codegen::generate_entries(root, &layout(), entries, diags)
}

/// Brings `root/generated` in step with `files`.
pub fn ensure_files(root: &Path, files: &[docgen::project::GeneratedFile], mode: Mode) -> Result<Changes, String> {
    docgen::codegen::ensure_files(root, &layout(), files, mode)
}
