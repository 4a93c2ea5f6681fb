//! Mintlify component pages → one OpenAPI operation: frontmatter `api: 'METHOD /path'`, `<ParamField>`,
//! `<ResponseField>`, `<Expandable>` (nested to any depth), `<RequestExample>`/`<ResponseExample>`.
//!
//! Reading rules, and why:
//! - A top-level `<ParamField>` is a parameter by its location attribute (`path`, `query`, `header`, `cookie`)
//!   or a request-body property (`body`); inside another field (directly or in an `<Expandable>`) every field
//!   component is a property of that field, whatever its attribute says (the Trillet page nests
//!   `<ParamField body>` in a `<ResponseField>`).
//! - A field without `required` is optional: that is Mintlify's own default, for request and response fields
//!   alike. Only fields that no component names, and that come from examples, are required by presence.
//! - `<ResponseField>`s belong to status 200 unless a heading, a tab/accordion title or the example's code
//!   meta names another status. Prose such as "an array of the following fields" before them, or a response
//!   example whose top level is an array, makes the body an array of those fields.
//! - Components we do not know are warned about and looked into, so a field inside a `<Tabs>` is not lost.

use indexmap::IndexMap;
use markdown::mdast::{AttributeContent, AttributeValue, Code, Node};
use openapiv3::OpenAPI;
use serde_json::Value;

use super::infer::operation::{assemble_document, PageBody, PageOperation, PageParameter, ParameterIn};
use super::infer::{
    infer_shape, merge_body, settle_defaults, shape_of_type, Field, Kind, LocatedExample, ObjectShape, Shape,
};
use super::page::document::{self, Frontmatter};
use super::page::json::{self, read_example, ExampleText};
use super::page::markdown_tree::{node_location, plain_text, walk, Page};
use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// Whether the page looks like one this front-end reads: an API component, or an `api:` frontmatter line.
pub fn recognise(page: &Page) -> bool {
    let mut found = false;
    walk(&page.root, &mut |node| match node {
        Node::Yaml(yaml) => found |= yaml.value.lines().any(|line| endpoint_in_frontmatter_line(line).is_some()),
        _ => found |= component(node).is_some_and(|c| API_COMPONENTS.contains(&c.name)),
    });
    found
}

/// Derives the page's OpenAPI document.
pub fn derive(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let frontmatter = Frontmatter::of_page(file, &page.root, diags);
    let mut found = Found::default();
    let mut context = Context { status: DEFAULT_STATUS, array_hint: None };
    collect_components(file, page.root.children().map_or(&[][..], Vec::as_slice), &mut context, &mut found, diags);

    let Some((method, raw_path, origin)) = endpoint_of(file, &frontmatter) else {
        diags.error_at(
            &file.start(),
            "this page documents API components but no endpoint: expected frontmatter `api: 'METHOD /path'`",
        );
        return None;
    };
    let Some((server, path)) = document::split_endpoint(&raw_path) else {
        diags.error_at(&origin, format!("cannot read `{raw_path}` as an endpoint path (expected `/path` or a URL)"));
        return None;
    };
    let title = frontmatter
        .get("title")
        .or_else(|| frontmatter.get("sidebarTitle"))
        .unwrap_or_else(|| format!("{method} {path}"));
    let id_source = frontmatter.get("id").unwrap_or_else(|| title.clone());
    for parameter in &mut found.parameters {
        settle_defaults(&mut parameter.field.shape, &parameter.name, diags);
    }
    let request_body = request_body_of(file, &mut found, diags);
    let responses = responses_of(&mut found, diags);
    let page_operation = PageOperation {
        operation_id: document::operation_id(&id_source),
        title,
        version: frontmatter.get("version").unwrap_or_else(|| "0.0.0".to_owned()),
        description: frontmatter.get("description"),
        method,
        path,
        server,
        origin,
        parameters: found.parameters,
        request_body,
        responses,
    };
    Some(assemble_document(page_operation, diags))
}

/// The components that make a page an API page.
const API_COMPONENTS: &[&str] = &["ParamField", "ResponseField", "RequestExample", "ResponseExample"];

