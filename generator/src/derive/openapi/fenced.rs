//! Markdown pages that carry an OpenAPI document in a fenced code block (Mintlify's "OpenAPI" pages), or
//! Mintlify's condensed form of one operation ([`super::condensed`]).
//!
//! The block is found through the markdown tree: a `code` node whose language is `yaml`, `yml` or `json`
//! and whose content is a mapping with an `openapi` (or `swagger`) key. Errors inside it are placed in the
//! page, not in the block.

use markdown::mdast::{Code, Node};
use openapiv3::OpenAPI;

use super::text::{self, TextKind};
use crate::derive::page::markdown_tree::{node_location, walk, Page};
use crate::diagnostic::{Diagnostics, SourceFile};
use crate::source_map::Embedding;
use crate::source_map::SourceMap;

/// `None`: the page has no fenced OpenAPI document. `Some(None)`: it has one, and it has errors.
pub fn derive(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Option<Option<(OpenAPI, SourceMap)>> {
    let mut blocks: Vec<(&Code, TextKind)> = Vec::new();
    let mut condensed: Vec<(&Code, serde_json::Value)> = Vec::new();
    walk(&page.root, &mut |node| {
        if let Node::Code(code) = node {
            if let Some(kind) = fence_kind(code).filter(|kind| looks_like_openapi(&code.value, *kind)) {
                blocks.push((code, kind));
            } else if let Some(value) = condensed_operation(code) {
                condensed.push((code, value));
            }
        }
    });
    if blocks.is_empty() {
        return read_condensed(file, page, &condensed, diags);
    }
    let (first, kind) = *blocks.first()?;
    let Some((mut openapi, source_map)) = text::parse_openapi(file, &first.value, kind, embedding_of(first), diags)
    else {
        return Some(None);
    };
    // A site export (`llms-full.txt`) or a page of several operations carries one document per operation:
    // their paths and components are read together, the first definition of a name winning.
    for (extra, kind) in &blocks[1..] {
        let mut extra_diags = Diagnostics::new();
        let parsed = text::parse_openapi(file, &extra.value, *kind, embedding_of(extra), &mut extra_diags);
        let location = node_location(file, &Node::Code((*extra).clone()));
        let Some((document, _)) = parsed.filter(|_| !extra_diags.has_errors()) else {
            diags.warning_at(&location, "this fenced OpenAPI document has errors; it is not read");
            continue;
        };
        merge_document(&mut openapi, document, &location, diags);
    }
    for (code, value) in &condensed {
        let location = node_location(file, &Node::Code((*code).clone()));
        if let Some(document) = super::condensed::read(value, &title_before(page, code), &location, diags) {
            merge_document(&mut openapi, document, &location, diags);
        }
    }
    Some(Some((openapi, source_map)))
}

/// A page whose fences hold Mintlify's condensed operations (and no whole document): their union, placed
/// through each operation's `x-source`.
fn read_condensed(
    file: &SourceFile,
    page: &Page,
    condensed: &[(&Code, serde_json::Value)],
    diags: &mut Diagnostics,
) -> Option<Option<(OpenAPI, SourceMap)>> {
    let mut merged: Option<OpenAPI> = None;
    for (code, value) in condensed {
        let location = node_location(file, &Node::Code((*code).clone()));
        let Some(document) = super::condensed::read(value, &title_before(page, code), &location, diags) else {
            continue;
        };
        match &mut merged {
            None => merged = Some(document),
            Some(into) => merge_document(into, document, &location, diags),
        }
    }
    if condensed.is_empty() {
        return None;
    }
    Some(merged.map(|openapi| {
        let source_map = SourceMap::of_origins(file, &openapi);
        (openapi, source_map)
    }))
}

/// A fence's YAML when it is a condensed operation.
fn condensed_operation(code: &Code) -> Option<serde_json::Value> {
    if fence_kind(code) != Some(TextKind::Yaml) || !code.value.starts_with("paths:") {
        return None;
    }
    if super::text::too_deep_yaml(&code.value).is_some() {
        return None;
    }
    let value: serde_json::Value = serde_yaml::from_str(&code.value).ok()?;
    super::condensed::recognise(&value).then_some(value)
}

/// The title of the page (or of the site page) an operation's fence is on: the nearest level-1 heading
/// before it.
fn title_before(page: &Page, code: &Code) -> String {
    let line = code.position.as_ref().map_or(usize::MAX, |p| p.start.line);
    let mut title = String::new();
    for node in page.root.children().into_iter().flatten() {
        if node.position().is_some_and(|p| p.start.line >= line) {
            break;
        }
        if let Node::Heading(heading) = node {
            if heading.depth == 1 {
                title = crate::derive::page::markdown_tree::plain_text(node);
            }
        }
    }
    if title.is_empty() {
        "API".to_owned()
    } else {
        title
    }
}

/// Adds another document's operations and components to `into`; an endpoint or a component name already
/// there keeps its first definition (a differing one is a warning at `location`).
fn merge_document(into: &mut OpenAPI, other: OpenAPI, location: &crate::diagnostic::Location, diags: &mut Diagnostics) {
    for (path, item) in other.paths.paths {
        match (into.paths.paths.get_mut(&path), item) {
            (None, item) => {
                into.paths.paths.insert(path, item);
            }
            (Some(openapiv3::ReferenceOr::Item(existing)), openapiv3::ReferenceOr::Item(item)) => {
                for (method, operation) in item.iter() {
                    if existing.iter().any(|(m, _)| m == method) {
                        continue;
                    }
                    crate::derive::page::document::set_operation(
                        existing,
                        &method.to_ascii_uppercase(),
                        operation.clone(),
                    );
                }
            }
            _ => {}
        }
    }
    let Some(components) = other.components else { return };
    let target = into.components.get_or_insert_with(Default::default);
    let mut conflicts = Vec::new();
    macro_rules! merge {
        ($field:ident) => {
            for (name, value) in components.$field {
                match target.$field.get(&name) {
                    Some(existing) if *existing != value => conflicts.push(name),
                    Some(_) => {}
                    None => {
                        target.$field.insert(name, value);
                    }
                }
            }
        };
    }
    merge!(schemas);
    merge!(responses);
    merge!(parameters);
    merge!(examples);
    merge!(request_bodies);
    merge!(headers);
    merge!(security_schemes);
    merge!(links);
    merge!(callbacks);
    if !conflicts.is_empty() {
        diags.warning_at(
            location,
            format!(
                "this document defines {} differently from an earlier one on the page; the first definition is kept",
                conflicts.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

fn fence_kind(code: &Code) -> Option<TextKind> {
    match code.lang.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("yaml" | "yml") => Some(TextKind::Yaml),
        Some("json") => Some(TextKind::Json),
        _ => None,
    }
}

/// A structural test: the block's top level is a mapping with an `openapi` or `swagger` key. (A struct
/// probe would not do: serde lets a struct deserialize from a sequence, so any JSON array would match.)
fn looks_like_openapi(text: &str, kind: TextKind) -> bool {
    let has_key = |key: &str| match kind {
        // Too deep to parse safely: the line test below decides, and the parse reports the depth.
        TextKind::Yaml if super::text::too_deep_yaml(text).is_some() => None,
        TextKind::Yaml => {
            serde_yaml::from_str::<serde_yaml::Value>(text).ok().map(|v| v.is_mapping() && v.get(key).is_some())
        }
        TextKind::Json => serde_json::from_str::<serde_json::Value>(text).ok().map(|v| v.get(key).is_some()),
    };
    match (has_key("openapi"), has_key("swagger")) {
        (Some(openapi), Some(swagger)) => openapi || swagger,
        // A block that does not even parse is an OpenAPI block with errors if a top-level line says so.
        _ => text.lines().any(|line| line.starts_with("openapi:") || line.starts_with("swagger:")),
    }
}

/// The content of a fence starts on the line after the opening fence, shifted by the fence's indentation.
fn embedding_of(code: &Code) -> Embedding {
    match &code.position {
        Some(position) => Embedding { first_line: position.start.line + 1, column_shift: position.start.column - 1 },
        None => Embedding::whole_file(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::page::markdown_tree::parse_page;

    #[test]
    fn error_in_fence_is_reported_at_page_line() {
        let text = "# Title\n\nSome prose.\n\n```yaml\nopenapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n```\n";
        let file = SourceFile::new("specs/p.md", text);
        let mut diags = Diagnostics::new();
        let page = parse_page(&file, &mut diags).unwrap();
        let result = derive(&file, &page, &mut diags);
        assert!(matches!(result, Some(None)));
        let rendered = diags.to_string();
        // `responses: 7` is line 8 of the block, which opens on line 5: line 13 of the page.
        assert!(
            rendered.starts_with("specs/p.md:13:7: error: invalid OpenAPI at `/paths/~1a/get/responses`"),
            "{rendered}"
        );
    }

    #[test]
    fn json_arrays_are_not_openapi() {
        assert!(!looks_like_openapi("[{\"id\": 1}, {\"id\": 2}]", TextKind::Json));
        assert!(!looks_like_openapi("- a\n- b\n", TextKind::Yaml));
        assert!(looks_like_openapi("{\"openapi\": \"3.0.0\"}", TextKind::Json));
        assert!(looks_like_openapi("openapi: 3.0.0\ninfo: [\n", TextKind::Yaml));
    }

    #[test]
    fn page_without_fence_is_not_claimed() {
        let file = SourceFile::new("specs/p.md", "# Title\n\n```json\n{\"a\": 1}\n```\n");
        let mut diags = Diagnostics::new();
        let page = parse_page(&file, &mut diags).unwrap();
        assert!(derive(&file, &page, &mut diags).is_none());
    }
}
