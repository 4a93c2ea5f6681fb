//! Emit: IR → token streams. Emitters see only the IR (never OpenAPI, YAML or markdown) and only ever
//! turn IR names (made by [`crate::naming`]) into identifiers.

pub mod client;
pub mod code;
pub mod mock;
pub mod server;
pub mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::formats;
use crate::ir::{Api, TypeRef};
pub use crate::render::Chunk;

/// The module's inner attributes. Enums of bodies and union members differ in size by nature (a struct
/// beside a string); boxing the large ones, as clippy's size lint suggests, would change the types the
/// document describes.
const MODULE_ATTRIBUTES: &str = "#![allow(clippy::large_enum_variant)]\n";

/// The items of a spec's module in order, in chunks made one at a time
/// when the iterator is advanced: its inner attributes, a type, an operation's request and response, the server's re-export,
/// the mock, the server module, the client. Rendering them as they come keeps one chunk's tokens at a time.
pub fn module_chunks(api: &Api) -> impl Iterator<Item = Chunk> + '_ {
    let inner = std::iter::once(Chunk::Text(MODULE_ATTRIBUTES.to_owned()));
    let types = api.types.iter().map(|def| text(|code| types::emit_type(code, def)));
    let operations = api.operations.iter().map(|op| {
        text(|code| {
            types::emit_request(code, op);
            types::emit_response(code, op);
        })
    });
    let server_reexport = std::iter::once_with(|| Chunk::Tokens(server::emit_server_reexport(api)));
    let mock = std::iter::once_with(|| text(|code| mock::emit_mock(code, api)));
    let rest = std::iter::once_with(|| Chunk::Tokens(server::emit_server_module(api)))
        .chain(std::iter::once_with(|| text(|code| client::emit_client(code, api))));
    inner.chain(types).chain(operations).chain(server_reexport).chain(mock).chain(rest)
}

/// A text chunk written by `write`.
fn text(write: impl FnOnce(&mut code::Code)) -> Chunk {
    let mut code = code::Code::new();
    write(&mut code);
    Chunk::Text(code.finish())
}

/// `#[allow(deprecated)]` for code that must call a deprecated operation or fill a deprecated parameter
/// (handlers and client methods still serve them).
pub fn allow_deprecated(op: &crate::ir::Operation) -> Option<TokenStream> {
    uses_deprecated(op).then(|| quote! { #[allow(deprecated)] })
}

/// Whether code that calls `op` or fills its parameters needs `#[allow(deprecated)]`.
pub fn uses_deprecated(op: &crate::ir::Operation) -> bool {
    op.deprecated || op.params.iter().any(|p| p.deprecated)
}

/// An identifier from an IR name; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "…"]` attributes, one per line, so prettyplease prints `///` lines.
pub fn doc_attrs(doc: &str) -> TokenStream {
    let lines = doc.trim_end().lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {}", line.trim_end()) };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Joins doc paragraphs, skipping empty ones, with a blank doc line between.
pub fn join_docs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let parts: Vec<&str> = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The tokens of a type use. `scope` prefixes named types (`super::`) when emitting outside the module root.
pub fn type_tokens(ty: &TypeRef, scope: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { #scope #name }
        }
        TypeRef::Primitive(primitive) => {
            formats::rust_path(*primitive).parse().unwrap_or_else(|_| quote! { ::serde_json::Value })
        }
        TypeRef::Vec(item) => {
            let item = type_tokens(item, scope);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
    }
}
