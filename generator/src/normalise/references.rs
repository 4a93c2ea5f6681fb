//! References followed: `$ref`s to parameters, bodies, responses and security schemes inlined, and schema
//! references copied (through aliases) into the new components; a dangling one becomes free-form JSON.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{MediaType, Parameter, ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme};

use crate::oas::union_members;
use crate::oas::SCHEMA_PREFIX;
use crate::source_map::{escape, push_escaped};

use super::{step, Hoister};

impl Hoister<'_> {
    /// The parameter at `at` (its `$ref` followed); `None` for a reference to a parameter the document
    /// does not define (a warning: nothing is known of it, not even its name) or cannot be followed (an error).
    pub(super) fn resolve_parameter(&mut self, parameter: ReferenceOr<Parameter>, at: &str) -> Option<Parameter> {
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
    pub(super) fn resolve_request_body(&mut self, body: ReferenceOr<RequestBody>, at: &str) -> Option<RequestBody> {
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
    pub(super) fn resolve_response(&mut self, response: ReferenceOr<Response>, at: &str) -> Option<Response> {
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

    pub(super) fn resolve_security_scheme(&mut self, name: &str) -> Option<SecurityScheme> {
        let scheme = self.source.security_schemes.get(name)?.clone();
        resolve(scheme, "#/components/securitySchemes/", &self.source.security_schemes).ok()
    }

    /// Follows a schema reference found at [`Hoister::at`]: the component it names (through aliases) is
    /// copied, its schema walked later by [`Hoister::copy_pending`]. Each component is followed once, so a
    /// document's references cost time linear in their number, and no stack. `Err` holds the schema that
    /// takes the position's place: "any schema" after an error, or a free-form schema saying what is missing
    /// when the document does not define the schema named (a warning: one field is lost, not the API).
    pub(super) fn reference(&mut self, reference: String) -> Result<String, Box<Schema>> {
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
        // A component that is only an alias of another is kept as an alias, of the schema its chain ends at:
        // every reader of the normalised document then resolves any reference in at most two lookups.
        // Problems further down the chain are placed at the alias that has them.
        let (mut link, mut place) = (reference.clone(), None);
        let mut aliases: Vec<String> = Vec::new();
        let end = loop {
            step();
            match self.source.schemas.get(&name) {
                None => {
                    // Not reached: every name is checked before the chain goes on to it.
                    let at = place.unwrap_or_else(|| self.at.clone());
                    self.error(&at, format!("`$ref: {link}`: no schema `{name}` in `components.schemas`"));
                    return Err(Box::new(any_schema()));
                }
                Some(ReferenceOr::Item(_)) => {
                    let end = format!("{SCHEMA_PREFIX}{name}");
                    self.pending.push(name);
                    break end;
                }
                Some(ReferenceOr::Reference { reference: target }) => {
                    let target = target.clone();
                    let here = format!("/components/schemas/{}", escape(&name));
                    let Some(next) = target.strip_prefix(SCHEMA_PREFIX) else {
                        aliases.push(name);
                        self.error(&here, format!("`$ref: {target}` points outside this document's `components.schemas`; external references are not supported"));
                        break target;
                    };
                    if !self.source.schemas.contains_key(next) {
                        // An alias of a schema the document does not define is free-form itself.
                        let next = next.to_owned();
                        self.dangling(&here, &target, "schema", &next, "the value is read as any JSON value");
                        let schema = free_form(missing_description("schema", &target));
                        self.schemas.insert(name.clone(), ReferenceOr::Item(Box::new(schema)));
                        break format!("{SCHEMA_PREFIX}{name}");
                    }
                    aliases.push(name);
                    if !self.copied.insert(next.to_owned()) {
                        // A chain met before: written already, as an alias of its end, or pending.
                        break match self.schemas.get(next) {
                            Some(ReferenceOr::Reference { reference }) => reference.clone(),
                            _ => target,
                        };
                    }
                    (name, link, place) = (next.to_owned(), target, Some(here));
                }
            }
        };
        for alias in aliases {
            self.schemas.insert(alias, ReferenceOr::Reference { reference: end.clone() });
        }
        Ok(reference)
    }

    /// Walks the components met but not walked yet. The components a walk meets are walked next, first met
    /// first: components are walked depth first, in the order the document reaches them.
    pub(super) fn copy_pending(&mut self) {
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
}

/// Why a `$ref` to a parameter, body, response or header cannot be followed.
pub(super) enum Unresolved {
    /// It names a component (this one) of the right kind that the document does not define.
    Dangling(String),
    /// It points elsewhere (another document, a path's parameter), or its chain is too long.
    Unsupported,
}

/// Follows `item`'s chain of `$ref`s (`prefix` + name) through `components`, up to 32 links.
pub(super) fn resolve<T: Clone>(
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
pub(super) fn missing_description(kind: &str, reference: &str) -> String {
    format!("Any JSON value: the document refers to the {kind} `{reference}` here, but does not define it.")
}

/// An empty schema (any JSON value) with a description.
fn free_form(description: String) -> Schema {
    let mut schema = any_schema();
    schema.schema_data.description = Some(description);
    schema
}

/// `application/json` content of any JSON value, for a body or response the document does not define.
pub(super) fn free_form_content(description: &str) -> IndexMap<String, MediaType> {
    let media = MediaType { schema: Some(ReferenceOr::Item(free_form(description.to_owned()))), ..Default::default() };
    IndexMap::from([("application/json".to_owned(), media)])
}

pub(super) fn any_schema() -> Schema {
    Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(Default::default()) }
}
