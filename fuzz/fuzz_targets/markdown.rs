//! Markdown and MDX pages through the whole pipeline: the four markdown front-ends (fenced OpenAPI, MDX
//! components, reference tables, example pages) and everything after them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: docgen_fuzz::abort_only_on_our_panics(), |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The extension decides how a page is parsed (`.mdx` warns on invalid MDX); try both.
    docgen_fuzz::run_pipeline("fuzz.mdx", &text);
    docgen_fuzz::run_pipeline("fuzz.md", &text);
});
