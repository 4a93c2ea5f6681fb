//! One operation built from its scope: the tables, lists, labels and examples gathered, rows routed to
//! parameters, request body and responses, and the OpenAPI operation assembled from them.
//! The models the pages define are built here too, by the same builder: type strings resolved through the
//! registry, rows nested by their dotted paths, examples filling in what the rows do not say.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::blocks::{inline_text, BlockKind, PageModel};
use super::document::x_source;
use super::fields::{FieldRow, ParamIn, Role, Table};
use super::json::{looks_like_json, read_json_lenient};
use super::registry::Registry;
use super::schema::{
    annotate, fill_from_example, infer_schema, insert_at, literal_union, merge_documented, split_field_path,
};
use super::scope::{ModelSection, Scope};
use super::type_expr::TypeExpr;
use super::{declare, document, fields};
use crate::diagnostic::{Diagnostics, Location};
pub(super) struct Builder<'p, 'd> {
    pub(super) pages: &'p [PageModel<'p>],
    pub(super) registry: &'p Registry,
    pub(super) unresolved: BTreeMap<String, Location>,
    /// Each type defined on the pages and its fields.
    pub(super) model_fields: Vec<(String, Vec<String>)>,
    /// Each type defined on the pages, as built.
    pub(super) model_schemas: Map<String, Value>,
    pub(super) diags: &'d mut Diagnostics,
}

/// What an operation's scope says, gathered before the operation is built.
#[derive(Default)]
struct Gathered {
    params: Vec<(Option<ParamIn>, FieldRow)>,
    request_rows: Vec<FieldRow>,
    request_type: Option<(TypeExpr, Vec<(String, String)>)>,
    request_examples: Vec<Value>,
    responses: BTreeMap<String, Response>,
    description: Option<String>,
}

#[derive(Default)]
struct Response {
    rows: Vec<FieldRow>,
    ty: Option<(TypeExpr, Vec<(String, String)>)>,
    examples: Vec<Value>,
    description: Option<String>,
    json: bool,
}

