//! Docusaurus-style pages that define an API through prose, bullet lists and JSON examples → one operation.
//!
//! Reading rules, and why:
//! - The endpoint is a URL or path in code: `<code>` JSX (its placeholder components, such as
//!   `<Config v="domains.rest"/>` for the host, are dropped), inline code, an `http`/`curl` block, or a
//!   `METHOD /path` line in prose. One with a stated method beats one without; a full URL beats a bare path;
//!   then page order. Other endpoints on the page are named in a warning.
//! - The method is the one stated next to the endpoint (in it, or as a capitalised `POST` in its paragraph).
//!   Otherwise POST when the page documents a request body, else GET; both with a warning, since it is a guess.
//! - A JSON block is a request or a response by the prose before it (since the previous code block or list),
//!   nearest first: "request"/"payload" versus "response"/"returns"/"you get". Prose naming both ("Request
//!   Body and Response") alternates: request, unless the block before was a request. A status code in that
//!   prose picks the response; otherwise 200.
//! - A bullet list whose items start with `` `name` `` names fields: of the request body, of the response, or
//!   query/header/path/cookie parameters, by the prose that introduces it. Sub-lists are nested fields; a
//!   stated default ("Default value is 5.") is kept; requiredness is stated only by the words "required" or
//!   "optional", otherwise the examples decide, and a field with a stated default is optional.
//! - Types come from the examples when the list states none: the Vectara seed shows `"num_results": "5"` and
//!   says "Default value is 5", so the field is a string (the evidence) with default `"5"` (the stated value,
//!   converted to the type the evidence gives).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use markdown::mdast::{AttributeContent, AttributeValue, Code, List, Node};
use openapiv3::OpenAPI;

use super::infer::operation::{assemble_document, PageBody, PageOperation, PageParameter, ParameterIn};
use super::infer::{
    infer_shape, merge_body, settle_defaults, shape_of_type, stated_default, Field, Kind, LocatedExample, ObjectShape,
    Shape,
};
use super::page::document::{self, Frontmatter};
use super::page::json::{self, read_example, ExampleText};
use super::page::markdown_tree::{node_location, plain_text, walk, Page};
use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// Whether the page looks like one this front-end reads: a JSON example and an endpoint in code.
pub fn recognise(page: &Page) -> bool {
    let mut has_json = false;
    walk(&page.root, &mut |node| {
        if let Node::Code(code) = node {
            has_json |= is_json_block(code);
        }
    });
    has_json && !endpoint_candidates(&page.root).is_empty()
}

/// Derives the page's OpenAPI document.
pub fn derive(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let frontmatter = Frontmatter::of_page(file, &page.root, diags);
    let candidates = endpoint_candidates(&page.root);
    let Some(endpoint) = choose_endpoint(file, &candidates, diags) else {
        diags.error_at(&file.start(), "no endpoint found on this page: expected a URL or `METHOD /path` in code");
        return None;
    };
    let Some((server, path)) = document::split_endpoint(&endpoint.text) else {
        diags.error_at(
            &node_location(file, endpoint.node),
            format!("cannot read `{}` as an endpoint path", endpoint.text),
        );
        return None;
    };
    let origin = node_location(file, endpoint.node);

    let mut found = Found::default();
    read_blocks(file, page.root.children().map_or(&[][..], Vec::as_slice), &mut found, diags);

    let documents_request_body = !found.body_fields.is_empty() || !found.request_examples.is_empty();
    let method = match endpoint.method {
        Some(method) => method,
        None if documents_request_body => {
            diags.warning_at(
                &origin,
                "the page states no HTTP method; POST is assumed because it documents a request body",
            );
            "POST"
        }
        None => {
            diags.warning_at(&origin, "the page states no HTTP method and documents no request body; GET is assumed");
            "GET"
        }
    };
    let title =
        frontmatter.get("title").or_else(|| first_heading(&page.root)).unwrap_or_else(|| format!("{method} {path}"));
    let id_source = frontmatter.get("id").unwrap_or_else(|| title.clone());
    for parameter in &mut found.parameters {
        settle_defaults(&mut parameter.field.shape, &parameter.name, diags);
    }
    let request_body = request_body_of(&mut found, diags);
    let responses = responses_of(&mut found, diags);
    let page_operation = PageOperation {
        operation_id: document::operation_id(&id_source),
        title,
        version: frontmatter.get("version").unwrap_or_else(|| "0.0.0".to_owned()),
        description: frontmatter.get("description").or(found.description.take()),
        method,
        path,
        server,
        origin,
        parameters: std::mem::take(&mut found.parameters),
        request_body,
        responses,
    };
    Some(assemble_document(page_operation, diags))
}

