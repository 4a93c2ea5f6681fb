//! Lower: the normalised OpenAPI document → the IR of one spec.
//!
//! Names come from [`crate::naming`] only. Operation-derived names (`<Op>Request`, `<Op>Response`, the
//! trait) are claimed first, so a schema that happens to have one of those names gives way (`…Body`).
//!
//! Schemas become Rust by what they allow, decided once every type is known (`finish_types`): a union is
//! internally tagged, adjacently tagged or untagged (most specific variant first); `allOf` is one merged
//! struct; `anyOf: [X, null]` is an optional X; integer enums are enums; a default Rust can write fills an
//! absent property; `readOnly`/`writeOnly` make a property optional in the direction it is absent from.
//! What cannot be represented degrades to a wider type with a located warning.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, Operation as OaOperation, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Response, Schema, SchemaKind, SecurityScheme, StatusCode, Type,
};

use crate::derive::source_map::{escape, SourceMap};
use crate::diagnostic::{Diagnostics, SourceFile};
use crate::formats;
use crate::ir::*;
use crate::naming::{self, Scope};
use crate::oas::{self, SCHEMA_PREFIX};

pub mod pagination;
pub mod sample;

/// What the lowering needs to know about the spec besides its document.
pub struct SpecInfo<'a> {
    pub module: &'a str,
    pub title: &'a str,
    pub file: &'a SourceFile,
    /// The inputs as given, named in the generated files (one path, or several, or patterns).
    pub source: &'a str,
    /// Places of the input document's nodes. Operation pointers are the same in the normalised document;
    /// a hoisted schema has a new name, so its problems are placed at its nearest ancestor that has a place.
    pub source_map: &'a SourceMap,
}

/// Lowers a normalised document. Unsupported constructs degrade to a documented fallback type with a
/// warning; nothing here fails.
pub fn lower(api: &OpenAPI, spec: &SpecInfo<'_>, diags: &mut Diagnostics) -> Api {
    if !crate::second_core() {
        return lower_with(api, spec, diags, None);
    }
    lower_sampling_elsewhere(api, spec, diags)
}

/// [`lower`] with the samples built on a thread of their own.
fn lower_sampling_elsewhere(api: &OpenAPI, spec: &SpecInfo<'_>, diags: &mut Diagnostics) -> Api {
    std::thread::scope(|scope| {
        let (sender, jobs) = std::sync::mpsc::channel::<SampleJob<'_>>();
        let worker = std::thread::Builder::new()
            .name("samples".to_owned())
            .spawn_scoped(scope, move || jobs.into_iter().map(|job| job.run(api)).collect::<Vec<_>>());
        match worker {
            Ok(worker) => lower_with(api, spec, diags, Some((sender, worker))),
            Err(_) => lower_with(api, spec, diags, None),
        }
    })
}

/// The thread that builds sample values ([`SampleJob`]) while lowering goes on, and the way to it.
type SampleWorker<'a, 'scope> =
    (std::sync::mpsc::Sender<SampleJob<'a>>, std::thread::ScopedJoinHandle<'scope, Vec<(SampleSlot, Sampled)>>);

/// A value built from a schema ([`sample::sample`]) because the document gives no valid example: a third of
/// lowering on documents with many responses, and needed only in the finished IR, so it is built on
/// another thread (where there is one) and put in its place at the end.
struct SampleJob<'a> {
    schema: &'a ReferenceOr<Schema>,
    direction: sample::Direction,
    slot: SampleSlot,
}

/// Where a sample goes: an operation's (by index) mock body of a response case, or its request example.
#[derive(Debug, Clone, Copy)]
enum SampleSlot {
    Mock { operation: usize, case: usize },
    RequestExample { operation: usize },
}

enum Sampled {
    /// A mock body, as the IR keeps it (pretty JSON text).
    Text(String),
    Value(serde_json::Value),
}

impl SampleJob<'_> {
    fn run(self, api: &OpenAPI) -> (SampleSlot, Sampled) {
        let value = sample::sample(api, self.schema, self.direction);
        let sampled = match self.slot {
            SampleSlot::Mock { .. } => Sampled::Text(mock_text(&value)),
            SampleSlot::RequestExample { .. } => Sampled::Value(value),
        };
        (self.slot, sampled)
    }
}

fn mock_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned())
}

fn lower_with<'a>(
    api: &'a OpenAPI,
    spec: &'a SpecInfo<'a>,
    diags: &mut Diagnostics,
    worker: Option<SampleWorker<'a, '_>>,
) -> Api {
    let (sender, worker) = worker.unzip();
    let mut lowerer = Lowerer::new(api, spec, diags, sender);
    let trait_name = lowerer.module_scope.claim(format!("{}Api", naming::type_name(spec.module)));
    for reserved in ["router", "runtime", "server"] {
        lowerer.module_scope.try_claim(reserved);
    }
    let planned = lowerer.plan_operations();
    lowerer.name_components();
    let operations: Vec<Operation> = planned
        .into_iter()
        .enumerate()
        .map(|(index, (path, method, op, names))| {
            lowerer.operation_index = index;
            lowerer.operation(&path, &method, op, names)
        })
        .collect();
    lowerer.samples = None;
    let mut types: Vec<TypeDef> = lowerer.components();
    for (pointer, message) in crate::passes::run(&mut types, &operations, &mut lowerer.module_scope) {
        lowerer.warn(&pointer, message);
    }
    let mut operations = operations;
    lowerer.deep_objects(&mut operations, &types);
    for op in &mut operations {
        lowerer.pagination(op, &types);
    }
    let credential_setters = client_names(&mut operations);
    if let Some(worker) = worker {
        // A sampler that panicked is a bug; its panic is passed on as if it had happened here.
        let samples = worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        for (slot, sampled) in samples {
            place_sample(&mut operations, slot, sampled);
        }
    }
    Api {
        module: spec.module.to_owned(),
        title: spec.title.to_owned(),
        source: spec.source.to_owned(),
        description: api.info.description.clone().filter(|d| !d.trim().is_empty()),
        trait_name,
        types,
        operations,
        credential_setters,
    }
}

/// `ty`, or `Option` of it when the value may be `null` (not for any JSON value, which holds `null` itself).
fn may_be_null(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Primitive(Primitive::Json) | TypeRef::Option(_) => ty,
        ty if nullable => TypeRef::Option(Box::new(ty)),
        ty => ty,
    }
}

/// `ty` with its items' and values' `Option`s taken off (for parameters and headers, which are text).
fn without_null(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => without_null(*inner),
        TypeRef::Vec(item) => TypeRef::Vec(Box::new(without_null(*item))),
        TypeRef::Map(value) => TypeRef::Map(Box::new(without_null(*value))),
        ty => ty,
    }
}

fn place_sample(operations: &mut [Operation], slot: SampleSlot, sampled: Sampled) {
    match (slot, sampled) {
        (SampleSlot::Mock { operation, case }, Sampled::Text(text)) => {
            if let Some(case) = operations.get_mut(operation).and_then(|op| op.responses.get_mut(case)) {
                case.mock = Some(text);
            }
        }
        (SampleSlot::RequestExample { operation }, Sampled::Value(value)) => {
            if let Some(body) = operations.get_mut(operation).and_then(|op| op.body.as_mut()) {
                body.example = Some(value);
            }
        }
        _ => unreachable!("a mock is text and a request example a value (SampleJob::run)"),
    }
}

