//! Emits the example-backed service of a spec (`<module>::mock`): an implementation of the spec's trait that
//! answers every operation with its success response, carrying the documented example (or, where the
//! document gives none or gives one that is not valid against the schema, a value built from the schema;
//! `lower` chose which), plus `router()` and `spawn()` so that a downstream test starts a fake vendor API in
//! one line. Every documented response is answered when the request's `Prefer` header asks for it
//! (`runtime::mock`). Behind the generated crate's `server` feature.

use std::sync::Arc;

use indexmap::IndexMap;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::types::{fixed_code, response_shape, VariantShape};
use super::{block, doc_attrs, feature_gate, ident, item, raw_string_lit, runtime, Node};
use crate::ir::*;

/// The `mock` module: `ExampleService`, its implementation of the trait (a method per operation),
/// `router`, `router_with` and `spawn`.
pub fn mock_node(api: &Api) -> Node<'_> {
    let shared = Arc::new(SharedTexts::of(api));
    let methods = api
        .operations
        .iter()
        .map(|op| {
            let shared = Arc::clone(&shared);
            item(move || emit_method(op, &shared))
        })
        .collect();
    let constants: Vec<Node<'_>> = shared
        .texts
        .keys()
        .enumerate()
        .map(|(index, &text)| {
            item(move || {
                let (name, text) = (SharedTexts::name(index), raw_string_lit(text));
                quote! { const #name: &str = #text; }
            })
        })
        .collect();
    let mut items = vec![
        item(|| {
            let service_doc = doc_attrs(
                "Answers every operation with its documented example; ignores the request's values (the\n\
                 router has validated them).",
            );
            quote! {
                #service_doc
                #[derive(Debug, Clone, Copy, Default)]
                pub struct ExampleService;
            }
        }),
        block(
            move |body| {
                let trait_name = ident(&api.trait_name);
                quote! { impl super::#trait_name for ExampleService { #body } }
            },
            methods,
        ),
        item(move || emit_router(api.target)),
        item(move || emit_router_with(api.target)),
        item(move || emit_spawn(api.target)),
    ];
    items.extend(constants);
    block(move |body| emit_module(api, body), items)
}

/// The mock texts (example bodies, named examples, dynamic shapes) that several cases carry and that are
/// long enough to matter, each written once as a constant of the `mock` module (`TEXT_0`, …, in order of
/// first use). Vendors answer every operation's errors with one schema: Stripe's 468 error cases share one
/// body and one shape, 14.6 MB of its 24.5 MB module when each case wrote its own.
struct SharedTexts<'a> {
    texts: IndexMap<&'a str, usize>,
    /// Where the module is written (how it names the runtime).
    target: Target,
}

impl<'a> SharedTexts<'a> {
    /// Shorter texts are written where they are used.
    const MIN_LENGTH: usize = 200;

    fn of(api: &'a Api) -> Self {
        let mut counts: IndexMap<&'a str, usize> = IndexMap::new();
        let cases = api.operations.iter().flat_map(|op| &op.responses);
        for case in cases.filter(|case| matches!(case.body, Some((BodyKind::Json, _)))) {
            let examples = case.examples.iter().map(|example| example.mock.as_str());
            for text in case.mock.as_deref().into_iter().chain(examples).chain(case.dynamic.as_deref()) {
                *counts.entry(text).or_default() += 1;
            }
        }
        counts.retain(|text, count| *count > 1 && text.len() >= Self::MIN_LENGTH);
        let texts = counts.into_keys().enumerate().map(|(index, text)| (text, index)).collect();
        SharedTexts { texts, target: api.target }
    }

    fn name(index: usize) -> proc_macro2::Ident {
        format_ident!("TEXT_{}", index)
    }