// ---------------------------------------------------------------------------------------------------------
// The endpoint

/// A place on the page that names an endpoint.
struct Candidate<'a> {
    text: String,
    method: Option<&'static str>,
    is_url: bool,
    node: &'a Node,
}

fn endpoint_candidates(root: &Node) -> Vec<Candidate<'_>> {
    let mut candidates = Vec::new();
    collect_candidates(root, None, &mut candidates);
    candidates
}

/// `block_text` is the text of the paragraph or heading around `node`, where a method may be stated.
fn collect_candidates<'a>(node: &'a Node, block_text: Option<&str>, out: &mut Vec<Candidate<'a>>) {
    match node {
        Node::Paragraph(_) | Node::Heading(_) | Node::TableCell(_) => {
            let text = plain_text(node);
            // `POST /v1/x` written in prose.
            if let Some((method, path)) = prose_endpoint(node) {
                out.push(Candidate { is_url: path.contains("://"), text: path, method: Some(method), node });
            }
            for child in node.children().into_iter().flatten() {
                collect_candidates(child, Some(&text), out);
            }
            return;
        }
        Node::InlineCode(code) => push_candidate(&code.value, block_text, node, out),
        Node::Code(code) => {
            if let Some((method, url)) = endpoint_in_request_block(code) {
                out.push(Candidate { is_url: url.contains("://"), text: url, method, node });
            }
        }
        Node::MdxJsxTextElement(element) if element.name.as_deref() == Some("code") => {
            push_candidate(&text_without_components(&element.children), block_text, node, out);
            return;
        }
        Node::MdxJsxFlowElement(element) if element.name.as_deref() == Some("code") => {
            push_candidate(&text_without_components(&element.children), block_text, node, out);
            return;
        }
        _ => {}
    }
    for child in node.children().into_iter().flatten() {
        collect_candidates(child, block_text, out);
    }
}

/// A `METHOD /path` or `METHOD https://…` written in the plain text of a block (not in code).
fn prose_endpoint(block: &Node) -> Option<(&'static str, String)> {
    let mut text = String::new();
    for child in block.children().into_iter().flatten() {
        if let Node::Text(t) = child {
            text.push_str(&t.value);
        } else {
            text.push(' ');
        }
    }
    document::endpoint_in_text(&text).filter(|(_, path)| path.len() > 1)
}

fn push_candidate<'a>(text: &str, block_text: Option<&str>, node: &'a Node, out: &mut Vec<Candidate<'a>>) {
    let text = text.trim();
    let (method, target) = match document::endpoint_in_text(text) {
        Some((method, target)) => (Some(method), target),
        None => (None, text.to_owned()),
    };
    let is_url = target.starts_with("http://") || target.starts_with("https://");
    let is_path = target.starts_with('/') && target.len() > 1 && target.chars().any(|c| c.is_ascii_alphabetic());
    if target.contains(char::is_whitespace) || !(is_url || is_path) || document::split_endpoint(&target).is_none() {
        return;
    }
    let method = method.or_else(|| block_text.and_then(method_in_prose));
    out.push(Candidate { text: target, method, is_url, node });
}

/// A method stated as a capitalised word in prose ("send a POST request to"). Only an unambiguous one counts.
fn method_in_prose(text: &str) -> Option<&'static str> {
    let mut methods = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 3 && word.chars().all(|c| c.is_ascii_uppercase()))
        .filter_map(document::http_method);
    let first = methods.next()?;
    methods.all(|other| other == first).then_some(first)
}

/// The text of `<code>`'s children without the components in it (placeholders such as `<Config …/>`).
fn text_without_components(children: &[Node]) -> String {
    let mut text = String::new();
    for child in children {
        match child {
            Node::MdxJsxTextElement(_) | Node::MdxJsxFlowElement(_) | Node::MdxTextExpression(_) => {}
            Node::Text(t) => text.push_str(&t.value),
            Node::InlineCode(code) => text.push_str(&code.value),
            other => text.push_str(&text_without_components(other.children().map_or(&[][..], Vec::as_slice))),
        }
    }
    text
}

