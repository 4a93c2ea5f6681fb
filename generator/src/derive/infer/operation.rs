//! A page's one operation, as the component and example-page readers find it, assembled into an OpenAPI
//! document: parameters, request body and responses with their shapes, examples and places.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;
use serde_json::Value;

use super::{shape_to_schema, Field, Kind, Shape};
use crate::derive::page::document::{path_templates, set_operation, status_description, x_source};
use crate::diagnostic::{Diagnostics, Location};

/// Everything a markdown front-end found about a page's one operation.
#[derive(Debug, Clone)]
pub struct PageOperation {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub operation_id: String,
    pub method: &'static str,
    pub path: String,
    pub server: Option<String>,
    /// Where the endpoint is stated.
    pub origin: Location,
    pub parameters: Vec<PageParameter>,
    pub request_body: Option<PageBody>,
    /// By status code, in ascending order.
    pub responses: std::collections::BTreeMap<u16, PageBody>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterIn {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct PageParameter {
    pub location: ParameterIn,
    pub name: String,
    pub field: Field,
    pub origin: Location,
}

/// A request or response body: its schema (if anything describes it) and its examples, in page order.
#[derive(Debug, Clone)]
pub struct PageBody {
    pub shape: Option<Shape>,
    pub examples: Vec<Value>,
    pub description: Option<String>,
    pub required: bool,
    pub origin: Location,
}

impl ParameterIn {
    pub fn from_word(word: &str) -> Option<ParameterIn> {
        match word.to_ascii_lowercase().as_str() {
            "path" => Some(ParameterIn::Path),
            "query" => Some(ParameterIn::Query),
            "header" => Some(ParameterIn::Header),
            "cookie" => Some(ParameterIn::Cookie),
            _ => None,
        }
    }
}

impl PageBody {
    pub fn new(origin: Location) -> PageBody {
        PageBody { shape: None, examples: Vec::new(), description: None, required: false, origin }
    }
}

/// The OpenAPI 3.0.3 document of one page operation. Also checks the path against its path parameters.
pub fn assemble_document(mut page: PageOperation, diags: &mut Diagnostics) -> openapiv3::OpenAPI {
    check_path_parameters(&mut page, diags);
    let mut operation = openapiv3::Operation {
        summary: Some(page.title.clone()),
        description: page.description.clone(),
        operation_id: Some(page.operation_id.clone()),
        ..openapiv3::Operation::default()
    };
    operation.extensions.insert("x-source".to_owned(), x_source(&page.origin));
    for parameter in &page.parameters {
        operation.parameters.push(ReferenceOr::Item(parameter_of(parameter)));
    }
    if let Some(body) = &page.request_body {
        let mut request_body = openapiv3::RequestBody {
            description: body.description.clone(),
            required: body.required,
            ..openapiv3::RequestBody::default()
        };
        request_body.content.insert("application/json".to_owned(), media_type_of(body));
        request_body.extensions.insert("x-source".to_owned(), x_source(&body.origin));
        operation.request_body = Some(ReferenceOr::Item(request_body));
    }
    for (status, body) in &page.responses {
        let mut response = openapiv3::Response {
            description: body.description.clone().unwrap_or_else(|| status_description(*status)),
            ..openapiv3::Response::default()
        };
        if body.shape.is_some() || !body.examples.is_empty() {
            response.content.insert("application/json".to_owned(), media_type_of(body));
        }
        response.extensions.insert("x-source".to_owned(), x_source(&body.origin));
        operation.responses.responses.insert(openapiv3::StatusCode::Code(*status), ReferenceOr::Item(response));
    }
    if page.responses.is_empty() {
        // OpenAPI requires at least one response; say so rather than invent a body.
        diags
            .warning_at(&page.origin, "the page documents no response; a `default` response without a body is assumed");
        let mut response = openapiv3::Response {
            description: "No response is documented.".to_owned(),
            ..openapiv3::Response::default()
        };
        response.extensions.insert("x-source".to_owned(), x_source(&page.origin));
        operation.responses.default = Some(ReferenceOr::Item(response));
    }
    let mut item = openapiv3::PathItem::default();
    set_operation(&mut item, page.method, operation);
    let mut api = openapiv3::OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: openapiv3::Info {
            title: page.title.clone(),
            version: page.version.clone(),
            ..openapiv3::Info::default()
        },
        ..openapiv3::OpenAPI::default()
    };
    if let Some(url) = &page.server {
        api.servers.push(openapiv3::Server { url: url.clone(), ..openapiv3::Server::default() });
    }
    api.paths.paths.insert(page.path.clone(), ReferenceOr::Item(item));
    api
}

/// Every `{name}` of the path needs a path parameter (an undocumented one is added as a required string,
/// with a warning), every path parameter is required, and a documented path parameter the path does not
/// have is warned about.
fn check_path_parameters(page: &mut PageOperation, diags: &mut Diagnostics) {
    let templates = path_templates(&page.path);
    for parameter in &page.parameters {
        if parameter.location == ParameterIn::Path && !templates.contains(&parameter.name) {
            diags.warning_at(
                &parameter.origin,
                format!("path parameter `{}` does not occur in the path `{}`", parameter.name, page.path),
            );
        }
    }
    for name in templates {
        let documented = page.parameters.iter_mut().find(|p| p.location == ParameterIn::Path && p.name == name);
        match documented {
            Some(parameter) => parameter.field.required = Some(true),
            None => {
                diags.warning_at(
                    &page.origin,
                    format!("path parameter `{{{name}}}` is not documented; read as a required string"),
                );
                let shape = Shape::new(Kind::String).at(page.origin.clone());
                page.parameters.push(PageParameter {
                    location: ParameterIn::Path,
                    name,
                    field: Field::documented(shape, Some(true)),
                    origin: page.origin.clone(),
                });
            }
        }
    }
}

fn parameter_of(parameter: &PageParameter) -> openapiv3::Parameter {
    let mut schema = shape_to_schema(&parameter.field.shape);
    // The description, deprecation and origin belong to the parameter; its schema keeps only the type.
    let description = schema.schema_data.description.take();
    schema.schema_data.extensions.shift_remove("x-source");
    let deprecated = std::mem::take(&mut schema.schema_data.deprecated);
    let mut parameter_data = openapiv3::ParameterData {
        name: parameter.name.clone(),
        description,
        required: parameter.field.required.unwrap_or(false),
        deprecated: deprecated.then_some(true),
        format: openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)),
        example: None,
        examples: IndexMap::new(),
        explode: None,
        extensions: IndexMap::new(),
    };
    parameter_data.extensions.insert("x-source".to_owned(), x_source(&parameter.origin));
    match parameter.location {
        ParameterIn::Path => openapiv3::Parameter::Path { parameter_data, style: openapiv3::PathStyle::default() },
        ParameterIn::Query => openapiv3::Parameter::Query {
            parameter_data,
            allow_reserved: false,
            style: openapiv3::QueryStyle::default(),
            allow_empty_value: None,
        },
        ParameterIn::Header => {
            openapiv3::Parameter::Header { parameter_data, style: openapiv3::HeaderStyle::default() }
        }
        ParameterIn::Cookie => {
            openapiv3::Parameter::Cookie { parameter_data, style: openapiv3::CookieStyle::default() }
        }
    }
}

/// A body's media type: its schema, and its examples (one as `example`; several distinct ones as
/// `examples`, named `example1`, `example2`, … in page order; repeated identical examples count once).
fn media_type_of(body: &PageBody) -> openapiv3::MediaType {
    let mut media = openapiv3::MediaType {
        schema: body.shape.as_ref().map(|shape| ReferenceOr::Item(shape_to_schema(shape))),
        ..openapiv3::MediaType::default()
    };
    let mut distinct: Vec<&Value> = Vec::new();
    for example in &body.examples {
        if !distinct.contains(&example) {
            distinct.push(example);
        }
    }
    match distinct.as_slice() {
        [] => {}
        [only] => media.example = Some((*only).clone()),
        several => {
            for (index, example) in several.iter().enumerate() {
                let example = openapiv3::Example { value: Some((*example).clone()), ..openapiv3::Example::default() };
                media.examples.insert(format!("example{}", index + 1), ReferenceOr::Item(example));
            }
        }
    }
    media
}
