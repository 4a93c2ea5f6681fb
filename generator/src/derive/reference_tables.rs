//! Reference-table pages → OpenAPI: a title, a `` `METHOD /path` `` line, parameter and property tables under
//! headings, status sections, and sub-sections that define named types (the Azure AI Foundry / TypeSpec style).
//!
//! The page is read in two passes. [`read_page`] walks the mdast blocks once, keeps a stack of the headings it
//! is under, and fills a plain [`Model`] (fields, tables, type definitions, each with its place). [`build`]
//! turns the model into an `openapiv3::OpenAPI`. Type cells (`OpenAI.Error[]`, `string | null`) are read by a
//! small hand-written parser for the type grammar ([`parse_type`]); markdown structure is only ever read from
//! the tree.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToLowerCamelCase;
use indexmap::IndexMap;
use markdown::mdast::Node;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Components, CookieStyle, Header, HeaderStyle, Info,
    IntegerType, MediaType, NumberType, ObjectType, OpenAPI, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr, RequestBody, Response, Schema, SchemaData,
    SchemaKind, StatusCode, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::page::markdown_tree::{node_location, plain_text, walk, Page};
use crate::derive::page::type_expr;
use crate::diagnostic::{Diagnostics, Location, SourceFile};

/// Whether the page looks like one this front-end reads: at least one GFM table, and the endpoint as a
/// paragraph that is only a `` `METHOD /path` `` inline code, or as a code block holding only the request
/// line (`POST https://{endpoint}/widgets?api-version=…`) when the headings are a generated reference's
/// sections (parameters, request body, responses, definitions: at least three of them).
pub fn recognise(page: &Page) -> bool {
    let mut has_table = false;
    walk(&page.root, &mut |node| has_table |= matches!(node, Node::Table(_)));
    has_table
        && (endpoint_paragraphs(&page.root).next().is_some()
            || (endpoint_blocks(&page.root).next().is_some() && reference_sections(&page.root) >= 3))
}

/// How many of a generated reference's kinds of section the page's headings open: parameters, request body,
/// responses, definitions.
fn reference_sections(root: &Node) -> usize {
    let mut kinds = BTreeSet::new();
    walk(root, &mut |node| {
        let Node::Heading(_) = node else { return };
        let lower = plain_text(node).to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |word: &str| words.contains(&word);
        let kind = if has("body") || (has("request") && !has("header") && !has("headers")) {
            "body"
        } else if ["parameters", "params", "header", "headers", "query", "uri"].iter().any(|w| has(w)) {
            "parameters"
        } else if has("responses") || has("response") {
            "responses"
        } else if ["definitions", "schemas", "models", "components"].iter().any(|w| has(w)) {
            "definitions"
        } else {
            return;
        };
        kinds.insert(kind);
    });
    kinds.len()
}

/// Derives the page's OpenAPI document. `None` (with an error) only when the page names no operation.
pub fn derive(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let model = read_page(file, page, diags);
    if model.endpoint.is_none() {
        diags.error_at(
            &file.start(),
            "this reference page names no operation: expected a paragraph that is only `METHOD /path` in inline code",
        );
        return None;
    }
    build(file, &model, diags)
}

// ---------------------------------------------------------------------------------------------------------
// The model: what the page says, before any OpenAPI decisions.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

#[derive(Debug, Clone)]
struct Endpoint {
    method: Method,
    path: String,
    location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ParamLocation {
    Query,
    Header,
    Path,
    Cookie,
}

/// One row of a parameter or property table.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    type_text: String,
    /// `None`: the row has no type, or its type could not be read (already warned); the schema is left open.
    type_expr: Option<TypeExpr>,
    required: bool,
    /// Whether the required cell said so explicitly (a path parameter marked `No` is worth a warning).
    required_stated: bool,
    description: String,
    markers: Markers,
    location: Location,
    /// Index in [`Model::tables`] of the field's own properties (dotted rows `a.b`, or an anonymous sub-section).
    children: Option<usize>,
    /// From an `In` column, for parameter tables that mix locations.
    parameter_location: Option<ParamLocation>,
}

/// The `_Default:_`, `_Enum:_`, … markers of a description cell, as raw values.
#[derive(Debug, Clone, Default, PartialEq)]
struct Markers {
    default: Option<Value>,
    enumeration: Vec<Value>,
    constant: Option<Value>,
    format: Option<String>,
    example: Option<Value>,
    pattern: Option<String>,
    minimum: Option<f64>,
    maximum: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Status {
    Code(u16),
    Range(u16),
    Default,
}

/// A request or response body as the page describes it.
#[derive(Debug, Clone)]
struct Body {
    location: Location,
    content_types: Vec<String>,
    description: Vec<String>,
    shape: Shape,
    /// An "**Array of** `X`**:**" line was seen: the next table describes the items (type `X`, when named).
    array_of: Option<Option<String>>,
}

#[derive(Debug, Clone)]
enum Shape {
    Nothing,
    /// An anonymous object whose properties are a table (or an array of such objects).
    Fields {
        table: usize,
        array: bool,
        location: Location,
    },
    /// A type named in the text (`Type: \`X\``, a responses-table row, "Array of `X`" + its table).
    Type(TypeExpr),
}

#[derive(Debug, Clone)]
struct StatusSection {
    status: Status,
    summary: String,
    location: Location,
    body: Body,
    headers: Vec<Field>,
}

/// A sub-section that defines the fields (or values) of a named type.
#[derive(Debug, Clone)]
struct TypeDef {
    name: String,
    location: Location,
    description: Vec<String>,
    shape: DefShape,
    /// Introduced by a field heading (``#### `data` — `X[]` ``): the prose under it describes the field, which
    /// its table row already does, not the type.
    from_field: bool,
}

#[derive(Debug, Clone)]
enum DefShape {
    /// The heading was seen but no table (yet).
    Pending,
    Fields(usize),
    /// A `Value | Description` table.
    Enum(Vec<(Value, String)>),
}

#[derive(Debug, Default)]
struct Model {
    title: Option<(String, Location)>,
    endpoint: Option<Endpoint>,
    description: Vec<String>,
    parameters: Vec<(ParamLocation, Field)>,
    request_body: Option<Body>,
    responses: Vec<StatusSection>,
    definitions: Vec<TypeDef>,
    /// Every property table of the page; fields and bodies point into it by index.
    tables: Vec<Vec<Field>>,
}

/// The heading a block is under; a stack of these mirrors the page outline.
#[derive(Debug, Clone)]
enum Section {
    Title,
    Other(String),
    ParametersGroup,
    Parameters(ParamLocation),
    RequestBody,
    ResponsesGroup,
    Response(usize),
    ResponseHeaders(usize),
    DefinitionsGroup,
    Definition(usize),
    /// The properties of an anonymous object field (``#### `metadata` — `object` ``): a table index.
    FieldProperties(usize),
}

// ---------------------------------------------------------------------------------------------------------
// Reading the page.

struct Reader<'a> {
    file: &'a SourceFile,
    diags: &'a mut Diagnostics,
    model: Model,
    stack: Vec<(u8, Section)>,
}

fn read_page(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Model {
    let mut reader = Reader { file, diags, model: Model::default(), stack: Vec::new() };
    if let Some(title) = frontmatter_title(&page.root) {
        reader.model.title = Some((title, file.start()));
    }
    let mut blocks = Vec::new();
    collect_blocks(&page.root, &mut blocks);
    for block in blocks {
        match block {
            Node::Heading(heading) => reader.on_heading(block, heading.depth),
            Node::Paragraph(_) => reader.on_paragraph(block),
            Node::Code(_) => reader.on_code(block),
            Node::Table(_) => reader.on_table(block),
            _ => {}
        }
    }
    reader.model
}

/// The page's blocks in order, looking inside MDX wrapper components (`<Tabs>`, `<div>`) but not into lists
/// or quotes, whose tables are asides.
fn collect_blocks<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match node {
        Node::Root(_) | Node::MdxJsxFlowElement(_) => {
            for child in node.children().into_iter().flatten() {
                collect_blocks(child, out);
            }
        }
        _ => out.push(node),
    }
}

fn frontmatter_title(root: &Node) -> Option<String> {
    let yaml = root.children()?.iter().find_map(|node| match node {
        Node::Yaml(yaml) => Some(yaml.value.clone()),
        _ => None,
    })?;
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).ok()?;
    value.get("title")?.as_str().map(str::to_owned)
}

