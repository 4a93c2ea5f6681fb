//! Duplicate types: types that would be the same Rust type become aliases of one of them (the pass before boxing).
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

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::ir::{Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant};

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
    let mut names: Vec<&str> = Vec::new();
    for (i, def) in types.iter().enumerate() {
        names.clear();
        def.kind.collect_names(&mut names);
        for name in &names {
            if let Some(&j) = index.get(*name) {
                referrers[j].push(i);
            }
        }
    }
    // Each round compares every type that is its own representative with the earlier ones of the same hash;
    // a hash changes only when a type it names changes representative, so only those are re-hashed.
    let mut hashes: Vec<u64> = vec![0; types.len()];
    let mut dirty: Vec<bool> = vec![true; types.len()];
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    loop {
        buckets.clear();
        let mut merged = Vec::new();
        for i in 0..types.len() {
            if representative[i] != i || matches!(types[i].kind, TypeKind::Alias(_)) {
                continue;
            }
            let shape = Shape { index: &index, representative: &representative };
            if dirty[i] {
                hashes[i] = shape.hash(&types[i].kind);
            }
            let bucket = buckets.entry(hashes[i]).or_default();
            match bucket.iter().find(|&&j| shape.same(&types[j].kind, &types[i].kind)) {
                Some(&canonical) => merged.push((i, canonical)),
                None => bucket.push(i),
            }
        }
        dirty.iter_mut().for_each(|d| *d = false);
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

/// Kinds compared as Rust types: equal apart from where they came from (`Origin`), with each named type read
/// as its representative. Every part of a kind is destructured by name, so a part added to the IR must be
/// placed here (compared, or deliberately ignored) before this compiles.
struct Shape<'a> {
    index: &'a HashMap<String, usize>,
    representative: &'a [usize],
}

impl Shape<'_> {
    /// The type a name stands for: its representative's index, or the name itself when it is no type here.
    fn target<'n>(&self, name: &'n str) -> Result<usize, &'n str> {
        self.index.get(name).map(|&i| self.representative[i]).ok_or(name)
    }

    fn same(&self, a: &TypeKind, b: &TypeKind) -> bool {
        match (a, b) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                let Struct { fields, additional, additional_field, default_impl } = a;
                fields.len() == b.fields.len()
                    && fields.iter().zip(&b.fields).all(|(a, b)| self.same_field(a, b))
                    && match (additional, &b.additional) {
                        (Some(a), Some(b)) => self.same_ref(a, b),
                        (None, None) => true,
                        _ => false,
                    }
                    && *additional_field == b.additional_field
                    && *default_impl == b.default_impl
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let StringEnum { variants, repr } = a;
                *repr == b.repr && *variants == b.variants
            }
            (TypeKind::Map(a), TypeKind::Map(b)) | (TypeKind::Newtype(a), TypeKind::Newtype(b)) => self.same_ref(a, b),
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let Union { variants, tagging } = a;
                *tagging == b.tagging
                    && variants.len() == b.variants.len()
                    && variants.iter().zip(&b.variants).all(|(a, b)| {
                        let UnionVariant { name, ty, boxed, tag, tag_aliases } = a;
                        *name == b.name
                            && self.same_ref(ty, &b.ty)
                            && *boxed == b.boxed
                            && *tag == b.tag
                            && *tag_aliases == b.tag_aliases
                    })
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) => self.target(a) == self.target(b),
            _ => false,
        }
    }

    fn same_field(&self, a: &Field, b: &Field) -> bool {
        let Field {
            name,
            wire,
            ty,
            required,
            required_from_examples,
            nullable,
            boxed,
            doc,
            read_only,
            write_only,
            deprecated,
            default,
            origin: _,
        } = a;
        *name == b.name
            && *wire == b.wire
            && self.same_ref(ty, &b.ty)
            && *required == b.required
            && *required_from_examples == b.required_from_examples
            && *nullable == b.nullable
            && *boxed == b.boxed
            && *doc == b.doc
            && *read_only == b.read_only
            && *write_only == b.write_only
            && *deprecated == b.deprecated
            && match (default, &b.default) {
                (None, None) => true,
                // Compared as written, so `-0.0` and `0.0` stay apart.
                (Some(a), Some(b)) => a == b && format!("{a:?}") == format!("{b:?}"),
                _ => false,
            }
    }

    fn same_ref(&self, a: &TypeRef, b: &TypeRef) -> bool {
        match (a, b) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.target(a) == self.target(b),
            (TypeRef::Primitive(a), TypeRef::Primitive(b)) => a == b,
            (TypeRef::Vec(a), TypeRef::Vec(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Option(a), TypeRef::Option(b)) => self.same_ref(a, b),
            _ => false,
        }
    }

    /// A hash that is equal for kinds that are [`same`](Self::same); it reads only the parts that usually
    /// tell kinds apart (the comparison decides).
    fn hash(&self, kind: &TypeKind) -> u64 {
        let mut hasher = DefaultHasher::new();
        std::mem::discriminant(kind).hash(&mut hasher);
        match kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    field.wire.hash(&mut hasher);
                    field.required.hash(&mut hasher);
                    self.hash_ref(&field.ty, &mut hasher);
                }
            }
            TypeKind::Enum(e) => e.variants.iter().for_each(|v| v.wire.hash(&mut hasher)),
            TypeKind::Map(ty) | TypeKind::Newtype(ty) => self.hash_ref(ty, &mut hasher),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| self.hash_ref(&v.ty, &mut hasher)),
            TypeKind::Alias(target) => self.target(target).hash(&mut hasher),
        }
        hasher.finish()
    }

    fn hash_ref(&self, ty: &TypeRef, hasher: &mut DefaultHasher) {
        std::mem::discriminant(ty).hash(hasher);
        match ty {
            TypeRef::Named(name) => self.target(name).hash(hasher),
            TypeRef::Primitive(primitive) => primitive.hash(hasher),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => self.hash_ref(inner, hasher),
        }
    }
}
