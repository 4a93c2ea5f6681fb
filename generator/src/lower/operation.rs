//! Operations → [`Operation`]s: names, parameters, security, request bodies, responses and their examples.

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind,
    SecurityScheme, StatusCode, Type,
};

use crate::endpoint::{Endpoint, Method};
use crate::formats;
use crate::ir::*;
use crate::naming::{self, Scope};
use crate::oas;
use crate::source_map::escape;

use super::schema::enum_values;
use super::{mock_text, sample, Lowerer, SampleJob, SampleSlot};

impl<'a> Lowerer<'a, '_> {
    pub(super) fn plan_operations(&mut self) -> Vec<(Endpoint, &'a OaOperation, OperationNames)> {
        let mut planned = Vec::new();
        for (path, item) in self.api.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, operation) in item.iter() {
                let Some(method) = Method::parse(method) else { continue };
                let endpoint = Endpoint::new(method, path);
                let id = operation.operation_id.clone().unwrap_or_else(|| oas::fallback_operation_id(&endpoint));
                let fn_name = self.method_scope.claim(naming::value_name(&id));
                let prefix = naming::type_name(&id);
                let request_type = self.module_scope.claim(format!("{prefix}Request"));
                let response_type = self.module_scope.claim(format!("{prefix}Response"));
                planned.push((endpoint, operation, OperationNames { fn_name, request_type, response_type }));
            }
        }
        planned
    }

    pub(super) fn operation(&mut self, endpoint: Endpoint, op: &'a OaOperation, names: OperationNames) -> Operation {
        let pointer = format!("/paths/{}/{}", escape(&endpoint.path), endpoint.method.lower());
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
            endpoint,
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

    /// How the example-backed service builds fresh values of a response `schema` ([`sample::shape`]).
    fn shape(&mut self, schema: &ReferenceOr<Schema>) -> String {
        let build = |api| sample::shape(api, schema, sample::Direction::Response).to_string();
        match schema {
            ReferenceOr::Reference { reference } => {
                self.shapes.entry(reference.clone()).or_insert_with(|| build(self.api)).clone()
            }
            ReferenceOr::Item(_) => build(self.api),
        }
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
            (Some((ct, BodyKind::Json, _)), Some(media)) if self.spec.parts.mock => {
                let mock = self
                    .valid_example(media, sample::Direction::Response, pointer, slot)
                    .map(|value| mock_text(&value));
                let media_pointer = format!("{pointer}/content/{}", escape(ct));
                let examples = self.named_examples(media, &media_pointer);
                let dynamic =
                    media.schema.as_ref().map_or_else(|| r#"{"const":null}"#.to_owned(), |schema| self.shape(schema));
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

pub(super) struct OperationNames {
    fn_name: String,
    request_type: String,
    response_type: String,
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