/// `POST /v1/x HTTP/1.1` in an `http` block, or a `curl` command line (`-X`/`--request`, a URL, `-d` → POST).
fn endpoint_in_request_block(code: &Code) -> Option<(Option<&'static str>, String)> {
    let lang = code.lang.as_deref().unwrap_or("").to_ascii_lowercase();
    let first_line = code.value.lines().find(|line| !line.trim().is_empty())?.trim();
    if lang == "http" {
        let (method, path) = document::endpoint_in_text(first_line)?;
        return Some((Some(method), path));
    }
    if !matches!(lang.as_str(), "bash" | "sh" | "shell" | "curl" | "console" | "") || !first_line.starts_with("curl") {
        return None;
    }
    let words: Vec<&str> = code.value.split_whitespace().map(|w| w.trim_matches(['\'', '"', '\\'])).collect();
    let mut method = None;
    let mut has_data = false;
    let mut url = None;
    for (index, word) in words.iter().enumerate() {
        match *word {
            "-X" | "--request" => method = words.get(index + 1).and_then(|m| document::http_method(m)),
            "-d" | "--data" | "--data-raw" | "--json" => has_data = true,
            _ if url.is_none() && word.contains("://") => url = Some((*word).to_owned()),
            _ => {}
        }
    }
    // curl sends POST when given data and no `-X`.
    let method = method.or(has_data.then_some("POST"));
    Some((method, url?))
}

/// Picks the endpoint (stated method first, then a URL, then page order) and warns about the others.
fn choose_endpoint<'c, 'n>(
    file: &SourceFile,
    candidates: &'c [Candidate<'n>],
    diags: &mut Diagnostics,
) -> Option<&'c Candidate<'n>> {
    let chosen = candidates
        .iter()
        .enumerate()
        .min_by_key(|(index, candidate)| (candidate.method.is_none(), !candidate.is_url, *index))
        .map(|(_, candidate)| candidate)?;
    let chosen_path = document::split_endpoint(&chosen.text).map(|(_, path)| path);
    let mut others: Vec<String> = Vec::new();
    for candidate in candidates {
        let path = document::split_endpoint(&candidate.text).map(|(_, path)| path);
        if path != chosen_path {
            if let Some(path) = path.filter(|path| !others.contains(path)) {
                others.push(path);
            }
        }
    }
    if !others.is_empty() {
        diags.warning_at(
            &node_location(file, chosen.node),
            format!(
                "the page also names {}; only `{}` is read as this page's endpoint",
                others.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "),
                chosen_path.unwrap_or_default()
            ),
        );
    }
    Some(chosen)
}

fn first_heading(root: &Node) -> Option<String> {
    root.children()?.iter().find_map(|node| match node {
        Node::Heading(heading) if heading.depth == 1 => Some(plain_text(node).trim().to_owned()),
        _ => None,
    })
}

// ---------------------------------------------------------------------------------------------------------
// Prose, field lists and examples, in page order

#[derive(Default)]
struct Found {
    description: Option<String>,
    seen_code: bool,
    /// Prose since the last code block, nearest last: what the next example or list is about.
    prose: Vec<String>,
    last_example: Option<Role>,
    parameters: Vec<PageParameter>,
    body_fields: IndexMap<String, Field>,
    body_origin: Option<Location>,
    request_examples: Vec<LocatedExample>,
    responses: BTreeMap<u16, FoundResponse>,
}

#[derive(Default)]
struct FoundResponse {
    fields: IndexMap<String, Field>,
    origin: Option<Location>,
    examples: Vec<LocatedExample>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response(u16),
}

/// What a field list is about.
enum ListTarget {
    Parameters(ParameterIn),
    RequestBody,
    Response(u16),
}

