//! End-to-end tests of the generator and the generated crate (one test binary, so it links once).

mod determinism;
mod examples;
mod freshness;
mod http_botpress;
mod http_wassist;
mod snapshots;
