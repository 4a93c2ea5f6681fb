//! Property tests: arbitrary markdown/MDX-ish pages, arbitrary YAML, and structured-random OpenAPI documents
//! (3.0 and 3.1, YAML and JSON) never panic through the whole pipeline the CLI runs: derive → normalise →
//! lower → emit → render. Case counts are modest so the suite stays fast; `cargo fuzz` (see README) searches
//! far longer.

mod support;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value};
use support::{module_source, openapi_source, SourceFile};

/// The CLI's pipeline: derive, then every operation through normalise, lower, emit and render. Returns
/// whether Rust came out (so tests can tell that generation, not only rejection, is exercised).
fn run_pipeline(path: &str, text: &str) -> bool {
    // A document without operations is an error: no Rust comes out.
    match support::spec(&[SourceFile::new(path, text)], "fuzzed", "Fuzzed") {
        (Some(spec), diags) if !diags.has_errors() => module_source(&spec).is_ok() && openapi_source(&spec).is_ok(),
        _ => false,
    }
}

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Pieces of the pages the markdown front-ends read, and of the ways pages go wrong.
fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\napi: 'GET /v1/things/{id}'\ntitle: Things\n---\n".to_owned()),
        Just("# List things\n".to_owned()),
        Just("## Query parameters\n".to_owned()),
        Just("`POST /v1/things`\n".to_owned()),
        Just("https://api.example.com/v1/things\n".to_owned()),
        Just("<ParamField query=\"limit\" type=\"integer\" default=\"10\" required>\nHow many.\n</ParamField>\n".to_owned()),
        Just("<ParamField body=\"name\" type=\"string | null\">\n".to_owned()),
        Just("<ResponseField name=\"data\" type=\"Thing[]\">\n<Expandable title=\"props\">\n".to_owned()),
        Just("</Expandable>\n</ResponseField>\n".to_owned()),
        Just("</ParamField>\n".to_owned()),
        Just("<RequestExample>\n```json\n{\"name\": \"x\", \"tags\": [1, 2,],}\n```\n</RequestExample>\n".to_owned()),
        Just("<ResponseExample>\n```json 200\n{\"data\": [{\"id\": 1}, {\"id\": null, \"x\": 1.5}]}\n```\n</ResponseExample>\n".to_owned()),
        Just("```json\n{\"a\": {\"b\": [true, \"s\", 3]}, // comment\n ...\n}\n```\n".to_owned()),
        Just("```yaml\nopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n```\n".to_owned()),
        Just("| Name | Type | Required | Description |\n| --- | --- | --- | --- |\n| `id` | string | yes | _Default:_ `x` |\n".to_owned()),
        Just("| `limit` | integer | no | _Enum:_ `1`, `2` |\n".to_owned()),
        Just("### Response 200\n".to_owned()),
        Just("- `name` (string, required): the name. Default value is 5.\n  - `inner`: nested\n".to_owned()),
        Just("> quoted\n> > twice\n".to_owned()),
        Just("{expression}\n".to_owned()),
        Just("<Note>\n".to_owned()),
        Just("import X from './x'\n".to_owned()),
        "[ -~\n]{0,40}",
        "\\PC{0,20}",
    ]
}

/// Pieces of YAML: OpenAPI keys, indentation, flow and block collections, anchors, tags, odd scalars.
fn yaml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("openapi: 3.0.0\n".to_owned()),
        Just("openapi: 3.1.0\n".to_owned()),
        Just("info: {title: t, version: 1}\n".to_owned()),
        Just("paths:\n".to_owned()),
        Just("  /a/{id}:\n".to_owned()),
        Just("    get:\n".to_owned()),
        Just("      responses:\n        '200':\n          description: ok\n".to_owned()),
        Just("          content: {application/json: {schema: {type: [string, 'null']}}}\n".to_owned()),
        Just("      parameters: [{name: id, in: path, required: true, schema: {type: integer, minimum: -9223372036854776000}}]\n".to_owned()),
        Just("components:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n".to_owned()),
        Just("    B: &b {type: object, properties: {x: *b}}\n".to_owned()),
        Just("- - [a, {b: c}]\n".to_owned()),
        Just("x: !!binary aGVsbG8=\n".to_owned()),
        Just("? complex\n: key\n".to_owned()),
        Just("  ".to_owned()),
        Just("\n".to_owned()),
        "[ -~]{0,30}",
    ]
}