/// The client's method names: its own API first, then one method per operation (and a stream per paginated
/// one), then a credential setter per security scheme.
fn client_names(operations: &mut [Operation]) -> Vec<CredentialSetter> {
    let mut scope = Scope::new();
    for own in ["new", "with_http", "with_header", "with_timeout", "base_url"] {
        scope.try_claim(own);
    }
    for op in operations.iter_mut() {
        op.client_fn = scope.claim(op.fn_name.clone());
    }
    for op in operations.iter_mut() {
        let stem = op.fn_name.trim_start_matches("r#").to_owned();
        if let Some(pagination) = &mut op.pagination {
            pagination.stream_fn = scope.claim(format!("{stem}_stream"));
        }
    }
    let mut setters: Vec<CredentialSetter> = Vec::new();
    for credential in operations.iter().flat_map(|op| &op.credentials) {
        if setters.iter().all(|s| s.scheme != credential.scheme) {
            let setter = scope.claim(naming::value_name(&format!("with {}", credential.scheme)));
            setters.push(CredentialSetter { scheme: credential.scheme.clone(), setter });
        }
    }
    setters
}

struct OperationNames {
    fn_name: String,
    request_type: String,
    response_type: String,
}

struct Lowerer<'a, 'd> {
    api: &'a OpenAPI,
    spec: &'a SpecInfo<'a>,
    diags: &'d mut Diagnostics,
    module_scope: Scope,
    method_scope: Scope,
    /// components.schemas key → Rust type name.
    names: BTreeMap<String, String>,
    /// Where values built from schemas are sent to be built on another thread; `None`: built here.
    samples: Option<std::sync::mpsc::Sender<SampleJob<'a>>>,
    /// The index of the operation being lowered, for [`SampleSlot`]s.
    operation_index: usize,
    /// How many more properties `allOf` merging may copy into the structs it makes ([`MERGED_PROPERTIES`]).
    merge_budget: usize,
}

impl<'a, 'd> Lowerer<'a, 'd> {
    fn new(
        api: &'a OpenAPI,
        spec: &'a SpecInfo<'a>,
        diags: &'d mut Diagnostics,
        samples: Option<std::sync::mpsc::Sender<SampleJob<'a>>>,
    ) -> Self {
        Lowerer {
            api,
            spec,
            diags,
            module_scope: Scope::new(),
            method_scope: Scope::new(),
            names: BTreeMap::new(),
            samples,
            operation_index: 0,
            merge_budget: MERGED_PROPERTIES,
        }
    }

    fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        self.api.components.iter().flat_map(|c| c.schemas.iter())
    }

    fn plan_operations(&mut self) -> Vec<(String, String, &'a OaOperation, OperationNames)> {
        let mut planned = Vec::new();
        for (path, item) in self.api.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, operation) in item.iter() {
                let id = operation.operation_id.clone().unwrap_or_else(|| oas::fallback_operation_id(method, path));
                let fn_name = self.method_scope.claim(naming::value_name(&id));
                let prefix = naming::type_name(&id);
                let request_type = self.module_scope.claim(format!("{prefix}Request"));
                let response_type = self.module_scope.claim(format!("{prefix}Response"));
                planned.push((
                    path.clone(),
                    method.to_ascii_uppercase(),
                    operation,
                    OperationNames { fn_name, request_type, response_type },
                ));
            }
        }
        planned
    }

    fn name_components(&mut self) {
        let keys: Vec<&'a str> = self.schemas().map(|(k, _)| k.as_str()).collect();
        let names = naming::schema_type_names(&mut self.module_scope, &keys);
        for (key, name) in keys.iter().zip(names) {
            self.names.insert((*key).to_owned(), name);
        }
        // Pure aliases (`A: {$ref: B}`) use their target's name.
        let aliases: Vec<(String, String)> = self
            .schemas()
            .filter_map(|(key, schema)| match schema {
                ReferenceOr::Reference { reference } => Some((key.clone(), reference.clone())),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        for (key, reference) in aliases {
            if let Some(target) = self.resolve_alias(&reference) {
                if let Some(name) = self.names.get(&target).cloned() {
                    self.names.insert(key, name);
                }
            }
        }
    }

    fn resolve_alias(&self, reference: &str) -> Option<String> {
        let mut current = reference.strip_prefix(SCHEMA_PREFIX)?.to_owned();
        for _ in 0..32 {
            match self.api.components.as_ref()?.schemas.get(&current)? {
                ReferenceOr::Item(_) => return Some(current),
                ReferenceOr::Reference { reference } => current = reference.strip_prefix(SCHEMA_PREFIX)?.to_owned(),
            }
        }
        None
    }

    /// The schema a `#/components/schemas/…` reference ends at, through aliases.
    fn component(&self, reference: &str) -> Option<&'a Schema> {
        let key = self.resolve_alias(reference)?;
        self.api.components.as_ref()?.schemas.get(&key)?.as_item()
    }

    fn origin(&self, pointer: String, extensions: Option<&indexmap::IndexMap<String, serde_json::Value>>) -> Origin {
        let source_line =
            extensions.and_then(|e| e.get("x-source")).and_then(|v| v.as_str()).and_then(|s| s.rsplit_once(':'));
        // `x-source` names the page a node came from: a spec read from several pages has several.
        let file = source_line.map_or_else(|| self.spec.file.path.clone(), |(file, _)| file.to_owned());
        let source_line = source_line.and_then(|(_, line)| line.parse().ok());
        Origin { file, pointer, source_line }
    }

    /// Reads the operation's `x-pagination` (written by [`crate::normalise::pagination::describe`]) against the types.
    fn pagination(&mut self, op: &mut Operation, types: &[TypeDef]) {
        let value = self
            .api
            .paths
            .paths
            .get(&op.path)
            .and_then(ReferenceOr::as_item)
            .and_then(|item| item.iter().find(|(method, _)| method.eq_ignore_ascii_case(&op.method)))
            .and_then(|(_, oa)| oa.extensions.get(oas::PAGINATION_EXTENSION));
        let Some(value) = value else { return };
        match pagination::resolve_ir(op, value, types) {
            Ok(pagination) => op.pagination = pagination,
            Err(message) => {
                let pointer = format!("{}/{}", op.origin.pointer, oas::PAGINATION_EXTENSION);
                self.warn(&pointer, format!("{message}; the client gets no paging method for this operation"));
            }
        }
    }

    fn warn(&mut self, pointer: &str, message: String) {
        let location = self.spec.source_map.locate(pointer);
        self.diags.warning_at(&location, format!("at `{pointer}`: {message}"));
    }

    fn components(&mut self) -> Vec<TypeDef> {
        let mut types = Vec::new();
        let entries: Vec<(&'a String, &'a ReferenceOr<Schema>)> = self.schemas().collect();
        for (key, schema) in entries {
            let ReferenceOr::Item(schema) = schema else { continue };
            let Some(name) = self.names.get(key).cloned() else { continue };
            let pointer = format!("/components/schemas/{}", escape(key));
            let origin = self.origin(pointer.clone(), Some(&schema.schema_data.extensions));
            let kind = match self.subtypes(key, schema) {
                Some(members) => self.union(schema, &members, "discriminator/mapping", &pointer),
                None => self.type_kind(schema, &name, &pointer),
            };
            let deprecated =
                schema.schema_data.deprecated.then_some("Deprecated: the document marks this schema deprecated.");
            let description = annotations(schema).iter().find_map(|d| d.description.clone());
            let doc = paragraphs([description.as_deref(), deprecated]);
            types.push(TypeDef { name, schema_name: key.clone(), doc, origin, kind });
        }
        types
    }

    /// The subtypes a base schema's discriminator maps to, as references, when the schema is the base of the
    /// polymorphism pattern: an object (not a `oneOf`/`anyOf`) whose `discriminator.mapping` names
    /// components that each extend it (`Dog: allOf: [$ref: Pet, …]`). A value of the base is then one of them,
    /// told apart by the tag: the base becomes a tagged union of its subtypes, not a struct of its own
    /// properties (which would drop the subtype's). A mapping entry naming the base itself is left out; a
    /// mapping that names anything else keeps the struct.
    fn subtypes(&self, key: &str, schema: &Schema) -> Option<Vec<ReferenceOr<Schema>>> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        if oas::union_members(schema).is_some() || discriminator.mapping.is_empty() {
            return None;
        }
        let mut members: Vec<ReferenceOr<Schema>> = Vec::new();
        for target in discriminator.mapping.values() {
            let subtype = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target);
            if subtype == key {
                continue;
            }
            let extends = |part: &ReferenceOr<Schema>| matches!(part, ReferenceOr::Reference { reference } if reference.strip_prefix(SCHEMA_PREFIX) == Some(key));
            let all_of = match &self.component(&format!("{SCHEMA_PREFIX}{subtype}"))?.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(any) => &any.all_of,
                _ => return None,
            };
            if !all_of.iter().any(extends) {
                return None;
            }
            let reference = format!("{SCHEMA_PREFIX}{subtype}");
            if !members.iter().any(|m| matches!(m, ReferenceOr::Reference { reference: r } if *r == reference)) {
                members.push(ReferenceOr::Reference { reference });
            }
        }
        (!members.is_empty()).then_some(members)
    }

    fn type_kind(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        if let Some((keyword, index, member)) = oas::null_union_member(schema) {
            // `anyOf: [X, {type: 'null'}]` is X; the fields that hold it are optional.
            return match self.schema_type(member, &format!("{pointer}/{keyword}/{index}")) {
                TypeRef::Map(value) => TypeKind::Map(*value),
                other => TypeKind::Newtype(other),
            };
        }
        if let Some(Ok((repr, values))) = enum_values(schema) {
            return enum_kind(repr, values);
        }
        if let Some(reference) = oas::single_reference(schema) {
            // A named, annotated reference (`X: allOf: [$ref: Y, {description: …}]`) is a Y.
            return TypeKind::Newtype(self.reference(reference, &format!("{pointer}/allOf")));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let mut s = self.structure(
                    object.properties.iter().map(|(wire, property)| (wire.as_str(), property)),
                    &NameSet::new(&object.required),
                    object.additional_properties.as_ref(),
                    pointer,
                );
                mark_required_from_examples(&mut s, schema);
                TypeKind::Struct(s)
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && !any.all_of.is_empty() => {
                self.all_of(schema, name, pointer)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                TypeKind::Struct(self.structure(
                    any.properties.iter().map(|(wire, property)| (wire.as_str(), property)),
                    &NameSet::new(&any.required),
                    any.additional_properties.as_ref(),
                    pointer,
                ))
            }
            SchemaKind::AllOf { .. } => self.all_of(schema, name, pointer),
            _ => match oas::union_members(schema) {
                Some((keyword, members)) => {
                    if let SchemaKind::Any(any) = &schema.schema_kind {
                        if !any.properties.is_empty()
                            || !any.all_of.is_empty()
                            || (!any.one_of.is_empty() && !any.any_of.is_empty())
                        {
                            self.warn(
                                pointer,
                                format!("`{name}`: only its `{keyword}` is generated; properties, `allOf` or `anyOf` beside it are not"),
                            );
                        }
                    }
                    self.union(schema, members, keyword, pointer)
                }
                None => match self.inline_type(schema, pointer) {
                    TypeRef::Map(value) => TypeKind::Map(*value),
                    other => TypeKind::Newtype(other),
                },
            },
        }
    }

    /// A struct of `properties` (wire name, schema), those named in `required` required.
    fn structure<'p>(
        &mut self,
        properties: impl Iterator<Item = (&'p str, &'p ReferenceOr<Box<Schema>>)>,
        required: &NameSet<'_>,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Struct {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (wire, property) in properties {
            let field_pointer = format!("{pointer}/properties/{}", escape(wire));
            let nullable = self.nullable_position(property);
            let (ty, doc, flags, extensions, default) = match property {
                ReferenceOr::Reference { reference } => (
                    self.reference(reference, &field_pointer),
                    None,
                    (false, false, false),
                    None,
                    self.component(reference).and_then(|s| s.schema_data.default.clone()),
                ),
                ReferenceOr::Item(schema) => {
                    let referenced = oas::single_reference(schema).and_then(|r| self.component(r));
                    let notes = annotations(schema);
                    let description = notes.iter().find_map(|d| d.description.clone().filter(|d| !d.trim().is_empty()));
                    let default = notes.iter().find_map(|d| d.default.clone());
                    (
                        self.inline_type(schema, &field_pointer),
                        description,
                        (
                            notes.iter().any(|d| d.read_only),
                            notes.iter().any(|d| d.write_only),
                            notes.iter().any(|d| d.deprecated),
                        ),
                        Some(&schema.schema_data.extensions),
                        default.or_else(|| referenced.and_then(|s| s.schema_data.default.clone())),
                    )
                }
            };
            let origin = self.origin(field_pointer, extensions);
            fields.push(Field {
                name: scope.claim(naming::value_name(wire)),
                wire: wire.to_owned(),
                ty,
                required: required.contains(wire),
                required_from_examples: false,
                nullable,
                boxed: false,
                doc,
                read_only: flags.0,
                write_only: flags.1,
                deprecated: flags.2,
                default: default.map(|json| FieldDefault { json, value: None }),
                origin,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                Some(self.value_type(schema, &format!("{pointer}/additionalProperties")))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Primitive(Primitive::Json)),
            _ => None,
        };
        let additional_field = scope.claim("additional_properties".to_owned());
        Struct { fields, additional, additional_field, default_impl: false }
    }

    /// `allOf`: one struct with the properties of every part (references and nested `allOf` followed, later
    /// parts overriding earlier ones) and the union of their `required`. A part that is not an object
    /// (a string, a `oneOf`) cannot be merged: the type is then free-form JSON, with a warning.
    fn all_of(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> TypeKind {
        if self.merge_budget == 0 {
            // Past the budget (an error said so): nothing more is merged.
            return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
        }
        let mut merged = Merged::default();
        let result = self.merge_into(&mut merged, schema, &mut BTreeSet::new());
        if result.is_ok() && merged.properties.len() > self.merge_budget {
            self.merge_budget = 0;
            let location = self.spec.source_map.locate(pointer);
            self.diags.error_at(
                &location,
                format!(
                    "at `{pointer}`: `{name}`: merging `allOf` parts would copy more than {MERGED_PROPERTIES} properties \
                     into the document's structs (each schema that extends another holds all of its properties, so \
                     a long chain of extensions grows with the square of its length); no code is generated"
                ),
            );
            return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
        }
        self.merge_budget -= merged.properties.len().min(self.merge_budget);
        match result {
            Ok(()) => TypeKind::Struct(self.structure(
                merged.properties.into_iter(),
                &NameSet::Set(merged.required),
                merged.additional,
                pointer,
            )),
            Err(part) => {
                self.warn(
                    pointer,
                    format!("`{name}`: an `allOf` part ({part}) cannot be merged into an object; the type is kept as free-form JSON"),
                );
                TypeKind::Newtype(TypeRef::Primitive(Primitive::Json))
            }
        }
    }

    /// Adds the object properties of `schema` to `merged`. `seen` holds the components already merged, so a
    /// cycle of `allOf` references ends. `Err` describes the first part that is not an object.
    fn merge_into(
        &self,
        merged: &mut Merged<'a>,
        schema: &'a Schema,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                merged.add(&object.properties, &object.required, object.additional_properties.as_ref());
                Ok(())
            }
            SchemaKind::AllOf { all_of } => all_of.iter().try_for_each(|part| self.merge_part(merged, part, seen)),
            SchemaKind::Any(any)
                if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none()
                    && any.enumeration.is_empty()
                    && matches!(any.typ.as_deref(), None | Some("object")) =>
            {
                merged.add(&any.properties, &any.required, any.additional_properties.as_ref());
                any.all_of.iter().try_for_each(|part| self.merge_part(merged, part, seen))
            }
            other => Err(format!("{} schema", kind_word(other))),
        }
    }

    fn merge_part(
        &self,
        merged: &mut Merged<'a>,
        part: &'a ReferenceOr<Schema>,
        seen: &mut BTreeSet<String>,
    ) -> Result<(), String> {
        match part {
            ReferenceOr::Item(schema) => self.merge_into(merged, schema, seen),
            ReferenceOr::Reference { reference } => {
                let Some(key) = self.resolve_alias(reference) else { return Err(format!("`{reference}`")) };
                if !seen.insert(key.clone()) {
                    return Ok(());
                }
                let Some(schema) = self.component(reference) else { return Err(format!("`{reference}`")) };
                self.merge_into(merged, schema, seen).map_err(|kind| format!("`{reference}`, {kind}"))
            }
        }
    }

    fn union(&mut self, schema: &Schema, members: &[ReferenceOr<Schema>], keyword: &str, pointer: &str) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        // The mapping by target, once: the keys naming each target, in the mapping's order.
        let mut mapped: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for (value, target) in discriminator.iter().flat_map(|d| &d.mapping) {
            mapped.entry(target.as_str()).or_default().push(value);
        }
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if oas::is_null_schema(member) {
                // A `null` member makes the union nullable (see `component_nullable`), not a variant.
                continue;
            }
            let ty = self.schema_type(member, &format!("{pointer}/{keyword}/{index}"));
            let base = match &ty {
                TypeRef::Named(name) => name.clone(),
                TypeRef::Primitive(p) => formats::variant_word(*p).to_owned(),
                TypeRef::Vec(_) => "Array".to_owned(),
                TypeRef::Map(_) => "Map".to_owned(),
                TypeRef::Option(_) => "Nullable".to_owned(),
            };
            let (tag, tag_aliases) = match (discriminator, member) {
                (Some(d), ReferenceOr::Reference { reference }) => self.discriminator_values(d, &mapped, reference),
                _ => (None, Vec::new()),
            };
            variants.push(UnionVariant {
                name: scope.claim(naming::variant_name(&base)),
                ty,
                boxed: false,
                tag,
                tag_aliases,
            });
        }
        if variants.is_empty() {
            return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
        }
        // Whether the discriminator can really tag the union is decided once every type is known
        // (`choose_tagging`).
        let tagging = match discriminator {
            Some(d) => Tagging::Internal { property: d.property_name.clone() },
            None => Tagging::Untagged,
        };
        TypeKind::Union(Union { variants, tagging })
    }

    /// The discriminator values that select the member `reference`: the `mapping` keys naming it (the first is
    /// the tag written, the others are accepted too); else the value the member fixes its tag property to
    /// (`enum: [dog]`); else, as the specification says, the member's schema name.
    /// `mapped` is the discriminator's mapping by target.
    fn discriminator_values(
        &self,
        discriminator: &openapiv3::Discriminator,
        mapped: &BTreeMap<&str, Vec<&String>>,
        reference: &str,
    ) -> (Option<String>, Vec<String>) {
        let key = reference.trim_start_matches(SCHEMA_PREFIX);
        // The keys naming the member by reference or by bare name, in the mapping's order.
        let by_reference = mapped.get(reference).into_iter().flatten();
        let by_key = mapped.get(key).filter(|_| key != reference).into_iter().flatten();
        let mut values: Vec<&String> = by_reference.chain(by_key).copied().collect();
        if values.len() > 1 {
            let order: BTreeMap<&str, usize> =
                discriminator.mapping.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
            values.sort_by_key(|v| order[v.as_str()]);
        }
        let mut values = values.into_iter().cloned();
        if let Some(first) = values.next() {
            return (Some(first), values.collect());
        }
        let fixed = self.fixed_property_value(reference, &discriminator.property_name);
        (Some(fixed.unwrap_or_else(|| key.to_owned())), Vec::new())
    }

    /// The one value a component's property may take (`type: string, enum: [dog]`), looking through `allOf`.
    fn fixed_property_value(&self, reference: &str, property: &str) -> Option<String> {
        let mut merged = Merged::default();
        self.merge_into(&mut merged, self.component(reference)?, &mut BTreeSet::new()).ok()?;
        let schema = match *merged.properties.get(property)? {
            ReferenceOr::Item(schema) => schema.as_ref(),
            ReferenceOr::Reference { reference } => self.component(reference)?,
        };
        match enum_values(schema)? {
            Ok((EnumRepr::String, values)) if values.len() == 1 => values.into_iter().next(),
            _ => None,
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match reference.strip_prefix(SCHEMA_PREFIX).and_then(|key| self.names.get(key)) {
            Some(name) => TypeRef::Named(name.clone()),
            None => {
                self.warn(pointer, format!("unresolved reference `{reference}`; using free-form JSON"));
                TypeRef::Primitive(Primitive::Json)
            }
        }
    }

    /// Whether a referenced component allows `null` (so a field holding it is an `Option`).
    fn component_nullable(&self, reference: &str) -> bool {
        self.component(reference).is_some_and(oas::is_nullable)
    }

    fn schema_type(&mut self, schema: &ReferenceOr<Schema>, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer),
        }
    }

    fn boxed_type(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer),
        }
    }

    /// The type of an array's items: `Option` of it when the items may be `null`.
    fn item_type(&mut self, items: &ReferenceOr<Box<Schema>>, pointer: &str) -> TypeRef {
        let nullable = self.nullable_position(items);
        may_be_null(self.boxed_type(items, pointer), nullable)
    }

    /// The type of a map's values: `Option` of it when the values may be `null`.
    fn value_type(&mut self, value: &ReferenceOr<Schema>, pointer: &str) -> TypeRef {
        let nullable = self.nullable_position(value);
        may_be_null(self.schema_type(value, pointer), nullable)
    }

    /// Whether a schema position (a property, items, map values) allows `null`: the component it refers to
    /// does, or the inline schema does, itself or through the one component it annotates.
    fn nullable_position<S: std::borrow::Borrow<Schema>>(&self, position: &ReferenceOr<S>) -> bool {
        match position {
            ReferenceOr::Reference { reference } => self.component_nullable(reference),
            ReferenceOr::Item(schema) => {
                let schema = schema.borrow();
                oas::is_nullable(schema) || oas::single_reference(schema).is_some_and(|r| self.component_nullable(r))
            }
        }
    }

    /// The type of a schema that normalise left inline (so it is not nameable: no properties, no enum).
    fn inline_type(&mut self, schema: &Schema, pointer: &str) -> TypeRef {
        if let Some(reference) = oas::single_reference(schema) {
            return self.reference(reference, pointer);
        }
        if let Some((keyword, index, member)) = oas::null_union_member(schema) {
            return self.schema_type(member, &format!("{pointer}/{keyword}/{index}"));
        }
        if let Some(Err(kind)) = enum_values(schema) {
            self.warn(
                pointer,
                format!("an `enum` of {kind} values is not enforced; any value of the type is accepted"),
            );
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => TypeRef::Primitive(formats::string(&string.format)),
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Primitive(formats::integer(
                &integer.format,
                integer.minimum.map(|v| v as f64),
                integer.maximum.map(|v| v as f64),
            )),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Primitive(formats::number(&number.format)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => TypeRef::Vec(Box::new(self.item_type(items, &format!("{pointer}/items")))),
                None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
            },
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    TypeRef::Map(Box::new(self.value_type(value, &format!("{pointer}/additionalProperties"))))
                }
                _ => TypeRef::Primitive(Primitive::JsonObject),
            },
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => {
                    TypeRef::Primitive(any.format.as_deref().map_or(Primitive::String, formats::string_by_name))
                }
                Some("integer") => {
                    let format = match &any.format {
                        Some(name) => openapiv3::VariantOrUnknownOrEmpty::Unknown(name.clone()),
                        None => openapiv3::VariantOrUnknownOrEmpty::Empty,
                    };
                    TypeRef::Primitive(formats::integer(&format, any.minimum, any.maximum))
                }
                Some("number") => TypeRef::Primitive(if any.format.as_deref() == Some("float") {
                    Primitive::F32
                } else {
                    Primitive::F64
                }),
                Some("boolean") => TypeRef::Primitive(Primitive::Bool),
                Some("array") => match &any.items {
                    Some(items) => TypeRef::Vec(Box::new(self.item_type(items, &format!("{pointer}/items")))),
                    None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
                },
                Some("object") => match &any.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        TypeRef::Map(Box::new(self.value_type(value, &format!("{pointer}/additionalProperties"))))
                    }
                    _ => TypeRef::Primitive(Primitive::JsonObject),
                },
                _ => TypeRef::Primitive(Primitive::Json),
            },
            SchemaKind::Not { .. } => TypeRef::Primitive(Primitive::Json),
            // Nameable schemas are components after normalise; reaching here means an unnamed composite.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                self.warn(pointer, "inline composite schema left unnamed; using free-form JSON".to_owned());
                TypeRef::Primitive(Primitive::Json)
            }
        }
    }

    fn operation(&mut self, path: &str, method: &str, op: &'a OaOperation, names: OperationNames) -> Operation {
        let pointer = format!("/paths/{}/{}", escape(path), method.to_ascii_lowercase());
        let mut fields = Scope::new();
        let mut params = Vec::new();
        for (index, parameter) in op.parameters.iter().enumerate() {
            let ReferenceOr::Item(parameter) = parameter else { continue };
            let param_pointer = format!("{pointer}/parameters/{index}");
            if let Some(param) = self.parameter(parameter, &param_pointer, &mut fields) {
                params.push(param);
            }
        }
        let (credentials, security) = self.security(op, &mut fields);
        let body = op.request_body.as_ref().and_then(ReferenceOr::as_item).and_then(|body| {
            let body_pointer = format!("{pointer}/requestBody");
            let (content_type, kind, ty) = self.content(&body.content, &body_pointer)?;
            let example = match (kind, body.content.get(&content_type)) {
                (BodyKind::Json, Some(media)) => {
                    let slot = SampleSlot::RequestExample { operation: self.operation_index };
                    self.valid_example(media, sample::Direction::Request, &body_pointer, slot)
                }
                _ => None,
            };
            Some(Body {
                example,
                field: fields.claim("body".to_owned()),
                required: body.required,
                content_type,
                kind,
                ty,
                doc: body.description.clone(),
            })
        });
        // Each response with its status and variant word, in document order; each gets the mock body an
        // example-backed service answers with (by default the success one, `success_index`; any other
        // through `Prefer: code=`).
        let mut documented: Vec<(&Response, Status, String, String)> = Vec::new();
        for (status, response) in op.responses.responses.iter() {
            let ReferenceOr::Item(response) = response else { continue };
            let (ir_status, word) = match status {
                StatusCode::Code(code) => (Status::Code(*code), naming::status_variant_name(*code)),
                StatusCode::Range(range) => (Status::Range(*range), naming::status_range_variant_name(*range)),
            };
            documented.push((response, ir_status, word, format!("{pointer}/responses/{status}")));
        }
        if let Some(ReferenceOr::Item(response)) = &op.responses.default {
            documented.push((response, Status::Default, "Default".to_owned(), format!("{pointer}/responses/default")));
        }
        let mut responses = Vec::new();
        let mut variants = Scope::new();
        for (index, (response, status, word, response_pointer)) in documented.into_iter().enumerate() {
            let variant = variants.claim(word);
            let slot = SampleSlot::Mock { operation: self.operation_index, case: index };
            responses.push(self.response(response, status, variant, &response_pointer, slot));
        }
        Operation {
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id: op.operation_id.clone().unwrap_or_default(),
            client_fn: names.fn_name.clone(),
            fn_name: names.fn_name,
            request_type: names.request_type,
            response_type: names.response_type,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            params,
            body,
            responses,
            credentials,
            pagination: None,
            security,
            origin: self.origin(pointer, Some(&op.extensions)),
        }
    }

    fn parameter(&mut self, parameter: &Parameter, pointer: &str, fields: &mut Scope) -> Option<Param> {
        let data = parameter.parameter_data_ref();
        let location = match parameter {
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                // Text carries no `null`: a list's items are read as they are.
                (without_null(self.schema_type(schema, &format!("{pointer}/schema"))), parameter_constraints(schema))
            }
            ParameterSchemaOrContent::Content(_) => {
                self.warn(
                    pointer,
                    format!("parameter `{}` is described by `content`; it is passed through as text", data.name),
                );
                (TypeRef::Primitive(Primitive::String), Constraints::default())
            }
        };
        let style = match parameter {
            Parameter::Query { style, .. } => oas::query_style(style, data.explode),
            _ => ParamStyle::FormExploded,
        };
        let ty = match ty {
            TypeRef::Primitive(p) if formats::parses_from_text(p) => ty,
            TypeRef::Named(ref name) if self.is_string_enum_or_text_newtype(name) => ty,
            TypeRef::Vec(ref item) if location == ParamLocation::Query && self.parses_from_text(item) => ty,
            // Whether the object's properties are single values is known once every type is (`deep_objects`).
            TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Primitive(Primitive::JsonObject)
                if style == ParamStyle::DeepObject =>
            {
                ty
            }
            other => {
                let hint = match (&other, location) {
                    (TypeRef::Vec(_), ParamLocation::Query) => "",
                    (TypeRef::Vec(_), _) => " (a list is read from a query parameter only)",
                    (_, ParamLocation::Query) => " (an object is read from the query with `style: deepObject` only)",
                    _ => "",
                };
                let message = format!(
                    "parameter `{}` has a type the router cannot parse from text (`{}`); it is passed through as text{hint}",
                    data.name,
                    type_words(&other)
                );
                self.warn(pointer, message);
                TypeRef::Primitive(Primitive::String)
            }
        };
        let required = data.required || location == ParamLocation::Path;
        // The style is kept only where it changes the wire form: a list, or an object read as `deepObject`.
        let style = match (&ty, style) {
            (TypeRef::Vec(_), ParamStyle::DeepObject) => {
                let message = format!(
                    "`style: deepObject` is for objects; the array parameter `{0}` is read as repeated `{0}=…` pairs",
                    data.name
                );
                self.warn(pointer, message);
                ParamStyle::FormExploded
            }
            (TypeRef::Vec(_), style) => style,
            (
                TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Primitive(Primitive::JsonObject),
                ParamStyle::DeepObject,
            ) => ParamStyle::DeepObject,
            (_, ParamStyle::DeepObject) => {
                let message = format!(
                    "`style: deepObject` is for objects; the parameter `{0}` is one value, read as `{0}=…`",
                    data.name
                );
                self.warn(pointer, message);
                ParamStyle::FormExploded
            }
            _ => ParamStyle::FormExploded,
        };
        Some(Param {
            style,
            wire: data.name.clone(),
            field: fields.claim(naming::value_name(&data.name)),
            location,
            required,
            ty,
            doc: data.description.clone().filter(|d| !d.trim().is_empty()),
            deprecated: data.deprecated.unwrap_or(false),
            constraints,
            origin: self.origin(pointer.to_owned(), Some(&data.extensions)),
        })
    }

    /// A `deepObject` parameter is read from `name[property]=value` pairs into its type, which must be an
    /// object of single values (a struct, a map, a free-form object); any other is passed through as text.
    fn deep_objects(&mut self, operations: &mut [Operation], types: &[TypeDef]) {
        let kinds = crate::ir::kinds_through_aliases(types);
        for param in operations.iter_mut().flat_map(|op| &mut op.params) {
            if param.style != ParamStyle::DeepObject {
                continue;
            }
            if let Some(problem) = deep_object_problem(&param.ty, &kinds) {
                let message = format!(
                    "`deepObject` parameter `{0}`: {problem}; it is passed through as text, read as `{0}=…`",
                    param.wire
                );
                self.warn(&param.origin.pointer, message);
                param.ty = TypeRef::Primitive(Primitive::String);
                param.style = ParamStyle::FormExploded;
                param.constraints = Constraints::default();
            }
        }
    }

    fn parses_from_text(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Primitive(p) => formats::parses_from_text(*p),
            TypeRef::Named(name) => self.is_string_enum_or_text_newtype(name),
            _ => false,
        }
    }

    fn is_string_enum_or_text_newtype(&self, rust_name: &str) -> bool {
        let Some(key) = self.names.iter().find(|(_, v)| *v == rust_name).map(|(k, _)| k) else { return false };
        let Some(ReferenceOr::Item(schema)) = self.api.components.as_ref().and_then(|c| c.schemas.get(key)) else {
            return false;
        };
        // String and integer enums, and named scalars, all implement `FromStr` and `Display`.
        match enum_values(schema) {
            Some(Ok(_)) => true,
            Some(Err(_)) => false,
            None => matches!(
                &schema.schema_kind,
                SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_))
            ),
        }
    }

    fn security(&mut self, op: &OaOperation, fields: &mut Scope) -> (Vec<Credential>, Vec<Vec<usize>>) {
        let requirements = op.security.as_ref().or(self.api.security.as_ref());
        let Some(requirements) = requirements else { return (Vec::new(), Vec::new()) };
        if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
            // `security: []` or an empty alternative: no credential is required.
            return (Vec::new(), Vec::new());
        }
        let mut credentials: Vec<Credential> = Vec::new();
        let mut alternatives = Vec::new();
        for requirement in requirements {
            let mut alternative = Vec::new();
            for scheme_name in requirement.keys() {
                if let Some(index) = credentials.iter().position(|c| &c.scheme == scheme_name) {
                    alternative.push(index);
                    continue;
                }
                let scheme = self
                    .api
                    .components
                    .as_ref()
                    .and_then(|c| c.security_schemes.get(scheme_name))
                    .and_then(ReferenceOr::as_item);
                let kind = match scheme {
                    Some(SecurityScheme::APIKey { location, name, .. }) => match location {
                        openapiv3::APIKeyLocation::Header => CredentialKind::Header(name.clone()),
                        openapiv3::APIKeyLocation::Query => CredentialKind::Query(name.clone()),
                        openapiv3::APIKeyLocation::Cookie => CredentialKind::Cookie(name.clone()),
                    },
                    Some(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("basic") => {
                        CredentialKind::Basic
                    }
                    Some(_) => CredentialKind::Bearer,
                    None => continue,
                };
                let description = match scheme {
                    Some(
                        SecurityScheme::APIKey { description, .. }
                        | SecurityScheme::HTTP { description, .. }
                        | SecurityScheme::OAuth2 { description, .. }
                        | SecurityScheme::OpenIDConnect { description, .. },
                    ) => description.clone(),
                    None => None,
                };
                alternative.push(credentials.len());
                credentials.push(Credential {
                    field: fields.claim(naming::value_name(scheme_name)),
                    scheme: scheme_name.clone(),
                    kind,
                    description,
                });
            }
            alternatives.push(alternative);
        }
        (credentials, alternatives)
    }

    fn content(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
    ) -> Option<(String, BodyKind, TypeRef)> {
        // `*/*` is JSON unless its schema says bytes (`format: binary`): Spring-made documents say `*/*` for JSON.
        let json = |ct: &str, media: &openapiv3::MediaType| is_json(ct) && !(ct.trim() == "*/*" && is_binary(media));
        let (content_type, media) = content
            .iter()
            .find(|(ct, media)| json(ct, media))
            .or_else(|| content.iter().find(|(ct, _)| ct.starts_with("text/")))
            .or_else(|| content.iter().next())?;
        let kind = if json(content_type, media) {
            BodyKind::Json
        } else if content_type.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        };
        if content.len() > 1 {
            let others: Vec<&str> = content.keys().filter(|k| *k != content_type).map(String::as_str).collect();
            self.warn(
                pointer,
                format!("several content types; `{content_type}` is generated, not {}", others.join(", ")),
            );
        }
        let ty = match kind {
            BodyKind::Json => match &media.schema {
                Some(schema) => self.schema_type(schema, &format!("{pointer}/content/{}/schema", escape(content_type))),
                None => TypeRef::Primitive(Primitive::Json),
            },
            BodyKind::Text => TypeRef::Primitive(Primitive::String),
            BodyKind::Bytes => TypeRef::Primitive(Primitive::Bytes),
        };
        Some((content_type.clone(), kind, ty))
    }

    /// One response case; `answered` (where its mock body goes): the example-backed service answers with it,
    /// so it gets a mock body.
    fn response(
        &mut self,
        response: &'a Response,
        status: Status,
        variant: String,
        pointer: &str,
        slot: SampleSlot,
    ) -> ResponseCase {
        let content = self.content(&response.content, pointer);
        let media = content.as_ref().and_then(|(ct, _, _)| response.content.get(ct));
        let example = media.and_then(documented_example);
        let (mock, examples, dynamic) = match (&content, media) {
            (Some((ct, BodyKind::Json, _)), Some(media)) => {
                let mock = self
                    .valid_example(media, sample::Direction::Response, pointer, slot)
                    .map(|value| mock_text(&value));
                let media_pointer = format!("{pointer}/content/{}", escape(ct));
                let examples = self.named_examples(media, &media_pointer);
                let dynamic = media.schema.as_ref().map_or_else(
                    || r#"{"const":null}"#.to_owned(),
                    |schema| sample::shape(self.api, schema, sample::Direction::Response).to_string(),
                );
                (mock, examples, Some(dynamic))
            }
            _ => (None, Vec::new(), None),
        };
        let mut fields = Scope::new();
        for reserved in ["status", "body"] {
            fields.try_claim(reserved);
        }
        let headers = response
            .headers
            .iter()
            .filter_map(|(name, header)| {
                let header = header.as_item()?;
                self.response_header(name, header, &mut fields, &format!("{pointer}/headers/{}", escape(name)))
            })
            .collect();
        ResponseCase {
            status,
            variant,
            description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            content_type: content.as_ref().map(|(ct, _, _)| ct.clone()),
            body: content.map(|(_, kind, ty)| (kind, ty)),
            headers,
            example,
            mock,
            examples,
            dynamic,
        }
    }

    /// The named examples of `media` (`examples`, in order) that are valid against its schema; a warning
    /// says why one is not, which `Prefer: example=` then does not offer.
    fn named_examples(&mut self, media: &openapiv3::MediaType, pointer: &str) -> Vec<NamedExample> {
        let mut named = Vec::new();
        // The first example with a value is also the default answer, whose check has warned already.
        let mut warned = media.example.is_none();
        for (name, example) in &media.examples {
            let value = match example {
                ReferenceOr::Item(example) => example.value.as_ref(),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/examples/")
                    .and_then(|key| self.api.components.as_ref()?.examples.get(key)?.as_item())
                    .and_then(|example| example.value.as_ref()),
            };
            let Some(value) = value else { continue };
            let problem = media.schema.as_ref().and_then(|schema| sample::check(self.api, schema, value).err());
            let already = std::mem::replace(&mut warned, false);
            match problem {
                Some(_) if already => {}
                Some(problem) => {
                    let message = format!(
                        "the example `{name}` is not valid against its schema ({problem}); the example-backed \
                         service does not offer it"
                    );
                    self.warn(&format!("{pointer}/examples/{}", escape(name)), message);
                }
                None => named.push(NamedExample { name: name.clone(), mock: mock_text(value) }),
            }
        }
        named
    }

    /// What an example-backed service answers with: the documented example when it is valid against the
    /// schema (a warning says why not, otherwise), else a value built from the schema.
    /// A valid JSON body: the documented example when it is valid against the schema (a warning says why
    /// not, otherwise), else a value built from the schema. Responses are what example-backed services answer;
    /// requests are for tests and clients.
    /// `None`: the value is being built from the schema elsewhere, and goes to `slot` at the end
    /// ([`SampleJob`]).
    fn valid_example(
        &mut self,
        media: &'a openapiv3::MediaType,
        direction: sample::Direction,
        pointer: &str,
        slot: SampleSlot,
    ) -> Option<serde_json::Value> {
        let Some(schema) = &media.schema else {
            return Some(documented_example(media).unwrap_or(serde_json::Value::Null));
        };
        if let Some(example) = self.check_example(media, direction, pointer) {
            return Some(example);
        }
        let job = SampleJob { schema, direction, slot };
        match &self.samples {
            Some(samples) => match samples.send(job) {
                Ok(()) => None,
                Err(std::sync::mpsc::SendError(job)) => Some(sample::sample(self.api, job.schema, direction)),
            },
            None => Some(sample::sample(self.api, schema, direction)),
        }
    }

    /// The documented example when it is valid against its schema; a warning says why when it is not.
    fn check_example(
        &mut self,
        media: &openapiv3::MediaType,
        direction: sample::Direction,
        pointer: &str,
    ) -> Option<serde_json::Value> {
        let example = documented_example(media)?;
        let schema = media.schema.as_ref()?;
        match sample::check(self.api, schema, &example) {
            Ok(()) => Some(example),
            Err(problem) => {
                let message = match direction {
                    sample::Direction::Response => format!(
                        "the documented example is not valid against its schema ({problem}); the \
                         example-backed service answers with a value built from the schema"
                    ),
                    sample::Direction::Request => {
                        format!("the documented request example is not valid against its schema ({problem})")
                    }
                };
                self.warn(pointer, message);
                None
            }
        }
    }

    fn response_header(
        &mut self,
        name: &str,
        header: &openapiv3::Header,
        fields: &mut Scope,
        pointer: &str,
    ) -> Option<ResponseHeader> {
        // `Content-Type` and `Content-Length` are the body's business, not the service's.
        if name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("content-length") {
            self.warn(pointer, format!("response header `{name}` is set from the body; the declaration is ignored"));
            return None;
        }
        if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
            self.warn(pointer, format!("`{name}` is not a valid HTTP header name; the header is left out"));
            return None;
        }
        let (ty, mock) = match &header.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = without_null(self.schema_type(schema, &format!("{pointer}/schema")));
                let documented = header.example.clone().filter(|e| sample::check(self.api, schema, e).is_ok());
                let mock = documented.unwrap_or_else(|| sample::sample(self.api, schema, sample::Direction::Response));
                (ty, mock)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.warn(pointer, format!("response header `{name}` is described by `content`; it is typed as text"));
                (TypeRef::Primitive(Primitive::String), serde_json::Value::String(String::new()))
            }
        };
        let ty = if self.parses_from_text(&ty) {
            ty
        } else {
            self.warn(
                pointer,
                format!("response header `{name}` is not a single text value ({ty:?}); it is typed as text"),
            );
            TypeRef::Primitive(Primitive::String)
        };
        let mock = match mock {
            serde_json::Value::String(text) => Some(text),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        };
        Some(ResponseHeader {
            wire: name.to_owned(),
            field: fields.claim(naming::value_name(name)),
            required: header.required,
            ty,
            doc: header.description.clone().filter(|d| !d.trim().is_empty()),
            mock,
        })
    }
}