impl Builder<'_, '_> {
    fn gather(&mut self, scope: &Scope) -> Gathered {
        let page = &self.pages[scope.page];
        let mut gathered = Gathered::default();
        for &(start, end) in &scope.ranges {
            // Headings open and close labels by depth; a labelling paragraph holds until the next heading.
            let mut headings: Vec<(u8, Role)> = Vec::new();
            let mut label: Option<Role> = None;
            for index in start..end.min(page.blocks.len()) {
                let block = &page.blocks[index];
                let current = || -> Role {
                    if let Some(role) = &label {
                        return role.clone();
                    }
                    headings.iter().rev().map(|(_, r)| r.clone()).find(|r| *r != Role::Neutral).unwrap_or(Role::Neutral)
                };
                match &block.kind {
                    BlockKind::Heading { depth, text, .. } => {
                        while headings.last().is_some_and(|(d, _)| d >= depth) {
                            headings.pop();
                        }
                        let role = if declare::endpoint_in(text, true).is_some() {
                            Role::Neutral
                        } else {
                            fields::role_of(text)
                        };
                        headings.push((*depth, role));
                        label = None;
                    }
                    BlockKind::Paragraph(node) => {
                        let text = inline_text(node);
                        let role = current();
                        // A paragraph that is only a type, under a response or request label: the body's type.
                        if text.len() <= 120 && !text.contains(". ") {
                            let (ty, links) = fields::type_cell(node);
                            if let Some(ty) = ty.filter(|t| !matches!(t, TypeExpr::Named(n) if !n.chars().next().is_some_and(char::is_uppercase) && links.is_empty())) {
                                match &role {
                                    Role::Response(status) => {
                                        let response = gathered.responses.entry(status.clone()).or_default();
                                        response.ty.get_or_insert((ty, links));
                                        response.json = true;
                                        continue;
                                    }
                                    Role::Request => {
                                        gathered.request_type.get_or_insert((ty, links));
                                        continue;
                                    }
                                    _ => {}
                                }
                            }
                        }
                        if let Some(text) = declare::is_label(block) {
                            let role = fields::role_of(&text);
                            if role != Role::Neutral {
                                label = Some(role);
                                continue;
                            }
                        }
                        if gathered.description.is_none()
                            && text.len() > 20
                            && declare::endpoint_in(&text, false).is_none()
                        {
                            gathered.description = Some(text);
                        }
                    }
                    BlockKind::Component { name, attributes } => {
                        let title =
                            attributes.iter().find(|(k, _)| k == "title").map(|(_, v)| v.as_str()).unwrap_or_default();
                        let role = fields::role_of(&format!("{name} {title}"));
                        if role != Role::Neutral {
                            label = Some(role);
                        }
                    }
                    BlockKind::Code(code) => {
                        let meta = format!(
                            "{} {}",
                            code.lang.as_deref().unwrap_or_default(),
                            code.meta.as_deref().unwrap_or_default()
                        );
                        let own = fields::role_of(&meta);
                        let role = if own == Role::Neutral { current() } else { own };
                        if let Some(data) = declare::curl_data(&code.value) {
                            if let Some(value) = json_of(&data) {
                                gathered.request_examples.push(value);
                            }
                            continue;
                        }
                        if !looks_like_json(&code.value) {
                            continue;
                        }
                        let Some(value) = json_of(&code.value) else { continue };
                        match role {
                            Role::Request => gathered.request_examples.push(value),
                            Role::Response(status) => {
                                let response = gathered.responses.entry(status).or_default();
                                response.examples.push(value);
                                response.json = true;
                            }
                            _ => {}
                        }
                    }
                    BlockKind::Table(table) => {
                        let role = current();
                        match fields::read_table(page.file, table) {
                            Table::Fields(rows) => self.route_rows(&mut gathered, role, rows, scope),
                            Table::Statuses(rows) => {
                                for row in rows {
                                    if matches!(role, Role::Ignore) {
                                        continue;
                                    }
                                    let response = gathered.responses.entry(row.status.clone()).or_default();
                                    if response.description.is_none() && !row.description.is_empty() {
                                        response.description = Some(row.description.clone());
                                    }
                                    if let Some(ty) = row.ty {
                                        response.json = true;
                                        response.ty.get_or_insert((ty, row.links));
                                    }
                                }
                            }
                            Table::Values(_) | Table::Other => {}
                        }
                    }
                    BlockKind::List(list) => {
                        let role = current();
                        if matches!(role, Role::Neutral | Role::Ignore) {
                            continue;
                        }
                        let mut rows = Vec::new();
                        if fields::read_list(page.file, list, 0, &mut rows) {
                            self.route_rows(&mut gathered, role, rows, scope);
                        }
                    }
                    BlockKind::Html(_) | BlockKind::Frontmatter(_) => {}
                }
            }
        }
        // A body stated without a status ("Return type", "Returns") goes under 200; when the page's table of
        // statuses has one other success status and not 200 (`201 | commit`), the body is that status's.
        if gathered.responses.get("200").is_some_and(|r| r.description.is_none()) {
            let successes: Vec<&String> = gathered
                .responses
                .iter()
                .filter(|(status, r)| status.starts_with('2') && *status != "200" && r.description.is_some())
                .map(|(status, _)| status)
                .collect();
            if let [only] = successes[..] {
                let only = only.clone();
                if let Some(body) = gathered.responses.remove("200") {
                    let target = gathered.responses.entry(only).or_default();
                    target.rows.extend(body.rows);
                    if target.ty.is_none() {
                        target.ty = body.ty;
                    }
                    target.examples.extend(body.examples);
                    target.json |= body.json;
                }
            }
        }
        gathered
    }

    /// Puts rows where their label says: parameters (by their `In`, the path, or the method), the request
    /// body, or a response.
    fn route_rows(&mut self, gathered: &mut Gathered, role: Role, rows: Vec<FieldRow>, scope: &Scope) {
        let role = match role {
            Role::Neutral if rows.iter().any(|r| r.location.is_some()) => Role::Params(None),
            Role::Neutral if !has_body(scope.method) => Role::Params(None),
            Role::Neutral => Role::Request,
            role => role,
        };
        match role {
            Role::Params(location) => {
                // `»` rows under a body parameter belong to the body.
                let mut in_body = false;
                for row in rows {
                    let stated = row.location.or(location);
                    if row.depth > 0 && in_body {
                        let mut row = row;
                        row.depth -= 1;
                        gathered.request_rows.push(row);
                        continue;
                    }
                    in_body = stated == Some(ParamIn::Body);
                    if in_body {
                        if let Some(ty) = row.ty.clone().filter(|t| !matches!(t, TypeExpr::Primitive(..))) {
                            gathered.request_type.get_or_insert((ty, row.links.clone()));
                        }
                        continue;
                    }
                    if is_sdk_option(&row) {
                        continue;
                    }
                    gathered.params.push((stated, row));
                }
            }
            Role::Request => gathered.request_rows.extend(rows),
            Role::Response(status) => {
                let response = gathered.responses.entry(status).or_default();
                response.json = true;
                response.rows.extend(rows);
            }
            Role::Neutral | Role::Ignore => {}
        }
    }

