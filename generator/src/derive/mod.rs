//! Derive: any supported input document → one `openapiv3::OpenAPI`.
//!
//! This is the only layer that sees markdown, MDX or raw YAML/JSON text. Everything after it (normalise,
//! lower, emit) works on the OpenAPI model. Front-ends:
//! - [`openapi::text`]: a plain OpenAPI YAML/JSON file, or the text of a fenced block;
//! - [`openapi::fenced`]: a markdown page that carries an OpenAPI document in a ```` ```yaml ```` /
//!   ```` ```json ```` fence;
//! - [`readme`]: ReadMe reference pages that name an operation of a spec given with them;
//! - [`docusaurus`]: docusaurus-openapi-docs pages (the encoded `api:` operation, or the components' JSON
//!   props, inline or in files beside the page);
//! - [`mdx_components`]: Mintlify-style component pages (`<ParamField>`, `<ResponseField>`, …);
//! - [`reference_tables`]: reference pages made of markdown tables;
//! - [`example_pages`]: Docusaurus-style pages that define an API through JSON examples;
//! - [`page`]: any other pages, every operation they declare, read through the page model.
//!
//! Shared by the front-ends: [`page`] (the page model: the markdown tree, blocks and sections, fields, the
//! type grammar, lenient JSON), [`infer`] (schemas from documentation and examples),
//! [`companions`] and [`full_data`].

pub mod companions;
pub mod docusaurus;
pub mod example_pages;
pub mod full_data;
pub mod infer;
pub mod mdx_components;
pub mod openapi;
pub mod page;
pub mod readme;
pub mod reference_tables;

use std::collections::HashMap;

use openapiv3::OpenAPI;

use crate::diagnostic::{Diagnostics, SourceFile};
use crate::source_map::{self, SourceMap};
use companions::Companions;

/// A derived document, the front-end that read it, and where its nodes came from.
#[derive(Debug, Clone)]
pub struct Derived {
    pub front_end: FrontEnd,
    pub openapi: OpenAPI,
    pub source_map: SourceMap,
}

/// Which front-end produced a document; recorded for `--list` style reports and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrontEnd {
    OpenApiFile,
    FencedOpenApi,
    MdxComponents,
    ReferenceTables,
    ExamplePage,
    /// The page model reader: any pages, every operation they declare.
    Pages,
}

/// Derives the OpenAPI document of an input file. Every problem lands in `diags`; `None` means the file
/// yielded no usable document (and at least one error says why).
pub fn derive_openapi(file: &SourceFile, diags: &mut Diagnostics) -> Option<Derived> {
    derive_with(file, &Companions::default(), diags)
}

/// Derives one input file, a page finding the documents it names among `companions`.
fn derive_with(file: &SourceFile, companions: &Companions<'_>, diags: &mut Diagnostics) -> Option<Derived> {
    if file.text.trim().is_empty() {
        diags.error_in(
            &file.path,
            "the document is empty: expected OpenAPI YAML/JSON or a markdown page describing an API",
        );
        return None;
    }
    if !is_page(file) {
        let kind = if file.path.to_ascii_lowercase().ends_with(".json") {
            openapi::text::TextKind::Json
        } else {
            openapi::text::TextKind::Yaml
        };
        let embedding = source_map::Embedding::whole_file();
        let (openapi, source_map) = openapi::text::parse_openapi(file, &file.text, kind, embedding, diags)?;
        return checked(Derived { front_end: FrontEnd::OpenApiFile, openapi, source_map }, diags);
    }
    let page = page::markdown_tree::parse_page(file, diags)?;
    derive_page(file, &page, companions, diags)
}

/// The operation a page reads exactly from its generator's data: the spec operation a ReadMe page names, or a
/// docusaurus-openapi-docs page's encoded operation or components' props.
fn generator_data(
    file: &SourceFile,
    page: &page::markdown_tree::Page,
    companions: &Companions<'_>,
    diags: &mut Diagnostics,
) -> Option<Derived> {
    if let Some(derived) = readme::derive(file, &page.root, companions, diags) {
        return Some(derived);
    }
    let openapi = docusaurus::derive(file, &page.root, companions, diags)?;
    let source_map = SourceMap::of_origins(file, &openapi);
    Some(Derived { front_end: FrontEnd::Pages, openapi, source_map })
}

