//! Front-end stub: filled in by the markdown front-ends work (issue 3).

use openapiv3::OpenAPI;

use super::markdown_tree::Page;
use crate::diagnostic::{Diagnostics, SourceFile};

/// Whether the page looks like one this front-end reads.
pub fn recognise(_page: &Page) -> bool {
    false
}

/// Derives the page's OpenAPI document.
pub fn derive(_file: &SourceFile, _page: &Page, _diags: &mut Diagnostics) -> Option<OpenAPI> {
    None
}
