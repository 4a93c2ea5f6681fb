//! Reference-table pages → OpenAPI: a title, a `` `METHOD /path` `` line, parameter and property tables under
//! headings, status sections, and sub-sections that define named types (the Azure AI Foundry / TypeSpec style).
//!
//! The page is read in two passes. `read_page` (`sections`, `tables`, `forms`, `inline`) walks the mdast
//! blocks once, keeps a stack of the headings it is under, and fills a plain `model::Model` (fields, tables,
//! type definitions, each with its place). `build` (`builder`, `operation`, `schema`) turns the model into
//! an `openapiv3::OpenAPI`. Type cells (`OpenAI.Error[]`, `string | null`) are read with the one grammar of
//! type strings (`type_cells`); markdown structure is only ever read from the tree.

mod builder;
mod forms;
mod inline;
mod model;
mod operation;
mod schema;
mod sections;
mod tables;
mod type_cells;

use std::collections::BTreeSet;

use markdown::mdast::Node;
use openapiv3::OpenAPI;

use crate::derive::page::markdown_tree::{plain_text, walk, Page};
use crate::diagnostic::{Diagnostics, SourceFile};
use builder::build;
use forms::{endpoint_blocks, endpoint_paragraphs};
use sections::read_page;

/// Whether the page looks like one this front-end reads: at least one GFM table, and the endpoint as a
/// paragraph that is only a `` `METHOD /path` `` inline code, or as a code block holding only the request
/// line (`POST https://{endpoint}/widgets?api-version=…`) when the headings are a generated reference's
/// sections (parameters, request body, responses, definitions: at least three of them).
pub fn recognise(page: &Page) -> bool {
    let mut has_table = false;
    walk(&page.root, &mut |node| has_table |= matches!(node, Node::Table(_)));
    has_table
        && (endpoint_paragraphs(&page.root).next().is_some()
            || (endpoint_blocks(&page.root).next().is_some() && reference_sections(&page.root) >= 3))
}

/// How many of a generated reference's kinds of section the page's headings open: parameters, request body,
/// responses, definitions.
fn reference_sections(root: &Node) -> usize {
    let mut kinds = BTreeSet::new();
    walk(root, &mut |node| {
        let Node::Heading(_) = node else { return };
        let lower = plain_text(node).to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |word: &str| words.contains(&word);
        let kind = if has("body") || (has("request") && !has("header") && !has("headers")) {
            "body"
        } else if ["parameters", "params", "header", "headers", "query", "uri"].iter().any(|w| has(w)) {
            "parameters"
        } else if has("responses") || has("response") {
            "responses"
        } else if ["definitions", "schemas", "models", "components"].iter().any(|w| has(w)) {
            "definitions"
        } else {
            return;
        };
        kinds.insert(kind);
    });
    kinds.len()
}

