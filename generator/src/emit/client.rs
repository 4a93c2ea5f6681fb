//! Emits the client of a spec (behind the generated crate's `client` feature): `Client` with its settings,
//! one async method per operation that writes the request as the document describes it and decodes every
//! documented status into its `<Op>Response` variant, and a `Stream` of items per paginated operation.
//!
//! Written as text with [`Code`]. Expressions that may be long are built as [`Expr`]s and laid out the way
//! rustfmt lays them out: on one line when they fit, else after the `=` of a `let`, else broken (arguments
//! one per line, method chains one link per line).

use super::code::{atom, call, chain, generic, lit, string_lit, structure, type_text, Code, Expr};
use super::types::{fixed_code, response_shape, VariantShape};
use super::{join_docs, uses_deprecated};
use crate::ir::*;

const CLIENT_ERROR: &str = "crate::runtime::client::ClientError";

pub fn emit_client(code: &mut Code, api: &Api) {
    let title = &api.title;
    code.line("#[cfg(feature = \"client\")]");
    code.line("pub use self::client::Client;");
    code.line("#[cfg(feature = \"client\")]");
    code.open("pub mod client {");
    code.doc(&format!(
        "A client of the {title}: one async method per operation, taking its request type and returning its \
         response enum, where every documented status has its variant. Anything else is a \
         [`ClientError`](crate::runtime::client::ClientError) that keeps the status, headers and raw body."
    ));
    code.line("#[derive(Debug, Clone)]");
    code.open("pub struct Client {");
    code.line("core: crate::runtime::client::Core,");
    code.close("}");
    code.open("impl Client {");

    code.doc(
        "A client of the API at `base_url` (`https://api.example.com`; the operations' paths are\n\
         appended to its path), with a default `reqwest::Client`.",
    );
    code.open_fn("pub fn new(", &["base_url: &str"], &result("Self"), "");
    code.statement("", &call("Self::with_http", vec![atom("base_url"), atom("::reqwest::Client::new()")]), "");
    code.close("}");

    code.doc("[`Client::new`] with a configured `reqwest::Client` (proxies, TLS, connection pool).");
    code.open_fn("pub fn with_http(", &["base_url: &str", "http: ::reqwest::Client"], &result("Self"), "");
    let core = atom("core: crate::runtime::client::Core::new(base_url, http)?");
    code.statement("", &call("::std::result::Result::Ok", vec![structure("Client", vec![core])]), "");
    code.close("}");

    code.doc("Sends a header with every call (a request's own value for that header wins).");
    code.open_fn("pub fn with_header(", &["mut self", "name: &str", "value: &str"], &result("Self"), "");
    code.line("self.core.set_header(name, value)?;");
    code.line("::std::result::Result::Ok(self)");
    code.close("}");

    code.doc(
        "Gives up on a call after `timeout` (a [`ClientError`](crate::runtime::client::ClientError)\n\
         for which `is_timeout()` holds).",
    );
    code.open_fn("pub fn with_timeout(", &["mut self", "timeout: ::std::time::Duration"], &atom("Self"), "");
    code.line("self.core.set_timeout(timeout);");
    code.line("self");
    code.close("}");

    code.doc("The base URL the operations' paths are appended to.");
    code.open_fn("pub fn base_url(", &["&self"], &atom("&::reqwest::Url"), "");
    code.line("self.core.base_url()");
    code.close("}");

    for s in &api.credential_setters {
        let scheme = &s.scheme;
        code.doc(&format!(
            "Sets the credential of security scheme `{scheme}` once: every call that scheme secures sends it, \
             unless the request's own credential field is not empty."
        ));
        let params = ["mut self", "credential: impl ::std::convert::Into<::std::string::String>"];
        code.open_fn(&format!("pub fn {}(", s.setter), &params, &atom("Self"), "");
        let set = call("self.core.set_credential", vec![lit(scheme), atom("credential.into()")]);
        code.statement("", &set, ";");
        code.line("self");
        code.close("}");
    }
    for op in &api.operations {
        emit_method(code, api, op);
    }
    for op in &api.operations {
        if let Some(pagination) = &op.pagination {
            emit_stream(code, op, pagination);
        }
    }
    code.close("}");
    code.close("}");
}

