//! Emits the serde types of a spec: named schema types, and per operation its `<Op>Request` struct and
//! `<Op>Response` enum.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::{doc_attrs, ident, join_docs, type_tokens};
use crate::ir::*;
use crate::naming::{self, unraw};

pub fn emit_types(api: &Api) -> TokenStream {
    let items = api.types.iter().map(emit_type);
    quote! { #(#items)* }
}

pub fn emit_type(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref().unwrap_or(&format!("The `{}` schema.", def.schema_name)));
    let here = TokenStream::new();
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&def.name, &doc, s),
        TypeKind::Enum(e) if e.variants.is_empty() => quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(pub ::std::string::String);
        },
        TypeKind::Enum(e) if e.repr == EnumRepr::Integer => emit_integer_enum(&def.name, &doc, e),
        TypeKind::Enum(e) => emit_string_enum(&def.name, &doc, e),
        TypeKind::Map(value) => {
            let value = type_tokens(value, &here);
            quote! {
                #doc
                pub type #name = ::std::collections::BTreeMap<::std::string::String, #value>;
            }
        }
        TypeKind::Newtype(inner) => {
            // A named scalar reads and writes as text like its value, so it can be a parameter or header.
            let text = match inner {
                TypeRef::Primitive(p) if crate::formats::parses_from_text(*p) => {
                    // A date-time is written as RFC 3339 (as serde writes it), not as chrono's `Display`.
                    let display = match p {
                        Primitive::DateTime => quote! {
                            f.write_str(&self.0.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
                        },
                        _ => quote! { ::std::fmt::Display::fmt(&self.0, f) },
                    };
                    let inner = type_tokens(inner, &here);
                    Some(quote! {
                        impl ::std::str::FromStr for #name {
                            type Err = <#inner as ::std::str::FromStr>::Err;

                            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                                value.parse().map(Self)
                            }
                        }

                        impl ::std::fmt::Display for #name {
                            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                #display
                            }
                        }
                    })
                }
                _ => None,
            };
            let inner = type_tokens(inner, &here);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
                #text
            }
        }
        TypeKind::Union(u) => emit_union(&name, &doc, u),
        TypeKind::Alias(target) => {
            let target = ident(target);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
    }
}

