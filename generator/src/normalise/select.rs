//! The endpoints chosen: which listed endpoints the document defines (an error for each other), and their
//! operations, moved out of the document with the path's shared parameters and an operationId.

use openapiv3::{Components, OpenAPI, Operation, Parameter, ReferenceOr};

use crate::diagnostic::{Diagnostics, SourceFile};
use crate::endpoint::Endpoint;
use crate::manifest::EndpointEntry;
use crate::naming;
use crate::oas::{fallback_operation_id, operation_slot, parameter_location};
use crate::source_map::escape;

/// The operationIds the document gives: a fallback id ([`fallback_operation_id`]) never takes one of them.
pub(super) fn documented_ids(api: &OpenAPI) -> naming::Scope {
    let mut taken = naming::Scope::new();
    for (_, _, operation) in api.operations() {
        if let Some(id) = operation.operation_id.as_deref().filter(|id| !id.trim().is_empty()) {
            taken.try_claim(id);
        }
    }
    taken
}

/// Whether the document defines `endpoint`; an error at the endpoint's listing says why not.
pub(super) fn is_defined(api: &OpenAPI, entry: &EndpointEntry, file: &SourceFile, diags: &mut Diagnostics) -> bool {
    let EndpointEntry { endpoint, location } = entry;
    match api.paths.paths.get(&endpoint.path) {
        Some(ReferenceOr::Item(item)) if item.iter().any(|(m, _)| m == endpoint.method.lower()) => return true,
        Some(ReferenceOr::Reference { reference }) => {
            diags.error_at(
                location,
                format!("path `{}` is a `$ref` ({reference}); path item references are not supported", endpoint.path),
            );
            return false;
        }
        _ => {}
    }
    let defined: Vec<String> = api
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| item.iter().map(move |(m, _)| format!("{} {path}", m.to_ascii_uppercase())))
        .take(20)
        .collect();
    let defined = if defined.is_empty() { "no operations".to_owned() } else { defined.join(", ") };
    diags.error_at(location, format!("endpoint `{endpoint}` is not defined in {} (it defines: {defined})", file.path));
    false
}

/// The operation of `endpoint` (a defined one), moved out of the document, with the path's shared
/// parameters and an operationId, and the JSON pointer each of its parameters comes from. `None` if it was
/// taken already (an endpoint listed twice, which the manifest reports).
///
/// Endpoints without an `operationId` get one from method and path ([`fallback_operation_id`]); those may
/// derive the same one (`GET /a-b` and `GET /a_b`), or one the document gives another operation: `taken`
/// numbers the later ones (`get_a_b_2`), so every operation of the derived document has its own id.
pub(super) fn take_operation(
    api: &mut OpenAPI,
    components: &Components,
    endpoint: &Endpoint,
    taken: &mut naming::Scope,
) -> Option<(Operation, Vec<String>)> {
    let ReferenceOr::Item(item) = api.paths.paths.get_mut(&endpoint.path)? else { return None };
    let mut operation = operation_slot(item, endpoint.method).take()?;
    let path = escape(&endpoint.path);
    let method = endpoint.method.lower();
    let mut origins: Vec<String> =
        (0..operation.parameters.len()).map(|index| format!("/paths/{path}/{method}/parameters/{index}")).collect();
    // Path-level parameters apply unless the operation redefines the same (name, location).
    for (index, shared) in item.parameters.iter().enumerate().rev() {
        let key = parameter_key(shared, components);
        if key.is_none() || !operation.parameters.iter().any(|p| parameter_key(p, components) == key) {
            operation.parameters.insert(0, shared.clone());
            origins.insert(0, format!("/paths/{path}/parameters/{index}"));
        }
    }
    if operation.operation_id.as_deref().is_none_or(|id| id.trim().is_empty()) {
        operation.operation_id = Some(taken.claim(fallback_operation_id(endpoint)));
    }
    Some((operation, origins))
}

fn parameter_key(parameter: &ReferenceOr<Parameter>, components: &Components) -> Option<(String, &'static str)> {
    let parameter = match parameter {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            components.parameters.get(name)?.as_item()?
        }
    };
    Some((parameter.parameter_data_ref().name.clone(), parameter_location(parameter)))
}
