//! Normalise: a derived OpenAPI document + the listed endpoints → the document that is generated from.
//!
//! - Only the listed operations are kept (a listed endpoint the document lacks is an error), with
//!   path-level parameters merged in and `$ref`s to parameters, bodies, responses and headers inlined.
//! - A `$ref` to a component the document does not define (real documents have them) costs what it names,
//!   not the API: a located warning, and a schema, request body or response becomes free-form JSON (an
//!   empty schema whose description says what was missing); a parameter or header is left out.
//! - Every nameable inline schema (object with properties, string enum, `oneOf`/`anyOf`/`allOf`) is named
//!   and moved to `components.schemas`; identical schemas (ignoring `x-source`) become one component.
//! - Components are sorted by name; only the ones the kept operations reach are kept.
//!
//! The result is written out as the "derived OpenAPI" and is the only input of [`crate::lower`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    Paths, ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme, StatusCode, Type,
};

use crate::derive::source_map::{escape, push_escaped, SourceMap};
use crate::diagnostic::{Diagnostics, Location, SourceFile};
use crate::manifest::Endpoint;
use crate::naming;
use crate::oas::{
    enum_of_one_kind, fallback_operation_id, null_union_member, operation_slot, parameter_data_mut, parameter_location,
    single_reference, status_sort_key, union_members,
};

pub mod pagination;
pub mod router_answers;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Keeps the listed endpoints of `api` and normalises them (see the module docs). `None` when a listed
/// endpoint is missing or a reference cannot be resolved (errors say where). The document is consumed: its
/// schemas move into the result rather than being copied, so one copy of them exists at a time.
pub fn normalise(
    mut api: OpenAPI,
    endpoints: &[Endpoint],
    file: &SourceFile,
    source_map: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<OpenAPI> {
    let errors_before = diags.error_count();
    router_answers::forget(&mut api);
    let source_components = api.components.take().unwrap_or_default();
    let mut sorted: Vec<&Endpoint> = endpoints.iter().collect();
    sorted.sort_by(|a, b| (&a.path, method_rank(&a.method)).cmp(&(&b.path, method_rank(&b.method))));
    // Which listed endpoints the document defines (an error for each other), then their operations, moved
    // out of the document.
    sorted.retain(|endpoint| is_defined(&api, endpoint, file, diags));
    let mut taken = documented_ids(&api);
    let mut selected: Vec<(String, String, Operation, Vec<String>)> = Vec::new();
    for endpoint in sorted {
        let method = endpoint.method.to_ascii_lowercase();
        if let Some((operation, origins)) = take_operation(&mut api, &source_components, endpoint, &mut taken) {
            selected.push((endpoint.path.clone(), method, operation, origins));
        }
    }

    let mut hoister = Hoister::new(source_components, file, source_map, diags);
    let mut paths: IndexMap<String, ReferenceOr<PathItem>> = IndexMap::new();
    let mut scheme_names: BTreeSet<String> = BTreeSet::new();
    for requirement in api.security.iter().flatten() {
        scheme_names.extend(requirement.keys().cloned());
    }
    for (path, method, operation, origins) in selected {
        let operation = hoister.operation(operation, &path, &method, &origins);
        for requirement in operation.security.iter().flatten() {
            scheme_names.extend(requirement.keys().cloned());
        }
        let item = paths.entry(path).or_insert_with(|| ReferenceOr::Item(PathItem::default()));
        if let ReferenceOr::Item(item) = item {
            set_operation(item, &method, operation);
        }
    }
    let mut security_schemes: IndexMap<String, ReferenceOr<SecurityScheme>> = IndexMap::new();
    for name in scheme_names {
        match hoister.resolve_security_scheme(&name) {
            Some(scheme) => {
                security_schemes.insert(name, ReferenceOr::Item(scheme));
            }
            None => hoister.error(
                "/components/securitySchemes",
                format!(
                    "security requirement names scheme `{name}`, which `components.securitySchemes` does not define"
                ),
            ),
        }
    }
    let schemas = hoister.finish();
    if diags.error_count() > errors_before {
        return None;
    }
    let components = Components { security_schemes, schemas, ..Components::default() };
    let used_tags: BTreeSet<String> = paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .flat_map(|item| item.iter().flat_map(|(_, op)| op.tags.iter().cloned()))
        .collect();
    Some(OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: api.info,
        servers: api.servers,
        paths: Paths { paths, extensions: IndexMap::new() },
        components: Some(components),
        security: api.security,
        tags: api.tags.into_iter().filter(|tag| used_tags.contains(&tag.name)).collect(),
        external_docs: api.external_docs,
        extensions: api.extensions,
    })
}

