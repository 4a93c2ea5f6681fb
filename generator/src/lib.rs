//! docgen: typed Rust (serde types and axum server stubs) from the API documentation vendors publish.
//!
//! The pipeline runs one way: [`derive`](mod@derive) (document → OpenAPI) → [`normalise`] → [`lower`] (→ [`ir`], finished
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

/// The allocator the binaries install (`#[global_allocator]`; the xtask's counting allocator wraps it).
///
/// Generation allocates for every token: `quote!` builds token trees of heap strings, `syn` parses each
/// item and prettyplease prints it, and those are three quarters of the time on large specs. mimalloc
/// takes about 30% off the CPU time of generating GitHub's and Stripe's specs against glibc's `malloc`
/// (docs/performance.md); [`tune_allocator`] keeps its resident memory where glibc's was.
pub type Allocator = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the 16th option of `mi_option_e` in its v3 `mimalloc.h`, which
/// `libmimalloc-sys` builds): how many milliseconds freed memory waits before it is returned to the system.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// Sets the process's allocator up for a generation: the binaries (the CLI, the xtask) call it first thing.
///
/// Generation frees blocks of megabytes early (read and parse buffers) and later stages allocate as much
/// again; with mimalloc's default delay (a second) the freed pages are still held when the next stage peaks,
/// and GitHub's spec peaked at 75–81 MB resident instead of 68 MB. Returning them at once costs a few
/// percent of system time.
pub fn tune_allocator() {
    // SAFETY: `mi_option_set` only stores an option value of the allocator, for any option index.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

/// The purge delay now in force (to check `MI_OPTION_PURGE_DELAY` names the option it means).
pub fn purge_delay() -> std::ffi::c_long {
    // SAFETY: `mi_option_get` only reads an option value.
    unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }
}

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity, SourceFile};
pub use project::{crate_files, generate_entry, generate_spec, GeneratedFile, SpecOutput, WrittenSpec};

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_meant() {
        // mimalloc's default for `mi_option_purge_delay` (its `options.c`), then the value `tune_allocator` sets.
        assert_eq!(super::purge_delay(), 1000);
        super::tune_allocator();
        assert_eq!(super::purge_delay(), 0);
    }
}
