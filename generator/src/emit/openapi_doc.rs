//! The derived OpenAPI document: the normalised document lowering read, with what the generated server really
//! does (from the IR), so that conformance tools (schemathesis) can check the server like any other API.
//!
//! What it adds:
//!
//! - the answers the router gives by itself (400, 401, 413, 415, 500, JSON [`ErrorBody`](../runtime)), added
//!   as `$ref`s to `components.responses.docgen.*` after lowering, so they never become variants of the
//!   `<Op>Response` enums (the service does not produce them, the router does). A status the vendor's
//!   document already declares keeps the vendor's declaration;
//! - the width of integers: an `integer` without a `format` is a Rust `i64` (or `u64`, when its bounds need
//!   it), so the document says `format: int64` (`uint64`) — a number outside it cannot be accepted;
//! - parameters as the router reads them: one it passes through as text (lowering warned why) is a string,
//!   and a query parameter whose `style` the router reads otherwise (`deepObject` on a list or a single
//!   value) says how it is read;
//! - request bodies in the one content type the router reads.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    Response, Schema, SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};
use serde_json::json;

use crate::ir::{Api, ParamLocation, ParamStyle, Primitive, TypeKind, TypeRef};
use crate::oas::{self, operations_mut, ROUTER_COMPONENT_PREFIX, ROUTER_EXTENSION};

struct Answer {
    code: u16,
    name: &'static str,
    description: &'static str,
}

const BAD_REQUEST: Answer = Answer {
    code: 400,
    name: "BadRequest",
    description: "Answered by the generated router: a parameter or the body is missing, malformed, of the wrong \
                  type or outside its documented bounds. `details` names each offending input.",
};
const UNAUTHORIZED: Answer = Answer {
    code: 401,
    name: "Unauthorized",
    description: "Answered by the generated router: the operation's credentials are missing.",
};
const PAYLOAD_TOO_LARGE: Answer = Answer {
    code: 413,
    name: "PayloadTooLarge",
    description: "Answered by the generated router: the request body is larger than the configured limit \
                  (1 MiB unless configured).",
};
const UNSUPPORTED_MEDIA_TYPE: Answer = Answer {
    code: 415,
    name: "UnsupportedMediaType",
    description: "Answered by the generated router: the request body's `Content-Type` is not the documented one.",
};
const INTERNAL_ERROR: Answer = Answer {
    code: 500,
    name: "InternalError",
    description: "Answered by the generated router when the service fails (panics); the body names no internals.",
};

/// The derived OpenAPI document, an output of the pipeline: the normalised document that lowering read (taken
/// once lowering is done with it) with what the server generated from it (`api`, the IR) does. Read again
/// through the pipeline it gives the same IR (see `normalise::router_answers::forget`, and the
/// re-ingestion test).
pub fn document(normalised: OpenAPI, api: &Api) -> OpenAPI {
    let mut openapi = normalised;
    document_router_answers(&mut openapi, api);
    document_parameters(&mut openapi, api);
    document_request_bodies(&mut openapi, api);
    document_integer_widths(&mut openapi);
    openapi
}

/// A request body offered in several content types is read in the one generated (lowering warned which):
/// the others are answered with 415, so they are not documented.
fn document_request_bodies(openapi: &mut OpenAPI, api: &Api) {
    for op in &api.operations {
        let Some(body) = &op.body else { continue };
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&op.endpoint.path) else { continue };
        let Some(operation) = oas::operation_slot(item, op.endpoint.method) else { continue };
        if let Some(ReferenceOr::Item(declared)) = &mut operation.request_body {
            declared.content.retain(|content_type, _| *content_type == body.content_type);
        }
    }
}

/// What a parameter the router reads as text says instead of its documented schema.
const READ_AS_TEXT: &str = "Read as text by the generated router: the document describes a value it cannot \
                            parse from text (see the generator's warning).";

