//! Read and write directions: a property absent from requests (`readOnly`) or responses (`writeOnly`), or
//! required only by examples, is optional in the types used in that direction.

use super::reachable::reachable;
use crate::ir::{kinds, Operation, TypeDef, TypeKind};

/// `readOnly` properties are absent from requests and `writeOnly` ones from responses: a required one is
/// optional in a type that is used (directly or inside another) in that direction. A property required only
/// because every example has it is optional in a type only responses use: the client then survives a vendor
/// that leaves it out, while a request body the router reads still needs it, as the derived OpenAPI says.
pub fn relax_required_by_direction(types: &mut [TypeDef], operations: &[Operation]) {
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for op in operations {
        requests.extend(op.params.iter().map(|p| &p.ty));
        requests.extend(op.body.iter().map(|b| &b.ty));
        responses.extend(op.responses.iter().filter_map(|r| r.body.as_ref().map(|(_, ty)| ty)));
    }
    let (in_requests, in_responses) = {
        let kinds = kinds(types);
        (reachable(&requests, &kinds), reachable(&responses, &kinds))
    };
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for field in &mut s.fields {
            let response_only = in_responses.contains(&def.name) && !in_requests.contains(&def.name);
            if (field.read_only && in_requests.contains(&def.name))
                || (field.write_only && in_responses.contains(&def.name))
                || (field.required_from_examples && response_only)
            {
                field.required = false;
            }
        }
    }
}
