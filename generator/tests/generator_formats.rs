//! The formats documentation generators write, each rule on a small page written for it: docusaurus-openapi-docs'
//! components with their props inline or in JSON files beside the page, the check of what a page shows against
//! the generator's full data it carries, and ReadMe reference pages that name an operation of a spec.

mod support;

use serde_json::{json, Value};
use support::SourceFile;

/// Derives the files together: the document as JSON (`Null` when nothing came out) and the diagnostics.
fn derive(files: &[(&str, &str)]) -> (Value, String) {
    let (derived, diags) = support::derived(&support::files(files));
    let document = derived.map_or(Value::Null, |d| serde_json::to_value(&d.openapi).expect("a document is JSON"));
    (document, diags.to_string())
}

const SIDECAR_PAGE: &str = "---\nid: get-pet\ntitle: \"Get a pet\"\n---\n\n\
import MethodEndpoint from \"@theme/ApiExplorer/MethodEndpoint\";\nimport ParamsDetails from \"@theme/ParamsDetails\";\n\
import StatusCodes from \"@theme/StatusCodes\";\n\n\
<MethodEndpoint\n  method={\"get\"}\n  path={\"/pets/{petId}\"}\n  context={\"endpoint\"}\n>\n</MethodEndpoint>\n\n\
Returns one pet.\n\n\
<ParamsDetails\n  {...require(\"./get-pet.ParamsDetails.json\")}\n>\n</ParamsDetails>\n\n\
<StatusCodes\n  {...require(\"./get-pet.StatusCodes.json\")}\n>\n</StatusCodes>\n";

const PARAMS: &str = r#"{"parameters":[{"name":"petId","in":"path","required":true,"schema":{"type":"integer"}},
{"name":"fields","in":"query","required":false,"schema":{"type":"string"}}]}"#;

const STATUS_CODES: &str = r#"{"id":"api-responses","responses":{"200":{"description":"The pet.","content":
{"application/json":{"schema":{"type":"object","required":["id"],"properties":{"id":{"type":"integer"},
"name":{"type":"string"}}}}}},"404":{"description":"No such pet."}}}"#;

