//! Lower: the normalised OpenAPI document → the IR of one spec.
//!
//! Names come from [`crate::naming`] only. Operation-derived names (`<Op>Request`, `<Op>Response`, the
//! trait) are claimed first, so a schema that happens to have one of those names gives way (`…Body`).

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

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// What the lowering needs to know about the spec besides its document.
pub struct SpecInfo<'a> {
    pub module: &'a str,
    pub title: &'a str,
    pub file: &'a SourceFile,
    /// Places of the input document's nodes. Operation pointers are the same in the normalised document;
    /// a hoisted schema has a new name, so its problems are placed at its nearest ancestor that has a place.
    pub source_map: &'a SourceMap,
}

/// Lowers a normalised document. Unsupported constructs degrade to a documented fallback type with a
/// warning; nothing here fails.
pub fn lower(api: &OpenAPI, spec: &SpecInfo<'_>, diags: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer::new(api, spec, diags);
    let trait_name = lowerer.module_scope.claim(format!("{}Api", naming::type_name(spec.module)));
    for reserved in ["router", "runtime", "server"] {
        lowerer.module_scope.try_claim(reserved);
    }
    let planned = lowerer.plan_operations();
    lowerer.name_components();
    let operations =
        planned.into_iter().map(|(path, method, op, names)| lowerer.operation(&path, &method, op, names)).collect();
    let mut types: Vec<TypeDef> = lowerer.components();
    mark_boxed_fields(&mut types);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    Api {
        module: spec.module.to_owned(),
        title: spec.title.to_owned(),
        source: spec.file.path.clone(),
        description: api.info.description.clone().filter(|d| !d.trim().is_empty()),
        trait_name,
        types,
        operations,
    }
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
}

impl<'a, 'd> Lowerer<'a, 'd> {
    fn new(api: &'a OpenAPI, spec: &'a SpecInfo<'a>, diags: &'d mut Diagnostics) -> Self {
        Lowerer { api, spec, diags, module_scope: Scope::new(), method_scope: Scope::new(), names: BTreeMap::new() }
    }

