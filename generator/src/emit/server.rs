//! Emits the server stub of a spec: the service trait (request in, response out, no HTTP), `router()`,
//! one handler per operation that extracts and validates every input, and `IntoResponse` for each
//! `<Op>Response`. Everything here is behind the generated crate's `server` feature.

use super::code::{string_lit, type_text, Code, MAX_WIDTH};
use super::join_docs;
use super::types::{fixed_code, response_shape, VariantShape};
use crate::ir::*;

/// `pub use self::server::{router, router_with, <Trait>};`
pub fn emit_server_reexport(code: &mut Code, api: &Api) {
    code.line("#[cfg(feature = \"server\")]");
    code.line(&format!("pub use self::server::{{router, router_with, {}}};", api.trait_name));
}

/// The `server` module: the service trait, the router, a handler per operation.
pub fn emit_server_module(code: &mut Code, api: &Api) {
    code.line("#[cfg(feature = \"server\")]");
    code.open("mod server {");
    code.doc(&format!(
        "The {} service: one method per operation. Implement it and serve it with [`router`]; the router \
         extracts and validates every parameter, so the service never touches HTTP.",
        api.title
    ));
    let bounds = "::std::marker::Send + ::std::marker::Sync + 'static";
    let header = format!("pub trait {}: {bounds} {{", api.trait_name);
    if code.fits(&header) {
        code.open(&header);
    } else {
        code.line(&format!("pub trait {}:", api.trait_name));
        code.line(&format!("    {bounds}"));
        code.open("{");
    }
    for op in &api.operations {
        emit_trait_method(code, op);
    }
    code.close("}");
    emit_routes(code, api);
    for op in &api.operations {
        emit_handler(code, api, op);
    }
    for op in &api.operations {
        emit_into_response(code, op);
    }
    code.close("}");
}

/// One trait method: `&self`, `<Op>Request` in, `<Op>Response` out.
pub fn emit_trait_method(code: &mut Code, op: &Operation) {
    let title = format!("`{} {}`", op.method, op.path);
    code.doc(&join_docs([op.summary.as_deref(), Some(title.as_str()), op.description.as_deref()]).unwrap_or_default());
    if op.deprecated {
        code.line("#[deprecated]");
    }
    let name = &op.fn_name;
    let request = format!("request: super::{}", op.request_type);
    let future = format!("impl ::std::future::Future<Output = super::{}>", op.response_type);
    let send = "+ ::std::marker::Send;";
    let flat = format!("fn {name}(&self, {request}) -> {future} {send}");
    if code.fits(&flat) {
        code.line(&flat);
        return;
    }
    // The parameters one per line, then the return type: on one line when it fits, else its `+ Send` bound
    // on a line of its own (as rustfmt does), else the future's `Output` too.
    let returns = format!(") -> {future} {send}");
    let returns_future = format!(") -> {future}");
    let (fits_whole, fits_future) = (code.fits(&returns), code.fits(&returns_future));
    code.open(&format!("fn {name}("));
    code.line("&self,");
    code.line(&format!("{request},"));
    if fits_whole {
        code.close(&returns);
    } else if fits_future {
        code.close(&returns_future);
        code.line(&format!("       {send}"));
    } else {
        code.close(") -> impl ::std::future::Future<");
        code.line(&format!("    Output = super::{},", op.response_type));
        code.line(&format!("> {send}"));
    }
}

