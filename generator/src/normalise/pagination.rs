//! Pagination, described: which list operations of the normalised document page, and how, written as an
//! `x-pagination` extension on each ([`describe`]); `lower::pagination` reads it back into the IR.
//!
//! Each description is taken from `specs/specs.toml` when the manifest states it, else from the document's own
//! `x-pagination`, else recognised from the operation's parameters and its success body, so a reviewer reads in
//! the derived OpenAPI what the client will do.
//!
//! The recognised patterns are the ones vendors use: a cursor the page hands back (`nextToken` ←
//! `meta.nextToken`, `page_key` ← `page_key`), an `after` cursor fed from the page's `last_id` while `has_more`,
//! and `offset`/`limit` with a `next` link.

use openapiv3::{
    OpenAPI, Operation as OaOperation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    StatusCode, Type,
};
use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::endpoint::Method;
use crate::manifest::{PageStyleName, PaginationOverride, PaginationSpec};
use crate::oas::{find_operation, operation_slot, resolve, resolve_boxed, PAGINATION_EXTENSION as EXTENSION};
use crate::source_map::escape;

/// Writes `x-pagination` on the operations of a normalised document; see the module docs. Overrides naming
/// an operation the document (as selected) lacks are errors at their place in the manifest.
pub fn describe(api: &mut OpenAPI, overrides: &[PaginationOverride], diags: &mut Diagnostics) {
    for o in overrides {
        let exists = find_operation(api, &o.endpoint.path, o.endpoint.method).is_some();
        if !exists {
            diags.error_at(&o.location, format!("pagination for `{}`: the spec lists no such endpoint", o.endpoint));
        }
    }
    let mut decided = Vec::new();
    for (path, item) in api.paths.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let method = Method::parse(method);
            let stated = overrides.iter().find(|o| Some(o.endpoint.method) == method && &o.endpoint.path == path);
            let spec = match stated {
                Some(o) => Some(PaginationSpec { source: Some("specs.toml".to_owned()), ..o.spec.clone() }),
                None => match op.extensions.get(EXTENSION) {
                    // The document's own description is kept as written; `resolve` reports what does not fit.
                    Some(value) => serde_json::from_value::<PaginationSpec>(value.clone()).ok().map(|spec| {
                        PaginationSpec { source: spec.source.or_else(|| Some("document".to_owned())), ..spec }
                    }),
                    None => recognise(api, op),
                },
            };
            if let Some(method) = method {
                decided.push((path.clone(), method, spec));
            }
        }
    }
    for (path, method, spec) in decided {
        let Some(ReferenceOr::Item(item)) = api.paths.paths.get_mut(&path) else { continue };
        let Some(op) = operation_slot(item, method) else { continue };
        match spec {
            Some(spec) if spec.style == PageStyleName::None => {
                op.extensions.shift_remove(EXTENSION);
            }
            Some(spec) => {
                let value = serde_json::to_value(&spec).unwrap_or(Value::Null);
                op.extensions.insert(EXTENSION.to_owned(), value);
            }
            // Nothing recognised, or a document's own description that does not parse: left as it is, for
            // `resolve_ir` to report.
            None => {}
        }
    }
}

/// Request names of a cursor, and the names the page gives the next one under (compared without case or
/// punctuation). `after`-style cursors are fed from the last item's id while the page says `has_more`.
const CURSORS: &[(&str, &[&str])] = &[
    ("nexttoken", &["nexttoken"]),
    ("pagetoken", &["nextpagetoken", "pagetoken", "nexttoken"]),
    ("nextpagetoken", &["nextpagetoken"]),
    ("continuationtoken", &["continuationtoken", "nextcontinuationtoken"]),
    ("cursor", &["nextcursor", "cursor"]),
    ("pagekey", &["pagekey", "nextpagekey"]),
    ("starttoken", &["nexttoken"]),
    ("marker", &["nextmarker"]),
    ("after", &["lastid", "nextcursor", "after"]),
    ("startingafter", &["lastid"]),
];
const PAGE_SIZES: &[&str] = &["limit", "pagesize", "perpage", "maxresults", "numresults", "maxitems", "pagelimit"];
const OFFSETS: &[&str] = &["offset", "skip"];
const HAS_MORE: &[&str] = &["hasmore", "hasnext", "hasnextpage", "more"];
const NEXT_LINKS: &[&str] = &["next", "nextpage", "nexturl", "nextlink"];
/// Preferred names when the page has several arrays.
const ITEM_NAMES: &[&str] = &["data", "items", "results", "records", "entries"];

