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

pub mod blocks;
pub mod declare;
pub mod document;
pub mod fields;
pub mod json;
pub mod markdown_tree;
pub mod type_expr;

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use markdown::mdast::Node;
use serde_json::{json, Map, Value};

use crate::diagnostic::{Diagnostics, Location, SourceFile};
use blocks::{inline_text, BlockKind, PageModel};
use declare::{Declaration, How};
use document::x_source;
use fields::{FieldRow, ParamIn, Role, Table};
use json::{looks_like_json, read_json_lenient};
use type_expr::TypeExpr;

/// The distinct endpoints a page declares (for choosing a reader).
pub fn endpoint_count(file: &SourceFile, root: &Node) -> usize {
    let page = PageModel::new(file, root);
    let (declarations, _) = declare::declarations(&page);
    let mut keys: Vec<String> = declarations.iter().map(|d| endpoint_key(d.method, &d.path)).collect();
    keys.sort();
    keys.dedup();
    keys.len()
}

/// The credentials the pages' examples send: `Authorization: Bearer …` or `Basic …`, and headers whose
/// names say they carry a key, token or secret (`X-API-Key`), in curl commands, in HTTP requests, and in
/// blocks of header lines under an authentication heading. Each example's set is one way to authenticate
/// (the document's `security` alternatives); the schemes are named by what they are (`bearerAuth`,
/// `basicAuth`) or by their header.
fn credentials(pages: &[PageModel<'_>]) -> (Map<String, Value>, Vec<Value>) {
    let mut schemes = Map::new();
    let mut requirements: Vec<Value> = Vec::new();
    for page in pages {
        for (index, block) in page.blocks.iter().enumerate() {
            let BlockKind::Code(code) = &block.kind else { continue };
            let mut headers = declare::curl_headers(&code.value);
            if headers.is_empty() {
                let mut lines = code.value.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
                // An HTTP request: its header lines follow the request line.
                let request = lines.peek().is_some_and(|l| l.ends_with("HTTP/1.1") || l.ends_with("HTTP/2"));
                let under_auth = page.section_of(index).is_some_and(|s| {
                    let heading = page.heading(s).to_ascii_lowercase();
                    heading.contains("auth") || heading.contains("header")
                });
                if request || under_auth {
                    headers = lines
                        .skip(usize::from(request))
                        .take_while(|line| header_line(line).is_some())
                        .filter_map(header_line)
                        .collect();
                }
            }
            let mut requirement = Map::new();
            for (name, value) in headers {
                let Some((scheme_name, scheme)) = credential_scheme(&name, &value) else { continue };
                schemes.entry(scheme_name.clone()).or_insert(scheme);
                requirement.insert(scheme_name, json!([]));
            }
            if !requirement.is_empty() && !requirements.contains(&Value::Object(requirement.clone())) {
                requirements.push(Value::Object(requirement));
            }
        }
    }
    (schemes, requirements)
}

/// `Name: value`, with a header's name (letters, digits, dashes).
fn header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let is_name = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (is_name && !value.trim().is_empty()).then(|| (name.to_owned(), value.trim().to_owned()))
}

/// The security scheme a header of an example stands for, if it carries a credential.
fn credential_scheme(name: &str, value: &str) -> Option<(String, Value)> {
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" {
        let scheme = value.split_whitespace().next()?.to_ascii_lowercase();
        return match scheme.as_str() {
            "bearer" => Some(("bearerAuth".to_owned(), json!({"type": "http", "scheme": "bearer"}))),
            "basic" => Some(("basicAuth".to_owned(), json!({"type": "http", "scheme": "basic"}))),
            _ => Some((name.to_owned(), json!({"type": "apiKey", "in": "header", "name": name}))),
        };
    }
    let carries = ["key", "token", "secret", "auth", "password"].iter().any(|word| lower.contains(word));
    carries.then(|| (name.to_owned(), json!({"type": "apiKey", "in": "header", "name": name})))
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

/// `METHOD` and the path with template names dropped.
fn endpoint_key(method: &str, path: &str) -> String {
    format!("{} {}", method.to_ascii_uppercase(), path_key(path))
}

/// A path with template names and a trailing slash dropped: `/a/{x}/` and `/a/{y}` are one path.
pub fn path_key(path: &str) -> String {
    let mut out = String::new();
    let mut in_template = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_template = true;
                out.push_str("{}");
            }
            '}' => in_template = false,
            _ if in_template => {}
            _ => out.push(ch),
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// An operation and the blocks of its page that document it.
#[derive(Debug, Clone)]
struct Scope {
    page: usize,
    method: &'static str,
    path: String,
    /// Block ranges `[start, end)`.
    ranges: Vec<(usize, usize)>,
    /// The section that holds it, for its summary and operationId.
    section: Option<usize>,
    origin: Location,
    query: Option<String>,
    /// The operationId a declaration states.
    operation_id: Option<String>,
    /// A concrete path an example sends (`/orgs/acme_123/items` for `/orgs/{org_id}/items`): its segments
    /// are examples of the path parameters.
    example_path: Option<String>,
}

