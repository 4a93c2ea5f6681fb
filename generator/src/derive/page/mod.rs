//! The page model reader: any documentation page (or several) → every operation it documents, and the
//! types its pages define.
//!
//! 1. Each page becomes a run of blocks with the sections its headings make ([`blocks`]).
//! 2. Every operation the pages declare is found ([`declare`]): frontmatter, headings, endpoint lines, code
//!    blocks, table rows, generator comments and components.
//! 3. Each operation gets its scope: the largest section around its declaration that declares no other
//!    endpoint (an SDK page's table row points at the section it links to). A section or page outside every
//!    scope whose heading is a type name and that states fields is a model.
//! 4. Inside a scope, labels (headings, short paragraphs, component names) say what each table, list and
//!    example is about ([`fields::role_of`]); tables and lists become fields ([`fields`]), type strings go
//!    through the one grammar ([`type_expr`]), and JSON examples (fences, `curl -d`) fill in what the fields do
//!    not say.
//! 5. Named types resolve across all the pages by link target, anchor or name; a type no page defines is a
//!    free-form value, with a warning.
//!
//! The reader's parts: `security`, `scope`, `registry`, `assemble` and `schema`.

mod assemble;
pub mod blocks;
pub mod declare;
pub mod document;
pub mod fields;
pub mod json;
pub mod markdown_tree;
mod registry;
mod schema;
mod scope;
mod security;
pub mod type_expr;

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use markdown::mdast::Node;
use serde_json::{json, Map, Value};

use crate::diagnostic::{Diagnostics, SourceFile};
use assemble::{operation_id, Builder};
use blocks::PageModel;
use document::endpoint_key;
pub use document::path_key;
use registry::Registry;
use schema::without_places;
use scope::{model_sections, scopes, ModelSection, Scope};
use security::credentials;

/// The distinct endpoints a page declares (for choosing a reader).
pub fn endpoint_count(file: &SourceFile, root: &Node) -> usize {
    let page = PageModel::new(file, root);
    let (declarations, _) = declare::declarations(&page);
    let mut keys: Vec<String> = declarations.iter().map(|d| endpoint_key(d.method, &d.path)).collect();
    keys.sort();
    keys.dedup();
    keys.len()
}

/// One page of a file that holds a whole site.
pub struct SitePage {
    /// The page's top-level nodes (positions as in the file).
    pub root: Node,
    /// The page's name, from its source URL's last segment or its title.
    pub stem: Option<String>,
}

