//! Emits the server stub of a spec: the service trait (request in, response out, no HTTP), `router()`,
//! one handler per operation that extracts and validates every input, and `IntoResponse` for each
//! `<Op>Response`. Everything here is behind the generated crate's `server` feature.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::{fixed_code, response_shape, VariantShape};
use super::{block, doc_attrs, feature_gate, ident, item, join_docs, parent, runtime, type_tokens, Node};
use crate::ir::*;

/// `pub use self::server::{router, router_with, <Trait>};`
pub fn emit_server_reexport(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let gate = feature_gate(api.target, "server");
    quote! {
        #gate
        pub use self::server::{router, router_with, #trait_name};
    }
}

/// The `server` module: the service trait, the router, a handler per operation, `IntoResponse` per response.
pub fn server_node(api: &Api) -> Node<'_> {
    let methods = api.operations.iter().map(|op| item(move || emit_trait_method(op))).collect();
    let mut items = vec![
        block(move |body| emit_trait(api, body), methods),
        item(move || emit_router(api)),
        item(move || emit_router_with(api)),
    ];
    items.extend(api.operations.iter().map(|op| item(move || emit_handler(api, op))));
    items.extend(api.operations.iter().map(|op| item(move || emit_into_response(op, api.target))));
    block(
        move |body| {
            let gate = feature_gate(api.target, "server");
            quote! {
                #gate
                mod server { #body }
            }
        },
        items,
    )
}

/// The service trait around its methods (`body`).
pub fn emit_trait(api: &Api, body: TokenStream) -> TokenStream {
    let doc = doc_attrs(&format!(
        "The {} service: one method per operation. Implement it and serve it with [`router`]; the router \
         extracts and validates every parameter, so the service never touches HTTP.",
        api.title
    ));
    let name = ident(&api.trait_name);
    quote! {
        #doc
        pub trait #name: ::std::marker::Send + ::std::marker::Sync + 'static { #body }
    }
}

/// One trait method: `&self`, `<Op>Request` in, `<Op>Response` out.
pub fn emit_trait_method(op: &Operation) -> TokenStream {
    let title = format!("`{} {}`", op.endpoint.method, op.endpoint.path);
    let doc = doc_attrs(
        &join_docs([op.summary.as_deref(), Some(title.as_str()), op.description.as_deref()]).unwrap_or_default(),
    );
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let name = ident(&op.fn_name);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    quote! {
        #doc
        #deprecated
        fn #name(&self, request: super::#request)
            -> impl ::std::future::Future<Output = super::#response> + ::std::marker::Send;
    }
}

fn emit_router(api: &Api) -> TokenStream {
    let rt = runtime(api.target, 1);
    let trait_name = ident(&api.trait_name);
    let router_doc = doc_attrs(&format!(
        "An axum router serving `service`: every operation of the spec at its path, with the default\n\
             [`{}::Config`]. Bad input is answered by the router with a JSON error (400 naming each\n\
             offending parameter, 401 without credentials, 413, 415); an unknown path gets 404, a wrong method\n\
             405 with `Allow`; a panicking service 500.",
        api.target.runtime(1)
    ));
    quote! {
        #router_doc
        pub fn router<S: #trait_name>(service: S) -> ::axum::Router {
            router_with(service, #rt::Config::default())
        }
    }
}

fn emit_router_with(api: &Api) -> TokenStream {
    let rt = runtime(api.target, 1);
    let trait_name = ident(&api.trait_name);
    let with_doc = doc_attrs("[`router`] with a configuration (the request body limit, a credential check).");
    let mut routes = Vec::new();
    // Operations are sorted by path, so one path's methods are adjacent.
    let mut index = 0;
    while index < api.operations.len() {
        let path = &api.operations[index].endpoint.path;
        let mut methods = Vec::new();
        while index < api.operations.len() && &api.operations[index].endpoint.path == path {
            let op = &api.operations[index];
            let method = format_ident!("{}", op.endpoint.method.lower());
            let handler = handler_name(op);
            methods.push(if methods.is_empty() {
                quote! { ::axum::routing::#method(#handler::<S>) }
            } else {
                quote! { .#method(#handler::<S>) }
            });
            index += 1;
        }
        routes.push(quote! { .route(#path, #(#methods)*) });
    }
    quote! {
        #with_doc
        pub fn router_with<S: #trait_name>(service: S, config: #rt::Config) -> ::axum::Router {
            ::axum::Router::new()
                #(#routes)*
                .fallback(#rt::not_found)
                .method_not_allowed_fallback(#rt::method_not_allowed)
                .with_state(::std::sync::Arc::new(#rt::Shared { service, config }))
        }
    }
}

fn handler_name(op: &Operation) -> Ident {
    format_ident!("{}", crate::naming::prefixed("handle", &op.fn_name))
}

/// The handler's own locals all start with `__`, which no name from [`crate::naming`] does, so a parameter
/// called `query`, `parts` or `request` cannot shadow them.
fn emit_handler(api: &Api, op: &Operation) -> TokenStream {
    let rt = runtime(api.target, 1);
    let scope = parent();
    let needs_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let needs_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
    let uses_parts = !op.params.is_empty() || op.body.is_some() || !op.security.is_empty();
    let parts_binding = if needs_path {
        quote! { mut __parts }
    } else if uses_parts {
        quote! { __parts }
    } else {
        quote! { _ }
    };
    let body_arg = if op.body.is_some() {
        quote! { __body }
    } else {
        quote! { _ }
    };
    // Deprecated operations and parameters are still served: the router must call and fill them in.
    let allow = super::uses_deprecated(op).then(|| quote! { #[allow(deprecated)] });
    let credentials = emit_credentials(op, api.target);
    let params = (!op.params.is_empty()).then(|| {
        let query = needs_query.then(|| quote! { let __query = #rt::QueryPairs::parse(__parts.uri.query()); });
        let path = needs_path.then(|| quote! { let __path = #rt::PathParams::from_parts(&mut __parts).await; });
        let extractions = op.params.iter().map(|p| emit_param_extraction(api, p, &scope));
        quote! {
            let mut __errors = #rt::RequestErrors::default();
            #query
            #path
            #(#extractions)*
            if let Some(__response) = __errors.into_response() {
                return __response;
            }
        }
    });
    let body = op.body.as_ref().map(|b| {
        let function = format_ident!(
            "{}",
            match (b.kind, b.required) {
                (BodyKind::Json, true) => "json_body_required",
                (BodyKind::Json, false) => "json_body_optional",
                (BodyKind::Text, true) => "text_body_required",
                (BodyKind::Text, false) => "text_body_optional",
                (BodyKind::Bytes, true) => "bytes_body_required",
                (BodyKind::Bytes, false) => "bytes_body_optional",
            }
        );
        let content_type = &b.content_type;
        let turbofish = match b.kind {
            BodyKind::Json => {
                let ty = type_tokens(&b.ty, &scope);
                quote! { ::<#ty> }
            }
            BodyKind::Text | BodyKind::Bytes => TokenStream::new(),
        };
        let field = ident(&b.field);
        quote! {
            let #field = match #rt::#function #turbofish(
                &__parts.headers,
                __body,
                #content_type,
                __shared.config.body_limit,
            )
            .await
            {
                Ok(__value) => __value,
                Err(__rejection) => return *__rejection,
            };
        }
    });
    // Required values were checked above; these `let … else` only turn `Option`s into values.
    // Credentials, and required headers a client may supply by default, stay `Option`s (here `Some`).
    let required = op.params.iter().filter(|p| !p.is_option() && !matches!(p.ty, TypeRef::Vec(_)));
    let unwraps = required.map(|p| &p.field).map(|field| {
        let field = ident(field);
        quote! {
            let Some(#field) = #field else {
                return #rt::internal_error();
            };
        }
    });
    let fields = op
        .params
        .iter()
        .map(|p| &p.field)
        .chain(op.body.iter().map(|b| &b.field))
        .chain(op.credentials.iter().map(|c| &c.field))
        .map(|field| ident(field));
    let request_type = ident(&op.request_type);
    let handler = handler_name(op);
    let trait_name = ident(&api.trait_name);
    let fn_name = ident(&op.fn_name);
    quote! {
        #allow
        async fn #handler<S: #trait_name>(
            ::axum::extract::State(__shared): ::axum::extract::State<::std::sync::Arc<#rt::Shared<S>>>,
            __request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            let (#parts_binding, #body_arg) = __request.into_parts();
            #credentials
            #params
            #body
            #(#unwraps)*
            let __request = super::#request_type { #(#fields),* };
            #rt::guarded(|| __shared.service.#fn_name(__request)).await
        }
    }
}

fn emit_credentials(op: &Operation, target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    if op.security.is_empty() {
        return TokenStream::new();
    }
    let reads = op.credentials.iter().map(|c| {
        let (function, source, name) = match &c.kind {
            CredentialKind::Header(name) => ("credential_header", quote! { &__parts.headers }, name.as_str()),
            CredentialKind::Query(name) => ("credential_query", quote! { __parts.uri.query() }, name.as_str()),
            CredentialKind::Cookie(name) => ("credential_cookie", quote! { &__parts.headers }, name.as_str()),
            CredentialKind::Bearer => ("credential_authorization", quote! { &__parts.headers }, "Bearer"),
            CredentialKind::Basic => ("credential_authorization", quote! { &__parts.headers }, "Basic"),
        };
        let function = format_ident!("{function}");
        let field = ident(&c.field);
        quote! { let #field = #rt::#function(#source, #name); }
    });
    // Credentials are missing when every alternative lacks one of its credentials.
    let several = op.security.len() > 1;
    let missing = op.security.iter().map(|alternative| {
        let absent = alternative.iter().map(|index| {
            let field = ident(&op.credentials[*index].field);
            quote! { #field.is_none() }
        });
        if several && alternative.len() > 1 {
            quote! { (#(#absent)||*) }
        } else {
            quote! { #(#absent)||* }
        }
    });
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
    let expected = expected.join(" or ");
    let presented = op.credentials.iter().map(|c| {
        let scheme = &c.scheme;
        let field = ident(&c.field);
        quote! { (#scheme, #field.as_deref()) }
    });
    quote! {
        #(#reads)*
        if #(#missing)&&* {
            return #rt::unauthorized(#expected);
        }
        if let Some(__response) = __shared.config.reject_credentials(&[#(#presented),*]) {
            return __response;
        }
    }
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

fn emit_param_extraction(api: &Api, p: &Param, scope: &TokenStream) -> TokenStream {
    let rt = runtime(api.target, 1);
    if p.location == ParamLocation::Query && p.style == ParamStyle::DeepObject {
        return emit_deep_object_extraction(api, p, scope);
    }
    let field = ident(&p.field);
    let wire = &p.wire;
    let (value_ty, is_list) = match &p.ty {
        TypeRef::Vec(item) => (type_tokens(item, scope), true),
        other => (type_tokens(other, scope), false),
    };
    let source = match p.location {
        ParamLocation::Query => quote! { &__query },
        ParamLocation::Header | ParamLocation::Cookie => quote! { &__parts.headers },
        ParamLocation::Path => quote! { &__path },
    };
    let function = format_ident!(
        "{}",
        match (p.location, is_list, p.required) {
            (ParamLocation::Query, true, true) => "query_list_required",
            (ParamLocation::Query, true, false) => "query_list",
            (ParamLocation::Query, false, true) => "query_required",
            (ParamLocation::Query, false, false) => "query_optional",
            (ParamLocation::Header, _, true) => "header_required",
            (ParamLocation::Header, _, false) => "header_optional",
            (ParamLocation::Path, _, _) => "path_required",
            (ParamLocation::Cookie, _, true) => "cookie_required",
            (ParamLocation::Cookie, _, false) => "cookie_optional",
        }
    );
    let style = (p.location == ParamLocation::Query && is_list).then(|| {
        let style = format_ident!(
            "{}",
            match p.style {
                ParamStyle::FormExploded | ParamStyle::DeepObject => "FormExploded",
                ParamStyle::FormComma => "FormComma",
                ParamStyle::SpaceDelimited => "SpaceDelimited",
                ParamStyle::PipeDelimited => "PipeDelimited",
            }
        );
        quote! { , #rt::ListStyle::#style }
    });
    let location = match p.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Path => "path",
        ParamLocation::Cookie => "cookie",
    };
    let c = &p.constraints;
    let check = |function: &str, min: TokenStream, max: TokenStream| {
        let function = format_ident!("{function}");
        let call = quote! { __errors.#function(#location, #wire, __value, #min, #max); };
        if is_list {
            quote! { for __value in &#field { #call } }
        } else {
            quote! { if let Some(__value) = &#field { #call } }
        }
    };
    let length = (c.min_length.is_some() || c.max_length.is_some())
        .then(|| check("check_length", option_usize(c.min_length), option_usize(c.max_length)));
    let range = (c.minimum.is_some() || c.maximum.is_some())
        .then(|| check("check_range", option_f64(c.minimum), option_f64(c.maximum)));
    quote! {
        let #field = __errors.#function::<#value_ty>(#source, #wire #style);
        #length
        #range
    }
}

/// A `deepObject` query parameter: its type's properties, each read from `name[property]=value` by its own
/// type (lower made sure they are single values); a map's or a free-form object's by the value type.
fn emit_deep_object_extraction(api: &Api, p: &Param, scope: &TokenStream) -> TokenStream {
    let rt = runtime(api.target, 1);
    let reader = |ty: &TypeRef, nullable: bool| match ty {
        TypeRef::Primitive(Primitive::Json) => quote! { #rt::deep_text },
        _ if nullable => {
            let ty = type_tokens(ty, scope);
            quote! { #rt::deep_nullable::<#ty> }
        }
        _ => {
            let ty = type_tokens(ty, scope);
            quote! { #rt::deep_value::<#ty> }
        }
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
                    let (wire, required, read) = (&f.wire, f.required, reader(&f.ty, f.nullable));
                    quote! { #rt::DeepProperty { name: #wire, required: #required, read: #read } }
                })
                .collect();
            (properties, s.additional.as_ref().map(|value| reader(value, false)))
        }
        (_, Some(TypeKind::Map(value))) => (Vec::new(), Some(reader(value, false))),
        (TypeRef::Map(value), _) => (Vec::new(), Some(reader(value, false))),
        _ => (Vec::new(), Some(quote! { #rt::deep_text })),
    };
    let additional = match additional {
        Some(read) => quote! { Some(#read) },
        None => quote! { None },
    };
    let (field, wire, required, ty) = (ident(&p.field), &p.wire, p.required, type_tokens(&p.ty, scope));
    quote! {
        let #field = __errors.query_deep_object::<#ty>(&__query, #wire, #required, &[#(#properties),*], #additional);
    }
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::usize_unsuffixed(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    }
}

/// A finite bound as an `f64`-suffixed literal (`1f64`, `0.5f64`); no bound otherwise.
fn option_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(v) if v.is_finite() => {
            let magnitude = Literal::f64_suffixed(v.abs());
            let sign = v.is_sign_negative().then(|| quote! { - });
            quote! { Some(#sign #magnitude) }
        }
        _ => quote! { None },
    }
}

fn emit_into_response(op: &Operation, target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let name = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        let content_type = r.content_type.as_deref().unwrap_or("");
        let status = match fixed_code(r.status) {
            Some(status) => {
                let status = Literal::u16_unsuffixed(status);
                quote! { #rt::status(#status) }
            }
            None => quote! { status },
        };
        let write = match &r.body {
            Some((BodyKind::Json, _)) => quote! { #rt::json_response(#status, #content_type, &body) },
            Some((BodyKind::Text, _)) => quote! { #rt::text_response(#status, #content_type, body) },
            Some((BodyKind::Bytes, _)) => quote! { #rt::bytes_response(#status, #content_type, body) },
            None => quote! { #rt::empty_response(#status) },
        };
        let write = if r.headers.is_empty() {
            write
        } else {
            let headers = r.headers.iter().map(|h| {
                let field = ident(&h.field);
                let value = if h.required {
                    quote! { Some(#rt::header_text(&#field)) }
                } else {
                    quote! { #field.as_ref().map(#rt::header_text) }
                };
                let wire = &h.wire;
                quote! { (#wire, #value) }
            });
            quote! { #rt::with_headers(#write, [#(#headers),*]) }
        };
        let pattern = match response_shape(r) {
            VariantShape::Tuple => quote! { super::#name::#vname(body) },
            VariantShape::Unit => quote! { super::#name::#vname },
            VariantShape::Struct => {
                let status = fixed_code(r.status).is_none().then(|| format_ident!("status"));
                let body = r.body.as_ref().map(|_| format_ident!("body"));
                let fields = status.into_iter().chain(body).chain(r.headers.iter().map(|h| ident(&h.field)));
                quote! { super::#name::#vname { #(#fields),* } }
            }
        };
        quote! { #pattern => #write, }
    });
    quote! {
        impl ::axum::response::IntoResponse for super::#name {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
