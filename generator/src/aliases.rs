//! The last step of lowering: types that would be the same Rust type become aliases of one of them.
//!
//! Vendor documents repeat shapes. Stripe's, for one, describes the same inline object under many properties
//! (an address, a `File | String` id) with only the description told apart; as separate types each would
//! carry its own derives and impls, which is most of the cost of compiling the module. Here each such type
//! stays in the module under its own name and with its own docs, as `pub type Name = Canonical;`, so the
//! generated API keeps every name the document gives while the compiler sees one type.
//!
//! Two types merge when their kinds are equal apart from where they came from (`Origin`), with every type
//! they name replaced by its representative (so `{a: Address}` and `{a: Address2}` merge once `Address2`
//! is an alias of `Address`); this repeats until nothing more merges. Field docs count (a merged struct
//! keeps one set of field docs); the type's own doc does not (it stays on the alias). This runs before
//! boxing, which then sees each alias as its target, so a cycle that merging closes is boxed like any other.
//!
//! An untagged union of one named member is an alias of that member: it reads and writes the same JSON,
//! and a failed read names the member's problem instead of "did not match any variant".
//!
//! The canonical type of a group is the first by name (types are sorted by name), so output is
//! deterministic.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{Origin, TypeDef, TypeKind, TypeRef, Union};

/// Turns duplicate types (and single-member untagged unions) into [`TypeKind::Alias`]. `types` is sorted by
/// name and not boxed yet.
pub fn merge_duplicates(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    // A single-member untagged union names its member, unless following such unions leads back to it.
    let only_member = |def: &TypeDef| match &def.kind {
        TypeKind::Union(Union { variants, tagging: crate::ir::Tagging::Untagged }) => match variants.as_slice() {
            [only] => only.ty.named().filter(|target| index.contains_key(*target)).map(str::to_owned),
            _ => None,
        },
        _ => None,
    };
    let targets: Vec<Option<String>> = types.iter().map(only_member).collect();
    for i in 0..types.len() {
        let Some(target) = &targets[i] else { continue };
        let mut at = index[target];
        let mut steps = 0;
        while let (Some(next), true) = (&targets[at], at != i && steps < types.len()) {
            at = index[next];
            steps += 1;
        }
        if at != i {
            types[i].kind = TypeKind::Alias(target.clone());
        }
    }
    // The representative of each type: itself, or the canonical type it is (through aliases) an alias of.
    let mut representative: Vec<usize> = (0..types.len()).collect();
    let resolve = |representative: &[usize], types: &[TypeDef], mut i: usize| {
        // Aliases never lead back to themselves (above), so this ends at a type that is no alias.
        for _ in 0..types.len() {
            match &types[i].kind {
                TypeKind::Alias(target) => match index.get(target) {
                    Some(&next) if next != i => i = next,
                    _ => break,
                },
                _ if representative[i] != i => i = representative[i],
                _ => break,
            }
        }
        i
    };
    for i in 0..types.len() {
        representative[i] = resolve(&representative, types, i);
    }
    // The types each type names, by index: a type's fingerprint changes only when one of those changes
    // representative, so each round re-fingerprints only those (the first round does every type).
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (i, def) in types.iter().enumerate() {
        for_each_named(&def.kind, &mut |name| {
            if let Some(&j) = index.get(name) {
                referrers[j].push(i);
            }
        });
    }
    let mut fingerprints: Vec<Option<String>> = vec![None; types.len()];
    let mut dirty: Vec<bool> = vec![true; types.len()];
    loop {
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        let mut merged = Vec::new();
        for i in 0..types.len() {
            if representative[i] != i || matches!(types[i].kind, TypeKind::Alias(_)) {
                fingerprints[i] = None;
                continue;
            }
            if dirty[i] || fingerprints[i].is_none() {
                fingerprints[i] = Some(fingerprint(&types[i].kind, &|name| {
                    index.get(name).map_or_else(|| name.to_owned(), |&j| types[representative[j]].name.clone())
                }));
            }
        }
        dirty.iter_mut().for_each(|d| *d = false);
        for (i, key) in fingerprints.iter().enumerate() {
            let Some(key) = key else { continue };
            match first_of.get(key.as_str()) {
                Some(&canonical) => merged.push((i, canonical)),
                None => {
                    first_of.insert(key, i);
                }
            }
        }
        if merged.is_empty() {
            break;
        }
        let before = representative.clone();
        for (duplicate, canonical) in merged {
            types[duplicate].kind = TypeKind::Alias(types[canonical].name.clone());
            representative[duplicate] = canonical;
        }
        for i in 0..types.len() {
            representative[i] = resolve(&representative, types, i);
        }
        for j in 0..types.len() {
            if before[j] != representative[j] {
                referrers[j].iter().for_each(|&i| dirty[i] = true);
            }
        }
    }
    // Every alias names its representative directly: no chains in the output.
    let names: Vec<String> = (0..types.len()).map(|i| types[representative[i]].name.clone()).collect();
    for (def, name) in types.iter_mut().zip(names) {
        if let TypeKind::Alias(target) = &mut def.kind {
            *target = name;
        }
    }
}

/// The text that two kinds share exactly when they are the same Rust type: their `Debug` text without
/// origins, with each named type replaced by `name_of` (its representative).
fn fingerprint(kind: &TypeKind, name_of: &dyn Fn(&str) -> String) -> String {
    let mut kind = kind.clone();
    let rename = |ty: &mut TypeRef| rename_refs(ty, name_of);
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                field.origin = Origin::default();
                rename(&mut field.ty);
            }
            if let Some(additional) = &mut s.additional {
                rename(additional);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| rename(&mut v.ty)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) => rename(ty),
        TypeKind::Enum(_) | TypeKind::Alias(_) => {}
    }
    format!("{kind:?}")
}

/// Calls `f` with each type name `kind` uses.
fn for_each_named(kind: &TypeKind, f: &mut dyn FnMut(&str)) {
    fn walk(ty: &TypeRef, f: &mut dyn FnMut(&str)) {
        match ty {
            TypeRef::Named(name) => f(name),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => walk(inner, f),
            TypeRef::Primitive(_) => {}
        }
    }
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|field| walk(&field.ty, f));
            if let Some(additional) = &s.additional {
                walk(additional, f);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, f)),
        TypeKind::Map(ty) | TypeKind::Newtype(ty) => walk(ty, f),
        TypeKind::Alias(target) => f(target),
        TypeKind::Enum(_) => {}
    }
}

fn rename_refs(ty: &mut TypeRef, name_of: &dyn Fn(&str) -> String) {
    match ty {
        TypeRef::Named(name) => *name = name_of(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => rename_refs(inner, name_of),
        TypeRef::Primitive(_) => {}
    }
}

/// The kind of the named type among `types` (sorted by name), through an alias.
pub fn kind_of<'a>(types: &'a [TypeDef], name: &str) -> Option<&'a TypeKind> {
    let find = |name: &str| types.binary_search_by(|t| t.name.as_str().cmp(name)).ok().map(|i| &types[i].kind);
    match find(name)? {
        TypeKind::Alias(target) => find(target),
        kind => Some(kind),
    }
}

/// Each type's kind by name, an alias standing for its target's kind.
pub fn kinds(types: &[TypeDef]) -> BTreeMap<&str, &TypeKind> {
    let own: BTreeMap<&str, &TypeKind> = types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    own.iter()
        .map(|(name, kind)| match kind {
            TypeKind::Alias(target) => (*name, own.get(target.as_str()).copied().unwrap_or(*kind)),
            _ => (*name, *kind),
        })
        .collect()
}