/// The pages of a file that holds a whole site, one after another (an `llms-full.txt`): each page starts
/// with a top-level heading that a `Source: URL` line follows (Mintlify's export) or that a thematic break
/// precedes (pages joined with `---`). Empty when the file is not such a concatenation (fewer than two
/// page starts); what precedes the first start belongs to the first page.
pub fn site_pages(root: &Node) -> Vec<SitePage> {
    let Node::Root(markdown::mdast::Root { children, .. }) = root else { return Vec::new() };
    let source_of = |node: Option<&Node>| -> Option<String> {
        let Some(Node::Paragraph(_)) = node else { return None };
        let text = markdown_tree::plain_text(node?);
        let rest = text.trim().strip_prefix("Source:").or_else(|| text.trim().strip_prefix("URL:"))?;
        let url = rest.split_whitespace().next()?;
        url.starts_with("http").then(|| url.to_owned())
    };
    let mut starts: Vec<(usize, Option<String>)> = Vec::new();
    for (index, node) in children.iter().enumerate() {
        let Node::Heading(heading) = node else { continue };
        if heading.depth != 1 {
            continue;
        }
        let source = source_of(children.get(index + 1));
        let after_break = index > 0 && matches!(children[index - 1], Node::ThematicBreak(_));
        if source.is_some() || after_break {
            let stem = source
                .as_deref()
                .and_then(|url| url.trim_end_matches('/').rsplit('/').next().map(str::to_owned))
                .map(|last| last.split(['.', '#', '?']).next().unwrap_or_default().to_ascii_lowercase())
                .filter(|stem| !stem.is_empty())
                .or_else(|| Some(blocks::slug(&markdown_tree::plain_text(node))));
            starts.push((index, stem));
        }
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    let mut pages = Vec::new();
    for (number, (start, stem)) in starts.iter().enumerate() {
        let from = if number == 0 { 0 } else { *start };
        let to = starts.get(number + 1).map_or(children.len(), |(next, _)| *next);
        let root = Node::Root(markdown::mdast::Root { children: children[from..to].to_vec(), position: None });
        pages.push(SitePage { root, stem: stem.clone() });
    }
    pages
}

/// Derives the operations and types of several pages, read together. `None` (with an error) when the
/// pages declare no operation.
pub fn derive(inputs: &[(&SourceFile, &Node)], diags: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    let sites: Vec<Vec<SitePage>> = inputs.iter().map(|(_, root)| site_pages(root)).collect();
    let mut pages: Vec<PageModel<'_>> = Vec::new();
    for ((file, root), site) in inputs.iter().zip(&sites) {
        if site.is_empty() {
            pages.push(PageModel::new(file, root));
        }
        for part in site {
            let mut page = PageModel::new(file, &part.root);
            if let Some(stem) = &part.stem {
                page.stem.clone_from(stem);
            }
            pages.push(page);
        }
    }
    let mut operations: Vec<Scope> = Vec::new();
    let mut models: Vec<ModelSection> = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let (declarations, mentions) = declare::declarations(page);
        let scopes = scopes(page, index, &declarations, diags);
        for mention in mentions {
            let key = mention.endpoint.split_once(' ').map(|(m, p)| endpoint_key(m, p)).unwrap_or_default();
            if !scopes.iter().any(|s| endpoint_key(s.method, &s.path) == key) {
                diags.warning_at(
                    &mention.location,
                    format!(
                        "`{}` is named in prose here, not documented; it is not read as an operation",
                        mention.endpoint
                    ),
                );
            }
        }
        models.extend(model_sections(page, index, &scopes));
        operations.extend(scopes);
    }
    if operations.is_empty() {
        let file = inputs.first()?.0;
        diags.error_at(
            &file.start(),
            "no API found in these pages: no operation is declared (a `METHOD /path` line, heading, table row or \
             code block, an `api:` frontmatter, or a curl command)",
        );
        return None;
    }
    let mut registry = Registry::default();
    for model in &models {
        registry.add(model, &pages[model.page]);
    }
    let mut builder = Builder {
        pages: &pages,
        registry: &registry,
        unresolved: BTreeMap::new(),
        model_fields: Vec::new(),
        model_schemas: Map::new(),
        diags,
    };
    let mut schemas = Map::new();
    for model in &models {
        let name = registry.name_of(model);
        let schema = builder.model(model);
        let Some(first) = schemas.get_mut(&name) else {
            schemas.insert(name, schema);
            continue;
        };
        // The same type on two pages: one type when the definitions agree (it records every place), a
        // warning naming both places when they do not (the first is read).
        let place = schema.get("x-source").cloned().unwrap_or(Value::Null);
        let first_place = first.get("x-source").cloned().unwrap_or(Value::Null);
        if without_places(first) == without_places(&schema) {
            let places = first
                .as_object_mut()
                .map(|map| map.entry("x-defined-at").or_insert_with(|| json!([first_place])))
                .and_then(Value::as_array_mut);
            if let Some(places) = places {
                places.push(place);
            }
        } else {
            let location = &pages[model.page].blocks[pages[model.page].sections[model.section].block].location;
            builder.diags.warning_at(
                location,
                format!(
                    "the type `{name}` is defined here differently from its definition at {}; that one is read",
                    first_place.as_str().unwrap_or("another page")
                ),
            );
        }
    }
    // Each type's fields, for recognising the type of an example that the page does not name.
    builder.model_schemas = schemas.clone();
    builder.model_fields = schemas
        .iter()
        .filter_map(|(name, schema)| {
            let fields: Vec<String> = schema.get("properties")?.as_object()?.keys().cloned().collect();
            (!fields.is_empty()).then(|| (name.clone(), fields))
        })
        .collect();
    let mut paths: IndexMap<String, IndexMap<&'static str, (Value, String)>> = IndexMap::new();
    let mut path_spelling: HashMap<String, String> = HashMap::new();
    let mut operation_ids: HashMap<String, usize> = HashMap::new();
    for scope in &operations {
        let key = path_key(&scope.path);
        let spelling = path_spelling.entry(key).or_insert_with(|| scope.path.clone()).clone();
        let item = paths.entry(spelling.clone()).or_default();
        if item.contains_key(scope.method) {
            continue;
        }
        let mut operation = builder.operation(scope, &spelling);
        let id = operation_id(&pages[scope.page], scope);
        let count = operation_ids.entry(id.clone()).or_insert(0);
        *count += 1;
        let id = if *count > 1 { format!("{id}{count}") } else { id };
        operation["operationId"] = Value::String(id.clone());
        item.insert(scope.method, (operation, id));
    }
    let unresolved = std::mem::take(&mut builder.unresolved);
    for (name, location) in unresolved {
        builder.diags.warning_at(
            &location,
            format!("the type `{name}` is not defined on these pages; it is read as any JSON value"),
        );
    }
    let title = pages
        .first()
        .and_then(|page| {
            page.sections
                .first()
                .map(|s| page.heading(page.sections.iter().position(|x| x.block == s.block).unwrap_or(0)).to_owned())
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "API".to_owned());
    let mut document = json!({
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0.0"},
        "paths": {},
    });
    for (path, item) in paths {
        let mut methods = Map::new();
        for (method, (operation, _)) in item {
            methods.insert(method.to_ascii_lowercase(), operation);
        }
        document["paths"][path] = Value::Object(methods);
    }
    if !schemas.is_empty() {
        document["components"] = json!({"schemas": schemas});
    }
    let (schemes, requirements) = credentials(&pages);
    if !schemes.is_empty() {
        if document.get("components").is_none() {
            document["components"] = json!({});
        }
        document["components"]["securitySchemes"] = Value::Object(schemes);
        document["security"] = Value::Array(requirements);
    }
    match serde_json::from_value::<openapiv3::OpenAPI>(document) {
        Ok(openapi) => Some(openapi),
        Err(error) => {
            let file = inputs.first()?.0;
            diags.error_at(
                &file.start(),
                format!("internal: the document read from these pages is not OpenAPI: {error}"),
            );
            None
        }
    }
}
