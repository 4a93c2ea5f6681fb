//! Passes over the IR of one spec: each takes the types (and operations) lowering built and decides one
//! thing that needs every type at once.

pub mod aliases;
