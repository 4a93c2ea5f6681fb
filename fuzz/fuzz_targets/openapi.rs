//! OpenAPI text (YAML and JSON; 3.0 and 3.1) through the whole pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: docgen_fuzz::abort_only_on_our_panics(), |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    docgen_fuzz::run_pipeline("fuzz.yaml", &text);
    docgen_fuzz::run_pipeline("fuzz.json", &text);
});