    pub(super) fn operation(&mut self, scope: &Scope, path: &str) -> Value {
        let gathered = self.gather(scope);
        let page = &self.pages[scope.page];
        let templates: Vec<String> = document::path_templates(path);
        let mut parameters: IndexMap<(ParamIn, String), Value> = IndexMap::new();
        let mut request_rows = gathered.request_rows;
        let mut request_type = gathered.request_type;
        let mut unknown_body = None;
        let mut path_examples: HashMap<String, String> = HashMap::new();
        for (stated, row) in gathered.params {
            // A model as a parameter: an SDK's request object (its fields are the parameters), or the body.
            if let Some(TypeExpr::Named(name)) = row.ty.as_ref().map(TypeExpr::non_null) {
                if let Some(model) = self.registry.resolve(name, &row.links).cloned() {
                    if row.name == "request" || row.name == "req" || !has_body(scope.method) && stated.is_none() {
                        self.expand_request_model(
                            &model,
                            &templates,
                            scope,
                            &mut parameters,
                            &mut request_type,
                            &mut request_rows,
                        );
                        continue;
                    }
                    if has_body(scope.method) && stated.is_none() && !templates.contains(&row.name) {
                        request_type.get_or_insert((TypeExpr::Named(name.clone()), row.links.clone()));
                        continue;
                    }
                } else if row.name == "request" || row.name == "req" {
                    // An SDK's request object whose page is not among these: its fields are unknown.
                    self.diags.warning_at(
                        &row.origin,
                        format!(
                            "the request object `{name}` is not defined on these pages; the parameters it holds are not read"
                        ),
                    );
                    continue;
                } else if has_body(scope.method)
                    && stated.is_none()
                    && !templates.contains(&row.name)
                    && (!row.links.is_empty() || name.starts_with(|c: char| c.is_ascii_uppercase()))
                {
                    // A model these pages do not define, passed to a method that sends a body: the body (its
                    // type is then unknown, with a warning), unless a defined model is.
                    if row.name != "security" {
                        unknown_body.get_or_insert((TypeExpr::Named(name.clone()), row.links.clone()));
                    }
                    continue;
                }
            }
            let location = infer_location(stated, &row, &templates, scope.method);
            // OpenAPI ignores header parameters named `Accept`, `Content-Type` and `Authorization`: they are
            // the media types and the credential (an SDK page's "HTTP request headers" list).
            if location == ParamIn::Header
                && ["accept", "content-type", "authorization"].contains(&row.name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if location == ParamIn::Body {
                request_rows.push(row);
                continue;
            }
            let key = (location, row.name.clone());
            if parameters.contains_key(&key) {
                continue;
            }
            let parameter = self.parameter(location, &row);
            parameters.insert(key, parameter);
        }
        if request_type.is_none() && request_rows.is_empty() {
            request_type = unknown_body;
        }
        // An example's concrete path gives each path parameter an example value.
        if let Some(concrete) = &scope.example_path {
            let concrete: Vec<&str> = concrete.trim_end_matches('/').split('/').collect();
            let spelled: Vec<&str> = path.trim_end_matches('/').split('/').collect();
            if concrete.len() == spelled.len() {
                for (segment, value) in spelled.iter().zip(&concrete) {
                    let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else { continue };
                    if let Some(parameter) = parameters.get_mut(&(ParamIn::Path, name.to_owned())) {
                        parameter["example"] = Value::String((*value).to_owned());
                    } else {
                        path_examples.insert(name.to_owned(), (*value).to_owned());
                    }
                }
            }
        }
        // Every template of the path is a path parameter.
        for template in &templates {
            let key = (ParamIn::Path, template.clone());
            if !parameters.contains_key(&key) {
                let mut parameter = json!({"name": template, "in": "path", "required": true, "schema": {"type": "string"}, "x-source": x_source(&scope.origin)});
                if let Some(example) = path_examples.get(template) {
                    parameter["example"] = Value::String(example.clone());
                }
                parameters.insert(key, parameter);
            }
        }
        // An example URL's query names parameters the page did not list.
        if let Some(query) = &scope.query {
            for pair in query.split('&') {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                if name.is_empty()
                    || name.contains(['{', '<', '$'])
                    || parameters.contains_key(&(ParamIn::Query, name.to_owned()))
                {
                    continue;
                }
                let schema =
                    if value.is_empty() { json!({"type": "string"}) } else { infer_schema(&fields::scalar(value)) };
                parameters.insert(
                    (ParamIn::Query, name.to_owned()),
                    json!({"name": name, "in": "query", "required": false, "schema": schema, "x-source": x_source(&scope.origin)}),
                );
            }
        }
        let mut operation = json!({
            "responses": {},
            "x-source": x_source(&scope.origin),
        });
        if let Some(section) = scope.section {
            let heading = page.heading(section).trim_matches(['*', '`']).to_owned();
            if !heading.is_empty() {
                operation["summary"] = Value::String(heading);
            }
        }
        if let Some(description) = gathered.description {
            operation["description"] = Value::String(description);
        }
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters.into_values().collect());
        }
        if !request_rows.is_empty() || request_type.is_some() || !gathered.request_examples.is_empty() {
            let stated = request_type.as_ref().map(|(ty, links)| self.type_schema(ty, links, &scope.origin));
            let media = self.body_media(stated, &request_rows, &gathered.request_examples);
            operation["requestBody"] =
                json!({"content": {"application/json": media}, "x-source": x_source(&scope.origin)});
        }
        for (status, response) in gathered.responses {
            let description = response.description.clone().unwrap_or_else(|| describe_status(&status));
            let mut out = json!({"description": description, "x-source": x_source(&scope.origin)});
            if response.json || !response.rows.is_empty() || response.ty.is_some() || !response.examples.is_empty() {
                let stated = response.ty.as_ref().map(|(ty, links)| {
                    let schema = self.type_schema(ty, links, &scope.origin);
                    self.sdk_result(schema)
                });
                let media = self.body_media(stated, &response.rows, &response.examples);
                out["content"] = json!({"application/json": media});
            }
            operation["responses"][status_key(&status)] = out;
        }
        if operation["responses"].as_object().is_some_and(Map::is_empty) {
            operation["responses"]["default"] =
                json!({"description": "No response is documented.", "x-source": x_source(&scope.origin)});
        }
        operation
    }

    /// An SDK's request object: its fields become the path, query and header parameters, and its body field
    /// the request body.
    fn expand_request_model(
        &mut self,
        model: &str,
        templates: &[String],
        scope: &Scope,
        parameters: &mut IndexMap<(ParamIn, String), Value>,
        request_type: &mut Option<(TypeExpr, Vec<(String, String)>)>,
        request_rows: &mut Vec<FieldRow>,
    ) {
        let Some(rows) = self.model_rows(model) else { return };
        for row in rows {
            let body_like = {
                let lower = row.name.to_ascii_lowercase();
                lower == "requestbody" || lower == "request_body" || lower == "body"
            };
            if body_like {
                if let Some(ty) = row.ty.clone() {
                    request_type.get_or_insert((ty, row.links.clone()));
                }
                continue;
            }
            if !has_body(scope.method)
                || templates.contains(&row.name)
                || row.depth == 0
                    && !body_like
                    && row.ty.as_ref().is_some_and(|t| matches!(t.non_null(), TypeExpr::Primitive(..)))
            {
                let location = infer_location(None, &row, templates, "GET");
                let key = (location, row.name.clone());
                if !parameters.contains_key(&key) {
                    let parameter = self.parameter(location, &row);
                    parameters.insert(key, parameter);
                }
            } else {
                request_rows.push(row);
            }
        }
    }

    /// The rows of a model's first field table.
    fn model_rows(&self, name: &str) -> Option<Vec<FieldRow>> {
        for (page_index, page) in self.pages.iter().enumerate() {
            for (section_index, section) in page.sections.iter().enumerate() {
                if self.registry.names.get(&(page_index, section_index)).map(String::as_str) != Some(name) {
                    continue;
                }
                for block in section.block + 1..section.end {
                    if let BlockKind::Table(table) = &page.blocks[block].kind {
                        if let Table::Fields(rows) = fields::read_table(page.file, table) {
                            return Some(rows);
                        }
                    }
                }
            }
        }
        None
    }

    fn parameter(&mut self, location: ParamIn, row: &FieldRow) -> Value {
        let mut schema = match &row.ty {
            Some(ty) => self.type_schema(ty, &row.links, &row.origin),
            None => json!({"type": "string"}),
        };
        // A parameter of a type the pages do not define is text, as every parameter is on the wire.
        if schema.as_object().is_some_and(Map::is_empty) && matches!(&row.ty, Some(TypeExpr::Named(_))) {
            schema = json!({"type": "string"});
        }
        annotate(&mut schema, row);
        let required = location == ParamIn::Path || row.required.unwrap_or(false);
        let mut parameter = json!({"name": row.name, "in": location.as_str(), "required": required, "schema": schema, "x-source": x_source(&row.origin)});
        if !row.description.is_empty() {
            parameter["description"] = Value::String(row.description.clone());
        }
        parameter
    }
}

