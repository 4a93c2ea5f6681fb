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
        docgen::derive::page::site_pages(&markdown::to_mdast(site, &markdown::ParseOptions::gfm()).expect("parses"));
    let stems: Vec<Option<String>> = pages.iter().map(|p| p.stem.clone()).collect();
    assert_eq!(stems, [Some("get-widget".to_owned()), Some("widget".to_owned())]);
}

#[test]
fn one_page_is_not_a_site() {
    let page = "# Widgets\n\n---\n\n# Get widget\n\n`GET /widgets/{id}`\n";
    let root = markdown::to_mdast(page, &markdown::ParseOptions::gfm()).expect("parses");
    assert!(docgen::derive::page::site_pages(&root).is_empty(), "one page start is one page");
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

fn schema_of<'a>(document: &'a Value, pointer: &str) -> &'a Value {
    document.pointer(pointer).unwrap_or_else(|| panic!("{pointer} in {document:#}"))
}

#[test]
fn an_example_is_the_type_whose_fields_it_holds() {
    let page = "# Reports\n\n## Get report\n\n`GET /reports/{id}`\n\n### Response\n\n```json\n{\"ID\": \"r1\", \"Name\": \"Trip\", \"Total\": 3.5}\n```\n\n\
## Create report\n\n`POST /reports`\n\n## Schema\n\n### Report\n\nName | Type | Description\n---- | ---- | ----\n\
`ID` | `string` | The id.\n`Name` | `string` | The name.\n`Total` | `Decimal` | The total.\n`Custom1 through Custom3` | `string` | Custom fields.\n";
    let (document, _, warnings) = derive(&[("reports.md", page)]);
    let response = schema_of(&document, "/paths/~1reports~1{id}/get/responses/200/content/application~1json/schema");
    assert_eq!(response["$ref"], "#/components/schemas/Report", "{warnings}\n{document:#}");
    let fields = schema_of(&document, "/components/schemas/Report/properties");
    let names: Vec<&String> = fields.as_object().expect("fields").keys().collect();
    assert_eq!(names, ["ID", "Name", "Total", "Custom1", "Custom2", "Custom3"], "a numbered range is its names");
}