fn read_blocks(file: &SourceFile, nodes: &[Node], found: &mut Found, diags: &mut Diagnostics) {
    for node in nodes {
        match node {
            Node::Heading(_) => found.prose.push(plain_text(node)),
            Node::Paragraph(_) => {
                let text = plain_text(node);
                let trimmed = text.trim();
                // MDX imports that were not parsed as ESM, and Docusaurus admonition fences, are not prose.
                if trimmed.starts_with("import ") || trimmed.starts_with("export ") || trimmed.starts_with(":::") {
                    continue;
                }
                // The description is the page's introduction: prose before any code that does not
                // introduce what follows ("You get the following response:").
                if found.description.is_none() && !found.seen_code && !trimmed.is_empty() && !trimmed.ends_with(':') {
                    found.description = Some(document::tidy_prose(trimmed));
                }
                found.prose.push(text);
            }
            Node::List(list) if is_field_list(list) => {
                let target = list_target(&found.prose);
                let fields = read_field_list(file, list, diags);
                store_fields(file, node, target, fields, found, diags);
            }
            Node::List(_) => found.prose.push(plain_text(node)),
            Node::Code(code) if is_json_block(code) => {
                read_json_block(file, code, node, found, diags);
                found.prose.clear();
                found.seen_code = true;
            }
            Node::Code(code) => {
                // A curl command's `-d` body is the request it sends.
                if let Some(data) = crate::derive::page::declare::curl_data(&code.value) {
                    read_curl_body(file, code, node, &data, found, diags);
                }
                found.prose.clear();
                found.seen_code = true;
            }
            Node::MdxJsxFlowElement(element) => {
                // Docusaurus `<TabItem label="Response">`: the label is prose about what the tab holds.
                for attribute in &element.attributes {
                    if let AttributeContent::Property(property) = attribute {
                        if matches!(property.name.as_str(), "label" | "value" | "title") {
                            if let Some(AttributeValue::Literal(text)) = &property.value {
                                found.prose.push(text.clone());
                            }
                        }
                    }
                }
                read_blocks(file, &element.children, found, diags);
            }
            _ => {}
        }
    }
}

fn is_json_block(code: &Code) -> bool {
    let lang = code.lang.as_deref().unwrap_or("").to_ascii_lowercase();
    matches!(lang.as_str(), "json" | "jsonc" | "json5") || (lang.is_empty() && json::looks_like_json(&code.value))
}

/// Request or response, from the nearest decisive prose; see the module comment.
fn example_role(prose: &[String], last: Option<Role>) -> Option<Role> {
    for text in prose.iter().rev() {
        let lower = text.to_ascii_lowercase();
        let request = ["request", "payload"].iter().any(|w| lower.contains(w));
        let response =
            ["response", "returns", "you get", "you receive", "output", "result"].iter().any(|w| lower.contains(w));
        let status = document::status_in_text(text).unwrap_or(200);
        match (request, response) {
            (true, false) => return Some(Role::Request),
            (false, true) => return Some(Role::Response(status)),
            (true, true) => {
                return Some(if last == Some(Role::Request) { Role::Response(status) } else { Role::Request });
            }
            (false, false) => {}
        }
    }
    None
}

/// A curl command's JSON body, read as the request example (placed on the line where it starts).
fn read_curl_body(file: &SourceFile, code: &Code, node: &Node, data: &str, found: &mut Found, diags: &mut Diagnostics) {
    if !json::looks_like_json(data) {
        return;
    }
    let embedding = match (code.position.as_ref(), code.value.find(data.lines().next().unwrap_or(data))) {
        (Some(position), Some(at)) => {
            let line = code.value[..at].matches('\n').count();
            crate::source_map::Embedding { first_line: position.start.line + 1 + line, column_shift: 0 }
        }
        _ => crate::source_map::Embedding::whole_file(),
    };
    let example = json::ExampleText { file, text: data, embedding };
    let Some(json) = read_example(example, "the request example", diags) else { return };
    let shape = infer_shape(&json, example, diags);
    found.request_examples.push(LocatedExample { value: json.to_value(), shape, origin: node_location(file, node) });
    found.last_example = Some(Role::Request);
}