impl Builder<'_, '_> {
    pub(super) fn type_schema(&mut self, ty: &TypeExpr, links: &[(String, String)], origin: &Location) -> Value {
        let registry = self.registry;
        let unresolved = &mut self.unresolved;
        ty.schema(&mut |name| match registry.resolve(name, links) {
            Some(model) => json!({"$ref": format!("#/components/schemas/{model}")}),
            None => {
                unresolved.entry(name.to_owned()).or_insert_with(|| origin.clone());
                json!({})
            }
        })
    }

    /// An object schema from field rows, nested by `»`/indentation and by dotted names.
    fn rows_schema(&mut self, rows: &[FieldRow]) -> Value {
        // widdershins: a body that is not an object is an `*anonymous*` row of its type, with the fields of
        // its items (or of itself) nested below it (`» id`).
        if let [first, rest @ ..] = rows {
            if first.name == "anonymous" && first.depth == 0 && rest.iter().all(|row| row.depth >= 1) {
                let mut schema = match &first.ty {
                    Some(ty) => self.type_schema(ty, &first.links, &first.origin),
                    None => json!({}),
                };
                let named = |s: &Value| s.get("$ref").is_some();
                let resolved = named(&schema) || schema.get("items").is_some_and(named);
                if !resolved && !rest.is_empty() {
                    let nested: Vec<FieldRow> =
                        rest.iter().map(|row| FieldRow { depth: row.depth - 1, ..row.clone() }).collect();
                    let fields = self.rows_schema(&nested);
                    if schema.get("type").and_then(Value::as_str) == Some("array") {
                        schema["items"] = fields;
                    } else {
                        schema = fields;
                    }
                }
                return schema;
            }
        }
        let mut root = json!({"type": "object", "properties": {}});
        // The path of the row last seen at each depth.
        let mut stack: Vec<Vec<String>> = Vec::new();
        for row in rows {
            let mut path: Vec<String> =
                if row.depth > 0 { stack.get(row.depth - 1).cloned().unwrap_or_default() } else { Vec::new() };
            path.extend(split_field_path(&row.name));
            stack.truncate(row.depth);
            stack.push(path.clone());
            let mut schema = match &row.ty {
                Some(ty) => self.type_schema(ty, &row.links, &row.origin),
                None => json!({}),
            };
            annotate(&mut schema, row);
            if let Some(map) = schema.as_object_mut() {
                map.insert("x-source".into(), x_source(&row.origin));
            }
            insert_at(&mut root, &path, schema, row.required == Some(true));
        }
        root
    }

