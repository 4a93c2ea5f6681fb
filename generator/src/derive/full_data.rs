//! What a page shows checked against the generator's full data it also carries (docusaurus-openapi-docs'
//! encoded `api:` frontmatter beside its components, a whole OpenAPI document in a fence beside tables).
//!
//! The full data is what the page is read from; a shown parameter, body field or status the data lacks, or
//! shown with another type or required flag, is a warning at the line that shows it.
//!
//! Both sides are OpenAPI operations as JSON. The shown side's parameters, body properties and responses
//! carry `x-source` (`file:line`), which is where a warning points; the full side's local `$ref`s are
//! followed in the document that holds it.

use markdown::mdast::Node;
use serde_json::Value;

use super::page;
use super::page::markdown_tree::walk;
use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// The full data of one operation: the operation and the document its `$ref`s point into.
pub struct Full<'a> {
    pub operation: &'a Value,
    pub document: &'a Value,
    /// What the data is, for messages ("the frontmatter's `api:`").
    pub what: &'a str,
}

/// Checks the tables and field components of a page that also carries `full` (a whole OpenAPI document in a
/// fence, Mintlify's condensed operations): the page is read as a page, and each operation it shows that the
/// full data also has is checked, parameter and body field that a table row or component shows.
pub fn check_page(file: &SourceFile, root: &Node, full: &openapiv3::OpenAPI, what: &str, diags: &mut Diagnostics) {
    let mut shows_fields = false;
    walk(root, &mut |node| {
        shows_fields |= match node {
            Node::Table(_) => true,
            Node::MdxJsxFlowElement(element) => {
                matches!(element.name.as_deref(), Some("ParamField" | "ResponseField"))
            }
            _ => false,
        };
    });
    if !shows_fields {
        return;
    }
    // What the page reader makes of the page is only compared; its own notes are not the reader's output.
    let Some(shown) = page::derive(&[(file, root)], &mut Diagnostics::new()) else { return };
    let (Ok(shown), Ok(document)) = (serde_json::to_value(&shown), serde_json::to_value(full)) else { return };
    let full_paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in shown.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let key = page::path_key(path);
        let Some(full_item) = full_paths.and_then(|paths| paths.iter().find(|(p, _)| page::path_key(p) == key)) else {
            continue;
        };
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(full_operation) = full_item.1.get(method).filter(|op| op.get("responses").is_some()) else {
                continue;
            };
            let at = located(operation, &file.start());
            let full = Full { operation: full_operation, document: &document, what };
            check_operation(&in_rows(operation), &full, Optional::ByDefault, &at, diags);
        }
    }
}

/// The parameters and body fields of an operation the page reader read that a row or component of their own
/// shows: not those it inferred from the endpoint line or an example (they carry the operation's place, or
/// none), and no statuses (a section without one gets a default).
fn in_rows(operation: &Value) -> Value {
    let own = operation.get("x-source");
    let shown_here = |value: &Value| value.get("x-source").is_some_and(|place| Some(place) != own);
    let mut shown = serde_json::json!({});
    if let Some(parameters) = operation.get("parameters").and_then(Value::as_array) {
        shown["parameters"] = parameters.iter().filter(|p| shown_here(p)).cloned().collect();
    }
    let body_schema = operation.pointer("/requestBody/content/application~1json/schema");
    if let Some(properties) = body_schema.and_then(|schema| schema.get("properties")).and_then(Value::as_object) {
        let rows: serde_json::Map<String, Value> =
            properties.iter().filter(|(_, p)| shown_here(p)).map(|(n, p)| (n.clone(), p.clone())).collect();
        let mut schema = body_schema.cloned().unwrap_or_default();
        schema["properties"] = Value::Object(rows);
        shown["requestBody"] = serde_json::json!({"content": {"application/json": {"schema": schema}}});
        if let Some(place) = operation.pointer("/requestBody/x-source") {
            shown["requestBody"]["x-source"] = place.clone();
        }
    }
    shown
}

/// What an optional field on the shown side says.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Optional {
    /// The shown side is OpenAPI: a field not marked required is stated to be optional.
    Stated,
    /// The shown side was read from tables, which often say nothing of requiredness: optional is only the
    /// reader's default, so only a field shown as required is compared.
    ByDefault,
}

/// Checks every parameter, request-body property and response status of `shown` against `full`.
pub fn check_operation(
    shown: &Value,
    full: &Full<'_>,
    optional: Optional,
    fallback: &Location,
    diags: &mut Diagnostics,
) {
    check_parameters(shown, full, optional, fallback, diags);
    check_body(shown, full, optional, fallback, diags);
    check_statuses(shown, full, fallback, diags);
}