fn emit_routes(code: &mut Code, api: &Api) {
    let trait_name = &api.trait_name;
    code.doc(
        "An axum router serving `service`: every operation of the spec at its path, with the default\n\
         [`crate::runtime::Config`]. Bad input is answered by the router with a JSON error (400 naming each\n\
         offending parameter, 401 without credentials, 413, 415); an unknown path gets 404, a wrong method\n\
         405 with `Allow`; a panicking service 500.",
    );
    code.list_open(&format!("pub fn router<S: {trait_name}>("), &["service: S"], ") -> ::axum::Router {");
    code.line("router_with(service, crate::runtime::Config::default())");
    code.close("}");
    code.doc("[`router`] with a configuration (the request body limit, a credential check).");
    code.list_open(
        &format!("pub fn router_with<S: {trait_name}>("),
        &["service: S", "config: crate::runtime::Config"],
        ") -> ::axum::Router {",
    );
    code.line("::axum::Router::new()");
    // The chain's calls, one level deeper than its start.
    let level = code.level() + 1;
    // Operations are sorted by path, so one path's methods are adjacent.
    let mut index = 0;
    while index < api.operations.len() {
        let path = &api.operations[index].path;
        let mut calls = Vec::new();
        while index < api.operations.len() && &api.operations[index].path == path {
            let op = &api.operations[index];
            let method = op.method.to_ascii_lowercase();
            let head = if calls.is_empty() { format!("::axum::routing::{method}(") } else { format!("{method}(") };
            calls.push(Expr::call(head, vec![Expr::atom(format!("{}::<S>", handler_name(op)))]));
            index += 1;
        }
        let base = Box::new(calls.remove(0));
        let methods = Expr::Chain { base, calls };
        let route = Expr::call(".route(".to_owned(), vec![Expr::atom(string_lit(path)), methods]);
        code.append(&indented(&route.layout(level, "", ""), 1));
    }
    code.line("    .fallback(crate::runtime::not_found)");
    code.line("    .method_not_allowed_fallback(crate::runtime::method_not_allowed)");
    code.line("    .with_state(::std::sync::Arc::new(crate::runtime::Shared { service, config }))");
    code.close("}");
}

/// The widest `crate::runtime::guarded(|| …)` whose closure is written without a block: prettyplease, which
/// laid out these handlers before, wrapped the closure's body in a block past its 89-column margin, and the
/// handlers keep its tokens.
const CLOSURE_BLOCK_WIDTH: usize = 89;

fn handler_name(op: &Operation) -> String {
    format!("handle_{}", op.fn_name.trim_start_matches("r#"))
}

