//! The project's task runner (`cargo xtask …`), as a library so that tests can run the same code.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod fidelity;
pub mod heap;
pub mod stress;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the folder above `xtask/`), found at run time: `cargo run` (and so `cargo xtask`)
/// sets `CARGO_MANIFEST_DIR` for the binary it runs, so a moved checkout or a target folder shared between
/// checkouts runs in the checkout it was called from; the folder the binary was built in is the fallback.
pub fn project_root() -> PathBuf {
    let at_run_time = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.join("Cargo.toml").is_file() && dir.file_name().is_some_and(|name| name == "xtask"));
    let manifest_dir = at_run_time.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
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