impl Reader<'_> {
    fn location(&self, node: &Node) -> Location {
        node_location(self.file, node)
    }

    fn on_heading(&mut self, node: &Node, depth: u8) {
        let text = collapse_whitespace(&plain_text(node));
        // The first `#` heading is the title, even after a frontmatter `title:` (it is what readers see).
        let first_h1 = depth == 1 && self.stack.is_empty() && self.model.endpoint.is_none();
        if self.model.title.is_none() || first_h1 {
            self.model.title = Some((text, self.location(node)));
            self.stack = vec![(depth, Section::Title)];
            return;
        }
        while self.stack.last().is_some_and(|(open, _)| *open >= depth) {
            self.stack.pop();
        }
        let section = self.classify_heading(node, &text);
        self.stack.push((depth, section));
    }

    fn classify_heading(&mut self, node: &Node, text: &str) -> Section {
        let location = self.location(node);
        let in_responses = self.enclosing(|s| matches!(s, Section::ResponsesGroup | Section::Response(_))).is_some();
        if let Some((status, summary)) = parse_status(text, in_responses) {
            let body = Body::new(location.clone());
            self.model.responses.push(StatusSection { status, summary, location, body, headers: Vec::new() });
            return Section::Response(self.model.responses.len() - 1);
        }
        if let Some(section) = self.type_heading(node, location.clone()) {
            return section;
        }
        let lower = text.to_lowercase();
        if let Some(Section::Response(index)) = self.enclosing(|s| matches!(s, Section::Response(_))) {
            if lower.contains("header") {
                return Section::ResponseHeaders(index);
            }
        }
        if self.enclosing(|s| matches!(s, Section::DefinitionsGroup)).is_some() && is_single_token(text) {
            return self.open_definition(text.to_owned(), location);
        }
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |word: &str| words.contains(&word);
        if has("query") {
            Section::Parameters(ParamLocation::Query)
        } else if has("header") || has("headers") {
            Section::Parameters(ParamLocation::Header)
        } else if has("path") || has("uri") {
            Section::Parameters(ParamLocation::Path)
        } else if has("cookie") || has("cookies") {
            Section::Parameters(ParamLocation::Cookie)
        } else if has("body") || words.first() == Some(&"request") {
            if self.model.request_body.is_none() {
                self.model.request_body = Some(Body::new(location));
            }
            Section::RequestBody
        } else if has("parameters") || has("params") || has("arguments") {
            Section::ParametersGroup
        } else if has("responses") || has("response") || has("returns") {
            Section::ResponsesGroup
        } else if ["definitions", "schemas", "models", "components", "types", "objects"].iter().any(|w| has(w)) {
            Section::DefinitionsGroup
        } else {
            Section::Other(text.to_owned())
        }
    }

    /// A heading built from inline code: ``#### `data` — `OpenAI.ConversationResource[]` `` defines the named
    /// type (here `OpenAI.ConversationResource`); ``#### `metadata` — `object` `` gives the properties of the
    /// anonymous object field `metadata` of an enclosing table.
    fn type_heading(&mut self, node: &Node, location: Location) -> Option<Section> {
        let codes: Vec<&str> = node
            .children()?
            .iter()
            .filter_map(|child| match child {
                Node::InlineCode(code) => Some(code.value.as_str()),
                _ => None,
            })
            .collect();
        let type_text = codes.last()?;
        let expr = parse_type(type_text).ok()?;
        if let Some(name) = core_type(&expr).named() {
            let section = self.open_definition(name.to_owned(), location);
            if let Section::Definition(index) = section {
                self.model.definitions[index].from_field = codes.len() > 1;
            }
            return Some(section);
        }
        if codes.len() < 2 || !matches!(core_type(&expr), TypeExpr::Object | TypeExpr::Any) {
            return None;
        }
        let field_name = codes[0];
        match self.find_enclosing_field(field_name) {
            Some((table, index)) => {
                let children = match self.model.tables[table][index].children {
                    Some(children) => children,
                    None => {
                        self.model.tables.push(Vec::new());
                        let children = self.model.tables.len() - 1;
                        self.model.tables[table][index].children = Some(children);
                        children
                    }
                };
                Some(Section::FieldProperties(children))
            }
            None => {
                self.diags.warning_at(
                    &location,
                    format!("this heading describes field `{field_name}`, but no enclosing table has such a field; its table is ignored"),
                );
                Some(Section::Other(field_name.to_owned()))
            }
        }
    }

    fn open_definition(&mut self, name: String, location: Location) -> Section {
        self.model.definitions.push(TypeDef {
            name,
            location,
            description: Vec::new(),
            shape: DefShape::Pending,
            from_field: false,
        });
        Section::Definition(self.model.definitions.len() - 1)
    }

    /// The innermost open section matching `wanted`.
    fn enclosing(&self, wanted: impl Fn(&Section) -> bool) -> Option<Section> {
        self.stack.iter().rev().map(|(_, section)| section).find(|s| wanted(s)).cloned()
    }

    /// A field named `name` (or the last segment of a dotted `a.b`) in a table of an open section, depth first.
    fn find_enclosing_field(&self, name: &str) -> Option<(usize, usize)> {
        let last = name.rsplit('.').next().unwrap_or(name);
        for (_, section) in self.stack.iter().rev() {
            let table = match section {
                Section::Response(index) => self.model.responses[*index].body.shape.table(),
                Section::RequestBody => self.model.request_body.as_ref().and_then(|body| body.shape.table()),
                Section::Definition(index) => match self.model.definitions[*index].shape {
                    DefShape::Fields(table) => Some(table),
                    _ => None,
                },
                Section::FieldProperties(table) => Some(*table),
                _ => None,
            };
            if let Some(found) = table.and_then(|table| self.find_field_in(table, last, 0)) {
                return Some(found);
            }
        }
        None
    }

    fn find_field_in(&self, table: usize, name: &str, depth: usize) -> Option<(usize, usize)> {
        let fields = self.model.tables.get(table)?;
        if let Some(index) = fields.iter().position(|field| field.name == name) {
            return Some((table, index));
        }
        if depth > 16 {
            return None;
        }
        fields.iter().filter_map(|field| field.children).find_map(|child| self.find_field_in(child, name, depth + 1))
    }

    fn current_body(&mut self) -> Option<&mut Body> {
        for (_, section) in self.stack.iter().rev() {
            match section {
                Section::Response(index) => return self.model.responses.get_mut(*index).map(|r| &mut r.body),
                Section::RequestBody => return self.model.request_body.as_mut(),
                Section::Definition(_) | Section::FieldProperties(_) => return None,
                _ => {}
            }
        }
        None
    }

    fn on_code(&mut self, node: &Node) {
        if self.model.endpoint.is_none() {
            if let Some((method, path)) = endpoint_of_code(node) {
                let location = self.location(node);
                self.model.endpoint = Some(Endpoint { method, path, location });
            }
        }
    }

    fn on_paragraph(&mut self, node: &Node) {
        if let Some(endpoint) = endpoint_of_paragraph(node) {
            let location = self.location(node);
            match &self.model.endpoint {
                None => self.model.endpoint = Some(Endpoint { method: endpoint.0, path: endpoint.1, location }),
                Some(first) => {
                    let message = format!(
                        "a second `METHOD /path` line; only the first operation of a page (line {}) is read",
                        first.location.line
                    );
                    self.diags.warning_at(&location, message);
                }
            }
            return;
        }
        let text = collapse_whitespace(&render_inline(node));
        let lower = text.to_lowercase();
        let codes = inline_codes(node);
        if lower.starts_with("content-type:") || lower.starts_with("content type:") || lower.starts_with("media type:")
        {
            let types: Vec<String> = if codes.is_empty() {
                let after = text.split_once(':').map_or("", |(_, after)| after);
                after.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect()
            } else {
                codes
            };
            match self.current_body() {
                Some(body) => body.content_types.extend(types),
                None => {
                    let location = self.location(node);
                    self.diags.warning_at(
                        &location,
                        "a `Content-Type:` line outside a request body or response section is ignored",
                    );
                }
            }
            return;
        }
        if lower.starts_with("array of") {
            let item =
                codes.first().and_then(|code| parse_type(code).ok()).and_then(|expr| expr.named().map(str::to_owned));
            if let Some(body) = self.current_body() {
                body.array_of = Some(item);
            }
            // Under a type's own heading the line only repeats what the heading says.
            return;
        }
        if ["type:", "schema:", "body:", "returns:"].iter().any(|prefix| lower.starts_with(prefix)) {
            if let Some(expr) = codes.first().and_then(|code| parse_type(code).ok()) {
                if let Some(body) = self.current_body() {
                    if matches!(body.shape, Shape::Nothing) {
                        body.shape = Shape::Type(expr);
                        return;
                    }
                }
            }
        }
        match self.stack.last().map(|(_, section)| section.clone()) {
            None | Some(Section::Title) => self.model.description.push(text),
            Some(Section::Response(_) | Section::RequestBody) => {
                if let Some(body) = self.current_body() {
                    body.description.push(text);
                }
            }
            Some(Section::Definition(index)) => {
                let definition = &mut self.model.definitions[index];
                if !definition.from_field {
                    definition.description.push(text);
                }
            }
            _ => {}
        }
    }

    fn on_table(&mut self, node: &Node) {
        let location = self.location(node);
        let Some((_, section)) = self.stack.last().cloned() else {
            self.diags.warning_at(&location, "a table before any heading is not part of an operation; it is ignored");
            return;
        };
        match section {
            Section::Parameters(place) => {
                for field in self.read_field_table(node) {
                    let place = field.parameter_location.unwrap_or(place);
                    self.model.parameters.push((place, field));
                }
            }
            Section::ParametersGroup => {
                for field in self.read_field_table(node) {
                    let place = match field.parameter_location {
                        Some(place) => place,
                        None => self.guess_parameter_location(&field),
                    };
                    self.model.parameters.push((place, field));
                }
            }
            Section::RequestBody | Section::Response(_) => self.on_body_table(node, location),
            Section::ResponseHeaders(index) => {
                let fields = self.read_field_table(node);
                self.model.responses[index].headers.extend(fields);
            }
            Section::ResponsesGroup => self.on_responses_table(node),
            Section::Definition(index) => self.on_definition_table(node, index, location),
            Section::FieldProperties(table) => {
                let fields = self.read_field_table(node);
                self.model.tables[table].extend(fields);
            }
            // The index a generated reference puts under its definitions heading: one link per type below.
            Section::DefinitionsGroup if is_index_of_anchors(node) => {}
            Section::Title | Section::Other(_) | Section::DefinitionsGroup => {
                let heading = match &section {
                    Section::Other(text) => format!("`{text}`"),
                    Section::Title => "the page title".to_owned(),
                    _ => "a group heading".to_owned(),
                };
                self.diags.warning_at(
                    &location,
                    format!("cannot read this table: under {heading}, which is not a parameter, request body, response or type section; it is ignored"),
                );
            }
        }
    }

    fn guess_parameter_location(&mut self, field: &Field) -> ParamLocation {
        let in_path = self.model.endpoint.as_ref().is_some_and(|e| path_parameters(&e.path).contains(&field.name));
        if in_path {
            return ParamLocation::Path;
        }
        self.diags.warning_at(
            &field.location,
            format!(
                "parameter `{}` is under a plain `Parameters` heading with no `In` column; taken as a query parameter",
                field.name
            ),
        );
        ParamLocation::Query
    }

    fn on_body_table(&mut self, node: &Node, location: Location) {
        let fields = self.read_field_table(node);
        let Some(body) = self.current_body() else { return };
        if !matches!(body.shape, Shape::Nothing) {
            self.diags.warning_at(
                &location,
                "a second body table in one section is ignored; only the first describes the body",
            );
            return;
        }
        let array_of = body.array_of.take();
        self.model.tables.push(fields);
        let table = self.model.tables.len() - 1;
        let shape = match array_of {
            Some(Some(item)) => {
                self.model.definitions.push(TypeDef {
                    name: item.clone(),
                    location,
                    description: Vec::new(),
                    shape: DefShape::Fields(table),
                    from_field: false,
                });
                Shape::Type(TypeExpr::Array(Box::new(TypeExpr::Named(item))))
            }
            Some(None) => Shape::Fields { table, array: true, location },
            None => Shape::Fields { table, array: false, location },
        };
        if let Some(body) = self.current_body() {
            body.shape = shape;
        }
    }

    fn on_definition_table(&mut self, node: &Node, index: usize, location: Location) {
        if !matches!(self.model.definitions[index].shape, DefShape::Pending) {
            let name = self.model.definitions[index].name.clone();
            self.diags.warning_at(&location, format!("a second table for type `{name}` in one section is ignored"));
            return;
        }
        let shape = match self.read_enum_table(node) {
            Some(values) => DefShape::Enum(values),
            None => {
                let fields = self.read_field_table(node);
                self.model.tables.push(fields);
                DefShape::Fields(self.model.tables.len() - 1)
            }
        };
        self.model.definitions[index].shape = shape;
    }

    /// A `Value | Description` table (no name or type column) lists the values of an enum type.
    fn read_enum_table(&mut self, node: &Node) -> Option<Vec<(Value, String)>> {
        let rows = table_rows(node);
        let header = rows.first()?;
        let columns: Vec<Option<Column>> = header.iter().map(|cell| column_of(&plain_text(cell))).collect();
        let value = columns.iter().position(|c| *c == Some(Column::Value))?;
        if columns.iter().any(|c| matches!(c, Some(Column::Name | Column::Type))) {
            return None;
        }
        let description = columns.iter().position(|c| *c == Some(Column::Description));
        let mut values = Vec::new();
        for row in &rows[1..] {
            let Some(cell) = row.get(value) else { continue };
            let text = plain_text(cell).trim().to_owned();
            if text.is_empty() {
                continue;
            }
            let description =
                description.and_then(|d| row.get(d)).map(|cell| collapse_whitespace(&render_inline(cell)));
            values.push((marker_value(&text), description.unwrap_or_default()));
        }
        Some(values)
    }

    /// A table at `## Responses` level whose rows are statuses: `| 200 OK | ConversationList | … |`.
    fn on_responses_table(&mut self, node: &Node) {
        let location = self.location(node);
        let rows = table_rows(node);
        let Some(header) = rows.first() else { return };
        let columns: Vec<Option<Column>> = header.iter().map(|cell| column_of(&plain_text(cell))).collect();
        let Some(name) = columns.iter().position(|c| *c == Some(Column::Name)) else {
            self.diags.warning_at(
                &location,
                "cannot read this responses table: it has no `Name`/`Status` column; it is ignored",
            );
            return;
        };
        let type_column = columns.iter().position(|c| *c == Some(Column::Type));
        let description = columns.iter().position(|c| *c == Some(Column::Description));
        for (row, cells) in table_row_nodes(node).into_iter().zip(rows.iter()).skip(1) {
            let row_location = self.location(row);
            let name_text = cells.get(name).map(|c| collapse_whitespace(&plain_text(c))).unwrap_or_default();
            let Some((status, rest)) = parse_status(&name_text, true) else {
                self.diags
                    .warning_at(&row_location, format!("`{name_text}` is not a status code; this row is ignored"));
                continue;
            };
            let summary = description.and_then(|d| cells.get(d)).map(|c| collapse_whitespace(&render_inline(c)));
            let mut body = Body::new(row_location.clone());
            if let Some(type_text) = type_column.and_then(|t| cells.get(t)).map(|c| plain_text(c).trim().to_owned()) {
                if !type_text.is_empty() {
                    match parse_type(&type_text) {
                        Ok(expr) => body.shape = Shape::Type(expr),
                        Err(reason) => self.diags.warning_at(
                            &row_location,
                            format!("cannot read type `{type_text}` of status `{name_text}`: {reason}; the body is left untyped"),
                        ),
                    }
                }
            }
            let summary = summary.filter(|s| !s.is_empty()).unwrap_or(rest);
            self.model.responses.push(StatusSection {
                status,
                summary,
                location: row_location,
                body,
                headers: Vec::new(),
            });
        }
    }

    /// Reads a `Name | Type | Required | Description` table (any column order). An unreadable table is a
    /// warning and yields no fields.
    fn read_field_table(&mut self, node: &Node) -> Vec<Field> {
        let location = self.location(node);
        let rows = table_rows(node);
        let row_nodes = table_row_nodes(node);
        let Some(header) = rows.first() else { return Vec::new() };
        let header_texts: Vec<String> = header.iter().map(|cell| collapse_whitespace(&plain_text(cell))).collect();
        let columns: Vec<Option<Column>> = header_texts.iter().map(|text| column_of(text)).collect();
        let Some(name_column) = columns.iter().position(|c| *c == Some(Column::Name)) else {
            self.diags.warning_at(
                &location,
                format!(
                    "cannot read this table: no `Name`/`Property` column among `{}`; it is ignored",
                    header_texts.join(" | ")
                ),
            );
            return Vec::new();
        };
        for (text, column) in header_texts.iter().zip(&columns) {
            if column.is_none() && !text.is_empty() {
                self.diags.warning_at(&location, format!("column `{text}` is not understood; its cells are ignored"));
            }
        }
        if !columns.contains(&Some(Column::Type)) {
            self.diags.warning_at(&location, "this table has no `Type` column; its fields are left untyped");
        }
        let mut fields: Vec<Field> = Vec::new();
        for (row, cells) in row_nodes.iter().zip(rows.iter()).skip(1) {
            if let Some(field) = self.read_field_row(row, cells, &columns, name_column) {
                fields.push(field);
            }
        }
        self.nest_dotted_fields(fields)
    }

    fn read_field_row(
        &mut self,
        row: &Node,
        cells: &[&Node],
        columns: &[Option<Column>],
        name_column: usize,
    ) -> Option<Field> {
        let location = self.location(row);
        let name = cells.get(name_column).map(|cell| field_name(cell)).unwrap_or_default();
        if name.is_empty() {
            self.diags.warning_at(&location, "a table row without a name is ignored");
            return None;
        }
        let mut field = Field {
            name,
            type_text: String::new(),
            type_expr: None,
            required: false,
            required_stated: false,
            description: String::new(),
            markers: Markers::default(),
            location: location.clone(),
            children: None,
            parameter_location: None,
        };
        let mut has_type_column = false;
        for (index, column) in columns.iter().enumerate() {
            let Some(column) = column else { continue };
            let cell = cells.get(index).copied();
            let cell_location = cell.map_or(location.clone(), |cell| self.location(cell));
            let text = cell.map(|cell| collapse_whitespace(&plain_text(cell))).unwrap_or_default();
            match column {
                Column::Name | Column::Value => {}
                Column::Type => {
                    has_type_column = true;
                    field.type_text = text.clone();
                    field.type_expr = self.read_type_cell(&field.name, &text, &cell_location);
                }
                Column::Required | Column::Optional => match read_required(&text) {
                    Some(value) => {
                        field.required = if *column == Column::Optional { !value } else { value };
                        field.required_stated = !text.is_empty();
                    }
                    None => self.diags.warning_at(
                        &cell_location,
                        format!("cannot read required cell `{text}` of `{}`; taken as not required", field.name),
                    ),
                },
                Column::Description => {
                    if let Some(cell) = cell {
                        let (description, markers) = self.read_description(cell);
                        field.description = description;
                        field.markers = markers;
                    }
                }
                Column::Default => {
                    if !text.is_empty() && !matches!(text.as_str(), "-" | "–" | "—") {
                        field.markers.default = Some(marker_value(&text));
                    }
                }
                Column::In => match parameter_location_of(&text) {
                    Some(place) => field.parameter_location = Some(place),
                    None => self.diags.warning_at(
                        &cell_location,
                        format!(
                            "unknown parameter location `{text}` of `{}`; the section's location is used",
                            field.name
                        ),
                    ),
                },
            }
        }
        if !has_type_column {
            field.type_expr = None;
        }
        Some(field)
    }

    fn read_type_cell(&mut self, name: &str, text: &str, location: &Location) -> Option<TypeExpr> {
        if text.is_empty() {
            self.diags.warning_at(location, format!("`{name}` has no type; it is left untyped"));
            return None;
        }
        match parse_type(text) {
            Ok(expr) => Some(expr),
            Err(reason) => {
                self.diags.warning_at(
                    location,
                    format!("cannot read type `{text}` of `{name}`: {reason}; it is left untyped"),
                );
                None
            }
        }
    }

    /// Rows named `a.b` after a row `a` are the properties of `a` (flattened nested tables).
    fn nest_dotted_fields(&mut self, fields: Vec<Field>) -> Vec<Field> {
        let mut top: Vec<Field> = Vec::new();
        for mut field in fields {
            let Some((parent, child)) = field.name.rsplit_once('.') else {
                top.push(field);
                continue;
            };
            if parent.is_empty() || child.is_empty() {
                top.push(field);
                continue;
            }
            let parent = parent.to_owned();
            let child = child.to_owned();
            let Some(owner) = self.find_dotted_owner(&mut top, &parent) else {
                top.push(field);
                continue;
            };
            field.name = child;
            self.model.tables[owner].push(field);
        }
        top
    }

    /// The children table of the field at dotted path `path` among `top` (creating it), if that field exists.
    fn find_dotted_owner(&mut self, top: &mut [Field], path: &str) -> Option<usize> {
        let mut segments = path.split('.');
        let first = segments.next()?;
        let field = top.iter_mut().find(|field| field.name == first)?;
        let mut table = self.children_of(field);
        for segment in segments {
            let index = self.model.tables[table].iter().position(|field| field.name == segment)?;
            let mut field = self.model.tables[table][index].clone();
            let children = self.children_of(&mut field);
            self.model.tables[table][index] = field;
            table = children;
        }
        Some(table)
    }

    fn children_of(&mut self, field: &mut Field) -> usize {
        match field.children {
            Some(children) => children,
            None => {
                self.model.tables.push(Vec::new());
                let children = self.model.tables.len() - 1;
                field.children = Some(children);
                children
            }
        }
    }

    /// The description of a cell with its markers (`_Default:_ \`20\``, `_Enum:_ \`a\`, \`b\``) taken out.
    fn read_description(&mut self, cell: &Node) -> (String, Markers) {
        let mut text = String::new();
        let mut markers = Markers::default();
        let mut open: Option<OpenMarker> = None;
        for child in cell.children().into_iter().flatten() {
            if let Some(label) = marker_label(child) {
                if let Some(marker) = open.take() {
                    self.close_marker(marker, &mut markers, &mut text);
                }
                open = Some(OpenMarker { label, location: self.location(child), values: Vec::new() });
                continue;
            }
            let Some(marker) = open.as_mut() else {
                text.push_str(&render_inline(child));
                continue;
            };
            match child {
                Node::InlineCode(code) => marker.values.push(code.value.clone()),
                Node::Text(plain) if is_separator(&plain.value) => {}
                Node::Text(plain) if marker.values.is_empty() && is_known_marker(&marker.label) => {
                    let value = plain.value.trim().trim_end_matches('.');
                    marker.values.extend(value.split(',').map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()));
                    if let Some(marker) = open.take() {
                        self.close_marker(marker, &mut markers, &mut text);
                    }
                }
                _ => {
                    if let Some(marker) = open.take() {
                        self.close_marker(marker, &mut markers, &mut text);
                    }
                    text.push_str(&render_inline(child));
                }
            }
        }
        if let Some(marker) = open.take() {
            self.close_marker(marker, &mut markers, &mut text);
        }
        (collapse_whitespace(&text), markers)
    }

    fn close_marker(&mut self, marker: OpenMarker, markers: &mut Markers, text: &mut String) {
        let key = marker.label.to_lowercase();
        let values: Vec<Value> = marker.values.iter().map(|v| marker_value(v)).collect();
        if !is_known_marker(&key) {
            // Emphasis ending in a colon followed by prose (`_Note:_ …`) is prose; with code values it is a marker.
            if !marker.values.is_empty() {
                self.diags.warning_at(
                    &marker.location,
                    format!("unknown marker `_{}:_`; it is kept in the description", marker.label),
                );
            }
            text.push_str(&format!(" {}:", marker.label));
            for (index, value) in marker.values.iter().enumerate() {
                text.push_str(if index == 0 { " `" } else { ", `" });
                text.push_str(value);
                text.push('`');
            }
            text.push(' ');
            return;
        }
        if values.is_empty() {
            self.diags
                .warning_at(&marker.location, format!("marker `_{}:_` has no value; it is ignored", marker.label));
            return;
        }
        let single = || if values.len() == 1 { values[0].clone() } else { Value::Array(values.clone()) };
        let as_text = |value: &Value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        match key.as_str() {
            "default" | "default value" => markers.default = Some(single()),
            "constant" | "const" | "constant value" => markers.constant = Some(single()),
            "example" | "examples" => markers.example = Some(single()),
            "format" => markers.format = Some(as_text(&values[0])),
            "pattern" => markers.pattern = Some(marker.values.join(",")),
            "minimum" | "min" | "maximum" | "max" => match values[0].as_f64() {
                Some(number) if key.starts_with("min") => markers.minimum = Some(number),
                Some(number) => markers.maximum = Some(number),
                None => self.diags.warning_at(
                    &marker.location,
                    format!(
                        "marker `_{}:_` wants a number, not `{}`; it is ignored",
                        marker.label,
                        marker.values.join(", ")
                    ),
                ),
            },
            _ => markers.enumeration.extend(values.iter().cloned()),
        }
    }
}

