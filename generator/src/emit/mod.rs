//! Emit: IR → `quote!` tokens, one template function per item shape; and the derived OpenAPI document
//! ([`openapi_doc`], from the normalised document and the IR). The Rust emitters see only the IR (never
//! OpenAPI, YAML or markdown): identifiers are made from IR names (made by [`crate::naming`]) by [`ident`],
//! and text from the documents enters code only as string literals and `#[doc]` attributes ([`doc_attrs`]),
//! which escape it.
//!
//! A module is a list of [`Node`]s, in order: items, and blocks (`mod`, `impl`, `trait`) whose items are
//! listed the same way. Each item is a function from nothing to its tokens, so `render` can build
//! and format the items one at a time, on any thread (tokens themselves cannot cross threads).

pub mod client;
pub mod mock;
pub mod openapi_doc;
pub mod rustdoc;
pub mod server;
pub mod types;

use std::borrow::Cow;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::formats;
use crate::ir::{Api, Target, TypeRef};

/// The tokens of one item (or several that always go together), made when called.
pub type Item<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// A block's tokens around its items' tokens (`body`): `mod server { #body }`.
pub type Wrap<'a> = Box<dyn Fn(TokenStream) -> TokenStream + Send + Sync + 'a>;

/// A part of a module: an item, or a block whose items are parts in their turn. Render puts a blank line
/// between the parts of a list.
pub enum Node<'a> {
    Item(Item<'a>),
    Block { wrap: Wrap<'a>, items: Vec<Node<'a>> },
}

/// An item node from a template.
pub fn item<'a>(tokens: impl Fn() -> TokenStream + Send + Sync + 'a) -> Node<'a> {
    Node::Item(Box::new(tokens))
}

/// A block node: `wrap` puts the items' tokens in the block.
pub fn block<'a>(wrap: impl Fn(TokenStream) -> TokenStream + Send + Sync + 'a, items: Vec<Node<'a>>) -> Node<'a> {
    Node::Block { wrap: Box::new(wrap), items }
}

/// The module's inner attributes. Enums of bodies and union members differ in size by nature (a struct
/// beside a string); boxing the large ones, as clippy's size lint suggests, would change the types the
/// document describes.
fn module_attributes() -> TokenStream {
    quote! { #![allow(clippy::large_enum_variant)] }
}

/// The parts of a spec's module in order: its inner attributes, each type, each operation's request and
/// response, then those of the server's re-export, the mock, the server module and the client that
/// [`Api::parts`](crate::ir::Api::parts) asks for.
pub fn module_nodes(api: &Api) -> Vec<Node<'_>> {
    let mut nodes = vec![item(module_attributes)];
    nodes.extend(types::type_nodes(api));
    nodes.extend(api.operations.iter().map(|op| item(move || types::emit_operation_types(op, api.target))));
    if api.parts.server {
        nodes.push(item(move || server::emit_server_reexport(api)));
        // The mock answers through the server's router, so it goes only with the server.
        if api.parts.mock {
            nodes.push(mock::mock_node(api));
        }
        nodes.push(server::server_node(api));
    }
    if api.parts.client {
        nodes.extend(client::client_nodes(api));
    }
    nodes
}

/// The runtime module's path from code `depth` modules below the spec's module (0: the module itself; 1:
/// its `server`, `mock` and `client`): `crate::runtime` in a generated crate, `super::…::runtime` in a
/// module tree ([`Target::runtime`]).
pub fn runtime(target: Target, depth: usize) -> TokenStream {
    let path = target.runtime(depth);
    path.parse().unwrap_or_else(|_| panic!("internal error: `{path}` is not a Rust path"))
}

