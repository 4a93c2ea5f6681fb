//! Emits the example-backed service of a spec (`<module>::mock`): an implementation of the spec's trait that
//! answers every operation with its success response, carrying the documented example (or, where the
//! document gives none or gives one that is not valid against the schema, a value built from the schema;
//! `lower` chose which), plus `router()` and `spawn()` so that a downstream test starts a fake vendor API in
//! one line. Behind the generated crate's `server` feature.

use super::code::{raw_string_lit, string_lit, Code};
use super::types::{fixed_code, response_shape, VariantShape};
use crate::ir::*;

pub fn emit_mock(code: &mut Code, api: &Api) {
    code.line("#[cfg(feature = \"server\")]");
    code.doc(&format!(
        "A fake {} for tests and local development: [`ExampleService`] answers every\n\
         operation with the documented example of its success response (or a value built from the schema\n\
         where the document gives none), through the real [`router`](super::router), so every request is\n\
         still validated.\n\n\
         ```rust,ignore\n\
         let address = vendor_apis::{}::mock::spawn().await?; // http://{{address}}/…\n```",
        api.title, api.module
    ));
    code.open("pub mod mock {");
    code.doc(
        "Answers every operation with its documented example; ignores the request's values (the\n\
         router has validated them).",
    );
    code.line("#[derive(Debug, Clone, Copy, Default)]");
    code.line("pub struct ExampleService;");
    code.open(&format!("impl super::{} for ExampleService {{", api.trait_name));
    for op in &api.operations {
        emit_method(code, op);
    }
    code.close("}");
    code.doc("The spec's router serving [`ExampleService`].");
    code.open("pub fn router() -> ::axum::Router {");
    code.line("super::router(ExampleService)");
    code.close("}");
    code.doc("[`router`] with a configuration (a body limit, a credential check).");
    code.open("pub fn router_with(config: crate::runtime::Config) -> ::axum::Router {");
    code.line("super::router_with(ExampleService, config)");
    code.close("}");
    code.doc(
        "Serves [`router`] on an ephemeral port of 127.0.0.1 in a background task and returns the\n\
         bound address.",
    );
    code.open("pub async fn spawn() -> ::std::io::Result<::std::net::SocketAddr> {");
    code.line("crate::runtime::spawn(router()).await");
    code.close("}");
    code.close("}");
}

/// The response an example-backed service gives: the first documented 2xx, then a `2XX` range, then
/// `default`, then whatever comes first.
pub fn success_case(op: &Operation) -> Option<&ResponseCase> {
    success_index(op.responses.iter().map(|r| r.status)).map(|index| &op.responses[index])
}

fn emit_method(code: &mut Code, op: &Operation) {
    if op.deprecated {
        code.line("#[allow(deprecated)]");
    }
    let head = format!(
        "async fn {}(&self, _request: super::{}) -> super::{} {{",
        op.fn_name, op.request_type, op.response_type
    );
    if code.fits(&head) {
        code.open(&head);
    } else {
        let params = ["&self".to_owned(), format!("_request: super::{}", op.request_type)];
        code.list_open(&format!("async fn {}(", op.fn_name), &params, &format!(") -> super::{} {{", op.response_type));
    }
    match success_case(op) {
        Some(case) => emit_case(code, &op.response_type, case),
        None => {
            let message = format!("`{} {}` documents no response to answer with", op.method, op.path);
            code.line(&format!("::std::panic!({})", string_lit(&message)));
        }
    }
    code.close("}");
}

/// The value of the success case, as the last expression of the method.
fn emit_case(code: &mut Code, response: &str, case: &ResponseCase) {
    let variant = format!("super::{response}::{}", case.variant);
    let body = case.body.as_ref().map(|(kind, _)| match kind {
        BodyKind::Json => {
            format!("crate::runtime::mock_json({})", raw_string_lit(case.mock.as_deref().unwrap_or("null")))
        }
        BodyKind::Text => {
            let text = case.example.as_ref().and_then(|v| v.as_str()).unwrap_or("");
            format!("::std::string::String::from({})", string_lit(text))
        }
        BodyKind::Bytes => {
            let text = case.example.as_ref().and_then(|v| v.as_str()).unwrap_or("");
            format!("{}.as_bytes().to_vec()", string_lit(text))
        }
    });
    match response_shape(case) {
        // A multi-line literal's lines after the first are its text: `line` does not indent them.
        VariantShape::Tuple => code.line(&format!("{variant}({})", body.unwrap_or_default())),
        VariantShape::Unit => code.line(&variant),
        VariantShape::Struct => {
            code.open(&format!("{variant} {{"));
            if fixed_code(case.status).is_none() {
                let status = match case.status {
                    Status::Range(range) => range * 100,
                    _ => 200,
                };
                code.line(&format!("status: crate::runtime::status({status}),"));
            }
            if let Some(body) = body {
                code.line(&format!("body: {body},"));
            }
            for h in &case.headers {
                let value = match (&h.mock, h.required) {
                    (Some(text), true) => format!("crate::runtime::mock_text({})", string_lit(text)),
                    (Some(text), false) => {
                        format!("::std::option::Option::Some(crate::runtime::mock_text({}))", string_lit(text))
                    }
                    (None, true) => "crate::runtime::mock_text(\"\")".to_owned(),
                    (None, false) => "::std::option::Option::None".to_owned(),
                };
                code.line(&format!("{}: {value},", h.field));
            }
            code.close("}");
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