struct OpenMarker {
    label: String,
    location: Location,
    values: Vec<String>,
}

impl Body {
    fn new(location: Location) -> Body {
        Body { location, content_types: Vec::new(), description: Vec::new(), shape: Shape::Nothing, array_of: None }
    }
}

impl Shape {
    fn table(&self) -> Option<usize> {
        match self {
            Shape::Fields { table, .. } => Some(*table),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    Required,
    Optional,
    Description,
    Default,
    In,
    Value,
}

fn column_of(header: &str) -> Option<Column> {
    let lower = header.trim().trim_end_matches([':', '?', '*']).trim().to_lowercase();
    let column = match lower.as_str() {
        "name" | "property" | "properties" | "field" | "fields" | "parameter" | "param" | "key" | "attribute"
        | "argument" | "property name" | "parameter name" | "field name" | "status" | "status code" | "code" => {
            Column::Name
        }
        "type" | "data type" | "datatype" | "schema" | "value type" => Column::Type,
        "required" | "req" | "req." | "mandatory" => Column::Required,
        "optional" => Column::Optional,
        "description" | "details" | "notes" | "summary" | "meaning" | "comment" | "comments" | "explanation" => {
            Column::Description
        }
        "default" | "default value" => Column::Default,
        "in" | "location" | "parameter location" => Column::In,
        "value" | "values" | "enum value" => Column::Value,
        _ => return None,
    };
    Some(column)
}

/// Whether every row of a table starts with a link to a section of the page (`[Widget](#widget)`).
fn is_index_of_anchors(table: &Node) -> bool {
    let rows = table_rows(table);
    rows.len() > 1
        && rows[1..].iter().all(|row| {
            let mut anchored = false;
            if let Some(cell) = row.first() {
                walk(cell, &mut |node| {
                    anchored |= matches!(node, Node::Link(link) if link.url.starts_with('#'));
                });
            }
            anchored
        })
}

/// The cells of every row (header first) of a table node.
fn table_rows(table: &Node) -> Vec<Vec<&Node>> {
    table_row_nodes(table).into_iter().map(|row| row.children().into_iter().flatten().collect()).collect()
}

fn table_row_nodes(table: &Node) -> Vec<&Node> {
    table.children().into_iter().flatten().filter(|row| matches!(row, Node::TableRow(_))).collect()
}

/// A name cell: its first inline code (`` `limit` ``), else its text up to the first space (`limit (deprecated)`).
fn field_name(cell: &Node) -> String {
    if let Some(code) = inline_codes(cell).into_iter().next() {
        return code.trim().to_owned();
    }
    let text = plain_text(cell);
    text.split_whitespace().next().unwrap_or("").trim_end_matches(['*', ':']).to_owned()
}

fn read_required(text: &str) -> Option<bool> {
    let lower = text.trim().trim_matches(['*', '_', '.']).trim().to_lowercase();
    match lower.as_str() {
        "yes" | "y" | "true" | "required" | "✓" | "✔" | "✔️" | "✅" | "x" | "☑" | "mandatory" | "always" => {
            Some(true)
        }
        "no" | "n" | "false" | "optional" | "" | "-" | "–" | "—" | "✗" | "✘" | "❌" | "☐" => Some(false),
        _ => None,
    }
}

fn parameter_location_of(text: &str) -> Option<ParamLocation> {
    match text.trim().to_lowercase().as_str() {
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        "path" | "uri" => Some(ParamLocation::Path),
        "cookie" => Some(ParamLocation::Cookie),
        _ => None,
    }
}

/// An emphasis or strong run ending in a colon (`_Default:_`, `**Enum:**`) opens a marker; its label.
fn marker_label(node: &Node) -> Option<String> {
    if !matches!(node, Node::Emphasis(_) | Node::Strong(_)) {
        return None;
    }
    let text = plain_text(node);
    let label = text.trim().strip_suffix(':')?.trim();
    let words = label.split_whitespace().count();
    (words > 0 && words <= 3).then(|| label.to_owned())
}

fn is_known_marker(label: &str) -> bool {
    matches!(
        label.to_lowercase().as_str(),
        "default"
            | "default value"
            | "enum"
            | "enum values"
            | "values"
            | "allowed values"
            | "possible values"
            | "one of"
            | "constant"
            | "const"
            | "constant value"
            | "format"
            | "example"
            | "examples"
            | "pattern"
            | "minimum"
            | "min"
            | "maximum"
            | "max"
    )
}

fn is_separator(text: &str) -> bool {
    matches!(text.trim(), "" | "," | ";" | "/" | "and" | "or" | ", and" | ", or" | "|")
}

/// A marker value: JSON when it parses (`20`, `"conversation"`, `true`), else the text itself (`asc`).
fn marker_value(text: &str) -> Value {
    let trimmed = text.trim();
    serde_json::from_str(trimmed).unwrap_or_else(|_| Value::String(trimmed.to_owned()))
}

fn inline_codes(node: &Node) -> Vec<String> {
    let mut codes = Vec::new();
    walk(node, &mut |child| {
        if let Node::InlineCode(code) = child {
            codes.push(code.value.clone());
        }
    });
    codes
}

/// The text of inline content for descriptions: inline code keeps its backticks, other markup is dropped.
fn render_inline(node: &Node) -> String {
    match node {
        Node::Text(text) => text.value.clone(),
        Node::InlineCode(code) => format!("`{}`", code.value),
        Node::Break(_) => " ".to_owned(),
        Node::Html(html) => html.value.clone(),
        _ => node.children().into_iter().flatten().map(render_inline).collect(),
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_single_token(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}

/// A status heading or cell: `200 — OK`, `4XX`, `default`, `HTTP 201`. The rest of the text is the summary.
/// `default` and "Other status codes" count only under a responses heading or when nothing else follows.
fn parse_status(text: &str, in_responses: bool) -> Option<(Status, String)> {
    let mut rest = text.trim();
    for prefix in ["http status", "status code", "status", "response", "http"] {
        if rest.len() > prefix.len()
            && rest.is_char_boundary(prefix.len())
            && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let after = &rest[prefix.len()..];
            if after.starts_with(char::is_whitespace) {
                rest = after.trim_start();
                break;
            }
        }
    }
    let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let (word, after) = rest.split_at(end);
    let summary =
        after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | '.')).trim();
    let bytes = word.as_bytes();
    let status = if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_digit) {
        let code: u16 = word.parse().ok()?;
        (100..=599).contains(&code).then_some(Status::Code(code))?
    } else if bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && word[1..].eq_ignore_ascii_case("xx") {
        Status::Range(u16::from(bytes[0] - b'0'))
    } else if word.eq_ignore_ascii_case("default")
        && (in_responses || summary.is_empty() || after.trim_start().starts_with(['—', '–', '-', ':']))
    {
        Status::Default
    } else if in_responses && text.trim().to_lowercase().starts_with("other status codes") {
        return Some((Status::Default, String::new()));
    } else {
        return None;
    };
    Some((status, summary.to_owned()))
}