/// `#[cfg(feature = "<feature>")]` in a generated crate; nothing in a module tree, which has no features.
pub fn feature_gate(target: Target, feature: &str) -> TokenStream {
    if target.has_features() {
        quote! { #[cfg(feature = #feature)] }
    } else {
        TokenStream::new()
    }
}

/// Whether code that calls `op` or fills its parameters needs `#[allow(deprecated)]` (handlers and client
/// methods still serve deprecated operations and parameters).
pub fn uses_deprecated(op: &crate::ir::Operation) -> bool {
    op.deprecated || op.params.iter().any(|p| p.deprecated)
}

/// Joins doc paragraphs, skipping empty ones, with a blank doc line between.
pub fn join_docs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let parts: Vec<&str> = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// An identifier from a name [`crate::naming`] made (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line of `doc` (trailing spaces trimmed, a leading space as `///` has;
/// nothing for an empty doc). prettyplease prints each as a `///` line, so what such a line may not hold
/// is changed here ([`doc_text`]). Any other text, `*/` and control characters included, stays as it is.
pub fn doc_attrs(doc: &str) -> TokenStream {
    let doc = doc_text(doc);
    let mut out = TokenStream::new();
    for line in doc.trim_end().lines() {
        let line = line.trim_end();
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        out.extend(quote! { #[doc = #text] });
    }
    out
}

/// `doc` as comment lines can hold it and rustdoc reads it (render writes the module docs with it too): a
/// carriage return, alone or before a line feed, ends a line (rustc refuses one in a doc comment); a
/// codepoint that changes the direction of text is written as its escape, `\u{202e}` (rustc refuses it in
/// comments); a tab is four spaces (clippy's `tabs_in_doc_comments`); markup rustdoc would warn about is
/// escaped ([`rustdoc::markdown_safe`]).
pub fn doc_text(doc: &str) -> String {
    rustdoc::markdown_safe(&comment_text(doc))
}

fn comment_text(doc: &str) -> Cow<'_, str> {
    if !doc.contains(|c| matches!(c, '\r' | '\t') || changes_direction(c)) {
        return doc.into();
    }
    let mut out = String::with_capacity(doc.len());
    let mut chars = doc.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if changes_direction(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out.into()
}

/// The codepoints that change the direction of text, which rustc refuses in comments and literals.
fn changes_direction(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// An unsuffixed integer literal (`-5` as a minus sign and a literal).
pub fn int_lit(value: impl Into<i128>) -> TokenStream {
    let value = value.into();
    let magnitude = Literal::u128_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
    }
}

/// An unsuffixed float literal (always with a `.`); the constants of `f64` for the values no literal writes.
pub fn float_lit(value: f64) -> TokenStream {
    if value.is_nan() {
        return quote! { f64::NAN };
    }
    if value.is_infinite() {
        return if value > 0.0 {
            quote! { f64::INFINITY }
        } else {
            quote! { f64::NEG_INFINITY }
        };
    }
    let magnitude = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
    }
}

/// A raw string literal (`r#"…"#`, with more `#`s where `value` needs them): JSON stays readable. A value
/// that a raw string cannot hold as it is (a carriage return, a codepoint that changes text direction) is an
/// escaped string literal.
pub fn raw_string_lit(value: &str) -> Literal {
    if value.contains(|c| c == '\r' || changes_direction(c)) {
        return Literal::string(value);
    }
    let mut fence = String::from("#");
    while value.contains(&format!("\"{fence}")) {
        fence.push('#');
    }
    format!("r{fence}\"{value}\"{fence}").parse().unwrap_or_else(|_| Literal::string(value))
}

/// The tokens of a type use. `scope` prefixes named types (`super::`) when emitting outside the module
/// root; empty at the root.
pub fn type_tokens(ty: &TypeRef, scope: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { #scope #name }
        }
        TypeRef::Primitive(primitive) => primitive_tokens(formats::rust_path(*primitive)),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, scope);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, scope);
            quote! { Option<#inner> }
        }
    }
}

/// The tokens of a path of [`formats::rust_path`] (a fixed set of paths, all valid).
fn primitive_tokens(path: &str) -> TokenStream {
    path.parse().unwrap_or_else(|_| panic!("internal error: `{path}` is not a Rust path"))
}

/// No scope: a type used at the module's root.
pub fn root() -> TokenStream {
    TokenStream::new()
}

/// `super::`: a type used in a module of the module (server, mock, client).
pub fn parent() -> TokenStream {
    quote! { super:: }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_one_attribute_per_line_and_carriage_returns_end_lines() {
        let text = doc_attrs("First  \r\n\r\nSecond\rthird\n\n").to_string();
        assert_eq!(text, r#"# [doc = " First"] # [doc = ""] # [doc = " Second"] # [doc = " third"]"#);
        let text = doc_attrs("Right-to-left \u{202e} */ \"# \u{7}\ttab").to_string();
        assert_eq!(text, r##"# [doc = " Right-to-left \\\\u{202e} */ \"# \u{7}    tab"]"##);
        assert!(doc_attrs("  \n").is_empty());
    }

    #[test]
    fn literals_read_back_as_their_values() {
        assert_eq!(raw_string_lit(r#"{"a": "b"}"#).to_string(), r##"r#"{"a": "b"}"#"##);
        assert_eq!(raw_string_lit("a\"#b").to_string(), "r##\"a\"#b\"##");
        assert_eq!(raw_string_lit("\"\u{202e}\"").to_string(), r#""\"\u{202e}\"""#);
        assert_eq!(float_lit(1.0).to_string(), "1.0");
        assert_eq!(float_lit(1e21).to_string(), "1000000000000000000000.0");
        assert_eq!(float_lit(-0.5).to_string(), "- 0.5");
        assert_eq!(float_lit(f64::INFINITY).to_string(), "f64 :: INFINITY");
        assert_eq!(int_lit(-3).to_string(), "- 3");
        assert_eq!(int_lit(i64::MIN).to_string(), "- 9223372036854775808");
    }

    #[test]
    fn types_are_written_with_their_scope() {
        let ty = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named("Pet".to_owned())))));
        assert_eq!(
            type_tokens(&ty, &parent()).to_string(),
            ":: std :: collections :: BTreeMap < String , Vec < super :: Pet > >"
        );
    }
}