/// One step of the walks over schemas and reference chains, whose number must grow linearly with the
/// document (the tests count them instead of timing them; elsewhere this is nothing).
fn step() {
    #[cfg(test)]
    tests::STEPS.with(|steps| steps.set(steps.get() + 1));
}

/// The operationIds the document gives: a fallback id ([`fallback_operation_id`]) never takes one of them.
fn documented_ids(api: &OpenAPI) -> naming::Scope {
    let mut taken = naming::Scope::new();
    for (_, _, operation) in api.operations() {
        if let Some(id) = operation.operation_id.as_deref().filter(|id| !id.trim().is_empty()) {
            taken.try_claim(id);
        }
    }
    taken
}

fn method_rank(method: &str) -> usize {
    ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
        .iter()
        .position(|m| m.eq_ignore_ascii_case(method))
        .unwrap_or(99)
}

/// Whether the document defines `endpoint`; an error at the endpoint's listing says why not.
fn is_defined(api: &OpenAPI, endpoint: &Endpoint, file: &SourceFile, diags: &mut Diagnostics) -> bool {
    let method = endpoint.method.to_ascii_lowercase();
    match api.paths.paths.get(&endpoint.path) {
        Some(ReferenceOr::Item(item)) if item.iter().any(|(m, _)| m == method) => return true,
        Some(ReferenceOr::Reference { reference }) => {
            diags.error_at(
                &endpoint.location,
                format!("path `{}` is a `$ref` ({reference}); path item references are not supported", endpoint.path),
            );
            return false;
        }
        _ => {}
    }
    let defined: Vec<String> = api
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| item.iter().map(move |(m, _)| format!("{} {path}", m.to_ascii_uppercase())))
        .take(20)
        .collect();
    let defined = if defined.is_empty() { "no operations".to_owned() } else { defined.join(", ") };
    diags.error_at(
        &endpoint.location,
        format!(
            "endpoint `{} {}` is not defined in {} (it defines: {defined})",
            endpoint.method, endpoint.path, file.path
        ),
    );
    false
}

/// The operation of `endpoint` (a defined one), moved out of the document, with the path's shared
/// parameters and an operationId, and the JSON pointer each of its parameters comes from. `None` if it was
/// taken already (an endpoint listed twice, which the manifest reports).
///
/// Endpoints without an `operationId` get one from method and path ([`fallback_operation_id`]); those may
/// derive the same one (`GET /a-b` and `GET /a_b`), or one the document gives another operation: `taken`
/// numbers the later ones (`get_a_b_2`), so every operation of the derived document has its own id.
fn take_operation(
    api: &mut OpenAPI,
    components: &Components,
    endpoint: &Endpoint,
    taken: &mut naming::Scope,
) -> Option<(Operation, Vec<String>)> {
    let ReferenceOr::Item(item) = api.paths.paths.get_mut(&endpoint.path)? else { return None };
    let mut operation = operation_slot(item, &endpoint.method)?.take()?;
    let path = escape(&endpoint.path);
    let method = endpoint.method.to_ascii_lowercase();
    let mut origins: Vec<String> =
        (0..operation.parameters.len()).map(|index| format!("/paths/{path}/{method}/parameters/{index}")).collect();
    // Path-level parameters apply unless the operation redefines the same (name, location).
    for (index, shared) in item.parameters.iter().enumerate().rev() {
        let key = parameter_key(shared, components);
        if key.is_none() || !operation.parameters.iter().any(|p| parameter_key(p, components) == key) {
            operation.parameters.insert(0, shared.clone());
            origins.insert(0, format!("/paths/{path}/parameters/{index}"));
        }
    }
    if operation.operation_id.as_deref().is_none_or(|id| id.trim().is_empty()) {
        operation.operation_id = Some(taken.claim(fallback_operation_id(&endpoint.method, &endpoint.path)));
    }
    Some((operation, origins))
}

