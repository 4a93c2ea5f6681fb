//! Emits the client of a spec (behind the generated crate's `client` feature): `Client` with its settings,
//! one async method per operation that writes the request as the document describes it and decodes every
//! documented status into its `<Op>Response` variant, and a `Stream` of items per paginated operation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::{fixed_code, response_shape, VariantShape};
use super::{
    block, doc_attrs, feature_gate, ident, item, join_docs, parent, runtime, type_tokens, uses_deprecated, Node,
};
use crate::ir::*;

/// The client's re-export and its module: `Client`, its settings, a method per operation, a stream per
/// paginated operation.
pub fn client_nodes(api: &Api) -> Vec<Node<'_>> {
    let mut methods = vec![
        item(move || emit_new(api.target)),
        item(move || emit_with_http(api.target)),
        item(move || emit_with_header(api.target)),
        item(move || emit_with_timeout(api.target)),
        item(move || emit_with_retry(api.target)),
    ];
    methods.push(item(emit_base_url));
    methods.extend(api.credential_setters.iter().map(|setter| item(move || emit_credential_setter(setter))));
    methods.extend(api.operations.iter().map(|op| item(move || emit_method(api, op))));
    methods.extend(api.operations.iter().filter_map(|op| {
        let pagination = op.pagination.as_ref()?;
        Some(item(move || emit_stream(op, pagination, api.target)))
    }));
    let reexport = move || {
        let gate = feature_gate(api.target, "client");
        quote! {
            #gate
            pub use self::client::Client;
        }
    };
    let client_struct = move || {
        let rt = runtime(api.target, 1);
        let doc = doc_attrs(&format!(
            "A client of the {}: one async method per operation, taking its request type and returning its \
             response enum, where every documented status has its variant. Anything else is a \
             [`ClientError`]({}::client::ClientError) that keeps the status, headers and raw body.",
            api.title,
            api.target.runtime(1)
        ));
        quote! {
            #doc
            #[derive(Debug, Clone)]
            pub struct Client {
                core: #rt::client::Core,
            }
        }
    };
    let module = block(
        move |body| {
            let gate = feature_gate(api.target, "client");
            quote! {
                #gate
                pub mod client { #body }
            }
        },
        vec![item(client_struct), block(|body| quote! { impl Client { #body } }, methods)],
    );
    vec![item(reexport), module]
}

fn emit_new(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let doc = doc_attrs(&format!(
        "A client of the API at `base_url` (`https://api.example.com`; the operations' paths are\n\
         appended to its path), with a default `reqwest::Client`\n\
         ([`default_http`]({}::client::default_http)).",
        target.runtime(1)
    ));
    quote! {
        #doc
        pub fn new(base_url: &str) -> Result<Self, #rt::client::ClientError> {
            Self::with_http(base_url, #rt::client::default_http()?)
        }
    }
}

fn emit_with_http(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let doc = doc_attrs(
        "[`Client::new`] with a `reqwest::Client` configured by the caller (proxies, timeouts, default\n\
         headers, TLS, connection pool; middleware in a connector layer).",
    );
    quote! {
        #doc
        pub fn with_http(
            base_url: &str,
            http: ::reqwest::Client,
        ) -> Result<Self, #rt::client::ClientError> {
            Ok(Client { core: #rt::client::Core::new(base_url, http)? })
        }
    }
}

fn emit_with_header(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let doc = doc_attrs("Sends a header with every call (a request's own value for that header wins).");
    quote! {
        #doc
        pub fn with_header(
            mut self,
            name: &str,
            value: &str,
        ) -> Result<Self, #rt::client::ClientError> {
            self.core.set_header(name, value)?;
            Ok(self)
        }
    }
}

fn emit_with_timeout(target: Target) -> TokenStream {
    let doc = doc_attrs(&format!(
        "Gives up on a call after `timeout` (a [`ClientError`]({}::client::ClientError)\n\
         for which `is_timeout()` holds).",
        target.runtime(1)
    ));
    quote! {
        #doc
        pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.core.set_timeout(timeout);
            self
        }
    }
}

fn emit_with_retry(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let doc = doc_attrs(
        "Sends a call again as `policy` says (429, 503 and failed connections; idempotent methods unless\n\
         the policy says otherwise). Without it, each call is sent once.",
    );
    quote! {
        #doc
        pub fn with_retry(mut self, policy: #rt::client::RetryPolicy) -> Self {
            self.core.set_retry(Some(policy));
            self
        }
    }
}

fn emit_base_url() -> TokenStream {
    let doc = doc_attrs("The base URL the operations' paths are appended to.");
    quote! {
        #doc
        pub fn base_url(&self) -> &::reqwest::Url {
            self.core.base_url()
        }
    }
}

fn emit_credential_setter(setter: &CredentialSetter) -> TokenStream {
    let scheme = &setter.scheme;
    let doc = doc_attrs(&format!(
        "Sets the credential of security scheme `{scheme}` once: every call that scheme secures sends it, \
         unless the request carries its own credential."
    ));
    let name = ident(&setter.setter);
    quote! {
        #doc
        pub fn #name(mut self, credential: impl Into<String>) -> Self {
            self.core.set_credential(#scheme, credential.into());
            self
        }
    }
}

/// The client method of one operation (an `impl Client` item).
pub fn emit_method(api: &Api, op: &Operation) -> TokenStream {
    let rt = runtime(api.target, 1);
    let title = format!("`{} {}`", op.endpoint.method, op.endpoint.path);
    let doc = doc_attrs(
        &join_docs([op.summary.as_deref(), Some(title.as_str()), op.description.as_deref()]).unwrap_or_default(),
    );
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let allow = uses_deprecated(op).then(|| quote! { #[allow(deprecated)] });
    // Every parameter (a path parameter too), the body and each credential is a step after `Call::new`.
    let has_steps = !op.params.is_empty() || op.body.is_some() || !op.credentials.is_empty();
    let request_binding = if has_steps || path_has_params(op) {
        quote! { request }
    } else {
        quote! { _request }
    };
    let binding = if has_steps {
        quote! { mut __call }
    } else {
        quote! { __call }
    };
    let method = op.endpoint.method.as_str();
    let path = emit_path(op, api.target);
    let params = op.params.iter().map(|param| emit_param(api, param));
    let body = op.body.as_ref().map(emit_body);
    let credentials = op.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let own = quote! { request.#field.as_deref() };
        let place = match &c.kind {
            CredentialKind::Header(name) => quote! { #rt::client::Place::Header(#name) },
            CredentialKind::Query(name) => quote! { #rt::client::Place::Query(#name) },
            CredentialKind::Cookie(name) => quote! { #rt::client::Place::Cookie(#name) },
            CredentialKind::Bearer => quote! { #rt::client::Place::Bearer },
            CredentialKind::Basic => quote! { #rt::client::Place::Basic },
        };
        let scheme = &c.scheme;
        quote! { __call.credential(#scheme, #place, #own); }
    });
    let decode = emit_decode(op);
    let (name, request, response) = (ident(&op.client_fn), ident(&op.request_type), ident(&op.response_type));
    quote! {
        #doc
        #deprecated
        #allow
        pub async fn #name(
            &self,
            #request_binding: super::#request,
        ) -> Result<super::#response, #rt::client::ClientError> {
            let #binding = #rt::client::Call::new(&self.core, #method, #path);
            #(#params)*
            #body
            #(#credentials)*
            let __answer = self.core.send(__call).await?;
            #decode
        }
    }
}

fn path_has_params(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location == ParamLocation::Path)
}

/// The path with its parameters filled in, as its pieces joined:
/// `["/items/", path_value(&request.id).as_str()].concat()` (an expression prettyplease lays out, where the
/// arguments of a `format!` would be printed as raw tokens).
fn emit_path(op: &Operation, target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let mut pieces: Vec<TokenStream> = Vec::new();
    let mut text = String::new();
    let mut rest = op.endpoint.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let name = &rest[open + 1..close];
        let param = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name);
        text.push_str(&rest[..open]);
        match param {
            Some(param) => {
                if !text.is_empty() {
                    pieces.push(quote! { #text });
                    text.clear();
                }
                let field = ident(&param.field);
                pieces.push(quote! { #rt::client::path_value(&request.#field).as_str() });
            }
            // A template name no parameter declares (normalise reports it); sent as written.
            None => text.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    if pieces.is_empty() {
        let path = &op.endpoint.path;
        return quote! { String::from(#path) };
    }
    if !text.is_empty() {
        pieces.push(quote! { #text });
    }
    quote! { [#(#pieces),*].concat() }
}

fn is_object_type(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Primitive(Primitive::JsonObject) => true,
        TypeRef::Named(name) => matches!(api.kind_of(name), Some(TypeKind::Struct(_) | TypeKind::Map(_))),
        _ => false,
    }
}

fn emit_param(api: &Api, p: &Param) -> TokenStream {
    let rt = runtime(api.target, 1);
    let field = ident(&p.field);
    let wire = &p.wire;
    if p.location == ParamLocation::Path {
        return TokenStream::new();
    }
    if let TypeRef::Vec(_) = &p.ty {
        let style = format_ident!(
            "{}",
            match p.style {
                ParamStyle::FormComma => "FormComma",
                ParamStyle::SpaceDelimited => "SpaceDelimited",
                ParamStyle::PipeDelimited => "PipeDelimited",
                ParamStyle::FormExploded | ParamStyle::DeepObject => "FormExploded",
            }
        );
        let add = match p.location {
            ParamLocation::Query => {
                return quote! {
                    __call.query_list(#wire, &request.#field, #rt::client::QueryStyle::#style);
                };
            }
            // Headers and cookies carry lists comma-separated (`simple` and `form` styles).
            ParamLocation::Header => format_ident!("header"),
            _ => format_ident!("cookie"),
        };
        return quote! {
            if !request.#field.is_empty() {
                let __joined: Vec<String> =
                    request.#field.iter().map(#rt::text).collect();
                __call.#add(#wire, &__joined.join(","));
            }
        };
    }
    let add = format_ident!(
        "{}",
        match p.location {
            ParamLocation::Query if p.style == ParamStyle::DeepObject && is_object_type(api, &p.ty) => "query_object",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            _ => "cookie",
        }
    );
    // An absent required header is left to the client's default headers (`Client::with_header`).
    if p.is_option() {
        quote! {
            if let Some(__value) = &request.#field {
                __call.#add(#wire, __value);
            }
        }
    } else {
        quote! { __call.#add(#wire, &request.#field); }
    }
}

fn emit_body(body: &Body) -> TokenStream {
    let field = ident(&body.field);
    let write = format_ident!(
        "{}",
        match body.kind {
            BodyKind::Json => "json_body",
            BodyKind::Text => "text_body",
            BodyKind::Bytes => "bytes_body",
        }
    );
    let content_type = &body.content_type;
    if body.required {
        quote! { __call.#write(#content_type, &request.#field); }
    } else {
        quote! {
            if let Some(__body) = &request.#field {
                __call.#write(#content_type, __body);
            }
        }
    }
}

/// `match status { 200 => Ok(Variant(json)), 400..=499 => …, _ => default or unexpected }`.
fn emit_decode(op: &Operation) -> TokenStream {
    let mut fixed = Vec::new();
    let mut ranges = Vec::new();
    let mut default = None;
    for r in &op.responses {
        let value = emit_variant_value(&op.response_type, r);
        match r.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                fixed.push(quote! { #code => #value, });
            }
            Status::Range(range) => {
                let (low, high) = (Literal::u16_unsuffixed(range * 100), Literal::u16_unsuffixed(range * 100 + 99));
                ranges.push(quote! { #low..=#high => #value, });
            }
            Status::Default => default = Some(value),
        }
    }
    let fallback = default.unwrap_or_else(|| quote! { Err(__answer.unexpected()) });
    quote! {
        match __answer.status.as_u16() {
            #(#fixed)*
            #(#ranges)*
            _ => #fallback,
        }
    }
}

fn emit_variant_value(response_type: &str, r: &ResponseCase) -> TokenStream {
    let body = r.body.as_ref().map(|(kind, _)| match kind {
        BodyKind::Json => quote! { __answer.json()? },
        BodyKind::Text => quote! { __answer.text()? },
        BodyKind::Bytes => quote! { __answer.bytes() },
    });
    let (response, variant) = (ident(response_type), ident(&r.variant));
    let value = match response_shape(r) {
        VariantShape::Tuple => quote! { super::#response::#variant(#body) },
        VariantShape::Unit => quote! { super::#response::#variant },
        VariantShape::Struct => {
            let status = fixed_code(r.status).is_none().then(|| quote! { status: __answer.status, });
            let body = body.map(|body| quote! { body: #body, });
            let headers = r.headers.iter().map(|h| {
                let ty = type_tokens(&h.ty, &parent());
                let read = format_ident!("{}", if h.required { "header_required" } else { "header" });
                let (field, wire) = (ident(&h.field), &h.wire);
                quote! { #field: __answer.#read::<#ty>(#wire)?, }
            });
            quote! { super::#response::#variant { #status #body #(#headers)* } }
        }
    };
    quote! { Ok(#value) }
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
fn read_path(path: &FieldPath, read: Read) -> (TokenStream, bool) {
    let mut expr = quote! { __body };
    let mut in_option = false;
    let last = path.steps.len().saturating_sub(1);
    for (index, step) in path.steps.iter().enumerate() {
        let field = ident(&step.field);
        let at_end = index == last;
        // A field that may be absent or `null` (the runtime's `Nullable`) reads by reference as an `Option`
        // does; by value, through `into_option`.
        let (take_optional, take_plain) = match (at_end, read) {
            (true, Read::Str) => (quote! { .#field.as_deref() }, quote! { .#field.as_str() }),
            (true, Read::Copy) if step.nullable_optional => (quote! { .#field.into_option() }, quote! { .#field }),
            (true, Read::Copy) => (quote! { .#field }, quote! { .#field }),
            (true, Read::Ref) | (false, _) => {
                let optional = if step.boxed {
                    quote! { .as_deref() }
                } else {
                    quote! { .as_ref() }
                };
                (quote! { .#field #optional }, quote! { .#field })
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
        let into = step.nullable_optional.then(|| quote! { .into_option() });
        expr = match (in_option, step.optional) {
            (false, _) => quote! { #expr.#field #into },
            (true, true) => quote! { #expr.and_then(|__v| __v.#field #into) },
            (true, false) => quote! { #expr.map(|__v| __v.#field) },
        };
        in_option |= step.optional;
    }
    if in_option {
        expr = quote! { #expr.unwrap_or_default() };
    }
    expr
}

/// Assigns `value` to a request slot of `__request` (wrapping it in `Some` when the slot is optional).
fn set_slot(slot: &RequestSlot, value: TokenStream, target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let field = ident(&slot.field);
    let value = match (slot.nullable_optional, slot.optional) {
        (true, _) => quote! { #rt::Nullable::Value(#value) },
        (false, true) => quote! { Some(#value) },
        (false, false) => value,
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
                if let Some(__inner) = __request.#field.as_mut() {
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
    // A body property that may be absent or `null` (the runtime's `Nullable`): either is no value.
    let into = slot.nullable_optional.then(|| quote! { .into_option() });
    let inner = slot.body_field.as_deref().map(ident);
    match (&inner, slot.body_optional, slot.optional) {
        (None, _, false) => quote! { Some(__request.#field #clone) },
        (None, _, true) if copy => quote! { __request.#field },
        (None, _, true) => quote! { __request.#field.clone() },
        (Some(inner), false, false) => quote! { Some(__request.#field.#inner #clone) },
        (Some(inner), false, true) if copy => quote! { __request.#field.#inner #into },
        (Some(inner), false, true) => quote! { __request.#field.#inner.clone() #into },
        (Some(inner), true, false) => quote! { __request.#field.as_ref().map(|__v| __v.#inner #clone) },
        (Some(inner), true, true) => quote! { __request.#field.as_ref().and_then(|__v| __v.#inner #clone #into) },
    }
}

/// A page size or offset as the slot's type.
fn slot_number(slot: &RequestSlot, value: TokenStream, target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    if slot.ty == TypeRef::Primitive(Primitive::String) {
        quote! { #value.to_string() }
    } else {
        quote! { #rt::client::integer(#value) }
    }
}

/// `let __more = …;`: whether the page says another follows.
fn emit_has_more(pagination: &Pagination) -> TokenStream {
    let Some(path) = &pagination.has_more else { return TokenStream::new() };
    let (expr, optional) = read_path(path, Read::Copy);
    if optional {
        quote! { let __more = #expr != Some(false); }
    } else {
        quote! { let __more = #expr; }
    }
}

/// The next request from `__request`: `slot` set to `value`, in `Ok(Some(…))`.
fn emit_advance(slot: &RequestSlot, value: TokenStream, target: Target) -> TokenStream {
    let set = set_slot(slot, value, target);
    quote! {
        let mut __request = __request;
        #set
        Ok(Some(__request))
    }
}

/// The paging stream method of a paginated operation (an `impl Client` item).
pub fn emit_stream(op: &Operation, pagination: &Pagination, target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let (request_type, response_type) = (ident(&op.request_type), ident(&op.response_type));
    let item_type = type_tokens(&pagination.items.ty, &parent());
    let variant = ident(&pagination.variant);
    let case = op.responses.iter().find(|r| r.variant == pagination.variant);
    let pattern = match case.map(response_shape) {
        Some(VariantShape::Tuple) => quote! { super::#response_type::#variant(__body) },
        _ => quote! { super::#response_type::#variant { body: __body, .. } },
    };
    let summary = format!(
        "Every item of `{} {}`, page after page ({} pagination, {}): the request is the first page's; \
         `options` sets the page size and a limit on the items. The stream ends after the last page, \
         or with the first error.",
        op.endpoint.method,
        op.endpoint.path,
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
    let allow = uses_deprecated(op).then(|| quote! { #[allow(deprecated)] });
    let first = match &pagination.page_size {
        Some(slot) => {
            let set = set_slot(slot, slot_number(slot, quote! { __size }, target), target);
            quote! {
                let mut __request = request;
                if let Some(__size) = options.page_size {
                    #set
                }
            }
        }
        None => quote! { let __request = request; },
    };
    let sent = match &pagination.style {
        PageStyle::Cursor { slot, .. } => get_slot(slot),
        PageStyle::Offset { slot, .. } => {
            let slot = get_slot(slot);
            quote! { #slot.map_or(0, #rt::client::count) }
        }
    };
    let client_fn = ident(&op.client_fn);
    let answer = if op.responses.len() == 1 {
        quote! { let #pattern = __response; }
    } else {
        quote! {
            let #pattern = __response else {
                return Err(#rt::client::PageError::Response(__response));
            };
        }
    };
    let next = match &pagination.style {
        PageStyle::Cursor { slot, from } => {
            let (received, received_optional) = read_path(from, Read::Str);
            let received = if received_optional {
                received
            } else {
                quote! { Some(#received) }
            };
            let has_more = emit_has_more(pagination);
            let items = take_items(&pagination.items);
            let guard = pagination.has_more.as_ref().map(|_| quote! { if __more });
            let advance = emit_advance(slot, quote! { __cursor }, target);
            quote! {
                let __cursor = #rt::client::next_cursor(__sent.as_deref(), #received);
                #has_more
                let __items = #items;
                let __next = match __cursor {
                    Ok(Some(__cursor)) #guard => {
                        #advance
                    }
                    Ok(_) => Ok(None),
                    Err(__error) => Err(__error.into()),
                };
            }
        }
        PageStyle::Offset { slot, next } => {
            let size = pagination.page_size.as_ref().map(get_slot);
            let next_present = next.as_ref().and_then(|path| {
                let (expr, optional) = read_path(path, Read::Ref);
                optional.then(|| quote! { #expr.is_some() })
            });
            // Without a link or `has_more`, a page shorter than asked for is the last one.
            let short_page_ends = next_present.is_none() && pagination.has_more.is_none();
            let more = pagination.has_more.as_ref().map(|_| quote! { __more });
            let linked = next_present.as_ref().map(|_| quote! { __linked });
            let full = match (short_page_ends, size) {
                (true, Some(size)) => {
                    Some(quote! { #size.map(#rt::client::count).is_none_or(|__s| __received >= __s) })
                }
                _ => None,
            };
            let conditions: Vec<TokenStream> = [more, linked, full].into_iter().flatten().collect();
            let has_more = emit_has_more(pagination);
            let linked = next_present.map(|next_present| quote! { let __linked = #next_present; });
            let items = take_items(&pagination.items);
            let value = slot_number(slot, quote! { __sent.saturating_add(__received) }, target);
            let advance = emit_advance(slot, value, target);
            // With nothing to say where the list ends, only an empty page ends it (see `paginate`).
            let next = if conditions.is_empty() {
                quote! { let __next = { #advance }; }
            } else {
                quote! {
                    let __next = if #(#conditions)&&* {
                        #advance
                    } else {
                        Ok(None)
                    };
                }
            };
            quote! {
                #has_more
                #linked
                let __items = #items;
                let __received = ::std::primitive::u64::try_from(__items.len()).unwrap_or(::std::primitive::u64::MAX);
                #next
            }
        }
    };
    let name = ident(&pagination.stream_fn);
    quote! {
        #doc
        #allow
        pub fn #name(
            &self,
            request: super::#request_type,
            options: #rt::client::PageOptions,
        ) -> impl ::futures_util::Stream<
            Item = Result<#item_type, #rt::client::PageError<super::#response_type>>,
        > + '_ {
            #first
            #rt::client::paginate(__request, options.limit, move |__request: super::#request_type| async move {
                let __sent = #sent;
                let __response = self.#client_fn(__request.clone()).await?;
                #answer
                #next
                Ok(#rt::client::Page { items: __items, next: __next })
            })
        }
    }
}