/// Rewrites each parameter the router reads differently from its declaration (see the module docs).
fn document_parameters(openapi: &mut OpenAPI, api: &Api) {
    let schemas = openapi.components.as_ref().map(|c| &c.schemas);
    for op in &api.operations {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&op.endpoint.path) else { continue };
        let Some(operation) = oas::operation_slot(item, op.endpoint.method) else { continue };
        for param in &op.params {
            let declared = operation.parameters.iter_mut().find_map(|p| match p {
                ReferenceOr::Item(p) if p.parameter_data_ref().name == param.wire && located(p, param.location) => {
                    Some(p)
                }
                _ => None,
            });
            let Some(declared) = declared else { continue };
            if param.ty == TypeRef::Primitive(Primitive::String) {
                let data = oas::parameter_data_mut(declared);
                if !is_text(&data.format) {
                    let schema = Schema {
                        schema_data: openapiv3::SchemaData {
                            description: Some(READ_AS_TEXT.to_owned()),
                            ..Default::default()
                        },
                        schema_kind: SchemaKind::Type(Type::String(Default::default())),
                    };
                    data.format = ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema));
                }
            }
            if param.style == ParamStyle::DeepObject {
                let data = oas::parameter_data_mut(declared);
                if let (ParameterSchemaOrContent::Schema(schema), Some(schemas)) = (&mut data.format, schemas) {
                    document_deep_object(schema, &param.ty, api, schemas);
                }
            }
            if let Parameter::Query { parameter_data, style, .. } = declared {
                let documented = oas::query_style(style, parameter_data.explode);
                let changes_the_wire_form = matches!(param.ty, TypeRef::Vec(_))
                    || param.style == ParamStyle::DeepObject
                    || documented == ParamStyle::DeepObject;
                if changes_the_wire_form && documented != param.style {
                    (*style, parameter_data.explode) = match param.style {
                        ParamStyle::FormExploded => (QueryStyle::Form, None),
                        ParamStyle::FormComma => (QueryStyle::Form, Some(false)),
                        ParamStyle::SpaceDelimited => (QueryStyle::SpaceDelimited, None),
                        ParamStyle::PipeDelimited => (QueryStyle::PipeDelimited, None),
                        ParamStyle::DeepObject => (QueryStyle::DeepObject, Some(true)),
                    };
                }
            }
        }
    }
}

/// A `deepObject` parameter's schema as the router reads it: a struct's other properties are refused
/// (`additionalProperties: false`, on a copy of its schema: bodies of the same type ignore them), and a value
/// of any JSON type is read as text (`additionalProperties: {type: string}`).
fn document_deep_object(
    schema: &mut ReferenceOr<Schema>,
    ty: &TypeRef,
    api: &Api,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
) {
    let kind = match ty {
        TypeRef::Named(name) => api.kind_of(name),
        _ => None,
    };
    let text_values = match (ty, kind) {
        (TypeRef::Primitive(Primitive::JsonObject), _) => true,
        (TypeRef::Map(value), _) => **value == TypeRef::Primitive(Primitive::Json),
        (_, Some(TypeKind::Map(value))) => *value == TypeRef::Primitive(Primitive::Json),
        (_, Some(TypeKind::Struct(s))) => {
            s.additional.as_ref().is_some_and(|v| *v == TypeRef::Primitive(Primitive::Json))
        }
        _ => false,
    };
    let refuses_others = matches!(kind, Some(TypeKind::Struct(s)) if s.additional.is_none());
    if !text_values && !refuses_others {
        return;
    }
    let mut resolved = match schema {
        ReferenceOr::Item(schema) => schema.clone(),
        ReferenceOr::Reference { reference } => match oas::schema_component(schemas, reference, oas::RESOLVE_LOOKUPS) {
            Some((_, schema)) => schema.clone(),
            None => return,
        },
    };
    let text = || {
        let string =
            Schema { schema_data: Default::default(), schema_kind: SchemaKind::Type(Type::String(Default::default())) };
        AdditionalProperties::Schema(Box::new(ReferenceOr::Item(string)))
    };
    let additional = if text_values { text() } else { AdditionalProperties::Any(false) };
    match &mut resolved.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.additional_properties = Some(additional),
        SchemaKind::Any(any) if any.typ.as_deref().is_none_or(|t| t == "object") && any.all_of.is_empty() => {
            any.additional_properties = Some(additional)
        }
        // A merged `allOf` would refuse its own parts' properties: left as documented.
        _ => return,
    }
    *schema = ReferenceOr::Item(resolved);
}

