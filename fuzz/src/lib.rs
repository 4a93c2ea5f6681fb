//! The pipeline as the `docgen` CLI runs it, for the fuzz targets: derive, then every operation through
//! normalise, lower, emit and render. Any input may fail with diagnostics; none may panic, hang or abort.

use docgen::derive::derive_openapi;
use docgen::diagnostic::{Diagnostics, SourceFile};
use docgen::project::{all_endpoints, generate_spec, module_source, openapi_source};

/// libFuzzer's panic hook aborts on every panic, even one that is caught. markdown-rs has known panics that
/// docgen catches and reports as diagnostics (see `derive::page::markdown_tree`); only those are let through.
pub fn abort_only_on_our_panics() {
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !docgen::derive::page::markdown_tree::in_markdown_parser() {
            abort(info);
        }
    }));
}

/// Runs the whole pipeline on `text` as the file `path` (its extension picks the front-end).
pub fn run_pipeline(path: &str, text: &str) {
    let file = SourceFile::new(path, text);
    let mut diags = Diagnostics::new();
    let Some(derived) = derive_openapi(&file, &mut diags) else { return };
    let endpoints = all_endpoints(&derived.openapi, &file);
    if endpoints.is_empty() {
        return;
    }
    let mut diags = Diagnostics::new();
    if let Some(spec) = generate_spec("fuzzed", "Fuzzed", &endpoints, &file, &mut diags) {
        if !diags.has_errors() {
            let _ = module_source(&spec);
            let _ = openapi_source(&spec);
        }
    }
}
