//! OpenAPI queries the stages share: the one resolver of schema `$ref`s ([`schema_component`]), nullability
//! and unions, the operations of a document and a path item, parameter data, and the names of the extensions
//! docgen writes. Leaf module: it uses only the leaves [`crate::endpoint`], [`crate::ir`] and [`crate::naming`].

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterData, PathItem, QueryStyle, ReferenceOr, Schema, SchemaKind, StatusCode,
    Type,
};

use crate::endpoint::{Endpoint, Method};
use crate::ir::ParamStyle;
use crate::naming;

/// Where every schema `$ref` of a normalised document points.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// How many components of a `$ref` chain (`A: {$ref: B}`, `B: {$ref: C}`, …) a reader of the normalised
/// document looks up before it gives up. Normalise makes every alias an alias of the schema its chain ends
/// at, so two lookups reach any schema; the bound only stops a loop in a document that was not normalised.
pub const RESOLVE_LOOKUPS: usize = 47;

/// The extension describing an operation's pagination in the derived OpenAPI
/// ([`crate::manifest::PaginationSpec`]).
pub const PAGINATION_EXTENSION: &str = "x-pagination";

/// The extension marking a response component as an answer of the generated router, not of the vendor's API.
pub const ROUTER_EXTENSION: &str = "x-docgen-router";

/// The extension of an object schema that lists the `required` properties whose requiredness no document
/// states: every example has them. Lowering keeps such a property optional where only responses use it.
pub const REQUIRED_FROM_EXAMPLES: &str = "x-docgen-required-from-examples";

/// The prefix of the names of the router's answers among `components.responses` (`docgen.BadRequest`).
pub const ROUTER_COMPONENT_PREFIX: &str = "docgen.";

/// The schema a position names: itself, or the component its `$ref` ends at (through aliases).
pub(crate) fn resolve<'a>(api: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => resolve_reference(api, reference),
    }
}

/// [`resolve`] for the boxed positions (properties, items): no copy of the schema is made.
pub(crate) fn resolve_boxed<'a>(api: &'a OpenAPI, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => resolve_reference(api, reference),
    }
}

/// The component a schema `$ref` ends at, through aliases: its key and its schema. `None` when a link points
/// outside `components.schemas` or names no component, or when `lookups` components were looked up without
/// reaching a schema (a loop, or a chain longer than the caller follows). The one place `$ref`s to schemas are
/// followed.
pub fn schema_component<'a>(
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    reference: &str,
    lookups: usize,
) -> Option<(&'a str, &'a Schema)> {
    let mut key = reference.strip_prefix(SCHEMA_PREFIX)?;
    for _ in 0..lookups {
        match schemas.get_key_value(key)? {
            (key, ReferenceOr::Item(schema)) => return Some((key.as_str(), schema)),
            (_, ReferenceOr::Reference { reference }) => key = reference.strip_prefix(SCHEMA_PREFIX)?,
        }
    }
    None
}

fn resolve_reference<'a>(api: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    let schemas = &api.components.as_ref()?.schemas;
    schema_component(schemas, reference, RESOLVE_LOOKUPS).map(|(_, schema)| schema)
}

/// `allOf: [{$ref}]`, alone or beside parts that only annotate (`allOf: [{$ref}, {description: …}]`):
/// OpenAPI 3.0's way to give a reference `nullable`, a description or a default. It is that reference, not a
/// new type.
pub fn single_reference(schema: &Schema) -> Option<&str> {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return None };
    let mut references = all_of.iter().filter_map(|part| match part {
        ReferenceOr::Reference { reference } => Some(reference.as_str()),
        ReferenceOr::Item(_) => None,
    });
    let reference = references.next()?;
    let annotations_only = all_of.iter().all(|part| part.as_item().is_none_or(is_annotation));
    (references.next().is_none() && annotations_only).then_some(reference)
}

/// A schema of annotations only (a description, `nullable`, a default, `readOnly`): it allows anything, so
/// beside a reference it only annotates it.
pub fn is_annotation(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

/// An untyped (or matching-typed) `enum` whose non-null values are all strings or all integers: a Rust enum.
pub fn enum_of_one_kind(any: &openapiv3::AnySchema) -> bool {
    let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
    let strings = values.iter().all(|v| v.is_string()) && matches!(any.typ.as_deref(), None | Some("string"));
    let integers = values.iter().all(|v| v.is_i64()) && matches!(any.typ.as_deref(), None | Some("integer"));
    !values.is_empty() && (strings || integers)
}

/// The members of a `oneOf`/`anyOf` schema and the keyword that holds them (`oneOf` when a schema has both).
pub fn union_members(schema: &Schema) -> Option<(&'static str, &[ReferenceOr<Schema>])> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => Some(("oneOf", one_of)),
        SchemaKind::AnyOf { any_of } => Some(("anyOf", any_of)),
        SchemaKind::Any(any) if !any.one_of.is_empty() => Some(("oneOf", &any.one_of)),
        SchemaKind::Any(any) if !any.any_of.is_empty() => Some(("anyOf", &any.any_of)),
        _ => None,
    }
}

/// A schema that allows only `null` (`type: 'null'`, `enum: [null]`). As a union member it makes the union
/// nullable rather than adding a variant.
pub fn is_null_schema(schema: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else { return false };
    is_null(schema)
}

/// [`is_null_schema`] of a schema in hand (a reference already followed).
pub fn is_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || (!any.enumeration.is_empty() && any.enumeration.iter().all(serde_json::Value::is_null))
        }
        SchemaKind::Type(Type::String(t)) => !t.enumeration.is_empty() && t.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Integer(t)) => !t.enumeration.is_empty() && t.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Number(t)) => !t.enumeration.is_empty() && t.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Boolean(t)) => !t.enumeration.is_empty() && t.enumeration.iter().all(Option::is_none),
        _ => false,
    }
}

