//! Emits the serde types of a spec: named schema types, and per operation its `<Op>Request` struct and
//! `<Op>Response` enum.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, ident, join_docs, type_tokens};
use crate::ir::*;
use crate::naming::unraw;

pub fn emit_types(api: &Api) -> TokenStream {
    let items = api.types.iter().map(emit_type);
    quote! { #(#items)* }
}

pub fn emit_type(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref().unwrap_or(&format!("The `{}` schema.", def.schema_name)));
    let here = TokenStream::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|f| emit_field(f, &here));
            let additional = s.additional.as_ref().map(|value| {
                let value = type_tokens(value, &here);
                quote! {
                    /// Properties beside the named ones (`additionalProperties`).
                    #[serde(flatten)]
                    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #value>,
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                    #additional
                }
            }
        }
        TypeKind::Enum(e) if e.variants.is_empty() => quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(pub ::std::string::String);
        },
        TypeKind::Enum(e) => emit_string_enum(&def.name, &doc, e),
        TypeKind::Map(value) => {
            let value = type_tokens(value, &here);
            quote! {
                #doc
                pub type #name = ::std::collections::BTreeMap<::std::string::String, #value>;
            }
        }
        TypeKind::Newtype(inner) => {
            let inner = type_tokens(inner, &here);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
        TypeKind::Union(u) => {
            let variants = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let mut ty = type_tokens(&v.ty, &here);
                if v.boxed {
                    ty = quote! { ::std::boxed::Box<#ty> };
                }
                let doc = v.tag.as_ref().map(|tag| doc_attrs(&format!("Discriminator value `{tag}`.")));
                quote! { #doc #vname(#ty), }
            });
            let tagging = match &u.tagging {
                Tagging::Untagged => quote! { #[serde(untagged)] },
                Tagging::Internal { property } => quote! { #[serde(tag = #property)] },
            };
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #tagging
                pub enum #name { #(#variants)* }
            }
        }
    }
}

fn emit_field(field: &Field, scope: &TokenStream) -> TokenStream {
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty, scope);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    let optional = !field.required || field.nullable;
    if optional {
        ty = quote! { ::std::option::Option<#ty> };
    }
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: sent in responses only.");
    }
    if field.write_only {
        notes.push("Write-only: sent in requests only.");
    }
    if field.required && field.nullable {
        notes.push("Required, may be `null`.");
    }
    let notes = notes.join(" ");
    let doc = join_docs([field.doc.as_deref(), Some(notes.as_str())]).map(|d| doc_attrs(&d));
    let rename = (unraw(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote! { #[serde(rename = #wire)] }
    });
    let skip =
        (!field.required).then(|| quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] });
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #doc
        #deprecated
        #rename
        #skip
        pub #name: #ty,
    }
}

fn emit_string_enum(name: &str, doc: &TokenStream, e: &StringEnum) -> TokenStream {
    let name_ident = ident(name);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote! {
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
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

/// `<Op>Request` and `<Op>Response` for every operation.
pub fn emit_operation_types(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| {
        let request = emit_request(op);
        let response = emit_response(op);
        quote! { #request #response }
    });
    quote! { #(#items)* }
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
        match (fixed_code(r.status), body) {
            (Some(_), Some(body)) => quote! { #doc #vname(#body), },
            (Some(_), None) => quote! { #doc #vname, },
            (None, Some(body)) => quote! { #doc #vname { status: ::http::StatusCode, body: #body }, },
            (None, None) => quote! { #doc #vname { status: ::http::StatusCode }, },
        }
    });
    let status_arms = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        match (fixed_code(r.status), r.body.is_some()) {
            (Some(code), true) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { Self::#vname(_) => crate::runtime::status(#code), }
            }
            (Some(code), false) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { Self::#vname => crate::runtime::status(#code), }
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
