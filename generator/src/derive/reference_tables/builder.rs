//! The second pass: the model turned into an OpenAPI document; named types chosen and made components, and
//! fields, type expressions and markers made schemas.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToLowerCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Components, Info, IntegerType, NumberType, ObjectType,
    OpenAPI, Operation, PathItem, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
};
use serde_json::Value;

use super::model::{DefShape, Field, Markers, Model, Shape, TypeDef};
use super::schema::{
    box_schema, coerce_value, definition_signature, enum_schema, format_of, free_form_object, innermost_items,
    innermost_open_object, known_or_unknown, make_nullable, marker_enum_values, sanitize_component, short_name,
    string_kind, value_text,
};
use super::type_cells::{core_type, TypeExpr};
use crate::diagnostic::{Diagnostics, Location, SourceFile};
pub(super) struct Builder<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) model: &'a Model,
    pub(super) diags: &'a mut Diagnostics,
    /// Page type name → component name (`OpenAI.Error` → `Error`).
    pub(super) component_names: BTreeMap<String, String>,
    /// Named types the page defines, by page name: the chosen definition.
    pub(super) definitions: BTreeMap<String, &'a TypeDef>,
    /// Named types used with `_Enum:_`/`_Constant:_` markers but not defined: their values.
    pub(super) marker_enums: BTreeMap<String, Vec<Value>>,
}

pub(super) fn build(file: &SourceFile, model: &Model, diags: &mut Diagnostics) -> Option<OpenAPI> {
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
            format!("{} {}", endpoint.method, endpoint.path)
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
    *crate::oas::operation_slot(&mut item, endpoint.method) = Some(operation);
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
    pub(super) fn source(&self, location: &Location) -> Value {
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
    pub(super) fn object_schema(&mut self, table: usize, depth: usize) -> Schema {
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
    pub(super) fn field_schema(&mut self, field: &Field, purpose: Purpose, depth: usize) -> ReferenceOr<Schema> {
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

    pub(super) fn expr_schema(&mut self, expr: &TypeExpr, markers: &Markers) -> ReferenceOr<Schema> {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    /// A parameter or header: the description and origin live on the parameter, not its schema.
    Parameter,
    Property,
}