/// The scopes of a page's declarations.
fn scopes(
    page: &PageModel<'_>,
    page_index: usize,
    declarations: &[Declaration],
    diags: &mut Diagnostics,
) -> Vec<Scope> {
    // Where each declaration is at home: its section, or the section a table row links to.
    let homes: Vec<(Option<usize>, usize)> = declarations
        .iter()
        .map(|d| {
            if let Some(section) = d.anchor.as_deref().and_then(|a| page.section_by_anchor(a)) {
                return (Some(section), page.sections[section].block);
            }
            (page.section_of(d.block), d.block)
        })
        .collect();
    let keys: Vec<String> = declarations.iter().map(|d| endpoint_key(d.method, &d.path)).collect();
    // A concrete path (`/orgs/acme/items`) that another declaration templates (`/orgs/{org}/items`) is that one.
    let keys: Vec<String> = keys
        .iter()
        .zip(declarations)
        .map(|(key, declaration)| {
            if key.contains("{}") || declaration.how != How::Code {
                return key.clone();
            }
            keys.iter()
                .find(|other| other.contains("{}") && concrete_matches(key, other))
                .cloned()
                .unwrap_or_else(|| key.clone())
        })
        .collect();
    // An example that sends another method to the path its section's heading or line declares is that
    // operation: the declaration is the page's statement, the example its illustration (and sometimes wrong).
    let keys: Vec<String> = keys
        .iter()
        .zip(declarations)
        .map(|(key, declaration)| {
            if declaration.how != How::Code {
                return key.clone();
            }
            let path = key.split_once(' ').map_or("", |(_, path)| path);
            let stated = (0..declarations.len()).find(|&j| {
                matches!(declarations[j].how, How::Heading | How::Line)
                    && homes[j].0.is_some_and(|h| {
                        page.sections[h].block <= declaration.block && declaration.block < page.sections[h].end
                    })
                    && keys[j].split_once(' ').is_some_and(|(_, other)| other == path)
            });
            match stated {
                Some(j) if keys[j] != *key => {
                    diags.warning_at(
                        &declaration.location,
                        format!(
                            "this example sends `{} {}` where its section documents `{} {}`; the section is read",
                            declaration.method, declaration.path, declarations[j].method, declarations[j].path
                        ),
                    );
                    keys[j].clone()
                }
                _ => key.clone(),
            }
        })
        .collect();
    let mut out: Vec<Scope> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Declarations in the order of their strength, so the scope and spelling come from the best one.
    let mut order: Vec<usize> = (0..declarations.len()).collect();
    order.sort_by_key(|&i| (declarations[i].how, i));
    for i in order {
        let declaration = &declarations[i];
        let (home, position) = homes[i];
        let others = |start: usize, end: usize| {
            (0..declarations.len()).any(|j| {
                keys[j] != keys[i] && {
                    let (_, p) = homes[j];
                    p >= start && p < end && !(declarations[j].how == How::LinkedRow && homes[j].0.is_some())
                        || declarations[j].block >= start
                            && declarations[j].block < end
                            && declarations[j].how != How::LinkedRow
                }
            })
        };
        let range = if declaration.how == How::Row
            && home.is_some_and(|h| others(page.sections[h].block, page.sections[h].end))
        {
            // A row of an index of endpoints: the operation exists; the row is all this place says of it.
            (declaration.block, declaration.block + 1)
        } else if declaration.how == How::Code && by_key.contains_key(&keys[i]) {
            // An example of an operation declared elsewhere: its own section at most, never the sections
            // around it (a stray example at the end of a page does not take the types defined there).
            match home {
                Some(h) if !others(page.sections[h].block, page.sections[h].end) => {
                    (page.sections[h].block, page.sections[h].end)
                }
                _ => (declaration.block, declaration.block + 1),
            }
        } else {
            let mut section = home;
            let (mut start, mut end) = match home {
                Some(h) => (page.sections[h].block, page.sections[h].end),
                None => (0, page.blocks.len()),
            };
            // Climb while the parent declares nothing else.
            while let Some(h) = section {
                let Some(parent) = page.sections[h].parent else { break };
                let (ps, pe) = (page.sections[parent].block, page.sections[parent].end);
                if others(ps, pe) {
                    break;
                }
                section = Some(parent);
                (start, end) = (ps, pe);
            }
            if section.is_none() || others(start, end) {
                // Several endpoints share this section: from this declaration to the next other one.
                let next = (0..declarations.len())
                    .filter(|&j| keys[j] != keys[i] && homes[j].1 > position && homes[j].1 < end)
                    .map(|j| homes[j].1)
                    .min()
                    .unwrap_or(end);
                let previous = (0..declarations.len())
                    .filter(|&j| keys[j] != keys[i] && homes[j].1 < position && homes[j].1 >= start)
                    .map(|j| homes[j].1 + 1)
                    .max()
                    .unwrap_or(start);
                start = previous.max(if section.is_some() { start } else { 0 });
                end = next;
            } else if let Some(h) = section {
                // Sections after it at its own level whose headings say what they hold (`### Response`
                // after `### GET /v1/channels`, as Slate pages put them) and that declare nothing are its.
                let depth = page.sections[h].depth;
                while let Some(next) = page.sections.iter().position(|s| s.block == end && s.depth == depth) {
                    let labelled = !matches!(fields::role_of(page.heading(next)), Role::Neutral | Role::Ignore);
                    let (ns, ne) = (page.sections[next].block, page.sections[next].end);
                    if !labelled {
                        break;
                    }
                    // Up to the next declaration (a Slate page shows the next operation's samples first).
                    let other = (0..declarations.len())
                        .filter(|&j| keys[j] != keys[i] && homes[j].1 > ns && homes[j].1 < ne)
                        .map(|j| homes[j].1)
                        .min();
                    end = other.unwrap_or(ne);
                    if other.is_some() {
                        break;
                    }
                }
            }
            (start, end)
        };
        match by_key.get(&keys[i]) {
            Some(&existing) => {
                let scope: &mut Scope = &mut out[existing];
                if !scope.ranges.iter().any(|&(s, e)| s <= range.0 && range.1 <= e) {
                    scope.ranges.push(range);
                }
                if scope.query.is_none() {
                    scope.query = declaration.query.clone();
                }
                if scope.operation_id.is_none() {
                    scope.operation_id = declaration.operation_id.clone();
                }
                if scope.example_path.is_none() && !declaration.path.contains('{') && scope.path.contains('{') {
                    scope.example_path = Some(declaration.path.clone());
                }
            }
            None => {
                by_key.insert(keys[i].clone(), out.len());
                let section = page.section_of(range.0).or(home);
                out.push(Scope {
                    page: page_index,
                    method: declaration.method,
                    path: declaration.path.clone(),
                    ranges: vec![range],
                    section,
                    origin: declaration.location.clone(),
                    query: declaration.query.clone(),
                    operation_id: declaration.operation_id.clone(),
                    example_path: None,
                });
            }
        }
    }
    out.sort_by_key(|scope| scope.ranges.first().map_or(0, |r| r.0));
    out
}

/// Whether a concrete endpoint key fits a templated one segment by segment.
fn concrete_matches(concrete: &str, templated: &str) -> bool {
    let (Some((m1, p1)), Some((m2, p2))) = (concrete.split_once(' '), templated.split_once(' ')) else { return false };
    let a: Vec<&str> = p1.split('/').collect();
    let b: Vec<&str> = p2.split('/').collect();
    m1 == m2 && a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x == y || *y == "{}" && !x.is_empty())
}

/// A section that defines a type.
#[derive(Debug, Clone)]
struct ModelSection {
    page: usize,
    section: usize,
    name: String,
}

/// Sections outside every operation's scope whose heading is a type name and which state fields or values.
fn model_sections(page: &PageModel<'_>, page_index: usize, scopes: &[Scope]) -> Vec<ModelSection> {
    let mut out = Vec::new();
    for (index, section) in page.sections.iter().enumerate() {
        let inside = scopes.iter().any(|s| s.ranges.iter().any(|&(a, b)| section.block >= a && section.block < b));
        // A section that holds operations (an API page's title) is not a type.
        let holds = scopes.iter().any(|s| s.ranges.iter().any(|&(a, _)| a > section.block && a < section.end));
        if inside || holds {
            continue;
        }
        let heading = page.heading(index).trim().trim_matches(['*', '`']);
        let name =
            heading.strip_prefix("Schema:").or_else(|| heading.strip_suffix(" object")).unwrap_or(heading).trim();
        let name = name.rsplit('.').next().unwrap_or(name);
        // `Custom Field`: a type named in words, each capitalised (the pages write `CustomField` elsewhere).
        let words: Vec<&str> = name.split_whitespace().collect();
        let joined;
        let name = if (2..=3).contains(&words.len())
            && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            joined = words.concat();
            joined.as_str()
        } else {
            name
        };
        if name.is_empty()
            || is_part_heading(name)
            || name.len() > 80
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            || name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !name.contains('_') && section.depth > 1
        {
            continue;
        }
        let has_fields = (section.block + 1..section.end).any(|b| match &page.blocks[b].kind {
            BlockKind::Table(table) => match fields::read_table(page.file, table) {
                Table::Fields(rows) => !rows.is_empty(),
                Table::Values(_) => true,
                _ => false,
            },
            BlockKind::Code(code) => literal_union(&code.value).is_some(),
            _ => false,
        });
        if has_fields {
            out.push(ModelSection { page: page_index, section: index, name: name.to_owned() });
        }
    }
    out
}

