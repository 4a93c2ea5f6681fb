//! Emit: IR → Rust source text, laid out as it is written ([`code`]). Emitters see only the IR (never
//! OpenAPI, YAML or markdown) and only ever turn IR names (made by [`crate::naming`]) into identifiers.

pub mod client;
pub mod code;
pub mod mock;
pub mod server;
pub mod types;

use crate::ir::Api;

/// The module's inner attributes. Enums of bodies and union members differ in size by nature (a struct
/// beside a string); boxing the large ones, as clippy's size lint suggests, would change the types the
/// document describes.
const MODULE_ATTRIBUTES: &str = "#![allow(clippy::large_enum_variant)]\n";

/// The text of a spec's module in order, in chunks made one at a time when the iterator is advanced: its
/// inner attributes, each type, each operation's request and response, the server's re-export, the mock,
/// the server module, the client. Rendering them as they come keeps one chunk's text besides the output.
/// The same as [`server_chunks`] followed by [`client_chunks`].
pub fn module_chunks(api: &Api) -> impl Iterator<Item = String> + '_ {
    server_chunks(api).chain(client_chunks(api))
}

/// The first run of [`module_chunks`]: all but the client (the inner attributes, the types, the requests and
/// responses, the server's re-export, the mock and the server module).
pub fn server_chunks(api: &Api) -> impl Iterator<Item = String> + '_ {
    let inner = std::iter::once(MODULE_ATTRIBUTES.to_owned());
    let types = api.types.iter().map(|def| text(|code| types::emit_type(code, def)));
    let operations = api.operations.iter().map(|op| {
        text(|code| {
            types::emit_request(code, op);
            types::emit_response(code, op);
        })
    });
    let server_reexport = std::iter::once_with(|| text(|code| server::emit_server_reexport(code, api)));
    let mock = std::iter::once_with(|| text(|code| mock::emit_mock(code, api)));
    let server = std::iter::once_with(|| text(|code| server::emit_server_module(code, api)));
    inner.chain(types).chain(operations).chain(server_reexport).chain(mock).chain(server)
}

/// The second run of [`module_chunks`]: the client.
pub fn client_chunks(api: &Api) -> impl Iterator<Item = String> + '_ {
    std::iter::once_with(|| text(|code| client::emit_client(code, api)))
}

/// The text `write` writes.
fn text(write: impl FnOnce(&mut code::Code)) -> String {
    let mut code = code::Code::new();
    write(&mut code);
    code.finish()
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
