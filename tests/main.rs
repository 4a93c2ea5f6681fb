//! End-to-end tests of the generator and the generated crate (one test binary, so it links once).

mod any_text;
mod constructs;
mod corpus;
mod derive_fixtures;
mod determinism;
mod examples;
mod fidelity;
mod fixtures_compile;
mod freshness;
mod http_botpress;
mod http_client;
mod http_client_resilience;
mod http_conformance;
mod http_markdown_specs;
mod http_mock_prefer;
mod http_wassist;
mod module_tree;
mod parts;
mod reingest;
mod served;
mod snapshots;
mod user_repo;
