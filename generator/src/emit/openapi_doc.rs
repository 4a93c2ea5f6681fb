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
/// through the pipeline it gives the same IR (see [`crate::normalise::router_answers::forget`], and the
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
        // Every chain of aliases ends within as many lookups as there are components, or never.
        ReferenceOr::Reference { reference } => match oas::schema_component(schemas, reference, schemas.len() + 1) {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::diagnostic::{Diagnostics, SourceFile};

    fn derived(yaml: &str) -> openapiv3::OpenAPI {
        let document = SourceFile::new("api.yaml".to_owned(), yaml.to_owned());
        let mut diags = Diagnostics::new();
        let api = crate::derive::derive_openapi(&document, &mut diags).expect("derives").openapi;
        let endpoints = crate::project::all_endpoints(&api, &document);
        crate::project::generate_spec("m", "M", &endpoints, &document, &mut diags).expect("generates").openapi
    }

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /a:
    get:
      operationId: plain
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: integer}}}}
    post:
      operationId: withBody
      security: [{key: []}]
      parameters:
        - {in: query, name: n, schema: {type: integer, minimum: 0, maximum: 18446744073709551615}}
      requestBody:
        content: {application/json: {schema: {type: object, properties: {count: {type: integer}}}}}
      responses:
        '400': {description: the vendor's own, content: {text/plain: {schema: {type: string}}}}
        '201': {description: made}
"#;

    fn statuses(api: &openapiv3::OpenAPI, method: &str) -> Vec<(String, Option<String>)> {
        let item = api.paths.paths["/a"].as_item().expect("path");
        let op = if method == "get" { item.get.as_ref() } else { item.post.as_ref() }.expect("operation");
        op.responses
            .responses
            .iter()
            .map(|(status, response)| {
                let reference = match response {
                    openapiv3::ReferenceOr::Reference { reference } => Some(reference.clone()),
                    openapiv3::ReferenceOr::Item(_) => None,
                };
                (status.to_string(), reference)
            })
            .collect()
    }

    #[test]
    fn router_answers_are_documented_where_the_router_gives_them() {
        let api = derived(DOCUMENT);
        // No parameters, body or security: only a panicking service can make the router answer.
        assert_eq!(
            statuses(&api, "get"),
            [
                ("200".to_owned(), None),
                ("500".to_owned(), Some("#/components/responses/docgen.InternalError".to_owned()))
            ]
        );
        let refs = |s: &str| Some(format!("#/components/responses/docgen.{s}"));
        assert_eq!(
            statuses(&api, "post"),
            [
                ("201".to_owned(), None),
                ("400".to_owned(), None), // the vendor declares 400 itself: its declaration stays
                ("401".to_owned(), refs("Unauthorized")),
                ("413".to_owned(), refs("PayloadTooLarge")),
                ("415".to_owned(), refs("UnsupportedMediaType")),
                ("500".to_owned(), refs("InternalError")),
            ]
        );
        let responses = &api.components.as_ref().expect("components").responses;
        let names: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["docgen.InternalError", "docgen.PayloadTooLarge", "docgen.Unauthorized", "docgen.UnsupportedMediaType"]
        );
        let answer = responses["docgen.Unauthorized"].as_item().expect("inline");
        assert_eq!(answer.extensions.get(crate::oas::ROUTER_EXTENSION), Some(&serde_json::json!(true)));
        assert!(answer.content["application/json"].schema.is_some());
    }

    #[test]
    fn router_answers_never_become_response_variants() {
        let document = SourceFile::new("api.yaml".to_owned(), DOCUMENT.to_owned());
        let mut diags = Diagnostics::new();
        let api = crate::derive::derive_openapi(&document, &mut diags).expect("derives").openapi;
        let endpoints = crate::project::all_endpoints(&api, &document);
        let spec = crate::project::generate_spec("m", "M", &endpoints, &document, &mut diags).expect("generates");
        let variants: Vec<Vec<&str>> =
            spec.api.operations.iter().map(|op| op.responses.iter().map(|r| r.variant.as_str()).collect()).collect();
        assert_eq!(variants, [vec!["Ok"], vec!["Created", "BadRequest"]]);
    }

    #[test]
    fn parameters_and_bodies_are_documented_as_the_router_reads_them() {
        let api = derived(
            r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: a
      parameters:
        - {in: query, name: filter, style: deepObject, schema: {$ref: '#/components/schemas/Filter'}}
        - {in: query, name: free, style: deepObject, schema: {type: object}}
        - {in: query, name: form, schema: {$ref: '#/components/schemas/Filter'}}
        - {in: query, name: many, style: deepObject, schema: {type: array, items: {type: string}}}
        - {in: header, name: list, schema: {type: array, items: {type: string}}}
      requestBody:
        content:
          application/xml: {schema: {type: string}}
          application/json: {schema: {$ref: '#/components/schemas/Filter'}}
      responses:
        '204': {description: ok}
components:
  schemas:
    Filter:
      type: object
      properties:
        status: {type: string}
"##,
        );
        let operation = api.paths.paths["/a"].as_item().and_then(|item| item.post.as_ref()).expect("operation");
        let text = |index: usize| serde_json::to_value(operation.parameters[index].as_item().expect("inline")).unwrap();
        // The struct refuses other properties, on a copy: the body of the same type does not.
        let filter = text(0);
        assert_eq!(filter["schema"]["additionalProperties"], json!(false), "{filter}");
        assert_eq!(filter["schema"]["properties"]["status"]["type"], json!("string"), "{filter}");
        let components = &api.components.as_ref().expect("components").schemas;
        assert!(serde_json::to_value(&components["Filter"]).unwrap().get("additionalProperties").is_none());
        // A free-form object's values are read as text.
        assert_eq!(text(1)["schema"]["additionalProperties"], json!({"type": "string"}));
        // An object in form style, and a list in a header, are read as text.
        for index in [2, 4] {
            let parameter = text(index);
            assert_eq!(parameter["schema"]["type"], json!("string"), "{parameter}");
        }
        // `deepObject` on a list: repeated pairs, as `form` writes them.
        assert_eq!((&text(3)["style"], text(3).get("explode")), (&json!("form"), None));
        let body = operation.request_body.as_ref().and_then(|b| b.as_item()).expect("body");
        assert_eq!(body.content.keys().collect::<Vec<_>>(), ["application/json"]);
    }

    #[test]
    fn integers_without_a_format_say_how_wide_they_are() {
        let text = serde_yaml::to_string(&derived(DOCUMENT)).expect("yaml");
        // The response's, the query parameter's and the body property's integers are all `i64` (a maximum
        // beyond i64 is clamped, with a warning, before typed parsing).
        assert_eq!(text.matches("format: int64").count(), 3, "{text}");
        assert_eq!(text.matches("type: integer").count(), 3, "{text}");
    }
}
