//! Mintlify's condensed operation: the ```` ```yaml METHOD /path ```` fence of a page's `## OpenAPI` section
//! in Mintlify's markdown export (every Mintlify site serves `.md` pages and an `llms-full.txt`), when it
//! holds not a whole OpenAPI document but the one operation, as Mintlify's renderer keeps it:
//!
//! ```yaml
//! paths:
//!   path: /v1/things/{id}
//!   method: post
//!   servers: [...]
//!   request:
//!     security: [{title, parameters: {query, header: {Name: scheme}, cookie}}]
//!     parameters: {path: {id: {schema: [{type, required, …}]}}, query, header, cookie}
//!     body: {application/json: {schemaArray: [{…, requiredProperties, refIdentifier}], examples}}
//!   response: {'200': {application/json: {schemaArray: […], examples, description}}}
//!   deprecated: false
//! components: {schemas: {…}}
//! ```
//!
//! [`read`] rewrites it into the OpenAPI document it came from (3.1 schemas, lowered as every 3.1 document
//! is), every part placed at the fence.

use openapiv3::OpenAPI;
use serde_json::{json, Map, Value};

use crate::derive::page::document::x_source;
use crate::diagnostic::{Diagnostics, Location};

/// Whether a fence's YAML is a condensed operation: a `paths` mapping with `path` and `method`.
pub fn recognise(value: &Value) -> bool {
    let paths = value.get("paths");
    paths.and_then(|p| p.get("path")).is_some_and(Value::is_string)
        && paths.and_then(|p| p.get("method")).is_some_and(Value::is_string)
}

/// The OpenAPI document of a condensed operation; `title` names it. Problems are warnings at `at`.
pub fn read(value: &Value, title: &str, at: &Location, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let paths = value.get("paths")?;
    let path = paths.get("path")?.as_str()?;
    let method = paths.get("method")?.as_str()?.to_ascii_lowercase();
    let request = paths.get("request").cloned().unwrap_or(Value::Null);
    let mut operation = Map::new();
    operation.insert("summary".into(), Value::String(title.to_owned()));
    if let Some(deprecated) = paths.get("deprecated").filter(|d| d.is_boolean()) {
        operation.insert("deprecated".into(), deprecated.clone());
    }
    let mut parameters = Vec::new();
    for place in ["path", "query", "header", "cookie"] {
        let Some(listed) = request.get("parameters").and_then(|p| p.get(place)).and_then(Value::as_object) else {
            continue;
        };
        for (name, parameter) in listed {
            // `schema` is a list of alternatives; each carries `required` as a boolean of its own.
            let (schema, required) = first_schema(parameter.get("schema"));
            let required = required || place == "path";
            let mut out = json!({"name": name, "in": place, "required": required, "schema": schema});
            if let Some(description) = out["schema"].get("description").cloned() {
                out["description"] = description;
            }
            parameters.push(out);
        }
    }
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = request.get("body").and_then(Value::as_object).filter(|b| !b.is_empty()) {
        let mut content = Map::new();
        let mut required = false;
        for (media, part) in body {
            let (schema, flagged) = schema_of_array(part.get("schemaArray"));
            required |= flagged;
            let mut media_type = json!({"schema": schema});
            if let Some(examples) = part.get("examples").filter(|e| e.as_object().is_some_and(|e| !e.is_empty())) {
                media_type["examples"] = examples.clone();
            }
            content.insert(media.clone(), media_type);
        }
        operation.insert("requestBody".into(), json!({"content": content, "required": required}));
    }
    let mut responses = Map::new();
    for (status, media) in paths.get("response").and_then(Value::as_object).into_iter().flatten() {
        let mut description = String::new();
        let mut content = Map::new();
        for (media_name, part) in media.as_object().into_iter().flatten() {
            if let Some(text) = part.get("description").and_then(Value::as_str) {
                if description.is_empty() {
                    description = text.to_owned();
                }
            }
            // `_mintlify/placeholder`: a status documented without a body.
            if media_name.starts_with("_mintlify") {
                continue;
            }
            let (schema, _) = schema_of_array(part.get("schemaArray"));
            let mut media_type = json!({"schema": schema});
            if let Some(examples) = part.get("examples").filter(|e| e.as_object().is_some_and(|e| !e.is_empty())) {
                media_type["examples"] = examples.clone();
            }
            content.insert(media_name.clone(), media_type);
        }
        if description.is_empty() {
            description = "No description.".to_owned();
        }
        let mut response = json!({"description": description});
        if !content.is_empty() {
            response["content"] = Value::Object(content);
        }
        responses.insert(status.clone(), response);
    }
    if responses.is_empty() {
        responses.insert("default".into(), json!({"description": "No response is documented."}));
    }
    operation.insert("responses".into(), Value::Object(responses));
    operation.insert("x-source".into(), x_source(at));
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1.0.0"},
        "paths": {path: {method.clone(): Value::Object(operation)}},
    });
    if let Some(servers) = paths.get("servers").filter(|s| s.is_array()) {
        document["servers"] = servers.clone();
    }
    let mut components = value.get("components").cloned().filter(Value::is_object).unwrap_or_else(|| json!({}));
    if let Some(schemas) = components.get_mut("schemas") {
        tidy(schemas);
    }
    let (schemes, requirements) = security(&request);
    if !schemes.is_empty() {
        components["securitySchemes"] = Value::Object(schemes);
        document["paths"][path][&method]["security"] = Value::Array(requirements);
    }
    document["components"] = components;
    for note in super::openapi31::lower_document(&mut document) {
        diags.warning_at(at, format!("the condensed operation: {}", note.message));
    }
    match serde_json::from_value::<OpenAPI>(document) {
        Ok(openapi) => Some(openapi),
        Err(error) => {
            diags.warning_at(at, format!("this condensed OpenAPI operation cannot be read ({error}); it is skipped"));
            None
        }
    }
}

