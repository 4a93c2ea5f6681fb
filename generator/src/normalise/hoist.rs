//! Hoisting: the kept operations walked, every nameable inline schema named and moved to
//! `components.schemas`, identical ones merged into one component.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, MediaType, Operation, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind,
    StatusCode, Type,
};

use crate::diagnostic::Location;
use crate::endpoint::Endpoint;
use crate::naming;
use crate::oas::SCHEMA_PREFIX;
use crate::oas::{enum_of_one_kind, null_union_member, parameter_data_mut, single_reference, status_sort_key};
use crate::source_map::{escape, push_escaped};

use super::references::{resolve, Unresolved};
use super::{step, Hoister};

impl Hoister<'_> {
    /// Normalises one kept operation; `origins` holds the JSON pointer each of its parameters comes from.
    pub(super) fn operation(&mut self, mut operation: Operation, endpoint: &Endpoint, origins: &[String]) -> Operation {
        self.context = format!("`{endpoint}`");
        let at = format!("/paths/{}/{}", escape(&endpoint.path), endpoint.method.lower());
        let op_name = operation.operation_id.clone().unwrap_or_default();
        let mut parameters = Vec::new();
        let fallback = format!("{at}/parameters");
        for (index, parameter) in std::mem::take(&mut operation.parameters).into_iter().enumerate() {
            let origin = origins.get(index).unwrap_or(&fallback);
            let Some(mut parameter) = self.resolve_parameter(parameter, origin) else { continue };
            let data = parameter_data_mut(&mut parameter);
            let hint = format!("{op_name} {}", data.name);
            self.parameter_format(&mut data.format, &hint, origin);
            parameters.push(ReferenceOr::Item(parameter));
        }
        operation.parameters = parameters;

        if let Some(body) = operation.request_body.take() {
            if let Some(mut body) = self.resolve_request_body(body, &format!("{at}/requestBody")) {
                let hint = format!("{op_name} Request Body");
                self.content(&mut body.content, &hint, &format!("{at}/requestBody/content"));
                operation.request_body = Some(ReferenceOr::Item(body));
            }
        }

        let hints = response_body_hints(&operation, &op_name);
        let hint_of = |status: Option<&StatusCode>| {
            hints.iter().find(|(s, _)| s.as_ref() == status).map(|(_, h)| h.clone()).unwrap_or_default()
        };
        let mut responses = std::mem::take(&mut operation.responses);
        if let Some(default) = responses.default.take() {
            let hint = hint_of(None);
            let pointer = format!("{at}/responses/default");
            responses.default = self.response(default, &op_name, None, &hint, &pointer).map(ReferenceOr::Item);
        }
        let statuses: Vec<StatusCode> = responses.responses.keys().cloned().collect();
        for status in statuses {
            if let Some(response) = responses.responses.shift_remove(&status) {
                let hint = hint_of(Some(&status));
                let pointer = format!("{at}/responses/{status}");
                if let Some(response) = self.response(response, &op_name, Some(&status), &hint, &pointer) {
                    responses.responses.insert(status, ReferenceOr::Item(response));
                }
            }
        }
        responses.responses.sort_by(|a, _, b, _| status_sort_key(a).cmp(&status_sort_key(b)));
        operation.responses = responses;
        if !operation.callbacks.is_empty() {
            let location = Location::new(self.file.path.clone(), 1, 1);
            self.diags.warning_at(&location, format!("{}: callbacks are not generated", self.context));
            operation.callbacks.clear();
        }
        self.copy_pending();
        operation
    }

    fn response(
        &mut self,
        response: ReferenceOr<Response>,
        op_name: &str,
        status: Option<&StatusCode>,
        hint: &str,
        at: &str,
    ) -> Option<Response> {
        let mut response = self.resolve_response(response, at)?;
        let word = status_word(status);
        self.content(&mut response.content, hint, &format!("{at}/content"));
        let mut headers = IndexMap::new();
        for (name, header) in std::mem::take(&mut response.headers) {
            let header = match header {
                ReferenceOr::Item(header) => Some(header),
                ReferenceOr::Reference { reference } => {
                    let pointer = format!("{at}/headers/{}", escape(&name));
                    let item = ReferenceOr::Reference { reference: reference.clone() };
                    match resolve(item, "#/components/headers/", &self.source.headers) {
                        Ok(header) => Some(header),
                        Err(Unresolved::Dangling(missing)) => {
                            self.dangling(&pointer, &reference, "header", &missing, "the header is left out");
                            None
                        }
                        Err(Unresolved::Unsupported) => {
                            self.error(&pointer, format!("unknown header reference `{reference}`"));
                            None
                        }
                    }
                }
            };
            if let Some(mut header) = header {
                let hint = format!("{op_name} {word} {name} Header");
                self.parameter_format(&mut header.format, &hint, &format!("{at}/headers/{}", escape(&name)));
                headers.insert(name, ReferenceOr::Item(header));
            }
        }
        response.headers = headers;
        response.links.clear();
        Some(response)
    }

    fn content(&mut self, content: &mut IndexMap<String, MediaType>, hint: &str, at: &str) {
        for (content_type, media) in content.iter_mut() {
            if let Some(schema) = media.schema.as_mut() {
                self.start(hint, at);
                self.at.push('/');
                push_escaped(&mut self.at, content_type);
                self.at.push_str("/schema");
                self.schema(schema);
            }
        }
    }

    /// The schema or content of a parameter or header (the object at `at`).
    fn parameter_format(&mut self, format: &mut ParameterSchemaOrContent, hint: &str, at: &str) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.start(hint, &format!("{at}/schema"));
                self.schema(schema);
            }
            ParameterSchemaOrContent::Content(content) => self.content(content, hint, &format!("{at}/content")),
        }
    }

    /// Starts a walk at the schema at `at`, named from `hint` if it is hoisted.
    fn start(&mut self, hint: &str, at: &str) {
        self.hint.clear();
        self.hint.push_str(hint);
        self.at.clear();
        self.at.push_str(at);
    }

    /// Goes down to a child of the schema being walked: `at` gains `/{step}` followed by `token` escaped,
    /// the hint gains ` {words}`. Returns the mark [`Hoister::up`] goes back to.
    fn down(&mut self, step: &str, token: Option<&str>, words: Option<&dyn std::fmt::Display>) -> (usize, usize) {
        let mark = (self.at.len(), self.hint.len());
        self.at.push('/');
        self.at.push_str(step);
        if let Some(token) = token {
            self.at.push('/');
            push_escaped(&mut self.at, token);
        }
        if let Some(words) = words {
            use std::fmt::Write as _;
            let _ = write!(self.hint, " {words}");
        }
        mark
    }

    fn up(&mut self, (at, hint): (usize, usize)) {
        self.at.truncate(at);
        self.hint.truncate(hint);
    }

    /// Normalises the schema position at [`Hoister::at`], in place: a reference is followed (its component
    /// copied); an inline schema has its children normalised and, if nameable, becomes a component and a
    /// reference to it.
    fn schema(&mut self, slot: &mut ReferenceOr<Schema>) {
        match slot {
            ReferenceOr::Reference { .. } => self.follow(slot),
            ReferenceOr::Item(schema) => {
                self.check_keywords(schema);
                self.children(schema);
                if let Some((reference, new)) = self.hoisted(schema) {
                    let ReferenceOr::Item(schema) = std::mem::replace(slot, ReferenceOr::Reference { reference })
                    else {
                        unreachable!("the slot held an item a moment ago")
                    };
                    if let Some(name) = new {
                        self.schemas.insert(name, ReferenceOr::Item(Box::new(schema)));
                    }
                }
            }
        }
    }

    /// A `$ref` position ([`Hoister::reference`]); "any schema" after an error or for a reference to a
    /// schema the document does not define.
    fn follow(&mut self, slot: &mut ReferenceOr<Schema>) {
        let ReferenceOr::Reference { reference } = slot else { return };
        *slot = match self.reference(std::mem::take(reference)) {
            Ok(reference) => ReferenceOr::Reference { reference },
            Err(schema) => ReferenceOr::Item(*schema),
        };
    }

    /// [`Hoister::schema`] for a boxed position (a property, items): a hoisted schema's box moves as it is.
    fn boxed(&mut self, slot: &mut ReferenceOr<Box<Schema>>) {
        match slot {
            ReferenceOr::Reference { reference } => {
                *slot = match self.reference(std::mem::take(reference)) {
                    Ok(reference) => ReferenceOr::Reference { reference },
                    Err(schema) => ReferenceOr::Item(schema),
                };
            }
            ReferenceOr::Item(schema) => {
                self.check_keywords(schema);
                self.children(schema);
                if let Some((reference, new)) = self.hoisted(schema) {
                    let hoisted = std::mem::replace(slot, ReferenceOr::Reference { reference });
                    if let Some(name) = new {
                        self.schemas.insert(name, hoisted);
                    }
                }
            }
        }
    }

    /// For a walked inline schema that is nameable: the reference that takes its place, and its new
    /// component's name unless an identical schema was hoisted before (that one is referred to instead).
    fn hoisted(&mut self, schema: &Schema) -> Option<(String, Option<String>)> {
        if !is_nameable(schema) {
            return None;
        }
        let key = canonical(schema);
        if let Some(name) = self.by_canonical.get(&key) {
            return Some((format!("{SCHEMA_PREFIX}{name}"), None));
        }
        let wanted = match schema.schema_data.title.as_deref().map(naming::type_name) {
            Some(title) if !title.is_empty() => title,
            _ => naming::type_name(&self.hint),
        };
        let name = self.taken.claim(wanted);
        self.by_canonical.insert(key, name.clone());
        Some((format!("{SCHEMA_PREFIX}{name}"), Some(name)))
    }

    /// The checks of an inline schema's own keywords: its `type` and its discriminator's mapping.
    fn check_keywords(&mut self, schema: &Schema) {
        self.check_type_keyword(schema);
        self.check_mapping(schema);
    }

    /// openapiv3 reads a schema with an unknown `type` as "any schema": say so rather than widen silently.
    fn check_type_keyword(&mut self, schema: &Schema) {
        if let SchemaKind::Any(any) = &schema.schema_kind {
            if let Some(kind) = any.typ.as_deref() {
                if !["string", "number", "integer", "boolean", "array", "object", "null"].contains(&kind) {
                    let location = self.source_map.locate(&format!("{}/type", self.at));
                    let message =
                        format!("{}: unknown schema type `{kind}`; the value is read as any JSON value", self.context);
                    self.diags.warning_at(&location, message);
                }
            }
        }
    }

    /// A discriminator's mapping that names a schema the document does not define is reported: lower cannot
    /// use that entry (a union's member is then told by its own name; a base schema stays a struct).
    pub(super) fn check_mapping(&mut self, schema: &Schema) {
        let Some(discriminator) = &schema.schema_data.discriminator else { return };
        for (value, target) in &discriminator.mapping {
            let name = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target);
            if self.source.schemas.contains_key(name) || self.schemas.contains_key(name) {
                continue;
            }
            let mut pointer = format!("{}/discriminator/mapping/", self.at);
            push_escaped(&mut pointer, value);
            let location = self.source_map.locate(&pointer);
            let message = format!("at `{pointer}`: the discriminator maps `{value}` to `{target}`, which this document does not define; the mapping entry cannot be used");
            self.diags.warning_at(&location, message);
        }
    }

    pub(super) fn children(&mut self, schema: &mut Schema) {
        step();
        // The one real member of `anyOf: [X, null]` is the schema itself, so it takes the schema's name.
        let nullable = null_union_member(schema).is_some();
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.properties(&mut object.properties);
                self.additional(&mut object.additional_properties);
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = array.items.as_mut() {
                    let mark = self.down("items", None, Some(&"Item"));
                    self.boxed(items);
                    self.up(mark);
                }
            }
            SchemaKind::OneOf { one_of: list } => self.members(list, "oneOf", nullable),
            SchemaKind::AnyOf { any_of: list } => self.members(list, "anyOf", nullable),
            SchemaKind::AllOf { all_of } => self.parts(all_of),
            SchemaKind::Not { not } => {
                let mark = self.down("not", None, Some(&"Not"));
                self.schema(not);
                self.up(mark);
            }
            SchemaKind::Any(any) => {
                self.properties(&mut any.properties);
                self.additional(&mut any.additional_properties);
                if let Some(items) = any.items.as_mut() {
                    let mark = self.down("items", None, Some(&"Item"));
                    self.boxed(items);
                    self.up(mark);
                }
                self.members(&mut any.one_of, "oneOf", nullable);
                self.members(&mut any.any_of, "anyOf", nullable);
                self.parts(&mut any.all_of);
            }
            SchemaKind::Type(_) => {}
        }
    }

    fn properties(&mut self, properties: &mut IndexMap<String, ReferenceOr<Box<Schema>>>) {
        for (name, property) in properties.iter_mut() {
            let mark = self.down("properties", Some(name), Some(name));
            self.boxed(property);
            self.up(mark);
        }
    }

    /// The parts of an `allOf` stay inline: lower merges them into the one type the `allOf` is, so a part
    /// is no type of its own (its properties' schemas are named after the merged type).
    fn parts(&mut self, parts: &mut [ReferenceOr<Schema>]) {
        for (index, part) in parts.iter_mut().enumerate() {
            let mark = self.down("allOf", Some(&index.to_string()), None);
            match part {
                ReferenceOr::Reference { .. } => self.follow(part),
                ReferenceOr::Item(schema) => {
                    self.check_keywords(schema);
                    self.children(schema);
                }
            }
            self.up(mark);
        }
    }

    /// The members of a `oneOf`/`anyOf` (`keyword`), each named `{hint} Variant {n}`, or after the union
    /// itself when it is `nullable` (its one other member is the schema).
    fn members(&mut self, list: &mut [ReferenceOr<Schema>], keyword: &str, nullable: bool) {
        for (index, member) in list.iter_mut().enumerate() {
            let words = format!("Variant {}", index + 1);
            let words: Option<&dyn std::fmt::Display> = if nullable { None } else { Some(&words) };
            let mark = self.down(keyword, Some(&index.to_string()), words);
            self.schema(member);
            self.up(mark);
        }
    }

    fn additional(&mut self, additional: &mut Option<AdditionalProperties>) {
        if let Some(AdditionalProperties::Schema(value)) = additional {
            let mark = self.down("additionalProperties", None, Some(&"Value"));
            self.schema(value);
            self.up(mark);
        }
    }
}