/// The client method of one operation (an `impl Client` item).
pub fn emit_method(code: &mut Code, api: &Api, op: &Operation) {
    let title = format!("`{} {}`", op.method, op.path);
    code.doc(&join_docs([op.summary.as_deref(), Some(title.as_str()), op.description.as_deref()]).unwrap_or_default());
    if op.deprecated {
        code.line("#[deprecated]");
    }
    if uses_deprecated(op) {
        code.line("#[allow(deprecated)]");
    }
    // Every parameter (a path parameter too), the body and each credential is a step after `Call::new`.
    let has_steps = !op.params.is_empty() || op.body.is_some() || !op.credentials.is_empty();
    let request_binding = if has_steps || path_has_params(op) { "request" } else { "_request" };
    let params = ["&self".to_owned(), format!("{request_binding}: super::{}", op.request_type)];
    let ret = result(&format!("super::{}", op.response_type));
    code.open_fn(&format!("pub async fn {}(", op.client_fn), &params, &ret, "");
    let binding = if has_steps { "let mut __call =" } else { "let __call =" };
    let new = call("crate::runtime::client::Call::new", vec![atom("&self.core"), lit(&op.method), emit_path(op)]);
    code.assign(binding, &new, ";");
    for param in &op.params {
        emit_param(code, api, param);
    }
    if let Some(body) = &op.body {
        emit_body(code, body);
    }
    let single = op.security.len() == 1;
    for c in &op.credentials {
        let field = &c.field;
        let own = if single {
            chain("request", [format!(".{field}"), ".as_str()".to_owned()])
        } else {
            chain("request", [format!(".{field}"), ".as_deref()".to_owned(), ".unwrap_or_default()".to_owned()])
        };
        let place = match &c.kind {
            CredentialKind::Header(name) => call("crate::runtime::client::Place::Header", vec![lit(name)]),
            CredentialKind::Query(name) => call("crate::runtime::client::Place::Query", vec![lit(name)]),
            CredentialKind::Cookie(name) => call("crate::runtime::client::Place::Cookie", vec![lit(name)]),
            CredentialKind::Bearer => atom("crate::runtime::client::Place::Bearer"),
            CredentialKind::Basic => atom("crate::runtime::client::Place::Basic"),
        };
        code.statement("", &call("__call.credential", vec![lit(&c.scheme), place, own]), ";");
    }
    code.line("let __answer = self.core.send(__call).await?;");
    emit_decode(code, op);
    code.close("}");
}

fn path_has_params(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location == ParamLocation::Path)
}

/// The path with its parameters filled in: `format!("/items/{}", path_value(&request.id))`.
fn emit_path(op: &Operation) -> Expr {
    let mut template = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let name = &rest[open + 1..close];
        let param = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name);
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        match param {
            Some(param) => {
                template.push_str("{}");
                let field = atom(format!("&request.{}", param.field));
                args.push(call("crate::runtime::client::path_value", vec![field]));
            }
            // A template name no parameter declares (normalise reports it); sent as written.
            None => template.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if args.is_empty() {
        call("::std::string::String::from", vec![lit(&op.path)])
    } else {
        args.insert(0, lit(&template));
        call("::std::format!", args)
    }
}

fn is_object_type(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Primitive(Primitive::JsonObject) => true,
        TypeRef::Named(name) => matches!(api.kind_of(name), Some(TypeKind::Struct(_) | TypeKind::Map(_))),
        _ => false,
    }
}