/// The first of a list of alternative schemas, tidied, and whether it says it is required.
fn first_schema(list: Option<&Value>) -> (Value, bool) {
    let mut schema = match list {
        Some(Value::Array(items)) => items.first().cloned().unwrap_or_else(|| json!({})),
        Some(other) => other.clone(),
        None => json!({}),
    };
    let required = take_required_flag(&mut schema);
    tidy(&mut schema);
    (schema, required)
}

/// A `schemaArray`: one schema, or a choice of several; and whether one says the body is required.
fn schema_of_array(list: Option<&Value>) -> (Value, bool) {
    let mut items: Vec<Value> = match list {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let mut required = false;
    for item in &mut items {
        required |= take_required_flag(item);
        tidy(item);
    }
    let schema = match items.len() {
        0 => json!({}),
        1 => items.swap_remove(0),
        _ => json!({"oneOf": items}),
    };
    (schema, required)
}

/// Takes a schema's boolean `required` (Mintlify's flag that a parameter or body is required).
fn take_required_flag(schema: &mut Value) -> bool {
    let Some(map) = schema.as_object_mut() else { return false };
    match map.get("required") {
        Some(Value::Bool(required)) => {
            let required = *required;
            map.remove("required");
            required
        }
        _ => false,
    }
}

/// Mintlify's schema keys in OpenAPI's words, everywhere in a schema: `requiredProperties` is `required`,
/// a boolean `required` goes, `refIdentifier` goes, `type: any` is no type.
fn tidy(schema: &mut Value) {
    let mut pending = vec![schema];
    while let Some(node) = pending.pop() {
        match node {
            Value::Object(map) => {
                if map.get("required").is_some_and(Value::is_boolean) {
                    map.remove("required");
                }
                if let Some(list) = map.remove("requiredProperties") {
                    map.insert("required".into(), list);
                }
                map.remove("refIdentifier");
                if map.get("type").and_then(Value::as_str) == Some("any") {
                    map.remove("type");
                }
                pending.extend(map.values_mut());
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// The security schemes the operation's `request.security` names, and the requirements (alternatives).
fn security(request: &Value) -> (Map<String, Value>, Vec<Value>) {
    let mut schemes = Map::new();
    let mut requirements = Vec::new();
    for alternative in request.get("security").and_then(Value::as_array).into_iter().flatten() {
        let mut requirement = Map::new();
        for place in ["header", "query", "cookie"] {
            let Some(listed) = alternative.get("parameters").and_then(|p| p.get(place)).and_then(Value::as_object)
            else {
                continue;
            };
            for (name, scheme) in listed {
                let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("apiKey");
                let out = match kind {
                    "http" => {
                        json!({"type": "http", "scheme": scheme.get("scheme").cloned().unwrap_or(json!("bearer"))})
                    }
                    // An OAuth 2 or OpenID Connect token travels as a bearer token.
                    "oauth2" | "openIdConnect" => json!({"type": "http", "scheme": "bearer"}),
                    _ => json!({"type": "apiKey", "in": place, "name": name}),
                };
                let scheme_name = match kind {
                    "http" | "oauth2" | "openIdConnect" => {
                        format!("{}Auth", out["scheme"].as_str().unwrap_or("bearer").to_ascii_lowercase())
                    }
                    _ => name.clone(),
                };
                schemes.entry(scheme_name.clone()).or_insert(out);
                requirement.insert(scheme_name, json!([]));
            }
        }
        if !requirement.is_empty() {
            requirements.push(Value::Object(requirement));
        }
    }
    (schemes, requirements)
}
