//! The first pass: the page's blocks walked once under a stack of the headings they are under, each heading
//! classified as a section (parameters, body, status, type definition), prose and code read for the endpoint,
//! statuses and content types.

use markdown::mdast::Node;

use super::forms::{endpoint_of_code, endpoint_of_paragraph, parse_status};
use super::inline::{collapse_whitespace, inline_codes, is_single_token, render_inline};
use super::model::{Body, DefShape, Endpoint, Model, ParamLocation, Section, Shape, StatusSection, TypeDef};
use super::type_cells::{core_type, parse_type, TypeExpr};
use crate::derive::page::markdown_tree::{node_location, plain_text, Page};
use crate::diagnostic::{Diagnostics, Location, SourceFile};
pub(super) struct Reader<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) diags: &'a mut Diagnostics,
    pub(super) model: Model,
    pub(super) stack: Vec<(u8, Section)>,
}

pub(super) fn read_page(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Model {
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
    pub(super) fn location(&self, node: &Node) -> Location {
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

    pub(super) fn current_body(&mut self) -> Option<&mut Body> {
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
}