fn emit_param(code: &mut Code, api: &Api, p: &Param) {
    let field = &p.field;
    let wire = &p.wire;
    if p.location == ParamLocation::Path {
        return;
    }
    if let TypeRef::Vec(_) = &p.ty {
        let style = match p.style {
            ParamStyle::FormComma => "FormComma",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::FormExploded | ParamStyle::DeepObject => "FormExploded",
        };
        let add = match p.location {
            ParamLocation::Query => {
                let style = atom(format!("crate::runtime::client::QueryStyle::{style}"));
                let list = call("__call.query_list", vec![lit(wire), atom(format!("&request.{field}")), style]);
                code.statement("", &list, ";");
                return;
            }
            // Headers and cookies carry lists comma-separated (`simple` and `form` styles).
            ParamLocation::Header => "__call.header",
            _ => "__call.cookie",
        };
        code.open(&format!("if !request.{field}.is_empty() {{"));
        let links = [format!(".{field}"), ".iter()".into(), ".map(crate::runtime::text)".into(), ".collect()".into()];
        code.assign("let __joined: ::std::vec::Vec<::std::string::String> =", &chain("request", links), ";");
        code.statement("", &call(add, vec![lit(wire), atom(format!("&__joined.join({})", string_lit(",")))]), ";");
        code.close("}");
        return;
    }
    let add = match p.location {
        ParamLocation::Query if p.style == ParamStyle::DeepObject && is_object_type(api, &p.ty) => "query_object",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        _ => "cookie",
    };
    if !p.required {
        code.open_cond("if let ::std::option::Option::Some(__value) =", &atom(format!("&request.{field}")));
        code.statement("", &call(format!("__call.{add}"), vec![lit(wire), atom("__value")]), ";");
        code.close("}");
    } else if p.location == ParamLocation::Header && p.ty == TypeRef::Primitive(Primitive::String) {
        // An empty required header is left to the client's default headers (`Client::with_header`).
        code.open(&format!("if !request.{field}.is_empty() {{"));
        code.statement("", &call("__call.header", vec![lit(wire), atom(format!("&request.{field}"))]), ";");
        code.close("}");
    } else {
        code.statement("", &call(format!("__call.{add}"), vec![lit(wire), atom(format!("&request.{field}"))]), ";");
    }
}

fn emit_body(code: &mut Code, body: &Body) {
    let field = &body.field;
    let value = if body.required { atom(format!("&request.{field}")) } else { atom("__body") };
    let write = match body.kind {
        BodyKind::Json => "__call.json_body",
        BodyKind::Text => "__call.text_body",
        BodyKind::Bytes => "__call.bytes_body",
    };
    let write = call(write, vec![lit(&body.content_type), value]);
    if body.required {
        code.statement("", &write, ";");
    } else {
        code.open_cond("if let ::std::option::Option::Some(__body) =", &atom(format!("&request.{field}")));
        code.statement("", &write, ";");
        code.close("}");
    }
}

/// `match status { 200 => Ok(Variant(json)), 400..=499 => …, _ => default or unexpected }`.
fn emit_decode(code: &mut Code, op: &Operation) {
    let mut fixed = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for r in &op.responses {
        let value = emit_variant_value(&op.response_type, r);
        match r.status {
            Status::Code(code) => fixed.push((code.to_string(), value)),
            Status::Range(range) => ranges.push((format!("{}..={}", range * 100, range * 100 + 99), value)),
            Status::Default => default = Some(value),
        }
    }
    let fallback = default.unwrap_or_else(|| call("::std::result::Result::Err", vec![atom("__answer.unexpected()")]));
    code.open("match __answer.status.as_u16() {");
    for (pattern, value) in fixed.into_iter().chain(ranges) {
        code.arm(&atom(pattern), &value);
    }
    code.arm(&atom("_"), &fallback);
    code.close("}");
}

fn emit_variant_value(response_type: &str, r: &ResponseCase) -> Expr {
    let variant = &r.variant;
    let body = r.body.as_ref().map(|(kind, _)| match kind {
        BodyKind::Json => "__answer.json()?",
        BodyKind::Text => "__answer.text()?",
        BodyKind::Bytes => "__answer.bytes()",
    });
    let path = format!("super::{response_type}::{variant}");
    let value = match response_shape(r) {
        VariantShape::Tuple => call(path, body.into_iter().map(atom).collect()),
        VariantShape::Unit => atom(path),
        VariantShape::Struct => {
            let status = fixed_code(r.status).is_none().then(|| atom("status: __answer.status"));
            let body = body.map(|body| atom(format!("body: {body}")));
            let headers = r.headers.iter().map(|h| {
                let ty = type_text(&h.ty, "super::");
                let read = if h.required { "header_required" } else { "header" };
                chain(format!("{}: __answer", h.field), [format!(".{read}::<{ty}>({})?", string_lit(&h.wire))])
            });
            structure(path, status.into_iter().chain(body).chain(headers).collect())
        }
    };
    call("::std::result::Result::Ok", vec![value])
}

/// What the end of a [`FieldPath`] is read as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// `&str` from a `String`.
    Str,
    /// A `Copy` value (a boolean).
    Copy,
    /// A reference, to test presence.
    Ref,
}