/// The handler's own locals all start with `__`, which no name from [`crate::naming`] does, so a parameter
/// called `query`, `parts` or `request` cannot shadow them.
fn emit_handler(code: &mut Code, api: &Api, op: &Operation) {
    let scope = "super::";
    let needs_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let needs_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
    let uses_parts = !op.params.is_empty() || op.body.is_some() || !op.security.is_empty();
    let parts_binding = if needs_path {
        "mut __parts"
    } else if uses_parts {
        "__parts"
    } else {
        "_"
    };
    let body_arg = if op.body.is_some() { "__body" } else { "_" };
    // Deprecated operations and parameters are still served: the router must call and fill them in.
    if super::uses_deprecated(op) {
        code.line("#[allow(deprecated)]");
    }
    code.list_open(
        &format!("async fn {}<S: {}>(", handler_name(op), api.trait_name),
        &[
            "::axum::extract::State(__shared): ::axum::extract::State<::std::sync::Arc<crate::runtime::Shared<S>>>",
            "__request: ::axum::extract::Request",
        ],
        ") -> ::axum::response::Response {",
    );
    code.line(&format!("let ({parts_binding}, {body_arg}) = __request.into_parts();"));
    emit_credentials(code, op);
    if !op.params.is_empty() {
        code.line("let mut __errors = crate::runtime::RequestErrors::default();");
        if needs_query {
            code.line("let __query = crate::runtime::QueryPairs::parse(__parts.uri.query());");
        }
        if needs_path {
            code.line("let __path = crate::runtime::PathParams::from_parts(&mut __parts).await;");
        }
        for p in &op.params {
            emit_param_extraction(code, api, p, scope);
        }
        code.open("if let ::std::option::Option::Some(__response) = __errors.into_response() {");
        code.line("return __response;");
        code.close("}");
    }
    if let Some(b) = &op.body {
        let function = match (b.kind, b.required) {
            (BodyKind::Json, true) => "json_body_required",
            (BodyKind::Json, false) => "json_body_optional",
            (BodyKind::Text, true) => "text_body_required",
            (BodyKind::Text, false) => "text_body_optional",
            (BodyKind::Bytes, true) => "bytes_body_required",
            (BodyKind::Bytes, false) => "bytes_body_optional",
        };
        let args = vec![
            Expr::atom("&__parts.headers"),
            Expr::atom("__body"),
            Expr::atom(string_lit(&b.content_type)),
            Expr::atom("__shared.config.body_limit"),
        ];
        let path = format!("crate::runtime::{function}");
        let read = match b.kind {
            BodyKind::Json => Expr::Generic { path, ty: type_text(&b.ty, scope), args },
            BodyKind::Text | BodyKind::Bytes => Expr::call(format!("{path}("), args),
        };
        let prefix = format!("let {} = match ", b.field);
        let flat = format!("{prefix}{}.await {{", read.flat());
        if code.fits(&flat) {
            code.open(&flat);
        } else {
            // rustfmt's layout of a scrutinee that spans lines: `.await` and the brace on lines of their own.
            let text = read.layout(code.level(), &prefix, ".await {");
            code.append(text.strip_suffix(".await {").unwrap_or(&text));
            code.line(".await");
            code.open("{");
        }
        code.line("::std::result::Result::Ok(__value) => __value,");
        code.line("::std::result::Result::Err(__rejection) => return *__rejection,");
        code.close("};");
    }
    // Required values were checked above; these `let … else` only turn `Option`s into values.
    let required = op.params.iter().filter(|p| p.required && !matches!(p.ty, TypeRef::Vec(_))).map(|p| &p.field);
    let credentials = op.credentials.iter().filter(|_| op.security.len() == 1).map(|c| &c.field);
    for field in required.chain(credentials) {
        let head = format!("let ::std::option::Option::Some({field}) = {field} else {{");
        let flat = format!("{head} return crate::runtime::internal_error(); }};");
        if code.fits(&flat) {
            code.line(&flat);
        } else {
            code.open(&head);
            code.line("return crate::runtime::internal_error();");
            code.close("};");
        }
    }
    let fields = op
        .params
        .iter()
        .map(|p| &p.field)
        .chain(op.body.iter().map(|b| &b.field))
        .chain(op.credentials.iter().map(|c| &c.field))
        .map(Expr::atom)
        .collect();
    statement(code, "let __request = ", &Expr::braced(format!("super::{} {{", op.request_type), fields), ";");
    let call = format!("__shared.service.{}(__request)", op.fn_name);
    let guarded = format!("crate::runtime::guarded(|| {call})");
    if code.level() * 4 + guarded.len() <= CLOSURE_BLOCK_WIDTH {
        code.line(&format!("{guarded}.await"));
    } else {
        code.open("crate::runtime::guarded(|| {");
        code.line(&call);
        code.close("})");
        code.line(".await");
    }
    code.close("}");
}

