//! The page reader's rules, each on a small page written for it: which operations a page (or a set of pages,
//! or a file holding a whole site) declares, and what their sections give them.

use docgen::derive::{derive_documents, FrontEnd};
use docgen::diagnostic::{Diagnostics, SourceFile};
use serde_json::Value;

fn derive(files: &[(&str, &str)]) -> (Value, FrontEnd, String) {
    let files: Vec<SourceFile> = files.iter().map(|(path, text)| SourceFile::new(*path, *text)).collect();
    let mut diags = Diagnostics::new();
    let derived = derive_documents(&files, &mut diags).unwrap_or_else(|| panic!("derives: {diags}"));
    let document = serde_json::to_value(&derived.openapi).expect("a document is JSON");
    (document, derived.front_end, diags.to_string())
}

fn endpoints(document: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
            out.push(format!("{} {path}", method.to_ascii_uppercase()));
        }
    }
    out.sort();
    out
}

const SITE: &str = "# Acme docs — full text\n\n> Every page, one after another.\n\n---\n\n# List widgets\n\n\
`GET /widgets`\n\n| Parameter | Type | Description |\n| --- | --- | --- |\n| limit | integer | How many. |\n\n---\n\n\
# Create widget\n\n`POST /widgets`\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| name | string | yes | The name. |\n\n---\n\n# Widget\n\n| Field | Type | Description |\n| --- | --- | --- |\n\
| id | string | The id. |\n";

#[test]
fn a_file_holding_a_whole_site_is_read_as_its_pages() {
    let (document, front_end, warnings) = derive(&[("llms-full.txt", SITE)]);
    assert_eq!(front_end, FrontEnd::Pages, "{warnings}");
    assert_eq!(endpoints(&document), ["GET /widgets", "POST /widgets"]);
    let list = &document["paths"]["/widgets"]["get"];
    assert_eq!(list["parameters"][0]["name"], "limit", "{list:#}");
    // The body table is the create page's own; the list page's parameter does not leak into it.
    let create = &document["paths"]["/widgets"]["post"];
    let body = &create["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["required"], serde_json::json!(["name"]), "{create:#}");
    assert!(create.get("parameters").is_none_or(|p| p.as_array().is_some_and(Vec::is_empty)), "{create:#}");
}

#[test]
fn mintlify_source_lines_start_pages_and_name_them() {
    let site = "# Get widget\nSource: https://docs.acme.dev/api-reference/get-widget\n\n`GET /widgets/{id}`\n\n\
Returns a [Widget](/api-reference/widget).\n\n# Widget\nSource: https://docs.acme.dev/api-reference/widget\n\n\
| Field | Type | Description |\n| --- | --- | --- |\n| id | string | The id. |\n| size | integer | The size. |\n";
    let pages =
        docgen::derive::pages::site_pages(&markdown::to_mdast(site, &markdown::ParseOptions::gfm()).expect("parses"));
    let stems: Vec<Option<String>> = pages.iter().map(|p| p.stem.clone()).collect();
    assert_eq!(stems, [Some("get-widget".to_owned()), Some("widget".to_owned())]);
}

#[test]
fn one_page_is_not_a_site() {
    let page = "# Widgets\n\n---\n\n# Get widget\n\n`GET /widgets/{id}`\n";
    let root = markdown::to_mdast(page, &markdown::ParseOptions::gfm()).expect("parses");
    assert!(docgen::derive::pages::site_pages(&root).is_empty(), "one page start is one page");
}

#[test]
fn an_operations_page_and_its_model_pages_are_one_spec() {
    let api = "# WidgetsApi\n\n| Method | HTTP request | Description |\n| --- | --- | --- |\n\
| [**get_widget**](WidgetsApi.md#get_widget) | **GET** /widgets/{id} | Get a widget |\n\
| [**list_widgets**](WidgetsApi.md#list_widgets) | **GET** /widgets | List widgets |\n\n\
# **get_widget**\n> Widget get_widget(id)\n\n### Parameters\n\n| Name | Type | Description | Notes |\n\
| --- | --- | --- | --- |\n| **id** | **String** | The widget. | |\n\n### Return type\n\n[**Widget**](Widget.md)\n\n\
# **list_widgets**\n> WidgetList list_widgets()\n\n### Return type\n\n[**WidgetList**](WidgetList.md)\n";
    let widget = "# Widget\n\n## Properties\n\nName | Type | Description | Notes\n------------ | ------------- | ------------- | -------------\n\
**id** | **String** | The id. | \n**size** | Option<**i32**> | The size. | [optional]\n";
    let list = "# WidgetList\n\n## Properties\n\nName | Type | Description | Notes\n------------ | ------------- | ------------- | -------------\n\
**items** | [**List[Widget]**](Widget.md) | The widgets. | \n";
    let (document, _, warnings) =
        derive(&[("docs/WidgetsApi.md", api), ("docs/Widget.md", widget), ("docs/WidgetList.md", list)]);
    assert_eq!(endpoints(&document), ["GET /widgets", "GET /widgets/{id}"], "{warnings}");
    let schemas = &document["components"]["schemas"];
    let names: Vec<&String> = schemas.as_object().expect("schemas").keys().collect();
    assert_eq!(names, ["Widget", "WidgetList"], "the API page's title is not a type");
    assert_eq!(schemas["Widget"]["properties"]["size"]["type"], "integer", "{schemas:#}");
    assert_eq!(schemas["Widget"]["required"], serde_json::json!(["id"]), "{schemas:#}");
    assert_eq!(
        schemas["WidgetList"]["properties"]["items"]["items"]["$ref"], "#/components/schemas/Widget",
        "{schemas:#}"
    );
    let get = &document["paths"]["/widgets/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(get["$ref"], "#/components/schemas/Widget", "{document:#}");
}