/// A schema without the places its parts were read from (`x-source`, `x-defined-at`), for comparing two
/// definitions of a type.
fn without_places(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| *key != "x-source" && *key != "x-defined-at")
                .map(|(key, value)| (key.clone(), without_places(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_places).collect()),
        other => other.clone(),
    }
}

/// The values of a union of literals (`"a" | "b" | 3`), at least two; `None` for anything else.
fn literal_union(code: &str) -> Option<Vec<Value>> {
    let parts: Vec<&str> = code.trim().trim_end_matches(';').split('|').map(str::trim).collect();
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .map(|part| {
            let quoted = part.len() >= 2
                && (part.starts_with('"') && part.ends_with('"') || part.starts_with('\'') && part.ends_with('\''));
            if quoted {
                let inner = &part[1..part.len() - 1];
                (!inner.contains(['"', '\'', '\n'])).then(|| Value::String(inner.to_owned()))
            } else {
                part.parse::<f64>().ok().and_then(|_| serde_json::from_str::<Value>(part).ok())
            }
        })
        .collect()
}

/// A sub-heading that names a part of the type above it (`## Properties`), not a type.
fn is_part_heading(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "properties"
            | "fields"
            | "attributes"
            | "members"
            | "parameters"
            | "schema"
            | "example"
            | "examples"
            | "values"
            | "enum"
            | "enums"
            | "description"
            | "definition"
            | "structure"
            | "object"
            | "type"
    )
}

/// Model names by every key the pages use to point at them.
#[derive(Default)]
struct Registry {
    keys: HashMap<String, String>,
    names: HashMap<(usize, usize), String>,
}

/// A key for lookups: lower-case letters and digits only.
fn key_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).flat_map(|c| c.to_lowercase()).collect()
}

impl Registry {
    fn add(&mut self, model: &ModelSection, page: &PageModel<'_>) {
        let name = model.name.clone();
        let mut keys = vec![key_of(&name)];
        if let BlockKind::Heading { anchors, text, .. } = &page.blocks[page.sections[model.section].block].kind {
            keys.extend(anchors.iter().map(|a| key_of(a)));
            keys.push(key_of(&blocks::slug(text)));
        }
        let first_heading =
            page.sections.iter().position(|s| s.depth == page.sections.iter().map(|x| x.depth).min().unwrap_or(1));
        if first_heading == Some(model.section) {
            keys.push(key_of(&page.stem));
        }
        for key in keys {
            if !key.is_empty() {
                self.keys.entry(key).or_insert_with(|| name.clone());
            }
        }
        self.names.insert((model.page, model.section), name);
    }

    fn name_of(&self, model: &ModelSection) -> String {
        self.names.get(&(model.page, model.section)).cloned().unwrap_or_else(|| model.name.clone())
    }

    /// The model a type name (with the links of its cell) points at.
    fn resolve(&self, name: &str, links: &[(String, String)]) -> Option<&String> {
        let plain = name.trim_matches(['*', '`']);
        for (text, target) in links {
            let text = text.trim_matches(['*', '`', '[', ']']);
            if text == plain || text.ends_with(plain) || text.contains(plain) {
                if let Some(found) = self.resolve_target(target) {
                    return Some(found);
                }
            }
        }
        let last = plain.rsplit('.').next().unwrap_or(plain);
        self.keys.get(&key_of(last)).or_else(|| self.keys.get(&key_of(plain)))
    }

    fn resolve_target(&self, target: &str) -> Option<&String> {
        if target.starts_with("http") {
            return None;
        }
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        if !fragment.is_empty() {
            if let Some(found) = self.keys.get(&key_of(fragment)) {
                return Some(found);
            }
        }
        let stem = file.rsplit('/').next().unwrap_or(file);
        let stem = stem.split('.').next().unwrap_or(stem);
        (!stem.is_empty()).then(|| self.keys.get(&key_of(stem))).flatten()
    }
}

struct Builder<'p, 'd> {
    pages: &'p [PageModel<'p>],
    registry: &'p Registry,
    unresolved: BTreeMap<String, Location>,
    /// Each type defined on the pages and its fields.
    model_fields: Vec<(String, Vec<String>)>,
    /// Each type defined on the pages, as built.
    model_schemas: Map<String, Value>,
    diags: &'d mut Diagnostics,
}

/// What an operation's scope says, gathered before the operation is built.
#[derive(Default)]
struct Gathered {
    params: Vec<(Option<ParamIn>, FieldRow)>,
    request_rows: Vec<FieldRow>,
    request_type: Option<(TypeExpr, Vec<(String, String)>)>,
    request_examples: Vec<Value>,
    responses: BTreeMap<String, Response>,
    description: Option<String>,
}

#[derive(Default)]
struct Response {
    rows: Vec<FieldRow>,
    ty: Option<(TypeExpr, Vec<(String, String)>)>,
    examples: Vec<Value>,
    description: Option<String>,
    json: bool,
}