fn emit_credentials(code: &mut Code, op: &Operation) {
    if op.security.is_empty() {
        return;
    }
    for c in &op.credentials {
        let (function, source, name) = match &c.kind {
            CredentialKind::Header(name) => ("credential_header", "&__parts.headers", name.as_str()),
            CredentialKind::Query(name) => ("credential_query", "__parts.uri.query()", name.as_str()),
            CredentialKind::Cookie(name) => ("credential_cookie", "&__parts.headers", name.as_str()),
            CredentialKind::Bearer => ("credential_authorization", "&__parts.headers", "Bearer"),
            CredentialKind::Basic => ("credential_authorization", "&__parts.headers", "Basic"),
        };
        let read =
            Expr::call(format!("crate::runtime::{function}("), vec![Expr::atom(source), Expr::atom(string_lit(name))]);
        statement(code, &format!("let {} = ", c.field), &read, ";");
    }
    // Credentials are missing when every alternative lacks one of its credentials.
    let several = op.security.len() > 1;
    let missing: Vec<String> = op
        .security
        .iter()
        .map(|alternative| {
            let absent: Vec<String> =
                alternative.iter().map(|index| format!("{}.is_none()", op.credentials[*index].field)).collect();
            if several && alternative.len() > 1 {
                format!("({})", absent.join(" || "))
            } else {
                absent.join(" || ")
            }
        })
        .collect();
    let condition = format!("if {} {{", missing.join(" && "));
    if code.fits(&condition) {
        code.open(&condition);
    } else {
        // rustfmt's layout of a long condition: one operand a line, the brace on a line of its own.
        for (index, operand) in missing.iter().enumerate() {
            if index == 0 {
                code.line(&format!("if {operand}"));
            } else {
                code.line(&format!("    && {operand}"));
            }
        }
        code.open("{");
    }
    let expected: Vec<String> = op
        .security
        .iter()
        .map(|alternative| {
            alternative
                .iter()
                .map(|index| describe_credential(&op.credentials[*index].kind))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    let unauthorized =
        Expr::call("crate::runtime::unauthorized(".to_owned(), vec![Expr::atom(string_lit(&expected.join(" or ")))]);
    statement(code, "return ", &unauthorized, ";");
    code.close("}");
    let presented: Vec<Expr> = op
        .credentials
        .iter()
        .map(|c| {
            let scheme = Expr::atom(string_lit(&c.scheme));
            Expr::call("(".to_owned(), vec![scheme, Expr::atom(format!("{}.as_deref()", c.field))])
        })
        .collect();
    let binding = "if let ::std::option::Option::Some(__response) =";
    let reject = format!(
        "__shared.config.reject_credentials({})",
        Expr::List { head: "&[".to_owned(), items: presented.clone(), tail: "]".to_owned(), spaced: false }.flat()
    );
    let flat = format!("{binding} {reject} {{");
    if code.fits(&flat) {
        code.open(&flat);
    } else if code.fits(&format!("    {reject}")) {
        code.line(binding);
        code.line(&format!("    {reject}"));
        code.open("{");
    } else {
        // The array overflows the line that starts it, as rustfmt lays out a call's last argument.
        let level = code.level() + 1;
        let items: Vec<String> = presented.iter().map(|item| item.item_layout(level)).collect();
        code.list_open(&format!("{binding} __shared.config.reject_credentials(&["), &items, "]) {");
    }
    code.line("return __response;");
    code.close("}");
}

fn describe_credential(kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::Header(name) => format!("header `{name}`"),
        CredentialKind::Query(name) => format!("query parameter `{name}`"),
        CredentialKind::Cookie(name) => format!("cookie `{name}`"),
        CredentialKind::Bearer => "an `Authorization: Bearer` token".to_owned(),
        CredentialKind::Basic => "`Authorization: Basic` credentials".to_owned(),
    }
}

fn emit_param_extraction(code: &mut Code, api: &Api, p: &Param, scope: &str) {
    if p.location == ParamLocation::Query && p.style == ParamStyle::DeepObject {
        emit_deep_object_extraction(code, api, p, scope);
        return;
    }
    let field = &p.field;
    let wire = string_lit(&p.wire);
    let (value_ty, is_list) = match &p.ty {
        TypeRef::Vec(item) => (type_text(item, scope), true),
        other => (type_text(other, scope), false),
    };
    let source = match p.location {
        ParamLocation::Query => "&__query",
        ParamLocation::Header => "&__parts.headers",
        ParamLocation::Path => "&__path",
        ParamLocation::Cookie => "&__parts.headers",
    };
    let function = match (p.location, is_list, p.required) {
        (ParamLocation::Query, true, true) => "query_list_required",
        (ParamLocation::Query, true, false) => "query_list",
        (ParamLocation::Query, false, true) => "query_required",
        (ParamLocation::Query, false, false) => "query_optional",
        (ParamLocation::Header, _, true) => "header_required",
        (ParamLocation::Header, _, false) => "header_optional",
        (ParamLocation::Path, _, _) => "path_required",
        (ParamLocation::Cookie, _, true) => "cookie_required",
        (ParamLocation::Cookie, _, false) => "cookie_optional",
    };
    let mut args = vec![Expr::atom(source), Expr::atom(wire.clone())];
    if p.location == ParamLocation::Query && is_list {
        let style = match p.style {
            ParamStyle::FormExploded | ParamStyle::DeepObject => "FormExploded",
            ParamStyle::FormComma => "FormComma",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
        };
        args.push(Expr::atom(format!("crate::runtime::ListStyle::{style}")));
    }
    let extraction = Expr::Generic { path: format!("__errors.{function}"), ty: value_ty, args };
    statement(code, &format!("let {field} = "), &extraction, ";");
    let location = string_lit(match p.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Path => "path",
        ParamLocation::Cookie => "cookie",
    });
    let c = &p.constraints;
    let mut check = |function: &str, min: String, max: String| {
        if is_list {
            code.open(&format!("for __value in &{field} {{"));
        } else {
            code.open(&format!("if let ::std::option::Option::Some(__value) = &{field} {{"));
        }
        let args = [location.clone(), wire.clone(), "__value".to_owned(), min, max];
        let call = Expr::call(format!("__errors.{function}("), args.into_iter().map(Expr::atom).collect());
        statement(code, "", &call, ";");
        code.close("}");
    };
    if c.min_length.is_some() || c.max_length.is_some() {
        check("check_length", option_usize(c.min_length), option_usize(c.max_length));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        check("check_range", option_f64(c.minimum), option_f64(c.maximum));
    }
}