fn parameter_key(parameter: &ReferenceOr<Parameter>, components: &Components) -> Option<(String, &'static str)> {
    let parameter = match parameter {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            components.parameters.get(name)?.as_item()?
        }
    };
    Some((parameter.parameter_data_ref().name.clone(), parameter_location(parameter)))
}

fn set_operation(item: &mut PathItem, method: &str, operation: Operation) {
    if let Some(slot) = operation_slot(item, method) {
        *slot = Some(operation);
    }
}

/// The name of a response's status as a word, used for names (`200` → `Ok`, `4XX` → `ClientError`).
pub fn status_word(status: Option<&StatusCode>) -> String {
    match status {
        None => "Default".to_owned(),
        Some(StatusCode::Code(code)) => naming::status_variant_name(*code),
        Some(StatusCode::Range(range)) => naming::status_range_variant_name(*range),
    }
}

/// Walks the kept operations, moving nameable inline schemas into the new components.
struct Hoister<'a> {
    /// The input's components; each schema is moved out when it is walked (a walked slot holds a stand-in).
    source: Components,
    file: &'a SourceFile,
    source_map: &'a SourceMap,
    diags: &'a mut Diagnostics,
    /// The new components, by name. Boxed: a schema is a kilobyte, and a hoisted property's box moves here
    /// as it is.
    schemas: BTreeMap<String, ReferenceOr<Box<Schema>>>,
    /// Canonical text of each hoisted schema → its component name, for merging identical ones.
    by_canonical: HashMap<String, String>,
    /// Names taken: every source component name (so hoisted schemas never shadow one) and every hoisted name.
    taken: naming::Scope,
    /// Source components whose first reference has been met (their copy is done or pending).
    copied: BTreeSet<String>,
    /// Source components met but not walked yet, the next to walk last. A work list rather than recursion: a
    /// chain of thousands of components referencing each other must not grow the stack.
    pending: Vec<String>,
    /// Aliases known to loop without reaching a schema, so that each is walked once.
    cyclic: BTreeSet<String>,
    /// The operation being walked, for error messages.
    context: String,
    /// The JSON pointer of the schema being walked, into the input document (grown and cut back as the walk
    /// goes down and up, so that no node costs a string of its own).
    at: String,
    /// The words an inline schema at [`Hoister::at`] is named from when it is hoisted (grown alike).
    hint: String,
}