/// Reads a path of fields from `__body` by reference: `(expression, is_option)`; the expression is an
/// `Option<…>` when any step is optional.
fn read_path(path: &FieldPath, read: Read) -> (Expr, bool) {
    let mut links: Vec<String> = Vec::new();
    let mut in_option = false;
    let last = path.steps.len().saturating_sub(1);
    for (index, step) in path.steps.iter().enumerate() {
        let field = format!(".{}", step.field);
        let at_end = index == last;
        // A field that may be absent or `null` (the runtime's `Nullable`) reads by reference as an `Option`
        // does; by value, through `into_option`.
        let (take_optional, take_plain) = match (at_end, read) {
            (true, Read::Str) => (vec![field.clone(), ".as_deref()".into()], vec![field, ".as_str()".into()]),
            (true, Read::Copy) if step.nullable_optional => (vec![field.clone(), ".into_option()".into()], vec![field]),
            (true, Read::Copy) => (vec![field.clone()], vec![field]),
            (true, Read::Ref) | (false, _) => {
                let optional = if step.boxed { ".as_deref()" } else { ".as_ref()" };
                (vec![field.clone(), optional.into()], vec![field])
            }
        };
        let plain_ref = at_end && read == Read::Ref;
        match (in_option, step.optional) {
            (false, true) => links.extend(take_optional),
            (false, false) => links.extend(take_plain),
            (true, true) => links.push(format!(".and_then(|__v| __v{})", take_optional.concat())),
            (true, false) if plain_ref => links.push(format!(".map(|__v| &__v{})", take_plain.concat())),
            (true, false) => links.push(format!(".map(|__v| __v{})", take_plain.concat())),
        }
        in_option |= step.optional;
    }
    (chain("__body", links), in_option)
}

/// Moves the items out of the page: `body.data`, or `body.meta.and_then(|v| v.items).unwrap_or_default()`.
fn take_items(path: &FieldPath) -> Expr {
    let mut links = Vec::new();
    let mut in_option = false;
    for step in &path.steps {
        let field = &step.field;
        let into = if step.nullable_optional { ".into_option()" } else { "" };
        links.push(match (in_option, step.optional) {
            (false, _) => format!(".{field}{into}"),
            (true, true) => format!(".and_then(|__v| __v.{field}{into})"),
            (true, false) => format!(".map(|__v| __v.{field})"),
        });
        in_option |= step.optional;
    }
    if in_option {
        links.push(".unwrap_or_default()".into());
    }
    chain("__body", links)
}

/// Assigns `value` to a request slot of `__request` (wrapping it in `Some` when the slot is optional).
fn set_slot(code: &mut Code, slot: &RequestSlot, value: Expr) {
    let field = &slot.field;
    let value = match (slot.nullable_optional, slot.optional) {
        (true, _) => call("crate::runtime::Nullable::Value", vec![value]),
        (false, true) => call("::std::option::Option::Some", vec![value]),
        (false, false) => value,
    };
    match (&slot.body_field, slot.body_optional) {
        (None, _) => code.assign(&format!("__request.{field} ="), &value, ";"),
        (Some(inner), false) => code.assign(&format!("__request.{field}.{inner} ="), &value, ";"),
        (Some(inner), true) => {
            let inner_value = atom(format!("__request.{field}.as_mut()"));
            code.open_cond("if let ::std::option::Option::Some(__inner) =", &inner_value);
            code.assign(&format!("__inner.{inner} ="), &value, ";");
            code.close("}");
        }
    }
}

/// A request slot of `__request`, cloned (copied, for integers): an `Option` of its value.
fn get_slot(slot: &RequestSlot) -> Expr {
    let field = &slot.field;
    let copy = slot.ty != TypeRef::Primitive(Primitive::String);
    let clone = if copy { "" } else { ".clone()" };
    let some = |value: String| call("::std::option::Option::Some", vec![atom(value)]);
    // A body property that may be absent or `null` (the runtime's `Nullable`): either is no value.
    let into = if slot.nullable_optional { ".into_option()" } else { "" };
    match (&slot.body_field, slot.body_optional, slot.optional) {
        (None, _, false) => some(format!("__request.{field}{clone}")),
        (None, _, true) if copy => atom(format!("__request.{field}")),
        (None, _, true) => chain("__request", [format!(".{field}"), ".clone()".into()]),
        (Some(inner), false, false) => some(format!("__request.{field}.{inner}{clone}")),
        (Some(inner), false, true) if copy => atom(format!("__request.{field}.{inner}{into}")),
        (Some(inner), false, true) => {
            chain("__request", [format!(".{field}"), format!(".{inner}"), format!(".clone(){into}")])
        }
        (Some(inner), true, false) => {
            chain("__request", [format!(".{field}"), ".as_ref()".into(), format!(".map(|__v| __v.{inner}{clone})")])
        }
        (Some(inner), true, true) => chain(
            "__request",
            [format!(".{field}"), ".as_ref()".into(), format!(".and_then(|__v| __v.{inner}{clone}{into})")],
        ),
    }
}