/// A parameter the page shows is one of the data's, in the same place, with the same required flag and type.
fn check_parameters(shown: &Value, full: &Full<'_>, optional: Optional, fallback: &Location, diags: &mut Diagnostics) {
    let full_parameters: Vec<&Value> = full
        .operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|parameter| resolve(parameter, full.document))
        .collect();
    for parameter in shown.get("parameters").and_then(Value::as_array).into_iter().flatten() {
        let (Some(name), Some(place)) = (text(parameter, "name"), text(parameter, "in")) else { continue };
        let at = located(parameter, fallback);
        let Some(found) =
            full_parameters.iter().find(|p| text(p, "name") == Some(name) && text(p, "in") == Some(place))
        else {
            diags.warning_at(
                &at,
                format!("the page shows {place} parameter `{name}`, which the full data ({}) does not have", full.what),
            );
            continue;
        };
        let required = |p: &Value| p.get("required").and_then(Value::as_bool).unwrap_or(place == "path");
        let compared = required(parameter) || optional == Optional::Stated;
        if compared && required(parameter) != required(found) {
            diags.warning_at(
                &at,
                format!(
                    "the page shows {place} parameter `{name}` as {}, the full data ({}) as {}",
                    required_word(required(parameter)),
                    full.what,
                    required_word(required(found))
                ),
            );
        }
        let shown_type = parameter.get("schema").and_then(|s| type_of(s, full.document));
        let full_type = found.get("schema").and_then(|s| type_of(s, full.document));
        check_type(&format!("{place} parameter `{name}`"), shown_type, full_type, full, &at, diags);
    }
}

/// The properties of a JSON request body the page shows are the data's, with the same required flags and types.
fn check_body(shown: &Value, full: &Full<'_>, optional: Optional, fallback: &Location, diags: &mut Diagnostics) {
    let Some(shown_schema) = json_schema(shown.get("requestBody"), full.document) else { return };
    let at = shown.get("requestBody").map_or_else(|| fallback.clone(), |body| located(body, fallback));
    let Some(full_schema) = json_schema(full.operation.get("requestBody"), full.document) else {
        diags.warning_at(
            &at,
            format!("the page shows a request body, which the full data ({}) does not have", full.what),
        );
        return;
    };
    let full_schema = resolve(full_schema, full.document);
    let Some(full_properties) = full_schema.get("properties").and_then(Value::as_object) else { return };
    let full_required = required_names(full_schema);
    let shown_required = required_names(shown_schema);
    for (name, property) in shown_schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let at = located(property, &at);
        let Some(found) = full_properties.get(name) else {
            diags.warning_at(
                &at,
                format!(
                    "the page shows request-body field `{name}`, which the full data ({}) does not have",
                    full.what
                ),
            );
            continue;
        };
        let (shown_required, full_required) =
            (shown_required.contains(&name.as_str()), full_required.contains(&name.as_str()));
        if (shown_required || optional == Optional::Stated) && shown_required != full_required {
            diags.warning_at(
                &at,
                format!(
                    "the page shows request-body field `{name}` as {}, the full data ({}) as {}",
                    required_word(shown_required),
                    full.what,
                    required_word(full_required)
                ),
            );
        }
        let field = format!("request-body field `{name}`");
        check_type(&field, type_of(property, full.document), type_of(found, full.document), full, &at, diags);
    }
}

/// Every status the page shows is one of the data's responses.
fn check_statuses(shown: &Value, full: &Full<'_>, fallback: &Location, diags: &mut Diagnostics) {
    let full_responses = full.operation.get("responses").and_then(Value::as_object);
    for (status, response) in shown.get("responses").and_then(Value::as_object).into_iter().flatten() {
        if full_responses.is_some_and(|responses| responses.contains_key(status)) {
            continue;
        }
        diags.warning_at(
            &located(response, fallback),
            format!("the page shows status {status}, which the full data ({}) does not have", full.what),
        );
    }
}

fn check_type(
    what: &str,
    shown: Option<&str>,
    full_type: Option<&str>,
    full: &Full<'_>,
    at: &Location,
    diags: &mut Diagnostics,
) {
    let (Some(shown), Some(found)) = (shown, full_type) else { return };
    // An integer is a number the page may write either way.
    if shown != found && !(shown == "number" && found == "integer") {
        diags.warning_at(at, format!("the page shows {what} as `{shown}`, the full data ({}) as `{found}`", full.what));
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// The schema of a body's JSON content (`application/json`, else any `…json` type, else the only one).
fn json_schema<'v>(body: Option<&'v Value>, document: &'v Value) -> Option<&'v Value> {
    let content = resolve(body?, document).get("content")?.as_object()?;
    let media = content
        .get("application/json")
        .or_else(|| content.iter().find(|(name, _)| name.contains("json")).map(|(_, media)| media))
        .or_else(|| (content.len() == 1).then(|| content.values().next()).flatten())?;
    media.get("schema")
}

fn required_names(schema: &Value) -> Vec<&str> {
    schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect()
}

/// A schema's stated JSON type (the first non-null of a 3.1 type list); `None` when it states none.
fn type_of<'v>(schema: &'v Value, document: &'v Value) -> Option<&'v str> {
    match resolve(schema, document).get("type")? {
        Value::String(name) => Some(name),
        Value::Array(names) => names.iter().filter_map(Value::as_str).find(|name| *name != "null"),
        _ => None,
    }
}

/// A local `$ref` followed (a few steps, so a cycle ends); anything else as it is.
fn resolve<'v>(mut value: &'v Value, document: &'v Value) -> &'v Value {
    for _ in 0..8 {
        let Some(target) = value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) else { break };
        match document.pointer(target) {
            Some(next) => value = next,
            None => break,
        }
    }
    value
}

/// Where a shown element is: its `x-source` (`file:line`), else `fallback`.
fn located(value: &Value, fallback: &Location) -> Location {
    let Some(source) = value.get("x-source").and_then(Value::as_str) else { return fallback.clone() };
    match source.rsplit_once(':').and_then(|(file, line)| Some((file, line.parse::<usize>().ok()?))) {
        Some((file, line)) => Location::new(file, line, 1),
        None => fallback.clone(),
    }
}