fn read_json_block(file: &SourceFile, code: &Code, node: &Node, found: &mut Found, diags: &mut Diagnostics) {
    let location = node_location(file, node);
    let role = match example_role(&found.prose, found.last_example) {
        Some(role) => role,
        // A second unlabelled block after a request is its response; otherwise we have to guess.
        None if found.last_example == Some(Role::Request) => Role::Response(200),
        None => {
            diags.warning_at(
                &location,
                "nothing says whether this JSON example is a request or a response; read as the response",
            );
            Role::Response(200)
        }
    };
    found.last_example = Some(role);
    let what = match role {
        Role::Request => "the request example".to_owned(),
        Role::Response(status) => format!("the response {status} example"),
    };
    let example = ExampleText::of_code(file, code);
    let Some(json) = read_example(example, &what, diags) else { return };
    let shape = infer_shape(&json, example, diags);
    let located = LocatedExample { value: json.to_value(), shape, origin: location };
    match role {
        Role::Request => found.request_examples.push(located),
        Role::Response(status) => found.responses.entry(status).or_default().examples.push(located),
    }
}

fn list_target(prose: &[String]) -> ListTarget {
    for text in prose.iter().rev() {
        let lower = text.to_ascii_lowercase();
        for (word, location) in [
            ("query", ParameterIn::Query),
            ("header", ParameterIn::Header),
            ("path param", ParameterIn::Path),
            ("cookie", ParameterIn::Cookie),
        ] {
            if lower.contains(word) {
                return ListTarget::Parameters(location);
            }
        }
        let request = ["request", "payload", "body", "parameters"].iter().any(|w| lower.contains(w));
        let response = ["response", "returns", "you get", "output", "result"].iter().any(|w| lower.contains(w));
        match (request, response) {
            (_, true) if !lower.contains("request") => {
                return ListTarget::Response(document::status_in_text(text).unwrap_or(200))
            }
            (true, _) => return ListTarget::RequestBody,
            _ => {}
        }
    }
    ListTarget::RequestBody
}

/// A list whose every item starts with an inline-code name.
fn is_field_list(list: &List) -> bool {
    !list.children.is_empty() && list.children.iter().all(|item| field_name_of_item(item).is_some())
}

fn field_name_of_item(item: &Node) -> Option<(&str, &[Node])> {
    let Node::ListItem(item) = item else { return None };
    let Some(Node::Paragraph(paragraph)) = item.children.first() else { return None };
    // `**`name`**` is common too.
    let first = paragraph.children.first()?;
    let code = match first {
        Node::InlineCode(code) => code,
        Node::Strong(strong) => match strong.children.as_slice() {
            [Node::InlineCode(code)] => code,
            _ => return None,
        },
        _ => return None,
    };
    let name = code.value.trim();
    let plausible = !name.is_empty() && !name.contains(char::is_whitespace);
    plausible.then_some((name, &paragraph.children[1..]))
}

/// The fields a list names, with nested lists as nested fields.
fn read_field_list(file: &SourceFile, list: &List, diags: &mut Diagnostics) -> Vec<(String, Field)> {
    let mut fields = Vec::new();
    for item in &list.children {
        let Some((name, rest)) = field_name_of_item(item) else { continue };
        let origin = node_location(file, item);
        let mut text = String::new();
        for node in rest {
            text.push_str(&plain_text(node));
        }
        let (stated_type, required, description) = split_field_text(&text);
        let mut shape = match stated_type {
            Some(type_text) => shape_of_type(&type_text, &origin, diags),
            None => Shape::new(Kind::Unknown),
        };
        shape.origin = Some(origin.clone());
        shape.default = stated_default(&description);
        let mut extra = Vec::new();
        let mut nested = IndexMap::new();
        if let Node::ListItem(item) = item {
            for child in item.children.iter().skip(1) {
                match child {
                    Node::List(list) if is_field_list(list) => nested.extend(read_field_list(file, list, diags)),
                    other => extra.push(plain_text(other).trim().to_owned()),
                }
            }
        }
        let mut parts = vec![description];
        parts.extend(extra.into_iter().filter(|part| !part.is_empty()));
        let description = document::tidy_prose(&parts.join("\n\n"));
        shape.description = (!description.is_empty()).then_some(description);
        if !nested.is_empty() {
            let target = match &mut shape.kind {
                Kind::Array(items) => {
                    items.get_or_insert_with(|| Box::new(Shape::new(Kind::Unknown).at(origin.clone())))
                }
                _ => &mut shape,
            };
            match &mut target.kind {
                Kind::Object(object) => object.fields.extend(nested),
                _ => target.kind = Kind::Object(ObjectShape { fields: nested, samples: 0 }),
            }
        }
        // A field with a default may be left out; otherwise only explicit words state requiredness.
        let required = required.or(shape.default.is_some().then_some(false));
        fields.push((name.to_owned(), Field::documented(shape, required)));
    }
    fields
}