    fn schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        self.api.components.iter().flat_map(|c| c.schemas.iter())
    }

    fn plan_operations(&mut self) -> Vec<(String, String, &'a OaOperation, OperationNames)> {
        let mut planned = Vec::new();
        for (path, item) in self.api.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, operation) in item.iter() {
                let id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| crate::normalise::fallback_operation_id(method, path));
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
        let keys: Vec<&String> = self.schemas().map(|(k, _)| k).collect();
        for key in keys {
            let mut wanted = naming::type_name(key);
            if self.module_scope.is_taken(&wanted) {
                wanted.push_str("Body");
            }
            let name = self.module_scope.claim(wanted);
            self.names.insert(key.clone(), name);
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

    fn origin(&self, pointer: String, extensions: Option<&indexmap::IndexMap<String, serde_json::Value>>) -> Origin {
        let source_line = extensions
            .and_then(|e| e.get("x-source"))
            .and_then(|v| v.as_str())
            .and_then(|s| s.rsplit(':').next())
            .and_then(|line| line.parse().ok());
        Origin { file: self.spec.file.path.clone(), pointer, source_line }
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
            let name = self.names[key].clone();
            let pointer = format!("/components/schemas/{}", escape(key));
            let origin = self.origin(pointer.clone(), Some(&schema.schema_data.extensions));
            let kind = self.type_kind(schema, &name, &pointer);
            types.push(TypeDef { name, schema_name: key.clone(), doc: doc_of(schema), origin, kind });
        }
        types
    }

    fn type_kind(&mut self, schema: &Schema, name: &str, pointer: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => TypeKind::Struct(
                self.structure(&object.properties, &object.required, object.additional_properties.as_ref(), pointer),
            ),
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty() =>
            {
                TypeKind::Struct(self.structure(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    pointer,
                ))
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let mut scope = Scope::new();
                let variants = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|wire| EnumVariant { name: scope.claim(naming::variant_name(wire)), wire: wire.clone() })
                    .collect();
                TypeKind::Enum(StringEnum { variants })
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.union(members, discriminator, pointer)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, name, pointer),
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let members = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
                self.union(members, schema.schema_data.discriminator.as_ref(), pointer)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => self.all_of(&any.all_of, name, pointer),
            _ => {
                let ty = self.inline_type(schema, pointer);
                match ty {
                    TypeRef::Map(value) => TypeKind::Map(*value),
                    other => TypeKind::Newtype(other),
                }
            }
        }
    }

    fn structure(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Struct {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (wire, property) in properties {
            let field_pointer = format!("{pointer}/properties/{}", escape(wire));
            let (ty, nullable, doc, flags, extensions) = match property {
                ReferenceOr::Reference { reference } => (
                    self.reference(reference, &field_pointer),
                    self.component_nullable(reference),
                    None,
                    (false, false, false),
                    None,
                ),
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    (
                        self.inline_type(schema, &field_pointer),
                        data.nullable,
                        doc_of(schema),
                        (data.read_only, data.write_only, data.deprecated),
                        Some(&data.extensions),
                    )
                }
            };
            let origin = self.origin(field_pointer, extensions);
            fields.push(Field {
                name: scope.claim(naming::value_name(wire)),
                wire: wire.clone(),
                ty,
                required: required.contains(wire),
                nullable,
                boxed: false,
                doc,
                read_only: flags.0,
                write_only: flags.1,
                deprecated: flags.2,
                origin,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                Some(self.schema_type(schema, &format!("{pointer}/additionalProperties")))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Primitive(Primitive::Json)),
            _ => None,
        };
        Struct { fields, additional }
    }

    fn all_of(&mut self, parts: &[ReferenceOr<Schema>], name: &str, pointer: &str) -> TypeKind {
        // Merge the properties of every object part (following references); any other part cannot be merged.
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        for (index, part) in parts.iter().enumerate() {
            let schema = match part {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => self
                    .resolve_alias(reference)
                    .and_then(|key| self.api.components.as_ref()?.schemas.get(&key)?.as_item()),
            };
            match schema.map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Object(object))) => {
                    properties.extend(object.properties.clone());
                    required.extend(object.required.iter().cloned());
                    additional = additional.or(object.additional_properties.clone());
                }
                Some(SchemaKind::Any(any))
                    if any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() =>
                {
                    properties.extend(any.properties.clone());
                    required.extend(any.required.iter().cloned());
                }
                _ => {
                    self.warn(&format!("{pointer}/allOf/{index}"), format!("`{name}`: an `allOf` part that is not an object cannot be merged; the type is kept as free-form JSON"));
                    return TypeKind::Newtype(TypeRef::Primitive(Primitive::Json));
                }
            }
        }
        TypeKind::Struct(self.structure(&properties, &required, additional.as_ref(), pointer))
    }

    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let ty = self.schema_type(member, &format!("{pointer}/oneOf/{index}"));
            let base = match &ty {
                TypeRef::Named(name) => name.clone(),
                TypeRef::Primitive(p) => formats::variant_word(*p).to_owned(),
                TypeRef::Vec(_) => "Array".to_owned(),
                TypeRef::Map(_) => "Map".to_owned(),
            };
            let tag = match (discriminator, member) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let mapped = d
                        .mapping
                        .iter()
                        .find(|(_, target)| {
                            *target == reference || target.as_str() == reference.trim_start_matches(SCHEMA_PREFIX)
                        })
                        .map(|(k, _)| k.clone());
                    Some(mapped.unwrap_or_else(|| reference.trim_start_matches(SCHEMA_PREFIX).to_owned()))
                }
                _ => None,
            };
            variants.push(UnionVariant { name: scope.claim(naming::type_name(&base)), ty, boxed: false, tag });
        }
        // FIXME(issue 5): discriminated unions are emitted untagged (the tag stays a field of each variant's
        // struct); internally tagged emission needs the tag property removed from the variant structs.
        if let Some(d) = discriminator {
            self.warn(
                pointer,
                format!(
                    "discriminator `{}` is kept in the docs; the union is matched by shape (untagged)",
                    d.property_name
                ),
            );
        }
        TypeKind::Union(Union { variants, tagging: Tagging::Untagged })
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

    fn component_nullable(&self, reference: &str) -> bool {
        reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|key| self.api.components.as_ref()?.schemas.get(key)?.as_item())
            .is_some_and(|schema| schema.schema_data.nullable)
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

    /// The type of a schema that normalise left inline (so it is not nameable: no properties, no enum).
    fn inline_type(&mut self, schema: &Schema, pointer: &str) -> TypeRef {
        if let Some(reference) = crate::normalise::single_reference(schema) {
            return self.reference(reference, pointer);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => TypeRef::Primitive(formats::string(&string.format)),
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Primitive(formats::integer(&integer.format)),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Primitive(formats::number(&number.format)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Bool),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => TypeRef::Vec(Box::new(self.boxed_type(items, &format!("{pointer}/items")))),
                None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
            },
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    TypeRef::Map(Box::new(self.schema_type(value, &format!("{pointer}/additionalProperties"))))
                }
                _ => TypeRef::Primitive(Primitive::JsonObject),
            },
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => {
                    TypeRef::Primitive(any.format.as_deref().map_or(Primitive::String, formats::string_by_name))
                }
                Some("integer") => {
                    TypeRef::Primitive(any.format.as_deref().map_or(Primitive::I64, formats::integer_by_name))
                }
                Some("number") => TypeRef::Primitive(if any.format.as_deref() == Some("float") {
                    Primitive::F32
                } else {
                    Primitive::F64
                }),
                Some("boolean") => TypeRef::Primitive(Primitive::Bool),
                Some("array") => match &any.items {
                    Some(items) => TypeRef::Vec(Box::new(self.boxed_type(items, &format!("{pointer}/items")))),
                    None => TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::Json))),
                },
                Some("object") => match &any.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        TypeRef::Map(Box::new(self.schema_type(value, &format!("{pointer}/additionalProperties"))))
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
            let (content_type, kind, ty) = self.content(&body.content, &format!("{pointer}/requestBody"))?;
            Some(Body {
                field: fields.claim("body".to_owned()),
                required: body.required,
                content_type,
                kind,
                ty,
                doc: body.description.clone(),
            })
        });
        let mut responses = Vec::new();
        let mut variants = Scope::new();
        for (status, response) in op.responses.responses.iter() {
            let ReferenceOr::Item(response) = response else { continue };
            let (ir_status, word) = match status {
                StatusCode::Code(code) => (Status::Code(*code), naming::status_variant_name(*code)),
                StatusCode::Range(range) => (Status::Range(*range), naming::status_range_variant_name(*range)),
            };
            responses.push(self.response(
                response,
                ir_status,
                variants.claim(word),
                &format!("{pointer}/responses/{status}"),
            ));
        }
        if let Some(ReferenceOr::Item(response)) = &op.responses.default {
            responses.push(self.response(
                response,
                Status::Default,
                variants.claim("Default".to_owned()),
                &format!("{pointer}/responses/default"),
            ));
        }
        Operation {
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id: op.operation_id.clone().unwrap_or_default(),
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
                (self.schema_type(schema, &format!("{pointer}/schema")), constraints_of(schema))
            }
            ParameterSchemaOrContent::Content(_) => {
                self.warn(
                    pointer,
                    format!("parameter `{}` is described by `content`; it is passed through as text", data.name),
                );
                (TypeRef::Primitive(Primitive::String), Constraints::default())
            }
        };
        let ty = match ty {
            TypeRef::Primitive(p) if formats::parses_from_text(p) => ty,
            TypeRef::Named(ref name) if self.is_string_enum_or_text_newtype(name) => ty,
            TypeRef::Vec(ref item) if location == ParamLocation::Query && self.parses_from_text(item) => ty,
            other => {
                self.warn(pointer, format!("parameter `{}` has a type the router cannot parse from text ({other:?}); it is passed through as text", data.name));
                TypeRef::Primitive(Primitive::String)
            }
        };
        let required = data.required || location == ParamLocation::Path;
        Some(Param {
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
        matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty())
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
        let (content_type, media) = content
            .iter()
            .find(|(ct, _)| is_json(ct))
            .or_else(|| content.iter().find(|(ct, _)| ct.starts_with("text/")))
            .or_else(|| content.iter().next())?;
        let kind = if is_json(content_type) {
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

    fn response(&mut self, response: &Response, status: Status, variant: String, pointer: &str) -> ResponseCase {
        if !response.headers.is_empty() {
            let names: Vec<&str> = response.headers.keys().map(String::as_str).collect();
            self.warn(pointer, format!("response headers ({}) are not typed yet", names.join(", ")));
        }
        let content = self.content(&response.content, pointer);
        let example = content.as_ref().and_then(|(ct, _, _)| response.content.get(ct)).and_then(|media| {
            media
                .example
                .clone()
                .or_else(|| media.examples.values().find_map(|e| e.as_item().and_then(|e| e.value.clone())))
        });
        ResponseCase {
            status,
            variant,
            description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            content_type: content.as_ref().map(|(ct, _, _)| ct.clone()),
            body: content.map(|(_, kind, ty)| (kind, ty)),
            example,
        }
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn constraints_of(schema: &ReferenceOr<Schema>) -> Constraints {
    let Some(schema) = schema.as_item() else { return Constraints::default() };
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

fn doc_of(schema: &Schema) -> Option<String> {
    schema.schema_data.description.clone().filter(|d| !d.trim().is_empty())
}

/// Boxes struct fields that close a cycle of direct containment (`Node { parent: Node }`), which would
/// otherwise be a type of infinite size. `Vec` and maps already add indirection.
fn mark_boxed_fields(types: &mut [TypeDef]) {
    let direct: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|t| {
            let mut out = BTreeSet::new();
            match &t.kind {
                TypeKind::Struct(s) => out.extend(s.fields.iter().filter_map(|f| f.ty.named().map(str::to_owned))),
                TypeKind::Union(u) => out.extend(u.variants.iter().filter_map(|v| v.ty.named().map(str::to_owned))),
                TypeKind::Newtype(ty) => out.extend(ty.named().map(str::to_owned)),
                _ => {}
            }
            (t.name.clone(), out)
        })
        .collect();
    let reaches = |from: &str, target: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == target {
                return true;
            }
            if seen.insert(current.clone()) {
                stack.extend(direct.get(&current).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let owner = t.name.clone();
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = field.ty.named() {
                        field.boxed = reaches(target, &owner);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = variant.ty.named() {
                        variant.boxed = reaches(target, &owner);
                    }
                }
            }
            _ => {}
        }
    }
}
