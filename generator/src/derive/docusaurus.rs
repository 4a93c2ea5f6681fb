//! docusaurus-openapi-docs API pages (`*.api.mdx`), read from the generator's own data.
//!
//! - the frontmatter's `api:`, the operation as JSON or as base64 of zlib-deflated JSON, read exactly;
//! - else the components it writes, `<MethodEndpoint method path>`, `<ParamsDetails parameters>`,
//!   `<RequestSchema body>`, `<StatusCodes responses>`, whose props are JSON written inline or, in newer
//!   versions, kept in a JSON file beside the page: the whole props object spread from it
//!   (`<ParamsDetails {...require("./get-pet.ParamsDetails.json")}>`) or one prop required from it
//!   (`responses={require("./get-pet.responses.json")}`).
//!
//! When a page carries both, the `api:` operation is what is read and the components (and the older
//! `<ParamsItem param>`) are checked against it ([`super::full_data`]).

use markdown::mdast::{AttributeContent, AttributeValue, Node};
use serde_json::{json, Map, Value};

use super::companions::{beside_path, Companions};
use super::full_data::{self, Full};
use super::page::document::{self, x_source, Frontmatter};
use super::page::json;
use super::page::markdown_tree::{node_location, walk};
use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// The largest operation an `api:` frontmatter may inflate to (a bound against a deflate bomb).
const MAX_ENCODED_OPERATION: usize = 16 * 1024 * 1024;

/// The components whose props hold the operation's data, and the prop that holds it.
const DATA_COMPONENTS: &[(&str, &str)] = &[
    ("ParamsDetails", "parameters"),
    ("ParamsItem", "param"),
    ("RequestSchema", "body"),
    ("StatusCodes", "responses"),
];

/// The page's operation from its frontmatter's `api:` (checked against the components the page shows), or
/// from its components' data. `None` when the page carries neither; other readers read it then.
pub fn derive(
    file: &SourceFile,
    root: &Node,
    companions: &Companions<'_>,
    diags: &mut Diagnostics,
) -> Option<openapiv3::OpenAPI> {
    if let Some(encoded) = encoded_operation(file, root, diags) {
        let Encoded { operation, extra } = encoded;
        let document = operation.document(&extra);
        let shown = components(file, root, companions, diags);
        if !shown.data.is_empty() {
            let full = Full {
                operation: &document["paths"][&operation.path][&operation.method],
                document: &document,
                what: "the frontmatter's `api:`",
            };
            let shown = Value::Object(shown.operation());
            full_data::check_operation(&shown, &full, full_data::Optional::Stated, &operation.location, diags);
        }
        return typed(document, &operation.location, "the frontmatter's `api:`", diags);
    }
    let shown = components(file, root, companions, diags);
    let (method, path, location) = shown.endpoint.clone()?;
    if !shown.data.iter().any(|data| data.name != "ParamsItem") {
        return None;
    }
    let mut operation = shown.operation();
    parameters_without_schema_as_text(&mut operation, &location, "the page's components'", diags);
    if operation["responses"].as_object().is_some_and(Map::is_empty) {
        operation.insert("responses".into(), json!({"default": {"description": "The page documents no response."}}));
    }
    let frontmatter = Frontmatter::of_page(file, root, diags);
    if let Some(id) = frontmatter.get("id") {
        operation.insert("operationId".into(), json!(document::operation_id(&id)));
    }
    if let Some(description) = frontmatter.get("description") {
        operation.insert("summary".into(), json!(description));
    }
    operation.insert("x-source".into(), x_source(&location));
    let title = frontmatter.get("title").unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase()));
    let info = json!({"title": title, "version": "1.0.0"});
    let page_operation = Operation { method, path, location: location.clone(), operation, info: Some(info) };
    typed(page_operation.document(&Map::new()), &location, "the page's components", diags)
}

/// The data documents a page's components take their props from, as paths beside the page.
pub fn companion_paths(file: &SourceFile, root: &Node) -> Vec<String> {
    let mut paths = Vec::new();
    walk(root, &mut |node| {
        let Some((name, attributes)) = element(node) else { return };
        // Schema pages keep their `<Schema schema>` and `<SchemaItem schema>` props in files too: those are
        // the page's, not specs of their own, though no operation is read from them.
        let data = DATA_COMPONENTS.iter().any(|(component, _)| *component == name);
        if !data && !matches!(name, "Schema" | "SchemaItem") {
            return;
        }
        for attribute in attributes {
            let expression = match attribute {
                AttributeContent::Expression(expression) => expression.value.trim().strip_prefix("..."),
                AttributeContent::Property(property) => match &property.value {
                    Some(AttributeValue::Expression(expression)) => Some(expression.value.as_str()),
                    _ => None,
                },
            };
            if let Some(path) = expression.and_then(required_path).and_then(|path| beside_path(&file.path, path)) {
                paths.push(path);
            }
        }
    });
    paths
}

/// An operation as the generator wrote it, with where it is declared.
struct Operation {
    method: String,
    path: String,
    location: Location,
    operation: Map<String, Value>,
    info: Option<Value>,
}