/// Components that only present prose or group other content: looked into without a warning.
const LAYOUT_COMPONENTS: &[&str] = &[
    "Accordion",
    "AccordionGroup",
    "Callout",
    "Card",
    "CardGroup",
    "Check",
    "CodeGroup",
    "Columns",
    "Danger",
    "Frame",
    "Icon",
    "Info",
    "Note",
    "Step",
    "Steps",
    "Tab",
    "Tabs",
    "Tip",
    "Tooltip",
    "Update",
    "Warning",
    "Badge",
    "Expandable",
];

/// Attributes of field components that only affect presentation.
const PRESENTATION_ATTRIBUTES: &[&str] = &["placeholder", "hidden", "pre", "post", "id", "className", "initialValue"];

const DEFAULT_STATUS: u16 = 200;

/// What the walk has found so far.
#[derive(Default)]
struct Found {
    parameters: Vec<PageParameter>,
    body_fields: IndexMap<String, Field>,
    body_origin: Option<Location>,
    request_examples: Vec<LocatedExample>,
    responses: std::collections::BTreeMap<u16, FoundResponse>,
}

#[derive(Default)]
struct FoundResponse {
    fields: IndexMap<String, Field>,
    /// Where prose said the body is an array of these fields.
    array_by_prose: Option<Location>,
    origin: Option<Location>,
    examples: Vec<LocatedExample>,
}

/// What the surrounding page says about the components that follow.
#[derive(Clone)]
struct Context {
    status: u16,
    array_hint: Option<Location>,
}

/// A JSX element of either kind (flow or text), seen through one lens.
struct Component<'a> {
    name: &'a str,
    attributes: &'a [AttributeContent],
    children: &'a [Node],
    node: &'a Node,
}

fn component(node: &Node) -> Option<Component<'_>> {
    let (name, attributes, children) = match node {
        Node::MdxJsxFlowElement(element) => (element.name.as_deref(), &element.attributes, &element.children),
        Node::MdxJsxTextElement(element) => (element.name.as_deref(), &element.attributes, &element.children),
        _ => return None,
    };
    Some(Component { name: name.unwrap_or(""), attributes, children, node })
}

/// `api: 'GET /v1/x'` (or Mintlify's `openapi: 'GET /v1/x'`, optionally after a spec file name).
fn endpoint_in_frontmatter_line(line: &str) -> Option<(&'static str, String)> {
    let (key, value) = line.split_once(':')?;
    if !matches!(key.trim(), "api" | "openapi") {
        return None;
    }
    document::endpoint_in_text(value.trim().trim_matches(['\'', '"']))
}

