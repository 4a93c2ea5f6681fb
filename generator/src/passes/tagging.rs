//! Tagging: how each union is told apart on the wire (adjacently, internally or untagged), the variant structs
//! of internally tagged unions without their tag, and the order untagged variants are tried in.

use std::collections::{BTreeMap, BTreeSet};

use super::reachable::operation_roots;
use super::Problem;
use crate::formats;
use crate::ir::{
    kinds, paragraphs, EnumRepr, Kinds, Operation, Primitive, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant,
};
use crate::naming::{self, Scope};

/// Decides how each union is tagged on the wire, from what its members allow:
/// - adjacently (`{"type": "text", "data": …}`) when every member is an object of exactly two required
///   properties, the same two in each, the first fixed to a distinct value;
/// - internally (`{"type": "dog", …}`) when a discriminator names the property and every member is an
///   object, or, without a discriminator, when every member fixes one shared required property to a
///   distinct value;
/// - untagged otherwise. A discriminator that cannot tag the union is a warning saying why.
pub fn choose_tagging(types: &mut [TypeDef]) -> Vec<Problem> {
    // The unions are taken out while they are decided: deciding reads only structs and enums, which stay.
    let mut unions: Vec<(usize, Union)> = Vec::new();
    for (i, def) in types.iter_mut().enumerate() {
        if matches!(def.kind, TypeKind::Union(_)) {
            if let TypeKind::Union(union) = std::mem::replace(&mut def.kind, TypeKind::Alias(String::new())) {
                unions.push((i, union));
            }
        }
    }
    let mut problems = Vec::new();
    let snapshot = kinds(types);
    for (i, union) in &mut unions {
        let def = &types[*i];
        let structs: Option<Vec<&Struct>> = union
            .variants
            .iter()
            .map(|v| match v.ty.named().and_then(|n| snapshot.get(n)) {
                Some(TypeKind::Struct(s)) => Some(s),
                _ => None,
            })
            .collect();
        let discriminator = match &union.tagging {
            Tagging::Internal { property } => Some(property.clone()),
            _ => None,
        };
        let Some(structs) = structs else {
            if let Some(property) = discriminator {
                let why = "needs every member to be an object";
                problems.push((def.origin.pointer.clone(), untagged_because(&def.name, &property, why)));
                untag(union);
            }
            continue;
        };
        if let Some(AdjacentShape { tag, content, members }) = adjacent_shape(&structs, &snapshot) {
            if discriminator.as_ref().is_none_or(|p| *p == tag) {
                for (variant, (value, ty)) in union.variants.iter_mut().zip(members) {
                    variant.ty = ty;
                    variant.tag = Some(value);
                    variant.tag_aliases.clear();
                }
                union.tagging = Tagging::Adjacent { tag, content };
                name_variants_by_tag(union);
                continue;
            }
        }
        match discriminator {
            Some(property) => {
                if let Err(why) = check_discriminator(union, &structs, &property, &snapshot) {
                    let why = format!("cannot tag the union ({why})");
                    problems.push((def.origin.pointer.clone(), untagged_because(&def.name, &property, &why)));
                    untag(union);
                }
            }
            None => {
                if let Some((property, values)) = implicit_discriminator(&structs, &snapshot) {
                    for (variant, value) in union.variants.iter_mut().zip(values) {
                        variant.tag = Some(value);
                    }
                    union.tagging = Tagging::Internal { property };
                }
            }
        }
        if union.tagging != Tagging::Untagged {
            name_variants_by_tag(union);
        }
    }
    for (i, union) in unions {
        types[i].kind = TypeKind::Union(union);
    }
    problems
}

