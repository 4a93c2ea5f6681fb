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
//! The result is written out as the "derived OpenAPI" and is the only input of `lower`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Operation, PathItem, Paths, ReferenceOr, Schema, SecurityScheme};

use crate::diagnostic::{Diagnostics, SourceFile};
use crate::endpoint::Endpoint;
use crate::manifest::EndpointEntry;
use crate::naming;
use crate::source_map::SourceMap;

mod hoist;
pub mod pagination;
mod references;
pub mod router_answers;
mod select;

use self::select::{documented_ids, is_defined, take_operation};

/// Keeps the listed endpoints of `api` and normalises them (see the module docs). `None` when a listed
/// endpoint is missing or a reference cannot be resolved (errors say where). The document is consumed: its
/// schemas move into the result rather than being copied, so one copy of them exists at a time.
pub fn normalise(
    mut api: OpenAPI,
    endpoints: &[EndpointEntry],
    file: &SourceFile,
    source_map: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<OpenAPI> {
    let errors_before = diags.error_count();
    router_answers::forget(&mut api);
    let source_components = api.components.take().unwrap_or_default();
    let mut sorted: Vec<&EndpointEntry> = endpoints.iter().collect();
    sorted.sort_by(|a, b| (&a.endpoint.path, a.endpoint.method).cmp(&(&b.endpoint.path, b.endpoint.method)));
    // Which listed endpoints the document defines (an error for each other), then their operations, moved
    // out of the document.
    sorted.retain(|endpoint| is_defined(&api, endpoint, file, diags));
    let mut taken = documented_ids(&api);
    let mut selected: Vec<(Endpoint, Operation, Vec<String>)> = Vec::new();
    for entry in sorted {
        if let Some((operation, origins)) = take_operation(&mut api, &source_components, &entry.endpoint, &mut taken) {
            selected.push((entry.endpoint.clone(), operation, origins));
        }
    }
    // What is left of the input's paths (emptied slots, path-level parameters now copied into their
    // operations) is not read again: it goes before the operations are walked.
    api.paths = Paths::default();

    let mut hoister = Hoister::new(source_components, file, source_map, diags);
    let mut paths: IndexMap<String, ReferenceOr<PathItem>> = IndexMap::new();
    let mut scheme_names: BTreeSet<String> = BTreeSet::new();
    for requirement in api.security.iter().flatten() {
        scheme_names.extend(requirement.keys().cloned());
    }
    for (endpoint, operation, origins) in selected {
        let operation = hoister.operation(operation, &endpoint, &origins);
        for requirement in operation.security.iter().flatten() {
            scheme_names.extend(requirement.keys().cloned());
        }
        let item = paths.entry(endpoint.path).or_insert_with(|| ReferenceOr::Item(PathItem::default()));
        if let ReferenceOr::Item(item) = item {
            *crate::oas::operation_slot(item, endpoint.method) = Some(operation);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Endpoint, Method};
    use crate::source_map::Embedding;

    thread_local! {
        /// The [`step`]s taken on this thread.
        pub(super) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Normalises `document` (OpenAPI 3.0 JSON, a [`chain`]) with its one operation, `GET /a`, listed.
    fn normalised(document: String) -> (Option<OpenAPI>, Diagnostics) {
        let file = SourceFile::new("chain.json".to_owned(), document);
        let mut diags = Diagnostics::new();
        let api: OpenAPI = serde_json::from_str(&file.text).expect("an OpenAPI 3.0 document");
        let source_map = SourceMap::of_text_indexed(&file, &file.text, Embedding::whole_file(), false);
        let endpoints = [EndpointEntry { endpoint: Endpoint::new(Method::Get, "/a"), location: file.start() }];
        let api = normalise(api, &endpoints, &file, &source_map, &mut diags);
        (api, diags)
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

    // A walk that recursed once per link of a chain would overflow an 8 MiB stack at some 180 links, and one
    // that re-walked the rest of the chain for each alias would be quadratic. This runs on a test thread's own
    // stack (2 MiB unless `RUST_MIN_STACK` says otherwise), and counts the walks' steps: 2 or 3 a link.
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
            if kind == "aliases" {
                // Every alias is an alias of the chain's end: two lookups reach the schema from anywhere.
                let end = format!("#/components/schemas/S{links}");
                let to_end = schemas
                    .values()
                    .filter(|schema| matches!(schema, ReferenceOr::Reference { reference } if *reference == end))
                    .count();
                assert_eq!(to_end, links, "{kind}: every alias names the end of its chain");
            }
            // Linear: a few steps a link (counted, not timed); re-walking the rest of the chain at each link
            // took some 50 million.
            assert!(steps <= 4 * links, "{kind}: {steps} steps for {links} links");
        }
    }
}
