//! Passes over the IR of one spec: each takes the types (and operations) lowering built and decides what
//! needs every type at once, one file per decision.

pub mod aliases;
pub mod client_names;
pub mod cycles;
pub mod deep_objects;
pub mod defaults;
pub mod reachable;
pub mod read_write;
pub mod tagging;

use crate::ir::{Operation, TypeDef};
use crate::naming::Scope;

/// A problem a pass found, for a warning: the JSON pointer of the node it is about, and the message.
pub type Problem = (String, String);

/// Runs every pass over the types lowering built, in order: defaults (they need enum variants), the tagging of
/// unions (it changes variant types), `readOnly`/`writeOnly` (by where types are used), the order of untagged
/// variants, cycles no `Box` can break, the types the operations reach, which structs get `Default`; then,
/// sorted by name, duplicates become aliases and fields that close a containment cycle are boxed. `scope`
/// names the types a pass adds. The problems come back in the order they were found.
pub fn run(types: &mut Vec<TypeDef>, operations: &[Operation], scope: &mut Scope) -> Vec<Problem> {
    let mut problems = defaults::resolve_defaults(types);
    problems.extend(tagging::choose_tagging(types));
    tagging::strip_tags(types, operations, scope);
    read_write::relax_required_by_direction(types, operations);
    tagging::order_untagged_variants(types);
    problems.extend(cycles::break_alias_cycles(types));
    reachable::keep_reachable(types, operations);
    defaults::mark_default_impls(types);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    aliases::merge_duplicates(types);
    cycles::mark_boxed_fields(types);
    problems
}