/// An internally tagged union reads and writes the tag itself, so its variant structs must not have the
/// tag as a field. A struct used only as such a variant loses the field; a struct also used elsewhere
/// (where the property is its own) keeps it, and the union holds a copy without it (`DogFields`).
pub fn strip_tags(types: &mut Vec<TypeDef>, operations: &[Operation], scope: &mut Scope) {
    let mut plain: BTreeSet<&str> = BTreeSet::new();
    let mut tagged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for def in types.iter() {
        match &def.kind {
            TypeKind::Union(Union { variants, tagging: Tagging::Internal { property } }) => {
                for variant in variants {
                    if let Some(name) = variant.ty.named() {
                        tagged.entry(name.to_owned()).or_default().insert(property.clone());
                    }
                }
            }
            kind => kind.collect_names(&mut plain),
        }
    }
    for op in operations {
        operation_roots(op).into_iter().for_each(|ty| ty.collect_names(&mut plain));
    }
    let plain: BTreeSet<String> = plain.into_iter().map(str::to_owned).collect();
    let mut positions: BTreeMap<String, usize> = BTreeMap::new();
    for (i, def) in types.iter().enumerate() {
        positions.entry(def.name.clone()).or_insert(i);
    }
    let mut copies: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut added = Vec::new();
    for (name, properties) in &tagged {
        let Some(&index) = positions.get(name) else { continue };
        for property in properties {
            let TypeKind::Struct(s) = &types[index].kind else { continue };
            if !s.fields.iter().any(|f| &f.wire == property) {
                continue;
            }
            let note =
                format!("The `{property}` property is not a field: the tagged union holding this type writes it.");
            if !plain.contains(name) && properties.len() == 1 {
                let def = &mut types[index];
                if let TypeKind::Struct(s) = &mut def.kind {
                    s.fields.retain(|f| &f.wire != property);
                }
                def.doc = paragraphs([def.doc.as_deref(), Some(note.as_str())]);
            } else {
                let mut copy = types[index].clone();
                copy.name = scope.claim(naming::tagless_struct_name(name));
                if let TypeKind::Struct(s) = &mut copy.kind {
                    s.fields.retain(|f| &f.wire != property);
                }
                let title = format!("`{name}` without its `{property}` property, as a tagged union holds it.");
                copy.doc = paragraphs([Some(title.as_str()), copy.doc.as_deref()]);
                copies.insert((name.clone(), property.clone()), copy.name.clone());
                added.push(copy);
            }
        }
    }
    for def in types.iter_mut() {
        if let TypeKind::Union(Union { variants, tagging: Tagging::Internal { property } }) = &mut def.kind {
            for variant in variants {
                let copy = variant.ty.named().and_then(|n| copies.get(&(n.to_owned(), property.clone())));
                if let Some(copy) = copy {
                    variant.ty = TypeRef::Named(copy.clone());
                }
            }
        }
    }
    types.extend(added);
}

/// A tagged union's variants are named after their tags (the wire says `user`, the variant is `User`), not
/// after their member types, which may be names invented for inline schemas (`MessageVariant1`).
fn name_variants_by_tag(union: &mut Union) {
    let mut scope = Scope::new();
    for variant in &mut union.variants {
        if let Some(tag) = &variant.tag {
            variant.name = scope.claim(naming::variant_name(tag));
        }
    }
}

fn untagged_because(union: &str, property: &str, why: &str) -> String {
    format!("`{union}`: the discriminator `{property}` {why}; the union is matched by shape (untagged)")
}

/// Falls back to matching by shape: no tagging, no tags.
fn untag(union: &mut Union) {
    union.tagging = Tagging::Untagged;
    for variant in &mut union.variants {
        variant.tag = None;
        variant.tag_aliases.clear();
    }
}

/// An adjacently tagged union's wire shape: the tag and content property names, and per member its tag
/// value and content type.
struct AdjacentShape {
    tag: String,
    content: String,
    members: Vec<(String, TypeRef)>,
}

/// The adjacently tagged shape: every struct has exactly two required, non-null fields, the same two wire
/// names in each; one is fixed to one string (a one-value enum), distinct across the structs.
fn adjacent_shape(structs: &[&Struct], kinds: &Kinds) -> Option<AdjacentShape> {
    let first = structs.first()?;
    if first.fields.len() != 2 {
        return None;
    }
    for (tag_index, content_index) in [(0, 1), (1, 0)] {
        let tag = &first.fields[tag_index].wire;
        let content = &first.fields[content_index].wire;
        let mut values: Vec<(String, TypeRef)> = Vec::new();
        for s in structs {
            if s.fields.len() != 2 || s.additional.is_some() || s.fields.iter().any(|f| !f.required || f.nullable) {
                return None;
            }
            let tag_field = s.fields.iter().find(|f| &f.wire == tag);
            let content_field = s.fields.iter().find(|f| &f.wire == content);
            let (Some(tag_field), Some(content_field)) = (tag_field, content_field) else { break };
            let Some(value) = fixed_string(&tag_field.ty, kinds) else { break };
            if values.iter().any(|(v, _)| *v == value) {
                break;
            }
            values.push((value, content_field.ty.clone()));
        }
        if values.len() == structs.len() {
            return Some(AdjacentShape { tag: tag.clone(), content: content.clone(), members: values });
        }
    }
    None
}

/// A shared required property that every struct fixes to a distinct string: an implicit discriminator.
fn implicit_discriminator(structs: &[&Struct], kinds: &Kinds) -> Option<(String, Vec<String>)> {
    let first = structs.first()?;
    'candidates: for candidate in first.fields.iter().filter(|f| f.required && !f.nullable) {
        let mut values: Vec<String> = Vec::new();
        for s in structs {
            let field = s.fields.iter().find(|f| f.wire == candidate.wire && f.required && !f.nullable);
            let Some(value) = field.and_then(|f| fixed_string(&f.ty, kinds)) else { continue 'candidates };
            if values.contains(&value) {
                continue 'candidates;
            }
            values.push(value);
        }
        return Some((candidate.wire.clone(), values));
    }
    None
}