fn schema_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "enum": ["a", "A", "", "b-c", "1x"]})),
        Just(json!({"type": "integer", "format": "int32", "minimum": 0, "maximum": 10})),
        Just(json!({"type": "integer", "minimum": -9.223372036854776e18, "maximum": 1e30})),
        Just(json!({"type": "number", "exclusiveMinimum": 0})),
        Just(json!({"type": "boolean", "default": true})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": ["string", "integer"], "maxLength": 3})),
        Just(json!({"type": "null"})),
        Just(json!({"const": "fixed"})),
        Just(json!({"type": "string", "examples": ["x", "y"], "contentEncoding": "base64"})),
        Just(json!({"$ref": "#/components/schemas/A"})),
        Just(json!({"$ref": "#/components/schemas/Missing"})),
        Just(json!({"$ref": "#/components/schemas/B", "description": "sibling"})),
        Just(json!({})),
        Just(json!(true)),
        Just(json!({"type": "strnig"})),
        Just(json!({"type": "string", "maxLength": 1e20})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    schema_leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(("[a-zA-Z_ -]{1,8}", inner.clone(), any::<bool>()), 0..4).prop_map(|fields| {
                let required: Vec<Value> =
                    fields.iter().filter(|(_, _, required)| *required).map(|(name, _, _)| json!(name)).collect();
                let properties: Map<String, Value> =
                    fields.into_iter().map(|(name, schema, _)| (name, schema)).collect();
                json!({"type": "object", "properties": properties, "required": required})
            }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|value| json!({"type": "object", "additionalProperties": value})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|members| json!({"oneOf": members})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(
                |members| json!({"anyOf": members.into_iter().chain([json!({"type": "null"})]).collect::<Vec<_>>()})
            ),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|members| json!({"allOf": members})),
            inner.prop_map(|value| json!({"not": value})),
        ]
    })
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::option::of("[a-zA-Z]{1,6}"),
        prop::collection::vec((prop::sample::select(vec!["query", "header", "path", "cookie"]), "[a-z]{1,5}", schema()), 0..3),
        prop::option::of(schema()),
        prop::collection::vec((prop::sample::select(vec!["200", "201", "204", "404", "4XX", "default"]), prop::option::of(schema())), 1..3),
    )
        .prop_map(|(id, parameters, body, responses)| {
            let parameters: Vec<Value> = parameters
                .into_iter()
                .map(|(location, name, schema)| json!({"name": name, "in": location, "required": location == "path", "schema": schema}))
                .collect();
            let responses: Map<String, Value> = responses
                .into_iter()
                .map(|(status, schema)| {
                    let mut response = json!({"description": "d"});
                    if let Some(schema) = schema {
                        response["content"] = json!({"application/json": {"schema": schema}});
                    }
                    (status.to_owned(), response)
                })
                .collect();
            let mut operation = json!({"parameters": parameters, "responses": responses});
            if let Some(id) = id {
                operation["operationId"] = json!(id);
            }
            if let Some(body) = body {
                operation["requestBody"] = json!({"content": {"application/json": {"schema": body}}});
            }
            operation
        })
}

fn openapi_document() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["3.0.0", "3.0.3", "3.1.0"]),
        prop::collection::vec(
            (
                prop::sample::select(vec!["/a", "/a/{id}", "/b/{x}/c", "/"]),
                prop::sample::select(vec!["get", "post", "put", "delete"]),
                operation(),
            ),
            1..4,
        ),
        prop::collection::vec((prop::sample::select(vec!["A", "B", "C"]), schema()), 0..4),
    )
        .prop_map(|(version, operations, components)| {
            let mut paths = Map::new();
            for (path, method, operation) in operations {
                let item = paths.entry(path.to_owned()).or_insert_with(|| json!({}));
                item[method] = operation;
            }
            let schemas: Map<String, Value> =
                components.into_iter().map(|(name, schema)| (name.to_owned(), schema)).collect();
            json!({
                "openapi": version,
                "info": {"title": "Fuzzed", "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas}
            })
        })
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn arbitrary_markdown_never_panics(pieces in prop::collection::vec(markdown_piece(), 0..16)) {
        let page = pieces.concat();
        run_pipeline("specs/page.mdx", &page);
        run_pipeline("specs/page.md", &page);
    }

    #[test]
    fn arbitrary_yaml_never_panics(pieces in prop::collection::vec(yaml_piece(), 0..16)) {
        run_pipeline("specs/api.yaml", &pieces.concat());
    }

    #[test]
    fn arbitrary_bytes_never_panic(text in "\\PC{0,200}") {
        run_pipeline("specs/api.yaml", &text);
        run_pipeline("specs/api.json", &text);
        run_pipeline("specs/page.mdx", &text);
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn structured_openapi_never_panics(document in openapi_document()) {
        let yaml = serde_yaml::to_string(&document).expect("YAML");
        let json = serde_json::to_string_pretty(&document).expect("JSON");
        run_pipeline("specs/api.yaml", &yaml);
        run_pipeline("specs/api.json", &json);
        run_pipeline("specs/page.md", &format!("# API\n\n```yaml\n{yaml}```\n"));
    }
}

/// The structured strategy must reach generation, not only rejection: otherwise the property above proves
/// little about normalise, lower, emit and render.
#[test]
fn structured_documents_often_generate() {
    let mut runner = proptest::test_runner::TestRunner::new(config(48));
    let mut generated = 0;
    for _ in 0..48 {
        let document = openapi_document().new_tree(&mut runner).expect("a document").current();
        generated += usize::from(run_pipeline("specs/api.json", &serde_json::to_string(&document).expect("JSON")));
    }
    assert!(generated >= 10, "only {generated} of 48 random documents generated Rust");
}