fn located(parameter: &Parameter, location: ParamLocation) -> bool {
    matches!(
        (parameter, location),
        (Parameter::Query { .. }, ParamLocation::Query)
            | (Parameter::Header { .. }, ParamLocation::Header)
            | (Parameter::Path { .. }, ParamLocation::Path)
            | (Parameter::Cookie { .. }, ParamLocation::Cookie)
    )
}

/// A parameter declared as a string (possibly nullable), which the router reads as the text it is.
fn is_text(format: &ParameterSchemaOrContent) -> bool {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = format else { return false };
    let schema = match oas::null_union_member(schema) {
        Some((_, _, ReferenceOr::Item(member))) => member,
        Some((_, _, ReferenceOr::Reference { .. })) => return false,
        None => schema,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => true,
        SchemaKind::Any(any) => any.typ.as_deref() == Some("string"),
        _ => false,
    }
}

/// Adds the router's own answers to every operation of `openapi` that `api` serves.
fn document_router_answers(openapi: &mut OpenAPI, api: &Api) {
    let mut used: Vec<&Answer> = Vec::new();
    for op in &api.operations {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&op.endpoint.path) else { continue };
        let Some(operation) = oas::operation_slot(item, op.endpoint.method) else { continue };
        let mut answers = Vec::new();
        if !op.params.is_empty() || op.body.is_some() {
            answers.push(&BAD_REQUEST);
        }
        if !op.security.is_empty() {
            answers.push(&UNAUTHORIZED);
        }
        if op.body.is_some() {
            answers.push(&PAYLOAD_TOO_LARGE);
            answers.push(&UNSUPPORTED_MEDIA_TYPE);
        }
        answers.push(&INTERNAL_ERROR);
        for answer in answers {
            let code = StatusCode::Code(answer.code);
            if operation.responses.responses.contains_key(&code) {
                continue;
            }
            let reference = format!("#/components/responses/{ROUTER_COMPONENT_PREFIX}{}", answer.name);
            operation.responses.responses.insert(code, ReferenceOr::Reference { reference });
            if !used.iter().any(|a| a.code == answer.code) {
                used.push(answer);
            }
        }
        operation.responses.responses.sort_by(|a, _, b, _| oas::status_sort_key(a).cmp(&oas::status_sort_key(b)));
    }
    if used.is_empty() {
        return;
    }
    used.sort_by_key(|a| a.code);
    let components = openapi.components.get_or_insert_with(Components::default);
    for answer in used {
        components
            .responses
            .insert(format!("{ROUTER_COMPONENT_PREFIX}{}", answer.name), ReferenceOr::Item(error_response(answer)));
    }
    components.responses.sort_keys();
}

fn error_response(answer: &Answer) -> Response {
    // A constant that parses; `ok()` only because the typed model has no infallible constructor.
    let schema: Option<Schema> = serde_json::from_value(json!({
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "A stable machine-readable code (`bad_request`, …)."},
            "message": {"type": "string", "description": "A sentence for humans."},
            "details": {
                "type": "array",
                "description": "One entry per offending input.",
                "items": {
                    "type": "object",
                    "required": ["in", "name", "problem"],
                    "properties": {
                        "in": {"type": "string", "enum": ["query", "header", "path", "cookie", "body"]},
                        "name": {"type": "string"},
                        "problem": {"type": "string"}
                    }
                }
            }
        }
    }))
    .ok();
    let mut content = IndexMap::new();
    content.insert(
        "application/json".to_owned(),
        MediaType { schema: schema.map(ReferenceOr::Item), ..MediaType::default() },
    );
    let mut extensions = IndexMap::new();
    extensions.insert(ROUTER_EXTENSION.to_owned(), json!(true));
    Response { description: answer.description.to_owned(), content, extensions, ..Response::default() }
}

