//! `deepObject` parameters: each must be an object of single values to be read from `name[property]=value`
//! pairs; any other is passed through as text.

use super::Problem;
use crate::formats;
use crate::ir::{
    kinds_through_aliases, Constraints, Kinds, Operation, ParamStyle, Primitive, TypeDef, TypeKind, TypeRef,
};

/// A `deepObject` parameter is read from `name[property]=value` pairs into its type, which must be an
/// object of single values (a struct, a map, a free-form object); any other is passed through as text.
pub fn check_deep_objects(operations: &mut [Operation], types: &[TypeDef]) -> Vec<Problem> {
    let kinds = kinds_through_aliases(types);
    let mut problems = Vec::new();
    for param in operations.iter_mut().flat_map(|op| &mut op.params) {
        if param.style != ParamStyle::DeepObject {
            continue;
        }
        if let Some(problem) = deep_object_problem(&param.ty, &kinds) {
            let message = format!(
                "`deepObject` parameter `{0}`: {problem}; it is passed through as text, read as `{0}=…`",
                param.wire
            );
            problems.push((param.origin.pointer.clone(), message));
            param.ty = TypeRef::Primitive(Primitive::String);
            param.style = ParamStyle::FormExploded;
            param.constraints = Constraints::default();
        }
    }
    problems
}

/// Whether `ty` is one value the router parses from text (`FromStr`): a scalar, an enum or a named scalar.
fn is_text_type(ty: &TypeRef, types: &Kinds) -> bool {
    match ty {
        TypeRef::Primitive(primitive) => formats::parses_from_text(*primitive),
        TypeRef::Named(name) => match types.get(name.as_str()) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Newtype(TypeRef::Primitive(primitive))) => formats::parses_from_text(*primitive),
            _ => false,
        },
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Option(_) => false,
    }
}

/// Why a `deepObject` parameter of type `ty` cannot be read from `name[property]=value` pairs, if it cannot:
/// it must be an object whose every property (named or additional) is one value.
fn deep_object_problem(ty: &TypeRef, types: &Kinds) -> Option<String> {
    let single = |ty: &TypeRef| is_text_type(ty, types) || *ty == TypeRef::Primitive(Primitive::Json);
    match ty {
        TypeRef::Primitive(Primitive::JsonObject) => None,
        TypeRef::Map(value) if single(value) => None,
        TypeRef::Map(_) => Some("its values are not single values".to_owned()),
        TypeRef::Named(name) => match types.get(name.as_str()) {
            Some(TypeKind::Struct(s)) => {
                if let Some(field) = s.fields.iter().find(|f| !is_text_type(&f.ty, types)) {
                    return Some(format!(
                        "property `{}` is not a single value (nested objects and arrays have no `deepObject` form)",
                        field.wire
                    ));
                }
                match &s.additional {
                    Some(value) if !single(value) => Some("its additional properties are not single values".to_owned()),
                    _ => None,
                }
            }
            Some(TypeKind::Map(value)) if single(value) => None,
            Some(TypeKind::Map(_)) => Some("its values are not single values".to_owned()),
            _ => Some(format!("`{name}` is not an object")),
        },
        _ => Some("it is not an object".to_owned()),
    }
}
