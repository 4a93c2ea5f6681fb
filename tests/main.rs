//! End-to-end tests of the generator and the generated crate (one test binary, so it links once).

mod derive_fixtures;
mod determinism;
mod examples;
mod fixtures_compile;
mod freshness;
mod http_botpress;
mod http_markdown_specs;
mod http_wassist;
mod snapshots;