/// The rules an internally tagged union must keep: every variant has a tag, no two tags are the same, and a
/// variant struct that declares the tag property declares it as a string (fixed, if at all, to its tag).
fn check_discriminator(union: &Union, structs: &[&Struct], property: &str, kinds: &Kinds) -> Result<(), String> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (variant, s) in union.variants.iter().zip(structs) {
        let Some(tag) = &variant.tag else { return Err(format!("no value selects `{}`", variant.name)) };
        for value in std::iter::once(tag).chain(&variant.tag_aliases) {
            if !seen.insert(value) {
                return Err(format!("the value `{value}` selects two members"));
            }
        }
        let Some(field) = s.fields.iter().find(|f| f.wire == property) else { continue };
        let string_like = match &field.ty {
            TypeRef::Primitive(Primitive::String) => true,
            TypeRef::Named(name) => {
                matches!(kinds.get(name.as_str()), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String)
            }
            _ => false,
        };
        if !string_like {
            return Err(format!("`{}` declares `{property}` as something other than a string", variant.name));
        }
        if let Some(fixed) = fixed_string(&field.ty, kinds) {
            if fixed != *tag {
                return Err(format!(
                    "`{}` fixes `{property}` to `{fixed}`, but the discriminator selects it with `{tag}`",
                    variant.name
                ));
            }
        }
    }
    Ok(())
}

/// The value of a one-value string enum type (`const`).
fn fixed_string(ty: &TypeRef, kinds: &Kinds) -> Option<String> {
    match kinds.get(ty.named()?)? {
        TypeKind::Enum(e) if e.repr == EnumRepr::String && e.variants.len() == 1 => Some(e.variants[0].wire.clone()),
        _ => None,
    }
}

/// Untagged variants are tried in order and the first that matches wins, so the more specific come first:
/// enums and formatted strings before plain strings, objects with more required properties before those
/// with fewer, integers before numbers, maps and free-form JSON last. Equal ranks keep document order.
pub fn order_untagged_variants(types: &mut [TypeDef]) {
    // Every order is decided from the kinds as they are, then applied.
    let orders: Vec<(usize, Vec<usize>)> = {
        let kinds = kinds(types);
        types
            .iter()
            .enumerate()
            .filter_map(|(i, def)| match &def.kind {
                TypeKind::Union(union) if union.tagging == Tagging::Untagged => {
                    let mut order: Vec<usize> = (0..union.variants.len()).collect();
                    order.sort_by_key(|&v| specificity(&union.variants[v].ty, &kinds, 0));
                    Some((i, order))
                }
                _ => None,
            })
            .collect()
    };
    for (i, order) in orders {
        if let TypeKind::Union(union) = &mut types[i].kind {
            let mut variants: Vec<Option<UnionVariant>> = union.variants.drain(..).map(Some).collect();
            union.variants = order.into_iter().filter_map(|v| variants[v].take()).collect();
        }
    }
}

/// Lower is tried first: (rank, fewer required properties last, fewer properties last).
fn specificity(ty: &TypeRef, kinds: &Kinds, depth: usize) -> (u8, std::cmp::Reverse<usize>, std::cmp::Reverse<usize>) {
    use std::cmp::Reverse;
    let rank = |r: u8| (r, Reverse(0), Reverse(0));
    match ty {
        TypeRef::Primitive(p) => rank(match p {
            Primitive::DateTime | Primitive::Date | Primitive::Uuid => 0,
            Primitive::Bool | Primitive::Bytes => 2,
            p if formats::is_integer(*p) => 2,
            Primitive::JsonObject => 4,
            Primitive::Json => 5,
            _ => 3,
        }),
        TypeRef::Vec(_) => rank(2),
        TypeRef::Map(_) => rank(4),
        TypeRef::Option(inner) => specificity(inner, kinds, depth),
        TypeRef::Named(name) => match kinds.get(name.as_str()) {
            Some(TypeKind::Enum(_)) => rank(0),
            Some(TypeKind::Struct(s)) => {
                (1, Reverse(s.fields.iter().filter(|f| f.required).count()), Reverse(s.fields.len()))
            }
            Some(TypeKind::Newtype(inner)) if depth < 8 => specificity(inner, kinds, depth + 1),
            Some(TypeKind::Map(_)) => rank(4),
            _ => rank(2),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untagged_variants_try_the_specific_first() {
        let kinds = BTreeMap::new();
        let mut tys = [
            TypeRef::Primitive(Primitive::Json),
            TypeRef::Primitive(Primitive::String),
            TypeRef::Primitive(Primitive::F64),
            TypeRef::Primitive(Primitive::I64),
            TypeRef::Primitive(Primitive::Uuid),
            TypeRef::Primitive(Primitive::JsonObject),
        ];
        tys.sort_by_key(|ty| specificity(ty, &kinds, 0));
        let order: Vec<Primitive> = tys
            .iter()
            .filter_map(|t| match t {
                TypeRef::Primitive(p) => Some(*p),
                _ => None,
            })
            .collect();
        assert_eq!(
            order,
            [
                Primitive::Uuid,
                Primitive::I64,
                Primitive::String,
                Primitive::F64,
                Primitive::JsonObject,
                Primitive::Json
            ]
        );
    }
}