impl Builder<'_, '_> {
    fn gather(&mut self, scope: &Scope) -> Gathered {
        let page = &self.pages[scope.page];
        let mut gathered = Gathered::default();
        for &(start, end) in &scope.ranges {
            // Headings open and close labels by depth; a labelling paragraph holds until the next heading.
            let mut headings: Vec<(u8, Role)> = Vec::new();
            let mut label: Option<Role> = None;
            for index in start..end.min(page.blocks.len()) {
                let block = &page.blocks[index];
                let current = || -> Role {
                    if let Some(role) = &label {
                        return role.clone();
                    }
                    headings.iter().rev().map(|(_, r)| r.clone()).find(|r| *r != Role::Neutral).unwrap_or(Role::Neutral)
                };
                match &block.kind {
                    BlockKind::Heading { depth, text, .. } => {
                        while headings.last().is_some_and(|(d, _)| d >= depth) {
                            headings.pop();
                        }
                        let role = if declare::endpoint_in(text, true).is_some() {
                            Role::Neutral
                        } else {
                            fields::role_of(text)
                        };
                        headings.push((*depth, role));
                        label = None;
                    }
                    BlockKind::Paragraph(node) => {
                        let text = inline_text(node);
                        let role = current();
                        // A paragraph that is only a type, under a response or request label: the body's type.
                        if text.len() <= 120 && !text.contains(". ") {
                            let (ty, links) = fields::type_cell(node);
                            if let Some(ty) = ty.filter(|t| !matches!(t, TypeExpr::Named(n) if !n.chars().next().is_some_and(char::is_uppercase) && links.is_empty())) {
                                match &role {
                                    Role::Response(status) => {
                                        let response = gathered.responses.entry(status.clone()).or_default();
                                        response.ty.get_or_insert((ty, links));
                                        response.json = true;
                                        continue;
                                    }
                                    Role::Request => {
                                        gathered.request_type.get_or_insert((ty, links));
                                        continue;
                                    }
                                    _ => {}
                                }
                            }
                        }
                        if let Some(text) = declare::is_label(block) {
                            let role = fields::role_of(&text);
                            if role != Role::Neutral {
                                label = Some(role);
                                continue;
                            }
                        }
                        if gathered.description.is_none()
                            && text.len() > 20
                            && declare::endpoint_in(&text, false).is_none()
                        {
                            gathered.description = Some(text);
                        }
                    }
                    BlockKind::Component { name, attributes } => {
                        let title =
                            attributes.iter().find(|(k, _)| k == "title").map(|(_, v)| v.as_str()).unwrap_or_default();
                        let role = fields::role_of(&format!("{name} {title}"));
                        if role != Role::Neutral {
                            label = Some(role);
                        }
                    }
                    BlockKind::Code(code) => {
                        let meta = format!(
                            "{} {}",
                            code.lang.as_deref().unwrap_or_default(),
                            code.meta.as_deref().unwrap_or_default()
                        );
                        let own = fields::role_of(&meta);
                        let role = if own == Role::Neutral { current() } else { own };
                        if let Some(data) = declare::curl_data(&code.value) {
                            if let Some(value) = json_of(&data) {
                                gathered.request_examples.push(value);
                            }
                            continue;
                        }
                        if !looks_like_json(&code.value) {
                            continue;
                        }
                        let Some(value) = json_of(&code.value) else { continue };
                        match role {
                            Role::Request => gathered.request_examples.push(value),
                            Role::Response(status) => {
                                let response = gathered.responses.entry(status).or_default();
                                response.examples.push(value);
                                response.json = true;
                            }
                            _ => {}
                        }
                    }
                    BlockKind::Table(table) => {
                        let role = current();
                        match fields::read_table(page.file, table) {
                            Table::Fields(rows) => self.route_rows(&mut gathered, role, rows, scope),
                            Table::Statuses(rows) => {
                                for row in rows {
                                    if matches!(role, Role::Ignore) {
                                        continue;
                                    }
                                    let response = gathered.responses.entry(row.status.clone()).or_default();
                                    if response.description.is_none() && !row.description.is_empty() {
                                        response.description = Some(row.description.clone());
                                    }
                                    if let Some(ty) = row.ty {
                                        response.json = true;
                                        response.ty.get_or_insert((ty, row.links));
                                    }
                                }
                            }
                            Table::Values(_) | Table::Other => {}
                        }
                    }
                    BlockKind::List(list) => {
                        let role = current();
                        if matches!(role, Role::Neutral | Role::Ignore) {
                            continue;
                        }
                        let mut rows = Vec::new();
                        if fields::read_list(page.file, list, 0, &mut rows) {
                            self.route_rows(&mut gathered, role, rows, scope);
                        }
                    }
                    BlockKind::Html(_) | BlockKind::Frontmatter(_) => {}
                }
            }
        }
        // A body stated without a status ("Return type", "Returns") goes under 200; when the page's table of
        // statuses has one other success status and not 200 (`201 | commit`), the body is that status's.
        if gathered.responses.get("200").is_some_and(|r| r.description.is_none()) {
            let successes: Vec<&String> = gathered
                .responses
                .iter()
                .filter(|(status, r)| status.starts_with('2') && *status != "200" && r.description.is_some())
                .map(|(status, _)| status)
                .collect();
            if let [only] = successes[..] {
                let only = only.clone();
                if let Some(body) = gathered.responses.remove("200") {
                    let target = gathered.responses.entry(only).or_default();
                    target.rows.extend(body.rows);
                    if target.ty.is_none() {
                        target.ty = body.ty;
                    }
                    target.examples.extend(body.examples);
                    target.json |= body.json;
                }
            }
        }
        gathered
    }

    /// Puts rows where their label says: parameters (by their `In`, the path, or the method), the request
    /// body, or a response.
    fn route_rows(&mut self, gathered: &mut Gathered, role: Role, rows: Vec<FieldRow>, scope: &Scope) {
        let role = match role {
            Role::Neutral if rows.iter().any(|r| r.location.is_some()) => Role::Params(None),
            Role::Neutral if !has_body(scope.method) => Role::Params(None),
            Role::Neutral => Role::Request,
            role => role,
        };
        match role {
            Role::Params(location) => {
                // `»` rows under a body parameter belong to the body.
                let mut in_body = false;
                for row in rows {
                    let stated = row.location.or(location);
                    if row.depth > 0 && in_body {
                        let mut row = row;
                        row.depth -= 1;
                        gathered.request_rows.push(row);
                        continue;
                    }
                    in_body = stated == Some(ParamIn::Body);
                    if in_body {
                        if let Some(ty) = row.ty.clone().filter(|t| !matches!(t, TypeExpr::Primitive(..))) {
                            gathered.request_type.get_or_insert((ty, row.links.clone()));
                        }
                        continue;
                    }
                    if is_sdk_option(&row) {
                        continue;
                    }
                    gathered.params.push((stated, row));
                }
            }
            Role::Request => gathered.request_rows.extend(rows),
            Role::Response(status) => {
                let response = gathered.responses.entry(status).or_default();
                response.json = true;
                response.rows.extend(rows);
            }
            Role::Neutral | Role::Ignore => {}
        }
    }

