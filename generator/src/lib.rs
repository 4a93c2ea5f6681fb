//! docgen: typed Rust (serde types and axum server stubs) from the API documentation vendors publish.
//!
//! The pipeline runs one way: [`derive`] (document → OpenAPI) → [`normalise`] → [`lower`] (→ [`ir`]) →
//! [`emit`] (→ text, laid out) → [`render`] (→ files' text). [`project`] strings them together; the library does no
//! file I/O (the `xtask` and the CLI do).

pub mod aliases;
pub mod derive;
pub mod diagnostic;
pub mod emit;
pub mod formats;
pub mod ir;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod normalise;
pub mod pagination;
pub mod project;
pub mod render;
pub mod sample;
pub mod served;
pub mod yaml;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity, SourceFile};
pub use project::{crate_files, generate_entry, generate_spec, GeneratedFile, SpecOutput};
