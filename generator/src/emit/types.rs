//! Emits the serde types of a spec: named schema types, and per operation its `<Op>Request` struct and
//! `<Op>Response` enum. One template per shape.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, float_lit, ident, int_lit, item, join_docs, root, runtime, type_tokens, Node};
use crate::ir::*;
use crate::naming::{self, unraw};

/// The module's schema types, one item each.
pub fn type_nodes(api: &Api) -> Vec<Node<'_>> {
    api.types.iter().map(|def| item(move || emit_type(def, api.target))).collect()
}

pub fn emit_type(def: &TypeDef, target: Target) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref().unwrap_or(&format!("The `{}` schema.", def.schema_name)));
    let item = match &def.kind {
        TypeKind::Struct(s) => emit_struct(&def.name, s, target),
        TypeKind::Enum(e) if e.variants.is_empty() => quote! {
            #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(pub String);
        },
        TypeKind::Enum(e) => emit_enum(&name, e, target),
        TypeKind::Map(value) => {
            let value = type_tokens(value, &root());
            quote! { pub type #name = ::std::collections::BTreeMap<String, #value>; }
        }
        TypeKind::Newtype(inner) => emit_newtype(&name, inner),
        TypeKind::Union(u) => emit_union(&name, u),
        TypeKind::Alias(target) => {
            let target = ident(target);
            quote! { pub type #name = #target; }
        }
    };
    quote! { #doc #item }
}

/// A named wrapper of another type; a named scalar reads and writes as text like its value, so it can be a
/// parameter or header.
fn emit_newtype(name: &Ident, inner: &TypeRef) -> TokenStream {
    let inner_ty = type_tokens(inner, &root());
    let text = match inner {
        TypeRef::Primitive(p) if crate::formats::parses_from_text(*p) => {
            // A date-time is written as RFC 3339 (as serde writes it), not as chrono's `Display`.
            let display = match p {
                Primitive::DateTime => {
                    quote! { f.write_str(&self.0.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true)) }
                }
                _ => quote! { ::std::fmt::Display::fmt(&self.0, f) },
            };
            quote! {
                impl ::std::str::FromStr for #name {
                    type Err = <#inner_ty as ::std::str::FromStr>::Err;
                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        value.parse().map(Self)
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        #display
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner_ty);
        #text
    }
}

fn emit_union(name: &Ident, u: &Union) -> TokenStream {
    let tagging = match &u.tagging {
        Tagging::Untagged => quote! { #[serde(untagged)] },
        Tagging::Internal { property } => quote! { #[serde(tag = #property)] },
        Tagging::Adjacent { tag, content } => quote! { #[serde(tag = #tag, content = #content)] },
    };
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = type_tokens(&v.ty, &root());
        if v.boxed {
            ty = quote! { Box<#ty> };
        }
        let tag = v.tag.as_ref().map(|tag| {
            let mut text = format!("Discriminator value `{tag}`");
            for alias in &v.tag_aliases {
                text.push_str(&format!(" (also `{alias}`)"));
            }
            let doc = doc_attrs(&format!("{text}."));
            let aliases = &v.tag_aliases;
            let rename =
                (u.tagging != Tagging::Untagged).then(|| quote! { #[serde(rename = #tag #(, alias = #aliases)*)] });
            quote! { #doc #rename }
        });
        quote! { #tag #vname(#ty), }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #tagging
        pub enum #name { #(#variants)* }
    }
}

/// A struct, the functions that give its fields' documented defaults, and `Default` when every field may be
/// absent and one has a default.
fn emit_struct(name: &str, s: &Struct, target: Target) -> TokenStream {
    let rt = runtime(target, 0);
    let name_ident = ident(name);
    let derive_default = s.default_impl && !s.fields.iter().any(needs_default_fn);
    let default_derive = derive_default.then(|| quote! { Default, });
    let fields = s.fields.iter().map(|field| emit_field(name, field, target));
    let additional = s.additional.as_ref().map(|value| {
        let field = ident(&s.additional_field);
        let value = type_tokens(value, &root());
        let doc = doc_attrs("Properties beside the named ones (`additionalProperties`).");
        quote! {
            #doc
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let default_fns: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| applied_default(f).filter(|_| needs_default_fn(f)).map(|value| (f, value)))
        .map(|(f, value)| {
            let mut expr = default_expr(value, &f.ty);
            if f.boxed {
                expr = quote! { Box::new(#expr) };
            }
            if f.nullable {
                expr = quote! { Some(#expr) };
            }
            let allow = matches!(value, DefaultValue::Float(_))
                .then(|| quote! { #[allow(clippy::approx_constant, clippy::excessive_precision)] });
            let fn_name = ident(&naming::default_fn_name(&f.name));
            let ty = field_type(f, &root(), target);
            quote! {
                #allow
                fn #fn_name() -> #ty {
                    #expr
                }
            }
        })
        .collect();
    let default_fns = (!default_fns.is_empty()).then(|| quote! { impl #name_ident { #(#default_fns)* } });
    let default_impl = (s.default_impl && !derive_default).then(|| {
        let allow = s.fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
        let values = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            let value = match applied_default(f) {
                Some(_) if needs_default_fn(f) => {
                    let fn_name = ident(&naming::default_fn_name(&f.name));
                    quote! { Self::#fn_name() }
                }
                Some(_) => quote! { Default::default() },
                None if f.is_nullable_optional() => quote! { #rt::Nullable::Absent },
                None => quote! { None },
            };
            quote! { #field: #value, }
        });
        let additional = s.additional.as_ref().map(|_| {
            let field = ident(&s.additional_field);
            quote! { #field: Default::default(), }
        });
        quote! {
            #allow
            impl Default for #name_ident {
                fn default() -> Self {
                    Self {
                        #(#values)*
                        #additional
                    }
                }
            }
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default_derive ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name_ident {
            #(#fields)*
            #additional
        }
        #default_fns
        #default_impl
    }
}

/// The default a field applies when its property is absent: only an optional field's, only one Rust can write.
fn applied_default(field: &Field) -> Option<&DefaultValue> {
    field.applied_default()
}

/// A default needs a function unless it is the type's own `Default` and the field is not an `Option`.
fn needs_default_fn(field: &Field) -> bool {
    applied_default(field).is_some_and(|value| field.nullable || *value != DefaultValue::TypeDefault)
}

/// The Rust type of a field: `Option` when it may be absent without a default, or may be `null`; the
/// runtime's `Nullable` when it may be either, so that `null` and absence stay apart.
fn field_type(field: &Field, scope: &TokenStream, target: Target) -> TokenStream {
    let mut ty = type_tokens(&field.ty, scope);
    if field.boxed {
        ty = quote! { Box<#ty> };
    }
    if field.is_nullable_optional() {
        let rt = runtime(target, 0);
        ty = quote! { #rt::Nullable<#ty> };
    } else if field.is_option() {
        ty = quote! { Option<#ty> };
    }
    ty
}

fn default_expr(value: &DefaultValue, ty: &TypeRef) -> TokenStream {
    match value {
        DefaultValue::TypeDefault => quote! { Default::default() },
        DefaultValue::Bool(b) => quote! { #b },
        DefaultValue::Integer(i) => int_lit(*i),
        DefaultValue::Float(f) => float_lit(*f),
        DefaultValue::String(s) => quote! { String::from(#s) },
        DefaultValue::Variant(variant) => {
            let ty = type_tokens(ty, &root());
            let variant = ident(variant);
            quote! { #ty::#variant }
        }
    }
}

fn emit_field(owner: &str, field: &Field, target: Target) -> TokenStream {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: sent in responses only.".to_owned());
    }
    if field.write_only {
        notes.push("Write-only: sent in requests only.".to_owned());
    }
    if field.required && field.nullable {
        notes.push("Required, may be `null`.".to_owned());
    }
    if field.is_nullable_optional() {
        notes.push("May be absent or `null`.".to_owned());
    }
    if let Some(default) = &field.default {
        let text = serde_json::to_string(&default.json).unwrap_or_default();
        let applied = applied_default(field).is_some() || default.json.is_null();
        notes.push(if applied || field.required {
            format!("Default: `{text}`.")
        } else {
            format!("Default: `{text}` (documented; an absent value stays `None`).")
        });
    }
    let notes = notes.join(" ");
    let doc = join_docs([field.doc.as_deref(), Some(notes.as_str())]).map(|doc| doc_attrs(&doc));
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    let rename = (unraw(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote! { #[serde(rename = #wire)] }
    });
    let serde = match applied_default(field) {
        // Absent (`Absent`), `null` (`Null`, written back) or a value: the runtime's `Nullable` reads it.
        None if field.is_nullable_optional() => {
            let absent = format!("{}::Nullable::is_absent", target.runtime(0));
            quote! { #[serde(default, skip_serializing_if = #absent)] }
        }
        // Absent is `None`, and is not written; present must be a value: `null` is refused.
        None if !field.required => {
            let present = format!("{}::present", target.runtime(0));
            quote! {
                #[serde(
                    default,
                    skip_serializing_if = "Option::is_none",
                    deserialize_with = #present
                )]
            }
        }
        None => TokenStream::new(),
        Some(_) if needs_default_fn(field) => {
            let path = format!("{owner}::{}", naming::default_fn_name(&field.name));
            quote! { #[serde(default = #path)] }
        }
        Some(_) => quote! { #[serde(default)] },
    };
    let name = ident(&field.name);
    let ty = field_type(field, &root(), target);
    quote! {
        #doc
        #deprecated
        #rename
        #serde
        pub #name: #ty,
    }
}

/// An enum of listed values with `ALL`, `Display`, `FromStr` and serde impls, no serde derive:
/// - strings: `as_str`; read through the runtime's one reader of enum values (`runtime::enum_value`),
///   which takes only strings, and keeps an unlisted one in the `Unknown` variant only when the client reads;
/// - integers: `#[repr(i64)]` with the values as discriminants and `value`; read and written as JSON numbers.
fn emit_enum(name: &Ident, e: &StringEnum, target: Target) -> TokenStream {
    let rt = runtime(target, 0);
    let integer = e.repr == EnumRepr::Integer;
    let values: Vec<TokenStream> =
        e.variants.iter().map(|v| int_lit(v.wire.parse::<i64>().unwrap_or_default())).collect();
    let names: Vec<Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let one = e.variants.len() == 1;
    let default_derive = one.then(|| quote! { , Default });
    let default_attr = one.then(|| quote! { #[default] });
    let count = Literal::usize_unsuffixed(e.variants.len());
    let name_text = name.to_string();
    let unknown = quote! {
        _ => Err(#rt::UnknownVariant::new(#name_text, value, &[#(#wires),*])),
    };
    let all_doc = doc_attrs("Every value, in document order.");
    let wire_doc = doc_attrs("The value as it appears on the wire.");
    if integer {
        let expected = format!("one of {}", wires.join(", "));
        return quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #default_derive)]
            #[repr(i64)]
            pub enum #name {
                #(#default_attr #names = #values,)*
            }
            impl #name {
                #all_doc
                pub const ALL: [Self; #count] = [#(Self::#names),*];
                #wire_doc
                pub fn value(&self) -> i64 {
                    *self as i64
                }
            }
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.value(), f)
                }
            }
            impl ::std::str::FromStr for #name {
                type Err = #rt::UnknownVariant;
                // Not `Self::Err`: a variant named `Err` would make it ambiguous.
                fn from_str(value: &str) -> Result<Self, #rt::UnknownVariant> {
                    match value.trim().parse::<i64>() {
                        #(Ok(#values) => Ok(Self::#names),)*
                        #unknown
                    }
                }
            }
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    match <i64 as ::serde::Deserialize>::deserialize(deserializer)? {
                        #(#values => Ok(Self::#names),)*
                        other => Err(<D::Error as ::serde::de::Error>::invalid_value(
                            ::serde::de::Unexpected::Signed(other),
                            &#expected,
                        )),
                    }
                }
            }
        };
    }
    let listed: Vec<String> = names.iter().map(Ident::to_string).collect();
    let unknown_name = ident(&naming::unknown_variant_name(&listed.iter().map(String::as_str).collect::<Vec<_>>()));
    let unknown_doc = doc_attrs(
        "A value the document does not list, kept as the vendor sent it: the client reads it (vendors add\n\
         values); the router and `FromStr` refuse it.",
    );
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord #default_derive)]
        pub enum #name {
            #(#default_attr #names,)*
            #unknown_doc
            #unknown_name(String),
        }
        impl #name {
            #all_doc
            pub const ALL: [Self; #count] = [#(Self::#names),*];
            #wire_doc
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #wires,)*
                    Self::#unknown_name(__value) => __value,
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = #rt::UnknownVariant;
            fn from_str(value: &str) -> Result<Self, #rt::UnknownVariant> {
                match value {
                    #(#wires => Ok(Self::#names),)*
                    #unknown
                }
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match #rt::enum_value(deserializer, &[#(#wires),*])? {
                    Ok(__index) => Ok(Self::ALL[__index].clone()),
                    Err(__value) => Ok(Self::#unknown_name(__value)),
                }
            }
        }
    }
}

/// An operation's `<Op>Request` struct and `<Op>Response` enum.
pub fn emit_operation_types(op: &Operation, target: Target) -> TokenStream {
    let request = emit_request(op);
    let response = emit_response(op, target);
    quote! { #request #response }
}

pub fn emit_request(op: &Operation) -> TokenStream {
    let title = format!("Parameters of `{} {}` (`{}`).", op.endpoint.method, op.endpoint.path, op.operation_id);
    let doc = doc_attrs(&join_docs([Some(title.as_str()), op.summary.as_deref()]).unwrap_or_default());
    let name = ident(&op.request_type);
    let params = op.params.iter().map(|p| {
        let place =
            format!("{} `{}`{}.", location_word(p.location), p.wire, if p.required { ", required" } else { "" });
        let default_note = p.client_may_default().then_some(" `None` leaves it to the client's default headers.");
        let place = format!("{place}{}", default_note.unwrap_or_default());
        let field =
            CarriedField { name: &p.field, ty: &p.ty, optional: p.is_option(), doc: p.doc.as_deref(), place: &place };
        field.tokens(true, p.deprecated)
    });
    let body = op.body.as_ref().map(|b| {
        let place = format!("Request body (`{}`){}.", b.content_type, if b.required { ", required" } else { "" });
        let field =
            CarriedField { name: &b.field, ty: &b.ty, optional: !b.required, doc: b.doc.as_deref(), place: &place };
        field.tokens(true, false)
    });
    let string = TypeRef::Primitive(Primitive::String);
    let credentials = op.credentials.iter().map(|c| {
        let place = format!(
            "Credential of security scheme `{}`: {}. `None` sends the client's credential for it.",
            c.scheme,
            credential_place(&c.kind)
        );
        let field =
            CarriedField { name: &c.field, ty: &string, optional: true, doc: c.description.as_deref(), place: &place };
        field.tokens(true, false)
    });
    // A request whose every field may be absent has a `Default`: `..Default::default()` fills what a caller
    // leaves out, so a parameter the document gains later breaks no caller.
    let defaultable = !op.params.iter().any(Param::in_constructor) && op.body.as_ref().is_none_or(|b| !b.required);
    let default = defaultable.then(|| quote! { Default, });
    let builder = emit_request_builder(op);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#params)*
            #body
            #(#credentials)*
        }
        #builder
    }
}

/// One value of a request as `new` and the setters see it: the field, its type, and whether it is an
/// `Option` (or a list, which starts empty).
struct RequestPart<'a> {
    field: &'a str,
    ty: &'a TypeRef,
    wrapped: bool,
    deprecated: bool,
}

/// `<Op>Request::new(required values…)` (path parameters in path order, the other required parameters in
/// document order, then a required body) and one chainable setter per optional value, so that a parameter a
/// document gains later breaks no caller.
fn emit_request_builder(op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let path_position = |p: &Param| match p.location {
        ParamLocation::Path => op.endpoint.path.find(&format!("{{{}}}", p.wire)).unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    let mut required: Vec<&Param> = op.params.iter().filter(|p| p.in_constructor()).collect();
    // Stable: path parameters by their place in the path, the rest after them in document order.
    required.sort_by_key(|p| (p.location != ParamLocation::Path, path_position(p)));
    let mut args: Vec<RequestPart> = required
        .iter()
        .map(|p| RequestPart { field: &p.field, ty: &p.ty, wrapped: false, deprecated: p.deprecated })
        .collect();
    let body = op.body.as_ref();
    if let Some(b) = body.filter(|b| b.required) {
        args.push(RequestPart { field: &b.field, ty: &b.ty, wrapped: false, deprecated: false });
    }
    let mut setters: Vec<RequestPart> = op
        .params
        .iter()
        .filter(|p| !p.in_constructor())
        .map(|p| RequestPart { field: &p.field, ty: &p.ty, wrapped: p.is_option(), deprecated: p.deprecated })
        .collect();
    if let Some(b) = body.filter(|b| !b.required) {
        setters.push(RequestPart { field: &b.field, ty: &b.ty, wrapped: true, deprecated: false });
    }
    let string = TypeRef::Primitive(Primitive::String);
    setters.extend(op.credentials.iter().map(|c| RequestPart {
        field: &c.field,
        ty: &string,
        wrapped: true,
        deprecated: false,
    }));

    let parameters = args.iter().map(|a| {
        let (field, ty) = (ident(a.field), setter_type(a.ty));
        quote! { #field: #ty }
    });
    let values = op
        .params
        .iter()
        .map(|p| (p.field.as_str(), p.in_constructor()))
        .chain(body.map(|b| (b.field.as_str(), b.required)))
        .chain(op.credentials.iter().map(|c| (c.field.as_str(), false)))
        .map(|(field, given)| {
            let field_ident = ident(field);
            let is_text = args.iter().any(|a| a.field == field && *a.ty == string);
            match (given, is_text) {
                (true, true) => quote! { #field_ident: #field_ident.into(), },
                (true, false) => quote! { #field_ident, },
                (false, _) => quote! { #field_ident: Default::default(), },
            }
        });
    let any_deprecated = op.params.iter().any(|p| p.deprecated);
    let allow = any_deprecated.then(|| quote! { #[allow(deprecated)] });
    let new_doc = doc_attrs(if args.is_empty() {
        "A request with every optional value absent; the setters add them."
    } else {
        "A request with its required values (path parameters in path order, then the other required\n\
         parameters, then the body); the setters add the optional ones."
    });
    let too_many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let setter_fns = setters.iter().map(|s| {
        let field = ident(s.field);
        let setter = ident(&naming::request_setter_name(s.field));
        let ty = setter_type(s.ty);
        let value = match (s.wrapped, *s.ty == string) {
            (true, true) => quote! { Some(value.into()) },
            (true, false) => quote! { Some(value) },
            (false, true) => quote! { value.into() },
            (false, false) => quote! { value },
        };
        let doc = doc_attrs(&format!("Sets `{}`.", unraw(s.field)));
        let deprecated = s.deprecated.then(|| quote! { #[deprecated] #[allow(deprecated)] });
        quote! {
            #doc
            #deprecated
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    quote! {
        impl #name {
            #new_doc
            #allow
            #too_many
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#values)* }
            }
            #(#setter_fns)*
        }
    }
}

/// What `new` and a setter take for a value of `ty`: text as `impl Into<String>` (`"abc"` or a `String`),
/// anything else as itself (an integer literal keeps its field's type).
fn setter_type(ty: &TypeRef) -> TokenStream {
    if *ty == TypeRef::Primitive(Primitive::String) {
        quote! { impl Into<String> }
    } else {
        type_tokens(ty, &root())
    }
}

pub fn emit_response(op: &Operation, target: Target) -> TokenStream {
    let rt = runtime(target, 0);
    let name = ident(&op.response_type);
    let doc = doc_attrs(&format!(
        "Every documented outcome of `{} {}`, one variant per status.",
        op.endpoint.method, op.endpoint.path
    ));
    let variants = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        let doc = doc_attrs(
            &join_docs([Some(status_label(r.status).as_str()), r.description.as_deref()]).unwrap_or_default(),
        );
        let body = r.body.as_ref().map(|(_, ty)| type_tokens(ty, &root()));
        let variant = match response_shape(r) {
            VariantShape::Tuple => quote! { #vname(#body), },
            VariantShape::Unit => quote! { #vname, },
            VariantShape::Struct => {
                let status = fixed_code(r.status).is_none().then(|| quote! { status: ::http::StatusCode, });
                let body = body.map(|body| quote! { body: #body, });
                let headers = r.headers.iter().map(|h| {
                    let place = format!("Response header `{}`{}.", h.wire, if h.required { ", required" } else { "" });
                    let field = CarriedField {
                        name: &h.field,
                        ty: &h.ty,
                        optional: !h.required,
                        doc: h.doc.as_deref(),
                        place: &place,
                    };
                    field.tokens(false, false)
                });
                quote! { #vname { #status #body #(#headers)* }, }
            }
        };
        quote! { #doc #variant }
    });
    let arms = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        match fixed_code(r.status) {
            Some(code) => {
                let pattern = match response_shape(r) {
                    VariantShape::Tuple => quote! { Self::#vname(_) },
                    VariantShape::Unit => quote! { Self::#vname },
                    VariantShape::Struct => quote! { Self::#vname { .. } },
                };
                let code = Literal::u16_unsuffixed(code);
                quote! { #pattern => #rt::status(#code), }
            }
            None => quote! { Self::#vname { status, .. } => *status, },
        }
    });
    let status_doc = doc_attrs("The HTTP status this outcome is answered with.");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
        impl #name {
            #status_doc
            pub fn status(&self) -> ::http::StatusCode {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// A field that carries a part of a request or response (a parameter, the body, a credential, a header):
/// the document's doc and where the part travels, then the field, an `Option` when the part may be absent.
struct CarriedField<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    optional: bool,
    doc: Option<&'a str>,
    place: &'a str,
}

impl CarriedField<'_> {
    /// The field, `pub` in a struct (`public`), bare in an enum variant.
    fn tokens(&self, public: bool, deprecated: bool) -> TokenStream {
        let doc = doc_attrs(&join_docs([self.doc, Some(self.place)]).unwrap_or_default());
        let deprecated = deprecated.then(|| quote! { #[deprecated] });
        let mut ty = type_tokens(self.ty, &root());
        if self.optional {
            ty = quote! { Option<#ty> };
        }
        let visibility = public.then(|| quote! { pub });
        let name = ident(self.name);
        quote! {
            #doc
            #deprecated
            #visibility #name: #ty,
        }
    }
}

/// How a response variant holds its parts: `Ok(body)`, `NoContent`, or named fields (a status for ranges and
/// `default`, typed headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantShape {
    Tuple,
    Unit,
    Struct,
}

pub fn response_shape(r: &ResponseCase) -> VariantShape {
    match (fixed_code(r.status).is_some() && r.headers.is_empty(), r.body.is_some()) {
        (true, true) => VariantShape::Tuple,
        (true, false) => VariantShape::Unit,
        (false, _) => VariantShape::Struct,
    }
}

/// The status code of a variant that stands for exactly one code.
pub fn fixed_code(status: Status) -> Option<u16> {
    match status {
        Status::Code(code) => Some(code),
        Status::Range(_) | Status::Default => None,
    }
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(code) => format!("Status {code}."),
        Status::Range(range) => format!("Any status {range}XX."),
        Status::Default => "Any other status (`default`).".to_owned(),
    }
}

pub fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "Path parameter",
        ParamLocation::Query => "Query parameter",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

fn credential_place(kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::Header(name) => format!("header `{name}`"),
        CredentialKind::Query(name) => format!("query parameter `{name}`"),
        CredentialKind::Cookie(name) => format!("cookie `{name}`"),
        CredentialKind::Bearer => "`Authorization: Bearer <token>`, the token".to_owned(),
        CredentialKind::Basic => "`Authorization: Basic <credentials>`, the encoded credentials".to_owned(),
    }
}