/// Names for the inline body schemas of an operation's responses, by status (`None` is `default`): when
/// every status has the same schema it is `{op} Response`; a schema several error statuses share is
/// `{op} Error Response`; any other is `{op} {status word} Response`.
fn response_body_hints(operation: &Operation, op_name: &str) -> Vec<(Option<StatusCode>, String)> {
    let inline_schema = |response: &ReferenceOr<Response>| -> Option<String> {
        let response = response.as_item()?;
        response.content.values().find_map(|media| match &media.schema {
            Some(ReferenceOr::Item(schema)) => Some(canonical(schema)),
            _ => None,
        })
    };
    let mut entries: Vec<(Option<StatusCode>, Option<String>)> = Vec::new();
    if let Some(default) = &operation.responses.default {
        entries.push((None, inline_schema(default)));
    }
    for (status, response) in &operation.responses.responses {
        entries.push((Some(status.clone()), inline_schema(response)));
    }
    let distinct: BTreeSet<&String> = entries.iter().filter_map(|(_, c)| c.as_ref()).collect();
    let is_error = |status: &Option<StatusCode>| match status {
        None => true,
        Some(StatusCode::Code(code)) => *code >= 400,
        Some(StatusCode::Range(range)) => *range >= 4,
    };
    entries
        .iter()
        .map(|(status, key)| {
            let sharers: Vec<&Option<StatusCode>> =
                entries.iter().filter(|(_, other)| other.is_some() && other == key).map(|(s, _)| s).collect();
            let hint = if distinct.len() <= 1 {
                format!("{op_name} Response")
            } else if sharers.len() > 1 && sharers.iter().all(|s| is_error(s)) {
                format!("{op_name} Error Response")
            } else {
                format!("{op_name} {} Response", status_word(status.as_ref()))
            };
            (status.clone(), hint)
        })
        .collect()
}

