//! Emits the server stub of a spec: the service trait (request in, response out, no HTTP), `router()`,
//! one handler per operation that extracts and validates every input, and `IntoResponse` for each
//! `<Op>Response`. Everything here is behind the generated crate's `server` feature.

use super::code::{array, atom, call, chain, generic, lit, string_lit, structure, type_text, Code, Expr};
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
    let mut links = Vec::new();
    // Operations are sorted by path, so one path's methods are adjacent.
    let mut index = 0;
    while index < api.operations.len() {
        let path = &api.operations[index].path;
        let mut methods = Vec::new();
        while index < api.operations.len() && &api.operations[index].path == path {
            let op = &api.operations[index];
            let method = op.method.to_ascii_lowercase();
            let head = if methods.is_empty() { format!("::axum::routing::{method}") } else { format!(".{method}") };
            methods.push(call(head, vec![atom(format!("{}::<S>", handler_name(op)))]));
            index += 1;
        }
        let first = methods.remove(0);
        links.push(call(".route", vec![lit(path), chain(first, methods)]));
    }
    links.push(atom(".fallback(crate::runtime::not_found)"));
    links.push(atom(".method_not_allowed_fallback(crate::runtime::method_not_allowed)"));
    links.push(atom(".with_state(::std::sync::Arc::new(crate::runtime::Shared { service, config }))"));
    code.statement("", &chain("::axum::Router::new()", links), "");
    code.close("}");
}

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
        let args =
            vec![atom("&__parts.headers"), atom("__body"), lit(&b.content_type), atom("__shared.config.body_limit")];
        let read = match b.kind {
            BodyKind::Json => {
                call(generic(format!("crate::runtime::{function}::"), vec![atom(type_text(&b.ty, scope))]), args)
            }
            BodyKind::Text | BodyKind::Bytes => call(format!("crate::runtime::{function}"), args),
        };
        let prefix = format!("let {} = match ", b.field);
        let flat = format!("{prefix}{}.await {{", read.flat());
        if code.fits(&flat) {
            code.open(&flat);
        } else {
            // rustfmt's layout of a scrutinee that spans lines: `.await` and the brace on lines of their own.
            code.statement(&prefix, &read, "");
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
        .map(atom)
        .collect();
    code.statement("let __request = ", &structure(format!("super::{}", op.request_type), fields), ";");
    let service_call = format!("__shared.service.{}(__request)", op.fn_name);
    let guarded = format!("crate::runtime::guarded(|| {service_call})");
    let flat = format!("{guarded}.await");
    if code.fits(&flat) {
        code.line(&flat);
    } else {
        code.open("crate::runtime::guarded(|| {");
        code.line(&service_call);
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
        let read = call(format!("crate::runtime::{function}"), vec![atom(source), lit(name)]);
        code.statement(&format!("let {} = ", c.field), &read, ";");
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
    code.open_if("if", &missing.into_iter().map(atom).collect::<Vec<_>>());
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
    let unauthorized = call("crate::runtime::unauthorized", vec![lit(&expected.join(" or "))]);
    code.statement("return ", &unauthorized, ";");
    code.close("}");
    let presented = op
        .credentials
        .iter()
        .map(|c| call("", vec![lit(&c.scheme), atom(format!("{}.as_deref()", c.field))]))
        .collect();
    let reject = call("__shared.config.reject_credentials", vec![array("&", presented)]);
    code.open_cond("if let ::std::option::Option::Some(__response) =", &reject);
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
    let mut args = vec![atom(source), lit(&p.wire)];
    if p.location == ParamLocation::Query && is_list {
        let style = match p.style {
            ParamStyle::FormExploded | ParamStyle::DeepObject => "FormExploded",
            ParamStyle::FormComma => "FormComma",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
        };
        args.push(atom(format!("crate::runtime::ListStyle::{style}")));
    }
    let extraction = call(generic(format!("__errors.{function}::"), vec![atom(value_ty)]), args);
    code.statement(&format!("let {field} = "), &extraction, ";");
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
        code.statement("", &call(format!("__errors.{function}"), args.into_iter().map(atom).collect()), ";");
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
                        atom(format!("name: {}", string_lit(&f.wire))),
                        atom(format!("required: {}", f.required)),
                        atom(format!("read: {}", reader(&f.ty, f.nullable))),
                    ];
                    structure("crate::runtime::DeepProperty", fields)
                })
                .collect();
            (properties, s.additional.as_ref().map(|value| reader(value, false)))
        }
        (_, Some(TypeKind::Map(value))) => (Vec::new(), Some(reader(value, false))),
        (TypeRef::Map(value), _) => (Vec::new(), Some(reader(value, false))),
        _ => (Vec::new(), Some("crate::runtime::deep_text".to_owned())),
    };
    let additional = match additional {
        Some(read) => call("::std::option::Option::Some", vec![atom(read)]),
        None => atom("::std::option::Option::None"),
    };
    let args = vec![atom("&__query"), lit(&p.wire), atom(p.required.to_string()), array("&", properties), additional];
    let read = call(generic("__errors.query_deep_object::", vec![atom(type_text(&p.ty, scope))]), args);
    code.statement(&format!("let {} = ", p.field), &read, ";");
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
        let content_type = lit(r.content_type.as_deref().unwrap_or(""));
        let status = match fixed_code(r.status) {
            Some(status) => atom(format!("crate::runtime::status({status})")),
            None => atom("status"),
        };
        let runtime = |function: &str, args: Vec<Expr>| call(format!("crate::runtime::{function}"), args);
        let write = match &r.body {
            Some((BodyKind::Json, _)) => runtime("json_response", vec![status, content_type, atom("&body")]),
            Some((BodyKind::Text, _)) => runtime("text_response", vec![status, content_type, atom("body")]),
            Some((BodyKind::Bytes, _)) => runtime("bytes_response", vec![status, content_type, atom("body")]),
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
                        let text = atom(format!("crate::runtime::header_text(&{})", h.field));
                        call("::std::option::Option::Some", vec![text])
                    } else {
                        atom(format!("{}.as_ref().map(crate::runtime::header_text)", h.field))
                    };
                    call("", vec![lit(&h.wire), value])
                })
                .collect();
            runtime("with_headers", vec![write, array("", headers)])
        };
        let pattern = match response_shape(r) {
            VariantShape::Tuple => atom(format!("super::{name}::{vname}(body)")),
            VariantShape::Unit => atom(format!("super::{name}::{vname}")),
            VariantShape::Struct => {
                let status = fixed_code(r.status).is_none().then_some("status");
                let body = r.body.as_ref().map(|_| "body");
                let fields = status.into_iter().chain(body).chain(r.headers.iter().map(|h| h.field.as_str()));
                structure(format!("super::{name}::{vname}"), fields.map(atom).collect())
            }
        };
        code.arm(&pattern, &write);
    }
    code.close("}");
    code.close("}");
    code.close("}");
}