    fn operation(&mut self, scope: &Scope, path: &str) -> Value {
        let gathered = self.gather(scope);
        let page = &self.pages[scope.page];
        let templates: Vec<String> = document::path_templates(path);
        let mut parameters: IndexMap<(ParamIn, String), Value> = IndexMap::new();
        let mut request_rows = gathered.request_rows;
        let mut request_type = gathered.request_type;
        let mut unknown_body = None;
        let mut path_examples: HashMap<String, String> = HashMap::new();
        for (stated, row) in gathered.params {
            // A model as a parameter: an SDK's request object (its fields are the parameters), or the body.
            if let Some(TypeExpr::Named(name)) = row.ty.as_ref().map(TypeExpr::non_null) {
                if let Some(model) = self.registry.resolve(name, &row.links).cloned() {
                    if row.name == "request" || row.name == "req" || !has_body(scope.method) && stated.is_none() {
                        self.expand_request_model(
                            &model,
                            &templates,
                            scope,
                            &mut parameters,
                            &mut request_type,
                            &mut request_rows,
                        );
                        continue;
                    }
                    if has_body(scope.method) && stated.is_none() && !templates.contains(&row.name) {
                        request_type.get_or_insert((TypeExpr::Named(name.clone()), row.links.clone()));
                        continue;
                    }
                } else if row.name == "request" || row.name == "req" {
                    // An SDK's request object whose page is not among these: its fields are unknown.
                    self.diags.warning_at(
                        &row.origin,
                        format!(
                            "the request object `{name}` is not defined on these pages; the parameters it holds are not read"
                        ),
                    );
                    continue;
                } else if has_body(scope.method)
                    && stated.is_none()
                    && !templates.contains(&row.name)
                    && (!row.links.is_empty() || name.starts_with(|c: char| c.is_ascii_uppercase()))
                {
                    // A model these pages do not define, passed to a method that sends a body: the body (its
                    // type is then unknown, with a warning), unless a defined model is.
                    if row.name != "security" {
                        unknown_body.get_or_insert((TypeExpr::Named(name.clone()), row.links.clone()));
                    }
                    continue;
                }
            }
            let location = infer_location(stated, &row, &templates, scope.method);
            // OpenAPI ignores header parameters named `Accept`, `Content-Type` and `Authorization`: they are
            // the media types and the credential (an SDK page's "HTTP request headers" list).
            if location == ParamIn::Header
                && ["accept", "content-type", "authorization"].contains(&row.name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if location == ParamIn::Body {
                request_rows.push(row);
                continue;
            }
            let key = (location, row.name.clone());
            if parameters.contains_key(&key) {
                continue;
            }
            let parameter = self.parameter(location, &row);
            parameters.insert(key, parameter);
        }
        if request_type.is_none() && request_rows.is_empty() {
            request_type = unknown_body;
        }
        // An example's concrete path gives each path parameter an example value.
        if let Some(concrete) = &scope.example_path {
            let concrete: Vec<&str> = concrete.trim_end_matches('/').split('/').collect();
            let spelled: Vec<&str> = path.trim_end_matches('/').split('/').collect();
            if concrete.len() == spelled.len() {
                for (segment, value) in spelled.iter().zip(&concrete) {
                    let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else { continue };
                    if let Some(parameter) = parameters.get_mut(&(ParamIn::Path, name.to_owned())) {
                        parameter["example"] = Value::String((*value).to_owned());
                    } else {
                        path_examples.insert(name.to_owned(), (*value).to_owned());
                    }
                }
            }
        }
        // Every template of the path is a path parameter.
        for template in &templates {
            let key = (ParamIn::Path, template.clone());
            if !parameters.contains_key(&key) {
                let mut parameter = json!({"name": template, "in": "path", "required": true, "schema": {"type": "string"}, "x-source": x_source(&scope.origin)});
                if let Some(example) = path_examples.get(template) {
                    parameter["example"] = Value::String(example.clone());
                }
                parameters.insert(key, parameter);
            }
        }
        // An example URL's query names parameters the page did not list.
        if let Some(query) = &scope.query {
            for pair in query.split('&') {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                if name.is_empty()
                    || name.contains(['{', '<', '$'])
                    || parameters.contains_key(&(ParamIn::Query, name.to_owned()))
                {
                    continue;
                }
                let schema =
                    if value.is_empty() { json!({"type": "string"}) } else { infer_schema(&fields::scalar(value)) };
                parameters.insert(
                    (ParamIn::Query, name.to_owned()),
                    json!({"name": name, "in": "query", "required": false, "schema": schema, "x-source": x_source(&scope.origin)}),
                );
            }
        }
        let mut operation = json!({
            "responses": {},
            "x-source": x_source(&scope.origin),
        });
        if let Some(section) = scope.section {
            let heading = page.heading(section).trim_matches(['*', '`']).to_owned();
            if !heading.is_empty() {
                operation["summary"] = Value::String(heading);
            }
        }
        if let Some(description) = gathered.description {
            operation["description"] = Value::String(description);
        }
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters.into_values().collect());
        }
        if !request_rows.is_empty() || request_type.is_some() || !gathered.request_examples.is_empty() {
            let stated = request_type.as_ref().map(|(ty, links)| self.type_schema(ty, links, &scope.origin));
            let media = self.body_media(stated, &request_rows, &gathered.request_examples);
            operation["requestBody"] =
                json!({"content": {"application/json": media}, "x-source": x_source(&scope.origin)});
        }
        for (status, response) in gathered.responses {
            let description = response.description.clone().unwrap_or_else(|| describe_status(&status));
            let mut out = json!({"description": description, "x-source": x_source(&scope.origin)});
            if response.json || !response.rows.is_empty() || response.ty.is_some() || !response.examples.is_empty() {
                let stated = response.ty.as_ref().map(|(ty, links)| {
                    let schema = self.type_schema(ty, links, &scope.origin);
                    self.sdk_result(schema)
                });
                let media = self.body_media(stated, &response.rows, &response.examples);
                out["content"] = json!({"application/json": media});
            }
            operation["responses"][status_key(&status)] = out;
        }
        if operation["responses"].as_object().is_some_and(Map::is_empty) {
            operation["responses"]["default"] =
                json!({"description": "No response is documented.", "x-source": x_source(&scope.origin)});
        }
        operation
    }

    /// An SDK's request object: its fields become the path, query and header parameters, and its body field
    /// the request body.
    fn expand_request_model(
        &mut self,
        model: &str,
        templates: &[String],
        scope: &Scope,
        parameters: &mut IndexMap<(ParamIn, String), Value>,
        request_type: &mut Option<(TypeExpr, Vec<(String, String)>)>,
        request_rows: &mut Vec<FieldRow>,
    ) {
        let Some(rows) = self.model_rows(model) else { return };
        for row in rows {
            let body_like = {
                let lower = row.name.to_ascii_lowercase();
                lower == "requestbody" || lower == "request_body" || lower == "body"
            };
            if body_like {
                if let Some(ty) = row.ty.clone() {
                    request_type.get_or_insert((ty, row.links.clone()));
                }
                continue;
            }
            if !has_body(scope.method)
                || templates.contains(&row.name)
                || row.depth == 0
                    && !body_like
                    && row.ty.as_ref().is_some_and(|t| matches!(t.non_null(), TypeExpr::Primitive(..)))
            {
                let location = infer_location(None, &row, templates, "GET");
                let key = (location, row.name.clone());
                if !parameters.contains_key(&key) {
                    let parameter = self.parameter(location, &row);
                    parameters.insert(key, parameter);
                }
            } else {
                request_rows.push(row);
            }
        }
    }

    /// The rows of a model's first field table.
    fn model_rows(&self, name: &str) -> Option<Vec<FieldRow>> {
        for (page_index, page) in self.pages.iter().enumerate() {
            for (section_index, section) in page.sections.iter().enumerate() {
                if self.registry.names.get(&(page_index, section_index)).map(String::as_str) != Some(name) {
                    continue;
                }
                for block in section.block + 1..section.end {
                    if let BlockKind::Table(table) = &page.blocks[block].kind {
                        if let Table::Fields(rows) = fields::read_table(page.file, table) {
                            return Some(rows);
                        }
                    }
                }
            }
        }
        None
    }

    fn parameter(&mut self, location: ParamIn, row: &FieldRow) -> Value {
        let mut schema = match &row.ty {
            Some(ty) => self.type_schema(ty, &row.links, &row.origin),
            None => json!({"type": "string"}),
        };
        // A parameter of a type the pages do not define is text, as every parameter is on the wire.
        if schema.as_object().is_some_and(Map::is_empty) && matches!(&row.ty, Some(TypeExpr::Named(_))) {
            schema = json!({"type": "string"});
        }
        annotate(&mut schema, row);
        let required = location == ParamIn::Path || row.required.unwrap_or(false);
        let mut parameter = json!({"name": row.name, "in": location.as_str(), "required": required, "schema": schema, "x-source": x_source(&row.origin)});
        if !row.description.is_empty() {
            parameter["description"] = Value::String(row.description.clone());
        }
        parameter
    }

    fn type_schema(&mut self, ty: &TypeExpr, links: &[(String, String)], origin: &Location) -> Value {
        let registry = self.registry;
        let unresolved = &mut self.unresolved;
        ty.schema(&mut |name| match registry.resolve(name, links) {
            Some(model) => json!({"$ref": format!("#/components/schemas/{model}")}),
            None => {
                unresolved.entry(name.to_owned()).or_insert_with(|| origin.clone());
                json!({})
            }
        })
    }

    /// An object schema from field rows, nested by `»`/indentation and by dotted names.
    fn rows_schema(&mut self, rows: &[FieldRow]) -> Value {
        // widdershins: a body that is not an object is an `*anonymous*` row of its type, with the fields of
        // its items (or of itself) nested below it (`» id`).
        if let [first, rest @ ..] = rows {
            if first.name == "anonymous" && first.depth == 0 && rest.iter().all(|row| row.depth >= 1) {
                let mut schema = match &first.ty {
                    Some(ty) => self.type_schema(ty, &first.links, &first.origin),
                    None => json!({}),
                };
                let named = |s: &Value| s.get("$ref").is_some();
                let resolved = named(&schema) || schema.get("items").is_some_and(named);
                if !resolved && !rest.is_empty() {
                    let nested: Vec<FieldRow> =
                        rest.iter().map(|row| FieldRow { depth: row.depth - 1, ..row.clone() }).collect();
                    let fields = self.rows_schema(&nested);
                    if schema.get("type").and_then(Value::as_str) == Some("array") {
                        schema["items"] = fields;
                    } else {
                        schema = fields;
                    }
                }
                return schema;
            }
        }
        let mut root = json!({"type": "object", "properties": {}});
        // The path of the row last seen at each depth.
        let mut stack: Vec<Vec<String>> = Vec::new();
        for row in rows {
            let mut path: Vec<String> =
                if row.depth > 0 { stack.get(row.depth - 1).cloned().unwrap_or_default() } else { Vec::new() };
            path.extend(split_field_path(&row.name));
            stack.truncate(row.depth);
            stack.push(path.clone());
            let mut schema = match &row.ty {
                Some(ty) => self.type_schema(ty, &row.links, &row.origin),
                None => json!({}),
            };
            annotate(&mut schema, row);
            if let Some(map) = schema.as_object_mut() {
                map.insert("x-source".into(), x_source(&row.origin));
            }
            insert_at(&mut root, &path, schema, row.required == Some(true));
        }
        root
    }

    /// widdershins' composition: a paragraph `allOf` (`oneOf`, `anyOf`), then a table per part joined by
    /// `and` (`or`), each part an `*anonymous*` row of a named type or a table of fields.
    fn composed_model(&mut self, model: &ModelSection) -> Option<Value> {
        let page = &self.pages[model.page];
        let section = &page.sections[model.section];
        let (start, keyword) = (section.block + 1..section.end).find_map(|block| match &page.blocks[block].kind {
            BlockKind::Paragraph(node) => {
                let text = inline_text(node);
                ["allOf", "oneOf", "anyOf"].into_iter().find(|k| text.trim() == *k).map(|k| (block, k))
            }
            _ => None,
        })?;
        let mut parts = Vec::new();
        for block in start + 1..section.end {
            let BlockKind::Table(table) = &page.blocks[block].kind else { continue };
            let Table::Fields(rows) = fields::read_table(page.file, table) else { continue };
            if rows.is_empty() {
                continue;
            }
            parts.push(self.rows_schema(&rows));
        }
        (parts.len() >= 2).then(|| json!({keyword: parts, "x-source": x_source(&page.blocks[section.block].location)}))
    }

    /// A body's media type: the stated type, the documented fields merged in, and the examples filling in
    /// the rest; an example of a body nothing else describes may be recognised as a type of the pages.
    fn body_media(&mut self, stated: Option<Value>, rows: &[FieldRow], examples: &[Value]) -> Value {
        let described = stated.is_some() || !rows.is_empty();
        let mut schema = stated.unwrap_or_else(|| json!({}));
        if !rows.is_empty() {
            let rows_schema = self.rows_schema(rows);
            merge_documented(&mut schema, rows_schema);
        }
        let recognised = if described { None } else { examples.first().and_then(|e| self.model_of_example(e)) };
        if let Some(name) = recognised {
            schema = json!({"$ref": format!("#/components/schemas/{name}")});
        } else {
            for example in examples {
                fill_from_example(&mut schema, &infer_schema(example));
            }
        }
        let mut media = json!({"schema": schema});
        if let Some(example) = examples.first() {
            media["example"] = example.clone();
        }
        media
    }

    /// What an SDK method's response type holds on the wire: a type whose one field is `result` (the
    /// wrapper a Speakeasy SDK puts around a paginated body), or whose fields are the HTTP exchange's
    /// (`contentType`, `statusCode`, `rawResponse`, as older Speakeasy SDKs return) and one more, stands for
    /// that field's type.
    fn sdk_result(&self, schema: Value) -> Value {
        let Some(name) =
            schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
        else {
            return schema;
        };
        let Some(properties) =
            self.model_schemas.get(name).and_then(|m| m.get("properties")).and_then(Value::as_object)
        else {
            return schema;
        };
        const EXCHANGE: [&str; 4] = ["contentType", "statusCode", "rawResponse", "headers"];
        let exchange = properties.keys().filter(|k| EXCHANGE.contains(&k.as_str())).count();
        let rest: Vec<(&String, &Value)> = properties.iter().filter(|(k, _)| !EXCHANGE.contains(&k.as_str())).collect();
        let body = match rest[..] {
            [(name, body)] if exchange >= 2 || name == "result" && properties.len() == 1 => body,
            _ => return schema,
        };
        let mut body = body.clone();
        if let Some(map) = body.as_object_mut() {
            map.remove("description");
            map.remove("x-source");
        }
        body
    }

    /// The type defined on the pages that an example is a value of, when the page does not say: most of the
    /// example's keys are that type's fields, at least three in ten of its fields are in the example, and it
    /// shares more of them than any other type (at least two, or the one key of a small wrapper).
    fn model_of_example(&self, example: &Value) -> Option<String> {
        let keys: Vec<&String> = example.as_object()?.keys().collect();
        let mut best: Option<(usize, &String)> = None;
        for (name, fields) in &self.model_fields {
            let shared = keys.iter().filter(|k| fields.contains(k)).count();
            // A one-key example (`{"items": […]}`) fits a type of at most three fields that holds that key.
            let enough = shared >= 2 || shared == keys.len() && fields.len() <= 3;
            let fits = enough && shared * 2 > keys.len() && shared * 10 >= fields.len() * 3;
            if fits && best.is_none_or(|(most, _)| shared > most) {
                best = Some((shared, name));
            }
        }
        best.map(|(_, name)| name.clone())
    }

    fn model(&mut self, model: &ModelSection) -> Value {
        let page = &self.pages[model.page];
        let section = &page.sections[model.section];
        if let Some(schema) = self.composed_model(model) {
            return schema;
        }
        for block in section.block + 1..section.end {
            if let BlockKind::Table(table) = &page.blocks[block].kind {
                match fields::read_table(page.file, table) {
                    Table::Fields(rows) if rows.iter().all(|row| row.name == "anonymous") && !rows.is_empty() => {
                        // widdershins: a schema that is not an object is one `*anonymous*` row, its values in
                        // an "Enumerated Values" table after it.
                        let row = &rows[0];
                        let mut schema = match &row.ty {
                            Some(ty) => self.type_schema(ty, &row.links, &row.origin),
                            None => json!({}),
                        };
                        for later in block + 1..section.end {
                            if let BlockKind::Table(table) = &page.blocks[later].kind {
                                if let Table::Values(values) = fields::read_table(page.file, table) {
                                    schema["enum"] = Value::Array(values);
                                    break;
                                }
                            }
                        }
                        schema["x-source"] = x_source(&page.blocks[section.block].location);
                        return schema;
                    }
                    Table::Fields(rows) if !rows.is_empty() => {
                        let mut schema = self.rows_schema(&rows);
                        schema["x-source"] = x_source(&page.blocks[section.block].location);
                        return schema;
                    }
                    Table::Values(values) => {
                        return json!({"type": "string", "enum": values, "x-source": x_source(&page.blocks[section.block].location)});
                    }
                    _ => {}
                }
            }
        }
        // An enumeration written as a union of literals (`"a" | "b"`, Speakeasy's model pages).
        for block in section.block + 1..section.end {
            if let BlockKind::Code(code) = &page.blocks[block].kind {
                if let Some(values) = literal_union(&code.value) {
                    let kind = if values.iter().all(Value::is_string) { "string" } else { "number" };
                    return json!({"type": kind, "enum": values, "x-source": x_source(&page.blocks[section.block].location)});
                }
            }
        }
        json!({"type": "object", "x-source": x_source(&page.blocks[section.block].location)})
    }
}