/// `anyOf: [X, {type: 'null'}]` (or `oneOf`, in any order, 3.1's spelling of a nullable X): X, with the
/// keyword and index where it is. Such a schema is X, made optional where it is used; it is not a new type.
pub fn null_union_member(schema: &Schema) -> Option<(&'static str, usize, &ReferenceOr<Schema>)> {
    if let SchemaKind::Any(any) = &schema.schema_kind {
        if !any.properties.is_empty() || !any.all_of.is_empty() {
            return None;
        }
    }
    let (keyword, members) = union_members(schema)?;
    let mut others = members.iter().enumerate().filter(|(_, member)| !is_null_schema(member));
    let (index, member) = others.next()?;
    (others.next().is_none() && members.len() > 1).then_some((keyword, index, member))
}

/// Whether a schema allows `null`: `nullable: true`, a `null` among its `enum` values, or a `null` member.
pub fn is_nullable(schema: &Schema) -> bool {
    let null_value = match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    };
    let null_member = union_members(schema).is_some_and(|(_, members)| members.iter().any(is_null_schema));
    let null_annotation = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if single_reference(schema).is_some() => {
            all_of.iter().filter_map(ReferenceOr::as_item).any(|part| part.schema_data.nullable)
        }
        _ => false,
    };
    schema.schema_data.nullable || null_value || null_member || null_annotation
}

/// A set of property names (a schema's `required`): a short list is searched, which costs less than building a
/// set for the few names most schemas list; a long one is looked up (searching it per property was quadratic).
pub(crate) enum NameSet<'s> {
    List(&'s [String]),
    Set(BTreeSet<&'s str>),
}

impl<'s> NameSet<'s> {
    pub(crate) fn new(names: &'s [String]) -> NameSet<'s> {
        if names.len() <= 16 {
            NameSet::List(names)
        } else {
            NameSet::Set(names.iter().map(String::as_str).collect())
        }
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        match self {
            NameSet::List(names) => names.iter().any(|n| n == name),
            NameSet::Set(set) => set.contains(name),
        }
    }
}

/// The operationId used when a document gives none: method and path, snake_case (`get_users_id`).
pub fn fallback_operation_id(endpoint: &Endpoint) -> String {
    naming::value_name(&endpoint.to_string()).trim_start_matches("r#").to_owned()
}

/// The operation of `method` at `path` in a document, if it defines one.
pub fn find_operation<'a>(api: &'a OpenAPI, path: &str, method: Method) -> Option<&'a Operation> {
    let item = api.paths.paths.get(path)?.as_item()?;
    item.iter().find(|(m, _)| *m == method.lower()).map(|(_, operation)| operation)
}

/// The field of a path item that holds the operation of `method`.
pub fn operation_slot(item: &mut PathItem, method: Method) -> &mut Option<Operation> {
    match method {
        Method::Get => &mut item.get,
        Method::Put => &mut item.put,
        Method::Post => &mut item.post,
        Method::Delete => &mut item.delete,
        Method::Options => &mut item.options,
        Method::Head => &mut item.head,
        Method::Patch => &mut item.patch,
        Method::Trace => &mut item.trace,
    }
}

/// The operations of a path item, in the order of its fields (`get`, `put`, `post`, …).
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// Responses in a stable order: codes, then ranges, each ascending (`default` is kept apart by openapiv3).
pub fn status_sort_key(status: &StatusCode) -> (u16, u16) {
    match status {
        StatusCode::Code(code) => (*code, 0),
        StatusCode::Range(range) => (range * 100, 1),
    }
}

/// Where a parameter is: `query`, `header`, `path` or `cookie`.
pub fn parameter_location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The data every parameter has (name, schema, style), whatever its location.
pub fn parameter_data_mut(parameter: &mut Parameter) -> &mut ParameterData {
    match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

/// What a query parameter's `style` and `explode` make of its wire form. `explode` is `true` by default for
/// `form` only; an exploded `spaceDelimited`/`pipeDelimited` list is written as `form` writes it (repeated
/// keys), as OpenAPI 3.1.1 and schemathesis read it.
pub(crate) fn query_style(style: &QueryStyle, explode: Option<bool>) -> ParamStyle {
    let explode = explode.unwrap_or(matches!(style, QueryStyle::Form));
    match style {
        _ if explode && !matches!(style, QueryStyle::DeepObject) => ParamStyle::FormExploded,
        QueryStyle::Form => ParamStyle::FormComma,
        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn fallback_operation_ids_come_from_method_and_path() {
        let id = |method, path| fallback_operation_id(&Endpoint::new(method, path));
        assert_eq!(id(Method::Get, "/users/{id}"), "get_users_id");
        assert_eq!(id(Method::Post, "/v1/chat.completions"), "post_v1_chat_completions");
        assert_eq!(id(Method::Delete, "/"), "delete");
        assert_eq!(id(Method::Get, "/items/{itemId}/sub-items"), "get_items_item_id_sub_items");
        // Never a raw identifier or a keyword: the method comes first.
        assert_eq!(id(Method::Get, "/type"), "get_type");
    }

    #[test]
    fn null_among_enum_values_is_nullable() {
        assert!(is_nullable(&schema("type: string\nenum: [a, null]")));
        assert!(is_nullable(&schema("type: integer\nenum: [1, null]")));
        assert!(is_nullable(&schema("enum: [a, null]")));
        assert!(!is_nullable(&schema("type: string\nenum: [a]")));
        assert!(is_null_schema(&ReferenceOr::Item(schema("type: string\nenum: [null]"))));
    }
}