/// The example a media type documents: `example`, else the first of `examples` with a value.
fn documented_example(media: &openapiv3::MediaType) -> Option<serde_json::Value> {
    media.example.clone().or_else(|| media.examples.values().find_map(|e| e.as_item().and_then(|e| e.value.clone())))
}

/// A media type whose schema is `type: string, format: binary`: raw bytes.
fn is_binary(media: &openapiv3::MediaType) -> bool {
    matches!(
        media.schema.as_ref().and_then(ReferenceOr::as_item).map(|s| &s.schema_kind),
        Some(SchemaKind::Type(Type::String(openapiv3::StringType {
            format: openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary),
            ..
        })))
    )
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The bounds the router checks on a parameter's value, or on each item of a list parameter.
fn parameter_constraints(schema: &ReferenceOr<Schema>) -> Constraints {
    match schema.as_item().map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Array(array))) => match &array.items {
            Some(ReferenceOr::Item(items)) => constraints_of_schema(items),
            _ => Constraints::default(),
        },
        _ => constraints_of(schema),
    }
}

/// A type use in a message: `Filter`, `Vec<Json>`, `Map<String>`.
fn type_words(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(primitive) => format!("{primitive:?}"),
        TypeRef::Vec(item) => format!("Vec<{}>", type_words(item)),
        TypeRef::Map(value) => format!("Map<{}>", type_words(value)),
        TypeRef::Option(inner) => format!("Option<{}>", type_words(inner)),
    }
}

