//! docgen: typed Rust (serde types and axum server stubs) from the API documentation vendors publish.
//!
//! The pipeline runs one way: [`derive`] (document → OpenAPI) → [`normalise`] → [`lower`] (→ [`ir`], finished
//! by [`passes`]) → [`emit`] (→ text, laid out) → [`render`] (→ files' text). [`project`] strings them together;
//! the library does no file I/O (the `xtask` and the CLI do).

pub mod codegen;
pub mod derive;
pub mod diagnostic;
pub mod emit;
pub mod endpoint;
pub mod formats;
pub mod ir;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod normalise;
pub mod oas;
pub mod overlay;
pub mod passes;
pub mod project;
pub mod render;
pub mod source_map;
mod threads;

/// Sets the process's allocator up for a generation: the binaries (the CLI, the xtask) call it first thing.
///
/// glibc's `malloc` raises its threshold for giving large blocks pages of their own each time such a block
/// is freed; from then on, blocks below the new threshold come from heaps that keep freed memory in the
/// process. Generation frees blocks of megabytes early (read and parse buffers), so later stages ran on top
/// of memory nothing used: GitHub's spec peaked at 59–63 MB resident for at most 46 MB of heap, and peaks at
/// 54 MB with the threshold kept at glibc's own default (128 KiB), for a few percent of time (the parse
/// floor slows alike: `cargo xtask bench`; docs/performance.md). Elsewhere this does nothing.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a parameter of glibc's allocator; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity, SourceFile};
pub use project::{crate_files, generate_entry, generate_spec, GeneratedFile, SpecOutput};
