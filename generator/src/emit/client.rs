//! Emits the client of a spec (behind the generated crate's `client` feature): `Client` with its settings,
//! one async method per operation that writes the request as the document describes it and decodes every
//! documented status into its `<Op>Response` variant, and a `Stream` of items per paginated operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::{fixed_code, response_shape, VariantShape};
use super::{doc_attrs, ident, join_docs, type_tokens};
use crate::ir::*;

pub fn emit_client(api: &Api) -> TokenStream {
    let title = &api.title;
    let doc = doc_attrs(&format!(
        "A client of the {title}: one async method per operation, taking its request type and returning its \
         response enum, where every documented status has its variant. Anything else is a \
         [`ClientError`](crate::runtime::client::ClientError) that keeps the status, headers and raw body."
    ));
    let setters = api.credential_setters.iter().map(|s| {
        let setter = ident(&s.setter);
        let scheme = &s.scheme;
        let doc = doc_attrs(&format!(
            "Sets the credential of security scheme `{scheme}` once: every call that scheme secures sends it, \
             unless the request's own credential field is not empty."
        ));
        quote! {
            #doc
            pub fn #setter(mut self, credential: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.core.set_credential(#scheme, credential.into());
                self
            }
        }
    });
    let methods = api.operations.iter().map(|op| emit_method(api, op));
    let streams = api.operations.iter().filter_map(|op| op.pagination.as_ref().map(|p| emit_stream(op, p)));
    quote! {
        #[cfg(feature = "client")]
        pub use self::client::Client;

        #[cfg(feature = "client")]
        pub mod client {
            #doc
            #[derive(Debug, Clone)]
            pub struct Client {
                core: crate::runtime::client::Core,
            }

            impl Client {
                /// A client of the API at `base_url` (`https://api.example.com`; the operations' paths are
                /// appended to its path), with a default `reqwest::Client`.
                pub fn new(base_url: &str) -> ::std::result::Result<Self, crate::runtime::client::ClientError> {
                    Self::with_http(base_url, ::reqwest::Client::new())
                }

                /// [`Client::new`] with a configured `reqwest::Client` (proxies, TLS, connection pool).
                pub fn with_http(
                    base_url: &str,
                    http: ::reqwest::Client,
                ) -> ::std::result::Result<Self, crate::runtime::client::ClientError> {
                    ::std::result::Result::Ok(Client { core: crate::runtime::client::Core::new(base_url, http)? })
                }

                /// Sends a header with every call (a request's own value for that header wins).
                pub fn with_header(
                    mut self,
                    name: &str,
                    value: &str,
                ) -> ::std::result::Result<Self, crate::runtime::client::ClientError> {
                    self.core.set_header(name, value)?;
                    ::std::result::Result::Ok(self)
                }

                /// Gives up on a call after `timeout` (a [`ClientError`](crate::runtime::client::ClientError)
                /// for which `is_timeout()` holds).
                pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.core.set_timeout(timeout);
                    self
                }

                /// The base URL the operations' paths are appended to.
                pub fn base_url(&self) -> &::reqwest::Url {
                    self.core.base_url()
                }

                #(#setters)*
                #(#methods)*
                #(#streams)*
            }
        }
    }
}