fn emit_union(name: &proc_macro2::Ident, doc: &TokenStream, u: &Union) -> TokenStream {
    let here = TokenStream::new();
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = type_tokens(&v.ty, &here);
        if v.boxed {
            ty = quote! { ::std::boxed::Box<#ty> };
        }
        let wire = match (&u.tagging, &v.tag) {
            (Tagging::Untagged, _) | (_, None) => None,
            (_, Some(tag)) => {
                let aliases = v.tag_aliases.iter();
                Some(quote! { #[serde(rename = #tag #(, alias = #aliases)*)] })
            }
        };
        let doc = v.tag.as_ref().map(|tag| {
            let mut text = format!("Discriminator value `{tag}`");
            for alias in &v.tag_aliases {
                text.push_str(&format!(" (also `{alias}`)"));
            }
            doc_attrs(&format!("{text}."))
        });
        quote! { #doc #wire #vname(#ty), }
    });
    let tagging = match &u.tagging {
        Tagging::Untagged => quote! { #[serde(untagged)] },
        Tagging::Internal { property } => quote! { #[serde(tag = #property)] },
        Tagging::Adjacent { tag, content } => quote! { #[serde(tag = #tag, content = #content)] },
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #tagging
        pub enum #name { #(#variants)* }
    }
}

/// A struct, the functions that give its fields' documented defaults, and `Default` when every field may be
/// absent and one has a default.
fn emit_struct(name: &str, doc: &TokenStream, s: &Struct) -> TokenStream {
    let here = TokenStream::new();
    let name_ident = ident(name);
    let fields = s.fields.iter().map(|f| emit_field(name, f, &here));
    let additional_field = ident(&s.additional_field);
    let additional = s.additional.as_ref().map(|value| {
        let value = type_tokens(value, &here);
        quote! {
            /// Properties beside the named ones (`additionalProperties`).
            #[serde(flatten)]
            pub #additional_field: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let default_fns = s.fields.iter().filter_map(|f| {
        let value = applied_default(f).filter(|_| needs_default_fn(f))?;
        let fn_name = ident(&naming::default_fn_name(&f.name));
        let ty = field_type(f, &here);
        let mut expr = default_expr(value, &f.ty, &here);
        if f.boxed {
            expr = quote! { ::std::boxed::Box::new(#expr) };
        }
        if f.nullable {
            expr = quote! { ::std::option::Option::Some(#expr) };
        }
        let allow = matches!(value, DefaultValue::Float(_))
            .then(|| quote! { #[allow(clippy::approx_constant, clippy::excessive_precision)] });
        Some(quote! {
            #allow
            fn #fn_name() -> #ty {
                #expr
            }
        })
    });
    let default_fns: Vec<TokenStream> = default_fns.collect();
    let defaults_impl = (!default_fns.is_empty()).then(|| {
        quote! {
            impl #name_ident {
                #(#default_fns)*
            }
        }
    });
    let derive_default = s.default_impl && !s.fields.iter().any(needs_default_fn);
    let default_derive = derive_default.then(|| quote! { ::std::default::Default, });
    let default_impl = (s.default_impl && !derive_default).then(|| {
        let inits = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            let value = match applied_default(f) {
                Some(_) if needs_default_fn(f) => {
                    let fn_name = ident(&naming::default_fn_name(&f.name));
                    quote! { Self::#fn_name() }
                }
                Some(_) => quote! { ::std::default::Default::default() },
                None => quote! { ::std::option::Option::None },
            };
            quote! { #field: #value, }
        });
        let additional =
            s.additional.as_ref().map(|_| quote! { #additional_field: ::std::default::Default::default(), });
        let allow = s.fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
        quote! {
            #allow
            impl ::std::default::Default for #name_ident {
                fn default() -> Self {
                    Self {
                        #(#inits)*
                        #additional
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default_derive ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name_ident {
            #(#fields)*
            #additional
        }
        #defaults_impl
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

/// The Rust type of a field: `Option` when it may be absent without a default, or may be `null`.
fn field_type(field: &Field, scope: &TokenStream) -> TokenStream {
    let mut ty = type_tokens(&field.ty, scope);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.is_option() {
        ty = quote! { ::std::option::Option<#ty> };
    }
    ty
}

fn default_expr(value: &DefaultValue, ty: &TypeRef, scope: &TokenStream) -> TokenStream {
    match value {
        DefaultValue::TypeDefault => quote! { ::std::default::Default::default() },
        DefaultValue::Bool(b) => quote! { #b },
        DefaultValue::Integer(i) => Literal::i128_unsuffixed(*i).into_token_stream(),
        DefaultValue::Float(f) => Literal::f64_unsuffixed(*f).into_token_stream(),
        DefaultValue::String(s) => quote! { ::std::string::String::from(#s) },
        DefaultValue::Variant(variant) => {
            let ty = type_tokens(ty, scope);
            let variant = ident(variant);
            quote! { #ty::#variant }
        }
    }
}

fn emit_field(owner: &str, field: &Field, scope: &TokenStream) -> TokenStream {
    let name = ident(&field.name);
    let ty = field_type(field, scope);
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
    let doc = join_docs([field.doc.as_deref(), Some(notes.as_str())]).map(|d| doc_attrs(&d));
    let rename = (unraw(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote! { #[serde(rename = #wire)] }
    });
    let serde_default = match applied_default(field) {
        // Absent is `None`; present must be a value: `null` is refused unless the schema allows it.
        None if !field.required && !field.nullable => Some(quote! {
            #[serde(
                default,
                skip_serializing_if = "::std::option::Option::is_none",
                deserialize_with = "crate::runtime::present"
            )]
        }),
        None if !field.required => {
            Some(quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] })
        }
        None => None,
        Some(_) if needs_default_fn(field) => {
            let path = format!("{owner}::{}", naming::default_fn_name(&field.name));
            Some(quote! { #[serde(default = #path)] })
        }
        Some(_) => Some(quote! { #[serde(default)] }),
    };
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #doc
        #deprecated
        #rename
        #serde_default
        pub #name: #ty,
    }
}

/// An enum of integers: `#[repr(i64)]` with the values as discriminants, (de)serialized as JSON numbers by a
/// small impl (no extra dependency).
fn emit_integer_enum(name: &str, doc: &TokenStream, e: &StringEnum) -> TokenStream {
    let name_ident = ident(name);
    let values: Vec<i64> = e.variants.iter().map(|v| v.wire.parse().unwrap_or_default()).collect();
    let idents: Vec<proc_macro2::Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let literals: Vec<Literal> = values.iter().map(|v| Literal::i64_unsuffixed(*v)).collect();
    let one = e.variants.len() == 1;
    let default_derive = one.then(|| quote! { ::std::default::Default, });
    let variants = idents.iter().zip(&literals).map(|(vname, value)| {
        let default = one.then(|| quote! { #[default] });
        quote! { #default #vname = #value, }
    });
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let expected = format!("one of {}", wires.join(", "));
    let count = Literal::usize_unsuffixed(e.variants.len());
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive)]
        #[repr(i64)]
        pub enum #name_ident {
            #(#variants)*
        }

        impl #name_ident {
            /// Every value, in document order.
            pub const ALL: [Self; #count] = [#(Self::#idents),*];

            /// The value as it appears on the wire.
            pub fn value(&self) -> i64 {
                *self as i64
            }
        }

        impl ::std::fmt::Display for #name_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::std::str::FromStr for #name_ident {
            type Err = crate::runtime::UnknownVariant;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value.trim().parse::<i64>() {
                    #(::std::result::Result::Ok(#literals) => ::std::result::Result::Ok(Self::#idents),)*
                    _ => ::std::result::Result::Err(crate::runtime::UnknownVariant::new(#name, value, &[#(#wires),*])),
                }
            }
        }

        impl ::serde::Serialize for #name_ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name_ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                match <i64 as ::serde::Deserialize>::deserialize(deserializer)? {
                    #(#literals => ::std::result::Result::Ok(Self::#idents),)*
                    other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(
                        ::serde::de::Unexpected::Signed(other),
                        &#expected,
                    )),
                }
            }
        }
    }
}

fn emit_string_enum(name: &str, doc: &TokenStream, e: &StringEnum) -> TokenStream {
    let name_ident = ident(name);
    let one = e.variants.len() == 1;
    let default_derive = one.then(|| quote! { ::std::default::Default, });
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        let default = one.then(|| quote! { #[default] });
        quote! {
            #default
            #[serde(rename = #wire)]
            #vname,
        }
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#vname => #wire, }
    });
    let from_str_arms = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote! { #wire => ::std::result::Result::Ok(Self::#vname), }
    });
    let all = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote! { Self::#vname }
    });
    let wires = e.variants.iter().map(|v| &v.wire);
    let count = Literal::usize_unsuffixed(e.variants.len());
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive ::serde::Serialize, ::serde::Deserialize)]
        pub enum #name_ident {
            #(#variants)*
        }

        impl #name_ident {
            /// Every value, in document order.
            pub const ALL: [Self; #count] = [#(#all),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#as_str_arms)*
                }
            }
        }

        impl ::std::fmt::Display for #name_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name_ident {
            type Err = crate::runtime::UnknownVariant;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    #(#from_str_arms)*
                    _ => ::std::result::Result::Err(crate::runtime::UnknownVariant::new(#name, value, &[#(#wires),*])),
                }
            }
        }
    }
}

pub fn emit_request(op: &Operation) -> TokenStream {
    let here = TokenStream::new();
    let name = ident(&op.request_type);
    let title = format!("Parameters of `{} {}` (`{}`).", op.method, op.path, op.operation_id);
    let doc = doc_attrs(&join_docs([Some(title.as_str()), op.summary.as_deref()]).unwrap_or_default());
    let params = op.params.iter().map(|p| {
        let field = ident(&p.field);
        let mut ty = type_tokens(&p.ty, &here);
        let is_list = matches!(p.ty, TypeRef::Vec(_));
        if !p.required && !is_list {
            ty = quote! { ::std::option::Option<#ty> };
        }
        let place =
            format!("{} `{}`{}.", location_word(p.location), p.wire, if p.required { ", required" } else { "" });
        let doc = doc_attrs(&join_docs([p.doc.as_deref(), Some(place.as_str())]).unwrap_or_default());
        let deprecated = p.deprecated.then(|| quote! { #[deprecated] });
        quote! { #doc #deprecated pub #field: #ty, }
    });
    let body = op.body.as_ref().map(|b| {
        let field = ident(&b.field);
        let mut ty = type_tokens(&b.ty, &here);
        if !b.required {
            ty = quote! { ::std::option::Option<#ty> };
        }
        let place = format!("Request body (`{}`){}.", b.content_type, if b.required { ", required" } else { "" });
        let doc = doc_attrs(&join_docs([b.doc.as_deref(), Some(place.as_str())]).unwrap_or_default());
        quote! { #doc pub #field: #ty, }
    });
    let single = op.security.len() == 1;
    let credentials = op.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let ty = if single {
            quote! { ::std::string::String }
        } else {
            quote! { ::std::option::Option<::std::string::String> }
        };
        let place = format!("Credential of security scheme `{}`: {}.", c.scheme, credential_place(&c.kind));
        let doc = doc_attrs(&join_docs([c.description.as_deref(), Some(place.as_str())]).unwrap_or_default());
        quote! { #doc pub #field: #ty, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#params)*
            #body
            #(#credentials)*
        }
    }
}

pub fn emit_response(op: &Operation) -> TokenStream {
    let here = TokenStream::new();
    let name = ident(&op.response_type);
    let doc = doc_attrs(&format!("Every documented outcome of `{} {}`, one variant per status.", op.method, op.path));
    let variants = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        let doc = doc_attrs(
            &join_docs([Some(status_label(r.status).as_str()), r.description.as_deref()]).unwrap_or_default(),
        );
        let body = r.body.as_ref().map(|(_, ty)| type_tokens(ty, &here));
        let headers = r.headers.iter().map(|h| {
            let field = ident(&h.field);
            let mut ty = type_tokens(&h.ty, &here);
            if !h.required {
                ty = quote! { ::std::option::Option<#ty> };
            }
            let place = format!("Response header `{}`{}.", h.wire, if h.required { ", required" } else { "" });
            let doc = doc_attrs(&join_docs([h.doc.as_deref(), Some(place.as_str())]).unwrap_or_default());
            quote! { #doc #field: #ty, }
        });
        let headers: Vec<TokenStream> = headers.collect();
        match (response_shape(r), body) {
            (VariantShape::Tuple, Some(body)) => quote! { #doc #vname(#body), },
            (VariantShape::Unit, _) => quote! { #doc #vname, },
            (_, Some(body)) if fixed_code(r.status).is_some() => quote! { #doc #vname { body: #body, #(#headers)* }, },
            (_, Some(body)) => quote! { #doc #vname { status: ::http::StatusCode, body: #body, #(#headers)* }, },
            (_, None) if fixed_code(r.status).is_some() => quote! { #doc #vname { #(#headers)* }, },
            (_, None) => quote! { #doc #vname { status: ::http::StatusCode, #(#headers)* }, },
        }
    });
    let status_arms = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        match (fixed_code(r.status), response_shape(r)) {
            (Some(code), shape) => {
                let code = Literal::u16_unsuffixed(code);
                let pattern = match shape {
                    VariantShape::Tuple => quote! { Self::#vname(_) },
                    VariantShape::Unit => quote! { Self::#vname },
                    VariantShape::Struct => quote! { Self::#vname { .. } },
                };
                quote! { #pattern => crate::runtime::status(#code), }
            }
            (None, _) => quote! { Self::#vname { status, .. } => *status, },
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status this outcome is answered with.
            pub fn status(&self) -> ::http::StatusCode {
                match self {
                    #(#status_arms)*
                }
            }
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