/// Derives a parsed page with the reader its marks call for.
fn derive_page(
    file: &SourceFile,
    page: &page::markdown_tree::Page,
    companions: &Companions<'_>,
    diags: &mut Diagnostics,
) -> Option<Derived> {
    if let Some(parsed) = openapi::fenced::derive(file, page, diags) {
        let (openapi, source_map) = parsed?;
        full_data::check_page(file, &page.root, &openapi, "the page's fenced OpenAPI", diags);
        return checked(Derived { front_end: FrontEnd::FencedOpenApi, openapi, source_map }, diags);
    }
    if let Some(derived) = generator_data(file, page, companions, diags) {
        return checked(derived, diags);
    }
    let endpoints = page::endpoint_count(file, &page.root);
    let (front_end, openapi) = if mdx_components::recognise(page) {
        (FrontEnd::MdxComponents, mdx_components::derive(file, page, diags)?)
    } else if endpoints > 1 {
        (FrontEnd::Pages, page::derive(&[(file, &page.root)], diags)?)
    } else if reference_tables::recognise(page) {
        (FrontEnd::ReferenceTables, reference_tables::derive(file, page, diags)?)
    } else if example_pages::recognise(page) {
        (FrontEnd::ExamplePage, example_pages::derive(file, page, diags)?)
    } else if endpoints == 1 {
        (FrontEnd::Pages, page::derive(&[(file, &page.root)], diags)?)
    } else {
        diags.error_at(
            &file.start(),
            "no API found in this page: expected a fenced OpenAPI document, API components (`<ParamField>`, \
             `<ResponseField>`), a reference table page with a `METHOD /path` line, or an endpoint URL with JSON examples",
        );
        return None;
    };
    let source_map = SourceMap::of_origins(file, &openapi);
    checked(Derived { front_end, openapi, source_map }, diags)
}

/// Derives one OpenAPI document from several input documents (an operations page and its model pages, a
/// site's pages): each is derived, then their paths and components are put together in the order given.
pub fn derive_documents(files: &[SourceFile], diags: &mut Diagnostics) -> Option<Derived> {
    let named = named_companions(files);
    let companions = Companions::new(named.clone());
    let rest: Vec<&SourceFile> = files.iter().filter(|file| !named.iter().any(|n| std::ptr::eq(*n, *file))).collect();
    match rest.as_slice() {
        [] => None,
        [file] => derive_with(file, &companions, diags),
        _ if rest.iter().all(|file| is_page(file)) => {
            let mut parsed = Vec::new();
            for file in &rest {
                if file.text.trim().is_empty() {
                    diags.warning_in(&file.path, "the page is empty; nothing is read from it");
                    continue;
                }
                if let Some(page) = page::markdown_tree::parse_page(file, diags) {
                    parsed.push((*file, page));
                }
            }
            // Pages that carry their generator's data are read from it, each on its own; the others together.
            let mut exact = Vec::new();
            parsed.retain(|(file, page)| match generator_data(file, page, &companions, diags) {
                Some(derived) => {
                    exact.push(derived);
                    false
                }
                None => true,
            });
            let mut merged = None;
            if !parsed.is_empty() {
                let inputs: Vec<(&SourceFile, &markdown::mdast::Node)> =
                    parsed.iter().map(|(file, page)| (*file, &page.root)).collect();
                let mut read = Diagnostics::new();
                match page::derive(&inputs, &mut read) {
                    Some(openapi) => {
                        diags.extend(read);
                        let source_map = SourceMap::of_origins(parsed[0].0, &openapi);
                        merged = Some(Derived { front_end: FrontEnd::Pages, openapi, source_map });
                    }
                    None if exact.is_empty() => {
                        diags.extend(read);
                        return None;
                    }
                    // Schema pages beside operation pages that carry their data: nothing of their own to read.
                    None => diags.warning_at(
                        &parsed[0].0.start(),
                        format!(
                            "{} page(s) declare no operation of their own; the operations are read from the generator's \
                             data of the other pages, and nothing is read from these",
                            parsed.len()
                        ),
                    ),
                }
            }
            for next in exact {
                merge_into(&mut merged, next);
            }
            checked(merged?, diags)
        }
        [first, others @ ..] => {
            let mut merged = derive_with(first, &companions, diags);
            for file in others {
                if let Some(next) = derive_with(file, &companions, diags) {
                    merge_into(&mut merged, next);
                }
            }
            merged
        }
    }
}

