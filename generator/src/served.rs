//! What the generated server really does, documented in the derived OpenAPI, so that the document describes
//! the server and conformance tools (schemathesis) can check it like any other API:
//!
//! - the answers the router gives by itself (400, 401, 413, 415, 500, JSON [`ErrorBody`](../runtime)), added
//!   as `$ref`s to `components.responses.docgen.*` after lowering, so they never become variants of the
//!   `<Op>Response` enums (the service does not produce them, the router does). A status the vendor's
//!   document already declares keeps the vendor's declaration;
//! - the width of integers: an `integer` without a `format` is a Rust `i64` (or `u64`, when its bounds need
//!   it), so the document says `format: int64` (`uint64`) — a number outside it cannot be accepted.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, MediaType, OpenAPI, ParameterSchemaOrContent, ReferenceOr, Response, Schema,
    SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};
use serde_json::json;

use crate::ir::Api;

/// The prefix of the response components this module adds (`docgen.BadRequest`).
pub const COMPONENT_PREFIX: &str = "docgen.";

/// The extension that marks a response as the router's own.
pub const EXTENSION: &str = "x-docgen-router";

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

/// Documents in `openapi` what the server generated from it (`api`, its lowering) does.
pub fn document(openapi: &mut OpenAPI, api: &Api) {
    document_router_answers(openapi, api);
    document_integer_widths(openapi);
}

/// Adds the router's own answers to every operation of `openapi` that `api` serves.
fn document_router_answers(openapi: &mut OpenAPI, api: &Api) {
    let mut used: Vec<&Answer> = Vec::new();
    for op in &api.operations {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&op.path) else { continue };
        let Some(Some(operation)) = crate::normalise::operation_slot(item, &op.method) else { continue };
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
            let reference = format!("#/components/responses/{COMPONENT_PREFIX}{}", answer.name);
            operation.responses.responses.insert(code, ReferenceOr::Reference { reference });
            if !used.iter().any(|a| a.code == answer.code) {
                used.push(answer);
            }
        }
        operation
            .responses
            .responses
            .sort_by(|a, _, b, _| crate::normalise::status_sort_key(a).cmp(&crate::normalise::status_sort_key(b)));
    }
    if used.is_empty() {
        return;
    }
    used.sort_by_key(|a| a.code);
    let components = openapi.components.get_or_insert_with(Components::default);
    for answer in used {
        components
            .responses
            .insert(format!("{COMPONENT_PREFIX}{}", answer.name), ReferenceOr::Item(error_response(answer)));
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
    extensions.insert(EXTENSION.to_owned(), json!(true));
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
                walk_format(&mut crate::normalise::parameter_data_mut(parameter).format);
            }
        }
        for operation in operations_mut(item) {
            for parameter in &mut operation.parameters {
                if let ReferenceOr::Item(parameter) = parameter {
                    walk_format(&mut crate::normalise::parameter_data_mut(parameter).format);
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

fn operations_mut(item: &mut openapiv3::PathItem) -> impl Iterator<Item = &mut openapiv3::Operation> {
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

#[cfg(test)]
mod tests {
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
        assert_eq!(answer.extensions.get(super::EXTENSION), Some(&serde_json::json!(true)));
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
    fn integers_without_a_format_say_how_wide_they_are() {
        let text = serde_yaml::to_string(&derived(DOCUMENT)).expect("yaml");
        // The response's, the query parameter's and the body property's integers are all `i64` (a maximum
        // beyond i64 is clamped, with a warning, before typed parsing).
        assert_eq!(text.matches("format: int64").count(), 3, "{text}");
        assert_eq!(text.matches("type: integer").count(), 3, "{text}");
    }
}