/// A `deepObject` query parameter: its type's properties, each read from `name[property]=value` by its own
/// type (lower made sure they are single values); a map's or a free-form object's by the value type.
fn emit_deep_object_extraction(code: &mut Code, api: &Api, p: &Param, scope: &str) {
    let reader = |ty: &TypeRef, nullable: bool| match ty {
        TypeRef::Primitive(Primitive::Json) => "crate::runtime::deep_text".to_owned(),
        _ if nullable => format!("crate::runtime::deep_nullable::<{}>", type_text(ty, scope)),
        _ => format!("crate::runtime::deep_value::<{}>", type_text(ty, scope)),
    };
    let kind = match &p.ty {
        TypeRef::Named(name) => api.kind_of(name),
        _ => None,
    };
    let (properties, additional) = match (&p.ty, kind) {
        (_, Some(TypeKind::Struct(s))) => {
            let properties = s
                .fields
                .iter()
                .map(|f| {
                    let fields = vec![
                        Expr::atom(format!("name: {}", string_lit(&f.wire))),
                        Expr::atom(format!("required: {}", f.required)),
                        Expr::atom(format!("read: {}", reader(&f.ty, f.nullable))),
                    ];
                    Expr::braced("crate::runtime::DeepProperty {".to_owned(), fields)
                })
                .collect();
            (properties, s.additional.as_ref().map(|value| reader(value, false)))
        }
        (_, Some(TypeKind::Map(value))) => (Vec::new(), Some(reader(value, false))),
        (TypeRef::Map(value), _) => (Vec::new(), Some(reader(value, false))),
        _ => (Vec::new(), Some("crate::runtime::deep_text".to_owned())),
    };
    let additional = match additional {
        Some(read) => Expr::call("::std::option::Option::Some(".to_owned(), vec![Expr::atom(read)]),
        None => Expr::atom("::std::option::Option::None"),
    };
    let call = Expr::Generic {
        path: "__errors.query_deep_object".to_owned(),
        ty: type_text(&p.ty, scope),
        args: vec![
            Expr::atom("&__query"),
            Expr::atom(string_lit(&p.wire)),
            Expr::atom(p.required.to_string()),
            Expr::List { head: "&[".to_owned(), items: properties, tail: "]".to_owned(), spaced: false },
            additional,
        ],
    };
    statement(code, &format!("let {} = ", p.field), &call, ";");
}

fn option_usize(value: Option<usize>) -> String {
    match value {
        Some(v) => format!("::std::option::Option::Some({v})"),
        None => "::std::option::Option::None".to_owned(),
    }
}

/// A finite bound as an `f64`-suffixed literal (`1f64`, `0.5f64`); no bound otherwise.
fn option_f64(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("::std::option::Option::Some({v}f64)"),
        _ => "::std::option::Option::None".to_owned(),
    }
}

