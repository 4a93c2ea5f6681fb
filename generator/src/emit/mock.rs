//! Emits the example-backed service of a spec (`<module>::mock`): an implementation of the spec's trait that
//! answers every operation with its success response, carrying the documented example (or, where the
//! document gives none or gives one that is not valid against the schema, a value built from the schema;
//! `lower` chose which), plus `router()` and `spawn()` so that a downstream test starts a fake vendor API in
//! one line. Behind the generated crate's `server` feature.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::{fixed_code, response_shape, VariantShape};
use super::{doc_attrs, ident};
use crate::ir::*;

pub fn emit_mock(api: &Api) -> TokenStream {
    let trait_name = ident(&api.trait_name);
    let methods = api.operations.iter().map(emit_method);
    let module_doc = doc_attrs(&format!(
        "A fake {} for tests and local development: [`ExampleService`] answers every\n\
         operation with the documented example of its success response (or a value built from the schema\n\
         where the document gives none), through the real [`router`](super::router), so every request is\n\
         still validated.\n\n\
         ```rust,ignore\n\
         let address = vendor_apis::{}::mock::spawn().await?; // http://{{address}}/…\n```",
        api.title, api.module
    ));
    quote! {
        #[cfg(feature = "server")]
        #module_doc
        pub mod mock {
            /// Answers every operation with its documented example; ignores the request's values (the
            /// router has validated them).
            #[derive(Debug, Clone, Copy, Default)]
            pub struct ExampleService;

            impl super::#trait_name for ExampleService {
                #(#methods)*
            }

            /// The spec's router serving [`ExampleService`].
            pub fn router() -> ::axum::Router {
                super::router(ExampleService)
            }

            /// [`router`] with a configuration (a body limit, a credential check).
            pub fn router_with(config: crate::runtime::Config) -> ::axum::Router {
                super::router_with(ExampleService, config)
            }

            /// Serves [`router`] on an ephemeral port of 127.0.0.1 in a background task and returns the
            /// bound address.
            pub async fn spawn() -> ::std::io::Result<::std::net::SocketAddr> {
                crate::runtime::spawn(router()).await
            }
        }
    }
}

/// The response an example-backed service gives: the first documented 2xx, then a `2XX` range, then
/// `default`, then whatever comes first.
pub fn success_case(op: &Operation) -> Option<&ResponseCase> {
    let rank = |r: &ResponseCase| match r.status {
        Status::Code(code) if (200..300).contains(&code) => (0, code),
        Status::Range(2) => (1, 0),
        Status::Default => (2, 0),
        Status::Code(code) => (3, code),
        Status::Range(range) => (3, range * 100),
    };
    op.responses.iter().min_by_key(|r| rank(r))
}

fn emit_method(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let allow_deprecated = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    let value = match success_case(op) {
        Some(case) => emit_case(&response, case),
        None => {
            let message = format!("`{} {}` documents no response to answer with", op.method, op.path);
            quote! { ::std::panic!(#message) }
        }
    };
    quote! {
        #allow_deprecated
        async fn #name(&self, _request: super::#request) -> super::#response {
            #value
        }
    }
}

fn emit_case(response: &proc_macro2::Ident, case: &ResponseCase) -> TokenStream {
    let variant = ident(&case.variant);
    let body = case.body.as_ref().map(|(kind, _)| match kind {
        BodyKind::Json => {
            let literal = raw_string(case.mock.as_deref().unwrap_or("null"));
            quote! { crate::runtime::mock_json(#literal) }
        }
        BodyKind::Text => {
            let text = case.example.as_ref().and_then(|v| v.as_str()).unwrap_or("");
            quote! { ::std::string::String::from(#text) }
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
            let status = fixed_code(case.status).is_none().then(|| {
                let code = match case.status {
                    Status::Range(range) => range * 100,
                    _ => 200,
                };
                let code = Literal::u16_unsuffixed(code);
                quote! { status: crate::runtime::status(#code), }
            });
            let body = body.map(|body| quote! { body: #body, });
            let headers = case.headers.iter().map(|h| {
                let field = ident(&h.field);
                match (&h.mock, h.required) {
                    (Some(text), true) => quote! { #field: crate::runtime::mock_text(#text), },
                    (Some(text), false) => {
                        quote! { #field: ::std::option::Option::Some(crate::runtime::mock_text(#text)), }
                    }
                    (None, true) => quote! { #field: crate::runtime::mock_text(""), },
                    (None, false) => quote! { #field: ::std::option::Option::None, },
                }
            });
            quote! { super::#response::#variant { #status #body #(#headers)* } }
        }
    }
}

/// A raw string literal (`r#"…"#`, with as many `#` as the text needs), so that JSON reads as JSON in the
/// generated file.
fn raw_string(text: &str) -> Literal {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}").parse().unwrap_or_else(|_| Literal::string(text))
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
        }
    }

    #[test]
    fn the_success_case_is_the_first_2xx_then_2xx_range_then_default() {
        let pick = |statuses: &[Status]| {
            let op = Operation {
                method: "GET".to_owned(),
                path: "/".to_owned(),
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