/// A page size or offset as the slot's type.
fn slot_number(slot: &RequestSlot, value: Expr) -> Expr {
    if slot.ty == TypeRef::Primitive(Primitive::String) {
        value.then(".to_string()")
    } else {
        call("crate::runtime::client::integer", vec![value])
    }
}

/// `let __more = …;`: whether the page says another follows.
fn emit_has_more(code: &mut Code, pagination: &Pagination) {
    let Some(path) = &pagination.has_more else { return };
    let (expr, optional) = read_path(path, Read::Copy);
    if optional {
        code.assign("let __more =", &atom(format!("{} != ::std::option::Option::Some(false)", expr.flat())), ";");
    } else {
        code.assign("let __more =", &expr, ";");
    }
}

/// The next request from `__request`: `slot` set to `value`, in `Ok(Some(…))`.
fn emit_advance(code: &mut Code, slot: &RequestSlot, value: Expr) {
    code.line("let mut __request = __request;");
    set_slot(code, slot, value);
    let next = call("::std::option::Option::Some", vec![atom("__request")]);
    code.statement("", &call("::std::result::Result::Ok", vec![next]), "");
}

/// The paging stream method of a paginated operation (an `impl Client` item).
pub fn emit_stream(code: &mut Code, op: &Operation, pagination: &Pagination) {
    let request_type = &op.request_type;
    let response_type = &op.response_type;
    let item_type = type_text(&pagination.items.ty, "super::");
    let variant = &pagination.variant;
    let case = op.responses.iter().find(|r| r.variant == pagination.variant);
    let pattern = match case.map(response_shape) {
        Some(VariantShape::Tuple) => format!("super::{response_type}::{variant}(__body)"),
        _ => format!("super::{response_type}::{variant} {{ body: __body, .. }}"),
    };
    let summary = format!(
        "Every item of `{} {}`, page after page ({} pagination, {}): the request is the first page's; \
         `options` sets the page size and a limit on the items. The stream ends after the last page, \
         or with the first error.",
        op.method,
        op.path,
        match pagination.style {
            PageStyle::Cursor { .. } => "cursor",
            PageStyle::Offset { .. } => "offset",
        },
        match pagination.source.as_str() {
            "recognised" => "recognised from the document",
            "specs.toml" => "as stated in specs/specs.toml",
            _ => "as the document's `x-pagination` states",
        }
    );
    code.doc(&summary);
    if uses_deprecated(op) {
        code.line("#[allow(deprecated)]");
    }
    let params = [
        "&self".to_owned(),
        format!("request: super::{request_type}"),
        "options: crate::runtime::client::PageOptions".to_owned(),
    ];
    let page_error = atom(format!("crate::runtime::client::PageError<super::{response_type}>"));
    let item = generic("Item = ::std::result::Result", vec![atom(item_type), page_error]);
    let stream = generic("impl ::futures_util::Stream", vec![item]);
    code.open_fn(&format!("pub fn {}(", pagination.stream_fn), &params, &stream, " + '_");
    match &pagination.page_size {
        Some(slot) => {
            code.line("let mut __request = request;");
            code.open_cond("if let ::std::option::Option::Some(__size) =", &atom("options.page_size"));
            set_slot(code, slot, slot_number(slot, atom("__size")));
            code.close("}");
        }
        None => code.line("let __request = request;"),
    }
    let closure = format!("move |__request: super::{request_type}| async move {{");
    let one_line = format!("crate::runtime::client::paginate(__request, options.limit, {closure}");
    let overflow = code.fits(&one_line);
    if overflow {
        code.open(&one_line);
    } else {
        code.open("crate::runtime::client::paginate(");
        code.line("__request,");
        code.line("options.limit,");
        code.open(&closure);
    }
    let sent = match &pagination.style {
        PageStyle::Cursor { slot, .. } => get_slot(slot),
        PageStyle::Offset { slot, .. } => get_slot(slot).then(".map_or(0, crate::runtime::client::count)"),
    };
    code.assign("let __sent =", &sent, ";");
    let send = chain("self", [format!(".{}(__request.clone())", op.client_fn), ".await?".into()]);
    code.assign("let __response =", &send, ";");
    if op.responses.len() == 1 {
        code.assign(&format!("let {pattern} ="), &atom("__response"), ";");
    } else {
        code.open(&format!("let {pattern} = __response else {{"));
        let error = call("crate::runtime::client::PageError::Response", vec![atom("__response")]);
        code.statement("return ", &call("::std::result::Result::Err", vec![error]), ";");
        code.close("};");
    }
    match &pagination.style {
        PageStyle::Cursor { slot, from } => {
            let (received, received_optional) = read_path(from, Read::Str);
            let received =
                if received_optional { received } else { call("::std::option::Option::Some", vec![received]) };
            let next = call("crate::runtime::client::next_cursor", vec![atom("__sent.as_deref()"), received]);
            code.assign("let __cursor =", &next, ";");
            emit_has_more(code, pagination);
            code.assign("let __items =", &take_items(&pagination.items), ";");
            code.open("let __next = match __cursor {");
            let pattern = "::std::result::Result::Ok(::std::option::Option::Some(__cursor))";
            let guard = if pagination.has_more.is_some() { " if __more" } else { "" };
            let head = format!("{pattern}{guard} => {{");
            if code.fits(&head) || guard.is_empty() {
                code.open(&head);
            } else {
                code.line(pattern);
                code.line(&format!("   {guard} =>"));
                code.open("{");
            }
            emit_advance(code, slot, atom("__cursor"));
            code.close("}");
            let none = call("::std::result::Result::Ok", vec![atom("::std::option::Option::None")]);
            code.arm(&atom("::std::result::Result::Ok(_)"), &none);
            let error = call("::std::result::Result::Err", vec![atom("__error.into()")]);
            code.arm(&atom("::std::result::Result::Err(__error)"), &error);
            code.close("};");
        }
        PageStyle::Offset { slot, next } => {
            let size = pagination.page_size.as_ref().map(get_slot);
            let next_present = next.as_ref().and_then(|path| {
                let (expr, optional) = read_path(path, Read::Ref);
                optional.then(|| expr.then(".is_some()"))
            });
            // Without a link or `has_more`, a page shorter than asked for is the last one.
            let short_page_ends = next_present.is_none() && pagination.has_more.is_none();
            let more = pagination.has_more.as_ref().map(|_| atom("__more"));
            let linked = next_present.as_ref().map(|_| atom("__linked"));
            let full = match (short_page_ends, size) {
                (true, Some(size)) => {
                    Some(size.then(".map(crate::runtime::client::count)").then(".is_none_or(|__s| __received >= __s)"))
                }
                _ => None,
            };
            let conditions: Vec<Expr> = [more, linked, full].into_iter().flatten().collect();
            emit_has_more(code, pagination);
            if let Some(next_present) = next_present {
                code.assign("let __linked =", &next_present, ";");
            }
            code.assign("let __items =", &take_items(&pagination.items), ";");
            let received = chain(
                "::std::primitive::u64::try_from(__items.len())",
                [".unwrap_or(::std::primitive::u64::MAX)".to_owned()],
            );
            code.assign("let __received =", &received, ";");
            let value = slot_number(slot, chain("__sent", [".saturating_add(__received)".to_owned()]));
            // With nothing to say where the list ends, only an empty page ends it (see `paginate`).
            if conditions.is_empty() {
                code.open("let __next = {");
                emit_advance(code, slot, value);
                code.close("};");
            } else {
                code.open_if("let __next = if", &conditions);
                emit_advance(code, slot, value);
                code.close("} else {");
                code.line("    ::std::result::Result::Ok(::std::option::Option::None)");
                code.line("};");
            }
        }
    }
    let page = structure("crate::runtime::client::Page", vec![atom("items: __items"), atom("next: __next")]);
    code.statement("", &call("::std::result::Result::Ok", vec![page]), "");
    if overflow {
        code.close("})");
    } else {
        code.close("},");
        code.close(")");
    }
    code.close("}");
}

/// `::std::result::Result<ok, ClientError>`.
fn result(ok: &str) -> Expr {
    generic("::std::result::Result", vec![atom(ok), atom(CLIENT_ERROR)])
}