fn endpoint_of(file: &SourceFile, frontmatter: &Frontmatter) -> Option<(&'static str, String, Location)> {
    for key in ["api", "openapi"] {
        if let Some((method, path)) = frontmatter.get(key).as_deref().and_then(document::endpoint_in_text) {
            return Some((method, path, frontmatter.location_of(file, key)));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------------------
// The walk over the page

fn collect_components(
    file: &SourceFile,
    nodes: &[Node],
    context: &mut Context,
    found: &mut Found,
    diags: &mut Diagnostics,
) {
    for node in nodes {
        match node {
            Node::Heading(_) => {
                let text = plain_text(node);
                if let Some(status) = document::status_in_text(&text) {
                    context.status = status;
                }
                context.array_hint = None;
            }
            Node::Paragraph(paragraph) => {
                if says_array_of_fields(&plain_text(node)) {
                    context.array_hint = Some(node_location(file, node));
                }
                // Components written inline (`<ParamField …>text</ParamField>` on one line) sit in a paragraph.
                collect_components(file, &paragraph.children, context, found, diags);
            }
            // Losing a component loses part of the API: that is an error, not a degraded result.
            Node::Html(html) if looks_like_api_component(&html.value) => diags.error_at(
                &node_location(file, node),
                "this API component cannot be read because the page is not valid MDX (see the warning about it)",
            ),
            Node::Blockquote(_) | Node::List(_) | Node::ListItem(_) => {
                collect_components(file, node.children().map_or(&[][..], Vec::as_slice), context, found, diags);
            }
            _ => {
                if let Some(element) = component(node) {
                    collect_component(file, &element, context, found, diags);
                }
            }
        }
    }
}

fn looks_like_api_component(html: &str) -> bool {
    API_COMPONENTS.iter().any(|name| html.trim_start().strip_prefix('<').is_some_and(|rest| rest.starts_with(name)))
}

/// "The response body will contain an array of the following fields:", "a list of objects, each with".
fn says_array_of_fields(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let collection = lower.contains("array of") || lower.contains("list of");
    let of_fields = ["following", "these", "each", "objects", "items"].iter().any(|word| lower.contains(word));
    collection && of_fields
}

fn collect_component(
    file: &SourceFile,
    element: &Component<'_>,
    context: &mut Context,
    found: &mut Found,
    diags: &mut Diagnostics,
) {
    let location = node_location(file, element.node);
    match element.name {
        "ParamField" | "ResponseField" => collect_top_level_field(file, element, context, found, diags),
        "RequestExample" => {
            for code in code_blocks(element.children) {
                if let Some(example) = read_code_example(file, code, "request example", diags) {
                    found.request_examples.push(example);
                }
            }
        }
        "ResponseExample" => {
            for code in code_blocks(element.children) {
                let status = code.meta.as_deref().and_then(document::status_in_text).unwrap_or(context.status);
                if let Some(example) = read_code_example(file, code, "response example", diags) {
                    found.responses.entry(status).or_default().examples.push(example);
                }
            }
        }
        name => {
            if !is_known_layout(name) {
                diags.warning_at(
                    &location,
                    format!("unknown component `<{name}>`: not understood; API components inside it are still read"),
                );
            }
            // A tab or accordion titled with a status (`<Tab title="404">`) scopes that status.
            let mut inner = context.clone();
            if let Some(status) = attribute_text(element, "title").as_deref().and_then(document::status_in_text) {
                inner.status = status;
            }
            collect_components(file, element.children, &mut inner, found, diags);
        }
    }
}

/// Lower-case names are HTML elements (`<br/>`, `<code>`); they carry prose, not API.
fn is_known_layout(name: &str) -> bool {
    LAYOUT_COMPONENTS.contains(&name) || name.starts_with(|c: char| c.is_ascii_lowercase()) || name.is_empty()
}

fn collect_top_level_field(
    file: &SourceFile,
    element: &Component<'_>,
    context: &Context,
    found: &mut Found,
    diags: &mut Diagnostics,
) {
    let Some(read) = read_field(file, element, diags) else { return };
    match (element.name, read.placement) {
        ("ParamField", Placement::Parameter(location)) => {
            found.parameters.push(PageParameter { location, name: read.name, field: read.field, origin: read.origin })
        }
        ("ParamField", _) => {
            found.body_origin.get_or_insert(read.origin);
            insert_field(&mut found.body_fields, read.name, read.field, diags);
        }
        _ => {
            let response = found.responses.entry(context.status).or_default();
            response.origin.get_or_insert(read.origin);
            if response.array_by_prose.is_none() {
                response.array_by_prose = context.array_hint.clone();
            }
            insert_field(&mut response.fields, read.name, read.field, diags);
        }
    }
}

fn insert_field(fields: &mut IndexMap<String, Field>, name: String, field: Field, diags: &mut Diagnostics) {
    if fields.contains_key(&name) {
        if let Some(origin) = &field.shape.origin {
            diags.warning_at(origin, format!("field `{name}` is documented twice; the later one is kept"));
        }
    }
    fields.insert(name, field);
}

fn code_blocks(nodes: &[Node]) -> Vec<&Code> {
    let mut blocks = Vec::new();
    for node in nodes {
        walk(node, &mut |inner| {
            if let Node::Code(code) = inner {
                blocks.push(code);
            }
        });
    }
    blocks
}

/// A code block of an example component as JSON. Blocks in other languages (a `curl` request) are warned
/// about: they are kept out of the schema, and the reader should know that.
fn read_code_example(file: &SourceFile, code: &Code, what: &str, diags: &mut Diagnostics) -> Option<LocatedExample> {
    let location = node_location(file, &Node::Code(code.clone()));
    let lang = code.lang.as_deref().unwrap_or("").to_ascii_lowercase();
    let json_lang = matches!(lang.as_str(), "json" | "jsonc" | "json5");
    if !json_lang && !json::looks_like_json(&code.value) {
        let described = if lang.is_empty() { "without a language".to_owned() } else { format!("in `{lang}`") };
        diags.warning_at(&location, format!("the {what} {described} is not JSON; it is not used for the schema"));
        return None;
    }
    let example = ExampleText::of_code(file, code);
    let json = read_example(example, &format!("the {what}"), diags)?;
    let shape = infer_shape(&json, example, diags);
    Some(LocatedExample { value: json.to_value(), shape, origin: location })
}

// ---------------------------------------------------------------------------------------------------------
// Fields

enum Placement {
    Parameter(ParameterIn),
    Body,
    Response,
}

struct ReadField {
    name: String,
    field: Field,
    placement: Placement,
    origin: Location,
}

/// Reads one `<ParamField>`/`<ResponseField>` with everything nested in it. `None` (with a warning) when it
/// has no name.
fn read_field(file: &SourceFile, element: &Component<'_>, diags: &mut Diagnostics) -> Option<ReadField> {
    let origin = node_location(file, element.node);
    let mut name: Option<String> = None;
    let mut placement = if element.name == "ResponseField" { Placement::Response } else { Placement::Body };
    let mut type_text: Option<String> = None;
    let mut required = false;
    let mut deprecated = false;
    let mut default: Option<Value> = None;
    for attribute in element.attributes {
        let AttributeContent::Property(property) = attribute else {
            diags.warning_at(&origin, format!("a spread attribute on `<{}>` is not understood; ignored", element.name));
            continue;
        };
        let value = attribute_value(property.value.as_ref());
        match property.name.as_str() {
            "name" => name = value.as_text(),
            "path" | "query" | "header" | "cookie" | "body" => {
                name = value.as_text();
                if let Some(location) = ParameterIn::from_word(&property.name) {
                    placement = Placement::Parameter(location);
                }
            }
            "in" => match value.as_text().as_deref().and_then(ParameterIn::from_word) {
                Some(location) => placement = Placement::Parameter(location),
                None => placement = Placement::Body,
            },
            "type" => type_text = value.as_text(),
            "required" => required = value.as_flag(),
            "optional" => required = !value.as_flag(),
            "deprecated" => deprecated = value.as_flag(),
            "default" => default = value.as_json(),
            other if PRESENTATION_ATTRIBUTES.contains(&other) => {}
            other => diags
                .warning_at(&origin, format!("attribute `{other}` of `<{}>` is not understood; ignored", element.name)),
        }
    }
    let Some(name) = name.filter(|name| !name.is_empty()) else {
        diags.warning_at(
            &origin,
            format!(
                "`<{}>` without a name (`name`, or `path`/`query`/`header`/`cookie`/`body`); skipped",
                element.name
            ),
        );
        return None;
    };
    let mut shape = match &type_text {
        Some(text) => shape_of_type(text, &origin, diags),
        None => Shape::new(Kind::Unknown),
    };
    shape.origin = Some(origin.clone());
    shape.deprecated = deprecated;
    shape.default = default;
    let (description, allowed) = description_of(element.children);
    shape.description = description;
    shape.enumeration = allowed;
    let nested = nested_fields(file, element.children, diags);
    if !nested.is_empty() {
        attach_nested_fields(&mut shape, nested, &name, type_text.as_deref(), &origin, diags);
    }
    Some(ReadField { name, field: Field::documented(shape, Some(required)), placement, origin })
}

/// An attribute's value, whichever way it was written.
enum AttributeText {
    /// `required` with no value.
    Flag,
    Literal(String),
    /// `{…}`: kept as the expression's text.
    Expression(String),
}

impl AttributeText {
    fn as_text(&self) -> Option<String> {
        match self {
            AttributeText::Flag => None,
            AttributeText::Literal(text) => Some(text.clone()),
            AttributeText::Expression(text) => match self.as_json() {
                Some(Value::String(text)) => Some(text),
                _ => Some(text.trim().to_owned()),
            },
        }
    }

    fn as_flag(&self) -> bool {
        match self {
            AttributeText::Flag => true,
            AttributeText::Literal(text) | AttributeText::Expression(text) => text.trim() != "false",
        }
    }

    /// `default="5"` stays text here (the type settles it later); `default={5}` is the number 5.
    fn as_json(&self) -> Option<Value> {
        match self {
            AttributeText::Flag => None,
            AttributeText::Literal(text) => Some(Value::String(text.clone())),
            AttributeText::Expression(text) => match json::read_json_lenient(text) {
                Ok(read) => Some(read.value.to_value()),
                Err(_) => Some(Value::String(text.trim().to_owned())),
            },
        }
    }
}

fn attribute_value(value: Option<&AttributeValue>) -> AttributeText {
    match value {
        None => AttributeText::Flag,
        Some(AttributeValue::Literal(text)) => AttributeText::Literal(text.clone()),
        Some(AttributeValue::Expression(expression)) => AttributeText::Expression(expression.value.clone()),
    }
}

fn attribute_text(element: &Component<'_>, name: &str) -> Option<String> {
    element.attributes.iter().find_map(|attribute| match attribute {
        AttributeContent::Property(property) if property.name == name => {
            attribute_value(property.value.as_ref()).as_text()
        }
        _ => None,
    })
}

/// The description of a field: its prose children (not nested fields), and the allowed values a Mintlify
/// page lists as "Available options: `a`, `b`". A field written on one line has inline children, which
/// form one paragraph together.
fn description_of(children: &[Node]) -> (Option<String>, Vec<Value>) {
    let mut parts: Vec<String> = Vec::new();
    let mut allowed = Vec::new();
    let mut inline = String::new();
    for child in children {
        if component(child).is_some_and(|c| matches!(c.name, "Expandable" | "ParamField" | "ResponseField")) {
            continue;
        }
        if !is_block(child) {
            inline.push_str(&plain_text(child));
            continue;
        }
        if !inline.trim().is_empty() {
            parts.push(std::mem::take(&mut inline));
        }
        let text = plain_text(child);
        let lower = text.trim_start().to_ascii_lowercase();
        let lists_options = ["available options", "allowed values", "possible values", "one of:", "enum:"]
            .iter()
            .any(|lead| lower.starts_with(lead));
        if lists_options {
            let mut codes = Vec::new();
            walk(child, &mut |node| {
                if let Node::InlineCode(code) = node {
                    codes.push(Value::String(code.value.clone()));
                }
            });
            if !codes.is_empty() {
                allowed.extend(codes);
                continue;
            }
        }
        parts.push(text);
    }
    parts.push(inline);
    let description = document::tidy_prose(&parts.join("\n\n"));
    let description = (!description.is_empty()).then_some(description);
    (description, allowed)
}

fn is_block(node: &Node) -> bool {
    matches!(
        node,
        Node::Paragraph(_)
            | Node::List(_)
            | Node::Code(_)
            | Node::Blockquote(_)
            | Node::Heading(_)
            | Node::Table(_)
            | Node::ThematicBreak(_)
            | Node::Html(_)
            | Node::MdxJsxFlowElement(_)
    )
}

/// The fields nested in a field: in its `<Expandable>`s (any number, any depth), or directly in it.
fn nested_fields(file: &SourceFile, children: &[Node], diags: &mut Diagnostics) -> IndexMap<String, Field> {
    let mut fields = IndexMap::new();
    collect_nested_fields(file, children, &mut fields, diags);
    fields
}

fn collect_nested_fields(
    file: &SourceFile,
    nodes: &[Node],
    fields: &mut IndexMap<String, Field>,
    diags: &mut Diagnostics,
) {
    for node in nodes {
        match component(node) {
            Some(element) if matches!(element.name, "ParamField" | "ResponseField") => {
                if let Some(read) = read_field(file, &element, diags) {
                    insert_field(fields, read.name, read.field, diags);
                }
            }
            Some(element) if element.name == "Expandable" => {
                collect_nested_fields(file, element.children, fields, diags)
            }
            Some(element) if !is_known_layout(element.name) => {
                // The field's description skips it too; say so once, here.
                diags.warning_at(
                    &node_location(file, node),
                    format!(
                        "unknown component `<{}>` inside a field: not understood; fields inside it are still read",
                        element.name
                    ),
                );
                collect_nested_fields(file, element.children, fields, diags);
            }
            Some(element) => collect_nested_fields(file, element.children, fields, diags),
            None => {
                if let Node::Paragraph(paragraph) = node {
                    collect_nested_fields(file, &paragraph.children, fields, diags);
                }
            }
        }
    }
}

/// Nested fields describe the object a field is, or the objects in the array it is.
fn attach_nested_fields(
    shape: &mut Shape,
    nested: IndexMap<String, Field>,
    name: &str,
    type_text: Option<&str>,
    origin: &Location,
    diags: &mut Diagnostics,
) {
    let target = match &mut shape.kind {
        Kind::Array(items) => items.get_or_insert_with(|| Box::new(Shape::new(Kind::Unknown).at(origin.clone()))),
        _ => &mut *shape,
    };
    match &mut target.kind {
        Kind::Object(object) => object.fields.extend(nested),
        kind @ (Kind::Unknown | Kind::Any) => *kind = Kind::Object(ObjectShape { fields: nested, samples: 0 }),
        _ => {
            diags.warning_at(
                origin,
                format!(
                    "`{name}` is documented as `{}` but has nested fields; read as an object with those fields",
                    type_text.unwrap_or("")
                ),
            );
            target.kind = Kind::Object(ObjectShape { fields: nested, samples: 0 });
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Bodies

fn request_body_of(file: &SourceFile, found: &mut Found, diags: &mut Diagnostics) -> Option<PageBody> {
    if found.body_fields.is_empty() && found.request_examples.is_empty() {
        return None;
    }
    let origin = found
        .body_origin
        .clone()
        .or_else(|| found.request_examples.first().map(|e| e.origin.clone()))
        .unwrap_or_else(|| file.start());
    let fields = std::mem::take(&mut found.body_fields);
    let required = fields.values().any(|field| field.required == Some(true));
    let examples = std::mem::take(&mut found.request_examples);
    let documented = (!fields.is_empty()).then(|| Shape::object(fields).at(origin.clone()));
    let shape = merge_body(documented, &examples, "request body", diags);
    Some(PageBody {
        shape,
        examples: examples.into_iter().map(|e| e.value).collect(),
        description: None,
        required,
        origin,
    })
}

fn responses_of(found: &mut Found, diags: &mut Diagnostics) -> std::collections::BTreeMap<u16, PageBody> {
    let mut responses = std::collections::BTreeMap::new();
    for (status, response) in std::mem::take(&mut found.responses) {
        let Some(origin) = response.origin.clone().or_else(|| response.examples.first().map(|e| e.origin.clone()))
        else {
            continue;
        };
        let documented = (!response.fields.is_empty()).then(|| {
            let object = Shape::object(response.fields).at(origin.clone());
            let example_is_array = response.examples.iter().any(|e| matches!(e.shape.kind, Kind::Array(_)));
            if response.array_by_prose.is_some() || example_is_array {
                Shape::array_of(object).at(origin.clone())
            } else {
                object
            }
        });
        if let (Some(prose), Some(example)) =
            (&response.array_by_prose, response.examples.iter().find(|e| matches!(e.shape.kind, Kind::Object(_))))
        {
            diags.warning_at(
                &example.origin,
                format!(
                    "the prose at line {} says the body is an array, but this example is an object; the prose is kept",
                    prose.line
                ),
            );
        }
        let shape = merge_body(documented, &response.examples, &format!("response {status}"), diags);
        let body = PageBody {
            shape,
            examples: response.examples.into_iter().map(|e| e.value).collect(),
            description: None,
            required: false,
            origin,
        };
        responses.insert(status, body);
    }
    responses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::page::markdown_tree::parse_page;

    fn derive_text(path: &str, text: &str) -> (Option<serde_json::Value>, Diagnostics) {
        let file = SourceFile::new(path, text);
        let mut diags = Diagnostics::new();
        let page = parse_page(&file, &mut diags).expect("page parses");
        assert!(recognise(&page), "not recognised");
        let api = derive(&file, &page, &mut diags);
        (api.map(|api| serde_json::to_value(api).expect("serialises")), diags)
    }

    #[test]
    fn parameters_of_every_location_and_nested_bodies() {
        let text = r#"---
title: Update Item
api: PATCH https://api.example.com/v2/items/{item_id}
version: "2.1"
---

<ParamField path="item_id" type="string" required>The item.</ParamField>

<ParamField type="integer" query="limit" default="10" deprecated>
  How many.
</ParamField>

<ParamField cookie="session" type="string">Session.</ParamField>

<ParamField body="tags" type="string[]" required>
  Tags.
</ParamField>

<ParamField body="owner" type="object">
  <Expandable title="owner">
    <ParamField body="address" type="object">
      <Expandable title="address">
        <ParamField body="geo" type="object">
          <Expandable title="geo">
            <ParamField body="lat" type="number | null" required />
          </Expandable>
        </ParamField>
      </Expandable>
    </ParamField>
  </Expandable>
</ParamField>
"#;
        let (api, diags) = derive_text("fixtures/p.mdx", text);
        let api = api.expect("a document");
        assert_eq!(api["servers"][0]["url"], "https://api.example.com");
        assert_eq!(api["info"]["version"], "2.1");
        let operation = &api["paths"]["/v2/items/{item_id}"]["patch"];
        let parameters = operation["parameters"].as_array().unwrap();
        assert_eq!(parameters.len(), 3);
        assert_eq!(parameters[1]["in"], "query");
        assert_eq!(parameters[1]["schema"]["default"], 10);
        assert_eq!(parameters[1]["deprecated"], true);
        assert_eq!(parameters[2]["in"], "cookie");
        let body = &operation["requestBody"];
        assert_eq!(body["required"], true);
        let schema = &body["content"]["application/json"]["schema"];
        assert_eq!(schema["properties"]["tags"]["items"]["type"], "string");
        let lat = &schema["properties"]["owner"]["properties"]["address"]["properties"]["geo"]["properties"]["lat"];
        assert_eq!(lat["type"], "number");
        assert_eq!(lat["nullable"], true);
        assert!(diags.to_string().contains("no response"), "{diags}");
    }

    #[test]
    fn unknown_components_and_types_and_non_json_examples_are_warned_about() {
        let text = r#"---
title: Odd Page
api: POST /things
---

<Sparkle>
<ParamField body="name" type="Widget">A name.</ParamField>
</Sparkle>

<RequestExample>
```bash
curl -X POST https://x/things
```
</RequestExample>

<ResponseExample>
```json 201
{"id": 1, /* new */ "name": "a",}
```
</ResponseExample>
"#;
        let (api, diags) = derive_text("fixtures/o.mdx", text);
        let api = api.expect("a document");
        let rendered = diags.to_string();
        assert!(rendered.contains("fixtures/o.mdx:6:1: warning: unknown component `<Sparkle>`"), "{rendered}");
        assert!(rendered.contains("type `Widget` is not understood"), "{rendered}");
        assert!(
            rendered.contains("fixtures/o.mdx:11:1: warning: the request example in `bash` is not JSON"),
            "{rendered}"
        );
        assert!(
            rendered.contains("fixtures/o.mdx:18:11: warning: the response example: a `/* */` comment"),
            "{rendered}"
        );
        assert!(rendered.contains("fixtures/o.mdx:18:32: warning: the response example: trailing comma"), "{rendered}");
        let response = &api["paths"]["/things"]["post"]["responses"]["201"];
        assert_eq!(response["description"], "Created");
        assert_eq!(response["content"]["application/json"]["schema"]["properties"]["id"]["type"], "integer");
    }

    #[test]
    fn component_page_without_endpoint_is_an_error() {
        let (api, diags) = derive_text("fixtures/n.mdx", "# T\n\n<ResponseField name=\"a\" type=\"string\" />\n");
        assert!(api.is_none());
        assert!(diags.has_errors(), "{diags}");
    }
}
