//! Emits the server stub of a spec: the service trait (request in, response out, no HTTP), `router()`,
//! one handler per operation that extracts and validates every input, and `IntoResponse` for each
//! `<Op>Response`. Everything here is behind the generated crate's `server` feature.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::{fixed_code, response_shape, VariantShape};
use super::{doc_attrs, ident, join_docs, type_tokens};
use crate::ir::*;

/// `pub use self::server::{router, router_with, <Trait>};`
pub fn emit_server_reexport(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    quote! {
        #[cfg(feature = "server")]
        pub use self::server::{router, router_with, #trait_name};
    }
}

/// The `server` module: the service trait, the router, a handler per operation.
pub fn emit_server_module(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let methods = api.operations.iter().map(emit_trait_method);
    let trait_doc = doc_attrs(&format!(
        "The {} service: one method per operation. Implement it and serve it with [`router`]; the router \
         extracts and validates every parameter, so the service never touches HTTP.",
        api.title
    ));
    let routes = emit_routes(api);
    let handlers = api.operations.iter().map(|op| emit_handler(api, op));
    let responses = api.operations.iter().map(emit_into_response);
    quote! {
        #[cfg(feature = "server")]
        mod server {
            #trait_doc
            pub trait #trait_name: ::std::marker::Send + ::std::marker::Sync + 'static {
                #(#methods)*
            }

            #routes
            #(#handlers)*
            #(#responses)*
        }
    }
}

/// One trait method: `&self`, `<Op>Request` in, `<Op>Response` out.
pub fn emit_trait_method(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let title = format!("`{} {}`", op.method, op.path);
    let doc = doc_attrs(
        &join_docs([op.summary.as_deref(), Some(title.as_str()), op.description.as_deref()]).unwrap_or_default(),
    );
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #doc
        #deprecated
        fn #name(&self, request: super::#request) -> impl ::std::future::Future<Output = super::#response> + ::std::marker::Send;
    }
}