/// Paragraphs of the tree that are only a `` `METHOD /path` `` inline code.
fn endpoint_paragraphs(root: &Node) -> impl Iterator<Item = (Method, String)> {
    let mut found = Vec::new();
    walk(root, &mut |node| {
        if let Some(endpoint) = endpoint_of_paragraph(node) {
            found.push(endpoint);
        }
    });
    found.into_iter()
}

fn endpoint_blocks(root: &Node) -> impl Iterator<Item = (Method, String)> {
    let mut found = Vec::new();
    walk(root, &mut |node| {
        if let Some(endpoint) = endpoint_of_code(node) {
            found.push(endpoint);
        }
    });
    found.into_iter()
}

/// A code block (no language, or `http`) whose only line is a request line: `GET https://host/a HTTP/1.1`.
fn endpoint_of_code(node: &Node) -> Option<(Method, String)> {
    let Node::Code(code) = node else { return None };
    if code.lang.as_deref().is_some_and(|lang| !lang.eq_ignore_ascii_case("http")) {
        return None;
    }
    let mut lines = code.value.lines().map(str::trim).filter(|line| !line.is_empty());
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    let line = line.strip_suffix("HTTP/1.1").or_else(|| line.strip_suffix("HTTP/2")).unwrap_or(line);
    parse_endpoint(line.trim())
}

fn endpoint_of_paragraph(node: &Node) -> Option<(Method, String)> {
    let Node::Paragraph(paragraph) = node else { return None };
    let mut meaningful = paragraph.children.iter().filter(|child| match child {
        Node::Text(text) => !text.value.trim().is_empty(),
        Node::Break(_) => false,
        _ => true,
    });
    let Some(Node::InlineCode(code)) = meaningful.next() else { return None };
    if meaningful.next().is_some() {
        return None;
    }
    parse_endpoint(&code.value)
}

/// `GET /a/{id}`, `post https://host/a/:id?x=1`, `GET {endpoint}/a` → the method and the templated path.
fn parse_endpoint(text: &str) -> Option<(Method, String)> {
    let mut words = text.split_whitespace();
    let method = match words.next()?.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "PUT" => Method::Put,
        "POST" => Method::Post,
        "DELETE" => Method::Delete,
        "OPTIONS" => Method::Options,
        "HEAD" => Method::Head,
        "PATCH" => Method::Patch,
        "TRACE" => Method::Trace,
        _ => return None,
    };
    let target = words.next()?;
    if words.next().is_some() {
        return None;
    }
    let mut path = target;
    if let Some(after_scheme) = path.strip_prefix("https://").or_else(|| path.strip_prefix("http://")) {
        path = after_scheme.find('/').map_or("/", |slash| &after_scheme[slash..]);
    } else if path.starts_with('{') {
        // A host placeholder such as `{endpoint}/openai/v1/…`.
        let close = path.find("}/")?;
        path = &path[close + 1..];
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let templated: Vec<String> = path
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_owned(),
        })
        .collect();
    Some((method, templated.join("/")))
}

/// The `{name}` parameters of a path template, in order.
fn path_parameters(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    names
}

// ---------------------------------------------------------------------------------------------------------
// The type grammar of `Type` cells.