fn emit_into_response(code: &mut Code, op: &Operation) {
    let name = &op.response_type;
    code.open(&format!("impl ::axum::response::IntoResponse for super::{name} {{"));
    code.open("fn into_response(self) -> ::axum::response::Response {");
    code.open("match self {");
    for r in &op.responses {
        let vname = &r.variant;
        let content_type = Expr::atom(string_lit(r.content_type.as_deref().unwrap_or("")));
        let status = match fixed_code(r.status) {
            Some(status) => Expr::atom(format!("crate::runtime::status({status})")),
            None => Expr::atom("status"),
        };
        let runtime = |function: &str, args: Vec<Expr>| Expr::call(format!("crate::runtime::{function}("), args);
        let write = match &r.body {
            Some((BodyKind::Json, _)) => runtime("json_response", vec![status, content_type, Expr::atom("&body")]),
            Some((BodyKind::Text, _)) => runtime("text_response", vec![status, content_type, Expr::atom("body")]),
            Some((BodyKind::Bytes, _)) => runtime("bytes_response", vec![status, content_type, Expr::atom("body")]),
            None => runtime("empty_response", vec![status]),
        };
        let write = if r.headers.is_empty() {
            write
        } else {
            let headers = r
                .headers
                .iter()
                .map(|h| {
                    let value = if h.required {
                        Expr::call(
                            "::std::option::Option::Some(".to_owned(),
                            vec![Expr::atom(format!("crate::runtime::header_text(&{})", h.field))],
                        )
                    } else {
                        Expr::atom(format!("{}.as_ref().map(crate::runtime::header_text)", h.field))
                    };
                    Expr::call("(".to_owned(), vec![Expr::atom(string_lit(&h.wire)), value])
                })
                .collect();
            let headers = Expr::List { head: "[".to_owned(), items: headers, tail: "]".to_owned(), spaced: false };
            runtime("with_headers", vec![write, headers])
        };
        let pattern = match response_shape(r) {
            VariantShape::Tuple => Expr::atom(format!("super::{name}::{vname}(body)")),
            VariantShape::Unit => Expr::atom(format!("super::{name}::{vname}")),
            VariantShape::Struct => {
                let status = fixed_code(r.status).is_none().then_some("status");
                let body = r.body.as_ref().map(|_| "body");
                let fields = status.into_iter().chain(body).chain(r.headers.iter().map(|h| h.field.as_str()));
                Expr::braced(format!("super::{name}::{vname} {{"), fields.map(Expr::atom).collect())
            }
        };
        let pattern_flat = pattern.flat();
        let flat = format!("{pattern_flat} => {},", write.flat());
        if code.fits(&flat) {
            code.line(&flat);
        } else if code.fits(&format!("{pattern_flat} => {}", write.head())) {
            code.append(&write.layout(code.level(), &format!("{pattern_flat} => "), ","));
        } else if matches!(pattern, Expr::Atom(_)) || code.fits(&format!("{pattern_flat} => {{")) {
            // The call does not fit after the pattern, a block does (or the pattern cannot break): the call in it.
            code.open(&format!("{pattern_flat} => {{"));
            statement(code, "", &write, "");
            code.close("}");
        } else if let Expr::List { head, items, .. } = &pattern {
            // The pattern's fields one per line, the call after its closing brace.
            code.open(head);
            for item in items {
                code.line(&format!("{},", item.flat()));
            }
            let write = write.layout(code.level() - 1, "} => ", ",");
            let (first, rest) = write.split_once('\n').unwrap_or((&write, ""));
            code.close(first);
            code.append(rest);
        }
    }
    code.close("}");
    code.close("}");
    code.close("}");
}

/// Writes `prefix expr suffix` at the code's level: on one line when it fits, else with `expr` broken.
fn statement(code: &mut Code, prefix: &str, expr: &Expr, suffix: &str) {
    code.append(&expr.layout(code.level(), prefix, suffix));
}

/// Each line of `text` `levels` levels deeper.
fn indented(text: &str, levels: usize) -> String {
    let indent = "    ".repeat(levels);
    text.lines().map(|line| format!("{indent}{line}")).collect::<Vec<_>>().join("\n")
}

