//! Pagination, resolved: an operation's `x-pagination` (written by `normalise::pagination`) read
//! against the lowered request and response types into the IR's [`Pagination`].

use serde_json::Value;

use crate::ir::{
    FieldPath, FieldStep, Operation, PageStyle, Pagination, ParamLocation, Primitive, RequestSlot, TypeDef, TypeKind,
    TypeRef,
};
use crate::manifest::{PageStyleName, PaginationSpec};
use crate::oas::PAGINATION_EXTENSION as EXTENSION;

/// The IR's pagination of `op` from its `x-pagination` value, checked against the lowered types. `Ok(None)`
/// for `style: none`; `Err` says what does not fit, for a warning (the operation then has no paging method).
pub fn resolve_ir(op: &Operation, value: &Value, types: &[TypeDef]) -> Result<Option<Pagination>, String> {
    let spec: PaginationSpec =
        serde_json::from_value(value.clone()).map_err(|e| format!("`{EXTENSION}` is not understood: {e}"))?;
    if spec.style == PageStyleName::None {
        return Ok(None);
    }
    let (variant, body_ty) = op
        .responses
        .iter()
        .find_map(|r| match (&r.status, &r.body) {
            (
                crate::ir::Status::Code(200..=299) | crate::ir::Status::Range(2),
                Some((crate::ir::BodyKind::Json, ty)),
            ) => Some((r.variant.clone(), ty.clone())),
            _ => None,
        })
        .ok_or("the operation has no 2xx JSON response to page through")?;
    let items_pointer = spec.items.as_deref().ok_or("`items` is missing")?;
    let items = field_path(types, &body_ty, items_pointer)?;
    let items = match items.ty {
        TypeRef::Vec(item) => FieldPath { steps: items.steps, ty: *item },
        other => return Err(format!("`items` ({items_pointer}) is not an array but {}", shown(&other))),
    };
    let page_size = spec.page_size.as_deref().map(|place| request_slot(op, types, place)).transpose()?;
    if let Some(slot) = &page_size {
        if !is_integer(&slot.ty) && slot.ty != TypeRef::Primitive(Primitive::String) {
            return Err(format!("`page_size` must be an integer or a string, not {}", shown(&slot.ty)));
        }
    }
    let has_more = spec.has_more.as_deref().map(|p| field_path(types, &body_ty, p)).transpose()?;
    if let Some(path) = &has_more {
        if path.ty != TypeRef::Primitive(Primitive::Bool) {
            return Err(format!("`has_more` must be a boolean, not {}", shown(&path.ty)));
        }
    }
    let style = match spec.style {
        PageStyleName::Cursor => {
            let slot = request_slot(op, types, spec.cursor.as_deref().ok_or("`cursor` is missing")?)?;
            let from = field_path(types, &body_ty, spec.cursor_from.as_deref().ok_or("`cursor_from` is missing")?)?;
            if slot.ty != TypeRef::Primitive(Primitive::String) || from.ty != TypeRef::Primitive(Primitive::String) {
                return Err(format!(
                    "a cursor must be a string in the request and the page (not {} and {})",
                    shown(&slot.ty),
                    shown(&from.ty)
                ));
            }
            PageStyle::Cursor { slot, from }
        }
        PageStyleName::Offset => {
            let slot = request_slot(op, types, spec.offset.as_deref().ok_or("`offset` is missing")?)?;
            if !is_integer(&slot.ty) {
                return Err(format!("`offset` must be an integer, not {}", shown(&slot.ty)));
            }
            let next = spec.next.as_deref().map(|p| field_path(types, &body_ty, p)).transpose()?;
            PageStyle::Offset { slot, next }
        }
        PageStyleName::None => return Ok(None),
    };
    Ok(Some(Pagination {
        style,
        variant,
        items,
        page_size,
        has_more,
        source: spec.source.unwrap_or_else(|| "document".to_owned()),
        stream_fn: String::new(),
    }))
}

/// A type as a message names it: `String`, `i64`, `Vec<Item>`.
fn shown(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(p) => crate::formats::rust_path(*p).to_owned(),
        TypeRef::Vec(item) => format!("Vec<{}>", shown(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", shown(value)),
        TypeRef::Option(inner) => format!("Option<{}>", shown(inner)),
    }
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(p) if crate::formats::is_integer(*p))
}

fn struct_fields<'a>(types: &'a [TypeDef], ty: &TypeRef) -> Option<&'a [crate::ir::Field]> {
    match crate::ir::kind_of(types, ty.named()?)? {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// Follows a JSON pointer through struct fields (by their JSON names).
fn field_path(types: &[TypeDef], root: &TypeRef, pointer: &str) -> Result<FieldPath, String> {
    let mut steps = Vec::new();
    let mut ty = root.clone();
    let rest = pointer.strip_prefix('/').ok_or_else(|| format!("`{pointer}` is not a JSON pointer"))?;
    for segment in rest.split('/') {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let fields =
            struct_fields(types, &ty).ok_or_else(|| format!("`{pointer}`: `{segment}` is not inside an object"))?;
        let field = fields
            .iter()
            .find(|f| f.wire == segment)
            .ok_or_else(|| format!("`{pointer}`: the page has no property `{segment}`"))?;
        steps.push(FieldStep {
            field: field.name.clone(),
            optional: field.is_option(),
            nullable_optional: field.is_nullable_optional(),
            boxed: field.boxed,
        });
        ty = field.ty.clone();
    }
    Ok(FieldPath { steps, ty })
}

/// `query.limit`, `header.x-cursor`, `body.page_key` → the request value.
fn request_slot(op: &Operation, types: &[TypeDef], place: &str) -> Result<RequestSlot, String> {
    let (location, name) = place
        .split_once('.')
        .ok_or_else(|| format!("`{place}` must be `query.<name>`, `header.<name>` or `body.<property>`"))?;
    let (location, word) = match location {
        "query" => (ParamLocation::Query, "query"),
        "header" => (ParamLocation::Header, "header"),
        "body" => {
            let body = op
                .body
                .as_ref()
                .filter(|b| b.kind == crate::ir::BodyKind::Json)
                .ok_or("the request has no JSON body")?;
            let field = struct_fields(types, &body.ty)
                .and_then(|fields| fields.iter().find(|f| f.wire == name))
                .ok_or_else(|| format!("the request body has no property `{name}`"))?;
            return Ok(RequestSlot {
                field: body.field.clone(),
                body_field: Some(field.name.clone()),
                body_optional: !body.required,
                ty: field.ty.clone(),
                optional: field.is_option(),
                nullable_optional: field.is_nullable_optional(),
            });
        }
        other => return Err(format!("`{other}` in `{place}` must be `query`, `header` or `body`")),
    };
    let param = op
        .params
        .iter()
        .find(|p| p.location == location && p.wire == name)
        .ok_or_else(|| format!("the request has no {word} parameter `{name}`"))?;
    if matches!(param.ty, TypeRef::Vec(_)) {
        return Err(format!("`{place}` is a list"));
    }
    Ok(RequestSlot {
        field: param.field.clone(),
        body_field: None,
        body_optional: false,
        ty: param.ty.clone(),
        optional: param.is_option(),
        nullable_optional: false,
    })
}
