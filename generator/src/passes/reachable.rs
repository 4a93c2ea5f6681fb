//! Reachability: the named types an operation uses, directly or through other types.

use std::collections::BTreeSet;

use crate::ir::{kinds, Kinds, Operation, TypeDef, TypeRef};

/// Keeps the types the operations reach. Tagging can leave types nothing uses (the member structs of an
/// adjacently tagged union, a tag's enum), and merging leaves `allOf` bases unused: the module holds what the
/// operations reach.
pub fn keep_reachable(types: &mut Vec<TypeDef>, operations: &[Operation]) {
    let used = reachable(&operations.iter().flat_map(operation_roots).collect::<Vec<_>>(), &kinds(types));
    types.retain(|t| used.contains(&t.name));
}

/// Every named type reachable from `roots`.
pub fn reachable<'a>(roots: &[&'a TypeRef], kinds: &Kinds<'a>) -> BTreeSet<String> {
    let mut stack: Vec<&'a str> = Vec::new();
    roots.iter().for_each(|ty| ty.collect_names(&mut stack));
    let mut seen: std::collections::HashSet<&'a str> = std::collections::HashSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(kind) = kinds.get(name) {
            kind.collect_names(&mut stack);
        }
    }
    seen.into_iter().map(str::to_owned).collect()
}

/// The types an operation uses directly: parameters, body, response bodies.
pub fn operation_roots(op: &Operation) -> Vec<&TypeRef> {
    let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    roots.extend(op.body.iter().map(|b| &b.ty));
    roots.extend(op.responses.iter().filter_map(|r| r.body.as_ref().map(|(_, ty)| ty)));
    roots.extend(op.responses.iter().flat_map(|r| r.headers.iter().map(|h| &h.ty)));
    roots
}