fn key(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// One value the request can carry: `query.limit`, `body.page_key`.
struct Candidate {
    place: String,
    key: String,
    kind: ValueKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    String,
    Integer,
    Other,
}

fn recognise(api: &OpenAPI, op: &OaOperation) -> Option<PaginationSpec> {
    let page = success_object(api, op)?;
    let items = items_of(api, page)?;
    let mut candidates = Vec::new();
    for parameter in op.parameters.iter().filter_map(ReferenceOr::as_item) {
        let (place, data) = match parameter {
            Parameter::Query { parameter_data, .. } => ("query", parameter_data),
            Parameter::Header { parameter_data, .. } => ("header", parameter_data),
            _ => continue,
        };
        let kind = match &parameter_data_schema(api, &data.format) {
            Some(schema) => value_kind(schema),
            None => ValueKind::Other,
        };
        candidates.push(Candidate { place: format!("{place}.{}", data.name), key: key(&data.name), kind });
    }
    if let Some(body) = op.request_body.as_ref().and_then(ReferenceOr::as_item) {
        if let Some(schema) = body.content.get("application/json").and_then(|m| m.schema.as_ref()) {
            if let Some(object) = resolve(api, schema).and_then(object_properties) {
                for (name, property) in object {
                    let kind = resolve_boxed(api, property).map_or(ValueKind::Other, value_kind);
                    candidates.push(Candidate { place: format!("body.{name}"), key: key(name), kind });
                }
            }
        }
    }
    let page_fields = fields_within(api, page, 2);
    let find_page = |names: &[&str], kind: Option<ValueKind>| {
        names.iter().find_map(|name| {
            page_fields
                .iter()
                .find(|(k, _, v)| k == name && kind.is_none_or(|kind| *v == kind))
                .map(|(_, p, _)| p.clone())
        })
    };
    let has_more = HAS_MORE.iter().find_map(|name| {
        page_fields
            .iter()
            .find(|(k, pointer, _)| k == name && pointer.matches('/').count() == 1)
            .map(|(_, p, _)| p.clone())
    });
    let page_size = candidates
        .iter()
        .find(|c| PAGE_SIZES.contains(&c.key.as_str()) && c.kind != ValueKind::Other)
        .map(|c| c.place.clone());

    for candidate in candidates.iter().filter(|c| c.kind == ValueKind::String) {
        let Some((_, partners)) = CURSORS.iter().find(|(name, _)| *name == candidate.key) else { continue };
        for partner in partners.iter() {
            // A last item's id only says where to continue when the page also says whether more follow.
            if *partner == "lastid" && has_more.is_none() {
                continue;
            }
            if let Some(from) = find_page(&[partner], Some(ValueKind::String)) {
                return Some(PaginationSpec {
                    style: PageStyleName::Cursor,
                    items: Some(items),
                    cursor: Some(candidate.place.clone()),
                    cursor_from: Some(from),
                    offset: None,
                    next: None,
                    has_more,
                    page_size,
                    source: Some("recognised".to_owned()),
                });
            }
        }
    }
    let offset = candidates.iter().find(|c| OFFSETS.contains(&c.key.as_str()) && c.kind == ValueKind::Integer)?;
    let next = find_page(NEXT_LINKS, None).filter(|p| p.matches('/').count() == 1);
    // Without a page size, a next link or `has_more`, nothing would say where the list ends but an empty page.
    if page_size.is_none() && next.is_none() && has_more.is_none() {
        return None;
    }
    Some(PaginationSpec {
        style: PageStyleName::Offset,
        items: Some(items),
        cursor: None,
        cursor_from: None,
        offset: Some(offset.place.clone()),
        next,
        has_more,
        page_size,
        source: Some("recognised".to_owned()),
    })
}

/// The object schema of the first 2xx JSON response.
fn success_object<'a>(api: &'a OpenAPI, op: &'a OaOperation) -> Option<&'a Schema> {
    let response = op.responses.responses.iter().find_map(|(status, response)| match status {
        StatusCode::Code(200..=299) | StatusCode::Range(2) => response.as_item(),
        _ => None,
    })?;
    let media = response.content.iter().find(|(ty, _)| ty.contains("json")).map(|(_, m)| m)?;
    let schema = resolve(api, media.schema.as_ref()?)?;
    object_properties(schema).map(|_| schema)
}

/// The pointer to the page's one array (or the conventionally named one among several).
fn items_of(api: &OpenAPI, page: &Schema) -> Option<String> {
    let arrays: Vec<&String> = object_properties(page)?
        .iter()
        .filter(|(_, p)| {
            resolve_boxed(api, p).is_some_and(|s| matches!(s.schema_kind, SchemaKind::Type(Type::Array(_))))
        })
        .map(|(name, _)| name)
        .collect();
    let chosen = match arrays.as_slice() {
        [one] => *one,
        _ => *arrays.iter().find(|name| ITEM_NAMES.contains(&key(name).as_str()))?,
    };
    Some(format!("/{}", escape(chosen)))
}

/// `(key, pointer, kind)` of the page's properties, down to `depth` objects deep.
fn fields_within(api: &OpenAPI, schema: &Schema, depth: usize) -> Vec<(String, String, ValueKind)> {
    let mut out = Vec::new();
    let mut queue = vec![(schema, String::new(), 0)];
    while let Some((schema, prefix, level)) = queue.pop() {
        let Some(properties) = object_properties(schema) else { continue };
        for (name, property) in properties {
            let Some(property) = resolve_boxed(api, property) else { continue };
            let pointer = format!("{prefix}/{}", escape(name));
            out.push((key(name), pointer.clone(), value_kind(property)));
            if level + 1 < depth {
                queue.push((property, pointer, level + 1));
            }
        }
    }
    // Shallow fields first, then document order within a level, whatever the queue's order.
    out.sort_by_key(|(_, pointer, _)| pointer.matches('/').count());
    out
}

fn object_properties(schema: &Schema) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
        _ => None,
    }
}

fn value_kind(schema: &Schema) -> ValueKind {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => ValueKind::String,
        SchemaKind::Type(Type::Integer(_)) => ValueKind::Integer,
        _ => ValueKind::Other,
    }
}

fn parameter_data_schema<'a>(api: &'a OpenAPI, format: &'a ParameterSchemaOrContent) -> Option<&'a Schema> {
    match format {
        ParameterSchemaOrContent::Schema(schema) => resolve(api, schema),
        ParameterSchemaOrContent::Content(_) => None,
    }
}
