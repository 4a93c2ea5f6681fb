//! Small schema helpers of the builder: enums from marker values, free-form objects, formats, nullability,
//! and the signatures that tell two definitions of one name apart.

use openapiv3::{
    AdditionalProperties, AnySchema, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::model::{DefShape, Markers, Model, TypeDef};
pub(super) fn short_name(name: &str) -> &str {
    name.rsplit('.').find(|segment| !segment.is_empty()).unwrap_or(name)
}

/// Component names may hold only `A-Za-z0-9._-`.
pub(super) fn sanitize_component(name: &str) -> String {
    let clean: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')).collect();
    if clean.is_empty() {
        "Type".to_owned()
    } else {
        clean
    }
}

pub(super) fn definition_signature(model: &Model, definition: &TypeDef) -> String {
    match &definition.shape {
        DefShape::Pending => String::new(),
        DefShape::Enum(values) => format!("{values:?}"),
        DefShape::Fields(table) => table_signature(model, *table, 0),
    }
}

fn table_signature(model: &Model, table: usize, depth: usize) -> String {
    let Some(fields) = model.tables.get(table) else { return String::new() };
    fields
        .iter()
        .map(|field| {
            let children = match field.children {
                Some(children) if depth < 32 => table_signature(model, children, depth + 1),
                _ => String::new(),
            };
            format!(
                "{}|{}|{}|{}|{:?}|[{}]",
                field.name, field.type_text, field.required, field.description, field.markers, children
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn marker_enum_values(markers: &Markers) -> Vec<Value> {
    if !markers.enumeration.is_empty() {
        return markers.enumeration.clone();
    }
    markers.constant.iter().cloned().collect()
}

pub(super) fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// An enum schema typed by its values: integers, numbers, booleans, else strings. No values: a plain string.
pub(super) fn enum_schema(values: &[Value]) -> Schema {
    let kind = if !values.is_empty() && values.iter().all(|v| v.as_i64().is_some()) {
        Type::Integer(IntegerType { enumeration: values.iter().map(Value::as_i64).collect(), ..IntegerType::default() })
    } else if !values.is_empty() && values.iter().all(Value::is_number) {
        Type::Number(NumberType { enumeration: values.iter().map(Value::as_f64).collect(), ..NumberType::default() })
    } else if !values.is_empty() && values.iter().all(Value::is_boolean) {
        Type::Boolean(BooleanType { enumeration: values.iter().map(Value::as_bool).collect() })
    } else {
        Type::String(StringType {
            enumeration: values.iter().map(|v| Some(value_text(v))).collect(),
            ..StringType::default()
        })
    };
    Schema { schema_data: SchemaData::default(), schema_kind: SchemaKind::Type(kind) }
}

pub(super) fn free_form_object() -> Schema {
    let object = ObjectType { additional_properties: Some(AdditionalProperties::Any(true)), ..ObjectType::default() };
    Schema { schema_data: SchemaData::default(), schema_kind: SchemaKind::Type(Type::Object(object)) }
}

pub(super) fn string_kind(format: Option<&'static str>) -> SchemaKind {
    SchemaKind::Type(Type::String(StringType { format: known_or_unknown(format), ..StringType::default() }))
}

pub(super) fn known_or_unknown<T: std::str::FromStr>(format: Option<&str>) -> VariantOrUnknownOrEmpty<T> {
    match format {
        Some(format) => format_of(format),
        None => VariantOrUnknownOrEmpty::Empty,
    }
}

pub(super) fn format_of<T: std::str::FromStr>(format: &str) -> VariantOrUnknownOrEmpty<T> {
    match format.parse() {
        Ok(known) => VariantOrUnknownOrEmpty::Item(known),
        Err(_) => VariantOrUnknownOrEmpty::Unknown(format.to_owned()),
    }
}

pub(super) fn box_schema(schema: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

/// Nullable in OpenAPI 3.0: `nullable: true`, and `null` among the values of an enum.
pub(super) fn make_nullable(schema: &mut Schema) {
    schema.schema_data.nullable = true;
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => string.enumeration.push(None),
        SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => integer.enumeration.push(None),
        SchemaKind::Type(Type::Number(number)) if !number.enumeration.is_empty() => number.enumeration.push(None),
        SchemaKind::Type(Type::Boolean(boolean)) if !boolean.enumeration.is_empty() => boolean.enumeration.push(None),
        _ => {}
    }
}

/// The schema under any arrays: where enum and format markers of an array field apply.
pub(super) fn innermost_items(schema: &mut Schema) -> Option<&mut Schema> {
    if !matches!(schema.schema_kind, SchemaKind::Type(Type::Array(_))) {
        return Some(schema);
    }
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => match array.items.as_mut()? {
            ReferenceOr::Item(items) => innermost_items(items),
            ReferenceOr::Reference { .. } => None,
        },
        _ => None,
    }
}

/// The free-form object (or untyped schema) under any arrays: where documented sub-properties go.
pub(super) fn innermost_open_object(schema: &mut Schema) -> Option<&mut Schema> {
    let open = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.is_empty(),
        SchemaKind::Any(any) => *any == AnySchema::default(),
        _ => false,
    };
    if open {
        return Some(schema);
    }
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => match array.items.as_mut()? {
            ReferenceOr::Item(items) => innermost_open_object(items),
            ReferenceOr::Reference { .. } => None,
        },
        _ => None,
    }
}

/// A default written as text (`` `20` `` on an integer, `` `true` `` on a string) turned into the schema's type.
pub(super) fn coerce_value(value: &Value, schema: &Schema) -> Value {
    let text = value_text(value);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Value::String(text),
        SchemaKind::Type(Type::Integer(_)) => text.parse::<i64>().map(Value::from).unwrap_or_else(|_| value.clone()),
        SchemaKind::Type(Type::Number(_)) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| value.clone()),
        SchemaKind::Type(Type::Boolean(_)) => text.parse::<bool>().map(Value::Bool).unwrap_or_else(|_| value.clone()),
        _ => value.clone(),
    }
}