/// Whether `ty` is one value the router parses from text (`FromStr`): a scalar, an enum or a named scalar.
fn is_text_type(ty: &TypeRef, types: &BTreeMap<&str, &TypeKind>) -> bool {
    match ty {
        TypeRef::Primitive(primitive) => formats::parses_from_text(*primitive),
        TypeRef::Named(name) => match types.get(name.as_str()) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Newtype(TypeRef::Primitive(primitive))) => formats::parses_from_text(*primitive),
            _ => false,
        },
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Option(_) => false,
    }
}

/// Why a `deepObject` parameter of type `ty` cannot be read from `name[property]=value` pairs, if it cannot:
/// it must be an object whose every property (named or additional) is one value.
fn deep_object_problem(ty: &TypeRef, types: &BTreeMap<&str, &TypeKind>) -> Option<String> {
    let single = |ty: &TypeRef| is_text_type(ty, types) || *ty == TypeRef::Primitive(Primitive::Json);
    match ty {
        TypeRef::Primitive(Primitive::JsonObject) => None,
        TypeRef::Map(value) if single(value) => None,
        TypeRef::Map(_) => Some("its values are not single values".to_owned()),
        TypeRef::Named(name) => match types.get(name.as_str()) {
            Some(TypeKind::Struct(s)) => {
                if let Some(field) = s.fields.iter().find(|f| !is_text_type(&f.ty, types)) {
                    return Some(format!(
                        "property `{}` is not a single value (nested objects and arrays have no `deepObject` form)",
                        field.wire
                    ));
                }
                match &s.additional {
                    Some(value) if !single(value) => Some("its additional properties are not single values".to_owned()),
                    _ => None,
                }
            }
            Some(TypeKind::Map(value)) if single(value) => None,
            Some(TypeKind::Map(_)) => Some("its values are not single values".to_owned()),
            _ => Some(format!("`{name}` is not an object")),
        },
        _ => Some("it is not an object".to_owned()),
    }
}