/// Adds a document's paths and named schemas and security schemes to `merged`, the first definition winning.
fn merge_into(merged: &mut Option<Derived>, next: Derived) {
    let Some(merged) = merged else {
        *merged = Some(next);
        return;
    };
    for (path, item) in next.openapi.paths.paths {
        let mut entry = match merged.openapi.paths.paths.entry(path) {
            indexmap::map::Entry::Vacant(entry) => {
                entry.insert(item);
                continue;
            }
            indexmap::map::Entry::Occupied(entry) => entry,
        };
        // Two pages may document two methods of one path (docusaurus-openapi-docs writes a page per operation).
        if let (openapiv3::ReferenceOr::Item(into), openapiv3::ReferenceOr::Item(item)) = (entry.get_mut(), item) {
            let openapiv3::PathItem { get, put, post, delete, options, head, patch, trace, .. } = item;
            for (slot, operation) in [
                (&mut into.get, get),
                (&mut into.put, put),
                (&mut into.post, post),
                (&mut into.delete, delete),
                (&mut into.options, options),
                (&mut into.head, head),
                (&mut into.patch, patch),
                (&mut into.trace, trace),
            ] {
                if slot.is_none() {
                    *slot = operation;
                }
            }
        }
    }
    if let Some(components) = next.openapi.components {
        let into = merged.openapi.components.get_or_insert_with(Default::default);
        for (name, schema) in components.schemas {
            into.schemas.entry(name).or_insert(schema);
        }
        for (name, scheme) in components.security_schemes {
            into.security_schemes.entry(name).or_insert(scheme);
        }
    }
}

/// The data documents (JSON, YAML) that a page among `files` names as part of itself: they are read with
/// that page, not as specs of their own. Only looked for when pages and data documents come together.
fn named_companions(files: &[SourceFile]) -> Vec<&SourceFile> {
    let data: Vec<&SourceFile> = files.iter().filter(|file| !is_page(file)).collect();
    if data.is_empty() || data.len() == files.len() {
        return Vec::new();
    }
    let all = Companions::new(data.clone());
    let mut named: Vec<&SourceFile> = Vec::new();
    for page in files.iter().filter(|file| is_page(file)) {
        // The page's own problems are reported when it is read.
        let Some(parsed) = page::markdown_tree::parse_page(page, &mut Diagnostics::new()) else { continue };
        let mut found: Vec<&SourceFile> = docusaurus::companion_paths(page, &parsed.root)
            .iter()
            .filter_map(|path| data.iter().copied().find(|file| &file.path == path))
            .collect();
        found.extend(readme::spec_reference(page, &parsed.root).and_then(|r| all.above(page, &r.file)));
        for file in found {
            if !named.iter().any(|n| std::ptr::eq(*n, file)) {
                named.push(file);
            }
        }
    }
    named
}

/// Whether a file name is one of the documents docgen reads (a page or an OpenAPI file), for inputs given
/// as folders.
pub fn is_document_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".md", ".mdx", ".markdown", ".txt", ".yaml", ".yml", ".json"].iter().any(|ext| lower.ends_with(ext))
}

/// Whether a file is a documentation page (markdown, MDX, text), not an OpenAPI file.
fn is_page(file: &SourceFile) -> bool {
    let lower = file.path.to_ascii_lowercase();
    !(lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json"))
}

/// The document-wide rules a derived document must keep, whichever front-end made it.
fn checked(derived: Derived, diags: &mut Diagnostics) -> Option<Derived> {
    check_unique_operation_ids(&derived, diags).then_some(derived)
}

/// Every `operationId` names one operation (OpenAPI requires it; two would become one Rust method).
fn check_unique_operation_ids(derived: &Derived, diags: &mut Diagnostics) -> bool {
    let mut first_use: HashMap<&str, String> = HashMap::new();
    let mut unique = true;
    for (path, item) in &derived.openapi.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in item.iter() {
            let Some(id) = operation.operation_id.as_deref() else { continue };
            let endpoint = format!("{} {path}", method.to_ascii_uppercase());
            match first_use.get(id) {
                Some(first) => {
                    unique = false;
                    let pointer = format!("/paths/{}/{method}/operationId", source_map::escape(path));
                    diags.error_at(
                        &derived.source_map.locate(&pointer),
                        format!("operationId `{id}` of `{endpoint}` is already the operationId of `{first}`; operationIds must be unique"),
                    );
                }
                None => {
                    first_use.insert(id, endpoint);
                }
            }
        }
    }
    unique
}