    /// widdershins' composition: a paragraph `allOf` (`oneOf`, `anyOf`), then a table per part joined by
    /// `and` (`or`), each part an `*anonymous*` row of a named type or a table of fields.
    fn composed_model(&mut self, model: &ModelSection) -> Option<Value> {
        let page = &self.pages[model.page];
        let section = &page.sections[model.section];
        let (start, keyword) = (section.block + 1..section.end).find_map(|block| match &page.blocks[block].kind {
            BlockKind::Paragraph(node) => {
                let text = inline_text(node);
                ["allOf", "oneOf", "anyOf"].into_iter().find(|k| text.trim() == *k).map(|k| (block, k))
            }
            _ => None,
        })?;
        let mut parts = Vec::new();
        for block in start + 1..section.end {
            let BlockKind::Table(table) = &page.blocks[block].kind else { continue };
            let Table::Fields(rows) = fields::read_table(page.file, table) else { continue };
            if rows.is_empty() {
                continue;
            }
            parts.push(self.rows_schema(&rows));
        }
        (parts.len() >= 2).then(|| json!({keyword: parts, "x-source": x_source(&page.blocks[section.block].location)}))
    }

    /// A body's media type: the stated type, the documented fields merged in, and the examples filling in
    /// the rest; an example of a body nothing else describes may be recognised as a type of the pages.
    pub(super) fn body_media(&mut self, stated: Option<Value>, rows: &[FieldRow], examples: &[Value]) -> Value {
        let described = stated.is_some() || !rows.is_empty();
        let mut schema = stated.unwrap_or_else(|| json!({}));
        if !rows.is_empty() {
            let rows_schema = self.rows_schema(rows);
            merge_documented(&mut schema, rows_schema);
        }
        let recognised = if described { None } else { examples.first().and_then(|e| self.model_of_example(e)) };
        if let Some(name) = recognised {
            schema = json!({"$ref": format!("#/components/schemas/{name}")});
        } else {
            for example in examples {
                fill_from_example(&mut schema, &infer_schema(example));
            }
        }
        let mut media = json!({"schema": schema});
        if let Some(example) = examples.first() {
            media["example"] = example.clone();
        }
        media
    }