fn has_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}

/// Where a parameter without a stated place goes: the path when the path names it, a header when its name
/// is a header's, else the query.
fn infer_location(stated: Option<ParamIn>, row: &FieldRow, templates: &[String], _method: &str) -> ParamIn {
    if let Some(stated) = stated {
        if stated == ParamIn::Path && !templates.contains(&row.name) && !templates.is_empty() {
            return ParamIn::Query;
        }
        return stated;
    }
    if templates.contains(&row.name) {
        return ParamIn::Path;
    }
    let lower = row.name.to_ascii_lowercase();
    if lower.starts_with("x-") || lower == "authorization" || lower == "content-type" || lower == "accept" {
        return ParamIn::Header;
    }
    ParamIn::Query
}

/// An SDK's own option (retries, request options, server URL), not part of the API.
fn is_sdk_option(row: &FieldRow) -> bool {
    row.links.iter().any(|(_, target)| {
        target.contains("/utils/") || target.contains("/lib/") || target.contains("developer.mozilla.org")
    }) || matches!(
        row.name.as_str(),
        "retries" | "server_url" | "serverURL" | "options" | "fetchOptions" | "timeout_ms" | "http_headers"
    ) || matches!(&row.ty, Some(TypeExpr::Named(n)) if n == "RequestOptions")
}

