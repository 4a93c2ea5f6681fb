//! The operation's parts from the model: parameters by location, the request body and its media types, and
//! the responses by status.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    ArrayType, CookieStyle, Header, HeaderStyle, MediaType, Parameter, ParameterData, ParameterSchemaOrContent,
    PathStyle, QueryStyle, ReferenceOr, RequestBody, Response, Schema, SchemaData, SchemaKind, StatusCode, Type,
};

use super::builder::{Builder, Purpose};
use super::forms::path_parameters;
use super::model::{Body, Endpoint, Field, Markers, ParamLocation, Shape, Status, StatusSection};
use super::type_cells::TypeExpr;
impl Builder<'_> {
    pub(super) fn parameters(&mut self, endpoint: &Endpoint) -> Vec<ReferenceOr<Parameter>> {
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

    pub(super) fn request_body(&mut self) -> Option<ReferenceOr<RequestBody>> {
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

    pub(super) fn responses(&mut self, endpoint: &Endpoint) -> openapiv3::Responses {
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
