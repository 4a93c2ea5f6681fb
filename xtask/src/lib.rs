//! The project's task runner (`cargo xtask …`), as a library so that tests can run the same code.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod fidelity;
pub mod heap;
pub mod stress;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the folder above `xtask/`).
pub fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// `cargo <subcommand>` in a scratch crate beside the workspace (the fixture, served, bench and corpus
/// crates), building into `target`.
///
/// The scratch crate starts from the workspace's `Cargo.lock`, so it resolves to the same versions; but it
/// is built with feature sets the workspace itself never builds (`client-rustls` needs `ring` and `cc`), so
/// on a machine whose cargo has fetched only what the workspace's build needed, some of those crates are not
/// yet downloaded. Cargo therefore runs online here (never `--offline`) and fetches exactly what the lock file
/// names and is missing.
pub fn scratch_cargo(subcommand: &str, crate_dir: &Path, target: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.arg(subcommand).current_dir(crate_dir).env("CARGO_TARGET_DIR", target);
    command
}