/// A type's documented details: description, default, enumeration, nullability.
fn annotate(schema: &mut Value, row: &FieldRow) {
    let Some(map) = schema.as_object_mut() else { return };
    if map.contains_key("$ref") {
        if !row.description.is_empty() || row.nullable {
            let reference = std::mem::take(map);
            map.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
        } else {
            return;
        }
    }
    if !row.description.is_empty() {
        map.insert("description".into(), Value::String(row.description.clone()));
    }
    if let Some(default) = &row.default {
        let kind = map.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
        let default = match (kind.as_str(), default) {
            ("integer", Value::String(s)) => s.parse::<i64>().map(Value::from).unwrap_or_else(|_| default.clone()),
            ("number", Value::String(s)) => s
                .parse::<f64>()
                .ok()
                .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                .unwrap_or_else(|| default.clone()),
            ("boolean", Value::String(s)) => s.parse::<bool>().map(Value::Bool).unwrap_or_else(|_| default.clone()),
            ("string", other) if !other.is_string() => Value::String(other.to_string()),
            _ => default.clone(),
        };
        let fits = match kind.as_str() {
            "integer" => default.is_i64() || default.is_u64(),
            "number" => default.is_number(),
            "boolean" => default.is_boolean(),
            "string" => default.is_string(),
            "" => true,
            _ => false,
        };
        if fits {
            map.insert("default".into(), default);
        }
    }
    if !row.enumeration.is_empty() && map.get("type").and_then(Value::as_str) == Some("string") {
        map.insert("enum".into(), Value::Array(row.enumeration.clone()));
    }
    if row.nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// `data.items[].id` → `["data", "items", "[]", "id"]`.
fn split_field_path(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split('.') {
        let mut part = part;
        let mut arrays = 0;
        while let Some(stripped) = part.strip_suffix("[]") {
            part = stripped;
            arrays += 1;
        }
        if !part.is_empty() {
            out.push(part.to_owned());
        }
        out.extend(std::iter::repeat_n("[]".to_owned(), arrays));
    }
    out
}

/// Puts a property's schema at a path inside an object schema, creating the objects and arrays between.
fn insert_at(root: &mut Value, path: &[String], schema: Value, required: bool) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut node = root;
    for segment in parents {
        node = descend(node, segment);
    }
    if last == "[]" {
        let target = if node.get("type").and_then(Value::as_str) == Some("array") || node.get("items").is_some() {
            &mut node["items"]
        } else {
            node
        };
        merge_documented(target, schema);
        return;
    }
    if node.get("$ref").is_some() || node.get("allOf").is_some() {
        return;
    }
    if node.get("type").and_then(Value::as_str) == Some("array") {
        node = node.as_object_mut().map(|m| m.entry("items").or_insert_with(|| json!({}))).expect("an object schema");
    }
    let Some(map) = node.as_object_mut() else { return };
    if !map.contains_key("type") {
        map.insert("type".into(), Value::String("object".into()));
    }
    let properties = map.entry("properties").or_insert_with(|| json!({}));
    let slot = properties.as_object_mut().map(|p| p.entry(last.clone()).or_insert_with(|| json!({})));
    if let Some(slot) = slot {
        merge_documented(slot, schema);
    }
    if required {
        let list = map.entry("required").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            if !list.iter().any(|v| v.as_str() == Some(last)) {
                list.push(Value::String(last.clone()));
            }
        }
    }
}