    /// What an SDK method's response type holds on the wire: a type whose one field is `result` (the
    /// wrapper a Speakeasy SDK puts around a paginated body), or whose fields are the HTTP exchange's
    /// (`contentType`, `statusCode`, `rawResponse`, as older Speakeasy SDKs return) and one more, stands for
    /// that field's type.
    pub(super) fn sdk_result(&self, schema: Value) -> Value {
        let Some(name) =
            schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
        else {
            return schema;
        };
        let Some(properties) =
            self.model_schemas.get(name).and_then(|m| m.get("properties")).and_then(Value::as_object)
        else {
            return schema;
        };
        const EXCHANGE: [&str; 4] = ["contentType", "statusCode", "rawResponse", "headers"];
        let exchange = properties.keys().filter(|k| EXCHANGE.contains(&k.as_str())).count();
        let rest: Vec<(&String, &Value)> = properties.iter().filter(|(k, _)| !EXCHANGE.contains(&k.as_str())).collect();
        let body = match rest[..] {
            [(name, body)] if exchange >= 2 || name == "result" && properties.len() == 1 => body,
            _ => return schema,
        };
        let mut body = body.clone();
        if let Some(map) = body.as_object_mut() {
            map.remove("description");
            map.remove("x-source");
        }
        body
    }

    /// The type defined on the pages that an example is a value of, when the page does not say: most of the
    /// example's keys are that type's fields, at least three in ten of its fields are in the example, and it
    /// shares more of them than any other type (at least two, or the one key of a small wrapper).
    fn model_of_example(&self, example: &Value) -> Option<String> {
        let keys: Vec<&String> = example.as_object()?.keys().collect();
        let mut best: Option<(usize, &String)> = None;
        for (name, fields) in &self.model_fields {
            let shared = keys.iter().filter(|k| fields.contains(k)).count();
            // A one-key example (`{"items": […]}`) fits a type of at most three fields that holds that key.
            let enough = shared >= 2 || shared == keys.len() && fields.len() <= 3;
            let fits = enough && shared * 2 > keys.len() && shared * 10 >= fields.len() * 3;
            if fits && best.is_none_or(|(most, _)| shared > most) {
                best = Some((shared, name));
            }
        }
        best.map(|(_, name)| name.clone())
    }