fn emit_routes(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    // Operations are sorted by path, so one path's methods are adjacent.
    let mut routes = Vec::new();
    let mut index = 0;
    while index < api.operations.len() {
        let path = &api.operations[index].path;
        let mut chain = Vec::new();
        while index < api.operations.len() && &api.operations[index].path == path {
            let op = &api.operations[index];
            let method = ident(&op.method.to_ascii_lowercase());
            let handler = ident(&format!("handle_{}", op.fn_name.trim_start_matches("r#")));
            chain.push(quote! { #method(#handler::<S>) });
            index += 1;
        }
        let first = &chain[0];
        let rest = &chain[1..];
        routes.push(quote! { .route(#path, ::axum::routing::#first #(.#rest)*) });
    }
    quote! {
        /// An axum router serving `service`: every operation of the spec at its path, with the default
        /// [`crate::runtime::Config`]. Bad input is answered by the router with a JSON error (400 naming each
        /// offending parameter, 401 without credentials, 413, 415); an unknown path gets 404, a wrong method
        /// 405 with `Allow`; a panicking service 500.
        pub fn router<S: #trait_name>(service: S) -> ::axum::Router {
            router_with(service, crate::runtime::Config::default())
        }

        /// [`router`] with a configuration (the request body limit, a credential check).
        pub fn router_with<S: #trait_name>(service: S, config: crate::runtime::Config) -> ::axum::Router {
            ::axum::Router::new()
                #(#routes)*
                .fallback(crate::runtime::not_found)
                .method_not_allowed_fallback(crate::runtime::method_not_allowed)
                .with_state(::std::sync::Arc::new(crate::runtime::Shared { service, config }))
        }
    }
}

/// The handler's own locals all start with `__`, which no name from [`crate::naming`] does, so a parameter
/// called `query`, `parts` or `request` cannot shadow them.
fn emit_handler(api: &Api, op: &Operation) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let handler = ident(&format!("handle_{}", op.fn_name.trim_start_matches("r#")));
    let method = ident(&op.fn_name);
    let request_type = ident(&op.request_type);
    let scope = quote! { super:: };

    let credential_checks = emit_credentials(op);
    let needs_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let needs_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
    let query = needs_query.then(|| quote! { let __query = crate::runtime::QueryPairs::parse(__parts.uri.query()); });
    let path = needs_path.then(|| quote! { let __path = crate::runtime::PathParams::from_parts(&mut __parts).await; });
    let extractions = op.params.iter().map(|p| emit_param_extraction(api, p, &scope));
    let body = op.body.as_ref().map(|b| {
        let field = ident(&b.field);
        let ty = type_tokens(&b.ty, &scope);
        let reader = match (b.kind, b.required) {
            (BodyKind::Json, true) => quote! { crate::runtime::json_body_required::<#ty> },
            (BodyKind::Json, false) => quote! { crate::runtime::json_body_optional::<#ty> },
            (BodyKind::Text, true) => quote! { crate::runtime::text_body_required },
            (BodyKind::Text, false) => quote! { crate::runtime::text_body_optional },
            (BodyKind::Bytes, true) => quote! { crate::runtime::bytes_body_required },
            (BodyKind::Bytes, false) => quote! { crate::runtime::bytes_body_optional },
        };
        let content_type = &b.content_type;
        quote! {
            let #field = match #reader(&__parts.headers, __body, #content_type, __shared.config.body_limit).await {
                ::std::result::Result::Ok(__value) => __value,
                ::std::result::Result::Err(__rejection) => return *__rejection,
            };
        }
    });
    let body_arg = if op.body.is_some() {
        quote! { __body }
    } else {
        quote! { _ }
    };
    let single_alternative = op.security.len() == 1;
    // Required values were checked above; these `let … else` only turn `Option`s into values.
    let mut unwrap_fields: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required && !matches!(p.ty, TypeRef::Vec(_)))
        .map(|p| {
            let field = ident(&p.field);
            quote! { let ::std::option::Option::Some(#field) = #field else { return crate::runtime::internal_error(); }; }
        })
        .collect();
    if single_alternative {
        unwrap_fields.extend(op.credentials.iter().map(|c| {
            let field = ident(&c.field);
            quote! { let ::std::option::Option::Some(#field) = #field else { return crate::runtime::internal_error(); }; }
        }));
    }
    let field_names = op
        .params
        .iter()
        .map(|p| ident(&p.field))
        .chain(op.body.iter().map(|b| ident(&b.field)))
        .chain(op.credentials.iter().map(|c| ident(&c.field)));
    let uses_parts = !op.params.is_empty() || op.body.is_some() || !op.security.is_empty();
    let parts_binding = if needs_path {
        quote! { mut __parts }
    } else if uses_parts {
        quote! { __parts }
    } else {
        quote! { _ }
    };
    let validation = (!op.params.is_empty()).then(|| {
        quote! {
            let mut __errors = crate::runtime::RequestErrors::default();
            #query
            #path
            #(#extractions)*
            if let ::std::option::Option::Some(__response) = __errors.into_response() {
                return __response;
            }
        }
    });
    // Deprecated operations and parameters are still served: the router must call and fill them in.
    let allow_deprecated = super::allow_deprecated(op);
    quote! {
        #allow_deprecated
        async fn #handler<S: #trait_name>(
            ::axum::extract::State(__shared): ::axum::extract::State<::std::sync::Arc<crate::runtime::Shared<S>>>,
            __request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            let (#parts_binding, #body_arg) = __request.into_parts();
            #credential_checks
            #validation
            #body
            #(#unwrap_fields)*
            let __request = super::#request_type { #(#field_names),* };
            crate::runtime::guarded(|| __shared.service.#method(__request)).await
        }
    }
}

fn emit_credentials(op: &Operation) -> TokenStream {
    if op.security.is_empty() {
        return TokenStream::new();
    }
    let reads = op.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let read = match &c.kind {
            CredentialKind::Header(name) => quote! { crate::runtime::credential_header(&__parts.headers, #name) },
            CredentialKind::Query(name) => quote! { crate::runtime::credential_query(__parts.uri.query(), #name) },
            CredentialKind::Cookie(name) => quote! { crate::runtime::credential_cookie(&__parts.headers, #name) },
            CredentialKind::Bearer => quote! { crate::runtime::credential_authorization(&__parts.headers, "Bearer") },
            CredentialKind::Basic => quote! { crate::runtime::credential_authorization(&__parts.headers, "Basic") },
        };
        quote! { let #field = #read; }
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
        let field = ident(&c.field);
        let scheme = &c.scheme;
        quote! { (#scheme, #field.as_deref()) }
    });
    quote! {
        #(#reads)*
        if #(#missing)&&* {
            return crate::runtime::unauthorized(#expected);
        }
        if let ::std::option::Option::Some(__response) = __shared.config.reject_credentials(&[#(#presented),*]) {
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
    let field = ident(&p.field);
    let wire = &p.wire;
    if p.location == ParamLocation::Query && p.style == ParamStyle::DeepObject {
        return emit_deep_object_extraction(api, p, scope);
    }
    let (value_ty, is_list) = match &p.ty {
        TypeRef::Vec(item) => (type_tokens(item, scope), true),
        other => (type_tokens(other, scope), false),
    };
    let source = match p.location {
        ParamLocation::Query => quote! { &__query },
        ParamLocation::Header => quote! { &__parts.headers },
        ParamLocation::Path => quote! { &__path },
        ParamLocation::Cookie => quote! { &__parts.headers },
    };
    let function = match (p.location, is_list, p.required) {
        (ParamLocation::Query, true, true) => quote! { query_list_required },
        (ParamLocation::Query, true, false) => quote! { query_list },
        (ParamLocation::Query, false, true) => quote! { query_required },
        (ParamLocation::Query, false, false) => quote! { query_optional },
        (ParamLocation::Header, _, true) => quote! { header_required },
        (ParamLocation::Header, _, false) => quote! { header_optional },
        (ParamLocation::Path, _, _) => quote! { path_required },
        (ParamLocation::Cookie, _, true) => quote! { cookie_required },
        (ParamLocation::Cookie, _, false) => quote! { cookie_optional },
    };
    let style = (p.location == ParamLocation::Query && is_list).then(|| {
        let style = match p.style {
            ParamStyle::FormExploded | ParamStyle::DeepObject => quote! { FormExploded },
            ParamStyle::FormComma => quote! { FormComma },
            ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
            ParamStyle::PipeDelimited => quote! { PipeDelimited },
        };
        quote! { , crate::runtime::ListStyle::#style }
    });
    let extraction = quote! { let #field = __errors.#function::<#value_ty>(#source, #wire #style); };
    let location = match p.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Path => "path",
        ParamLocation::Cookie => "cookie",
    };
    let c = &p.constraints;
    let length = (c.min_length.is_some() || c.max_length.is_some()).then(|| {
        let min = option_usize(c.min_length);
        let max = option_usize(c.max_length);
        if is_list {
            quote! { for __value in &#field { __errors.check_length(#location, #wire, __value, #min, #max); } }
        } else {
            quote! { if let ::std::option::Option::Some(__value) = &#field { __errors.check_length(#location, #wire, __value, #min, #max); } }
        }
    });
    let range = (c.minimum.is_some() || c.maximum.is_some()).then(|| {
        let min = option_f64(c.minimum);
        let max = option_f64(c.maximum);
        if is_list {
            quote! { for __value in &#field { __errors.check_range(#location, #wire, __value, #min, #max); } }
        } else {
            quote! { if let ::std::option::Option::Some(__value) = &#field { __errors.check_range(#location, #wire, __value, #min, #max); } }
        }
    });
    quote! { #extraction #length #range }
}

/// A `deepObject` query parameter: its type's properties, each read from `name[property]=value` by its own
/// type (lower made sure they are single values); a map's or a free-form object's by the value type.
fn emit_deep_object_extraction(api: &Api, p: &Param, scope: &TokenStream) -> TokenStream {
    let field = ident(&p.field);
    let wire = &p.wire;
    let ty = type_tokens(&p.ty, scope);
    let required = p.required;
    let reader = |ty: &TypeRef, nullable: bool| match ty {
        TypeRef::Primitive(Primitive::Json) => quote! { crate::runtime::deep_text },
        _ if nullable => {
            let ty = type_tokens(ty, scope);
            quote! { crate::runtime::deep_nullable::<#ty> }
        }
        _ => {
            let ty = type_tokens(ty, scope);
            quote! { crate::runtime::deep_value::<#ty> }
        }
    };
    let kind = match &p.ty {
        TypeRef::Named(name) => api.kind_of(name),
        _ => None,
    };
    let (properties, additional) = match (&p.ty, kind) {
        (_, Some(TypeKind::Struct(s))) => {
            let properties = s.fields.iter().map(|f| {
                let name = &f.wire;
                let required = f.required;
                let read = reader(&f.ty, f.nullable);
                quote! { crate::runtime::DeepProperty { name: #name, required: #required, read: #read } }
            });
            (quote! { #(#properties),* }, s.additional.as_ref().map(|value| reader(value, false)))
        }
        (_, Some(TypeKind::Map(value))) => (TokenStream::new(), Some(reader(value, false))),
        (TypeRef::Map(value), _) => (TokenStream::new(), Some(reader(value, false))),
        _ => (TokenStream::new(), Some(quote! { crate::runtime::deep_text })),
    };
    let additional = match additional {
        Some(read) => quote! { ::std::option::Option::Some(#read) },
        None => quote! { ::std::option::Option::None },
    };
    quote! {
        let #field = __errors.query_deep_object::<#ty>(&__query, #wire, #required, &[#properties], #additional);
    }
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::usize_unsuffixed(v);
            quote! { ::std::option::Option::Some(#v) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

fn option_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(v) if v.is_finite() => {
            let v = Literal::f64_suffixed(v);
            quote! { ::std::option::Option::Some(#v) }
        }
        _ => quote! { ::std::option::Option::None },
    }
}

fn emit_into_response(op: &Operation) -> TokenStream {
    let name = ident(&op.response_type);
    let arms = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        let content_type = r.content_type.as_deref().unwrap_or("");
        let status = match fixed_code(r.status) {
            Some(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { crate::runtime::status(#code) }
            }
            None => quote! { status },
        };
        let write = match &r.body {
            Some((BodyKind::Json, _)) => quote! { crate::runtime::json_response(#status, #content_type, &body) },
            Some((BodyKind::Text, _)) => quote! { crate::runtime::text_response(#status, #content_type, body) },
            Some((BodyKind::Bytes, _)) => quote! { crate::runtime::bytes_response(#status, #content_type, body) },
            None => quote! { crate::runtime::empty_response(#status) },
        };
        let header_fields: Vec<_> = r.headers.iter().map(|h| ident(&h.field)).collect();
        let headers = r.headers.iter().map(|h| {
            let field = ident(&h.field);
            let wire = &h.wire;
            if h.required {
                quote! { (#wire, ::std::option::Option::Some(crate::runtime::header_text(&#field))) }
            } else {
                quote! { (#wire, #field.as_ref().map(crate::runtime::header_text)) }
            }
        });
        let write = if r.headers.is_empty() {
            write
        } else {
            quote! { crate::runtime::with_headers(#write, [#(#headers),*]) }
        };
        let body_binding = r.body.as_ref().map(|_| quote! { body, });
        let status_binding = fixed_code(r.status).is_none().then(|| quote! { status, });
        let pattern = match response_shape(r) {
            VariantShape::Tuple => quote! { super::#name::#vname(body) },
            VariantShape::Unit => quote! { super::#name::#vname },
            VariantShape::Struct => {
                quote! { super::#name::#vname { #status_binding #body_binding #(#header_fields),* } }
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