fn constraints_of(schema: &ReferenceOr<Schema>) -> Constraints {
    schema.as_item().map(constraints_of_schema).unwrap_or_default()
}

fn constraints_of_schema(schema: &Schema) -> Constraints {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            Constraints { min_length: s.min_length, max_length: s.max_length, ..Constraints::default() }
        }
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: i.minimum.map(|v| v as f64),
            maximum: i.maximum.map(|v| v as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => {
            Constraints { minimum: n.minimum, maximum: n.maximum, ..Constraints::default() }
        }
        _ => Constraints::default(),
    }
}

/// A property's annotations: its own, then those of the parts beside the reference of an annotated
/// reference (`allOf: [$ref, {description: …}]`).
fn annotations(schema: &Schema) -> Vec<&openapiv3::SchemaData> {
    let mut out = vec![&schema.schema_data];
    if let (Some(_), SchemaKind::AllOf { all_of }) = (oas::single_reference(schema), &schema.schema_kind) {
        out.extend(all_of.iter().filter_map(ReferenceOr::as_item).map(|part| &part.schema_data));
    }
    out
}

/// What a schema is, for messages (`a string`).
fn kind_word(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Type(Type::String(_)) => "a string",
        SchemaKind::Type(Type::Number(_)) => "a number",
        SchemaKind::Type(Type::Integer(_)) => "an integer",
        SchemaKind::Type(Type::Boolean(_)) => "a boolean",
        SchemaKind::Type(Type::Array(_)) => "an array",
        SchemaKind::Type(Type::Object(_)) => "an object",
        SchemaKind::OneOf { .. } => "a `oneOf`",
        SchemaKind::AnyOf { .. } => "an `anyOf`",
        SchemaKind::AllOf { .. } => "an `allOf`",
        SchemaKind::Not { .. } => "a `not`",
        SchemaKind::Any(_) => "a non-object",
    }
}