    /// `text` as an expression: its constant when it has one, else a literal.
    fn tokens(&self, text: &str) -> TokenStream {
        match self.texts.get(text) {
            Some(&index) => {
                let name = Self::name(index);
                quote! { #name }
            }
            None => raw_string_lit(text).into_token_stream(),
        }
    }
}

/// The module around its items (`body`). Its doc is an outer one, so its links resolve in the spec's module.
fn emit_module(api: &Api, body: TokenStream) -> TokenStream {
    let doc = doc_attrs(&format!(
        "A fake {} for tests and local development: [`ExampleService`](mock::ExampleService) answers\n\
         every operation with the documented example of its success response (or a value built from the\n\
         schema where the document gives none), through the real [`router`], so every request is\n\
         still validated. A request's `Prefer` header steers the answer, as with Prism: `code=404`,\n\
         `example=NAME`, `dynamic=true` (see [`runtime::mock`]({}::mock)).\n\n\
         ```rust,ignore\n\
         let address = {}::mock::spawn().await?; // http://{{address}}/…\n```",
        api.title,
        api.target.runtime(0),
        api.module
    ));
    let gate = feature_gate(api.target, "server");
    quote! {
        #gate
        #doc
        pub mod mock { #body }
    }
}

fn emit_router(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let router_doc = doc_attrs("The spec's router serving [`ExampleService`].");
    quote! {
        #router_doc
        pub fn router() -> ::axum::Router {
            #rt::mock::steered(super::router(ExampleService))
        }
    }
}

fn emit_router_with(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let with_doc = doc_attrs("[`router`] with a configuration (a body limit, a credential check).");
    quote! {
        #with_doc
        pub fn router_with(config: #rt::Config) -> ::axum::Router {
            #rt::mock::steered(super::router_with(ExampleService, config))
        }
    }
}

fn emit_spawn(target: Target) -> TokenStream {
    let rt = runtime(target, 1);
    let spawn_doc = doc_attrs(
        "Serves [`router`] on an ephemeral port of 127.0.0.1 in a background task and returns the\n\
         bound address.",
    );
    quote! {
        #spawn_doc
        pub async fn spawn() -> ::std::io::Result<::std::net::SocketAddr> {
            #rt::spawn(router()).await
        }
    }
}

/// The response an example-backed service gives when nothing else is preferred: the first documented 2xx,
/// then a `2XX` range, then `default`, then whatever comes first.
pub fn success_case(op: &Operation) -> Option<&ResponseCase> {
    success_index(op.responses.iter().map(|r| r.status)).map(|index| &op.responses[index])
}

/// One method of the trait: the documented cases (status and example names) for `runtime::mock::choose`,
/// and a match arm per case building its answer.
fn emit_method(op: &Operation, shared: &SharedTexts<'_>) -> TokenStream {
    let rt = runtime(shared.target, 1);
    let allow = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    let (name, request, response) = (ident(&op.fn_name), ident(&op.request_type), ident(&op.response_type));
    let Some(success) = success_index(op.responses.iter().map(|r| r.status)) else {
        let message = format!("`{} {}` documents no response to answer with", op.endpoint.method, op.endpoint.path);
        return quote! {
            #allow
            async fn #name(&self, _request: super::#request) -> super::#response {
                ::std::panic!(#message)
            }
        };
    };
    let cases = op.responses.iter().map(|case| {
        let status = match case.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { Code(#code) }
            }
            Status::Range(range) => {
                let range = Literal::u16_unsuffixed(range);
                quote! { Range(#range) }
            }
            Status::Default => quote! { Default },
        };
        let names = case.examples.iter().map(|example| Literal::string(&example.name));
        quote! { #rt::mock::Case { status: #rt::mock::Status::#status, examples: &[#(#names),*] } }
    });
    let choose = {
        let success = Literal::usize_unsuffixed(success);
        quote! { #rt::mock::choose(&[#(#cases),*], #success) }
    };
    let success_value = emit_case(&op.response_type, &op.responses[success], shared);
    let answer = match op.responses.len() {
        // One case: no match; the call still refuses what the operation does not document.
        1 if !uses_answer(&op.responses[success]) => quote! { #choose; #success_value },
        1 => quote! { let answer = #choose; #success_value },
        _ => {
            let arms = op.responses.iter().enumerate().filter(|(index, _)| *index != success).map(|(index, case)| {
                let (index, value) = (Literal::usize_unsuffixed(index), emit_case(&op.response_type, case, shared));
                quote! { #index => #value, }
            });
            quote! {
                let answer = #choose;
                match answer.case {
                    #(#arms)*
                    _ => #success_value,
                }
            }
        }
    };
    quote! {
        #allow
        async fn #name(&self, _request: super::#request) -> super::#response {
            #answer
        }
    }
}

/// Whether a case's value reads the answer: for a JSON body's pick, or for a status its variant does not fix.
fn uses_answer(case: &ResponseCase) -> bool {
    matches!(case.body, Some((BodyKind::Json, _)))
        || (response_shape(case) == VariantShape::Struct && fixed_code(case.status).is_none())
}

/// The value of a case, as a match arm's expression over `answer` (`runtime::mock::Answer`).
fn emit_case(response: &str, case: &ResponseCase, shared: &SharedTexts<'_>) -> TokenStream {
    let rt = runtime(shared.target, 1);
    let (response, variant) = (ident(response), ident(&case.variant));
    let body = case.body.as_ref().map(|(kind, _)| match kind {
        BodyKind::Json => {
            let json = shared.tokens(case.mock.as_deref().unwrap_or("null"));
            let examples = case.examples.iter().map(|example| shared.tokens(&example.mock));
            let shape = shared.tokens(case.dynamic.as_deref().unwrap_or(r#"{"const":null}"#));
            quote! { #rt::mock::json_body(&answer, #json, &[#(#examples),*], #shape) }
        }
        BodyKind::Text => {
            let text = case.example.as_ref().and_then(|v| v.as_str()).unwrap_or("");
            quote! { String::from(#text) }
        }
        BodyKind::Bytes => {
            let text = case.example.as_ref().and_then(|v| v.as_str()).unwrap_or("");
            quote! { #text.as_bytes().to_vec() }
        }
    });
    match response_shape(case) {
        VariantShape::Tuple => quote! { super::#response::#variant(#body) },
        VariantShape::Unit => quote! { super::#response::#variant },
        VariantShape::Struct => {
            let status = fixed_code(case.status).is_none().then(|| quote! { status: #rt::status(answer.status), });
            let body = body.map(|body| quote! { body: #body, });
            let headers = case.headers.iter().map(|h| {
                let value = match (&h.mock, h.required) {
                    (Some(text), true) => quote! { #rt::mock_text(#text) },
                    (Some(text), false) => {
                        quote! { Some(#rt::mock_text(#text)) }
                    }
                    (None, true) => quote! { #rt::mock_text("") },
                    (None, false) => quote! { None },
                };
                let field = ident(&h.field);
                quote! { #field: #value, }
            });
            quote! { super::#response::#variant { #status #body #(#headers)* } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(status: Status) -> ResponseCase {
        ResponseCase {
            status,
            variant: format!("{status:?}"),
            description: None,
            content_type: None,
            body: None,
            headers: Vec::new(),
            example: None,
            mock: None,
            examples: Vec::new(),
            dynamic: None,
        }
    }

    #[test]
    fn the_success_case_is_the_first_2xx_then_2xx_range_then_default() {
        let pick = |statuses: &[Status]| {
            let op = Operation {
                endpoint: crate::endpoint::Endpoint::new(crate::endpoint::Method::Get, "/"),
                operation_id: "op".to_owned(),
                fn_name: "op".to_owned(),
                client_fn: "op".to_owned(),
                request_type: "OpRequest".to_owned(),
                response_type: "OpResponse".to_owned(),
                summary: None,
                description: None,
                deprecated: false,
                params: Vec::new(),
                body: None,
                responses: statuses.iter().map(|s| case(*s)).collect(),
                credentials: Vec::new(),
                pagination: None,
                security: Vec::new(),
                origin: Origin { file: String::new(), pointer: String::new(), source_line: None },
            };
            success_case(&op).map(|c| c.status)
        };
        use Status::*;
        assert_eq!(pick(&[Code(404), Default, Code(201), Code(200)]), Some(Code(200)));
        assert_eq!(pick(&[Code(404), Range(2), Default]), Some(Range(2)));
        assert_eq!(pick(&[Code(404), Default]), Some(Default));
        assert_eq!(pick(&[Code(404), Range(5)]), Some(Code(404)));
        assert_eq!(pick(&[]), None);
    }
}