/// Splits the text after a field name: an optional `(type, required)` group, a separator, the description.
fn split_field_text(text: &str) -> (Option<String>, Option<bool>, String) {
    let mut rest = text.trim_start();
    let mut stated_type = None;
    let mut required = None;
    if let Some(inner) = rest.strip_prefix('(') {
        if let Some((group, after)) = inner.split_once(')') {
            for word in group.split(',').map(str::trim) {
                match word.to_ascii_lowercase().as_str() {
                    "required" => required = Some(true),
                    "optional" => required = Some(false),
                    "" => {}
                    _ => stated_type = Some(word.to_owned()),
                }
            }
            rest = after;
        }
    }
    let rest = rest.trim_start().trim_start_matches(['-', ':', '\u{2013}', '\u{2014}']).trim();
    let lower = rest.to_ascii_lowercase();
    if required.is_none() {
        if lower.starts_with("required") || lower.starts_with("(required)") {
            required = Some(true);
        } else if lower.starts_with("optional") || lower.starts_with("(optional)") {
            required = Some(false);
        }
    }
    (stated_type, required, rest.to_owned())
}

fn store_fields(
    file: &SourceFile,
    list: &Node,
    target: ListTarget,
    fields: Vec<(String, Field)>,
    found: &mut Found,
    diags: &mut Diagnostics,
) {
    let list_origin = node_location(file, list);
    for (name, field) in fields {
        let origin = field.shape.origin.clone().unwrap_or_else(|| list_origin.clone());
        match target {
            ListTarget::Parameters(location) => found.parameters.push(PageParameter { location, name, field, origin }),
            ListTarget::RequestBody => {
                found.body_origin.get_or_insert(list_origin.clone());
                insert_field_at_path(&mut found.body_fields, &name, field, &origin, diags);
            }
            ListTarget::Response(status) => {
                let response = found.responses.entry(status).or_default();
                response.origin.get_or_insert(list_origin.clone());
                insert_field_at_path(&mut response.fields, &name, field, &origin, diags);
            }
        }
    }
}