impl<'a> Hoister<'a> {
    fn new(
        source: Components,
        file: &'a SourceFile,
        source_map: &'a SourceMap,
        diags: &'a mut Diagnostics,
    ) -> Hoister<'a> {
        let mut taken = naming::Scope::new();
        for name in source.schemas.keys() {
            taken.try_claim(name);
        }
        Hoister {
            source,
            file,
            source_map,
            diags,
            schemas: BTreeMap::new(),
            by_canonical: HashMap::new(),
            taken,
            copied: BTreeSet::new(),
            pending: Vec::new(),
            cyclic: BTreeSet::new(),
            context: String::new(),
            at: String::new(),
            hint: String::new(),
        }
    }

    /// An error about the node at `pointer` of the input document, placed through the source map.
    fn error(&mut self, pointer: &str, message: String) {
        let location = self.source_map.locate(pointer);
        let message = if self.context.is_empty() { message } else { format!("{}: {message}", self.context) };
        self.diags.error_at(&location, message);
    }

    /// A warning about the node at `pointer` of the input document, placed through the source map.
    fn warning(&mut self, pointer: &str, message: String) {
        let location = self.source_map.locate(pointer);
        let message = if self.context.is_empty() { message } else { format!("{}: {message}", self.context) };
        self.diags.warning_at(&location, message);
    }

    /// A `$ref` (at `pointer`, the object holding it) to a component `name` of `kind` (`schema`, …) that the
    /// document does not define: a warning saying what becomes of it (`outcome`).
    fn dangling(&mut self, pointer: &str, reference: &str, kind: &str, name: &str, outcome: &str) {
        let (section, _) = reference.trim_start_matches("#/").rsplit_once('/').unwrap_or(("components", ""));
        let message = format!("`$ref: {reference}`: no {kind} `{name}` in `{}`; {outcome}", section.replace('/', "."));
        self.warning(&format!("{pointer}/$ref"), message);
    }

    fn finish(mut self) -> IndexMap<String, ReferenceOr<Schema>> {
        self.copy_pending();
        let mut schemas = IndexMap::with_capacity(self.schemas.len());
        schemas.extend(self.schemas.into_iter().map(|(name, schema)| (name, schema.unbox())));
        schemas
    }

    /// Normalises one kept operation; `origins` holds the JSON pointer each of its parameters comes from.
    fn operation(&mut self, mut operation: Operation, path: &str, method: &str, origins: &[String]) -> Operation {
        self.context = format!("`{} {path}`", method.to_ascii_uppercase());
        let at = format!("/paths/{}/{method}", escape(path));
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
    /// The parameter at `at` (its `$ref` followed); `None` for a reference to a parameter the document
    /// does not define (a warning: nothing is known of it, not even its name) or cannot be followed (an error).
    fn resolve_parameter(&mut self, parameter: ReferenceOr<Parameter>, at: &str) -> Option<Parameter> {
        let reference = reference_of(&parameter);
        match resolve(parameter, "#/components/parameters/", &self.source.parameters) {
            Ok(parameter) => Some(parameter),
            Err(Unresolved::Dangling(name)) => {
                self.dangling(at, &reference, "parameter", &name, "the parameter is left out");
                None
            }
            Err(Unresolved::Unsupported) => {
                self.error(at, "unknown or unsupported parameter reference".to_owned());
                None
            }
        }
    }

    /// The request body at `at` (its `$ref` followed); a reference to a body the document does not define is
    /// an optional free-form JSON body (with a warning).
    fn resolve_request_body(&mut self, body: ReferenceOr<RequestBody>, at: &str) -> Option<RequestBody> {
        let reference = reference_of(&body);
        match resolve(body, "#/components/requestBodies/", &self.source.request_bodies) {
            Ok(body) => Some(body),
            Err(Unresolved::Dangling(name)) => {
                let outcome = "the body is read as any JSON value";
                self.dangling(at, &reference, "request body", &name, outcome);
                let description = missing_description("request body", &reference);
                let content = free_form_content(&description);
                Some(RequestBody { description: Some(description), content, required: false, ..Default::default() })
            }
            Err(Unresolved::Unsupported) => {
                self.error(at, "unknown or unsupported request body reference".to_owned());
                None
            }
        }
    }

    /// The response at `at` (its `$ref` followed); a reference to a response the document does not define
    /// keeps its status, with a free-form JSON body (and a warning).
    fn resolve_response(&mut self, response: ReferenceOr<Response>, at: &str) -> Option<Response> {
        let reference = reference_of(&response);
        match resolve(response, "#/components/responses/", &self.source.responses) {
            Ok(response) => Some(response),
            Err(Unresolved::Dangling(name)) => {
                self.dangling(at, &reference, "response", &name, "its body is read as any JSON value");
                let description = missing_description("response", &reference);
                let content = free_form_content(&description);
                Some(Response { description, content, ..Default::default() })
            }
            Err(Unresolved::Unsupported) => {
                self.error(at, "unknown or unsupported response reference".to_owned());
                None
            }
        }
    }

    fn resolve_security_scheme(&mut self, name: &str) -> Option<SecurityScheme> {
        let scheme = self.source.security_schemes.get(name)?.clone();
        resolve(scheme, "#/components/securitySchemes/", &self.source.security_schemes).ok()
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
    fn check_mapping(&mut self, schema: &Schema) {
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

    /// Follows a schema reference found at [`Hoister::at`]: the component it names (through aliases) is
    /// copied, its schema walked later by [`Hoister::copy_pending`]. Each component is followed once, so a
    /// document's references cost time linear in their number, and no stack. `Err` holds the schema that
    /// takes the position's place: "any schema" after an error, or a free-form schema saying what is missing
    /// when the document does not define the schema named (a warning: one field is lost, not the API).
    fn reference(&mut self, reference: String) -> Result<String, Box<Schema>> {
        let Some(mut name) = reference.strip_prefix(SCHEMA_PREFIX).map(str::to_owned) else {
            let at = self.at.clone();
            self.error(&at, format!("`$ref: {reference}` points outside this document's `components.schemas`; external references are not supported"));
            return Err(Box::new(any_schema()));
        };
        if !self.source.schemas.contains_key(&name) {
            let at = self.at.clone();
            self.dangling(&at, &reference, "schema", &name, "the value is read as any JSON value");
            return Err(Box::new(free_form(missing_description("schema", &reference))));
        }
        if !self.copied.insert(name.clone()) {
            return Ok(reference);
        }
        if self.alias_cycle(&name) {
            let at = self.at.clone();
            self.error(&at, format!("`$ref: {reference}` is a cycle of references that never reaches a schema"));
            return Err(Box::new(any_schema()));
        }
        // A component that is only an alias of another is kept as that alias; the chain is followed to its
        // schema. Problems further down the chain are placed at the alias that has them.
        let (mut link, mut place) = (reference.clone(), None);
        loop {
            step();
            match self.source.schemas.get(&name) {
                None => {
                    // Not reached: every name is checked before the chain goes on to it.
                    let at = place.unwrap_or_else(|| self.at.clone());
                    self.error(&at, format!("`$ref: {link}`: no schema `{name}` in `components.schemas`"));
                    return Err(Box::new(any_schema()));
                }
                Some(ReferenceOr::Item(_)) => {
                    self.pending.push(name);
                    break;
                }
                Some(ReferenceOr::Reference { reference: target }) => {
                    let target = target.clone();
                    let here = format!("/components/schemas/{}", escape(&name));
                    let Some(next) = target.strip_prefix(SCHEMA_PREFIX) else {
                        self.schemas.insert(name.clone(), ReferenceOr::Reference { reference: target.clone() });
                        self.error(&here, format!("`$ref: {target}` points outside this document's `components.schemas`; external references are not supported"));
                        break;
                    };
                    if !self.source.schemas.contains_key(next) {
                        // An alias of a schema the document does not define is free-form itself.
                        let next = next.to_owned();
                        self.dangling(&here, &target, "schema", &next, "the value is read as any JSON value");
                        let schema = free_form(missing_description("schema", &target));
                        self.schemas.insert(name, ReferenceOr::Item(Box::new(schema)));
                        break;
                    }
                    self.schemas.insert(name.clone(), ReferenceOr::Reference { reference: target.clone() });
                    if !self.copied.insert(next.to_owned()) {
                        break;
                    }
                    (name, link, place) = (next.to_owned(), target, Some(here));
                }
            }
        }
        Ok(reference)
    }

    /// Walks the components met but not walked yet. The components a walk meets are walked next, first met
    /// first: components are walked depth first, in the order the document reaches them.
    fn copy_pending(&mut self) {
        self.pending.reverse();
        while let Some(name) = self.pending.pop() {
            // Each component is pending once (`copied`): it moves out of the input, leaving a stand-in that
            // is never read (references only ask whether a component is an item).
            let Some(ReferenceOr::Item(slot)) = self.source.schemas.get_mut(&name) else { continue };
            let mut schema = Box::new(std::mem::replace(slot, any_schema()));
            self.hint.clear();
            self.hint.push_str(&name);
            self.at.clear();
            self.at.push_str("/components/schemas/");
            push_escaped(&mut self.at, &name);
            let before = self.pending.len();
            self.check_mapping(&schema);
            self.children(&mut schema);
            self.subtypes(&schema);
            self.pending[before..].reverse();
            self.schemas.insert(name, ReferenceOr::Item(schema));
        }
    }

    /// The subtypes a base schema's `discriminator.mapping` names (`Pet` → `Dog: allOf: [$ref: Pet, …]`) are
    /// kept with it: lower makes the base a tagged union of them. Only for a base that is no `oneOf`/`anyOf`
    /// (a union's mapping names its members, which are followed anyway), and only names this document's
    /// components define (a mapping is not checked here: lower keeps a base struct whose mapping it cannot use).
    fn subtypes(&mut self, schema: &Schema) {
        let Some(discriminator) = &schema.schema_data.discriminator else { return };
        if union_members(schema).is_some() {
            return;
        }
        let at = self.at.len();
        self.at.push_str("/discriminator/mapping");
        for target in discriminator.mapping.values() {
            let name = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target);
            if self.source.schemas.contains_key(name) {
                let _ = self.reference(format!("{SCHEMA_PREFIX}{name}"));
            }
        }
        self.at.truncate(at);
    }

    /// Whether the aliases from `start` (a component just met) loop without reaching a schema. A walk stops
    /// at a component met before (checked then) and remembers loops, so a document's aliases are walked
    /// once in all, however long their chains.
    fn alias_cycle(&mut self, start: &str) -> bool {
        if self.cyclic.contains(start) {
            return true;
        }
        let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
        let mut current = start;
        while let Some(ReferenceOr::Reference { reference }) = self.source.schemas.get(current) {
            step();
            let Some(next) = reference.strip_prefix(SCHEMA_PREFIX) else { return false };
            if self.cyclic.contains(next) || seen.contains(next) {
                self.cyclic.extend(seen.into_iter().map(str::to_owned));
                return true;
            }
            if self.copied.contains(next) {
                return false;
            }
            seen.insert(next);
            current = next;
        }
        false
    }

    fn children(&mut self, schema: &mut Schema) {
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

/// Why a `$ref` to a parameter, body, response or header cannot be followed.
enum Unresolved {
    /// It names a component (this one) of the right kind that the document does not define.
    Dangling(String),
    /// It points elsewhere (another document, a path's parameter), or its chain is too long.
    Unsupported,
}

/// Follows `item`'s chain of `$ref`s (`prefix` + name) through `components`, up to 32 links.
fn resolve<T: Clone>(
    item: ReferenceOr<T>,
    prefix: &str,
    components: &IndexMap<String, ReferenceOr<T>>,
) -> Result<T, Unresolved> {
    let mut current = item;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(prefix).filter(|name| !name.contains('/'));
                let name = name.ok_or(Unresolved::Unsupported)?;
                current = match components.get(name) {
                    Some(next) => next.clone(),
                    None => return Err(Unresolved::Dangling(name.to_owned())),
                };
            }
        }
    }
    Err(Unresolved::Unsupported)
}

