//! OpenAPI as text: a YAML or JSON document, whole-file or in a markdown fence, read into `openapiv3::OpenAPI`
//! with every node's place, 3.1 lowered to the 3.0 shape, and a failing parse narrowed to the node at fault.

pub mod condensed;
pub mod fenced;
pub mod loose_value;
pub(crate) mod narrow;
pub mod openapi31;
pub mod parallel_parse;
mod repeated_keys;
pub mod text;
pub mod yaml_value;