/// A type as written in a `Type` cell or a heading.
#[derive(Debug, Clone, PartialEq)]
enum TypeExpr {
    String(Option<&'static str>),
    Integer(Option<&'static str>),
    Number(Option<&'static str>),
    Boolean,
    /// A free-form object (`object`, `map`, `dict`).
    Object,
    Any,
    /// `enum`: the values come from the `_Enum:_`/`_Constant:_` markers.
    Enum,
    Null,
    Named(String),
    /// Literal values (`"asc" | "desc"`).
    Literals(Vec<Value>),
    Array(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    /// A union of two or more non-null members.
    Union(Vec<TypeExpr>),
    Nullable(Box<TypeExpr>),
}

impl TypeExpr {
    /// The named type this expression is, possibly through arrays and nullability (`X[] | null` → `X`).
    fn named(&self) -> Option<&str> {
        match core_type(self) {
            TypeExpr::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// The expression under arrays and nullability.
fn core_type(expr: &TypeExpr) -> &TypeExpr {
    match expr {
        TypeExpr::Array(inner) | TypeExpr::Nullable(inner) => core_type(inner),
        other => other,
    }
}

/// Reads a type string with the one grammar of type strings ([`crate::derive::page::type_expr`]) into this reader's
/// model. Type names are capitalised or namespaced (`PageOrder`, `OpenAI.Error`); a lowercase word the
/// grammar does not know (`strng`) is more likely a typo than a name, and is refused.
fn parse_type(text: &str) -> Result<TypeExpr, String> {
    from_grammar(crate::derive::page::type_expr::parse_exact(text)?)
}

fn from_grammar(expr: type_expr::TypeExpr) -> Result<TypeExpr, String> {
    use type_expr::TypeExpr as G;
    Ok(match expr {
        G::Primitive(kind, format) => {
            let format = format.as_deref().map(static_format);
            match kind {
                "string" => TypeExpr::String(format.flatten()),
                "integer" => TypeExpr::Integer(format.flatten()),
                "number" => TypeExpr::Number(format.flatten()),
                "boolean" => TypeExpr::Boolean,
                _ => TypeExpr::Null,
            }
        }
        G::Array(inner) => TypeExpr::Array(Box::new(from_grammar(*inner)?)),
        G::Map(inner) => TypeExpr::Map(Box::new(from_grammar(*inner)?)),
        G::Object => TypeExpr::Object,
        G::Any => TypeExpr::Any,
        G::Enum => TypeExpr::Enum,
        G::Literals(values) => TypeExpr::Literals(values),
        G::Named(name) => {
            let named = name.starts_with(|c: char| c.is_uppercase()) || (name.contains('.') && !name.ends_with('.'));
            if !named {
                return Err(format!("unknown type `{name}`"));
            }
            TypeExpr::Named(name)
        }
        // The grammar has flattened unions, merged literals and made `null` members nullability already.
        G::Nullable(inner) => TypeExpr::Nullable(Box::new(from_grammar(*inner)?)),
        G::Union(members) => TypeExpr::Union(members.into_iter().map(from_grammar).collect::<Result<_, _>>()?),
    })
}

/// The formats this reader's model names.
fn static_format(format: &str) -> Option<&'static str> {
    ["date-time", "date", "uuid", "uri", "email", "binary", "byte", "password", "int32", "int64", "float", "double"]
        .into_iter()
        .find(|known| *known == format)
}

// ---------------------------------------------------------------------------------------------------------
// Building the OpenAPI document from the model.

struct Builder<'a> {
    file: &'a SourceFile,
    model: &'a Model,
    diags: &'a mut Diagnostics,
    /// Page type name → component name (`OpenAI.Error` → `Error`).
    component_names: BTreeMap<String, String>,
    /// Named types the page defines, by page name: the chosen definition.
    definitions: BTreeMap<String, &'a TypeDef>,
    /// Named types used with `_Enum:_`/`_Constant:_` markers but not defined: their values.
    marker_enums: BTreeMap<String, Vec<Value>>,
}

fn build(file: &SourceFile, model: &Model, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let endpoint = model.endpoint.as_ref()?;
    let mut builder = Builder {
        file,
        model,
        diags,
        component_names: BTreeMap::new(),
        definitions: BTreeMap::new(),
        marker_enums: BTreeMap::new(),
    };
    let mentions = named_type_mentions(model);
    builder.name_components(&mentions);
    builder.choose_definitions();
    builder.collect_marker_enums();
    let schemas = builder.components(&mentions);

    let title = model.title.as_ref().map(|(title, _)| title.clone()).filter(|t| !t.is_empty());
    let title = match title {
        Some(title) => title,
        None => {
            builder
                .diags
                .warning_at(&endpoint.location, "the page has no title heading; the operation is named after its path");
            format!("{} {}", method_name(endpoint.method), endpoint.path)
        }
    };
    let mut operation = Operation {
        summary: Some(title.clone()),
        description: Some(model.description.join("\n\n")).filter(|d| !d.is_empty()),
        operation_id: Some(operation_id(&title)),
        parameters: builder.parameters(endpoint),
        request_body: builder.request_body(),
        ..Operation::default()
    };
    operation.responses = builder.responses(endpoint);
    operation.extensions.insert("x-source".to_owned(), builder.source(&endpoint.location));

    let mut item = PathItem::default();
    let slot = match endpoint.method {
        Method::Get => &mut item.get,
        Method::Put => &mut item.put,
        Method::Post => &mut item.post,
        Method::Delete => &mut item.delete,
        Method::Options => &mut item.options,
        Method::Head => &mut item.head,
        Method::Patch => &mut item.patch,
        Method::Trace => &mut item.trace,
    };
    *slot = Some(operation);
    let mut api = OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: Info { title, version: "0.0.0".to_owned(), ..Info::default() },
        ..OpenAPI::default()
    };
    api.paths.paths.insert(endpoint.path.clone(), ReferenceOr::Item(item));
    if !schemas.is_empty() {
        api.components = Some(Components { schemas, ..Components::default() });
    }
    Some(api)
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Trace => "TRACE",
    }
}

/// `List conversations` → `listConversations`; a title with no letters falls back to `operation`.
fn operation_id(title: &str) -> String {
    let id = title.to_lower_camel_case();
    let id: String = id.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("operation{id}")
    } else {
        id
    }
}

/// The first mention of a named type: where, and the description of the field that mentions it.
struct Mention {
    name: String,
    location: Location,
    description: String,
}

/// Every named type the page mentions, in page order, with its first mention.
fn named_type_mentions(model: &Model) -> Vec<Mention> {
    let mut seen = BTreeSet::new();
    let mut mentions = Vec::new();
    let mut note = |expr: &TypeExpr, location: &Location, description: &str| {
        let mut names = Vec::new();
        collect_names(expr, &mut names);
        for name in names {
            if seen.insert(name.clone()) {
                mentions.push(Mention { name, location: location.clone(), description: description.to_owned() });
            }
        }
    };
    let mut fields: Vec<&Field> = model.parameters.iter().map(|(_, field)| field).collect();
    for response in &model.responses {
        fields.extend(&response.headers);
    }
    for field in fields {
        if let Some(expr) = &field.type_expr {
            note(expr, &field.location, &field.description);
        }
    }
    let bodies = model.request_body.iter().chain(model.responses.iter().map(|r| &r.body));
    for body in bodies {
        if let Shape::Type(expr) = &body.shape {
            note(expr, &body.location, "");
        }
    }
    for definition in &model.definitions {
        note(&TypeExpr::Named(definition.name.clone()), &definition.location, "");
    }
    for field in model.tables.iter().flatten() {
        if let Some(expr) = &field.type_expr {
            note(expr, &field.location, &field.description);
        }
    }
    mentions
}

fn collect_names(expr: &TypeExpr, out: &mut Vec<String>) {
    match expr {
        TypeExpr::Named(name) => out.push(name.clone()),
        TypeExpr::Array(inner) | TypeExpr::Map(inner) | TypeExpr::Nullable(inner) => collect_names(inner, out),
        TypeExpr::Union(members) => members.iter().for_each(|member| collect_names(member, out)),
        _ => {}
    }
}

impl<'a> Builder<'a> {
    fn source(&self, location: &Location) -> Value {
        Value::String(format!("{}:{}", self.file.path, location.line))
    }

    /// Component names drop a namespace (`OpenAI.Error` → `Error`) unless two page names would then collide;
    /// those keep it, without the dots (`OpenAIError`, `AzureError`).
    fn name_components(&mut self, mentions: &[Mention]) {
        let mut by_short: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for Mention { name, .. } in mentions {
            by_short.entry(sanitize_component(short_name(name))).or_default().push(name);
        }
        for (short, names) in by_short {
            for name in &names {
                let component =
                    if names.len() == 1 { short.clone() } else { sanitize_component(&name.replace('.', "")) };
                self.component_names.insert((*name).to_owned(), component);
            }
        }
    }

    /// One definition per named type; a second identical definition is the same type, a different one is a
    /// warning (the first wins).
    fn choose_definitions(&mut self) {
        let model = self.model;
        for definition in &model.definitions {
            if matches!(definition.shape, DefShape::Pending) {
                continue;
            }
            match self.definitions.get(&definition.name) {
                None => {
                    self.definitions.insert(definition.name.clone(), definition);
                }
                Some(first) => {
                    if definition_signature(self.model, first) != definition_signature(self.model, definition) {
                        let message = format!(
                            "type `{}` is defined again differently (first definition at line {}); the first definition is used",
                            definition.name, first.location.line
                        );
                        self.diags.warning_at(&definition.location, message);
                    }
                }
            }
        }
        for definition in &model.definitions {
            if matches!(definition.shape, DefShape::Pending) && !self.definitions.contains_key(&definition.name) {
                self.diags.warning_at(
                    &definition.location,
                    format!("this heading introduces type `{}`, but no table follows it", definition.name),
                );
            }
        }
    }

    /// Values of `_Enum:_`/`_Constant:_` markers on fields whose type is an undefined named type (`PageOrder`).
    fn collect_marker_enums(&mut self) {
        let model = self.model;
        let fields = model.parameters.iter().map(|(_, field)| field).chain(model.tables.iter().flatten());
        for field in fields {
            let Some(name) = field.type_expr.as_ref().and_then(TypeExpr::named) else { continue };
            if self.definitions.contains_key(name) {
                continue;
            }
            let values = marker_enum_values(&field.markers);
            if values.is_empty() {
                continue;
            }
            match self.marker_enums.get(name) {
                None => {
                    self.marker_enums.insert(name.to_owned(), values);
                }
                Some(first) if *first != values => self.diags.warning_at(
                    &field.location,
                    format!(
                        "`{name}` is given other enum values here than at its first use; the first values are used"
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    /// One component per named type. A type the page only mentions takes the description of the field that
    /// first mentions it: that is all the page says about it.
    fn components(&mut self, mentions: &[Mention]) -> IndexMap<String, ReferenceOr<Schema>> {
        let mut schemas = IndexMap::new();
        for Mention { name, location, description } in mentions {
            let component = self.component_name(name);
            let schema = if let Some(definition) = self.definitions.get(name).copied() {
                self.definition_schema(definition)
            } else if let Some(values) = self.marker_enums.get(name).cloned() {
                let mut schema = enum_schema(&values);
                schema.schema_data.description = Some(description.clone()).filter(|d| !d.is_empty());
                schema.schema_data.extensions.insert("x-source".to_owned(), self.source(location));
                schema
            } else {
                self.diags.warning_at(
                    location,
                    format!("type `{name}` is not defined on this page; it is taken as a free-form object"),
                );
                let mut schema = free_form_object();
                let note = format!("(`{name}` is not defined on the documentation page.)");
                schema.schema_data.description =
                    Some(if description.is_empty() { note } else { format!("{description}\n\n{note}") });
                schema.schema_data.extensions.insert("x-source".to_owned(), self.source(location));
                schema
            };
            schemas.insert(component, ReferenceOr::Item(schema));
        }
        schemas
    }

    fn component_name(&self, name: &str) -> String {
        self.component_names.get(name).cloned().unwrap_or_else(|| sanitize_component(name))
    }

    fn reference(&self, name: &str) -> ReferenceOr<Schema> {
        ReferenceOr::Reference { reference: format!("#/components/schemas/{}", self.component_name(name)) }
    }

    fn definition_schema(&mut self, definition: &TypeDef) -> Schema {
        let mut schema = match &definition.shape {
            DefShape::Fields(table) => self.object_schema(*table, 0),
            DefShape::Enum(values) => {
                let plain: Vec<Value> = values.iter().map(|(value, _)| value.clone()).collect();
                let mut schema = enum_schema(&plain);
                let documented: Vec<String> = values
                    .iter()
                    .filter(|(_, description)| !description.is_empty())
                    .map(|(value, description)| format!("- `{}`: {description}", value_text(value)))
                    .collect();
                if !documented.is_empty() {
                    schema.schema_data.description = Some(documented.join("\n"));
                }
                schema
            }
            DefShape::Pending => free_form_object(),
        };
        let description = definition.description.join("\n\n");
        if !description.is_empty() {
            schema.schema_data.description = Some(match schema.schema_data.description.take() {
                Some(values) => format!("{description}\n\n{values}"),
                None => description,
            });
        }
        schema.schema_data.extensions.insert("x-source".to_owned(), self.source(&definition.location));
        schema
    }

    /// An object schema from a property table; `depth` guards against a table that contains itself.
    fn object_schema(&mut self, table: usize, depth: usize) -> Schema {
        let mut object = ObjectType::default();
        let model = self.model;
        let fields = model.tables.get(table).map(Vec::as_slice).unwrap_or(&[]);
        for field in fields {
            if object.properties.contains_key(&field.name) {
                self.diags.warning_at(
                    &field.location,
                    format!("`{}` is listed twice in this table; the first row is used", field.name),
                );
                continue;
            }
            let schema = self.field_schema(field, Purpose::Property, depth);
            object.properties.insert(field.name.clone(), box_schema(schema));
            if field.required {
                object.required.push(field.name.clone());
            }
        }
        Schema { schema_data: SchemaData::default(), schema_kind: SchemaKind::Type(Type::Object(object)) }
    }

    /// The schema of a table row: its type, its markers, its nullability, and (for properties) its
    /// description and `x-source`. A `$ref` that is nullable or has a default is wrapped as `allOf: [$ref]`.
    fn field_schema(&mut self, field: &Field, purpose: Purpose, depth: usize) -> ReferenceOr<Schema> {
        let expr = field.type_expr.clone().unwrap_or(TypeExpr::Any);
        let (nullable, expr) = match expr {
            TypeExpr::Nullable(inner) => (true, *inner),
            other => (false, other),
        };
        let mut schema = self.expr_schema(&expr, &field.markers);
        if let Some(children) = field.children {
            self.attach_children(&mut schema, field, children, depth);
        }
        self.apply_markers(&mut schema, field, &expr);
        let describe = purpose == Purpose::Property;
        // A `$ref` takes no siblings in 3.0: only nullability and a default (which change what the field accepts)
        // are worth the `allOf: [$ref]` wrapper; a plain reference keeps the named type intact downstream, at the
        // price of the property's own description and `x-source`.
        let needs_wrapper = nullable || field.markers.default.is_some();
        let mut schema = match schema {
            ReferenceOr::Reference { reference } if needs_wrapper => Schema {
                schema_data: SchemaData::default(),
                schema_kind: SchemaKind::AllOf { all_of: vec![ReferenceOr::Reference { reference }] },
            },
            ReferenceOr::Reference { reference } => return ReferenceOr::Reference { reference },
            ReferenceOr::Item(schema) => schema,
        };
        if let Some(default) = &field.markers.default {
            schema.schema_data.default = Some(coerce_value(default, &schema));
        }
        if let Some(example) = &field.markers.example {
            schema.schema_data.example = Some(example.clone());
        }
        if nullable {
            make_nullable(&mut schema);
        }
        if describe {
            if !field.description.is_empty() {
                schema.schema_data.description = Some(field.description.clone());
            }
            schema.schema_data.extensions.insert("x-source".to_owned(), self.source(&field.location));
        }
        ReferenceOr::Item(schema)
    }

    fn attach_children(&mut self, schema: &mut ReferenceOr<Schema>, field: &Field, children: usize, depth: usize) {
        if depth > 32 {
            self.diags.warning_at(
                &field.location,
                format!("the properties of `{}` nest too deeply; they are ignored", field.name),
            );
            return;
        }
        let object = self.object_schema(children, depth + 1);
        let target = match schema {
            ReferenceOr::Item(schema) => innermost_open_object(schema),
            ReferenceOr::Reference { .. } => None,
        };
        match target {
            Some(target) => *target = object,
            None => self.diags.warning_at(
                &field.location,
                format!(
                    "properties are documented for `{}`, whose type `{}` is not an object; they are ignored",
                    field.name, field.type_text
                ),
            ),
        }
    }

    fn expr_schema(&mut self, expr: &TypeExpr, markers: &Markers) -> ReferenceOr<Schema> {
        let kind = match expr {
            TypeExpr::String(format) => string_kind(*format),
            TypeExpr::Integer(format) => SchemaKind::Type(Type::Integer(IntegerType {
                format: known_or_unknown(*format),
                ..IntegerType::default()
            })),
            TypeExpr::Number(format) => SchemaKind::Type(Type::Number(NumberType {
                format: known_or_unknown(*format),
                ..NumberType::default()
            })),
            TypeExpr::Boolean => SchemaKind::Type(Type::Boolean(BooleanType::default())),
            TypeExpr::Object => return ReferenceOr::Item(free_form_object()),
            TypeExpr::Any | TypeExpr::Null => SchemaKind::Any(AnySchema::default()),
            TypeExpr::Enum => {
                let values = marker_enum_values(markers);
                return ReferenceOr::Item(enum_schema(&values));
            }
            TypeExpr::Literals(values) => return ReferenceOr::Item(enum_schema(values)),
            TypeExpr::Named(name) => return self.reference(name),
            TypeExpr::Array(inner) => {
                let items = self.expr_schema(inner, &Markers::default());
                SchemaKind::Type(Type::Array(ArrayType {
                    items: Some(box_schema(items)),
                    min_items: None,
                    max_items: None,
                    unique_items: false,
                }))
            }
            TypeExpr::Map(inner) => {
                let values = self.expr_schema(inner, &Markers::default());
                SchemaKind::Type(Type::Object(ObjectType {
                    additional_properties: Some(AdditionalProperties::Schema(Box::new(values))),
                    ..ObjectType::default()
                }))
            }
            TypeExpr::Union(members) => {
                let any_of = members.iter().map(|member| self.expr_schema(member, &Markers::default())).collect();
                SchemaKind::AnyOf { any_of }
            }
            TypeExpr::Nullable(inner) => {
                let mut schema = match self.expr_schema(inner, markers) {
                    ReferenceOr::Item(schema) => schema,
                    reference => Schema {
                        schema_data: SchemaData::default(),
                        schema_kind: SchemaKind::AllOf { all_of: vec![reference] },
                    },
                };
                make_nullable(&mut schema);
                return ReferenceOr::Item(schema);
            }
        };
        ReferenceOr::Item(Schema { schema_data: SchemaData::default(), schema_kind: kind })
    }

    /// `_Enum:_`/`_Constant:_`/`_Format:_`/`_Pattern:_`/`_Minimum:_`/`_Maximum:_` on the field's schema, or on
    /// its items when it is an array (`string[]` with `_Enum:_` enumerates the items).
    fn apply_markers(&mut self, schema: &mut ReferenceOr<Schema>, field: &Field, expr: &TypeExpr) {
        let markers = &field.markers;
        let values = marker_enum_values(markers);
        let enum_in_component = expr.named().is_some_and(|name| self.marker_enums.contains_key(name));
        let enum_in_type = matches!(core_type(expr), TypeExpr::Enum | TypeExpr::Literals(_));
        let has_constraints = markers.format.is_some()
            || markers.pattern.is_some()
            || markers.minimum.is_some()
            || markers.maximum.is_some();
        let wants_values = !values.is_empty() && !enum_in_component && !enum_in_type;
        if !wants_values && !has_constraints {
            if matches!(core_type(expr), TypeExpr::Enum) && values.is_empty() {
                self.diags.warning_at(
                    &field.location,
                    format!(
                        "`{}` has type `enum` but no `_Enum:_` or `_Constant:_` values; it is taken as a string",
                        field.name
                    ),
                );
            }
            return;
        }
        let target = match schema {
            ReferenceOr::Item(schema) => innermost_items(schema),
            ReferenceOr::Reference { .. } => None,
        };
        let Some(target) = target else {
            self.diags.warning_at(
                &field.location,
                format!(
                    "the markers of `{}` do not apply to its type `{}`; they are ignored",
                    field.name, field.type_text
                ),
            );
            return;
        };
        let mut problems = Vec::new();
        match &mut target.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if wants_values {
                    string.enumeration = values.iter().map(|v| Some(value_text(v))).collect();
                }
                if let Some(format) = &markers.format {
                    string.format = format_of(format);
                }
                if let Some(pattern) = &markers.pattern {
                    string.pattern = Some(pattern.clone());
                }
                if markers.minimum.is_some() || markers.maximum.is_some() {
                    problems.push("minimum/maximum");
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                if wants_values {
                    integer.enumeration =
                        values.iter().map(|v| v.as_i64().or_else(|| value_text(v).parse().ok())).collect();
                    if integer.enumeration.iter().any(Option::is_none) {
                        problems.push("non-integer enum values");
                        integer.enumeration.retain(Option::is_some);
                    }
                }
                if let Some(format) = &markers.format {
                    integer.format = format_of(format);
                }
                integer.minimum = markers.minimum.map(|m| m as i64).or(integer.minimum);
                integer.maximum = markers.maximum.map(|m| m as i64).or(integer.maximum);
                if markers.pattern.is_some() {
                    problems.push("pattern");
                }
            }
            SchemaKind::Type(Type::Number(number)) => {
                if wants_values {
                    number.enumeration =
                        values.iter().map(|v| v.as_f64().or_else(|| value_text(v).parse().ok())).collect();
                    if number.enumeration.iter().any(Option::is_none) {
                        problems.push("non-numeric enum values");
                        number.enumeration.retain(Option::is_some);
                    }
                }
                if let Some(format) = &markers.format {
                    number.format = format_of(format);
                }
                number.minimum = markers.minimum.or(number.minimum);
                number.maximum = markers.maximum.or(number.maximum);
                if markers.pattern.is_some() {
                    problems.push("pattern");
                }
            }
            SchemaKind::Type(Type::Boolean(boolean)) => {
                if wants_values {
                    boolean.enumeration = values.iter().map(Value::as_bool).collect();
                    boolean.enumeration.retain(Option::is_some);
                }
                if has_constraints {
                    problems.push("format/pattern/minimum/maximum");
                }
            }
            _ => problems.push("enum/format/pattern/minimum/maximum"),
        }
        for problem in problems {
            self.diags.warning_at(
                &field.location,
                format!(
                    "{problem} markers of `{}` do not fit its type `{}`; they are ignored",
                    field.name, field.type_text
                ),
            );
        }
    }

    fn parameters(&mut self, endpoint: &Endpoint) -> Vec<ReferenceOr<Parameter>> {
        let in_path = path_parameters(&endpoint.path);
        let mut seen: BTreeSet<(ParamLocation, String)> = BTreeSet::new();
        let mut parameters = Vec::new();
        let model = self.model;
        for (place, field) in &model.parameters {
            if !seen.insert((*place, field.name.to_lowercase())) {
                self.diags.warning_at(
                    &field.location,
                    format!("parameter `{}` is documented twice; the first row is used", field.name),
                );
                continue;
            }
            let mut required = field.required;
            if *place == ParamLocation::Path {
                if !in_path.contains(&field.name) {
                    self.diags.warning_at(
                        &field.location,
                        format!(
                            "path parameter `{}` does not occur in the path `{}` (a host placeholder belongs to the server URL); it is left out",
                            field.name, endpoint.path
                        ),
                    );
                    continue;
                }
                if !required && field.required_stated {
                    self.diags.warning_at(
                        &field.location,
                        format!(
                            "path parameter `{}` is marked optional; path parameters are always required",
                            field.name
                        ),
                    );
                }
                required = true;
            }
            let schema = self.field_schema(field, Purpose::Parameter, 0);
            parameters.push(ReferenceOr::Item(self.parameter(*place, field, required, schema)));
        }
        for name in in_path {
            if !seen.contains(&(ParamLocation::Path, name.to_lowercase())) {
                self.diags.warning_at(
                    &endpoint.location,
                    format!("path parameter `{name}` is not documented in a table; it is taken as a required string"),
                );
                let field = Field {
                    name: name.clone(),
                    type_text: "string".to_owned(),
                    type_expr: Some(TypeExpr::String(None)),
                    required: true,
                    required_stated: false,
                    description: String::new(),
                    markers: Markers::default(),
                    location: endpoint.location.clone(),
                    children: None,
                    parameter_location: None,
                };
                let schema = self.field_schema(&field, Purpose::Parameter, 0);
                parameters.push(ReferenceOr::Item(self.parameter(ParamLocation::Path, &field, true, schema)));
            }
        }
        parameters
    }

    fn parameter(&self, place: ParamLocation, field: &Field, required: bool, schema: ReferenceOr<Schema>) -> Parameter {
        let mut parameter_data = ParameterData {
            name: field.name.clone(),
            description: Some(field.description.clone()).filter(|d| !d.is_empty()),
            required,
            deprecated: None,
            format: ParameterSchemaOrContent::Schema(schema),
            example: None,
            examples: IndexMap::new(),
            explode: None,
            extensions: IndexMap::new(),
        };
        parameter_data.extensions.insert("x-source".to_owned(), self.source(&field.location));
        match place {
            ParamLocation::Query => Parameter::Query {
                parameter_data,
                allow_reserved: false,
                style: QueryStyle::Form,
                allow_empty_value: None,
            },
            ParamLocation::Header => Parameter::Header { parameter_data, style: HeaderStyle::Simple },
            ParamLocation::Path => Parameter::Path { parameter_data, style: PathStyle::Simple },
            ParamLocation::Cookie => Parameter::Cookie { parameter_data, style: CookieStyle::Form },
        }
    }

    fn request_body(&mut self) -> Option<ReferenceOr<RequestBody>> {
        let model = self.model;
        let body = model.request_body.as_ref()?;
        let schema = self.body_schema(body);
        if schema.is_none() {
            self.diags
                .warning_at(&body.location, "the request body section has no table or type; the body is left untyped");
        }
        let required = match &body.shape {
            Shape::Fields { table, .. } => {
                self.model.tables.get(*table).is_some_and(|fields| fields.iter().any(|f| f.required))
            }
            Shape::Type(_) => true,
            Shape::Nothing => false,
        };
        let mut request = RequestBody {
            description: Some(body.description.join("\n\n")).filter(|d| !d.is_empty()),
            content: self.content(body, schema),
            required,
            ..RequestBody::default()
        };
        request.extensions.insert("x-source".to_owned(), self.source(&body.location));
        Some(ReferenceOr::Item(request))
    }

    fn body_schema(&mut self, body: &Body) -> Option<ReferenceOr<Schema>> {
        match &body.shape {
            Shape::Nothing => None,
            Shape::Type(expr) => Some(self.expr_schema(expr, &Markers::default())),
            Shape::Fields { table, array, location } => {
                let mut object = self.object_schema(*table, 0);
                object.schema_data.extensions.insert("x-source".to_owned(), self.source(location));
                let described = body.description.join("\n\n");
                if !described.is_empty() {
                    object.schema_data.description = Some(described);
                }
                if !*array {
                    return Some(ReferenceOr::Item(object));
                }
                let kind = SchemaKind::Type(Type::Array(ArrayType {
                    items: Some(ReferenceOr::Item(Box::new(object))),
                    min_items: None,
                    max_items: None,
                    unique_items: false,
                }));
                Some(ReferenceOr::Item(Schema { schema_data: SchemaData::default(), schema_kind: kind }))
            }
        }
    }

    /// One media type per stated `Content-Type`; `application/json` when a body is described but no type is.
    fn content(&mut self, body: &Body, schema: Option<ReferenceOr<Schema>>) -> IndexMap<String, MediaType> {
        let mut types = body.content_types.clone();
        if types.is_empty() && schema.is_some() {
            types.push("application/json".to_owned());
        }
        types.dedup();
        types.into_iter().map(|media| (media, MediaType { schema: schema.clone(), ..MediaType::default() })).collect()
    }

    fn responses(&mut self, endpoint: &Endpoint) -> openapiv3::Responses {
        let mut responses = openapiv3::Responses::default();
        let mut seen = BTreeSet::new();
        let model = self.model;
        for section in &model.responses {
            if !seen.insert(section.status) {
                self.diags.warning_at(&section.location, "this status is documented twice; the first section is used");
                continue;
            }
            let schema = self.body_schema(&section.body);
            if schema.is_none() && !section.body.content_types.is_empty() {
                self.diags.warning_at(
                    &section.location,
                    "this status has a `Content-Type` but no table or type; its body is left untyped",
                );
            }
            let mut response = Response {
                description: response_description(section),
                content: self.content(&section.body, schema),
                ..Response::default()
            };
            for field in &section.headers {
                let schema = self.field_schema(field, Purpose::Parameter, 0);
                let mut header = Header {
                    description: Some(field.description.clone()).filter(|d| !d.is_empty()),
                    style: HeaderStyle::Simple,
                    required: field.required,
                    deprecated: None,
                    format: ParameterSchemaOrContent::Schema(schema),
                    example: None,
                    examples: IndexMap::new(),
                    extensions: IndexMap::new(),
                };
                header.extensions.insert("x-source".to_owned(), self.source(&field.location));
                response.headers.insert(field.name.clone(), ReferenceOr::Item(header));
            }
            response.extensions.insert("x-source".to_owned(), self.source(&section.location));
            match section.status {
                Status::Code(code) => {
                    responses.responses.insert(StatusCode::Code(code), ReferenceOr::Item(response));
                }
                Status::Range(range) => {
                    responses.responses.insert(StatusCode::Range(range), ReferenceOr::Item(response));
                }
                Status::Default => responses.default = Some(ReferenceOr::Item(response)),
            }
        }
        if responses.responses.is_empty() && responses.default.is_none() {
            self.diags.warning_at(
                &endpoint.location,
                "the page documents no response status; a bodiless `default` response is assumed",
            );
            let mut response = Response { description: "Not documented.".to_owned(), ..Response::default() };
            response.extensions.insert("x-source".to_owned(), self.source(&endpoint.location));
            responses.default = Some(ReferenceOr::Item(response));
        }
        responses
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A parameter or header: the description and origin live on the parameter, not its schema.
    Parameter,
    Property,
}

fn response_description(section: &StatusSection) -> String {
    if !section.summary.is_empty() {
        return section.summary.clone();
    }
    let reason = match section.status {
        Status::Code(code) => {
            http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()).map(str::to_owned)
        }
        Status::Range(1) => Some("Informational".to_owned()),
        Status::Range(2) => Some("Success".to_owned()),
        Status::Range(3) => Some("Redirection".to_owned()),
        Status::Range(4) => Some("Client error".to_owned()),
        Status::Range(5) => Some("Server error".to_owned()),
        Status::Range(_) => None,
        Status::Default => Some("Default response".to_owned()),
    };
    reason.unwrap_or_else(|| "Response".to_owned())
}

fn short_name(name: &str) -> &str {
    name.rsplit('.').find(|segment| !segment.is_empty()).unwrap_or(name)
}

/// Component names may hold only `A-Za-z0-9._-`.
fn sanitize_component(name: &str) -> String {
    let clean: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')).collect();
    if clean.is_empty() {
        "Type".to_owned()
    } else {
        clean
    }
}

fn definition_signature(model: &Model, definition: &TypeDef) -> String {
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

fn marker_enum_values(markers: &Markers) -> Vec<Value> {
    if !markers.enumeration.is_empty() {
        return markers.enumeration.clone();
    }
    markers.constant.iter().cloned().collect()
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// An enum schema typed by its values: integers, numbers, booleans, else strings. No values: a plain string.
fn enum_schema(values: &[Value]) -> Schema {
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

fn free_form_object() -> Schema {
    let object = ObjectType { additional_properties: Some(AdditionalProperties::Any(true)), ..ObjectType::default() };
    Schema { schema_data: SchemaData::default(), schema_kind: SchemaKind::Type(Type::Object(object)) }
}

fn string_kind(format: Option<&'static str>) -> SchemaKind {
    SchemaKind::Type(Type::String(StringType { format: known_or_unknown(format), ..StringType::default() }))
}

fn known_or_unknown<T: std::str::FromStr>(format: Option<&str>) -> VariantOrUnknownOrEmpty<T> {
    match format {
        Some(format) => format_of(format),
        None => VariantOrUnknownOrEmpty::Empty,
    }
}

fn format_of<T: std::str::FromStr>(format: &str) -> VariantOrUnknownOrEmpty<T> {
    match format.parse() {
        Ok(known) => VariantOrUnknownOrEmpty::Item(known),
        Err(_) => VariantOrUnknownOrEmpty::Unknown(format.to_owned()),
    }
}

fn box_schema(schema: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

/// Nullable in OpenAPI 3.0: `nullable: true`, and `null` among the values of an enum.
fn make_nullable(schema: &mut Schema) {
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
fn innermost_items(schema: &mut Schema) -> Option<&mut Schema> {
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
fn innermost_open_object(schema: &mut Schema) -> Option<&mut Schema> {
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
fn coerce_value(value: &Value, schema: &Schema) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::page::markdown_tree::parse_page;

    const SEED: &str = include_str!("../../../specs/azure-ai-foundry.list-conversations.md");

    /// Derives `text` as the page `path`: the document as JSON (for pointer lookups) and the rendered diagnostics.
    fn derive_text(path: &str, text: &str) -> (Option<Value>, Vec<String>) {
        let file = SourceFile::new(path, text);
        let mut diags = Diagnostics::new();
        let api = parse_page(&file, &mut diags).and_then(|page| derive(&file, &page, &mut diags));
        let json = api.map(|api| serde_json::to_value(api).expect("an OpenAPI model always serialises"));
        (json, diags.sorted().iter().map(ToString::to_string).collect())
    }

    fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
        value.pointer(pointer).unwrap_or(&Value::Null)
    }

    fn recognises(text: &str) -> bool {
        let file = SourceFile::new("p.md", text);
        let mut diags = Diagnostics::new();
        parse_page(&file, &mut diags).is_some_and(|page| recognise(&page))
    }

    #[test]
    fn seed_page_yields_the_operation_and_every_parameter() {
        let (api, _) = derive_text("specs/azure.md", SEED);
        let api = api.expect("the seed derives");
        assert_eq!(at(&api, "/openapi"), "3.0.3");
        assert_eq!(at(&api, "/info/title"), "List conversations");
        let op = at(&api, "/paths/~1openai~1v1~1conversations/get");
        assert_eq!(at(op, "/operationId"), "listConversations");
        assert_eq!(at(op, "/x-source"), "specs/azure.md:3");
        let params = at(op, "/parameters").as_array().expect("parameters");
        let names: Vec<(&str, &str)> =
            params.iter().map(|p| (p["name"].as_str().unwrap_or(""), p["in"].as_str().unwrap_or(""))).collect();
        assert_eq!(
            names,
            [
                ("limit", "query"),
                ("order", "query"),
                ("after", "query"),
                ("before", "query"),
                ("agent_name", "query"),
                ("agent_id", "query"),
                ("x-ms-user-isolation-key", "header")
            ]
        );
        assert_eq!(params[0]["schema"], serde_json::json!({"type": "integer", "default": 20}));
        assert!(!params[0]["description"].as_str().unwrap_or("").contains("Default"), "markers leave the description");
        assert_eq!(params[1]["schema"]["$ref"], "#/components/schemas/PageOrder");
        assert_eq!(params[0]["x-source"], "specs/azure.md:13");
    }

    #[test]
    fn seed_page_yields_named_types_recursion_statuses_and_one_warning() {
        let (api, warnings) = derive_text("specs/azure.md", SEED);
        let api = api.expect("the seed derives");
        let schemas = at(&api, "/components/schemas");
        assert_eq!(at(schemas, "/PageOrder/enum"), &serde_json::json!(["asc", "desc"]));
        let resource = at(schemas, "/ConversationResource");
        assert_eq!(at(resource, "/properties/object/enum"), &serde_json::json!(["conversation"]));
        assert_eq!(at(resource, "/properties/object/default"), "conversation");
        assert_eq!(at(resource, "/properties/created_at/format"), "unixtime");
        assert_eq!(at(resource, "/description"), &Value::Null, "prose under a field heading describes the field");
        let error = at(schemas, "/Error");
        assert_eq!(at(error, "/properties/details/items/$ref"), "#/components/schemas/Error");
        assert_eq!(at(error, "/properties/code/nullable"), true);
        assert_eq!(at(error, "/required"), &serde_json::json!(["code", "message"]));
        assert_eq!(at(schemas, "/Metadata/additionalProperties"), true);
        let responses = at(&api, "/paths/~1openai~1v1~1conversations/get/responses");
        for status in ["200", "4XX", "5XX"] {
            assert!(responses.get(status).is_some(), "status {status} missing");
        }
        let body = at(responses, "/200/content/application~1json/schema");
        assert_eq!(at(body, "/properties/data/items/$ref"), "#/components/schemas/ConversationResource");
        assert_eq!(at(body, "/required"), &serde_json::json!(["data", "has_more"]));
        assert_eq!(
            at(responses, "/4XX/content/application~1json/schema/properties/error/$ref"),
            "#/components/schemas/Error"
        );
        // The identical second `OpenAI.Error` is the same type: the only warning is the undefined `OpenAI.Metadata`.
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(
            warnings[0].contains("OpenAI.Metadata") && warnings[0].starts_with("specs/azure.md:51:"),
            "{warnings:#?}"
        );
    }

    #[test]
    fn columns_in_any_order_and_checkmark_required_cells() {
        let text = "# Edit\n\n`PATCH /m/{id}`\n\n### Path parameters\n\n| Type | Name | Description | Required |\n|---|---|---|---|\n\
                    | `string` | `id` | The ID. | ✓ |\n\n### Query parameters\n\n| Required | Description | Name | Type |\n|---|---|---|---|\n\
                    | Yes | Q. | `q` | `string` |\n| | Opt. | `o` | `boolean` |\n\n### 200\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n\
                    | `a` | `string or null` | true | A. |\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        let params = at(&api, "/paths/~1m~1{id}/patch/parameters");
        assert_eq!(at(params, "/0/in"), "path");
        assert_eq!(at(params, "/0/required"), true);
        assert_eq!(at(params, "/1/name"), "q");
        assert_eq!(at(params, "/1/required"), true);
        assert_eq!(at(params, "/2/required"), &Value::Null, "blank required cell is not required");
        let body = at(&api, "/paths/~1m~1{id}/patch/responses/200/content/application~1json/schema");
        assert_eq!(at(body, "/properties/a/nullable"), true);
        assert_eq!(at(body, "/required/0"), "a");
        assert!(warnings.is_empty(), "{warnings:#?}");
    }

    #[test]
    fn type_defined_twice_differently_is_a_warning_and_namespaces_that_collide_are_kept() {
        let text = "# T\n\n`GET /t`\n\n### 200\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n\
                    | `a` | `OpenAI.Error` | Yes | |\n| `b` | `Azure.Error` | Yes | |\n\n#### `a` — `OpenAI.Error`\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `x` | `string` | Yes | |\n\n#### `b` — `Azure.Error`\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `y` | `string` | Yes | |\n\n### 400\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `a` | `OpenAI.Error` | Yes | |\n\n#### `a` — `OpenAI.Error`\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `x` | `integer` | Yes | |\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        assert_eq!(
            at(&api, "/components/schemas/OpenAIError/properties/x/type"),
            "string",
            "the first definition wins"
        );
        assert!(at(&api, "/components/schemas/AzureError").is_object());
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].contains("`OpenAI.Error` is defined again differently"), "{warnings:#?}");
    }

    #[test]
    fn unreadable_tables_and_unknown_types_are_located_warnings() {
        let text = "# T\n\n`GET /t`\n\n### Query parameters\n\n| Setting | Kind |\n|---|---|\n| a | b |\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `when` | `timestmp` | No | |\n\n### 200 — OK\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        assert_eq!(at(&api, "/paths/~1t/get/parameters/0/name"), "when");
        assert_eq!(at(&api, "/paths/~1t/get/parameters/0/schema"), &serde_json::json!({}));
        assert!(warnings.iter().any(|w| w.starts_with("p.md:7:1: warning: cannot read this table")), "{warnings:#?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("p.md:13:") && w.contains("unknown type `timestmp`")),
            "{warnings:#?}"
        );
    }

    #[test]
    fn statuses_without_tables_ranges_and_default() {
        let text = "# T\n\n`DELETE /t/{id}`\n\n### 201\n\n### 204 — Gone\n\n### 409 — Busy\n\nContent-Type: `application/json`\n\n\
                    ### default — Oops\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n| `m` | `string` | Yes | |\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        let responses = at(&api, "/paths/~1t~1{id}/delete/responses");
        assert_eq!(at(responses, "/201/description"), "Created");
        assert_eq!(at(responses, "/204/description"), "Gone");
        assert_eq!(at(responses, "/204/content"), &Value::Null);
        assert_eq!(at(responses, "/default/description"), "Oops");
        assert_eq!(at(responses, "/default/x-source"), "p.md:13");
        assert!(warnings.iter().any(|w| w.contains("`{id}`") || w.contains("`id` is not documented")), "{warnings:#?}");
        assert!(warnings.iter().any(|w| w.starts_with("p.md:9:") && w.contains("no table")), "{warnings:#?}");
        let params = at(&api, "/paths/~1t~1{id}/delete/parameters");
        assert_eq!(at(params, "/0/in"), "path");
        assert_eq!(at(params, "/0/required"), true);
    }

    #[test]
    fn recognise_wants_an_endpoint_paragraph_and_a_table() {
        let table = "\n\n| Name | Type |\n|---|---|\n| `a` | `string` |\n";
        assert!(recognises(&format!("# T\n\n`GET /a`{table}")));
        assert!(!recognises("# T\n\n`GET /a`\n\nNo tables here.\n"));
        assert!(
            !recognises(&format!("# T\n\nCall `GET /a` to list things.{table}")),
            "inline code in prose is not the endpoint line"
        );
        assert!(!recognises(&format!("# T\n\n`FETCH /a`{table}")));
    }

    #[test]
    fn a_page_without_an_operation_is_an_error() {
        let (api, warnings) = derive_text("p.md", "# T\n\n| Name | Type |\n|---|---|\n| `a` | `string` |\n");
        assert!(api.is_none());
        assert!(warnings.iter().any(|w| w.contains("error: this reference page names no operation")), "{warnings:#?}");
    }

    #[test]
    fn type_grammar() {
        use TypeExpr as T;
        let named = |n: &str| T::Named(n.to_owned());
        let cases: Vec<(&str, TypeExpr)> = vec![
            ("string", T::String(None)),
            ("OpenAI.Error[]", T::Array(Box::new(named("OpenAI.Error")))),
            ("string | null", T::Nullable(Box::new(T::String(None)))),
            ("null | string", T::Nullable(Box::new(T::String(None)))),
            ("string or null", T::Nullable(Box::new(T::String(None)))),
            ("X[] | null", T::Nullable(Box::new(T::Array(Box::new(named("X")))))),
            ("(A | null)[]", T::Array(Box::new(T::Nullable(Box::new(named("A")))))),
            ("array<integer>", T::Array(Box::new(T::Integer(None)))),
            ("array of strings", T::Array(Box::new(T::String(None)))),
            ("map<string, X>", T::Map(Box::new(named("X")))),
            ("\"a\" | \"b\"", T::Literals(vec![Value::from("a"), Value::from("b")])),
            ("1 | 2", T::Literals(vec![Value::from(1), Value::from(2)])),
            ("int64", T::Integer(Some("int64"))),
            ("date-time", T::String(Some("date-time"))),
            ("object", T::Object),
            ("string | integer", T::Union(vec![T::String(None), T::Integer(None)])),
            // The one grammar knows what every front-end's pages write.
            ("timestamp", T::String(Some("date-time"))),
            ("string (uri)", T::String(Some("uri"))),
            ("Page<Item>", named("Page")),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_type(text), Ok(expected), "{text}");
        }
        for bad in ["", "timestmp", "string ||", "X[", "\"open", "a b", "string, optional"] {
            assert!(parse_type(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn endpoint_and_status_forms() {
        assert_eq!(parse_endpoint("GET /a/{id}"), Some((Method::Get, "/a/{id}".to_owned())));
        assert_eq!(parse_endpoint("post https://api.x.com/v1/a?x=1"), Some((Method::Post, "/v1/a".to_owned())));
        assert_eq!(parse_endpoint("DELETE /a/:id"), Some((Method::Delete, "/a/{id}".to_owned())));
        assert_eq!(parse_endpoint("GET {endpoint}/a"), Some((Method::Get, "/a".to_owned())));
        assert_eq!(parse_endpoint("GET a"), None);
        assert_eq!(parse_endpoint("GET /a extra"), None);
        assert_eq!(
            parse_status("200 — The request has succeeded.", false),
            Some((Status::Code(200), "The request has succeeded.".to_owned()))
        );
        assert_eq!(parse_status("4XX — Client error", false), Some((Status::Range(4), "Client error".to_owned())));
        assert_eq!(parse_status("5xx", false), Some((Status::Range(5), String::new())));
        assert_eq!(parse_status("default", false), Some((Status::Default, String::new())));
        assert_eq!(parse_status("Default values", false), None);
        assert_eq!(parse_status("HTTP 201 Created", false), Some((Status::Code(201), "Created".to_owned())));
        assert_eq!(parse_status("2024 changes", false), None);
        assert_eq!(parse_status("Other Status Codes", true), Some((Status::Default, String::new())));
    }

    #[test]
    fn markers_leave_the_description_and_unknown_ones_are_warned() {
        let text =
            "# T\n\n`GET /t`\n\n### Query parameters\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n\
                    | `n` | `integer` | No | Count. _Enum:_ `1`, `2` _Default:_ `1` |\n\
                    | `s` | `string[]` | No | Tags. _Enum:_ `a`, `b` |\n\
                    | `v` | `string` | No | Version. _Since:_ `v2` |\n\
                    | `k` | `string` | No | _Note:_ prose stays. |\n\n### 200\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        let params = at(&api, "/paths/~1t/get/parameters");
        assert_eq!(at(params, "/0/description"), "Count.");
        assert_eq!(at(params, "/0/schema"), &serde_json::json!({"type": "integer", "enum": [1, 2], "default": 1}));
        assert_eq!(at(params, "/1/schema/items/enum"), &serde_json::json!(["a", "b"]));
        assert_eq!(at(params, "/2/description"), "Version. Since: `v2`");
        assert_eq!(at(params, "/3/description"), "Note: prose stays.");
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].contains("unknown marker `_Since:_`"), "{warnings:#?}");
    }

    #[test]
    fn odd_pages_never_panic() {
        let pages = [
            "`GET /a`\n\n|x|\n|-|\n",
            "# T\n\n`GET /a`\n\n### 200\n\n| Name |\n|---|\n| |\n| `a` |\n",
            "# T\n\n`GET /a`\n\n### 200\n\n| Name | Type | Required |\n|---|---|---|\n| `a` |\n| `b` | `string` | Yes | extra |\n",
            "# T\n\n`GET /a`\n\n#### `x` — `object`\n\n| Name | Type |\n|---|---|\n| `a` | `string` |\n",
            "# T\n\n`GET /a`\n\n### 200\n\n| Name | Type |\n|---|---|\n| `a.b.c` | `string` |\n| `a` | `object` |\n| `.` | `X.` |\n",
            "# T\n\n`GET /a/{}`\n\n## Definitions\n\n### X\n\n| Value |\n|---|\n| `1` |\n| `a` |\n",
            "# T\n\n`GET /a`\n\n### Query parameters\n\n| Name | Type | Description |\n|---|---|---|\n| `a` | `enum` | _Enum:_ |\n| `b` | `integer` | _Enum:_ `x` _Minimum:_ `low` |\n",
        ];
        for page in pages {
            let _ = derive_text("p.md", page);
        }
    }
}