/// Derives the page's OpenAPI document. `None` (with an error) only when the page names no operation.
pub fn derive(file: &SourceFile, page: &Page, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let model = read_page(file, page, diags);
    if model.endpoint.is_none() {
        diags.error_at(
            &file.start(),
            "this reference page names no operation: expected a paragraph that is only `METHOD /path` in inline code",
        );
        return None;
    }
    build(file, &model, diags)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::derive::page::markdown_tree::parse_page;

    /// Derives `text` as the page `path`: the document as JSON (for pointer lookups) and the rendered diagnostics.
    fn derive_text(path: &str, text: &str) -> (Option<Value>, Vec<String>) {
        let file = SourceFile::new(path, text);
        let mut diags = Diagnostics::new();
        let api = parse_page(&file, &mut diags).and_then(|page| derive(&file, &page, &mut diags));
        let json = api.map(|api| serde_json::to_value(api).expect("an OpenAPI model always serialises"));
        (json, diags.sorted().iter().map(ToString::to_string).collect())
    }

    fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
        value.pointer(pointer).unwrap_or(&Value::Null)
    }

    fn recognises(text: &str) -> bool {
        let file = SourceFile::new("p.md", text);
        let mut diags = Diagnostics::new();
        parse_page(&file, &mut diags).is_some_and(|page| recognise(&page))
    }

    #[test]
    fn columns_in_any_order_and_checkmark_required_cells() {
        let text = "# Edit\n\n`PATCH /m/{id}`\n\n### Path parameters\n\n| Type | Name | Description | Required |\n|---|---|---|---|\n\
                    | `string` | `id` | The ID. | ✓ |\n\n### Query parameters\n\n| Required | Description | Name | Type |\n|---|---|---|---|\n\
                    | Yes | Q. | `q` | `string` |\n| | Opt. | `o` | `boolean` |\n\n### 200\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n\
                    | `a` | `string or null` | true | A. |\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        let params = at(&api, "/paths/~1m~1{id}/patch/parameters");
        assert_eq!(at(params, "/0/in"), "path");
        assert_eq!(at(params, "/0/required"), true);
        assert_eq!(at(params, "/1/name"), "q");
        assert_eq!(at(params, "/1/required"), true);
        assert_eq!(at(params, "/2/required"), &Value::Null, "blank required cell is not required");
        let body = at(&api, "/paths/~1m~1{id}/patch/responses/200/content/application~1json/schema");
        assert_eq!(at(body, "/properties/a/nullable"), true);
        assert_eq!(at(body, "/required/0"), "a");
        assert!(warnings.is_empty(), "{warnings:#?}");
    }

    #[test]
    fn type_defined_twice_differently_is_a_warning_and_namespaces_that_collide_are_kept() {
        let text = "# T\n\n`GET /t`\n\n### 200\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n\
                    | `a` | `OpenAI.Error` | Yes | |\n| `b` | `Azure.Error` | Yes | |\n\n#### `a` — `OpenAI.Error`\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `x` | `string` | Yes | |\n\n#### `b` — `Azure.Error`\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `y` | `string` | Yes | |\n\n### 400\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `a` | `OpenAI.Error` | Yes | |\n\n#### `a` — `OpenAI.Error`\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `x` | `integer` | Yes | |\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        assert_eq!(
            at(&api, "/components/schemas/OpenAIError/properties/x/type"),
            "string",
            "the first definition wins"
        );
        assert!(at(&api, "/components/schemas/AzureError").is_object());
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].contains("`OpenAI.Error` is defined again differently"), "{warnings:#?}");
    }

    #[test]
    fn unreadable_tables_and_unknown_types_are_located_warnings() {
        let text = "# T\n\n`GET /t`\n\n### Query parameters\n\n| Setting | Kind |\n|---|---|\n| a | b |\n\n\
                    | Name | Type | Required | Description |\n|---|---|---|---|\n| `when` | `timestmp` | No | |\n\n### 200 — OK\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        assert_eq!(at(&api, "/paths/~1t/get/parameters/0/name"), "when");
        assert_eq!(at(&api, "/paths/~1t/get/parameters/0/schema"), &serde_json::json!({}));
        assert!(warnings.iter().any(|w| w.starts_with("p.md:7:1: warning: cannot read this table")), "{warnings:#?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("p.md:13:") && w.contains("unknown type `timestmp`")),
            "{warnings:#?}"
        );
    }

    #[test]
    fn statuses_without_tables_ranges_and_default() {
        let text = "# T\n\n`DELETE /t/{id}`\n\n### 201\n\n### 204 — Gone\n\n### 409 — Busy\n\nContent-Type: `application/json`\n\n\
                    ### default — Oops\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n| `m` | `string` | Yes | |\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        let responses = at(&api, "/paths/~1t~1{id}/delete/responses");
        assert_eq!(at(responses, "/201/description"), "Created");
        assert_eq!(at(responses, "/204/description"), "Gone");
        assert_eq!(at(responses, "/204/content"), &Value::Null);
        assert_eq!(at(responses, "/default/description"), "Oops");
        assert_eq!(at(responses, "/default/x-source"), "p.md:13");
        assert!(warnings.iter().any(|w| w.contains("`{id}`") || w.contains("`id` is not documented")), "{warnings:#?}");
        assert!(warnings.iter().any(|w| w.starts_with("p.md:9:") && w.contains("no table")), "{warnings:#?}");
        let params = at(&api, "/paths/~1t~1{id}/delete/parameters");
        assert_eq!(at(params, "/0/in"), "path");
        assert_eq!(at(params, "/0/required"), true);
    }

    #[test]
    fn recognise_wants_an_endpoint_paragraph_and_a_table() {
        let table = "\n\n| Name | Type |\n|---|---|\n| `a` | `string` |\n";
        assert!(recognises(&format!("# T\n\n`GET /a`{table}")));
        assert!(!recognises("# T\n\n`GET /a`\n\nNo tables here.\n"));
        assert!(
            !recognises(&format!("# T\n\nCall `GET /a` to list things.{table}")),
            "inline code in prose is not the endpoint line"
        );
        assert!(!recognises(&format!("# T\n\n`FETCH /a`{table}")));
    }

    #[test]
    fn a_page_without_an_operation_is_an_error() {
        let (api, warnings) = derive_text("p.md", "# T\n\n| Name | Type |\n|---|---|\n| `a` | `string` |\n");
        assert!(api.is_none());
        assert!(warnings.iter().any(|w| w.contains("error: this reference page names no operation")), "{warnings:#?}");
    }

    #[test]
    fn markers_leave_the_description_and_unknown_ones_are_warned() {
        let text =
            "# T\n\n`GET /t`\n\n### Query parameters\n\n| Name | Type | Required | Description |\n|---|---|---|---|\n\
                    | `n` | `integer` | No | Count. _Enum:_ `1`, `2` _Default:_ `1` |\n\
                    | `s` | `string[]` | No | Tags. _Enum:_ `a`, `b` |\n\
                    | `v` | `string` | No | Version. _Since:_ `v2` |\n\
                    | `k` | `string` | No | _Note:_ prose stays. |\n\n### 200\n";
        let (api, warnings) = derive_text("p.md", text);
        let api = api.expect("derives");
        let params = at(&api, "/paths/~1t/get/parameters");
        assert_eq!(at(params, "/0/description"), "Count.");
        assert_eq!(at(params, "/0/schema"), &serde_json::json!({"type": "integer", "enum": [1, 2], "default": 1}));
        assert_eq!(at(params, "/1/schema/items/enum"), &serde_json::json!(["a", "b"]));
        assert_eq!(at(params, "/2/description"), "Version. Since: `v2`");
        assert_eq!(at(params, "/3/description"), "Note: prose stays.");
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].contains("unknown marker `_Since:_`"), "{warnings:#?}");
    }

    #[test]
    fn odd_pages_never_panic() {
        let pages = [
            "`GET /a`\n\n|x|\n|-|\n",
            "# T\n\n`GET /a`\n\n### 200\n\n| Name |\n|---|\n| |\n| `a` |\n",
            "# T\n\n`GET /a`\n\n### 200\n\n| Name | Type | Required |\n|---|---|---|\n| `a` |\n| `b` | `string` | Yes | extra |\n",
            "# T\n\n`GET /a`\n\n#### `x` — `object`\n\n| Name | Type |\n|---|---|\n| `a` | `string` |\n",
            "# T\n\n`GET /a`\n\n### 200\n\n| Name | Type |\n|---|---|\n| `a.b.c` | `string` |\n| `a` | `object` |\n| `.` | `X.` |\n",
            "# T\n\n`GET /a/{}`\n\n## Definitions\n\n### X\n\n| Value |\n|---|\n| `1` |\n| `a` |\n",
            "# T\n\n`GET /a`\n\n### Query parameters\n\n| Name | Type | Description |\n|---|---|---|\n| `a` | `enum` | _Enum:_ |\n| `b` | `integer` | _Enum:_ `x` _Minimum:_ `low` |\n",
        ];
        for page in pages {
            let _ = derive_text("p.md", page);
        }
    }
}