/// `status.code` documents the field `code` of the object `status`.
fn insert_field_at_path(
    fields: &mut IndexMap<String, Field>,
    name: &str,
    field: Field,
    origin: &Location,
    diags: &mut Diagnostics,
) {
    match name.split_once('.') {
        Some((head, tail)) if !head.is_empty() && !tail.is_empty() => {
            let parent = fields
                .entry(head.to_owned())
                .or_insert_with(|| Field::documented(Shape::object(IndexMap::new()).at(origin.clone()), None));
            let target = match &mut parent.shape.kind {
                Kind::Array(items) => items.get_or_insert_with(|| Box::new(Shape::object(IndexMap::new()))),
                _ => &mut parent.shape,
            };
            if matches!(target.kind, Kind::Unknown) {
                target.kind = Kind::Object(ObjectShape::default());
            }
            match &mut target.kind {
                Kind::Object(object) => insert_field_at_path(&mut object.fields, tail, field, origin, diags),
                _ => diags
                    .warning_at(origin, format!("`{name}` names a field of `{head}`, which is not an object; skipped")),
            }
        }
        _ => {
            if fields.contains_key(name) {
                diags.warning_at(origin, format!("field `{name}` is listed twice; the later one is kept"));
            }
            fields.insert(name.to_owned(), field);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Bodies

fn request_body_of(found: &mut Found, diags: &mut Diagnostics) -> Option<PageBody> {
    let origin = found.body_origin.clone().or_else(|| found.request_examples.first().map(|e| e.origin.clone()))?;
    let fields = std::mem::take(&mut found.body_fields);
    let required = true;
    let documented = (!fields.is_empty()).then(|| Shape::object(fields).at(origin.clone()));
    let examples = std::mem::take(&mut found.request_examples);
    let shape = merge_body(documented, &examples, "request body", diags);
    Some(PageBody {
        shape,
        examples: examples.into_iter().map(|e| e.value).collect(),
        description: None,
        required,
        origin,
    })
}

fn responses_of(found: &mut Found, diags: &mut Diagnostics) -> BTreeMap<u16, PageBody> {
    let mut responses = BTreeMap::new();
    for (status, response) in std::mem::take(&mut found.responses) {
        let Some(origin) = response.origin.clone().or_else(|| response.examples.first().map(|e| e.origin.clone()))
        else {
            continue;
        };
        let documented = (!response.fields.is_empty()).then(|| {
            let object = Shape::object(response.fields).at(origin.clone());
            // A list documents the objects of an array body when the examples show an array.
            if response.examples.iter().any(|e| matches!(e.shape.kind, Kind::Array(_))) {
                Shape::array_of(object).at(origin.clone())
            } else {
                object
            }
        });
        let shape = merge_body(documented, &response.examples, &format!("response {status}"), diags);
        let examples = response.examples.into_iter().map(|e| e.value).collect();
        responses.insert(status, PageBody { shape, examples, description: None, required: false, origin });
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
    fn stated_method_query_parameters_and_response_fields() {
        let text = r#"# Get Widget

Send a GET request to `https://api.example.com/v1/widgets/{widget_id}`.

The following query parameters are accepted:

* `verbose` (boolean) - Include details. Defaults to `false`.
* `fields` (string, required) - Which fields.

The response contains:

- `id` - The widget id.
- `owner` - The owner.
  - `name` - Owner name.
- `owner.email` - Owner email.

```json
{"id": "w1", "owner": {"name": "a", "email": null}, "tags": [1, 2.5]}
```
"#;
        let (api, diags) = derive_text("fixtures/w.md", text);
        let api = api.expect("a document");
        let rendered = diags.to_string();
        assert!(rendered.contains("path parameter `{widget_id}` is not documented"), "{rendered}");
        assert_eq!(api["info"]["title"], "Get Widget");
        assert_eq!(api["servers"][0]["url"], "https://api.example.com");
        let operation = &api["paths"]["/v1/widgets/{widget_id}"]["get"];
        assert_eq!(operation["operationId"], "getWidget");
        let parameters = operation["parameters"].as_array().unwrap();
        assert_eq!(parameters[0]["in"], "query");
        assert_eq!(parameters[0]["schema"]["default"], false);
        assert!(parameters[0].get("required").is_none(), "optional is omitted");
        assert_eq!(parameters[1]["required"], true);
        assert_eq!(parameters[2]["in"], "path");
        let schema = &operation["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema["properties"]["owner"]["properties"]["email"]["nullable"], true);
        assert_eq!(schema["properties"]["owner"]["properties"]["name"]["description"], "Owner name.");
        assert_eq!(schema["properties"]["tags"]["items"]["type"], "number");
    }

    #[test]
    fn curl_blocks_give_method_and_url() {
        let text = "Create it:\n\n```bash\ncurl https://api.x.io/v2/items \\\n  -d '{\"a\": 1}'\n```\n\nResponse:\n\n```json\n{\"ok\": true}\n```\n";
        let (api, diags) = derive_text("fixtures/c.md", text);
        let api = api.expect("a document");
        assert!(api["paths"]["/v2/items"]["post"].is_object(), "{api}");
        assert!(diags.is_empty(), "{diags}");
        // The `-d` body is the request; the JSON after it is the response.
        let request = &api["paths"]["/v2/items"]["post"]["requestBody"]["content"]["application/json"];
        assert_eq!(request["schema"]["properties"]["a"]["type"], "integer", "{api}");
        let response = &api["paths"]["/v2/items"]["post"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(response["schema"]["properties"]["ok"]["type"], "boolean", "{api}");
    }

    #[test]
    fn broken_json_example_is_a_warning_not_a_failure() {
        let text = "Request to `POST /v1/run`:\n\n```json\n{\"a\": 1 \"b\": 2}\n```\n";
        let (api, diags) = derive_text("fixtures/b.md", text);
        assert!(api.is_some());
        assert!(diags.to_string().contains("fixtures/b.md:4:9: warning: the request example is not JSON"), "{diags}");
    }
}