/// How deep schemas nest before the walk stops (inline nesting only; `$ref`s are not followed).
const MAX_DEPTH: usize = 256;

/// Gives every `integer` schema without a format the format of the Rust type it became.
fn document_integer_widths(openapi: &mut OpenAPI) {
    if let Some(components) = openapi.components.as_mut() {
        for schema in components.schemas.values_mut() {
            walk(schema, 0);
        }
    }
    for item in openapi.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for parameter in &mut item.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                walk_format(&mut oas::parameter_data_mut(parameter).format);
            }
        }
        for operation in operations_mut(item) {
            for parameter in &mut operation.parameters {
                if let ReferenceOr::Item(parameter) = parameter {
                    walk_format(&mut oas::parameter_data_mut(parameter).format);
                }
            }
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                for media in body.content.values_mut() {
                    if let Some(schema) = &mut media.schema {
                        walk(schema, 0);
                    }
                }
            }
            let responses = operation.responses.responses.values_mut().chain(operation.responses.default.as_mut());
            for response in responses {
                let ReferenceOr::Item(response) = response else { continue };
                for media in response.content.values_mut() {
                    if let Some(schema) = &mut media.schema {
                        walk(schema, 0);
                    }
                }
                for header in response.headers.values_mut() {
                    if let ReferenceOr::Item(header) = header {
                        walk_format(&mut header.format);
                    }
                }
            }
        }
    }
}

fn walk_format(format: &mut ParameterSchemaOrContent) {
    match format {
        ParameterSchemaOrContent::Schema(schema) => walk(schema, 0),
        ParameterSchemaOrContent::Content(content) => {
            for media in content.values_mut() {
                if let Some(schema) = &mut media.schema {
                    walk(schema, 0);
                }
            }
        }
    }
}

fn walk(schema: &mut ReferenceOr<Schema>, depth: usize) {
    if let ReferenceOr::Item(schema) = schema {
        walk_schema(schema, depth);
    }
}

fn walk_boxed(schema: &mut ReferenceOr<Box<Schema>>, depth: usize) {
    if let ReferenceOr::Item(schema) = schema {
        walk_schema(schema, depth);
    }
}

fn walk_schema(schema: &mut Schema, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let depth = depth + 1;
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => {
            if integer.format == VariantOrUnknownOrEmpty::Empty {
                let minimum = integer.minimum.map(|m| m as f64);
                let maximum = integer.maximum.map(|m| m as f64);
                let primitive = crate::formats::integer(&integer.format, minimum, maximum);
                integer.format = if primitive == crate::ir::Primitive::U64 {
                    VariantOrUnknownOrEmpty::Unknown("uint64".to_owned())
                } else {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64)
                };
            }
        }
        SchemaKind::Type(Type::Object(object)) => {
            for property in object.properties.values_mut() {
                walk_boxed(property, depth);
            }
            if let Some(AdditionalProperties::Schema(extra)) = &mut object.additional_properties {
                walk(extra, depth);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &mut array.items {
                walk_boxed(items, depth);
            }
        }
        SchemaKind::OneOf { one_of: parts }
        | SchemaKind::AnyOf { any_of: parts }
        | SchemaKind::AllOf { all_of: parts } => {
            for part in parts {
                walk(part, depth);
            }
        }
        SchemaKind::Not { not } => walk(not, depth),
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Boolean(_)) | SchemaKind::Any(_) => {}
    }
}
