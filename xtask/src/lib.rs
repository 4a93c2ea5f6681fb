//! The project's task runner (`cargo xtask …`), as a library so that tests can run the same code.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod heap;
pub mod stress;

use std::path::PathBuf;

/// The repository root (the folder above `xtask/`).
pub fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