    pub(super) fn model(&mut self, model: &ModelSection) -> Value {
        let page = &self.pages[model.page];
        let section = &page.sections[model.section];
        if let Some(schema) = self.composed_model(model) {
            return schema;
        }
        for block in section.block + 1..section.end {
            if let BlockKind::Table(table) = &page.blocks[block].kind {
                match fields::read_table(page.file, table) {
                    Table::Fields(rows) if rows.iter().all(|row| row.name == "anonymous") && !rows.is_empty() => {
                        // widdershins: a schema that is not an object is one `*anonymous*` row, its values in
                        // an "Enumerated Values" table after it.
                        let row = &rows[0];
                        let mut schema = match &row.ty {
                            Some(ty) => self.type_schema(ty, &row.links, &row.origin),
                            None => json!({}),
                        };
                        for later in block + 1..section.end {
                            if let BlockKind::Table(table) = &page.blocks[later].kind {
                                if let Table::Values(values) = fields::read_table(page.file, table) {
                                    schema["enum"] = Value::Array(values);
                                    break;
                                }
                            }
                        }
                        schema["x-source"] = x_source(&page.blocks[section.block].location);
                        return schema;
                    }
                    Table::Fields(rows) if !rows.is_empty() => {
                        let mut schema = self.rows_schema(&rows);
                        schema["x-source"] = x_source(&page.blocks[section.block].location);
                        return schema;
                    }
                    Table::Values(values) => {
                        return json!({"type": "string", "enum": values, "x-source": x_source(&page.blocks[section.block].location)});
                    }
                    _ => {}
                }
            }
        }
        // An enumeration written as a union of literals (`"a" | "b"`, Speakeasy's model pages).
        for block in section.block + 1..section.end {
            if let BlockKind::Code(code) = &page.blocks[block].kind {
                if let Some(values) = literal_union(&code.value) {
                    let kind = if values.iter().all(Value::is_string) { "string" } else { "number" };
                    return json!({"type": kind, "enum": values, "x-source": x_source(&page.blocks[section.block].location)});
                }
            }
        }
        json!({"type": "object", "x-source": x_source(&page.blocks[section.block].location)})
    }
}

fn has_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}

/// Where a parameter without a stated place goes: the path when the path names it, a header when its name
/// is a header's, else the query.
fn infer_location(stated: Option<ParamIn>, row: &FieldRow, templates: &[String], _method: &str) -> ParamIn {
    if let Some(stated) = stated {
        if stated == ParamIn::Path && !templates.contains(&row.name) && !templates.is_empty() {
            return ParamIn::Query;
        }
        return stated;
    }
    if templates.contains(&row.name) {
        return ParamIn::Path;
    }
    let lower = row.name.to_ascii_lowercase();
    if lower.starts_with("x-") || lower == "authorization" || lower == "content-type" || lower == "accept" {
        return ParamIn::Header;
    }
    ParamIn::Query
}

/// An SDK's own option (retries, request options, server URL), not part of the API.
fn is_sdk_option(row: &FieldRow) -> bool {
    row.links.iter().any(|(_, target)| {
        target.contains("/utils/") || target.contains("/lib/") || target.contains("developer.mozilla.org")
    }) || matches!(
        row.name.as_str(),
        "retries" | "server_url" | "serverURL" | "options" | "fetchOptions" | "timeout_ms" | "http_headers"
    ) || matches!(&row.ty, Some(TypeExpr::Named(n)) if n == "RequestOptions")
}

/// A JSON example, read leniently; `None` when it is not JSON.
fn json_of(text: &str) -> Option<Value> {
    read_json_lenient(text).ok().map(|read| read.value.to_value())
}

fn status_key(status: &str) -> String {
    if status.eq_ignore_ascii_case("default") {
        "default".to_owned()
    } else {
        status.to_ascii_uppercase()
    }
}

fn describe_status(status: &str) -> String {
    match status.parse::<u16>() {
        Ok(code) => document::status_description(code),
        Err(_) => format!("{status} response"),
    }
}

/// An operationId from the operation's section (`template_list`, `List all templates`), else from the
/// endpoint.
pub(super) fn operation_id(page: &PageModel<'_>, scope: &Scope) -> String {
    if let Some(id) = &scope.operation_id {
        return id.clone();
    }
    let heading = scope.section.map(|s| page.heading(s).trim_matches(['*', '`']).to_owned()).unwrap_or_default();
    let from_heading = !heading.is_empty() && declare::endpoint_in(&heading, true).is_none() && heading.len() <= 60;
    let raw = if from_heading { heading } else { format!("{} {}", scope.method.to_ascii_lowercase(), scope.path) };
    document::operation_id(&raw)
}