#[test]
fn component_props_spread_from_files_beside_the_page_are_the_operation() {
    let (document, warnings) = derive(&[
        ("api/get-pet.api.mdx", SIDECAR_PAGE),
        ("api/get-pet.ParamsDetails.json", PARAMS),
        ("api/get-pet.StatusCodes.json", STATUS_CODES),
    ]);
    let operation = &document["paths"]["/pets/{petId}"]["get"];
    let names: Vec<&Value> = operation["parameters"].as_array().into_iter().flatten().map(|p| &p["name"]).collect();
    assert_eq!(names, [&json!("petId"), &json!("fields")], "{warnings}\n{document:#}");
    let body = &operation["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(body["properties"]["name"]["type"], "string", "{operation:#}");
    assert!(operation["responses"]["404"].is_object(), "{operation:#}");
    assert_eq!(operation["operationId"], "getPet");
    assert!(!warnings.contains("props"), "{warnings}");
}

#[test]
fn a_props_file_the_page_names_but_that_is_not_given_is_a_located_warning() {
    let (document, warnings) =
        derive(&[("api/get-pet.api.mdx", SIDECAR_PAGE), ("api/get-pet.ParamsDetails.json", PARAMS)]);
    // The `<StatusCodes>` component opens on line 24 of the page.
    assert!(
        warnings.contains("api/get-pet.api.mdx:24:1")
            && warnings.contains("`./get-pet.StatusCodes.json`")
            && warnings.contains("`api/get-pet.StatusCodes.json`"),
        "{warnings}"
    );
    assert!(document["paths"]["/pets/{petId}"]["get"]["parameters"].is_array(), "{document:#}");
}

#[test]
fn one_prop_required_from_a_file_is_read() {
    let page = "<MethodEndpoint method={\"delete\"} path={\"/pets/{petId}\"}>\n</MethodEndpoint>\n\n\
<StatusCodes\n  id={\"api-responses\"}\n  responses={require(\"./delete-pet.responses.json\")}\n>\n</StatusCodes>\n";
    let responses = r#"{"204":{"description":"Deleted."},"409":{"description":"In use."}}"#;
    let (document, warnings) =
        derive(&[("docs/delete-pet.api.mdx", page), ("docs/delete-pet.responses.json", responses)]);
    let statuses: Vec<&String> = document["paths"]["/pets/{petId}"]["delete"]["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(statuses, ["204", "409"], "{warnings}\n{document:#}");
}

#[test]
fn a_props_file_that_is_not_json_is_a_warning_in_that_file() {
    let broken = "{\"parameters\": [\n  {\"name\": \"petId\",, }\n]}";
    let (_, warnings) = derive(&[
        ("api/get-pet.api.mdx", SIDECAR_PAGE),
        ("api/get-pet.ParamsDetails.json", broken),
        ("api/get-pet.StatusCodes.json", STATUS_CODES),
    ]);
    assert!(warnings.contains("api/get-pet.ParamsDetails.json:2:"), "{warnings}");
    assert!(warnings.contains("is not JSON"), "{warnings}");
}

/// A page with the operation in its frontmatter (`api:` as JSON) and the components showing `params`.
fn page_with_full_data(params: &str) -> String {
    let operation = json!({
        "method": "get",
        "path": "/pets",
        "operationId": "listPets",
        "parameters": [
            {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer"}},
        ],
        "responses": {"200": {"description": "The pets."}},
    });
    format!(
        "---\nid: list-pets\napi: {operation}\n---\n\n<MethodEndpoint method={{\"get\"}} path={{\"/pets\"}}>\n</MethodEndpoint>\n\n\
<ParamsDetails\n  parameters={{{params}}}\n>\n</ParamsDetails>\n"
    )
}

#[test]
fn components_that_agree_with_the_full_data_raise_nothing() {
    let page = page_with_full_data(r#"[{"name":"limit","in":"query","required":false,"schema":{"type":"integer"}}]"#);
    let (document, warnings) = derive(&[("list-pets.api.mdx", &page)]);
    assert_eq!(document["paths"]["/pets"]["get"]["operationId"], "listPets");
    assert!(!warnings.contains("full data"), "{warnings}");
}

#[test]
fn a_shown_parameter_the_full_data_lacks_is_a_warning_at_its_component() {
    let page = page_with_full_data(r#"[{"name":"offset","in":"query","schema":{"type":"integer"}}]"#);
    let (document, warnings) = derive(&[("list-pets.api.mdx", &page)]);
    assert!(warnings.contains("list-pets.api.mdx:9:1") && warnings.contains("query parameter `offset`"), "{warnings}");
    // The full data is what is read.
    assert_eq!(document["paths"]["/pets"]["get"]["parameters"][0]["name"], "limit");
}

#[test]
fn a_shown_required_flag_that_differs_from_the_full_data_is_a_warning() {
    let page = page_with_full_data(r#"[{"name":"limit","in":"query","required":true,"schema":{"type":"integer"}}]"#);
    let (_, warnings) = derive(&[("list-pets.api.mdx", &page)]);
    assert!(warnings.contains("`limit` as required, the full data"), "{warnings}");
}

#[test]
fn a_shown_type_that_differs_from_the_full_data_is_a_warning() {
    let page = page_with_full_data(r#"[{"name":"limit","in":"query","schema":{"type":"string"}}]"#);
    let (_, warnings) = derive(&[("list-pets.api.mdx", &page)]);
    assert!(
        warnings.contains("`limit` as `string`, the full data (the frontmatter's `api:`) as `integer`"),
        "{warnings}"
    );
}

#[test]
fn a_shown_status_the_full_data_lacks_is_a_warning() {
    let operation = json!({"method": "get", "path": "/pets", "responses": {"200": {"description": "The pets."}}});
    let page = format!(
        "---\napi: {operation}\n---\n\n<StatusCodes\n  responses={{{{\"200\":{{\"description\":\"ok\"}},\"429\":{{\"description\":\"slow down\"}}}}}}\n>\n</StatusCodes>\n"
    );
    let (_, warnings) = derive(&[("list-pets.api.mdx", &page)]);
    assert!(warnings.contains("list-pets.api.mdx:5:1") && warnings.contains("status 429"), "{warnings}");
    assert!(!warnings.contains("status 200"), "{warnings}");
}

#[test]
fn a_shown_body_field_the_full_data_lacks_is_a_warning() {
    let operation = json!({
        "method": "post", "path": "/pets",
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}},
        "responses": {"201": {"description": "Created."}},
    });
    let body = json!({"content": {"application/json": {"schema": {"type": "object",
        "properties": {"name": {"type": "string"}, "tag": {"type": "string"}}}}}});
    let page = format!(
        "---\napi: {operation}\n---\n\n<RequestSchema\n  title={{\"Body\"}}\n  body={{{body}}}\n>\n</RequestSchema>\n"
    );
    let (_, warnings) = derive(&[("create-pet.api.mdx", &page)]);
    assert!(warnings.contains("request-body field `tag`"), "{warnings}");
    assert!(!warnings.contains("field `name`"), "{warnings}");
}

const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
"paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}},
"post": {"operationId": "createPet", "responses": {"201": {"description": "created"}}}},
"/pets/{id}": {"get": {"operationId": "getPet", "parameters": [{"name": "id", "in": "path", "required": true,
"schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}}}}"#;

const README_PAGE: &str =
    "---\ntitle: Get a pet\napi:\n  file: pets.json\n  operationId: getPet\n---\n\nFetches one pet by its id.\n";

#[test]
fn a_readme_reference_page_is_the_spec_operation_its_frontmatter_names() {
    let (document, warnings) = derive(&[("reference/Pets/Pet/getPet.md", README_PAGE), ("reference/pets.json", SPEC)]);
    let paths: Vec<&String> = document["paths"].as_object().into_iter().flatten().map(|(p, _)| p).collect();
    assert_eq!(paths, ["/pets/{id}"], "{warnings}\n{document:#}");
    assert_eq!(document["paths"]["/pets/{id}"]["get"]["parameters"][0]["name"], "id");
}

#[test]
fn a_readme_spec_that_is_not_given_is_a_warning_at_the_frontmatter() {
    let page = format!("{README_PAGE}\n`GET /pets/{{id}}`\n");
    let (document, warnings) = derive(&[("reference/getPet.md", &page)]);
    assert!(warnings.contains("reference/getPet.md:3:1") && warnings.contains("`pets.json`"), "{warnings}");
    // The page is read as a page instead.
    assert!(document["paths"]["/pets/{id}"]["get"].is_object(), "{warnings}\n{document:#}");
}

#[test]
fn a_readme_operation_the_spec_lacks_is_a_warning() {
    let page = README_PAGE.replace("getPet", "deletePet") + "\n`DELETE /pets/{id}`\n";
    let (_, warnings) = derive(&[("reference/deletePet.md", &page), ("reference/pets.json", SPEC)]);
    assert!(warnings.contains("operation `deletePet`, which `reference/pets.json` does not define"), "{warnings}");
}

/// A page with a whole OpenAPI document in a fence and a table of the same operation's query parameters.
fn fenced_page_with_table(rows: &str) -> String {
    let fence = "```yaml GET /pets\nopenapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths:\n  /pets:\n    get:\n      \
parameters:\n        - name: limit\n          in: query\n          required: true\n          schema:\n            type: integer\n      \
responses:\n        '200':\n          description: ok\n```\n";
    format!("# List pets\n\n`GET /pets`\n\n## Query parameters\n\n| Name | Type | Description |\n| --- | --- | --- |\n{rows}\n## OpenAPI\n\n{fence}")
}

#[test]
fn a_table_row_the_fenced_document_lacks_is_a_warning_at_the_row() {
    let page = fenced_page_with_table("| limit | integer | How many. |\n| cursor | string | Where to start. |\n");
    let (document, warnings) = derive(&[("pets.md", &page)]);
    assert!(warnings.contains("pets.md:10:1") && warnings.contains("query parameter `cursor`"), "{warnings}");
    assert!(!warnings.contains("`limit`"), "{warnings}");
    // The fenced document is what is read.
    assert_eq!(document["paths"]["/pets"]["get"]["parameters"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_table_type_that_differs_from_the_fenced_document_is_a_warning() {
    let page = fenced_page_with_table("| limit | string | How many. |\n");
    let (_, warnings) = derive(&[("pets.md", &page)]);
    assert!(warnings.contains("pets.md:9:1") && warnings.contains("as `string`, the full data"), "{warnings}");
}

#[test]
fn a_table_that_says_nothing_of_requiredness_is_not_held_to_it() {
    let page = fenced_page_with_table("| limit | integer | How many. |\n");
    let (_, warnings) = derive(&[("pets.md", &page)]);
    assert!(!warnings.contains("full data"), "{warnings}");
}

/// A generated reference page in the layout REST references rendered from a spec share (Microsoft Learn's,
/// from Swagger or TypeSpec): the request line in an `http` block, "URI Parameters" with an `In` column,
/// "Request Header", "Request Body", a "Responses" table of statuses and a "Definitions" section of types.
const GENERATED_REFERENCE: &str = r#"# Widgets - Create

Service: Widget Service
API Version: 2024-10-21

Creates a widget in a workspace.

```http
POST https://{endpoint}/workspaces/{workspace-id}/widgets?api-version=2024-10-21
```

## URI Parameters

| Name | In | Required | Type | Description |
| --- | --- | --- | --- | --- |
| endpoint | path | True | string (url) | The service endpoint. |
| workspace-id | path | True | string | The workspace. |
| api-version | query | True | string | The API version to use. |

## Request Header

| Name | Required | Type | Description |
| --- | --- | --- | --- |
| api-key | True | string | Your key. |

## Request Body

| Name | Required | Type | Description |
| --- | --- | --- | --- |
| name | True | string | The widget's name. |
| size | | integer (int32) | How big it is. |
| parts | | [WidgetPart](#widgetpart)[] | Its parts. |

## Responses

| Name | Type | Description |
| --- | --- | --- |
| 201 Created | [Widget](#widget) | The widget was created. |
| Other Status Codes | [ErrorResponse](#errorresponse) | An error occurred. |

## Definitions

| Name | Description |
| --- | --- |
| [Widget](#widget) | A widget. |
| [WidgetPart](#widgetpart) | A part of a widget. |
| [ErrorResponse](#errorresponse) | An error. |

### Widget

A widget.

| Name | Type | Description |
| --- | --- | --- |
| id | string | The widget's id. |
| name | string | The widget's name. |
| created | string (date-time) | When it was made. |

### WidgetPart

| Name | Type | Description |
| --- | --- | --- |
| label | string | The part's label. |

### ErrorResponse

| Name | Type | Description |
| --- | --- | --- |
| code | string | The error code. |
| message | string | What went wrong. |
"#;

#[test]
fn a_generated_reference_with_its_request_line_in_a_code_block_is_read_by_its_sections() {
    let (document, warnings) = derive(&[("widgets-create.md", GENERATED_REFERENCE)]);
    let operation = &document["paths"]["/workspaces/{workspace-id}/widgets"]["post"];
    let parameters: Vec<(&Value, &Value)> =
        operation["parameters"].as_array().into_iter().flatten().map(|p| (&p["in"], &p["name"])).collect();
    assert_eq!(
        parameters,
        [
            (&json!("path"), &json!("workspace-id")),
            (&json!("query"), &json!("api-version")),
            (&json!("header"), &json!("api-key"))
        ],
        "{warnings}\n{operation:#}"
    );
    assert_eq!(
        operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Widget"
    );
    assert_eq!(
        operation["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorResponse"
    );
    let part = &document["components"]["schemas"]["WidgetPart"]["properties"]["label"];
    assert_eq!(part["type"], "string", "{document:#}");
    // The index of the definitions is passed over without a word; the host placeholder is named.
    assert!(!warnings.contains("cannot read this table"), "{warnings}");
    assert!(warnings.contains("`endpoint`"), "{warnings}");
}

#[test]
fn a_request_line_in_a_code_block_alone_does_not_make_a_reference_page() {
    // Tables under headings that are not a generated reference's sections: the page reader's, as before.
    let page = "# Widgets\n\n```http\nGET /widgets\n```\n\n## Notes\n\n| Name | Meaning |\n| --- | --- |\n| a | b |\n";
    let files = [SourceFile::new("notes.md", page)];
    let derived = support::derived(&files).0.expect("derives");
    assert_eq!(derived.front_end, support::FrontEnd::Pages);
}

/// A ReadMe page as its MDX export writes it: the table as a `<Table>` component of `<tr>`, `<th>` and `<td>`.
const README_MDX_TABLE: &str = r#"---
title: Create order
excerpt: Creates an order.
deprecated: false
hidden: false
---
Creates an order for a customer.

```
POST https://api.acme.dev/v1/orders
```

## Body parameters

<Table align={["left","left","left","left"]}>
  <thead>
    <tr>
      <th style={{ textAlign: "left" }}>
        Parameter
      </th>

      <th style={{ textAlign: "left" }}>
        Type
      </th>

      <th style={{ textAlign: "left" }}>
        Required
      </th>

      <th style={{ textAlign: "left" }}>
        Description
      </th>
    </tr>
  </thead>

  <tbody>
    <tr>
      <td style={{ textAlign: "left" }}>
        customer\_id
      </td>

      <td style={{ textAlign: "left" }}>
        string
      </td>

      <td style={{ textAlign: "left" }}>
        Yes
      </td>

      <td style={{ textAlign: "left" }}>
        The customer who orders.
      </td>
    </tr>

    <tr>
      <td style={{ textAlign: "left" }}>
        quantity
      </td>

      <td style={{ textAlign: "left" }}>
        integer
      </td>

      <td style={{ textAlign: "left" }}>
        No
      </td>

      <td style={{ textAlign: "left" }}>
        How many.
      </td>
    </tr>
  </tbody>
</Table>

<Callout icon="📘" theme="info">
  Orders are created in the `pending` state.
</Callout>
"#;

#[test]
fn a_table_written_as_a_component_is_read_as_a_table() {
    let (document, warnings) = derive(&[("create-order.md", README_MDX_TABLE)]);
    let body = &document["paths"]["/v1/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let body = match body["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        Some(name) => &document["components"]["schemas"][name],
        None => body,
    };
    assert_eq!(body["properties"]["customer_id"]["type"], "string", "{warnings}\n{document:#}");
    assert_eq!(body["properties"]["quantity"]["type"], "integer", "{document:#}");
    assert_eq!(body["required"], json!(["customer_id"]), "{document:#}");
    // The row's place is the `<tr>` line.
    assert_eq!(body["properties"]["customer_id"]["x-source"], "create-order.md:38", "{document:#}");
}

#[test]
fn a_folder_of_generated_pages_reads_each_from_its_data_and_keeps_every_method_of_a_path() {
    let create = "<MethodEndpoint method={\"post\"} path={\"/pets\"}>\n</MethodEndpoint>\n\n\
<StatusCodes\n  {...require(\"./create-pet.StatusCodes.json\")}\n>\n</StatusCodes>\n";
    let list = "<MethodEndpoint method={\"get\"} path={\"/pets\"}>\n</MethodEndpoint>\n\n\
<StatusCodes\n  {...require(\"./list-pets.StatusCodes.json\")}\n>\n</StatusCodes>\n";
    let guide = "# Owners\n\n`GET /owners`\n\n| Parameter | Type | Description |\n| --- | --- | --- |\n| limit | integer | How many. |\n";
    let (document, warnings) = derive(&[
        ("api/create-pet.api.mdx", create),
        ("api/create-pet.StatusCodes.json", r#"{"responses":{"201":{"description":"Created."}}}"#),
        ("api/list-pets.api.mdx", list),
        ("api/list-pets.StatusCodes.json", r#"{"responses":{"200":{"description":"The pets."}}}"#),
        ("api/owners.md", guide),
    ]);
    assert!(document["paths"]["/pets"]["post"]["responses"]["201"].is_object(), "{warnings}\n{document:#}");
    assert!(document["paths"]["/pets"]["get"]["responses"]["200"].is_object(), "{document:#}");
    assert_eq!(document["paths"]["/owners"]["get"]["parameters"][0]["name"], "limit", "{document:#}");
}

/// Pieces of the pages these readers read, and of the ways they go wrong.
fn generated_page_piece() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just("---\napi:\n  file: pets.json\n  operationId: getPet\n---\n".to_owned()),
        Just("---\napi: eJzLSM3JyQcABiwCFQ==\n---\n".to_owned()),
        Just("---\napi: {\"method\":\"get\",\"path\":\"/x\",\"responses\":{}}\n---\n".to_owned()),
        Just("<MethodEndpoint method={\"get\"} path={\"/pets/{id}\"}>\n</MethodEndpoint>\n".to_owned()),
        Just("<ParamsDetails\n  {...require(\"./p.json\")}\n>\n</ParamsDetails>\n".to_owned()),
        Just("<ParamsDetails {...require(\"../../../x.json\")}>\n</ParamsDetails>\n".to_owned()),
        Just("<StatusCodes responses={require(\"./s.json\")}>\n</StatusCodes>\n".to_owned()),
        Just("<StatusCodes responses={require()}>\n</StatusCodes>\n".to_owned()),
        Just("<RequestSchema body={{\"content\": 3}}>\n</RequestSchema>\n".to_owned()),
        Just("<ParamsItem param={[1, 2]}>\n</ParamsItem>\n".to_owned()),
        Just("<Table>\n  <tr>\n    <td>\n      a\n    </td>\n  </tr>\n</Table>\n".to_owned()),
        Just("<Table align={[\"left\"]}>\n  <tbody>\n  </tbody>\n</Table>\n".to_owned()),
        Just("```http\nPOST https://{endpoint}/w?v=1\n```\n".to_owned()),
        Just("## URI Parameters\n\n| Name | In | Required | Type |\n| --- | --- | --- | --- |\n| id | path | True | string |\n".to_owned()),
        Just("## Definitions\n\n| Name | Description |\n| --- | --- |\n| [W](#w) | A W. |\n\n### W\n".to_owned()),
        Just("## Responses\n\n| Name | Type | Description |\n| --- | --- | --- |\n| 200 OK | [W](#w) | ok |\n".to_owned()),
        "[ -~\n]{0,40}",
    ]
}

#[test]
fn the_generated_formats_readers_never_panic() {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    let config = proptest::test_runner::Config { cases: 200, failure_persistence: None, ..Default::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let pages = proptest::collection::vec(generated_page_piece(), 1..8).prop_map(|pieces| pieces.concat());
    let data = prop_oneof![
        Just("{\"parameters\": [{\"name\": \"id\", \"in\": \"path\"}]}".to_owned()),
        Just("{\"responses\": {\"200\": {\"description\": \"ok\"}}}".to_owned()),
        Just("[1, 2".to_owned()),
        Just("{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"x\", \"version\": \"1\"}, \"paths\": {}}".to_owned()),
    ];
    for _ in 0..200 {
        let page = pages.new_tree(&mut runner).expect("a page").current();
        let json = data.new_tree(&mut runner).expect("data").current();
        let files = [
            SourceFile::new("reference/api/page.api.mdx", page),
            SourceFile::new("reference/api/p.json", json.clone()),
            SourceFile::new("reference/api/s.json", json.clone()),
            SourceFile::new("reference/pets.json", json),
        ];
        let _ = support::derived(&files);
        let _ = support::derived(&files[..1]);
    }
}

#[test]
fn a_schema_page_s_props_file_is_the_page_s_not_a_spec() {
    let schema_page = "# Pet\n\n<Schema\n  schema={require(\"./pet.schema.json\")}\n/>\n";
    let list = "<MethodEndpoint method={\"get\"} path={\"/pets\"}>\n</MethodEndpoint>\n\n\
<StatusCodes responses={{\"200\":{\"description\":\"The pets.\"}}}>\n</StatusCodes>\n";
    let (document, warnings) = derive(&[
        ("api/list-pets.api.mdx", list),
        ("api/schemas/pet.schema.mdx", schema_page),
        ("api/schemas/pet.schema.json", r#"{"type":"object","properties":{"id":{"type":"integer"}}}"#),
    ]);
    assert!(document["paths"]["/pets"]["get"].is_object(), "{warnings}\n{document:#}");
    assert!(!warnings.contains("pet.schema.json"), "{warnings}");
}

#[test]
fn a_table_is_checked_against_mintlify_s_condensed_operation() {
    let fence =
        "```yaml GET /pets\npaths:\n  path: /pets\n  method: get\n  request:\n    parameters:\n      query:\n        \
limit:\n          schema:\n            - type: integer\n              required: false\n  response:\n    '200':\n      \
application/json:\n        schemaArray:\n          - type: object\n        examples: {}\n```\n";
    let page = format!(
        "# List pets\n\n`GET /pets`\n\n## Query parameters\n\n| Name | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| limit | integer | yes | How many. |\n| page | integer | no | Which page. |\n\n## OpenAPI\n\n{fence}"
    );
    let (document, warnings) = derive(&[("pets.md", &page)]);
    assert!(document["paths"]["/pets"]["get"].is_object(), "{warnings}\n{document:#}");
    assert!(warnings.contains("pets.md:9:1") && warnings.contains("`limit` as required"), "{warnings}");
    assert!(warnings.contains("pets.md:10:1") && warnings.contains("query parameter `page`"), "{warnings}");
}

#[test]
fn a_component_parameter_without_a_schema_is_text_with_a_warning() {
    let page = "<MethodEndpoint method={\"get\"} path={\"/pets\"}>\n</MethodEndpoint>\n\n\
<ParamsDetails\n  parameters={[{\"name\":\"q\",\"in\":\"query\"}]}\n>\n</ParamsDetails>\n";
    let (document, warnings) = derive(&[("search.api.mdx", page)]);
    assert_eq!(
        document["paths"]["/pets"]["get"]["parameters"][0]["schema"]["type"], "string",
        "{warnings}\n{document:#}"
    );
    assert!(warnings.contains("search.api.mdx:1:1") && warnings.contains("parameter `q` has no schema"), "{warnings}");
}
