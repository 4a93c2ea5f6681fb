//! The generated router's own answers in a derived document read again: they are not the vendor's, so
//! they leave the document before it is normalised (`emit::openapi_doc` adds them after lowering).

use openapiv3::{OpenAPI, ReferenceOr, Response};

use crate::oas::{operations_mut, ROUTER_EXTENSION};

/// A derived document read again: the router's own answers it documents (responses whose component carries
/// [`ROUTER_EXTENSION`]) are not the vendor's, so they leave the operations and the components, and
/// `emit::openapi_doc::document` adds them again after lowering. Without this, re-reading a derived
/// document would make them `<Op>Response` variants.
pub fn forget(openapi: &mut OpenAPI) {
    let Some(components) = &mut openapi.components else { return };
    let router_answer = |response: &ReferenceOr<Response>| match response {
        ReferenceOr::Item(response) => response.extensions.contains_key(ROUTER_EXTENSION),
        ReferenceOr::Reference { .. } => false,
    };
    let names: Vec<String> = components
        .responses
        .iter()
        .filter(|(_, response)| router_answer(response))
        .map(|(name, _)| name.clone())
        .collect();
    if names.is_empty() {
        return;
    }
    components.responses.retain(|name, _| !names.contains(name));
    let references: Vec<String> = names.iter().map(|name| format!("#/components/responses/{name}")).collect();
    for item in openapi.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for operation in operations_mut(item) {
            let responses = &mut operation.responses;
            let is_router = |response: &ReferenceOr<Response>| matches!(response, ReferenceOr::Reference { reference } if references.contains(reference));
            responses.responses.retain(|_, response| !is_router(response));
            if responses.default.as_ref().is_some_and(is_router) {
                responses.default = None;
            }
        }
    }
}