/// Marks the fields that the schema's `x-docgen-required-from-examples` lists (see `derive::infer`).
fn mark_required_from_examples(s: &mut Struct, schema: &Schema) {
    let Some(serde_json::Value::Array(names)) =
        schema.schema_data.extensions.get(crate::derive::infer::REQUIRED_FROM_EXAMPLES)
    else {
        return;
    };
    for field in &mut s.fields {
        field.required_from_examples = field.required && names.iter().any(|name| name.as_str() == Some(&field.wire));
    }
}

/// A set of property names (a schema's `required`): a short list is searched, which costs less than building a
/// set for the few names most schemas list; a long one is looked up (searching it per property was quadratic).
pub(crate) enum NameSet<'s> {
    List(&'s [String]),
    Set(BTreeSet<&'s str>),
}

impl<'s> NameSet<'s> {
    pub(crate) fn new(names: &'s [String]) -> NameSet<'s> {
        if names.len() <= 16 {
            NameSet::List(names)
        } else {
            NameSet::Set(names.iter().map(String::as_str).collect())
        }
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        match self {
            NameSet::List(names) => names.iter().any(|n| n == name),
            NameSet::Set(set) => set.contains(name),
        }
    }
}

/// The most properties `allOf` merging copies into structs over a whole document. Each schema that extends
/// another holds all of its properties, so a chain of extensions copies a number that grows with the square
/// of its length: 2,000 links made 2 million fields and 900 MB. Real documents copy far fewer: the most among
/// the corpus and the bench specs is 878 (shipengine.com), OpenAI's spec 385.
const MERGED_PROPERTIES: usize = 100_000;

/// The object parts of an `allOf`, merged: borrowed from the document, never copied (a chain of `allOf`s
/// merges each part into every schema that extends it).
#[derive(Default)]
struct Merged<'s> {
    properties: indexmap::IndexMap<&'s str, &'s ReferenceOr<Box<Schema>>>,
    required: BTreeSet<&'s str>,
    additional: Option<&'s AdditionalProperties>,
}

impl<'s> Merged<'s> {
    fn add(
        &mut self,
        properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    ) {
        for (name, property) in properties {
            self.properties.insert(name, property);
        }
        self.required.extend(required.iter().map(String::as_str));
        if self.additional.is_none() {
            self.additional = additional;
        }
    }
}

/// The values of an `enum` schema that becomes a Rust enum, deduplicated, in document order (integers as
/// their decimal text). `Err` names the kind of an `enum` that does not (numbers, booleans, mixed values);
/// `None`: no `enum`, or only `null` (which makes the schema nullable instead).
fn enum_values(schema: &Schema) -> Option<Result<(EnumRepr, Vec<String>), &'static str>> {
    let (repr, values): (EnumRepr, Vec<String>) = match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => (EnumRepr::String, t.enumeration.iter().flatten().cloned().collect()),
        SchemaKind::Type(Type::Integer(t)) => {
            (EnumRepr::Integer, t.enumeration.iter().flatten().map(|v| v.to_string()).collect())
        }
        SchemaKind::Type(Type::Number(t)) => return t.enumeration.iter().any(Option::is_some).then_some(Err("number")),
        SchemaKind::Type(Type::Boolean(t)) => {
            return t.enumeration.iter().any(Option::is_some).then_some(Err("boolean"));
        }
        SchemaKind::Any(any) => {
            let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
            if values.is_empty() {
                return None;
            }
            if !oas::enum_of_one_kind(any) {
                return Some(Err("mixed or non-string"));
            }
            match values[0] {
                serde_json::Value::String(_) => {
                    (EnumRepr::String, values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                }
                _ => (EnumRepr::Integer, values.iter().map(|v| v.to_string()).collect()),
            }
        }
        _ => return None,
    };
    if values.is_empty() {
        return None;
    }
    // Deduplicated in order (a search of the values kept so far made a wide enum quadratic).
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    let unique: Vec<String> = values.into_iter().filter(|value| seen.insert(value.clone())).collect();
    Some(Ok((repr, unique)))
}

