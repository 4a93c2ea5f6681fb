//! Defaults: each field's documented default as a Rust value of its type (or why it is only documented), and
//! which structs implement `Default`.

use std::collections::BTreeMap;

use super::Problem;
use crate::formats;
use crate::ir::{DefaultValue, EnumRepr, Primitive, StringEnum, TypeDef, TypeKind, TypeRef};

/// Turns each field's documented default into a Rust value of the field's type, or says why not.
pub fn resolve_defaults(types: &mut [TypeDef]) -> Vec<Problem> {
    let enums: BTreeMap<String, StringEnum> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((t.name.clone(), e.clone())),
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for field in &mut s.fields {
            let Some(default) = &mut field.default else { continue };
            match default_value(&default.json, &field.ty, &enums) {
                Ok(value) => default.value = value,
                Err(why) => problems.push((
                    field.origin.pointer.clone(),
                    format!("the default `{}` of `{}` {why}; it is documented, not applied", default.json, field.wire),
                )),
            }
        }
    }
    problems
}

/// A struct whose every field may be absent implements `Default`.
pub fn mark_default_impls(types: &mut [TypeDef]) {
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.default_impl = s.fields.iter().all(|f| !f.required);
        }
    }
}

/// A default as a Rust value of `ty`: `Ok(None)` when it is valid but not writable as a Rust expression
/// (an object, a date), `Err` when it is not a value of the type at all.
fn default_value(
    json: &serde_json::Value,
    ty: &TypeRef,
    enums: &BTreeMap<String, StringEnum>,
) -> Result<Option<DefaultValue>, String> {
    use serde_json::Value;
    let mismatch = || Err("is not a value of its type".to_owned());
    let value = match (ty, json) {
        (_, Value::Null) => return Ok(None),
        (TypeRef::Primitive(Primitive::String), Value::String(s)) if s.is_empty() => DefaultValue::TypeDefault,
        (TypeRef::Primitive(Primitive::String), Value::String(s)) => DefaultValue::String(s.clone()),
        (TypeRef::Primitive(Primitive::Bool), Value::Bool(false)) => DefaultValue::TypeDefault,
        (TypeRef::Primitive(Primitive::Bool), Value::Bool(b)) => DefaultValue::Bool(*b),
        (TypeRef::Primitive(p), Value::Number(n)) if formats::is_integer(*p) => {
            let Some(v) = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)) else { return mismatch() };
            if !formats::integer_fits(*p, v) {
                return Err(format!("does not fit `{}`", formats::rust_path(*p)));
            }
            if v == 0 {
                DefaultValue::TypeDefault
            } else {
                DefaultValue::Integer(v)
            }
        }
        (TypeRef::Primitive(p), Value::Number(n)) if formats::is_float(*p) => {
            let Some(v) = n.as_f64() else { return mismatch() };
            if *p == Primitive::F32 && v.abs() > f64::from(f32::MAX) {
                return Err("does not fit `f32`".to_owned());
            }
            if v == 0.0 && v.is_sign_positive() {
                DefaultValue::TypeDefault
            } else {
                DefaultValue::Float(v)
            }
        }
        (TypeRef::Named(name), value) => {
            let Some(e) = enums.get(name) else {
                return Ok(None);
            };
            let wire = match (e.repr, value) {
                (EnumRepr::String, Value::String(s)) => s.clone(),
                (EnumRepr::Integer, Value::Number(n)) if n.is_i64() => n.to_string(),
                _ => return mismatch(),
            };
            match e.variants.iter().find(|v| v.wire == wire) {
                Some(variant) => DefaultValue::Variant(variant.name.clone()),
                None => return Err("is not one of the enum's values".to_owned()),
            }
        }
        (TypeRef::Vec(_), Value::Array(items)) if items.is_empty() => DefaultValue::TypeDefault,
        (TypeRef::Map(_) | TypeRef::Primitive(Primitive::JsonObject), Value::Object(map)) if map.is_empty() => {
            DefaultValue::TypeDefault
        }
        (TypeRef::Primitive(p), _) if formats::is_integer(*p) || formats::is_float(*p) => return mismatch(),
        (TypeRef::Primitive(Primitive::String | Primitive::Bool), _) => return mismatch(),
        _ => return Ok(None),
    };
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::EnumVariant;

    #[test]
    fn defaults_are_written_only_when_they_fit_the_type() {
        let enums = BTreeMap::from([(
            "Order".to_owned(),
            StringEnum {
                variants: vec![EnumVariant { name: "Asc".into(), wire: "asc".into() }],
                repr: EnumRepr::String,
            },
        )]);
        let prim = TypeRef::Primitive;
        let check = |value: serde_json::Value, ty: &TypeRef| default_value(&value, ty, &enums);
        assert_eq!(check(json!(20), &prim(Primitive::I32)), Ok(Some(DefaultValue::Integer(20))));
        assert_eq!(check(json!(0), &prim(Primitive::I64)), Ok(Some(DefaultValue::TypeDefault)));
        assert!(check(json!(300), &prim(Primitive::U8)).is_err());
        assert!(check(json!(-1), &prim(Primitive::U64)).is_err());
        assert!(check(json!(1.5), &prim(Primitive::I64)).is_err());
        assert_eq!(check(json!(2), &prim(Primitive::F64)), Ok(Some(DefaultValue::Float(2.0))));
        assert!(check(json!(1e300), &prim(Primitive::F32)).is_err());
        assert_eq!(check(json!("x"), &prim(Primitive::String)), Ok(Some(DefaultValue::String("x".into()))));
        assert!(check(json!(5), &prim(Primitive::String)).is_err());
        assert_eq!(check(json!("asc"), &TypeRef::Named("Order".into())), Ok(Some(DefaultValue::Variant("Asc".into()))));
        assert!(check(json!("desc"), &TypeRef::Named("Order".into())).is_err());
        assert_eq!(
            check(json!([]), &TypeRef::Vec(Box::new(prim(Primitive::String)))),
            Ok(Some(DefaultValue::TypeDefault))
        );
        // Valid, but not written as Rust: documented only.
        assert_eq!(check(json!(["a"]), &TypeRef::Vec(Box::new(prim(Primitive::String)))), Ok(None));
        assert_eq!(check(json!("2024-01-01"), &prim(Primitive::Date)), Ok(None));
        assert_eq!(check(json!(null), &prim(Primitive::I64)), Ok(None));
    }
}
