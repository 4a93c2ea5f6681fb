//! The tables of a reference page: parameter, property, enum and response tables read into fields in any
//! column order, with their type cells, required cells, dotted names and `_Marker:_` values.

use markdown::mdast::Node;
use serde_json::Value;

use super::forms::{parse_status, path_parameters};
use super::inline::{collapse_whitespace, field_name, render_inline};
use super::model::{Body, DefShape, Field, Markers, ParamLocation, Section, Shape, StatusSection, TypeDef};
use super::sections::Reader;
use super::type_cells::{parse_type, TypeExpr};
use crate::derive::page::markdown_tree::{plain_text, walk};
use crate::diagnostic::Location;
impl Reader<'_> {
    pub(super) fn on_table(&mut self, node: &Node) {
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