impl Operation {
    /// The document of this one operation, with the servers and security schemes that came with it.
    fn document(&self, extra: &Map<String, Value>) -> Value {
        let mut document = json!({
            "openapi": "3.0.3",
            "info": self.info.clone().unwrap_or_else(|| json!({"title": "API", "version": "1.0.0"})),
            "paths": {&self.path: {&self.method: Value::Object(self.operation.clone())}},
        });
        for (key, value) in extra {
            document[key] = value.clone();
        }
        document
    }
}

/// An encoded `api:` operation and what came with it (`servers`, `components.securitySchemes`).
struct Encoded {
    operation: Operation,
    extra: Map<String, Value>,
}

/// The frontmatter's `api:` holding the operation itself as JSON, or as base64 of zlib-deflated JSON (with
/// its `method`, `path`, `servers` and `securitySchemes`).
fn encoded_operation(file: &SourceFile, root: &Node, diags: &mut Diagnostics) -> Option<Encoded> {
    let Node::Yaml(frontmatter) = root.children()?.first()? else { return None };
    let (index, line) = frontmatter.value.lines().enumerate().find(|(_, line)| line.starts_with("api:"))?;
    let text = line["api:".len()..].trim();
    if text.is_empty() {
        // A mapping on the lines below (ReadMe's `api: {file, operationId}`), not an encoded operation.
        return None;
    }
    let line = frontmatter.position.as_ref().map_or(1, |p| p.start.line + 1 + index);
    let location = file.location(line, 1);
    let decoded;
    let text = if text.starts_with('{') {
        text
    } else {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim_matches(['"', '\''])).ok()?;
        match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bytes, MAX_ENCODED_OPERATION) {
            Ok(inflated) => {
                decoded = String::from_utf8(inflated).ok()?;
                &decoded
            }
            Err(error) => {
                diags.warning_at(
                    &location,
                    format!("the frontmatter's `api:` looks encoded but does not inflate ({error:?}); the page is read instead"),
                );
                return None;
            }
        }
    };
    let mut operation: Value = serde_json::from_str(text).ok()?;
    let map = operation.as_object_mut()?;
    let method = map.remove("method")?.as_str()?.to_ascii_lowercase();
    let path = map.remove("path")?.as_str()?.to_owned();
    let mut extra = Map::new();
    if let Some(servers) = map.remove("servers") {
        extra.insert("servers".into(), servers);
    }
    if let Some(schemes) = map.remove("securitySchemes") {
        extra.insert("components".into(), json!({"securitySchemes": schemes}));
    }
    let info = map.remove("info");
    for generated in ["postman", "jsonRequestBodyExample", "info_path"] {
        map.remove(generated);
    }
    parameters_without_schema_as_text(map, &location, "the frontmatter's `api:`", diags);
    map.insert("x-source".into(), x_source(&location));
    let operation = Operation { method, path, location, operation: std::mem::take(map), info };
    Some(Encoded { operation, extra })
}

/// A parameter with neither `schema` nor `content` (the generator copies what the vendor wrote) is text.
fn parameters_without_schema_as_text(
    operation: &mut Map<String, Value>,
    location: &Location,
    what: &str,
    diags: &mut Diagnostics,
) {
    let Some(Value::Array(parameters)) = operation.get_mut("parameters") else { return };
    for parameter in parameters.iter_mut().filter_map(Value::as_object_mut) {
        if !["schema", "content", "$ref"].iter().any(|key| parameter.contains_key(*key)) {
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            diags.warning_at(location, format!("{what} parameter `{name}` has no schema; it is read as a string"));
            parameter.insert("schema".into(), json!({"type": "string"}));
        }
    }
}

/// The document read into `openapiv3`; a document that is not OpenAPI is a warning and the page is read instead.
fn typed(document: Value, location: &Location, what: &str, diags: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    match serde_json::from_value::<openapiv3::OpenAPI>(document) {
        Ok(openapi) => Some(openapi),
        Err(error) => {
            diags.warning_at(location, format!("{what} operation is not OpenAPI ({error}); the page is read instead"));
            None
        }
    }
}

/// What the page's components show: the endpoint and each data component's props.
#[derive(Default)]
struct Shown {
    endpoint: Option<(String, String, Location)>,
    data: Vec<ComponentData>,
}

struct ComponentData {
    name: &'static str,
    props: Map<String, Value>,
    location: Location,
}