/// The `$ref` an item is, if it is one (for messages).
fn reference_of<T>(item: &ReferenceOr<T>) -> String {
    match item {
        ReferenceOr::Reference { reference } => reference.clone(),
        ReferenceOr::Item(_) => String::new(),
    }
}

/// What the derived document says in place of a component it does not define.
fn missing_description(kind: &str, reference: &str) -> String {
    format!("Any JSON value: the document refers to the {kind} `{reference}` here, but does not define it.")
}

/// An empty schema (any JSON value) with a description.
fn free_form(description: String) -> Schema {
    let mut schema = any_schema();
    schema.schema_data.description = Some(description);
    schema
}

/// `application/json` content of any JSON value, for a body or response the document does not define.
fn free_form_content(description: &str) -> IndexMap<String, MediaType> {
    let media = MediaType { schema: Some(ReferenceOr::Item(free_form(description.to_owned()))), ..Default::default() };
    IndexMap::from([("application/json".to_owned(), media)])
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

fn any_schema() -> Schema {
    Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(Default::default()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oas::is_nullable;

    thread_local! {
        /// The [`step`]s taken on this thread.
        pub(super) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    /// Normalises `document` (JSON) with every operation listed.
    fn normalised(document: String) -> (Option<OpenAPI>, Diagnostics) {
        let file = SourceFile::new("chain.json".to_owned(), document);
        let mut diags = Diagnostics::new();
        let derived = crate::derive::derive_openapi(&file, &mut diags).expect("derives");
        let endpoints = crate::project::all_endpoints(&derived.openapi, &file);
        let api = normalise(derived.openapi.clone(), &endpoints, &file, &derived.source_map, &mut diags);
        (api, diags)
    }

    /// A discriminator mapping entry that names no schema of the document is reported where it is written,
    /// in a component and in an inline schema alike; entries naming defined schemas are not.
    #[test]
    fn a_discriminator_mapping_to_an_undefined_schema_is_reported() {
        let text = r##"openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: "#/components/schemas/Pet"}
                  shape:
                    oneOf: [{$ref: "#/components/schemas/Dog"}]
                    discriminator: {propertyName: kind, mapping: {dog: Dog, circle: Circle}}
components:
  schemas:
    Pet:
      type: object
      properties: {petType: {type: string}}
      discriminator:
        propertyName: petType
        mapping:
          dog: "#/components/schemas/Dog"
          cat: "#/components/schemas/Cat"
    Dog:
      allOf: [{$ref: "#/components/schemas/Pet"}]
"##;
        let file = SourceFile::new("mapping.yaml", text);
        let mut diags = Diagnostics::new();
        let derived = crate::derive::derive_openapi(&file, &mut diags).expect("derives");
        let endpoints = crate::project::all_endpoints(&derived.openapi, &file);
        normalise(derived.openapi, &endpoints, &file, &derived.source_map, &mut diags).expect("normalises");
        let found: Vec<String> =
            diags.sorted().iter().map(|d| format!("{}:{:?}: {}", d.file, d.position, d.message)).collect();
        let inline = "/paths/~1x/get/responses/200/content/application~1json/schema/properties/shape";
        assert_eq!(
            found,
            [
                format!("mapping.yaml:Some((17, 77)): at `{inline}/discriminator/mapping/circle`: the discriminator maps `circle` to `Circle`, which this document does not define; the mapping entry cannot be used"),
                "mapping.yaml:Some((27, 11)): at `/components/schemas/Pet/discriminator/mapping/cat`: the discriminator maps `cat` to `#/components/schemas/Cat`, which this document does not define; the mapping entry cannot be used".to_owned(),
            ]
        );
    }

    /// A document whose one operation answers `S0`, where `S{i}` leads to `S{i+1}` through `link(i + 1)`,
    /// and `S{links}` is a string.
    fn chain(links: usize, link: impl Fn(usize) -> serde_json::Value) -> String {
        let mut schemas = serde_json::Map::new();
        for index in 0..links {
            schemas.insert(format!("S{index}"), link(index + 1));
        }
        schemas.insert(format!("S{links}"), serde_json::json!({"type": "string"}));
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
            "components": {"schemas": schemas},
        })
        .to_string()
    }

    // Each link of a chain used to be a level of recursion (some 180 links overflowed an 8 MiB stack) and
    // each alias re-walked the rest of its chain (quadratic). This runs on a test thread's own stack (2 MiB
    // unless `RUST_MIN_STACK` says otherwise), and counts the walks' steps: 2 or 3 a link.
    #[test]
    fn ten_thousand_link_ref_chains_need_no_stack_and_linear_time() {
        let links = 10_000;
        let reference = |index: usize| serde_json::json!({"$ref": format!("#/components/schemas/S{index}")});
        let through_properties =
            chain(links, |next| serde_json::json!({"type": "object", "properties": {"next": reference(next)}}));
        let through_aliases = chain(links, reference);
        let through_all_of = chain(links, |next| serde_json::json!({"allOf": [reference(next), {"nullable": true}]}));
        for (kind, document) in
            [("properties", through_properties), ("aliases", through_aliases), ("allOf", through_all_of)]
        {
            STEPS.with(|steps| steps.set(0));
            let (api, diags) = normalised(document);
            let steps = STEPS.with(std::cell::Cell::get);
            assert!(!diags.has_errors(), "{kind}: {:?}", diags.sorted());
            let schemas = api.expect("normalises").components.expect("components").schemas;
            assert_eq!(schemas.len(), links + 1, "{kind}: every link is kept");
            assert!(schemas["S9999"].as_item().is_some() || kind == "aliases", "{kind}");
            // Linear: a few steps a link (counted, not timed); re-walking the rest of the chain at each link
            // took some 50 million.
            assert!(steps <= 4 * links, "{kind}: {steps} steps for {links} links");
        }
    }

    #[test]
    fn an_alias_loop_is_an_error_at_each_reference_into_it() {
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/A"},
                    "b": {"$ref": "#/components/schemas/B"},
                    "c": {"$ref": "#/components/schemas/C"},
                    "ok": {"$ref": "#/components/schemas/D"}}}}}}}}}},
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
                "C": {"$ref": "#/components/schemas/A"},
                "D": {"$ref": "#/components/schemas/E"},
                "E": {"type": "string"}}},
        });
        let (api, diags) = normalised(document.to_string());
        assert!(api.is_none());
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        let cycles = messages.iter().filter(|m| m.contains("cycle of references that never reaches a schema")).count();
        // Each reference into the loop is an error where it is, also the one reaching it through `C`.
        assert_eq!(cycles, 3, "{messages:#?}");
        assert_eq!(messages.len(), 3, "{messages:#?}");
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