fn descend<'v>(node: &'v mut Value, segment: &str) -> &'v mut Value {
    if segment == "[]" {
        if !node.is_object() {
            *node = json!({});
        }
        let map = node.as_object_mut().expect("an object");
        map.entry("type").or_insert_with(|| Value::String("array".into()));
        return map.entry("items").or_insert_with(|| json!({}));
    }
    if node.get("type").and_then(Value::as_str) == Some("array") {
        let map = node.as_object_mut().expect("an object");
        let items = map.entry("items").or_insert_with(|| json!({}));
        return descend(items, segment);
    }
    if !node.is_object() {
        *node = json!({});
    }
    let map = node.as_object_mut().expect("an object");
    if !map.contains_key("type") && !map.contains_key("$ref") {
        map.insert("type".into(), Value::String("object".into()));
    }
    let properties = map.entry("properties").or_insert_with(|| json!({}));
    if !properties.is_object() {
        *properties = json!({});
    }
    properties.as_object_mut().expect("an object").entry(segment.to_owned()).or_insert_with(|| json!({}))
}

/// Documented facts laid over a schema: keys the documented schema states win, the rest stays.
fn merge_documented(target: &mut Value, documented: Value) {
    let Value::Object(documented) = documented else { return };
    if !target.is_object() {
        *target = json!({});
    }
    let map = target.as_object_mut().expect("an object");
    for (key, value) in documented {
        match (key.as_str(), map.get_mut(&key)) {
            ("properties", Some(Value::Object(existing))) => {
                if let Value::Object(value) = value {
                    for (name, schema) in value {
                        let slot = existing.entry(name).or_insert_with(|| json!({}));
                        merge_documented(slot, schema);
                    }
                }
            }
            ("items", Some(existing)) => merge_documented(existing, value),
            ("required", Some(Value::Array(existing))) => {
                if let Value::Array(value) = value {
                    for name in value {
                        if !existing.contains(&name) {
                            existing.push(name);
                        }
                    }
                }
            }
            _ => {
                map.insert(key, value);
            }
        }
    }
    if map.contains_key("$ref") && map.len() > 1 {
        // A `$ref` cannot carry siblings in OpenAPI 3.0: keep the reference.
        let reference = map.remove("$ref");
        map.retain(|k, _| k == "x-source");
        if let Some(reference) = reference {
            map.insert("$ref".into(), reference);
        }
    }
}

/// What an example adds to a documented schema: properties and types it does not state.
fn fill_from_example(target: &mut Value, example: &Value) {
    let Some(map) = target.as_object_mut() else { return };
    if map.contains_key("$ref") || map.contains_key("allOf") {
        return;
    }
    let Some(example) = example.as_object() else { return };
    for (key, value) in example {
        match key.as_str() {
            "properties" => {
                let properties = map.entry("properties").or_insert_with(|| json!({}));
                if let (Some(properties), Some(value)) = (properties.as_object_mut(), value.as_object()) {
                    for (name, schema) in value {
                        match properties.get_mut(name) {
                            Some(existing) => fill_from_example(existing, schema),
                            None => {
                                properties.insert(name.clone(), schema.clone());
                            }
                        }
                    }
                }
            }
            "items" => match map.get_mut("items") {
                Some(existing) => fill_from_example(existing, value),
                None => {
                    map.insert("items".into(), value.clone());
                }
            },
            "type" => {
                let stated = map.get("type").and_then(Value::as_str);
                if stated.is_none() {
                    map.insert("type".into(), value.clone());
                }
            }
            "format" if map.get("type") == example.get("type") && !map.contains_key("format") => {
                map.insert("format".into(), value.clone());
            }
            "nullable" => {}
            _ => {}
        }
    }
}

/// The schema an example shows: types, properties, array items; strings that are dates get their format.
fn infer_schema(value: &Value) -> Value {
    match value {
        Value::Null => json!({"nullable": true}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                json!({"type": "integer"})
            } else {
                json!({"type": "number"})
            }
        }
        Value::String(s) => {
            if is_date_time(s) {
                json!({"type": "string", "format": "date-time"})
            } else if is_date(s) {
                json!({"type": "string", "format": "date"})
            } else {
                json!({"type": "string"})
            }
        }
        Value::Array(items) => {
            let mut merged = json!({});
            for item in items.iter().take(20) {
                fill_from_example(&mut merged, &infer_schema(item));
                if merged.get("type").is_none() {
                    merged = infer_schema(item);
                }
            }
            json!({"type": "array", "items": merged})
        }
        Value::Object(members) => {
            let mut properties = Map::new();
            for (name, value) in members {
                properties.insert(name.clone(), infer_schema(value));
            }
            json!({"type": "object", "properties": properties})
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_date_time(s: &str) -> bool {
    s.len() >= 19
        && s.len() <= 40
        && is_date(&s[..10])
        && matches!(s.as_bytes()[10], b'T' | b't' | b' ')
        && s.as_bytes()[13] == b':'
}

/// A JSON example, read leniently; `None` when it is not JSON.
fn json_of(text: &str) -> Option<Value> {
    read_json_lenient(text).ok().map(|read| read.value.to_value())
}

fn status_key(status: &str) -> String {
    if status.eq_ignore_ascii_case("default") {
        "default".to_owned()
    } else {
        status.to_ascii_uppercase()
    }
}

fn describe_status(status: &str) -> String {
    match status.parse::<u16>() {
        Ok(code) => document::status_description(code),
        Err(_) => format!("{status} response"),
    }
}

/// An operationId from the operation's section (`template_list`, `List all templates`), else from the
/// endpoint.
fn operation_id(page: &PageModel<'_>, scope: &Scope) -> String {
    if let Some(id) = &scope.operation_id {
        return id.clone();
    }
    let heading = scope.section.map(|s| page.heading(s).trim_matches(['*', '`']).to_owned()).unwrap_or_default();
    let from_heading = !heading.is_empty() && declare::endpoint_in(&heading, true).is_none() && heading.len() <= 60;
    let raw = if from_heading { heading } else { format!("{} {}", scope.method.to_ascii_lowercase(), scope.path) };
    document::operation_id(&raw)
}