impl Shown {
    /// The operation the components show, each part carrying the line of the component that shows it.
    fn operation(&self) -> Map<String, Value> {
        let mut parameters: Vec<Value> = Vec::new();
        let mut body = None;
        let mut responses = Map::new();
        for data in &self.data {
            let source = x_source(&data.location);
            let with_source = |value: &Value| {
                let mut value = value.clone();
                if let Some(map) = value.as_object_mut() {
                    map.entry("x-source").or_insert_with(|| source.clone());
                }
                value
            };
            match data.name {
                "ParamsDetails" => {
                    let shown = data.props.get("parameters").and_then(Value::as_array).into_iter().flatten();
                    parameters.extend(shown.map(with_source));
                }
                "ParamsItem" => parameters.extend(data.props.get("param").filter(|p| p.is_object()).map(with_source)),
                "RequestSchema" => {
                    if let Some(shown) = data.props.get("body").filter(|b| b.get("content").is_some()) {
                        body = Some(with_source(shown));
                    }
                }
                _ => {
                    for (status, response) in
                        data.props.get("responses").and_then(Value::as_object).into_iter().flatten()
                    {
                        responses.entry(status.clone()).or_insert_with(|| with_source(response));
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        parameters.retain(|p| seen.insert((p.get("in").cloned(), p.get("name").cloned())));
        let mut operation = Map::new();
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = body {
            operation.insert("requestBody".into(), body);
        }
        operation.insert("responses".into(), Value::Object(responses));
        operation
    }
}

/// The endpoint and data components of the page, their props read from the page or from the files it names.
fn components(file: &SourceFile, root: &Node, companions: &Companions<'_>, diags: &mut Diagnostics) -> Shown {
    let mut shown = Shown::default();
    walk(root, &mut |node| {
        let Some((name, attributes)) = element(node) else { return };
        let location = node_location(file, node);
        if name == "MethodEndpoint" {
            let props = props(file, name, attributes, &location, companions, diags);
            if let (Some(method), Some(path)) = (text(&props, "method"), text(&props, "path")) {
                shown.endpoint.get_or_insert((method.to_ascii_lowercase(), path.to_owned(), location));
            }
            return;
        }
        let Some((name, prop)) = DATA_COMPONENTS.iter().find(|(component, _)| *component == name) else { return };
        let props = props(file, name, attributes, &location, companions, diags);
        if props.get(*prop).is_some_and(|value| !value.is_null()) {
            shown.data.push(ComponentData { name, props, location });
        }
    });
    shown
}

fn text<'v>(props: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    props.get(key).and_then(Value::as_str)
}

/// A component element's name and attributes.
fn element(node: &Node) -> Option<(&str, &[AttributeContent])> {
    match node {
        Node::MdxJsxFlowElement(element) => Some((element.name.as_deref()?, &element.attributes)),
        Node::MdxJsxTextElement(element) => Some((element.name.as_deref()?, &element.attributes)),
        _ => None,
    }
}

/// A component's props as JSON: literals, JSON expressions, and what `require("./x.json")` names.
fn props(
    file: &SourceFile,
    component: &str,
    attributes: &[AttributeContent],
    location: &Location,
    companions: &Companions<'_>,
    diags: &mut Diagnostics,
) -> Map<String, Value> {
    let mut props = Map::new();
    for attribute in attributes {
        match attribute {
            AttributeContent::Expression(expression) => {
                let spread = expression.value.trim().strip_prefix("...").and_then(required_path);
                let Some(relative) = spread else { continue };
                if let Some(Value::Object(spread)) = companion(file, component, relative, location, companions, diags) {
                    props.extend(spread);
                }
            }
            AttributeContent::Property(property) => {
                let value = match &property.value {
                    None => Value::Bool(true),
                    Some(AttributeValue::Literal(literal)) => Value::String(literal.clone()),
                    Some(AttributeValue::Expression(expression)) => match required_path(&expression.value) {
                        Some(relative) => match companion(file, component, relative, location, companions, diags) {
                            Some(value) => value,
                            None => continue,
                        },
                        None => match expression_json(&expression.value) {
                            Some(value) => value,
                            None => continue,
                        },
                    },
                };
                props.insert(property.name.clone(), value);
            }
        }
    }
    props
}

/// A JSX expression's value as JSON; `undefined` and what is not JSON are no value.
fn expression_json(expression: &str) -> Option<Value> {
    let expression = expression.trim();
    if expression == "undefined" {
        return None;
    }
    serde_json::from_str(expression).ok().or_else(|| Some(json::read_json_lenient(expression).ok()?.value.to_value()))
}

/// The path in `require("./x.json")`.
fn required_path(expression: &str) -> Option<&str> {
    let argument =
        expression.trim().strip_prefix("require")?.trim_start().strip_prefix('(')?.trim_end().strip_suffix(')')?;
    let argument = argument.trim();
    let quote = argument.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    argument.strip_prefix(quote)?.strip_suffix(quote).filter(|path| !path.is_empty())
}

/// The JSON of the props file a component names, from among the documents given with the page.
fn companion(
    file: &SourceFile,
    component: &str,
    relative: &str,
    location: &Location,
    companions: &Companions<'_>,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let Some(found) = companions.beside(file, relative) else {
        let expected = beside_path(&file.path, relative).unwrap_or_else(|| relative.to_owned());
        diags.warning_at(
            location,
            format!(
                "`<{component}>` takes its props from `{relative}`, which is not among the documents given (expected \
                 `{expected}`, beside the page); give it with the page, or give the page's folder"
            ),
        );
        return None;
    };
    match serde_json::from_str(&found.text) {
        Ok(value) => Some(value),
        Err(error) => {
            diags.warning_at(
                &found.location(error.line(), error.column()),
                format!("`<{component}>`'s props file is not JSON ({error}); its props are left out"),
            );
            None
        }
    }
}
