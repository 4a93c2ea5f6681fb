//! ReadMe reference pages in its Git-synced format: a page under `reference/` whose frontmatter names an
//! operation of a spec shipped with it,
//!
//! ```yaml
//! api:
//!   file: oas.json          # relative to the `reference/` folder
//!   operationId: getPet
//! ```
//!
//! is that operation of that spec, read exactly (ReadMe renders the page's API part from the spec; the page's
//! body is prose). The spec is found among the documents given, beside the page or in a folder above it.

use markdown::mdast::Node;

use super::companions::Companions;
use super::page::document::Frontmatter;
use super::Derived;
use crate::diagnostic::{Diagnostics, Location, SourceFile};
use crate::endpoint::Method;
use crate::oas;

/// The spec and operation a page's frontmatter names.
pub struct SpecReference {
    pub file: String,
    pub operation_id: String,
    pub location: Location,
}

/// The `api: {file, operationId}` of the page's frontmatter, if it has one.
pub fn spec_reference(file: &SourceFile, root: &Node) -> Option<SpecReference> {
    // Problems with the frontmatter itself are reported by the reader that reads the page.
    let frontmatter = Frontmatter::of_page(file, root, &mut Diagnostics::new());
    let api = frontmatter.values.get("api")?.as_mapping()?;
    let spec = api.get("file")?.as_str()?.trim();
    let operation_id = api.get("operationId")?.as_str()?.trim();
    if spec.is_empty() || operation_id.is_empty() {
        return None;
    }
    let offset = frontmatter.text.lines().position(|line| line.starts_with("api:")).unwrap_or(0);
    let location = file.location(frontmatter.first_line + offset, 1);
    Some(SpecReference { file: spec.to_owned(), operation_id: operation_id.to_owned(), location })
}

/// The named operation of the named spec; `None` (with a warning saying why) when the spec is not among the
/// documents or lacks the operation, and the page is read as a page instead.
pub fn derive(file: &SourceFile, root: &Node, companions: &Companions<'_>, diags: &mut Diagnostics) -> Option<Derived> {
    let reference = spec_reference(file, root)?;
    let Some(spec) = companions.above(file, &reference.file) else {
        diags.warning_at(
            &reference.location,
            format!(
                "the frontmatter names operation `{}` of `{}`, which is not among the documents given; give the spec \
                 with the page (ReadMe keeps it in the `reference/` folder); the page is read instead",
                reference.operation_id, reference.file
            ),
        );
        return None;
    };
    let mut derived = super::derive_openapi(spec, diags)?;
    let mut found = false;
    for item in derived.openapi.paths.paths.values_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else { continue };
        for method in Method::ALL {
            let slot = oas::operation_slot(item, method);
            if slot.as_ref().is_some_and(|op| op.operation_id.as_deref() == Some(reference.operation_id.as_str())) {
                found = true;
            } else {
                *slot = None;
            }
        }
    }
    if !found {
        diags.warning_at(
            &reference.location,
            format!(
                "the frontmatter names operation `{}`, which `{}` does not define; the page is read instead",
                reference.operation_id, spec.path
            ),
        );
        return None;
    }
    derived.openapi.paths.paths.retain(|_, item| item.as_item().is_none_or(|item| item.iter().next().is_some()));
    Some(derived)
}
