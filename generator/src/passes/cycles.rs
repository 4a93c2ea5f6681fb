//! Cycles: struct fields that close a cycle of direct containment are boxed, and alias or newtype cycles no
//! `Box` can break become types the compiler accepts.

use std::collections::{BTreeMap, BTreeSet};

use super::Problem;
use crate::ir::{Primitive, TypeDef, TypeKind, TypeRef};

/// `pub type A = BTreeMap<String, A>` is a cycle the compiler rejects: such a map becomes a struct around
/// the map. `struct A(B); struct B(A)` has no `Box` to break it (it is a schema with no content): such
/// newtypes hold any JSON, with a warning.
pub fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<Problem> {
    let aliases: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Map(value) => {
                let mut names = Vec::new();
                value.collect_names(&mut names);
                Some((t.name.clone(), names.into_iter().map(str::to_owned).collect()))
            }
            _ => None,
        })
        .collect();
    let wrappers: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Newtype(TypeRef::Named(inner)) => Some((t.name.clone(), BTreeSet::from([inner.clone()]))),
            _ => None,
        })
        .collect();
    let (alias_cycles, wrapper_cycles) = (on_cycles(&aliases), on_cycles(&wrappers));
    let mut problems = Vec::new();
    for def in types.iter_mut() {
        match &def.kind {
            TypeKind::Map(value) if alias_cycles.contains(def.name.as_str()) => {
                def.kind = TypeKind::Newtype(TypeRef::Map(Box::new(value.clone())));
            }
            TypeKind::Newtype(TypeRef::Named(_)) if wrapper_cycles.contains(def.name.as_str()) => {
                problems.push((
                    def.origin.pointer.clone(),
                    format!("`{}` only wraps itself (through other schemas); it holds any JSON", def.name),
                ));
                def.kind = TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
            }
            _ => {}
        }
    }
    problems
}

/// Boxes struct fields that close a cycle of direct containment (`Node { parent: Node }`), which would
/// otherwise be a type of infinite size. `Vec` and maps already add indirection. A field of `owner` whose
/// type is `target` closes a cycle when `target` reaches `owner`: as `owner` contains `target`, exactly when
/// both are in one strongly connected component of the containment graph, found once for all fields.
pub fn mark_boxed_fields(types: &mut [TypeDef]) {
    let component = containment_components(types);
    let closes_cycle = |target: &str, owner: &str| {
        target == owner || matches!((component.get(target), component.get(owner)), (Some(a), Some(b)) if a == b)
    };
    for t in types.iter_mut() {
        let owner = t.name.as_str();
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = field.ty.named() {
                        field.boxed = closes_cycle(target, owner);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = variant.ty.named() {
                        variant.boxed = closes_cycle(target, owner);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The strongly connected component of each type (by name) in the graph of direct containment (a struct's
/// fields, a union's variants, a newtype's value).
fn containment_components(types: &[TypeDef]) -> BTreeMap<String, usize> {
    let index: BTreeMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let named: Vec<&str> = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| f.ty.named()).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.named()).collect(),
                TypeKind::Newtype(ty) => ty.named().into_iter().collect(),
                // An alias is its target: a field of the alias's type holds the target directly.
                TypeKind::Alias(target) => vec![target.as_str()],
                _ => Vec::new(),
            };
            named.into_iter().filter_map(|name| index.get(name).copied()).collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    // By name: the component of the type that carries the name.
    index.into_iter().map(|(name, i)| (name.to_owned(), component[i])).collect()
}

/// The strongly connected component of each node of a graph given by adjacency lists (Tarjan's algorithm,
/// with an explicit stack: no input can make it recurse). Linear in nodes and edges.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; edges.len()];
    let mut low = vec![0; edges.len()];
    let mut on_stack = vec![false; edges.len()];
    let mut component = vec![UNSEEN; edges.len()];
    let (mut stack, mut calls) = (Vec::new(), Vec::<(usize, usize)>::new());
    let (mut next_order, mut components) = (0, 0);
    for root in 0..edges.len() {
        if order[root] == UNSEEN {
            calls.push((root, 0));
        }
        while let Some(frame) = calls.last_mut() {
            let node = frame.0;
            if frame.1 == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(frame.1) {
                frame.1 += 1;
                if order[next] == UNSEEN {
                    calls.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// The nodes of `edges` that lie on a cycle of it (edges to names that are not nodes lead nowhere): those
/// whose strongly connected component has more than one node, or that lead to themselves. Linear, where a
/// search from each node was quadratic on long chains.
fn on_cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<&str> {
    let index: BTreeMap<&str, usize> = edges.keys().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
    let adjacency: Vec<Vec<usize>> = edges
        .values()
        .map(|targets| targets.iter().filter_map(|target| index.get(target.as_str()).copied()).collect())
        .collect();
    let component = strongly_connected_components(&adjacency);
    let mut sizes = vec![0usize; adjacency.len()];
    for &c in &component {
        sizes[c] += 1;
    }
    edges
        .keys()
        .enumerate()
        .filter(|&(i, _)| sizes[component[i]] > 1 || adjacency[i].contains(&i))
        .map(|(_, name)| name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongly_connected_components_are_the_cycles() {
        // 0 ⇄ 1; 2 → 3; 4 → 4; 5 → 6 → 7 → 5, and 7 → 2.
        let edges = vec![vec![1], vec![0], vec![3], vec![], vec![4], vec![6], vec![7], vec![5, 2]];
        let component = strongly_connected_components(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!((component[5], component[6]), (component[7], component[7]));
        let distinct: BTreeSet<usize> = [0, 2, 3, 4, 5].iter().map(|&node| component[node]).collect();
        assert_eq!(distinct.len(), 5, "{component:?}");
    }
}