/// An expression laid out as rustfmt would: on one line when it fits, else its lists one element per line
/// (with trailing commas) and its method chains one call per line.
#[derive(Debug, Clone)]
enum Expr {
    /// Text never broken.
    Atom(String),
    /// `head` (ending with the opening delimiter), the items, `tail` (the closing delimiter). `spaced`: a
    /// brace list (`S { a, b }`), with spaces inside the braces on one line.
    List { head: String, items: Vec<Expr>, tail: String, spaced: bool },
    /// `base.call.call`; broken, each call on its own line one level deeper.
    Chain { base: Box<Expr>, calls: Vec<Expr> },
    /// `path::<ty>(args)`; when even `path::<ty>(` is too wide, the type on a line of its own.
    Generic { path: String, ty: String, args: Vec<Expr> },
}

impl Expr {
    fn atom(text: impl Into<String>) -> Self {
        Expr::Atom(text.into())
    }

    /// A call (`head` ends with `(`).
    fn call(head: String, items: Vec<Expr>) -> Self {
        Expr::List { head, items, tail: ")".to_owned(), spaced: false }
    }

    /// A struct expression or pattern (`head` ends with `{`).
    fn braced(head: String, items: Vec<Expr>) -> Self {
        Expr::List { head, items, tail: "}".to_owned(), spaced: true }
    }

    /// The text that starts the first line when the expression is broken.
    fn head(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::List { head, .. } => head.clone(),
            Expr::Chain { base, .. } => base.flat(),
            Expr::Generic { path, ty, .. } => format!("{path}::<{ty}>("),
        }
    }

    /// The expression on one line.
    fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::List { head, items, tail, spaced } => {
                if *spaced && !items.is_empty() {
                    format!("{head} {} {tail}", Expr::flat_items(items))
                } else {
                    format!("{head}{}{tail}", Expr::flat_items(items))
                }
            }
            Expr::Generic { path, ty, args } => format!("{path}::<{ty}>({})", Expr::flat_items(args)),
            Expr::Chain { base, calls } => {
                let mut text = base.flat();
                for call in calls {
                    text.push('.');
                    text.push_str(&call.flat());
                }
                text
            }
        }
    }

    /// `prefix`, the expression, `suffix`, for a place `level` levels deep: one line when it fits, else
    /// broken. The lines after the first are indented relative to the first.
    fn layout(&self, level: usize, prefix: &str, suffix: &str) -> String {
        let flat = format!("{prefix}{}{suffix}", self.flat());
        if level * 4 + flat.len() <= MAX_WIDTH {
            return flat;
        }
        match self {
            Expr::Atom(_) => flat,
            Expr::List { head, items, tail, .. } => {
                let mut text = format!("{prefix}{head}");
                for item in items {
                    text.push('\n');
                    text.push_str(&indented(&item.layout(level + 1, "", ","), 1));
                }
                text.push('\n');
                text.push_str(tail);
                text.push_str(suffix);
                text
            }
            Expr::Chain { base, calls } => {
                let mut text = base.layout(level, prefix, "");
                for call in calls {
                    text.push('\n');
                    text.push_str(&indented(&call.layout(level + 1, ".", ""), 1));
                }
                text.push_str(suffix);
                text
            }
            Expr::Generic { path, ty, args } => {
                let head = format!("{path}::<{ty}>(");
                if level * 4 + prefix.len() + head.len() <= MAX_WIDTH {
                    return Expr::call(head, args.clone()).layout(level, prefix, suffix);
                }
                let call = Expr::call(">(".to_owned(), args.clone());
                format!("{prefix}{path}::<\n    {ty},\n{}", call.layout(level, "", suffix))
            }
        }
    }

    fn flat_items(items: &[Expr]) -> String {
        items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
    }

    /// The expression as an element of a broken list `level` levels deep, without its trailing comma
    /// ([`Code::list`] adds it).
    fn item_layout(&self, level: usize) -> String {
        let text = self.layout(level, "", ",");
        text.strip_suffix(',').map(str::to_owned).unwrap_or(text)
    }
}