/// The client method of one operation (an `impl Client` item).
pub fn emit_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.client_fn);
    let request_type = ident(&op.request_type);
    let response_type = ident(&op.response_type);
    let title = format!("`{} {}`", op.method, op.path);
    let doc = doc_attrs(
        &join_docs([op.summary.as_deref(), Some(title.as_str()), op.description.as_deref()]).unwrap_or_default(),
    );
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let allow_deprecated = super::allow_deprecated(op);
    let method = &op.method;
    let path = emit_path(op);
    let mut steps: Vec<TokenStream> = op.params.iter().map(|p| emit_param(api, p)).collect();
    if let Some(body) = &op.body {
        steps.push(emit_body(body));
    }
    let single = op.security.len() == 1;
    steps.extend(op.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let scheme = &c.scheme;
        let own = if single {
            quote! { request.#field.as_str() }
        } else {
            quote! { request.#field.as_deref().unwrap_or_default() }
        };
        let place = match &c.kind {
            CredentialKind::Header(name) => quote! { crate::runtime::client::Place::Header(#name) },
            CredentialKind::Query(name) => quote! { crate::runtime::client::Place::Query(#name) },
            CredentialKind::Cookie(name) => quote! { crate::runtime::client::Place::Cookie(#name) },
            CredentialKind::Bearer => quote! { crate::runtime::client::Place::Bearer },
            CredentialKind::Basic => quote! { crate::runtime::client::Place::Basic },
        };
        quote! { __call.credential(#scheme, #place, #own); }
    }));
    let binding = if steps.is_empty() {
        quote! { __call }
    } else {
        quote! { mut __call }
    };
    let request_binding = if steps.is_empty() && !path_has_params(op) {
        quote! { _request }
    } else {
        quote! { request }
    };
    let decode = emit_decode(op);
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        pub async fn #name(
            &self,
            #request_binding: super::#request_type,
        ) -> ::std::result::Result<super::#response_type, crate::runtime::client::ClientError> {
            let #binding = crate::runtime::client::Call::new(&self.core, #method, #path);
            #(#steps)*
            let __answer = self.core.send(__call).await?;
            #decode
        }
    }
}

fn path_has_params(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location == ParamLocation::Path)
}

/// The path with its parameters filled in: `format!("/items/{}", path_value(&request.id))`.
fn emit_path(op: &Operation) -> TokenStream {
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
                let field = ident(&param.field);
                template.push_str("{}");
                args.push(quote! { crate::runtime::client::path_value(&request.#field) });
            }
            // A template name no parameter declares (normalise reports it); sent as written.
            None => template.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if args.is_empty() {
        let path = &op.path;
        quote! { ::std::string::String::from(#path) }
    } else {
        quote! { ::std::format!(#template, #(#args),*) }
    }
}

fn is_object_type(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Primitive(Primitive::JsonObject) => true,
        TypeRef::Named(name) => matches!(api.kind_of(name), Some(TypeKind::Struct(_) | TypeKind::Map(_))),
        _ => false,
    }
}

fn emit_param(api: &Api, p: &Param) -> TokenStream {
    let field = ident(&p.field);
    let wire = &p.wire;
    if p.location == ParamLocation::Path {
        return TokenStream::new();
    }
    if let TypeRef::Vec(_) = &p.ty {
        let style = match p.style {
            ParamStyle::FormComma => quote! { FormComma },
            ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
            ParamStyle::PipeDelimited => quote! { PipeDelimited },
            ParamStyle::FormExploded | ParamStyle::DeepObject => quote! { FormExploded },
        };
        return match p.location {
            ParamLocation::Query => {
                quote! { __call.query_list(#wire, &request.#field, crate::runtime::client::QueryStyle::#style); }
            }
            // Headers and cookies carry lists comma-separated (`simple` and `form` styles).
            ParamLocation::Header => quote! {
                if !request.#field.is_empty() {
                    let __joined: ::std::vec::Vec<::std::string::String> = request.#field.iter().map(crate::runtime::text).collect();
                    __call.header(#wire, &__joined.join(","));
                }
            },
            _ => quote! {
                if !request.#field.is_empty() {
                    let __joined: ::std::vec::Vec<::std::string::String> = request.#field.iter().map(crate::runtime::text).collect();
                    __call.cookie(#wire, &__joined.join(","));
                }
            },
        };
    }
    let add = match p.location {
        ParamLocation::Query if p.style == ParamStyle::DeepObject && is_object_type(api, &p.ty) => {
            quote! { query_object }
        }
        ParamLocation::Query => quote! { query },
        ParamLocation::Header => quote! { header },
        _ => quote! { cookie },
    };
    if !p.required {
        quote! {
            if let ::std::option::Option::Some(__value) = &request.#field {
                __call.#add(#wire, __value);
            }
        }
    } else if p.location == ParamLocation::Header && p.ty == TypeRef::Primitive(Primitive::String) {
        // An empty required header is left to the client's default headers (`Client::with_header`).
        quote! {
            if !request.#field.is_empty() {
                __call.header(#wire, &request.#field);
            }
        }
    } else {
        quote! { __call.#add(#wire, &request.#field); }
    }
}

fn emit_body(body: &Body) -> TokenStream {
    let field = ident(&body.field);
    let content_type = &body.content_type;
    let value = if body.required {
        quote! { &request.#field }
    } else {
        quote! { __body }
    };
    let write = match body.kind {
        BodyKind::Json => quote! { __call.json_body(#content_type, #value); },
        BodyKind::Text => quote! { __call.text_body(#content_type, #value); },
        BodyKind::Bytes => quote! { __call.bytes_body(#content_type, #value); },
    };
    if body.required {
        write
    } else {
        quote! {
            if let ::std::option::Option::Some(__body) = &request.#field {
                #write
            }
        }
    }
}

/// `match status { 200 => Ok(Variant(json)), 400..=499 => …, _ => default or unexpected }`.
fn emit_decode(op: &Operation) -> TokenStream {
    let response_type = ident(&op.response_type);
    let mut fixed = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for r in &op.responses {
        let value = emit_variant_value(&response_type, r);
        match r.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                fixed.push(quote! { #code => #value, });
            }
            Status::Range(range) => {
                let low = Literal::u16_unsuffixed(range * 100);
                let high = Literal::u16_unsuffixed(range * 100 + 99);
                ranges.push(quote! { #low..=#high => #value, });
            }
            Status::Default => default = Some(value),
        }
    }
    let fallback = default.unwrap_or_else(|| quote! { ::std::result::Result::Err(__answer.unexpected()) });
    quote! {
        match __answer.status.as_u16() {
            #(#fixed)*
            #(#ranges)*
            _ => #fallback,
        }
    }
}

fn emit_variant_value(response_type: &proc_macro2::Ident, r: &ResponseCase) -> TokenStream {
    let variant = ident(&r.variant);
    let body = r.body.as_ref().map(|(kind, _)| match kind {
        BodyKind::Json => quote! { __answer.json()? },
        BodyKind::Text => quote! { __answer.text()? },
        BodyKind::Bytes => quote! { __answer.bytes() },
    });
    let value = match response_shape(r) {
        VariantShape::Tuple => quote! { super::#response_type::#variant(#body) },
        VariantShape::Unit => quote! { super::#response_type::#variant },
        VariantShape::Struct => {
            let status = fixed_code(r.status).is_none().then(|| quote! { status: __answer.status, });
            let body = body.map(|body| quote! { body: #body, });
            let headers = r.headers.iter().map(|h| {
                let field = ident(&h.field);
                let wire = &h.wire;
                let scope = quote! { super:: };
                let ty = type_tokens(&h.ty, &scope);
                if h.required {
                    quote! { #field: __answer.header_required::<#ty>(#wire)?, }
                } else {
                    quote! { #field: __answer.header::<#ty>(#wire)?, }
                }
            });
            quote! { super::#response_type::#variant { #status #body #(#headers)* } }
        }
    };
    quote! { ::std::result::Result::Ok(#value) }
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

/// Reads a path of fields from `base` by reference: `(expression, is_option)`; the expression is an
/// `Option<…>` when any step is optional.
fn read_path(base: TokenStream, path: &FieldPath, read: Read) -> (TokenStream, bool) {
    let mut expr = base;
    let mut in_option = false;
    let last = path.steps.len().saturating_sub(1);
    for (index, step) in path.steps.iter().enumerate() {
        let field = ident(&step.field);
        let at_end = index == last;
        let (take_optional, take_plain) = match (at_end, read) {
            (true, Read::Str) => (quote! { .#field.as_deref() }, quote! { .#field.as_str() }),
            (true, Read::Copy) => (quote! { .#field }, quote! { .#field }),
            (true, Read::Ref) | (false, _) => {
                let optional = if step.boxed {
                    quote! { .#field.as_deref() }
                } else {
                    quote! { .#field.as_ref() }
                };
                (optional, quote! { .#field })
            }
        };
        let plain_ref = at_end && read == Read::Ref;
        expr = match (in_option, step.optional) {
            (false, true) => quote! { #expr #take_optional },
            (false, false) => quote! { #expr #take_plain },
            (true, true) => quote! { #expr.and_then(|__v| __v #take_optional) },
            (true, false) if plain_ref => quote! { #expr.map(|__v| &__v #take_plain) },
            (true, false) => quote! { #expr.map(|__v| __v #take_plain) },
        };
        in_option |= step.optional;
    }
    (expr, in_option)
}

/// Moves the items out of the page: `body.data`, or `body.meta.and_then(|v| v.items).unwrap_or_default()`.
fn take_items(path: &FieldPath) -> TokenStream {
    let mut expr = quote! { __body };
    let mut in_option = false;
    for step in &path.steps {
        let field = ident(&step.field);
        expr = match (in_option, step.optional) {
            (false, _) => quote! { #expr.#field },
            (true, true) => quote! { #expr.and_then(|__v| __v.#field) },
            (true, false) => quote! { #expr.map(|__v| __v.#field) },
        };
        in_option |= step.optional;
    }
    if in_option {
        quote! { #expr.unwrap_or_default() }
    } else {
        expr
    }
}

/// Assigns `value` to a request slot of `__request` (wrapping it in `Some` when the slot is optional).
fn set_slot(slot: &RequestSlot, value: TokenStream) -> TokenStream {
    let field = ident(&slot.field);
    let value = if slot.optional {
        quote! { ::std::option::Option::Some(#value) }
    } else {
        value
    };
    match (&slot.body_field, slot.body_optional) {
        (None, _) => quote! { __request.#field = #value; },
        (Some(inner), false) => {
            let inner = ident(inner);
            quote! { __request.#field.#inner = #value; }
        }
        (Some(inner), true) => {
            let inner = ident(inner);
            quote! {
                if let ::std::option::Option::Some(__inner) = __request.#field.as_mut() {
                    __inner.#inner = #value;
                }
            }
        }
    }
}

/// A request slot of `__request`, cloned (copied, for integers): an `Option` of its value.
fn get_slot(slot: &RequestSlot) -> TokenStream {
    let field = ident(&slot.field);
    let copy = slot.ty != TypeRef::Primitive(Primitive::String);
    let clone = (!copy).then(|| quote! { .clone() });
    match (&slot.body_field, slot.body_optional, slot.optional) {
        (None, _, false) => quote! { ::std::option::Option::Some(__request.#field #clone) },
        (None, _, true) if copy => quote! { __request.#field },
        (None, _, true) => quote! { __request.#field.clone() },
        (Some(inner), false, false) => {
            let inner = ident(inner);
            quote! { ::std::option::Option::Some(__request.#field.#inner #clone) }
        }
        (Some(inner), false, true) => {
            let inner = ident(inner);
            if copy {
                quote! { __request.#field.#inner }
            } else {
                quote! { __request.#field.#inner.clone() }
            }
        }
        (Some(inner), true, false) => {
            let inner = ident(inner);
            quote! { __request.#field.as_ref().map(|__v| __v.#inner #clone) }
        }
        (Some(inner), true, true) => {
            let inner = ident(inner);
            quote! { __request.#field.as_ref().and_then(|__v| __v.#inner #clone) }
        }
    }
}

/// A page size or offset as the slot's type.
fn slot_number(slot: &RequestSlot, value: TokenStream) -> TokenStream {
    if slot.ty == TypeRef::Primitive(Primitive::String) {
        quote! { #value.to_string() }
    } else {
        quote! { crate::runtime::client::integer(#value) }
    }
}

/// The paging stream method of a paginated operation (an `impl Client` item).
pub fn emit_stream(op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = ident(&pagination.stream_fn);
    let call = ident(&op.client_fn);
    let request_type = ident(&op.request_type);
    let response_type = ident(&op.response_type);
    let here = quote! { super:: };
    let item_type = type_tokens(&pagination.items.ty, &here);
    let variant = ident(&pagination.variant);
    let case = op.responses.iter().find(|r| r.variant == pagination.variant);
    let pattern = match case.map(response_shape) {
        Some(VariantShape::Tuple) => quote! { super::#response_type::#variant(__body) },
        _ => quote! { super::#response_type::#variant { body: __body, .. } },
    };
    let destructure = if op.responses.len() == 1 {
        quote! { let #pattern = __response; }
    } else {
        quote! {
            let #pattern = __response else {
                return ::std::result::Result::Err(crate::runtime::client::PageError::Response(__response));
            };
        }
    };
    let page_size = match &pagination.page_size {
        Some(slot) => {
            let value = slot_number(slot, quote! { __size });
            let set = set_slot(slot, value);
            quote! {
                let mut __request = request;
                if let ::std::option::Option::Some(__size) = options.page_size {
                    #set
                }
            }
        }
        None => quote! { let __request = request; },
    };
    let has_more = pagination.has_more.as_ref().map(|path| {
        let (expr, optional) = read_path(quote! { __body }, path, Read::Copy);
        if optional {
            quote! { let __more = #expr != ::std::option::Option::Some(false); }
        } else {
            quote! { let __more = #expr; }
        }
    });
    let more = has_more.as_ref().map(|_| quote! { __more });
    let items = take_items(&pagination.items);
    let (before, after) = match &pagination.style {
        PageStyle::Cursor { slot, from } => {
            let sent = get_slot(slot);
            let (received, received_optional) = read_path(quote! { __body }, from, Read::Str);
            let received = if received_optional {
                received
            } else {
                quote! { ::std::option::Option::Some(#received) }
            };
            let set = set_slot(slot, quote! { __cursor });
            let guard = more.as_ref().map(|more| quote! { if #more });
            let before = quote! { let __sent = #sent; };
            let after = quote! {
                let __cursor = crate::runtime::client::next_cursor(__sent.as_deref(), #received);
                #has_more
                let __items = #items;
                let __next = match __cursor {
                    ::std::result::Result::Ok(::std::option::Option::Some(__cursor)) #guard => {
                        let mut __request = __request;
                        #set
                        ::std::result::Result::Ok(::std::option::Option::Some(__request))
                    }
                    ::std::result::Result::Ok(_) => ::std::result::Result::Ok(::std::option::Option::None),
                    ::std::result::Result::Err(__error) => ::std::result::Result::Err(__error.into()),
                };
            };
            (before, after)
        }
        PageStyle::Offset { slot, next } => {
            let sent = get_slot(slot);
            let sent = quote! { #sent.map_or(0, crate::runtime::client::count) };
            let size = pagination.page_size.as_ref().map(get_slot);
            let before = quote! { let __sent = #sent; };
            let next_present = next.as_ref().and_then(|path| {
                let (expr, optional) = read_path(quote! { __body }, path, Read::Ref);
                optional.then(|| quote! { let __linked = #expr.is_some(); })
            });
            // Without a link or `has_more`, a page shorter than asked for is the last one.
            let short_page_ends = next_present.is_none() && has_more.is_none();
            let linked = next_present.as_ref().map(|_| quote! { __linked });
            let full = match (short_page_ends, size) {
                (true, Some(size)) => {
                    Some(quote! { #size.map(crate::runtime::client::count).is_none_or(|__s| __received >= __s) })
                }
                _ => None,
            };
            let conditions: Vec<TokenStream> = [more.clone(), linked, full].into_iter().flatten().collect();
            let set = set_slot(slot, slot_number(slot, quote! { __sent.saturating_add(__received) }));
            let advance = quote! {
                let mut __request = __request;
                #set
                ::std::result::Result::Ok(::std::option::Option::Some(__request))
            };
            // With nothing to say where the list ends, only an empty page ends it (see `paginate`).
            let next_request = if conditions.is_empty() {
                quote! { { #advance } }
            } else {
                quote! { if #(#conditions)&&* { #advance } else { ::std::result::Result::Ok(::std::option::Option::None) } }
            };
            let after = quote! {
                #has_more
                #next_present
                let __items = #items;
                let __received = ::std::primitive::u64::try_from(__items.len()).unwrap_or(::std::primitive::u64::MAX);
                let __next = #next_request;
            };
            (before, after)
        }
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
    let doc = doc_attrs(&summary);
    let allow_deprecated = super::allow_deprecated(op);
    quote! {
        #doc
        #allow_deprecated
        pub fn #name(
            &self,
            request: super::#request_type,
            options: crate::runtime::client::PageOptions,
        ) -> impl ::futures_util::Stream<
            Item = ::std::result::Result<#item_type, crate::runtime::client::PageError<super::#response_type>>,
        > + '_ {
            #page_size
            crate::runtime::client::paginate(__request, options.limit, move |__request: super::#request_type| async move {
                #before
                let __response = self.#call(__request.clone()).await?;
                #destructure
                #after
                ::std::result::Result::Ok(crate::runtime::client::Page { items: __items, next: __next })
            })
        }
    }
}
