//! The client's method names: its own API, one method per operation (and a stream per paginated one), and a
//! credential setter per security scheme, claimed in that order from one scope.

use crate::ir::{CredentialSetter, Operation};
use crate::naming::{self, Scope};

/// The client's method names: its own API first, then one method per operation (and a stream per paginated
/// one), then a credential setter per security scheme.
pub fn client_names(operations: &mut [Operation]) -> Vec<CredentialSetter> {
    let mut scope = Scope::new();
    for own in ["new", "with_http", "with_header", "with_timeout", "base_url"] {
        scope.try_claim(own);
    }
    for op in operations.iter_mut() {
        op.client_fn = scope.claim(op.fn_name.clone());
    }
    for op in operations.iter_mut() {
        let stem = op.fn_name.trim_start_matches("r#").to_owned();
        if let Some(pagination) = &mut op.pagination {
            pagination.stream_fn = scope.claim(format!("{stem}_stream"));
        }
    }
    let mut setters: Vec<CredentialSetter> = Vec::new();
    for credential in operations.iter().flat_map(|op| &op.credentials) {
        if setters.iter().all(|s| s.scheme != credential.scheme) {
            let setter = scope.claim(naming::value_name(&format!("with {}", credential.scheme)));
            setters.push(CredentialSetter { scheme: credential.scheme.clone(), setter });
        }
    }
    setters
}