/// The name of a response's status as a word, used for names (`200` → `Ok`, `4XX` → `ClientError`).
fn status_word(status: Option<&StatusCode>) -> String {
    match status {
        None => "Default".to_owned(),
        Some(StatusCode::Code(code)) => naming::status_variant_name(*code),
        Some(StatusCode::Range(range)) => naming::status_range_variant_name(*range),
    }
}

/// Whether a schema becomes a named Rust type (and so a component) rather than staying inline.
fn is_nameable(schema: &Schema) -> bool {
    if single_reference(schema).is_some() || null_union_member(schema).is_some() {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.iter().any(Option::is_some),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
                || !any.all_of.is_empty()
                || enum_of_one_kind(any)
        }
        _ => false,
    }
}

/// The text two schemas share when they are the same schema: JSON without `x-source` origins. Written
/// straight to text (the same text, key order kept) unless there is an origin to take out.
fn canonical(schema: &Schema) -> String {
    if let Ok(text) = serde_json::to_string(schema) {
        if !text.contains("\"x-source\"") {
            return text;
        }
    }
    let mut value = serde_json::to_value(schema).unwrap_or(serde_json::Value::Null);
    strip_origins(&mut value);
    value.to_string()
}

fn strip_origins(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.shift_remove("x-source");
            map.values_mut().for_each(strip_origins);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_origins),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oas::{is_nullable, single_reference};

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn null_members_make_a_union_nullable() {
        let one = schema("anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]");
        let (keyword, index, member) = null_union_member(&one).expect("X or null");
        assert_eq!((keyword, index), ("anyOf", 0));
        assert!(matches!(member, ReferenceOr::Reference { .. }));
        assert!(is_nullable(&one));
        assert!(!is_nameable(&one), "X or null is X, not a new type");

        let first = schema("oneOf: [{enum: [null]}, {type: string}]");
        assert_eq!(null_union_member(&first).map(|(k, i, _)| (k, i)), Some(("oneOf", 1)));

        let two = schema("oneOf: [{type: string}, {type: integer}, {type: 'null'}]");
        assert!(null_union_member(&two).is_none());
        assert!(is_nullable(&two));
        assert!(is_nameable(&two));

        let plain = schema("oneOf: [{type: string}, {type: integer}]");
        assert!(!is_nullable(&plain));
        assert!(null_union_member(&schema("anyOf: [{type: 'null'}]")).is_none());
    }

    #[test]
    fn a_reference_with_annotations_is_that_reference() {
        let alone = schema("allOf: [{$ref: '#/components/schemas/T'}]");
        assert_eq!(single_reference(&alone), Some("#/components/schemas/T"));
        let described = schema("allOf: [{$ref: '#/components/schemas/T'}, {description: When, nullable: true}]");
        assert_eq!(single_reference(&described), Some("#/components/schemas/T"));
        assert!(is_nullable(&described));
        assert!(!is_nameable(&described));
        let merged = schema("allOf: [{$ref: '#/components/schemas/T'}, {properties: {a: {type: string}}}]");
        assert_eq!(single_reference(&merged), None);
        let two = schema("allOf: [{$ref: '#/components/schemas/T'}, {$ref: '#/components/schemas/U'}]");
        assert_eq!(single_reference(&two), None);
    }

    #[test]
    fn enums_of_one_kind_are_named() {
        assert!(is_nameable(&schema("type: integer\nenum: [1, 2]")));
        assert!(is_nameable(&schema("enum: [a, b]")));
        assert!(is_nameable(&schema("enum: [1, 2]")));
        assert!(!is_nameable(&schema("enum: [a, 1]")), "mixed values are no Rust enum");
        assert!(!is_nameable(&schema("type: number\nenum: [0.5]")));
        assert!(!is_nameable(&schema("type: integer")));
    }
}