#[test]
fn a_return_type_is_the_one_success_status_the_table_gives() {
    let page = "# CommitsApi\n\n| Method | HTTP request | Description |\n| --- | --- | --- |\n\
| [**commit**](CommitsApi.md#commit) | **POST** /commits | Create |\n| [**get**](CommitsApi.md#get) | **GET** /commits/{id} | Get |\n\n\
# **commit**\n\n### Return type\n\n[**Commit**](Commit.md)\n\n### HTTP response details\n\n| Status code | Description | Response headers |\n\
|---|---|---|\n**201** | commit | - |\n**400** | Bad Request | - |\n\n# **get**\n\n### Return type\n\n[**Commit**](Commit.md)\n\n\
### HTTP response details\n\n| Status code | Description | Response headers |\n|---|---|---|\n**200** | commit | - |\n";
    let model = "# Commit\n\n## Properties\n\nName | Type | Description | Notes\n---- | ---- | ---- | ----\n**id** | **str** | The id. | \n";
    let (document, _, warnings) = derive(&[("CommitsApi.md", page), ("Commit.md", model)]);
    let created = schema_of(&document, "/paths/~1commits/post/responses");
    assert!(created.get("200").is_none(), "{warnings}\n{created:#}");
    assert_eq!(created["201"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Commit");
    let got = schema_of(&document, "/paths/~1commits~1{id}/get/responses/200/content/application~1json/schema");
    assert_eq!(got["$ref"], "#/components/schemas/Commit");
}

#[test]
fn a_response_heading_beside_the_operation_s_is_the_operation_s() {
    // Slate (lnd's reference): the operation's heading, then `### Response` at the same level, then the next
    // operation's samples before its heading.
    let page = "# /v1/channels\n\n```shell\n$ curl -X GET https://localhost:8080/v1/channels\n```\n\n### GET /v1/channels\n\
Lists channels.\n\nField | Type | Placement | Description\n----- | ---- | --------- | -----------\nactive_only | boolean | query | \n\
peer | string | query | A peer.\n\n### Response\n\nField | Type | Description\n----- | ---- | -----------\n\
channels | [array lnrpcChannel](#lnrpcchannel) | The channels\n\n```shell\n$ curl -X POST https://localhost:8080/v1/channels -d '{}'\n```\n\n\
### POST /v1/channels\n\nOpens one.\n\n# Definitions\n\n## lnrpcChannel\n\nField | Type | Description\n----- | ---- | -----------\n\
active | boolean | Whether it is active\n";
    let (document, _, warnings) = derive(&[("index.html.md", page)]);
    let get = schema_of(&document, "/paths/~1v1~1channels/get");
    let names: Vec<&str> =
        get["parameters"].as_array().expect("parameters").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["active_only", "peer"], "every row of a table without leading pipes: {warnings}");
    let body = &get["responses"]["200"]["content"]["application/json"]["schema"];
    let channels = if body.get("$ref").is_some() {
        let name = body["$ref"].as_str().expect("a name").rsplit('/').next().expect("a name");
        &document["components"]["schemas"][name]["properties"]["channels"]
    } else {
        &body["properties"]["channels"]
    };
    assert_eq!(channels["type"], "array", "{document:#}");
    assert_eq!(channels["items"]["$ref"], "#/components/schemas/lnrpcChannel");
}

#[test]
fn sdk_pages_union_enumerations_and_result_wrappers() {
    let sdk = "# Customers\n\n## list\n\nList customers.\n\n<!-- UsageSnippet language=\"typescript\" operationID=\"getCustomers\" method=\"get\" path=\"/customers\" -->\n\
```typescript\nawait dub.customers.list();\n```\n\n### Parameters\n\n| Parameter | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| `request` | [operations.GetCustomersRequest](../../models/operations/getcustomersrequest.md) | :heavy_check_mark: | The request. |\n\n\
### Response\n\n**Promise\\<[operations.GetCustomersResponse](../../models/operations/getcustomersresponse.md)\\>**\n";
    let request =
        "# GetCustomersRequest\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| `sortBy` | [operations.SortBy](../../models/operations/sortby.md) | :heavy_minus_sign: | The order. |\n";
    let sort = "# SortBy\n\nThe field to sort by.\n\n## Values\n\n```typescript\n\"createdAt\" | \"saleAmount\"\n```\n";
    let response =
        "# GetCustomersResponse\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| `result` | [operations.Customer](../../models/operations/customer.md)[] | :heavy_check_mark: | N/A |\n";
    let customer = "# Customer\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| `id` | *string* | :heavy_check_mark: | The id. |\n";
    let (document, _, warnings) = derive(&[
        ("docs/sdks/customers/README.md", sdk),
        ("docs/models/operations/getcustomersrequest.md", request),
        ("docs/models/operations/sortby.md", sort),
        ("docs/models/operations/getcustomersresponse.md", response),
        ("docs/models/operations/customer.md", customer),
    ]);
    let list = schema_of(&document, "/paths/~1customers/get");
    assert_eq!(list["operationId"], "getCustomers", "the UsageSnippet's operationID");
    let sort_by = &list["parameters"][0];
    assert_eq!(sort_by["name"], "sortBy", "{warnings}\n{list:#}");
    assert_eq!(
        schema_of(&document, "/components/schemas/SortBy/enum"),
        &serde_json::json!(["createdAt", "saleAmount"])
    );
    let body = &list["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(body["type"], "array", "the wrapper's result is the body: {body:#}");
    assert_eq!(body["items"]["$ref"], "#/components/schemas/Customer");
}

#[test]
fn the_credentials_examples_send_are_security_schemes() {
    let page = "# Keys\n\n## Authentication\n\n```\nX-API-Key: your_api_key\nX-API-Secret: your_api_secret\n```\n\n\
## Create a key\n\n```bash\ncurl 'http://localhost:8108/keys' -X POST -H \"X-TYPESENSE-API-KEY: ${KEY}\" -H 'Content-Type: application/json' -d '{\"a\": 1}'\n```\n\n\
## List keys\n\n```http\nGET /keys HTTP/1.1\nAuthorization: Bearer <token>\nAccept: application/json\n```\n";
    let (document, _, warnings) = derive(&[("keys.md", page)]);
    let schemes = schema_of(&document, "/components/securitySchemes");
    let names: Vec<&String> = schemes.as_object().expect("schemes").keys().collect();
    assert_eq!(names, ["X-API-Key", "X-API-Secret", "X-TYPESENSE-API-KEY", "bearerAuth"], "{warnings}\n{schemes:#}");
    assert_eq!(schemes["X-API-Key"], serde_json::json!({"type": "apiKey", "in": "header", "name": "X-API-Key"}));
    assert_eq!(schemes["bearerAuth"], serde_json::json!({"type": "http", "scheme": "bearer"}));
    // Each example's credentials are one way in; the two headers shown together go together.
    assert_eq!(
        document["security"],
        serde_json::json!([{"X-API-Key": [], "X-API-Secret": []}, {"X-TYPESENSE-API-KEY": []}, {"bearerAuth": []}])
    );
}

#[test]
fn widdershins_anonymous_rows_are_the_schema_itself() {
    let page = "<h1 id=\"api\">API</h1>\n\n## GetOrders\n\n`GET /orders`\n\n<h3 id=\"getorders-parameters\">Parameters</h3>\n\n\
|Name|In|Type|Required|Description|\n|---|---|---|---|---|\n|side|query|[OrderSide](#schemaorderside)|false|none|\n\n\
### Responses\n\n|Status|Meaning|Description|Schema|\n|---|---|---|---|\n|200|[OK](https://tools.ietf.org/html/rfc7231#section-6.3.1)|Ok|Inline|\n\n\
### Response Schema\n\nStatus Code **200**\n\n|Name|Type|Required|Restrictions|Description|\n|---|---|---|---|---|\n\
|*anonymous*|[object]|false|none|none|\n|» id|string|true|none|none|\n\n## GetHeight\n\n`GET /height`\n\n\
# Schemas\n\n## OrderSide\n\n<a id=\"schemaorderside\"></a>\n\n### Properties\n\n|Name|Type|Required|Restrictions|Description|\n\
|---|---|---|---|---|\n|*anonymous*|string|false|none|none|\n\n#### Enumerated Values\n\n|Property|Value|\n|---|---|\n\
|*anonymous*|BUY|\n|*anonymous*|SELL|\n\n## Order\n\n### Properties\n\nallOf\n\n|Name|Type|Required|Restrictions|Description|\n\
|---|---|---|---|---|\n|*anonymous*|[Common](#schemacommon)|false|none|none|\n\nand\n\n|Name|Type|Required|Restrictions|Description|\n\
|---|---|---|---|---|\n|note|string¦null|false|none|none|\n\n## Common\n\n|Name|Type|Required|Restrictions|Description|\n\
|---|---|---|---|---|\n|id|string|true|none|none|\n";
    let (document, _, warnings) = derive(&[("api.md", page)]);
    let order = schema_of(&document, "/components/schemas/Order/allOf");
    assert_eq!(order[0]["$ref"], "#/components/schemas/Common", "{order:#}");
    assert_eq!(order[1]["properties"]["note"]["nullable"], true, "`¦` is a union: {order:#}");
    let side = schema_of(&document, "/components/schemas/OrderSide");
    assert_eq!(side["type"], "string", "{warnings}\n{side:#}");
    assert_eq!(side["enum"], serde_json::json!(["BUY", "SELL"]));
    let body = schema_of(&document, "/paths/~1orders/get/responses/200/content/application~1json/schema");
    assert_eq!(body["type"], "array", "{body:#}");
    assert_eq!(body["items"]["properties"]["id"]["type"], "string", "{body:#}");
    assert_eq!(body["items"]["required"], serde_json::json!(["id"]));
}

#[test]
fn a_type_on_two_pages_is_one_type_or_a_located_conflict() {
    let api = "# Api\n\n## List\n\n`GET /items`\n\nReturns [Item](item.md).\n\n## Create\n\n`POST /items`\n\nReturns [Tag](tag.md).\n";
    let item = "# Item\n\n| Field | Type | Description |\n| --- | --- | --- |\n| id | string | The id. |\n";
    let again = "# Item\n\n| Field | Type | Description |\n| --- | --- | --- |\n| id | string | The id. |\n\n# Tag\n\n| Field | Type | Description |\n| --- | --- | --- |\n| name | string | The name. |\n";
    let (document, _, warnings) = derive(&[("api.md", api), ("item.md", item), ("more.md", again)]);
    assert_eq!(
        schema_of(&document, "/components/schemas/Item/x-defined-at"),
        &serde_json::json!(["item.md:1", "more.md:1"]),
        "{warnings}"
    );
    let conflicting = "# Item\n\n| Field | Type | Description |\n| --- | --- | --- |\n| id | integer | The id. |\n";
    let (document, _, warnings) = derive(&[("api.md", api), ("item.md", item), ("other.md", conflicting)]);
    assert_eq!(schema_of(&document, "/components/schemas/Item/properties/id/type"), "string");
    assert!(
        warnings.contains(
            "other.md:1:1: warning: the type `Item` is defined here differently from its definition at item.md:1"
        ),
        "{warnings}"
    );
}

#[test]
fn an_example_url_gives_the_path_parameters_their_examples() {
    let page = "# Items\n\n## List items\n\n`GET /orgs/{org_id}/apps/{app_id}/items`\n\n| Parameter | In | Description |\n| --- | --- | --- |\n\
| org_id | path | The organisation. |\n\n```bash\ncurl https://api.acme.dev/orgs/acme_123/apps/app_456/items\n```\n\n\
## Get item\n\n`GET /items/{id}`\n";
    let (document, _, warnings) = derive(&[("items.md", page)]);
    assert_eq!(endpoints(&document), ["GET /items/{id}", "GET /orgs/{org_id}/apps/{app_id}/items"], "{warnings}");
    let parameters = schema_of(&document, "/paths/~1orgs~1{org_id}~1apps~1{app_id}~1items/get/parameters");
    let examples: Vec<(&str, &str)> = parameters
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| (p["name"].as_str().unwrap_or_default(), p["example"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(examples, [("org_id", "acme_123"), ("app_id", "app_456")], "{parameters:#}");
}

#[test]
fn mintlify_condensed_operations_are_read_in_full() {
    let page = r#"# Rotate widget token

> Rotates the token.

## OpenAPI

````yaml POST /v1/widgets/{id}/rotate
paths:
  path: /v1/widgets/{id}/rotate
  method: post
  servers:
    - url: https://api.acme.dev
  request:
    security:
      - title: apiKey
        parameters:
          query: {}
          header:
            Authorization:
              type: http
              scheme: bearer
          cookie: {}
    parameters:
      path:
        id:
          schema:
            - type: string
              required: true
              description: The widget.
      query:
        dry_run:
          schema:
            - type: boolean
              required: false
      header: {}
      cookie: {}
    body:
      application/json:
        schemaArray:
          - type: object
            properties:
              reason:
                allOf:
                  - type: string
            required: true
            refIdentifier: '#/components/schemas/RotateRequest'
            requiredProperties:
              - reason
        examples:
          example:
            value:
              reason: leaked
  response:
    '200':
      application/json:
        schemaArray:
          - type: object
            properties:
              token:
                allOf:
                  - type: string
              owner:
                allOf:
                  - $ref: '#/components/schemas/Owner'
            requiredProperties:
              - token
        examples: {}
        description: The new token
    '404':
      _mintlify/placeholder:
        schemaArray:
          - type: any
            description: Not found
        examples: {}
        description: Not found
  deprecated: false
  type: path
components:
  schemas:
    Owner:
      type: object
      properties:
        name:
          type:
            - string
            - 'null'
````
"#;
    let (document, front_end, warnings) = derive(&[("rotate.md", page)]);
    assert_eq!(front_end, FrontEnd::FencedOpenApi, "{warnings}");
    let operation = schema_of(&document, "/paths/~1v1~1widgets~1{id}~1rotate/post");
    assert_eq!(operation["summary"], "Rotate widget token");
    let parameters = operation["parameters"].as_array().expect("parameters");
    assert_eq!(parameters[0]["name"], "id");
    assert_eq!(parameters[0]["required"], true);
    assert_eq!(parameters[0]["description"], "The widget.");
    assert_eq!(parameters[1]["name"], "dry_run");
    assert_ne!(parameters[1]["required"], true, "optional");
    let body = &operation["requestBody"];
    assert_eq!(body["required"], true, "{body:#}");
    assert_eq!(body["content"]["application/json"]["schema"]["required"], serde_json::json!(["reason"]));
    assert_eq!(body["content"]["application/json"]["examples"]["example"]["value"]["reason"], "leaked");
    let ok = &operation["responses"]["200"];
    assert_eq!(ok["description"], "The new token");
    assert_eq!(
        ok["content"]["application/json"]["schema"]["properties"]["owner"]["allOf"][0]["$ref"],
        "#/components/schemas/Owner"
    );
    assert!(operation["responses"]["404"].get("content").is_none(), "a placeholder has no body");
    assert_eq!(operation["security"], serde_json::json!([{"bearerAuth": []}]));
    assert_eq!(schema_of(&document, "/components/securitySchemes/bearerAuth/scheme"), "bearer");
    // The 3.1 schema is lowered as every 3.1 document is.
    assert_eq!(schema_of(&document, "/components/schemas/Owner/properties/name/nullable"), true);
    assert_eq!(document["servers"][0]["url"], "https://api.acme.dev");
}