fn enum_kind(repr: EnumRepr, values: Vec<String>) -> TypeKind {
    let mut scope = Scope::new();
    let variants = values
        .into_iter()
        .map(|wire| {
            let name = match (repr, wire.parse::<i64>()) {
                (EnumRepr::Integer, Ok(value)) => naming::integer_variant_name(value),
                _ => naming::variant_name(&wire),
            };
            EnumVariant { name: scope.claim(name), wire }
        })
        .collect();
    TypeKind::Enum(StringEnum { variants, repr })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples built on another thread land where they would have been built here: mock bodies in their
    /// response cases, request examples in their bodies, with the same diagnostics.
    #[test]
    fn samples_built_elsewhere_are_put_in_their_places() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constructs");
        let mut paths: Vec<_> = std::fs::read_dir(&folder).expect("fixtures").flatten().map(|e| e.path()).collect();
        paths.sort();
        let (mut mocks, mut examples) = (0, 0);
        for path in paths {
            let document = SourceFile::new(path.display().to_string(), std::fs::read_to_string(&path).expect("read"));
            let mut diags = Diagnostics::new();
            let Some(derived) = crate::derive::derive_openapi(&document, &mut diags) else { continue };
            let endpoints = crate::project::all_endpoints(&derived.openapi, &document);
            let source_map = derived.source_map;
            let Some(api) =
                crate::normalise::normalise(derived.openapi, &endpoints, &document, &source_map, &mut diags)
            else {
                continue;
            };
            let spec = SpecInfo {
                module: "fixture",
                title: "Fixture",
                file: &document,
                source: &document.path,
                source_map: &source_map,
            };
            let (mut here, mut elsewhere) = (diags.clone(), diags);
            let inline = lower_with(&api, &spec, &mut here, None);
            let threaded = lower_sampling_elsewhere(&api, &spec, &mut elsewhere);
            assert!(inline == threaded, "{}: the IRs differ", path.display());
            assert_eq!(here.to_string(), elsewhere.to_string(), "{}", path.display());
            let operations = &threaded.operations;
            mocks += operations.iter().flat_map(|op| &op.responses).filter(|case| case.mock.is_some()).count();
            examples += operations.iter().filter(|op| op.body.as_ref().is_some_and(|b| b.example.is_some())).count();
        }
        assert!(mocks >= 20 && examples >= 4, "{mocks} mock bodies and {examples} request examples");
    }
}
